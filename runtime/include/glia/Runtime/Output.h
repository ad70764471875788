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
#include <ostream>
#include <string>
#include <vector>

namespace glia::runtime {

enum class OutputFormat { Csv, Npy, Npz };

/// The format for `path` by its extension, or nullopt if unknown.
std::optional<OutputFormat> outputFormatFor(const std::string &path);

/// Writes the recordings of `result`; throws RuntimeError (and leaves no
/// file behind) on failure, or if the format cannot hold what was recorded.
void writeRecordings(const RunResult &result, const std::string &path);

/// The header of a NumPy .npy file (format 1.0) holding a little-endian
/// array of `descr` ('<f8', '<i8') with the given shape; the raw array
/// follows it.
std::vector<uint8_t> npyHeader(const std::string &descr,
                               const std::vector<uint64_t> &shape);

/// A member of a zip archive: its bytes are its pieces one after another,
/// in memory the caller keeps alive while the archive is written.
struct ZipEntry {
  struct Piece {
    const void *data;
    size_t bytes;
  };
  std::string name;
  std::vector<Piece> pieces;
};
/// Writes a zip archive holding `entries` uncompressed (stored), as NumPy's
/// np.savez writes them, straight from the pieces to `out`: recordings of
/// tens of MB are not copied into an archive image first.
void writeStoredZip(std::ostream &out, const std::vector<ZipEntry> &entries);

} // namespace glia::runtime

#endif // GLIA_RUNTIME_OUTPUT_H
