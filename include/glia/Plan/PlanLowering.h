//===- PlanLowering.h - snn.network -> runtime plan -------------*- C++ -*-===//
//
// Flattens a verified snn.network into the runtime's plan (runtime/Plan.h):
// views resolved to (population, start, size), parameters and initial values
// completed from the cell-type catalogue, delays, spike times and sampling
// intervals converted to whole steps, each projection's effective seed
// fixed. Connectivity stays procedural; nothing here is O(synapses).
//
//===----------------------------------------------------------------------===//

#ifndef GLIA_PLAN_PLANLOWERING_H
#define GLIA_PLAN_PLANLOWERING_H

#include "glia/Dialect/Snn/SnnOps.h"
#include "glia/Runtime/Plan.h"

#include "mlir/Support/LLVM.h"

#include <optional>

namespace glia::plan {

struct LoweringOptions {
  /// Replaces the network's timestep (ms); every delay, spike time and
  /// sampling interval must then be a whole number of the new step.
  std::optional<double> timestep;
};

/// Lowers `network`; on failure the reasons were emitted as diagnostics at
/// the offending operations.
mlir::FailureOr<runtime::Plan> lowerToPlan(snn::NetworkOp network,
                                           const LoweringOptions &options = {});

} // namespace glia::plan

#endif // GLIA_PLAN_PLANLOWERING_H
