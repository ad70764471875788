//===- FixedPointTest.cpp - s16.15 arithmetic, weights, saturation --------===//

#include "glia/Runtime/FixedPoint.h"
#include "glia/Runtime/Weights.h"

#include <gtest/gtest.h>

using namespace glia::runtime;

namespace {

class FixedPoint : public ::testing::Test {
protected:
  void SetUp() override { saturationCounter() = 0; }
};

TEST_F(FixedPoint, RoundsToTheNearestStep) {
  EXPECT_EQ(Accum::fromDouble(1.0).raw(), 1 << 15);
  EXPECT_EQ(Accum::fromDouble(-65.0).raw(), -65 * (1 << 15));
  EXPECT_EQ(Accum::fromDouble(1.0 / 65536).raw(), 1); // half a step rounds up
  EXPECT_DOUBLE_EQ(Accum::fromDouble(0.1).toDouble(), 3277.0 / 32768.0);
  EXPECT_EQ(saturationCounter(), 0u);
}

TEST_F(FixedPoint, MultipliesWithRounding) {
  Accum a = Accum::fromDouble(-65.0), b = Accum::fromDouble(0.5);
  EXPECT_DOUBLE_EQ((a * b).toDouble(), -32.5);
  EXPECT_DOUBLE_EQ((Accum::fromRaw(3) * Accum::fromDouble(0.5)).toDouble(),
                   2.0 / 32768); // 1.5 raw rounds away from zero
  UFract32 decay = UFract32::fromDouble(std::exp(-0.1 / 20));
  EXPECT_NEAR((a * decay).toDouble(), -65 * std::exp(-0.1 / 20), 1.0 / 32768);
  EXPECT_EQ(saturationCounter(), 0u);
}

TEST_F(FixedPoint, SaturatesAndCountsInsteadOfWrapping) {
  Accum big = Accum::fromDouble(60000.0);
  Accum sum = big + big;
  EXPECT_EQ(sum.raw(), INT32_MAX);
  EXPECT_EQ(saturationCounter(), 1u);
  Accum product = Accum::fromDouble(-300.0) * Accum::fromDouble(300.0);
  EXPECT_EQ(product.raw(), INT32_MIN);
  EXPECT_EQ(saturationCounter(), 2u);
  EXPECT_EQ(Accum::fromDouble(1e6).raw(), INT32_MAX);
  EXPECT_EQ(saturationCounter(), 3u);
  EXPECT_EQ((-Accum::fromRaw(INT32_MIN)).raw(), INT32_MAX);
  EXPECT_EQ(saturationCounter(), 4u);
}

TEST_F(FixedPoint, WeightShiftFitsTheLargestWeight) {
  // 0.0162 nA fits 21 fractional bits: 0.0162 * 2^21 = 33974 <= 65535.
  EXPECT_EQ(weightFractionalBits(0.0162), 21);
  EXPECT_EQ(weightFractionalBits(6.0), 13);
  EXPECT_EQ(weightFractionalBits(65535.0), 0);
  WeightCodec<Accum> codec;
  codec.fractionalBits = weightFractionalBits(0.0162);
  uint16_t weight = codec.encode(0.0162);
  EXPECT_EQ(weight, 33974);
  // Summed in weight units, shifted to accum only when the neuron reads.
  int32_t buffer = 0;
  for (int i = 0; i < 100; ++i)
    WeightCodec<Accum>::add(buffer, weight);
  EXPECT_NEAR(codec.toInput(buffer).toDouble(), 1.62, 1.0 / 32768);
  EXPECT_EQ(saturationCounter(), 0u);
  codec.encode(70000.0 / (1 << 21));
  EXPECT_EQ(saturationCounter(), 1u);
}

} // namespace
