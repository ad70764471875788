//===- Resources.h - per-core resource estimates for slices -----*- C++ -*-===//
//
// How much DTCM, SDRAM and CPU a slice of n neurons needs, from expected
// counts only (connector.expectedSynapses), never from generated synapses.
// The model follows sPyNNaker's layout: neuron state and input ring buffers
// in DTCM, one synaptic row per presynaptic neuron in SDRAM, synaptic events
// costing CPU cycles each timestep.
//
//===----------------------------------------------------------------------===//

#ifndef GLIA_MAPPING_RESOURCES_H
#define GLIA_MAPPING_RESOURCES_H

#include "glia/Runtime/Format.h"
#include <cstdint>

#include <functional>
#include <string>
#include <vector>

namespace glia::mapping {

/// The hardware limit on synapses in one synaptic row.
constexpr double kMaxRowLength = 256;

/// A projection arriving at the population being partitioned.
struct IncomingProjection {
  int64_t preSize = 0;  // presynaptic neurons (rows)
  int64_t postSize = 0; // postsynaptic neurons it reaches in this population
  double synapses = 0;  // expected synapses
  bool plastic = false;
  /// Row lengths are exact (all-to-all, one-to-one): no allowance for
  /// random variation when checking the 256-synapse row limit.
  bool exactRows = false;
  double preRateHz = 0; // mean firing rate of the presynaptic neurons
  /// Plastic: the spikes of each postsynaptic neuron its STDP history keeps
  /// (kernels::postHistoryDepth: 1 when all its synapses share one delay).
  int64_t historySpikes = 1;
  /// The longest delay of its synapses, in timesteps: the input ring of the
  /// target core has a slot per step of it.
  int64_t longestDelay = 1;
  /// Plastic: the entries of its trace decay tables (one when tau+ =
  /// tau-), which every core of the population holds.
  int64_t decayTableEntries = 0;
  /// Plastic: the steps a spike waits before it joins the history (the
  /// shortest delay; one for the trace rule), each a bit per neuron.
  int64_t historyJoinSteps = 0;
};

/// What a population's neurons cost, independent of its inputs.
struct NeuronModel {
  int64_t stateWords = 0; // parameters + state variables, 32-bit each
  int64_t cyclesPerNeuron = 0;
  bool isSource = false;
  /// SpikeSourceArray: its spike times in DTCM (runtime::image::
  /// spikeArrayBytes); a shared train is on every core whole, trains of
  /// their own count their mean length per neuron.
  bool hasSpikeTimes = false, sharedSpikeTimes = false;
  int64_t spikeTimes = 0, spikeTrainNeurons = 0;
};

/// The per-core budget.
struct CoreBudget {
  int64_t dtcmBytes = 0;
  int64_t sdramBytes = 0; // a core's share of its chip's SDRAM
  int64_t cyclesPerStep = 0;
};

struct SliceEstimate {
  int64_t dtcm = 0;
  int64_t sdram = 0;
  int64_t cpu = 0;         // cycles per timestep
  double maxRowLength = 0; // longest expected row (with allowance)
};

/// Estimates a slice of `atoms` neurons of a population with `inputs`,
/// running with a timestep of `timestepMs`.
SliceEstimate estimateSlice(int64_t atoms, const NeuronModel &model,
                            const std::vector<IncomingProjection> &inputs,
                            double timestepMs);

/// The largest n in [1, cap] whose estimate fits `budget`, or 0 when not
/// even one neuron fits; then `why` says which resource ran out and by how
/// much.
int64_t largestFittingSlice(int64_t cap, const NeuronModel &model,
                            const std::vector<IncomingProjection> &inputs,
                            double timestepMs, const CoreBudget &budget,
                            std::string &why);

/// What an astrocyte population costs (docs/astrocytes.md, "On the
/// board"): its cores hold state, listen counters and tables, run its
/// kernel and send one payload per astrocyte each timestep.
struct AstroCost {
  int64_t population = 1;         // astrocytes in the population
  int64_t stateWords = 0;         // state variables per astrocyte
  int64_t parameterWords = 0;     // the model's parameters (once per core)
  int64_t cyclesPerAstrocyte = 0; // one step of the kernel
  int64_t listens = 0;            // listen couplings of the population
  double listenedSpikesPerStep = 0; // of all its listened neurons
};

/// Estimates a slice of `atoms` astrocytes.
SliceEstimate estimateAstroSlice(int64_t atoms, const AstroCost &cost);

/// The largest n in [1, cap] whose estimate fits `budget`, for any
/// estimate that grows with n, or 0 (then `why` says what ran out).
int64_t largestFitting(int64_t cap,
                       const std::function<SliceEstimate(int64_t)> &estimate,
                       const CoreBudget &budget, std::string &why);

using glia::withThousands; // one spelling of counts (glia/Runtime/Format.h)

/// Splits `size` neurons into the fewest slices of at most `atoms`, with
/// sizes differing by at most one. Returns the slice bounds [b_i, b_{i+1}).
std::vector<int64_t> splitEvenly(int64_t size, int64_t atoms);

} // namespace glia::mapping

#endif // GLIA_MAPPING_RESOURCES_H
