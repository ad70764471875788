//===- Equivalence.h - exact check of a compression -------------*- C++ -*-===//
//
// A compressed table is equivalent to its original when every key that the
// original routes gets the same route from the compressed table's first
// match; where the original's first match is a default-routable entry, the
// compressed table may instead match nothing (the router then routes the
// packet by default, to the same place). Keys the original matches nowhere
// are don't-care. The check is exact: it reasons over ternary cubes, never
// samples keys.
//
//===----------------------------------------------------------------------===//

#ifndef GLIA_ROUTING_EQUIVALENCE_H
#define GLIA_ROUTING_EQUIVALENCE_H

#include "glia/Routing/RoutingTable.h"

#include <optional>
#include <string>
#include <vector>

namespace glia::routing {

struct EquivalenceResult {
  /// A key routed differently, when there is one.
  std::optional<uint32_t> counterexample;
  /// What goes wrong for that key (empty when equivalent).
  std::string message;

  bool equivalent() const { return !counterexample.has_value(); }
  explicit operator bool() const { return equivalent(); }
};

EquivalenceResult checkEquivalent(const std::vector<Entry> &original,
                                  const std::vector<Entry> &compressed);

} // namespace glia::routing

#endif // GLIA_ROUTING_EQUIVALENCE_H
