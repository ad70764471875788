//===- PlanLowering.cpp - snn.network -> runtime plan ---------------------===//

#include "glia/Plan/PlanLowering.h"
#include "glia/Dialect/Snn/SnnValues.h"
#include "glia/Runtime/Kernels.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/TypeSwitch.h"

#include <cmath>

using namespace mlir;
namespace models = glia::models;
namespace rt = glia::runtime;

namespace glia::plan {

// The verifier's run-length limit is the runtime's.
static_assert(snn::kMaxRunSteps == int64_t(rt::kernels::kMaxSteps));

namespace {

/// NALSM's trace rule in the plan's STDP record: additive, one time
/// constant, rates in weight units (docs/astrocytes.md).
rt::Stdp lowerTraceStdp(snn::TraceStdpSynapseAttr trace) {
  rt::Stdp stdp;
  stdp.rule = rt::StdpRule::Trace;
  stdp.tauPlus = stdp.tauMinus = trace.getTau();
  stdp.aPlus = trace.getEtaPlus();
  stdp.aMinus = trace.getEtaMinus();
  stdp.dependence = rt::WeightDependence::Additive;
  stdp.wMin = trace.getWMin();
  stdp.wMax = trace.getWMax();
  stdp.traceIncrement = trace.getTraceIncrement();
  stdp.rateDecay = trace.getRateDecay();
  return stdp;
}

class Lowering {
public:
  Lowering(snn::NetworkOp network, const LoweringOptions &options)
      : network(network), timestep(options.timestep.value_or(
                              network.getTimestep().convertToDouble())) {}

  FailureOr<rt::Plan> run() {
    plan.network = network.getSymName().str();
    plan.timestep = timestep;
    plan.seed = uint64_t(network.getSeed());
    if (network.getIntegration() == snn::Integration::spinnaker)
      plan.integration = rt::Integration::Spinnaker;
    if (auto duration = network.getDuration())
      plan.duration = duration->convertToDouble();
    if (!(timestep > 0) || !std::isfinite(timestep))
      return network.emitError("the timestep must be > 0 ms");
    for (Operation &op : network.getBlock()) {
      LogicalResult result =
          llvm::TypeSwitch<Operation *, LogicalResult>(&op)
              .Case([&](snn::PopulationOp population) {
                return lowerPopulation(population);
              })
              .Case([&](snn::ProjectionOp projection) {
                return lowerProjection(projection);
              })
              .Case([&](snn::RecordOp record) { return lowerRecord(record); })
              .Case([&](snn::AstrocytesOp astrocytes) {
                return lowerAstrocytes(astrocytes);
              })
              .Case<snn::AstroListenOp, snn::AstroModulateOp,
                    snn::AstroInjectOp>([&](Operation *coupling) {
                // Couplings name projections, which may come later.
                couplings.push_back(coupling);
                return success();
              })
              .Case([](snn::ViewOp) { return success(); })
              .Default([](Operation *other) {
                // Refuse rather than silently run without it.
                return other->emitError("'")
                       << other->getName()
                       << "' is not supported by the reference runtime yet";
              });
      if (failed(result))
        return failure();
    }
    for (Operation *coupling : couplings)
      if (failed(lowerCoupling(coupling)))
        return failure();
    if (std::string error = rt::validatePlan(plan); !error.empty())
      return network.emitError("internal error: the lowered plan is invalid: ")
             << error;
    return std::move(plan);
  }

private:
  /// `ms` as whole steps; nullopt if it is not (close to) a whole number.
  std::optional<int64_t> wholeSteps(double ms) const {
    double steps = ms / timestep;
    double rounded = std::round(steps);
    if (std::abs(steps - rounded) > 1e-9 * std::max(1.0, std::abs(steps)))
      return std::nullopt;
    return int64_t(rounded);
  }

  InFlightDiagnostic notWholeSteps(Operation *op, StringRef what, double ms) {
    return op->emitError() << what << " " << snn::formatF64(ms)
                           << " ms is not a whole number of timesteps of "
                           << snn::formatF64(timestep) << " ms";
  }

