//===- PlanFile.h - reading and writing .plan files -------------*- C++ -*-===//
//
// A .plan file is a 32-byte header followed by a CBOR payload:
//
//   offset size  field
//        0    8  magic "GLIAPLAN"
//        8    4  format version (little endian), kPlanFormatVersion
//       12    4  reserved, 0
//       16    8  payload length in bytes (little endian)
//       24    8  FNV-1a 64 checksum of the payload (little endian)
//
// The payload is the plan as a CBOR map (numeric arrays as little-endian
// byte strings); docs/runtime.md lists its keys. A reader checks the magic,
// the version, the length and the checksum before it parses anything, then
// validates the plan: a file of another version, a truncated or a corrupt
// file is refused with a RuntimeError saying which.
//
//===----------------------------------------------------------------------===//

#ifndef GLIA_RUNTIME_PLANFILE_H
#define GLIA_RUNTIME_PLANFILE_H

#include "glia/Runtime/Plan.h"

#include <cstdint>
#include <string>
#include <vector>

namespace glia::runtime {

inline constexpr char kPlanMagic[8] = {'G', 'L', 'I', 'A', 'P', 'L', 'A', 'N'};
inline constexpr size_t kPlanHeaderSize = 32;

/// The plan as the bytes of a .plan file.
std::vector<uint8_t> encodePlan(const Plan &plan);
/// Parses and validates the bytes of a .plan file; throws RuntimeError.
Plan decodePlan(const std::vector<uint8_t> &bytes);

/// Writes `plan` to `path` atomically (temporary file, then rename); throws
/// RuntimeError.
void writePlanFile(const Plan &plan, const std::string &path);
/// Reads a .plan file; throws RuntimeError naming `path`.
Plan readPlanFile(const std::string &path);

/// Whether `bytes` start like a .plan file (the magic).
bool looksLikePlan(const std::vector<uint8_t> &bytes);

/// FNV-1a, 64 bit.
uint64_t fnv1a64(const uint8_t *data, size_t size);

} // namespace glia::runtime

#endif // GLIA_RUNTIME_PLANFILE_H
