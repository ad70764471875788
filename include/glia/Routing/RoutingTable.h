//===- RoutingTable.h - SpiNNaker multicast routing tables ------*- C++ -*-===//
//
// Plain C++ (no MLIR): the mapping passes build these tables, the compressor
// and the checker work on them, the CLI reads and writes them in the
// benchmark file format of ../shared/design/SPINNAKER.md, and the board
// emulator forwards packets by them.
//
//===----------------------------------------------------------------------===//

#ifndef GLIA_ROUTING_ROUTINGTABLE_H
#define GLIA_ROUTING_ROUTINGTABLE_H

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace glia::routing {

/// The six links of a chip, in route-word bit order. The opposite of link l
/// is (l + 3) mod 6.
enum Link : uint8_t {
  East = 0,
  NorthEast = 1,
  North = 2,
  West = 3,
  SouthWest = 4,
  South = 5
};
constexpr int kNumLinks = 6;
constexpr uint32_t kLinkMask = 0x3f;

/// Route word: bits 0-5 are links, bit 6 + p is core p.
inline constexpr uint32_t linkBit(int link) { return 1u << link; }
inline constexpr uint32_t coreBit(int core) { return 1u << (6 + core); }

/// One TCAM entry: a packet whose key k satisfies (k & mask) == key is sent
/// along `route`. `source` holds the links packets of this entry arrive on
/// (bits 0-5, as in the route word); entries that arrive on exactly one link
/// and leave only on the opposite one are default-routable.
struct Entry {
  uint32_t key = 0;
  uint32_t mask = 0;
  uint32_t source = 0;
  uint32_t route = 0;

  bool matches(uint32_t packetKey) const { return (packetKey & mask) == key; }
  friend bool operator==(const Entry &a, const Entry &b) {
    return a.key == b.key && a.mask == b.mask && a.source == b.source &&
           a.route == b.route;
  }
};

/// Whether the router's default route already does what this entry does: its
/// packets arrive on exactly one link l and leave only on link (l + 3) mod 6.
/// Such an entry may be left out of the table.
inline bool isDefaultRoutable(const Entry &entry) {
  uint32_t links = entry.source & kLinkMask;
  if (links == 0 || (links & (links - 1)) != 0 || entry.source != links)
    return false;
  int in = 0;
  while (!(links & linkBit(in)))
    ++in;
  return entry.route == linkBit((in + 3) % kNumLinks);
}

/// The table of chip (x, y); the first matching entry wins.
struct Table {
  uint32_t x = 0;
  uint32_t y = 0;
  std::vector<Entry> entries;
};

/// The router capacity of a SpiNNaker1 chip: 1024 entries, one reserved.
constexpr size_t kRouterCapacity = 1023;

} // namespace glia::routing

#endif // GLIA_ROUTING_ROUTINGTABLE_H
