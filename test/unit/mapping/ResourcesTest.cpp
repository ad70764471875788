//===- ResourcesTest.cpp - per-core resource estimates --------------------===//

#include "glia/Mapping/Resources.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace glia::mapping;

namespace {

const NeuronModel kLif{18, 50, false};
const CoreBudget kBudget{64 * 1024, 7'000'000, 200'000};

TEST(Resources, EstimatesGrowWithTheSlice) {
  std::vector<IncomingProjection> in = {{1000, 1000, 50'000, false, false, 10}};
  SliceEstimate small = estimateSlice(10, kLif, in, 1.0);
  SliceEstimate large = estimateSlice(200, kLif, in, 1.0);
  EXPECT_LT(small.dtcm, large.dtcm);
  EXPECT_LT(small.sdram, large.sdram);
  EXPECT_LT(small.cpu, large.cpu);
}

TEST(Resources, PlasticRowsAreLarger) {
  IncomingProjection stat{1000, 256, 100'000, false, false, 10};
  IncomingProjection plastic = stat;
  plastic.plastic = true;
  EXPECT_GT(estimateSlice(256, kLif, {plastic}, 1.0).sdram,
            estimateSlice(256, kLif, {stat}, 1.0).sdram);
  EXPECT_GT(estimateSlice(256, kLif, {plastic}, 1.0).dtcm,
            estimateSlice(256, kLif, {stat}, 1.0).dtcm);
}

TEST(Resources, ADeeperStdpHistoryShrinksSlices) {
  // Delays of 1-100 steps onto neurons refractory for 1 step keep 51 spikes
  // per neuron (12 bytes each); one delay keeps one.
  IncomingProjection oneDelay{1000, 1000, 10'000, true, false, 10};
  IncomingProjection spread = oneDelay;
  spread.historySpikes = 51;
  EXPECT_EQ(estimateSlice(100, kLif, {spread}, 1.0).dtcm -
                estimateSlice(100, kLif, {oneDelay}, 1.0).dtcm,
            100 * 50 * 12);
  std::string why;
  int64_t wide = largestFittingSlice(256, kLif, {oneDelay}, 1.0, kBudget, why);
  int64_t narrow = largestFittingSlice(256, kLif, {spread}, 1.0, kBudget, why);
  EXPECT_EQ(wide, 256);
  EXPECT_LT(narrow, 100);
}

TEST(Resources, TheRowLimitShrinksSlices) {
  // p = 1 from 10 neurons: a row on n neurons holds n +- 3 sqrt(n).
  std::vector<IncomingProjection> random = {
      {10, 1000, 10'000, false, false, 1}};
  std::string why;
  int64_t n = largestFittingSlice(256, kLif, random, 1.0, kBudget, why);
  EXPECT_LT(n, 256);
  EXPECT_LE(n + 3 * std::sqrt(double(n)), 256);
  std::vector<IncomingProjection> exact = {{10, 1000, 10'000, false, true, 1}};
  EXPECT_EQ(largestFittingSlice(256, kLif, exact, 1.0, kBudget, why), 256);
}

TEST(Resources, NothingFitsNamesTheResource) {
  std::vector<IncomingProjection> hot = {
      {100'000, 10, 1e6, false, false, 1000}};
  std::string why;
  EXPECT_EQ(largestFittingSlice(256, kLif, hot, 1.0, kBudget, why), 0);
  EXPECT_EQ(why.rfind("CPU: needs ", 0), 0u) << why;
}

TEST(Resources, SplitsEvenly) {
  EXPECT_EQ(splitEvenly(1000, 256),
            (std::vector<int64_t>{0, 250, 500, 750, 1000}));
  EXPECT_EQ(splitEvenly(10, 256), (std::vector<int64_t>{0, 10}));
  EXPECT_EQ(withThousands(1234567), "1,234,567");
  EXPECT_EQ(withThousands(-1000), "-1,000");
  EXPECT_EQ(withThousands(999), "999");
}

} // namespace
