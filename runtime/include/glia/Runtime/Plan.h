//===- Plan.h - the runtime plan: a flat, versioned network description -*-===//
//
// The plan is what the reference runtime executes: the network flattened to
// plain data, with every view resolved to (population, start, size), every
// parameter filled from the cell-type catalogue, delays in whole timesteps
// and every projection's effective seed. Connectivity stays procedural
// (connector + seed), so a plan is as small as the network's IR; synapses are
// generated row by row when the simulator (or a board-image writer) builds
// its storage. docs/runtime.md describes the fields and the file format.
//
// This header depends on nothing but the standard library and the cell-type
// catalogue: the MLIR side (lib/Plan) fills it, the runtime reads it.
//
//===----------------------------------------------------------------------===//

#ifndef GLIA_RUNTIME_PLAN_H
#define GLIA_RUNTIME_PLAN_H

#include "glia/Runtime/CellTypes.h"

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace glia::runtime {

/// The version of the plan structure and of its file format. Bump it on any
/// change of meaning or layout; readers refuse other versions.
// Version 2 added astrocytes and their couplings, version 3 the STDP rule
// kind (NALSM's trace rule); version 4 changed meanings: fixed_probability
// draws its gaps from 32-bit uniforms (other synapses than version 3 made),
// and the pair rule sees postsynaptic spikes one delay late.
inline constexpr uint32_t kPlanFormatVersion = 4;

/// A user-facing runtime error (bad plan file, a network too large for the
/// runtime's index types, an output that cannot be written). The CLI prints
/// the message and exits with 1.
class RuntimeError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

/// How a parameter, initial value, weight or delay is given.
enum class ValueKind : uint8_t {
  Constant = 0,      // `constant`
  Uniform = 1,       // on [low, high)
  Normal = 2,        // mu, sigma
  NormalClipped = 3, // mu, sigma, redrawn until in [low, high]
  Array = 4,         // `array`: one entry per neuron
};

struct Value {
  ValueKind kind = ValueKind::Constant;
  double constant = 0;
  double low = 0, high = 0;
  double mu = 0, sigma = 0;
  std::vector<double> array;

  static Value ofConstant(double value);
  static Value ofUniform(double low, double high);
  static Value ofNormal(double mu, double sigma);
  static Value ofNormalClipped(double mu, double sigma, double low,
                               double high);
  static Value ofArray(std::vector<double> values);

  bool isConstant() const { return kind == ValueKind::Constant; }
  /// Multiplies every sample by `factor` (> 0): used to turn delays in ms
  /// into delays in steps.
  Value scaled(double factor) const;
  friend bool operator==(const Value &a, const Value &b);
};

/// Spike times of a SpikeSourceArray in steps. `offsets` empty: one train
/// (`steps`) shared by every neuron; otherwise neuron k fires at
/// `steps[offsets[k] .. offsets[k+1])`.
struct SpikeTrains {
  std::vector<uint64_t> offsets;
  std::vector<int64_t> steps;
};

struct PopulationPlan {
  std::string name;
  models::CellKind kind = models::CellKind::IfCurrExp;
  uint32_t size = 0;
  /// One entry per catalogue parameter, in catalogue order (the
  /// SpikeSourceArray's `spike_times` slot is unused: see `spikeTrains`).
  std::vector<Value> parameters;
  /// One entry per catalogue state variable, in catalogue order.
  std::vector<Value> initial;
  SpikeTrains spikeTrains;
};

/// A contiguous range of one population.
struct Slice {
  uint32_t population = 0;
  uint32_t start = 0;
  uint32_t size = 0;
};

enum class ConnectorKind : uint8_t {
  AllToAll = 0,
  OneToOne = 1,
  FixedProbability = 2,
  FixedNumberPre = 3,
  FixedNumberPost = 4,
  FromList = 5,
};

/// The most partners a fixed_number connector may give a neuron, as the
/// JSON importer allows (n < 2^31); the verifier and validatePlan check it,
/// so that a row's synapses are always counted in 32 bits.
inline constexpr uint64_t kMaxFixedNumber = INT32_MAX;

struct Connector {
  ConnectorKind kind = ConnectorKind::AllToAll;
  double probability = 0; // FixedProbability
  uint64_t number = 0;    // FixedNumberPre/Post
  bool allowSelf = true;
  bool skipDiagonal = false; // AllToAll: drop pairs of equal local index
  bool withReplacement = false;
  // FromList: indices relative to the projection's slices; weights (the
  // synapse's units) and delays (steps) are empty unless given per entry.
  std::vector<uint32_t> listPre, listPost;
  std::vector<double> listWeights, listDelays;
};

enum class WeightDependence : uint8_t { Additive = 0, Multiplicative = 1 };

enum class StdpRule : uint8_t {
  Pair = 0,  // PyNN's SpikePairRule: traces jump by 1
  Trace = 1, // NALSM's trace rule (#snn.trace_stdp): docs/astrocytes.md
};

/// STDP with exponential traces (see docs/runtime.md). The trace rule is
/// additive, uses tauPlus = tauMinus = its tau, aPlus/aMinus = eta_plus/
/// eta_minus in weight units per unit of trace (not scaled by w_max - w_min),
/// traces that jump by traceIncrement, and rates multiplied by rateDecay
/// every ms.
struct Stdp {
  double tauPlus = 20, tauMinus = 20; // ms
  double aPlus = 0.01, aMinus = 0.01;
  WeightDependence dependence = WeightDependence::Additive;
  double wMin = 0, wMax = 1;
  StdpRule rule = StdpRule::Pair;
  double traceIncrement = 1;
  double rateDecay = 1; // per ms
};

enum class Receptor : uint8_t { Excitatory = 0, Inhibitory = 1 };

struct ProjectionPlan {
  std::string name;
  Slice pre, post;
  Connector connector;
  Value weight;
  Value delay; // in steps; samples are rounded and clamped to >= 1
  std::optional<Stdp> stdp;
  Receptor receptor = Receptor::Excitatory;
  /// The seed of this projection's random choices: its own when the network
  /// gave one (`explicitSeed`), otherwise the network's.
  uint64_t seed = 0;
  bool explicitSeed = false;
};

struct RecordingPlan {
  Slice target;
  std::vector<std::string> variables; // "spikes" or state variable names
  uint32_t samplingInterval = 1;      // steps, for state variables
};

//===----------------------------------------------------------------------===//
// Astrocytes (docs/astrocytes.md). Astrocyte i of N has a domain in every
// slice it is coupled to: the i-th of N equal contiguous blocks.
//===----------------------------------------------------------------------===//

struct AstrocytePlan {
  std::string name;
  models::AstroKind kind = models::AstroKind::LeakyIntegrator;
  uint32_t size = 1;
  /// Catalogue parameters and initial state, in catalogue order. Constants:
  /// astrocytes are few, and per-astrocyte values have no use case yet.
  std::vector<double> parameters;
  std::vector<double> initial;
};

/// Spikes the astrocytes integrate: a population slice's spikes, or the
/// presynaptic spikes of a projection (then `source` is its pre slice).
struct AstroListenPlan {
  uint32_t astrocytes = 0;
  Slice source;
  std::optional<uint32_t> projection;
  double weight = 0;
};

enum class Modulation : uint8_t {
  StdpDepression = 0,
  StdpPotentiation = 1,
  WeightScale = 2,
};

struct AstroModulatePlan {
  uint32_t astrocytes = 0;
  Modulation modulation = Modulation::StdpDepression;
  uint32_t projection = 0;
  double gain = 0;
};

struct AstroInjectPlan {
  uint32_t astrocytes = 0;
  Slice target;
  double gain = 0; // nA per unit of the astrocyte output
};

struct AstroRecordingPlan {
  uint32_t astrocytes = 0;
  std::vector<std::string> variables; // state variable names
  uint32_t samplingInterval = 1;      // steps
};

/// How IF_curr_exp neurons discretise a step (snn.network's `integration`):
/// the exact propagator of the synaptic current, or sPyNNaker's current held
/// over the step.
enum class Integration : uint8_t { Exact, Spinnaker };

struct Plan {
  std::string network;
  double timestep = 0.1; // ms
  uint64_t seed = 0;
  Integration integration = Integration::Exact;
  std::optional<double> duration; // ms, the default run length
  std::vector<PopulationPlan> populations;
  std::vector<ProjectionPlan> projections;
  std::vector<RecordingPlan> recordings;
  std::vector<AstrocytePlan> astrocytes;
  std::vector<AstroListenPlan> astroListens;
  std::vector<AstroModulatePlan> astroModulations;
  std::vector<AstroInjectPlan> astroInjections;
  std::vector<AstroRecordingPlan> astroRecordings;
};

/// Checks the plan's internal consistency (indices, sizes, array lengths,
/// parameter counts); returns an empty string or the first problem found.
/// Plans read from files go through it, so a hand-edited plan cannot crash
/// the simulator.
std::string validatePlan(const Plan &plan);

/// Replaces the network seed, and the seed of every projection that did not
/// set its own.
void overrideSeed(Plan &plan, uint64_t seed);

} // namespace glia::runtime

#endif // GLIA_RUNTIME_PLAN_H
