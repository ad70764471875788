//===- ImageWriter.cpp - plan + mapping -> board image --------------------===//
//
// Builds one blob per core and one table file per chip, and the manifest
// that lists them (docs/image.md). Synapses come from the runtime's
// ConnectivityGenerator, line by line (invariant 2), and are quantised with
// the same WeightCodec and weight shifts as `glia run --numerics fixed`, so
// the emulator sees exactly the reference's synapses.
//
//===----------------------------------------------------------------------===//

#include "ImageAstro.h"
#include "ImageBlob.h"
#include "glia/Runtime/AtomicFile.h"
#include "glia/Runtime/Connectivity.h"
#include "glia/Runtime/Kernels.h"
#include "glia/Runtime/PlanDerived.h"
#include "glia/Runtime/PlanFile.h"
#include "glia/Runtime/Weights.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>

namespace glia::runtime {

const char *regionName(Region region) {
  static const char *names[kRegionCount] = {
      "system",          "neurons",    "synapse_params", "master_pop_table",
      "synaptic_matrix", "plasticity", "recording",      "astrocytes"};
  uint32_t index = uint32_t(region);
  return index < kRegionCount ? names[index] : "?";
}

std::string imageChecksum(const std::vector<uint8_t> &bytes) {
  char text[17];
  std::snprintf(text, sizeof text, "%016llx",
                (unsigned long long)fnv1a64(bytes.data(), bytes.size()));
  return text;
}

std::vector<uint8_t> encodeTableFile(const ImageTable &table) {
  image::ByteWriter out;
  uint8_t xy[2] = {uint8_t(table.x), uint8_t(table.y)};
  out.raw(xy, 2);
  uint16_t count = uint16_t(table.entries.size());
  out.raw(&count, 2);
  for (const RouteEntry &e : table.entries) {
    out.u32(e.key);
    out.u32(e.mask);
    out.u32(e.source);
    out.u32(e.route);
  }
  return out.bytes;
}

namespace {

using image::ByteWriter;
using models::CellKind;

//===----------------------------------------------------------------------===//
// What the reference simulator derives from the plan, reproduced exactly
//===----------------------------------------------------------------------===//

/// Whether weights of (post population, receptor) are subtracted: current-
/// based inhibitory input (PyNN writes those weights as negative numbers).
bool subtracts(const Plan &plan, uint32_t population, unsigned receptor) {
  return receptor == unsigned(Receptor::Inhibitory) &&
         !models::cellType(plan.populations[population].kind).conductanceBased;
}

bool homogeneous(const PopulationPlan &population) {
  return std::all_of(population.parameters.begin(), population.parameters.end(),
                     [](const Value &value) { return value.isConstant(); });
}

//===----------------------------------------------------------------------===//
// Neuron region
//===----------------------------------------------------------------------===//

/// Coefficients of neurons [lo, hi) (one set if homogeneous): what the
/// core's kernel is called with.
template <typename C>
std::vector<C> coreCoefficients(const Plan &plan, const ImageCore &core,
                                C (*make)(const kernels::ParameterValues &,
                                          double)) {
  const PopulationPlan &population = plan.populations[core.population];
  const models::CellTypeInfo &info = models::cellType(population.kind);
  uint32_t count = homogeneous(population) ? 1 : core.hi - core.lo;
  std::vector<C> coefficients;
  for (uint32_t i = 0; i < count; ++i) {
    std::vector<double> values =
        neuronParameters(plan, core.population, core.lo + i);
    coefficients.push_back(make({info, values.data()}, plan.timestep));
  }
  return coefficients;
}

/// The coefficients of neurons [lo, hi), as raw fixed-point words.
template <typename C>
void writeCoefficients(const Plan &plan, const ImageCore &core,
                       C (*make)(const kernels::ParameterValues &, double),
                       ByteWriter &out) {
  std::vector<C> coefficients = coreCoefficients(plan, core, make);
  out.u32(homogeneous(plan.populations[core.population]));
  out.u32(uint32_t(coefficients.size()));
  out.u32(uint32_t(sizeof(C)));
  for (const C &c : coefficients)
    out.pod(c);
}

void writeState(const Plan &plan, const ImageCore &core, ByteWriter &out) {
  const PopulationPlan &population = plan.populations[core.population];
  size_t hidden = population.kind == CellKind::IfCurrAlpha ? 2 : 0;
  out.u32(uint32_t(population.initial.size() + hidden));
  for (uint32_t k = 0; k < population.initial.size(); ++k)
    for (uint32_t i = core.lo; i < core.hi; ++i) {
      RandomStream stream(plan.seed, withIndex(StreamKind::InitialValue, k),
                          core.population, i);
      out.i32(
          Accum::fromDouble(sample(population.initial[k], stream, i)).raw());
    }
  for (size_t k = 0; k < hidden * (core.hi - core.lo); ++k)
    out.i32(0);
  bool refractory = population.kind != CellKind::Izhikevich;
  out.u32(refractory);
  for (uint32_t i = core.lo; refractory && i < core.hi; ++i)
    out.u32(0); // refractory until step 0: integrating from the start
}

/// Poisson sources: coefficients and the initial state (first spike step
/// and spike number of each neuron), from the same kernel as the reference.
void writePoisson(const Plan &plan, const ImageCore &core, ByteWriter &out) {
  writeCoefficients(plan, core, &kernels::PoissonCoefficients::make, out);
  const PopulationPlan &population = plan.populations[core.population];
  // Indexed from the slice's first neuron (kernels::PoissonState).
  uint32_t n = core.hi - core.lo;
  std::vector<int64_t> next(n);
  std::vector<uint32_t> number(n);
  kernels::PoissonState state{next.data(), number.data()};
  const models::CellTypeInfo &info = models::cellType(population.kind);
  if (homogeneous(population)) {
    std::vector<double> values = neuronParameters(plan, core.population, 0);
    kernels::UniformCoefficients<kernels::PoissonCoefficients> c{
        kernels::PoissonCoefficients::make({info, values.data()},
                                           plan.timestep)};
    kernels::initPoisson(c, state, plan.seed, core.population, core.lo,
                         core.hi);
  } else {
    std::vector<kernels::PoissonCoefficients> all(n);
    for (uint32_t k = 0; k < n; ++k) {
      std::vector<double> values =
          neuronParameters(plan, core.population, core.lo + k);
      all[k] = kernels::PoissonCoefficients::make({info, values.data()},
                                                  plan.timestep);
    }
    kernels::initPoisson(
        kernels::PerNeuronCoefficients<kernels::PoissonCoefficients>{
            all.data()},
        state, plan.seed, core.population, core.lo, core.hi);
  }
  for (uint32_t k = 0; k < n; ++k) {
    out.i64(next[k]);
    out.u32(number[k]);
  }
}

/// Spike arrays: the core's own trains, re-indexed from 0. The mapping
/// estimates the region's size with image::spikeArrayBytes: keep the two
/// alike.
void writeSpikeArray(const Plan &plan, const ImageCore &core, ByteWriter &out) {
  const SpikeTrains &trains = plan.populations[core.population].spikeTrains;
  bool shared = trains.offsets.empty();
  out.u32(shared);
  uint64_t first = shared ? 0 : trains.offsets[core.lo];
  uint64_t last = shared ? trains.steps.size() : trains.offsets[core.hi];
  if (!shared)
    for (uint32_t i = core.lo; i <= core.hi; ++i)
      out.u64(trains.offsets[i] - first);
  out.u64(last - first);
  for (uint64_t k = first; k < last; ++k)
    out.i64(trains.steps[k]);
}

std::vector<uint8_t> neuronRegion(const Plan &plan, const ImageCore &core) {
  ByteWriter out;
  CellKind kind = plan.populations[core.population].kind;
  out.u32(uint32_t(kind));
  switch (kind) {
  case CellKind::IfCurrExp:
    writeCoefficients(plan, core, ifCurrExpCoefficientMaker<Accum>(plan),
                      out);
    break;
  case CellKind::IfCondExp:
    writeCoefficients(plan, core, &kernels::IfCondExpCoefficients<Accum>::make,
                      out);
    break;
  case CellKind::IfCurrAlpha:
    writeCoefficients(plan, core,
                      &kernels::IfCurrAlphaCoefficients<Accum>::make, out);
    break;
  case CellKind::Izhikevich:
    writeCoefficients(plan, core, &kernels::IzhikevichCoefficients<Accum>::make,
                      out);
    break;
  case CellKind::SpikeSourcePoisson:
    writePoisson(plan, core, out);
    return out.bytes;
  case CellKind::SpikeSourceArray:
    writeSpikeArray(plan, core, out);
    return out.bytes;
  default:
    throw PopulationImageError("population '" +
                                   plan.populations[core.population].name +
                                   "': its cell type has no board kernel",
                               core.population);
  }
  writeState(plan, core, out);
  return out.bytes;
}

//===----------------------------------------------------------------------===//
// Synapses
//===----------------------------------------------------------------------===//

struct CoreBuild {
  const ImageCore *core;
  uint32_t indexBits = 1, delayBits = 15;
  uint32_t maxDelay = 1;
  uint64_t historyBytes = 0; // STDP postsynaptic histories (plasticityRegion)
  std::array<int, 2> shifts{15, 15};
  // Synapses onto this core per projection: (pre neuron in the projection's
  // pre slice, synaptic word), in generation order.
  std::map<uint32_t, std::vector<std::pair<uint32_t, uint32_t>>> incoming;
};

uint32_t bitsFor(uint32_t count) {
  uint32_t bits = 1;
  while ((uint64_t(1) << bits) < count)
    ++bits;
  return bits;
}

/// The synaptic word of one synapse onto `build`'s core.
uint32_t synapticWord(const CoreBuild &build, const ProjectionPlan &projection,
                      const SynapseDraw &draw, bool subtract) {
  WeightCodec<Accum> codec{};
  unsigned receptor = unsigned(projection.receptor);
  codec.fractionalBits = build.shifts[receptor];
  // Static subtracted weights are negative in PyNN; plastic ones are
  // magnitudes already (as on SpiNNaker).
  double magnitude = subtract && !projection.stdp ? -draw.weight : draw.weight;
  uint32_t weight = codec.encode(magnitude);
  uint32_t local = projection.post.start + draw.post - build.core->lo;
  if (draw.delay >= (1u << build.delayBits))
    throw RuntimeError("projection '" + projection.name + "': a delay of " +
                       std::to_string(draw.delay) +
                       " steps does not fit the synaptic word of a core with " +
                       std::to_string(build.core->hi - build.core->lo) +
                       " neurons (at most " +
                       std::to_string((1u << build.delayBits) - 1) + ")");
  return weight << 16 | draw.delay << (build.indexBits + image::kTypeBits) |
         receptor << build.indexBits | local;
}

/// Generates every line of projection j once and hands each synapse to the
/// core holding its postsynaptic neuron.
void distributeProjection(const Plan &plan, uint32_t j,
                          std::vector<CoreBuild> &builds,
                          const std::vector<uint32_t> &byPopulationStart) {
  const ProjectionPlan &projection = plan.projections[j];
  uint32_t post = projection.post.population;
  bool subtract = subtracts(plan, post, unsigned(projection.receptor));
  // Cores of the post population, ordered by their first neuron.
  std::vector<CoreBuild *> targets;
  for (uint32_t c = byPopulationStart[post];
       c < builds.size() && builds[c].core->population == post; ++c)
    targets.push_back(&builds[c]);
  ConnectivityGenerator generator(projection, j);
  std::vector<SynapseDraw> line;
  for (uint32_t l = 0; l < generator.lineCount(); ++l) {
    line.clear();
    generator.generate(l, line);
    for (const SynapseDraw &draw : line) {
      uint32_t neuron = projection.post.start + draw.post;
      auto it = std::upper_bound(
          targets.begin(), targets.end(), neuron,
          [](uint32_t n, const CoreBuild *b) { return n < b->core->lo; });
      if (it == targets.begin() || neuron >= (*(it - 1))->core->hi)
        throw RuntimeError("population '" + plan.populations[post].name +
                           "': neuron " + std::to_string(neuron) +
                           " is on no core of the mapping");
      CoreBuild &build = **(it - 1);
      build.maxDelay = std::max(build.maxDelay, draw.delay);
      build.incoming[j].push_back(
          {draw.pre, synapticWord(build, projection, draw, subtract)});
    }
  }
}

/// One (source core, projection) pair's rows on a target core.
struct BlockRows {
  image::RowBlock block;
  std::vector<std::vector<uint32_t>> rows;
};

/// Where each population's cores are and which projections reach it, so
/// that a core's row blocks come from its own incoming projections and
/// their source cores only (no scan over every core of the machine).
struct Topology {
  std::vector<std::pair<uint32_t, uint32_t>> coreRange; // [first, end)
  std::vector<std::vector<uint32_t>> incoming;          // projections
};

Topology topologyOf(const Plan &plan, const std::vector<ImageCore> &cores) {
  Topology topology;
  topology.coreRange.assign(plan.populations.size(), {0, 0});
  topology.incoming.resize(plan.populations.size());
  for (uint32_t c = cores.size(); c-- > 0;) // cores sorted by population
    topology.coreRange[cores[c].population].first = c;
  for (uint32_t c = 0; c < cores.size(); ++c)
    topology.coreRange[cores[c].population].second = c + 1;
  for (uint32_t j = 0; j < plan.projections.size(); ++j)
    topology.incoming[plan.projections[j].post.population].push_back(j);
  return topology;
}

/// The rows of projection j from pre neurons [begin, end) of `source`.
BlockRows
makeBlock(const ProjectionPlan &projection, uint32_t j, uint32_t plastic,
          const ImageCore &source, uint32_t begin, uint32_t end,
          const std::vector<std::pair<uint32_t, uint32_t>> &synapses) {
  const Slice &pre = projection.pre;
  BlockRows rows;
  rows.block = {j,           plastic, begin - source.lo,
                end - begin, 0,       begin - pre.start};
  rows.rows.resize(end - begin);
  // The synapses are sorted by pre neuron: take the source's range.
  auto first = std::lower_bound(
      synapses.begin(), synapses.end(), begin - pre.start,
      [](const auto &synapse, uint32_t row) { return synapse.first < row; });
  for (auto it = first; it != synapses.end() && it->first < end - pre.start;
       ++it)
    rows.rows[pre.start + it->first - begin].push_back(it->second);
  return rows;
}

/// Row blocks of `build`'s core, grouped by the source core whose packets
/// select them (the master population table's entries), sorted by key.
/// Every projection reaching the core gets a block, even one without
/// synapses here: routes are made per projection, so its packets arrive,
/// and a packet that finds no entry then always means misrouting.
std::vector<std::pair<const ImageCore *, std::vector<BlockRows>>>
rowBlocks(const Plan &plan, const CoreBuild &build,
          const std::vector<ImageCore> &cores, const Topology &topology,
          const std::map<uint32_t, uint32_t> &plasticIndex) {
  static const std::vector<std::pair<uint32_t, uint32_t>> none;
  const ImageCore &core = *build.core;
  std::map<uint32_t, std::vector<BlockRows>> bySource;
  for (uint32_t j : topology.incoming[core.population]) {
    const ProjectionPlan &projection = plan.projections[j];
    const Slice &pre = projection.pre, &post = projection.post;
    if (post.start >= core.hi || post.start + post.size <= core.lo)
      continue;
    auto found = build.incoming.find(j);
    const auto &synapses = found == build.incoming.end() ? none : found->second;
    auto plastic = plasticIndex.find(j);
    uint32_t plasticSlot =
        plastic == plasticIndex.end() ? image::kStatic : plastic->second;
    auto [first, last] = topology.coreRange[pre.population];
    for (uint32_t c = first; c < last; ++c) {
      uint32_t begin = std::max(cores[c].lo, pre.start);
      uint32_t end = std::min(cores[c].hi, pre.start + pre.size);
      if (cores[c].sends && begin < end)
        bySource[c].push_back(makeBlock(projection, j, plasticSlot, cores[c],
                                        begin, end, synapses));
    }
  }
  std::vector<std::pair<const ImageCore *, std::vector<BlockRows>>> sources;
  for (auto &[c, blocks] : bySource)
    sources.push_back({&cores[c], std::move(blocks)});
  std::sort(sources.begin(), sources.end(), [](const auto &a, const auto &b) {
    return a.first->key < b.first->key;
  });
  return sources;
}

/// The master population table and the synaptic matrix of a core.
void synapseRegions(const Plan &plan, const CoreBuild &build,
                    const std::vector<ImageCore> &cores,
                    const Topology &topology,
                    const std::map<uint32_t, uint32_t> &plasticIndex,
                    std::vector<uint8_t> &table, std::vector<uint8_t> &matrix) {
  auto sources = rowBlocks(plan, build, cores, topology, plasticIndex);
  ByteWriter mpt, headers;
  std::vector<uint32_t> words;
  uint32_t blockCount = 0;
  mpt.u32(uint32_t(sources.size()));
  for (auto &[source, blocks] : sources) {
    mpt.pod(image::MasterEntry{source->key, source->mask, blockCount,
                               uint32_t(blocks.size())});
    for (BlockRows &rows : blocks) {
      bool plastic = rows.block.plastic != image::kStatic;
      rows.block.indexWord = uint32_t(words.size());
      size_t index = words.size();
      words.resize(words.size() + rows.rows.size() + 1);
      for (size_t r = 0; r < rows.rows.size(); ++r) {
        words[index + r] = uint32_t(words.size());
        words.push_back(uint32_t(rows.rows[r].size()));
        if (plastic) { // presynaptic trace: value 0, no spike yet
          kernels::Trace<Accum> trace;
          words.push_back(uint32_t(trace.value.raw()));
          words.push_back(uint32_t(uint64_t(trace.lastStep)));
          words.push_back(uint32_t(uint64_t(trace.lastStep) >> 32));
        }
        words.insert(words.end(), rows.rows[r].begin(), rows.rows[r].end());
      }
      words[index + rows.rows.size()] = uint32_t(words.size());
      headers.pod(rows.block);
      ++blockCount;
    }
  }
  ByteWriter out;
  out.u32(blockCount);
  out.raw(headers.bytes.data(), headers.bytes.size());
  out.u32(uint32_t(words.size()));
  out.raw(words.data(), words.size() * 4);
  table = std::move(mpt.bytes);
  matrix = std::move(out.bytes);
}

std::vector<uint8_t> synapseParams(const Plan &plan, const CoreBuild &build) {
  ByteWriter out;
  for (unsigned r = 0; r < 2; ++r) {
    out.i32(build.shifts[r]);
    out.u32(subtracts(plan, build.core->population, r));
  }
  out.u32(build.indexBits);
  out.u32(build.delayBits);
  out.u32(build.maxDelay);
  return out.bytes;
}

/// The postsynaptic history of a plastic projection on a core: spikes join
/// it when the shortest delay of its synapses there sees them, and it keeps
/// `depth` of each neuron's spikes.
struct HistoryShape {
  uint32_t shortestDelay = 1, depth = 1;
};

/// The fewest steps a neuron of the core stays refractory, in the board's
/// numbers (kernels::shortestRefractory).
uint32_t coreRefractory(const Plan &plan, const ImageCore &core) {
  switch (plan.populations[core.population].kind) {
  case CellKind::IfCurrExp:
    return kernels::shortestRefractory(
        coreCoefficients(plan, core, ifCurrExpCoefficientMaker<Accum>(plan)));
  case CellKind::IfCondExp:
    return kernels::shortestRefractory(coreCoefficients(
        plan, core, &kernels::IfCondExpCoefficients<Accum>::make));
  case CellKind::IfCurrAlpha:
    return kernels::shortestRefractory(coreCoefficients(
        plan, core, &kernels::IfCurrAlphaCoefficients<Accum>::make));
  default: // Izhikevich: no refractory period
    return 0;
  }
}

/// The history of plastic projection j onto the core
/// (kernels::postHistoryDepth): from the delays of its synapses there and
/// the core's shortest refractory period. A history that does not fit the
/// core is refused with the core's DTCM (emitCore), which counts it.
HistoryShape postHistoryShape(const CoreBuild &build, uint32_t j,
                              const Stdp &rule, uint32_t refractory) {
  if (rule.rule == StdpRule::Trace) // sees a spike at once (ruleDelay 0)
    return {0, 1};
  uint32_t shortestDelay = std::numeric_limits<uint32_t>::max(), longest = 0;
  auto synapses = build.incoming.find(j);
  if (synapses != build.incoming.end())
    for (auto [pre, word] : synapses->second) {
      uint32_t delay =
          (word >> (build.indexBits + 1)) & ((1u << build.delayBits) - 1);
      shortestDelay = std::min(shortestDelay, delay);
      longest = std::max(longest, delay);
    }
  if (longest == 0) // no synapses on the core
    return {};
  return {shortestDelay,
          kernels::postHistoryDepth(shortestDelay, longest, refractory)};
}

/// STDP coefficients (with their decay tables) and the depth of the
/// postsynaptic history of the core's neurons, per plastic projection onto
/// the core.
std::vector<uint8_t> plasticityRegion(const Plan &plan, CoreBuild &build,
                                      std::map<uint32_t, uint32_t> &index) {
  ByteWriter out;
  std::vector<uint32_t> plastic;
  for (uint32_t j = 0; j < plan.projections.size(); ++j) {
    const ProjectionPlan &projection = plan.projections[j];
    if (projection.stdp && projection.post.population == build.core->population)
      plastic.push_back(j);
  }
  out.u32(uint32_t(plastic.size()));
  uint32_t refractory = plastic.empty() ? 0 : coreRefractory(plan, *build.core);
  for (uint32_t j : plastic) {
    index[j] = uint32_t(index.size());
    const ProjectionPlan &projection = plan.projections[j];
    auto c =
        kernels::StdpCoefficients<Accum>::make(*projection.stdp, plan.timestep);
    out.u32(j);
    for (Accum value : {c.aPlus, c.aMinus, c.wMin, c.wMax})
      out.i32(value.raw());
    out.u32(c.multiplicative);
    HistoryShape history =
        postHistoryShape(build, j, *projection.stdp, refractory);
    out.u32(history.shortestDelay);
    out.u32(history.depth);
    out.u32(uint32_t(projection.stdp->rule));
    out.i32(c.traceJump.raw());
    out.u32(c.rateDecay.raw());
    out.u32(c.decays);
    auto writeTable = [&out](const std::vector<Accum> &table) {
      out.u32(uint32_t(table.size()));
      for (Accum value : table)
        out.i32(value.raw());
    };
    writeTable(c.decayPlus);
    // One table when tau+ = tau- (the trace rule; PyNN's default pair
    // rule): a second table of length 0 is the first.
    if (c.decayMinus == c.decayPlus)
      out.u32(0);
    else
      writeTable(c.decayMinus);
    // The core's neurons in the projection's postsynaptic slice (none, at
    // the core's end, for a core of the population outside the slice).
    uint32_t begin =
        std::clamp(projection.post.start, build.core->lo, build.core->hi);
    uint32_t end =
        std::max(begin, std::min(build.core->hi,
                                 projection.post.start + projection.post.size));
    out.u32(begin - build.core->lo);
    out.u32(end - begin);
    build.historyBytes +=
        image::historyBytes(end - begin, history.depth) +
        image::historyJoinBytes(build.core->hi - build.core->lo,
                                history.shortestDelay);
  }
  return out.bytes;
}

std::vector<uint8_t> systemRegion(const Plan &plan, const ImageCore &core) {
  ByteWriter out;
  for (uint32_t word : {core.population, core.lo, core.hi, core.key, core.mask,
                        uint32_t(core.sends)})
    out.u32(word);
  out.u64(plan.seed);
  out.f64(plan.timestep);
  return out.bytes;
}

/// Recording: bytes per step for spikes (one bit per neuron) and per sample
/// for state variables (one word per neuron and variable), for the
/// recordings that cover the core's neurons.
std::vector<uint8_t> recordingRegion(const Plan &plan, const ImageCore &core) {
  uint32_t spikeBytes = 0, stateBytes = 0;
  for (const RecordingPlan &recording : plan.recordings) {
    const Slice &t = recording.target;
    if (t.population != core.population || t.start >= core.hi ||
        t.start + t.size <= core.lo)
      continue;
    uint32_t overlap =
        std::min(core.hi, t.start + t.size) - std::max(core.lo, t.start);
    for (const std::string &variable : recording.variables)
      if (variable == "spikes")
        spikeBytes = (core.hi - core.lo + 31) / 32 * 4;
      else
        stateBytes += overlap * 4;
  }
  ByteWriter out;
  out.u32(spikeBytes);
  out.u32(stateBytes);
  return out.bytes;
}

/// Concatenates the regions behind the header.
std::vector<uint8_t>
assembleBlob(const std::vector<std::vector<uint8_t>> &regions,
             std::vector<RegionInfo> &info) {
  ByteWriter out;
  out.raw(kCoreMagic, 8);
  out.u32(kImageFormatVersion);
  out.u32(kRegionCount);
  uint32_t offset = image::kHeaderBytes;
  info.clear();
  for (uint32_t r = 0; r < kRegionCount; ++r) {
    info.push_back({Region(r), offset, uint32_t(regions[r].size())});
    out.u32(r);
    out.u32(offset);
    out.u32(uint32_t(regions[r].size()));
    offset += uint32_t(regions[r].size());
  }
  for (const std::vector<uint8_t> &region : regions)
    out.raw(region.data(), region.size());
  return out.bytes;
}

/// DTCM a core needs besides its regions: its input ring buffers (two
/// receptors, int32) and its STDP postsynaptic histories.
uint64_t workingDtcm(const CoreBuild &build) {
  const ImageCore &core = *build.core;
  return image::ringBytes(core.hi - core.lo, build.maxDelay) +
         build.historyBytes;
}

//===----------------------------------------------------------------------===//
// Manifest and files
//===----------------------------------------------------------------------===//

nlohmann::ordered_json machineJson(const ImageMachine &machine) {
  nlohmann::ordered_json chips = nlohmann::ordered_json::array();
  for (const auto &chip : machine.chips)
    chips.push_back({chip[0], chip[1], chip[2]});
  return {{"name", machine.name},
          {"width", machine.width},
          {"height", machine.height},
          {"wrap", machine.wrap},
          {"dtcm_bytes", machine.dtcmBytes},
          {"sdram_bytes_per_chip", machine.sdramBytesPerChip},
          {"router_entries", machine.routerEntries},
          {"chips", chips}};
}

nlohmann::ordered_json networkJson(const Plan &plan) {
  nlohmann::ordered_json populations = nlohmann::ordered_json::array();
  for (const PopulationPlan &p : plan.populations)
    populations.push_back(
        {{"name", p.name},
         {"size", p.size},
         {"cell", std::string(models::cellType(p.kind).name)}});
  nlohmann::ordered_json recordings = nlohmann::ordered_json::array();
  for (const RecordingPlan &r : plan.recordings)
    recordings.push_back(
        {{"target", {r.target.population, r.target.start, r.target.size}},
         {"variables", r.variables},
         {"interval", r.samplingInterval}});
  nlohmann::ordered_json projections = nlohmann::ordered_json::array();
  for (const ProjectionPlan &j : plan.projections)
    projections.push_back(
        {{"name", j.name},
         {"pre", {j.pre.population, j.pre.start, j.pre.size}},
         {"post", {j.post.population, j.post.start, j.post.size}},
         {"plastic", j.stdp.has_value()}});
  nlohmann::ordered_json astrocytes = nlohmann::ordered_json::array();
  for (const AstrocytePlan &a : plan.astrocytes)
    astrocytes.push_back(
        {{"name", a.name},
         {"size", a.size},
         {"model", std::string(models::astrocyteModel(a.kind).name)}});
  nlohmann::ordered_json astroRecordings = nlohmann::ordered_json::array();
  for (const AstroRecordingPlan &r : plan.astroRecordings)
    astroRecordings.push_back({{"astrocytes", r.astrocytes},
                               {"variables", r.variables},
                               {"interval", r.samplingInterval}});
  return {{"populations", populations},
          {"recordings", recordings},
          {"projections", projections},
          {"astrocytes", astrocytes},
          {"astro_recordings", astroRecordings}};
}

/// The CAM readouts (docs/image.md, "cams"): shape, output population and
/// protocol, so that the emulator can decode what each operation recalled.
nlohmann::ordered_json camsJson(const Plan &plan,
                                const std::vector<cam::Readout> &cams) {
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const cam::Readout &readout : cams) {
    auto output = std::find_if(plan.populations.begin(), plan.populations.end(),
                               [&](const PopulationPlan &p) {
                                 return p.name == readout.outputPopulation;
                               });
    if (output == plan.populations.end() ||
        int64_t(output->size) != readout.memories + readout.bits)
      throw RuntimeError("cam '" + readout.name +
                         "': the network has no output population '" +
                         readout.outputPopulation + "' of " +
                         std::to_string(readout.memories + readout.bits) +
                         " neurons (expand the CAM before lowering)");
    nlohmann::ordered_json protocol = nlohmann::ordered_json::array();
    for (const cam::Operation &operation : readout.protocol) {
      nlohmann::ordered_json entry = {
          {"operation", cam::kindName(operation.kind)},
          {"time", operation.time}};
      if (operation.kind != cam::Operation::RecallContent)
        entry["cue"] = operation.cue;
      if (operation.kind != cam::Operation::RecallCue)
        entry["bits"] = operation.bits;
      protocol.push_back(std::move(entry));
    }
    list.push_back({{"name", readout.name},
                    {"memories", readout.memories},
                    {"bits", readout.bits},
                    {"output", readout.outputPopulation},
                    {"protocol", std::move(protocol)}});
  }
  return list;
}

void writeBytes(const std::filesystem::path &path,
                const std::vector<uint8_t> &bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char *>(bytes.data()),
            std::streamsize(bytes.size()));
  out.close();
  if (!out)
    throw RuntimeError("cannot write '" + path.string() + "'");
}

