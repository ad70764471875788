//===- JsonTree.cpp - a JSON tree that remembers where each value is ------===//

#include "JsonTree.h"

#include "llvm/ADT/Twine.h"

#include <nlohmann/json.hpp>

#include <cctype>
#include <iterator>

using llvm::StringRef;

namespace glia::json {
namespace {

/// Characters of a number or of `true`, `false`, `null`.
bool isScalarChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' ||
         c == '.';
}

bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

size_t skipSpace(StringRef text, size_t pos) {
  while (pos < text.size() && isSpace(text[pos]))
    ++pos;
  return pos;
}

/// Given the offset of a packed (numbers only) array element, the offset of
/// the next one: skip the number, the spaces, the comma and the spaces.
size_t nextPackedElement(StringRef text, size_t pos) {
  while (pos < text.size() && isScalarChar(text[pos]))
    ++pos;
  return skipSpace(text, skipSpace(text, pos) + 1);
}

/// An input iterator over the source text that publishes, through
/// `readEnd`, how far nlohmann's lexer has read. The parser reports each
/// token to the SAX handler right after lexing it, so at that moment the
/// read position tells where the token ends.
class TrackingIterator {
public:
  using iterator_category = std::input_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char *;
  using reference = const char &;

  TrackingIterator(const char *position, const char **readEnd)
      : position(position), readEnd(readEnd) {}

  reference operator*() const { return *position; }
  TrackingIterator &operator++() {
    *readEnd = ++position;
    return *this;
  }
  TrackingIterator operator++(int) {
    TrackingIterator old = *this;
    ++*this;
    return old;
  }
  bool operator==(const TrackingIterator &other) const {
    return position == other.position;
  }
  bool operator!=(const TrackingIterator &other) const {
    return position != other.position;
  }

private:
  const char *position;
  const char **readEnd;
};

/// nlohmann SAX handler that builds a Node tree with offsets.
class TreeBuilder {
public:
  TreeBuilder(StringRef text, const char *const &readEnd, SyntaxError &error)
      : text(text), readEnd(readEnd), error(error) {}

  Node takeRoot() { return std::move(root); }

  bool null() {
    add(Node::Kind::Null, scalarStart());
    return true;
  }
  bool boolean(bool value) {
    add(Node::Kind::Boolean, scalarStart()).boolean = value;
    return true;
  }
  bool number_integer(int64_t value) {
    addNumber(double(value), true, value);
    return true;
  }
  bool number_unsigned(uint64_t value) {
    bool fits = value <= uint64_t(std::numeric_limits<int64_t>::max());
    addNumber(double(value), fits, fits ? int64_t(value) : 0);
    return true;
  }
  bool number_float(double value, const std::string &) {
    addNumber(value, false, 0);
    return true;
  }
  bool string(std::string &value) {
    add(Node::Kind::String, stringStart()).string = std::move(value);
    return true;
  }
  bool binary(nlohmann::json::binary_t &) { return false; } // not in JSON

  bool start_object(size_t) { return open(Node::Kind::Object); }
  bool key(std::string &key) {
    stack.back()->members.push_back({std::move(key), stringStart(), Node()});
    return true;
  }
  bool end_object() {
    stack.pop_back();
    return true;
  }
  bool start_array(size_t) { return open(Node::Kind::Array); }
  bool end_array() {
    stack.pop_back();
    return true;
  }

  bool parse_error(size_t position, const std::string &,
                   const nlohmann::detail::exception &exception) {
    if (exception.id == kNumberOverflow) {
      error.offset = scalarStart();
      std::string path = currentPath();
      error.message = (path.empty() ? "" : path + ": ") +
                      "must be finite, got " + scalarText(text, error.offset);
      return false;
    }
    // `position` counts the characters read, the offending one included.
    error.offset = std::min(position ? position - 1 : 0, text.size());
    error.message = cleanMessage(exception.what());
    return false;
  }

private:
  /// nlohmann's error id for a number literal that overflows a double.
  static constexpr int kNumberOverflow = 406;

  size_t readOffset() const { return readEnd - text.data(); }

  /// The path of the value being parsed: the open containers' current
  /// members and elements.
  std::string currentPath() const {
    std::string path;
    for (size_t depth = 0; depth < stack.size(); ++depth) {
      const Node &container = *stack[depth];
      bool innermost = depth + 1 == stack.size();
      if (container.isObject())
        path = memberPath(path, container.members.back().key);
      else
        path = elementPath(path, container.size() - (innermost ? 0 : 1));
    }
    return path;
  }

  /// Where the number or literal just lexed starts. The lexer reads one
  /// character past a number to find its end; skip that, then the token.
  size_t scalarStart() const {
    size_t pos = readOffset();
    while (pos > 0 && !isScalarChar(text[pos - 1]))
      --pos;
    while (pos > 0 && isScalarChar(text[pos - 1]))
      --pos;
    return pos;
  }

