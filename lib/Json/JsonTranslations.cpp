//===- JsonTranslations.cpp - --import-json and --export-json -------------===//

#include "glia/Json/NetworkJson.h"

#include "mlir/Tools/mlir-translate/Translation.h"

using namespace mlir;

namespace glia::json {

/// The network to export: `op` itself, or the only one in a module.
static snn::NetworkOp findNetwork(Operation *op) {
  if (auto network = llvm::dyn_cast<snn::NetworkOp>(op))
    return network;
  snn::NetworkOp found;
  if (auto module = llvm::dyn_cast<ModuleOp>(op)) {
    for (auto network : module.getOps<snn::NetworkOp>()) {
      if (found) {
        emitError(network.getLoc())
            << "cannot export to JSON: a second snn.network; a JSON file "
               "holds one";
        return {};
      }
      found = network;
    }
  }
  if (!found)
    emitError(op->getLoc()) << "cannot export to JSON: no snn.network";
  return found;
}

void registerJsonTranslations() {
  auto registerDialects = [](DialectRegistry &registry) {
    registry.insert<snn::SnnDialect>();
  };
  static TranslateToMLIRRegistration importJson(
      "import-json", "import a JSON network description (PyNN vocabulary)",
      [](llvm::SourceMgr &sourceMgr,
         MLIRContext *context) -> OwningOpRef<Operation *> {
        return importNetwork(sourceMgr, context);
      },
      registerDialects);
  static TranslateFromMLIRRegistration exportJson(
      "export-json", "export an snn.network as a JSON network description",
      [](Operation *op, llvm::raw_ostream &os) -> LogicalResult {
        snn::NetworkOp network = findNetwork(op);
        return network ? exportNetwork(network, os) : failure();
      },
      registerDialects);
}

} // namespace glia::json
