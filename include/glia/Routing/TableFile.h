//===- TableFile.h - the routing-table benchmark file format ----*- C++ -*-===//
//
// A file is a sequence of tables, each [u8 x, u8 y, u16 n] followed by n
// entries of [u32 key, u32 mask, u32 source, u32 route], all little endian
// (the format of the Mundy et al. 2016 benchmark tables). Errors are returned,
// never thrown, and name the byte offset where the input went wrong.
//
//===----------------------------------------------------------------------===//

#ifndef GLIA_ROUTING_TABLEFILE_H
#define GLIA_ROUTING_TABLEFILE_H

#include "glia/Routing/RoutingTable.h"

#include <string>
#include <string_view>
#include <vector>

namespace glia::routing {

/// Parses `bytes`. On failure returns false and sets `error` to a message
/// that names the byte offset of the problem; `tables` is then unspecified.
bool parseTables(std::string_view bytes, std::vector<Table> &tables,
                 std::string &error);

/// Encodes `tables`. Fails (false, `error` set) if a coordinate does not fit
/// in a byte or a table has more than 65535 entries.
bool serializeTables(const std::vector<Table> &tables, std::string &bytes,
                     std::string &error);

/// Reads and parses the file at `path`; errors start with the path.
bool readTableFile(const std::string &path, std::vector<Table> &tables,
                   std::string &error);

/// Writes `tables` to `path` atomically: a temporary file beside it is written
/// and flushed, then renamed over `path`, so readers never see half a file.
bool writeTableFile(const std::string &path, const std::vector<Table> &tables,
                    std::string &error);

} // namespace glia::routing

#endif // GLIA_ROUTING_TABLEFILE_H
