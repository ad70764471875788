//===- Place.cpp - snn-place: slices to cores -----------------------------===//

#include "glia/Mapping/MappingModel.h"
#include "glia/Mapping/Passes.h"
#include "glia/Mapping/Placer.h"

#include "mlir/IR/Builders.h"

namespace glia::mapping {
#define GEN_PASS_DEF_SNNPLACE
#include "glia/Mapping/Passes.h.inc"
} // namespace glia::mapping

using namespace mlir;
using namespace glia;
using namespace glia::mapping;

namespace {

PlacementProblem makeProblem(const MappingModel &model) {
  PlacementProblem problem;
  problem.numPopulations = int(model.populations.size());
  for (size_t s = 0; s < model.slices.size(); ++s) {
    problem.slicePopulation.push_back(model.slicePopulation[s]);
    problem.sliceSdram.push_back(int64_t(model.slices[s].getSdram()));
  }
  // Synapses stand for traffic: every spike of a presynaptic neuron is
  // delivered to the cores holding its synapses.
  for (const ProjectionInfo &proj : model.projections)
    if (proj.synapses > 0)
      problem.edges.push_back({proj.pre, proj.post, proj.synapses});
  // Astrocyte couplings: the coupled neurons stand for their traffic.
  for (const AstroEdge &edge : model.astroEdges)
    problem.edges.push_back(
        {edge.neurons, edge.astrocytes, double(edge.hi - edge.lo)});
  return problem;
}

class SnnPlace : public glia::mapping::impl::SnnPlaceBase<SnnPlace> {
public:
  using SnnPlaceBase::SnnPlaceBase;

  void runOnOperation() override {
    if (failed(forEachMapping(getOperation(), [&](spinn::MappingOp mapping) {
          return place(mapping);
        })))
      signalPassFailure();
  }

private:
  LogicalResult place(spinn::MappingOp mapping) {
    auto model = MappingModel::build(mapping);
    if (!model)
      return failure();
    auto machine = loadMachineFor(mapping, this->machine);
    if (!machine)
      return failure();
    PlacementResult result;
    std::string error;
    if (!placeSlices(*machine, makeProblem(*model), result, error))
      return mapping.emitError("network ")
             << mapping.getNetworkAttr() << " does not fit machine '"
             << machine->name << "': " << error;
    Builder builder(mapping.getContext());
    for (size_t s = 0; s < model->slices.size(); ++s) {
      spinn::SliceOp slice = model->slices[s];
      machine::ChipCoord chip = machine->coord(result.slices[s].chip);
      slice.setXAttr(builder.getI32IntegerAttr(chip.x));
      slice.setYAttr(builder.getI32IntegerAttr(chip.y));
      slice.setPAttr(builder.getI32IntegerAttr(result.slices[s].core));
    }
    return success();
  }
};

} // namespace
