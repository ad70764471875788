//===- CamReadout.cpp - what a CAM's output layer says --------------------===//

#include "glia/Cam/CamReadout.h"

#include <algorithm>
#include <set>
#include <sstream>

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

static std::string formatSet(const std::vector<int64_t> &items) {
  std::ostringstream os;
  os << "{";
  for (size_t i = 0; i < items.size(); ++i)
    os << (i ? "," : "") << items[i];
  os << "}";
  return os.str();
}

std::string Answer::describe() const {
  std::ostringstream os;
  os << "t=" << operation.time << " ";
  switch (operation.kind) {
  case Operation::Learn:
    os << "learn cue " << operation.cue << " " << formatSet(operation.bits)
       << " -> output cues " << formatSet(cues) << " bits " << formatSet(bits);
    break;
  case Operation::RecallCue:
    os << "recall cue " << operation.cue << " -> " << formatSet(bits);
    break;
  case Operation::RecallContent:
    os << "recall content " << formatSet(operation.bits) << " -> cues "
       << formatSet(cues);
    break;
  }
  return os.str();
}

std::vector<Answer> decode(const Readout &readout,
                           const std::vector<OutputSpike> &spikes,
                           double window) {
  std::vector<Answer> answers;
  for (size_t k = 0; k < readout.protocol.size(); ++k) {
    const Operation &operation = readout.protocol[k];
    double end = k + 1 < readout.protocol.size()
                     ? readout.protocol[k + 1].time
                     : operation.time + window;
    std::set<int64_t> cues, bits;
    for (const OutputSpike &spike : spikes) {
      if (spike.time <= operation.time || spike.time > end)
        continue;
      if (spike.neuron < readout.memories)
        cues.insert(spike.neuron);
      else
        bits.insert(spike.neuron - readout.memories);
    }
    answers.push_back({operation, {cues.begin(), cues.end()},
                       {bits.begin(), bits.end()}});
  }
  return answers;
}

} // namespace glia::cam
