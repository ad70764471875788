//===- EquivalenceTest.cpp - the exact equivalence checker ----------------===//

#include "TestTables.h"

#include "glia/Routing/Equivalence.h"

#include <gtest/gtest.h>

using namespace glia::routing;
using namespace glia::routing::test;

namespace {

TEST(Equivalence, IdenticalTablesAreEquivalent) {
  std::vector<Entry> table = {entry(0x10, kExact, kRouteA),
                              entry(0x20, 0xfffffff0, kRouteB)};
  EquivalenceResult result = checkEquivalent(table, table);
  EXPECT_TRUE(result.equivalent()) << result.message;
  EXPECT_TRUE(result.message.empty());
}

TEST(Equivalence, WrongRouteIsCaughtWithItsKey) {
  std::vector<Entry> original = {entry(0x10, kExact, kRouteA),
                                 entry(0x20, 0xfffffff0, kRouteB)};
  std::vector<Entry> wrong = {entry(0x10, kExact, kRouteA),
                              entry(0x20, 0xfffffff0, kRouteA)};
  EquivalenceResult result = checkEquivalent(original, wrong);
  ASSERT_FALSE(result.equivalent());
  EXPECT_EQ(*result.counterexample, 0x20u);
  EXPECT_NE(result.message.find("key 0x00000020"), std::string::npos)
      << result.message;
}

TEST(Equivalence, WrongRouteInOnlyPartOfACubeIsCaught) {
  // The compressed table covers 0x20-0x2f correctly except key 0x2b.
  std::vector<Entry> original = {entry(0x20, 0xfffffff0, kRouteB)};
  std::vector<Entry> wrong = {entry(0x2b, kExact, kRouteA),
                              entry(0x20, 0xfffffff0, kRouteB)};
  EquivalenceResult result = checkEquivalent(original, wrong);
  ASSERT_FALSE(result.equivalent());
  EXPECT_EQ(*result.counterexample, 0x2bu);
}

TEST(Equivalence, MissingEntryIsCaught) {
  std::vector<Entry> original = {entry(0x10, kExact, kRouteA)};
  EquivalenceResult result = checkEquivalent(original, {});
  ASSERT_FALSE(result.equivalent());
  EXPECT_NE(result.message.find("matches nothing"), std::string::npos);
}

TEST(Equivalence, DefaultRoutableEntryMayBeLeftOut) {
  std::vector<Entry> original = {defaultRoutable(0x10),
                                 entry(0x11, kExact, kRouteA)};
  std::vector<Entry> compressed = {entry(0x11, kExact, kRouteA)};
  EXPECT_TRUE(checkEquivalent(original, compressed));
}

TEST(Equivalence, DefaultRoutableKeysMustNotGoElsewhere) {
  std::vector<Entry> original = {defaultRoutable(0x10),
                                 entry(0x11, kExact, kRouteA)};
  std::vector<Entry> compressed = {entry(0x10, 0xfffffffe, kRouteA)};
  EquivalenceResult result = checkEquivalent(original, compressed);
  ASSERT_FALSE(result.equivalent());
  EXPECT_EQ(*result.counterexample, 0x10u);
}

TEST(Equivalence, KeysTheOriginalIgnoresAreDontCare) {
  std::vector<Entry> original = {entry(0x10, kExact, kRouteA),
                                 entry(0x13, kExact, kRouteA)};
  std::vector<Entry> compressed = {entry(0x10, 0xfffffffc, kRouteA)};
  EXPECT_TRUE(checkEquivalent(original, compressed));
}

TEST(Equivalence, FirstMatchWinsInBothTables) {
  // Key 0x12 goes to B: the specific entry comes first.
  std::vector<Entry> original = {entry(0x12, kExact, kRouteB),
                                 entry(0x10, 0xfffffff0, kRouteA)};
  std::vector<Entry> swapped = {original[1], original[0]};
  EquivalenceResult result = checkEquivalent(original, swapped);
  ASSERT_FALSE(result.equivalent());
  EXPECT_EQ(*result.counterexample, 0x12u);
  // The other way round the specific entry is shadowed and never used.
  EXPECT_TRUE(checkEquivalent(swapped, {original[1]}));
}

TEST(Equivalence, EntryThatMatchesNothingIsIgnored) {
  // Key bit 0 set outside the mask: no packet matches this entry.
  std::vector<Entry> original = {entry(0x11, 0xfffffff0, kRouteA)};
  EXPECT_TRUE(checkEquivalent(original, {}));
}

TEST(Equivalence, AgreesWithBruteForceOnRandomTables) {
  std::mt19937 random(7);
  int equivalentPairs = 0;
  for (int round = 0; round < 2000; ++round) {
    std::vector<Entry> original = randomSmallTable(random, 1 + round % 12);
    std::vector<Entry> other =
        round % 2 ? randomSmallTable(random, 6) : original;
    if (round % 4 == 0 && !other.empty())
      other.pop_back();
    bool expected = equivalentByBruteForce(original, other);
    EquivalenceResult result = checkEquivalent(original, other);
    ASSERT_EQ(result.equivalent(), expected) << "round " << round;
    if (!expected) {
      EXPECT_FALSE(routedAlike(original, other, *result.counterexample))
          << "round " << round << ": " << result.message;
    }
    equivalentPairs += expected;
  }
  EXPECT_GT(equivalentPairs, 100); // both outcomes were exercised
}

// The checker skips the keys whose first match lies in the entries both
// tables start with; a change anywhere after them must still be caught.
TEST(Equivalence, AChangeAfterASharedPrefixIsCaught) {
  std::mt19937 random(11);
  int caught = 0;
  for (int round = 0; round < 2000; ++round) {
    std::vector<Entry> original = randomSmallTable(random, 2 + round % 11);
    std::vector<Entry> changed = original;
    size_t at = random() % changed.size();
    changed[at].route ^= round % 2 ? kRouteA : kRouteC;
    bool expected = equivalentByBruteForce(original, changed);
    EquivalenceResult result = checkEquivalent(original, changed);
    ASSERT_EQ(result.equivalent(), expected) << "round " << round;
    caught += !expected;
  }
  EXPECT_GT(caught, 1000);
}

// A table of overlapping cubes that no merge shrinks, checked against
// itself: the shared prefix is the whole table (splitting it piece by
// piece took minutes for 200 such entries).
TEST(Equivalence, AnUnchangedTableOfOverlappingCubesIsEquivalent) {
  std::mt19937 random(5);
  std::vector<Entry> table;
  for (int i = 0; i < 200; ++i) {
    uint32_t mask = 0;
    while (__builtin_popcount(mask) < 5)
      mask |= 1u << (random() % 32);
    table.push_back(
        entry(uint32_t(random()) & mask, mask, i % 2 ? kRouteA : kRouteB));
  }
  table.push_back(entry(0, 0, kRouteC));
  EXPECT_TRUE(checkEquivalent(table, table).equivalent());
  // Only the catch-all differs: the prefix stops there and the keys it
  // owns are still walked, so the change is caught. (The old checker took
  // minutes on this table: the speed itself is no assertion here.)
  std::vector<Entry> changed = table;
  changed.back().route = kRouteA;
  EXPECT_FALSE(checkEquivalent(table, changed).equivalent());
}

} // namespace
