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
#include <limits>
#include <string>
#include <type_traits>

namespace glia::runtime {

struct Plan;

/// The astrocyte (0 .. count-1) whose domain holds element `i` of a slice of
/// `n`: astrocyte a covers [a·n/count, (a+1)·n/count), the a-th of `count`
/// equal contiguous blocks.
inline uint32_t astroDomainOf(uint32_t i, uint32_t n, uint32_t count) {
  return uint32_t(((uint64_t(i) + 1) * count - 1) / n);
}

/// Checks the astrocyte sections of a plan (indices, sizes, parameter
/// counts, recordable variables); returns an empty string or the problem.
std::string checkAstrocytes(const Plan &plan);

namespace kernels {

/// Reads one astrocyte model's catalogue-ordered parameters by name.
struct AstroParameters {
  const models::AstrocyteModelInfo &info;
  const double *values;
  double operator[](std::string_view name) const {
    return values[info.parameterIndex(name)];
  }
};

/// a / b in T. s16.15 has no division operator (the neuron kernels need
/// none); the Li-Rinzel rates do, so it is defined here: rounded to nearest,
/// saturating and counted like the other Accum operations.
template <typename T> T divide(T a, T b) {
  if constexpr (std::is_floating_point_v<T>) {
    return a / b;
  } else {
    int64_t numerator = int64_t(a.raw()) * (int64_t(1) << T::kFractionalBits);
    if (b.raw() == 0)
      return T::fromRaw(detail::saturateToInt32(
          numerator >= 0 ? std::numeric_limits<int64_t>::max()
                         : std::numeric_limits<int64_t>::min()));
    int64_t d = b.raw(), q = numerator / d, r = numerator % d;
    // Round half away from zero, as Accum's multiplication does.
    if (2 * (r < 0 ? -r : r) >= (d < 0 ? -d : d))
      q += ((numerator < 0) != (d < 0)) ? -1 : 1;
    return T::fromRaw(detail::saturateToInt32(q));
  }
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
//===----------------------------------------------------------------------===//

inline constexpr double kLiRinzelMaxSubstep = 1.0; // ms

template <typename T> struct LiRinzelCoefficients {
  T caTot, ip3Zero, kd1, kd2, kdAct, kdInh, km, sicThreshold, deltaIp3, k;
  T rIp3r, rL, rSerca, rEr, invTauIp3;
  T inverseREr; // 1 / r_ER
  T h, halfH, sixthH;
  uint32_t substeps;

  static LiRinzelCoefficients make(const AstroParameters &p, double dt) {
    using N = NumberTraits<T>;
    uint32_t n = uint32_t(std::ceil(dt / kLiRinzelMaxSubstep - 1e-9));
    n = n == 0 ? 1 : n;
    double h = dt / n;
    auto f = [&](std::string_view name) { return N::fromDouble(p[name]); };
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
            N::fromDouble(1 / p["tau_IP3"]),
            N::fromDouble(1 / p["r_ER"]),
            N::fromDouble(h),
            N::fromDouble(h / 2),
            N::fromDouble(h / 6),
            n};
  }
};

/// (IP3, Ca, h) or their time derivatives.
template <typename T> struct LiRinzelPoint { T ip3, ca, h; };

template <typename T>
LiRinzelPoint<T> liRinzelDerivative(const LiRinzelCoefficients<T> &c,
                                    const LiRinzelPoint<T> &x) {
  T m = divide(x.ip3, x.ip3 + c.kd1);
  T n = divide(x.ca, x.ca + c.kdAct);
  T open = m * n * x.h;
  T caEr = (c.caTot - x.ca) * c.inverseREr;
  T gradient = caEr - x.ca;
  T channel = c.rEr * c.rIp3r * (open * open * open) * gradient;
  T leak = c.rEr * c.rL * gradient;
  T ca2 = x.ca * x.ca;
  T pump = divide(c.rSerca * ca2, c.km * c.km + ca2);
  T alpha = divide(c.k * c.kdInh * (x.ip3 + c.kd1), x.ip3 + c.kd2);
  T one = NumberTraits<T>::fromDouble(1.0);
  return {(c.ip3Zero - x.ip3) * c.invTauIp3, channel - pump + leak,
          alpha * (one - x.h) - c.k * x.ca * x.h};
}

template <typename T>
LiRinzelPoint<T> liRinzelAxpy(const LiRinzelPoint<T> &x, T scale,
                              const LiRinzelPoint<T> &d) {
  return {x.ip3 + scale * d.ip3, x.ca + scale * d.ca, x.h + scale * d.h};
}

/// One classical RK4 sub-step of length c.h.
template <typename T>
LiRinzelPoint<T> liRinzelRk4(const LiRinzelCoefficients<T> &c,
                             const LiRinzelPoint<T> &x) {
  LiRinzelPoint<T> k1 = liRinzelDerivative(c, x);
  LiRinzelPoint<T> k2 = liRinzelDerivative(c, liRinzelAxpy(x, c.halfH, k1));
  LiRinzelPoint<T> k3 = liRinzelDerivative(c, liRinzelAxpy(x, c.halfH, k2));
  LiRinzelPoint<T> k4 = liRinzelDerivative(c, liRinzelAxpy(x, c.h, k3));
  T two = NumberTraits<T>::fromDouble(2.0);
  LiRinzelPoint<T> sum{k1.ip3 + two * (k2.ip3 + k3.ip3) + k4.ip3,
                       k1.ca + two * (k2.ca + k3.ca) + k4.ca,
                       k1.h + two * (k2.h + k3.h) + k4.h};
  return liRinzelAxpy(x, c.sixthH, sum);
}

/// SIC (pA) for calcium `ca`. The logarithm goes through double: on a board
/// it is a small table, and SIC is computed once per astrocyte and step.
template <typename T> T sicOf(const LiRinzelCoefficients<T> &c, T ca) {
  using N = NumberTraits<T>;
  double y = N::toDouble(ca - c.sicThreshold) * 1000.0;
  return y > 1 ? N::fromDouble(std::log(y)) : T{};
}

template <typename T> struct LiRinzelState { T *ip3, *ca, *h, *sic; };

template <typename T>
void stepLiRinzel(const LiRinzelCoefficients<T> &c, LiRinzelState<T> s,
                  const T *input, uint32_t begin, uint32_t end) {
  T zero{}, one = NumberTraits<T>::fromDouble(1.0);
  for (uint32_t i = begin; i < end; ++i) {
    LiRinzelPoint<T> x{s.ip3[i] + c.deltaIp3 * input[i], s.ca[i], s.h[i]};
    for (uint32_t k = 0; k < c.substeps; ++k)
      x = liRinzelRk4(c, x);
    // Concentrations and the gate stay physical even where rounding (fixed
    // point) would push them past their bounds.
    s.ip3[i] = x.ip3 < zero ? zero : x.ip3;
    s.ca[i] = x.ca < zero ? zero : x.ca;
    s.h[i] = x.h < zero ? zero : (x.h > one ? one : x.h);
    s.sic[i] = sicOf(c, s.ca[i]);
  }
}

} // namespace kernels
} // namespace glia::runtime

#endif // GLIA_RUNTIME_ASTROCYTES_H
