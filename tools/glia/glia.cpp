//===- glia.cpp - the glia command-line tool ------------------------------===//
//
// `glia <command> [options]`: the user's entry point. The subcommands are
// registered by their own files (Check.cpp, Run.cpp, ...).
//
//===----------------------------------------------------------------------===//

#include "Command.h"
#include "glia/Dialect/Snn/SnnOps.h"
#include "glia/Runtime/Plan.h"
#include "glia/Transforms/Passes.h"

#include "mlir/Pass/PassManager.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

#include <new>
#include <vector>

using namespace llvm;

namespace glia::cli {
namespace {
struct Entry {
  cl::SubCommand *command;
  int (*run)();
};
std::vector<Entry> &registry() {
  static std::vector<Entry> entries;
  return entries;
}
} // namespace

cl::OptionCategory &optionCategory() {
  static cl::OptionCategory category("glia options");
  return category;
}

int fail(const Twine &message) {
  WithColor::error(errs(), "glia") << message << "\n";
  return kUserError;
}

bool outputFilesNamed(
    std::initializer_list<const cl::opt<std::string> *> files) {
  for (const cl::opt<std::string> *file : files)
    if (file->getNumOccurrences() && file->empty()) {
      fail(Twine("option '") + (file->ArgStr.size() == 1 ? "-" : "--") +
           file->ArgStr + "' needs a file name");
      return false;
    }
  return true;
}

int guarded(int (*body)()) {
  try {
    return body();
  } catch (const runtime::RuntimeError &error) {
    return fail(error.what());
  } catch (const std::bad_alloc &) {
    return fail("out of memory");
  } catch (const std::exception &error) {
    return fail(Twine("unexpected error: ") + error.what());
  }
}

int finishOutput(int exitCode) {
  outs().flush();
  if (!outs().has_error())
    return exitCode;
  // Cleared, or raw_fd_ostream's destructor would abort with "LLVM ERROR:
  // IO failure on output stream".
  std::error_code error = outs().error();
  outs().clear_error();
  return fail("cannot write to standard output: " + error.message());
}

mlir::LogicalResult expandShorthands(mlir::ModuleOp module) {
  mlir::PassManager passes(module.getContext());
  passes.nest<snn::NetworkOp>().addPass(glia::createSnnExpandCam());
  return passes.run(module);
}

RegisterCommand::RegisterCommand(cl::SubCommand &command, int (*run)()) {
  registry().push_back({&command, run});
}
} // namespace glia::cli

static void printVersion(raw_ostream &os) {
  os << "glia " GLIA_VERSION " (LLVM/MLIR " LLVM_VERSION_STRING ")\n";
}

int main(int argc, char **argv) {
  InitLLVM init(argc, argv);
  // InitLLVM makes a failed `new` abort with "LLVM ERROR: out of memory";
  // the runtime's allocations should throw, so that guarded() reports the
  // error and exits with kUserError like glia-run.
  std::set_new_handler(nullptr);
  cl::SetVersionPrinter(printVersion);
  cl::HideUnrelatedOptions(glia::cli::optionCategory());
  if (!cl::ParseCommandLineOptions(
          argc, argv,
          "glia: compile spiking networks for SpiNNaker-style machines, or run "
          "them on the host\n",
          &errs()))
    return glia::cli::kUserError;
  // Every command runs guarded: a runtime error or an exhausted memory is a
  // message and kUserError, whichever command meets it.
  for (const auto &entry : glia::cli::registry())
    if (*entry.command)
      return glia::cli::finishOutput(glia::cli::guarded(entry.run));
  errs() << "glia: no command given; see 'glia --help'\n";
  return glia::cli::kUserError;
}
