//===- glia-opt.cpp - the glia pass driver --------------------------------===//
//
// MlirOptMain with the glia dialects and passes: every pass runs alone from
// here, which is what the lit tests use.
//
//===----------------------------------------------------------------------===//

#include "glia/Dialect/Snn/SnnOps.h"
#include "glia/Dialect/Spinn/SpinnDialect.h"
#include "glia/Mapping/Passes.h"
#include "glia/Transforms/Passes.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "mlir/Transforms/Passes.h"

int main(int argc, char **argv) {
  mlir::registerCanonicalizerPass();
  mlir::registerCSEPass();
  mlir::registerSymbolDCEPass();
  glia::registerGliaTransformsPasses();
  glia::mapping::registerGliaMappingPasses();

  mlir::DialectRegistry registry;
  registry.insert<glia::snn::SnnDialect>();
  registry.insert<glia::spinn::SpinnDialect>();
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "glia optimiser driver\n", registry));
}
