//===- InputFile.h - what an input path must be -----------------*- C++ -*-===//
//
// Header-only, so that every layer can use it: the runtime, the routing
// and machine libraries and the network loader read their inputs whole.
//
//===----------------------------------------------------------------------===//

#ifndef GLIA_SUPPORT_INPUTFILE_H
#define GLIA_SUPPORT_INPUTFILE_H

#include <filesystem>
#include <string>
#include <system_error>

namespace glia {

/// Why `path` cannot be read whole as an input, or "" if it can. A
/// directory cannot (libstdc++ throws an obscure error reading one), nor a
/// device, whose contents may never end (/dev/zero filled the memory).
/// Regular files and pipes can; a path that does not exist is left to the
/// open, which says why.
inline std::string unreadableInput(const std::string &path) {
  namespace fs = std::filesystem;
  std::error_code error;
  fs::file_status status = fs::status(path, error);
  if (fs::is_directory(status))
    return "it is a directory";
  if (fs::is_character_file(status) || fs::is_block_file(status))
    return "it is a device, not a file";
  return "";
}

} // namespace glia

#endif // GLIA_SUPPORT_INPUTFILE_H
