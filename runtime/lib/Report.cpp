//===- Report.cpp - what `glia run` and `glia-run` tell the user ----------===//

#include "glia/Runtime/Report.h"
#include "SummaryJson.h"
#include "glia/Runtime/AtomicFile.h"
#include "glia/Runtime/Format.h"
#include "glia/Runtime/Output.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <sys/resource.h>
#include <unistd.h>

namespace glia::runtime {

std::optional<double> parseDuration(std::string_view text) {
  auto trim = [](std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())))
      s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
      s.remove_suffix(1);
    return s;
  };
  text = trim(text);
  double scale = 1;
  if (text.size() >= 2 && text.substr(text.size() - 2) == "ms") {
    text.remove_suffix(2);
  } else if (!text.empty() && text.back() == 's') {
    text.remove_suffix(1);
    scale = 1000;
  }
  std::string number(trim(text));
  // Decimal only: strtod would also read hexadecimal ("0x10" as 16 ms).
  if (number.empty() ||
      number.find_first_not_of("0123456789.eE+-") != std::string::npos)
    return std::nullopt;
  char *end = nullptr;
  double value = std::strtod(number.c_str(), &end);
  if (end != number.c_str() + number.size() || !(value > 0) ||
      !std::isfinite(value))
    return std::nullopt;
  return value * scale;
}

double peakMemoryMiB() {
  struct rusage usage;
  if (getrusage(RUSAGE_SELF, &usage) != 0)
    return 0;
  return double(usage.ru_maxrss) / 1024.0; // Linux reports KiB
}

namespace {

double biologicalMs(const RunResult &result) {
  return double(result.steps) * result.timestep;
}

/// Wall time of the simulation loop, never zero (rates divide by it).
double loopSeconds(const RunResult &result) {
  return std::max(result.simulateSeconds, 1e-9);
}

} // namespace

/// The astrocyte table of the summary (nothing without astrocytes).
static void printAstrocytes(std::ostream &out, const RunResult &result) {
  if (result.astrocytes.empty())
    return;
  out << formatString("%-16s%18s%8s%8s%12s%12s\n", "astrocytes", "model",
                      "count", "output", "mean", "final");
  for (const AstrocyteStatistics &stats : result.astrocytes)
    out << formatString("%-16s%18s%8s%8s%12.4g%12.4g\n", stats.name.c_str(),
                        stats.model.c_str(), withThousands(stats.size).c_str(),
                        stats.output.c_str(), stats.meanOutput,
                        stats.finalOutput);
}

/// With --profile, where each thread's time in the loop went (nothing
/// otherwise).
static void printThreadTimes(std::ostream &out, const RunResult &result) {
  if (result.threadTimes.empty())
    return;
  out << formatString("%-16s%12s%12s%12s%12s\n", "loop time (s)", "update",
                      "delivery", "recording", "waiting");
  for (size_t k = 0; k < result.threadTimes.size(); ++k) {
    const ThreadTimes &times = result.threadTimes[k];
    out << formatString("%-16s%12.4f%12.4f%12.4f%12.4f\n",
                        ("thread " + std::to_string(k)).c_str(), times.update,
                        times.delivery, times.recording, times.waiting);
  }
}

void printSummary(std::ostream &out, const RunContext &context,
                  const RunResult &result) {
  out << "network @" << context.network << ": "
      << withThousands(result.synapses) << " synapses, " << result.steps
      << " steps of " << formatString("%g", result.timestep) << " ms ("
      << formatString("%g", biologicalMs(result)) << " ms), numerics "
      << numericsName(result.numerics) << ", " << result.threads
      << (result.threads == 1 ? " thread\n" : " threads\n");
  out << formatString("%-16s%12s%14s%12s%10s\n", "population", "neurons",
                      "spikes", "rate (Hz)", "CV ISI");
  for (const PopulationStatistics &stats : result.populations)
    out << formatString("%-16s%12s%14s%12.3f", stats.name.c_str(),
                        withThousands(stats.size).c_str(),
                        withThousands(stats.spikes).c_str(), stats.meanRate)
        << (stats.meanCv ? formatString("%10.3f", *stats.meanCv)
                         : formatString("%10s", "-"))
        << "\n";
  printAstrocytes(out, result);
  out << formatString("wall time: %.3f s (build %.3f s, simulation %.3f s)\n",
                      context.wallSeconds, result.buildSeconds,
                      result.simulateSeconds);
  out << formatString(
      "real-time factor: %.3f (simulated / wall-clock time of the "
      "simulation loop)\n",
      biologicalMs(result) / 1000.0 / loopSeconds(result));
  out << "synaptic events: " << withThousands(result.synapticEvents)
      << formatString(" (%.4g per second)\n",
                      double(result.synapticEvents) / loopSeconds(result));
  out << formatString("peak memory: %.1f MiB\n", peakMemoryMiB());
  if (result.numerics == Numerics::Fixed)
    out << "fixed-point saturations: " << withThousands(result.saturations)
        << (result.saturations ? " (values were clamped to the s16.15 range)\n"
                               : "\n");
  printThreadTimes(out, result);
}

