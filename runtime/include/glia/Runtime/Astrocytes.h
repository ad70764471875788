//===- Astrocytes.h - astrocyte kernels and domains -------------*- C++ -*-===//
//
// The two astrocyte models of MODELS.md §3, written once and templated on
// the number type T like Kernels.h (ARCHITECTURE.md invariant 3), so the
// reference simulator and a board emulator share them. A kernel advances a
// range [begin, end) of astrocytes of one population by one network step,
// given the weighted sum of the spikes each of them heard during that step.
// docs/astrocytes.md states the semantics and the integration schemes.
//
//===----------------------------------------------------------------------===//

#ifndef GLIA_RUNTIME_ASTROCYTES_H
#define GLIA_RUNTIME_ASTROCYTES_H

#include "glia/Runtime/CellTypes.h"
#include "glia/Runtime/FixedPoint.h"

#include <cmath>
#include <cstdint>
#include <iterator>
#include <limits>
#include <string>
#include <type_traits>

namespace glia::runtime {

struct Plan;
struct AstrocytePlan;

/// The astrocyte (0 .. count-1) whose domain holds element `i` of a slice of
/// `n`: astrocyte a covers [a·n/count, (a+1)·n/count), the a-th of `count`
/// equal contiguous blocks.
inline uint32_t astroDomainOf(uint32_t i, uint32_t n, uint32_t count) {
  return uint32_t(((uint64_t(i) + 1) * count - 1) / n);
}

/// The first element of astrocyte a's domain (a <= count: a == count gives
/// n), so astrocytes [lo, hi) cover elements [start(lo), start(hi)).
inline uint32_t astroDomainStart(uint32_t a, uint32_t n, uint32_t count) {
  return uint32_t(uint64_t(a) * n / count);
}

/// Checks the astrocyte sections of a plan (indices, sizes, parameter
/// counts, recordable variables); returns an empty string or the problem.
std::string checkAstrocytes(const Plan &plan);

/// Checks one astrocyte population's size, parameters (finite, within the
/// catalogue's constraints, a leaky integrator's tau at least `timestep`)
/// and initial values; returns an empty string or the problem. The board
/// emulator checks an image's astrocyte cores with it too.
std::string checkAstrocyte(const AstrocytePlan &astro, double timestep);

namespace kernels {

/// Reads one astrocyte model's catalogue-ordered parameters by name.
struct AstroParameters {
  const models::AstrocyteModelInfo &info;
  const double *values;
  double operator[](std::string_view name) const {
    return values[info.parameterIndex(name)];
  }
};

/// a / b in T. s16.15 and s32.31 have no division operator (the neuron
/// kernels need none); the Li-Rinzel rates do, so it is defined here:
/// rounded to nearest, saturating and counted like the other fixed-point
/// operations (a board divides in software: the ARM968 has no divider).
template <typename T> T divide(T a, T b) {
  if constexpr (std::is_floating_point_v<T>) {
    return a / b;
  } else {
    using Raw = typename T::Raw;
    using Product = typename T::Product;
    if (b.raw() == 0) {
      ++saturationCounter();
      return T::fromRaw(a.raw() >= 0 ? std::numeric_limits<Raw>::max()
                                     : std::numeric_limits<Raw>::min());
    }
    Product numerator = Product(a.raw()) * (Product(1) << T::kFractionalBits);
    Product d = b.raw(), q = numerator / d, r = numerator % d;
    // Round half away from zero, as the multiplications do.
    if (2 * (r < 0 ? -r : r) >= (d < 0 ? -d : d))
      q += ((numerator < 0) != (d < 0)) ? -1 : 1;
    return T::fromProduct(q);
  }
}

/// ln(y) in s32.31 with integer operations only (for SIC on a board):
/// y = 2^e·f with f in [1, 2) found by counting leading zeros, then
/// ln f = 2·atanh(s), s = (f - 1)/(f + 1) in [0, 1/3), by its series up to
/// s^9 (truncation error < 1.1e-6, well below s16.15's step 3.1e-5).
/// y <= 0 saturates to the most negative value (counted).
inline LongAccum logarithm(LongAccum y) {
  // The constants in raw units, computed by the compiler.
  constexpr auto raw = [](double value) {
    return int64_t(value * LongAccum::kScale + 0.5);
  };
  constexpr int64_t kOne = raw(1.0), kLn2 = raw(0.69314718055994531);
  constexpr int64_t kSeries[] = {raw(1.0 / 9), raw(1.0 / 7), raw(1.0 / 5),
                                 raw(1.0 / 3), kOne}; // Horner's order
  if (y.raw() <= 0) {
    ++saturationCounter();
    return LongAccum::fromRaw(std::numeric_limits<int64_t>::min());
  }
  int exponent =
      63 - __builtin_clzll(uint64_t(y.raw())) - LongAccum::kFractionalBits;
  int64_t mantissa =
      exponent >= 0 ? y.raw() >> exponent : y.raw() * (int64_t(1) << -exponent);
  LongAccum f = LongAccum::fromRaw(mantissa), one = LongAccum::fromRaw(kOne);
  LongAccum s = divide(f - one, f + one), s2 = s * s;
  LongAccum series = LongAccum::fromRaw(kSeries[0]);
  for (size_t i = 1; i < std::size(kSeries); ++i)
    series = LongAccum::fromRaw(kSeries[i]) + s2 * series;
  return LongAccum::fromProduct(detail::Int128(kLn2) * exponent) +
         (s + s) * series;
}

//===----------------------------------------------------------------------===//
// Leaky integrator (NALSM, MODELS.md §3a)
//
// Per step of dt ms, with u the weighted spike sum of the step and g the
// accumulated rate decay (1 at the start):
//   A <- A·(1 - dt/tau) + g·(bias·dt/tau + u/tau);  then A, g <- ·rate_decay^dt
// At dt = 1 ms this is NALSM's A <- A + [w·(spikes) + b - A]/tau with w and b
// decaying like A. A spike's effect (w/tau) does not depend on dt, so finer
// timesteps keep the integrator's gain. Euler, as NALSM: needs dt <= tau.
//===----------------------------------------------------------------------===//

template <typename T> struct LeakyIntegratorCoefficients {
  using Factor = typename NumberTraits<T>::Factor;
  Factor retain;    // 1 - dt/tau
  T biasDrive;      // bias·dt/tau
  T inputGain;      // 1/tau
  Factor rateDecay; // rate_decay^dt
  bool decays;      // rate_decay != 1 (u0.32 cannot hold 1 exactly)

  static LeakyIntegratorCoefficients make(const AstroParameters &p, double dt) {
    using N = NumberTraits<T>;
    double tau = p["tau"], decay = std::pow(p["rate_decay"], dt);
    return {N::factor(1 - dt / tau), N::fromDouble(p["bias"] * dt / tau),
            N::fromDouble(1 / tau), N::factor(decay), decay != 1.0};
  }
};

template <typename T> struct LeakyIntegratorState {
  T *a;
  T *gain; // the accumulated rate decay g (hidden)
};

template <typename T>
void stepLeakyIntegrator(const LeakyIntegratorCoefficients<T> &c,
                         LeakyIntegratorState<T> s, const T *input,
                         uint32_t begin, uint32_t end) {
  for (uint32_t i = begin; i < end; ++i) {
    T g = s.gain[i];
    T a = s.a[i] * c.retain + g * (c.biasDrive + c.inputGain * input[i]);
    if (c.decays) {
      a = a * c.rateDecay;
      g = g * c.rateDecay;
    }
    s.a[i] = a;
    s.gain[i] = g;
  }
}

//===----------------------------------------------------------------------===//
// Li-Rinzel calcium dynamics (MODELS.md §3b; equations as NEST's
// astrocyte_lr_1994). Each step: IP3 += delta_IP3·u (the spikes of the
// step), then (IP3, Ca, h) advance by classical RK4 in sub-steps of at most
// kLiRinzelMaxSubstep ms. The fastest rate of the system at the defaults is
// ~0.02/ms, so RK4 at 1 ms is stable with a wide margin (|lambda·h| << 2.78)
// and its error is far below the model's own accuracy; docs/astrocytes.md
// gives the measured error. SIC (pA) = ln(y) for y = (Ca - SIC_th)·1000 > 1,
// else 0, computed after the step.
//
// The rates and per-step increments are at or below s16.15's resolution,
// so the whole update runs in NumberTraits<T>::Wide (s32.31 for s16.15, T
// itself for floating point) and IP3, Ca and h persist in it: each is
// stored as its catalogue variable (the high word, in T) plus a hidden low
// word (docs/astrocytes.md "Fixed point").
//===----------------------------------------------------------------------===//

inline constexpr double kLiRinzelMaxSubstep = 1.0; // ms

template <typename T> struct LiRinzelCoefficients {
  using W = typename NumberTraits<T>::Wide;
  W caTot, ip3Zero, kd1, kd2, kdAct, kdInh, km, sicThreshold, deltaIp3, k;
  W rIp3r, rL, rSerca, rEr, invTauIp3;
  W inverseREr; // 1 / r_ER
  W h, halfH, sixthH;
  uint32_t substeps;

  static LiRinzelCoefficients make(const AstroParameters &p, double dt) {
    using NW = NumberTraits<W>;
    uint32_t n = uint32_t(std::ceil(dt / kLiRinzelMaxSubstep - 1e-9));
    n = n == 0 ? 1 : n;
    double h = dt / n;
    auto f = [&](std::string_view name) { return NW::fromDouble(p[name]); };
    return {f("Ca_tot"),
            f("IP3_0"),
            f("Kd1"),
            f("Kd2"),
            f("Kd_act"),
            f("Kd_inh"),
            f("Km"),
            f("SIC_th"),
            f("delta_IP3"),
            f("k"),
            f("r_IP3R"),
            f("r_L"),
            f("r_SERCA"),
            f("r_ER"),
            NW::fromDouble(1 / p["tau_IP3"]),
            NW::fromDouble(1 / p["r_ER"]),
            NW::fromDouble(h),
            NW::fromDouble(h / 2),
            NW::fromDouble(h / 6),
            n};
  }
};

/// (IP3, Ca, h) or their time derivatives, in the wide type W.
template <typename W> struct LiRinzelPoint { W ip3, ca, h; };

template <typename T, typename W = typename NumberTraits<T>::Wide>
LiRinzelPoint<W> liRinzelDerivative(const LiRinzelCoefficients<T> &c,
                                    const LiRinzelPoint<W> &x) {
  W m = divide(x.ip3, x.ip3 + c.kd1);
  W n = divide(x.ca, x.ca + c.kdAct);
  W open = m * n * x.h;
  W caEr = (c.caTot - x.ca) * c.inverseREr;
  W gradient = caEr - x.ca;
  W channel = c.rEr * c.rIp3r * (open * open * open) * gradient;
  W leak = c.rEr * c.rL * gradient;
  W ca2 = x.ca * x.ca;
  W pump = divide(c.rSerca * ca2, c.km * c.km + ca2);
  W alpha = divide(c.k * c.kdInh * (x.ip3 + c.kd1), x.ip3 + c.kd2);
  W one = NumberTraits<W>::fromDouble(1.0);
  return {(c.ip3Zero - x.ip3) * c.invTauIp3, channel - pump + leak,
          alpha * (one - x.h) - c.k * x.ca * x.h};
}

template <typename W>
LiRinzelPoint<W> liRinzelAxpy(const LiRinzelPoint<W> &x, W scale,
                              const LiRinzelPoint<W> &d) {
  return {x.ip3 + scale * d.ip3, x.ca + scale * d.ca, x.h + scale * d.h};
}

/// One classical RK4 sub-step of length c.h.
template <typename T, typename W = typename NumberTraits<T>::Wide>
LiRinzelPoint<W> liRinzelRk4(const LiRinzelCoefficients<T> &c,
                             const LiRinzelPoint<W> &x) {
  LiRinzelPoint<W> k1 = liRinzelDerivative(c, x);
  LiRinzelPoint<W> k2 = liRinzelDerivative(c, liRinzelAxpy(x, c.halfH, k1));
  LiRinzelPoint<W> k3 = liRinzelDerivative(c, liRinzelAxpy(x, c.halfH, k2));
  LiRinzelPoint<W> k4 = liRinzelDerivative(c, liRinzelAxpy(x, c.h, k3));
  W two = NumberTraits<W>::fromDouble(2.0);
  LiRinzelPoint<W> sum{k1.ip3 + two * (k2.ip3 + k3.ip3) + k4.ip3,
                       k1.ca + two * (k2.ca + k3.ca) + k4.ca,
                       k1.h + two * (k2.h + k3.h) + k4.h};
  return liRinzelAxpy(x, c.sixthH, sum);
}

/// SIC (pA) for calcium `ca`. Floating point takes the logarithm in double;
/// fixed point takes it with integer operations only (`logarithm`), as a
/// board core would.
template <typename T, typename W = typename NumberTraits<T>::Wide>
T sicOf(const LiRinzelCoefficients<T> &c, W ca) {
  using N = NumberTraits<T>;
  if constexpr (std::is_floating_point_v<T>) {
    double y = N::toDouble(ca - c.sicThreshold) * 1000.0;
    return y > 1 ? N::fromDouble(std::log(y)) : T{};
  } else {
    W y =
        W::fromProduct(typename W::Product((ca - c.sicThreshold).raw()) * 1000);
    W one = NumberTraits<W>::fromDouble(1.0);
    return y > one ? N::narrow(logarithm(y)) : T{};
  }
}

/// The catalogue's variables IP3, Ca, h, SIC, then the hidden low words of
/// IP3, Ca and h (0 at the start; always 0 in floating point).
template <typename T> struct LiRinzelState {
  T *ip3, *ca, *h, *sic;
  T *ip3Low, *caLow, *hLow;
};

/// The number of hidden variables that follow the catalogue's in
/// LiRinzelState.
inline constexpr unsigned kLiRinzelHiddenVariables = 3;

/// Sets astrocytes [begin, end) to the catalogue-ordered initial values
/// (IP3, Ca, h, SIC): IP3, Ca and h to the wide type's precision (their
/// high and low words), so fixed point starts where double does.
template <typename T>
void initLiRinzel(LiRinzelState<T> s, const double *initial, uint32_t begin,
                  uint32_t end) {
  using N = NumberTraits<T>;
  using NW = NumberTraits<typename N::Wide>;
  for (uint32_t i = begin; i < end; ++i) {
    s.ip3[i] = N::split(NW::fromDouble(initial[0]), s.ip3Low[i]);
    s.ca[i] = N::split(NW::fromDouble(initial[1]), s.caLow[i]);
    s.h[i] = N::split(NW::fromDouble(initial[2]), s.hLow[i]);
    s.sic[i] = N::fromDouble(initial[3]);
  }
}

template <typename T>
void stepLiRinzel(const LiRinzelCoefficients<T> &c, LiRinzelState<T> s,
                  const T *input, uint32_t begin, uint32_t end) {
  using N = NumberTraits<T>;
  using W = typename N::Wide;
  W zero{}, one = NumberTraits<W>::fromDouble(1.0);
  for (uint32_t i = begin; i < end; ++i) {
    LiRinzelPoint<W> x{
        N::join(s.ip3[i], s.ip3Low[i]) + c.deltaIp3 * N::widen(input[i]),
        N::join(s.ca[i], s.caLow[i]), N::join(s.h[i], s.hLow[i])};
    for (uint32_t k = 0; k < c.substeps; ++k)
      x = liRinzelRk4(c, x);
    // Concentrations and the gate stay physical even where rounding (fixed
    // point) would push them past their bounds.
    W ca = x.ca < zero ? zero : x.ca;
    s.ip3[i] = N::split(x.ip3 < zero ? zero : x.ip3, s.ip3Low[i]);
    s.ca[i] = N::split(ca, s.caLow[i]);
    s.h[i] = N::split(x.h < zero ? zero : (x.h > one ? one : x.h), s.hLow[i]);
    s.sic[i] = sicOf(c, ca);
  }
}

} // namespace kernels
} // namespace glia::runtime

#endif // GLIA_RUNTIME_ASTROCYTES_H
