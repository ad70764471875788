//===- Kernels.h - neuron, source and plasticity kernels --------*- C++ -*-===//
//
// ARCHITECTURE.md invariant 3: the update rules are written once, templated
// on the number type T (double, float, or the board's s16.15 `Accum`), and
// both the reference simulator and the board emulator call them. A kernel
// advances a contiguous range [begin, end) of neurons by one step on
// structure-of-arrays state, so a caller can hand it a whole population, one
// thread's share of it, or one core's slice.
//
// Conventions (docs/runtime.md):
//  - Step n integrates the state from t = n·dt to (n+1)·dt; a spike it emits
//    is stamped n·dt. Input delivered at step n (a spike of step n - d with
//    delay d) is added to the synaptic state at the start of step n, before
//    the membrane update (sPyNNaker's order), so it acts from n·dt on: a
//    spike stamped t reaches its target at exactly t + delay.
//  - The linear parts are integrated exactly with precomputed exponential
//    propagators (NEST iaf_psc_exp/iaf_psc_alpha, Brian2 method='exact').
//  - Threshold `v >= v_thresh` after the update; reset to v_reset; the
//    membrane is then held for round(tau_refrac / dt) steps.
//  - Coefficients are computed once in double and converted to T; decay
//    factors use NumberTraits<T>::Factor (u0.32 on the board).
//
//===----------------------------------------------------------------------===//

#ifndef GLIA_RUNTIME_KERNELS_H
#define GLIA_RUNTIME_KERNELS_H

#include "glia/Runtime/FixedPoint.h"
#include "glia/Runtime/Random.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <type_traits>
#include <vector>

#if defined(__AVX512F__)
#include <immintrin.h>
#endif

