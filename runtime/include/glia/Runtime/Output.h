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
#include <functional>
#include <ostream>
#include <string>
#include <vector>

namespace glia::runtime {

enum class OutputFormat { Csv, Npy, Npz };

/// The format of a recordings file for `path`, by its extension (.csv,
/// .npy or .npz). Throws RuntimeError for any other name.
OutputFormat recordingsFormat(const std::string &path);

/// Writes the recordings of `result`; throws RuntimeError (and leaves no
/// file behind) on failure, or if the format cannot hold what was recorded.
void writeRecordings(const RunResult &result, const std::string &path);

/// The format of a weights file for `path`: .csv or .npz (a file holds
/// several projections). Throws RuntimeError for any other name.
OutputFormat weightsFormat(const std::string &path);

/// Writes the weights of the plastic projections after the run
/// (`result.plasticWeights`): CSV rows `projection,pre,post,weight`, or per
/// projection `.npz` members `<projection>.pre`, `.post` (i8) and
/// `.weight` (f8). Atomically; throws RuntimeError on failure.
void writeWeights(const RunResult &result, const std::string &path);

/// The header of a NumPy .npy file (format 1.0) holding a little-endian
/// array of `descr` ('<f8', '<i8') with the given shape; the raw array
/// follows it.
std::vector<uint8_t> npyHeader(const std::string &descr,
                               const std::vector<uint64_t> &shape);

/// Receives bytes a chunk at a time, in order.
using ByteSink = std::function<void(const void *data, size_t bytes)>;

/// A member of a zip archive, `bytes` long, whose bytes `produce` passes to
/// a sink a chunk at a time. It is called twice (once for the CRC, once to
/// write them), so large members are converted from the recordings in small
/// chunks and never held whole.
struct ZipEntry {
  std::string name;
  uint64_t bytes = 0;
  std::function<void(const ByteSink &)> produce;
};

/// Where zip's classic fields end and zip64's records take over: a member
/// of `size` bytes or more, a member that starts at `offset` or later, an
/// archive of `count` members or more. Tests lower them to write each of
/// zip64's layouts without writing 4 GiB.
struct ZipLimits {
  uint64_t size = 0xffffffffu;
  uint64_t offset = 0xffffffffu;
  uint64_t count = 0xffff;
};

/// Writes a zip archive holding `entries` uncompressed (stored), as NumPy's
/// np.savez writes them, with zip64's records where `limits` say (the
/// format's own limits unless a test lowers them). Throws RuntimeError if
/// a member does not produce the bytes it declares.
void writeStoredZip(std::ostream &out, const std::vector<ZipEntry> &entries,
                    const ZipLimits &limits = {});

} // namespace glia::runtime

#endif // GLIA_RUNTIME_OUTPUT_H
