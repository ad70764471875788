//===- MappingModel.cpp - the network and its slices, indexed -------------===//

#include "glia/Mapping/MappingModel.h"
#include "glia/Mapping/RoutingCheck.h"
#include "glia/Runtime/Astrocytes.h"

#include "mlir/IR/SymbolTable.h"
#include "llvm/ADT/bit.h"

#include <algorithm>

using namespace mlir;

namespace glia::mapping {

SmallVector<spinn::MappingOp> getMappings(ModuleOp module) {
  return llvm::to_vector(module.getOps<spinn::MappingOp>());
}

LogicalResult
forEachMapping(ModuleOp module,
               llvm::function_ref<LogicalResult(spinn::MappingOp)> body) {
  for (spinn::MappingOp mapping : getMappings(module))
    if (failed(body(mapping)))
      return failure();
  return success();
}

static LogicalResult indexProjections(MappingModel &model) {
  model.projectionsFrom.assign(model.populations.size(), {});
  for (auto op : model.network.getBlock().getOps<snn::ProjectionOp>()) {
    auto pre = snn::resolvePopulationSlice(op.getPre());
    auto post = snn::resolvePopulationSlice(op.getPost());
    if (!pre || !post)
      return op.emitOpError("endpoints must be populations or views of them");
    ProjectionInfo info;
    info.op = op;
    info.pre = model.populationIndex.lookup(pre->population.getName());
    info.post = model.populationIndex.lookup(post->population.getName());
    info.preLo = pre->start;
    info.preHi = pre->stop();
    info.postLo = post->start;
    info.postHi = post->stop();
    info.oneToOne = llvm::isa<snn::OneToOneAttr>(op.getConnector());
    info.synapses = op.getExpectedSynapses();
    model.projectionsFrom[info.pre].push_back(int(model.projections.size()));
    model.projections.push_back(info);
  }
  return success();
}

/// The population index of the slice `value` denotes (a population or a
/// view), with its range.
static std::optional<AstroEdge> neuronRange(const MappingModel &model,
                                            Value value) {
  auto slice = snn::resolvePopulationSlice(value);
  if (!slice)
    return std::nullopt;
  AstroEdge edge;
  edge.neurons = model.populationIndex.lookup(slice->population.getName());
  edge.lo = slice->start;
  edge.hi = slice->stop();
  return edge;
}

/// The pre (or post) slice of projection `name`.
static std::optional<AstroEdge> projectionRange(const MappingModel &model,
                                                StringRef name, bool pre) {
  for (const ProjectionInfo &proj : model.projections)
    if (snn::ProjectionOp(proj.op).getSymName() == name) {
      AstroEdge edge;
      edge.neurons = pre ? proj.pre : proj.post;
      edge.lo = pre ? proj.preLo : proj.postLo;
      edge.hi = pre ? proj.preHi : proj.postHi;
      return edge;
    }
  return std::nullopt;
}

/// Listens (neurons -> astrocytes) and modulations and injections
/// (astrocytes -> neurons) as edges between populations.
static LogicalResult indexAstroEdges(MappingModel &model) {
  model.astroEdgesFrom.assign(model.populations.size(), {});
  for (Operation &op : model.network.getBlock()) {
    std::optional<AstroEdge> edge;
    Value astrocytes;
    if (auto listen = dyn_cast<snn::AstroListenOp>(op)) {
      astrocytes = listen.getAstrocytes();
      edge = listen.getProjection()
                 ? projectionRange(model, *listen.getProjection(), true)
                 : neuronRange(model, listen.getSource());
      if (edge)
        edge->listen = true;
    } else if (auto modulate = dyn_cast<snn::AstroModulateOp>(op)) {
      astrocytes = modulate.getAstrocytes();
      edge = projectionRange(model, modulate.getProjection(), false);
    } else if (auto inject = dyn_cast<snn::AstroInjectOp>(op)) {
      astrocytes = inject.getAstrocytes();
      edge = neuronRange(model, inject.getTarget());
    } else {
      continue;
    }
    auto group = astrocytes.getDefiningOp<snn::AstrocytesOp>();
    if (!edge || !group)
      return op.emitOpError("couples no population slice or no astrocytes");
    edge->astrocytes = model.populationIndex.lookup(group.getName());
    int from = edge->listen ? edge->neurons : edge->astrocytes;
    model.astroEdgesFrom[from].push_back(int(model.astroEdges.size()));
    model.astroEdges.push_back(*edge);
  }
  return success();
}

static LogicalResult indexSlices(MappingModel &model) {
  std::vector<std::vector<spinn::SliceOp>> byPopulation(
      model.populations.size());
  for (auto slice : model.mapping.getBlock().getOps<spinn::SliceOp>()) {
    auto it = model.populationIndex.find(slice.getPopulation());
    if (it == model.populationIndex.end())
      return slice.emitOpError("population '")
             << slice.getPopulation() << "' is not in network "
             << model.mapping.getNetworkAttr();
    byPopulation[it->second].push_back(slice);
  }
  for (size_t p = 0; p < byPopulation.size(); ++p) {
    auto &list = byPopulation[p];
    std::stable_sort(list.begin(), list.end(),
                     [](spinn::SliceOp a, spinn::SliceOp b) {
                       return int64_t(a.getLo()) < int64_t(b.getLo());
                     });
    int64_t expected = 0;
    for (auto [index, slice] : llvm::enumerate(list)) {
      if (int64_t(slice.getLo()) != expected)
        return slice.emitOpError("slices of population '")
               << slice.getPopulation() << "' must tile it: expected one "
               << "starting at " << expected;
      expected = slice.getHi();
      int id = int(model.slices.size());
      model.populations[p].slices.push_back(id);
      model.slices.push_back(slice);
      model.slicePopulation.push_back(int(p));
      model.sliceIndex.push_back(int64_t(index));
      model.sliceLo.push_back(int64_t(slice.getLo()));
      model.sliceHi.push_back(int64_t(slice.getHi()));
      bool placed = slice.isPlaced();
      model.sliceChip.push_back(placed ? int(*slice.getY()) *
                                                 int(model.mapping.getWidth()) +
                                             int(*slice.getX())
                                       : -1);
      model.sliceCore.push_back(placed ? int(*slice.getP()) : -1);
      model.sliceBySymbol[slice.getSymName()] = id;
    }
    if (!list.empty() && expected != model.populations[p].size)
      return list.back().emitOpError("slices of population '")
             << list.back().getPopulation() << "' end at " << expected
             << ", it has " << model.populations[p].size << " neurons";
  }
  return success();
}

std::unique_ptr<MappingModel> MappingModel::build(spinn::MappingOp mapping) {
  auto model = std::make_unique<MappingModel>();
  model->mapping = mapping;
  auto module = mapping->getParentOfType<ModuleOp>();
  if (module)
    model->network = llvm::dyn_cast_or_null<snn::NetworkOp>(
        SymbolTable::lookupSymbolIn(module, mapping.getNetworkAttr()));
  if (!model->network) {
    mapping.emitOpError("network ")
        << mapping.getNetworkAttr() << " is not in the module";
    return nullptr;
  }
  for (auto population :
       model->network.getBlock().getOps<snn::PopulationOp>()) {
    model->populationIndex[population.getName()] =
        int(model->populations.size());
    model->populations.push_back({population, {}, population.getSize(), {}});
  }
  for (auto astrocytes :
       model->network.getBlock().getOps<snn::AstrocytesOp>()) {
    model->populationIndex[astrocytes.getName()] =
        int(model->populations.size());
    model->populations.push_back({{}, astrocytes, astrocytes.getSize(), {}});
  }
  if (failed(indexProjections(*model)) || failed(indexAstroEdges(*model)) ||
      failed(indexSlices(*model)))
    return nullptr;
  return model;
}

/// Appends the slices of population p that overlap [from, to).
static void appendOverlapping(const MappingModel &model, int p, int64_t from,
                              int64_t to, std::vector<int> &out) {
  const std::vector<int> &targets = model.populations[p].slices;
  auto first = std::upper_bound(
      targets.begin(), targets.end(), from,
      [&](int64_t value, int id) { return value < model.sliceHi[id]; });
  for (auto it = first; it != targets.end() && model.sliceLo[*it] < to; ++it)
    out.push_back(*it);
}

/// The slices that astro edge e carries packets of [lo, hi) to: the
/// astrocytes whose domains hold those neurons (listen), or the neurons in
/// the domains of those astrocytes.
static void appendAstroSinks(const MappingModel &model, const AstroEdge &e,
                             int64_t lo, int64_t hi, std::vector<int> &out) {
  uint32_t n = uint32_t(e.hi - e.lo);
  uint32_t count = uint32_t(model.populations[e.astrocytes].size);
  if (e.listen) {
    int64_t from = std::max(lo, e.lo), to = std::min(hi, e.hi);
    if (from < to)
      appendOverlapping(
          model, e.astrocytes, runtime::astroDomainOf(from - e.lo, n, count),
          int64_t(runtime::astroDomainOf(to - 1 - e.lo, n, count)) + 1, out);
    return;
  }
  appendOverlapping(model, e.neurons,
                    e.lo + runtime::astroDomainStart(lo, n, count),
                    e.lo + runtime::astroDomainStart(hi, n, count), out);
}

void MappingModel::sinkSlices(int s, std::vector<int> &out) const {
  out.clear();
  int64_t lo = sliceLo[s], hi = sliceHi[s];
  for (int e : astroEdgesFrom[slicePopulation[s]])
    appendAstroSinks(*this, astroEdges[e], lo, hi, out);
  for (int index : projectionsFrom[slicePopulation[s]]) {
    const ProjectionInfo &proj = projections[index];
    int64_t from = std::max(lo, proj.preLo), to = std::min(hi, proj.preHi);
    if (from >= to || proj.synapses <= 0)
      continue;
    // One-to-one maps the overlap onto the matching post neurons; every
    // other connector may reach all of the post range.
    int64_t postFrom = proj.postLo, postTo = proj.postHi;
    if (proj.oneToOne) {
      postFrom = proj.postLo + (from - proj.preLo);
      postTo = proj.postLo + (to - proj.preLo);
    }
    appendOverlapping(*this, proj.post, postFrom, postTo, out);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
}

int MappingModel::numChipSlots() const {
  return int(mapping.getWidth()) * int(mapping.getHeight());
}

std::optional<machine::Machine> loadMachineFor(spinn::MappingOp mapping,
                                               StringRef option) {
  std::string spec = option.empty() ? mapping.getMachine().str() : option.str();
  std::string error;
  auto machine = machine::loadMachine(spec, error);
  if (!machine) {
    mapping.emitError(error);
    return std::nullopt;
  }
  if (machine->width != int(mapping.getWidth()) ||
      machine->height != int(mapping.getHeight())) {
    mapping.emitError("machine '")
        << spec << "' is " << machine->width << " x " << machine->height
        << ", the mapping was made for " << int(mapping.getWidth()) << " x "
        << int(mapping.getHeight());
    return std::nullopt;
  }
  return machine;
}

std::vector<std::vector<routing::Entry>> readTables(spinn::MappingOp mapping) {
  int width = mapping.getWidth();
  std::vector<std::vector<routing::Entry>> tables(width *
                                                  int(mapping.getHeight()));
  for (auto table : mapping.getBlock().getOps<spinn::TableOp>()) {
    auto &entries = tables[int(table.getY()) * width + int(table.getX())];
    ArrayRef<int32_t> data = table.getEntries();
    for (size_t i = 0; i + 3 < data.size(); i += 4)
      entries.push_back({uint32_t(data[i]), uint32_t(data[i + 1]),
                         uint32_t(data[i + 2]), uint32_t(data[i + 3])});
  }
  return tables;
}

/// Recovers each population's key block from its slices' keys, checking
/// that they follow the | population | slice | neuron | layout the table
/// merging relies on.
LogicalResult readPopulationKeys(const MappingModel &model,
                                 std::vector<PopulationKeys> &keys) {
  keys.assign(model.populations.size(), {});
  for (size_t p = 0; p < model.populations.size(); ++p) {
    const std::vector<int> &slices = model.populations[p].slices;
    if (slices.empty())
      continue;
    PopulationKeys &k = keys[p];
    for (int s : slices)
      if (!model.slices[s].hasKey())
        return model.slices[s].emitOpError(
            "has no key: run snn-allocate-keys first");
    spinn::SliceOp first = model.slices[slices.front()];
    k.neuronBits = llvm::countr_zero(uint32_t(*first.getMask()) | (1u << 31));
    k.sliceBits = 0;
    while ((size_t(1) << k.sliceBits) < slices.size())
      ++k.sliceBits;
    k.base = uint32_t(*first.getKey());
    for (auto [index, s] : llvm::enumerate(slices)) {
      spinn::SliceOp slice = model.slices[s];
      if (uint32_t(*slice.getKey()) != k.sliceKey(int64_t(index)) ||
          uint32_t(*slice.getMask()) != k.sliceMask())
        return slice.emitOpError("key does not follow the population | slice "
                                 "| neuron layout of its population");
    }
  }
  return success();
}

RoutedSlices readRoutes(const MappingModel &model) {
  RoutedSlices routes;
  int width = model.mapping.getWidth();
  for (auto route : model.mapping.getBlock().getOps<spinn::RouteOp>()) {
    int s = model.sliceBySymbol.lookup(route.getSource());
    ArrayRef<int32_t> nodes = route.getNodes();
    std::vector<TreeNode> tree;
    for (size_t i = 0; i + 3 < nodes.size(); i += 4)
      tree.push_back({nodes[i + 1] * width + nodes[i], nodes[i + 2],
                      uint32_t(nodes[i + 3])});
    routes.trees.push_back(std::move(tree));
    routes.slices.push_back(
        {model.slicePopulation[s], model.sliceIndex[s], nullptr});
  }
  // The vector of trees is complete: pointers into it stay valid.
  for (size_t i = 0; i < routes.slices.size(); ++i)
    routes.slices[i].tree = &routes.trees[i];
  return routes;
}

/// What slice `s` must deliver to: (chip, core bits) per chip.
static std::vector<std::pair<int, uint32_t>>
targetsOf(const MappingModel &model, int s, std::vector<int> &scratch) {
  model.sinkSlices(s, scratch);
  std::vector<std::pair<int, uint32_t>> targets;
  for (int sink : scratch) {
    int chip = model.chipOf(sink);
    if (chip >= 0)
      targets.push_back({chip, routing::coreBit(model.coreOf(sink))});
  }
  std::sort(targets.begin(), targets.end());
  std::vector<std::pair<int, uint32_t>> merged;
  for (auto [chip, bits] : targets) {
    if (!merged.empty() && merged.back().first == chip)
      merged.back().second |= bits;
    else
      merged.push_back({chip, bits});
  }
  return merged;
}

LogicalResult
checkMappedRouting(const MappingModel &model, const machine::Machine &machine,
                   const std::vector<std::vector<routing::Entry>> &tables) {
  std::vector<CheckSource> sources;
  std::vector<int> scratch;
  for (size_t s = 0; s < model.slices.size(); ++s) {
    spinn::SliceOp slice = model.slices[s];
    if (!slice.isPlaced() || !slice.hasKey())
      return slice.emitOpError(
          "needs a core and a key before routing can be checked");
    // A hand-written mapping may name any core the dialect allows: the
    // check needs one that runs applications on a chip of this machine.
    int x = int(*slice.getX()), y = int(*slice.getY()), p = int(*slice.getP());
    std::vector<int> usable;
    if (machine.hasChip(x, y))
      usable = machine.usableCores(machine.chipId(x, y));
    if (std::find(usable.begin(), usable.end(), p) == usable.end())
      return slice.emitOpError("is placed on core (")
             << x << ", " << y << ", " << p
             << "), which is not a working application core of machine '"
             << machine.name << "'";
    CheckSource source;
    source.name = "@" + slice.getSymName().str();
    source.key = uint32_t(*slice.getKey());
    source.mask = uint32_t(*slice.getMask());
    source.atoms = slice.getSize();
    source.chip = model.chipOf(int(s));
    source.targets = targetsOf(model, int(s), scratch);
    sources.push_back(std::move(source));
  }
  std::vector<std::string> errors = checkRouting(machine, tables, sources);
  if (errors.empty())
    return success();
  auto diag = model.mapping.emitError("routing check failed: ");
  diag << errors.front();
  for (size_t i = 1; i < errors.size(); ++i)
    diag.attachNote() << errors[i];
  return failure();
}

} // namespace glia::mapping
