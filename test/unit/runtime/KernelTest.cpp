//===- KernelTest.cpp - kernels against closed-form solutions -------------===//
//
// Single neurons and single synapses, run through the whole simulator so
// that the conventions (when input lands, when a spike is stamped) are
// tested together with the arithmetic.
//
//===----------------------------------------------------------------------===//

#include "TestNetworks.h"

#include "glia/Runtime/Kernels.h"
#include "glia/Runtime/Simulator.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>

using namespace glia::runtime;
using namespace glia::runtime::testing;
using glia::models::CellKind;

namespace {

constexpr double kDt = 0.1;

RunResult run(const Plan &plan, Numerics numerics, double duration,
              unsigned threads = 1) {
  RunOptions options;
  options.duration = duration;
  options.numerics = numerics;
  options.threads = threads;
  return simulate(plan, options);
}

const std::vector<double> &samplesOf(const RunResult &result,
                                     const std::string &variable) {
  for (const RecordingResult &recording : result.recordings)
    for (const StateRecording &state : recording.states)
      if (state.variable == variable)
        return state.values;
  throw std::runtime_error("not recorded: " + variable);
}

//===----------------------------------------------------------------------===//
// A single IF_curr_exp neuron driven by a constant current
//===----------------------------------------------------------------------===//

struct Lif {
  double cm = 1, tauM = 20, vRest = -65, vReset = -70, vThresh = -50;
  double tauRefrac = 2, iOffset = 1;
};

Plan constantCurrentPlan(const Lif &lif) {
  Plan plan;
  plan.timestep = kDt;
  plan.populations.push_back(
      makePopulation("n", CellKind::IfCurrExp, 1,
                     {{"cm", lif.cm},
                      {"tau_m", lif.tauM},
                      {"v_rest", lif.vRest},
                      {"v_reset", lif.vReset},
                      {"v_thresh", lif.vThresh},
                      {"tau_refrac", lif.tauRefrac},
                      {"i_offset", lif.iOffset}},
                     {{"v", Value::ofConstant(lif.vRest)}}));
  plan.recordings.push_back({whole(plan, 0), {"spikes"}, 1});
  return plan;
}

/// Spike steps from the closed form v(t) = v_inf + (v0 - v_inf) e^{-t/tau}:
/// step n fires when v((n+1)·dt) >= v_thresh, then the membrane restarts
/// from v_reset after the refractory steps.
std::vector<int64_t> closedFormSpikeSteps(const Lif &lif, int64_t steps) {
  double vInf = lif.vRest + lif.iOffset * lif.tauM / lif.cm;
  int64_t refractory = std::lround(lif.tauRefrac / kDt);
  std::vector<int64_t> spikes;
  double v0 = lif.vRest;
  for (int64_t start = 0;;) {
    double time = -lif.tauM * std::log((lif.vThresh - vInf) / (v0 - vInf));
    double exactSteps = time / kDt;
    // The test is only meaningful away from a step boundary.
    EXPECT_GT(std::abs(exactSteps - std::round(exactSteps)), 1e-3);
    int64_t spike = start + int64_t(std::ceil(exactSteps)) - 1;
    if (spike >= steps)
      return spikes;
    spikes.push_back(spike);
    start = spike + 1 + refractory;
    v0 = lif.vReset;
  }
}

TEST(IfCurrExp, ConstantCurrentSpikesAtTheClosedFormTimes) {
  Lif lif;
  Plan plan = constantCurrentPlan(lif);
  std::vector<int64_t> expected = closedFormSpikeSteps(lif, 3000);
  ASSERT_GE(expected.size(), 8u);
  for (Numerics numerics : {Numerics::Double, Numerics::Float}) {
    RunResult result = run(plan, numerics, 300);
    EXPECT_EQ(result.recordings[0].spikes.steps, expected)
        << numericsName(numerics);
  }
}

TEST(IfCurrExp, FixedPointSpikesWithinAStepOfTheClosedForm) {
  Lif lif;
  std::vector<int64_t> expected = closedFormSpikeSteps(lif, 3000);
  RunResult result = run(constantCurrentPlan(lif), Numerics::Fixed, 300);
  const std::vector<int64_t> &actual = result.recordings[0].spikes.steps;
  ASSERT_EQ(actual.size(), expected.size());
  for (size_t i = 0; i < actual.size(); ++i)
    EXPECT_LE(std::abs(actual[i] - expected[i]), 1) << "spike " << i;
  EXPECT_EQ(result.saturations, 0u);
}

//===----------------------------------------------------------------------===//
// One presynaptic spike through one synapse
//===----------------------------------------------------------------------===//

constexpr int64_t kSpikeStep = 10, kDelaySteps = 15;
constexpr double kWeight = 0.5, kTauSyn = 5, kTauM = 20;

Plan singleSynapsePlan(CellKind kind, double tauSyn) {
  Plan plan;
  plan.timestep = kDt;
  plan.populations.push_back(makeSpikeArray("pre", {{kSpikeStep}}));
  plan.populations.push_back(makePopulation(
      "post", kind, 1,
      {{"tau_m", kTauM}, {"tau_syn_E", tauSyn}, {"cm", 1}, {"v_rest", -65}}));
  plan.projections.push_back(makeProjection(
      "syn", whole(plan, 0), whole(plan, 1),
      connectorOf(ConnectorKind::OneToOne), Value::ofConstant(kWeight),
      kDelaySteps, Receptor::Excitatory));
  plan.recordings.push_back({whole(plan, 1), {"v", "isyn_exc"}, 1});
  return plan;
}

/// The input arrives at step spike + delay and acts from the start of that
/// step: the PSP is the continuous-time one starting at kArrival·dt, and the
/// first sample that shows it is the next one (samples are taken at the
/// start of a step).
constexpr int64_t kArrival = kSpikeStep + kDelaySteps;
constexpr int64_t kFirstVisible = kArrival + 1;

TEST(IfCurrExp, SingleSynapseGivesTheAnalyticPsp) {
  RunResult result = run(singleSynapsePlan(CellKind::IfCurrExp, kTauSyn),
                         Numerics::Double, 10);
  const std::vector<double> &current = samplesOf(result, "isyn_exc");
  const std::vector<double> &voltage = samplesOf(result, "v");
  ASSERT_EQ(current.size(), 100u);
  for (int64_t k = 0; k < 100; ++k) {
    double s = double(k - kArrival) * kDt;
    double expectedI = k < kFirstVisible ? 0 : kWeight * std::exp(-s / kTauSyn);
    double expectedV =
        k < kFirstVisible
            ? -65
            : -65 + kWeight * (std::exp(-s / kTauSyn) - std::exp(-s / kTauM)) /
                        (1 / kTauM - 1 / kTauSyn);
    EXPECT_NEAR(current[k], expectedI, 1e-12) << "sample " << k;
    EXPECT_NEAR(voltage[k], expectedV, 1e-12) << "sample " << k;
  }
  EXPECT_EQ(current[kArrival], 0.0); // the delay lands on its step
  EXPECT_NEAR(current[kFirstVisible], kWeight * std::exp(-kDt / kTauSyn),
              1e-15);
}

TEST(IfCurrExp, SpinnakerIntegrationHoldsTheCurrentOverTheStep) {
  // sPyNNaker's step: the current the input leaves at the start of a step
  // is held over it and scaled by init = tau_s/dt (1 - e^{-dt/tau_s}), so v
  // relaxes towards v_rest + R·init·I: after the first step it has moved by
  // R (1 - e^{-dt/tau_m}) init w, and each step adds the decayed current's
  // share (R = tau_m / cm, cm = 1).
  Plan plan = singleSynapsePlan(CellKind::IfCurrExp, kTauSyn);
  plan.integration = Integration::Spinnaker;
  RunResult result = run(plan, Numerics::Double, 10);
  const std::vector<double> &voltage = samplesOf(result, "v");
  const std::vector<double> &current = samplesOf(result, "isyn_exc");
  double decayV = std::exp(-kDt / kTauM), decayI = std::exp(-kDt / kTauSyn);
  double init = kTauSyn / kDt * (1 - decayI);
  double v = -65, isyn = kWeight;
  for (int64_t k = kFirstVisible; k < 100; ++k) {
    v = -65 + (v + 65) * decayV + kTauM * (1 - decayV) * init * isyn;
    isyn *= decayI;
    EXPECT_NEAR(voltage[k], v, 1e-12) << "sample " << k;
    EXPECT_NEAR(current[k], isyn, 1e-12) << "sample " << k; // PyNN's isyn
  }
  EXPECT_EQ(voltage[kArrival], -65.0);
}

TEST(IfCurrExp, FixedAndFloatPspsStayCloseToDouble) {
  Plan plan = singleSynapsePlan(CellKind::IfCurrExp, kTauSyn);
  RunResult exact = run(plan, Numerics::Double, 10);
  for (auto [numerics, tolerance] :
       {std::pair{Numerics::Float, 1e-4}, std::pair{Numerics::Fixed, 2e-3}}) {
    RunResult approximate = run(plan, numerics, 10);
    for (const char *variable : {"v", "isyn_exc"}) {
      const std::vector<double> &a = samplesOf(exact, variable);
      const std::vector<double> &b = samplesOf(approximate, variable);
      for (size_t k = 0; k < a.size(); ++k)
        EXPECT_NEAR(a[k], b[k], tolerance)
            << numericsName(numerics) << " " << variable << " sample " << k;
    }
    EXPECT_EQ(approximate.saturations, 0u);
  }
}

TEST(IfCurrAlpha, SingleSynapseCurrentPeaksAtTheWeightAfterTau) {
  constexpr double tau = 0.5;
  RunResult result =
      run(singleSynapsePlan(CellKind::IfCurrAlpha, tau), Numerics::Double, 10);
  const std::vector<double> &current = samplesOf(result, "isyn_exc");
  const std::vector<double> &voltage = samplesOf(result, "v");
  double x0 = kWeight * std::exp(1.0) / tau, a = 1 / tau - 1 / kTauM;
  for (int64_t k = 0; k < 100; ++k) {
    double s = double(k - kArrival) * kDt;
    double expectedI = k < kFirstVisible ? 0 : x0 * s * std::exp(-s / tau);
    double expectedV = k < kFirstVisible
                           ? -65
                           : -65 + x0 * std::exp(-s / kTauM) *
                                       (1 - std::exp(-a * s) * (1 + a * s)) /
                                       (a * a);
    EXPECT_NEAR(current[k], expectedI, 1e-12) << "sample " << k;
    EXPECT_NEAR(voltage[k], expectedV, 1e-12) << "sample " << k;
  }
  EXPECT_NEAR(current[kArrival + 5], kWeight, 1e-12); // the peak, tau later
}

TEST(IfCondExp, ExcitatoryConductancePullsTowardsItsReversal) {
  Plan plan = singleSynapsePlan(CellKind::IfCondExp, kTauSyn);
  plan.recordings[0].variables = {"v", "gsyn_exc"};
  RunResult result = run(plan, Numerics::Double, 10);
  const std::vector<double> &g = samplesOf(result, "gsyn_exc");
  const std::vector<double> &v = samplesOf(result, "v");
  EXPECT_EQ(g[kArrival], 0.0);
  EXPECT_NEAR(g[kFirstVisible], kWeight * std::exp(-kDt / kTauSyn), 1e-15);
  // The arrival step, with the conductance frozen at w: v relaxes towards
  // v_rest + R·g·(E - v).
  double vInf = -65 + kTauM * kWeight * (0 - -65.0);
  double expected = vInf + (-65 - vInf) * std::exp(-kDt / kTauM);
  EXPECT_NEAR(v[kFirstVisible], expected, 1e-9);
}

TEST(Izhikevich, RegularSpikingFiresWithConstantInput) {
  Plan plan;
  plan.timestep = 0.1;
  plan.populations.push_back(
      makePopulation("rs", CellKind::Izhikevich, 1, {{"i_offset", 10}}));
  plan.recordings.push_back({whole(plan, 0), {"spikes", "v", "u"}, 1});
  RunResult result = run(plan, Numerics::Double, 200);
  const std::vector<int64_t> &spikes = result.recordings[0].spikes.steps;
  ASSERT_GE(spikes.size(), 3u);
  // Euler by hand for the first spike.
  double v = -70, u = -14;
  int64_t firstSpike = -1;
  for (int64_t n = 0; n < 2000 && firstSpike < 0; ++n) {
    double dv = 0.04 * v * v + 5 * v + 140 - u + 10, du = 0.02 * (0.2 * v - u);
    v += 0.1 * dv;
    u += 0.1 * du;
    if (v >= 30)
      firstSpike = n;
  }
  EXPECT_EQ(spikes[0], firstSpike);
  // Fixed point reproduces the train within a step.
  RunResult fixed = run(plan, Numerics::Fixed, 200);
  ASSERT_FALSE(fixed.recordings[0].spikes.steps.empty());
  EXPECT_LE(std::abs(fixed.recordings[0].spikes.steps[0] - spikes[0]), 1);
}

//===----------------------------------------------------------------------===//
// STDP: the rule itself
//===----------------------------------------------------------------------===//

template <typename T> struct StdpCase {
  kernels::StdpCoefficients<T> rule;
  T pairing(T weight, int64_t preStep, int64_t postStep) const {
    kernels::Trace<T> pre, post;
    if (preStep < postStep) {
      kernels::addSpike(pre, preStep, rule.decayPlus);
      weight = kernels::depress(
          rule, weight, kernels::traceAt(post, preStep, rule.decayMinus));
      return kernels::potentiate(
          rule, weight, kernels::traceAt(pre, postStep, rule.decayPlus));
    }
    kernels::addSpike(post, postStep, rule.decayMinus);
    return kernels::depress(rule, weight,
                            kernels::traceAt(post, preStep, rule.decayMinus));
  }
};

// A last step read from a damaged board image may be any int64: the
// elapsed time must not overflow (UBSan caught 25 - INT64_MIN), and a
// spike in the future or beyond the table contributes nothing.
TEST(Stdp, ATraceFromAnyLastStepDecaysOrVanishes) {
  std::vector<double> decay = {1.0, 0.5, 0.25};
  kernels::Trace<double> trace{1.0, std::numeric_limits<int64_t>::min()};
  EXPECT_EQ(kernels::traceAt(trace, 25, decay), 0.0);
  trace.lastStep = std::numeric_limits<int64_t>::max();
  EXPECT_EQ(kernels::traceAt(trace, 25, decay), 0.0);
  trace.lastStep = 24;
  EXPECT_EQ(kernels::traceAt(trace, 25, decay), 0.5);
  EXPECT_EQ(kernels::traceAt(trace, 27, decay), 0.0);
}

TEST(Stdp, APairingChangesTheWeightByTheRule) {
  Stdp additive{20, 10, 0.1, 0.12, WeightDependence::Additive, 0, 2};
  StdpCase<double> rule{kernels::StdpCoefficients<double>::make(additive, kDt)};
  // Pre 5 ms before post: potentiation A+ (w_max - w_min) e^{-5/20}.
  EXPECT_NEAR(rule.pairing(1.0, 100, 150), 1 + 0.1 * 2 * std::exp(-0.25),
              1e-14);
  // Post 5 ms before pre: depression A- (w_max - w_min) e^{-5/10}.
  EXPECT_NEAR(rule.pairing(1.0, 150, 100), 1 - 0.12 * 2 * std::exp(-0.5),
              1e-14);
  // Bounds.
  EXPECT_EQ(rule.pairing(1.95, 100, 101), 2.0);
  EXPECT_EQ(rule.pairing(0.05, 101, 100), 0.0);

  Stdp multiplicative = additive;
  multiplicative.dependence = WeightDependence::Multiplicative;
  StdpCase<double> soft{
      kernels::StdpCoefficients<double>::make(multiplicative, kDt)};
  EXPECT_NEAR(soft.pairing(1.5, 100, 150), 1.5 + 0.1 * 0.5 * std::exp(-0.25),
              1e-14);
  EXPECT_NEAR(soft.pairing(1.5, 150, 100), 1.5 - 0.12 * 1.5 * std::exp(-0.5),
              1e-14);
  // Multiplicative updates approach but never cross the bounds.
  EXPECT_LT(soft.pairing(1.999, 100, 101), 2.0);
  EXPECT_GT(soft.pairing(0.001, 101, 100), 0.0);
}

TEST(Stdp, FixedPointFollowsTheRuleWithinItsResolution) {
  Stdp additive{20, 10, 0.1, 0.12, WeightDependence::Additive, 0, 2};
  StdpCase<Accum> rule{kernels::StdpCoefficients<Accum>::make(additive, kDt)};
  Accum up = rule.pairing(Accum::fromDouble(1.0), 100, 150);
  Accum down = rule.pairing(Accum::fromDouble(1.0), 150, 100);
  EXPECT_NEAR(up.toDouble(), 1 + 0.2 * std::exp(-0.25), 4.0 / 32768);
  EXPECT_NEAR(down.toDouble(), 1 - 0.24 * std::exp(-0.5), 4.0 / 32768);
}

/// What a synapse with delay d sees at step t, summed spike by spike:
/// the trace of the spikes q with q + d <= t.
double seenTrace(const std::vector<int64_t> &spikes, int64_t t, uint32_t d,
                 double tau) {
  double sum = 0;
  for (int64_t q : spikes)
    if (q + int64_t(d) <= t)
      sum += std::exp(-double(t - int64_t(d) - q) * kDt / tau);
  return sum;
}

TEST(Stdp, PostSpikeHistoryGivesWhatEachDelaySees) {
  // A neuron that fires at every step it can (refractory for r steps) keeps
  // the most spikes a lookup may need. Its spikes join the history when the
  // shortest delay sees them (DelayedPostSpikes), and the depth of
  // postHistoryDepth must then hold every spike a delay up to the longest
  // needs.
  const double tau = 10;
  std::vector<double> decay =
      kernels::StdpCoefficients<double>::decayTable(tau, kDt);
  for (uint32_t refractory : {0u, 1u, 4u}) {
    for (auto [shortest, longest] : {std::pair<uint32_t, uint32_t>{1, 1},
                                     {1, 2},
                                     {1, 7},
                                     {1, 30},
                                     {5, 5},
                                     {5, 12},
                                     {20, 30}}) {
      SCOPED_TRACE("refractory " + std::to_string(refractory) + ", delays " +
                   std::to_string(shortest) + "-" + std::to_string(longest));
      uint32_t depth = kernels::postHistoryDepth(shortest, longest, refractory);
      if (shortest == longest) {
        EXPECT_EQ(depth, 1u); // one delay: one spike per neuron
      }
      kernels::PostSpikeHistory<double> history(2, depth);
      kernels::DelayedPostSpikes joining(shortest);
      // Neuron 1: bursts at the highest rate with pauses; neuron 0 silent.
      std::vector<int64_t> spikes;
      for (int64_t t = 3; t < 200; ++t) {
        for (uint32_t d = shortest; d <= longest; ++d) {
          EXPECT_NEAR(history.seenAt(1, t, d, decay),
                      seenTrace(spikes, t, d, tau), 1e-12)
              << "step " << t << ", delay " << d;
          EXPECT_EQ(history.seenAt(0, t, d, decay), 0.0);
        }
        bool fires = (spikes.empty() || t - spikes.back() > refractory) &&
                     (t / 50) % 2 == 0;
        uint32_t neuron = 1;
        if (fires)
          spikes.push_back(t);
        for (uint32_t seen : joining.advance(t, &neuron, fires ? 1 : 0))
          history.add(seen, t + 1 - int64_t(shortest), decay, 1.0);
      }
    }
  }
}

/// The rule inside the simulator: a plastic synapse with a delay of
/// `delay` steps from source `pre` (spikes at `preSteps`) onto a neuron that
/// fires at step 150. The synapse sees that spike at step 150 + delay.
Plan pairingPlan(WeightDependence dependence,
                 std::vector<int64_t> preSteps = {100, 200},
                 uint32_t delay = 1) {
  return stdpPairingPlan(kDt, preSteps, /*kickStep=*/149, /*tauRefrac=*/1,
                         Stdp{20, 10, 0.1, 0.12, dependence, 0, 2}, delay);
}

double finalWeight(const Plan &plan, Numerics numerics = Numerics::Double) {
  RunResult result = run(plan, numerics, 30);
  // kick at 149, delivered at 150: the membrane fires in that step.
  EXPECT_EQ(result.recordings[0].spikes.steps, std::vector<int64_t>{150});
  EXPECT_EQ(result.plasticWeights.size(), 1u);
  return result.plasticWeights.at(0).weights.at(0);
}

TEST(Stdp, TheSimulatorAppliesBothOrdersOfAPairing) {
  for (WeightDependence dependence :
       {WeightDependence::Additive, WeightDependence::Multiplicative}) {
    // Pre at 100, post at 150 seen at 151: potentiation by the pre trace 51
    // steps old; pre at 200: depression by the post trace stamped 151.
    Plan plan = pairingPlan(dependence);
    double w = 0.5;
    bool soft = dependence == WeightDependence::Multiplicative;
    w += 0.1 * (soft ? 2 - w : 2) * std::exp(-51 * kDt / 20);
    w -= 0.12 * (soft ? w : 2) * std::exp(-49 * kDt / 10);
    EXPECT_NEAR(finalWeight(plan), w, 1e-12);
    EXPECT_NEAR(finalWeight(plan, Numerics::Fixed), w, 1e-3);
  }
}

TEST(Stdp, TheSynapseSeesThePostSpikeOneDelayLate) {
  for (uint32_t delay : {1u, 2u, 5u}) {
    SCOPED_TRACE("delay " + std::to_string(delay));
    int64_t seen = 150 + int64_t(delay);
    // A pre spike in the post spike's step pairs as pre-before-post, by
    // the delay: potentiation by the pre trace `delay` steps old.
    EXPECT_NEAR(finalWeight(pairingPlan(WeightDependence::Additive, {150},
                                        delay)),
                0.5 + 0.1 * 2 * std::exp(-double(delay) * kDt / 20), 1e-12);
    // A pre spike in the step the synapse sees the post spike pairs as
    // post-before-pre with the undecayed trace: full depression.
    EXPECT_NEAR(finalWeight(pairingPlan(WeightDependence::Additive, {seen},
                                        delay)),
                0.5 - 0.12 * 2, 1e-12);
    // One step earlier, the post spike is not seen yet: potentiation one
    // step later.
    EXPECT_NEAR(finalWeight(pairingPlan(WeightDependence::Additive,
                                        {seen - 1}, delay)),
                0.5 + 0.1 * 2 * std::exp(-kDt / 20), 1e-12);
  }
}

//===----------------------------------------------------------------------===//
// Poisson sources
//===----------------------------------------------------------------------===//

Plan poissonPlan(double rate, uint64_t seed) {
  Plan plan;
  plan.timestep = kDt;
  plan.seed = seed;
  plan.populations.push_back(makePopulation(
      "noise", CellKind::SpikeSourcePoisson, 1000, {{"rate", rate}}));
  plan.recordings.push_back({whole(plan, 0), {"spikes"}, 1});
  return plan;
}

TEST(Poisson, RateIsWithinStatisticalTolerance) {
  RunResult result = run(poissonPlan(50, 3), Numerics::Double, 1000);
  double p = 1 - std::exp(-50 * kDt / 1000);
  double trials = 1000.0 * 10000;
  double expected = trials * p, sigma = std::sqrt(trials * p * (1 - p));
  EXPECT_NEAR(double(result.populations[0].spikes), expected, 5 * sigma);
  ASSERT_TRUE(result.populations[0].meanCv.has_value());
  EXPECT_NEAR(*result.populations[0].meanCv, 1.0, 0.05); // Poisson: CV ~ 1
}

TEST(Poisson, StateIsIndexedFromTheRangeStart) {
  // A board core holds only its slice's state and coefficients: neurons
  // [begin, end) in arrays of end - begin, their streams still keyed by
  // their population index. Per-neuron rates, so that a coefficient read
  // by the wrong index shows.
  constexpr uint32_t kAll = 40, kBegin = 25;
  std::vector<kernels::PoissonCoefficients> rates;
  for (uint32_t i = 0; i < kAll; ++i) {
    std::vector<double> values = {double(20 + 10 * i), 0.0, 1e9};
    rates.push_back(kernels::PoissonCoefficients::make(
        {glia::models::cellType(CellKind::SpikeSourcePoisson), values.data()},
        kDt));
  }
  auto spikesOf = [&](uint32_t begin) {
    std::vector<int64_t> next(kAll - begin);
    std::vector<uint32_t> number(kAll - begin);
    kernels::PoissonState state{next.data(), number.data()};
    kernels::PerNeuronCoefficients<kernels::PoissonCoefficients> c{
        rates.data() + begin};
    kernels::initPoisson(c, state, 9, 2, begin, kAll);
    std::vector<std::pair<int64_t, uint32_t>> spikes;
    std::vector<uint32_t> fired(kAll);
    for (int64_t step = 0; step < 2000; ++step) {
      uint32_t count =
          kernels::stepPoisson(c, state, 9, 2, step, begin, kAll, fired.data());
      for (uint32_t s = 0; s < count; ++s)
        if (fired[s] >= kBegin)
          spikes.push_back({step, fired[s]});
    }
    return spikes;
  };
  std::vector<std::pair<int64_t, uint32_t>> whole = spikesOf(0);
  ASSERT_GT(whole.size(), 100u);
  EXPECT_EQ(spikesOf(kBegin), whole);
}

TEST(Poisson, TrainsAreReproducibleBySeed) {
  RunResult a = run(poissonPlan(20, 3), Numerics::Double, 200);
  RunResult b = run(poissonPlan(20, 3), Numerics::Fixed, 200, 2);
  RunResult c = run(poissonPlan(20, 4), Numerics::Double, 200);
  EXPECT_EQ(a.recordings[0].spikes.steps, b.recordings[0].spikes.steps);
  EXPECT_EQ(a.recordings[0].spikes.neurons, b.recordings[0].spikes.neurons);
  EXPECT_NE(a.recordings[0].spikes.neurons, c.recordings[0].spikes.neurons);
}

} // namespace

