//===- Passes.h - transformations of the snn dialect ------------*- C++ -*-===//

#ifndef GLIA_TRANSFORMS_PASSES_H
#define GLIA_TRANSFORMS_PASSES_H

#include "glia/Dialect/Snn/SnnOps.h"

#include "mlir/Pass/Pass.h"

#include <memory>

namespace glia {

#define GEN_PASS_DECL
#include "glia/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "glia/Transforms/Passes.h.inc"

} // namespace glia

#endif // GLIA_TRANSFORMS_PASSES_H
