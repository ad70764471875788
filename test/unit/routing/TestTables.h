//===- TestTables.h - small tables for the routing unit tests ---*- C++ -*-===//

#ifndef GLIA_TEST_UNIT_ROUTING_TESTTABLES_H
#define GLIA_TEST_UNIT_ROUTING_TESTTABLES_H

#include "glia/Routing/RoutingTable.h"

#include <optional>
#include <random>
#include <vector>

namespace glia::routing::test {

constexpr uint32_t kExact = 0xffffffff;
/// Routes that are never default routes (they deliver to a core).
constexpr uint32_t kRouteA = coreBit(1);
constexpr uint32_t kRouteB = coreBit(2);
constexpr uint32_t kRouteC = coreBit(3) | linkBit(North);

inline Entry entry(uint32_t key, uint32_t mask, uint32_t route,
                   uint32_t source = 0) {
  return Entry{key, mask, source, route};
}

/// An entry the default route handles: in from the west, out to the east.
inline Entry defaultRoutable(uint32_t key, uint32_t mask = kExact) {
  return entry(key, mask, linkBit(East), linkBit(West));
}

/// Random tables over a 6-bit key space (the upper 26 bits are always fixed
/// to zero), small enough to check every key by brute force.
constexpr int kSmallKeyBits = 6;

inline std::vector<Entry> randomSmallTable(std::mt19937 &random, int size) {
  std::uniform_int_distribution<uint32_t> bits(0, (1u << kSmallKeyBits) - 1);
  std::uniform_int_distribution<int> pick(0, 4);
  const uint32_t routes[] = {kRouteA, kRouteB, kRouteC, linkBit(West),
                             linkBit(East)};
  std::vector<Entry> table;
  for (int i = 0; i < size; ++i) {
    // Mostly specific entries, some general ones, as real tables have.
    uint32_t free = bits(random) & bits(random) & bits(random);
    uint32_t mask = ~free;
    uint32_t source = pick(random) < 2 ? linkBit(East) : linkBit(North);
    table.push_back(
        entry(bits(random) & mask, mask, routes[pick(random)], source));
  }
  return table;
}

/// What a table does with `key`: the route of the first match, or nothing.
inline std::optional<uint32_t> lookUp(const std::vector<Entry> &table,
                                      uint32_t key) {
  for (const Entry &e : table)
    if (e.matches(key))
      return e.route;
  return std::nullopt;
}

/// The definition of equivalence for one key: a key the original routes gets
/// the same route from the compressed table, or no match where the original
/// entry is default-routable.
inline bool routedAlike(const std::vector<Entry> &original,
                        const std::vector<Entry> &compressed, uint32_t key) {
  for (const Entry &owner : original) {
    if (!owner.matches(key))
      continue;
    std::optional<uint32_t> got = lookUp(compressed, key);
    return got == owner.route || (!got && isDefaultRoutable(owner));
  }
  return true; // don't-care
}

/// Equivalence key by key over the small key space.
inline bool equivalentByBruteForce(const std::vector<Entry> &original,
                                   const std::vector<Entry> &compressed) {
  for (uint32_t key = 0; key < (1u << kSmallKeyBits); ++key)
    if (!routedAlike(original, compressed, key))
      return false;
  return true;
}

} // namespace glia::routing::test

#endif // GLIA_TEST_UNIT_ROUTING_TESTTABLES_H
