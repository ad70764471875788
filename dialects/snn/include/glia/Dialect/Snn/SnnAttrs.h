//===- SnnAttrs.h - snn attributes ------------------------------*- C++ -*-===//

#ifndef GLIA_DIALECT_SNN_SNNATTRS_H
#define GLIA_DIALECT_SNN_SNNATTRS_H

#include "glia/Dialect/Snn/SnnDialect.h"
#include "mlir/IR/BuiltinAttributeInterfaces.h"
#include "mlir/IR/BuiltinAttributes.h"

#include "glia/Dialect/Snn/SnnOpsEnums.h.inc"
#include "glia/Dialect/Snn/SnnInterfaces.h.inc"

#define GET_ATTRDEF_CLASSES
#include "glia/Dialect/Snn/SnnOpsAttributes.h.inc"

#endif // GLIA_DIALECT_SNN_SNNATTRS_H
