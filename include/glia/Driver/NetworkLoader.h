//===- NetworkLoader.h - read a network from .json or .mlir -----*- C++ -*-===//
//
// What every glia command does first: pick the importer by the file's
// extension, report errors as `file:line:col: error: ...` on stderr, verify,
// and hand back the one `snn.network` in the file.
//
//===----------------------------------------------------------------------===//

#ifndef GLIA_DRIVER_NETWORKLOADER_H
#define GLIA_DRIVER_NETWORKLOADER_H

#include "glia/Dialect/Snn/SnnOps.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OwningOpRef.h"
#include "mlir/Support/LLVM.h"
#include "llvm/Support/SourceMgr.h"

#include <memory>

namespace mlir {
class SourceMgrDiagnosticHandler;
}

namespace glia::driver {

/// Registers every dialect glia's tools understand.
void registerDialects(mlir::DialectRegistry &registry);

class NetworkLoader {
public:
  NetworkLoader();
  ~NetworkLoader();

  /// Loads and verifies `path` (.json or .mlir; "-" reads MLIR from stdin).
  /// Returns the network, or null after printing the errors.
  snn::NetworkOp load(llvm::StringRef path);

  mlir::MLIRContext &getContext() { return context; }
  mlir::ModuleOp getModule() { return module.get(); }

private:
  mlir::MLIRContext context;
  llvm::SourceMgr sourceMgr;
  std::unique_ptr<mlir::SourceMgrDiagnosticHandler> diagnostics;
  mlir::OwningOpRef<mlir::ModuleOp> module;
};

/// The single snn.network of `module`, or null after an error at the module.
snn::NetworkOp getSingleNetwork(mlir::ModuleOp module);

} // namespace glia::driver

#endif // GLIA_DRIVER_NETWORKLOADER_H
