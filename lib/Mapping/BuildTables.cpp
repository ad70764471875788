//===- BuildTables.cpp - spinn-build-routing-tables -----------------------===//

#include "glia/Mapping/MappingModel.h"
#include "glia/Mapping/Passes.h"
#include "glia/Mapping/Tables.h"

#include "mlir/IR/Builders.h"

namespace glia::mapping {
#define GEN_PASS_DEF_SPINNBUILDROUTINGTABLES
#include "glia/Mapping/Passes.h.inc"
} // namespace glia::mapping

using namespace mlir;
using namespace glia;
using namespace glia::mapping;

namespace {

class SpinnBuildRoutingTables
    : public glia::mapping::impl::SpinnBuildRoutingTablesBase<
          SpinnBuildRoutingTables> {
public:
  using SpinnBuildRoutingTablesBase::SpinnBuildRoutingTablesBase;

  void runOnOperation() override {
    if (failed(forEachMapping(getOperation(), [&](spinn::MappingOp mapping) {
          return build(mapping);
        })))
      signalPassFailure();
  }

private:
  LogicalResult build(spinn::MappingOp mapping) {
    auto model = MappingModel::build(mapping);
    if (!model)
      return failure();
    std::vector<PopulationKeys> keys;
    if (failed(readPopulationKeys(*model, keys)))
      return failure();
    RoutedSlices routes = readRoutes(*model);
    TableStats stats;
    auto tables =
        buildTables(model->numChipSlots(), keys, routes.slices, stats);
    writeTables(mapping, tables);
    return success();
  }

  void writeTables(spinn::MappingOp mapping,
                   const std::vector<std::vector<routing::Entry>> &tables) {
    for (auto old : llvm::make_early_inc_range(
             mapping.getBlock().getOps<spinn::TableOp>()))
      old.erase();
    OpBuilder builder(mapping.getContext());
    builder.setInsertionPointToEnd(&mapping.getBlock());
    int width = int(mapping.getWidth());
    std::vector<int32_t> data;
    for (size_t chip = 0; chip < tables.size(); ++chip) {
      if (tables[chip].empty())
        continue;
      data.clear();
      for (const routing::Entry &e : tables[chip])
        data.insert(data.end(), {int32_t(e.key), int32_t(e.mask),
                                 int32_t(e.source), int32_t(e.route)});
      spinn::TableOp::create(builder, mapping.getLoc(),
                             builder.getI32IntegerAttr(int(chip) % width),
                             builder.getI32IntegerAttr(int(chip) / width),
                             builder.getDenseI32ArrayAttr(data), IntegerAttr());
    }
  }
};

} // namespace
