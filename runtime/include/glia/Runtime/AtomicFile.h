//===- AtomicFile.h - files that appear whole or not at all -----*- C++ -*-===//
//
// ARCHITECTURE.md invariant 5: output files appear whole or not at all. The
// content goes to a temporary file next to the target, which is renamed over
// the target only once everything was written and flushed; on any error the
// temporary file is removed.
//
//===----------------------------------------------------------------------===//

#ifndef GLIA_RUNTIME_ATOMICFILE_H
#define GLIA_RUNTIME_ATOMICFILE_H

#include <cstdint>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

namespace glia::runtime {

/// Calls `write` with a stream on a temporary file, then renames it to
/// `path`. Throws RuntimeError (and leaves `path` untouched) if anything
/// fails, including an exception thrown by `write`. A `path` that is a
/// device or a pipe (isDeviceOrPipe) is written to directly instead.
void writeFileAtomically(const std::string &path,
                         const std::function<void(std::ostream &)> &write);

/// Whether `path` (followed through links) is a device, a pipe or a socket:
/// an output to write into, never to rename a file over (as root, renaming
/// over /dev/null replaces it).
bool isDeviceOrPipe(const std::string &path);

/// The whole content of `path`; throws RuntimeError.
std::vector<uint8_t> readWholeFile(const std::string &path);

} // namespace glia::runtime

#endif // GLIA_RUNTIME_ATOMICFILE_H
