//===- Resources.cpp - per-core resource estimates for slices -------------===//

#include "glia/Mapping/Resources.h"

#include "glia/Runtime/Image.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace glia::mapping {

namespace {
// The constants below are the model of the core's software, in one place.
constexpr int64_t kDtcmBaseBytes = 8 * 1024; // stack, buffers
constexpr int64_t kDecayEntryBytes = 4;      // s16.15
constexpr int64_t kSdramBaseBytes = 4 * 1024; // system + provenance regions
constexpr int64_t kRowHeaderBytes = 12;
constexpr int64_t kPlasticHeaderBytes = 20; // + presynaptic trace
constexpr int64_t kStaticSynapseBytes = 4;  // one synaptic word
constexpr int64_t kPlasticSynapseBytes = 6; // weight, control, accumulator
constexpr int64_t kRowCycles = 200;         // DMA + master-table lookup
constexpr int64_t kStaticEventCycles = 15;
constexpr int64_t kPlasticEventCycles = 60;
constexpr int64_t kCyclesPerStepBase = 1000; // timer tick, spike sending
constexpr int64_t kPayloadCycles = 50;       // one payload packet sent
constexpr int64_t kListenEventCycles = 40;   // table search, one count

/// Expected synapses one presynaptic neuron has on a slice of `atoms`.
double meanRowLength(const IncomingProjection &in, int64_t atoms) {
  if (in.preSize <= 0 || in.postSize <= 0)
    return 0;
  double targets = double(std::min(atoms, in.postSize));
  return in.synapses / double(in.preSize) * targets / double(in.postSize);
}

/// Expected rows that hold at least one synapse: a presynaptic neuron with
/// no synapse on the slice has no row (the master table skips it).
double nonEmptyRows(const IncomingProjection &in, double mean) {
  if (mean <= 0)
    return 0;
  if (in.exactRows)
    return double(in.preSize);
  return double(in.preSize) * -std::expm1(-mean);
}

/// The DTCM a slice's spike times take (SpikeSourceArray; 0 otherwise).
int64_t spikeTimeBytes(int64_t atoms, const NeuronModel &model) {
  if (!model.hasSpikeTimes)
    return 0;
  double times =
      model.sharedSpikeTimes
          ? double(model.spikeTimes)
          : std::ceil(double(model.spikeTimes) * double(atoms) /
                      double(std::max<int64_t>(model.spikeTrainNeurons, 1)));
  return int64_t(runtime::image::spikeArrayBytes(
      uint64_t(atoms), uint64_t(times), model.sharedSpikeTimes));
}

/// The row length to check against the 256 limit: random connectors get
/// three standard deviations of a Poisson count.
double rowLengthBound(const IncomingProjection &in, double mean) {
  return in.exactRows ? mean : mean + 3 * std::sqrt(mean);
}
} // namespace

/// ceil(x) as an int64, saturated: a rate of 1e300 or NaN (hand-given)
/// makes estimates no int64 holds, which then exceed every budget.
static int64_t ceilToInt64(double x) {
  if (!(x < 9.0e18))
    return std::numeric_limits<int64_t>::max();
  return int64_t(std::ceil(x));
}

SliceEstimate estimateSlice(int64_t atoms, const NeuronModel &model,
                            const std::vector<IncomingProjection> &inputs,
                            double timestepMs) {
  SliceEstimate e;
  // Besides the neurons' state, what the board image counts
  // (runtime::image): the input ring, per incoming projection a master
  // table entry, and per plastic projection its record, the history, the
  // spikes waiting to join it and the decay tables.
  uint64_t working = 0;
  uint32_t longestDelay = 1;
  double sdram = double(kSdramBaseBytes + atoms * model.stateWords * 4);
  double cycles = double(kCyclesPerStepBase + atoms * model.cyclesPerNeuron);
  for (const IncomingProjection &in : inputs) {
    double mean = meanRowLength(in, atoms);
    double rows = nonEmptyRows(in, mean);
    double header = in.plastic ? kPlasticHeaderBytes : kRowHeaderBytes;
    double perSynapse = in.plastic ? kPlasticSynapseBytes : kStaticSynapseBytes;
    sdram += rows * header + double(in.preSize) * mean * perSynapse;
    double spikesPerStep = double(in.preSize) * in.preRateHz * timestepMs / 1e3;
    double rowShare = in.preSize ? rows / double(in.preSize) : 0;
    double eventCycles = in.plastic ? kPlasticEventCycles : kStaticEventCycles;
    cycles += spikesPerStep * (rowShare * kRowCycles + mean * eventCycles);
    e.maxRowLength = std::max(e.maxRowLength, rowLengthBound(in, mean));
    working += runtime::image::kMasterEntryBytes;
    if (in.plastic)
      working += runtime::image::kPlasticityRecordBytes +
                 runtime::image::historyBytes(atoms, in.historySpikes) +
                 runtime::image::historyJoinBytes(atoms, in.historyJoinSteps) +
                 in.decayTableEntries * kDecayEntryBytes;
    longestDelay = std::max(longestDelay, uint32_t(in.longestDelay));
  }
  if (!model.isSource)
    working += runtime::image::ringBytes(atoms, longestDelay);
  e.dtcm = kDtcmBaseBytes + atoms * model.stateWords * 4 + int64_t(working) +
           spikeTimeBytes(atoms, model);
  e.sdram = ceilToInt64(sdram);
  e.cpu = ceilToInt64(cycles);
  return e;
}

