//===- SpinnOps.h - spinn operations ----------------------------*- C++ -*-===//

#ifndef GLIA_DIALECT_SPINN_SPINNOPS_H
#define GLIA_DIALECT_SPINN_SPINNOPS_H

#include "glia/Dialect/Spinn/SpinnDialect.h"
#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/IR/SymbolTable.h"

#include <string>

#define GET_OP_CLASSES
#include "glia/Dialect/Spinn/SpinnOps.h.inc"

namespace glia::spinn {

/// Route words: bits 0-5 are the links E, NE, N, W, SW, S; bit 6 + p is
/// core p.
constexpr int kNumLinks = 6;
constexpr int kMaxCores = 26;
/// The name of link `l` ("E", "NE", ...).
llvm::StringRef linkName(int link);
/// "[E, N, p1, p3]": the links and cores of a route word.
std::string formatRouteWord(uint32_t word);

} // namespace glia::spinn

#endif // GLIA_DIALECT_SPINN_SPINNOPS_H
