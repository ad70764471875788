//===- SnnDialect.cpp - the snn dialect -----------------------------------===//

#include "glia/Dialect/Snn/SnnDialect.h"
#include "glia/Dialect/Snn/SnnOps.h"
#include "llvm/ADT/TypeSwitch.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"

#include <charconv>
#include <cmath>

using namespace mlir;
using namespace glia::snn;

#include "glia/Dialect/Snn/SnnOpsDialect.cpp.inc"

void SnnDialect::initialize() {
  registerAttributes();
  registerTypes();
  registerBytecodeInterface();
  addOperations<
#define GET_OP_LIST
#include "glia/Dialect/Snn/SnnOps.cpp.inc"
      >();
}

FailureOr<StoredF64> glia::snn::parseF64(AsmParser &parser) {
  double value;
  if (parser.parseFloat(value))
    return failure();
  return StoredF64(value);
}

std::string glia::snn::formatF64(double value) {
  if (std::isnan(value))
    return "nan";
  if (std::isinf(value))
    return value > 0 ? "inf" : "-inf";
  char buffer[64];
  auto result = std::to_chars(buffer, buffer + sizeof(buffer), value);
  return std::string(buffer, result.ptr);
}

void glia::snn::printF64(AsmPrinter &printer, double value) {
  std::string text = formatF64(value);
  if (!std::isfinite(value)) {
    // Never valid in snn; printed only so that a message can quote it.
    printer << text;
    return;
  }
  // MLIR's lexer needs a '.' in a float literal ("1e+10" would not parse).
  if (text.find('.') == std::string::npos) {
    size_t exponent = text.find('e');
    text.insert(exponent == std::string::npos ? text.size() : exponent, ".0");
  }
  printer << text;
}

FailureOr<bool> glia::snn::parseBool(AsmParser &parser) {
  if (succeeded(parser.parseOptionalKeyword("true")))
    return true;
  if (succeeded(parser.parseOptionalKeyword("false")))
    return false;
  return parser.emitError(parser.getCurrentLocation(),
                          "expected 'true' or 'false'");
}
