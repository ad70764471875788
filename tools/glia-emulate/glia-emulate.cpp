//===- glia-emulate.cpp - run a board image without MLIR ------------------===//
//
// `glia-emulate OUT [--duration 1s] [--quiet] [--summary-json FILE]
//                   [-o OUT.{csv,npy,npz}] [--weights W.{csv,npz}]`
//
// What `glia emulate` does, linking only the runtime: it starts in
// milliseconds and its memory is the image's. Benchmarks time this binary.
//
//===----------------------------------------------------------------------===//

#include "glia/Runtime/Emulator.h"

#include <iostream>
#include <new>
#include <string>

using namespace glia::runtime;

namespace {

constexpr const char *kUsage =
    "usage: glia-emulate IMAGE [--duration 1s] [--quiet] "
    "[--summary-json FILE]\n"
    "                    [-o OUT.csv|OUT.npy|OUT.npz] [--weights "
    "W.csv|W.npz]\n";

/// Fills `request` from argv; returns an error message or "".
std::string parseArguments(int argc, char **argv, EmulateRequest &request,
                           bool &help) {
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    std::string *target = arg == "--duration" ? &request.duration
                          : arg == "-o"       ? &request.outputs.recordings
                          : arg == "--summary-json"
                              ? &request.outputs.summaryJson
                          : arg == "--weights" ? &request.outputs.weights
                                               : nullptr;
    if (target) {
      if (i + 1 == argc)
        return "option '" + arg + "' needs a value";
      *target = argv[++i];
      if (target->empty())
        return "option '" + arg + "' needs a " +
               (target == &request.duration ? "time" : "file name");
    } else if (arg == "--quiet") {
      request.quiet = true;
    } else if (arg == "--help" || arg == "-h") {
      help = true;
    } else if (!arg.empty() && arg[0] == '-') {
      return "unknown option '" + arg + "'";
    } else if (request.directory.empty()) {
      request.directory = arg;
    } else {
      return "more than one image given";
    }
  }
  if (request.directory.empty() && !help)
    return "no image given";
  return {};
}

} // namespace

int main(int argc, char **argv) {
  EmulateRequest request;
  request.tool = "glia-emulate";
  bool help = false;
  if (std::string error = parseArguments(argc, argv, request, help);
      !error.empty()) {
    std::cerr << "glia-emulate: error: " << error << "\n" << kUsage;
    return 1;
  }
  if (help) {
    std::cout << kUsage;
    return 0;
  }
  try {
    emulateAndReport(request, std::cout);
  } catch (const RuntimeError &error) {
    std::cerr << "glia-emulate: error: " << error.what() << "\n";
    return 1;
  } catch (const std::bad_alloc &) {
    std::cerr << "glia-emulate: error: out of memory\n";
    return 1;
  }
  return 0;
}
