//===- Output.h - writing recorded spikes and state -------------*- C++ -*-===//
//
// Recordings go to CSV, NumPy .npy or .npz, chosen by the file's extension,
// always atomically (AtomicFile.h). docs/runtime.md describes the layouts.
//
//===----------------------------------------------------------------------===//

#ifndef GLIA_RUNTIME_OUTPUT_H
#define GLIA_RUNTIME_OUTPUT_H

#include "glia/Runtime/Simulator.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace glia::runtime {

enum class OutputFormat { Csv, Npy, Npz };

/// The format for `path` by its extension, or nullopt if unknown.
std::optional<OutputFormat> outputFormatFor(const std::string &path);

/// Writes the recordings of `result`; throws RuntimeError (and leaves no
/// file behind) on failure, or if the format cannot hold what was recorded.
void writeRecordings(const RunResult &result, const std::string &path);

/// A NumPy .npy (format 1.0) image of a little-endian array of `descr`
/// ('<f8', '<i8') with the given shape.
std::vector<uint8_t> makeNpy(const std::string &descr,
                             const std::vector<uint64_t> &shape,
                             const void *data, size_t bytes);

struct ZipEntry {
  std::string name;
  std::vector<uint8_t> data;
};
/// A zip archive holding `entries` uncompressed (stored), as NumPy's
/// np.savez writes them.
std::vector<uint8_t> makeStoredZip(const std::vector<ZipEntry> &entries);

} // namespace glia::runtime

#endif // GLIA_RUNTIME_OUTPUT_H
