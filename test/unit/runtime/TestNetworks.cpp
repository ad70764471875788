//===- TestNetworks.cpp - plans built in C++ for the runtime tests --------===//

#include "TestNetworks.h"

namespace glia::runtime::testing {

PopulationPlan makePopulation(const std::string &name, models::CellKind kind,
                              uint32_t size,
                              const std::map<std::string, double> &params,
                              const std::map<std::string, Value> &initial) {
  const models::CellTypeInfo &info = models::cellType(kind);
  PopulationPlan population;
  population.name = name;
  population.kind = kind;
  population.size = size;
  for (const models::Parameter &param : info.parameters) {
    auto it = params.find(std::string(param.name));
    population.parameters.push_back(Value::ofConstant(
        it == params.end() ? param.defaultValue : it->second));
  }
  for (const models::StateVariable &state : info.state) {
    auto it = initial.find(std::string(state.name));
    population.initial.push_back(it == initial.end()
                                     ? Value::ofConstant(state.initialValue)
                                     : it->second);
  }
  return population;
}

PopulationPlan makeSpikeArray(const std::string &name,
                              const std::vector<std::vector<int64_t>> &trains) {
  PopulationPlan population = makePopulation(
      name, models::CellKind::SpikeSourceArray, uint32_t(trains.size()));
  population.spikeTrains.offsets.push_back(0);
  for (const std::vector<int64_t> &train : trains) {
    population.spikeTrains.steps.insert(population.spikeTrains.steps.end(),
                                        train.begin(), train.end());
    population.spikeTrains.offsets.push_back(
        population.spikeTrains.steps.size());
  }
  return population;
}

Slice whole(const Plan &plan, uint32_t population) {
  return {population, 0, plan.populations[population].size};
}

ProjectionPlan makeProjection(const std::string &name, Slice pre, Slice post,
                              Connector connector, Value weight,
                              double delaySteps, Receptor receptor,
                              uint64_t seed) {
  ProjectionPlan projection;
  projection.name = name;
  projection.pre = pre;
  projection.post = post;
  projection.connector = std::move(connector);
  projection.weight = std::move(weight);
  projection.delay = Value::ofConstant(delaySteps);
  projection.receptor = receptor;
  projection.seed = seed;
  return projection;
}

Connector connectorOf(ConnectorKind kind, double probability, uint64_t number,
                      bool allowSelf, bool withReplacement) {
  Connector connector;
  connector.kind = kind;
  connector.probability = probability;
  connector.number = number;
  connector.allowSelf = allowSelf;
  connector.withReplacement = withReplacement;
  return connector;
}

Plan stdpPairingPlan(double timestep, const std::vector<int64_t> &preSteps,
                     int64_t kickStep, double tauRefrac, const Stdp &rule,
                     uint32_t plasticDelay) {
  Plan plan;
  plan.network = "pairing";
  plan.timestep = timestep;
  plan.populations.push_back(makeSpikeArray("pre", {preSteps}));
  plan.populations.push_back(makeSpikeArray("kick", {{kickStep}}));
  plan.populations.push_back(
      makePopulation("post", models::CellKind::IfCurrExp, 1,
                     {{"tau_refrac", tauRefrac}, {"tau_syn_E", 0.1}}));
  ProjectionPlan plastic =
      makeProjection("plastic", whole(plan, 0), whole(plan, 2),
                     connectorOf(ConnectorKind::OneToOne),
                     Value::ofConstant(0.5), plasticDelay,
                     Receptor::Inhibitory);
  plastic.stdp = rule;
  plan.projections.push_back(plastic);
  plan.projections.push_back(
      makeProjection("kick", whole(plan, 1), whole(plan, 2),
                     connectorOf(ConnectorKind::OneToOne),
                     Value::ofConstant(2000), 1, Receptor::Excitatory));
  plan.recordings.push_back({whole(plan, 2), {"spikes"}, 1});
  return plan;
}

Plan randomNetwork(bool withStdp) {
  using models::CellKind;
  Plan plan;
  plan.network = "random";
  plan.timestep = 0.1;
  plan.seed = 42;
  std::map<std::string, double> lif = {
      {"tau_m", 20},    {"tau_syn_E", 5},  {"tau_syn_I", 10}, {"v_rest", -49},
      {"v_reset", -60}, {"v_thresh", -50}, {"tau_refrac", 5}};
  std::map<std::string, Value> start = {{"v", Value::ofUniform(-60, -50)}};
  plan.populations.push_back(
      makePopulation("all", CellKind::IfCurrExp, 500, lif, start));
  plan.populations.push_back(makePopulation(
      "noise", CellKind::SpikeSourcePoisson, 50, {{"rate", 20}}));
  Slice exc{0, 0, 400}, inh{0, 400, 100}, all = whole(plan, 0);
  plan.projections.push_back(makeProjection(
      "ee", exc, all,
      connectorOf(ConnectorKind::FixedProbability, 0.05, 0, false),
      Value::ofNormalClipped(0.3, 0.1, 0, 1), 1, Receptor::Excitatory, 7));
  ProjectionPlan ii = makeProjection(
      "ii", inh, all, connectorOf(ConnectorKind::FixedNumberPre, 0, 5),
      Value::ofUniform(-2, -1), 1, Receptor::Inhibitory, 7);
  ii.delay = Value::ofUniform(1, 20);
  plan.projections.push_back(ii);
  plan.projections.push_back(makeProjection(
      "input", whole(plan, 1), all,
      connectorOf(ConnectorKind::FixedNumberPost, 0, 40, true, true),
      Value::ofConstant(1.5), 3, Receptor::Excitatory, 9));
  if (withStdp) {
    ProjectionPlan plastic =
        makeProjection("plastic", whole(plan, 1), exc,
                       connectorOf(ConnectorKind::FixedProbability, 0.2),
                       Value::ofUniform(0.1, 0.5), 2, Receptor::Excitatory, 11);
    plastic.stdp =
        Stdp{20, 20, 0.05, 0.06, WeightDependence::Multiplicative, 0, 1};
    plan.projections.push_back(plastic);
  }
  plan.recordings.push_back({whole(plan, 0), {"spikes", "v"}, 10});
  plan.recordings.push_back({whole(plan, 1), {"spikes"}, 1});
  return plan;
}

} // namespace glia::runtime::testing