namespace glia::runtime::kernels {

//===----------------------------------------------------------------------===//
// Plumbing shared by the kernels
//===----------------------------------------------------------------------===//

/// Promises the compiler that a kernel loop's arrays do not overlap (state
/// variables, inputs and coefficients are separate arrays), so it vectorises
/// without runtime alias checks (GCC gives up after ten of them).
#if defined(__clang__)
#define GLIA_KERNEL_LOOP _Pragma("clang loop vectorize(assume_safety)")
#elif defined(__GNUC__)
#define GLIA_KERNEL_LOOP _Pragma("GCC ivdep")
#else
#define GLIA_KERNEL_LOOP
#endif

/// Coefficients shared by every neuron of a range (the common case). Held
/// by value, and kernels take their coefficient source by value, so the
/// compiler knows no state store can change them: it keeps them in
/// registers and vectorises the loop.
template <typename C> struct UniformCoefficients {
  C coefficients;
  const C &operator()(uint32_t) const { return coefficients; }
};

/// Coefficients per neuron (heterogeneous parameters), indexed like state.
template <typename C> struct PerNeuronCoefficients {
  const C *coefficients;
  const C &operator()(uint32_t i) const { return coefficients[i]; }
};

/// Input arriving this step, held directly as T. An Input gives `exc(i)`
/// and `inh(i)` for each neuron exactly once per step; an implementation may
/// consume what it returns (the simulator's ring buffer clears the slot as
/// it reads, saving a separate pass over memory).
template <typename T> struct DirectInput {
  const T *excitatory;
  const T *inhibitory;
  T exc(uint32_t i) const { return excitatory[i]; }
  T inh(uint32_t i) const { return inhibitory[i]; }
};

/// Input delivered straight into synaptic variables kept in a decaying
/// frame: a variable's value is the stored one times the receptor's frame
/// factor, the population's decay since the frame was last reset. The
/// stored values change only when input arrives (the delivery divides it by
/// the frame), so the update reads them and stores none (docs/runtime.md,
/// Synaptic variables in a frame). Homogeneous exponential LIFs only: one
/// decay per receptor.
template <typename T> struct InputInFrame {
  static_assert(std::is_floating_point_v<T>);
  T frameExc, frameInh;
};

/// Whether a kernel's input is InputInFrame.
template <typename Input> inline constexpr bool kInFrame = false;
template <typename T> inline constexpr bool kInFrame<InputInFrame<T>> = true;

/// No input besides what is already in the synaptic variables: the
/// simulator adds one-step-delay input straight into them (docs/runtime.md).
/// Floating point only. It gives -0, not +0: x + -0 is x for every x, so
/// the compiler drops the addition (x + +0 is not x when x is -0).
template <typename T> struct InputInState {
  static_assert(std::is_floating_point_v<T>);
  T exc(uint32_t) const { return -T{}; }
  T inh(uint32_t) const { return -T{}; }
};

/// Parameters of one neuron in the catalogue's order, read by name.
struct ParameterValues {
  const models::CellTypeInfo &info;
  const double *values;
  double operator[](std::string_view name) const {
    return values[info.parameterIndex(name)];
  }
};

/// exp(-dt / tau); 1 for an infinite time constant.
inline double decayFactor(double dt, double tau) { return std::exp(-dt / tau); }

/// The longest run the LIF kernels take, in steps: refractoryUntil holds a
/// step plus a refractory period in 32 bits.
inline constexpr uint64_t kMaxSteps = uint64_t(1) << 31;

/// Steps of refractoriness for `tauRefrac` ms, at most kMaxSteps - 1 (a
/// longer period is the rest of any run), so that a spike's step plus its
/// refractory period fits the 32 bits of LifState::refractoryUntil.
inline int32_t refractorySteps(double tauRefrac, double dt) {
  double steps = tauRefrac / dt;
  if (!(steps < double(kMaxSteps - 1))) // also NaN
    return int32_t(kMaxSteps - 1);
  return int32_t(std::lround(std::max(steps, 0.0)));
}

/// The voltage a current I0 * exp(-t/tauSyn) adds to a membrane (tauM, cm)
/// over one step dt, per unit of I0 (NEST's P21/propagator_32).
inline double currentToVoltage(double dt, double tauM, double tauSyn,
                               double cm) {
  double rate = 1 / tauSyn - 1 / tauM;
  if (std::abs(rate * dt) < 1e-9) // tauSyn == tauM: the limit h e^{-h/tau}/C
    return dt * std::exp(-dt / tauM) / cm;
  return (std::exp(-dt / tauSyn) - std::exp(-dt / tauM)) /
         (cm * (1 / tauM - 1 / tauSyn));
}

/// The voltage the alpha kernel's hidden variable x0 (I' = x - I/tauSyn,
/// x' = -x/tauSyn) adds over one step, per unit of x0:
/// e^{-dt/tauM}/cm * integral_0^dt s e^{-a s} ds with a = 1/tauSyn - 1/tauM.
inline double alphaToVoltage(double dt, double tauM, double tauSyn, double cm) {
  double a = 1 / tauSyn - 1 / tauM;
  double integral = std::abs(a * dt) < 1e-6
                        ? dt * dt / 2 * (1 - 2 * a * dt / 3)
                        : (1 - std::exp(-a * dt) * (1 + a * dt)) / (a * a);
  return std::exp(-dt / tauM) / cm * integral;
}

/// What v_rest and i_offset add to v over one step of a current-based
/// LIF: the membrane relaxes towards v_inf = v_rest + i_offset·tau_m/cm,
/// so v' = v·e^{-dt/tau_m} + v_inf·(1 - e^{-dt/tau_m}) + synaptic terms.
/// One constant: the update then costs a product and an add fewer than
/// v_rest + (v - v_rest)·e^{-dt/tau_m} (the neuron update is bound by
/// floating-point throughput when the state sits in the caches).
template <typename T>
T lifRestingDrive(const ParameterValues &p, double dt) {
  double vInf = p["v_rest"] + p["i_offset"] * p["tau_m"] / p["cm"];
  return NumberTraits<T>::fromDouble(vInf *
                                     (1 - decayFactor(dt, p["tau_m"])));
}

//===----------------------------------------------------------------------===//
// IF_curr_exp: current-based LIF with exponential synaptic currents
//===----------------------------------------------------------------------===//

template <typename T> struct IfCurrExpCoefficients {
  using Factor = typename NumberTraits<T>::Factor;
  Factor decayV, decayExc, decayInh;
  T vReset, vThresh;
  T restingDrive;     // (v_rest + i_offset·tau_m/cm)(1 - e^{-dt/tau_m})
  T gainExc, gainInh; // voltage per nA of isyn over one step
  int32_t refractory; // steps

  static IfCurrExpCoefficients make(const ParameterValues &p, double dt) {
    using N = NumberTraits<T>;
    double tauM = p["tau_m"], cm = p["cm"];
    IfCurrExpCoefficients c;
    c.decayV = N::factor(decayFactor(dt, tauM));
    c.decayExc = N::factor(decayFactor(dt, p["tau_syn_E"]));
    c.decayInh = N::factor(decayFactor(dt, p["tau_syn_I"]));
    c.vReset = N::fromDouble(p["v_reset"]);
    c.vThresh = N::fromDouble(p["v_thresh"]);
    c.restingDrive = lifRestingDrive<T>(p, dt);
    c.gainExc = N::fromDouble(currentToVoltage(dt, tauM, p["tau_syn_E"], cm));
    c.gainInh = N::fromDouble(currentToVoltage(dt, tauM, p["tau_syn_I"], cm));
    c.refractory = refractorySteps(p["tau_refrac"], dt);
    return c;
  }

  /// sPyNNaker's step (Integration::Spinnaker): the synaptic current is held
  /// over the step, and an input of weight w adds init·w to it, init =
  /// tau_syn/dt·(1 - e^{-dt/tau_syn}) (its exponential synapse). Keeping
  /// isyn as the sum of weights, as PyNN defines it, a current moves v by
  /// tau_m/cm·(1 - e^{-dt/tau_m})·init per nA. Models tuned on SpiNNaker
  /// (the CAM of MODELS.md §2) depend on it: with tau_m = 0.5 ms, tau_syn =
  /// 0.3 ms and cm = 0.14 nF at dt = 1 ms, an input moves v by 0.89 mV per
  /// nA here and by 0.53 with the exact propagator.
  static IfCurrExpCoefficients makeHeldCurrent(const ParameterValues &p,
                                               double dt) {
    using N = NumberTraits<T>;
    double tauM = p["tau_m"], cm = p["cm"];
    auto gain = [&](double tauSyn) {
      double init = tauSyn / dt * (1 - decayFactor(dt, tauSyn));
      return N::fromDouble(tauM / cm * (1 - decayFactor(dt, tauM)) * init);
    };
    IfCurrExpCoefficients c = make(p, dt);
    c.gainExc = gain(p["tau_syn_E"]);
    c.gainInh = gain(p["tau_syn_I"]);
    return c;
  }
};

/// State of a current-based LIF with exponential synapses (and of the
/// conductance-based one, whose `exc`/`inh` are conductances).
template <typename T> struct LifState {
  T *v;
  T *exc; // isyn_exc or gsyn_exc
  T *inh; // isyn_inh or gsyn_inh
  // Per neuron, the first step at which it integrates again (0: from the
  // start). Written only when the neuron fires: the update loop then stores
  // no refractory counter (4 of the 56 bytes it moves per neuron in double
  // precision).
  uint32_t *refractoryUntil;
  uint32_t step; // the step being taken (< kMaxSteps)
};

/// Whether a neuron refractory until `until` is held at step `step`.
inline bool heldAt(uint32_t until, uint32_t step) { return step < until; }

/// Whether crossingMask serves T with these coefficients: one threshold for
/// all neurons, floating point, and a CPU with AVX-512.
template <typename T, typename Coefficients>
inline constexpr bool kMaskedThreshold = false;
#if defined(__AVX512F__)
template <typename T, typename C>
inline constexpr bool kMaskedThreshold<T, UniformCoefficients<C>> =
    std::is_same_v<T, double> || std::is_same_v<T, float>;
#endif

/// Bit j: v[j] >= threshold, for j < 64. The comparisons go straight into
/// mask registers. Byte flags built by a compiled loop go through a 64-byte
/// store that the 8-byte loads reading them back cannot forward from, and
/// at dt 1 ms, where most blocks hold a spike, those stalls were most of
/// the threshold pass.
template <typename T>
inline uint64_t crossingMask([[maybe_unused]] const T *v,
                             [[maybe_unused]] T threshold) {
#if defined(__AVX512F__)
  uint64_t mask = 0;
  if constexpr (std::is_same_v<T, double>) {
    __m512d limit = _mm512_set1_pd(threshold);
    for (uint32_t j = 0; j < 64; j += 8)
      mask |= uint64_t(
                  _mm512_cmp_pd_mask(_mm512_loadu_pd(v + j), limit, _CMP_GE_OQ))
              << j;
  } else {
    __m512 limit = _mm512_set1_ps(threshold);
    for (uint32_t j = 0; j < 64; j += 16)
      mask |= uint64_t(
                  _mm512_cmp_ps_mask(_mm512_loadu_ps(v + j), limit, _CMP_GE_OQ))
              << j;
  }
  return mask;
#else
  static_assert(sizeof(T) == 0, "crossingMask needs AVX-512");
  return 0;
#endif
}

/// The threshold pass shared by the LIF kernels: neurons at or above
/// threshold fire, are reset and become refractory. It is a separate pass so
/// that the integration loops have no data-dependent stores and vectorise.
/// Refractory neurons sit at v_reset < v_thresh (the verifier and
/// validatePlan ensure it), so they cannot fire here.
template <typename T, typename Coefficients>
uint32_t fireAndReset(Coefficients coefficients, LifState<T> s, uint32_t begin,
                      uint32_t end, uint32_t *spikes) {
  uint32_t fired = 0;
  auto fire = [&](uint32_t i) {
    const auto &c = coefficients(i);
    s.v[i] = c.vReset;
    s.refractoryUntil[i] = s.step + 1 + uint32_t(c.refractory);
    spikes[fired++] = i;
  };
  // A block's crossings as byte flags, from a branch-free (vectorised)
  // comparison, read eight at a time: a word without crossings costs one
  // test, and a crossing is found from the word's lowest set bit, with no
  // mispredicted branch per neuron (at dt 1 ms most blocks hold a spike).
  static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
                "a word's lowest set bit must be its first byte's flag");
  constexpr uint32_t kBlock = 64;
  uint32_t i = begin;
  for (; i + kBlock <= end; i += kBlock) {
    if constexpr (kMaskedThreshold<T, Coefficients>) {
      uint64_t mask = crossingMask(s.v + i, coefficients(i).vThresh);
      for (; mask; mask &= mask - 1)
        fire(i + uint32_t(__builtin_ctzll(mask)));
      continue;
    }
    uint8_t above[kBlock];
    const T *v = s.v + i;
    for (uint32_t j = 0; j < kBlock; ++j)
      above[j] = uint8_t(v[j] >= coefficients(i + j).vThresh);
    for (uint32_t word = 0; word < kBlock; word += 8) {
      uint64_t flags;
      std::memcpy(&flags, above + word, sizeof flags);
      for (; flags; flags &= flags - 1)
        fire(i + word + uint32_t(__builtin_ctzll(flags)) / 8);
    }
  }
  for (; i < end; ++i)
    if (s.v[i] >= coefficients(i).vThresh)
      fire(i);
  return fired;
}