  /// A parameter, initial value, weight or delay as a plan value.
  FailureOr<rt::Value> lowerValue(Operation *op, Attribute value,
                                  StringRef what) {
    if (auto constant = snn::getConstant(value))
      return rt::Value::ofConstant(*constant);
    if (auto uniform = llvm::dyn_cast<snn::UniformAttr>(value))
      return rt::Value::ofUniform(uniform.getLow(), uniform.getHigh());
    if (auto normal = llvm::dyn_cast<snn::NormalAttr>(value))
      return rt::Value::ofNormal(normal.getMu(), normal.getSigma());
    if (auto clipped = llvm::dyn_cast<snn::NormalClippedAttr>(value))
      return rt::Value::ofNormalClipped(clipped.getMu(), clipped.getSigma(),
                                        clipped.getLow(), clipped.getHigh());
    if (auto array = llvm::dyn_cast<ElementsAttr>(value))
      if (auto values = snn::readF64Array(array))
        return rt::Value::ofArray(std::move(*values));
    return op->emitError() << what << " is not a constant, distribution or "
                           << "readable array";
  }

  /// Spike times (ms) rounded to the nearest step, as sPyNNaker does. A
  /// time no run reaches (runs have fewer than 2^31 steps; the verifier
  /// allows any finite time) is step 2^31, which keeps a train's steps in
  /// order without overflowing an int64.
  std::vector<int64_t> toSteps(const std::vector<double> &times) const {
    std::vector<int64_t> steps;
    steps.reserve(times.size());
    for (double t : times)
      steps.push_back(int64_t(
          std::min(std::round(t / timestep), double(snn::kMaxRunSteps))));
    return steps;
  }

  LogicalResult lowerSpikeTimes(snn::PopulationOp op, Attribute value,
                                rt::PopulationPlan &population) {
    if (auto trains = llvm::dyn_cast<snn::SpikeTrainsAttr>(value)) {
      auto offsets = snn::readI64Array(trains.getOffsets());
      auto times = snn::readF64Array(trains.getTimes());
      if (!offsets || !times)
        return op.emitError("unreadable 'spike_times'");
      population.spikeTrains.offsets.assign(offsets->begin(), offsets->end());
      population.spikeTrains.steps = toSteps(*times);
      return success();
    }
    auto array = llvm::dyn_cast<ElementsAttr>(value);
    auto times = array ? snn::readF64Array(array) : std::nullopt;
    if (!times)
      return op.emitError("unreadable 'spike_times'");
    population.spikeTrains.steps = toSteps(*times);
    return success();
  }

  LogicalResult lowerPopulation(snn::PopulationOp op) {
    const models::CellTypeInfo &info = snn::getCellTypeInfo(op.getCellType());
    rt::PopulationPlan population;
    population.name = op.getName().str();
    population.kind = info.kind;
    population.size = uint32_t(op.getSize());
    for (const models::Parameter &param : info.parameters) {
      StringRef name(param.name.data(), param.name.size());
      Attribute value = op.getParamOrDefault(name);
      if (param.name == models::kSpikeTimes) {
        // The times travel as spike trains; the parameter slot is unused.
        population.parameters.push_back(rt::Value::ofConstant(0));
        if (auto params = op.getParamsAttr(); params && params.get(name))
          if (failed(lowerSpikeTimes(op, params.get(name), population)))
            return failure();
        continue;
      }
      auto lowered = lowerValue(op, value, ("parameter '" + name + "'").str());
      if (failed(lowered))
        return failure();
      population.parameters.push_back(std::move(*lowered));
    }
    for (const models::StateVariable &state : info.state) {
      StringRef name(state.name.data(), state.name.size());
      Attribute value =
          op.getInitialAttr() ? op.getInitialAttr().get(name) : Attribute();
      if (!value) {
        population.initial.push_back(rt::Value::ofConstant(state.initialValue));
        continue;
      }
      auto lowered =
          lowerValue(op, value, ("initial value of '" + name + "'").str());
      if (failed(lowered))
        return failure();
      population.initial.push_back(std::move(*lowered));
    }
    populationIndex[op] = uint32_t(plan.populations.size());
    plan.populations.push_back(std::move(population));
    return success();
  }

