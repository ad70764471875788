//===- CheckRouting.cpp - spinn-check-routing -----------------------------===//

#include "glia/Mapping/MappingModel.h"
#include "glia/Mapping/Passes.h"

namespace glia::mapping {
#define GEN_PASS_DEF_SPINNCHECKROUTING
#include "glia/Mapping/Passes.h.inc"
} // namespace glia::mapping

using namespace mlir;
using namespace glia;
using namespace glia::mapping;

namespace {

class SpinnCheckRouting
    : public glia::mapping::impl::SpinnCheckRoutingBase<SpinnCheckRouting> {
public:
  using SpinnCheckRoutingBase::SpinnCheckRoutingBase;

  void runOnOperation() override {
    if (failed(forEachMapping(getOperation(), [&](spinn::MappingOp mapping) {
          auto model = MappingModel::build(mapping);
          auto machine = loadMachineFor(mapping, this->machine);
          if (!model || !machine)
            return failure();
          return checkMappedRouting(*model, *machine, readTables(mapping));
        })))
      return signalPassFailure();
    markAllAnalysesPreserved();
  }
};

} // namespace
