//===- SnnTypes.h - snn types -----------------------------------*- C++ -*-===//

#ifndef GLIA_DIALECT_SNN_SNNTYPES_H
#define GLIA_DIALECT_SNN_SNNTYPES_H

#include "glia/Dialect/Snn/SnnDialect.h"
#include "mlir/IR/Types.h"

#define GET_TYPEDEF_CLASSES
#include "glia/Dialect/Snn/SnnOpsTypes.h.inc"

#endif // GLIA_DIALECT_SNN_SNNTYPES_H
