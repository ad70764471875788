//===- Random.h - counter-based random streams (Philox4x32-10) --*- C++ -*-===//
//
// ARCHITECTURE.md invariant 2: every random choice comes from a counter-based
// generator keyed by what it is for, never from a shared sequential state.
// A stream is identified by (seed, kind, id, row):
//
//   key     = (seed & 0xffffffff, seed >> 32)
//   counter = (block, row, id, kind)
//
// where `block` counts the 128-bit blocks drawn from the stream. The same
// (seed, kind, id, row) therefore yields the same numbers whichever thread,
// slice or process asks, and in whatever order rows are generated.
//
//===----------------------------------------------------------------------===//

#ifndef GLIA_RUNTIME_RANDOM_H
#define GLIA_RUNTIME_RANDOM_H

#include "glia/Runtime/Plan.h"

#include <array>
#include <cassert>
#include <cmath>
#include <cstdint>
#include <cstring>

namespace glia::runtime {

inline constexpr uint32_t kPhiloxMul0 = 0xD2511F53u, kPhiloxMul1 = 0xCD9E8D57u;
inline constexpr uint32_t kPhiloxWeyl0 = 0x9E3779B9u,
                          kPhiloxWeyl1 = 0xBB67AE85u;

/// Philox4x32 with 10 rounds (Salmon et al., SC'11), as in Random123.
inline std::array<uint32_t, 4> philox4x32(std::array<uint32_t, 4> counter,
                                          std::array<uint32_t, 2> key) {
  for (int round = 0; round < 10; ++round) {
    uint64_t product0 = uint64_t(kPhiloxMul0) * counter[0];
    uint64_t product1 = uint64_t(kPhiloxMul1) * counter[2];
    counter = {
        uint32_t(product1 >> 32) ^ counter[1] ^ key[0], uint32_t(product1),
        uint32_t(product0 >> 32) ^ counter[3] ^ key[1], uint32_t(product0)};
    key[0] += kPhiloxWeyl0;
    key[1] += kPhiloxWeyl1;
  }
  return counter;
}

/// What a stream is for: the `kind` word of the counter. Per-variable kinds
/// add the variable's catalogue index in the upper bits (`withIndex`).
enum class StreamKind : uint32_t {
  Connectivity = 1, // id = projection, row = presynaptic (or, for
                    // fixed_number_pre, postsynaptic) neuron
  Weight = 2,       // id = projection, row as for Connectivity
  Delay = 3,        // id = projection, row as for Connectivity
  Parameter = 4,    // id = population, row = neuron; + parameter index
  InitialValue = 5, // id = population, row = neuron; + state index
  Poisson = 6,      // id = population, row = neuron; block = spike number
};

inline uint32_t withIndex(StreamKind kind, uint32_t index) {
  return uint32_t(kind) | (index << 8);
}

/// The farthest a draw of RandomStream::normal() lies from 0:
/// sqrt(-2 ln 2^-53) = 8.57, uniformPositive's smallest value being 2^-53.
/// A normal distribution whose mu ± kNormalReach·sigma is finite therefore
/// never samples an infinity (the verifier and validatePlan check it).
inline constexpr double kNormalReach = 8.6;

/// Whether some draw of mu + sigma·normal() overflows to infinity.
inline bool normalOverflows(double mu, double sigma) {
  return !std::isfinite(std::abs(mu) + kNormalReach * sigma);
}
/// The least share of its normal distribution that a normal_clipped window
/// must hold (the verifier and validatePlan check it). A clipped sample
/// draws until one lands in the window, 1 / share draws on average: a
/// window far out in the tail would take millions a value, and hang a run.
inline constexpr double kMinClippedShare = 1e-3;

/// The probability that mu + sigma·normal() lies in [low, high], from
/// erfc on the side away from the mean, which keeps the tails accurate.
inline double clippedShare(double mu, double sigma, double low, double high) {
  if (!(sigma > 0))
    return low <= mu && mu <= high ? 1.0 : 0.0;
  const double scale = 1 / (sigma * std::sqrt(2.0));
  double a = (low - mu) * scale, b = (high - mu) * scale;
  if (a >= 0)
    return 0.5 * (std::erfc(a) - std::erfc(b));
  if (b <= 0)
    return 0.5 * (std::erfc(-b) - std::erfc(-a));
  return 1 - 0.5 * (std::erfc(-a) + std::erfc(b));
}

/// Whether low + (high - low)·uniform() can overflow (high - low does).
inline bool uniformOverflows(double low, double high) {
  return !std::isfinite(high - low);
}

/// A stream of random numbers keyed by (seed, kind, id, row).
class RandomStream {
public:
  RandomStream(uint64_t seed, uint32_t kind, uint32_t id, uint32_t row)
      : key{uint32_t(seed), uint32_t(seed >> 32)}, counter{0, row, id, kind} {}
  RandomStream(uint64_t seed, StreamKind kind, uint32_t id, uint32_t row)
      : RandomStream(seed, uint32_t(kind), id, row) {}

  /// Continues the stream at block `block` (used by Poisson sources, which
  /// key each inter-spike interval by the spike's number).
  void seekBlock(uint32_t block) {
    counter[0] = block;
    used = 4;
  }