/// Runs `integrate(b, e)` over [begin, end) in blocks that fit in the L1
/// cache, each followed at once by the threshold pass on the same block:
/// the threshold pass then reads v from L1 instead of streaming the whole
/// population through the caches a second time. `integrate` returns
/// whether some new v of the block is at or above threshold (an OR of
/// comparisons, which vectorises with the integration); most blocks have
/// none and skip the threshold pass.
///
/// Odd steps sweep backward: they take runs of 8 blocks from the last to
/// the first (each run's blocks in ascending order, which the hardware
/// prefetchers follow best). A forward sweep leaves its last blocks in the
/// core's L2 cache, and the backward sweep after it starts on them, and so
/// on: a thread whose share is a few times its L2 reads part of it from
/// there instead of L3, more of it the smaller its share (docs/runtime.md,
/// The update's sweep). The spikes still come out in ascending order: a
/// backward sweep packs each run's spikes downward from the end of
/// `spikes`, which has room for end - begin indices, and moves them to its
/// front at the end.
template <typename T, typename Coefficients, typename Integrate>
uint32_t integrateAndFire(Coefficients coefficients, LifState<T> s,
                          uint32_t begin, uint32_t end, uint32_t *spikes,
                          Integrate &&integrate) {
  constexpr uint32_t kBlock = 512;
  auto forward = [&](uint32_t from, uint32_t to, uint32_t *out) {
    uint32_t fired = 0;
    for (uint32_t b = from; b < to; b += kBlock) {
      uint32_t e = std::min(to, b + kBlock);
      if (integrate(b, e))
        fired += fireAndReset(coefficients, s, b, e, out + fired);
    }
    return fired;
  };
  if ((s.step & 1) == 0 || begin == end)
    return forward(begin, end, spikes);
  constexpr uint32_t kSweep = 8 * kBlock;
  uint32_t fired = 0;
  uint32_t *top = spikes + (end - begin); // the spikes so far: [top, +fired)
  for (uint32_t b = begin + (end - begin - 1) / kSweep * kSweep;; b -= kSweep) {
    uint32_t e = std::min(end, b + kSweep);
    // The neurons above this sweep block are end - e, so at most that many
    // spikes sit at [top, ...), and [top - (e - b), top) is free.
    uint32_t *room = top - (e - b);
    uint32_t count = forward(b, e, room);
    std::memmove(top - count, room, count * sizeof *spikes);
    top -= count;
    fired += count;
    if (b == begin)
      break;
  }
  std::memmove(spikes, top, fired * sizeof *spikes);
  return fired;
}

/// The integer OR-ed over a block to note threshold crossings: as wide as
/// T, so that the vectorised comparison's lanes need no repacking.
template <typename T>
using CrossingFlag = std::conditional_t<sizeof(T) == 8, uint64_t, uint32_t>;

