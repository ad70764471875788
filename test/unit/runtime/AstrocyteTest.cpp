//===- AstrocyteTest.cpp - astrocyte kernels, couplings and plan ----------===//
//
// Each coupling on a two-neuron network against a hand-computed value, the
// Li-Rinzel kernel against a fine RK4 reference written here and in fixed
// point against double, calcium oscillations at constant IP3, the
// fixed-point division and logarithm, thread-count independence and the
// plan file's astrocyte section.
//
//===----------------------------------------------------------------------===//

#include "TestNetworks.h"

#include "glia/Runtime/Astrocytes.h"
#include "glia/Runtime/PlanFile.h"
#include "glia/Runtime/Simulator.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <map>
#include <stdexcept>

using namespace glia::runtime;
using namespace glia::runtime::testing;
using glia::models::AstroKind;
using glia::models::CellKind;

namespace {

RunResult run(const Plan &plan, double duration, unsigned threads = 1,
              Numerics numerics = Numerics::Double) {
  RunOptions options;
  options.duration = duration;
  options.numerics = numerics;
  options.threads = threads;
  return simulate(plan, options);
}

/// Astrocytes with the catalogue's defaults, except `params` and `initial`.
AstrocytePlan
makeAstrocytes(const std::string &name, AstroKind kind, uint32_t size,
               const std::map<std::string, double> &params = {},
               const std::map<std::string, double> &initial = {}) {
  const glia::models::AstrocyteModelInfo &info =
      glia::models::astrocyteModel(kind);
  AstrocytePlan astro{name, kind, size, {}, {}};
  for (const auto &param : info.parameters) {
    auto it = params.find(std::string(param.name));
    astro.parameters.push_back(it == params.end() ? param.defaultValue
                                                  : it->second);
  }
  for (const auto &state : info.state) {
    auto it = initial.find(std::string(state.name));
    astro.initial.push_back(it == initial.end() ? state.initialValue
                                                : it->second);
  }
  return astro;
}

/// A copy: callers often pass a temporary result.
StateRecording stateOf(const RunResult &result, const std::string &population,
                       const std::string &variable) {
  for (const RecordingResult &recording : result.recordings)
    if (recording.population == population)
      for (const StateRecording &state : recording.states)
        if (state.variable == variable)
          return state;
  throw std::runtime_error("no recording of " + population + "." + variable);
}

/// A source `pre` (neuron 0 fires at `preSpikes`) and one IF_curr_exp
/// neuron `post` at rest, dt = 1 ms, with the projection pre -> post.
Plan twoNeurons(const std::vector<int64_t> &preSpikes, double weight,
                const std::map<std::string, double> &postParams = {}) {
  Plan plan;
  plan.network = "two";
  plan.timestep = 1.0;
  plan.populations.push_back(makeSpikeArray("pre", {preSpikes}));
  plan.populations.push_back(
      makePopulation("post", CellKind::IfCurrExp, 1, postParams));
  plan.projections.push_back(
      makeProjection("syn", whole(plan, 0), whole(plan, 1),
                     connectorOf(ConnectorKind::AllToAll),
                     Value::ofConstant(weight), 1, Receptor::Excitatory));
  plan.recordings.push_back({whole(plan, 1), {"spikes", "v"}, 1});
  return plan;
}

/// A leaky integrator that stays at its bias (A(0) = bias, no input).
void addConstantAstrocyte(Plan &plan, double bias) {
  plan.astrocytes.push_back(makeAstrocytes("astro", AstroKind::LeakyIntegrator,
                                           1, {{"tau", 100}, {"bias", bias}},
                                           {{"A", bias}}));
  plan.astroRecordings.push_back({0, {"A"}, 1});
}

//===----------------------------------------------------------------------===//
// Listening: A after k steps
//===----------------------------------------------------------------------===//

TEST(Astrocytes, ListenIntegratesWeightedSpikesExactly) {
  Plan plan = twoNeurons({0, 1, 2, 5}, 0.0);
  plan.astrocytes.push_back(makeAstrocytes("astro", AstroKind::LeakyIntegrator,
                                           1, {{"tau", 10}, {"bias", 0.2}},
                                           {{"A", 0.15}}));
  plan.astroListens.push_back({0, whole(plan, 0), std::nullopt, 0.5});
  plan.astroRecordings.push_back({0, {"A"}, 1});
  RunResult result = run(plan, 8);
  const std::vector<double> &a = stateOf(result, "astro", "A").values;
  ASSERT_EQ(a.size(), 8u);
  // By hand: A1 = 0.15·0.9 + 0.2/10 + 0.5/10 = 0.205.
  EXPECT_DOUBLE_EQ(a[0], 0.15);
  EXPECT_NEAR(a[1], 0.205, 1e-15);
  // A(t+1) = A(t)·(1 - 1/10) + (0.2 + 0.5·spikes(t))/10.
  double expected = 0.15;
  for (int t = 0; t < 7; ++t) {
    int spikes = (t <= 2 || t == 5) ? 1 : 0;
    expected = expected * 0.9 + (0.2 + 0.5 * spikes) / 10;
    EXPECT_NEAR(a[t + 1], expected, 1e-14) << "step " << t + 1;
  }
}

TEST(Astrocytes, RateDecayShrinksABiasAndWeights) {
  Plan plan = twoNeurons({0, 3}, 0.0);
  plan.astrocytes.push_back(makeAstrocytes(
      "astro", AstroKind::LeakyIntegrator, 1,
      {{"tau", 100}, {"bias", 0.15}, {"rate_decay", 0.99}}, {{"A", 0.15}}));
  plan.astroListens.push_back({0, whole(plan, 0), std::nullopt, 0.015});
  plan.astroRecordings.push_back({0, {"A"}, 1});
  const std::vector<double> &a = stateOf(run(plan, 6), "astro", "A").values;
  // NALSM's loop: A += (w·s + b - A)/tau, then A, w, b *= 0.99.
  double expected = 0.15, w = 0.015, b = 0.15;
  for (int t = 0; t < 5; ++t) {
    double s = (t == 0 || t == 3) ? 1 : 0;
    expected += (w * s + b - expected) / 100;
    expected *= 0.99, w *= 0.99, b *= 0.99;
    EXPECT_NEAR(a[t + 1], expected, 1e-14) << "step " << t + 1;
  }
}

TEST(Astrocytes, ProjectionListeningSplitsDomains) {
  // Two astrocytes over a 4-neuron source: neurons 0-1 and 2-3. Listening
  // to the projection counts its presynaptic spikes, negated.
  Plan plan;
  plan.timestep = 1.0;
  plan.populations.push_back(makeSpikeArray("pre", {{0}, {0}, {0}, {}}));
  plan.populations.push_back(makePopulation("post", CellKind::IfCurrExp, 1));
  plan.projections.push_back(
      makeProjection("syn", whole(plan, 0), whole(plan, 1),
                     connectorOf(ConnectorKind::AllToAll),
                     Value::ofConstant(0.0), 1, Receptor::Excitatory));
  plan.astrocytes.push_back(makeAstrocytes("astro", AstroKind::LeakyIntegrator,
                                           2, {{"tau", 10}, {"bias", 0}},
                                           {{"A", 0}}));
  plan.astroListens.push_back({0, whole(plan, 0), 0u, -1.0});
  plan.astroRecordings.push_back({0, {"A"}, 1});
  const std::vector<double> &a = stateOf(run(plan, 2), "astro", "A").values;
  EXPECT_DOUBLE_EQ(a[2 + 0], -0.2); // two spikes in domain 0
  EXPECT_DOUBLE_EQ(a[2 + 1], -0.1); // one in domain 1
}

//===----------------------------------------------------------------------===//
// Modulation and injection
//===----------------------------------------------------------------------===//

/// The final weight of a pair rule synapse from a source firing at
/// `preStep` onto a neuron that a kick at step 5 makes fire once at step 6,
/// with the rate `modulated` set by a constant astrocyte if `gain` is given.
double pairedWeight(int64_t preStep, Modulation modulated,
                    std::optional<double> gain) {
  // A long refractory period keeps the strong kick to one post spike.
  Plan plan = twoNeurons({preStep}, 0.0, {{"tau_refrac", 30}});
  plan.populations.push_back(makeSpikeArray("drive", {{5}}));
  plan.projections.push_back(
      makeProjection("kick", whole(plan, 2), whole(plan, 1),
                     connectorOf(ConnectorKind::AllToAll),
                     Value::ofConstant(18.0), 1, Receptor::Excitatory));
  ProjectionPlan &syn = plan.projections[0];
  syn.weight = Value::ofConstant(0.5);
  syn.stdp = Stdp{20, 20, 0.01, 0.01, WeightDependence::Additive, 0, 2};
  if (gain) {
    addConstantAstrocyte(plan, 0.15);
    plan.astroModulations.push_back({0, modulated, 0, *gain});
  }
  RunResult result = run(plan, 40);
  EXPECT_EQ(result.populations[1].spikes, 1u) << "post must fire once";
  return result.plasticWeights.at(0).weights.at(0);
}

/// pre fires at step 20, after post: a pure depression pair.
double depressedWeight(std::optional<double> gain) {
  return pairedWeight(20, Modulation::StdpDepression, gain);
}

TEST(Astrocytes, DepressionRateIsGainTimesOutput) {
  double base = 0.5 - depressedWeight(std::nullopt); // A_minus = 0.01
  double modulated = 0.5 - depressedWeight(0.2);     // 0.2·A = 0.03
  ASSERT_GT(base, 0.0);
  // Same pair, same trace: the change scales with the rate, 0.03 / 0.01.
  EXPECT_NEAR(modulated / base, 3.0, 1e-12);
}

/// pre fires at step 2, before post: a pure potentiation pair.
double potentiatedWeight(std::optional<double> gain) {
  return pairedWeight(2, Modulation::StdpPotentiation, gain);
}

TEST(Astrocytes, PotentiationRateIsGainTimesOutput) {
  double base = potentiatedWeight(std::nullopt) - 0.5; // A_plus = 0.01
  double modulated = potentiatedWeight(0.1) - 0.5;     // 0.1·A = 0.015
  ASSERT_GT(base, 0.0);
  EXPECT_NEAR(modulated / base, 1.5, 1e-12);
}

TEST(Astrocytes, SummaryReportsTheOutput) {
  Plan plan = twoNeurons({}, 0.0);
  plan.astrocytes.push_back(makeAstrocytes("astro", AstroKind::LeakyIntegrator,
                                           2, {{"tau", 10}, {"bias", 0.2}},
                                           {{"A", 0.1}}));
  RunResult result = run(plan, 3);
  ASSERT_EQ(result.astrocytes.size(), 1u);
  const AstrocyteStatistics &stats = result.astrocytes[0];
  EXPECT_EQ(stats.model, "leaky_integrator");
  EXPECT_EQ(stats.output, "A");
  EXPECT_EQ(stats.size, 2u);
  // A: 0.1, 0.11, 0.119 at the starts of steps 0-2, then 0.1271.
  EXPECT_NEAR(stats.meanOutput, (0.1 + 0.11 + 0.119) / 3, 1e-15);
  EXPECT_NEAR(stats.finalOutput, 0.1271, 1e-15);
}

TEST(Astrocytes, WeightScaleMultipliesThePsp) {
  Plan plain = twoNeurons({2}, 1.5);
  Plan scaled = twoNeurons({2}, 1.0);
  addConstantAstrocyte(scaled, 0.25);
  scaled.astroModulations.push_back({0, Modulation::WeightScale, 0, 2.0});
  // 1 + 2·0.25 = 1.5: the scaled unit weight acts as a weight of 1.5.
  const auto &v1 = stateOf(run(plain, 30), "post", "v").values;
  const auto &v2 = stateOf(run(scaled, 30), "post", "v").values;
  ASSERT_EQ(v1.size(), v2.size());
  EXPECT_GT(v1.back() - v1.front(), 0.1); // there is a PSP to compare
  for (size_t t = 0; t < v1.size(); ++t)
    EXPECT_NEAR(v1[t], v2[t], 1e-12) << "step " << t;
}

TEST(Astrocytes, InjectionActsAsAnOffsetCurrent) {
  // gain·A = 4·0.1 = 0.4 nA into a neuron at rest, versus i_offset = 0.4.
  Plan injected = twoNeurons({}, 0.0);
  addConstantAstrocyte(injected, 0.1);
  injected.astroInjections.push_back({0, whole(injected, 1), 4.0});
  Plan offset = twoNeurons({}, 0.0, {{"i_offset", 0.4}});
  const auto &v1 = stateOf(run(injected, 50), "post", "v").values;
  const auto &v2 = stateOf(run(offset, 50), "post", "v").values;
  // One step by hand: 0.4 nA · (tau_m/cm)(1 - e^{-dt/tau_m}) = 0.4·20·(1 -
  // e^{-1/20}) above v_rest = -65 mV.
  EXPECT_NEAR(v1[1] - v1[0], 0.4 * 20 * (1 - std::exp(-1.0 / 20)), 1e-12);
  for (size_t t = 0; t < v1.size(); ++t)
    EXPECT_NEAR(v1[t], v2[t], 1e-9) << "step " << t;
}

TEST(Astrocytes, InjectionActsAsAnOffsetCurrentThroughSpikes) {
  // 4 nA make the neuron fire every few steps; held for 2 steps after
  // each spike, it takes no current, and it integrates again from v_reset
  // with the step's injection, as with i_offset.
  std::map<std::string, double> refractory{{"tau_refrac", 2}};
  Plan injected = twoNeurons({}, 0.0, refractory);
  addConstantAstrocyte(injected, 0.1);
  injected.astroInjections.push_back({0, whole(injected, 1), 40.0});
  refractory["i_offset"] = 4.0;
  Plan offset = twoNeurons({}, 0.0, refractory);
  for (Numerics numerics : {Numerics::Double, Numerics::Float}) {
    SCOPED_TRACE(numericsName(numerics));
    RunResult a = run(injected, 60, 1, numerics);
    RunResult b = run(offset, 60, 1, numerics);
    EXPECT_GT(a.populations[1].spikes, 5u);
    EXPECT_EQ(a.recordings[0].spikes.steps, b.recordings[0].spikes.steps);
    const auto &v1 = stateOf(a, "post", "v").values;
    const auto &v2 = stateOf(b, "post", "v").values;
    double tolerance = numerics == Numerics::Double ? 1e-9 : 1e-3;
    for (size_t t = 0; t < v1.size(); ++t)
      EXPECT_NEAR(v1[t], v2[t], tolerance) << "step " << t;
  }
}

//===----------------------------------------------------------------------===//
// Li-Rinzel against a fine reference
//===----------------------------------------------------------------------===//

/// The Li-Rinzel right-hand side (NEST's astrocyte_lr_1994) in double,
/// written independently of the kernel.
struct Reference {
  double caTot = 2.0, ip3Zero = 0.16, kd1 = 0.13, kd2 = 0.9434, kdAct = 0.08234,
         kdInh = 1.049, km = 0.1, k = 0.0002, rIp3r = 0.006, rL = 0.00011,
         rSerca = 0.0009, rEr = 0.185, tauIp3 = 7142;
  using State = std::array<double, 3>; // IP3, Ca, h

