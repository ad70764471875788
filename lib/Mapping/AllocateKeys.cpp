//===- AllocateKeys.cpp - snn-allocate-keys: | population | slice | neuron |
//===----------------------------------------------------------------------===//

#include "glia/Mapping/MappingModel.h"
#include "glia/Mapping/Passes.h"
#include "glia/Mapping/Tables.h"

#include "mlir/IR/Builders.h"

namespace glia::mapping {
#define GEN_PASS_DEF_SNNALLOCATEKEYS
#include "glia/Mapping/Passes.h.inc"
} // namespace glia::mapping

using namespace mlir;
using namespace glia;
using namespace glia::mapping;

namespace {

class SnnAllocateKeys
    : public glia::mapping::impl::SnnAllocateKeysBase<SnnAllocateKeys> {
public:
  using SnnAllocateKeysBase::SnnAllocateKeysBase;

  void runOnOperation() override {
    if (failed(forEachMapping(getOperation(), [&](spinn::MappingOp mapping) {
          return allocate(mapping);
        })))
      signalPassFailure();
  }

private:
  LogicalResult allocate(spinn::MappingOp mapping) {
    auto model = MappingModel::build(mapping);
    if (!model)
      return failure();
    std::vector<int64_t> counts, largest;
    for (const PopulationInfo &population : model->populations) {
      int64_t biggest = 1;
      for (int s : population.slices)
        biggest = std::max<int64_t>(biggest, model->slices[s].getSize());
      counts.push_back(std::max<int64_t>(1, population.slices.size()));
      largest.push_back(biggest);
    }
    std::vector<PopulationKeys> keys;
    std::string error;
    if (!allocateKeys(counts, largest, keys, error))
      return mapping.emitError(error);
    Builder builder(mapping.getContext());
    for (size_t s = 0; s < model->slices.size(); ++s) {
      const PopulationKeys &k = keys[model->slicePopulation[s]];
      model->slices[s].setKeyAttr(
          builder.getI64IntegerAttr(k.sliceKey(model->sliceIndex[s])));
      model->slices[s].setMaskAttr(builder.getI64IntegerAttr(k.sliceMask()));
    }
    return success();
  }
};

} // namespace
