//===- Report.h - what `glia run` and `glia-run` tell the user --*- C++ -*-===//
//
// Shared by the glia CLI (`glia run`, which links MLIR to read networks)
// and `glia-run` (the lean plan runner, which does not): duration parsing,
// the end-of-run summary as text and as JSON, peak memory and the progress
// bar.
//
//===----------------------------------------------------------------------===//

#ifndef GLIA_RUNTIME_REPORT_H
#define GLIA_RUNTIME_REPORT_H

#include "glia/Runtime/Simulator.h"

#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>

namespace glia::runtime {

/// "1s", "1.5 s", "250ms", "100" (ms) -> ms; nullopt unless a finite
/// positive time.
std::optional<double> parseDuration(std::string_view text);

/// Peak resident memory of this process so far, in MiB (getrusage).
double peakMemoryMiB();

/// What the end-of-run summary reports besides the simulator's result.
struct RunContext {
  std::string network;
  double wallSeconds = 0; // whole command, loading and writing included
};

/// Per population neurons, spikes, mean rate and mean CV of ISI; then wall
/// time, real-time factor, synaptic events per second, peak memory and (in
/// fixed point) saturations.
void printSummary(std::ostream &out, const RunContext &context,
                  const RunResult &result);

/// The same as JSON (docs/runtime.md), written atomically.
void writeSummaryJson(const std::string &path, const RunContext &context,
                      const RunResult &result);

/// The files a run writes (an empty name: none): recordings (.csv, .npy,
/// .npz), the summary as JSON, the plastic weights after the run (.csv,
/// .npz); and what it reads, which no output may overwrite.
struct RunOutputs {
  std::string recordings, summaryJson, weights;
  std::string input; // a network or plan file, or an image directory
};

/// What to run and where the results go.
struct RunRequest {
  RunOptions options;
  RunOutputs outputs;
  bool quiet = false; // no progress bar, no printed summary
  std::string tool = "glia"; // names the tool in warnings on stderr
  /// Readable results printed after the summary (e.g. what a CAM recalled).
  std::function<void(const RunResult &, std::ostream &)> describe;
  std::chrono::steady_clock::time_point start =
      std::chrono::steady_clock::now();
};

/// Warns on stderr, even when quiet, when `duration` ms is not a whole
/// number of the run's steps: the run took the nearest number of steps
/// (stepsOfRun), and a user who asked for 0.04 ms at dt 0.1 ms would
/// otherwise get 0 steps and no word of it.
void warnOfRoundedDuration(const std::string &tool, double duration,
                           const RunResult &result);

/// The common body of `glia run` and `glia-run`: simulates `plan` (with a
/// progress bar when stderr is a terminal), writes the recordings and the
/// JSON summary, then prints the summary to `out` unless quiet. Throws
/// RuntimeError.
void runAndReport(const Plan &plan, RunRequest request, std::ostream &out);

/// A progress bar on stderr, redrawn at most ten times a second.
class ProgressBar {
public:
  void update(uint64_t done, uint64_t total);
  void clear();

private:
  std::chrono::steady_clock::time_point lastDraw{};
};

bool stderrIsTerminal();

/// Returns `run()`, with `progress` drawing a ProgressBar on stderr while it
/// runs when stderr is a terminal and not `quiet` (`glia run`, `glia
/// emulate`).
template <typename Run>
auto runWithProgressBar(bool quiet,
                        std::function<void(uint64_t, uint64_t)> &progress,
                        Run &&run) {
  ProgressBar bar;
  bool shown = !quiet && stderrIsTerminal();
  if (shown)
    progress = [&bar](uint64_t done, uint64_t total) {
      bar.update(done, total);
    };
  auto result = run();
  if (shown)
    bar.clear();
  return result;
}

/// Refuses `path` as the output `option` names (e.g. "-o") if it is a
/// directory, its directory is missing or cannot be written, or it is the
/// input (a file, or a directory such as an image) or lies in it. Returns
/// its resolved path; throws RuntimeError.
std::filesystem::path checkOutputFile(const char *option,
                                      const std::string &path,
                                      const std::string &input);

/// Refuses, before a run, outputs it could not write whole: a format it
/// cannot tell, weights of a network without a plastic projection
/// (`plastic`), a name that is a directory, a directory that does not exist
/// or cannot be written, two outputs naming one file, an output that is the
/// input or lies in it. Throws RuntimeError: the run then writes nothing.
void checkOutputs(const RunOutputs &outputs, bool plastic);

/// Writes a run's recordings and plastic weights where `outputs` says
/// (the summary JSON differs between `glia run` and `glia emulate`).
void writeRunFiles(const RunResult &result, const RunOutputs &outputs);

/// The summary's lines naming those files.
void printRunFiles(std::ostream &out, const RunResult &result,
                   const RunOutputs &outputs);

/// The summary context of a command on `network` that started at `start`.
RunContext contextSince(std::string network,
                        std::chrono::steady_clock::time_point start);

} // namespace glia::runtime

#endif // GLIA_RUNTIME_REPORT_H
