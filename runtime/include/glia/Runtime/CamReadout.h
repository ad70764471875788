//===- CamReadout.h - what a CAM's output layer says ------------*- C++ -*-===//
//
// A content-addressable memory (snn.cam) answers through its output layer:
// cue neurons first, then content bits. This turns the output spikes of each
// protocol operation into a readable line, e.g.
//   t=30 recall cue 0 -> {0,1,8,9}
// Plain C++ (no MLIR): `glia run` fills a Readout from the IR before
// snn-expand-cam removes the op (lib/Cam), the board image carries it in its
// manifest (docs/image.md), and `glia emulate` / `glia-emulate` decode the
// emulated output with the same code.
//
//===----------------------------------------------------------------------===//

#ifndef GLIA_RUNTIME_CAMREADOUT_H
#define GLIA_RUNTIME_CAMREADOUT_H

#include "glia/Runtime/Simulator.h"

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace glia::cam {

struct Operation {
  enum Kind { Learn, RecallCue, RecallContent } kind;
  double time = 0; // ms
  int64_t cue = -1;
  std::vector<int64_t> bits;
};

/// The JSON spelling of an operation kind (as in the network's "protocol":
/// "learn", "recall_by_cue", "recall_by_content") and back.
const char *kindName(Operation::Kind kind);
std::optional<Operation::Kind> parseKind(std::string_view name);

/// What one CAM of a network needs for decoding: its shape, protocol and the
/// population that holds its output layer after expansion.
struct Readout {
  std::string name;
  int64_t memories = 0;
  int64_t bits = 0;
  std::vector<Operation> protocol;
  std::string outputPopulation; // "<name>.output"
};

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
                           std::vector<OutputSpike> spikes,
                           double window = 10.0);

/// The recorded spikes of `readout`'s output population in `result`, as
/// output-layer neuron indices and times in ms.
std::vector<OutputSpike> outputSpikes(const Readout &readout,
                                      const runtime::RunResult &result);

/// Prints, per CAM, one line per operation:
///   cam cam (5 memories x 10 bits):
///     t=30 recall cue 0 -> {0,1,8,9}
/// What `glia run` and `glia emulate` show after the summary.
void describeCams(const std::vector<Readout> &readouts,
                  const runtime::RunResult &result, std::ostream &out);

} // namespace glia::cam

#endif // GLIA_RUNTIME_CAMREADOUT_H
