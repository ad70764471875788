//===- SummaryJson.h - the run summary as JSON ------------------*- C++ -*-===//
//
// Private to the runtime: the `--summary-json` document of a run, built once
// for `glia run` (Report.cpp) and extended by the emulator with its own
// section before it is written.
//
//===----------------------------------------------------------------------===//

#ifndef GLIA_RUNTIME_LIB_SUMMARYJSON_H
#define GLIA_RUNTIME_LIB_SUMMARYJSON_H

#include "glia/Runtime/Report.h"

#include <nlohmann/json.hpp>

namespace glia::runtime {

nlohmann::json summaryJson(const RunContext &context, const RunResult &result);

/// Writes `summary` to `path` atomically, indented.
void writeJsonFile(const std::string &path, const nlohmann::json &summary);

} // namespace glia::runtime

#endif // GLIA_RUNTIME_LIB_SUMMARYJSON_H
