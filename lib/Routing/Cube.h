//===- Cube.h - ternary (key, mask) sets of routing keys --------*- C++ -*-===//
//
// Private to lib/Routing. A cube is the set of 32-bit keys k with
// (k & mask) == key: bits set in `mask` are fixed, the others are free ("X").
// Bits of `key` outside `mask` are kept zero, so equal sets compare equal.
//
//===----------------------------------------------------------------------===//

#ifndef GLIA_LIB_ROUTING_CUBE_H
#define GLIA_LIB_ROUTING_CUBE_H

#include "glia/Routing/RoutingTable.h"

#include <bitset>
#include <cstdint>

namespace glia::routing {

struct Cube {
  uint32_t key = 0;
  uint32_t mask = 0;

  /// The keys an entry matches. When the entry's key has bits outside its
  /// mask no key matches it: such a cube `isEmpty()`, and the set operations
  /// below must not be used on it.
  static Cube of(const Entry &entry) { return {entry.key, entry.mask}; }
  bool isEmpty() const { return (key & ~mask) != 0; }

  bool intersects(Cube other) const {
    return ((key ^ other.key) & mask & other.mask) == 0;
  }
  /// Whether every key of `other` is in this cube.
  bool contains(Cube other) const {
    return (other.mask & mask) == mask && (other.key & mask) == key;
  }
  /// The common keys; only meaningful when the cubes intersect.
  Cube intersection(Cube other) const {
    return {key | other.key, mask | other.mask};
  }
  /// The smallest cube holding both.
  Cube cover(Cube other) const {
    uint32_t common = mask & other.mask & ~(key ^ other.key);
    return {key & common, common};
  }
  /// The number of free bits: a cube with more of them matches more keys.
  int generality() const { return int(std::bitset<32>(~mask).count()); }

  /// The half of this cube whose bit `bit` (free here) equals `value`.
  Cube withBit(int bit, bool value) const {
    uint32_t b = 1u << bit;
    return {value ? key | b : key, mask | b};
  }

  friend bool operator==(Cube a, Cube b) {
    return a.key == b.key && a.mask == b.mask;
  }
};

/// The lowest bit fixed in `by` but free in `cube`: splitting `cube` on it
/// separates the part outside `by` from the part that may lie inside.
inline int splittingBit(Cube cube, Cube by) {
  uint32_t candidates = by.mask & ~cube.mask;
  return __builtin_ctz(candidates);
}

} // namespace glia::routing

#endif // GLIA_LIB_ROUTING_CUBE_H
