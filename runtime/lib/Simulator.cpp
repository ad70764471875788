//===- Simulator.cpp - the reference simulator ----------------------------===//
//
// Simulator<T> builds the network of a plan (state, coefficients, synapse
// rows, input buffers) and runs it with one worker per thread. See
// Simulator.h for the threading scheme and docs/runtime.md for the reasons.
//
//===----------------------------------------------------------------------===//

#include "glia/Runtime/Simulator.h"
#include "AstroCoupling.h"
#include "SpikeStatistics.h"
#include "SynapseStorage.h"
#include "glia/Runtime/Connectivity.h"
#include "glia/Runtime/Format.h"
#include "glia/Runtime/Kernels.h"
#include "glia/Runtime/PlanDerived.h"

#include <algorithm>
#include <atomic>
#include <cassert>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <exception>
#include <limits>
#include <mutex>
#include <thread>
#include <tuple>
#include <type_traits>

namespace glia::runtime {

const char *numericsName(Numerics numerics) {
  switch (numerics) {
  case Numerics::Double:
    return "double";
  case Numerics::Float:
    return "float";
  case Numerics::Fixed:
    return "fixed";
  }
  return "?";
}

std::optional<Numerics> parseNumerics(const std::string &name) {
  for (Numerics numerics : {Numerics::Double, Numerics::Float, Numerics::Fixed})
    if (name == numericsName(numerics))
      return numerics;
  return std::nullopt;
}

namespace {

using Clock = std::chrono::steady_clock;
using models::CellKind;

double secondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

/// Adds the time since its last lap to a phase's total at each lap, for
/// RunOptions::profile; reads no clock when not profiling.
class PhaseClock {
public:
  explicit PhaseClock(bool on) : on(on) {
    if (on)
      last = Clock::now();
  }
  void lap(double &total) {
    if (!on)
      return;
    Clock::time_point now = Clock::now();
    total += std::chrono::duration<double>(now - last).count();
    last = now;
  }

private:
  bool on;
  Clock::time_point last;
};

/// Thread k's share [begin, end) of n neurons: contiguous, in thread order.
struct Range {
  uint32_t begin = 0, end = 0;
  uint32_t size() const { return end - begin; }
};

Range shareOf(uint32_t n, unsigned k, unsigned threads) {
  return {uint32_t(uint64_t(n) * k / threads),
          uint32_t(uint64_t(n) * (k + 1) / threads)};
}

/// The thread whose share of n neurons holds neuron i (inverse of shareOf).
unsigned ownerOf(uint32_t i, uint32_t n, unsigned threads) {
  if (threads == 1) // the common case; spares a division per synapse
    return 0;
  return unsigned(((uint64_t(i) + 1) * threads - 1) / n);
}

/// A reusable barrier: spins briefly (steps are short), then sleeps on a
/// condition variable, so that more threads than cores still make progress.
class Barrier {
public:
  explicit Barrier(unsigned count) : count(count) {}
  void arriveAndWait() {
    unsigned generation = this->generation.load(std::memory_order_acquire);
    if (waiting.fetch_add(1, std::memory_order_acq_rel) + 1 == count) {
      waiting.store(0, std::memory_order_relaxed);
      {
        std::lock_guard<std::mutex> lock(mutex);
        this->generation.fetch_add(1, std::memory_order_release);
      }
      wakeup.notify_all();
      return;
    }
    // Spin briefly (phases are short when the cores are free), then sleep:
    // spinning or yielding on a machine without a free core for each thread
    // burns the time the last thread needs to arrive.
    for (unsigned spins = 0; spins < kSpins; ++spins) {
      if (this->generation.load(std::memory_order_acquire) != generation)
        return;
#if defined(__x86_64__) || defined(__i386__)
      __builtin_ia32_pause();
#endif
    }
    std::unique_lock<std::mutex> lock(mutex);
    wakeup.wait(lock, [&] {
      return this->generation.load(std::memory_order_acquire) != generation;
    });
  }

private:
  static constexpr unsigned kSpins = 4096;
  const unsigned count;
  std::atomic<unsigned> waiting{0};
  std::atomic<unsigned> generation{0};
  std::mutex mutex;
  std::condition_variable wakeup;
};

} // namespace

SynapseWeights sortedSynapseWeights(
    std::string projection,
    std::vector<std::tuple<uint32_t, uint32_t, double>> entries) {
  std::stable_sort(entries.begin(), entries.end(),
                   [](const auto &a, const auto &b) {
                     return std::tie(std::get<0>(a), std::get<1>(a)) <
                            std::tie(std::get<0>(b), std::get<1>(b));
                   });
  SynapseWeights table;
  table.projection = std::move(projection);
  for (auto [pre, post, weight] : entries) {
    table.pre.push_back(pre);
    table.post.push_back(post);
    table.weights.push_back(weight);
  }
  return table;
}

namespace {

/// Asks for the cache line holding `p`. An asm statement, as GCC 12 drops
/// __builtin_prefetch in the delivery loop.
inline void prefetchLine(const void *p) {
#if defined(__x86_64__) || defined(__i386__)
  asm volatile("prefetcht0 %0" : : "m"(*static_cast<const char *>(p)));
#else
  __builtin_prefetch(p);
#endif
}

template <typename T> class Simulator {
  using N = NumberTraits<T>;
  using Codec = WeightCodec<T>;
  using Weight = typename Codec::Weight;
  using Buffer = typename Codec::Buffer;

  using RingInput = RingSlotInput<T>;

  /// A thread's frame factors of a population, per receptor, on a cache
  /// line of their own: each thread writes its own every step.
  struct alignas(64) ThreadFrame {
    std::array<double, 2> factor{1.0, 1.0};
  };

  struct Population {
    const PopulationPlan *plan;
    uint32_t id;
    CellKind kind;
    uint32_t size;
    bool homogeneous = true; // one set of coefficients for every neuron
    // Catalogue state variables in catalogue order, then the alpha
    // synapse's hidden variables.
    std::vector<std::vector<T>> variables;
    std::vector<uint32_t> refractoryUntil; // LIF kinds (kernels::LifState)
    std::vector<kernels::IfCurrExpCoefficients<T>> currExp;
    std::vector<kernels::IfCondExpCoefficients<T>> condExp;
    std::vector<kernels::IfCurrAlphaCoefficients<T>> currAlpha;
    std::vector<kernels::IzhikevichCoefficients<T>> izhikevich;
    std::vector<kernels::PoissonCoefficients> poisson;
    std::vector<int64_t> nextSpike;
    std::vector<uint32_t> spikeNumber;
    std::vector<uint64_t> cursor;
    InputRing<Buffer> input;
    // Input delayed by one step goes straight into the synaptic variables
    // instead of a ring slot (see takesInputInState).
    bool inputInState = false;
    // Input in the state, and the synaptic variables in a decaying frame
    // (setUpFrame): per thread, each receptor's frame factor (stored to
    // true values); and each receptor's decay per step.
    bool inFrame = false;
    std::vector<ThreadFrame> frames;
    std::array<double, 2> frameDecay{};
    Codec codecs[2]; // per receptor
    uint32_t maxDelay = 0;
    std::vector<uint32_t> outgoing; // projections with this population as pre
    // The outgoing projections whose rows are fused (fillOutgoingRows), in
    // order, the presynaptic neurons their rows span, and their rows, per
    // thread; empty when they do not qualify.
    std::vector<uint32_t> fusedMembers;
    Range fusedSpan;
    std::vector<SynapseRows<Weight>> fusedRows; // [thread][block], see RowGroup
    std::vector<uint32_t> recordings;
    std::vector<Range> ranges; // per thread
    // Per neuron, written by the owning thread.
    std::vector<SpikeStatistics> spikeStatistics;
  };

  struct Projection {
    const ProjectionPlan *plan;
    uint32_t index;
    unsigned receptor;
    bool subtract; // current-based inhibitory: magnitudes are subtracted
    bool uniformWeight = false, uniformDelay = false;
    bool modulated = false; // by an astrocyte (AstroCoupling.h)
    bool fused = false;     // its rows are its population's fused rows
    Weight weight{};
    uint16_t delay = 1;
    // Per thread, in one block or in `rowBlocks` blocks (see RowGroup).
    std::vector<SynapseRows<Weight>> rows;
    uint32_t rowBlocks = 1;
    std::optional<kernels::StdpCoefficients<T>> stdp;
    // Rules whose rates decay: per thread, this step's rates (no tables).
    std::vector<kernels::StdpCoefficients<T>> rates;
    std::vector<std::vector<kernels::Trace<T>>> preTraces; // per thread copy
    // Per post slice neuron. The pair rule's synapses see a postsynaptic
    // spike one delay after it fires (as in sPyNNaker); NALSM's trace rule
    // sees it at once (ruleDelay).
    kernels::PostSpikeHistory<T> postHistory;
    // Per thread: its neurons' spikes that some synapses have yet to see,
    // and the last steps' spikes until the shortest delay does.
    std::vector<kernels::PendingPostSpikes> pendingPosts;
    std::vector<kernels::DelayedPostSpikes> postsSeen;
  };

  /// `count` recorded spikes of step `step` (< 2^31, kernels::kMaxSteps).
  struct StepRun {
    uint32_t step;
    uint32_t count;
  };

  struct Recorder {
    const RecordingPlan *plan;
    bool spikes = false;
    std::vector<int> stateIndex; // catalogue index per recorded variable
    std::vector<std::string> stateNames;
    uint64_t samples = 0;
    std::vector<std::vector<double>> values;
    // In (step, neuron) order: each step's spikes are appended by one
    // thread (recordPreviousStep). The steps are kept as runs, one per step
    // with spikes, and expanded to one per spike at the end (spikeSteps):
    // the loop then fills 4 instead of 12 bytes of fresh memory per spike
    // (mapped ahead by reserveMapped), which the kernel zeroes first, on
    // this VM at times at 0.5 GB/s.
    std::vector<uint32_t> spikeNeurons;
    std::vector<StepRun> stepRuns;
  };

  /// Spikes of one step: per population and thread, neuron indices.
  struct StepSpikes {
    std::vector<std::vector<std::vector<uint32_t>>> neurons; // [pop][thread]
    std::vector<std::vector<uint32_t>> counts;               // [pop][thread]
  };

public:
  Simulator(const Plan &plan, const RunOptions &options)
      : plan(plan), options(options), threads(std::max(1u, options.threads)) {
    steps = stepsOfRun(options.duration, plan.timestep);
  }

  RunResult run() {
    Clock::time_point start = Clock::now();
    build();
    RunResult result;
    result.buildSeconds = secondsSince(start);
    start = Clock::now();
    runWorkers();
    result.simulateSeconds = secondsSince(start);
    collect(result);
    return result;
  }

private:
  //===--------------------------------------------------------------------===//
  // Building
  //===--------------------------------------------------------------------===//

  void build() {
    saturationCounter() = 0;
    populations.resize(plan.populations.size());
    for (uint32_t p = 0; p < populations.size(); ++p)
      buildPopulation(p);
    chooseWeightShifts();
    projections.resize(plan.projections.size());
    for (uint32_t j = 0; j < projections.size(); ++j)
      buildProjection(j);
    for (Population &population : populations)
      fillOutgoingRows(population);
    for (Population &population : populations) {
      if (models::cellType(population.kind).isSource)
        continue;
      population.inputInState = takesInputInState(population);
      setUpFrame(population);
      if (!population.inputInState)
        population.input.allocate(population.size, population.maxDelay);
    }
    recorders.resize(plan.recordings.size());
    for (uint32_t r = 0; r < recorders.size(); ++r)
      buildRecorder(r);
    buildAstrocytes();
    for (StepSpikes &buffer : stepSpikes)
      allocateStepSpikes(buffer);
    scratch.resize(threads);
    buildSaturations += saturationCounter();
  }

  /// Samples every parameter of population `p` for neuron `neuron`.
  std::vector<double> parametersOf(uint32_t p, uint32_t neuron) const {
    return neuronParameters(plan, p, neuron);
  }

  template <typename C>
  void makeCoefficients(uint32_t p, std::vector<C> &out,
                        C (*make)(const kernels::ParameterValues &, double)) {
    Population &population = populations[p];
    const models::CellTypeInfo &info = models::cellType(population.kind);
    uint32_t count = population.homogeneous ? 1 : population.size;
    out.reserve(count);
    for (uint32_t i = 0; i < count; ++i) {
      std::vector<double> values = parametersOf(p, i);
      out.push_back(make({info, values.data()}, plan.timestep));
    }
  }

  void buildCoefficients(uint32_t p) {
    Population &population = populations[p];
    switch (population.kind) {
    case CellKind::IfCurrExp:
      return makeCoefficients(p, population.currExp,
                              ifCurrExpCoefficientMaker<T>(plan));
    case CellKind::IfCondExp:
      return makeCoefficients(p, population.condExp,
                              &kernels::IfCondExpCoefficients<T>::make);
    case CellKind::IfCurrAlpha:
      return makeCoefficients(p, population.currAlpha,
                              &kernels::IfCurrAlphaCoefficients<T>::make);
    case CellKind::Izhikevich:
      return makeCoefficients(p, population.izhikevich,
                              &kernels::IzhikevichCoefficients<T>::make);
    case CellKind::SpikeSourcePoisson:
      return makeCoefficients(p, population.poisson,
                              &kernels::PoissonCoefficients::make);
    case CellKind::SpikeSourceArray:
      return;
    }
  }

  void buildInitialState(uint32_t p) {
    Population &population = populations[p];
    const PopulationPlan &source = plan.populations[p];
    size_t hidden = population.kind == CellKind::IfCurrAlpha ? 2 : 0;
    population.variables.assign(source.initial.size() + hidden,
                                std::vector<T>(population.size, T{}));
    // Each neuron's values come from its own stream, so the threads may
    // share the neurons out. Saturations (fixed point) are counted per
    // thread and added to the build's.
    std::vector<uint64_t> saturated(threads, 0);
    runShares(population.size, [&](unsigned t) {
      uint64_t before = saturationCounter();
      Range share = shareOf(population.size, t, threads);
      for (uint32_t k = 0; k < source.initial.size(); ++k) {
        const Value &initial = source.initial[k];
        T *values = population.variables[k].data();
        for (uint32_t i = share.begin; i < share.end; ++i) {
          RandomStream stream(plan.seed, withIndex(StreamKind::InitialValue, k),
                              p, i);
          values[i] = N::fromDouble(sample(initial, stream, i));
        }
      }
      saturated[t] = saturationCounter() - before;
      saturationCounter() = before;
    });
    for (uint64_t count : saturated)
      buildSaturations += count;
    if (population.kind != CellKind::SpikeSourcePoisson &&
        population.kind != CellKind::SpikeSourceArray &&
        population.kind != CellKind::Izhikevich)
      population.refractoryUntil.assign(population.size, 0);
  }

  void buildSources(uint32_t p) {
    Population &population = populations[p];
    if (population.kind == CellKind::SpikeSourcePoisson) {
      population.nextSpike.resize(population.size);
      population.spikeNumber.resize(population.size);
      withCoefficients(
          population.poisson, population.homogeneous, [&](const auto &c) {
            kernels::initPoisson(c,
                                 poissonState(population, {0, population.size}),
                                 plan.seed, p, 0, population.size);
            return 0u;
          });
    } else if (population.kind == CellKind::SpikeSourceArray) {
      population.cursor.resize(population.size);
      kernels::initSpikeArray(spikeTrains(p), population.cursor.data(), 0,
                              population.size);
    }
  }

  void buildPopulation(uint32_t p) {
    const PopulationPlan &source = plan.populations[p];
    Population &population = populations[p];
    population.plan = &source;
    population.id = p;
    population.kind = source.kind;
    population.size = source.size;
    population.homogeneous =
        std::all_of(source.parameters.begin(), source.parameters.end(),
                    [](const Value &value) { return value.isConstant(); });
    buildCoefficients(p);
    buildInitialState(p);
    buildSources(p);
    for (unsigned k = 0; k < threads; ++k)
      population.ranges.push_back(shareOf(population.size, k, threads));
    population.spikeStatistics.assign(population.size, SpikeStatistics{});
  }

  /// Whether a population's input can be added straight into its synaptic
  /// variables as spikes are delivered, instead of into a ring slot that the
  /// next step reads and clears: the neuron update then moves a third fewer
  /// bytes. That needs every synapse onto it to have a one-step delay (the
  /// input is then due at the very next update, which adds it to the
  /// variable first thing), inputs held as T (in fixed point the slot sums
  /// int32 weights and saturates when it is read, as on the board), a model
  /// whose synaptic variables take the input as it is (the exponential LIFs)
  /// and those variables not recorded: a sample at step t is taken before
  /// the update and must not yet hold step t's input.
  bool takesInputInState(const Population &population) const {
    if (!std::is_same_v<Buffer, T> || population.maxDelay > 1 ||
        (population.kind != CellKind::IfCurrExp &&
         population.kind != CellKind::IfCondExp))
      return false;
    const models::CellTypeInfo &info = models::cellType(population.kind);
    for (const RecordingPlan &recording : plan.recordings)
      if (recording.target.population == population.id)
        for (const std::string &variable : recording.variables)
          if (variable != "spikes" && info.stateIndex(variable) != 0)
            return false;
    return true;
  }

  /// The synaptic variables of an exponential LIF population with its input
  /// in the state are kept in a decaying frame (kernels::InputInFrame), so
  /// that the update stores none of them, when the population is
  /// homogeneous (one decay per receptor), every projection onto it is
  /// delivered by static rows (the deliveries that bring weights into the
  /// frame) and its decays are slow enough for a frame to follow (a step
  /// never takes it near underflow).
  void setUpFrame(Population &population) {
    if constexpr (std::is_floating_point_v<T>) {
      if (!population.inputInState || !population.homogeneous)
        return;
      for (const Projection &projection : projections)
        if (projection.plan->post.population == population.id &&
            !deliversStaticRows(projection))
          return;
      std::array<double, 2> decay =
          population.kind == CellKind::IfCurrExp
              ? std::array<double, 2>{population.currExp[0].decayExc,
                                      population.currExp[0].decayInh}
              : std::array<double, 2>{population.condExp[0].decayExc,
                                      population.condExp[0].decayInh};
      constexpr double kFastestDecay = 1.0 / 256;
      if (decay[0] < kFastestDecay || decay[1] < kFastestDecay)
        return;
      population.inFrame = true;
      population.frameDecay = decay;
      population.frames.assign(threads, ThreadFrame{});
    }
  }

  /// Decays thread k's frames one step. A frame that falls below kFrameFloor
  /// is folded into the thread's stored values and starts again at 1, so
  /// that they stay far from overflow (float: 2^30 times the true values at
  /// most); the threads' frames decay alike, so all fold at the same step.
  void advanceFrames(Population &population, Range range, unsigned k) {
    constexpr double kFrameFloor = 0x1p-30;
    std::array<double, 2> &frame = population.frames[k].factor;
    for (unsigned receptor = 0; receptor < 2; ++receptor) {
      frame[receptor] *= population.frameDecay[receptor];
      if (frame[receptor] >= kFrameFloor)
        continue;
      T factor = T(frame[receptor]);
      T *stored = population.variables[1 + receptor].data();
      for (uint32_t i = range.begin; i < range.end; ++i)
        stored[i] *= factor;
      frame[receptor] = 1.0;
    }
  }

  /// What a weight onto projection's postsynaptic population is multiplied
  /// by, in thread k, to land in the frame: 1 / the frame of the next step
  /// (this step's update has advanced it). 1 outside frames.
  double frameInverse(const Projection &projection, unsigned k) const {
    const Population &post = populations[projection.plan->post.population];
    return post.inFrame ? 1.0 / post.frames[k].factor[projection.receptor]
                        : 1.0;
  }

  /// Where input for `post` arriving at step `arrival` accumulates.
  Buffer *inputBuffer(Population &post, int64_t arrival, unsigned receptor) {
    if constexpr (std::is_same_v<Buffer, T>)
      if (post.inputInState)
        return post.variables[1 + receptor].data();
    return post.input.slot(arrival, receptor);
  }

  /// Fixed point: one weight shift per (postsynaptic population, receptor),
  /// from the largest weight of the projections feeding it.
  void chooseWeightShifts() {
    std::vector<std::array<int, 2>> shifts = weightShifts(plan);
    for (uint32_t p = 0; p < populations.size(); ++p)
      for (unsigned receptor = 0; receptor < 2; ++receptor)
        populations[p].codecs[receptor].fractionalBits = shifts[p][receptor];
  }

  void buildProjection(uint32_t j) {
    const ProjectionPlan &source = plan.projections[j];
    Projection &projection = projections[j];
    Population &post = populations[source.post.population];
    projection.plan = &source;
    projection.index = j;
    projection.receptor = unsigned(source.receptor);
    projection.subtract = source.receptor == Receptor::Inhibitory &&
                          !models::cellType(post.kind).conductanceBased;
    const Codec &codec = post.codecs[projection.receptor];
    bool listWeights = !source.connector.listWeights.empty();
    bool listDelays = !source.connector.listDelays.empty();
    projection.uniformWeight =
        !source.stdp && !listWeights && source.weight.isConstant();
    projection.uniformDelay = !listDelays && source.delay.isConstant();
    projection.modulated = std::any_of(
        plan.astroModulations.begin(), plan.astroModulations.end(),
        [j](const AstroModulatePlan &mod) { return mod.projection == j; });
    if (projection.uniformWeight)
      projection.weight =
          codec.encode(signedMagnitude(projection, source.weight.constant));
    if (projection.uniformDelay)
      projection.delay = checkedDelay(delayInSteps(source.delay.constant));
    if (source.stdp) {
      projection.stdp =
          kernels::StdpCoefficients<T>::make(*source.stdp, plan.timestep);
      projection.preTraces.assign(
          threads, std::vector<kernels::Trace<T>>(source.pre.size));
      projection.pendingPosts.resize(threads);
      if (projection.stdp->decays)
        projection.rates.assign(threads, projection.stdp->rates());
    }
    if (projection.uniformDelay && source.pre.size > 0)
      post.maxDelay = std::max<uint32_t>(post.maxDelay, projection.delay);
    populations[source.pre.population].outgoing.push_back(j);
  }

  /// Magnitude of a weight as stored: static current-based inhibitory
  /// weights are negative in PyNN, and their projection subtracts.
  static double signedMagnitude(const Projection &projection, double weight) {
    return projection.subtract && !projection.stdp ? -weight : weight;
  }

  uint16_t checkedDelay(uint32_t steps) const {
    if (steps > std::numeric_limits<uint16_t>::max())
      throw RuntimeError("a delay of " + std::to_string(steps) +
                         " steps exceeds the runtime's limit of 65535 steps");
    return uint16_t(steps);
  }

  /// Runs body(0) .. body(threads - 1) on as many threads, when `items` of
  /// work are enough to pay for starting them (else on this thread, in
  /// order); rethrows the first exception one of them threw.
  template <typename F> void runShares(uint64_t items, F &&body) {
    constexpr uint64_t kWorthThreads = 1 << 14;
    if (items < kWorthThreads) {
      for (unsigned k = 0; k < threads; ++k)
        body(k);
      return;
    }
    runParallel(body);
  }

  /// Runs body(0) .. body(threads - 1) on as many threads; rethrows the
  /// first exception one of them threw.
  template <typename F> void runParallel(F &&body) {
    std::vector<std::exception_ptr> errors(threads);
    auto guarded = [&](unsigned k) {
      try {
        body(k);
      } catch (...) {
        errors[k] = std::current_exception();
      }
    };
    std::vector<std::thread> pool;
    for (unsigned k = 1; k < threads; ++k)
      pool.emplace_back(guarded, k);
    guarded(0);
    for (std::thread &thread : pool)
      thread.join();
    for (std::exception_ptr &error : errors)
      if (error)
        std::rethrow_exception(error);
  }

  /// Projections whose rows are generated into CSRs per thread: one
  /// projection, or a population's fused static projections
  /// (fillOutgoingRows).
  /// Row r holds presynaptic neuron first + r (numbered in the population);
  /// its segment of member q runs from rowStart[r * width + q] to
  /// rowStart[r * width + q + 1].
  ///
  /// Rows are generated in parallel blocks, one per thread. Rows delivered
  /// by deliverStaticRows stay in their blocks (`keepBlocks`), block b
  /// holding the rows of thread b's share of the presynaptic population:
  /// csr[k * threads + b] holds thread k's synapses of the
  /// rows of block b, which are exactly the rows of the spikes of thread
  /// b's share. Joining the blocks into one CSR per thread would copy half
  /// of them into fresh memory (a third more pages for the kernel to zero,
  /// on this VM at times 0.5 GB/s). Other rows (plastic, scaled, with delays
  /// of their own, or generated by column) are joined, csr[k] holding all
  /// of thread k's rows, as their per-row lookups need one index.
  struct RowGroup {
    std::vector<uint32_t> members;
    std::vector<SynapseRows<Weight>> *csr;
    uint32_t first, rows;
    bool weights;      // the CSR holds a weight per synapse (every member)
    bool keepBlocks;   // csr holds blocks, see above
    std::string owner; // "projection 'x'", for errors
    uint32_t width() const { return uint32_t(members.size()); }
  };

  /// The rows of a block of a group's rows as one builder generated them,
  /// split by the thread that owns the postsynaptic neurons; `rowStart`
  /// counts from the block's first row.
  struct RowBlock {
    Range rows;
    std::vector<SynapseRows<Weight>> owners;
    uint32_t maxDelay = 0; // the longest delay of the synapses' own delays
    uint64_t saturations = 0;
  };

  /// Generates the synapses of a population's outgoing projections. Static
  /// projections with one delay are fused when there are several: a
  /// neuron's rows of all of them lie side by side, behind one run of start
  /// indices, so that a spike costs one start index and one run of memory
  /// instead of one of each per projection. Rows are short (CUBA's 80
  /// synapses are four rows with two threads), and a row's first cache
  /// lines cost the most.
  void fillOutgoingRows(Population &population) {
    chooseFusedMembers(population);
    if (!population.fusedMembers.empty())
      fillGroup({population.fusedMembers, &population.fusedRows,
                 population.fusedSpan.begin, population.fusedSpan.size(),
                 anyWeights(population.fusedMembers), true,
                 "the static projections from population '" +
                     population.plan->name + "'"});
    for (uint32_t j : population.outgoing)
      if (!projections[j].fused)
        fillRows(projections[j]);
  }

  /// The projections to fuse: at least two, and only if their rows fill at
  /// least half of the span of presynaptic neurons they share (fused rows
  /// hold a start index per member for every neuron of the span; members
  /// from a few small views of a large population would pay for all of it).
  void chooseFusedMembers(Population &population) {
    std::vector<uint32_t> members;
    Range span{std::numeric_limits<uint32_t>::max(), 0};
    uint64_t rows = 0;
    for (uint32_t j : population.outgoing) {
      const Projection &projection = projections[j];
      const Slice &pre = projection.plan->pre;
      if (!deliversStaticRows(projection) ||
          generatedByColumn(*projection.plan))
        continue;
      members.push_back(j);
      span = {std::min(span.begin, pre.start),
              std::max(span.end, pre.start + pre.size)};
      rows += pre.size;
    }
    if (members.size() < 2 || 2 * rows < uint64_t(span.size()) * members.size())
      return;
    population.fusedMembers = members;
    population.fusedSpan = span;
    for (uint32_t j : members)
      projections[j].fused = true;
  }

  /// Static synapses with one delay: delivered by deliverStaticRows.
  static bool deliversStaticRows(const Projection &projection) {
    return !projection.stdp && projection.uniformDelay && !projection.modulated;
  }

  bool anyWeights(const std::vector<uint32_t> &members) const {
    return std::any_of(members.begin(), members.end(), [&](uint32_t j) {
      return !projections[j].uniformWeight;
    });
  }

  /// A projection of its own. Column-wise connectors (fixed_number_pre)
  /// are generated whole and reordered by row first.
  void fillRows(Projection &projection) {
    const ProjectionPlan &source = *projection.plan;
    ConnectivityGenerator generator(source, projection.index);
    bool keepBlocks = deliversStaticRows(projection) && !generator.byColumn();
    RowGroup group{{projection.index},
                   &projection.rows,
                   source.pre.start,
                   source.pre.size,
                   !projection.uniformWeight,
                   keepBlocks,
                   "projection '" + source.name + "'"};
    projection.rowBlocks = keepBlocks ? threads : 1;
    if (generator.byColumn()) {
      std::vector<RowBlock> blocks(1);
      fillFromColumns(generator, group, blocks[0]);
      joinBlocks(group, blocks);
    } else {
      fillGroup(group);
    }
    if (projection.stdp)
      buildPlasticity(projection);
  }

  /// The column index and the postsynaptic history of a plastic projection.
  void buildPlasticity(Projection &projection) {
    const ProjectionPlan &source = *projection.plan;
    const Population &post = populations[source.post.population];
    runParallel([&](unsigned k) { buildColumns(projection, post, k); });
    uint32_t shortest = std::numeric_limits<uint32_t>::max(), longest = 0;
    for (const SynapseRows<Weight> &rows : projection.rows)
      for (uint32_t s = 0; s < rows.post.size(); ++s) {
        shortest = std::min(shortest, ruleDelay(projection, rows, s));
        longest = std::max(longest, ruleDelay(projection, rows, s));
      }
    shortest = std::min(shortest, longest); // no synapses: 0
    // Spikes join the history when the shortest delay sees them.
    projection.postsSeen.assign(
        threads, kernels::DelayedPostSpikes(std::max(shortest, 1u)));
    uint32_t depth =
        kernels::postHistoryDepth(shortest, longest, shortestRefractory(post));
    // Delays spread wide onto neurons that may fire at every step need a
    // spike per step of the spread: refused before allocating (as
    // recordings are, checkRecordingSize).
    if (double(source.post.size) * depth >
        double(kernels::kMaxPostHistoryEntries))
      throw RuntimeError(
          "projection '" + source.name + "': its STDP synapses would keep " +
          std::to_string(depth) + " spikes of each of " +
          std::to_string(source.post.size) +
          " postsynaptic neurons (delays of " + std::to_string(shortest) +
          " to " + std::to_string(longest) +
          " steps onto neurons that can fire " +
          std::to_string(shortestRefractory(post) + 1) +
          " step(s) apart), more than 2^28; narrow the delays' range");
    projection.postHistory =
        kernels::PostSpikeHistory<T>(source.post.size, depth);
  }

  /// The delay after which synapse s sees a postsynaptic spike: its own
  /// for the pair rule (sPyNNaker's dendritic delay); none for NALSM's
  /// trace rule, which pairs emission steps.
  static uint32_t ruleDelay(const Projection &projection,
                            const SynapseRows<Weight> &rows, uint32_t s) {
    if (projection.plan->stdp->rule != StdpRule::Pair)
      return 0;
    return projection.uniformDelay ? projection.delay : rows.delay[s];
  }

  /// The fewest steps any neuron of `population` stays refractory.
  static uint32_t shortestRefractory(const Population &population) {
    switch (population.kind) {
    case CellKind::IfCurrExp:
      return kernels::shortestRefractory(population.currExp);
    case CellKind::IfCondExp:
      return kernels::shortestRefractory(population.condExp);
    case CellKind::IfCurrAlpha:
      return kernels::shortestRefractory(population.currAlpha);
    default: // Izhikevich: no refractory period
      return 0;
    }
  }

  /// Generates a group line by line, straight into synapse rows. Blocks of
  /// rows are generated in parallel (each line is keyed by its own index,
  /// so the split cannot change it), then kept or joined in row order into
  /// each thread's CSR (RowGroup).
  void fillGroup(const RowGroup &group) {
    std::vector<ConnectivityGenerator> generators;
    generators.reserve(group.width());
    for (uint32_t j : group.members)
      generators.emplace_back(plan.projections[j], j);
    std::vector<RowBlock> blocks(threads);
    const Population &pre =
        populations[plan.projections[group.members[0]].pre.population];
    // Kept blocks follow the threads' shares of the presynaptic population;
    // blocks to be joined split the rows evenly (a view may lie in one
    // share).
    runParallel([&](unsigned b) {
      Range rows = group.keepBlocks ? blockRows(pre, group.first, group.rows, b)
                                    : shareOf(group.rows, b, threads);
      fillBlock(group, generators, rows, b == 0 && !group.keepBlocks,
                blocks[b]);
    });
    if (group.keepBlocks)
      storeBlocks(group, blocks);
    else
      joinBlocks(group, blocks);
  }

  /// Block b of a group's rows (counted from `first`, `rows` of them): those
  /// of the presynaptic neurons in thread b's share of the population.
  static Range blockRows(const Population &pre, uint32_t first, uint32_t rows,
                         unsigned b) {
    Range share = pre.ranges[b];
    uint32_t begin = std::clamp(share.begin, first, first + rows);
    uint32_t end = std::clamp(share.end, first, first + rows);
    return {begin - first, end - first};
  }

  /// Stores the blocks as they are: csr[k * threads + b] (RowGroup).
  void storeBlocks(const RowGroup &group, std::vector<RowBlock> &blocks) {
    std::vector<SynapseRows<Weight>> &csr = *group.csr;
    csr.assign(size_t(threads) * threads, {});
    Population &post =
        populations[projections[group.members[0]].plan->post.population];
    for (unsigned b = 0; b < threads; ++b) {
      post.maxDelay = std::max(post.maxDelay, blocks[b].maxDelay);
      buildSaturations += blocks[b].saturations;
      for (unsigned k = 0; k < threads; ++k)
        csr[size_t(k) * threads + b] = std::move(blocks[b].owners[k]);
    }
    checkIndexRange(group);
  }

  void startBlock(RowBlock &block, Range rows, const RowGroup &group) {
    block.rows = rows;
    block.owners.assign(threads, {});
    for (SynapseRows<Weight> &owner : block.owners)
      owner.rowStart.assign(size_t(rows.size()) * group.width() + 1, 0);
  }

  /// The presynaptic neurons of member q's slice among the group's rows
  /// `rows`, as member q's lines.
  Range memberLines(const RowGroup &group, uint32_t q, Range rows) const {
    const Slice &pre = projections[group.members[q]].plan->pre;
    uint32_t begin = std::max(group.first + rows.begin, pre.start);
    uint32_t end = std::min(group.first + rows.end, pre.start + pre.size);
    return begin < end ? Range{begin - pre.start, end - pre.start} : Range{};
  }

  /// Reserves each owner's share of the block's expected synapses (with a
  /// little slack): growing the arrays instead copies them and faults their
  /// pages in twice. The first block reserves for all the group's rows, as
  /// its arrays become the CSR's and take the other blocks' synapses
  /// (joinBlocks).
  void reserveBlock(const RowGroup &group,
                    const std::vector<ConnectivityGenerator> &generators,
                    RowBlock &block, bool first) const {
    Range lines = first ? Range{0, group.rows} : block.rows;
    std::vector<double> expected(threads, 0.0);
    bool delays = false;
    for (uint32_t q = 0; q < group.width(); ++q) {
      const Projection &projection = projections[group.members[q]];
      const Population &post = populations[projection.plan->post.population];
      double synapses =
          generators[q].expectedSynapses(memberLines(group, q, lines).size());
      for (unsigned k = 0; k < threads; ++k)
        expected[k] +=
            synapses * post.ranges[k].size() / std::max(1u, post.size);
      delays |= !projection.uniformDelay;
    }
    for (unsigned k = 0; k < threads; ++k) {
      // Refused before reserving (checkIndexRange would refuse it after):
      // the expectation of a group this large is within a fraction of a
      // percent of its count.
      if (expected[k] > 1.01 * double(std::numeric_limits<uint32_t>::max()))
        throw RuntimeError(tooManySynapses(group));
      auto count = size_t(expected[k] * 1.02 + 64);
      SynapseRows<Weight> &rows = block.owners[k];
      rows.post.reserve(count);
      if (group.weights)
        rows.weight.reserve(count);
      if (delays)
        rows.delay.reserve(count);
    }
  }

  /// What filling a member's rows looks up, once per block.
  struct MemberFill {
    const Projection *projection;
    const Population *post;
    const Codec *codec;
    const ConnectivityGenerator *generator;
    Range pre; // presynaptic neurons, numbered in the population
    // Rows whose weight and delay are uniform need their partners only.
    bool partnersOnly;
  };

  MemberFill memberFill(const RowGroup &group,
                        const ConnectivityGenerator &generator,
                        uint32_t q) const {
    const Projection &projection = projections[group.members[q]];
    const Slice &pre = projection.plan->pre;
    const Population &post = populations[projection.plan->post.population];
    return {&projection,
            &post,
            &post.codecs[projection.receptor],
            &generator,
            {pre.start, pre.start + pre.size},
            projection.uniformWeight && projection.uniformDelay &&
                generator.partnersSuffice()};
  }

  void fillBlock(const RowGroup &group,
                 const std::vector<ConnectivityGenerator> &generators,
                 Range rows, bool first, RowBlock &block) {
    uint64_t before = saturationCounter();
    startBlock(block, rows, group);
    reserveBlock(group, generators, block, first);
    std::vector<MemberFill> members;
    for (uint32_t q = 0; q < group.width(); ++q)
      members.push_back(memberFill(group, generators[q], q));
    std::vector<uint32_t> partners;
    std::vector<SynapseDraw> draws;
    for (uint32_t row = rows.begin; row < rows.end; ++row)
      for (uint32_t q = 0; q < group.width(); ++q) {
        const MemberFill &member = members[q];
        size_t slot = size_t(row - rows.begin) * group.width() + q;
        uint32_t neuron = group.first + row;
        if (neuron < member.pre.begin || neuron >= member.pre.end) {
          appendRow(group, member, block, slot, partners.data(),
                    partners.data()); // not in the member's slice
        } else if (member.partnersOnly) {
          partners.clear();
          member.generator->generatePartners(neuron - member.pre.begin,
                                             partners);
          appendRow(group, member, block, slot, partners.data(),
                    partners.data() + partners.size());
        } else {
          draws.clear();
          member.generator->generate(neuron - member.pre.begin, draws);
          appendRow(group, member, block, slot, draws.data(),
                    draws.data() + draws.size());
        }
      }
    block.saturations = saturationCounter() - before;
    saturationCounter() = before; // counted once, through the block
  }

  void fillFromColumns(const ConnectivityGenerator &generator,
                       const RowGroup &group, RowBlock &block) {
    MemberFill member = memberFill(group, generator, 0);
    uint32_t rowCount = group.rows;
    uint64_t before = saturationCounter();
    startBlock(block, {0, rowCount}, group);
    std::vector<SynapseDraw> all;
    for (uint32_t column = 0; column < generator.lineCount(); ++column)
      generator.generate(column, all);
    std::stable_sort(all.begin(), all.end(),
                     [](const SynapseDraw &a, const SynapseDraw &b) {
                       return a.pre < b.pre;
                     });
    size_t next = 0;
    for (uint32_t row = 0; row < rowCount; ++row) {
      size_t end = next;
      while (end < all.size() && all[end].pre == row)
        ++end;
      appendRow(group, member, block, row, all.data() + next, all.data() + end);
      next = end;
    }
    block.saturations = saturationCounter() - before;
    saturationCounter() = before;
  }

  /// The longest delay of the draws [begin, end). Kept out of line: GCC 12
  /// turned this maximum, inlined into appendRow's loop, into a vector max
  /// kept on the stack and read back wider than it was written (a
  /// store-forwarding stall per synapse, most of the loop's time).
  [[gnu::noinline]] static uint32_t longestDelay(const SynapseDraw *begin,
                                                 const SynapseDraw *end) {
    uint32_t longest = 0;
    for (const SynapseDraw *draw = begin; draw != end; ++draw)
      longest = std::max(longest, draw->delay);
    return longest;
  }

  static uint32_t partnerOf(const SynapseDraw &draw) { return draw.post; }
  static uint32_t partnerOf(uint32_t partner) { return partner; }

  /// Appends a member's row segment at `slot` of the block, given as
  /// SynapseDraws or (uniform weight and delay) as its partners alone.
  template <typename Synapse>
  void appendRow(const RowGroup &group, const MemberFill &member,
                 RowBlock &block, size_t slot, const Synapse *begin,
                 const Synapse *end) const {
    constexpr bool kDraws = std::is_same_v<Synapse, SynapseDraw>;
    const Projection &projection = *member.projection;
    const ProjectionPlan &source = *projection.plan;
    // A uniform delay was checked when the projection was set up; else the
    // row's longest delay is checked, and then every delay of the row fits
    // 16 bits.
    if constexpr (kDraws)
      if (!projection.uniformDelay)
        block.maxDelay = std::max<uint32_t>(
            block.maxDelay, checkedDelay(longestDelay(begin, end)));
    uint32_t offset = source.post.start;
    if (!group.weights && projection.uniformDelay &&
        (threads == 1 || !kDraws)) {
      // Targets alone, each owner's run of them at once, without
      // push_back's reload of the vector's end per synapse. With several
      // owners the runs need ascending targets: partners come from
      // procedural connectors, which generate them in ascending order
      // (ConnectivityGenerator::generate); draws may come from a list in
      // any order, and go synapse by synapse.
      const Synapse *run = begin;
      for (unsigned k = 0; k < threads; ++k) {
        const Synapse *stop = run;
        uint32_t limit = member.post->ranges[k].end;
        while (stop != end && offset + partnerOf(*stop) < limit)
          ++stop;
        appendTargets(block.owners[k].post, run, stop, offset);
        run = stop;
      }
      assert(run == end && "partners out of order");
    } else {
      for (const Synapse *synapse = begin; synapse != end; ++synapse)
        appendSynapse(group, member, block, offset + partnerOf(*synapse),
                      *synapse);
    }
    for (SynapseRows<Weight> &rows : block.owners)
      rows.rowStart[slot + 1] = uint32_t(std::min<size_t>(
          rows.post.size(), std::numeric_limits<uint32_t>::max()));
  }

  template <typename Synapse>
  static void appendTargets(HugePageVector<uint32_t> &targets,
                            const Synapse *begin, const Synapse *end,
                            uint32_t offset) {
    size_t first = targets.size();
    targets.resize(first + size_t(end - begin));
    uint32_t *out = targets.data() + first;
    for (const Synapse *synapse = begin; synapse != end; ++synapse)
      *out++ = offset + partnerOf(*synapse);
  }

  template <typename Synapse>
  void appendSynapse(const RowGroup &group, const MemberFill &member,
                     RowBlock &block, uint32_t target,
                     const Synapse &synapse) const {
    const Projection &projection = *member.projection;
    SynapseRows<Weight> &rows =
        block.owners[ownerOf(target, member.post->size, threads)];
    rows.post.push_back(target);
    if constexpr (std::is_same_v<Synapse, SynapseDraw>) {
      if (group.weights)
        rows.weight.push_back(projection.uniformWeight
                                  ? projection.weight
                                  : member.codec->encode(signedMagnitude(
                                        projection, synapse.weight)));
      if (!projection.uniformDelay)
        rows.delay.push_back(uint16_t(synapse.delay));
    } else if (group.weights) {
      rows.weight.push_back(projection.weight);
    }
  }

  /// Concatenates the blocks, in row order, into each thread's CSR.
  void joinBlocks(const RowGroup &group, std::vector<RowBlock> &blocks) {
    std::vector<SynapseRows<Weight>> &csr = *group.csr;
    csr.assign(threads, {});
    // Only a projection of its own has delays of its own.
    Population &post =
        populations[projections[group.members[0]].plan->post.population];
    for (RowBlock &block : blocks) {
      post.maxDelay = std::max(post.maxDelay, block.maxDelay);
      buildSaturations += block.saturations;
    }
    if (blocks.size() == 1) { // one block spans every row: no copy needed
      for (unsigned k = 0; k < threads; ++k)
        csr[k] = std::move(blocks[0].owners[k]);
      checkIndexRange(group);
      return;
    }
    // Each thread joins its own CSR: the first block's part, reserved for
    // the whole CSR (reserveBlock), is taken over, and the others' parts
    // are appended to it.
    runParallel([&](unsigned k) {
      size_t total = 0;
      for (const RowBlock &block : blocks)
        total += block.owners[k].post.size();
      if (total > std::numeric_limits<uint32_t>::max())
        throw RuntimeError(tooManySynapses(group));
      SynapseRows<Weight> &rows = csr[k];
      rows = std::move(blocks[0].owners[k]);
      rows.rowStart.resize(size_t(group.rows) * group.width() + 1);
      for (size_t b = 1; b < blocks.size(); ++b) {
        RowBlock &block = blocks[b];
        SynapseRows<Weight> &part = block.owners[k];
        uint32_t offset = uint32_t(rows.post.size());
        size_t first = size_t(block.rows.begin) * group.width();
        for (size_t r = 0; r + 1 < part.rowStart.size(); ++r)
          rows.rowStart[first + r + 1] = offset + part.rowStart[r + 1];
        rows.post.insert(rows.post.end(), part.post.begin(), part.post.end());
        rows.weight.insert(rows.weight.end(), part.weight.begin(),
                           part.weight.end());
        rows.delay.insert(rows.delay.end(), part.delay.begin(),
                          part.delay.end());
        part = {}; // release the fragment's memory early
      }
    });
  }

  void checkIndexRange(const RowGroup &group) const {
    for (const SynapseRows<Weight> &rows : *group.csr)
      if (rows.post.size() > std::numeric_limits<uint32_t>::max())
        throw RuntimeError(tooManySynapses(group));
  }

  static std::string tooManySynapses(const RowGroup &group) {
    return group.owner + (group.width() == 1 ? " has" : " have") +
           " more than 2^32 synapses onto one thread's neurons; use more "
           "threads";
  }

  /// The incoming synapses of each of thread k's neurons, for potentiation.
  void buildColumns(Projection &projection, const Population &post,
                    unsigned k) {
    SynapseRows<Weight> &rows = projection.rows[k];
    Range range = post.ranges[k];
    rows.columnStart.assign(range.size() + 1, 0);
    for (uint32_t target : rows.post)
      ++rows.columnStart[target - range.begin + 1];
    for (size_t i = 1; i < rows.columnStart.size(); ++i)
      rows.columnStart[i] += rows.columnStart[i - 1];
    rows.columnSynapse.resize(rows.post.size());
    rows.columnPre.resize(rows.post.size());
    std::vector<uint32_t> next(rows.columnStart.begin(),
                               rows.columnStart.end() - 1);
    for (uint32_t row = 0; row + 1 < rows.rowStart.size(); ++row)
      for (uint32_t s = rows.rowStart[row]; s < rows.rowStart[row + 1]; ++s) {
        uint32_t slot = next[rows.post[s] - range.begin]++;
        rows.columnSynapse[slot] = s;
        rows.columnPre[slot] = row;
      }
    if (!projection.uniformDelay)
      sortColumnsByDelay(projection, rows);
  }

  /// Each column in the order its synapses see a postsynaptic spike
  /// (updatePlasticity walks it as the steps pass).
  static void sortColumnsByDelay(const Projection &projection,
                                 SynapseRows<Weight> &rows) {
    std::vector<std::pair<uint32_t, uint32_t>> column; // (synapse, pre)
    for (uint32_t c = 0; c + 1 < rows.columnStart.size(); ++c) {
      uint32_t begin = rows.columnStart[c], end = rows.columnStart[c + 1];
      column.clear();
      for (uint32_t i = begin; i < end; ++i)
        column.push_back({rows.columnSynapse[i], rows.columnPre[i]});
      std::stable_sort(column.begin(), column.end(),
                       [&](const auto &a, const auto &b) {
                         return ruleDelay(projection, rows, a.first) <
                                ruleDelay(projection, rows, b.first);
                       });
      for (uint32_t i = begin; i < end; ++i)
        std::tie(rows.columnSynapse[i], rows.columnPre[i]) = column[i - begin];
    }
  }

  void buildRecorder(uint32_t r) {
    const RecordingPlan &source = plan.recordings[r];
    Recorder &recorder = recorders[r];
    const models::CellTypeInfo &info =
        models::cellType(plan.populations[source.target.population].kind);
    recorder.plan = &source;
    recorder.samples =
        (steps + source.samplingInterval - 1) / source.samplingInterval;
    size_t sampled = std::count_if(
        source.variables.begin(), source.variables.end(),
        [](const std::string &variable) { return variable != "spikes"; });
    checkRecordingSize("population",
                       plan.populations[source.target.population].name,
                       source.samplingInterval, recorder.samples,
                       double(source.target.size) * double(sampled));
    for (const std::string &variable : source.variables) {
      if (variable == "spikes") {
        recorder.spikes = true;
        continue;
      }
      recorder.stateIndex.push_back(info.stateIndex(variable));
      recorder.stateNames.push_back(variable);
      recorder.values.emplace_back(recorder.samples * source.target.size, 0.0);
    }
    populations[source.target.population].recordings.push_back(r);
  }

  void allocateStepSpikes(StepSpikes &buffer) {
    buffer.neurons.resize(populations.size());
    buffer.counts.assign(populations.size(), std::vector<uint32_t>(threads, 0));
    for (uint32_t p = 0; p < populations.size(); ++p) {
      buffer.neurons[p].resize(threads);
      for (unsigned k = 0; k < threads; ++k)
        buffer.neurons[p][k].resize(populations[p].ranges[k].size());
    }
  }

  //===--------------------------------------------------------------------===//
  // Neuron updates (phase A)
  //===--------------------------------------------------------------------===//

  template <typename C, typename F>
  static uint32_t withCoefficients(const std::vector<C> &coefficients,
                                   bool homogeneous, F &&body,
                                   uint32_t first = 0) {
    if (homogeneous)
      return body(kernels::UniformCoefficients<C>{coefficients.front()});
    return body(kernels::PerNeuronCoefficients<C>{coefficients.data() + first});
  }

  /// The Poisson state of `range`, indexed from its first neuron.
  kernels::PoissonState poissonState(Population &population, Range range) {
    return {population.nextSpike.data() + range.begin,
            population.spikeNumber.data() + range.begin};
  }

  kernels::SpikeArrayView spikeTrains(uint32_t p) const {
    const SpikeTrains &trains = plan.populations[p].spikeTrains;
    return {trains.offsets.empty() ? nullptr : trains.offsets.data(),
            trains.steps.data(), trains.steps.size()};
  }

  kernels::LifState<T> lifState(Population &population, int64_t step) {
    return {population.variables[0].data(), population.variables[1].data(),
            population.variables[2].data(), population.refractoryUntil.data(),
            uint32_t(step)};
  }

  uint32_t updateNeurons(Population &population, int64_t step, Range range,
                         uint32_t *spikes, unsigned k) {
    if (population.kind == CellKind::SpikeSourcePoisson)
      return withCoefficients(
          population.poisson, population.homogeneous,
          [&](const auto &c) {
            return kernels::stepPoisson(c, poissonState(population, range),
                                        plan.seed, population.id, step,
                                        range.begin, range.end, spikes);
          },
          range.begin);
    if (population.kind == CellKind::SpikeSourceArray)
      return kernels::stepSpikeArray(spikeTrains(population.id),
                                     population.cursor.data(), step,
                                     range.begin, range.end, spikes);
    if constexpr (std::is_floating_point_v<T>) {
      if (population.inFrame)
        return updateInFrame(population, step, range, spikes, k);
      if (population.inputInState)
        return updateModel(population, kernels::InputInState<T>{}, step, range,
                           spikes);
    }
    RingInput input{population.input.slot(step, 0),
                    population.input.slot(step, 1), population.codecs[0],
                    population.codecs[1]};
    return updateModel(population, input, step, range, spikes);
  }

  /// A population in a frame: the kernel with thread k's frame factors,
  /// then the frames decay one step.
  uint32_t updateInFrame(Population &population, int64_t step, Range range,
                         uint32_t *spikes, unsigned k) {
    const std::array<double, 2> &frame = population.frames[k].factor;
    kernels::InputInFrame<T> input{T(frame[0]), T(frame[1])};
    kernels::LifState<T> state = lifState(population, step);
    uint32_t count = population.kind == CellKind::IfCurrExp
                         ? kernels::stepIfCurrExp<T>(
                               kernels::UniformCoefficients<
                                   kernels::IfCurrExpCoefficients<T>>{
                                   population.currExp.front()},
                               state, input, range.begin, range.end, spikes)
                         : kernels::stepIfCondExp<T>(
                               kernels::UniformCoefficients<
                                   kernels::IfCondExpCoefficients<T>>{
                                   population.condExp.front()},
                               state, input, range.begin, range.end, spikes);
    advanceFrames(population, range, k);
    return count;
  }

  template <typename Input>
  uint32_t updateModel(Population &population, const Input &input, int64_t step,
                       Range range, uint32_t *spikes) {
    auto &vars = population.variables;
    switch (population.kind) {
    case CellKind::IfCurrExp:
      return withCoefficients(
          population.currExp, population.homogeneous, [&](const auto &c) {
            return kernels::stepIfCurrExp<T>(c, lifState(population, step),
                                             input, range.begin, range.end,
                                             spikes);
          });
    case CellKind::IfCondExp:
      return withCoefficients(
          population.condExp, population.homogeneous, [&](const auto &c) {
            return kernels::stepIfCondExp<T>(c, lifState(population, step),
                                             input, range.begin, range.end,
                                             spikes);
          });
    case CellKind::IfCurrAlpha:
      return withCoefficients(
          population.currAlpha, population.homogeneous, [&](const auto &c) {
            kernels::AlphaState<T> state{lifState(population, step),
                                         vars[3].data(), vars[4].data()};
            return kernels::stepIfCurrAlpha<T>(c, state, input, range.begin,
                                               range.end, spikes);
          });
    case CellKind::Izhikevich:
      return withCoefficients(
          population.izhikevich, population.homogeneous, [&](const auto &c) {
            kernels::IzhikevichState<T> state{vars[0].data(), vars[1].data()};
            return kernels::stepIzhikevich<T>(c, state, input, range.begin,
                                              range.end, spikes);
          });
    default:
      return 0;
    }
  }

  void sampleState(Population &population, int64_t step, Range range) {
    for (uint32_t r : population.recordings) {
      Recorder &recorder = recorders[r];
      const Slice &target = recorder.plan->target;
      if (recorder.stateIndex.empty() ||
          step % recorder.plan->samplingInterval != 0)
        continue;
      uint64_t row = uint64_t(step) / recorder.plan->samplingInterval;
      uint32_t begin = std::max(range.begin, target.start);
      uint32_t end = std::min(range.end, target.start + target.size);
      for (size_t v = 0; v < recorder.stateIndex.size(); ++v) {
        const std::vector<T> &state =
            population.variables[recorder.stateIndex[v]];
        double *out = recorder.values[v].data() + row * target.size;
        for (uint32_t i = begin; i < end; ++i)
          out[i - target.start] = N::toDouble(state[i]);
      }
    }
  }

  void noteSpikes(Population &population, int64_t step, const uint32_t *spikes,
                  uint32_t count) {
    for (uint32_t s = 0; s < count; ++s)
      population.spikeStatistics[spikes[s]].note(step);
  }

  /// The first thread to finish the update of `step` records the spikes of
  /// the step before, which every thread has passed the barrier of; the
  /// last step is recorded after the run. The first to arrive would
  /// otherwise wait for the others: recording where threads took turns
  /// held the other thread up by the recording's time every step.
  void recordPreviousStep(int64_t step) {
    if (step == 0)
      return;
    int64_t last = step - 2;
    if (lastRecorded.compare_exchange_strong(last, step - 1,
                                             std::memory_order_acq_rel))
      recordSpikes(stepSpikes[(step - 1) & 1], step - 1);
  }

  /// Appends a step's spikes to the recordings, in the global order (so the
  /// neurons stay ascending). One thread does it (recordPreviousStep): the
  /// recordings need no merge, and hold no per-thread copies.
  void recordSpikes(const StepSpikes &spikes, int64_t step) {
    for (Recorder &recorder : recorders) {
      if (!recorder.spikes)
        continue;
      const Slice &target = recorder.plan->target;
      std::vector<uint32_t> &out = recorder.spikeNeurons;
      size_t before = out.size();
      size_t most = 0; // every spike of the step in the slice
      for (unsigned t = 0; t < threads; ++t)
        most += spikes.counts[target.population][t];
      reserveMapped(out, before + most);
      forEachSpike(spikes, target.population, [&](uint32_t neuron) {
        if (neuron - target.start < target.size) // also below start
          out.push_back(neuron - target.start);
      });
      if (out.size() > before)
        recorder.stepRuns.push_back(
            {uint32_t(step), uint32_t(out.size() - before)});
    }
  }

  void updatePhase(unsigned k, int64_t step) {
    StepSpikes &out = stepSpikes[step & 1];
    astro.sample(k, step);
    // Odd steps take the populations, like each population's neurons
    // (kernels::integrateAndFire), from the last to the first, so that a
    // step starts on the state the step before left in the cache.
    for (size_t i = 0; i < populations.size(); ++i) {
      Population &population =
          populations[step & 1 ? populations.size() - 1 - i : i];
      Range range = population.ranges[k];
      uint32_t *spikes = out.neurons[population.id][k].data();
      out.counts[population.id][k] = 0;
      if (range.size() == 0)
        continue;
      sampleState(population, step, range);
      injectAstrocyteCurrent(population, step, range, k);
      uint32_t count = updateNeurons(population, step, range, spikes, k);
      out.counts[population.id][k] = count;
      noteSpikes(population, step, spikes, count);
    }
  }

  //===--------------------------------------------------------------------===//
  // Spike delivery and plasticity (phase B)
  //===--------------------------------------------------------------------===//

  /// Adds weightAt(s), or subtracts it, into target[post[s]] for each
  /// s < count: the tight loop of a static row.
  template <typename WeightAt>
  static void accumulate(Buffer *target, const uint32_t *post, uint32_t count,
                         bool subtract, WeightAt weightAt) {
    if (subtract)
      for (uint32_t s = 0; s < count; ++s)
        Codec::subtract(target[post[s]], weightAt(s));
    else
      for (uint32_t s = 0; s < count; ++s)
        Codec::add(target[post[s]], weightAt(s));
  }

  static void addOne(Buffer &target, Weight weight, bool subtract) {
    if (subtract)
      Codec::subtract(target, weight);
    else
      Codec::add(target, weight);
  }

  /// Where a member projection's static rows deliver this step, with what
  /// the row loop needs, looked up once per step: its buffer, and its one
  /// weight already times the frame inverse (uniform weights) or the frame
  /// inverse to multiply each weight by.
  struct MemberTarget {
    Buffer *slot;
    double inverse; // frameInverse
    Weight weight;  // uniform weights: the weight in the frame
    bool uniform, subtract;
  };

  /// Synapses [begin, begin + count) of a static row with one delay into
  /// `target`, each weight times the target's frame inverse: one tight
  /// loop.
  static void accumulateRow(const SynapseRows<Weight> &rows,
                            const MemberTarget &target, uint32_t begin,
                            uint32_t count) {
    const uint32_t *targets = rows.post.data() + begin;
    if (target.uniform) {
      Weight weight = target.weight;
      return accumulate(target.slot, targets, count, target.subtract,
                        [weight](uint32_t) { return weight; });
    }
    const Weight *weights = rows.weight.data() + begin;
    if constexpr (std::is_floating_point_v<T>)
      if (target.inverse != 1.0) {
        T inverse = T(target.inverse);
        return accumulate(target.slot, targets, count, target.subtract,
                          [=](uint32_t s) { return weights[s] * inverse; });
      }
    return accumulate(target.slot, targets, count, target.subtract,
                      [weights](uint32_t s) { return weights[s]; });
  }

  /// A static row whose synapses have delays of their own (rows with one
  /// delay go through deliverStaticRows).
  void deliverStatic(Projection &projection, SynapseRows<Weight> &rows,
                     Population &post, int64_t step, uint32_t begin,
                     uint32_t count) {
    const uint32_t *targets = rows.post.data() + begin;
    for (uint32_t s = 0; s < count; ++s) {
      Weight weight =
          projection.uniformWeight ? projection.weight : rows.weight[begin + s];
      Buffer *slot =
          inputBuffer(post, step + rows.delay[begin + s], projection.receptor);
      addOne(slot[targets[s]], weight, projection.subtract);
    }
  }

  /// A presynaptic spike on a plastic row: depress each synapse by the
  /// postsynaptic trace, then deliver the new weight.
  void deliverPlastic(Projection &projection, SynapseRows<Weight> &rows,
                      Population &post, int64_t step, uint32_t begin,
                      uint32_t count, unsigned k) {
    const Codec &codec = post.codecs[projection.receptor];
    const kernels::StdpCoefficients<T> &stdp = *projection.stdp;
    uint32_t postStart = projection.plan->post.start;
    for (uint32_t s = begin; s < begin + count; ++s) {
      uint32_t target = rows.post[s];
      T trace = projection.postHistory.seenAt(target - postStart, step,
                                              ruleDelay(projection, rows, s),
                                              stdp.decayMinus);
      T weight = kernels::depress(astroRule(projection, target, k),
                                  codec.decode(rows.weight[s]), trace);
      rows.weight[s] = codec.encodeValue(weight);
      uint32_t delay =
          projection.uniformDelay ? projection.delay : rows.delay[s];
      Buffer *slot = inputBuffer(post, step + delay, projection.receptor);
      addOne(slot[target], astroScaled(projection, rows.weight[s], target, k),
             projection.subtract);
    }
  }

  uint64_t deliverSpike(uint32_t j, uint32_t neuron, int64_t step, unsigned k) {
    Projection &projection = projections[j];
    const Slice &pre = projection.plan->pre;
    if (neuron < pre.start || neuron >= pre.start + pre.size)
      return 0;
    uint32_t row = neuron - pre.start;
    SynapseRows<Weight> &rows = projection.rows[k];
    uint32_t begin = rows.rowStart[row], count = rows.rowStart[row + 1] - begin;
    if (count == 0)
      return 0;
    Population &post = populations[projection.plan->post.population];
    if (!projection.stdp && astro.coupling(j)) // astrocyte weight scaling
      deliverScaled(projection, rows, post, step, begin, count, k);
    else if (projection.stdp)
      deliverPlastic(projection, rows, post, step, begin, count, k);
    else
      deliverStatic(projection, rows, post, step, begin, count);
    return count;
  }

  /// The end of a step's plasticity for thread k's neurons. The
  /// presynaptic traces take the step's spikes. Then each synapse that sees
  /// a postsynaptic spike of step q at step seen = q + ruleDelay <= step + 1
  /// and has not yet potentiates with the presynaptic trace at `seen`; so a
  /// pre spike that arrives with a post spike pairs as post-before-pre (full
  /// depression), as in sPyNNaker. The trace rule sees this step's spikes
  /// at once: a same step pair is pre-before-post (docs/runtime.md, STDP).
  /// Last, the step's post spikes join the postsynaptic history.
  void updatePlasticity(Projection &projection, int64_t step, unsigned k,
                        const StepSpikes &spikes) {
    const ProjectionPlan &source = *projection.plan;
    const kernels::StdpCoefficients<T> &stdp = *projection.stdp;
    Population &post = populations[source.post.population];
    std::vector<kernels::Trace<T>> &preTraces = projection.preTraces[k];
    forEachSpike(spikes, source.pre.population, [&](uint32_t neuron) {
      if (neuron >= source.pre.start &&
          neuron < source.pre.start + source.pre.size)
        kernels::addSpike(preTraces[neuron - source.pre.start], step,
                          stdp.decayPlus, stdp.traceJump);
    });
    const uint32_t *own = spikes.neurons[post.id][k].data();
    uint32_t ownCount = spikes.counts[post.id][k];
    SynapseRows<Weight> &rows = projection.rows[k];
    Range range = post.ranges[k];
    const Codec &codec = post.codecs[projection.receptor];
    kernels::endPostsynapticStep(
        step, own, ownCount,
        {range.begin, rows.columnStart.data(), source.post.start,
         source.post.size},
        projection.pendingPosts[k], projection.postsSeen[k],
        projection.postHistory, stdp.decayMinus, stdp.traceJump,
        [&](uint32_t c) {
          return ruleDelay(projection, rows, rows.columnSynapse[c]);
        },
        [&](uint32_t c, int64_t seen, uint32_t column) {
          uint32_t synapse = rows.columnSynapse[c];
          T trace = kernels::traceAt(preTraces[rows.columnPre[c]], seen,
                                     stdp.decayPlus);
          rows.weight[synapse] = codec.encodeValue(kernels::potentiate(
              astroRule(projection, range.begin + column, k),
              codec.decode(rows.weight[synapse]), trace));
        });
    if (!projection.rates.empty())
      kernels::decayRates(projection.rates[k]);
  }

  /// Calls `body` on population p's spikes of a step in the global order:
  /// thread shares in order, each in ascending neuron order.
  template <typename F>
  void forEachSpike(const StepSpikes &spikes, uint32_t p, F &&body) const {
    for (unsigned t = 0; t < threads; ++t)
      for (uint32_t s = 0; s < spikes.counts[p][t]; ++s)
        body(spikes.neurons[p][t][s]);
  }

  /// A population's spikes of a step in the global order.
  struct SpikeList {
    const uint32_t *neurons;
    uint32_t count;
  };

  /// The spikes of thread t's share of population p, ascending.
  static SpikeList shareSpikes(const StepSpikes &spikes, uint32_t p,
                               unsigned t) {
    return {spikes.neurons[p][t].data(), spikes.counts[p][t]};
  }

  /// Population p's spikes of a step in the global order: thread shares in
  /// order, each ascending. One share is used in place; several are joined
  /// in thread k's scratch list, so that the rows can be prefetched across
  /// the shares' boundaries.
  SpikeList spikesInOrder(const StepSpikes &spikes, uint32_t p, unsigned k) {
    if (threads == 1)
      return {spikes.neurons[p][0].data(), spikes.counts[p][0]};
    std::vector<uint32_t> &joined = scratch[k].joinedSpikes;
    joined.clear();
    for (unsigned t = 0; t < threads; ++t)
      joined.insert(joined.end(), spikes.neurons[p][t].begin(),
                    spikes.neurons[p][t].begin() + spikes.counts[p][t]);
    return {joined.data(), uint32_t(joined.size())};
  }

  /// Delivers a population's spikes of a step, projection by projection,
  /// each in the global spike order: every (population, receptor) buffer
  /// still takes its inputs in one order whatever the thread count.
  /// Static rows go share by share, in their blocks (RowGroup).
  uint64_t deliverSpikes(const StepSpikes &spikes, const Population &population,
                         int64_t step, unsigned k) {
    uint32_t p = population.id;
    uint64_t events = 0;
    if (!population.fusedMembers.empty()) {
      const std::vector<MemberTarget> &targets =
          memberTargets(population.fusedMembers.data(),
                        uint32_t(population.fusedMembers.size()), step, k);
      for (unsigned t = 0; t < threads; ++t)
        events += deliverStaticRows(fusedRowIndex(population, k, t), targets,
                                    shareSpikes(spikes, p, t));
    }
    std::optional<SpikeList> inOrder; // joined once, if needed
    for (uint32_t j : population.outgoing) {
      Projection &projection = projections[j];
      if (projection.fused)
        continue;
      if (deliversStaticRows(projection)) {
        const std::vector<MemberTarget> &targets =
            memberTargets(&projection.index, 1, step, k);
        for (unsigned t = 0; t < threads; ++t)
          events += deliverStaticRows(staticRowIndex(projection, k, t), targets,
                                      shareSpikes(spikes, p, t));
        continue;
      }
      if (!inOrder)
        inOrder = spikesInOrder(spikes, p, k);
      forEachSpikePrefetching(
          *inOrder, rowIndex(projection, k),
          [&](uint32_t neuron) { events += deliverSpike(j, neuron, step, k); });
    }
    return events;
  }

  /// A spike's row lies anywhere in memory and costs a few cache misses,
  /// which the delivery loop alone would take one after the other. So rows
  /// are prefetched a window of spikes ahead: a row's start index
  /// 2 * kRowWindow spikes ahead, then, kRowWindow spikes ahead, when that
  /// index has arrived, every cache line of the row. The window is wide
  /// because rows are short (80 synapses in CUBA, split among the
  /// projections and threads) and their misses many. With several threads,
  /// each also prefetches the first rows of its own spikes before it waits
  /// for the others' (prefetchOwnRows).
  static constexpr uint32_t kRowWindow = 32;

  /// Rows to deliver from, as the prefetches see them: presynaptic neuron
  /// `first + r` has row r, which runs from rowStart[r * width] to
  /// rowStart[(r + 1) * width] (width > 1 for fused rows).
  struct RowIndex {
    const SynapseRows<Weight> *rows;
    uint32_t first, count, width;
  };

  /// Thread k's rows of a projection whose rows are joined.
  RowIndex rowIndex(const Projection &projection, unsigned k) const {
    assert(projection.rowBlocks == 1 && "rows kept in blocks");
    const Slice &pre = projection.plan->pre;
    return {&projection.rows[k], pre.start, pre.size, 1};
  }

  /// Thread k's rows of a static projection for the spikes of thread t's
  /// share (all its rows when they are joined).
  RowIndex staticRowIndex(const Projection &projection, unsigned k,
                          unsigned t) const {
    if (projection.rowBlocks == 1)
      return rowIndex(projection, k);
    const Slice &pre = projection.plan->pre;
    Range block =
        blockRows(populations[pre.population], pre.start, pre.size, t);
    return {&projection.rows[size_t(k) * threads + t], pre.start + block.begin,
            block.size(), 1};
  }

  /// Thread k's fused rows for the spikes of thread t's share.
  RowIndex fusedRowIndex(const Population &population, unsigned k,
                         unsigned t) const {
    Range span = population.fusedSpan;
    Range block = blockRows(population, span.begin, span.size(), t);
    return {&population.fusedRows[size_t(k) * threads + t],
            span.begin + block.begin, block.size(),
            uint32_t(population.fusedMembers.size())};
  }

  /// Prefetches the rows of the first spikes of `list`: the start of a
  /// window.
  static void prefetchFirstRows(SpikeList list, const RowIndex &index) {
    for (uint32_t s = 0; s < std::min(list.count, 2 * kRowWindow); ++s)
      prefetchRowStart(index, list.neurons[s]);
    for (uint32_t s = 0; s < std::min(list.count, kRowWindow); ++s)
      prefetchRow(index, list.neurons[s]);
  }

  /// Calls `deliver` on each spike of `list` in order, prefetching its rows
  /// in `index` a window ahead.
  template <typename Deliver>
  static void forEachSpikePrefetching(SpikeList list, const RowIndex &index,
                                      Deliver &&deliver) {
    prefetchFirstRows(list, index);
    for (uint32_t s = 0; s < list.count; ++s) {
      if (s + 2 * kRowWindow < list.count)
        prefetchRowStart(index, list.neurons[s + 2 * kRowWindow]);
      if (s + kRowWindow < list.count)
        prefetchRow(index, list.neurons[s + kRowWindow]);
      deliver(list.neurons[s]);
    }
  }

  /// Before thread k waits for the others' spikes of a step, it prefetches
  /// the first rows of its own: the wait then hides their misses. (With one
  /// thread there is no wait, and delivery's own window does the same.)
  void prefetchOwnRows(const StepSpikes &spikes, unsigned k) const {
    for (const Population &population : populations) {
      SpikeList own = shareSpikes(spikes, population.id, k);
      if (!population.fusedMembers.empty())
        prefetchFirstRows(own, fusedRowIndex(population, k, k));
      for (uint32_t j : population.outgoing) {
        const Projection &projection = projections[j];
        if (projection.fused)
          continue;
        prefetchFirstRows(own, deliversStaticRows(projection)
                                   ? staticRowIndex(projection, k, k)
                                   : rowIndex(projection, k));
      }
    }
  }

  /// Where the `width` members of a group of static rows deliver this step,
  /// in thread k's scratch (no allocation after the first step).
  const std::vector<MemberTarget> &memberTargets(const uint32_t *members,
                                                 uint32_t width, int64_t step,
                                                 unsigned k) {
    std::vector<MemberTarget> &targets = scratch[k].memberTargets;
    targets.resize(width);
    for (uint32_t q = 0; q < width; ++q)
      targets[q] = memberTarget(projections[members[q]], step, k);
    return targets;
  }

  /// Static rows with one delay: those of one projection (`index.width`
  /// 1) or a population's fused rows, whose segments are delivered spike
  /// by spike and member by member (a buffer fed by two members takes their
  /// inputs in one order whatever the thread count). Each member's buffer,
  /// weight and frame are looked up once for the step (memberTargets), and
  /// each segment is one tight loop.
  uint64_t deliverStaticRows(const RowIndex &index,
                             const std::vector<MemberTarget> &targets,
                             SpikeList list) {
    uint32_t width = index.width;
    uint64_t events = 0;
    forEachSpikePrefetching(list, index, [&](uint32_t neuron) {
      const uint32_t *start = rowStartOf(index, neuron);
      if (!start)
        return;
      events += start[width] - start[0];
      for (uint32_t q = 0; q < width; ++q)
        accumulateRow(*index.rows, targets[q], start[q],
                      start[q + 1] - start[q]);
    });
    return events;
  }

  MemberTarget memberTarget(const Projection &projection, int64_t step,
                            unsigned k) {
    MemberTarget target{
        inputBuffer(populations[projection.plan->post.population],
                    step + projection.delay, projection.receptor),
        frameInverse(projection, k), projection.weight,
        projection.uniformWeight, projection.subtract};
    if constexpr (std::is_floating_point_v<T>)
      target.weight *= T(target.inverse); // 1 outside a frame: exact
    return target;
  }

  /// The start indices of `neuron`'s row in `index`, if it has one.
  static const uint32_t *rowStartOf(const RowIndex &index, uint32_t neuron) {
    if (neuron < index.first || neuron >= index.first + index.count)
      return nullptr;
    return index.rows->rowStart.data() +
           size_t(neuron - index.first) * index.width;
  }

  static void prefetchRowStart(const RowIndex &index, uint32_t neuron) {
    if (const uint32_t *start = rowStartOf(index, neuron))
      prefetchLine(start);
  }

  static void prefetchRow(const RowIndex &index, uint32_t neuron) {
    const uint32_t *start = rowStartOf(index, neuron);
    if (!start)
      return;
    const SynapseRows<Weight> &rows = *index.rows;
    uint32_t begin = start[0], end = start[index.width];
    prefetchLines(rows.post.data() + begin, rows.post.data() + end);
    if (!rows.weight.empty())
      prefetchLines(rows.weight.data() + begin, rows.weight.data() + end);
  }

  template <typename E>
  static void prefetchLines(const E *begin, const E *end) {
    constexpr size_t kLine = 64;
    const char *first = reinterpret_cast<const char *>(begin);
    const char *last = reinterpret_cast<const char *>(end);
    for (const char *line = first; line < last; line += kLine)
      prefetchLine(line);
    if (last > first) // the row's tail may start a line of its own
      prefetchLine(last - 1);
  }

  uint64_t deliveryPhase(unsigned k, int64_t step) {
    const StepSpikes &spikes = stepSpikes[step & 1];
    uint64_t events = 0;
    astro.prepare(k);
    for (Population &population : populations)
      if (!population.outgoing.empty())
        events += deliverSpikes(spikes, population, step, k);
    for (Projection &projection : projections)
      if (projection.stdp)
        updatePlasticity(projection, step, k, spikes);
    advanceAstrocytes(k, spikes);
    return events;
  }

  //===--------------------------------------------------------------------===//
  // Astrocytes (AstroCoupling.h, docs/astrocytes.md). Every thread advances
  // its own replica of the astrocytes from the step's spikes, read in the
  // global order, so the coupling needs no extra barrier.
  //===--------------------------------------------------------------------===//

  void buildAstrocytes() {
    astro.build(plan, threads, steps, [this](uint32_t p, uint32_t neuron) {
      return parametersOf(p, neuron);
    });
  }

  void injectAstrocyteCurrent(Population &population, int64_t step, Range range,
                              unsigned k) {
    if (plan.astroInjections.empty() || population.refractoryUntil.empty())
      return;
    astro.inject(k, population.id, range.begin, range.end,
                 population.variables[0].data(),
                 population.refractoryUntil.data(), uint32_t(step));
  }

  /// The STDP rule for a synapse onto `post`: the projection's own (with
  /// this step's rates if they decay), or with the astrocyte-modulated
  /// depression/potentiation rate.
  const kernels::StdpCoefficients<T> &astroRule(Projection &projection,
                                                uint32_t post, unsigned k) {
    const kernels::StdpCoefficients<T> &own =
        projection.rates.empty() ? *projection.stdp : projection.rates[k];
    auto *coupling = astro.coupling(projection.index);
    if (!coupling)
      return own;
    return astro.rule(*coupling, own, post, k);
  }

  /// A stored weight times the astrocyte factor (1 + gain·y), if any.
  Weight astroScaled(const Projection &projection, Weight weight, uint32_t post,
                     unsigned k) {
    auto *coupling = astro.coupling(projection.index);
    if (!coupling || !coupling->scale)
      return weight;
    const Codec &codec = populations[projection.plan->post.population]
                             .codecs[projection.receptor];
    return astroScaledWeight(codec, weight, astro.scale(*coupling, post, k));
  }

  /// Static delivery with astrocyte weight scaling: synapse by synapse.
  void deliverScaled(Projection &projection, SynapseRows<Weight> &rows,
                     Population &post, int64_t step, uint32_t begin,
                     uint32_t count, unsigned k) {
    for (uint32_t s = begin; s < begin + count; ++s) {
      uint32_t target = rows.post[s];
      Weight weight =
          projection.uniformWeight ? projection.weight : rows.weight[s];
      uint32_t delay =
          projection.uniformDelay ? projection.delay : rows.delay[s];
      Buffer *slot = inputBuffer(post, step + delay, projection.receptor);
      addOne(slot[target], astroScaled(projection, weight, target, k),
             projection.subtract);
    }
  }

  void advanceAstrocytes(unsigned k, const StepSpikes &spikes) {
    if (plan.astrocytes.empty())
      return;
    astro.advance(
        k, [&](uint32_t p, auto &&body) { forEachSpike(spikes, p, body); });
  }

  //===--------------------------------------------------------------------===//
  // Workers
  //===--------------------------------------------------------------------===//

  void worker(unsigned k, Barrier &barrier) {
    saturationCounter() = 0;
    uint64_t events = 0;
    uint64_t reportEvery = std::max<uint64_t>(1, steps / 200);
    PhaseClock clock(options.profile);
    ThreadTimes times; // a local: the threads' entries share cache lines
    for (uint64_t step = 0; step < steps; ++step) {
      updatePhase(k, int64_t(step));
      clock.lap(times.update);
      if (threads > 1)
        prefetchOwnRows(stepSpikes[step & 1], k);
      clock.lap(times.delivery);
      recordPreviousStep(int64_t(step));
      clock.lap(times.recording);
      if (threads > 1)
        barrier.arriveAndWait();
      clock.lap(times.waiting);
      events += deliveryPhase(k, int64_t(step));
      clock.lap(times.delivery);
      if (k == 0 && options.progress && (step + 1) % reportEvery == 0)
        options.progress(step + 1, steps);
    }
    synapticEvents[k] = events;
    saturations[k] = saturationCounter();
    threadTimes[k] = times;
  }

  void runWorkers() {
    synapticEvents.assign(threads, 0);
    saturations.assign(threads, 0);
    threadTimes.assign(threads, ThreadTimes{});
    Barrier barrier(threads);
    std::vector<std::thread> pool;
    for (unsigned k = 1; k < threads; ++k)
      pool.emplace_back([this, k, &barrier] { worker(k, barrier); });
    worker(0, barrier);
    for (std::thread &thread : pool)
      thread.join();
    if (steps > 0)
      recordSpikes(stepSpikes[(steps - 1) & 1], int64_t(steps - 1));
  }

  //===--------------------------------------------------------------------===//
  // Results
  //===--------------------------------------------------------------------===//

  PopulationStatistics statistics(const Population &population) const {
    SpikeTally tally;
    tally.add(population.spikeStatistics);
    PopulationStatistics stats =
        tally.statistics(population.plan->name, population.size,
                         double(steps) * plan.timestep / 1000.0);
    stats.nonFinite = nonFiniteNeurons(population);
    return stats;
  }

  /// Neurons of `population` with an infinite or NaN state variable (in a
  /// frame, the stored values: finite exactly when the true ones are).
  static uint32_t nonFiniteNeurons(const Population &population) {
    if constexpr (!std::is_floating_point_v<T>) {
      return 0;
    } else {
      uint32_t count = 0;
      for (uint32_t i = 0; i < population.size; ++i)
        count += std::any_of(population.variables.begin(),
                             population.variables.end(),
                             [&](const std::vector<T> &values) {
                               return !std::isfinite(values[i]);
                             });
      return count;
    }
  }

  /// The step of each recorded spike, from the recorder's runs.
  static std::vector<int64_t> spikeSteps(const std::vector<StepRun> &runs) {
    size_t total = 0;
    for (const StepRun &run : runs)
      total += run.count;
    std::vector<int64_t> steps;
    steps.reserve(total);
    for (const StepRun &run : runs)
      steps.insert(steps.end(), run.count, int64_t(run.step));
    return steps;
  }

  RecordingResult recording(Recorder &recorder) const {
    RecordingResult result;
    result.target = recorder.plan->target;
    result.population = plan.populations[result.target.population].name;
    result.populationSize = plan.populations[result.target.population].size;
    result.hasSpikes = recorder.spikes;
    result.spikes.neurons = std::move(recorder.spikeNeurons);
    result.spikes.steps = spikeSteps(recorder.stepRuns);
    for (size_t v = 0; v < recorder.stateNames.size(); ++v)
      result.states.push_back(
          {recorder.stateNames[v], recorder.plan->samplingInterval,
           recorder.samples, std::move(recorder.values[v])});
    return result;
  }

  SynapseWeights finalWeights(const Projection &projection) const {
    const ProjectionPlan &source = *projection.plan;
    const Codec &codec =
        populations[source.post.population].codecs[projection.receptor];
    std::vector<std::tuple<uint32_t, uint32_t, double>> entries;
    for (uint32_t row = 0; row < source.pre.size; ++row)
      for (const SynapseRows<Weight> &rows : projection.rows)
        for (uint32_t s = rows.rowStart[row]; s < rows.rowStart[row + 1]; ++s)
          entries.emplace_back(row, rows.post[s] - source.post.start,
                               N::toDouble(codec.decode(rows.weight[s])));
    return sortedSynapseWeights(source.name, std::move(entries));
  }

  void collect(RunResult &result) {
    result.timestep = plan.timestep;
    result.steps = steps;
    result.threads = threads;
    result.numerics = options.numerics;
    for (const Population &population : populations)
      result.populations.push_back(statistics(population));
    for (Recorder &recorder : recorders)
      result.recordings.push_back(recording(recorder));
    for (const Population &population : populations)
      for (const SynapseRows<Weight> &rows : population.fusedRows)
        result.synapses += rows.post.size();
    for (const Projection &projection : projections) {
      for (const SynapseRows<Weight> &rows : projection.rows)
        result.synapses += rows.post.size();
      if (projection.stdp)
        result.plasticWeights.push_back(finalWeights(projection));
    }
    for (unsigned k = 0; k < threads; ++k) {
      result.synapticEvents += synapticEvents[k];
      result.saturations += saturations[k];
    }
    result.saturations += buildSaturations;
    if (options.profile)
      result.threadTimes = threadTimes;
    astro.collect(result, steps);
  }

  const Plan &plan;
  const RunOptions &options;
  const unsigned threads;
  uint64_t steps = 0;
  std::vector<Population> populations;
  std::vector<Projection> projections;
  std::atomic<int64_t> lastRecorded{-1}; // recordPreviousStep
  std::vector<Recorder> recorders;
  StepSpikes stepSpikes[2]; // by step parity: readers of step t never race
                            // writers of step t + 1
  // Per thread, on cache lines of its own: each thread rewrites its own
  // every step.
  struct alignas(64) ThreadScratch {
    std::vector<uint32_t> joinedSpikes;      // spikesInOrder
    std::vector<MemberTarget> memberTargets; // deliverStaticRows
  };
  std::vector<ThreadScratch> scratch;
  std::vector<uint64_t> synapticEvents, saturations;
  std::vector<ThreadTimes> threadTimes; // filled when profiling
  uint64_t buildSaturations = 0;
  AstroSystem<T> astro;
};

} // namespace

uint64_t stepsOfRun(double duration, double timestep) {
  if (!(duration >= 0)) // also NaN; an infinite one is too long, below
    throw RuntimeError("the duration must be a number of ms >= 0");
  // kernels::kMaxSteps is 59 hours at dt = 0.1 ms: refuse longer runs
  // rather than overflow.
  if (duration / timestep > double(kernels::kMaxSteps))
    throw RuntimeError(formatString("a duration of %g ms is more than the "
                                    "runtime's 2^31 steps of the timestep "
                                    "(%g ms)",
                                    duration, timestep));
  return uint64_t(std::llround(duration / timestep));
}

void checkRecordingSize(const char *kind, const std::string &name,
                        uint32_t interval, uint64_t samples, double width) {
  constexpr double kMaxRecordedValues = double(uint64_t(1) << 32);
  if (double(samples) * width > kMaxRecordedValues)
    throw RuntimeError(std::string("recording ") + kind + " '" + name +
                       "' every " + std::to_string(interval) +
                       " step(s) would hold more than 2^32 values; record "
                       "fewer neurons, sample less often or run shorter");
}

RunResult simulate(const Plan &plan, const RunOptions &options) {
  if (std::string error = validatePlan(plan); !error.empty())
    throw RuntimeError("invalid plan: " + error);
  switch (options.numerics) {
  case Numerics::Double:
    return Simulator<double>(plan, options).run();
  case Numerics::Float:
    return Simulator<float>(plan, options).run();
  case Numerics::Fixed:
    return Simulator<Accum>(plan, options).run();
  }
  throw RuntimeError("unknown numerics");
}

} // namespace glia::runtime
