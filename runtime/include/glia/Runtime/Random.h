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
#include <cmath>
#include <cstdint>

namespace glia::runtime {

/// Philox4x32 with 10 rounds (Salmon et al., SC'11), as in Random123.
inline std::array<uint32_t, 4> philox4x32(std::array<uint32_t, 4> counter,
                                          std::array<uint32_t, 2> key) {
  constexpr uint32_t kMul0 = 0xD2511F53u, kMul1 = 0xCD9E8D57u;
  constexpr uint32_t kWeyl0 = 0x9E3779B9u, kWeyl1 = 0xBB67AE85u;
  for (int round = 0; round < 10; ++round) {
    uint64_t product0 = uint64_t(kMul0) * counter[0];
    uint64_t product1 = uint64_t(kMul1) * counter[2];
    counter = {
        uint32_t(product1 >> 32) ^ counter[1] ^ key[0], uint32_t(product1),
        uint32_t(product0 >> 32) ^ counter[3] ^ key[1], uint32_t(product0)};
    key[0] += kWeyl0;
    key[1] += kWeyl1;
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
  /// Uniform on (0, 1] with 32 random bits: half the draws of
  /// uniformPositive, for the hottest use (fixed_probability's gaps).
  double uniformPositive32() {
    return (double(nextU32()) + 1.0) * (1.0 / 4294967296.0);
  }
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

/// After this many rejected draws a normal_clipped sample is the mean clamped
/// into [low, high]: a window far out in the tail must not hang the run.
inline constexpr int kMaxClippedRedraws = 10000;

/// One sample of `value` for entry `index` (arrays are indexed, constants
/// returned as they are, distributions drawn from `stream`).
double sample(const Value &value, RandomStream &stream, uint64_t index);

} // namespace glia::runtime

#endif // GLIA_RUNTIME_RANDOM_H
