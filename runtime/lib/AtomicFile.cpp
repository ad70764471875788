//===- AtomicFile.cpp - files that appear whole or not at all -------------===//

#include "glia/Runtime/AtomicFile.h"
#include "glia/Runtime/Plan.h"
#include "glia/Support/InputFile.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace glia::runtime {

namespace {
std::string systemError() { return std::strerror(errno); }

/// A temporary file removed on destruction unless it was committed.
class TemporaryFile {
public:
  explicit TemporaryFile(const std::string &target)
      : path(target + ".tmp." + std::to_string(::getpid())) {}
  ~TemporaryFile() {
    if (!committed)
      std::remove(path.c_str());
  }
  void commitAs(const std::string &target) {
    if (std::rename(path.c_str(), target.c_str()) != 0)
      throw RuntimeError("cannot rename '" + path + "' to '" + target +
                         "': " + systemError());
    committed = true;
  }
  const std::string path;

private:
  bool committed = false;
};

/// Writes straight to `path`, a device or pipe.
void writeToDevice(const std::string &path,
                   const std::function<void(std::ostream &)> &write) {
  std::ofstream stream(path, std::ios::binary);
  if (!stream)
    throw RuntimeError("cannot open '" + path + "': " + systemError());
  write(stream);
  stream.flush();
  if (!stream)
    throw RuntimeError("cannot write '" + path + "': " + systemError());
}
} // namespace

bool isDeviceOrPipe(const std::string &path) {
  std::error_code error;
  std::filesystem::file_status target = std::filesystem::status(path, error);
  return std::filesystem::is_character_file(target) ||
         std::filesystem::is_block_file(target) ||
         std::filesystem::is_fifo(target) || std::filesystem::is_socket(target);
}

void writeFileAtomically(const std::string &path,
                         const std::function<void(std::ostream &)> &write) {
  if (isDeviceOrPipe(path))
    return writeToDevice(path, write);
  TemporaryFile temporary(path);
  {
    std::ofstream stream(temporary.path, std::ios::binary | std::ios::trunc);
    if (!stream)
      throw RuntimeError("cannot create '" + temporary.path +
                         "': " + systemError());
    write(stream);
    stream.flush();
    if (!stream)
      throw RuntimeError("cannot write '" + path + "': " + systemError());
  }
  temporary.commitAs(path);
}

std::vector<uint8_t> readWholeFile(const std::string &path) {
  if (std::string problem = unreadableInput(path); !problem.empty())
    throw RuntimeError("cannot read '" + path + "': " + problem);
  std::ifstream stream(path, std::ios::binary);
  if (!stream)
    throw RuntimeError("cannot open '" + path + "': " + systemError());
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(stream)),
                             std::istreambuf_iterator<char>());
  if (stream.bad())
    throw RuntimeError("cannot read '" + path + "': " + systemError());
  return bytes;
}

} // namespace glia::runtime
