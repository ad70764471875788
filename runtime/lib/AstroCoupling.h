//===- AstroCoupling.h - astrocytes inside the reference simulator -*- C++ -*-//
//
// AstroSystem<T> holds a plan's astrocytes and their couplings for
// Simulator<T>. Astrocytes are few and cheap, so every worker thread keeps
// its own replica of their state and advances it from the step's spikes in
// the simulator's global spike order: all replicas evolve identically, no
// thread waits for another and no extra barrier is needed, and results do
// not depend on the thread count. Timing (docs/astrocytes.md):
//  - the output y used during step t (injection in phase A, modulation of
//    STDP and weights in phase B) is the state at the start of step t;
//  - the spikes emitted in step t drive the astrocytes' update from t to
//    t + 1, at the end of phase B;
//  - recordings sample the state at the start of the step, as for neurons.
//
//===----------------------------------------------------------------------===//

#ifndef GLIA_RUNTIME_LIB_ASTROCOUPLING_H
#define GLIA_RUNTIME_LIB_ASTROCOUPLING_H

#include "glia/Runtime/Astrocytes.h"
#include "glia/Runtime/Kernels.h"
#include "glia/Runtime/Plan.h"
#include "glia/Runtime/Simulator.h"

#include <cmath>
#include <functional>
#include <optional>
#include <vector>

