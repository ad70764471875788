//===- FixedPoint.h - SpiNNaker's s16.15 `accum` and u0.32 factors -*- C++ -*-//
//
// The board holds neuron state in s16.15 fixed point (ISO/IEC TR 18037
// `accum`: a 32-bit two's-complement integer with 15 fractional bits, range
// [-65536, 65536)), and multiplies by decay factors held as u0.32 (`unsigned
// long fract`). The reference runtime runs the same kernels on these types so
// that `glia run --numerics fixed` matches the board bit for bit.
//
// Every operation saturates instead of wrapping, and every saturation is
// counted in a per-thread counter: an overflow is never silent. Products
// round to nearest (ties away from zero) rather than truncate, which halves
// the systematic drift of long integrations.
//
//===----------------------------------------------------------------------===//

#ifndef GLIA_RUNTIME_FIXEDPOINT_H
#define GLIA_RUNTIME_FIXEDPOINT_H

#include <cmath>
#include <cstdint>
#include <limits>

namespace glia::runtime {

/// Saturations counted on this thread since the last reset. Each worker
/// thread reads and resets its own counter, so no atomics are needed.
inline uint64_t &saturationCounter() {
  static thread_local uint64_t count = 0;
  return count;
}

namespace detail {
/// Clamps a wide intermediate result to the narrower `Int`, counting a
/// saturation.
template <typename Int, typename Wide> Int saturateTo(Wide value) {
  if (value > Wide(std::numeric_limits<Int>::max())) {
    ++saturationCounter();
    return std::numeric_limits<Int>::max();
  }
  if (value < Wide(std::numeric_limits<Int>::min())) {
    ++saturationCounter();
    return std::numeric_limits<Int>::min();
  }
  return static_cast<Int>(value);
}
inline int32_t saturateToInt32(int64_t value) {
  return saturateTo<int32_t>(value);
}

/// `value / 2^shift` rounded to nearest, ties away from zero, for any
/// signed integer width (the caller leaves headroom for `half`).
template <typename Int> Int roundingShiftRightOf(Int value, int shift) {
  Int half = Int(1) << (shift - 1);
  return value >= 0 ? (value + half) >> shift : -((-value + half) >> shift);
}
inline int64_t roundingShiftRight(int64_t value, int shift) {
  return roundingShiftRightOf<int64_t>(value, shift);
}

/// The 128-bit intermediate of s32.31 products and quotients (an ARM968
/// forms it from 32x32->64 multiplies; GCC and Clang provide it on x86-64).
using Int128 = __int128;

} // namespace detail

/// Signed fixed point with `FractionalBits` fractional bits in a `RawT`,
/// with saturating, counted arithmetic; `ProductT` is twice as wide and
/// holds sums, products and shifted dividends before they are saturated.
template <typename RawT, typename ProductT, int FractionalBits>
class FixedPoint {
public:
  static constexpr int kFractionalBits = FractionalBits;
  static constexpr double kScale = double(int64_t(1) << FractionalBits);
  using Raw = RawT;
  using Product = ProductT;

  constexpr FixedPoint() = default;

  static constexpr FixedPoint fromRaw(Raw raw) {
    FixedPoint value;
    value.raw_ = raw;
    return value;
  }
  /// Rounds to the nearest representable value; saturates (counted).
  static FixedPoint fromDouble(double value) {
    double scaled = std::round(value * kScale);
    // -2^(bits-1) and 2^(bits-1) are exact doubles; `scaled` is whole.
    double limit = std::ldexp(1.0, std::numeric_limits<Raw>::digits);
    if (!(scaled < limit)) {
      ++saturationCounter();
      return fromRaw(std::numeric_limits<Raw>::max());
    }
    if (!(scaled >= -limit)) {
      ++saturationCounter();
      return fromRaw(std::numeric_limits<Raw>::min());
    }
    return fromRaw(static_cast<Raw>(scaled));
  }
  /// Saturates a wide intermediate in raw units (counted).
  static FixedPoint fromProduct(Product raw) {
    return fromRaw(detail::saturateTo<Raw>(raw));
  }

  constexpr Raw raw() const { return raw_; }
  double toDouble() const { return double(raw_) / kScale; }

  friend FixedPoint operator+(FixedPoint a, FixedPoint b) {
    return fromProduct(Product(a.raw_) + b.raw_);
  }
  friend FixedPoint operator-(FixedPoint a, FixedPoint b) {
    return fromProduct(Product(a.raw_) - b.raw_);
  }
  friend FixedPoint operator-(FixedPoint a) {
    return fromProduct(-Product(a.raw_));
  }
  friend FixedPoint operator*(FixedPoint a, FixedPoint b) {
    Product product = Product(a.raw_) * b.raw_;
    return fromProduct(
        detail::roundingShiftRightOf<Product>(product, kFractionalBits));
  }
  FixedPoint &operator+=(FixedPoint other) { return *this = *this + other; }
  FixedPoint &operator-=(FixedPoint other) { return *this = *this - other; }
  FixedPoint &operator*=(FixedPoint other) { return *this = *this * other; }