/// What does not fit in `e`, or "" if it all fits.
static std::string overBudget(const SliceEstimate &e,
                              const CoreBudget &budget) {
  auto over = [](const char *what, int64_t need, int64_t have,
                 const char *unit) {
    return std::string(what) + ": needs " + withThousands(need) + unit +
           ", a core has " + withThousands(have) + unit + " (over by " +
           withThousands(need - have) + ")";
  };
  if (e.maxRowLength > kMaxRowLength)
    return "synaptic rows: expected rows of up to " +
           std::to_string(ceilToInt64(e.maxRowLength)) +
           " synapses, a row holds at most 256";
  if (e.dtcm > budget.dtcmBytes)
    return over("DTCM", e.dtcm, budget.dtcmBytes, " bytes");
  if (e.sdram > budget.sdramBytes)
    return over("SDRAM", e.sdram, budget.sdramBytes, " bytes");
  if (e.cpu > budget.cyclesPerStep)
    return over("CPU", e.cpu, budget.cyclesPerStep, " cycles per timestep");
  return "";
}

int64_t largestFittingSlice(int64_t cap, const NeuronModel &model,
                            const std::vector<IncomingProjection> &inputs,
                            double timestepMs, const CoreBudget &budget,
                            std::string &why) {
  return largestFitting(
      cap,
      [&](int64_t n) { return estimateSlice(n, model, inputs, timestepMs); },
      budget, why);
}

SliceEstimate estimateAstroSlice(int64_t atoms, const AstroCost &cost) {
  SliceEstimate e;
  // Per astrocyte: state, its input and one spike counter per listen.
  int64_t perAstrocyte = (cost.stateWords + 1 + cost.listens) * 4;
  e.dtcm = kDtcmBaseBytes + cost.parameterWords * 8 + atoms * perAstrocyte;
  e.sdram = kSdramBaseBytes;
  double share = cost.population ? double(atoms) / double(cost.population) : 1;
  double cycles = double(kCyclesPerStepBase) +
                  double(atoms) * double(cost.cyclesPerAstrocyte +
                                         kPayloadCycles) +
                  share * cost.listenedSpikesPerStep * kListenEventCycles;
  e.cpu = ceilToInt64(cycles);
  return e;
}

int64_t largestFitting(int64_t cap,
                       const std::function<SliceEstimate(int64_t)> &estimate,
                       const CoreBudget &budget, std::string &why) {
  auto fits = [&](int64_t n) {
    return overBudget(estimate(n), budget).empty();
  };
  if (!fits(1)) {
    why = overBudget(estimate(1), budget);
    return 0;
  }
  // Every estimate grows with n, so the fitting sizes form a prefix.
  int64_t lo = 1, hi = cap;
  while (lo < hi) {
    int64_t mid = lo + (hi - lo + 1) / 2;
    if (fits(mid))
      lo = mid;
    else
      hi = mid - 1;
  }
  return lo;
}

std::vector<int64_t> splitEvenly(int64_t size, int64_t atoms) {
  int64_t count = (size + atoms - 1) / atoms;
  std::vector<int64_t> bounds;
  bounds.reserve(count + 1);
  for (int64_t i = 0; i <= count; ++i)
    bounds.push_back(size * i / count);
  return bounds;
}

} // namespace glia::mapping
