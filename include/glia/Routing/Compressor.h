//===- Compressor.h - order-exploiting table compression --------*- C++ -*-===//
//
// Shrinks a table without changing what it routes (see Equivalence.h): drops
// default-routable entries, then merges entries that share a route into one
// covering (key, mask) entry, placed among entries ordered from specific to
// general so that the more specific entries above it keep their keys. This is
// Ordered Covering (Mundy, Heathcote & Garside 2016) with its two safety
// checks — a merge may not move an entry below another entry that would then
// catch its keys ("up-check"), nor catch keys that entries below it (or the
// default route) must deliver elsewhere ("down-check") — but it takes merges
// least intrusive first (the cover overlapping the fewest entries of other
// routes, then the most specific) rather than largest group first; see
// docs/routing.md for why and for the measured figures.
//
//===----------------------------------------------------------------------===//

#ifndef GLIA_ROUTING_COMPRESSOR_H
#define GLIA_ROUTING_COMPRESSOR_H

#include "glia/Routing/RoutingTable.h"

#include <optional>
#include <vector>

namespace glia::routing {

struct CompressOptions {
  /// Stop as soon as the table has at most this many entries; std::nullopt
  /// keeps merging until no merge is left (full minimisation).
  std::optional<size_t> target = kRouterCapacity;
};

/// Returns a table equivalent to `entries` (first match wins in both). The
/// result may still exceed the target when no further merge is safe.
std::vector<Entry> compress(const std::vector<Entry> &entries,
                            const CompressOptions &options = {});

inline Table compress(const Table &table, const CompressOptions &options = {}) {
  return Table{table.x, table.y, compress(table.entries, options)};
}

} // namespace glia::routing

#endif // GLIA_ROUTING_COMPRESSOR_H