/// Ends neuron i's step: v becomes `integrated` unless the neuron is
/// refractory (then v is held), and `above` notes a threshold crossing for
/// integrateAndFire. Shared by the LIF kernels; it inlines into their
/// vectorised loops.
template <typename T, typename C>
inline void settleMembrane(const C &c, const LifState<T> &s, uint32_t i, T v,
                           T integrated, CrossingFlag<T> &above) {
  T next = heldAt(s.refractoryUntil[i], s.step) ? v : integrated;
  s.v[i] = next;
  above |= CrossingFlag<T>(next >= c.vThresh);
}

/// The step shared by the LIF models with exponential synapses: each
/// receptor's synaptic variable (current or conductance) takes the step's
/// input, `membrane(c, v, exc, inh)` gives the integrated voltage, the
/// voltage is held while refractory, and the synaptic variables decay (in a
/// frame, the frame does: the caller advances it).
template <typename T, typename Coefficients, typename Input, typename Membrane>
uint32_t stepExpSynapseLif(Coefficients coefficients, LifState<T> s,
                           const Input &input, uint32_t begin, uint32_t end,
                           uint32_t *spikes, Membrane membrane) {
  return integrateAndFire(
      coefficients, s, begin, end, spikes, [&](uint32_t b, uint32_t e) {
        // A local copy: the lambda reaches `coefficients` by reference, and
        // then GCC reloads uniform coefficients from memory at every
        // iteration, not knowing that no state store changes them.
        const Coefficients local = coefficients;
        CrossingFlag<T> above = 0;
        GLIA_KERNEL_LOOP
        for (uint32_t i = b; i < e; ++i) {
          const auto &c = local(i);
          T v = s.v[i];
          if constexpr (kInFrame<Input>) {
            T exc = s.exc[i] * input.frameExc, inh = s.inh[i] * input.frameInh;
            settleMembrane(c, s, i, v, membrane(c, v, exc, inh), above);
          } else {
            T exc = s.exc[i] + input.exc(i), inh = s.inh[i] + input.inh(i);
            settleMembrane(c, s, i, v, membrane(c, v, exc, inh), above);
            s.exc[i] = exc * c.decayExc;
            s.inh[i] = inh * c.decayInh;
          }
        }
        return above;
      });
}

/// Advances neurons [begin, end) one step; writes the indices of those that
/// fire to `spikes` and returns how many fired.
template <typename T, typename Coefficients, typename Input>
uint32_t stepIfCurrExp(Coefficients coefficients, LifState<T> s,
                       const Input &input, uint32_t begin, uint32_t end,
                       uint32_t *spikes) {
  return stepExpSynapseLif<T>(coefficients, s, input, begin, end, spikes,
                              [](const auto &c, T v, T exc, T inh) {
                                return v * c.decayV + c.restingDrive +
                                       c.gainExc * exc + c.gainInh * inh;
                              });
}

//===----------------------------------------------------------------------===//
// IF_cond_exp: conductance-based LIF. The conductances decay exactly; over a
// step the synaptic current g·(E - v) is frozen at its value at the step's
// start and the membrane relaxes exactly towards the resulting v_inf (the
// scheme of sPyNNaker's LIF, cheap and stable in fixed point).
//===----------------------------------------------------------------------===//

template <typename T> struct IfCondExpCoefficients {
  using Factor = typename NumberTraits<T>::Factor;
  Factor decayV, decayExc, decayInh;
  T vRest, vReset, vThresh;
  T resistance; // tau_m / cm, MOhm
  T iOffset;
  T eRevExc, eRevInh;
  int32_t refractory;

  static IfCondExpCoefficients make(const ParameterValues &p, double dt) {
    using N = NumberTraits<T>;
    IfCondExpCoefficients c;
    c.decayV = N::factor(decayFactor(dt, p["tau_m"]));
    c.decayExc = N::factor(decayFactor(dt, p["tau_syn_E"]));
    c.decayInh = N::factor(decayFactor(dt, p["tau_syn_I"]));
    c.vRest = N::fromDouble(p["v_rest"]);
    c.vReset = N::fromDouble(p["v_reset"]);
    c.vThresh = N::fromDouble(p["v_thresh"]);
    c.resistance = N::fromDouble(p["tau_m"] / p["cm"]);
    c.iOffset = N::fromDouble(p["i_offset"]);
    c.eRevExc = N::fromDouble(p["e_rev_E"]);
    c.eRevInh = N::fromDouble(p["e_rev_I"]);
    c.refractory = refractorySteps(p["tau_refrac"], dt);
    return c;
  }
};

template <typename T, typename Coefficients, typename Input>
uint32_t stepIfCondExp(Coefficients coefficients, LifState<T> s,
                       const Input &input, uint32_t begin, uint32_t end,
                       uint32_t *spikes) {
  return stepExpSynapseLif<T>(coefficients, s, input, begin, end, spikes,
                              [](const auto &c, T v, T exc, T inh) {
                                T current = exc * (c.eRevExc - v) +
                                            inh * (c.eRevInh - v) + c.iOffset;
                                T vInf = c.vRest + c.resistance * current;
                                return vInf + (v - vInf) * c.decayV;
                              });
}

//===----------------------------------------------------------------------===//
// IF_curr_alpha: current-based LIF with alpha-shaped currents. Each receptor
// has the current I and a hidden variable x: I' = x - I/tau, x' = -x/tau.
// An input of weight w adds w·e/tau to x, so the current peaks at w after
// tau ms (PyNN's normalisation). All of it is linear and integrated exactly.
//===----------------------------------------------------------------------===//

