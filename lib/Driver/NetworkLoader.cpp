//===- NetworkLoader.cpp - read a network from .json or .mlir -------------===//

#include "glia/Driver/NetworkLoader.h"
#include "glia/Json/NetworkJson.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/WithColor.h"

using namespace mlir;

namespace glia::driver {

void registerDialects(DialectRegistry &registry) {
  registry.insert<snn::SnnDialect>();
}

NetworkLoader::NetworkLoader() {
  DialectRegistry registry;
  registerDialects(registry);
  context.appendDialectRegistry(registry);
  context.loadAllAvailableDialects();
  diagnostics =
      std::make_unique<SourceMgrDiagnosticHandler>(sourceMgr, &context);
}

NetworkLoader::~NetworkLoader() = default;

snn::NetworkOp NetworkLoader::load(StringRef path) {
  std::string error;
  auto buffer = openInputFile(path, &error);
  if (!buffer) {
    llvm::WithColor::error(llvm::errs()) << error << "\n";
    return {};
  }
  sourceMgr.AddNewSourceBuffer(std::move(buffer), SMLoc());
  StringRef extension = llvm::sys::path::extension(path);
  if (extension == ".json") {
    module = json::importNetwork(sourceMgr, &context);
  } else if (extension == ".mlir" || extension == ".mlirbc" || path == "-") {
    module = parseSourceFile<ModuleOp>(sourceMgr, &context);
  } else {
    emitError(FileLineColLoc::get(&context, path, 0, 0))
        << "unknown network file type '" << extension
        << "': expected .json or .mlir";
    return {};
  }
  if (!module || failed(verify(*module)))
    return {};
  return getSingleNetwork(*module);
}

snn::NetworkOp getSingleNetwork(ModuleOp module) {
  auto networks = module.getOps<snn::NetworkOp>();
  auto count = std::distance(networks.begin(), networks.end());
  if (count != 1) {
    module.emitError("expected exactly one snn.network, found ") << count;
    return {};
  }
  return *networks.begin();
}

} // namespace glia::driver
