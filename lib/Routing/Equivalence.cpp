//===- Equivalence.cpp - exact check that a compression is correct --------===//
//
// For each original entry e, in order, the keys whose first original match is
// e form e's cube minus the cubes of the entries before it. That region is
// cut into disjoint sub-cubes by splitting on one bit at a time wherever an
// earlier entry partly overlaps it; each piece is then walked down the
// compressed table the same way: a compressed entry that holds the whole piece
// decides its route, one that holds part of it splits the piece again. The
// work is proportional to the overlaps, not to the 2^32 keys.
//
//===----------------------------------------------------------------------===//

#include "glia/Routing/Equivalence.h"

#include "Cube.h"

#include <fmt/format.h>

namespace glia::routing {
namespace {

/// The entries of a table as cubes, in order, with the indices they had;
/// entries that can match no key are left out.
struct CubeList {
  std::vector<uint32_t> keys, masks;
  std::vector<size_t> index;

  explicit CubeList(const std::vector<Entry> &entries) {
    for (size_t i = 0; i < entries.size(); ++i) {
      if (Cube::of(entries[i]).isEmpty())
        continue;
      keys.push_back(entries[i].key);
      masks.push_back(entries[i].mask);
      index.push_back(i);
    }
  }
  size_t size() const { return keys.size(); }
  Cube operator[](size_t i) const { return {keys[i], masks[i]}; }

  /// The first position in [from, to) whose cube meets `cube`, or `to`.
  /// Scans in blocks without early exit inside one, so that it vectorises:
  /// this loop is where the checker spends its time.
  size_t firstIntersecting(Cube cube, size_t from, size_t to) const {
    constexpr size_t kBlock = 16;
    size_t i = from;
    for (; i + kBlock <= to; i += kBlock) {
      unsigned hits = 0;
      for (size_t j = 0; j < kBlock; ++j)
        hits |=
            unsigned(((keys[i + j] ^ cube.key) & masks[i + j] & cube.mask) == 0)
            << j;
      if (hits)
        return i + __builtin_ctz(hits);
    }
    for (; i < to; ++i)
      if (((keys[i] ^ cube.key) & masks[i] & cube.mask) == 0)
        return i;
    return to;
  }
};

std::string describe(const Entry &entry, size_t index) {
  return fmt::format("entry {} (key 0x{:08x}, mask 0x{:08x}, route 0x{:x})",
                     index, entry.key, entry.mask, entry.route);
}

class Checker {
public:
  Checker(const std::vector<Entry> &original,
          const std::vector<Entry> &compressed)
      : originalEntries(original), compressedEntries(compressed),
        originals(original), compresseds(compressed) {}

  EquivalenceResult run() {
    // Keys whose first original match lies in the entries both tables
    // start with have that same entry as their first compressed match, so
    // they need no walk: a table the compressor could not shrink (random
    // overlapping cubes) checked in minutes, splitting pieces to no end.
    size_t shared = 0;
    while (shared < originalEntries.size() &&
           shared < compressedEntries.size() &&
           originalEntries[shared] == compressedEntries[shared])
      ++shared;
    for (size_t i = 0; i < originals.size() && result.equivalent(); ++i)
      if (originals.index[i] >= shared)
        checkRegion(originals[i], i, 0);
    return result;
  }

private:
  /// Checks the part of `piece` (inside original position `owner`) that no
  /// original entry at positions [from, owner) matches.
  void checkRegion(Cube piece, size_t owner, size_t from) {
    size_t earlier = originals.firstIntersecting(piece, from, owner);
    if (earlier == owner)
      return checkPiece(piece, owner, 0);
    Cube shadow = originals[earlier];
    if (shadow.contains(piece))
      return; // routed by the earlier entry, checked with it
    int bit = splittingBit(piece, shadow);
    bool inside = (shadow.key >> bit) & 1;
    checkRegion(piece.withBit(bit, !inside), owner, earlier + 1);
    if (result.equivalent())
      checkRegion(piece.withBit(bit, inside), owner, earlier);
  }

  /// Checks that every key of `piece`, whose first original match is at
  /// position `owner`, is routed alike by compressed positions from `from`.
  void checkPiece(Cube piece, size_t owner, size_t from) {
    size_t match =
        compresseds.firstIntersecting(piece, from, compresseds.size());
    if (match == compresseds.size())
      return checkUnmatched(piece, owner);
    Cube hit = compresseds[match];
    if (!hit.contains(piece)) {
      int bit = splittingBit(piece, hit);
      bool inside = (hit.key >> bit) & 1;
      checkPiece(piece.withBit(bit, !inside), owner, match + 1);
      if (result.equivalent())
        checkPiece(piece.withBit(bit, inside), owner, match);
      return;
    }
    const Entry &want = originalEntries[originals.index[owner]];
    const Entry &got = compressedEntries[compresseds.index[match]];
    if (got.route != want.route)
      fail(piece.key,
           fmt::format("key 0x{:08x}: the original routes it by {}, the "
                       "compressed table by {}",
                       piece.key, describe(want, originals.index[owner]),
                       describe(got, compresseds.index[match])));
  }

  void checkUnmatched(Cube piece, size_t owner) {
    const Entry &want = originalEntries[originals.index[owner]];
    if (!isDefaultRoutable(want))
      fail(piece.key,
           fmt::format("key 0x{:08x}: the original routes it by "
                       "{}, the compressed table matches nothing",
                       piece.key, describe(want, originals.index[owner])));
  }

  void fail(uint32_t key, std::string message) {
    result.counterexample = key;
    result.message = std::move(message);
  }

  const std::vector<Entry> &originalEntries, &compressedEntries;
  CubeList originals, compresseds;
  EquivalenceResult result;
};

} // namespace

EquivalenceResult checkEquivalent(const std::vector<Entry> &original,
                                  const std::vector<Entry> &compressed) {
  return Checker(original, compressed).run();
}

} // namespace glia::routing