template <typename T> struct IfCurrAlphaCoefficients {
  using Factor = typename NumberTraits<T>::Factor;
  Factor decayV, decayExc, decayInh;
  T vReset, vThresh, restingDrive; // as IfCurrExpCoefficients
  T gainExc, gainInh;              // voltage per unit of I over a step
  T gainHiddenExc, gainHiddenInh;  // voltage per unit of x over a step
  T riseExc, riseInh;              // dt·e^{-dt/tau}: what x adds to I
  T inputScaleExc, inputScaleInh;  // e/tau
  int32_t refractory;

  static IfCurrAlphaCoefficients make(const ParameterValues &p, double dt) {
    using N = NumberTraits<T>;
    double tauM = p["tau_m"], cm = p["cm"];
    double tauE = p["tau_syn_E"], tauI = p["tau_syn_I"];
    IfCurrAlphaCoefficients c;
    c.decayV = N::factor(decayFactor(dt, tauM));
    c.decayExc = N::factor(decayFactor(dt, tauE));
    c.decayInh = N::factor(decayFactor(dt, tauI));
    c.vReset = N::fromDouble(p["v_reset"]);
    c.vThresh = N::fromDouble(p["v_thresh"]);
    c.restingDrive = lifRestingDrive<T>(p, dt);
    c.gainExc = N::fromDouble(currentToVoltage(dt, tauM, tauE, cm));
    c.gainInh = N::fromDouble(currentToVoltage(dt, tauM, tauI, cm));
    c.gainHiddenExc = N::fromDouble(alphaToVoltage(dt, tauM, tauE, cm));
    c.gainHiddenInh = N::fromDouble(alphaToVoltage(dt, tauM, tauI, cm));
    c.riseExc = N::fromDouble(dt * decayFactor(dt, tauE));
    c.riseInh = N::fromDouble(dt * decayFactor(dt, tauI));
    c.inputScaleExc = N::fromDouble(std::exp(1.0) / tauE);
    c.inputScaleInh = N::fromDouble(std::exp(1.0) / tauI);
    c.refractory = refractorySteps(p["tau_refrac"], dt);
    return c;
  }
};

template <typename T> struct AlphaState {
  LifState<T> lif;
  T *hiddenExc;
  T *hiddenInh;
};

template <typename T, typename Coefficients, typename Input>
uint32_t stepIfCurrAlpha(Coefficients coefficients, AlphaState<T> s,
                         const Input &input, uint32_t begin, uint32_t end,
                         uint32_t *spikes) {
  LifState<T> &l = s.lif;
  return integrateAndFire(
      coefficients, l, begin, end, spikes, [&](uint32_t b, uint32_t e) {
        const Coefficients local = coefficients; // see stepExpSynapseLif
        CrossingFlag<T> above = 0;
        GLIA_KERNEL_LOOP
        for (uint32_t i = b; i < e; ++i) {
          const auto &c = local(i);
          T v = l.v[i], exc = l.exc[i], inh = l.inh[i];
          T hiddenExc = s.hiddenExc[i] + c.inputScaleExc * input.exc(i);
          T hiddenInh = s.hiddenInh[i] + c.inputScaleInh * input.inh(i);
          T integrated = v * c.decayV + c.restingDrive + c.gainExc * exc +
                         c.gainHiddenExc * hiddenExc + c.gainInh * inh +
                         c.gainHiddenInh * hiddenInh;
          settleMembrane(c, l, i, v, integrated, above);
          l.exc[i] = exc * c.decayExc + c.riseExc * hiddenExc;
          l.inh[i] = inh * c.decayInh + c.riseInh * hiddenInh;
          s.hiddenExc[i] = hiddenExc * c.decayExc;
          s.hiddenInh[i] = hiddenInh * c.decayInh;
        }
        return above;
      });
}

//===----------------------------------------------------------------------===//
// Izhikevich (2003): v' = 0.04 v² + 5 v + 140 - u + I, u' = a (b v - u);
// v >= 30 mV: v = c, u += d. Forward Euler with both variables updated from
// their old values (NEST's izhikevich with consistent_integration). Synaptic
// input is a voltage jump of the weight (mV) at delivery, as in NEST.
//===----------------------------------------------------------------------===//

template <typename T> struct IzhikevichCoefficients {
  T a, b, c, d, iOffset, dt;
  T quadratic, linear, constant, peak; // 0.04, 5, 140, 30

  static IzhikevichCoefficients make(const ParameterValues &p, double dt) {
    using N = NumberTraits<T>;
    return {N::fromDouble(p["a"]),        N::fromDouble(p["b"]),
            N::fromDouble(p["c"]),        N::fromDouble(p["d"]),
            N::fromDouble(p["i_offset"]), N::fromDouble(dt),
            N::fromDouble(0.04),          N::fromDouble(5.0),
            N::fromDouble(140.0),         N::fromDouble(30.0)};
  }
};

template <typename T> struct IzhikevichState {
  T *v;
  T *u;
};

template <typename T, typename Coefficients, typename Input>
uint32_t stepIzhikevich(Coefficients coefficients, IzhikevichState<T> s,
                        const Input &input, uint32_t begin, uint32_t end,
                        uint32_t *spikes) {
  uint32_t fired = 0;
  GLIA_KERNEL_LOOP
  for (uint32_t i = begin; i < end; ++i) {
    const auto &k = coefficients(i);
    T v = s.v[i], u = s.u[i];
    T dv = k.quadratic * v * v + k.linear * v + k.constant - u + k.iOffset;
    T du = k.a * (k.b * v - u);
    v = v + k.dt * dv + input.exc(i) + input.inh(i);
    u = u + k.dt * du;
    if (v >= k.peak) {
      v = k.c;
      u = u + k.d;
      spikes[fired++] = i;
    }
    s.v[i] = v;
    s.u[i] = u;
  }
  return fired;
}

//===----------------------------------------------------------------------===//
// Spike sources (no arithmetic on T: the same spikes in every numerics)
//===----------------------------------------------------------------------===//

/// A SpikeSourcePoisson neuron: at most one spike per step, with the
/// per-step probability p = 1 - exp(-rate·dt) while start <= t < start +
/// duration. The gap to the next spike is drawn directly (geometric), from
/// stream (seed, Poisson, population, neuron) at block = spike number, so a
/// neuron's train depends only on its own key.
struct PoissonCoefficients {
  double logMiss;    // log(1 - p); 0 when p == 0, -inf when p == 1
  int64_t startStep; // first step of the window
  int64_t stopStep;  // first step after the window

