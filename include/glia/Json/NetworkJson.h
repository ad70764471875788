//===- NetworkJson.h - networks as JSON in PyNN's vocabulary ----*- C++ -*-===//
//
// The JSON network description (docs/json-format.md) to and from the snn
// dialect. Import reports every error as a diagnostic at the offending JSON
// value's line and column; unknown fields are errors.
//
//===----------------------------------------------------------------------===//

#ifndef GLIA_JSON_NETWORKJSON_H
#define GLIA_JSON_NETWORKJSON_H

#include "glia/Dialect/Snn/SnnOps.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

namespace glia::json {

/// Imports the JSON network in `sourceMgr`'s main buffer into a new module
/// holding one snn.network. Returns null after emitting diagnostics.
mlir::OwningOpRef<mlir::ModuleOp> importNetwork(llvm::SourceMgr &sourceMgr,
                                                mlir::MLIRContext *context);

/// Writes `network` as a JSON network description that imports back to the
/// same IR.
mlir::LogicalResult exportNetwork(snn::NetworkOp network, llvm::raw_ostream &os);

/// Registers `--import-json` and `--export-json` with mlir-translate.
void registerJsonTranslations();

} // namespace glia::json

#endif // GLIA_JSON_NETWORKJSON_H