std::string coreName(const ImageCore &core) {
  return "(" + std::to_string(core.x) + ", " + std::to_string(core.y) + ", " +
         std::to_string(core.p) + ")";
}

/// The population or astrocyte population a core runs, and its model.
const std::string &sliceName(const Plan &plan, const ImageCore &core) {
  return core.astrocytes ? plan.astrocytes[core.population].name
                         : plan.populations[core.population].name;
}
std::string kernelName(const Plan &plan, const ImageCore &core) {
  return std::string(
      core.astrocytes
          ? models::astrocyteModel(plan.astrocytes[core.population].kind).name
          : models::cellType(plan.populations[core.population].kind).name);
}

/// Assembles a core's blob from its regions, checks its DTCM, writes it
/// into `dir` and returns its manifest entry. `workingBytes`: DTCM besides
/// the regions (workingDtcm; none on astrocyte cores).
nlohmann::ordered_json
emitCore(const Plan &plan, const ImageLayout &layout, const ImageCore &core,
         const std::vector<std::vector<uint8_t>> &regions,
         uint64_t workingBytes, const std::filesystem::path &dir,
         std::map<std::pair<uint32_t, uint32_t>, uint64_t> &sdramPerChip) {
  std::vector<RegionInfo> info;
  std::vector<uint8_t> blob = assembleBlob(regions, info);
  uint64_t dtcm = image::regionDtcmBytes(info) + workingBytes;
  uint64_t sdram = info[uint32_t(Region::SynapticMatrix)].size;
  if (dtcm > layout.machine.dtcmBytes) {
    std::string message =
        "core " + coreName(core) + " (" + sliceName(plan, core) + " [" +
        std::to_string(core.lo) + ", " + std::to_string(core.hi) + ")) needs " +
        std::to_string(dtcm) + " bytes of DTCM, a core has " +
        std::to_string(layout.machine.dtcmBytes);
    if (core.astrocytes)
      throw RuntimeError(message);
    throw PopulationImageError(message, core.population);
  }
  sdramPerChip[{core.x, core.y}] += sdram;
  std::string file = "cores/core_" + std::to_string(core.x) + "_" +
                     std::to_string(core.y) + "_" + std::to_string(core.p) +
                     ".bin";
  writeBytes(dir / file, blob);
  nlohmann::ordered_json regionList = nlohmann::ordered_json::array();
  for (const RegionInfo &r : info)
    regionList.push_back(
        {{"name", regionName(r.id)}, {"offset", r.offset}, {"bytes", r.size}});
  return {{"x", core.x},
          {"y", core.y},
          {"p", core.p},
          {"population", core.population},
          {"astrocytes", core.astrocytes},
          {"lo", core.lo},
          {"hi", core.hi},
          {"key", core.key},
          {"mask", core.mask},
          {"sends", core.sends},
          {"kernel", kernelName(plan, core)},
          {"file", file},
          {"bytes", blob.size()},
          {"checksum", imageChecksum(blob)},
          {"dtcm_bytes", dtcm},
          {"sdram_bytes", sdram},
          {"regions", regionList}};
}