  friend bool operator<(FixedPoint a, FixedPoint b) { return a.raw_ < b.raw_; }
  friend bool operator>(FixedPoint a, FixedPoint b) { return a.raw_ > b.raw_; }
  friend bool operator<=(FixedPoint a, FixedPoint b) {
    return a.raw_ <= b.raw_;
  }
  friend bool operator>=(FixedPoint a, FixedPoint b) {
    return a.raw_ >= b.raw_;
  }
  friend bool operator==(FixedPoint a, FixedPoint b) {
    return a.raw_ == b.raw_;
  }
  friend bool operator!=(FixedPoint a, FixedPoint b) {
    return a.raw_ != b.raw_;
  }

private:
  Raw raw_ = 0;
};

/// s16.15, SpiNNaker's `accum`: neuron state, weights, currents.
using Accum = FixedPoint<int32_t, int64_t, 15>;

/// s32.31 (ISO/IEC TR 18037 `long accum`: a 64-bit two's-complement integer
/// with 31 fractional bits). Kernels whose rates and per-step increments are
/// at or below s16.15's resolution (Li-Rinzel, docs/astrocytes.md "Fixed
/// point") compute in it; its products and quotients go through a 128-bit
/// intermediate.
using LongAccum = FixedPoint<int64_t, detail::Int128, 31>;

/// u0.32: a factor in [0, 1), as the board holds exponential decays. It
/// gives decays 17 more bits than an accum would, which matters for
/// exp(-dt/tau) close to 1.
class UFract32 {
public:
  static constexpr double kScale = 4294967296.0; // 2^32

  constexpr UFract32() = default;
  static constexpr UFract32 fromRaw(uint32_t raw) {
    UFract32 value;
    value.raw_ = raw;
    return value;
  }
  /// Clamps to [0, 1 - 2^-32]: a decay factor of exactly 1 (infinite time
  /// constant) becomes the largest representable factor.
  static UFract32 fromDouble(double value) {
    double scaled = std::round(value * kScale);
    if (!(scaled >= 0))
      return fromRaw(0);
    if (scaled >= kScale)
      return fromRaw(std::numeric_limits<uint32_t>::max());
    return fromRaw(static_cast<uint32_t>(scaled));
  }
  constexpr uint32_t raw() const { return raw_; }
  double toDouble() const { return double(raw_) / kScale; }

  /// accum * u0.32, rounded to nearest; cannot overflow (|factor| < 1).
  friend Accum operator*(Accum value, UFract32 factor) {
    int64_t product = int64_t(value.raw()) * int64_t(factor.raw_);
    return Accum::fromRaw(
        static_cast<int32_t>(detail::roundingShiftRight(product, 32)));
  }
  friend Accum operator*(UFract32 factor, Accum value) {
    return value * factor;
  }

private:
  uint32_t raw_ = 0;
};

/// What a kernel needs to know about its number type T: how constants are
/// made, the type of decay factors (T itself for floating point, u0.32 for
/// accum), and the wide type of long integrations with the conversions to
/// it. Wide is T itself for floating point (all conversions are exact and
/// the low word is 0) and s32.31 for accum. A state variable kept in Wide
/// is stored as two T words: `split` gives the high word (the value rounded
/// to T, as everything else reads it) and the low word, `join` puts them
/// back together exactly.
template <typename T> struct NumberTraits {
  using Factor = T;
  using Wide = T;
  static T fromDouble(double value) { return static_cast<T>(value); }
  static Factor factor(double value) { return static_cast<T>(value); }
  static double toDouble(T value) { return static_cast<double>(value); }
  static constexpr const char *name() {
    return sizeof(T) == sizeof(double) ? "double" : "float";
  }
  static Wide widen(T value) { return value; }
  static T narrow(Wide value) { return value; }
  static Wide join(T high, T /*low*/) { return high; }
  static T split(Wide value, T &low) {
    low = T{};
    return value;
  }
};

template <> struct NumberTraits<Accum> {
  using Factor = UFract32;
  using Wide = LongAccum;
  static Accum fromDouble(double value) { return Accum::fromDouble(value); }
  static Factor factor(double value) { return UFract32::fromDouble(value); }
  static double toDouble(Accum value) { return value.toDouble(); }
  static constexpr const char *name() { return "fixed"; }

  /// s32.31 has this many more fractional bits than s16.15.
  static constexpr int kExtraBits =
      LongAccum::kFractionalBits - Accum::kFractionalBits;
  static constexpr int64_t kLowWord = int64_t(1) << kExtraBits;

  static Wide widen(Accum value) {
    return LongAccum::fromRaw(int64_t(value.raw()) * kLowWord);
  }
  /// Rounded to nearest; saturates (counted). The rounding is done in 128
  /// bits: adding half a step to the largest s32.31 would overflow int64.
  static Accum narrow(Wide value) {
    return Accum::fromProduct(int64_t(
        detail::roundingShiftRightOf<detail::Int128>(value.raw(), kExtraBits)));
  }
  /// The high word's raw times 2^16 plus the (signed) low word.
  static Wide join(Accum high, Accum low) {
    return LongAccum::fromRaw(int64_t(high.raw()) * kLowWord + low.raw());
  }
  /// The high word is `narrow(value)`, the nearest s16.15 value; the low
  /// word the rest, within half a step of s16.15 (0 when the high word
  /// saturated).
  static Accum split(Wide value, Accum &low) {
    Accum high = narrow(value);
    int64_t rest = value.raw() - int64_t(high.raw()) * kLowWord;
    bool saturated = rest > kLowWord / 2 || rest < -kLowWord / 2;
    low = Accum::fromRaw(saturated ? 0 : int32_t(rest));
    return high;
  }
};

/// Only what computations in the wide type need: s32.31 is never a
/// simulator's number type.
template <> struct NumberTraits<LongAccum> {
  using Wide = LongAccum;
  static LongAccum fromDouble(double value) {
    return LongAccum::fromDouble(value);
  }
  static double toDouble(LongAccum value) { return value.toDouble(); }
};

} // namespace glia::runtime

#endif // GLIA_RUNTIME_FIXEDPOINT_H