namespace {

//===----------------------------------------------------------------------===//
// Heterogeneous parameters
//===----------------------------------------------------------------------===//

TEST(IfCurrExp, PerNeuronParametersActLikeSeparateNeurons) {
  // Three neurons with their own offset currents (an array) and membrane
  // time constants (a distribution): each must spike exactly like a
  // population of one with its values as constants.
  Plan mixed;
  mixed.timestep = kDt;
  mixed.seed = 5;
  PopulationPlan cells = makePopulation("cells", CellKind::IfCurrExp, 3);
  const auto &info = glia::models::cellType(CellKind::IfCurrExp);
  cells.parameters[info.parameterIndex("i_offset")] =
      Value::ofArray({0.9, 1.2, 1.6});
  cells.parameters[info.parameterIndex("tau_m")] = Value::ofUniform(10, 30);
  mixed.populations.push_back(cells);
  mixed.recordings.push_back({whole(mixed, 0), {"spikes"}, 1});
  RunResult together = run(mixed, Numerics::Double, 200);

  for (uint32_t k = 0; k < 3; ++k) {
    RandomStream stream(mixed.seed,
                        withIndex(StreamKind::Parameter,
                                  uint32_t(info.parameterIndex("tau_m"))),
                        0, k);
    double tauM =
        sample(cells.parameters[info.parameterIndex("tau_m")], stream, k);
    Plan single;
    single.timestep = kDt;
    single.populations.push_back(makePopulation(
        "one", CellKind::IfCurrExp, 1,
        {{"i_offset",
          cells.parameters[info.parameterIndex("i_offset")].array[k]},
         {"tau_m", tauM}}));
    single.recordings.push_back({whole(single, 0), {"spikes"}, 1});
    std::vector<int64_t> expected =
        run(single, Numerics::Double, 200).recordings[0].spikes.steps;
    ASSERT_FALSE(expected.empty()) << "neuron " << k;
    std::vector<int64_t> actual;
    const SpikeRecording &spikes = together.recordings[0].spikes;
    for (size_t s = 0; s < spikes.steps.size(); ++s)
      if (spikes.neurons[s] == k)
        actual.push_back(spikes.steps[s]);
    EXPECT_EQ(actual, expected) << "neuron " << k;
  }
}

} // namespace

