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

TEST_F(FixedPoint, LongAccumRoundsMultipliesAndSaturates) {
  EXPECT_EQ(LongAccum::fromDouble(1.0).raw(), int64_t(1) << 31);
  EXPECT_EQ(LongAccum::fromDouble(0.0002).raw(), 429497); // 0.0002·2^31
  // 1.5 raw rounds away from zero, as Accum's products do.
  EXPECT_EQ((LongAccum::fromRaw(3) * LongAccum::fromDouble(0.5)).raw(), 2);
  EXPECT_EQ((LongAccum::fromRaw(-3) * LongAccum::fromDouble(0.5)).raw(), -2);
  EXPECT_DOUBLE_EQ(
      (LongAccum::fromDouble(-65.0) * LongAccum::fromDouble(0.25)).toDouble(),
      -16.25);
  EXPECT_EQ(saturationCounter(), 0u);
  LongAccum big = LongAccum::fromDouble(3e9);
  EXPECT_EQ((big + big).raw(), INT64_MAX);
  EXPECT_EQ((-big * big).raw(), INT64_MIN);
  EXPECT_EQ(LongAccum::fromDouble(1e10).raw(), INT64_MAX);
  EXPECT_EQ((-LongAccum::fromRaw(INT64_MIN)).raw(), INT64_MAX);
  EXPECT_EQ(saturationCounter(), 4u);
}

TEST_F(FixedPoint, WideStateSplitsIntoTwoAccumWordsExactly) {
  using N = NumberTraits<Accum>;
  for (double value : {0.073, -0.073, 1.0 / 3, 65535.99, -65536.0, 0.0}) {
    LongAccum wide = LongAccum::fromDouble(value);
    Accum low;
    Accum high = N::split(wide, low);
    EXPECT_EQ(high, N::narrow(wide)) << value; // the nearest s16.15
    EXPECT_LE(std::abs(low.raw()), 1 << 15) << value;
    EXPECT_EQ(N::join(high, low), wide) << value;
  }
  EXPECT_EQ(N::widen(Accum::fromDouble(-2.5)), LongAccum::fromDouble(-2.5));
  EXPECT_EQ(saturationCounter(), 0u);
  // Beyond s16.15's range the high word saturates (counted), the low is 0.
  Accum low = Accum::fromRaw(7);
  EXPECT_EQ(N::split(LongAccum::fromDouble(70000.0), low).raw(), INT32_MAX);
  EXPECT_EQ(low.raw(), 0);
  EXPECT_EQ(N::split(LongAccum::fromRaw(INT64_MAX), low).raw(), INT32_MAX);
  EXPECT_EQ(saturationCounter(), 2u);
  // Floating point: the wide type is the type itself, the low word 0.
  float floatLow = 1;
  EXPECT_EQ(NumberTraits<float>::split(0.1f, floatLow), 0.1f);
  EXPECT_EQ(floatLow, 0.0f);
  EXPECT_EQ(NumberTraits<float>::join(0.1f, 0.0f), 0.1f);
}

} // namespace
