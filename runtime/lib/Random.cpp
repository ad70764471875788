//===- Random.cpp - sampling plan values ----------------------------------===//

#include "glia/Runtime/Random.h"

#include <algorithm>

namespace glia::runtime {

static double sampleClipped(const Value &value, RandomStream &stream) {
  for (int attempt = 0; attempt < kMaxClippedRedraws; ++attempt) {
    double draw = value.mu + value.sigma * stream.normal();
    if (draw >= value.low && draw <= value.high)
      return draw;
  }
  return std::clamp(value.mu, value.low, value.high);
}

double sample(const Value &value, RandomStream &stream, uint64_t index) {
  switch (value.kind) {
  case ValueKind::Constant:
    return value.constant;
  case ValueKind::Array:
    return value.array[index];
  case ValueKind::Uniform:
    return value.low + (value.high - value.low) * stream.uniform();
  case ValueKind::Normal:
    return value.mu + value.sigma * stream.normal();
  case ValueKind::NormalClipped:
    return sampleClipped(value, stream);
  }
  return value.constant;
}

} // namespace glia::runtime
