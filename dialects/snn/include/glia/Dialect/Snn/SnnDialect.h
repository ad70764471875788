//===- SnnDialect.h - the snn dialect ---------------------------*- C++ -*-===//

#ifndef GLIA_DIALECT_SNN_SNNDIALECT_H
#define GLIA_DIALECT_SNN_SNNDIALECT_H

#include "mlir/IR/Dialect.h"
#include "mlir/IR/DialectImplementation.h"

#include "llvm/ADT/Hashing.h"

#include <cstring>
#include <string>

namespace glia::snn {
/// A double attribute parameter: it converts to and from double, and compares
/// and hashes bit for bit (attribute uniquing needs a hash, which llvm does
/// not provide for double).
struct StoredF64 {
  double value;
  StoredF64(double value = 0.0) : value(value) {}
  operator double() const { return value; }
  uint64_t bits() const {
    uint64_t result;
    std::memcpy(&result, &value, sizeof(result));
    return result;
  }
  friend bool operator==(const StoredF64 &a, const StoredF64 &b) {
    return a.bits() == b.bits();
  }
  friend llvm::hash_code hash_value(const StoredF64 &v) {
    return llvm::hash_value(v.bits());
  }
};

/// Parses a double written in any float or integer form.
mlir::FailureOr<StoredF64> parseF64(mlir::AsmParser &parser);
/// `value` in its shortest exact decimal form ("20", "0.0162", "1e+10"), as
/// messages quote numbers.
std::string formatF64(double value);
/// Prints `value` in its shortest form that parses back exactly.
void printF64(mlir::AsmPrinter &printer, double value);
/// Parses `true` or `false`.
mlir::FailureOr<bool> parseBool(mlir::AsmParser &parser);
} // namespace glia::snn

#include "glia/Dialect/Snn/SnnOpsDialect.h.inc"

#endif // GLIA_DIALECT_SNN_SNNDIALECT_H