  FailureOr<rt::Slice> lowerSlice(Operation *op, Value value) {
    auto slice = snn::resolvePopulationSlice(value);
    if (!slice || !populationIndex.count(slice->population))
      return op->emitError("endpoint is not a population defined before it");
    return rt::Slice{populationIndex[slice->population], uint32_t(slice->start),
                     uint32_t(slice->size)};
  }

  template <typename T>
  static std::vector<T> toUnsigned(const std::vector<int64_t> &values) {
    return std::vector<T>(values.begin(), values.end());
  }

  LogicalResult lowerFromList(snn::ProjectionOp op, snn::FromListAttr list,
                              rt::Connector &connector) {
    auto pre = snn::readI64Array(list.getPre());
    auto post = snn::readI64Array(list.getPost());
    if (!pre || !post)
      return op.emitError("unreadable #snn.from_list indices");
    connector.listPre = toUnsigned<uint32_t>(*pre);
    connector.listPost = toUnsigned<uint32_t>(*post);
    if (list.getWeights()) {
      auto weights = snn::readF64Array(list.getWeights());
      if (!weights)
        return op.emitError("unreadable #snn.from_list weights");
      connector.listWeights = std::move(*weights);
    }
    if (list.getDelays()) {
      auto delays = snn::readF64Array(list.getDelays());
      if (!delays)
        return op.emitError("unreadable #snn.from_list delays");
      for (double delay : *delays) {
        auto steps = wholeSteps(delay);
        if (!steps || *steps < 1)
          return notWholeSteps(op, "from_list delay", delay);
        connector.listDelays.push_back(double(*steps));
      }
    }
    return success();
  }

  FailureOr<rt::Connector> lowerConnector(snn::ProjectionOp op) {
    rt::Connector connector;
    Attribute attr = op.getConnector();
    if (auto all = llvm::dyn_cast<snn::AllToAllAttr>(attr)) {
      connector.kind = rt::ConnectorKind::AllToAll;
      connector.allowSelf = all.getAllowSelf();
      connector.skipDiagonal = all.getSkipDiagonal();
    } else if (llvm::isa<snn::OneToOneAttr>(attr)) {
      connector.kind = rt::ConnectorKind::OneToOne;
    } else if (auto fixed = llvm::dyn_cast<snn::FixedProbabilityAttr>(attr)) {
      connector.kind = rt::ConnectorKind::FixedProbability;
      connector.probability = fixed.getP();
      connector.allowSelf = fixed.getAllowSelf();
    } else if (auto pre = llvm::dyn_cast<snn::FixedNumberPreAttr>(attr)) {
      connector.kind = rt::ConnectorKind::FixedNumberPre;
      connector.number = uint64_t(pre.getN());
      connector.withReplacement = pre.getWithReplacement();
      connector.allowSelf = pre.getAllowSelf();
    } else if (auto post = llvm::dyn_cast<snn::FixedNumberPostAttr>(attr)) {
      connector.kind = rt::ConnectorKind::FixedNumberPost;
      connector.number = uint64_t(post.getN());
      connector.withReplacement = post.getWithReplacement();
      connector.allowSelf = post.getAllowSelf();
    } else if (auto list = llvm::dyn_cast<snn::FromListAttr>(attr)) {
      connector.kind = rt::ConnectorKind::FromList;
      if (failed(lowerFromList(op, list, connector)))
        return failure();
    } else {
      return op.emitError("connector ") << attr << " has no runtime lowering";
    }
    return connector;
  }

  /// The delay in steps: constants must be whole steps; distributions are
  /// scaled and their samples rounded when synapses are generated.
  FailureOr<rt::Value> lowerDelay(snn::ProjectionOp op, Attribute delay) {
    auto value = lowerValue(op, delay, "delay");
    if (failed(value))
      return failure();
    if (value->isConstant()) {
      auto steps = wholeSteps(value->constant);
      if (!steps || *steps < 1)
        return notWholeSteps(op, "delay", value->constant);
      return rt::Value::ofConstant(double(*steps));
    }
    return value->scaled(1 / timestep);
  }