namespace {

/// The kernels on a slice: what the board emulator does per core. Updating
/// [0, 4) and [4, 10) separately equals updating [0, 10) at once.
TEST(Kernels, RefractoryPeriodsFitTheRefractoryUntilStep) {
  EXPECT_EQ(kernels::refractorySteps(2.0, 0.1), 20);
  EXPECT_EQ(kernels::refractorySteps(0.0, 0.1), 0);
  // Longer than any run: the rest of it, not a wrapped negative count.
  int32_t longest = int32_t(kernels::kMaxSteps - 1);
  EXPECT_EQ(kernels::refractorySteps(3e8, 0.1), longest);
  EXPECT_EQ(kernels::refractorySteps(1e300, 0.1), longest);
  EXPECT_LE(uint64_t(kernels::kMaxSteps - 1) + 1 + uint64_t(longest),
            uint64_t(UINT32_MAX));
}

/// A cell type's parameters at their defaults, in the catalogue's order.
std::vector<double> defaultParameters(const glia::models::CellTypeInfo &info) {
  std::vector<double> values;
  for (const glia::models::Parameter &param : info.parameters)
    values.push_back(param.defaultValue);
  return values;
}

TEST(Kernels, SlicesOfARangeGiveTheSameResultAsTheWhole) {
  const auto &info = glia::models::cellType(CellKind::IfCurrExp);
  std::vector<double> defaults = defaultParameters(info);
  defaults[info.parameterIndex("i_offset")] = 1.0;
  using C = kernels::IfCurrExpCoefficients<Accum>;
  kernels::UniformCoefficients<C> uniform{
      C::make({info, defaults.data()}, kDt)};

  struct Neurons {
    std::vector<Accum> v, exc, inh, inputExc, inputInh;
    std::vector<uint32_t> refractoryUntil;
    explicit Neurons(size_t n)
        : v(n), exc(n), inh(n), inputExc(n), inputInh(n),
          refractoryUntil(n, 0) {
      for (size_t i = 0; i < n; ++i) {
        v[i] = Accum::fromDouble(-65 + double(i));
        inputExc[i] = Accum::fromDouble(0.1 * double(i));
      }
    }
    kernels::LifState<Accum> state(uint32_t step) {
      return {v.data(), exc.data(), inh.data(), refractoryUntil.data(), step};
    }
    kernels::DirectInput<Accum> input() {
      return {inputExc.data(), inputInh.data()};
    }
  };
  Neurons whole(10), sliced(10);
  std::vector<uint32_t> spikesWhole(10), spikesSliced(10);
  for (uint32_t step = 0; step < 300; ++step) {
    uint32_t fired = kernels::stepIfCurrExp<Accum>(
        uniform, whole.state(step), whole.input(), 0, 10, spikesWhole.data());
    uint32_t first = kernels::stepIfCurrExp<Accum>(
        uniform, sliced.state(step), sliced.input(), 0, 4, spikesSliced.data());
    uint32_t second = kernels::stepIfCurrExp<Accum>(
        uniform, sliced.state(step), sliced.input(), 4, 10,
        spikesSliced.data() + first);
    ASSERT_EQ(fired, first + second) << "step " << step;
    for (uint32_t s = 0; s < fired; ++s)
      EXPECT_EQ(spikesWhole[s], spikesSliced[s]);
  }
  for (size_t i = 0; i < 10; ++i) {
    EXPECT_EQ(whole.v[i], sliced.v[i]);
    EXPECT_EQ(whole.exc[i], sliced.exc[i]);
  }
}

/// The threshold pass finds exactly the neurons at or above threshold, in
/// ascending order, with one threshold (a mask of vector comparisons where
/// the CPU has AVX-512) or one per neuron (byte flags), in whole 64-neuron
/// blocks and in a range's tail; NaN never fires.
template <typename T> void checkThresholdPass() {
  const auto &info = glia::models::cellType(CellKind::IfCurrExp);
  std::vector<double> defaults = defaultParameters(info);
  using C = kernels::IfCurrExpCoefficients<T>;
  C coefficients = C::make({info, defaults.data()}, kDt);
  T threshold = coefficients.vThresh;
  constexpr uint32_t kNeurons = 200; // three blocks and a tail
  std::vector<C> perNeuron(kNeurons, coefficients);
  std::vector<T> v(kNeurons);
  std::vector<uint32_t> refractoryUntil(kNeurons, 0);
  std::mt19937 random(7);
  for (uint32_t trial = 0; trial < 50; ++trial) {
    std::vector<uint32_t> expected;
    for (uint32_t i = 0; i < kNeurons; ++i) {
      uint32_t kind = random() % 8;
      v[i] = kind == 0   ? threshold
             : kind == 1 ? std::nextafter(threshold, T(-1e9))
             : kind == 2 ? std::numeric_limits<T>::quiet_NaN()
                         : threshold + T(int(random() % 21) - 10);
      if (v[i] >= threshold)
        expected.push_back(i);
    }
    for (bool uniform : {true, false}) {
      std::vector<T> state = v;
      std::vector<uint32_t> spikes(kNeurons);
      kernels::LifState<T> s{state.data(), nullptr, nullptr,
                             refractoryUntil.data(), 0};
      uint32_t fired =
          uniform ? kernels::fireAndReset(
                        kernels::UniformCoefficients<C>{coefficients}, s, 0,
                        kNeurons, spikes.data())
                  : kernels::fireAndReset(
                        kernels::PerNeuronCoefficients<C>{perNeuron.data()}, s,
                        0, kNeurons, spikes.data());
      spikes.resize(fired);
      EXPECT_EQ(spikes, expected)
          << "trial " << trial << " uniform " << uniform;
    }
  }
}

TEST(Kernels, ThresholdPassFindsExactlyTheCrossings) {
  checkThresholdPass<double>();
  checkThresholdPass<float>();
}

/// A step's update sweeps its range forward on even steps and backward on
/// odd ones (kernels::integrateAndFire). Both give the same state and the
/// same spikes in ascending order: over ranges that start off a block
/// boundary and end in a part of a sweep run, with few spikes and with
/// every neuron firing (the backward sweep's spike list then fills up).
template <typename T> void checkSweepDirections() {
  const auto &info = glia::models::cellType(CellKind::IfCurrExp);
  std::vector<double> defaults = defaultParameters(info);
  using C = kernels::IfCurrExpCoefficients<T>;
  kernels::UniformCoefficients<C> uniform{
      C::make({info, defaults.data()}, kDt)};
  double threshold = defaults[info.parameterIndex("v_thresh")];
  constexpr uint32_t kNeurons = 3 * 4096 + 777;
  std::mt19937 random(11);
  for (double firing : {0.0, 0.01, 0.5, 1.0})
    for (uint32_t begin : {0u, 123u, 4096u})
      for (uint32_t end : {begin, begin + 1, begin + 4096, kNeurons}) {
        std::vector<T> v(kNeurons), exc(kNeurons), inh(kNeurons), in(kNeurons);
        std::uniform_real_distribution<double> unit(0, 1);
        for (uint32_t i = 0; i < kNeurons; ++i) {
          using N = NumberTraits<T>;
          v[i] = N::fromDouble(unit(random) < firing ? threshold + 1
                                                     : threshold - 5);
          exc[i] = N::fromDouble(unit(random));
          inh[i] = N::fromDouble(unit(random));
          in[i] = N::fromDouble(unit(random));
        }
        auto stepAt = [&](uint32_t step, std::vector<uint32_t> &spikes) {
          struct {
            std::vector<T> v, exc, inh;
            std::vector<uint32_t> refractoryUntil;
          } state{v, exc, inh, std::vector<uint32_t>(kNeurons, 0)};
          spikes.assign(end - begin, UINT32_MAX);
          uint32_t fired = kernels::stepIfCurrExp<T>(
              uniform,
              kernels::LifState<T>{state.v.data(), state.exc.data(),
                                   state.inh.data(),
                                   state.refractoryUntil.data(), step},
              kernels::DirectInput<T>{in.data(), in.data()}, begin, end,
              spikes.data());
          spikes.resize(fired);
          for (uint32_t &until : state.refractoryUntil)
            until = until ? until - step : 0; // the period, not the step
          return state;
        };
        std::vector<uint32_t> forwardSpikes, backwardSpikes;
        auto forward = stepAt(6, forwardSpikes);
        auto backward = stepAt(7, backwardSpikes);
        SCOPED_TRACE(::testing::Message() << "firing " << firing << " range ["
                                          << begin << ", " << end << ")");
        EXPECT_EQ(forwardSpikes, backwardSpikes);
        EXPECT_TRUE(std::is_sorted(forwardSpikes.begin(), forwardSpikes.end()));
        if (firing == 1.0) {
          EXPECT_EQ(forwardSpikes.size(), end - begin);
        }
        EXPECT_TRUE(forward.v == backward.v);
        EXPECT_TRUE(forward.exc == backward.exc);
        EXPECT_TRUE(forward.inh == backward.inh);
        EXPECT_EQ(forward.refractoryUntil, backward.refractoryUntil);
      }
}

TEST(Kernels, ForwardAndBackwardSweepsAgree) {
  checkSweepDirections<double>();
  checkSweepDirections<float>();
  checkSweepDirections<Accum>();
}

} // namespace