/// The regions of an astrocyte core (docs/image.md): its kernel, listens
/// and recording; the synaptic regions hold empty lists.
std::vector<std::vector<uint8_t>>
astroCoreRegions(const Plan &plan, const ImageCore &core,
                 const std::vector<ImageCore> &neuronCores) {
  std::vector<std::vector<uint8_t>> regions(kRegionCount);
  regions[uint32_t(Region::System)] = systemRegion(plan, core);
  regions[uint32_t(Region::Neurons)] = image::astroKernelRegion(plan, core);
  image::astroListenRegions(plan, core, neuronCores,
                            regions[uint32_t(Region::MasterPopTable)],
                            regions[uint32_t(Region::Astrocytes)]);
  ByteWriter matrix, plasticity;
  matrix.u32(0); // row blocks
  matrix.u32(0); // words
  plasticity.u32(0);
  regions[uint32_t(Region::SynapticMatrix)] = std::move(matrix.bytes);
  regions[uint32_t(Region::Plasticity)] = std::move(plasticity.bytes);
  regions[uint32_t(Region::Recording)] =
      image::astroRecordingRegion(plan, core);
  return regions;
}

/// Builds every core's blob into `dir`, returning the manifest entries.
nlohmann::ordered_json writeCores(const Plan &plan, const ImageLayout &layout,
                                  const std::filesystem::path &dir,
                                  uint64_t &saturations) {
  std::vector<ImageCore> cores, astroCores;
  for (const ImageCore &core : layout.cores)
    (core.astrocytes ? astroCores : cores).push_back(core);
  std::stable_sort(
      cores.begin(), cores.end(), [](const auto &a, const auto &b) {
        return std::tie(a.population, a.lo) < std::tie(b.population, b.lo);
      });
  auto shifts = weightShifts(plan);
  std::vector<CoreBuild> builds(cores.size());
  std::vector<uint32_t> firstOf(plan.populations.size(),
                                uint32_t(cores.size()));
  for (uint32_t c = cores.size(); c-- > 0;) {
    CoreBuild &build = builds[c];
    build.core = &cores[c];
    build.indexBits = bitsFor(cores[c].hi - cores[c].lo);
    build.delayBits = 16 - image::kTypeBits - build.indexBits;
    build.shifts = shifts[cores[c].population];
    firstOf[cores[c].population] = c;
  }
  if (std::any_of(builds.begin(), builds.end(),
                  [](const CoreBuild &b) { return b.indexBits > 14; }))
    throw RuntimeError("a core holds more than 16384 neurons: the synaptic "
                       "word has no room for a delay");
  uint64_t before = saturationCounter();
  for (uint32_t j = 0; j < plan.projections.size(); ++j)
    distributeProjection(plan, j, builds, firstOf);
  // Rows by pre neuron; stable, so a row keeps its generation order.
  for (CoreBuild &build : builds)
    for (auto &[j, synapses] : build.incoming)
      std::stable_sort(
          synapses.begin(), synapses.end(),
          [](const auto &a, const auto &b) { return a.first < b.first; });
  saturations = saturationCounter() - before;

  Topology topology = topologyOf(plan, cores);
  std::map<std::pair<uint32_t, uint32_t>, uint64_t> sdramPerChip;
  nlohmann::ordered_json entries = nlohmann::ordered_json::array();
  for (CoreBuild &build : builds) {
    const ImageCore &core = *build.core;
    std::map<uint32_t, uint32_t> plasticIndex;
    std::vector<std::vector<uint8_t>> regions(kRegionCount);
    regions[uint32_t(Region::System)] = systemRegion(plan, core);
    regions[uint32_t(Region::Neurons)] = neuronRegion(plan, core);
    regions[uint32_t(Region::SynapseParams)] = synapseParams(plan, build);
    regions[uint32_t(Region::Plasticity)] =
        plasticityRegion(plan, build, plasticIndex);
    synapseRegions(plan, build, cores, topology, plasticIndex,
                   regions[uint32_t(Region::MasterPopTable)],
                   regions[uint32_t(Region::SynapticMatrix)]);
    regions[uint32_t(Region::Recording)] = recordingRegion(plan, core);
    regions[uint32_t(Region::Astrocytes)] =
        image::neuronAstroRegion(plan, core, astroCores);
    build.incoming.clear(); // free the synapses once written
    entries.push_back(emitCore(plan, layout, core, regions, workingDtcm(build),
                               dir, sdramPerChip));
  }
  for (const ImageCore &core : astroCores)
    entries.push_back(emitCore(plan, layout, core,
                               astroCoreRegions(plan, core, cores), 0, dir,
                               sdramPerChip));
  for (const auto &[chip, bytes] : sdramPerChip)
    if (bytes > layout.machine.sdramBytesPerChip)
      throw RuntimeError("chip (" + std::to_string(chip.first) + ", " +
                         std::to_string(chip.second) + ") needs " +
                         std::to_string(bytes) + " bytes of SDRAM, it has " +
                         std::to_string(layout.machine.sdramBytesPerChip));
  return entries;
}

