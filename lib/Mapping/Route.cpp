//===- Route.cpp - snn-route: one multicast tree per source slice ---------===//

#include "glia/Mapping/MappingModel.h"
#include "glia/Mapping/Passes.h"
#include "glia/Mapping/Router.h"

#include "mlir/IR/Builders.h"

#include <algorithm>

namespace glia::mapping {
#define GEN_PASS_DEF_SNNROUTE
#include "glia/Mapping/Passes.h.inc"
} // namespace glia::mapping

using namespace mlir;
using namespace glia;
using namespace glia::mapping;

namespace {

/// The sinks of slice `s`, one per chip with the cores to reach there.
void collectSinks(const MappingModel &model, int s, std::vector<int> &scratch,
                  std::vector<Sink> &sinks) {
  model.sinkSlices(s, scratch);
  sinks.clear();
  for (int sink : scratch)
    sinks.push_back({model.chipOf(sink), routing::coreBit(model.coreOf(sink))});
  std::sort(sinks.begin(), sinks.end(),
            [](const Sink &a, const Sink &b) { return a.chip < b.chip; });
  size_t out = 0;
  for (size_t i = 0; i < sinks.size(); ++i) {
    if (out && sinks[out - 1].chip == sinks[i].chip)
      sinks[out - 1].cores |= sinks[i].cores;
    else
      sinks[out++] = sinks[i];
  }
  sinks.resize(out);
}

class SnnRoute : public glia::mapping::impl::SnnRouteBase<SnnRoute> {
public:
  using SnnRouteBase::SnnRouteBase;

  void runOnOperation() override {
    if (failed(forEachMapping(getOperation(), [&](spinn::MappingOp mapping) {
          return route(mapping);
        })))
      signalPassFailure();
  }

private:
  LogicalResult route(spinn::MappingOp mapping) {
    auto model = MappingModel::build(mapping);
    if (!model)
      return failure();
    auto machine = loadMachineFor(mapping, this->machine);
    if (!machine)
      return failure();
    for (size_t s = 0; s < model->slices.size(); ++s)
      if (model->chipOf(int(s)) < 0)
        return model->slices[s].emitOpError(
            "is not placed: run snn-place first");
    for (auto old : llvm::make_early_inc_range(
             mapping.getBlock().getOps<spinn::RouteOp>()))
      old.erase();

    OpBuilder builder(mapping.getContext());
    builder.setInsertionPointToEnd(&mapping.getBlock());
    Router router(*machine);
    std::vector<int> scratch;
    std::vector<Sink> sinks;
    std::vector<TreeNode> tree;
    std::vector<int32_t> nodes;
    for (size_t s = 0; s < model->slices.size(); ++s) {
      collectSinks(*model, int(s), scratch, sinks);
      if (sinks.empty())
        continue; // nobody listens: no packets to route
      std::string error;
      spinn::SliceOp slice = model->slices[s];
      if (!router.route(model->chipOf(int(s)), sinks, tree, error))
        return slice.emitOpError("cannot be routed: ") << error;
      nodes.clear();
      for (const TreeNode &node : tree) {
        machine::ChipCoord c = machine->coord(node.chip);
        nodes.insert(nodes.end(),
                     {c.x, c.y, node.in, static_cast<int32_t>(node.route)});
      }
      spinn::RouteOp::create(builder, slice.getLoc(),
                             FlatSymbolRefAttr::get(slice.getSymNameAttr()),
                             builder.getDenseI32ArrayAttr(nodes));
    }
    return success();
  }
};

} // namespace
