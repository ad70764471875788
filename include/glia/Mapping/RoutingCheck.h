//===- RoutingCheck.h - do packets reach exactly their targets? -*- C++ -*-===//
//
// Simulates every source's keys through the routing tables as the router
// does (first match; no match: straight on to the opposite link, or dropped
// at the source chip) and compares the cores reached with the cores that
// must be reached. Exact: a slice's key block is followed as one packet
// while every entry met treats all its keys alike, key by key otherwise.
//
//===----------------------------------------------------------------------===//

#ifndef GLIA_MAPPING_ROUTINGCHECK_H
#define GLIA_MAPPING_ROUTINGCHECK_H

#include "glia/Machine/Machine.h"
#include "glia/Routing/RoutingTable.h"

#include <cstdint>
#include <string>
#include <vector>

namespace glia::mapping {

struct CheckSource {
  std::string name;
  uint32_t key = 0;
  uint32_t mask = 0;
  int64_t atoms = 0; // keys key .. key + atoms - 1 are sent
  int chip = 0;
  /// (chip, core bits) that must receive every key, one entry per chip.
  /// A source without targets sends nothing and is not checked.
  std::vector<std::pair<int, uint32_t>> targets;
};

/// Checks every source; returns the problems found (empty: all correct),
/// at most `maxErrors` of them. `tables` is indexed by chip id.
std::vector<std::string>
checkRouting(const machine::Machine &machine,
             const std::vector<std::vector<routing::Entry>> &tables,
             const std::vector<CheckSource> &sources, size_t maxErrors = 10);

} // namespace glia::mapping

#endif // GLIA_MAPPING_ROUTINGCHECK_H
