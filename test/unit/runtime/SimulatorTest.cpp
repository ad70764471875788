//===- SimulatorTest.cpp - threads, determinism, limits, outputs ----------===//

#include "TestNetworks.h"

#include "glia/Runtime/AtomicFile.h"
#include "glia/Runtime/Output.h"
#include "glia/Runtime/Simulator.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <random>
#include <tuple>

using namespace glia::runtime;
using namespace glia::runtime::testing;
using glia::models::CellKind;

namespace {

RunResult run(const Plan &plan, Numerics numerics, unsigned threads,
              double duration = 200) {
  RunOptions options;
  options.duration = duration;
  options.numerics = numerics;
  options.threads = threads;
  return simulate(plan, options);
}

void expectIdentical(const RunResult &a, const RunResult &b,
                     const std::string &what) {
  ASSERT_EQ(a.recordings.size(), b.recordings.size());
  for (size_t r = 0; r < a.recordings.size(); ++r) {
    EXPECT_EQ(a.recordings[r].spikes.steps, b.recordings[r].spikes.steps)
        << what;
    EXPECT_EQ(a.recordings[r].spikes.neurons, b.recordings[r].spikes.neurons)
        << what;
    for (size_t v = 0; v < a.recordings[r].states.size(); ++v)
      EXPECT_EQ(a.recordings[r].states[v].values,
                b.recordings[r].states[v].values)
          << what;
  }
  ASSERT_EQ(a.plasticWeights.size(), b.plasticWeights.size());
  for (size_t p = 0; p < a.plasticWeights.size(); ++p) {
    EXPECT_EQ(a.plasticWeights[p].pre, b.plasticWeights[p].pre) << what;
    EXPECT_EQ(a.plasticWeights[p].post, b.plasticWeights[p].post) << what;
    EXPECT_EQ(a.plasticWeights[p].weights, b.plasticWeights[p].weights) << what;
  }
  EXPECT_EQ(a.synapses, b.synapses) << what;
  EXPECT_EQ(a.synapticEvents, b.synapticEvents) << what;
}

TEST(Simulator, SpikesAreIdenticalForOneTwoAndThreeThreads) {
  Plan plan = randomNetwork(/*withStdp=*/true);
  for (Numerics numerics :
       {Numerics::Double, Numerics::Float, Numerics::Fixed}) {
    RunResult one = run(plan, numerics, 1);
    // The network must be active for the comparison to mean anything.
    ASSERT_GT(one.populations[0].spikes, 500u) << numericsName(numerics);
    ASSERT_GT(one.synapticEvents, 10000u);
    for (unsigned threads : {2u, 3u})
      expectIdentical(one, run(plan, numerics, threads),
                      std::string(numericsName(numerics)) + " with " +
                          std::to_string(threads) + " threads");
  }
}

TEST(Simulator, RecordedViewsAreIdenticalForAnyThreadCount) {
  // Views that straddle thread boundaries (500 neurons: 250 | 250 with two
  // threads, 166 | 167 | 167 with three), a neuron, and the first few.
  Plan plan = randomNetwork(/*withStdp=*/false);
  plan.recordings.push_back({{0, 240, 20}, {"spikes"}, 1});
  plan.recordings.push_back({{0, 160, 180}, {"spikes", "v"}, 3});
  plan.recordings.push_back({{0, 499, 1}, {"spikes"}, 1});
  plan.recordings.push_back({{0, 0, 3}, {"spikes"}, 1});
  RunResult one = run(plan, Numerics::Float, 1);
  ASSERT_GT(one.recordings[2].spikes.steps.size(), 50u);
  for (unsigned threads : {2u, 3u, 4u, 7u})
    expectIdentical(one, run(plan, Numerics::Float, threads),
                    std::to_string(threads) + " threads");
  // More threads than steps: each step's recorder is another thread.
  RunResult twoSteps = run(plan, Numerics::Float, 1, 0.2);
  expectIdentical(twoSteps, run(plan, Numerics::Float, 5, 0.2),
                  "5 threads, 2 steps");
}

TEST(Simulator, InitialValuesSampledInParallelAreIdenticalForAnyThreadCount) {
  // 20,000 neurons: above the size from which the build samples initial
  // values on several threads (runShares). In fixed point each isyn_exc of
  // 1e6 nA saturates when converted, on whichever thread samples it, and
  // the build counts every one.
  Plan plan;
  plan.timestep = 0.1;
  plan.seed = 3;
  plan.populations.push_back(
      makePopulation("cells", CellKind::IfCurrExp, 20000, {},
                     {{"v", Value::ofUniform(-70, -50)},
                      {"isyn_exc", Value::ofConstant(1e6)}}));
  plan.recordings.push_back({whole(plan, 0), {"v"}, 1});
  for (Numerics numerics : {Numerics::Float, Numerics::Fixed}) {
    RunResult one = run(plan, numerics, 1, 0.2);
    ASSERT_EQ(one.recordings[0].states[0].values.size(), 2u * 20000);
    if (numerics == Numerics::Fixed) {
      EXPECT_GE(one.saturations, 20000u);
    }
    for (unsigned threads : {2u, 3u}) {
      RunResult many = run(plan, numerics, threads, 0.2);
      std::string what = std::string(numericsName(numerics)) + " with " +
                         std::to_string(threads) + " threads";
      expectIdentical(one, many, what);
      EXPECT_EQ(one.saturations, many.saturations) << what;
    }
  }
}

/// randomNetwork with every delay one step and only v recorded: its input
/// goes straight into the synaptic currents, not through ring slots.
Plan delayOneNetwork() {
  Plan plan = randomNetwork(/*withStdp=*/true);
  for (ProjectionPlan &projection : plan.projections)
    projection.delay = Value::ofConstant(1);
  return plan;
}

TEST(Simulator, DelayOneInputInTheStateIsIdenticalForAnyThreadCount) {
  Plan plan = delayOneNetwork();
  for (Numerics numerics :
       {Numerics::Double, Numerics::Float, Numerics::Fixed}) {
    RunResult one = run(plan, numerics, 1);
    ASSERT_GT(one.populations[0].spikes, 500u) << numericsName(numerics);
    for (unsigned threads : {2u, 3u})
      expectIdentical(one, run(plan, numerics, threads),
                      std::string(numericsName(numerics)) + " with " +
                          std::to_string(threads) + " threads");
  }
}

/// randomNetwork with one-step delays, no STDP and a second fusable
/// projection from each population: both populations' static projections
/// are fused (docs/runtime.md, Fused rows), and `all` keeps its synaptic
/// currents in a frame, folded into the stored values once for inh and
/// twice for exc over 3,000 steps.
Plan fusedFrameNetwork() {
  Plan plan = randomNetwork(/*withStdp=*/false);
  for (ProjectionPlan &projection : plan.projections)
    projection.delay = Value::ofConstant(1);
  Slice exc{0, 0, 400}, all = whole(plan, 0);
  plan.projections.push_back(makeProjection(
      "ee2", all, all, connectorOf(ConnectorKind::FixedProbability, 0.02),
      Value::ofConstant(0.2), 1, Receptor::Excitatory, 13));
  plan.projections.push_back(
      makeProjection("input2", whole(plan, 1), exc,
                     connectorOf(ConnectorKind::FixedProbability, 0.1),
                     Value::ofUniform(0.5, 1.0), 1, Receptor::Excitatory, 17));
  return plan;
}

TEST(Simulator, FusedRowsAndFramesAreIdenticalForAnyThreadCount) {
  Plan plan = fusedFrameNetwork();
  for (Numerics numerics :
       {Numerics::Double, Numerics::Float, Numerics::Fixed}) {
    RunResult one = run(plan, numerics, 1, 300);
    ASSERT_GT(one.populations[0].spikes, 500u) << numericsName(numerics);
    for (unsigned threads : {2u, 3u})
      expectIdentical(one, run(plan, numerics, threads, 300),
                      std::string(numericsName(numerics)) + " with " +
                          std::to_string(threads) + " threads");
  }
}

/// One input per neuron and step. Recording the synaptic currents keeps the
/// ring slots and the currents stored every step; without, the input goes
/// straight into the currents, kept in a decaying frame. The two must give
/// the same spikes and, to rounding, the same voltages; and the currents
/// must hold each input from the step after its spike. At dt 1 ms the
/// frames fall below their floor and are folded into the stored values
/// twice (every 104 steps with tau_syn 5 ms), with inputs after each fold.
TEST(Simulator, DelayOneInputActsAtTheNextStepWhetherOrNotCurrentsAreRecorded) {
  for (double timestep : {0.1, 1.0})
    for (CellKind kind : {CellKind::IfCurrExp, CellKind::IfCondExp}) {
      Plan plan;
      plan.timestep = timestep;
      std::vector<std::vector<int64_t>> excTrains, inhTrains;
      for (int64_t k = 0; k < 4; ++k) {
        excTrains.push_back({3 + k, 20 + 2 * k, 21 + 2 * k, 22 + 2 * k, 60,
                             150 + k, 151 + k, 152 + k, 260, 261 + k, 262 + k});
        inhTrains.push_back({10 + k, 40, 41 + k, 155, 265 + k});
      }
      plan.populations.push_back(makeSpikeArray("exc", excTrains));
      plan.populations.push_back(makeSpikeArray("inh", inhTrains));
      plan.populations.push_back(makePopulation("cells", kind, 4));
      bool conductance = kind == CellKind::IfCondExp;
      plan.projections.push_back(
          makeProjection("e", whole(plan, 0), whole(plan, 2),
                         connectorOf(ConnectorKind::OneToOne),
                         Value::ofConstant(conductance ? 0.05 : 2.5), 1,
                         Receptor::Excitatory));
      plan.projections.push_back(
          makeProjection("i", whole(plan, 1), whole(plan, 2),
                         connectorOf(ConnectorKind::OneToOne),
                         Value::ofConstant(conductance ? 0.05 : -1.0), 1,
                         Receptor::Inhibitory));
      const char *exc = conductance ? "gsyn_exc" : "isyn_exc";
      Plan withCurrents = plan;
      plan.recordings.push_back({whole(plan, 2), {"spikes", "v"}, 1});
      withCurrents.recordings.push_back(
          {whole(plan, 2), {"spikes", "v", exc}, 1});
      double duration = 300 * timestep;
      for (Numerics numerics : {Numerics::Double, Numerics::Float}) {
        SCOPED_TRACE(std::string(numericsName(numerics)) + " dt " +
                     std::to_string(timestep));
        RunResult inFrame = run(plan, numerics, 1, duration);
        RunResult inSlots = run(withCurrents, numerics, 1, duration);
        const RecordingResult &a = inFrame.recordings[0];
        const RecordingResult &b = inSlots.recordings[0];
        EXPECT_GT(a.spikes.steps.size(), 2u);
        EXPECT_EQ(a.spikes.steps, b.spikes.steps);
        EXPECT_EQ(a.spikes.neurons, b.spikes.neurons);
        const std::vector<double> &v = a.states[0].values;
        ASSERT_EQ(v.size(), b.states[0].values.size());
        double tolerance = numerics == Numerics::Double ? 1e-9 : 1e-3;
        for (size_t i = 0; i < v.size(); ++i)
          ASSERT_NEAR(v[i], b.states[0].values[i], tolerance) << "sample " << i;
        // Neuron 0's first input spike is at step 3: its current is sampled
        // before each step's update, so it is 0 up to step 4 and the weight
        // (decayed once) at step 5.
        const std::vector<double> &current = b.states[1].values;
        EXPECT_EQ(current[4 * 4], 0.0);
        EXPECT_GT(current[5 * 4], 0.0);
      }
    }
}

TEST(Simulator, PlasticityChangesWeights) {
  RunResult result = run(randomNetwork(true), Numerics::Double, 2);
  ASSERT_EQ(result.plasticWeights.size(), 1u);
  Plan plan = randomNetwork(true);
  const std::vector<double> &weights = result.plasticWeights[0].weights;
  size_t changed = 0;
  for (double w : weights) {
    EXPECT_GE(w, 0.0);
    EXPECT_LE(w, 1.0);
    changed += w < 0.1 || w >= 0.5; // outside the initial uniform(0.1, 0.5)
  }
  EXPECT_GT(changed, 0u);
}

TEST(Simulator, FixedPointSaturationIsCountedNotSilent) {
  Plan plan;
  plan.timestep = 0.1;
  // An offset current whose per-step drive exceeds the s16.15 range.
  plan.populations.push_back(
      makePopulation("hot", CellKind::IfCurrExp, 2, {{"i_offset", 1e7}}));
  RunResult result = run(plan, Numerics::Fixed, 1, 5);
  EXPECT_GT(result.saturations, 0u);
  RunResult exact = run(plan, Numerics::Double, 1, 5);
  EXPECT_EQ(exact.saturations, 0u);
}

TEST(Simulator, NonFiniteStateIsCountedNotSilent) {
  Plan plan;
  plan.timestep = 0.1;
  // A finite offset current whose resting drive overflows float and double
  // alike, in two neurons of five; a weight near the largest double, whose
  // sum over two spikes overflows, onto a third.
  plan.populations.push_back(makePopulation("quiet", CellKind::IfCurrExp, 3));
  plan.populations.push_back(
      makePopulation("hot", CellKind::IfCurrExp, 2, {{"i_offset", -1e308}}));
  plan.populations.push_back(makeSpikeArray("kicks", {{1, 3}}));
  Slice target = whole(plan, 0);
  target.size = 1;
  plan.projections.push_back(makeProjection(
      "huge", whole(plan, 2), target, connectorOf(ConnectorKind::AllToAll),
      Value::ofConstant(1e308), 1, Receptor::Excitatory));
  for (Numerics numerics : {Numerics::Double, Numerics::Float}) {
    for (unsigned threads : {1u, 2u}) {
      RunResult result = run(plan, numerics, threads, 1);
      EXPECT_EQ(result.populations[0].nonFinite, 1u);
      EXPECT_EQ(result.populations[1].nonFinite, 2u);
      EXPECT_EQ(result.populations[2].nonFinite, 0u); // no state
    }
  }
  // Fixed point saturates instead, and counts that.
  RunResult fixed = run(plan, Numerics::Fixed, 1, 1);
  EXPECT_EQ(fixed.populations[0].nonFinite + fixed.populations[1].nonFinite,
            0u);
  EXPECT_GT(fixed.saturations, 0u);
}

TEST(Simulator, RefusesDelaysBeyondTheLimit) {
  Plan plan = randomNetwork(false);
  plan.projections[0].delay = Value::ofConstant(70000);
  EXPECT_THROW(run(plan, Numerics::Double, 1, 1), RuntimeError);
  // Per-synapse delays: each row's longest is checked as it is built.
  Plan drawn = randomNetwork(false);
  drawn.projections[0].delay = Value::ofUniform(65000, 70000);
  EXPECT_THROW(run(drawn, Numerics::Double, 1, 1), RuntimeError);
  Plan invalid = randomNetwork(false);
  invalid.populations[0].initial[0] = Value::ofArray({1, 2}); // wrong length
  EXPECT_THROW(run(invalid, Numerics::Double, 1, 1), RuntimeError);
}

/// One plastic synapse of pairedDelaysPlan, replayed from the recorded
/// spikes: the pair rule (additive, all-to-all) applied event by event in
/// the simulator's order. A pre spike at step p depresses in step p by the
/// posts q with q + d <= p; a post spike q is seen at T = q + d and
/// potentiates at the end of step T - 1 by the pres p < T.
double replaySynapse(double weight, uint32_t delay,
                     const std::vector<int64_t> &pres,
                     const std::vector<int64_t> &posts, const Stdp &rule,
                     double dt, int64_t steps) {
  struct Event {
    int64_t step;
    int order; // 0: depression in the step, 1: potentiation at its end
    int64_t at;
  };
  std::vector<Event> events;
  for (int64_t p : pres)
    events.push_back({p, 0, p});
  for (int64_t q : posts)
    if (q + delay - 1 < steps)
      events.push_back({q + delay - 1, 1, q + delay});
  std::sort(events.begin(), events.end(), [](const Event &a, const Event &b) {
    return std::tie(a.step, a.order) < std::tie(b.step, b.order);
  });
  double range = rule.wMax - rule.wMin;
  for (const Event &event : events) {
    double trace = 0;
    if (event.order == 0) {
      for (int64_t q : posts)
        if (q + delay <= event.at)
          trace += std::exp(-double(event.at - q - delay) * dt / rule.tauMinus);
      weight -= rule.aMinus * range * trace;
    } else {
      for (int64_t p : pres)
        if (p < event.at)
          trace += std::exp(-double(event.at - p) * dt / rule.tauPlus);
      weight += rule.aPlus * range * trace;
    }
    weight = std::clamp(weight, rule.wMin, rule.wMax);
  }
  return weight;
}

/// Poisson sources onto neurons through plastic synapses listed one by one,
/// each with a delay of its own (3-30 steps: spikes join the history 3
/// steps late); both populations recorded.
Plan pairedDelaysPlan() {
  Plan plan;
  plan.network = "delays";
  plan.timestep = 0.1;
  plan.seed = 5;
  plan.populations.push_back(makePopulation(
      "inputs", CellKind::SpikeSourcePoisson, 12, {{"rate", 40}}));
  plan.populations.push_back(
      makePopulation("neurons", CellKind::IfCurrExp, 5,
                     {{"tau_refrac", 1}, {"i_offset", 0.6}, {"v_thresh", -55}},
                     {{"v", Value::ofUniform(-65, -55)}}));
  Connector list = connectorOf(ConnectorKind::FromList);
  std::mt19937 draw(11);
  for (uint32_t pre = 0; pre < 12; ++pre)
    for (uint32_t post = 0; post < 5; ++post) {
      list.listPre.push_back(pre);
      list.listPost.push_back(post);
      list.listDelays.push_back(double(3 + draw() % 28));
    }
  ProjectionPlan plastic =
      makeProjection("plastic", whole(plan, 0), whole(plan, 1), list,
                     Value::ofConstant(0.5), 1, Receptor::Excitatory);
  plastic.stdp = Stdp{20, 10, 0.01, 0.012, WeightDependence::Additive, 0, 1};
  plan.projections.push_back(plastic);
  plan.recordings.push_back({whole(plan, 0), {"spikes"}, 1});
  plan.recordings.push_back({whole(plan, 1), {"spikes"}, 1});
  return plan;
}

TEST(Simulator, PairRuleSynapsesSeePostSpikesTheirOwnDelayLate) {
  Plan plan = pairedDelaysPlan();
  const Connector &list = plan.projections[0].connector;
  const Stdp &rule = *plan.projections[0].stdp;
  RunResult one = run(plan, Numerics::Double, 1, 300);
  for (unsigned threads : {2u, 3u})
    expectIdentical(one, run(plan, Numerics::Double, threads, 300),
                    std::to_string(threads) + " threads");
  auto trains = [&](const SpikeRecording &spikes, uint32_t size) {
    std::vector<std::vector<int64_t>> byNeuron(size);
    for (size_t s = 0; s < spikes.steps.size(); ++s)
      byNeuron[spikes.neurons[s]].push_back(spikes.steps[s]);
    return byNeuron;
  };
  auto pres = trains(one.recordings[0].spikes, 12);
  auto posts = trains(one.recordings[1].spikes, 5);
  for (const auto &train : posts)
    ASSERT_GE(train.size(), 5u) << "each neuron must fire for the test to bite";
  ASSERT_EQ(one.plasticWeights.size(), 1u);
  const SynapseWeights &weights = one.plasticWeights[0];
  ASSERT_EQ(weights.weights.size(), list.listPre.size());
  size_t moved = 0;
  for (size_t s = 0; s < weights.weights.size(); ++s) {
    // Listed in (pre, post) order, one synapse per pair: entry s.
    ASSERT_EQ(weights.pre[s], list.listPre[s]);
    ASSERT_EQ(weights.post[s], list.listPost[s]);
    double expected = replaySynapse(
        0.5, uint32_t(list.listDelays[s]), pres[list.listPre[s]],
        posts[list.listPost[s]], rule, plan.timestep, int64_t(one.steps));
    EXPECT_NEAR(weights.weights[s], expected, 1e-9)
        << "synapse " << s << ", delay " << list.listDelays[s];
    moved += std::abs(expected - 0.5) > 1e-3;
  }
  EXPECT_GT(moved, weights.weights.size() / 2);
}

TEST(Simulator, AResetThatRoundsToTheThresholdFiresEveryStep) {
  // v_reset 1e-6 mV below v_thresh: below it in double, equal to it in
  // float and s16.15. There the neurons fire at every step, refractory or
  // not, and the postsynaptic history must keep a spike per step of the
  // longest delay (kernels::shortestRefractory counts them as never
  // refractory).
  Plan plan = pairedDelaysPlan();
  plan.populations[1] = makePopulation(
      "neurons", CellKind::IfCurrExp, 5,
      {{"tau_refrac", 1}, {"v_reset", -55.000001}, {"v_thresh", -55}},
      {{"v", Value::ofConstant(-50)}});
  for (Numerics numerics : {Numerics::Float, Numerics::Fixed}) {
    RunResult result = run(plan, numerics, 2, 30);
    EXPECT_EQ(result.populations[1].spikes, 5u * result.steps);
  }
  RunResult exact = run(plan, Numerics::Double, 2, 30);
  EXPECT_LT(exact.populations[1].spikes, 5u * exact.steps / 2);
}

TEST(Simulator, RecordedVoltageIsTheResetWhileHeld) {
  // The membrane is held at v_reset for tau_refrac after a spike, in every
  // numerics and LIF kind. v is sampled before each step's update: after a
  // spike at step s, the samples of steps s + 1 to s + 1 + 20 (2 ms) are
  // v_reset, and the next has integrated.
  for (CellKind kind :
       {CellKind::IfCurrExp, CellKind::IfCondExp, CellKind::IfCurrAlpha}) {
    Plan plan;
    plan.populations.push_back(makePopulation(
        "cells", kind, 3, {{"i_offset", 2.5}, {"tau_refrac", 2}}));
    plan.recordings.push_back({whole(plan, 0), {"spikes", "v"}, 1});
    ASSERT_EQ(plan.timestep, 0.1);
    for (Numerics numerics :
         {Numerics::Double, Numerics::Float, Numerics::Fixed}) {
      SCOPED_TRACE(std::string(numericsName(numerics)) + " " +
                   std::string(glia::models::cellType(kind).name));
      RunResult result = run(plan, numerics, 2, 50);
      const RecordingResult &recording = result.recordings[0];
      const std::vector<double> &v = recording.states[0].values;
      ASSERT_GT(recording.spikes.steps.size(), 6u);
      for (double sample : v) {
        ASSERT_FALSE(std::isnan(sample));
      }
      for (size_t k = 0; k < recording.spikes.steps.size(); ++k) {
        uint64_t s = uint64_t(recording.spikes.steps[k]);
        uint32_t i = recording.spikes.neurons[k];
        for (uint64_t t = s + 1; t <= s + 21 && t < result.steps; ++t) {
          ASSERT_EQ(v[t * 3 + i], -65.0) << "step " << t;
        }
        if (s + 22 < result.steps) {
          EXPECT_GT(v[(s + 22) * 3 + i], -65.0);
        }
      }
    }
  }
}

TEST(Simulator, RefusesAPostSpikeHistoryNoMachineCouldHold) {
  // Delays of 1 to 65,000 steps onto Izhikevich neurons (no refractory
  // period): 65,000 spikes to keep per neuron.
  Plan plan = pairedDelaysPlan();
  plan.populations[1] =
      makePopulation("neurons", CellKind::Izhikevich, 5000, {});
  plan.projections[0].post = whole(plan, 1);
  plan.projections[0].connector = connectorOf(ConnectorKind::AllToAll);
  plan.projections[0].delay = Value::ofUniform(1, 65000);
  plan.recordings.pop_back();
  try {
    run(plan, Numerics::Double, 1, 1);
    FAIL() << "expected a RuntimeError";
  } catch (const RuntimeError &error) {
    EXPECT_NE(std::string(error.what()).find("more than 2^28"),
              std::string::npos)
        << error.what();
  }
}

TEST(Simulator, AProfileTimesEachThreadWithinTheLoopAndChangesNothing) {
  Plan plan = randomNetwork(/*withStdp=*/true);
  RunResult plain = run(plan, Numerics::Double, 2);
  EXPECT_TRUE(plain.threadTimes.empty());
  RunOptions options;
  options.duration = 200;
  options.threads = 2;
  options.profile = true;
  RunResult profiled = simulate(plan, options);
  expectIdentical(plain, profiled, "profiled");
  ASSERT_EQ(profiled.threadTimes.size(), 2u);
  for (const ThreadTimes &times : profiled.threadTimes) {
    EXPECT_GT(times.update, 0);
    EXPECT_GT(times.delivery, 0);
    EXPECT_GE(times.recording, 0);
    EXPECT_GE(times.waiting, 0);
    // The phases are laps of one clock inside the loop's time.
    EXPECT_LE(times.update + times.delivery + times.recording + times.waiting,
              profiled.simulateSeconds);
  }
}

TEST(Simulator, StatisticsSummariseTheRun) {
  RunResult result = run(randomNetwork(false), Numerics::Double, 2, 100);
  EXPECT_EQ(result.steps, 1000u);
  const PopulationStatistics &noise = result.populations[1];
  EXPECT_EQ(noise.size, 50u);
  // 20 Hz Poisson: the rate estimate from 5 s of neuron time.
  EXPECT_NEAR(noise.meanRate, 20, 5);
  uint64_t recorded = result.recordings[1].spikes.steps.size();
  EXPECT_EQ(recorded, noise.spikes);
}

//===----------------------------------------------------------------------===//
// Output files
//===----------------------------------------------------------------------===//

std::string temporaryPath(const std::string &name) {
  return ::testing::TempDir() + "/glia-runtime-" + name;
}

TEST(Output, NpyHeaderIsAlignedAndDescribesTheArray) {
  std::vector<uint8_t> npy = npyHeader("<f8", {2, 3});
  uint16_t headerLength = uint16_t(npy[8] | (npy[9] << 8));
  EXPECT_EQ((10 + headerLength) % 64, 0);
  EXPECT_EQ(npy.size(), 10u + headerLength);
  std::string header(npy.begin() + 10, npy.end());
  EXPECT_NE(header.find("'descr': '<f8'"), std::string::npos) << header;
  EXPECT_NE(header.find("'shape': (2, 3)"), std::string::npos) << header;
  std::vector<uint8_t> vector = npyHeader("<i8", {4});
  std::string shape(vector.begin() + 10, vector.end());
  EXPECT_NE(shape.find("'shape': (4,)"), std::string::npos) << shape;
}

TEST(Output, WritesCsvAndLeavesNothingBehindOnError) {
  RunResult result = run(randomNetwork(false), Numerics::Double, 1, 20);
  std::string path = temporaryPath("spikes.csv");
  writeRecordings(result, path);
  std::vector<uint8_t> bytes = readWholeFile(path);
  std::string text(bytes.begin(), bytes.end());
  EXPECT_EQ(text.rfind("population,variable,neuron,time_ms,value\n", 0), 0u);
  EXPECT_NE(text.find("\nall,v,0,0,"), std::string::npos);
  std::remove(path.c_str());

  // .npy cannot hold state variables: an error, and no file.
  std::string npy = temporaryPath("spikes.npy");
  EXPECT_THROW(writeRecordings(result, npy), RuntimeError);
  EXPECT_FALSE(std::ifstream(npy).good());
  // A directory that does not exist: an error, not a crash.
  EXPECT_THROW(writeRecordings(result, "/nonexistent-dir/x.csv"), RuntimeError);
  EXPECT_THROW(writeRecordings(result, temporaryPath("x.txt")), RuntimeError);
}

TEST(Output, NpzIsAStoredZipOfNpyFiles) {
  RunResult result = run(randomNetwork(false), Numerics::Double, 1, 20);
  std::string path = temporaryPath("out.npz");
  writeRecordings(result, path);
  std::vector<uint8_t> bytes = readWholeFile(path);
  std::remove(path.c_str());
  ASSERT_GT(bytes.size(), 22u);
  EXPECT_EQ(bytes[0], 'P');
  EXPECT_EQ(bytes[1], 'K');
  // End-of-central-directory record: 6 entries (all: spikes x2 + v x2,
  // noise: spikes x2).
  size_t end = bytes.size() - 22;
  EXPECT_EQ(bytes[end], 0x50);
  EXPECT_EQ(bytes[end + 10] | (bytes[end + 11] << 8), 6);
  std::string text(bytes.begin(), bytes.end());
  EXPECT_NE(text.find("all.spikes_times.npy"), std::string::npos);
  EXPECT_NE(text.find("all.v.npy"), std::string::npos);
  EXPECT_NE(text.find("noise.spikes_neurons.npy"), std::string::npos);
}

/// Little-endian fields of a zip archive.
uint64_t fieldAt(const std::vector<uint8_t> &bytes, size_t at, int size) {
  uint64_t value = 0;
  for (int i = size - 1; i >= 0; --i)
    value = value << 8 | bytes.at(at + i);
  return value;
}

/// Writes `entries` to a zip file and returns its bytes.
std::vector<uint8_t> zipBytes(const std::string &path,
                              const std::vector<ZipEntry> &entries,
                              const ZipLimits &limits = {}) {
  {
    std::ofstream out(path, std::ios::binary);
    writeStoredZip(out, entries, limits);
  }
  return readWholeFile(path);
}

/// What Python's zipfile (np.load's reader) reads in the archive at `path`:
/// the number of members and the first three's names and bytes, as text;
/// nothing if there is no python3 to ask.
std::optional<std::string> readWithPython(const std::string &path) {
  if (std::system("python3 -c pass > /dev/null 2>&1") != 0) {
    std::cerr << "note: no python3; " << path
              << " is not read back with zipfile\n";
    return std::nullopt;
  }
  std::string listing = path + ".txt";
  std::string command =
      "python3 -c \"import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); "
      "assert z.testzip() is None; "
      "print(len(z.namelist()), [(n, z.read(n)) for n in z.namelist()[:3]])\" "
      "'" +
      path + "' > '" + listing + "' 2>&1";
  int status = std::system(command.c_str());
  std::vector<uint8_t> text = readWholeFile(listing);
  std::remove(listing.c_str());
  return (status == 0 ? "" : "failed: ") +
         std::string(text.begin(), text.end());
}

ZipEntry textEntry(std::string name, std::string text) {
  auto shared = std::make_shared<std::string>(std::move(text));
  uint64_t bytes = shared->size();
  return {std::move(name), bytes, [shared](const ByteSink &sink) {
            // In two chunks, as converted arrays come.
            size_t half = shared->size() / 2;
            sink(shared->data(), half);
            sink(shared->data() + half, shared->size() - half);
          }};
}

/// Offsets in a zip archive: its local headers come first, and the
/// central directory's first record starts at `directory`.
struct ZipLayout {
  size_t end, locator, record, directory;
};

ZipLayout layoutOf(const std::vector<uint8_t> &bytes) {
  ZipLayout layout;
  layout.end = bytes.size() - 22;
  layout.locator = layout.end - 20;
  layout.record = fieldAt(bytes, layout.locator + 8, 8);
  layout.directory = fieldAt(bytes, layout.end + 16, 4);
  if (layout.directory == 0xffffffffu)
    layout.directory = fieldAt(bytes, layout.record + 48, 8);
  return layout;
}

const std::vector<ZipEntry> kTwoMembers = {textEntry("a.npy", "first member"),
                                           textEntry("b.npy", "")};
const std::string kTwoMembersInPython =
    "2 [('a.npy', b'first member'), ('b.npy', b'')]\n";

TEST(Output, Zip64RecordsHoldWhatDoesNotFit) {
  // Every limit at 0: every size and offset, and the count, in zip64.
  std::string path = temporaryPath("zip64.zip");
  std::vector<uint8_t> bytes = zipBytes(path, kTwoMembers, {0, 0, 0});
  // The local header: version 4.5 and a zip64 field (id 1) with both sizes.
  EXPECT_EQ(fieldAt(bytes, 0, 4), 0x04034b50u);
  EXPECT_EQ(fieldAt(bytes, 4, 2), 45u);
  EXPECT_EQ(fieldAt(bytes, 18, 4), 0xffffffffu);
  EXPECT_EQ(fieldAt(bytes, 28, 2), 20u);
  EXPECT_EQ(fieldAt(bytes, 30 + 5, 2), 1u);
  EXPECT_EQ(fieldAt(bytes, 30 + 5 + 4, 8), 12u);
  // The directory's zip64 field: both sizes and the offset.
  ZipLayout zip = layoutOf(bytes);
  EXPECT_EQ(fieldAt(bytes, zip.directory + 30, 2), 4u + 24u);
  EXPECT_EQ(fieldAt(bytes, zip.directory + 46 + 5 + 20, 8), 0u); // offset
  // The end: zip64's record, its locator, then the classic record with
  // all ones where zip64's record holds the value.
  EXPECT_EQ(fieldAt(bytes, zip.end, 4), 0x06054b50u);
  EXPECT_EQ(fieldAt(bytes, zip.end + 10, 2), 0xffffu);
  EXPECT_EQ(fieldAt(bytes, zip.locator, 4), 0x07064b50u);
  EXPECT_EQ(fieldAt(bytes, zip.record, 4), 0x06064b50u);
  EXPECT_EQ(fieldAt(bytes, zip.record + 32, 8), 2u); // members
  if (std::optional<std::string> python = readWithPython(path)) {
    EXPECT_EQ(*python, kTwoMembersInPython);
  }
  std::remove(path.c_str());
}

TEST(Output, Zip64SizesAloneOrOffsetsAlone) {
  std::string path = temporaryPath("zip64-parts.zip");
  // Sizes only: the directory's field holds the two sizes.
  std::vector<uint8_t> sizes =
      zipBytes(path, kTwoMembers, {0, uint64_t(-1), uint64_t(-1)});
  ZipLayout zip = layoutOf(sizes);
  EXPECT_EQ(fieldAt(sizes, zip.directory + 30, 2), 4u + 16u);
  EXPECT_EQ(fieldAt(sizes, zip.directory + 42, 4), 0u); // offset, classic
  // (the directory's size is held to the same limit: zip64's end too)
  EXPECT_EQ(fieldAt(sizes, zip.locator, 4), 0x07064b50u);
  EXPECT_EQ(fieldAt(sizes, zip.end + 12, 4), 0xffffffffu);
  if (std::optional<std::string> python = readWithPython(path)) {
    EXPECT_EQ(*python, kTwoMembersInPython);
  }
  // Offsets from 1 on: the second member's offset alone is in zip64's
  // field; its local header says version 4.5 and has no extra field.
  std::vector<uint8_t> offsets =
      zipBytes(path, kTwoMembers, {uint64_t(-1), 1, uint64_t(-1)});
  size_t second = 30 + 5 + 12;
  EXPECT_EQ(fieldAt(offsets, second, 4), 0x04034b50u);
  EXPECT_EQ(fieldAt(offsets, second + 4, 2), 45u);
  EXPECT_EQ(fieldAt(offsets, second + 28, 2), 0u);
  zip = layoutOf(offsets);
  size_t secondRecord = zip.directory + 46 + 5;
  EXPECT_EQ(fieldAt(offsets, secondRecord + 30, 2), 4u + 8u);
  EXPECT_EQ(fieldAt(offsets, secondRecord + 42, 4), 0xffffffffu);
  EXPECT_EQ(fieldAt(offsets, secondRecord + 46 + 5 + 4, 8), second);
  if (std::optional<std::string> python = readWithPython(path)) {
    EXPECT_EQ(*python, kTwoMembersInPython);
  }
  std::remove(path.c_str());
}

TEST(Output, Zip64sEndFromThe65535thMember) {
  // The format's own limit: a count of 65535 would read as "see zip64".
  std::vector<ZipEntry> entries;
  for (int i = 0; i < 65535; ++i)
    entries.push_back(textEntry(std::to_string(i), std::to_string(i)));
  std::string path = temporaryPath("many.zip");
  std::vector<uint8_t> bytes = zipBytes(path, entries);
  ZipLayout zip = layoutOf(bytes);
  EXPECT_EQ(fieldAt(bytes, zip.end + 10, 2), 0xffffu);
  EXPECT_EQ(fieldAt(bytes, zip.locator, 4), 0x07064b50u);
  EXPECT_EQ(fieldAt(bytes, zip.record, 4), 0x06064b50u);
  EXPECT_EQ(fieldAt(bytes, zip.record + 32, 8), 65535u);
  EXPECT_EQ(fieldAt(bytes, 4, 2), 20u); // small members stay zip 2.0
  if (std::optional<std::string> python = readWithPython(path)) {
    EXPECT_EQ(*python, "65535 [('0', b'0'), ('1', b'1'), ('2', b'2')]\n");
  }
  // One fewer: no zip64 at all.
  entries.pop_back();
  bytes = zipBytes(path, entries);
  EXPECT_EQ(fieldAt(bytes, bytes.size() - 22 + 10, 2), 65534u);
  EXPECT_NE(fieldAt(bytes, bytes.size() - 42, 4), 0x07064b50u);
  std::remove(path.c_str());
}

TEST(Output, AMemberWhoseSizeIsWrongIsAnError) {
  std::string path = temporaryPath("wrong.zip");
  std::ofstream out(path, std::ios::binary);
  ZipEntry entry = textEntry("a", "four");
  entry.bytes = 5;
  EXPECT_THROW(writeStoredZip(out, {entry}), RuntimeError);
  // Right the first time (the CRC), wrong the second (the bytes written).
  auto calls = std::make_shared<int>(0);
  ZipEntry fickle{"b", 4, [calls](const ByteSink &sink) {
                    sink("four!", ++*calls == 1 ? 4 : 5);
                  }};
  EXPECT_THROW(writeStoredZip(out, {fickle}), RuntimeError);
  out.close();
  std::remove(path.c_str());
}

/// Two plastic projections' weights, as a run reports them.
RunResult plasticResult() {
  RunResult result;
  result.plasticWeights.push_back(
      sortedSynapseWeights("ee", {{1, 0, 0.25}, {0, 2, -1.5e-3}}));
  result.plasticWeights.push_back(sortedSynapseWeights("ei", {{3, 4, 0.1}}));
  return result;
}

TEST(Output, WeightsAreWrittenAsCsv) {
  std::string path = temporaryPath("weights.csv");
  writeWeights(plasticResult(), path);
  std::vector<uint8_t> bytes = readWholeFile(path);
  std::remove(path.c_str());
  EXPECT_EQ(std::string(bytes.begin(), bytes.end()),
            "projection,pre,post,weight\n"
            "ee,0,2,-0.0015\n"
            "ee,1,0,0.25\n"
            "ei,3,4,0.1\n");
}

TEST(Output, LabelsAreQuotedInCsv) {
  // A label may hold what CSV uses: quoted as RFC 4180 says.
  RunResult result;
  result.plasticWeights.push_back(
      sortedSynapseWeights("a,\"b\"\nc", {{0, 1, 0.5}}));
  std::string path = temporaryPath("quoted.csv");
  writeWeights(result, path);
  std::vector<uint8_t> bytes = readWholeFile(path);
  std::remove(path.c_str());
  EXPECT_EQ(std::string(bytes.begin(), bytes.end()),
            "projection,pre,post,weight\n\"a,\"\"b\"\"\nc\",0,1,0.5\n");
}

TEST(Output, WeightsAreWrittenAsNpz) {
  std::string path = temporaryPath("weights.npz");
  writeWeights(plasticResult(), path);
  if (std::system("python3 -c pass > /dev/null 2>&1") != 0) {
    std::remove(path.c_str());
    GTEST_SKIP() << "no python3 to read " << path << " with zipfile";
  }
  // Each member's .npy array, decoded with zipfile and struct as np.load
  // would: its dtype, shape and values.
  std::string listing = path + ".txt";
  std::string command =
      "python3 -c \"import ast, struct, sys, zipfile\n"
      "z = zipfile.ZipFile(sys.argv[1])\n"
      "for n in z.namelist():\n"
      "  b = z.read(n); h = struct.unpack('<H', b[8:10])[0]\n"
      "  d = ast.literal_eval(b[10:10 + h].decode())\n"
      "  v = [x[0] for x in struct.iter_unpack(d['descr'][1:] == 'f8' and "
      "'<d' or '<q', b[10 + h:])]\n"
      "  print(n, d['descr'], d['shape'], v)\" '" +
      path + "' > '" + listing + "'";
  ASSERT_EQ(std::system(command.c_str()), 0);
  std::vector<uint8_t> text = readWholeFile(listing);
  std::remove(listing.c_str());
  std::remove(path.c_str());
  EXPECT_EQ(std::string(text.begin(), text.end()),
            "ee.pre.npy <i8 (2,) [0, 1]\n"
            "ee.post.npy <i8 (2,) [2, 0]\n"
            "ee.weight.npy <f8 (2,) [-0.0015, 0.25]\n"
            "ei.pre.npy <i8 (1,) [3]\n"
            "ei.post.npy <i8 (1,) [4]\n"
            "ei.weight.npy <f8 (1,) [0.1]\n");
}

// Found by fuzzing: a label "../x/y" gave the member "../x/y.v.npy", a
// path an unzip tool would follow out of its directory.
TEST(Output, NpzMemberNamesAreNoPaths) {
  if (std::system("python3 -c pass > /dev/null 2>&1") != 0)
    GTEST_SKIP() << "no python3 to list the members with zipfile";
  RunResult result;
  result.timestep = 1;
  RecordingResult recording;
  recording.population = "../up";
  recording.populationSize = recording.target.size = 1;
  recording.hasSpikes = true;
  result.recordings.push_back(recording);
  result.plasticWeights.push_back(
      sortedSynapseWeights("a/b\\c\n", {{0, 0, 0.5}}));
  std::string recordings = temporaryPath("paths.npz");
  std::string weights = temporaryPath("paths-weights.npz");
  writeRecordings(result, recordings);
  writeWeights(result, weights);
  std::string listing = recordings + ".txt";
  std::string command = "python3 -c \"import sys, zipfile\n"
                        "for f in sys.argv[1:]: print(zipfile.ZipFile(f)."
                        "namelist())\" '" +
                        recordings + "' '" + weights + "' > '" + listing + "'";
  ASSERT_EQ(std::system(command.c_str()), 0);
  std::vector<uint8_t> text = readWholeFile(listing);
  for (const std::string &file : {recordings, weights, listing})
    std::remove(file.c_str());
  EXPECT_EQ(std::string(text.begin(), text.end()),
            "['.._up.spikes_times.npy', '.._up.spikes_neurons.npy']\n"
            "['a_b_c_.pre.npy', 'a_b_c_.post.npy', 'a_b_c_.weight.npy']\n");
}

TEST(Output, WeightsNeedCsvOrNpz) {
  // .npy holds one array, not several projections: refused, no file.
  std::string npy = temporaryPath("weights.npy");
  EXPECT_THROW(writeWeights(plasticResult(), npy), RuntimeError);
  EXPECT_FALSE(std::ifstream(npy).good());
  EXPECT_THROW(weightsFormat(npy), RuntimeError);
  EXPECT_THROW(weightsFormat("w.txt"), RuntimeError);
  EXPECT_EQ(weightsFormat("w.npz"), OutputFormat::Npz);
  EXPECT_THROW(writeWeights(plasticResult(), "/nonexistent-dir/w.csv"),
               RuntimeError);
}

} // namespace
