//===- Run.cpp - `glia run` and `glia plan`: the reference runtime --------===//
//
// `glia plan NET -o net.plan` lowers a network to a runtime plan file.
// `glia run NET|PLAN --duration 1s -o spikes.{csv,npy,npz}
// [--weights w.{csv,npz}]` runs it on the host and prints a summary
// (runtime/Report.h). `glia-run` (tools/glia-run)
// does the same for plan files without loading MLIR.
//
//===----------------------------------------------------------------------===//

#include "Command.h"

#include "glia/Cam/CamReadout.h"
#include "glia/Driver/NetworkLoader.h"
#include "glia/Plan/PlanLowering.h"
#include "glia/Runtime/Output.h"
#include "glia/Runtime/PlanFile.h"
#include "glia/Runtime/Report.h"
#include "glia/Runtime/Simulator.h"

#include "llvm/Support/Format.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>
#include <iostream>

using namespace llvm;
using namespace glia;
namespace rt = glia::runtime;

namespace {

//===----------------------------------------------------------------------===//
// Options
//===----------------------------------------------------------------------===//

cl::SubCommand runCommand("run", "Run a network (or a plan) on the reference "
                                 "runtime; write recordings, print a summary");
cl::SubCommand planCommand("plan",
                           "Lower a network to a runtime plan file (.plan)");

cl::opt<std::string> runInput(cl::Positional, cl::Required,
                              cl::desc("<network.json|network.mlir|net.plan>"),
                              cl::sub(runCommand),
                              cl::cat(cli::optionCategory()));
cl::opt<std::string> planInput(cl::Positional, cl::Required,
                               cl::desc("<network.json|network.mlir>"),
                               cl::sub(planCommand),
                               cl::cat(cli::optionCategory()));
cl::opt<std::string> runOutput("o", cl::desc("Recordings: .csv, .npy or .npz"),
                               cl::value_desc("file"), cl::sub(runCommand),
                               cl::cat(cli::optionCategory()));
cl::opt<std::string> planOutput("o", cl::Required,
                                cl::desc("The plan file to write"),
                                cl::value_desc("file.plan"),
                                cl::sub(planCommand),
                                cl::cat(cli::optionCategory()));
cl::opt<std::string> duration(
    "duration",
    cl::desc("Biological time to simulate: 1s, 250ms, or a number of ms "
             "(default: the network's duration)"),
    cl::sub(runCommand), cl::cat(cli::optionCategory()));
cl::opt<double> timestep("dt",
                         cl::desc("Timestep in ms (default: the network's)"),
                         cl::sub(runCommand), cl::sub(planCommand),
                         cl::cat(cli::optionCategory()));
cl::opt<std::string> numerics("numerics",
                              cl::desc("double, float or fixed (s16.15)"),
                              cl::init("double"), cl::sub(runCommand),
                              cl::cat(cli::optionCategory()));
cl::opt<unsigned> threads("threads", cl::desc("Worker threads"), cl::init(1),
                          cl::sub(runCommand), cl::cat(cli::optionCategory()));
cl::opt<uint64_t> seed("seed", cl::desc("Replace the network's seed"),
                       cl::sub(runCommand), cl::sub(planCommand),
                       cl::cat(cli::optionCategory()));
cl::opt<std::string>
    weights("weights", cl::desc("Plastic weights after the run: .csv or .npz"),
            cl::value_desc("file"), cl::sub(runCommand),
            cl::cat(cli::optionCategory()));
cl::opt<bool> quiet("quiet", cl::desc("No progress bar and no summary"),
                    cl::sub(runCommand), cl::cat(cli::optionCategory()));
cl::opt<bool> profile("profile",
                      cl::desc("Report where each thread's time in the "
                               "simulation loop went"),
                      cl::sub(runCommand), cl::cat(cli::optionCategory()));
cl::opt<std::string> summaryJson("summary-json",
                                 cl::desc("Also write the summary as JSON"),
                                 cl::value_desc("file.json"),
                                 cl::sub(runCommand),
                                 cl::cat(cli::optionCategory()));

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

/// Loads `path` as a plan: a .plan file directly, a network by lowering it
/// in memory; collects the protocols of its CAMs into `readouts` (their ops
/// are gone once expanded). Errors are printed; nullopt then.
std::optional<rt::Plan> loadPlan(StringRef path,
                                 std::vector<cam::Readout> *readouts = nullptr) {
  std::optional<double> dt;
  if (timestep.getNumOccurrences()) {
    if (!(timestep > 0) || !std::isfinite(timestep)) {
      cli::fail("--dt must be a number of ms > 0");
      return std::nullopt;
    }
    dt = timestep;
  }
  rt::Plan plan;
  if (sys::path::extension(path) == ".plan") {
    plan = rt::readPlanFile(path.str()); // throws RuntimeError
    if (dt && *dt != plan.timestep) {
      cli::fail("the plan was made with a timestep of " +
                Twine(snn::formatF64(plan.timestep)) +
                " ms; re-plan the network to change it");
      return std::nullopt;
    }
  } else {
    driver::NetworkLoader loader;
    snn::NetworkOp network = loader.load(path);
    if (!network)
      return std::nullopt;
    if (readouts)
      *readouts = cam::collectReadouts(network);
    if (failed(cli::expandShorthands(loader.getModule())))
      return std::nullopt;
    auto lowered = plan::lowerToPlan(network, {dt});
    if (failed(lowered))
      return std::nullopt;
    plan = std::move(*lowered);
  }
  if (seed.getNumOccurrences())
    rt::overrideSeed(plan, seed);
  return plan;
}

//===----------------------------------------------------------------------===//
// Commands
//===----------------------------------------------------------------------===//

std::optional<rt::RunOptions> runOptions(const rt::Plan &plan) {
  rt::RunOptions options;
  if (duration.getNumOccurrences()) {
    auto ms = rt::parseDuration(duration);
    if (!ms) {
      cli::fail("--duration '" + duration +
                "' is not a positive time such as "
                "1s, 250ms or 100 (ms)");
      return std::nullopt;
    }
    options.duration = *ms;
  } else if (plan.duration) {
    options.duration = *plan.duration;
  } else {
    cli::fail("the network sets no duration: give --duration (e.g. 1s)");
    return std::nullopt;
  }
  auto kind = rt::parseNumerics(numerics);
  if (!kind) {
    cli::fail("--numerics must be double, float or fixed, not '" + numerics +
              "'");
    return std::nullopt;
  }
  options.numerics = *kind;
  if (threads < 1 || threads > 1024) {
    cli::fail("--threads must be between 1 and 1024");
    return std::nullopt;
  }
  options.threads = threads;
  options.profile = profile;
  return options;
}

int execute() {
  rt::RunRequest request;
  request.outputs = {runOutput, summaryJson, weights, runInput};
  request.quiet = quiet;
  if (!cli::outputFilesNamed({&runOutput, &summaryJson, &weights}))
    return cli::kUserError;
  if (!runOutput.empty()) // before a network takes time to load
    rt::recordingsFormat(runOutput);
  std::vector<cam::Readout> readouts;
  std::optional<rt::Plan> plan = loadPlan(runInput, &readouts);
  if (!plan)
    return cli::kUserError;
  if (!readouts.empty())
    request.describe = [readouts](const rt::RunResult &result,
                                  std::ostream &out) {
      cam::describeCams(readouts, result, out);
    };
  std::optional<rt::RunOptions> options = runOptions(*plan);
  if (!options)
    return cli::kUserError;
  request.options = std::move(*options);
  rt::runAndReport(*plan, std::move(request), std::cout);
  return cli::kSuccess;
}

int executePlan() {
  rt::checkOutputFile("-o", planOutput, planInput);
  std::optional<rt::Plan> plan = loadPlan(planInput);
  if (!plan)
    return cli::kUserError;
  rt::writePlanFile(*plan, planOutput);
  outs() << "wrote " << planOutput << ": " << plan->populations.size()
         << " populations, " << plan->projections.size() << " projections, "
         << plan->recordings.size() << " recordings, plan format version "
         << rt::kPlanFormatVersion << "\n";
  return cli::kSuccess;
}

cli::RegisterCommand registerRun(runCommand, execute);
cli::RegisterCommand registerPlan(planCommand, executePlan);

} // namespace
