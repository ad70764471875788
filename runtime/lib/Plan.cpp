//===- Plan.cpp - plan values, validation and seeds -----------------------===//

#include "glia/Runtime/Plan.h"
#include "glia/Runtime/Astrocytes.h"
#include "glia/Runtime/Random.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

namespace glia::runtime {

Value Value::ofConstant(double value) {
  Value result;
  result.kind = ValueKind::Constant;
  result.constant = value;
  return result;
}

Value Value::ofUniform(double low, double high) {
  Value result;
  result.kind = ValueKind::Uniform;
  result.low = low;
  result.high = high;
  return result;
}

Value Value::ofNormal(double mu, double sigma) {
  Value result;
  result.kind = ValueKind::Normal;
  result.mu = mu;
  result.sigma = sigma;
  return result;
}

Value Value::ofNormalClipped(double mu, double sigma, double low, double high) {
  Value result = ofNormal(mu, sigma);
  result.kind = ValueKind::NormalClipped;
  result.low = low;
  result.high = high;
  return result;
}

Value Value::ofArray(std::vector<double> values) {
  Value result;
  result.kind = ValueKind::Array;
  result.array = std::move(values);
  return result;
}

Value Value::scaled(double factor) const {
  Value result = *this;
  result.constant *= factor;
  result.low *= factor;
  result.high *= factor;
  result.mu *= factor;
  result.sigma *= factor;
  for (double &entry : result.array)
    entry *= factor;
  return result;
}

bool operator==(const Value &a, const Value &b) {
  return a.kind == b.kind && a.constant == b.constant && a.low == b.low &&
         a.high == b.high && a.mu == b.mu && a.sigma == b.sigma &&
         a.array == b.array;
}

namespace {

bool allFinite(const Value &value) {
  for (double entry :
       {value.constant, value.low, value.high, value.mu, value.sigma})
    if (!std::isfinite(entry))
      return false;
  for (double entry : value.array)
    if (!std::isfinite(entry))
      return false;
  return true;
}

/// Empty if `value` can give one sample per neuron of a population of
/// `count`, else what is wrong.
std::string checkValue(const Value &value, uint64_t count,
                       const std::string &what) {
  if (static_cast<unsigned>(value.kind) > unsigned(ValueKind::Array))
    return what + " has an unknown kind";
  if (!allFinite(value))
    return what + " is not finite";
  if (value.kind == ValueKind::Array && value.array.size() != count)
    return what + " has " + std::to_string(value.array.size()) +
           " entries, expected " + std::to_string(count);
  bool hasRange = value.kind == ValueKind::Uniform ||
                  value.kind == ValueKind::NormalClipped;
  if (hasRange && value.low > value.high)
    return what + " has low > high";
  if ((value.kind == ValueKind::Normal ||
       value.kind == ValueKind::NormalClipped) &&
      value.sigma < 0)
    return what + " has sigma < 0";
  if (value.kind == ValueKind::NormalClipped &&
      clippedShare(value.mu, value.sigma, value.low, value.high) <
          kMinClippedShare)
    return what + " has a clipping window that holds less than 0.001 of "
                  "its normal distribution";
  // Samples that overflow (the verifier's rule; a clipped normal's stay
  // within its bounds).
  if ((value.kind == ValueKind::Uniform &&
       uniformOverflows(value.low, value.high)) ||
      (value.kind == ValueKind::Normal &&
       normalOverflows(value.mu, value.sigma)))
    return what + " has samples that overflow";
  return {};
}

std::string checkSlice(const Plan &plan, const Slice &slice,
                       const std::string &what) {
  if (slice.population >= plan.populations.size())
    return what + " refers to population " + std::to_string(slice.population) +
           " of " + std::to_string(plan.populations.size());
  uint64_t stop = uint64_t(slice.start) + slice.size;
  if (slice.size == 0 || stop > plan.populations[slice.population].size)
    return what + " is not a non-empty range of population '" +
           plan.populations[slice.population].name + "'";
  return {};
}

/// Whether steps [begin, end) of a train ascend from step 0 on: the kernel
/// walks a train forwards and would skip a step out of order (the verifier
/// wants spike times >= 0 and sorted).
bool ascendsFromZero(const std::vector<int64_t> &steps, uint64_t begin,
                     uint64_t end) {
  for (uint64_t s = begin; s < end; ++s)
    if (steps[s] < 0 || (s > begin && steps[s] < steps[s - 1]))
      return false;
  return true;
}

std::string checkSpikeTrains(const PopulationPlan &population) {
  const SpikeTrains &trains = population.spikeTrains;
  std::string what = "population '" + population.name + "': ";
  if (trains.offsets.empty()) // one train for every neuron
    return ascendsFromZero(trains.steps, 0, trains.steps.size())
               ? std::string()
               : what + "the spike train is not in ascending steps >= 0";
  if (trains.offsets.size() != uint64_t(population.size) + 1 ||
      trains.offsets.front() != 0 ||
      trains.offsets.back() != trains.steps.size())
    return what + "malformed spike trains";
  for (size_t k = 0; k + 1 < trains.offsets.size(); ++k)
    if (trains.offsets[k + 1] < trains.offsets[k])
      return what + "malformed spike trains";
  for (size_t k = 0; k + 1 < trains.offsets.size(); ++k)
    if (!ascendsFromZero(trains.steps, trains.offsets[k],
                         trains.offsets[k + 1]))
      return what + "spike train " + std::to_string(k) +
             " is not in ascending steps >= 0";
  return {};
}

/// The smallest and largest sample `value` can give (unbounded for a
/// normal distribution).
std::pair<double, double> rangeOf(const Value &value) {
  constexpr double kInfinity = std::numeric_limits<double>::infinity();
  switch (value.kind) {
  case ValueKind::Constant:
    return {value.constant, value.constant};
  case ValueKind::Uniform:
  case ValueKind::NormalClipped:
    return {value.low, value.high};
  case ValueKind::Normal: // sigma 0 is mu, as the verifier's bounds say
    if (value.sigma == 0)
      return {value.mu, value.mu};
    return {-kInfinity, kInfinity};
  case ValueKind::Array: {
    auto [low, high] =
        std::minmax_element(value.array.begin(), value.array.end());
    return {*low, *high};
  }
  }
  return {0.0, 0.0};
}

/// The catalogue's constraint on a parameter (tau_m > 0, tau_refrac >= 0,
/// ...), as the dialect's verifier checks it.
std::string checkConstraint(const Value &value, models::Constraint constraint,
                            const std::string &what) {
  if (models::meetsConstraint(constraint, rangeOf(value).first))
    return {};
  return what + " must be " + models::describeConstraint(constraint);
}

/// The LIF kernels rely on v_reset < v_thresh: a neuron reset at or above
/// threshold would fire on every step (the dialect's verifier rejects it).
std::string checkResetBelowThreshold(const PopulationPlan &population) {
  const models::CellTypeInfo &info = models::cellType(population.kind);
  int reset = info.parameterIndex("v_reset");
  int thresh = info.parameterIndex("v_thresh");
  if (reset < 0 || thresh < 0)
    return {};
  double resetMax = rangeOf(population.parameters[reset]).second;
  double threshMin = rangeOf(population.parameters[thresh]).first;
  // Unbounded distributions are left to the user, as the verifier does.
  if (std::isfinite(resetMax) && std::isfinite(threshMin) &&
      resetMax >= threshMin)
    return "population '" + population.name +
           "': v_reset must be below v_thresh";
  return {};
}

std::string checkPopulation(const PopulationPlan &population) {
  if (static_cast<unsigned>(population.kind) >= models::cellTypes().size())
    return "population '" + population.name + "' has an unknown cell kind";
  const models::CellTypeInfo &info = models::cellType(population.kind);
  if (population.size == 0 || population.size > uint32_t(INT32_MAX))
    return "population '" + population.name + "' has an invalid size";
  if (population.parameters.size() != info.parameters.size() ||
      population.initial.size() != info.state.size())
    return "population '" + population.name +
           "' does not list every parameter and state variable of " +
           std::string(info.name);
  for (size_t i = 0; i < info.parameters.size(); ++i) {
    std::string what = "parameter '" + std::string(info.parameters[i].name) +
                       "' of population '" + population.name + "'";
    if (std::string error =
            checkValue(population.parameters[i], population.size, what);
        !error.empty())
      return error;
    if (std::string error = checkConstraint(
            population.parameters[i], info.parameters[i].constraint, what);
        !error.empty())
      return error;
  }
  for (size_t i = 0; i < info.state.size(); ++i)
    if (std::string error =
            checkValue(population.initial[i], population.size,
                       "initial value of '" + std::string(info.state[i].name) +
                           "' of population '" + population.name + "'");
        !error.empty())
      return error;
  if (std::string error = checkResetBelowThreshold(population); !error.empty())
    return error;
  return checkSpikeTrains(population);
}

std::string checkFromList(const ProjectionPlan &projection) {
  const Connector &connector = projection.connector;
  size_t count = connector.listPre.size();
  if (connector.listPost.size() != count ||
      (!connector.listWeights.empty() &&
       connector.listWeights.size() != count) ||
      (!connector.listDelays.empty() && connector.listDelays.size() != count))
    return "projection '" + projection.name +
           "': from_list arrays differ in "
           "length";
  for (size_t i = 0; i < count; ++i)
    if (connector.listPre[i] >= projection.pre.size ||
        connector.listPost[i] >= projection.post.size)
      return "projection '" + projection.name + "': from_list entry " +
             std::to_string(i) + " is out of range";
  for (const std::vector<double> *values :
       {&connector.listWeights, &connector.listDelays})
    for (double value : *values)
      if (!std::isfinite(value))
        return "projection '" + projection.name +
               "': from_list weights and delays must be finite";
  return {};
}

std::string checkConnector(const ProjectionPlan &projection) {
  const Connector &connector = projection.connector;
  switch (connector.kind) {
  case ConnectorKind::AllToAll:
    return {};
  case ConnectorKind::OneToOne:
    if (projection.pre.size != projection.post.size)
      return "projection '" + projection.name +
             "': one_to_one needs sides of equal size";
    return {};
  case ConnectorKind::FixedProbability:
    if (!(connector.probability >= 0 && connector.probability <= 1))
      return "projection '" + projection.name + "': p must be in [0, 1]";
    return {};
  case ConnectorKind::FixedNumberPre:
  case ConnectorKind::FixedNumberPost: {
    bool pre = connector.kind == ConnectorKind::FixedNumberPre;
    uint64_t candidates = pre ? projection.pre.size : projection.post.size;
    if (connector.number > kMaxFixedNumber)
      return "projection '" + projection.name + "': n must be at most " +
             std::to_string(kMaxFixedNumber);
    if (!connector.withReplacement && connector.number > candidates)
      return "projection '" + projection.name +
             "': n exceeds the partners available without replacement";
    return {};
  }
  case ConnectorKind::FromList:
    return checkFromList(projection);
  }
  return "projection '" + projection.name + "' has an unknown connector";
}

std::string checkProjection(const Plan &plan,
                            const ProjectionPlan &projection) {
  std::string what = "projection '" + projection.name + "'";
  for (auto [slice, side] : {std::pair{&projection.pre, " pre"},
                             std::pair{&projection.post, " post"}})
    if (std::string error = checkSlice(plan, *slice, what + side);
        !error.empty())
      return error;
  if (models::cellType(plan.populations[projection.post.population].kind)
          .isSource)
    return what + " targets a spike source";
  if (std::string error = checkConnector(projection); !error.empty())
    return error;
  if (projection.weight.kind == ValueKind::Array ||
      projection.delay.kind == ValueKind::Array)
    return what + ": per-synapse weights and delays come only from from_list";
  for (auto [value, name] : {std::pair{&projection.weight, " weight"},
                             std::pair{&projection.delay, " delay"}})
    if (std::string error = checkValue(*value, 0, what + name); !error.empty())
      return error;
  // Delays are in steps; drawn ones are clamped to one step, as sPyNNaker
  // clamps them to the timestep, but a constant below it is a mistake.
  if (projection.delay.kind == ValueKind::Constant &&
      !(projection.delay.constant >= 1))
    return what + ": a constant delay must be at least 1 step";
  if (static_cast<unsigned>(projection.receptor) > 1)
    return what + " has an unknown receptor";
  if (projection.stdp) {
    const Stdp &stdp = *projection.stdp;
    if (!(stdp.tauPlus > 0) || !(stdp.tauMinus > 0) ||
        !std::isfinite(stdp.aPlus) || !std::isfinite(stdp.aMinus) ||
        !std::isfinite(stdp.wMin) || !std::isfinite(stdp.wMax) ||
        !(stdp.wMin <= stdp.wMax) ||
        static_cast<unsigned>(stdp.dependence) > 1 ||
        static_cast<unsigned>(stdp.rule) > 1 || !(stdp.traceIncrement > 0) ||
        !std::isfinite(stdp.traceIncrement) ||
        !(stdp.rateDecay > 0 && stdp.rateDecay <= 1))
      return what + " has invalid STDP parameters";
  }
  return {};
}

std::string checkRecording(const Plan &plan, const RecordingPlan &recording) {
  if (std::string error = checkSlice(plan, recording.target, "a recording");
      !error.empty())
    return error;
  const PopulationPlan &population =
      plan.populations[recording.target.population];
  const models::CellTypeInfo &info = models::cellType(population.kind);
  for (const std::string &variable : recording.variables)
    if (!info.isRecordable(variable))
      return "cannot record '" + variable + "' of population '" +
             population.name + "'";
  if (recording.samplingInterval == 0)
    return "a recording of population '" + population.name +
           "' has a sampling interval of 0 steps";
  return {};
}

} // namespace

std::string validatePlan(const Plan &plan) {
  if (!(plan.timestep > 0) || !std::isfinite(plan.timestep))
    return "the timestep must be > 0 ms";
  if (plan.duration &&
      (!(*plan.duration > 0) || !std::isfinite(*plan.duration)))
    return "the duration must be > 0 ms";
  for (const PopulationPlan &population : plan.populations) {
    if (std::string error = checkPopulation(population); !error.empty())
      return error;
    if (plan.integration == Integration::Spinnaker &&
        population.kind == models::CellKind::IfCurrAlpha)
      return "population '" + population.name +
             "': IF_curr_alpha has no 'spinnaker' integration";
  }
  for (const ProjectionPlan &projection : plan.projections)
    if (std::string error = checkProjection(plan, projection); !error.empty())
      return error;
  for (const RecordingPlan &recording : plan.recordings)
    if (std::string error = checkRecording(plan, recording); !error.empty())
      return error;
  return checkAstrocytes(plan);
}

void overrideSeed(Plan &plan, uint64_t seed) {
  plan.seed = seed;
  for (ProjectionPlan &projection : plan.projections)
    if (!projection.explicitSeed)
      projection.seed = seed;
}

} // namespace glia::runtime