  static PoissonCoefficients make(const ParameterValues &p, double dt) {
    double probability = 1 - std::exp(-p["rate"] * dt / 1000.0);
    double start = std::round(p["start"] / dt);
    double stop = std::round((p["start"] + p["duration"]) / dt);
    auto toStep = [](double steps) {
      return steps >= 9e18 ? std::numeric_limits<int64_t>::max()
                           : int64_t(steps);
    };
    return {std::log1p(-probability), toStep(start), toStep(stop)};
  }
};

/// The state of neurons [begin, end) of a Poisson source, indexed from
/// begin (a board core holds only its slice's). The kernels index their
/// coefficients the same way; the neuron's population index keys its stream
/// and names its spikes.
struct PoissonState {
  int64_t *nextSpike;    // step of the neuron's next spike
  uint32_t *spikeNumber; // spikes drawn so far
};

/// The step of the next spike at or after `from`, drawing spike number
/// `number` of neuron `neuron`'s stream.
inline int64_t drawPoissonSpike(const PoissonCoefficients &c, uint64_t seed,
                                uint32_t population, uint32_t neuron,
                                uint32_t number, int64_t from) {
  from = std::max(from, c.startStep);
  if (c.logMiss == 0 || from >= c.stopStep)
    return std::numeric_limits<int64_t>::max();
  RandomStream stream(seed, StreamKind::Poisson, population, neuron);
  stream.seekBlock(number);
  double gap = std::isinf(c.logMiss)
                   ? 0
                   : std::floor(std::log(stream.uniformPositive()) / c.logMiss);
  if (!(gap < double(c.stopStep - from))) // also NaN
    return std::numeric_limits<int64_t>::max();
  return from + int64_t(gap);
}

/// Initialises [begin, end) for a run starting at step 0.
template <typename Coefficients>
void initPoisson(Coefficients coefficients, PoissonState s, uint64_t seed,
                 uint32_t population, uint32_t begin, uint32_t end) {
  for (uint32_t k = 0; k < end - begin; ++k) {
    s.spikeNumber[k] = 0;
    s.nextSpike[k] =
        drawPoissonSpike(coefficients(k), seed, population, begin + k, 0, 0);
  }
}

template <typename Coefficients>
uint32_t stepPoisson(Coefficients coefficients, PoissonState s, uint64_t seed,
                     uint32_t population, int64_t step, uint32_t begin,
                     uint32_t end, uint32_t *spikes) {
  uint32_t fired = 0;
  for (uint32_t k = 0; k < end - begin; ++k) {
    if (s.nextSpike[k] != step)
      continue;
    uint32_t i = begin + k;
    spikes[fired++] = i;
    s.nextSpike[k] = drawPoissonSpike(coefficients(k), seed, population, i,
                                      ++s.spikeNumber[k], step + 1);
  }
  return fired;
}

/// SpikeSourceArray: sorted spike steps per neuron (or one train shared by
/// all, when `offsets` is null). Several spikes in one step make one spike.
struct SpikeArrayView {
  const uint64_t *offsets; // null: one shared train
  const int64_t *steps;
  uint64_t sharedCount; // length of the shared train
};

/// `cursor[i]` indexes neuron i's next spike; start it at its train's
/// beginning (0 for the shared train).
inline void initSpikeArray(SpikeArrayView trains, uint64_t *cursor,
                           uint32_t begin, uint32_t end) {
  for (uint32_t i = begin; i < end; ++i)
    cursor[i] = trains.offsets ? trains.offsets[i] : 0;
}

inline uint32_t stepSpikeArray(SpikeArrayView trains, uint64_t *cursor,
                               int64_t step, uint32_t begin, uint32_t end,
                               uint32_t *spikes) {
  uint32_t fired = 0;
  for (uint32_t i = begin; i < end; ++i) {
    uint64_t stop = trains.offsets ? trains.offsets[i + 1] : trains.sharedCount;
    uint64_t &next = cursor[i];
    while (next < stop && trains.steps[next] < step)
      ++next; // spikes before the run (negative times) are dropped
    if (next < stop && trains.steps[next] == step) {
      spikes[fired++] = i;
      while (next < stop && trains.steps[next] == step)
        ++next;
    }
  }
  return fired;
}

//===----------------------------------------------------------------------===//
// Pair-rule STDP with exponential traces (all-to-all pairing)
//
// Each pre- and postsynaptic neuron keeps a trace that jumps by 1 at each of
// its spikes and decays with tau_plus (pre) or tau_minus (post). As in
// sPyNNaker 7, a synapse with delay d sees a postsynaptic spike of step q at
// step q + d, each synapse with its own d (PostSpikeHistory,
// PendingPostSpikes). A presynaptic spike at step t depresses each of its
// synapses by A_minus·y_post(t), posts seen at t included
// (post-before-pre); a post seen at T potentiates each incoming synapse by
// A_plus·x_pre(T) over the pres before T. The callers (simulator, emulator)
// order the steps; docs/runtime.md, STDP.
//
// NALSM's trace rule (#snn.trace_stdp) is the same computation, with posts
// seen in their own step (after the step's depression), traces
// that jump by trace_increment, rates in weight units (not scaled by
// w_max - w_min), and rates multiplied by rate_decay^dt after every step
// (`decayRates`): x <- d·(x + a·s) read before the step's spikes is exactly
// a·Σ exp(-(t - t_k)/tau) over the earlier spikes t_k.
//===----------------------------------------------------------------------===//

/// The entries of a trace's decay table (StdpCoefficients::decayTable).
inline size_t decayTableLength(double tau, double dt) {
  return size_t(std::min(20.0 * tau / dt, 1e6)) + 1;
}

