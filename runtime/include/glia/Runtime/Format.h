//===- Format.h - numbers as glia prints them -------------------*- C++ -*-===//
//
// One spelling of large counts for every report (check, compile, run,
// emulate, routing): 1234567 -> "1,234,567", and printf into a string.
// Header-only and free of dependencies, so the MLIR-side tools and the
// runtime share it.
//
//===----------------------------------------------------------------------===//

#ifndef GLIA_RUNTIME_FORMAT_H
#define GLIA_RUNTIME_FORMAT_H

#include <cstdint>
#include <cstdio>
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

/// printf into a std::string, of any length. (Not `format`, which
/// llvm::format would make ambiguous in the tools.)
template <typename... Args>
std::string formatString(const char *pattern, Args... args) {
  int length = std::snprintf(nullptr, 0, pattern, args...);
  if (length <= 0)
    return {};
  std::string text(size_t(length) + 1, '\0');
  std::snprintf(text.data(), text.size(), pattern, args...);
  text.pop_back(); // the terminating NUL
  return text;
}

} // namespace glia

#endif // GLIA_RUNTIME_FORMAT_H
