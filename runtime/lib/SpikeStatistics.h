//===- SpikeStatistics.h - a neuron's spike count and intervals -*- C++ -*-===//
//
// Private to the runtime: what the simulator and the board emulator note as
// each neuron fires, for the summary's rates and CV of ISI.
//
//===----------------------------------------------------------------------===//

#ifndef GLIA_RUNTIME_LIB_SPIKESTATISTICS_H
#define GLIA_RUNTIME_LIB_SPIKESTATISTICS_H

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>

namespace glia::runtime {

/// A neuron's spike count and interspike intervals, in whole steps, so the
/// sums are exact: a run has fewer than 2^31 steps (kernels::kMaxSteps),
/// so the intervals sum below 2^31 and their squares below 2^62. One
/// 24-byte record per neuron: noting a spike touches one or two cache
/// lines, where four arrays took four.
struct SpikeStatistics {
  uint64_t isiSquares = 0;
  uint32_t isiSum = 0;
  int32_t lastSpike = -1; // none yet
  uint32_t count = 0;

  void note(int64_t step) {
    if (lastSpike >= 0) {
      uint64_t interval = uint64_t(step - lastSpike);
      isiSum += uint32_t(interval);
      isiSquares += interval * interval;
    }
    lastSpike = int32_t(step);
    ++count;
  }

  /// The coefficient of variation of the intervals, from two intervals on.
  std::optional<double> cv() const {
    if (count < 3)
      return std::nullopt;
    double intervals = count - 1;
    double mean = double(isiSum) / intervals;
    double variance =
        std::max(0.0, double(isiSquares) / intervals - mean * mean);
    return std::sqrt(variance) / mean;
  }
};

} // namespace glia::runtime

#endif // GLIA_RUNTIME_LIB_SPIKESTATISTICS_H
