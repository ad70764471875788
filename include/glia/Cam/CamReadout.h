//===- CamReadout.h - what a CAM's output layer says ------------*- C++ -*-===//
//
// A content-addressable memory (snn.cam) answers through its output layer:
// cue neurons first, then content bits. This turns the output spikes of each
// protocol operation into a readable line, e.g.
//   t=30 recall cue 0 -> {0,1,8,9}
// The protocol is read from the IR before snn-expand-cam removes the op.
//
//===----------------------------------------------------------------------===//

#ifndef GLIA_CAM_CAMREADOUT_H
#define GLIA_CAM_CAMREADOUT_H

#include "glia/Dialect/Snn/SnnOps.h"

#include <cstdint>
#include <string>
#include <vector>

namespace glia::cam {

struct Operation {
  enum Kind { Learn, RecallCue, RecallContent } kind;
  double time = 0; // ms
  int64_t cue = -1;
  std::vector<int64_t> bits;
};

/// What one CAM of a network needs for decoding: its shape, protocol and the
/// population that holds its output layer after expansion.
struct Readout {
  std::string name;
  int64_t memories = 0;
  int64_t bits = 0;
  std::vector<Operation> protocol;
  std::string outputPopulation; // "<name>.output"
};

/// The readouts of every snn.cam with a protocol in `network` (call before
/// snn-expand-cam).
std::vector<Readout> collectReadouts(snn::NetworkOp network);

/// One output spike: neuron index in the output layer, time in ms.
struct OutputSpike {
  int64_t neuron;
  double time;
};

/// What the output layer showed during one operation.
struct Answer {
  Operation operation;
  std::vector<int64_t> cues; // cue neurons that fired, ascending
  std::vector<int64_t> bits; // content neurons that fired, ascending
  /// "t=30 recall cue 0 -> {0,1,8,9}".
  std::string describe() const;
};

/// Splits the output spikes by operation: operation k owns (t_k, t_{k+1}],
/// the last one `window` ms after its start.
std::vector<Answer> decode(const Readout &readout,
                           const std::vector<OutputSpike> &spikes,
                           double window = 10.0);

} // namespace glia::cam

#endif // GLIA_CAM_CAMREADOUT_H
