//===- PlacerTest.cpp - slices to cores -----------------------------------===//

#include "glia/Mapping/Placer.h"

#include <gtest/gtest.h>

#include <set>

using namespace glia;
using namespace glia::mapping;

namespace {

machine::Machine grid(int width, int height, const std::string &extra = "") {
  std::string error;
  auto m = machine::parseMachine(R"({"name": "g", "width": )" +
                                     std::to_string(width) + R"(, "height": )" +
                                     std::to_string(height) + extra + "}",
                                 "g.json", error);
  EXPECT_TRUE(m) << error;
  return *m;
}

PlacementProblem chain(int populations, int slicesEach) {
  PlacementProblem p;
  p.numPopulations = populations;
  for (int pop = 0; pop < populations; ++pop)
    for (int s = 0; s < slicesEach; ++s) {
      p.slicePopulation.push_back(pop);
      p.sliceSdram.push_back(1000);
    }
  for (int pop = 0; pop + 1 < populations; ++pop)
    p.edges.push_back({pop, pop + 1, 1.0});
  return p;
}

TEST(Placer, HilbertOrderVisitsEveryLiveChipOnceAndStepsToNeighbours) {
  machine::Machine m = grid(8, 8);
  std::vector<int> order = hilbertChipOrder(m);
  ASSERT_EQ(order.size(), 64u);
  EXPECT_EQ(std::set<int>(order.begin(), order.end()).size(), 64u);
  for (size_t i = 1; i < order.size(); ++i)
    EXPECT_EQ(m.distance(m.coord(order[i - 1]), m.coord(order[i])), 1);
}

TEST(Placer, CommunicationOrderFollowsTheHeaviestLinks) {
  PlacementProblem p;
  p.numPopulations = 4;
  p.edges = {{0, 3, 1.0}, {2, 1, 10.0}, {1, 3, 5.0}};
  // 1 is the most connected; then 2 (10), then 3 (5), then 0.
  EXPECT_EQ(communicationOrder(p), (std::vector<int>{1, 2, 3, 0}));
}

TEST(Placer, FillsChipsAndUsesEveryCoreOnce) {
  machine::Machine m = grid(2, 2);
  PlacementProblem p = chain(4, 17);
  PlacementResult result;
  std::string error;
  ASSERT_TRUE(placeSlices(m, p, result, error)) << error;
  std::set<std::pair<int, int>> used;
  for (const CorePlacement &c : result.slices) {
    EXPECT_GE(c.core, 1);
    EXPECT_LE(c.core, 17);
    EXPECT_TRUE(used.insert({c.chip, c.core}).second);
  }
  // 68 slices fill the 4 chips, and local improvement never makes the
  // placement worse.
  std::set<int> chips;
  for (const CorePlacement &c : result.slices)
    chips.insert(c.chip);
  EXPECT_EQ(chips.size(), 4u);
  EXPECT_LE(result.cost, result.initialCost);
}

TEST(Placer, LocalImprovementPullsPartnersTogether) {
  machine::Machine m = grid(8, 8);
  PlacementProblem p;
  p.numPopulations = 3;
  p.slicePopulation = {0, 1, 2};
  p.sliceSdram = {1, 1, 1};
  p.edges = {{0, 1, 100.0}, {1, 2, 1.0}};
  PlacementResult result;
  result.slices = {
      {m.chipId(0, 0), 1}, {m.chipId(5, 0), 1}, {m.chipId(7, 7), 1}};
  improvePlacement(m, p, result, 10);
  EXPECT_GT(result.moves, 0);
  // The heavy pair ends on one chip.
  EXPECT_EQ(result.slices[0].chip, result.slices[1].chip);
}

TEST(Placer, ChainedPopulationsLandOnNeighbouringChips) {
  machine::Machine m = grid(8, 8);
  PlacementProblem p = chain(20, 17);
  PlacementResult result;
  std::string error;
  ASSERT_TRUE(placeSlices(m, p, result, error)) << error;
  // Each population is next to the next one in the chain: the mean hop
  // distance per edge stays at most 1.
  EXPECT_LE(result.cost, 19.0);
  EXPECT_LE(result.cost, result.initialCost);
}

TEST(Placer, RespectsChipSdramAndDeadCores) {
  machine::Machine m = grid(
      2, 1, R"(, "sdram_bytes_per_chip": 5000, "dead_cores": [[0, 0, 1]])");
  PlacementProblem p = chain(1, 6); // 1000 bytes each: 5 per chip
  PlacementResult result;
  std::string error;
  ASSERT_TRUE(placeSlices(m, p, result, error)) << error;
  EXPECT_EQ(result.slices[0].core, 2); // core 1 is dead
  EXPECT_EQ(result.slices[4].chip, result.slices[0].chip);
  EXPECT_NE(result.slices[5].chip, result.slices[0].chip);
}

TEST(Placer, TooManySlicesIsOneClearError) {
  machine::Machine m = grid(2, 2);
  PlacementProblem p = chain(1, 1020);
  PlacementResult result;
  std::string error;
  EXPECT_FALSE(placeSlices(m, p, result, error));
  EXPECT_EQ(error, "needs 1,020 cores, the machine has 68 usable");
}

} // namespace
