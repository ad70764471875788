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

inline int64_t saturateToInt64(Int128 value) {
  return saturateTo<int64_t>(value);
}
} // namespace detail

/// s16.15 fixed point with saturating, counted arithmetic.
class Accum {
public:
  static constexpr int kFractionalBits = 15;
  static constexpr double kScale = double(1 << kFractionalBits);
  using Raw = int32_t;
  using Product = int64_t; // holds a product or shifted dividend of two raws

  constexpr Accum() = default;

  static constexpr Accum fromRaw(int32_t raw) {
    Accum value;
    value.raw_ = raw;
    return value;
  }
  /// Rounds to the nearest representable value; saturates (counted).
  static Accum fromDouble(double value) {
    double scaled = std::round(value * kScale);
    if (!(scaled <= double(std::numeric_limits<int32_t>::max()))) {
      ++saturationCounter();
      return fromRaw(std::numeric_limits<int32_t>::max());
    }
    if (!(scaled >= double(std::numeric_limits<int32_t>::min()))) {
      ++saturationCounter();
      return fromRaw(std::numeric_limits<int32_t>::min());
    }
    return fromRaw(static_cast<int32_t>(scaled));
  }

  /// Saturates a wide intermediate in raw units (counted).
  static Accum fromProduct(int64_t raw) {
    return fromRaw(detail::saturateToInt32(raw));
  }

  constexpr int32_t raw() const { return raw_; }
  double toDouble() const { return double(raw_) / kScale; }

  friend Accum operator+(Accum a, Accum b) {
    return fromRaw(detail::saturateToInt32(int64_t(a.raw_) + b.raw_));
  }
  friend Accum operator-(Accum a, Accum b) {
    return fromRaw(detail::saturateToInt32(int64_t(a.raw_) - b.raw_));
  }
  friend Accum operator-(Accum a) {
    return fromRaw(detail::saturateToInt32(-int64_t(a.raw_)));
  }
  friend Accum operator*(Accum a, Accum b) {
    int64_t product = int64_t(a.raw_) * b.raw_;
    return fromRaw(detail::saturateToInt32(
        detail::roundingShiftRight(product, kFractionalBits)));
  }
  Accum &operator+=(Accum other) { return *this = *this + other; }
  Accum &operator-=(Accum other) { return *this = *this - other; }
  Accum &operator*=(Accum other) { return *this = *this * other; }

  friend bool operator<(Accum a, Accum b) { return a.raw_ < b.raw_; }
  friend bool operator>(Accum a, Accum b) { return a.raw_ > b.raw_; }
  friend bool operator<=(Accum a, Accum b) { return a.raw_ <= b.raw_; }
  friend bool operator>=(Accum a, Accum b) { return a.raw_ >= b.raw_; }
  friend bool operator==(Accum a, Accum b) { return a.raw_ == b.raw_; }
  friend bool operator!=(Accum a, Accum b) { return a.raw_ != b.raw_; }

private:
  int32_t raw_ = 0;
};

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

/// s32.31 fixed point (ISO/IEC TR 18037 `long accum`: a 64-bit
/// two's-complement integer with 31 fractional bits) with saturating,
/// counted arithmetic like Accum's. Kernels whose rates and per-step
/// increments are at or below s16.15's resolution (Li-Rinzel,
/// docs/astrocytes.md "Fixed point") compute in it; its products and
/// quotients go through a 128-bit intermediate.
class LongAccum {
public:
  static constexpr int kFractionalBits = 31;
  static constexpr double kScale = 2147483648.0; // 2^31
  using Raw = int64_t;
  using Product = detail::Int128;

  constexpr LongAccum() = default;

  static constexpr LongAccum fromRaw(int64_t raw) {
    LongAccum value;
    value.raw_ = raw;
    return value;
  }
  /// Rounds to the nearest representable value; saturates (counted).
  static LongAccum fromDouble(double value) {
    double scaled = std::round(value * kScale);
    // 2^63 is the first double above the int64 range.
    if (!(scaled < 9223372036854775808.0)) {
      ++saturationCounter();
      return fromRaw(std::numeric_limits<int64_t>::max());
    }
    if (!(scaled >= -9223372036854775808.0)) {
      ++saturationCounter();
      return fromRaw(std::numeric_limits<int64_t>::min());
    }
    return fromRaw(static_cast<int64_t>(scaled));
  }
  /// Saturates a wide intermediate in raw units (counted).
  static LongAccum fromProduct(detail::Int128 raw) {
    return fromRaw(detail::saturateToInt64(raw));
  }

  constexpr int64_t raw() const { return raw_; }
  double toDouble() const { return double(raw_) / kScale; }

  friend LongAccum operator+(LongAccum a, LongAccum b) {
    return fromProduct(Product(a.raw_) + b.raw_);
  }
  friend LongAccum operator-(LongAccum a, LongAccum b) {
    return fromProduct(Product(a.raw_) - b.raw_);
  }
  friend LongAccum operator-(LongAccum a) {
    return fromProduct(-Product(a.raw_));
  }
  friend LongAccum operator*(LongAccum a, LongAccum b) {
    Product product = Product(a.raw_) * b.raw_;
    return fromProduct(
        detail::roundingShiftRightOf<Product>(product, kFractionalBits));
  }

  friend bool operator<(LongAccum a, LongAccum b) { return a.raw_ < b.raw_; }
  friend bool operator>(LongAccum a, LongAccum b) { return a.raw_ > b.raw_; }
  friend bool operator<=(LongAccum a, LongAccum b) { return a.raw_ <= b.raw_; }
  friend bool operator>=(LongAccum a, LongAccum b) { return a.raw_ >= b.raw_; }
  friend bool operator==(LongAccum a, LongAccum b) { return a.raw_ == b.raw_; }
  friend bool operator!=(LongAccum a, LongAccum b) { return a.raw_ != b.raw_; }

private:
  int64_t raw_ = 0;
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
