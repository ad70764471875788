//===- glia-run.cpp - run a plan file on the reference runtime ------------===//
//
// `glia-run net.plan [--duration 1s] [--numerics double|float|fixed]
//                    [--threads N] [--seed S] [--quiet] [--profile]
//                    [--summary-json FILE] [-o OUT.{csv,npy,npz}]
//                    [--weights W.{csv,npz}]`
//
// What `glia run` does for a .plan file, without linking MLIR: `glia plan`
// compiles, `glia-run` executes. Benchmarks time this binary.
//
//===----------------------------------------------------------------------===//

#include "glia/Runtime/Output.h"
#include "glia/Runtime/PlanFile.h"
#include "glia/Runtime/Report.h"

#include <cerrno>
#include <cstdlib>
#include <iostream>
#include <map>
#include <new>
#include <string>

using namespace glia::runtime;

namespace {

constexpr const char *kUsage =
    "usage: glia-run PLAN [--duration 1s] [--numerics double|float|fixed]\n"
    "                [--threads N] [--seed S] [--quiet] [--profile]\n"
    "                [--summary-json FILE] [-o OUT.csv|OUT.npy|OUT.npz]\n"
    "                [--weights W.csv|W.npz]\n";

int fail(const std::string &message) {
  std::cerr << "glia-run: error: " << message << "\n";
  return 1;
}

/// The command line: one positional plan path, options with values, flags.
struct Arguments {
  std::string plan;
  std::map<std::string, std::string> values;
  bool quiet = false;
  bool profile = false;
  bool help = false;
};

/// Parses argv; returns an error message or "".
std::string parseArguments(int argc, char **argv, Arguments &arguments) {
  static const char *const withValue[] = {
      "--duration",     "--numerics", "--threads", "--seed",
      "--summary-json", "-o",         "--weights"};
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--quiet") {
      arguments.quiet = true;
      continue;
    }
    if (arg == "--profile") {
      arguments.profile = true;
      continue;
    }
    if (arg == "--help" || arg == "-h") {
      arguments.help = true;
      continue;
    }
    std::string name = arg, value;
    bool inlineValue = false;
    if (size_t equals = arg.find('=');
        arg.rfind("--", 0) == 0 && equals != std::string::npos) {
      name = arg.substr(0, equals);
      value = arg.substr(equals + 1);
      inlineValue = true;
    }
    bool known = false;
    for (const char *option : withValue)
      known |= name == option;
    if (known) {
      if (!inlineValue) {
        if (i + 1 == argc)
          return "option '" + name + "' needs a value";
        value = argv[++i];
      }
      arguments.values[name] = value;
    } else if (!arg.empty() && arg[0] == '-') {
      return "unknown option '" + arg + "'";
    } else if (arguments.plan.empty()) {
      arguments.plan = arg;
    } else {
      return "more than one plan given ('" + arguments.plan + "', '" + arg +
             "')";
    }
  }
  if (arguments.plan.empty() && !arguments.help)
    return "no plan file given";
  return {};
}

/// A whole number in [low, high] or nullopt.
std::optional<uint64_t> parseInteger(const std::string &text, uint64_t low,
                                     uint64_t high) {
  if (text.empty() || text[0] == '-')
    return std::nullopt;
  char *end = nullptr;
  errno = 0; // strtoull saturates a number beyond 2^64 - 1 and says so here
  unsigned long long value = std::strtoull(text.c_str(), &end, 10);
  if (end != text.c_str() + text.size() || errno == ERANGE || value < low ||
      value > high)
    return std::nullopt;
  return value;
}

/// The run request from the arguments; an error message or "".
std::string makeRequest(const Arguments &arguments, Plan &plan,
                        RunRequest &request) {
  const auto &values = arguments.values;
  if (auto it = values.find("--duration"); it != values.end()) {
    auto ms = parseDuration(it->second);
    if (!ms)
      return "--duration '" + it->second +
             "' is not a positive time such as 1s, 250ms or 100 (ms)";
    request.options.duration = *ms;
  } else if (plan.duration) {
    request.options.duration = *plan.duration;
  } else {
    return "the plan sets no duration: give --duration (e.g. 1s)";
  }
  if (auto it = values.find("--numerics"); it != values.end()) {
    auto numerics = parseNumerics(it->second);
    if (!numerics)
      return "--numerics must be double, float or fixed, not '" + it->second +
             "'";
    request.options.numerics = *numerics;
  }
  if (auto it = values.find("--threads"); it != values.end()) {
    auto threads = parseInteger(it->second, 1, 1024);
    if (!threads)
      return "--threads must be between 1 and 1024";
    request.options.threads = unsigned(*threads);
  }
  if (auto it = values.find("--seed"); it != values.end()) {
    auto seed = parseInteger(it->second, 0, UINT64_MAX);
    if (!seed)
      return "--seed must be a non-negative integer";
    overrideSeed(plan, *seed);
  }
  for (const char *file : {"-o", "--summary-json", "--weights"})
    if (auto it = values.find(file); it != values.end() && it->second.empty())
      return std::string("option '") + file + "' needs a file name";
  // The outputs are checked before the run (runAndReport).
  if (auto it = values.find("-o"); it != values.end())
    request.outputs.recordings = it->second;
  if (auto it = values.find("--weights"); it != values.end())
    request.outputs.weights = it->second;
  if (auto it = values.find("--summary-json"); it != values.end())
    request.outputs.summaryJson = it->second;
  request.quiet = arguments.quiet;
  request.options.profile = arguments.profile;
  request.tool = "glia-run";
  return {};
}

int run(int argc, char **argv) {
  RunRequest request;
  Arguments arguments;
  if (std::string error = parseArguments(argc, argv, arguments);
      !error.empty()) {
    std::cerr << kUsage;
    return fail(error);
  }
  if (arguments.help) {
    std::cout << kUsage;
    return 0;
  }
  Plan plan = readPlanFile(arguments.plan);
  request.outputs.input = arguments.plan;
  if (std::string error = makeRequest(arguments, plan, request); !error.empty())
    return fail(error);
  runAndReport(plan, std::move(request), std::cout);
  return 0;
}

} // namespace

int main(int argc, char **argv) {
  try {
    return run(argc, argv);
  } catch (const RuntimeError &error) {
    return fail(error.what());
  } catch (const std::bad_alloc &) {
    return fail("out of memory");
  } catch (const std::exception &error) {
    return fail(std::string("unexpected error: ") + error.what());
  }
}
