//===- RandomTest.cpp - Philox streams and sampling -----------------------===//

#include "glia/Runtime/Random.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

using namespace glia::runtime;

namespace {

// Known-answer vectors of Random123 (kat_vectors, philox4x32_10).
TEST(Philox, MatchesRandom123KnownAnswers) {
  auto zero = philox4x32({0, 0, 0, 0}, {0, 0});
  EXPECT_EQ(zero, (std::array<uint32_t, 4>{0x6627e8d5, 0xe169c58d, 0xbc57ac4c,
                                           0x9b00dbd8}));
  auto ones = philox4x32({0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff},
                         {0xffffffff, 0xffffffff});
  EXPECT_EQ(ones, (std::array<uint32_t, 4>{0x408f276d, 0x41c83b0e, 0xa20bc7c6,
                                           0x6d5451fd}));
  auto pi = philox4x32({0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344},
                       {0xa4093822, 0x299f31d0});
  EXPECT_EQ(pi, (std::array<uint32_t, 4>{0xd16cfe09, 0x94fdcceb, 0x5001e420,
                                         0x24126ea1}));
}

TEST(RandomStream, IsAFunctionOfItsKeyOnly) {
  RandomStream a(5, StreamKind::Weight, 3, 17), b(5, StreamKind::Weight, 3, 17);
  RandomStream otherRow(5, StreamKind::Weight, 3, 18);
  RandomStream otherKind(5, StreamKind::Delay, 3, 17);
  RandomStream otherSeed(6, StreamKind::Weight, 3, 17);
  bool rowDiffers = false, kindDiffers = false, seedDiffers = false;
  for (int i = 0; i < 100; ++i) {
    uint32_t value = a.nextU32();
    EXPECT_EQ(value, b.nextU32());
    rowDiffers |= value != otherRow.nextU32();
    kindDiffers |= value != otherKind.nextU32();
    seedDiffers |= value != otherSeed.nextU32();
  }
  EXPECT_TRUE(rowDiffers && kindDiffers && seedDiffers);
}

TEST(RandomStream, SeekingReproducesTheStream) {
  RandomStream whole(1, StreamKind::Poisson, 0, 4);
  std::vector<uint32_t> values;
  for (int i = 0; i < 12; ++i)
    values.push_back(whole.nextU32());
  RandomStream seeked(1, StreamKind::Poisson, 0, 4);
  seeked.seekBlock(2);
  EXPECT_EQ(seeked.nextU32(), values[8]);
}

TEST(RandomStream, BlocksAtOnceEqualDrawsOneByOne) {
  // 13 blocks: one full batch of eight side by side and a partial one.
  for (uint32_t blocks : {1u, 8u, 13u}) {
    RandomStream batched(9, StreamKind::Connectivity, 2, 77);
    RandomStream single(9, StreamKind::Connectivity, 2, 77);
    std::vector<uint32_t> draws(4 * blocks);
    batched.nextBlocks(draws.data(), blocks);
    for (uint32_t i = 0; i < draws.size(); ++i)
      ASSERT_EQ(draws[i], single.nextU32()) << blocks << " blocks, draw " << i;
    EXPECT_EQ(batched.nextU32(), single.nextU32()) << "continues in step";
  }
}

TEST(LogOfDraw, IsTheLogarithmOfTheUniformWithinTwoUlp) {
  auto exact = [](uint32_t draw) {
    return std::log((double(draw) + 1.0) / 4294967296.0);
  };
  auto withinTwoUlp = [](double got, double want) {
    return std::fabs(got - want) <=
           2 * (std::nextafter(std::fabs(want), INFINITY) - std::fabs(want));
  };
  // The ends, powers of two and the split at sqrt(2).
  for (uint32_t draw : {0u, 1u, 2u, 3u, 1023u, 0x7fffffffu, 0xb504f333u,
                        0xb504f334u, 0xfffffffeu})
    EXPECT_TRUE(withinTwoUlp(logOfDraw(draw), exact(draw))) << draw;
  EXPECT_EQ(logOfDraw(0xffffffffu), 0.0); // u = 1
  RandomStream stream(4, StreamKind::Connectivity, 0, 0);
  for (int i = 0; i < 1000000; ++i) {
    uint32_t draw = stream.nextU32();
    ASSERT_TRUE(withinTwoUlp(logOfDraw(draw), exact(draw))) << draw;
  }
}

TEST(Sampling, DistributionsHaveTheirMoments) {
  RandomStream stream(3, StreamKind::InitialValue, 0, 0);
  const int count = 200000;
  double uniformSum = 0, normalSum = 0, normalSquares = 0;
  double clippedMin = 1e9, clippedMax = -1e9;
  Value uniform = Value::ofUniform(-60, -50), normal = Value::ofNormal(2, 3);
  Value clipped = Value::ofNormalClipped(0, 1, -0.5, 2);
  for (int i = 0; i < count; ++i) {
    uniformSum += sample(uniform, stream, 0);
    double x = sample(normal, stream, 0);
    normalSum += x;
    normalSquares += x * x;
    double c = sample(clipped, stream, 0);
    clippedMin = std::min(clippedMin, c);
    clippedMax = std::max(clippedMax, c);
  }
  EXPECT_NEAR(uniformSum / count, -55, 0.05);
  double mean = normalSum / count;
  EXPECT_NEAR(mean, 2, 0.03);
  EXPECT_NEAR(std::sqrt(normalSquares / count - mean * mean), 3, 0.03);
  EXPECT_GE(clippedMin, -0.5);
  EXPECT_LE(clippedMax, 2);
  EXPECT_EQ(sample(Value::ofArray({4, 5, 6}), stream, 2), 6);
}

TEST(Sampling, ClippedShareIsTheWindowsProbability) {
  EXPECT_NEAR(clippedShare(0, 1, -1, 1), 0.682689492, 1e-9);
  EXPECT_NEAR(clippedShare(5, 2, 5, INFINITY), 0.5, 1e-12);
  // Far tails keep their relative accuracy (erfc, not 1 - erf).
  EXPECT_NEAR(clippedShare(0, 1, 3, INFINITY) / 1.349898e-3, 1, 1e-6);
  EXPECT_NEAR(clippedShare(0, 1, -INFINITY, -10) / 7.619853e-24, 1, 1e-6);
  EXPECT_EQ(clippedShare(0, 1, 1e9, 2e9), 0);
  // No spread: all or nothing.
  EXPECT_EQ(clippedShare(1, 0, 0, 2), 1);
  EXPECT_EQ(clippedShare(3, 0, 0, 2), 0);
  // The window that validatePlan and the verifier refuse.
  EXPECT_GE(clippedShare(0, 1, 3, INFINITY), kMinClippedShare);
  EXPECT_LT(clippedShare(0, 1, 3.2, INFINITY), kMinClippedShare);
}

} // namespace
