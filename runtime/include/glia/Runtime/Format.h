//===- Format.h - numbers as glia prints them -------------------*- C++ -*-===//
//
// One spelling of large counts for every report (check, compile, run,
// emulate, routing): 1234567 -> "1,234,567". Header-only and free of
// dependencies, so the MLIR-side tools and the runtime share it.
//
//===----------------------------------------------------------------------===//

#ifndef GLIA_RUNTIME_FORMAT_H
#define GLIA_RUNTIME_FORMAT_H

#include <cstdint>
#include <string>

namespace glia {

inline std::string withThousands(int64_t value) {
  std::string digits =
      std::to_string(value < 0 ? -uint64_t(value) : uint64_t(value));
  std::string result;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0)
      result += ',';
    result += digits[i];
  }
  return value < 0 ? "-" + result : result;
}

} // namespace glia

#endif // GLIA_RUNTIME_FORMAT_H
