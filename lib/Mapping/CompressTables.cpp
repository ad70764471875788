//===- CompressTables.cpp - spinn-compress-routing-tables -----------------===//
//
// The compression itself is GliaRouting's (Ordered Covering, lib/Routing);
// this pass decides which tables to compress, records the size before, and
// refuses a result that still does not fit. Because a wrong merge would
// silently lose or misdeliver spikes, the routing of the whole mapping is
// checked again afterwards.
//
//===----------------------------------------------------------------------===//

#include "glia/Mapping/MappingModel.h"
#include "glia/Mapping/Passes.h"
#include "glia/Mapping/Placer.h"
#include "glia/Routing/Compressor.h"

#include "mlir/IR/Builders.h"

namespace glia::mapping {
#define GEN_PASS_DEF_SPINNCOMPRESSROUTINGTABLES
#include "glia/Mapping/Passes.h.inc"
} // namespace glia::mapping

using namespace mlir;
using namespace glia;
using namespace glia::mapping;

namespace {

std::vector<routing::Entry> readEntries(spinn::TableOp table) {
  std::vector<routing::Entry> entries;
  ArrayRef<int32_t> data = table.getEntries();
  for (size_t i = 0; i + 3 < data.size(); i += 4)
    entries.push_back({uint32_t(data[i]), uint32_t(data[i + 1]),
                       uint32_t(data[i + 2]), uint32_t(data[i + 3])});
  return entries;
}

class SpinnCompressRoutingTables
    : public glia::mapping::impl::SpinnCompressRoutingTablesBase<
          SpinnCompressRoutingTables> {
public:
  using SpinnCompressRoutingTablesBase::SpinnCompressRoutingTablesBase;

  void runOnOperation() override {
    if (fit < 0) {
      getOperation().emitError("fit must be >= 0");
      return signalPassFailure();
    }
    if (failed(forEachMapping(getOperation(), [&](spinn::MappingOp mapping) {
          return compressAll(mapping);
        })))
      signalPassFailure();
  }

private:
  LogicalResult compressAll(spinn::MappingOp mapping) {
    auto machine = loadMachineFor(mapping, this->machine);
    auto model = MappingModel::build(mapping);
    if (!machine || !model)
      return failure();
    std::vector<PopulationKeys> keys;
    if (failed(readPopulationKeys(*model, keys)))
      return failure();
    RoutedSlices routes = readRoutes(*model);
    auto defaults =
        defaultRoutedEntries(model->numChipSlots(), keys, routes.slices);
    size_t capacity = fit > 0 ? size_t(fit) : size_t(machine->routerEntries);
    bool changed = false;
    int width = int(mapping.getWidth());
    for (auto table : mapping.getBlock().getOps<spinn::TableOp>()) {
      int chip = int(table.getY()) * width + int(table.getX());
      if (failed(compressOne(table, defaults[chip], capacity, changed)))
        return failure();
    }
    if (!changed)
      return success();
    return checkMappedRouting(*model, *machine, readTables(mapping));
  }

  /// Compresses `table` if it must be. The default-routable entries the
  /// table builder dropped go in too, so that no merge captures their keys;
  /// the compressor drops them again.
  LogicalResult compressOne(spinn::TableOp table,
                            const std::vector<routing::Entry> &defaults,
                            size_t capacity, bool &changed) {
    size_t before = size_t(table.getNumEntries());
    if (!full && before <= capacity)
      return success();
    routing::CompressOptions options;
    options.target = full ? std::nullopt : std::optional<size_t>(capacity);
    std::vector<routing::Entry> entries = readEntries(table);
    entries.insert(entries.end(), defaults.begin(), defaults.end());
    std::vector<routing::Entry> compressed =
        routing::compress(entries, options);
    if (compressed.size() > capacity)
      return table.emitOpError("chip (")
             << int32_t(table.getX()) << ", " << int32_t(table.getY())
             << "): " << withThousands(int64_t(compressed.size()))
             << " routing entries after compression (from "
             << withThousands(int64_t(before)) << "), the router holds "
             << withThousands(int64_t(capacity)) << " (over by "
             << withThousands(int64_t(compressed.size() - capacity)) << ")";
    std::vector<int32_t> data;
    for (const routing::Entry &e : compressed)
      data.insert(data.end(), {int32_t(e.key), int32_t(e.mask),
                               int32_t(e.source), int32_t(e.route)});
    Builder builder(table.getContext());
    table.setEntries(data);
    if (!table.getUncompressed())
      table.setUncompressedAttr(builder.getI64IntegerAttr(int64_t(before)));
    changed = true;
    return success();
  }
};

} // namespace