namespace glia::runtime {

//===----------------------------------------------------------------------===//
// What the reference simulator and the board (image writer and emulator)
// must compute alike: one astrocyte population's kernel and state, the
// quantised coupling gains, and what a coupling makes of the output y.
//===----------------------------------------------------------------------===//

/// The kernel of one astrocyte population in numbers T.
template <typename T> struct AstroKernel {
  models::AstroKind kind = models::AstroKind::LeakyIntegrator;
  // The entry of the population's model; the other stays empty.
  kernels::LeakyIntegratorCoefficients<T> leaky{};
  kernels::LiRinzelCoefficients<T> liRinzel{};

  static AstroKernel make(const AstrocytePlan &astro, double timestep) {
    const models::AstrocyteModelInfo &info = models::astrocyteModel(astro.kind);
    kernels::AstroParameters p{info, astro.parameters.data()};
    AstroKernel kernel;
    kernel.kind = astro.kind;
    if (astro.kind == models::AstroKind::LeakyIntegrator)
      kernel.leaky = kernels::LeakyIntegratorCoefficients<T>::make(p, timestep);
    else
      kernel.liRinzel = kernels::LiRinzelCoefficients<T>::make(p, timestep);
    return kernel;
  }

  /// The state of `count` astrocytes: the catalogue's variables, then the
  /// hidden ones (leaky integrator: the accumulated rate decay g, 1 at the
  /// start; Li-Rinzel: the low words of IP3, Ca and h).
  static std::vector<std::vector<T>> initialState(const AstrocytePlan &astro,
                                                  uint32_t count) {
    using N = NumberTraits<T>;
    std::vector<std::vector<T>> vars;
    for (double value : astro.initial)
      vars.emplace_back(count, N::fromDouble(value));
    if (astro.kind == models::AstroKind::LeakyIntegrator)
      vars.emplace_back(count, N::fromDouble(1.0));
    if (astro.kind == models::AstroKind::LiRinzel) {
      for (unsigned w = 0; w < kernels::kLiRinzelHiddenVariables; ++w)
        vars.emplace_back(count, T{}); // low words
      // IP3, Ca and h start at the wide type's rounding, not s16.15's.
      kernels::initLiRinzel<T>(liRinzelState(vars), astro.initial.data(), 0,
                               count);
    }
    return vars;
  }

  static kernels::LiRinzelState<T>
  liRinzelState(std::vector<std::vector<T>> &vars) {
    return {vars[0].data(), vars[1].data(), vars[2].data(), vars[3].data(),
            vars[4].data(), vars[5].data(), vars[6].data()};
  }

  /// Advances astrocytes [begin, end) of `vars` by one step with `input`.
  void step(std::vector<std::vector<T>> &vars, const T *input, uint32_t begin,
            uint32_t end) const {
    switch (kind) {
    case models::AstroKind::LeakyIntegrator:
      return kernels::stepLeakyIntegrator<T>(
          leaky, {vars[0].data(), vars[1].data()}, input, begin, end);
    case models::AstroKind::LiRinzel:
      return kernels::stepLiRinzel<T>(liRinzel, liRinzelState(vars), input,
                                      begin, end);
    }
  }

  /// The index in `vars` of the output the couplings use (A or SIC).
  static int outputIndex(models::AstroKind kind) {
    const models::AstrocyteModelInfo &info = models::astrocyteModel(kind);
    return info.stateIndex(info.output);
  }
};

/// The gain of a modulation as it is quantised: for an STDP rate, times
/// w_max - w_min when the pair rule is additive (as the rule's own
/// A_minus/A_plus are; the trace rule's rates are in weight units already).
inline double astroModulationGain(const Plan &plan,
                                  const AstroModulatePlan &mod) {
  if (mod.modulation == Modulation::WeightScale)
    return mod.gain;
  const Stdp &stdp = *plan.projections[mod.projection].stdp;
  bool scaled = stdp.rule == StdpRule::Pair &&
                stdp.dependence == WeightDependence::Additive;
  return mod.gain * (scaled ? stdp.wMax - stdp.wMin : 1.0);
}

/// What modulation `kind` makes of the output y: an STDP rate gain·y, or the
/// weight factor 1 + gain·y.
template <typename T> T astroModulated(Modulation kind, T gain, T y) {
  if (kind == Modulation::WeightScale)
    return NumberTraits<T>::fromDouble(1.0) + gain * y;
  return gain * y;
}

/// The shift of v per unit of astrocyte output for neuron `neuron` of an
/// injection's target: gain·(tau_m/cm)·(e^{dt/tau_m} - 1), which the
/// kernel's exact propagator turns into the i_offset drive of gain·y nA.
/// `parameters` are the neuron's catalogue-ordered parameters.
inline double astroInjectionShift(const Plan &plan,
                                  const AstroInjectPlan &inject,
                                  const std::vector<double> &parameters) {
  const PopulationPlan &population = plan.populations[inject.target.population];
  kernels::ParameterValues p{models::cellType(population.kind),
                             parameters.data()};
  double tauM = p["tau_m"];
  return tauM / p["cm"] * std::expm1(plan.timestep / tauM) * inject.gain;
}

/// `base` with the rates an astrocyte sets (non-null) in place of its own,
/// in `out`, which holds no decay tables: depression and potentiation do
/// not read them.
template <typename T>
const kernels::StdpCoefficients<T> &
astroModulatedRule(kernels::StdpCoefficients<T> &out,
                   const kernels::StdpCoefficients<T> &base, const T *aPlus,
                   const T *aMinus) {
  out.multiplicative = base.multiplicative;
  out.wMin = base.wMin;
  out.wMax = base.wMax;
  out.aPlus = aPlus ? *aPlus : base.aPlus;
  out.aMinus = aMinus ? *aMinus : base.aMinus;
  return out;
}

/// A stored weight times the astrocyte factor (1 + gain·y), re-encoded in
/// the synapse type's weight format.
template <typename Codec, typename T>
typename Codec::Weight astroScaledWeight(const Codec &codec,
                                         typename Codec::Weight weight,
                                         T factor) {
  return codec.encodeValue(codec.decode(weight) * factor);
}

/// The summary of an astrocyte population: `outputSum` is the sum of the
/// population's mean output at the start of steps 0 .. steps (the last is
/// `finalMean`); the reported mean covers steps 0 .. steps - 1.
inline AstrocyteStatistics astroStatistics(const std::string &name,
                                           models::AstroKind kind,
                                           uint32_t size, double outputSum,
                                           double finalMean, uint64_t steps) {
  const models::AstrocyteModelInfo &info = models::astrocyteModel(kind);
  double mean = steps ? (outputSum - finalMean) / double(steps) : outputSum;
  return {name, std::string(info.name), size, std::string(info.output), mean,
          finalMean};
}

/// A non-refractory neuron's membrane after the injection of a step.
template <typename T> T astroInjected(T v, T shift, T y) {
  return v + shift * y;
}

template <typename T> class AstroSystem {
  using N = NumberTraits<T>;

  /// One astrocyte population's state in one replica: the catalogue's
  /// variables, then (leaky integrator) the accumulated rate decay or
  /// (Li-Rinzel) the low words of IP3, Ca and h.
  struct Replica {
    std::vector<std::vector<std::vector<T>>> variables; // [astro][var][i]
    std::vector<std::vector<T>> input;                  // [astro][i]
  };

public:
  /// What a projection's synapses take from the astrocytes this step, per
  /// astrocyte of the coupling (per thread: computed from its replica).
  struct ProjectionCoupling {
    std::optional<uint32_t> depression, potentiation, scale; // modulations
    std::vector<std::vector<T>> depressionRate, potentiationRate, factor;
    std::vector<kernels::StdpCoefficients<T>> rule; // per thread, no tables
  };

public:
  /// Parameters of neuron i of population p, catalogue order.
  using NeuronParameters =
      std::function<std::vector<double>(uint32_t, uint32_t)>;

  void build(const Plan &plan, unsigned threads, uint64_t steps,
             const NeuronParameters &parameters) {
    this->plan = &plan;
    this->threads = threads;
    for (const AstrocytePlan &astro : plan.astrocytes)
      astroKernels.push_back(AstroKernel<T>::make(astro, plan.timestep));
    replicas.assign(threads, initialReplica());
    outputSums.assign(plan.astrocytes.size(), 0.0);
    for (uint32_t a = 0; a < plan.astrocytes.size(); ++a)
      outputSums[a] = meanOutput(0, a); // the state at the start of step 0
    couplings.assign(plan.projections.size(), {});
    for (uint32_t m = 0; m < plan.astroModulations.size(); ++m)
      buildModulation(m);
    for (const AstroInjectPlan &inject : plan.astroInjections)
      drives.push_back(injectionDrive(inject, parameters));
    for (const AstroRecordingPlan &recording : plan.astroRecordings)
      buildRecorder(recording, steps);
  }

  //===------------------------------------------------------------------===//
  // Phase A: recording and injection
  //===------------------------------------------------------------------===//

  /// Thread 0 samples its replica at the start of `step`.
  void sample(unsigned k, int64_t step) {
    if (k != 0)
      return;
    for (Recorder &recorder : recorders) {
      const AstroRecordingPlan &source = *recorder.plan;
      if (step % source.samplingInterval != 0)
        continue;
      uint64_t row = uint64_t(step) / source.samplingInterval;
      const auto &vars = replicas[0].variables[source.astrocytes];
      uint32_t size = plan->astrocytes[source.astrocytes].size;
      for (size_t v = 0; v < recorder.stateIndex.size(); ++v)
        for (uint32_t i = 0; i < size; ++i)
          recorder.values[v][row * size + i] =
              N::toDouble(vars[recorder.stateIndex[v]][i]);
    }
  }

  /// Adds the injected current of the step to thread k's neurons
  /// [begin, end) of population p. The current acts like an extra i_offset
  /// during the step: the kernel's exact membrane propagator turns a shift
  /// of v by I·(tau_m/cm)·(e^{dt/tau_m} - 1) before the step into
  /// I·(tau_m/cm)·(1 - e^{-dt/tau_m}) after it. Refractory neurons are held
  /// and take no current.
  void inject(unsigned k, uint32_t p, uint32_t begin, uint32_t end, T *v,
              const uint32_t *refractoryUntil, uint32_t step) const {
    for (size_t c = 0; c < plan->astroInjections.size(); ++c) {
      const AstroInjectPlan &inject = plan->astroInjections[c];
      const Slice &target = inject.target;
      if (target.population != p)
        continue;
      uint32_t count = plan->astrocytes[inject.astrocytes].size;
      const Injection &drive = drives[c];
      const std::vector<T> &y = output(k, inject.astrocytes);
      uint32_t from = std::max(begin, target.start);
      uint32_t to = std::min(end, target.start + target.size);
      for (uint32_t i = from; i < to; ++i) {
        uint32_t local = i - target.start;
        if (!kernels::heldAt(refractoryUntil[i], step))
          v[i] = astroInjected(v[i], drive.shift[local],
                               y[astroDomainOf(local, target.size, count)]);
      }
    }
  }

  //===------------------------------------------------------------------===//
  // Phase B: modulation, then the astrocytes' own step
  //===------------------------------------------------------------------===//

  /// The modulation of projection j, or null.
  ProjectionCoupling *coupling(uint32_t j) {
    ProjectionCoupling &c = couplings[j];
    return c.depression || c.potentiation || c.scale ? &c : nullptr;
  }

  /// Computes thread k's per-astrocyte rates and factors for this step.
  void prepare(unsigned k) {
    // The per-thread tables exist only for the modulations a projection has.
    for (ProjectionCoupling &c : couplings) {
      if (c.depression)
        refresh(k, *c.depression, c.depressionRate[k]);
      if (c.potentiation)
        refresh(k, *c.potentiation, c.potentiationRate[k]);
      if (c.scale)
        refresh(k, *c.scale, c.factor[k]);
    }
  }

  /// The STDP rule of projection j for the synapse onto `post` (absolute
  /// index), with thread k's modulated rates.
  const kernels::StdpCoefficients<T> &
  rule(ProjectionCoupling &c, const kernels::StdpCoefficients<T> &base,
       uint32_t post, unsigned k) {
    const T *aPlus =
        c.potentiation ? &c.potentiationRate[k][domain(*c.potentiation, post)]
                       : nullptr;
    const T *aMinus =
        c.depression ? &c.depressionRate[k][domain(*c.depression, post)]
                     : nullptr;
    return astroModulatedRule(c.rule[k], base, aPlus, aMinus);
  }

  /// The factor (1 + gain·y) for a synapse of projection j onto `post`.
  T scale(const ProjectionCoupling &c, uint32_t post, unsigned k) const {
    return c.factor[k][domain(*c.scale, post)];
  }

  /// Integrates the step's spikes: `forEachSpike(population, body)` calls
  /// body(neuron) for the population's spikes in the global order.
  template <typename ForEachSpike>
  void advance(unsigned k, ForEachSpike &&forEachSpike) {
    Replica &replica = replicas[k];
    uint64_t saturationsBefore = saturationCounter();
    for (std::vector<T> &input : replica.input)
      std::fill(input.begin(), input.end(), T{});
    for (const AstroListenPlan &listen : plan->astroListens)
      gather(replica, listen, forEachSpike);
    for (uint32_t a = 0; a < plan->astrocytes.size(); ++a) {
      stepPopulation(replica, a);
      if (k == 0)
        outputSums[a] += meanOutput(0, a);
    }
    // Replicas compute the same thing: count their saturations once.
    if (k != 0)
      saturationCounter() = saturationsBefore;
  }

  void collect(RunResult &result, uint64_t steps) {
    for (uint32_t a = 0; a < plan->astrocytes.size(); ++a) {
      const AstrocytePlan &astro = plan->astrocytes[a];
      result.astrocytes.push_back(astroStatistics(
          astro.name, astro.kind, astro.size, outputSums[a], meanOutput(0, a),
          steps));
    }
    for (Recorder &recorder : recorders) {
      const AstrocytePlan &astro = plan->astrocytes[recorder.plan->astrocytes];
      RecordingResult out;
      out.target = {0, 0, astro.size};
      out.population = astro.name;
      out.populationSize = astro.size;
      for (size_t v = 0; v < recorder.values.size(); ++v)
        out.states.push_back({recorder.plan->variables[v],
                              recorder.plan->samplingInterval, recorder.samples,
                              std::move(recorder.values[v])});
      result.recordings.push_back(std::move(out));
    }
  }

private:
  struct Injection {
    std::vector<T> shift; // per target neuron: gain·(v shift per nA)
  };

  struct Recorder {
    const AstroRecordingPlan *plan;
    std::vector<int> stateIndex;
    uint64_t samples = 0;
    std::vector<std::vector<double>> values;
  };

  Replica initialReplica() const {
    Replica replica;
    for (const AstrocytePlan &astro : plan->astrocytes) {
      replica.variables.push_back(
          AstroKernel<T>::initialState(astro, astro.size));
      replica.input.emplace_back(astro.size, T{});
    }
    return replica;
  }

  void buildModulation(uint32_t m) {
    const AstroModulatePlan &mod = plan->astroModulations[m];
    ProjectionCoupling &c = couplings[mod.projection];
    uint32_t size = plan->astrocytes[mod.astrocytes].size;
    auto table = std::vector<std::vector<T>>(threads, std::vector<T>(size));
    switch (mod.modulation) {
    case Modulation::StdpDepression:
      c.depression = m;
      c.depressionRate = table;
      break;
    case Modulation::StdpPotentiation:
      c.potentiation = m;
      c.potentiationRate = table;
      break;
    case Modulation::WeightScale:
      c.scale = m;
      c.factor = table;
      break;
    }
    c.rule.resize(threads);
  }

  Injection injectionDrive(const AstroInjectPlan &inject,
                           const NeuronParameters &parameters) const {
    Injection drive;
    for (uint32_t i = 0; i < inject.target.size; ++i)
      drive.shift.push_back(N::fromDouble(astroInjectionShift(
          *plan, inject,
          parameters(inject.target.population, inject.target.start + i))));
    return drive;
  }

  void buildRecorder(const AstroRecordingPlan &source, uint64_t steps) {
    const AstrocytePlan &astro = plan->astrocytes[source.astrocytes];
    const models::AstrocyteModelInfo &info = models::astrocyteModel(astro.kind);
    Recorder recorder;
    recorder.plan = &source;
    recorder.samples =
        (steps + source.samplingInterval - 1) / source.samplingInterval;
    checkRecordingSize("astrocytes", astro.name, source.samplingInterval,
                       recorder.samples,
                       double(astro.size) * double(source.variables.size()));
    for (const std::string &variable : source.variables) {
      recorder.stateIndex.push_back(info.stateIndex(variable));
      recorder.values.emplace_back(recorder.samples * astro.size, 0.0);
    }
    recorders.push_back(std::move(recorder));
  }

  /// The output variable (A or SIC) of astrocyte population a in replica k.
  const std::vector<T> &output(unsigned k, uint32_t a) const {
    const AstrocytePlan &astro = plan->astrocytes[a];
    const models::AstrocyteModelInfo &info = models::astrocyteModel(astro.kind);
    return replicas[k].variables[a][info.stateIndex(info.output)];
  }

  double meanOutput(unsigned k, uint32_t a) const {
    double sum = 0;
    for (T value : output(k, a))
      sum += N::toDouble(value);
    return sum / double(plan->astrocytes[a].size);
  }

  /// The astrocyte of modulation m whose domain holds the postsynaptic
  /// neuron `post` (absolute index).
  uint32_t domain(uint32_t m, uint32_t post) const {
    const AstroModulatePlan &mod = plan->astroModulations[m];
    const Slice &target = plan->projections[mod.projection].post;
    return astroDomainOf(post - target.start, target.size,
                         plan->astrocytes[mod.astrocytes].size);
  }

  /// The rate gain·y or the factor 1 + gain·y of modulation m (an index
  /// into the plan's modulations), per astrocyte.
  void refresh(unsigned k, uint32_t m, std::vector<T> &out) {
    const AstroModulatePlan &mod = plan->astroModulations[m];
    T gain = N::fromDouble(astroModulationGain(*plan, mod));
    const std::vector<T> &y = output(k, mod.astrocytes);
    for (size_t a = 0; a < y.size(); ++a)
      out[a] = astroModulated(mod.modulation, gain, y[a]);
  }

  template <typename ForEachSpike>
  void gather(Replica &replica, const AstroListenPlan &listen,
              ForEachSpike &&forEachSpike) const {
    const Slice &source = listen.source;
    std::vector<T> &input = replica.input[listen.astrocytes];
    uint32_t count = uint32_t(input.size());
    T weight = N::fromDouble(listen.weight);
    forEachSpike(source.population, [&](uint32_t neuron) {
      if (neuron >= source.start && neuron < source.start + source.size) {
        uint32_t a = astroDomainOf(neuron - source.start, source.size, count);
        input[a] = input[a] + weight;
      }
    });
  }

  void stepPopulation(Replica &replica, uint32_t a) {
    astroKernels[a].step(replica.variables[a], replica.input[a].data(), 0,
                    plan->astrocytes[a].size);
  }

  const Plan *plan = nullptr;
  unsigned threads = 1;
  std::vector<AstroKernel<T>> astroKernels; // per astrocyte population
  std::vector<Replica> replicas;             // per thread
  std::vector<ProjectionCoupling> couplings; // per projection
  std::vector<Injection> drives;             // per injection
  std::vector<Recorder> recorders;
  std::vector<double> outputSums; // per population, of thread 0's means
};

} // namespace glia::runtime

#endif // GLIA_RUNTIME_LIB_ASTROCOUPLING_H
