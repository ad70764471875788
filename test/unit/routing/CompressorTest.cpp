//===- CompressorTest.cpp - order-exploiting compression ------------------===//

#include "TestTables.h"

#include "glia/Routing/Compressor.h"
#include "glia/Routing/Equivalence.h"

#include <gtest/gtest.h>

using namespace glia::routing;
using namespace glia::routing::test;

namespace {

const CompressOptions kFull{std::nullopt};

/// Compresses fully and checks the result both ways: with the exact checker
/// and, on the small key space, key by key.
std::vector<Entry> compressChecked(const std::vector<Entry> &table,
                                   CompressOptions options = kFull) {
  std::vector<Entry> result = compress(table, options);
  EquivalenceResult check = checkEquivalent(table, result);
  EXPECT_TRUE(check.equivalent()) << check.message;
  EXPECT_TRUE(equivalentByBruteForce(table, result));
  return result;
}

TEST(DefaultRoutable, OppositeLinkOnly) {
  EXPECT_TRUE(isDefaultRoutable(defaultRoutable(0)));
  for (int in = 0; in < kNumLinks; ++in)
    EXPECT_TRUE(isDefaultRoutable(
        entry(0, kExact, linkBit((in + 3) % kNumLinks), linkBit(in))));
  // Also to a core, to a second link, from two links, from a core, or
  // straight back: the router's default route would not do that.
  EXPECT_FALSE(isDefaultRoutable(
      entry(0, kExact, linkBit(West) | coreBit(0), linkBit(East))));
  EXPECT_FALSE(isDefaultRoutable(
      entry(0, kExact, linkBit(West) | linkBit(North), linkBit(East))));
  EXPECT_FALSE(isDefaultRoutable(
      entry(0, kExact, linkBit(West), linkBit(East) | linkBit(South))));
  EXPECT_FALSE(isDefaultRoutable(entry(0, kExact, linkBit(West), coreBit(0))));
  EXPECT_FALSE(
      isDefaultRoutable(entry(0, kExact, linkBit(East), linkBit(East))));
  EXPECT_FALSE(isDefaultRoutable(entry(0, kExact, linkBit(West), 0)));
}

TEST(Compressor, RemovesDefaultRoutableEntries) {
  std::vector<Entry> table = {defaultRoutable(0x10),
                              entry(0x20, kExact, kRouteA)};
  std::vector<Entry> result = compressChecked(table);
  ASSERT_EQ(result.size(), 1u);
  EXPECT_EQ(result[0].key, 0x20u);
}

TEST(Compressor, KeepsDefaultRoutableEntryAnotherRouteWouldCatch) {
  // Without the first entry, key 0x11 would fall through to route B.
  std::vector<Entry> table = {defaultRoutable(0x11),
                              entry(0x10, 0xfffffff0, kRouteB)};
  std::vector<Entry> result = compressChecked(table);
  EXPECT_EQ(result.size(), 2u);
}

TEST(Compressor, MergesSameRouteEntries) {
  std::vector<Entry> table = {
      entry(0x0, kExact, kRouteA), entry(0x1, kExact, kRouteA),
      entry(0x2, kExact, kRouteA), entry(0x3, kExact, kRouteA)};
  std::vector<Entry> result = compressChecked(table);
  ASSERT_EQ(result.size(), 1u);
  EXPECT_EQ(result[0].key, 0x0u);
  EXPECT_EQ(result[0].mask, 0xfffffffcu);
  EXPECT_EQ(result[0].route, kRouteA);
}

TEST(Compressor, MergeGoesBelowTheEntriesItCovers) {
  // Merging 0x0 and 0x3 covers 0x1 too; 0x1 stays above the merged entry and
  // keeps its route (order-exploiting). 0x2 is nobody's key: don't-care.
  std::vector<Entry> table = {entry(0x0, kExact, kRouteA),
                              entry(0x1, kExact, kRouteB),
                              entry(0x3, kExact, kRouteA)};
  std::vector<Entry> result = compressChecked(table);
  ASSERT_EQ(result.size(), 2u);
  EXPECT_EQ(result[0], table[1]);
  EXPECT_EQ(result[1].mask, 0xfffffffcu);
  EXPECT_EQ(result[1].route, kRouteA);
}

TEST(Compressor, RefusesMergeThatCatchesKeysOfAnEntryBelow) {
  // 0x0 and 0x3 go to A, the other keys of 0x0-0xf to B. The merged A entry
  // 0x0-0x3 (two free bits) would sit above the B entry (four free bits) and
  // catch its keys 0x1 and 0x2.
  std::vector<Entry> table = {entry(0x0, kExact, kRouteA),
                              entry(0x3, kExact, kRouteA),
                              entry(0x0, 0xfffffff0, kRouteB)};
  std::vector<Entry> result = compressChecked(table);
  EXPECT_EQ(result.size(), 3u);
}

TEST(Compressor, RefusesMergeThatCatchesDefaultRoutedKeys) {
  // Key 0x1 is left to the default route; a merged 0x0-0x3 entry for A would
  // send it to A instead.
  std::vector<Entry> table = {entry(0x0, kExact, kRouteA), defaultRoutable(0x1),
                              entry(0x3, kExact, kRouteA)};
  std::vector<Entry> result = compressChecked(table);
  EXPECT_EQ(result.size(), 2u);
}

TEST(Compressor, RefusesToMoveAnEntryBelowOneThatCatchesItsKeys) {
  // Merging the A entries 0x4 and 0x0 gives {0x0, 0x4} (one free bit),
  // which goes below the B entry 0x4-0x5 (one free bit too); B would then
  // catch key 0x4.
  std::vector<Entry> table = {entry(0x4, kExact, kRouteA),
                              entry(0x4, 0xfffffffe, kRouteB),
                              entry(0x0, kExact, kRouteA)};
  std::vector<Entry> result = compressChecked(table);
  EXPECT_EQ(result.size(), 3u);
}

TEST(Compressor, KeepsTheMeaningOfOrderDependentInput) {
  // The general entry comes first and shadows the specific one; sorting by
  // generality would change the route of key 0x1.
  std::vector<Entry> table = {
      entry(0x0, 0xfffffff0, kRouteA), entry(0x1, kExact, kRouteB),
      entry(0x20, kExact, kRouteB), entry(0x21, kExact, kRouteB)};
  compressChecked(table);
}

TEST(Compressor, DropsEntriesThatMatchNothing) {
  std::vector<Entry> table = {entry(0x3, 0xfffffffe, kRouteA),
                              entry(0x8, kExact, kRouteB)};
  EXPECT_EQ(compressChecked(table).size(), 1u);
}

TEST(Compressor, StopsOnceTheTargetIsMet) {
  std::vector<Entry> table;
  for (uint32_t key = 0; key < 8; ++key)
    table.push_back(entry(key, kExact, kRouteA));
  EXPECT_EQ(compressChecked(table, CompressOptions{7}).size(), 7u);
  EXPECT_EQ(compressChecked(table, CompressOptions{5}).size(), 5u);
  EXPECT_EQ(compressChecked(table).size(), 1u);
  // A table that already fits is returned as it is.
  EXPECT_EQ(compress(table, CompressOptions{8}), table);
}

TEST(Compressor, LargeRouteGroups) {
  // More entries per route than get paired all with all.
  std::vector<Entry> table;
  for (uint32_t key = 0; key < 600; ++key)
    table.push_back(
        entry(key << 4, 0xfffffff0, key % 8 < 5 ? kRouteA : kRouteB));
  std::vector<Entry> result = compress(table, kFull);
  EquivalenceResult check = checkEquivalent(table, result);
  EXPECT_TRUE(check.equivalent()) << check.message;
  EXPECT_LT(result.size(), table.size() / 10);
}

TEST(Compressor, HugeTable) {
  // Past the size where candidates are ranked by generality alone.
  std::vector<Entry> table;
  for (uint32_t key = 0; key < 5000; ++key)
    table.push_back(
        entry(key << 4, 0xfffffff0, key % 8 < 5 ? kRouteA : kRouteC));
  std::vector<Entry> result = compress(table, kFull);
  EquivalenceResult check = checkEquivalent(table, result);
  EXPECT_TRUE(check.equivalent()) << check.message;
  EXPECT_LT(result.size(), table.size() / 10);
}

TEST(Compressor, EmptyTable) {
  EXPECT_TRUE(compress(std::vector<Entry>{}).empty());
}

TEST(Compressor, RandomTablesStayEquivalent) {
  std::mt19937 random(11);
  size_t before = 0, after = 0;
  for (int round = 0; round < 1500; ++round) {
    std::vector<Entry> table = randomSmallTable(random, 1 + round % 24);
    std::vector<Entry> result = compress(table, kFull);
    ASSERT_TRUE(equivalentByBruteForce(table, result)) << "round " << round;
    ASSERT_TRUE(checkEquivalent(table, result)) << "round " << round;
    before += table.size();
    after += result.size();
  }
  EXPECT_LT(after, before); // it did compress
}

TEST(Compressor, CompressingTwiceKeepsTheMeaning) {
  std::mt19937 random(5);
  for (int round = 0; round < 300; ++round) {
    std::vector<Entry> table = randomSmallTable(random, 20);
    std::vector<Entry> once = compress(table, kFull);
    std::vector<Entry> twice = compress(once, kFull);
    ASSERT_TRUE(equivalentByBruteForce(once, twice)) << "round " << round;
    EXPECT_LE(twice.size(), once.size());
  }
}

} // namespace
