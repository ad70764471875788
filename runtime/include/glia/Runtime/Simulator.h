//===- Simulator.h - the reference simulator --------------------*- C++ -*-===//
//
// Executes a plan on the host: neuron state as structure-of-arrays per
// population, synapses as CSR rows by presynaptic neuron, event-driven
// delivery into ring buffers of input per postsynaptic neuron and receptor.
//
// Threads own contiguous ranges of every population's neurons together with
// those neurons' input buffers, incoming synapses and plasticity state. Each
// step, every thread updates its neurons, then (after one barrier) walks the
// step's spikes in one global order — population by population, neuron by
// neuron — applying only the synapses onto its own neurons; the first to
// finish the next step's update appends the step's spikes to the
// recordings. No two threads write the same memory at once (one atomic
// claims each step's recording, no locks), and every neuron
// receives its inputs in the same order whatever the thread count: the
// spikes are identical for any number of threads. Astrocytes are
// replicated per thread and advanced from the same spikes in the same
// order (runtime/lib/AstroCoupling.h, docs/astrocytes.md), so the same
// holds with them.
//
//===----------------------------------------------------------------------===//

#ifndef GLIA_RUNTIME_SIMULATOR_H
#define GLIA_RUNTIME_SIMULATOR_H

#include "glia/Runtime/Plan.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

namespace glia::runtime {

enum class Numerics { Double, Float, Fixed };

/// "double", "float", "fixed".
const char *numericsName(Numerics numerics);
std::optional<Numerics> parseNumerics(const std::string &name);

struct RunOptions {
  double duration = 1000; // ms; rounded to whole steps
  Numerics numerics = Numerics::Double;
  unsigned threads = 1;
  /// Time each thread's phases of the loop (RunResult::threadTimes), at
  /// the cost of four clock reads per step and thread.
  bool profile = false;
  /// Called now and then from one thread with (steps done, steps in all).
  std::function<void(uint64_t, uint64_t)> progress;
};

/// Spikes of a recorded slice, ordered by step then neuron. Neuron indices
/// are relative to the recorded slice.
struct SpikeRecording {
  std::vector<int64_t> steps;
  std::vector<uint32_t> neurons;
};

/// Samples of one state variable: `samples` rows of `size` values (row-major),
/// row k taken at the start of step k·interval.
struct StateRecording {
  std::string variable;
  uint32_t interval = 1;
  uint64_t samples = 0;
  std::vector<double> values;
};

struct RecordingResult {
  Slice target;
  std::string population;
  uint32_t populationSize = 0;
  bool hasSpikes = false;
  SpikeRecording spikes;
  std::vector<StateRecording> states;
};

struct PopulationStatistics {
  std::string name;
  uint32_t size = 0;
  uint64_t spikes = 0;
  double meanRate = 0;          // Hz
  std::optional<double> meanCv; // of neurons with at least two intervals
  // Neurons with an infinite or NaN state variable at the end of the run:
  // in float and double an overflow is silent (fixed point saturates and
  // counts, RunResult::saturations), so the run counts what it left.
  uint32_t nonFinite = 0;
};

/// An astrocyte population's output (A or SIC) over the run, averaged over
/// its astrocytes: the mean over the steps, and the value at the end.
struct AstrocyteStatistics {
  std::string name;
  std::string model;
  uint32_t size = 0;
  std::string output;
  double meanOutput = 0;
  double finalOutput = 0;
};

/// The weights of a plastic projection after the run, one entry per synapse
/// ordered by (pre, post); indices are relative to the projection's slices.
struct SynapseWeights {
  std::string projection;
  std::vector<uint32_t> pre, post;
  std::vector<double> weights;
};

/// The table of `entries` (pre, post, weight), ordered by (pre, post);
/// multapses keep their order, so every executor reports alike.
SynapseWeights sortedSynapseWeights(
    std::string projection,
    std::vector<std::tuple<uint32_t, uint32_t, double>> entries);

/// Where one thread's time in the simulation loop went, in seconds
/// (RunOptions::profile).
struct ThreadTimes {
  double update = 0;    // its neurons' updates, state sampling included
  double delivery = 0;  // spikes into its neurons, plasticity, astrocytes
  double recording = 0; // appending a step's spikes to the recordings
  double waiting = 0;   // at the step's barrier, for the other threads
};

struct RunResult {
  double timestep = 0; // ms
  uint64_t steps = 0;
  unsigned threads = 1;
  Numerics numerics = Numerics::Double;
  std::vector<RecordingResult> recordings;
  std::vector<PopulationStatistics> populations;
  std::vector<AstrocyteStatistics> astrocytes;
  std::vector<SynapseWeights> plasticWeights;
  uint64_t synapses = 0;
  uint64_t synapticEvents = 0; // synapses traversed by spikes
  uint64_t saturations = 0;    // fixed-point saturations (0 otherwise)
  double buildSeconds = 0;     // synapse generation and setup
  double simulateSeconds = 0;  // the time-stepping loop
  std::vector<ThreadTimes> threadTimes; // per thread; empty unless profiled
};

/// Builds the network of `plan` and runs it. Throws RuntimeError when the
/// network does not fit the runtime's limits (32-bit synapse indices per
/// thread and projection, delays of at most 65535 steps).
RunResult simulate(const Plan &plan, const RunOptions &options);

/// The steps of a run of `duration` ms at `timestep` ms, for the simulator
/// and the emulator alike. Throws RuntimeError unless the duration is a
/// finite number >= 0 of at most kernels::kMaxSteps steps (the LIF kernels
/// keep step numbers in 32 bits).
uint64_t stepsOfRun(double duration, double timestep);

/// Refuses, before it is allocated, a recording of `samples` rows of
/// `width` values each (neurons or astrocytes times sampled variables)
/// beyond 2^32 values (32 GiB of doubles): a failed allocation inside
/// LLVM-linked tools aborts instead of throwing. The error names the
/// recording: its `kind` ("population" or "astrocytes"), `name` and
/// sampling `interval` in steps. For the simulator and the emulator alike.
void checkRecordingSize(const char *kind, const std::string &name,
                        uint32_t interval, uint64_t samples, double width);

} // namespace glia::runtime

#endif // GLIA_RUNTIME_SIMULATOR_H
