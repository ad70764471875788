//===- SpinnDialect.h - the spinn dialect -----------------------*- C++ -*-===//

#ifndef GLIA_DIALECT_SPINN_SPINNDIALECT_H
#define GLIA_DIALECT_SPINN_SPINNDIALECT_H

#include "mlir/IR/Dialect.h"

#include "glia/Dialect/Spinn/SpinnOpsDialect.h.inc"

#endif // GLIA_DIALECT_SPINN_SPINNDIALECT_H
