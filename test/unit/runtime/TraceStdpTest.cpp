//===- TraceStdpTest.cpp - NALSM's trace STDP rule
//--------------------------===//
//
// The trace rule (#snn.trace_stdp, plan rule `Trace`) against values
// computed by hand: trace and rate decays over k steps and the bounds in
// the kernels; one pre/post pairing in both orders in the simulator, in all
// three numerics; the astrocyte setting either rate on a two-neuron network;
// the plan file keeping the rule.
//
//===----------------------------------------------------------------------===//

#include "TestNetworks.h"

#include "glia/Runtime/Astrocytes.h"
#include "glia/Runtime/Kernels.h"
#include "glia/Runtime/PlanFile.h"
#include "glia/Runtime/Simulator.h"

#include <gtest/gtest.h>

#include <cmath>
#include <optional>

using namespace glia::runtime;
using namespace glia::runtime::testing;
using glia::models::AstroKind;
using glia::models::CellKind;

namespace {

/// NALSM's values (MODELS.md §3a), except eta_minus, which differs from
/// eta_plus so that a test can tell the two rates apart.
Stdp nalsmRule(double etaPlus = 0.15, double etaMinus = 0.25,
               double rateDecay = 0.99) {
  Stdp rule;
  rule.rule = StdpRule::Trace;
  rule.tauPlus = rule.tauMinus = 10;
  rule.aPlus = etaPlus;
  rule.aMinus = etaMinus;
  rule.wMin = 0;
  rule.wMax = 3;
  rule.traceIncrement = 0.1;
  rule.rateDecay = rateDecay;
  return rule;
}

//===----------------------------------------------------------------------===//
// Kernels
//===----------------------------------------------------------------------===//

template <typename T> double toDouble(T value) {
  return NumberTraits<T>::toDouble(value);
}

template <typename T> class TraceRuleKernel : public ::testing::Test {};
using NumberTypes = ::testing::Types<double, float, Accum>;
TYPED_TEST_SUITE(TraceRuleKernel, NumberTypes);

/// The tolerance of one value of about 1 in number type T.
template <typename T> double resolution() {
  if constexpr (std::is_same_v<T, double>)
    return 1e-15;
  else if constexpr (std::is_same_v<T, float>)
    return 1e-6;
  else
    return 4.0 / 32768; // a few LSB of s16.15
}

TYPED_TEST(TraceRuleKernel, TracesJumpByTheIncrementAndDecay) {
  using T = TypeParam;
  auto rule = kernels::StdpCoefficients<T>::make(nalsmRule(), 1.0);
  kernels::Trace<T> x;
  kernels::addSpike(x, 10, rule.decayPlus, rule.traceJump);
  // x <- d·(x + 0.1·s) read k steps after the spike: 0.1·e^{-k/10}.
  for (int64_t k : {0, 1, 5, 20})
    EXPECT_NEAR(toDouble(kernels::traceAt(x, 10 + k, rule.decayPlus)),
                0.1 * std::exp(-k / 10.0), resolution<T>())
        << k << " steps";
  // A second spike 5 steps later adds 0.1 to what is left of the first.
  kernels::addSpike(x, 15, rule.decayPlus, rule.traceJump);
  EXPECT_NEAR(toDouble(kernels::traceAt(x, 17, rule.decayPlus)),
              0.1 * std::exp(-0.7) + 0.1 * std::exp(-0.2), resolution<T>());
}

TYPED_TEST(TraceRuleKernel, RatesDecayByTheFactorEveryStep) {
  using T = TypeParam;
  auto rule = kernels::StdpCoefficients<T>::make(nalsmRule(), 1.0);
  ASSERT_TRUE(rule.decays);
  // Rates are in weight units: not scaled by w_max - w_min.
  EXPECT_NEAR(toDouble(rule.aPlus), 0.15, resolution<T>());
  EXPECT_NEAR(toDouble(rule.aMinus), 0.25, resolution<T>());
  kernels::StdpCoefficients<T> rates = rule.rates();
  for (int k = 1; k <= 250; ++k) {
    kernels::decayRates(rates);
    if (k == 1 || k == 10 || k == 250) {
      EXPECT_NEAR(toDouble(rates.aPlus), 0.15 * std::pow(0.99, k),
                  resolution<T>() * 10)
          << k << " steps";
      EXPECT_NEAR(toDouble(rates.aMinus), 0.25 * std::pow(0.99, k),
                  resolution<T>() * 10)
          << k << " steps";
    }
  }
  // At half a millisecond per step the factor per step is 0.99^0.5.
  auto fine = kernels::StdpCoefficients<T>::make(nalsmRule(), 0.5).rates();
  kernels::decayRates(fine);
  kernels::decayRates(fine);
  EXPECT_NEAR(toDouble(fine.aPlus), 0.15 * 0.99, resolution<T>() * 2);
}

TYPED_TEST(TraceRuleKernel, ConstantRatesDoNotDecay) {
  using T = TypeParam;
  auto rule =
      kernels::StdpCoefficients<T>::make(nalsmRule(0.15, 0.25, 1.0), 1.0);
  EXPECT_FALSE(rule.decays);
  kernels::StdpCoefficients<T> rates = rule.rates();
  kernels::decayRates(rates);
  EXPECT_EQ(rates.aPlus, rule.aPlus);
}

TYPED_TEST(TraceRuleKernel, WeightsStayWithinTheirBounds) {
  using T = TypeParam;
  using N = NumberTraits<T>;
  auto rule = kernels::StdpCoefficients<T>::make(nalsmRule(5, 5), 1.0);
  T trace = N::fromDouble(1.0);
  EXPECT_EQ(toDouble(kernels::potentiate(rule, N::fromDouble(2.9), trace)),
            3.0);
  EXPECT_EQ(toDouble(kernels::depress(rule, N::fromDouble(0.1), trace)), 0.0);
  // Inside the window: w ± eta·x exactly (0.5 ± 5·0.04 = 0.7, 0.3).
  T small = N::fromDouble(0.04);
  EXPECT_NEAR(toDouble(kernels::potentiate(rule, N::fromDouble(0.5), small)),
              0.7, resolution<T>() * 4);
  EXPECT_NEAR(toDouble(kernels::depress(rule, N::fromDouble(0.5), small)), 0.3,
              resolution<T>() * 4);
}

//===----------------------------------------------------------------------===//
// The simulator: a pairing in both orders
//===----------------------------------------------------------------------===//

RunResult run(const Plan &plan, double duration,
              Numerics numerics = Numerics::Double, unsigned threads = 1) {
  RunOptions options;
  options.duration = duration;
  options.numerics = numerics;
  options.threads = threads;
  return simulate(plan, options);
}

/// A plastic synapse from `pre` (spikes at `preSpikes`) onto one neuron that
/// a strong kick at step 5 makes fire at step 6, once (long refractory
/// period). dt = 1 ms.
Plan pairingPlan(const std::vector<int64_t> &preSpikes, const Stdp &rule) {
  return stdpPairingPlan(1.0, preSpikes, /*kickStep=*/5, /*tauRefrac=*/40,
                         rule);
}

double finalWeight(const RunResult &result) {
  return result.plasticWeights.at(0).weights.at(0);
}

class TraceRulePairing : public ::testing::TestWithParam<Numerics> {};

TEST_P(TraceRulePairing, BothOrdersChangeTheWeightByTheDecayedRates) {
  // pre at 2 (4 ms before post at 6) and at 20 (14 ms after it).
  Plan plan = pairingPlan({2, 20}, nalsmRule());
  RunResult result = run(plan, 30, GetParam());
  ASSERT_EQ(result.recordings[0].spikes.steps, std::vector<int64_t>{6});
  // Step 6: + eta_plus·0.99^6 · 0.1·e^{-4/10} = +0.0094664;
  // step 20: - eta_minus·0.99^20 · 0.1·e^{-14/10} = -0.0050423.
  double expected = 0.5 + 0.15 * std::pow(0.99, 6) * 0.1 * std::exp(-0.4) -
                    0.25 * std::pow(0.99, 20) * 0.1 * std::exp(-1.4);
  EXPECT_NEAR(expected, 0.5044241, 1e-7); // the hand computation above
  double tolerance = GetParam() == Numerics::Double  ? 1e-14
                     : GetParam() == Numerics::Float ? 1e-6
                                                     : 1e-3;
  EXPECT_NEAR(finalWeight(result), expected, tolerance);
}

TEST_P(TraceRulePairing, ResultsDoNotDependOnTheThreadCount) {
  Plan plan = pairingPlan({2, 20}, nalsmRule());
  EXPECT_EQ(finalWeight(run(plan, 30, GetParam(), 1)),
            finalWeight(run(plan, 30, GetParam(), 3)));
}

INSTANTIATE_TEST_SUITE_P(Numerics, TraceRulePairing,
                         ::testing::Values(Numerics::Double, Numerics::Float,
                                           Numerics::Fixed));

//===----------------------------------------------------------------------===//
// The astrocyte sets a rate (NALSM: eta_minus of excitatory synapses, eta_plus
// of inhibitory ones)
//===----------------------------------------------------------------------===//

/// NALSM's astrocyte without input: A(0) = bias = 0.15, tau 100, and A, the
/// bias and the listen weights decaying ×0.99 per ms: A(t) = 0.15·0.99^t.
void addNalsmAstrocyte(Plan &plan, Modulation modulation, double gain) {
  const auto &info = glia::models::astrocyteModel(AstroKind::LeakyIntegrator);
  AstrocytePlan astro{"astro", AstroKind::LeakyIntegrator, 1, {}, {}};
  for (const auto &param : info.parameters)
    astro.parameters.push_back(param.name == "tau"    ? 100.0
                               : param.name == "bias" ? 0.15
                               : param.name == "rate_decay"
                                   ? 0.99
                                   : param.defaultValue);
  for (const auto &state : info.state)
    astro.initial.push_back(state.name == "A" ? 0.15 : state.initialValue);
  plan.astrocytes.push_back(astro);
  plan.astroModulations.push_back({0, modulation, 0, gain});
}

TEST(TraceRuleAstrocyte, DepressionRateIsGainTimesA) {
  Plan plan = pairingPlan({20}, nalsmRule());
  addNalsmAstrocyte(plan, Modulation::StdpDepression, 2.0);
  RunResult result = run(plan, 30);
  ASSERT_EQ(result.recordings[0].spikes.steps, std::vector<int64_t>{6});
  // The rate at step 20 is 2·A(20) = 2·0.15·0.99^20 (the astrocyte's own
  // decay, not the synapse's on top): -0.3·0.81791·0.1·e^{-1.4} = -0.0060508.
  double expected = 0.5 - 2 * 0.15 * std::pow(0.99, 20) * 0.1 * std::exp(-1.4);
  EXPECT_NEAR(expected, 0.4939492, 1e-7);
  EXPECT_NEAR(finalWeight(result), expected, 1e-14);
  EXPECT_NEAR(finalWeight(run(plan, 30, Numerics::Fixed)), expected, 1e-3);
}

TEST(TraceRuleAstrocyte, PotentiationRateIsGainTimesA) {
  // The inhibitory form: the causal pair (pre at 2, post at 6) strengthens
  // the synapse at the astrocyte's rate; the synapse's own eta_plus is unused.
  Plan plan = pairingPlan({2}, nalsmRule(/*etaPlus=*/0.0));
  addNalsmAstrocyte(plan, Modulation::StdpPotentiation, 1.0);
  RunResult result = run(plan, 30);
  ASSERT_EQ(result.recordings[0].spikes.steps, std::vector<int64_t>{6});
  // +0.15·0.99^6 · 0.1·e^{-0.4} = +0.0094664.
  double expected = 0.5 + 0.15 * std::pow(0.99, 6) * 0.1 * std::exp(-0.4);
  EXPECT_NEAR(finalWeight(result), expected, 1e-14);
}

TEST(TraceRuleAstrocyte, TheUnmodulatedRateKeepsItsOwnDecay) {
  // Depression is modulated; potentiation (pre at 2) still uses
  // eta_plus·0.99^6, and depression (pre at 20) 1·A(20).
  Plan plan = pairingPlan({2, 20}, nalsmRule());
  addNalsmAstrocyte(plan, Modulation::StdpDepression, 1.0);
  double expected = 0.5 + 0.15 * std::pow(0.99, 6) * 0.1 * std::exp(-0.4) -
                    0.15 * std::pow(0.99, 20) * 0.1 * std::exp(-1.4);
  EXPECT_NEAR(finalWeight(run(plan, 30)), expected, 1e-14);
}

//===----------------------------------------------------------------------===//
// Plan file
//===----------------------------------------------------------------------===//

TEST(TraceRulePlan, TheFileKeepsTheRule) {
  Plan plan = pairingPlan({2}, nalsmRule(0.15, 0.25, 0.98));
  Plan copy = decodePlan(encodePlan(plan));
  ASSERT_TRUE(copy.projections[0].stdp.has_value());
  const Stdp &rule = *copy.projections[0].stdp;
  EXPECT_EQ(rule.rule, StdpRule::Trace);
  EXPECT_EQ(rule.traceIncrement, 0.1);
  EXPECT_EQ(rule.rateDecay, 0.98);
  EXPECT_EQ(rule.aMinus, 0.25);
  EXPECT_EQ(encodePlan(copy), encodePlan(plan));
}

TEST(TraceRulePlan, EarlierVersionsAreRefused) {
  // Version 3 added the rule kind (a version-2 reader would run a trace
  // rule as a pair rule); version 4 changed what fixed_probability draws
  // and the pair rule's timing. Files of either are refused.
  EXPECT_EQ(kPlanFormatVersion, 4u);
  for (uint8_t version : {2, 3}) {
    std::vector<uint8_t> bytes = encodePlan(pairingPlan({2}, nalsmRule()));
    bytes[8] = version, bytes[9] = bytes[10] = bytes[11] = 0;
    try {
      decodePlan(bytes);
      FAIL() << "a version-" << int(version) << " plan was accepted";
    } catch (const RuntimeError &error) {
      EXPECT_NE(std::string(error.what())
                    .find("version " + std::to_string(version)),
                std::string::npos);
    }
  }
}

TEST(TraceRulePlan, ValidationRefusesBadRates) {
  for (double decay : {0.0, 1.5, std::nan("")}) {
    Plan plan = pairingPlan({2}, nalsmRule(0.15, 0.25, decay));
    EXPECT_NE(validatePlan(plan).find("invalid STDP parameters"),
              std::string::npos)
        << decay;
  }
  Plan plan = pairingPlan({2}, nalsmRule());
  plan.projections[0].stdp->traceIncrement = 0;
  EXPECT_NE(validatePlan(plan), "");
}

} // namespace
