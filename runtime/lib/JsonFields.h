//===- JsonFields.h - checked integers from untrusted JSON/CBOR -*- C++ -*-===//
//
// nlohmann's get<uint32_t>() wraps a negative number, truncates a fraction
// and casts NaN or a number beyond the type (undefined behaviour). Plans and
// image manifests may be hand-made or damaged, so their integer fields are
// read through unsignedField, which refuses such values and names the
// field, and their other fields through field<T>, which names a field of
// the wrong type; forEachEntry names the entry of a list that holds it.
//
//===----------------------------------------------------------------------===//

#ifndef GLIA_RUNTIME_JSONFIELDS_H
#define GLIA_RUNTIME_JSONFIELDS_H

#include "glia/Runtime/Plan.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>
#include <string>
#include <type_traits>
#include <vector>

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

/// object[key]; throws RuntimeError naming the field when it is missing
/// (nlohmann's own message is "[json.exception.out_of_range.403] key ...").
inline const nlohmann::json &member(const nlohmann::json &object,
                                    const char *key) {
  if (!object.is_object() || !object.contains(key))
    throw RuntimeError(std::string("missing field '") + key + "'");
  return object[key];
}

/// object[key] read by unsignedOf.
template <typename T>
T unsignedField(const nlohmann::json &object, const char *key) {
  return unsignedOf<T>(member(object, key), key);
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

/// object[key] as a string, number, boolean or list of strings; throws
/// RuntimeError naming the field when it is missing or of another type
/// (nlohmann's own message names neither).
template <typename T> T field(const nlohmann::json &object, const char *key) {
  const nlohmann::json &node = member(object, key);
  const char *want = nullptr;
  if constexpr (std::is_same_v<T, std::string>)
    want = node.is_string() ? nullptr : "a string";
  else if constexpr (std::is_same_v<T, bool>)
    want = node.is_boolean() ? nullptr : "true or false";
  else if constexpr (std::is_same_v<T, double>)
    want = node.is_number() ? nullptr : "a number";
  else if constexpr (std::is_same_v<T, std::vector<std::string>>)
    want = node.is_array() && std::all_of(node.begin(), node.end(),
                                          [](const nlohmann::json &entry) {
                                            return entry.is_string();
                                          })
               ? nullptr
               : "a list of strings";
  else
    static_assert(sizeof(T) == 0, "unsignedField reads integers");
  if (want)
    throw RuntimeError(std::string("'") + key + "' must be " + want);
  return node.get<T>();
}

/// Runs body(); a RuntimeError or JSON error from it is rethrown as a
/// RuntimeError with `context` ("manifest: ") in front.
template <typename Body>
void withContext(const std::string &context, Body &&body) {
  try {
    body();
  } catch (const RuntimeError &error) {
    throw RuntimeError(context + error.what());
  } catch (const nlohmann::json::exception &error) {
    throw RuntimeError(context + error.what());
  }
}

/// Runs body(entry) on each entry of the array document[key]; an error in
/// one is rethrown as a RuntimeError that names it: "<context><key>[i]: ".
template <typename Body>
void forEachEntry(const nlohmann::json &document, const char *key, Body &&body,
                  const char *context = "") {
  size_t index = 0;
  for (const nlohmann::json &entry : member(document, key)) {
    withContext(std::string(context) + key + "[" + std::to_string(index) +
                    "]: ",
                [&] { body(entry); });
    ++index;
  }
}

} // namespace glia::runtime

#endif // GLIA_RUNTIME_JSONFIELDS_H