  LogicalResult lowerProjection(snn::ProjectionOp op) {
    // The verifier held the delays to the network's timestep; --dt may
    // replace it. The limit comes before any conversion to whole steps.
    if (failed(op.verifyDelayLimit(timestep)))
      return failure();
    rt::ProjectionPlan projection;
    projection.name = op.getSymName().str();
    auto pre = lowerSlice(op, op.getPre());
    auto post = lowerSlice(op, op.getPost());
    auto connector = lowerConnector(op);
    if (failed(pre) || failed(post) || failed(connector))
      return failure();
    projection.pre = *pre;
    projection.post = *post;
    projection.connector = std::move(*connector);
    auto synapse = op.getSynapse();
    auto weight = lowerValue(op, synapse.getWeight(), "weight");
    // A from_list connector's delays replace the synapse's, which is then
    // unused (the verifier does not hold it to the timestep either).
    auto delay = projection.connector.listDelays.empty()
                     ? lowerDelay(op, synapse.getDelay())
                     : FailureOr<rt::Value>(rt::Value::ofConstant(1));
    if (failed(weight) || failed(delay))
      return failure();
    projection.weight = std::move(*weight);
    projection.delay = std::move(*delay);
    if (auto stdp = llvm::dyn_cast<snn::StdpSynapseAttr>(synapse))
      projection.stdp = rt::Stdp{stdp.getTauPlus(),
                                 stdp.getTauMinus(),
                                 stdp.getAPlus(),
                                 stdp.getAMinus(),
                                 stdp.getWeightDependence() ==
                                         snn::WeightDependence::multiplicative
                                     ? rt::WeightDependence::Multiplicative
                                     : rt::WeightDependence::Additive,
                                 stdp.getWMin(),
                                 stdp.getWMax()};
    if (auto trace = llvm::dyn_cast<snn::TraceStdpSynapseAttr>(synapse))
      projection.stdp = lowerTraceStdp(trace);
    projection.receptor = op.getReceptor() == snn::Receptor::inhibitory
                              ? rt::Receptor::Inhibitory
                              : rt::Receptor::Excitatory;
    projection.explicitSeed = op.getSeed().has_value();
    projection.seed = uint64_t(op.getSeed().value_or(network.getSeed()));
    plan.projections.push_back(std::move(projection));
    return success();
  }

  /// The variables and sampling interval (in steps) of a snn.record.
  LogicalResult lowerRecorded(snn::RecordOp op,
                              std::vector<std::string> &variables,
                              uint32_t &samplingInterval) {
    for (Attribute entry : op.getVariables())
      variables.push_back(llvm::cast<StringAttr>(entry).getValue().str());
    if (auto interval = op.getSamplingInterval()) {
      // As for delays: --dt may make the interval longer than the plan's
      // 32-bit steps hold.
      if (failed(op.verifySamplingLimit(timestep)))
        return failure();
      double ms = interval->convertToDouble();
      auto steps = wholeSteps(ms);
      if (!steps || *steps < 1)
        return notWholeSteps(op, "sampling interval", ms);
      samplingInterval = uint32_t(*steps);
    }
    return success();
  }

  LogicalResult lowerRecord(snn::RecordOp op) {
    if (llvm::isa<snn::AstrocyteType>(op.getTarget().getType()))
      return lowerAstroRecord(op);
    rt::RecordingPlan recording;
    auto target = lowerSlice(op, op.getTarget());
    if (failed(target))
      return failure();
    recording.target = *target;
    if (failed(
            lowerRecorded(op, recording.variables, recording.samplingInterval)))
      return failure();
    plan.recordings.push_back(std::move(recording));
    return success();
  }

  //===------------------------------------------------------------------===//
  // Astrocytes (docs/astrocytes.md)
  //===------------------------------------------------------------------===//

  /// Parameters and initial values must be constants: per-astrocyte values
  /// have no runtime representation (Plan.h).
  FailureOr<double> astroConstant(Operation *op, DictionaryAttr dict,
                                  StringRef name, double fallback) {
    Attribute value = dict ? dict.get(name) : Attribute();
    if (!value)
      return fallback;
    if (auto constant = snn::getConstant(value))
      return *constant;
    return op->emitError() << "astrocyte value '" << name
                           << "' must be a constant for the reference runtime";
  }

