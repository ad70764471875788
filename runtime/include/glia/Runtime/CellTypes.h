//===- CellTypes.h - the catalogue of PyNN cell types -----------*- C++ -*-===//
//
// One home for what glia knows about each cell type: its PyNN name, its
// parameters with units and PyNN defaults, and its state variables with their
// default initial values. The dialect verifier, the JSON importer/exporter,
// the plan writer and the runtime kernels all read this table; it depends on
// nothing, so the runtime can use it without MLIR.
//
//===----------------------------------------------------------------------===//

#ifndef GLIA_RUNTIME_CELLTYPES_H
#define GLIA_RUNTIME_CELLTYPES_H

#include <cstdint>
#include <string_view>
#include <vector>

namespace glia::models {

/// The cell types, in the order of `snn::CellType`.
enum class CellKind : uint8_t {
  IfCurrExp = 0,
  IfCondExp = 1,
  IfCurrAlpha = 2,
  Izhikevich = 3,
  SpikeSourcePoisson = 4,
  SpikeSourceArray = 5,
};

/// What values a parameter may take; the verifier enforces it.
enum class Constraint : uint8_t { Any, Positive, NonNegative };

/// Whether a parameter whose smallest value is `lowest` (-inf for an
/// unbounded distribution) meets `constraint`. The verifier, the plan's
/// validation and the emulator's astrocyte cores all ask this.
inline bool meetsConstraint(Constraint constraint, double lowest) {
  switch (constraint) {
  case Constraint::Positive:
    return lowest > 0;
  case Constraint::NonNegative:
    return lowest >= 0;
  case Constraint::Any:
    break;
  }
  return true;
}

/// How a message states `constraint`: "> 0", ">= 0" ("" for Any).
inline const char *describeConstraint(Constraint constraint) {
  return constraint == Constraint::Positive      ? "> 0"
         : constraint == Constraint::NonNegative ? ">= 0"
                                                 : "";
}

struct Parameter {
  std::string_view name;
  double defaultValue;
  std::string_view unit;
  Constraint constraint;
};

struct StateVariable {
  std::string_view name;
  double initialValue;
  std::string_view unit;
};

/// What the neuron and astrocyte models share: a name, parameters and state.
struct ModelInfo {
  std::string_view name; // PyNN's name, e.g. "IF_curr_exp"
  std::vector<Parameter> parameters;
  std::vector<StateVariable> state;

  const Parameter *findParameter(std::string_view name) const;
  const StateVariable *findState(std::string_view name) const;
  /// Index of `name` in `parameters`, or -1.
  int parameterIndex(std::string_view name) const;
  /// Index of `name` in `state`, or -1.
  int stateIndex(std::string_view name) const;
};

struct CellTypeInfo : ModelInfo {
  CellKind kind;
  bool isSource;         // spike sources have no synaptic input
  bool conductanceBased; // weights are conductances (uS) and must be >= 0

  /// Whether `name` can be recorded: "spikes" or a state variable.
  bool isRecordable(std::string_view name) const;
  /// Whether an astrocyte can inject a current into it (snn.astro_inject):
  /// the LIF types, whose kernels add the current to the membrane.
  bool takesInjectedCurrent() const;
};

/// The astrocyte models, in the order of `snn::AstroModel`.
enum class AstroKind : uint8_t {
  LeakyIntegrator = 0, // NALSM's activity integrator (MODELS.md §3a)
  LiRinzel = 1,        // Li-Rinzel calcium dynamics (MODELS.md §3b)
};

struct AstrocyteModelInfo : ModelInfo {
  AstroKind kind;
  /// The state variable the astrocyte sends to what it modulates.
  std::string_view output;
};

/// All cell types, indexed by CellKind.
const std::vector<CellTypeInfo> &cellTypes();
const CellTypeInfo &cellType(CellKind kind);
/// The cell type called `name` (PyNN spelling), or nullptr.
const CellTypeInfo *findCellType(std::string_view name);

/// All astrocyte models, indexed by AstroKind.
const std::vector<AstrocyteModelInfo> &astrocyteModels();
const AstrocyteModelInfo &astrocyteModel(AstroKind kind);

/// The SpikeSourceArray parameter holding spike times; it is array-valued and
/// has no scalar default (an empty train).
inline constexpr std::string_view kSpikeTimes = "spike_times";

} // namespace glia::models

#endif // GLIA_RUNTIME_CELLTYPES_H
