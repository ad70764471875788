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
/// fails, including an exception thrown by `write`.
void writeFileAtomically(const std::string &path,
                         const std::function<void(std::ostream &)> &write);

/// The whole content of `path`; throws RuntimeError.
std::vector<uint8_t> readWholeFile(const std::string &path);

} // namespace glia::runtime

#endif // GLIA_RUNTIME_ATOMICFILE_H