nlohmann::ordered_json writeTables(const ImageLayout &layout,
                                   const std::filesystem::path &dir) {
  nlohmann::ordered_json entries = nlohmann::ordered_json::array();
  for (const ImageTable &table : layout.tables) {
    if (table.x > 255 || table.y > 255 || table.entries.size() > 65535)
      throw RuntimeError("chip (" + std::to_string(table.x) + ", " +
                         std::to_string(table.y) +
                         "): the table file format holds coordinates < 256 "
                         "and fewer than 65536 entries");
    std::vector<uint8_t> bytes = encodeTableFile(table);
    std::string file = "tables/chip_" + std::to_string(table.x) + "_" +
                       std::to_string(table.y) + ".bin";
    writeBytes(dir / file, bytes);
    entries.push_back({{"x", table.x},
                       {"y", table.y},
                       {"file", file},
                       {"entries", table.entries.size()},
                       {"uncompressed", table.uncompressed},
                       {"bytes", bytes.size()},
                       {"checksum", imageChecksum(bytes)}});
  }
  return entries;
}

} // namespace

void writeImage(const Plan &plan, const ImageLayout &layout,
                const std::string &directory,
                const std::vector<cam::Readout> &cams) {
  namespace fs = std::filesystem;
  fs::path target(directory);
  fs::path temporary = target;
  temporary += ".tmp";
  std::error_code ec;
  fs::remove_all(temporary, ec);
  try {
    fs::create_directories(temporary / "cores");
    fs::create_directories(temporary / "tables");
    uint64_t saturations = 0;
    nlohmann::ordered_json manifest = {
        {"format", "glia-image"},
        {"version", kImageFormatVersion},
        {"network", plan.network},
        {"timestep_ms", plan.timestep},
        {"duration_ms", plan.duration ? nlohmann::ordered_json(*plan.duration)
                                      : nlohmann::ordered_json()},
        {"machine", machineJson(layout.machine)}};
    manifest.update(networkJson(plan));
    manifest["cams"] = camsJson(plan, cams);
    manifest["cores"] = writeCores(plan, layout, temporary, saturations);
    manifest["tables"] = writeTables(layout, temporary);
    manifest["build_saturations"] = saturations;
    writeBytes(temporary / "manifest.json", [&] {
      std::string text = manifest.dump(1) + "\n";
      return std::vector<uint8_t>(text.begin(), text.end());
    }());
    fs::remove_all(target);
    fs::rename(temporary, target);
  } catch (const fs::filesystem_error &error) {
    fs::remove_all(temporary, ec);
    throw RuntimeError(std::string("cannot write the image: ") + error.what());
  } catch (...) {
    fs::remove_all(temporary, ec);
    throw;
  }
}

} // namespace glia::runtime
