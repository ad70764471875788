//===- SpikeStatistics.h - a neuron's spike count and intervals -*- C++ -*-===//
//
// Private to the runtime: what the simulator and the board emulator note as
// each neuron fires, and how they sum it into the summary's rates and CV of
// ISI.
//
//===----------------------------------------------------------------------===//

#ifndef GLIA_RUNTIME_LIB_SPIKESTATISTICS_H
#define GLIA_RUNTIME_LIB_SPIKESTATISTICS_H

#include "glia/Runtime/Simulator.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

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

/// A population's summary (spikes, mean rate, mean CV of ISI) from the
/// records of its neurons, added core by core or all at once.
struct SpikeTally {
  uint64_t spikes = 0;
  double cvSum = 0;
  uint64_t cvCount = 0;

  void add(const std::vector<SpikeStatistics> &neurons) {
    for (const SpikeStatistics &neuron : neurons) {
      spikes += neuron.count;
      if (std::optional<double> cv = neuron.cv()) {
        cvSum += *cv;
        ++cvCount;
      }
    }
  }

  /// The population `name` of `size` neurons over `seconds` simulated.
  PopulationStatistics statistics(std::string name, uint32_t size,
                                  double seconds) const {
    PopulationStatistics stats;
    stats.name = std::move(name);
    stats.size = size;
    stats.spikes = spikes;
    stats.meanRate = seconds > 0 ? double(spikes) / (size * seconds) : 0;
    if (cvCount)
      stats.meanCv = cvSum / double(cvCount);
    return stats;
  }
};

} // namespace glia::runtime

#endif // GLIA_RUNTIME_LIB_SPIKESTATISTICS_H
