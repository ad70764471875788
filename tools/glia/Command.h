//===- Command.h - subcommands of the glia CLI ------------------*- C++ -*-===//
//
// Each subcommand lives in its own file: it declares its llvm::cl options
// under a cl::SubCommand and registers a function that runs it. Exit codes:
// 0 success, 1 a user error (bad input, a network that does not fit, ...).
//
//===----------------------------------------------------------------------===//

#ifndef GLIA_TOOLS_GLIA_COMMAND_H
#define GLIA_TOOLS_GLIA_COMMAND_H

#include "mlir/IR/BuiltinOps.h"
#include "llvm/Support/CommandLine.h"

namespace glia::cli {

enum ExitCode : int { kSuccess = 0, kUserError = 1 };

/// The category of every glia option: `--help` lists only these, not the
/// options LLVM's libraries register.
llvm::cl::OptionCategory &optionCategory();

/// Prints `message` as glia's error; returns kUserError.
int fail(const llvm::Twine &message);

/// Whether each of `files` (options naming an output file) that was given
/// names one; if not, prints an error. An empty name would write nothing.
bool outputFilesNamed(
    std::initializer_list<const llvm::cl::opt<std::string> *> files);

/// Runs `body`, turning runtime errors (bad plan or image files, limits,
/// output failures, memory exhaustion) into a message and kUserError.
int guarded(int (*body)());

/// Flushes standard output: `exitCode` if it all went out, else an error
/// (a full disk, a closed pipe) and kUserError.
int finishOutput(int exitCode);

/// Expands the ops that stand for groups of populations and projections
/// (snn.cam), as `run` does before lowering and `check` does to count what
/// they stand for. Errors are printed as diagnostics.
mlir::LogicalResult expandShorthands(mlir::ModuleOp module);

/// Registers `run` as the body of `command` (main runs it through guarded).
/// Use as a static object.
struct RegisterCommand {
  RegisterCommand(llvm::cl::SubCommand &command, int (*run)());
};

} // namespace glia::cli

#endif // GLIA_TOOLS_GLIA_COMMAND_H
