//===- TableFile.cpp - the routing-table benchmark file format ------------===//

#include "glia/Routing/TableFile.h"
#include "glia/Support/InputFile.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <unistd.h>

namespace glia::routing {
namespace {

constexpr size_t kHeaderBytes = 4;
constexpr size_t kEntryBytes = 16;

/// A little-endian reader over a byte string that knows its offset.
class Reader {
public:
  explicit Reader(std::string_view bytes) : bytes(bytes) {}

  size_t offset() const { return position; }
  size_t remaining() const { return bytes.size() - position; }
  bool atEnd() const { return position == bytes.size(); }

  uint32_t read(int width) {
    uint32_t value = 0;
    for (int i = 0; i < width; ++i)
      value |= uint32_t(uint8_t(bytes[position + i])) << (8 * i);
    position += width;
    return value;
  }

private:
  std::string_view bytes;
  size_t position = 0;
};

void append(std::string &bytes, uint32_t value, int width) {
  for (int i = 0; i < width; ++i)
    bytes.push_back(char((value >> (8 * i)) & 0xff));
}

std::string systemError() { return std::strerror(errno); }

} // namespace

bool parseTables(std::string_view bytes, std::vector<Table> &tables,
                 std::string &error) {
  tables.clear();
  Reader reader(bytes);
  while (!reader.atEnd()) {
    size_t tableOffset = reader.offset();
    if (reader.remaining() < kHeaderBytes) {
      error = fmt::format("truncated table header at byte offset {}: {} of {} "
                          "bytes present",
                          tableOffset, reader.remaining(), kHeaderBytes);
      return false;
    }
    Table table;
    table.x = reader.read(1);
    table.y = reader.read(1);
    size_t count = reader.read(2);
    if (reader.remaining() < count * kEntryBytes) {
      size_t whole = reader.remaining() / kEntryBytes;
      error = fmt::format(
          "truncated table ({}, {}) at byte offset {}: header says {} entries, "
          "but the input ends at byte offset {} after {} whole entries",
          table.x, table.y, tableOffset, count, bytes.size(), whole);
      return false;
    }
    table.entries.resize(count);
    for (Entry &entry : table.entries) {
      entry.key = reader.read(4);
      entry.mask = reader.read(4);
      entry.source = reader.read(4);
      entry.route = reader.read(4);
    }
    tables.push_back(std::move(table));
  }
  return true;
}

bool serializeTables(const std::vector<Table> &tables, std::string &bytes,
                     std::string &error) {
  bytes.clear();
  for (const Table &table : tables) {
    if (table.x > 0xff || table.y > 0xff) {
      error = fmt::format("table ({}, {}): chip coordinates must fit in a byte",
                          table.x, table.y);
      return false;
    }
    if (table.entries.size() > 0xffff) {
      error = fmt::format("table ({}, {}): {} entries, the format holds at "
                          "most 65535",
                          table.x, table.y, table.entries.size());
      return false;
    }
    append(bytes, table.x, 1);
    append(bytes, table.y, 1);
    append(bytes, uint32_t(table.entries.size()), 2);
    for (const Entry &entry : table.entries) {
      append(bytes, entry.key, 4);
      append(bytes, entry.mask, 4);
      append(bytes, entry.source, 4);
      append(bytes, entry.route, 4);
    }
  }
  return true;
}

bool readTableFile(const std::string &path, std::vector<Table> &tables,
                   std::string &error) {
  if (std::string problem = unreadableInput(path); !problem.empty()) {
    error = fmt::format("{}: cannot read: {}", path, problem);
    return false;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = fmt::format("{}: cannot open: {}", path, systemError());
    return false;
  }
  std::string bytes((std::istreambuf_iterator<char>(in)),
                    std::istreambuf_iterator<char>());
  if (in.bad()) {
    error = fmt::format("{}: read failed: {}", path, systemError());
    return false;
  }
  if (!parseTables(bytes, tables, error)) {
    error = path + ": " + error;
    return false;
  }
  return true;
}

bool writeTableFile(const std::string &path, const std::vector<Table> &tables,
                    std::string &error) {
  std::string bytes;
  if (!serializeTables(tables, bytes, error))
    return false;
  // A device or pipe is written into: renaming a file over it would replace
  // it (as root, /dev/null). The runtime's writeFileAtomically does the
  // same; this library sits below the runtime and keeps its own writer.
  namespace fs = std::filesystem;
  std::error_code status;
  fs::file_status target = fs::status(path, status);
  if (fs::is_character_file(target) || fs::is_block_file(target) ||
      fs::is_fifo(target) || fs::is_socket(target)) {
    FILE *device = std::fopen(path.c_str(), "wb");
    bool written = device && std::fwrite(bytes.data(), 1, bytes.size(),
                                         device) == bytes.size();
    if (device && std::fclose(device) != 0)
      written = false;
    if (!written)
      error = fmt::format("{}: cannot write: {}", path, systemError());
    return written;
  }
  // The temporary lives in the same directory so that rename() is atomic.
  std::string temporary = fmt::format("{}.tmp.{}", path, ::getpid());
  FILE *file = std::fopen(temporary.c_str(), "wb");
  if (!file) {
    error = fmt::format("{}: cannot create: {}", temporary, systemError());
    return false;
  }
  bool written =
      std::fwrite(bytes.data(), 1, bytes.size(), file) == bytes.size() &&
      std::fflush(file) == 0 && ::fsync(fileno(file)) == 0;
  std::string writeError = written ? "" : systemError();
  if (std::fclose(file) != 0 && written) {
    written = false;
    writeError = systemError();
  }
  if (!written || std::rename(temporary.c_str(), path.c_str()) != 0) {
    error = fmt::format("{}: cannot write: {}", path,
                        written ? systemError() : writeError);
    std::remove(temporary.c_str());
    return false;
  }
  return true;
}

} // namespace glia::routing