  /// Where the string just lexed starts: its closing quote is the last
  /// character read; the opening one is the previous quote not escaped by
  /// an odd number of backslashes.
  size_t stringStart() const {
    size_t pos = readOffset() - 1;
    while (pos > 0) {
      --pos;
      if (text[pos] != '"')
        continue;
      size_t backslashes = 0;
      while (backslashes < pos && text[pos - backslashes - 1] == '\\')
        ++backslashes;
      if (backslashes % 2 == 0)
        return pos;
    }
    return 0;
  }

  /// The slot for the next value: the root, the value of the member whose
  /// key came last, or a new array element.
  Node &add(Node::Kind kind, size_t offset) {
    Node *slot = &root;
    if (!stack.empty()) {
      Node &parent = *stack.back();
      if (parent.isObject()) {
        slot = &parent.members.back().value;
      } else {
        unpack(parent);
        slot = &parent.elements.emplace_back();
      }
    }
    slot->kind = kind;
    slot->offset = offset;
    return *slot;
  }

  void addNumber(double value, bool isInteger, int64_t integer) {
    if (!stack.empty() && stack.back()->isPacked()) {
      Node &array = *stack.back();
      if (!isInteger && array.firstNonInteger > array.numbers.size())
        array.firstNonInteger = array.numbers.size();
      array.numbers.push_back(value);
      return;
    }
    Node &node = add(Node::Kind::Number, scalarStart());
    node.number = value;
    node.isInteger = isInteger;
    node.integer = integer;
  }

  /// A packed array is getting a non-number (or a number after one): give
  /// its numbers nodes of their own. Only mixed arrays pay for this, and the
  /// format has none, so it happens on the way to an error.
  void unpack(Node &array) {
    if (array.numbers.empty())
      return;
    size_t pos = packedElementOffset(text, array.offset, 0);
    for (size_t i = 0; i < array.numbers.size(); ++i) {
      Node &node = array.elements.emplace_back();
      node.kind = Node::Kind::Number;
      node.offset = pos;
      node.number = array.numbers[i];
      node.isInteger = i < array.firstNonInteger;
      node.integer = node.isInteger ? int64_t(node.number) : 0;
      pos = nextPackedElement(text, pos);
    }
    array.numbers.clear();
    array.firstNonInteger = std::numeric_limits<size_t>::max();
  }

  bool open(Node::Kind kind) {
    size_t offset = readOffset() - 1; // `{` and `[` are one character
    if (stack.size() >= kMaxDepth) {
      error = {offset, "invalid JSON: nested deeper than " +
                           std::to_string(kMaxDepth) + " levels"};
      return false;
    }
    stack.push_back(&add(kind, offset));
    return true;
  }

  /// nlohmann's "[json.exception.parse_error.101] parse error at line 1,
  /// column 5: syntax error ..." without the parts our location repeats.
  static std::string cleanMessage(StringRef what) {
    size_t column = what.find("column ");
    size_t colon = what.find(": ", column);
    if (column != StringRef::npos && colon != StringRef::npos)
      what = what.drop_front(colon + 2);
    return "invalid JSON: " + what.str();
  }

  StringRef text;
  const char *const &readEnd;
  SyntaxError &error;
  Node root;
  /// Open containers, innermost last. A container's parent never grows
  /// while the container is open, so the pointers stay valid.
  std::vector<Node *> stack;
};

} // namespace

std::optional<Node> parseJsonTree(StringRef text, SyntaxError &error) {
  const char *readEnd = text.data();
  TreeBuilder builder(text, readEnd, error);
  try {
    if (!nlohmann::json::sax_parse(
            TrackingIterator(text.data(), &readEnd),
            TrackingIterator(text.data() + text.size(), &readEnd), &builder))
      return std::nullopt;
  } catch (const std::exception &exception) {
    // With a SAX handler nlohmann reports syntax errors through it; what
    // remains is running out of memory.
    error = {0, std::string("cannot parse JSON: ") + exception.what()};
    return std::nullopt;
  }
  return builder.takeRoot();
}

std::string memberPath(StringRef path, StringRef key) {
  return path.empty() ? key.str() : (path + "." + key).str();
}

std::string elementPath(StringRef path, size_t index) {
  return (path + "[" + llvm::Twine(index) + "]").str();
}

size_t packedElementOffset(StringRef text, size_t arrayOffset, size_t index) {
  size_t pos = skipSpace(text, arrayOffset + 1);
  for (size_t i = 0; i < index; ++i)
    pos = nextPackedElement(text, pos);
  return pos;
}

std::string scalarText(StringRef text, size_t offset, size_t maxLength) {
  size_t end = offset;
  if (end < text.size() && text[end] == '"') {
    for (++end; end < text.size() && text[end] != '"'; ++end)
      if (text[end] == '\\')
        ++end;
    ++end; // the closing quote
  } else {
    while (end < text.size() && isScalarChar(text[end]))
      ++end;
  }
  StringRef token = text.slice(offset, std::min(end, text.size()));
  if (token.size() <= maxLength)
    return token.str();
  return token.take_front(maxLength).str() + "...";
}

} // namespace glia::json
