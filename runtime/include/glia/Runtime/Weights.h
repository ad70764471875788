//===- Weights.h - synaptic weights per number type -------------*- C++ -*-===//
//
// How weights are stored and accumulated into input buffers for each number
// type: floating point as is; fixed point as SpiNNaker does, 16-bit
// magnitudes with a per-synapse-type shift. The simulator and the board
// emulator share it, so both quantise weights identically.
//
//===----------------------------------------------------------------------===//

#ifndef GLIA_RUNTIME_WEIGHTS_H
#define GLIA_RUNTIME_WEIGHTS_H

#include "glia/Runtime/FixedPoint.h"

#include <cmath>
#include <cstdint>

namespace glia::runtime {

/// Floating point: weights are T, input buffers accumulate T.
template <typename T> struct WeightCodec {
  using Weight = T;
  using Buffer = T;
  int fractionalBits = 0; // unused: floating point needs no shift

  Weight encode(double magnitude) const { return static_cast<T>(magnitude); }
  T decode(Weight weight) const { return weight; }
  Weight encodeValue(T value) const { return value; }
  static void add(Buffer &buffer, Weight weight) { buffer += weight; }
  static void subtract(Buffer &buffer, Weight weight) { buffer -= weight; }
  T toInput(Buffer buffer) const { return buffer; }
};

/// Fixed point, as on SpiNNaker: a weight is a 16-bit magnitude with
/// `fractionalBits` fractional bits, chosen per synapse type (postsynaptic
/// population and receptor) from the largest weight so that it just fits;
/// small weights thereby keep more precision than an accum would give them.
/// Input buffers accumulate int32 in the same units and are shifted to
/// accum when the neuron reads them. Every overflow saturates and is counted.
template <> struct WeightCodec<Accum> {
  using Weight = uint16_t;
  using Buffer = int32_t;
  int fractionalBits = 15;

  Weight encode(double magnitude) const {
    double scaled = std::round(magnitude * std::ldexp(1.0, fractionalBits));
    if (scaled > 65535.0 || !(scaled >= 0)) {
      ++saturationCounter();
      return scaled > 0 ? 65535 : 0;
    }
    return Weight(scaled);
  }
  /// The weight as an accum (exact when fractionalBits <= 15).
  Accum decode(Weight weight) const { return toInput(int32_t(weight)); }
  Weight encodeValue(Accum value) const {
    int shift = fractionalBits - Accum::kFractionalBits;
    int64_t raw = shift >= 0 ? int64_t(value.raw()) * (int64_t(1) << shift)
                             : detail::roundingShiftRight(value.raw(), -shift);
    if (raw < 0 || raw > 65535) {
      ++saturationCounter();
      return raw < 0 ? 0 : 65535;
    }
    return Weight(raw);
  }
  static void add(Buffer &buffer, Weight weight) {
    buffer = detail::saturateToInt32(int64_t(buffer) + weight);
  }
  static void subtract(Buffer &buffer, Weight weight) {
    buffer = detail::saturateToInt32(int64_t(buffer) - weight);
  }
  Accum toInput(Buffer buffer) const {
    int shift = fractionalBits - Accum::kFractionalBits;
    if (shift > 0)
      return Accum::fromRaw(int32_t(detail::roundingShiftRight(buffer, shift)));
    // A multiply, not a shift: left-shifting a negative value is undefined.
    return Accum::fromRaw(
        detail::saturateToInt32(int64_t(buffer) * (int64_t(1) << -shift)));
  }
};

/// The fractional bits for 16-bit weights whose largest magnitude is
/// `maxWeight`: as many as keep maxWeight <= 65535 units (at most 30).
inline int weightFractionalBits(double maxWeight) {
  if (!(maxWeight > 0))
    return Accum::kFractionalBits;
  int bits = int(std::floor(std::log2(65535.0 / maxWeight)));
  return bits < 0 ? 0 : (bits > 30 ? 30 : bits);
}

/// A kernel's input for one step (`exc(i)`, `inh(i)`): reads the step's
/// ring slots as T through the receptors' codecs and clears them for reuse
/// `slots` steps later. The simulator and the board emulator both use it.
/// The slots of an input ring for delays up to `maxDelay` steps: the
/// smallest power of two above it, so that step & (slots - 1) picks a slot.
/// The simulator, the board image and the mapping's estimate size it so.
inline uint32_t ringSlots(uint32_t maxDelay) {
  uint32_t slots = 1;
  while (slots <= maxDelay)
    slots <<= 1;
  return slots;
}

template <typename T> struct RingSlotInput {
  using Codec = WeightCodec<T>;
  using Buffer = typename Codec::Buffer;
  Buffer *excitatory;
  Buffer *inhibitory;
  const Codec &excCodec;
  const Codec &inhCodec;
  T exc(uint32_t i) const { return take(excitatory[i], excCodec); }
  T inh(uint32_t i) const { return take(inhibitory[i], inhCodec); }
  static T take(Buffer &slot, const Codec &codec) {
    T value = codec.toInput(slot);
    slot = Buffer{};
    return value;
  }
};

} // namespace glia::runtime

#endif // GLIA_RUNTIME_WEIGHTS_H
