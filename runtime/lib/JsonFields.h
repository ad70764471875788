//===- JsonFields.h - checked integers from untrusted JSON/CBOR -*- C++ -*-===//
//
// nlohmann's get<uint32_t>() wraps a negative number, truncates a fraction
// and casts NaN or a number beyond the type (undefined behaviour). Plans and
// image manifests may be hand-made or damaged, so their integer fields are
// read through unsignedField, which refuses such values and names the
// field; forEachEntry names the entry of a list that holds it.
//
//===----------------------------------------------------------------------===//

#ifndef GLIA_RUNTIME_JSONFIELDS_H
#define GLIA_RUNTIME_JSONFIELDS_H

#include "glia/Runtime/Plan.h"

#include <nlohmann/json.hpp>

#include <array>
#include <cstdint>
#include <limits>
#include <string>
#include <type_traits>

namespace glia::runtime {

/// `node` as T if it is a whole number from 0 to T's largest, else throws
/// RuntimeError naming `what`.
template <typename T>
T unsignedOf(const nlohmann::json &node, const std::string &what) {
  static_assert(std::is_unsigned_v<T>);
  constexpr uint64_t kLargest = std::numeric_limits<T>::max();
  // Whole numbers >= 0 arrive as unsigned from both CBOR and JSON text.
  if (node.is_number_unsigned() && node.get<uint64_t>() <= kLargest)
    return T(node.get<uint64_t>());
  throw RuntimeError("'" + what + "' must be an integer from 0 to " +
                     std::to_string(kLargest));
}

/// object[key] read by unsignedOf.
template <typename T>
T unsignedField(const nlohmann::json &object, const char *key) {
  return unsignedOf<T>(object.at(key), key);
}

/// A JSON array of whole numbers, each read by unsignedOf.
template <typename T, size_t N>
std::array<T, N> unsignedTuple(const nlohmann::json &node,
                               const std::string &what) {
  if (!node.is_array() || node.size() != N)
    throw RuntimeError("'" + what + "' must be a list of " + std::to_string(N) +
                       " integers");
  std::array<T, N> values{};
  for (size_t i = 0; i < N; ++i)
    values[i] = unsignedOf<T>(node[i], what);
  return values;
}

/// Runs body(entry) on each entry of the array document[key]; an error in
/// one is rethrown as a RuntimeError that names it: "<context><key>[i]: ".
template <typename Body>
void forEachEntry(const nlohmann::json &document, const char *key, Body &&body,
                  const char *context = "") {
  size_t index = 0;
  for (const nlohmann::json &entry : document.at(key)) {
    try {
      body(entry);
    } catch (const RuntimeError &error) {
      throw RuntimeError(std::string(context) + key + "[" +
                         std::to_string(index) + "]: " + error.what());
    } catch (const nlohmann::json::exception &error) {
      throw RuntimeError(std::string(context) + key + "[" +
                         std::to_string(index) + "]: " + error.what());
    }
    ++index;
  }
}

} // namespace glia::runtime

#endif // GLIA_RUNTIME_JSONFIELDS_H
