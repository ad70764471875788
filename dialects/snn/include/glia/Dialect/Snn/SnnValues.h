//===- SnnValues.h - parameter values: constants, distributions, arrays ---===//
//
// A parameter, initial value, weight or delay in `snn` is one of: a FloatAttr
// (a constant), a distribution attribute (#snn.uniform, #snn.normal,
// #snn.normal_clipped) or an ElementsAttr with one entry per neuron (dense or
// dense resource). These helpers are the one place that reads them.
//
//===----------------------------------------------------------------------===//

#ifndef GLIA_DIALECT_SNN_SNNVALUES_H
#define GLIA_DIALECT_SNN_SNNVALUES_H

#include "glia/Dialect/Snn/SnnAttrs.h"
#include "mlir/IR/Diagnostics.h"

#include <optional>
#include <vector>

namespace glia::snn {

/// The interval a value's samples can fall in: [c, c] for a constant,
/// [low, high] for bounded distributions, [-inf, inf] for a normal, and
/// [min, max] of an array.
struct ValueBounds {
  double min;
  double max;
};

/// The constant held by `value`, if it is one.
std::optional<double> getConstant(mlir::Attribute value);

/// The range of `value`; nullopt if it is not a valid value.
std::optional<ValueBounds> getValueBounds(mlir::Attribute value);

/// The entries of a floating-point array (dense or dense resource).
std::optional<std::vector<double>> readF64Array(mlir::ElementsAttr array);
/// The entries of an integer array (dense or dense resource).
std::optional<std::vector<int64_t>> readI64Array(mlir::ElementsAttr array);

/// Checks that `value` is a constant, a distribution or an array of `count`
/// finite floats. `what` names it in messages ("parameter 'tau_m'").
mlir::LogicalResult
verifyValue(mlir::Attribute value, int64_t count, llvm::StringRef what,
            llvm::function_ref<mlir::InFlightDiagnostic()> emitError);

/// Checks the contents of spike trains: offsets from 0 to the number of
/// times, never decreasing; times finite, >= 0 and sorted per neuron.
mlir::LogicalResult
verifySpikeTrains(SpikeTrainsAttr trains,
                  llvm::function_ref<mlir::InFlightDiagnostic()> emitError);

/// Prints a value the way messages quote it: `20.0`, `uniform(-60, -50)`.
std::string describeValue(mlir::Attribute value);

} // namespace glia::snn

#endif // GLIA_DIALECT_SNN_SNNVALUES_H
