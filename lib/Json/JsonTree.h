//===- JsonTree.h - a JSON tree that remembers where each value is -*- C++ -*-//
//
// nlohmann/json keeps no source positions, but every import error must point
// at the offending value. parseJsonTree drives nlohmann's SAX parser and
// builds this small tree, recording the byte offset at which each value (and
// each object key) starts.
//
// Arrays of numbers are packed: their elements are stored as doubles without
// a node or an offset each, so a million-entry array costs 8 bytes an entry.
// The position of a packed element is recovered on demand (only when it is
// reported) by re-scanning the array's text.
//
//===----------------------------------------------------------------------===//

#ifndef GLIA_LIB_JSON_JSONTREE_H
#define GLIA_LIB_JSON_JSONTREE_H

#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace glia::json {

struct Member;

struct Node {
  enum class Kind : uint8_t { Null, Boolean, Number, String, Array, Object };

  Kind kind = Kind::Null;
  bool boolean = false;
  /// A number written as an integer (no fraction or exponent) that fits in
  /// int64_t; `integer` then holds it exactly.
  bool isInteger = false;
  /// Byte offset of the value's first character in the source text.
  size_t offset = 0;
  int64_t integer = 0;
  double number = 0;
  std::string string;

  /// An array is packed (`elements` empty) while every element is a number;
  /// the first other element moves the numbers into `elements`.
  std::vector<double> numbers;
  /// Index of the first packed number not written as an int64_t integer.
  size_t firstNonInteger = std::numeric_limits<size_t>::max();
  std::vector<Node> elements;

  std::vector<Member> members;

  bool isArray() const { return kind == Kind::Array; }
  bool isObject() const { return kind == Kind::Object; }
  bool isPacked() const { return isArray() && elements.empty(); }
  size_t size() const { return numbers.size() + elements.size(); }
};

struct Member {
  std::string key;
  size_t keyOffset; // offset of the key's opening quote
  Node value;
};

/// The path of a value as messages name it: `projections[2].connector`.
std::string memberPath(llvm::StringRef path, llvm::StringRef key);
std::string elementPath(llvm::StringRef path, size_t index);

/// A syntax error: where nlohmann's lexer stopped, and why.
struct SyntaxError {
  size_t offset;
  std::string message;
};

/// Parses `text` (RFC 8259 JSON, no comments, at most kMaxDepth nested
/// containers). Returns nullopt and fills `error` if it is not valid JSON.
/// Every number in the tree is finite: a literal that overflows a double
/// (1e999) is an error here, reported at the literal with its path.
std::optional<Node> parseJsonTree(llvm::StringRef text, SyntaxError &error);

/// The nesting limit: the format needs 6 levels; the limit keeps hostile
/// input from exhausting the stack when the tree is destroyed.
inline constexpr size_t kMaxDepth = 64;

/// The offset of element `index` of the packed array starting at
/// `arrayOffset` in `text`.
size_t packedElementOffset(llvm::StringRef text, size_t arrayOffset,
                           size_t index);

/// The source text of the scalar starting at `offset` (a number, literal or
/// quoted string), cut to `maxLength` characters.
std::string scalarText(llvm::StringRef text, size_t offset,
                       size_t maxLength = 40);

} // namespace glia::json

#endif // GLIA_LIB_JSON_JSONTREE_H
