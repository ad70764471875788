//===- Emulator.h - execute a board image core by core ----------*- C++ -*-===//
//
// `glia emulate` runs a loaded board image the way the machine would: per
// timestep every core updates its neurons with the runtime's s16.15 kernels
// and sends one multicast packet (key | neuron) per spike; the routers
// forward packets by their tables (first match, else straight on); each
// core looks incoming packets up in its master population table and walks
// the synaptic rows into its delay ring buffers (and, for plastic rows,
// applies STDP). Spikes must equal `glia run --numerics fixed` exactly:
// that is the oracle for the whole mapping flow (ARCHITECTURE.md).
//
//===----------------------------------------------------------------------===//

#ifndef GLIA_RUNTIME_EMULATOR_H
#define GLIA_RUNTIME_EMULATOR_H

#include "glia/Runtime/Image.h"
#include "glia/Runtime/Report.h"
#include "glia/Runtime/Simulator.h"

#include <chrono>
#include <functional>
#include <ostream>

namespace glia::runtime {

struct EmulatorOptions {
  double duration = 1000; // ms; rounded to whole steps
  std::function<void(uint64_t, uint64_t)> progress;
};

/// Synaptic work of one core over the run.
struct CoreLoad {
  uint32_t x = 0, y = 0, p = 0;
  std::string population;
  uint32_t lo = 0, hi = 0;
  uint64_t packetsIn = 0;
  uint64_t synapticEvents = 0;
  uint64_t peakEventsPerStep = 0;
};

struct EmulatorResult {
  RunResult run;
  uint64_t packetsSent = 0;      // one per spike of a core that has a route
  uint64_t packetsRouted = 0;    // router visits (one per chip per packet)
  uint64_t packetsDelivered = 0; // to cores
  uint64_t packetsDropped = 0;   // no entry and no way on, or a dead link
  uint64_t packetsUnmatched = 0; // delivered, but not in the core's table
  uint64_t payloadsSent = 0;     // of packetsSent: astrocyte outputs
  std::vector<CoreLoad> cores;
  /// The busiest core by synaptic events, and the most events one core
  /// handled in one timestep (what decides whether the board keeps real
  /// time).
  size_t busiest = 0;
  uint64_t peakEventsPerStep = 0;
};

EmulatorResult emulate(const LoadedImage &image,
                       const EmulatorOptions &options);

/// What `glia emulate` and `glia-emulate` do: load the image in `directory`,
/// run it, write recordings and the JSON summary, print the summary (unless
/// quiet). `duration` empty: the network's. Throws RuntimeError.
struct EmulateRequest {
  std::string directory;
  std::string duration; // "1s", "250ms", "100"; empty: the network's
  RunOutputs outputs;   // `input` is `directory`, set by emulateAndReport
  bool quiet = false;
  std::string tool = "glia"; // names the tool in warnings on stderr
  std::chrono::steady_clock::time_point start =
      std::chrono::steady_clock::now();
};
void emulateAndReport(const EmulateRequest &request, std::ostream &out);

/// The packet and per-core load lines that follow the run summary.
void printEmulatorSummary(std::ostream &out, const EmulatorResult &result);

/// The run summary's JSON plus the packet counts and per-core load.
void writeEmulatorSummaryJson(const std::string &path,
                              const RunContext &context,
                              const EmulatorResult &result);

} // namespace glia::runtime

#endif // GLIA_RUNTIME_EMULATOR_H