  State derivative(const State &x) const {
    double m = x[0] / (x[0] + kd1), n = x[1] / (x[1] + kdAct);
    double er = (caTot - x[1]) / rEr;
    double channel = rEr * rIp3r * std::pow(m * n * x[2], 3) * (er - x[1]);
    double leak = rEr * rL * (er - x[1]);
    double pump = rSerca * x[1] * x[1] / (km * km + x[1] * x[1]);
    double alpha = k * kdInh * (x[0] + kd1) / (x[0] + kd2);
    return {(ip3Zero - x[0]) / tauIp3, channel - pump + leak,
            alpha * (1 - x[2]) - k * x[1] * x[2]};
  }

  State rk4(const State &x, double h) const {
    auto plus = [](const State &a, double s, const State &d) {
      return State{a[0] + s * d[0], a[1] + s * d[1], a[2] + s * d[2]};
    };
    State k1 = derivative(x), k2 = derivative(plus(x, h / 2, k1));
    State k3 = derivative(plus(x, h / 2, k2)), k4 = derivative(plus(x, h, k3));
    State out;
    for (int i = 0; i < 3; ++i)
      out[i] = x[i] + h / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
    return out;
  }
};

Plan liRinzelDriven(const std::vector<int64_t> &spikes, double timestep,
                    const std::map<std::string, double> &params = {},
                    const std::map<std::string, double> &initial = {}) {
  Plan plan;
  plan.timestep = timestep;
  plan.populations.push_back(makeSpikeArray("pre", {spikes}));
  plan.astrocytes.push_back(
      makeAstrocytes("calcium", AstroKind::LiRinzel, 1, params, initial));
  plan.astroListens.push_back({0, whole(plan, 0), std::nullopt, 0.1});
  plan.astroRecordings.push_back({0, {"IP3", "Ca", "h", "SIC"}, 1});
  return plan;
}

/// 20 spikes 50 ms apart from 1 s on; through liRinzelDriven's listen
/// weight each raises IP3 by 5·0.1 uM (peak Ca 1.21 uM).
std::vector<int64_t> drivingSpikes() {
  std::vector<int64_t> spikes;
  for (int s = 0; s < 20; ++s)
    spikes.push_back(1000 + 50 * s);
  return spikes;
}

TEST(Astrocytes, LiRinzelMatchesAFineRk4Reference) {
  std::vector<int64_t> spikes = drivingSpikes();
  const double duration = 20000, dt = 1.0;
  RunResult result = run(liRinzelDriven(spikes, dt), duration);
  const auto &ip3 = stateOf(result, "calcium", "IP3").values;
  const auto &ca = stateOf(result, "calcium", "Ca").values;
  const auto &h = stateOf(result, "calcium", "h").values;
  Reference reference;
  Reference::State x{0.16, 0.073, 0.793};
  double worst[3] = {0, 0, 0}, peakCa = 0;
  size_t next = 0;
  const int fine = 100; // 0.01 ms steps
  for (int64_t step = 0; step < int64_t(duration / dt); ++step) {
    for (int i = 0; i < 3; ++i)
      worst[i] = std::max(
          worst[i],
          std::abs(std::array<double, 3>{ip3[step], ca[step], h[step]}[i] -
                   x[i]));
    peakCa = std::max(peakCa, x[1]);
    if (next < spikes.size() && spikes[next] == step) {
      x[0] += 5 * 0.1;
      ++next;
    }
    for (int k = 0; k < fine; ++k)
      x = reference.rk4(x, dt / fine);
  }
  // The drive must reach the interesting regime (a calcium transient).
  EXPECT_GT(peakCa, 0.3);
  std::printf("Li-Rinzel vs RK4(0.01 ms): max |error| IP3 %.2g, Ca %.2g, h "
              "%.2g uM; peak Ca %.3f uM\n",
              worst[0], worst[1], worst[2], peakCa);
  // Measured 2.5e-12 (Ca); the bounds leave room for other compilers.
  EXPECT_LT(worst[0], 1e-8) << "IP3";
  EXPECT_LT(worst[1], 1e-7) << "Ca";
  EXPECT_LT(worst[2], 1e-7) << "h";
}

/// The samples at which the signal rises above `high` after it was below
/// `low`.
std::vector<size_t> peakTimes(const std::vector<double> &signal, double low,
                              double high) {
  std::vector<size_t> peaks;
  bool armed = false;
  for (size_t t = 0; t < signal.size(); ++t) {
    if (signal[t] < low)
      armed = true;
    else if (armed && signal[t] > high) {
      peaks.push_back(t);
      armed = false;
    }
  }
  return peaks;
}

int countPeaks(const std::vector<double> &signal, double low, double high) {
  return int(peakTimes(signal, low, high).size());
}

/// The mean interval between the first and the last peak, in samples.
double meanPeriod(const std::vector<size_t> &peaks) {
  return double(peaks.back() - peaks.front()) / double(peaks.size() - 1);
}

double maxDifference(const std::vector<double> &a,
                     const std::vector<double> &b) {
  EXPECT_EQ(a.size(), b.size());
  double worst = 0;
  for (size_t t = 0; t < std::min(a.size(), b.size()); ++t)
    worst = std::max(worst, std::abs(a[t] - b[t]));
  return worst;
}

TEST(Astrocytes, LiRinzelOscillatesAtConstantHighIp3) {
  // IP3 held at 0.5 uM: Li-Rinzel's calcium oscillates (period ~11.5 s at
  // NEST's parameters); at resting IP3 0.16 it stays at rest.
  Plan oscillating = liRinzelDriven({}, 1.0, {{"IP3_0", 0.5}}, {{"IP3", 0.5}});
  RunResult result = run(oscillating, 120000);
  const auto &ca = stateOf(result, "calcium", "Ca").values;
  int peaks = countPeaks(ca, 0.15, 0.4);
  EXPECT_GE(peaks, 9);
  EXPECT_LE(peaks, 11);
  const auto &sic = stateOf(result, "calcium", "SIC").values;
  EXPECT_GT(*std::max_element(sic.begin(), sic.end()), 5.0); // ln(>150)
  const auto &rest =
      stateOf(run(liRinzelDriven({}, 1.0), 120000), "calcium", "Ca").values;
  EXPECT_EQ(countPeaks(rest, 0.15, 0.4), 0);
}

TEST(Astrocytes, LiRinzelInFloatTracksDouble) {
  Plan plan = liRinzelDriven({}, 1.0, {{"IP3_0", 0.5}}, {{"IP3", 0.5}});
  const auto &d = stateOf(run(plan, 30000), "calcium", "Ca").values;
  const auto &f =
      stateOf(run(plan, 30000, 1, Numerics::Float), "calcium", "Ca").values;
  EXPECT_EQ(countPeaks(d, 0.15, 0.4), countPeaks(f, 0.15, 0.4));
  EXPECT_LT(maxDifference(d, f), 0.05);
}

TEST(Astrocytes, LiRinzelInFixedPointOscillatesLikeDouble) {
  // s16.15 state alone is flat here (its step 3.1e-5 uM is above the
  // per-step increments); the s32.31 update must give double's oscillation.
  Plan plan = liRinzelDriven({}, 1.0, {{"IP3_0", 0.5}}, {{"IP3", 0.5}});
  RunResult d = run(plan, 120000);
  RunResult x = run(plan, 120000, 1, Numerics::Fixed);
  EXPECT_EQ(x.saturations, 0u);
  const auto &caD = stateOf(d, "calcium", "Ca").values;
  const auto &caX = stateOf(x, "calcium", "Ca").values;
  std::vector<size_t> peaksD = peakTimes(caD, 0.15, 0.4);
  std::vector<size_t> peaksX = peakTimes(caX, 0.15, 0.4);
  ASSERT_EQ(peaksD.size(), 11u);
  ASSERT_EQ(peaksX.size(), peaksD.size());
  double periodD = meanPeriod(peaksD), periodX = meanPeriod(peaksX);
  double lastPeakShift =
      std::abs(double(peaksX.back()) - double(peaksD.back()));
  std::printf("Li-Rinzel fixed vs double at IP3 0.5 uM, 120 s: %zu peaks, "
              "period %.1f vs %.1f ms, last peak %.0f ms apart, max |Ca "
              "error| %.2g uM\n",
              peaksX.size(), periodX, periodD, lastPeakShift,
              maxDifference(caD, caX));
  EXPECT_NEAR(periodX / periodD, 1.0, 1e-3);
  EXPECT_LE(lastPeakShift, 20.0);
  const auto &sicD = stateOf(d, "calcium", "SIC").values;
  const auto &sicX = stateOf(x, "calcium", "SIC").values;
  EXPECT_NEAR(*std::max_element(sicX.begin(), sicX.end()),
              *std::max_element(sicD.begin(), sicD.end()), 0.01);
}

TEST(Astrocytes, LiRinzelInFixedPointTracksDoubleUnderDrive) {
  // 4·0.125 uM per spike is drivingSpikes' 5·0.1, but exact in s16.15 (0.1
  // is not: its rounding adds 6e-6·5 uM of IP3 per spike).
  Plan plan = liRinzelDriven(drivingSpikes(), 1.0, {{"delta_IP3", 4}});
  plan.astroListens[0].weight = 0.125;
  RunResult d = run(plan, 20000);
  RunResult x = run(plan, 20000, 1, Numerics::Fixed);
  EXPECT_EQ(x.saturations, 0u);
  double worst[4];
  const char *names[4] = {"IP3", "Ca", "h", "SIC"};
  for (int v = 0; v < 4; ++v)
    worst[v] = maxDifference(stateOf(d, "calcium", names[v]).values,
                             stateOf(x, "calcium", names[v]).values);
  std::printf("Li-Rinzel fixed vs double, driven, 20 s: max |error| IP3 %.2g, "
              "Ca %.2g, h %.2g, SIC %.2g\n",
              worst[0], worst[1], worst[2], worst[3]);
  // Recordings read the s16.15 high word: half a step (1.5e-5) plus the
  // kernel's own error (measured 1.8e-5 in all). SIC = ln((Ca - SIC_th)·
  // 1000) magnifies Ca's error 1000/y-fold just above threshold.
  const double step = std::ldexp(1.0, -15);
  for (int v = 0; v < 3; ++v)
    EXPECT_LT(worst[v], 0.75 * step) << names[v];
  EXPECT_LT(worst[3], 2e-3) << "SIC";
}

/// (IP3, Ca, h) of one Li-Rinzel astrocyte at NEST's defaults, except
/// delta_IP3 = 4, advanced by the kernel alone in T, read back in the wide
/// type after each step; `input[t]` is the weighted spike sum of step t.
template <typename T>
std::vector<std::array<double, 3>>
liRinzelKernelRun(const std::vector<double> &input) {
  using N = NumberTraits<T>;
  using NW = NumberTraits<typename N::Wide>;
  const glia::models::AstrocyteModelInfo &info =
      glia::models::astrocyteModel(AstroKind::LiRinzel);
  std::vector<double> parameters;
  for (const auto &param : info.parameters)
    parameters.push_back(param.defaultValue);
  parameters[info.parameterIndex("delta_IP3")] = 4;
  auto c = kernels::LiRinzelCoefficients<T>::make(
      kernels::AstroParameters{info, parameters.data()}, 1.0);
  T ip3, ca, h, sic, low[3];
  kernels::LiRinzelState<T> state{&ip3,    &ca,     &h,     &sic,
                                  &low[0], &low[1], &low[2]};
  const double initial[4] = {0.16, 0.073, 0.793, 0};
  kernels::initLiRinzel(state, initial, 0, 1);
  std::vector<std::array<double, 3>> trace;
  for (double u : input) {
    T drive = N::fromDouble(u);
    kernels::stepLiRinzel<T>(c, state, &drive, 0, 1);
    trace.push_back({NW::toDouble(N::join(ip3, low[0])),
                     NW::toDouble(N::join(ca, low[1])),
                     NW::toDouble(N::join(h, low[2]))});
  }
  return trace;
}

TEST(Astrocytes, LiRinzelFixedPointKernelErrorIsFarBelowTheAccumStep) {
  // The driven run of the reference test (20 s), compared in the wide type:
  // what the kernel itself loses, without the recordings' s16.15 rounding.
  std::vector<double> input(20000, 0.0);
  for (int64_t step : drivingSpikes())
    input[size_t(step)] = 0.125; // IP3 += 4·0.125 uM, exact in s16.15
  auto d = liRinzelKernelRun<double>(input);
  auto x = liRinzelKernelRun<Accum>(input);
  double worst[3] = {0, 0, 0};
  for (size_t t = 0; t < d.size(); ++t)
    for (int v = 0; v < 3; ++v)
      worst[v] = std::max(worst[v], std::abs(d[t][v] - x[t][v]));
  std::printf("Li-Rinzel kernel, s32.31 vs double, driven, 20 s: max |error| "
              "IP3 %.2g, Ca %.2g, h %.2g\n",
              worst[0], worst[1], worst[2]);
  // Measured 2.5e-6 (IP3: 1/tau_IP3 = 1.4e-4 carries 19 significant bits in
  // s32.31), a twelfth of s16.15's step; s16.15 state alone stays flat.
  const double step = std::ldexp(1.0, -15);
  for (int v = 0; v < 3; ++v)
    EXPECT_LT(worst[v], step / 8) << "variable " << v;
}

TEST(Astrocytes, FixedPointDivisionRoundsAndCountsDivisionByZero) {
  saturationCounter() = 0;
  LongAccum third =
      kernels::divide(LongAccum::fromDouble(1.0), LongAccum::fromDouble(3.0));
  EXPECT_EQ(third.raw(), 715827883); // 2^31/3 = 715827882.67, rounded up
  EXPECT_EQ(
      kernels::divide(LongAccum::fromDouble(-1.0), LongAccum::fromDouble(3.0))
          .raw(),
      -715827883);
  EXPECT_EQ(
      kernels::divide(Accum::fromDouble(1.0), Accum::fromDouble(3.0)).raw(),
      10923); // 2^15/3 = 10922.67
  EXPECT_EQ(saturationCounter(), 0u);
  EXPECT_EQ(kernels::divide(LongAccum::fromDouble(-1.0), LongAccum{}).raw(),
            INT64_MIN);
  EXPECT_EQ(kernels::divide(Accum::fromDouble(1.0), Accum{}).raw(), INT32_MAX);
  EXPECT_EQ(
      kernels::divide(LongAccum::fromDouble(4e9), LongAccum::fromDouble(0.5))
          .raw(),
      INT64_MAX);
  EXPECT_EQ(saturationCounter(), 3u);
  saturationCounter() = 0;
}

TEST(Astrocytes, FixedPointLogarithmUsesIntegersWithin2e6) {
  double worst = 0;
  for (double y = 1.001; y < 2000; y *= 1.0137) {
    LongAccum ln = kernels::logarithm(LongAccum::fromDouble(y));
    worst = std::max(worst, std::abs(ln.toDouble() - std::log(y)));
  }
  EXPECT_LT(worst, 2e-6);
  EXPECT_NEAR(kernels::logarithm(LongAccum::fromDouble(0.25)).toDouble(),
              std::log(0.25), 2e-6);
  saturationCounter() = 0;
  EXPECT_EQ(kernels::logarithm(LongAccum{}).raw(), INT64_MIN); // ln 0
  EXPECT_EQ(saturationCounter(), 1u);
  saturationCounter() = 0;
}

TEST(Astrocytes, LeakyIntegratorInFixedPointTracksDouble) {
  Plan plan = twoNeurons({0, 1, 2, 5, 9, 10}, 0.0);
  plan.astrocytes.push_back(makeAstrocytes("astro", AstroKind::LeakyIntegrator,
                                           1, {{"tau", 100}, {"bias", 0.15}},
                                           {{"A", 0.15}}));
  plan.astroListens.push_back({0, whole(plan, 0), std::nullopt, 0.015});
  plan.astroRecordings.push_back({0, {"A"}, 1});
  const auto &d = stateOf(run(plan, 50), "astro", "A").values;
  const auto &x =
      stateOf(run(plan, 50, 1, Numerics::Fixed), "astro", "A").values;
  for (size_t t = 0; t < d.size(); ++t)
    EXPECT_NEAR(d[t], x[t], 50 * std::ldexp(1.0, -15)) << "step " << t;
}

//===----------------------------------------------------------------------===//
// Threads and the plan file
//===----------------------------------------------------------------------===//

/// randomNetwork with three leaky integrators listening to the neurons (+)
/// and the Poisson input (-), modulating the plastic projection's depression
/// and the "ee" weights, and injecting into the neurons.
Plan astroNetwork() {
  Plan plan = randomNetwork(/*withStdp=*/true);
  plan.astrocytes.push_back(makeAstrocytes("astro", AstroKind::LeakyIntegrator,
                                           3, {{"tau", 20}, {"bias", 0.1}},
                                           {{"A", 0.1}}));
  plan.astrocytes.push_back(makeAstrocytes("calcium", AstroKind::LiRinzel, 2,
                                           {{"IP3_0", 0.5}}, {{"IP3", 0.5}}));
  plan.astroListens.push_back({0, whole(plan, 0), std::nullopt, 0.05});
  plan.astroListens.push_back({0, whole(plan, 1), 2u, -0.02});
  plan.astroListens.push_back({1, whole(plan, 0), std::nullopt, 0.01});
  plan.astroModulations.push_back({0, Modulation::StdpDepression, 3, 0.5});
  plan.astroModulations.push_back({0, Modulation::WeightScale, 0, 0.3});
  plan.astroInjections.push_back({0, Slice{0, 0, 400}, 0.2});
  plan.astroInjections.push_back({1, Slice{0, 400, 100}, 0.01});
  plan.astroRecordings.push_back({0, {"A"}, 1});
  plan.astroRecordings.push_back({1, {"IP3", "Ca", "h", "SIC"}, 5});
  return plan;
}

TEST(Astrocytes, ResultsAreIdenticalForAnyThreadCount) {
  Plan plan = astroNetwork();
  for (Numerics numerics :
       {Numerics::Double, Numerics::Float, Numerics::Fixed}) {
    RunResult one = run(plan, 200, 1, numerics);
    ASSERT_GT(one.populations[0].spikes, 500u);
    for (unsigned threads : {2u, 3u}) {
      RunResult many = run(plan, 200, threads, numerics);
      std::string what = std::string(numericsName(numerics)) + " with " +
                         std::to_string(threads) + " threads";
      ASSERT_EQ(one.recordings.size(), many.recordings.size());
      for (size_t r = 0; r < one.recordings.size(); ++r) {
        EXPECT_EQ(one.recordings[r].spikes.steps,
                  many.recordings[r].spikes.steps)
            << what;
        for (size_t v = 0; v < one.recordings[r].states.size(); ++v)
          EXPECT_EQ(one.recordings[r].states[v].values,
                    many.recordings[r].states[v].values)
              << what;
      }
      EXPECT_EQ(one.plasticWeights[0].weights, many.plasticWeights[0].weights)
          << what;
      EXPECT_EQ(one.saturations, many.saturations) << what;
    }
  }
}

TEST(Astrocytes, PlanFileKeepsTheAstrocyteSections) {
  Plan plan = astroNetwork();
  Plan back = decodePlan(encodePlan(plan));
  ASSERT_EQ(back.astrocytes.size(), 2u);
  EXPECT_EQ(back.astrocytes[1].name, "calcium");
  EXPECT_EQ(back.astrocytes[1].kind, AstroKind::LiRinzel);
  EXPECT_EQ(back.astrocytes[1].parameters, plan.astrocytes[1].parameters);
  EXPECT_EQ(back.astrocytes[1].initial, plan.astrocytes[1].initial);
  ASSERT_EQ(back.astroListens.size(), 3u);
  EXPECT_EQ(back.astroListens[1].projection, std::optional<uint32_t>(2));
  EXPECT_FALSE(back.astroListens[0].projection.has_value());
  EXPECT_EQ(back.astroListens[1].weight, -0.02);
  ASSERT_EQ(back.astroModulations.size(), 2u);
  EXPECT_EQ(back.astroModulations[1].modulation, Modulation::WeightScale);
  ASSERT_EQ(back.astroInjections.size(), 2u);
  EXPECT_EQ(back.astroInjections[1].target.start, 400u);
  ASSERT_EQ(back.astroRecordings.size(), 2u);
  EXPECT_EQ(back.astroRecordings[1].samplingInterval, 5u);
  // The same run from the decoded plan.
  EXPECT_EQ(stateOf(run(plan, 50), "astro", "A").values,
            stateOf(run(back, 50), "astro", "A").values);
}

TEST(Astrocytes, PlanVersionOneIsRefused) {
  // Version 2 added the astrocyte section: a version-1 reader would drop
  // it silently, so version-1 files are refused rather than half-read.
  EXPECT_GE(kPlanFormatVersion, 2u);
  std::vector<uint8_t> bytes = encodePlan(astroNetwork());
  bytes[8] = 1, bytes[9] = bytes[10] = bytes[11] = 0;
  try {
    decodePlan(bytes);
    FAIL() << "a version-1 plan was accepted";
  } catch (const RuntimeError &error) {
    EXPECT_NE(std::string(error.what()).find("version 1"), std::string::npos);
  }
}

TEST(Astrocytes, ValidationNamesTheProblem) {
  Plan plan = astroNetwork();
  plan.astroModulations.push_back({0, Modulation::StdpDepression, 0, 1.0});
  EXPECT_NE(validatePlan(plan).find("static projection 'ee'"),
            std::string::npos);
  plan = astroNetwork();
  plan.astroRecordings.push_back({0, {"Ca"}, 1});
  EXPECT_NE(validatePlan(plan).find("cannot record 'Ca'"), std::string::npos);
  plan = astroNetwork();
  plan.astroInjections.push_back({0, whole(plan, 1), 1.0});
  EXPECT_NE(validatePlan(plan).find("only the LIF cell types"),
            std::string::npos);
  plan = astroNetwork();
  plan.astroModulations.push_back({1, Modulation::WeightScale, 0, 1.0});
  EXPECT_NE(validatePlan(plan).find("the same astrocyte modulation twice"),
            std::string::npos);
}

} // namespace
