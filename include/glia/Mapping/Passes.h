//===- Passes.h - the mapping passes ----------------------------*- C++ -*-===//

#ifndef GLIA_MAPPING_PASSES_H
#define GLIA_MAPPING_PASSES_H

#include "glia/Dialect/Spinn/SpinnOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace glia::mapping {

#define GEN_PASS_DECL
#include "glia/Mapping/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "glia/Mapping/Passes.h.inc"

} // namespace glia::mapping

#endif // GLIA_MAPPING_PASSES_H