  LogicalResult lowerAstrocytes(snn::AstrocytesOp op) {
    // A leaky integrator's tau may be shorter than the step of --dt.
    if (failed(op.verifyTimestep(timestep)))
      return failure();
    const models::AstrocyteModelInfo &info =
        snn::getAstrocyteModelInfo(op.getModel());
    rt::AstrocytePlan astro;
    astro.name = op.getName().str();
    astro.kind = info.kind;
    astro.size = uint32_t(op.getSize());
    for (const models::Parameter &param : info.parameters) {
      auto value = astroConstant(
          op, op.getParamsAttr(),
          StringRef(param.name.data(), param.name.size()), param.defaultValue);
      if (failed(value))
        return failure();
      astro.parameters.push_back(*value);
    }
    for (const models::StateVariable &state : info.state) {
      auto value = astroConstant(
          op, op.getInitialAttr(),
          StringRef(state.name.data(), state.name.size()), state.initialValue);
      if (failed(value))
        return failure();
      astro.initial.push_back(*value);
    }
    astroIndex[op.getResult()] = uint32_t(plan.astrocytes.size());
    plan.astrocytes.push_back(std::move(astro));
    return success();
  }

  FailureOr<uint32_t> projectionIndex(Operation *op, StringRef name) {
    for (uint32_t j = 0; j < plan.projections.size(); ++j)
      if (plan.projections[j].name == name)
        return j;
    return op->emitError() << "no projection @" << name;
  }

  LogicalResult lowerListen(snn::AstroListenOp op) {
    rt::AstroListenPlan listen;
    listen.astrocytes = astroIndex.lookup(op.getAstrocytes());
    listen.weight = op.getWeight().convertToDouble();
    if (auto name = op.getProjection()) {
      auto j = projectionIndex(op, *name);
      if (failed(j))
        return failure();
      listen.projection = *j;
      listen.source = plan.projections[*j].pre;
    } else {
      auto source = lowerSlice(op, op.getSource());
      if (failed(source))
        return failure();
      listen.source = *source;
    }
    plan.astroListens.push_back(listen);
    return success();
  }

  LogicalResult lowerModulate(snn::AstroModulateOp op) {
    auto j = projectionIndex(op, op.getProjection());
    if (failed(j))
      return failure();
    plan.astroModulations.push_back(
        {astroIndex.lookup(op.getAstrocytes()),
         rt::Modulation(unsigned(op.getModulation())), *j,
         op.getGain().convertToDouble()});
    return success();
  }

  LogicalResult lowerInject(snn::AstroInjectOp op) {
    auto target = lowerSlice(op, op.getTarget());
    if (failed(target))
      return failure();
    plan.astroInjections.push_back({astroIndex.lookup(op.getAstrocytes()),
                                    *target, op.getGain().convertToDouble()});
    return success();
  }

  LogicalResult lowerCoupling(Operation *op) {
    return llvm::TypeSwitch<Operation *, LogicalResult>(op)
        .Case([&](snn::AstroListenOp listen) { return lowerListen(listen); })
        .Case([&](snn::AstroModulateOp mod) { return lowerModulate(mod); })
        .Case([&](snn::AstroInjectOp inject) { return lowerInject(inject); });
  }

  LogicalResult lowerAstroRecord(snn::RecordOp op) {
    auto it = astroIndex.find(op.getTarget());
    if (it == astroIndex.end())
      return op.emitError("recorded astrocytes are not defined before");
    rt::AstroRecordingPlan recording;
    recording.astrocytes = it->second;
    if (failed(
            lowerRecorded(op, recording.variables, recording.samplingInterval)))
      return failure();
    plan.astroRecordings.push_back(std::move(recording));
    return success();
  }

  snn::NetworkOp network;
  double timestep;
  rt::Plan plan;
  llvm::DenseMap<Operation *, uint32_t> populationIndex;
  llvm::DenseMap<Value, uint32_t> astroIndex;
  std::vector<Operation *> couplings;
};

} // namespace

FailureOr<rt::Plan> lowerToPlan(snn::NetworkOp network,
                                const LoweringOptions &options) {
  return Lowering(network, options).run();
}

} // namespace glia::plan
