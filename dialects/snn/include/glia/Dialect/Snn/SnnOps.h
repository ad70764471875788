//===- SnnOps.h - snn operations --------------------------------*- C++ -*-===//

#ifndef GLIA_DIALECT_SNN_SNNOPS_H
#define GLIA_DIALECT_SNN_SNNOPS_H

#include "glia/Dialect/Snn/SnnAttrs.h"
#include "glia/Dialect/Snn/SnnDialect.h"
#include "glia/Dialect/Snn/SnnTypes.h"
#include "glia/Runtime/CellTypes.h"
#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include <cstdint>
#include <limits>

#define GET_OP_CLASSES
#include "glia/Dialect/Snn/SnnOps.h.inc"

namespace glia::snn {

/// The runtime's limits on step counts: a delay is 16-bit (in the synaptic
/// rows and the input rings), a sampling interval 32-bit (in the plan), a
/// run 2^31 steps (runtime::kernels::kMaxSteps; the plan lowering asserts
/// that the two agree).
inline constexpr int64_t kMaxDelaySteps = std::numeric_limits<uint16_t>::max();
inline constexpr int64_t kMaxRunSteps = int64_t(1) << 31;
inline constexpr int64_t kMaxSamplingSteps =
    std::numeric_limits<uint32_t>::max();

/// A contiguous range of one population's neurons: what a population value
/// or a (chain of) view(s) denotes. Before `snn-expand-cam` the root may be
/// the output layer of a `snn.cam` instead of a `snn.population`.
struct PopulationSlice {
  PopulationOp population; // null when the root is a snn.cam
  CamOp cam;               // set when the root is a snn.cam
  int64_t start = 0;       // first neuron, in the root's numbering
  int64_t size = 0;

  int64_t stop() const { return start + size; }
  /// The root's operation (population or cam), for identity and locations.
  mlir::Operation *getRoot() const;
  /// The root's label.
  llvm::StringRef getName() const;
  /// The cell type of the root's neurons (a CAM's output layer is
  /// IF_curr_exp).
  CellType getCellType() const;
  /// Number of neurons this slice shares with `other` (0 if different
  /// populations).
  int64_t overlap(const PopulationSlice &other) const;
};

/// The population range `value` denotes, following views; nullopt if the
/// value is not rooted in a population.
std::optional<PopulationSlice> resolvePopulationSlice(mlir::Value value);

/// The cell-type entry of the catalogue for `type`.
const glia::models::CellTypeInfo &getCellTypeInfo(CellType type);
/// The catalogue entry of an astrocyte model.
const glia::models::AstrocyteModelInfo &getAstrocyteModelInfo(AstroModel model);

} // namespace glia::snn

#endif // GLIA_DIALECT_SNN_SNNOPS_H
