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
/// Clamps a wide intermediate result to int32, counting a saturation.
inline int32_t saturateToInt32(int64_t value) {
  if (value > std::numeric_limits<int32_t>::max()) {
    ++saturationCounter();
    return std::numeric_limits<int32_t>::max();
  }
  if (value < std::numeric_limits<int32_t>::min()) {
    ++saturationCounter();
    return std::numeric_limits<int32_t>::min();
  }
  return static_cast<int32_t>(value);
}

/// `value / 2^shift` rounded to nearest, ties away from zero.
inline int64_t roundingShiftRight(int64_t value, int shift) {
  int64_t half = int64_t(1) << (shift - 1);
  return value >= 0 ? (value + half) >> shift : -((-value + half) >> shift);
}
} // namespace detail

/// s16.15 fixed point with saturating, counted arithmetic.
class Accum {
public:
  static constexpr int kFractionalBits = 15;
  static constexpr double kScale = double(1 << kFractionalBits);

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

/// What a kernel needs to know about its number type T: how constants are
/// made, and the type of decay factors (T itself for floating point, u0.32
/// for accum).
template <typename T> struct NumberTraits {
  using Factor = T;
  static T fromDouble(double value) { return static_cast<T>(value); }
  static Factor factor(double value) { return static_cast<T>(value); }
  static double toDouble(T value) { return static_cast<double>(value); }
  static constexpr const char *name() {
    return sizeof(T) == sizeof(double) ? "double" : "float";
  }
};

template <> struct NumberTraits<Accum> {
  using Factor = UFract32;
  static Accum fromDouble(double value) { return Accum::fromDouble(value); }
  static Factor factor(double value) { return UFract32::fromDouble(value); }
  static double toDouble(Accum value) { return value.toDouble(); }
  static constexpr const char *name() { return "fixed"; }
};

} // namespace glia::runtime

#endif // GLIA_RUNTIME_FIXEDPOINT_H
