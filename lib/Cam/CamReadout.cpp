//===- CamReadout.cpp - a CAM's readout from the IR -----------------------===//

#include "glia/Cam/CamReadout.h"

using namespace mlir;

namespace glia::cam {

static std::vector<int64_t> toVector(DenseI64ArrayAttr array) {
  return std::vector<int64_t>(array.asArrayRef().begin(),
                              array.asArrayRef().end());
}

static Operation toOperation(Attribute attr) {
  if (auto learn = llvm::dyn_cast<snn::CamLearnAttr>(attr))
    return {Operation::Learn, learn.getTime(), learn.getCue(),
            toVector(learn.getBits())};
  if (auto recall = llvm::dyn_cast<snn::CamRecallCueAttr>(attr))
    return {Operation::RecallCue, recall.getTime(), recall.getCue(), {}};
  auto recall = llvm::cast<snn::CamRecallContentAttr>(attr);
  return {Operation::RecallContent, recall.getTime(), -1,
          toVector(recall.getBits())};
}

std::vector<Readout> collectReadouts(snn::NetworkOp network) {
  std::vector<Readout> readouts;
  for (auto cam : network.getBlock().getOps<snn::CamOp>()) {
    if (!cam.getProtocolAttr())
      continue;
    Readout readout;
    readout.name = cam.getName().str();
    readout.memories = cam.getMemories();
    readout.bits = cam.getBits();
    readout.outputPopulation = readout.name + ".output";
    for (Attribute operation : cam.getProtocolAttr())
      readout.protocol.push_back(toOperation(operation));
    readouts.push_back(std::move(readout));
  }
  return readouts;
}

} // namespace glia::cam