static nlohmann::json astrocytesJson(const RunResult &result) {
  nlohmann::json astrocytes = nlohmann::json::array();
  for (const AstrocyteStatistics &stats : result.astrocytes)
    astrocytes.push_back({{"label", stats.name},
                          {"model", stats.model},
                          {"count", stats.size},
                          {"output", stats.output},
                          {"mean_output", stats.meanOutput},
                          {"final_output", stats.finalOutput}});
  return astrocytes;
}

static nlohmann::json threadTimesJson(const RunResult &result) {
  nlohmann::json threads = nlohmann::json::array();
  for (size_t k = 0; k < result.threadTimes.size(); ++k) {
    const ThreadTimes &times = result.threadTimes[k];
    threads.push_back({{"thread", k},
                       {"update_seconds", times.update},
                       {"delivery_seconds", times.delivery},
                       {"recording_seconds", times.recording},
                       {"waiting_seconds", times.waiting}});
  }
  return threads;
}

/// Synapses of the STDP projections (the rest of `synapses` is fixed).
static uint64_t plasticSynapses(const RunResult &result) {
  uint64_t count = 0;
  for (const SynapseWeights &weights : result.plasticWeights)
    count += weights.weights.size();
  return count;
}

nlohmann::json summaryJson(const RunContext &context, const RunResult &result) {
  nlohmann::json populations = nlohmann::json::array();
  for (const PopulationStatistics &stats : result.populations)
    populations.push_back(
        {{"label", stats.name},
         {"neurons", stats.size},
         {"spikes", stats.spikes},
         {"mean_rate_hz", stats.meanRate},
         {"mean_cv_isi",
          stats.meanCv ? nlohmann::json(*stats.meanCv) : nlohmann::json()},
         {"non_finite_neurons", stats.nonFinite}});
  return {
      {"network", context.network},
      {"timestep_ms", result.timestep},
      {"steps", result.steps},
      {"numerics", numericsName(result.numerics)},
      {"threads", result.threads},
      {"synapses", result.synapses},
      {"plastic_synapses", plasticSynapses(result)},
      {"synaptic_events", result.synapticEvents},
      {"saturations", result.saturations},
      {"wall_seconds", context.wallSeconds},
      {"build_seconds", result.buildSeconds},
      {"simulation_seconds", result.simulateSeconds},
      {"real_time_factor", biologicalMs(result) / 1000.0 / loopSeconds(result)},
      {"peak_memory_mib", peakMemoryMiB()},
      {"populations", populations},
      {"astrocytes", astrocytesJson(result)},
      {"thread_times", threadTimesJson(result)}};
}

void writeJsonFile(const std::string &path, const nlohmann::json &summary) {
  writeFileAtomically(
      path, [&](std::ostream &out) { out << summary.dump(2) << "\n"; });
}

bool stderrIsTerminal() { return isatty(STDERR_FILENO); }

RunContext contextSince(std::string network,
                        std::chrono::steady_clock::time_point start) {
  return {std::move(network),
          std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                        start)
              .count()};
}

void writeSummaryJson(const std::string &path, const RunContext &context,
                      const RunResult &result) {
  writeJsonFile(path, summaryJson(context, result));
}

/// Where `path` is, as one spelling: its directory resolved (symbolic
/// links and all), then its own name; a link is compared as itself, since
/// the rename that writes an output replaces the link, not its target.
static std::filesystem::path resolved(const std::string &path) {
  namespace fs = std::filesystem;
  std::error_code error;
  fs::path absolute = fs::absolute(path, error).lexically_normal();
  if (!absolute.has_filename()) // "dir/": the directory itself
    absolute = absolute.parent_path();
  fs::path directory = fs::weakly_canonical(absolute.parent_path(), error);
  return error ? absolute : directory / absolute.filename();
}

/// Refuses `path` as an output file if it names a directory, or if its
/// directory does not exist or cannot be written (where
/// writeFileAtomically puts its temporary file).
static void checkWritable(const std::string &path) {
  namespace fs = std::filesystem;
  std::error_code error;
  if (isDeviceOrPipe(path)) { // written into, so its directory may be /dev
    if (access(path.c_str(), W_OK) != 0)
      throw RuntimeError("cannot write '" + path + "': not writable");
    return;
  }
  if (fs::is_directory(path, error) || !fs::path(path).has_filename())
    throw RuntimeError("cannot write '" + path + "': it is a directory");
  fs::path directory = fs::path(path).parent_path();
  if (directory.empty())
    directory = ".";
  if (!fs::is_directory(directory, error))
    throw RuntimeError("cannot write '" + path + "': no directory '" +
                       directory.string() + "'");
  if (access(directory.c_str(), W_OK) != 0)
    throw RuntimeError("cannot write '" + path + "': directory '" +
                       directory.string() + "' is not writable");
}

std::filesystem::path checkOutputFile(const char *option,
                                      const std::string &path,
                                      const std::string &input) {
  checkWritable(path);
  std::filesystem::path file = resolved(path);
  if (input.empty())
    return file;
  std::filesystem::path source = resolved(input);
  auto [end, rest] =
      std::mismatch(source.begin(), source.end(), file.begin(), file.end());
  if (end == source.end()) // the input itself, or a file in it
    throw RuntimeError(std::string(option) + " " + path +
                       (rest == file.end() ? " would overwrite the input '"
                                           : " lies in the input '") +
                       input + "'");
  return file;
}

