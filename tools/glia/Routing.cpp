//===- Routing.cpp - `glia routing compress IN -o OUT` --------------------===//
//
// Compresses every routing table of a benchmark-format file, checks each
// result exactly against its input, prints per-set statistics and writes the
// compressed tables atomically.
//
//===----------------------------------------------------------------------===//

#include "Command.h"

#include "glia/Routing/Compressor.h"
#include "glia/Routing/Equivalence.h"
#include "glia/Routing/TableFile.h"

#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>

using namespace llvm;
using namespace glia;

namespace {
cl::SubCommand routingCommand(
    "routing", "Work on SpiNNaker routing tables: 'glia routing compress IN "
               "-o OUT' compresses every table of IN to fit the router");
cl::opt<std::string> action(cl::Positional, cl::Required,
                            cl::desc("<action: compress>"),
                            cl::sub(routingCommand),
                            cl::cat(cli::optionCategory()));
cl::opt<std::string> inputPath(cl::Positional, cl::Required,
                               cl::desc("<tables.bin>"),
                               cl::sub(routingCommand),
                               cl::cat(cli::optionCategory()));
cl::opt<std::string>
    outputPath("o",
               cl::desc("Write the compressed tables here (same format); "
                        "without it only the statistics are printed"),
               cl::value_desc("file"), cl::sub(routingCommand),
               cl::cat(cli::optionCategory()));
cl::opt<unsigned>
    fitTarget("fit",
              cl::desc("Stop compressing a table once it has at most N entries "
                       "(default: the router's 1023)"),
              cl::value_desc("N"), cl::init(unsigned(routing::kRouterCapacity)),
              cl::sub(routingCommand), cl::cat(cli::optionCategory()));
cl::opt<bool> minimiseFully(
    "full", cl::desc("Merge until no safe merge is left, not just to fit"),
    cl::sub(routingCommand), cl::cat(cli::optionCategory()));

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

/// "1 table", "2 tables".
std::string count(size_t n, const char *noun) {
  return fmt::format("{} {}{}", n, noun, n == 1 ? "" : "s");
}

int error(const std::string &message) {
  errs() << "glia routing: error: " << message << "\n";
  return cli::kUserError;
}

/// Sizes of a set of tables.
struct SizeSummary {
  double mean = 0;
  size_t max = 0;
  size_t over = 0; // tables above the limit
};

SizeSummary summarise(const std::vector<routing::Table> &tables, size_t limit) {
  SizeSummary summary;
  for (const routing::Table &table : tables) {
    summary.mean += double(table.entries.size());
    summary.max = std::max(summary.max, table.entries.size());
    summary.over += table.entries.size() > limit;
  }
  if (!tables.empty())
    summary.mean /= double(tables.size());
  return summary;
}

/// Chip coordinates and sizes of the tables above `limit`, at most a few.
std::string listOverLimit(const std::vector<routing::Table> &tables,
                          size_t limit) {
  constexpr int kShown = 5;
  std::string list;
  int shown = 0;
  for (const routing::Table &table : tables) {
    if (table.entries.size() <= limit)
      continue;
    if (shown++ == kShown)
      return list + ", ...";
    list += fmt::format("{}({}, {}): {}", list.empty() ? "" : ", ", table.x,
                        table.y, table.entries.size());
  }
  return list;
}

void printStatistics(const std::vector<routing::Table> &before,
                     const std::vector<routing::Table> &after, size_t limit,
                     double compressSeconds, double checkSeconds) {
  SizeSummary in = summarise(before, limit), out = summarise(after, limit);
  outs() << fmt::format(
      "{}: {}, {}\n"
      "  entries before: mean {:.1f}, max {}\n"
      "  entries after:  mean {:.1f}, max {}\n"
      "  tables over {}: {} before, {} after\n"
      "  time: compress {:.3f} s, check {:.3f} s\n",
      sys::path::filename(inputPath).str(), count(before.size(), "table"),
      minimiseFully ? "full minimisation" : fmt::format("fit to {}", limit),
      in.mean, in.max, out.mean, out.max, limit, in.over, out.over,
      compressSeconds, checkSeconds);
}

/// Checks the command line; returns an error message, or "" when usable.
std::string validateOptions() {
  if (action != "compress")
    return "unknown action '" + action + "'; expected 'compress'";
  if (minimiseFully && fitTarget.getNumOccurrences())
    return "--fit and --full exclude each other";
  if (fitTarget == 0)
    return "--fit must be at least 1";
  return "";
}

/// Compresses every table and proves each result equivalent to its input;
/// a table that is not (a compressor bug) is an error naming its chip.
bool compressAndCheck(const std::vector<routing::Table> &tables,
                      std::vector<routing::Table> &compressed,
                      double &compressSeconds, double &checkSeconds,
                      std::string &message) {
  routing::CompressOptions options;
  options.target =
      minimiseFully ? std::nullopt : std::optional<size_t>(fitTarget);
  Clock::time_point start = Clock::now();
  compressed.clear();
  for (const routing::Table &table : tables)
    compressed.push_back(routing::compress(table, options));
  compressSeconds = secondsSince(start);

  start = Clock::now();
  for (size_t i = 0; i < tables.size(); ++i) {
    routing::EquivalenceResult result =
        routing::checkEquivalent(tables[i].entries, compressed[i].entries);
    if (!result) {
      message = fmt::format("table ({}, {}): the compressed table is not "
                            "equivalent to the input: {}",
                            tables[i].x, tables[i].y, result.message);
      return false;
    }
  }
  checkSeconds = secondsSince(start);
  return true;
}

int compressTables() {
  std::string message = validateOptions();
  if (!message.empty())
    return error(message);
  std::vector<routing::Table> tables, compressed;
  if (!routing::readTableFile(inputPath, tables, message))
    return error(message);
  double compressSeconds = 0, checkSeconds = 0;
  if (!compressAndCheck(tables, compressed, compressSeconds, checkSeconds,
                        message))
    return error(message);

  size_t limit = minimiseFully ? routing::kRouterCapacity : fitTarget;
  printStatistics(tables, compressed, limit, compressSeconds, checkSeconds);
  // A table the router cannot hold makes the whole output useless.
  if (size_t over = summarise(compressed, limit).over)
    return error(fmt::format(
        "{} over {} entries after compression{}: {}", count(over, "table"),
        limit, outputPath.empty() ? "" : "; " + outputPath + " not written",
        listOverLimit(compressed, limit)));
  if (!outputPath.empty() &&
      !routing::writeTableFile(outputPath, compressed, message))
    return error(message);
  return cli::kSuccess;
}

cli::RegisterCommand registerRouting(routingCommand, compressTables);
} // namespace