template <typename T> struct StdpCoefficients {
  using Factor = typename NumberTraits<T>::Factor;
  T aPlus, aMinus; // additive pair rule: already multiplied by w_max - w_min
  T wMin, wMax;
  bool multiplicative;
  T traceJump;         // what a spike adds to a trace
  Factor rateDecay{};  // per step, applied by decayRates
  bool decays = false; // rate_decay != 1 (u0.32 cannot hold 1 exactly)
  std::vector<T> decayPlus, decayMinus; // exp(-k·dt/tau) for k steps

  static StdpCoefficients make(const Stdp &stdp, double dt) {
    using N = NumberTraits<T>;
    StdpCoefficients c;
    bool pair = stdp.rule == StdpRule::Pair;
    c.multiplicative = stdp.dependence == WeightDependence::Multiplicative;
    double scale = c.multiplicative || !pair ? 1.0 : stdp.wMax - stdp.wMin;
    c.aPlus = N::fromDouble(stdp.aPlus * scale);
    c.aMinus = N::fromDouble(stdp.aMinus * scale);
    c.wMin = N::fromDouble(stdp.wMin);
    c.wMax = N::fromDouble(stdp.wMax);
    c.traceJump = N::fromDouble(pair ? 1.0 : stdp.traceIncrement);
    double decay = std::pow(stdp.rateDecay, dt);
    c.rateDecay = N::factor(decay);
    c.decays = decay != 1.0;
    c.decayPlus = decayTable(stdp.tauPlus, dt);
    c.decayMinus = decayTable(stdp.tauMinus, dt);
    return c;
  }

  /// The rule without its trace tables: the per-thread copy whose rates
  /// decay or are set by an astrocyte.
  StdpCoefficients rates() const {
    StdpCoefficients c = *this; // built once per thread: the copy is cheap
    c.decayPlus.clear();
    c.decayMinus.clear();
    return c;
  }

  /// exp(-k·dt/tau) for k = 0 .. until it drops below e^-20 (2e-9), beyond
  /// which a trace counts as 0; capped so that tiny dt cannot exhaust memory.
  static std::vector<T> decayTable(double tau, double dt) {
    size_t length = decayTableLength(tau, dt);
    std::vector<T> table(length);
    for (size_t k = 0; k < length; ++k)
      table[k] = NumberTraits<T>::fromDouble(std::exp(-double(k) * dt / tau));
    return table;
  }
};

/// A trace: its value just after its last spike, and that spike's step.
template <typename T> struct Trace {
  T value{};
  int64_t lastStep = std::numeric_limits<int64_t>::min() / 2;
};

template <typename T>
T traceAt(const Trace<T> &trace, int64_t step, const std::vector<T> &decay) {
  // In unsigned arithmetic: a last step read from a board image may be any
  // int64, and the signed difference could overflow.
  if (step < trace.lastStep)
    return T{};
  uint64_t elapsed = uint64_t(step) - uint64_t(trace.lastStep);
  if (elapsed >= decay.size())
    return T{};
  return trace.value * decay[size_t(elapsed)];
}

/// Adds a spike at `step` to the trace (all-to-all pairing: traces sum); it
/// jumps by 1 (pair rule) or by the trace rule's increment.
template <typename T>
void addSpike(Trace<T> &trace, int64_t step, const std::vector<T> &decay,
              T jump = NumberTraits<T>::fromDouble(1.0)) {
  trace.value = traceAt(trace, step, decay) + jump;
  trace.lastStep = step;
}

/// The postsynaptic traces of a plastic projection whose synapses may each
/// have their own delay: per neuron, its last `depth` spikes, each with the
/// trace just after it. A synapse with delay d sees a spike of step q at
/// step q + d, so at step t it sees the trace of the neuron's last spike at
/// or before t - d, decayed to t - d: the value a trace stamped q + d would
/// have at t, with the same products. A spike is added once the synapses
/// with the projection's shortest delay see it (DelayedPostSpikes), so a
/// projection with one delay keeps one spike per neuron.
template <typename T> class PostSpikeHistory {
public:
  PostSpikeHistory() = default;
  PostSpikeHistory(uint32_t neurons, uint32_t depth)
      : depth(depth), entries(size_t(neurons) * depth), newest(neurons, 0) {}

  /// Neuron `neuron` fired at `step` (after every earlier spike).
  void add(uint32_t neuron, int64_t step, const std::vector<T> &decay, T jump) {
    Trace<T> *ring = &entries[size_t(neuron) * depth];
    uint32_t &head = newest[neuron];
    T value = traceAt(ring[head], step, decay) + jump;
    head = head + 1 == depth ? 0 : head + 1;
    ring[head] = {value, step};
  }

  uint32_t spikesKept() const { return depth; }

  /// The trace a synapse with delay `delay` sees at step `step`: that of
  /// the spikes q with q + delay <= step. Unused entries count as spikes
  /// too old to matter, so a neuron that has not fired gives 0.
  T seenAt(uint32_t neuron, int64_t step, uint32_t delay,
           const std::vector<T> &decay) const {
    const Trace<T> *ring = &entries[size_t(neuron) * depth];
    int64_t latest = step - int64_t(delay);
    uint32_t i = newest[neuron];
    for (uint32_t n = 0; n < depth; ++n) {
      if (ring[i].lastStep <= latest)
        return traceAt(ring[i], latest, decay);
      i = i == 0 ? depth - 1 : i - 1;
    }
    // postHistoryDepth rules this out: the spike a lookup needs is never
    // overwritten.
    std::abort();
  }

private:
  uint32_t depth = 1;
  std::vector<Trace<T>> entries; // neuron-major rings of `depth`
  std::vector<uint32_t> newest;  // per neuron, its ring's newest entry
};

/// How many spikes per neuron a PostSpikeHistory must keep so that no
/// lookup misses, for delays in [shortest, longest]. At step t the history
/// holds the spikes up to step t - shortest (t - 1 for the trace rule's
/// delay 0); a lookup with delay d needs the last spike at or before t - d
/// and keeps every later one: at most those of longest - shortest steps,
/// plus one. A neuron refractory for r steps after a spike fires at most
/// once in r + 1 steps.
inline uint32_t postHistoryDepth(uint32_t shortest, uint32_t longest,
                                 uint32_t refractorySteps) {
  if (longest <= std::max(shortest, 1u))
    return 1;
  uint32_t window = longest - std::max(shortest, 1u);
  return (window + refractorySteps) / (refractorySteps + 1) + 1;
}

