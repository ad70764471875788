//===- Emulate.cpp - `glia emulate OUT --duration T -o spikes.*` ----------===//
//
// Runs a board image (written by `glia compile`) on the board emulator
// (runtime/Emulator.h) and reports like `glia run`, plus packet counts and
// the per-core synaptic load. Spikes equal `glia run --numerics fixed`.
// `glia-emulate` (tools/glia-emulate) does the same without MLIR.
//
//===----------------------------------------------------------------------===//

#include "Command.h"

#include "glia/Runtime/Emulator.h"

#include "llvm/Support/raw_ostream.h"

#include <iostream>

using namespace llvm;
using namespace glia;
namespace rt = glia::runtime;

namespace {

cl::SubCommand
    emulateCommand("emulate",
                   "Execute a board image core by core, packets through the "
                   "routing tables; write recordings, print a summary");
cl::opt<std::string> imagePath(cl::Positional, cl::Required,
                               cl::desc("<OUT directory of glia compile>"),
                               cl::sub(emulateCommand),
                               cl::cat(cli::optionCategory()));
cl::opt<std::string> output("o", cl::desc("Recordings: .csv, .npy or .npz"),
                            cl::value_desc("file"), cl::sub(emulateCommand),
                            cl::cat(cli::optionCategory()));
cl::opt<std::string>
    duration("duration",
             cl::desc("Biological time: 1s, 250ms, or a number of ms "
                      "(default: the network's duration)"),
             cl::sub(emulateCommand), cl::cat(cli::optionCategory()));
cl::opt<std::string>
    weights("weights", cl::desc("Plastic weights after the run: .csv or .npz"),
            cl::value_desc("file"), cl::sub(emulateCommand),
            cl::cat(cli::optionCategory()));
cl::opt<bool> quiet("quiet", cl::desc("No progress bar and no summary"),
                    cl::sub(emulateCommand), cl::cat(cli::optionCategory()));
cl::opt<std::string> summaryJson("summary-json",
                                 cl::desc("Also write the summary as JSON"),
                                 cl::value_desc("file.json"),
                                 cl::sub(emulateCommand),
                                 cl::cat(cli::optionCategory()));

int emulate() {
  rt::EmulateRequest request;
  request.directory = imagePath;
  request.duration = duration;
  request.outputs = {output, summaryJson, weights, {}};
  if (!cli::outputFilesNamed({&output, &summaryJson, &weights}))
    return cli::kUserError;
  if (duration.getNumOccurrences() && duration.empty())
    return cli::fail("option '--duration' needs a time");
  request.quiet = quiet;
  rt::emulateAndReport(request, std::cout);
  return cli::kSuccess;
}

cli::RegisterCommand registerEmulate(emulateCommand, emulate);
} // namespace