void checkOutputs(const RunOutputs &outputs, bool plastic) {
  if (!outputs.recordings.empty())
    recordingsFormat(outputs.recordings);
  if (!outputs.weights.empty()) {
    weightsFormat(outputs.weights);
    if (!plastic)
      throw RuntimeError("--weights " + outputs.weights +
                         ": the network has no plastic (STDP) projection; its "
                         "weights stay those it was built with");
  }
  std::vector<std::pair<const char *, std::string>> named = {
      {"-o", outputs.recordings},
      {"--summary-json", outputs.summaryJson},
      {"--weights", outputs.weights}};
  std::vector<std::pair<const char *, std::filesystem::path>> seen;
  for (const auto &[option, path] : named) {
    if (path.empty())
      continue;
    std::filesystem::path file = checkOutputFile(option, path, outputs.input);
    for (const auto &[other, earlier] : seen)
      if (earlier == file)
        throw RuntimeError(std::string(other) + " and " + option +
                           " name the same file '" + path + "'");
    seen.push_back({option, file});
  }
}

void writeRunFiles(const RunResult &result, const RunOutputs &outputs) {
  if (!outputs.recordings.empty())
    writeRecordings(result, outputs.recordings);
  if (!outputs.weights.empty())
    writeWeights(result, outputs.weights);
}

void printRunFiles(std::ostream &out, const RunResult &result,
                   const RunOutputs &outputs) {
  if (!outputs.recordings.empty())
    out << "recordings: " << outputs.recordings << "\n";
  if (outputs.weights.empty())
    return;
  size_t projections = result.plasticWeights.size();
  out << "weights: " << outputs.weights << " ("
      << withThousands(plasticSynapses(result)) << " synapses of "
      << projections << " plastic projection" << (projections == 1 ? "" : "s")
      << ")\n";
}

/// Warns, on stderr and even when quiet, of populations whose state
/// overflowed to infinity or NaN: their spikes mean little, and nothing
/// else would say so.
static void warnOfNonFiniteState(const std::string &tool,
                                 const RunResult &result) {
  for (const PopulationStatistics &stats : result.populations)
    if (stats.nonFinite)
      std::cerr << tool << ": warning: population '" << stats.name
                << "': " << withThousands(stats.nonFinite) << " of "
                << withThousands(stats.size)
                << " neurons ended the run with an infinite or NaN state "
                   "variable (a parameter, weight or input overflowed "
                << numericsName(result.numerics) << ")\n";
}

void warnOfRoundedDuration(const std::string &tool, double duration,
                           const RunResult &result) {
  double ran = double(result.steps) * result.timestep;
  // A positive duration that runs no step is always worth a word, however
  // close to 0 ms it is (1e-300 ms is within any relative tolerance).
  if (result.steps > 0 &&
      std::abs(ran - duration) <= 1e-9 * std::max(duration, result.timestep))
    return;
  std::cerr << tool << ": warning: "
            << formatString(
                   "a duration of %g ms is not a whole number of %g ms "
                   "steps: ran %llu steps (%g ms)",
                   duration, result.timestep, (unsigned long long)result.steps,
                   ran)
            << "\n";
}

void runAndReport(const Plan &plan, RunRequest request, std::ostream &out) {
  const RunOutputs &outputs = request.outputs;
  checkOutputs(outputs,
               std::any_of(plan.projections.begin(), plan.projections.end(),
                           [](const ProjectionPlan &projection) {
                             return projection.stdp.has_value();
                           }));
  RunResult result =
      runWithProgressBar(request.quiet, request.options.progress,
                         [&] { return simulate(plan, request.options); });
  writeRunFiles(result, outputs);
  RunContext context = contextSince(plan.network, request.start);
  if (!outputs.summaryJson.empty())
    writeSummaryJson(outputs.summaryJson, context, result);
  warnOfRoundedDuration(request.tool, request.options.duration, result);
  warnOfNonFiniteState(request.tool, result);
  if (request.quiet)
    return;
  printSummary(out, context, result);
  printRunFiles(out, result, outputs);
  if (request.describe)
    request.describe(result, out);
}

void ProgressBar::update(uint64_t done, uint64_t total) {
  auto now = std::chrono::steady_clock::now();
  if (done < total && now - lastDraw < std::chrono::milliseconds(100))
    return;
  lastDraw = now;
  constexpr int kWidth = 40;
  double fraction = total ? double(done) / double(total) : 1.0;
  int filled = int(fraction * kWidth);
  std::cerr << "\r[" << std::string(filled, '#')
            << std::string(kWidth - filled, ' ') << "] "
            << formatString("%3d%%", int(100.0 * fraction)) << std::flush;
}

void ProgressBar::clear() {
  std::cerr << "\r" << std::string(60, ' ') << "\r" << std::flush;
}

} // namespace glia::runtime