/// The postsynaptic spikes that the synapses of delay d see at the next
/// step: those fired d - 1 steps ago (a ring of the last d steps' spikes).
/// They join a PostSpikeHistory when the shortest delay sees them; with
/// d = 1 (also the trace rule's, whose delay 0 reads the history up to the
/// step before) each step's own spikes join at its end.
class DelayedPostSpikes {
public:
  explicit DelayedPostSpikes(uint32_t delay = 1) : ring(delay) {}
  uint32_t delay() const { return uint32_t(ring.size()); }
  /// Takes step `step`'s spikes and returns those seen at step + 1.
  const std::vector<uint32_t> &advance(int64_t step, const uint32_t *spikes,
                                       uint32_t count) {
    ring[size_t(step % int64_t(ring.size()))].assign(spikes, spikes + count);
    return ring[size_t((step + 1) % int64_t(ring.size()))];
  }

private:
  std::vector<std::vector<uint32_t>> ring;
};

/// The fewest steps any neuron with these (LIF) coefficients stays
/// refractory after a spike: the closest two of its spikes can be is that
/// plus one. A neuron whose reset is not below its threshold in the number
/// type (v_reset rounded up to v_thresh, or drawn above it) fires at every
/// step, held or not (fireAndReset), so it counts as 0.
template <typename Coefficients>
uint32_t shortestRefractory(const std::vector<Coefficients> &coefficients) {
  int32_t steps = std::numeric_limits<int32_t>::max();
  for (const Coefficients &c : coefficients)
    steps = std::min(steps, c.vReset < c.vThresh ? c.refractory : 0);
  return uint32_t(std::max(steps, 0));
}

/// The most history entries (neurons × depth) a projection's postsynaptic
/// history may take (4 GiB in double); longer delays onto neurons that can
/// fire at every step are refused before allocating.
inline constexpr uint64_t kMaxPostHistoryEntries = uint64_t(1) << 28;

/// Postsynaptic spikes some of whose synapses have not seen them yet. A
/// spike walks its neuron's column of incoming synapses, sorted by the
/// delay after which each sees it (ruleDelay), as the steps reach fired +
/// delay. The simulator and the emulator both time the rule with it.
class PendingPostSpikes {
public:
  /// The spike of step `fired` of the neuron whose column is entries
  /// [begin, end) of column index `column`.
  void add(uint32_t column, uint32_t begin, uint32_t end, int64_t fired) {
    if (begin < end)
      spikes.push_back({column, begin, end, fired});
  }

  /// Calls see(entry, seen, column) for each column entry whose synapse
  /// sees its pending spike at step seen <= until and has not yet;
  /// delayOf(entry) is its delay. Spikes that every synapse has seen leave.
  template <typename DelayOf, typename See>
  void advance(int64_t until, DelayOf &&delayOf, See &&see) {
    for (size_t i = 0; i < spikes.size();) {
      Spike &spike = spikes[i];
      for (; spike.next < spike.end; ++spike.next) {
        int64_t seen = spike.fired + int64_t(delayOf(spike.next));
        if (seen > until)
          break;
        see(spike.next, seen, spike.column);
      }
      if (spike.next < spike.end) {
        ++i;
      } else { // the order of distinct synapses is free
        spike = spikes.back();
        spikes.pop_back();
      }
    }
  }

private:
  struct Spike {
    uint32_t column, next, end;
    int64_t fired;
  };
  std::vector<Spike> spikes;
};

/// Where a range of postsynaptic neurons (a thread's, a core's) finds its
/// columns and its history entries: neuron n has column n - columnBase of
/// `columnStart` and history entry n - historyBase if that is below
/// historyCount.
struct PostsynapticRange {
  uint32_t columnBase;
  const uint32_t *columnStart;
  uint32_t historyBase, historyCount;
};

/// The end of step `step` on the postsynaptic side of a plastic projection,
/// for a range's `spikes` of the step: each synapse that sees a spike by the
/// next step potentiates (see(entry, seen, column), as PendingPostSpikes),
/// then the spikes that the shortest delay sees next step join the history.
/// The simulator (per thread) and the emulator (per core) call it.
template <typename T, typename DelayOf, typename See>
void endPostsynapticStep(int64_t step, const uint32_t *spikes, uint32_t count,
                         const PostsynapticRange &range,
                         PendingPostSpikes &pending, DelayedPostSpikes &joining,
                         PostSpikeHistory<T> &history,
                         const std::vector<T> &decay, T jump, DelayOf &&delayOf,
                         See &&see) {
  for (uint32_t s = 0; s < count; ++s) {
    uint32_t column = spikes[s] - range.columnBase;
    pending.add(column, range.columnStart[column],
                range.columnStart[column + 1], step);
  }
  pending.advance(step + 1, delayOf, see);
  const std::vector<uint32_t> &joined = joining.advance(step, spikes, count);
  int64_t fired = step + 1 - int64_t(joining.delay());
  for (uint32_t neuron : joined) {
    uint32_t entry = neuron - range.historyBase; // wraps below the base
    if (entry < range.historyCount)
      history.add(entry, fired, decay, jump);
  }
}

/// The end of a step for a rule with decaying rates: both rates are
/// multiplied by rate_decay^dt (NALSM's ×0.99 per ms).
template <typename T> void decayRates(StdpCoefficients<T> &c) {
  if (!c.decays)
    return;
  c.aPlus = c.aPlus * c.rateDecay;
  c.aMinus = c.aMinus * c.rateDecay;
}

template <typename T> T clampWeight(const StdpCoefficients<T> &c, T w) {
  return w < c.wMin ? c.wMin : (w > c.wMax ? c.wMax : w);
}

/// The weight after a postsynaptic spike that sees presynaptic trace x.
template <typename T>
T potentiate(const StdpCoefficients<T> &c, T w, T preTrace) {
  T change =
      c.multiplicative ? c.aPlus * (c.wMax - w) * preTrace : c.aPlus * preTrace;
  return clampWeight(c, w + change);
}

/// The weight after a presynaptic spike that sees postsynaptic trace y.
template <typename T>
T depress(const StdpCoefficients<T> &c, T w, T postTrace) {
  T change = c.multiplicative ? c.aMinus * (w - c.wMin) * postTrace
                              : c.aMinus * postTrace;
  return clampWeight(c, w - change);
}

} // namespace glia::runtime::kernels

#endif // GLIA_RUNTIME_KERNELS_H
