//===- Partition.cpp - snn-partition: populations to per-core slices ------===//

#include "glia/Mapping/MappingModel.h"
#include "glia/Mapping/Passes.h"
#include "glia/Mapping/Resources.h"

#include "glia/Dialect/Snn/SnnValues.h"
#include "glia/Runtime/Connectivity.h"
#include "glia/Runtime/Kernels.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/SymbolTable.h"

#include <cmath>

namespace glia::mapping {
#define GEN_PASS_DEF_SNNPARTITION
#include "glia/Mapping/Passes.h.inc"
} // namespace glia::mapping

using namespace mlir;
using namespace glia;
using namespace glia::mapping;

namespace {

constexpr int64_t kDefaultAtomsPerCore = 256;

/// Cycles one neuron's update costs per timestep, by cell type: the
/// conductance and Izhikevich models do more arithmetic than the plain LIF.
int64_t cyclesPerNeuron(snn::CellType type) {
  switch (type) {
  case snn::CellType::IF_curr_exp:
  case snn::CellType::IF_curr_alpha:
    return 50;
  case snn::CellType::IF_cond_exp:
    return 70;
  case snn::CellType::Izhikevich:
    return 80;
  case snn::CellType::SpikeSourcePoisson:
    return 30;
  case snn::CellType::SpikeSourceArray:
    return 10;
  }
  return 80;
}

NeuronModel neuronModel(snn::PopulationOp population) {
  const models::CellTypeInfo &info =
      snn::getCellTypeInfo(population.getCellType());
  NeuronModel model;
  model.stateWords = int64_t(info.parameters.size() + info.state.size());
  model.cyclesPerNeuron = cyclesPerNeuron(population.getCellType());
  model.isSource = info.isSource;
  if (population.getCellType() == snn::CellType::SpikeSourceArray) {
    // The verifier has read the times; an unreadable value counts none.
    Attribute times = population.getParamOrDefault("spike_times");
    model.hasSpikeTimes = true;
    model.spikeTrainNeurons = population.getSize();
    if (auto trains = llvm::dyn_cast_if_present<snn::SpikeTrainsAttr>(times)) {
      model.spikeTimes = trains.getTimes().getNumElements();
    } else { // one shared train; none when the times are left out
      model.sharedSpikeTimes = true;
      if (auto shared = llvm::dyn_cast_if_present<ElementsAttr>(times))
        model.spikeTimes = shared.getNumElements();
    }
  }
  return model;
}

/// Cycles one astrocyte's step costs: the leaky integrator is a few
/// multiply-adds; Li-Rinzel is an RK4 sub-step per ms with four
/// evaluations of rates that need software divisions (the ARM968 has no
/// divider).
int64_t cyclesPerAstrocyte(snn::AstrocytesOp astrocytes, double timestep) {
  if (astrocytes.getModel() == snn::AstroModel::leaky_integrator)
    return 60;
  return 2000 * int64_t(std::ceil(timestep));
}

class SnnPartition
    : public glia::mapping::impl::SnnPartitionBase<SnnPartition> {
public:
  using SnnPartitionBase::SnnPartitionBase;

  void runOnOperation() override {
    if (failed(parseCellAtoms()))
      return signalPassFailure();
    ModuleOp module = getOperation();
    auto networks = llvm::to_vector(module.getOps<snn::NetworkOp>());
    for (snn::NetworkOp network : networks)
      if (!isMapped(network) && failed(partition(network)))
        return signalPassFailure();
  }

private:
  llvm::StringMap<int64_t> capByCellType;

  LogicalResult parseCellAtoms() {
    for (const std::string &entry : cellAtoms) {
      auto [name, value] = StringRef(entry).split('=');
      int64_t atoms;
      if (!models::findCellType(std::string_view(name.data(), name.size())) ||
          value.getAsInteger(10, atoms) || atoms < 1)
        return getOperation().emitError("cell-atoms: expected "
                                        "CellType=N with N >= 1, got '")
               << entry << "'";
      if (!capByCellType.try_emplace(name, atoms).second)
        return getOperation().emitError("cell-atoms: '")
               << name << "' is given twice";
    }
    if (atomsPerCore < 0)
      return getOperation().emitError("atoms-per-core must be >= 0");
    if (!(spikeRate >= 0) || !std::isfinite(spikeRate))
      return getOperation().emitError("spike-rate must be a finite rate >= 0 "
                                      "Hz, got ")
             << spikeRate;
    return success();
  }

  bool isMapped(snn::NetworkOp network) {
    for (auto mapping : getMappings(getOperation()))
      if (mapping.getNetwork() == network.getSymName())
        return true;
    return false;
  }

  /// The most neurons of `population` a core may take. A cap beyond the
  /// population changes no slice, and the estimates of a slice that large
  /// would overflow.
  int64_t capFor(snn::PopulationOp population) {
    auto it =
        capByCellType.find(snn::stringifyCellType(population.getCellType()));
    int64_t cap = it != capByCellType.end() ? it->second : globalCap();
    return std::min(cap, population.getSize());
  }

  /// --atoms-per-core, or the default.
  int64_t globalCap() {
    return atomsPerCore > 0 ? int64_t(atomsPerCore) : kDefaultAtomsPerCore;
  }

  /// The assumed mean rate of a population's neurons.
  double rateOf(snn::PopulationOp population) {
    if (population.getCellType() == snn::CellType::SpikeSourcePoisson)
      if (auto bounds =
              snn::getValueBounds(population.getParamOrDefault("rate")))
        if (std::isfinite(bounds->max))
          return bounds->max;
    return spikeRate;
  }

  /// The bounds of the delays of projection `op`'s synapses, in timesteps,
  /// rounded as synapses' delays are (the lowering scales by 1 / dt, the
  /// generator rounds; the verifier refuses delays beyond
  /// snn::kMaxDelaySteps).
  static std::pair<uint32_t, uint32_t> delaySteps(snn::ProjectionOp op,
                                                  double timestep) {
    std::optional<snn::ValueBounds> delays =
        snn::getValueBounds(op.getSynapse().getDelay());
    if (auto list = llvm::dyn_cast<snn::FromListAttr>(op.getConnector()))
      if (list.getDelays())
        if (auto values = snn::readF64Array(list.getDelays());
            values && !values->empty())
          delays = snn::ValueBounds{
              *std::min_element(values->begin(), values->end()),
              *std::max_element(values->begin(), values->end())};
    if (!delays)
      return {1, 1}; // the verifier rejects these
    auto steps = [&](double ms) {
      return std::min<uint32_t>(runtime::delayInSteps(ms * (1 / timestep)),
                                snn::kMaxDelaySteps);
    };
    return {steps(delays->min), steps(delays->max)};
  }

  /// The spikes per neuron that the STDP history of plastic projection `op`
  /// onto `post` keeps on a core (kernels::postHistoryDepth), from the
  /// bounds of its delays and of the neurons' refractory period.
  static int64_t historySpikes(snn::ProjectionOp op, snn::PopulationOp post,
                               double timestep) {
    if (!llvm::isa<snn::StdpSynapseAttr>(op.getSynapse()))
      return 1; // the trace rule sees a spike at once
    auto bounds = [&](StringRef name) {
      Attribute value = post.getParamOrDefault(name);
      return value ? snn::getValueBounds(value) : std::nullopt;
    };
    // A neuron whose reset may reach its threshold in s16.15, the board's
    // numbers, fires at every step (kernels::shortestRefractory);
    // Izhikevich neurons have no period.
    uint32_t refractory = 0;
    auto tau = bounds("tau_refrac");
    auto reset = bounds("v_reset"), threshold = bounds("v_thresh");
    using runtime::Accum;
    if (tau && reset && threshold &&
        Accum::fromDouble(reset->max) < Accum::fromDouble(threshold->min))
      refractory =
          uint32_t(runtime::kernels::refractorySteps(tau->min, timestep));
    auto [shortest, longest] = delaySteps(op, timestep);
    return runtime::kernels::postHistoryDepth(shortest, longest, refractory);
  }

  /// The entries of the trace decay tables of plastic projection `op`: one
  /// table when tau+ = tau- (the image then holds one).
  static int64_t decayTableEntries(snn::ProjectionOp op, double timestep) {
    auto length = [&](double tau) {
      return int64_t(runtime::kernels::decayTableLength(tau, timestep));
    };
    if (auto stdp = llvm::dyn_cast<snn::StdpSynapseAttr>(op.getSynapse()))
      return length(stdp.getTauPlus()) +
             (stdp.getTauMinus() == stdp.getTauPlus()
                  ? 0
                  : length(stdp.getTauMinus()));
    if (auto trace = llvm::dyn_cast<snn::TraceStdpSynapseAttr>(op.getSynapse()))
      return length(trace.getTau());
    return 0;
  }

  /// The projections into each population, by population name.
  llvm::StringMap<std::vector<IncomingProjection>>
  incomingProjections(snn::NetworkOp network) {
    double timestep = network.getTimestep().convertToDouble();
    llvm::StringMap<std::vector<IncomingProjection>> incoming;
    for (auto op : network.getBlock().getOps<snn::ProjectionOp>()) {
      auto pre = snn::resolvePopulationSlice(op.getPre());
      auto post = snn::resolvePopulationSlice(op.getPost());
      if (!pre || !post)
        continue; // the verifier rejects these
      IncomingProjection in;
      in.preSize = op.getPreSize();
      in.postSize = op.getPostSize();
      in.synapses = op.getExpectedSynapses();
      in.plastic = op.getSynapse().isPlastic();
      auto [shortest, longest] = delaySteps(op, timestep);
      in.longestDelay = longest;
      if (in.plastic) {
        in.historySpikes = historySpikes(op, post->population, timestep);
        in.decayTableEntries = decayTableEntries(op, timestep);
        if (llvm::isa<snn::StdpSynapseAttr>(op.getSynapse()))
          in.historyJoinSteps = shortest;
      }
      in.exactRows =
          llvm::isa<snn::AllToAllAttr, snn::OneToOneAttr>(op.getConnector());
      in.preRateHz = rateOf(pre->population);
      incoming[post->population.getName()].push_back(in);
    }
    return incoming;
  }

  LogicalResult partition(snn::NetworkOp network) {
    // A CAM is mapped as the populations and projections it expands to.
    if (auto cams = network.getBlock().getOps<snn::CamOp>(); !cams.empty())
      return (*cams.begin())
          .emitOpError("must be expanded before it is mapped: run "
                       "-snn-expand-cam first (glia compile does)");
    std::optional<machine::Machine> machine;
    {
      std::string error;
      machine = machine::loadMachine(this->machine, error);
      if (!machine)
        return network.emitError(error);
    }
    CoreBudget budget;
    budget.dtcmBytes = int64_t(machine->dtcmBytes);
    budget.sdramBytes =
        int64_t(machine->sdramBytesPerChip / machine->applicationCores);
    double timestep = network.getTimestep().convertToDouble();
    budget.cyclesPerStep = int64_t(double(machine->cpuHz) * timestep / 1e3);

    // Decide every slice size first: a network far too big for the machine
    // is reported before millions of slice ops are built.
    auto incoming = incomingProjections(network);
    static const std::vector<IncomingProjection> none;
    std::vector<PopulationPlan> plans;
    int64_t slices = 0;
    for (auto population : network.getBlock().getOps<snn::PopulationOp>()) {
      auto it = incoming.find(population.getName());
      PopulationPlan plan{population, neuronModel(population),
                          it == incoming.end() ? &none : &it->second, 0};
      std::string why;
      plan.atoms = largestFittingSlice(capFor(population), plan.model,
                                       *plan.inputs, timestep, budget, why);
      if (plan.atoms == 0)
        return population.emitError("population '")
               << population.getName()
               << "' does not fit one core even with one neuron per core: "
               << why;
      slices += (population.getSize() + plan.atoms - 1) / plan.atoms;
      plans.push_back(plan);
    }
    std::vector<AstroPlan> astroPlans;
    for (auto astrocytes : network.getBlock().getOps<snn::AstrocytesOp>()) {
      AstroPlan plan{astrocytes, astroCost(network, astrocytes, timestep), 0};
      std::string why;
      plan.atoms = largestFitting(
          capFor(astrocytes),
          [&](int64_t n) { return estimateAstroSlice(n, plan.cost); }, budget,
          why);
      if (plan.atoms == 0)
        return astrocytes.emitError("astrocytes '")
               << astrocytes.getName()
               << "' do not fit one core even with one astrocyte per core: "
               << why;
      slices += (astrocytes.getSize() + plan.atoms - 1) / plan.atoms;
      astroPlans.push_back(plan);
    }
    int64_t usable = machine->totalUsableCores();
    if (slices > usable)
      return network.emitError("network @")
             << network.getSymName() << " does not fit machine '"
             << machine->name << "': needs " << withThousands(slices)
             << " cores, the machine has " << withThousands(usable)
             << " usable";

    OpBuilder builder(network.getContext());
    builder.setInsertionPointAfter(network);
    auto mapping = spinn::MappingOp::create(
        builder, network.getLoc(),
        FlatSymbolRefAttr::get(network.getSymNameAttr()),
        builder.getStringAttr(this->machine),
        builder.getI32IntegerAttr(machine->width),
        builder.getI32IntegerAttr(machine->height));
    mapping.getBody().emplaceBlock();
    builder.setInsertionPointToEnd(&mapping.getBlock());
    for (const PopulationPlan &plan : plans)
      createSlices(builder, plan, timestep);
    for (const AstroPlan &plan : astroPlans)
      createAstroSlices(builder, plan);
    return success();
  }

  struct AstroPlan {
    snn::AstrocytesOp astrocytes;
    AstroCost cost;
    int64_t atoms;
  };

  /// Astrocytes take the global cap (--atoms-per-core), not a cell type's,
  /// within their population as neurons do.
  int64_t capFor(snn::AstrocytesOp astrocytes) {
    return std::min(globalCap(), astrocytes.getSize());
  }

  AstroCost astroCost(snn::NetworkOp network, snn::AstrocytesOp astrocytes,
                      double timestep) {
    const models::AstrocyteModelInfo &info =
        snn::getAstrocyteModelInfo(astrocytes.getModel());
    AstroCost cost;
    cost.population = astrocytes.getSize();
    // The catalogue's state plus up to three hidden words (the leaky
    // integrator's rate decay, Li-Rinzel's low words).
    cost.stateWords = int64_t(info.state.size()) + 3;
    cost.parameterWords = int64_t(info.parameters.size());
    cost.cyclesPerAstrocyte = cyclesPerAstrocyte(astrocytes, timestep);
    for (auto listen : network.getBlock().getOps<snn::AstroListenOp>()) {
      if (listen.getAstrocytes() != astrocytes.getResult())
        continue;
      ++cost.listens;
      std::optional<snn::PopulationSlice> source;
      if (listen.getSource())
        source = snn::resolvePopulationSlice(listen.getSource());
      else if (auto projection = SymbolTable::lookupNearestSymbolFrom<
                   snn::ProjectionOp>(listen, listen.getProjectionAttr()))
        source = snn::resolvePopulationSlice(projection.getPre());
      if (source)
        cost.listenedSpikesPerStep += double(source->stop() - source->start) *
                                      rateOf(source->population) * timestep /
                                      1e3;
    }
    return cost;
  }

  void createAstroSlices(OpBuilder &builder, const AstroPlan &plan) {
    snn::AstrocytesOp astrocytes = plan.astrocytes;
    std::vector<int64_t> bounds =
        splitEvenly(astrocytes.getSize(), plan.atoms);
    for (size_t i = 0; i + 1 < bounds.size(); ++i) {
      SliceEstimate e =
          estimateAstroSlice(bounds[i + 1] - bounds[i], plan.cost);
      std::string name =
          (astrocytes.getName() + "_" + std::to_string(i)).str();
      spinn::SliceOp::create(
          builder, astrocytes.getLoc(), builder.getStringAttr(name),
          astrocytes.getNameAttr(), builder.getI64IntegerAttr(bounds[i]),
          builder.getI64IntegerAttr(bounds[i + 1]), IntegerAttr(),
          IntegerAttr(), IntegerAttr(), IntegerAttr(), IntegerAttr(),
          builder.getI64IntegerAttr(e.sdram), builder.getI64IntegerAttr(e.dtcm),
          builder.getI64IntegerAttr(e.cpu));
    }
  }

  struct PopulationPlan {
    snn::PopulationOp population;
    NeuronModel model;
    const std::vector<IncomingProjection> *inputs;
    int64_t atoms;
  };

  void createSlices(OpBuilder &builder, const PopulationPlan &plan,
                    double timestep) {
    snn::PopulationOp population = plan.population;
    std::vector<int64_t> bounds = splitEvenly(population.getSize(), plan.atoms);
    for (size_t i = 0; i + 1 < bounds.size(); ++i) {
      SliceEstimate e = estimateSlice(bounds[i + 1] - bounds[i], plan.model,
                                      *plan.inputs, timestep);
      std::string name = (population.getName() + "_" + std::to_string(i)).str();
      spinn::SliceOp::create(
          builder, population.getLoc(), builder.getStringAttr(name),
          population.getNameAttr(), builder.getI64IntegerAttr(bounds[i]),
          builder.getI64IntegerAttr(bounds[i + 1]), IntegerAttr(),
          IntegerAttr(), IntegerAttr(), IntegerAttr(), IntegerAttr(),
          builder.getI64IntegerAttr(e.sdram), builder.getI64IntegerAttr(e.dtcm),
          builder.getI64IntegerAttr(e.cpu));
    }
  }
};

} // namespace