  /// The stream's next 4 * `blocks` draws, in the order nextU32 would give
  /// them; the stream must be at a block boundary (no draw of the current
  /// block taken). Eight blocks are computed side by side in a GCC/Clang
  /// vector (their 32-bit words in 64-bit lanes), which the compiler maps
  /// onto the host's vector unit: Philox's rounds written lane by lane stay
  /// scalar under GCC 12.
  void nextBlocks(uint32_t *out, uint32_t blocks) {
    assert(used == 4 && "nextBlocks starts at a block boundary");
    constexpr uint32_t kLanes = 8;
    using Lanes = uint64_t __attribute__((vector_size(8 * kLanes)));
    for (uint32_t first = 0; first < blocks; first += kLanes) {
      Lanes c0, c1, c2, c3;
      for (uint32_t lane = 0; lane < kLanes; ++lane) {
        c0[lane] = uint32_t(counter[0] + first + lane);
        c1[lane] = counter[1];
        c2[lane] = counter[2];
        c3[lane] = counter[3];
      }
      uint64_t k0 = key[0], k1 = key[1];
      for (int round = 0; round < 10; ++round) {
        Lanes product0 = c0 * uint64_t(kPhiloxMul0);
        Lanes product1 = c2 * uint64_t(kPhiloxMul1);
        c0 = (product1 >> 32) ^ c1 ^ k0;
        c1 = product1 & 0xffffffffu;
        c2 = (product0 >> 32) ^ c3 ^ k1;
        c3 = product0 & 0xffffffffu;
        k0 = uint32_t(k0 + kPhiloxWeyl0);
        k1 = uint32_t(k1 + kPhiloxWeyl1);
      }
      for (uint32_t lane = 0; lane < kLanes && first + lane < blocks; ++lane) {
        uint32_t *block = out + 4 * (first + lane);
        block[0] = uint32_t(c0[lane]);
        block[1] = uint32_t(c1[lane]);
        block[2] = uint32_t(c2[lane]);
        block[3] = uint32_t(c3[lane]);
      }
    }
    counter[0] += blocks;
  }

  uint32_t nextU32() {
    if (used == 4) {
      buffer = philox4x32(counter, key);
      ++counter[0];
      used = 0;
    }
    return buffer[used++];
  }
  /// Uniform on [0, 1) with 53 random bits.
  double uniform() {
    uint64_t high = nextU32() >> 5, low = nextU32() >> 6;
    return double((high << 26) | low) * (1.0 / 9007199254740992.0);
  }
  /// Uniform on (0, 1]: safe to take the logarithm of.
  double uniformPositive() { return 1.0 - uniform(); }
  /// Uniform integer in [0, n); n <= 2^32.
  uint64_t below(uint64_t n) { return uint64_t(uniform() * double(n)); }
  /// Standard normal, by Box-Muller (one of the pair; the other is dropped
  /// so that every draw consumes the same amount of the stream).
  double normal() {
    double radius = std::sqrt(-2.0 * std::log(uniformPositive()));
    return radius * std::cos(6.283185307179586 * uniform());
  }

private:
  std::array<uint32_t, 2> key;
  std::array<uint32_t, 4> counter;
  std::array<uint32_t, 4> buffer{};
  int used = 4;
};

/// log((draw + 1) / 2^32): the logarithm of a uniform on (0, 1] with 32
/// random bits, one draw where uniformPositive takes two (the hottest use:
/// fixed_probability's gaps). Written out rather than calling
/// std::log so that a loop over draws vectorises, and so that the result is
/// the same on every machine (plain IEEE arithmetic, no libm): x = draw + 1
/// is split into 2^e * m with m in [sqrt(1/2), sqrt(2)), and
/// log(m) = 2 atanh(s), s = (m - 1) / (m + 1), |s| < 0.172, by its series to
/// s^21 (truncation below 1e-18 relative). Within 2 ulp of the exact
/// logarithm.
inline double logOfDraw(uint32_t draw) {
  constexpr double kLn2Hi = 6.93147180369123816490e-01; // 32 bits: exact e·hi
  constexpr double kLn2Lo = 1.90821492927058770002e-10;
  constexpr uint64_t kMantissa = (uint64_t(1) << 52) - 1;
  constexpr uint64_t kOneExponent = uint64_t(1023) << 52;
  double x = double(draw) + 1.0; // exact
  uint64_t bits;
  std::memcpy(&bits, &x, sizeof bits);
  int64_t exponent = int64_t(bits >> 52) - 1023;
  uint64_t mantissaBits = (bits & kMantissa) | kOneExponent;
  double m;
  std::memcpy(&m, &mantissaBits, sizeof m); // in [1, 2)
  bool high = m > 1.4142135623730951;
  m = high ? m * 0.5 : m;
  exponent += high ? 1 : 0;
  double s = (m - 1.0) / (m + 1.0), s2 = s * s;
  double series = 1.0 / 21; // sum of s^(2k) / (2k + 1), by Horner
  for (int odd = 19; odd >= 1; odd -= 2)
    series = 1.0 / odd + s2 * series;
  double e = double(exponent - 32); // log(x / 2^32)
  return e * kLn2Hi + (e * kLn2Lo + 2.0 * s * series);
}

/// After this many rejected draws a normal_clipped sample is the mean clamped
/// into [low, high]: a window far out in the tail must not hang the run.
inline constexpr int kMaxClippedRedraws = 10000;

/// One sample of `value` for entry `index` (arrays are indexed, constants
/// returned as they are, distributions drawn from `stream`).
double sample(const Value &value, RandomStream &stream, uint64_t index);

} // namespace glia::runtime

#endif // GLIA_RUNTIME_RANDOM_H
