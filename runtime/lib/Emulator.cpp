//===- Emulator.cpp - the board emulator ----------------------------------===//
//
// Executes a loaded image: cores (neurons, master population table,
// synaptic rows, ring buffers, STDP), routers (tables, default routes, dead
// links) and packets, one timestep at a time, in the order a SpiNNaker core
// follows (docs/image.md): update neurons from the ring slot of this step,
// send one packet per spike, then process the step's packets into later
// slots, then plasticity. Neuron and STDP arithmetic are the runtime's
// kernels in s16.15, so spikes equal `glia run --numerics fixed`.
//
//===----------------------------------------------------------------------===//

#include "glia/Runtime/Emulator.h"
#include "EmulatorAstro.h"
#include "ImageBlob.h"
#include "SpikeStatistics.h"
#include "SummaryJson.h"
#include "glia/Runtime/Format.h"
#include "glia/Runtime/Kernels.h"
#include "glia/Runtime/Output.h"
#include "glia/Runtime/Weights.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

namespace glia::runtime {
namespace {

using models::CellKind;
using Clock = std::chrono::steady_clock;
using Codec = WeightCodec<Accum>;

/// Link offsets in route-word order: E, NE, N, W, SW, S (the machine
/// loader checks every description against this order).
constexpr int kLinkDx[6] = {1, 1, 0, -1, -1, 0};
constexpr int kLinkDy[6] = {0, 1, 1, 0, -1, -1};

/// One set of coefficients (uniform) or one per neuron of the core: the
/// kernels index per-neuron sets by neuron, so the count must be exact.
template <typename C>
std::vector<C> readCoefficients(image::ByteReader &in, uint32_t neurons) {
  bool uniform = in.u32();
  uint32_t count = in.u32();
  if (in.u32() != sizeof(C) || count != (uniform ? 1 : neurons))
    in.fail();
  std::vector<C> out;
  for (uint32_t i = 0; i < count; ++i)
    out.push_back(in.pod<C>());
  return out;
}

using RingInput = RingSlotInput<Accum>;

/// STDP state of one plastic projection onto a core, and the column index
/// (incoming synapses per neuron) that potentiation walks.
struct Plastic {
  uint32_t projection = 0;
  // The rule; its rates decay here, step by step, if they decay (NALSM's
  // trace rule), as each of the reference's threads decays its copy.
  kernels::StdpCoefficients<Accum> c;
  bool seesAtOnce = false; // the trace rule: no dendritic delay
  // Each synapse sees a postsynaptic spike its own delay after it fires
  // (sPyNNaker's dendritic delay): the spikes some synapses have yet to
  // see, the last steps' spikes until the shortest delay sees them, and
  // each neuron's last spikes for depression.
  kernels::PendingPostSpikes pending;
  kernels::DelayedPostSpikes postsSeen;
  uint32_t postBegin = 0, postCount = 0;
  kernels::PostSpikeHistory<Accum> history;
  // Columns sorted by delay (PendingPostSpikes walks them in that order).
  std::vector<uint32_t> columnStart, columnWord, columnRow;
};

/// A presynaptic trace lives in its row's header, as on the board.
kernels::Trace<Accum> readTrace(const uint32_t *words) {
  kernels::Trace<Accum> trace;
  trace.value = Accum::fromRaw(int32_t(words[0]));
  trace.lastStep = int64_t(uint64_t(words[1]) | uint64_t(words[2]) << 32);
  return trace;
}
void writeTrace(uint32_t *words, const kernels::Trace<Accum> &trace) {
  words[0] = uint32_t(trace.value.raw());
  words[1] = uint32_t(uint64_t(trace.lastStep));
  words[2] = uint32_t(uint64_t(trace.lastStep) >> 32);
}

class Core {
public:
  Core(const LoadedCore &loaded, const LoadedImage &image)
      : place(loaded.place), n(place.hi - place.lo),
        kind(image.populations[place.population].kind) {
    auto region = [&](Region r) {
      const RegionInfo &info = loaded.regions[uint32_t(r)];
      return image::ByteReader(loaded.blob.data() + info.offset, info.size,
                               loaded.file + " (" + regionName(r) + ")");
    };
    seed = image::readSystem(region(Region::System), place, image.timestep,
                             loaded.file);
    dtcmLeft = loaded.dtcmBytes - image::regionDtcmBytes(loaded.regions);
    auto neurons = region(Region::Neurons);
    readNeurons(neurons);
    auto params = region(Region::SynapseParams);
    readSynapseParams(params, loaded.file);
    auto plasticity = region(Region::Plasticity);
    readPlasticity(plasticity, loaded, image);
    auto table = region(Region::MasterPopTable);
    auto matrix = region(Region::SynapticMatrix);
    readSynapses(table, matrix, loaded.file, image);
    auto astrocytes = region(Region::Astrocytes);
    astro.read(astrocytes, image, place);
    spikes.resize(place.hi);
    spikeStatistics.assign(n, SpikeStatistics{});
  }

  /// Phase 1: the neuron update of `step`; returns the spikes (population
  /// indices).
  uint32_t update(int64_t step) {
    uint32_t count = updateNeurons(step);
    for (uint32_t s = 0; s < count; ++s)
      noteSpike(spikes[s] - place.lo, step);
    return count;
  }

  /// Phase 0: a payload packet from an astrocyte core; false if the core
  /// takes no payload with that key.
  bool receivePayload(uint32_t key, int32_t payload) {
    ++load.packetsIn;
    return astro.receive(key, payload);
  }

  /// Phase 2: one incoming packet of `step`.
  void receive(uint32_t key, int64_t step) {
    ++load.packetsIn;
    const image::MasterEntry *entry = lookup(key);
    if (!entry) {
      ++unmatched;
      return;
    }
    uint32_t neuron = key & ~entry->mask;
    for (uint32_t b = entry->firstBlock;
         b < entry->firstBlock + entry->blockCount; ++b) {
      const image::RowBlock &block = blocks[b];
      if (neuron < block.firstNeuron ||
          neuron - block.firstNeuron >= block.rowCount)
        continue;
      uint32_t row = words[block.indexWord + neuron - block.firstNeuron];
      stepEvents += block.plastic == image::kStatic
                        ? processStatic(block.projection, row, step)
                        : processPlastic(block.plastic, row, step);
    }
  }

  /// Phase 3: the presynaptic traces of the rows that spiked take the
  /// step's spikes; then each synapse that sees a spike of the core by the
  /// next step (its own delay after it fired for the pair rule, at once for
  /// the trace rule: ruleDelay) potentiates with the presynaptic trace as
  /// of the step it sees it; then the step's spikes join the postsynaptic
  /// history, and rates that decay decay (docs/runtime.md, STDP: the
  /// reference's order and timing).
  void plasticity(int64_t step, uint32_t spikeTotal) {
    for (auto [plasticIndex, row] : spikedRows) {
      const kernels::StdpCoefficients<Accum> &c = plastic[plasticIndex].c;
      kernels::Trace<Accum> trace = readTrace(&words[row + 1]);
      kernels::addSpike(trace, step, c.decayPlus, c.traceJump);
      writeTrace(&words[row + 1], trace);
    }
    spikedRows.clear();
    for (Plastic &p : plastic) {
      kernels::endPostsynapticStep(
          step, spikes.data(), spikeTotal,
          {place.lo, p.columnStart.data(), place.lo + p.postBegin, p.postCount},
          p.pending, p.postsSeen, p.history, p.c.decayMinus, p.c.traceJump,
          [&](uint32_t c) {
            return ruleDelay(p, decode(words[p.columnWord[c]]));
          },
          [&](uint32_t c, int64_t seen, uint32_t local) {
            potentiate(p, c, local, seen);
          });
      kernels::decayRates(p.c);
    }
    load.synapticEvents += stepEvents;
    load.peakEventsPerStep = std::max(load.peakEventsPerStep, stepEvents);
    stepEvents = 0;
  }

  const std::vector<SpikeStatistics> &neuronStatistics() const {
    return spikeStatistics;
  }

  /// The plastic synapses of projection `j` on this core as (pre, post,
  /// weight), indices relative to the projection's slices.
  void plasticWeights(
      uint32_t j, uint32_t postStart,
      std::vector<std::tuple<uint32_t, uint32_t, double>> &out) const {
    for (const image::RowBlock &block : blocks) {
      if (block.projection != j || block.plastic == image::kStatic)
        continue;
      for (uint32_t r = 0; r < block.rowCount; ++r) {
        uint32_t row = words[block.indexWord + r];
        uint32_t first = row + image::kRowHeaderWords + image::kTraceWords;
        for (uint32_t s = 0; s < words[row]; ++s) {
          Word w = decode(words[first + s]);
          out.emplace_back(
              block.firstPre + r, place.lo + w.index - postStart,
              codecs[w.type].decode(uint16_t(w.weight)).toDouble());
        }
      }
    }
  }

  /// State variable k (catalogue order) of the core's neurons, if held.
  const std::vector<Accum> *variable(size_t k) const {
    return k < variables.size() ? &variables[k] : nullptr;
  }

  const ImageCore place;
  const uint32_t n;
  const CellKind kind;
  std::vector<uint32_t> spikes; // of the current step, population indices
  CoreLoad load;
  uint64_t unmatched = 0;
  uint64_t synapses = 0;

private:
  //===------------------------------------------------------------------===//
  // Loading
  //===------------------------------------------------------------------===//

  void readNeurons(image::ByteReader &in) {
    if (in.u32() != uint32_t(kind))
      in.fail();
    switch (kind) {
    case CellKind::IfCurrExp:
      currExp = readCoefficients<kernels::IfCurrExpCoefficients<Accum>>(in, n);
      break;
    case CellKind::IfCondExp:
      condExp = readCoefficients<kernels::IfCondExpCoefficients<Accum>>(in, n);
      break;
    case CellKind::IfCurrAlpha:
      currAlpha =
          readCoefficients<kernels::IfCurrAlphaCoefficients<Accum>>(in, n);
      break;
    case CellKind::Izhikevich:
      izhikevich =
          readCoefficients<kernels::IzhikevichCoefficients<Accum>>(in, n);
      break;
    case CellKind::SpikeSourcePoisson:
      return readPoisson(in);
    case CellKind::SpikeSourceArray:
      return readSpikeArray(in);
    default:
      in.fail();
    }
    uint32_t count = in.u32();
    // The catalogue's state variables, plus the alpha synapse's two hidden
    // ones: the kernels index them by position.
    size_t expected = models::cellType(kind).state.size() +
                      (kind == CellKind::IfCurrAlpha ? 2 : 0);
    if (count != expected || count < 2)
      in.fail();
    for (uint32_t k = 0; k < count; ++k) {
      std::vector<int32_t> raw = in.array<int32_t>(n);
      variables.emplace_back(n);
      for (uint32_t i = 0; i < n; ++i)
        variables.back()[i] = Accum::fromRaw(raw[i]);
    }
    if (in.u32())
      refractoryUntil = in.array<uint32_t>(n);
    if (kind != CellKind::Izhikevich && refractoryUntil.size() != n)
      in.fail(); // the LIF kernels hold neurons through it
  }

  void readPoisson(image::ByteReader &in) {
    std::vector<kernels::PoissonCoefficients> read =
        readCoefficients<kernels::PoissonCoefficients>(in, n);
    // log(1 - p) of a probability p in [0, 1]; NaN is no such log.
    for (const kernels::PoissonCoefficients &c : read)
      if (!(c.logMiss <= 0))
        in.fail();
    // Each neuron's state (next spike, spike number) must be there before
    // arrays are sized by the slice the manifest claims.
    constexpr size_t kStateBytes = sizeof(int64_t) + sizeof(uint32_t);
    if (in.remaining() / kStateBytes < n)
      in.fail();
    // Indexed from the slice's first neuron (kernels::PoissonState).
    poisson = std::move(read);
    nextSpike.resize(n);
    spikeNumber.resize(n);
    for (uint32_t k = 0; k < n; ++k) {
      nextSpike[k] = in.i64();
      spikeNumber[k] = in.u32();
    }
  }

  void readSpikeArray(image::ByteReader &in) {
    bool shared = in.u32();
    if (!shared)
      offsets = in.array<uint64_t>(uint64_t(n) + 1);
    uint64_t count = in.u64();
    trainSteps = in.array<int64_t>(count);
    if (!shared && (offsets.front() != 0 || offsets.back() != count ||
                    !std::is_sorted(offsets.begin(), offsets.end())))
      in.fail();
    cursor.resize(n);
    kernels::initSpikeArray(trains(), cursor.data(), 0, n);
  }

  void readSynapseParams(image::ByteReader &in, const std::string &file) {
    for (unsigned r = 0; r < 2; ++r) {
      codecs[r].fractionalBits = in.i32();
      subtract[r] = in.u32();
      if (codecs[r].fractionalBits < 0 || codecs[r].fractionalBits > 30)
        in.fail();
    }
    indexBits = in.u32();
    delayBits = in.u32();
    uint32_t maxDelay = in.u32();
    if (indexBits == 0 || indexBits > 16 || delayBits > 16 ||
        indexBits + delayBits + image::kTypeBits != 16 ||
        maxDelay >= (1u << delayBits))
      in.fail();
    takeDtcm(image::ringBytes(n, maxDelay),
             "its input ring buffers (delays up to " +
                 std::to_string(maxDelay) + " steps)",
             file);
    uint32_t slots = ringSlots(maxDelay);
    ringMask = slots - 1;
    ring.assign(size_t(slots) * 2 * n, 0);
  }

  /// Takes `bytes` of the DTCM the manifest gives the core besides its
  /// regions (the writer counted the input rings and STDP histories
  /// there), before they are allocated: a hand-made delay range or history
  /// depth cannot claim gigabytes.
  void takeDtcm(uint64_t bytes, const std::string &what,
                const std::string &file) {
    if (bytes > dtcmLeft)
      throw RuntimeError(file + ": " + what + " need " + std::to_string(bytes) +
                         " bytes of DTCM; the manifest leaves the core " +
                         std::to_string(dtcmLeft));
    dtcmLeft -= bytes;
  }

  /// Plastic projections onto the core; their histories take DTCM
  /// (takeDtcm).
  void readPlasticity(image::ByteReader &in, const LoadedCore &loaded,
                      const LoadedImage &image) {
    uint32_t count = in.u32();
    for (uint32_t k = 0; k < count; ++k) {
      Plastic p;
      p.projection = in.u32();
      p.c.aPlus = Accum::fromRaw(in.i32());
      p.c.aMinus = Accum::fromRaw(in.i32());
      p.c.wMin = Accum::fromRaw(in.i32());
      p.c.wMax = Accum::fromRaw(in.i32());
      p.c.multiplicative = in.u32();
      uint32_t shortestDelay = in.u32();
      uint32_t depth = in.u32();
      uint32_t rule = in.u32();
      std::string projection =
          loaded.file + ": plastic projection " + std::to_string(p.projection);
      if (rule > uint32_t(StdpRule::Trace))
        throw RuntimeError(projection + " has an unknown STDP rule " +
                           std::to_string(rule));
      p.seesAtOnce = rule == uint32_t(StdpRule::Trace);
      p.c.traceJump = Accum::fromRaw(in.i32());
      p.c.rateDecay = UFract32::fromRaw(in.u32());
      p.c.decays = in.u32();
      // The pair rule's spikes join when the shortest delay, within a
      // synapse's reach, sees them; the trace rule's at once.
      if (p.seesAtOnce ? shortestDelay != 0
                       : shortestDelay == 0 || shortestDelay > ringMask)
        throw RuntimeError(
            projection + ": a history joined " + std::to_string(shortestDelay) +
            " steps late does not suit its rule (" +
            (p.seesAtOnce ? std::string("the trace rule: 0")
                          : "the pair rule: 1 to " + std::to_string(ringMask)) +
            ")");
      p.postsSeen = kernels::DelayedPostSpikes(std::max(shortestDelay, 1u));
      for (std::vector<Accum> *table : {&p.c.decayPlus, &p.c.decayMinus}) {
        std::vector<int32_t> raw = in.array<int32_t>(in.u32());
        for (int32_t value : raw)
          table->push_back(Accum::fromRaw(value));
      }
      if (p.c.decayMinus.empty()) // tau- = tau+: one table
        p.c.decayMinus = p.c.decayPlus;
      p.postBegin = in.u32();
      p.postCount = in.u32();
      if (uint64_t(p.postBegin) + p.postCount > n || depth == 0)
        in.fail();
      checkPlasticTarget(p, image, projection);
      takeDtcm(image::historyBytes(p.postCount, depth) +
                   image::historyJoinBytes(n, shortestDelay),
               "the history of plastic projection " +
                   std::to_string(p.projection) + " (" + std::to_string(depth) +
                   " spikes per neuron)",
               loaded.file);
      p.history = kernels::PostSpikeHistory<Accum>(p.postCount, depth);
      plastic.push_back(std::move(p));
    }
  }

  /// A plastic projection of a core is one of the manifest's plastic
  /// projections onto the core's population whose postsynaptic slice
  /// holds the core's plastic neurons: its learnt weights are reported by
  /// their index in that slice.
  void checkPlasticTarget(const Plastic &p, const LoadedImage &image,
                          const std::string &what) const {
    if (p.projection >= image.projections.size())
      throw RuntimeError(what + " is not in the manifest");
    const LoadedProjection &projection = image.projections[p.projection];
    uint64_t first = uint64_t(place.lo) + p.postBegin;
    bool outside = first < projection.post.start ||
                   first + p.postCount >
                       uint64_t(projection.post.start) + projection.post.size;
    if (!projection.plastic || projection.post.population != place.population ||
        (p.postCount && outside)) // a core off the slice has none
      throw RuntimeError(what + ": the manifest's '" + projection.name +
                         "' is not plastic or its postsynaptic slice does "
                         "not hold the core's plastic neurons");
  }

  void readSynapses(image::ByteReader &table, image::ByteReader &matrix,
                    const std::string &file, const LoadedImage &image) {
    uint32_t entries = table.u32();
    for (uint32_t e = 0; e < entries; ++e)
      mpt.push_back(table.pod<image::MasterEntry>());
    uint32_t blockCount = matrix.u32();
    for (uint32_t b = 0; b < blockCount; ++b)
      blocks.push_back(matrix.pod<image::RowBlock>());
    words = matrix.array<uint32_t>(matrix.u32());
    checkSynapses(file, image);
    buildColumns();
    checkHistoryDepths(file);
  }

  /// A history too shallow for the synapses' delays would lose spikes a
  /// lookup needs (postHistoryDepth): a hand-made image is refused.
  void checkHistoryDepths(const std::string &file) const {
    uint32_t refractory = 0; // Izhikevich: no refractory period
    if (!currExp.empty())
      refractory = kernels::shortestRefractory(currExp);
    else if (!condExp.empty())
      refractory = kernels::shortestRefractory(condExp);
    else if (!currAlpha.empty())
      refractory = kernels::shortestRefractory(currAlpha);
    for (const Plastic &p : plastic) {
      if (p.seesAtOnce) // one spike per neuron, the last (depth >= 1)
        continue;
      uint32_t shortest = p.postsSeen.delay(), longest = 0;
      for (uint32_t word : p.columnWord) {
        uint32_t delay = decode(words[word]).delay;
        if (delay < shortest)
          throw RuntimeError(
              file + ": plastic projection " + std::to_string(p.projection) +
              " has a synapse with a delay of " + std::to_string(delay) +
              " steps, shorter than its history's " + std::to_string(shortest));
        longest = std::max(longest, delay);
      }
      uint32_t needed =
          kernels::postHistoryDepth(shortest, longest, refractory);
      if (p.history.spikesKept() < needed)
        throw RuntimeError(
            file + ": plastic projection " + std::to_string(p.projection) +
            " keeps " + std::to_string(p.history.spikesKept()) +
            " spikes per neuron; its delays (" + std::to_string(shortest) +
            " to " + std::to_string(longest) + " steps) need " +
            std::to_string(needed));
    }
  }

  /// Every index a packet can lead to is checked once here, so that a
  /// hand-made image cannot make the emulator read or write out of bounds.
  void checkSynapses(const std::string &file, const LoadedImage &image) {
    auto bad = [&](const std::string &what) {
      throw RuntimeError(file + ": " + what);
    };
    for (size_t e = 0; e < mpt.size(); ++e) {
      const image::MasterEntry &m = mpt[e];
      if ((m.key & ~m.mask) ||
          uint64_t(m.firstBlock) + m.blockCount > blocks.size())
        bad("master population table entry " + std::to_string(e) +
            " is malformed");
      if (e && mpt[e - 1].key >= m.key)
        bad("master population table is not sorted by key");
    }
    // No word may belong to two rows or row indexes: plastic rows' traces
    // and weights are written as the run goes, and a row or index that
    // shared their words would change after it was checked here.
    std::vector<bool> claimed(words.size());
    auto claim = [&](uint64_t first, uint64_t count) {
      for (uint64_t w = first; w < first + count; ++w) {
        if (claimed[w])
          bad("synaptic rows overlap at word " + std::to_string(w));
        claimed[w] = true;
      }
    };
    for (const image::RowBlock &block : blocks) {
      bool plasticRow = block.plastic != image::kStatic;
      // A block's rows are reported by their index in the projection's
      // presynaptic slice (the learnt weights).
      if ((plasticRow &&
           (block.plastic >= plastic.size() ||
            plastic[block.plastic].projection != block.projection)) ||
          block.projection >= image.projections.size() ||
          uint64_t(block.firstPre) + block.rowCount >
              image.projections[block.projection].pre.size ||
          uint64_t(block.indexWord) + block.rowCount + 1 > words.size())
        bad("synaptic row block is malformed");
      claim(block.indexWord, uint64_t(block.rowCount) + 1);
      for (uint32_t r = 0; r < block.rowCount; ++r)
        checkRow(block, words[block.indexWord + r], bad, claim);
    }
  }

  template <typename Bad, typename Claim>
  void checkRow(const image::RowBlock &block, uint32_t row, Bad &&bad,
                Claim &&claim) {
    bool plasticRow = block.plastic != image::kStatic;
    uint32_t header =
        image::kRowHeaderWords + (plasticRow ? image::kTraceWords : 0);
    if (uint64_t(row) + header > words.size() ||
        uint64_t(row) + header + words[row] > words.size())
      bad("synaptic row outside the matrix");
    claim(row, uint64_t(header) + words[row]);
    // A trace's last step is "never" (Trace's default, int64 min / 2) or a
    // step: anything farther from 0 would overflow the elapsed time
    // traceAt computes.
    if (plasticRow) {
      int64_t last = readTrace(&words[row + 1]).lastStep;
      if (last < std::numeric_limits<int64_t>::min() / 2 ||
          last > std::numeric_limits<int64_t>::max() / 2)
        bad("a plastic row's trace has a last spike step out of range");
    }
    for (uint32_t s = 0; s < words[row]; ++s) {
      uint32_t word = words[row + header + s];
      uint32_t index = word & ((1u << indexBits) - 1);
      uint32_t delay = (word >> (indexBits + 1)) & ((1u << delayBits) - 1);
      if (index >= n || delay == 0 || delay > ringMask)
        bad("synaptic word with neuron " + std::to_string(index) +
            " or delay " + std::to_string(delay) + " out of range");
      if (plasticRow) {
        const Plastic &p = plastic[block.plastic];
        if (index < p.postBegin || index - p.postBegin >= p.postCount)
          bad("plastic synapse onto a neuron without a trace");
      }
    }
    synapses += words[row];
  }

  /// The incoming plastic synapses of each neuron, for potentiation.
  void buildColumns() {
    for (uint32_t k = 0; k < plastic.size(); ++k) {
      Plastic &p = plastic[k];
      std::vector<std::vector<std::pair<uint32_t, uint32_t>>> columns(n);
      for (const image::RowBlock &block : blocks) {
        if (block.plastic != k)
          continue;
        for (uint32_t r = 0; r < block.rowCount; ++r) {
          uint32_t row = words[block.indexWord + r];
          uint32_t first = row + image::kRowHeaderWords + image::kTraceWords;
          for (uint32_t s = 0; s < words[row]; ++s)
            columns[words[first + s] & ((1u << indexBits) - 1)].push_back(
                {first + s, row});
        }
      }
      p.columnStart.push_back(0);
      for (auto &column : columns) {
        std::stable_sort(column.begin(), column.end(),
                         [&](const auto &a, const auto &b) {
                           return ruleDelay(p, decode(words[a.first])) <
                                  ruleDelay(p, decode(words[b.first]));
                         });
        for (auto [word, row] : column) {
          p.columnWord.push_back(word);
          p.columnRow.push_back(row);
        }
        p.columnStart.push_back(uint32_t(p.columnWord.size()));
      }
    }
  }

  //===------------------------------------------------------------------===//
  // Running
  //===------------------------------------------------------------------===//

  kernels::SpikeArrayView trains() const {
    return {offsets.empty() ? nullptr : offsets.data(), trainSteps.data(),
            trainSteps.size()};
  }

  template <typename C, typename F>
  static uint32_t withCoefficients(const std::vector<C> &coefficients,
                                   F &&body) {
    if (coefficients.size() == 1)
      return body(kernels::UniformCoefficients<C>{coefficients.front()});
    return body(kernels::PerNeuronCoefficients<C>{coefficients.data()});
  }

  uint32_t updateNeurons(int64_t step) {
    uint32_t *out = spikes.data();
    if (kind == CellKind::SpikeSourcePoisson)
      return withCoefficients(poisson, [&](const auto &c) {
        return kernels::stepPoisson(c, {nextSpike.data(), spikeNumber.data()},
                                    seed, place.population, step, place.lo,
                                    place.hi, out);
      });
    uint32_t count = 0;
    if (kind == CellKind::SpikeSourceArray)
      count = kernels::stepSpikeArray(trains(), cursor.data(), step, 0, n, out);
    else
      count = updateModel(step, out);
    for (uint32_t s = 0; s < count; ++s)
      out[s] += place.lo; // kernels ran on core-local indices
    return count;
  }

  uint32_t updateModel(int64_t step, uint32_t *out) {
    RingInput input{slot(step, 0), slot(step, 1), codecs[0], codecs[1]};
    if (!refractoryUntil.empty()) // the LIF kinds take injected current
      astro.inject(variables[0].data(), refractoryUntil.data(), uint32_t(step),
                   place.lo);
    auto lifState = [&] {
      return kernels::LifState<Accum>{variables[0].data(), variables[1].data(),
                                      variables[2].data(),
                                      refractoryUntil.data(), uint32_t(step)};
    };
    switch (kind) {
    case CellKind::IfCurrExp:
      return withCoefficients(currExp, [&](const auto &c) {
        return kernels::stepIfCurrExp<Accum>(c, lifState(), input, 0, n, out);
      });
    case CellKind::IfCondExp:
      return withCoefficients(condExp, [&](const auto &c) {
        return kernels::stepIfCondExp<Accum>(c, lifState(), input, 0, n, out);
      });
    case CellKind::IfCurrAlpha:
      return withCoefficients(currAlpha, [&](const auto &c) {
        kernels::AlphaState<Accum> state{lifState(), variables[3].data(),
                                         variables[4].data()};
        return kernels::stepIfCurrAlpha<Accum>(c, state, input, 0, n, out);
      });
    case CellKind::Izhikevich:
      return withCoefficients(izhikevich, [&](const auto &c) {
        kernels::IzhikevichState<Accum> state{variables[0].data(),
                                              variables[1].data()};
        return kernels::stepIzhikevich<Accum>(c, state, input, 0, n, out);
      });
    default:
      return 0;
    }
  }

  void noteSpike(uint32_t i, int64_t step) { spikeStatistics[i].note(step); }

  int32_t *slot(int64_t step, uint32_t type) {
    return ring.data() + (size_t(step & ringMask) * 2 + type) * n;
  }

  /// Binary search of the master population table (sorted, disjoint).
  const image::MasterEntry *lookup(uint32_t key) const {
    auto it = std::upper_bound(
        mpt.begin(), mpt.end(), key,
        [](uint32_t k, const image::MasterEntry &e) { return k < e.key; });
    if (it == mpt.begin())
      return nullptr;
    --it;
    return (key & it->mask) == it->key ? &*it : nullptr;
  }

  struct Word {
    uint32_t weight, delay, type, index;
  };
  Word decode(uint32_t word) const {
    return {word >> 16, (word >> (indexBits + 1)) & ((1u << delayBits) - 1),
            (word >> indexBits) & 1, word & ((1u << indexBits) - 1)};
  }

  void accumulate(const Word &w, int64_t step) {
    int32_t &target = slot(step + w.delay, w.type)[w.index];
    if (subtract[w.type])
      Codec::subtract(target, uint16_t(w.weight));
    else
      Codec::add(target, uint16_t(w.weight));
  }

  /// A static row of projection j (whose weights astrocytes may scale).
  uint32_t processStatic(uint32_t j, uint32_t row, int64_t step) {
    uint32_t count = words[row];
    const uint32_t *synapse = &words[row + image::kRowHeaderWords];
    for (uint32_t s = 0; s < count; ++s)
      accumulate(astroScaled(j, decode(synapse[s])), step);
    return count;
  }

  /// The synapse with its weight times the astrocyte factor, if any.
  Word astroScaled(uint32_t j, Word w) const {
    if (astro.scales(j))
      w.weight = astroScaledWeight(codecs[w.type], uint16_t(w.weight),
                                   astro.factor(j, place.lo + w.index));
    return w;
  }

  /// A presynaptic spike on a plastic row: depress each synapse by its
  /// postsynaptic trace, write the weight back, deliver it.
  uint32_t processPlastic(uint32_t k, uint32_t row, int64_t step) {
    Plastic &p = plastic[k];
    uint32_t count = words[row];
    uint32_t first = row + image::kRowHeaderWords + image::kTraceWords;
    for (uint32_t s = 0; s < count; ++s) {
      Word w = decode(words[first + s]);
      const Codec &codec = codecs[w.type];
      Accum trace = p.history.seenAt(w.index - p.postBegin, step,
                                     ruleDelay(p, w), p.c.decayMinus);
      Accum weight =
          kernels::depress(astro.rule(p.projection, p.c, place.lo + w.index),
                           codec.decode(uint16_t(w.weight)), trace);
      w.weight = codec.encodeValue(weight);
      words[first + s] = (words[first + s] & 0xffffu) | w.weight << 16;
      accumulate(astroScaled(p.projection, w), step);
    }
    spikedRows.push_back({k, row});
    return count;
  }

  /// The delay after which a synapse sees a postsynaptic spike: its own
  /// (the pair rule's dendritic delay) or none (the trace rule), as the
  /// reference's ruleDelay.
  static uint32_t ruleDelay(const Plastic &p, const Word &w) {
    return p.seesAtOnce ? 0 : w.delay;
  }

  /// Column entry c of `neuron` sees its spike at step `seen`.
  void potentiate(Plastic &p, uint32_t c, uint32_t neuron, int64_t seen) {
    uint32_t &word = words[p.columnWord[c]];
    const Codec &codec = codecs[decode(word).type];
    Accum trace = kernels::traceAt(readTrace(&words[p.columnRow[c] + 1]), seen,
                                   p.c.decayPlus);
    Accum weight =
        kernels::potentiate(astro.rule(p.projection, p.c, place.lo + neuron),
                            codec.decode(uint16_t(word >> 16)), trace);
    word = (word & 0xffffu) | uint32_t(codec.encodeValue(weight)) << 16;
  }

  uint64_t seed = 0;
  uint64_t dtcmLeft = 0; // besides the regions, while loading (takeDtcm)
  AstroInputs astro;
  // Neurons (one of these per kind).
  std::vector<kernels::IfCurrExpCoefficients<Accum>> currExp;
  std::vector<kernels::IfCondExpCoefficients<Accum>> condExp;
  std::vector<kernels::IfCurrAlphaCoefficients<Accum>> currAlpha;
  std::vector<kernels::IzhikevichCoefficients<Accum>> izhikevich;
  std::vector<kernels::PoissonCoefficients> poisson;
  std::vector<std::vector<Accum>> variables;
  std::vector<uint32_t> refractoryUntil; // as kernels::LifState
  std::vector<int64_t> nextSpike;
  std::vector<uint32_t> spikeNumber;
  std::vector<uint64_t> offsets, cursor;
  std::vector<int64_t> trainSteps;
  // Synapses.
  Codec codecs[2];
  bool subtract[2] = {false, false};
  uint32_t indexBits = 8, delayBits = 7, ringMask = 0;
  std::vector<int32_t> ring; // slot x type x neuron
  std::vector<image::MasterEntry> mpt;
  std::vector<image::RowBlock> blocks;
  std::vector<uint32_t> words;
  std::vector<Plastic> plastic;
  std::vector<std::pair<uint32_t, uint32_t>> spikedRows; // (plastic, row)
  uint64_t stepEvents = 0;
  // Statistics.
  std::vector<SpikeStatistics> spikeStatistics;
};

/// Where one packet goes: the cores it reaches and what the routers did.
struct Delivery {
  std::vector<uint32_t> cores;
  uint64_t routed = 0, dropped = 0;
};

/// The routers of the machine: tables per chip, working links per chip.
class Network {
public:
  /// `places`: every core, in the order of the indices deliveries name.
  Network(const LoadedImage &image,
          const std::vector<const ImageCore *> &places)
      : width(image.machine.width), height(image.machine.height),
        wrap(image.machine.wrap) {
    size_t slots = size_t(width) * height;
    links.assign(slots, 0);
    alive.assign(slots, false);
    for (const auto &chip : image.machine.chips) {
      alive[id(chip[0], chip[1])] = true;
      links[id(chip[0], chip[1])] = uint8_t(chip[2]);
    }
    for (const ImageTable &table : image.tables) {
      if (table.x >= width || table.y >= height)
        throw RuntimeError("a routing table is for a chip outside the machine");
      tables[id(table.x, table.y)] = table.entries;
    }
    for (uint32_t c = 0; c < places.size(); ++c) {
      const ImageCore &place = *places[c];
      if (place.x >= width || place.y >= height || !alive[id(place.x, place.y)])
        throw RuntimeError("a core is placed on a chip that is dead or "
                           "outside the machine");
      auto [slot, inserted] =
          coreAt.try_emplace(id(place.x, place.y) * 32 + place.p, int32_t(c));
      if (!inserted)
        throw RuntimeError(
            "two cores are placed on (" + std::to_string(place.x) + ", " +
            std::to_string(place.y) + ", " + std::to_string(place.p) + ")");
    }
  }

  /// Follows `key` from chip (x, y), where a core sent it, through the
  /// routers. Cached per key: routes are static during a run.
  const Delivery &route(uint32_t key, uint32_t x, uint32_t y) {
    auto [it, inserted] = cache.try_emplace(key);
    if (inserted)
      trace(key, id(x, y), it->second);
    return it->second;
  }

private:
  size_t id(uint32_t x, uint32_t y) const { return size_t(y) * width + x; }

  std::optional<size_t> neighbour(size_t chip, int link) const {
    if (!(links[chip] >> link & 1))
      return std::nullopt;
    int64_t x = int64_t(chip % width) + kLinkDx[link];
    int64_t y = int64_t(chip / width) + kLinkDy[link];
    if (wrap) {
      x = (x + width) % width;
      y = (y + height) % height;
    } else if (x < 0 || y < 0 || x >= width || y >= height) {
      return std::nullopt;
    }
    size_t next = id(uint32_t(x), uint32_t(y));
    return alive[next] ? std::optional<size_t>(next) : std::nullopt;
  }

  const RouteEntry *match(size_t chip, uint32_t key) const {
    auto table = tables.find(chip);
    if (table == tables.end())
      return nullptr;
    for (const RouteEntry &entry : table->second) // first match wins
      if ((key & entry.mask) == entry.key)
        return &entry;
    return nullptr;
  }

  /// A multicast tree reaches each chip once; a copy that comes back to a
  /// chip it already passed is a loop (the routing check's "chip reached
  /// twice"): it is dropped and counted, which also bounds the work a
  /// corrupted table can cause.
  void trace(uint32_t key, size_t source, Delivery &out) const {
    struct Hop {
      size_t chip;
      int arrived; // the link it came in on, -1 from a local core
    };
    std::unordered_set<size_t> visited;
    std::vector<Hop> pending = {{source, -1}};
    while (!pending.empty()) {
      Hop hop = pending.back();
      pending.pop_back();
      ++out.routed;
      if (!visited.insert(hop.chip).second) {
        ++out.dropped;
        continue;
      }
      uint32_t route = routeAt(hop.chip, hop.arrived, key);
      if (!route)
        ++out.dropped;
      for (int link = 0; link < 6; ++link)
        if (route >> link & 1) {
          if (auto next = neighbour(hop.chip, link))
            pending.push_back({*next, (link + 3) % 6});
          else
            ++out.dropped;
        }
      deliverLocal(hop.chip, route, out);
    }
  }

  /// The first matching entry's route, else straight on (or nothing for a
  /// packet from a local core).
  uint32_t routeAt(size_t chip, int arrived, uint32_t key) const {
    if (const RouteEntry *entry = match(chip, key))
      return entry->route;
    return arrived >= 0 ? 1u << ((arrived + 3) % 6) : 0;
  }

  void deliverLocal(size_t chip, uint32_t route, Delivery &out) const {
    for (uint32_t p = 0; p < 26; ++p)
      if (route >> (6 + p) & 1) {
        auto core = coreAt.find(chip * 32 + p);
        if (core == coreAt.end())
          ++out.dropped;
        else
          out.cores.push_back(uint32_t(core->second));
      }
  }

  uint32_t width, height;
  bool wrap;
  std::vector<uint8_t> links;
  std::vector<bool> alive;
  // Per chip that has them (a machine of 4096 x 4096 chips has 16 million,
  // an image uses a few): its table, and its cores by chip x 32 + core.
  std::unordered_map<size_t, std::vector<RouteEntry>> tables;
  std::unordered_map<size_t, int32_t> coreAt;
  std::unordered_map<uint32_t, Delivery> cache;
};

double secondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

class Emulator {
public:
  Emulator(const LoadedImage &image, const EmulatorOptions &options)
      : image(image), options(options) {
    steps = stepsOfRun(options.duration, image.timestep);
  }

  EmulatorResult run() {
    Clock::time_point start = Clock::now();
    saturationCounter() = 0;
    cores.reserve(image.cores.size());
    for (const LoadedCore &core : image.cores)
      if (core.place.astrocytes)
        astroCores.emplace_back(core, image);
      else
        cores.emplace_back(core, image);
    // Deliveries index neuron cores first, then astrocyte cores.
    std::vector<const ImageCore *> places;
    for (const Core &core : cores)
      places.push_back(&core.place);
    for (const AstroCore &core : astroCores)
      places.push_back(&core.place);
    Network network(image, places);
    recordings.resize(image.recordings.size());
    buildStateRecorders();
    buildAstroRecorders();
    EmulatorResult result;
    result.run.buildSeconds = secondsSince(start);
    indexAstrocytes();
    start = Clock::now();
    std::vector<uint32_t> counts(cores.size());
    for (uint64_t step = 0; step < steps; ++step) {
      runStep(int64_t(step), network, counts, result);
      if (options.progress &&
          (step + 1) % std::max<uint64_t>(1, steps / 200) == 0)
        options.progress(step + 1, steps);
    }
    result.run.simulateSeconds = secondsSince(start);
    collect(result);
    return result;
  }

private:
  /// One timestep (docs/image.md, docs/astrocytes.md "On the board"):
  /// astrocyte payloads (their state at the start of the step), neuron
  /// updates, spike packets, plasticity, then the astrocytes' own step
  /// from the spikes they heard.
  void runStep(int64_t step, Network &network, std::vector<uint32_t> &counts,
               EmulatorResult &result) {
    sendPayloads(step, network, result);
    for (size_t c = 0; c < cores.size(); ++c) {
      sampleState(cores[c], step);
      counts[c] = cores[c].update(step);
      record(cores[c], counts[c], step);
    }
    // Packets of this step: sent after every core's update, processed before
    // the next (a delay is at least one step, so order within the step does
    // not matter; integer input sums are exact).
    for (size_t c = 0; c < cores.size(); ++c) {
      Core &core = cores[c];
      if (!core.place.sends)
        continue;
      for (uint32_t s = 0; s < counts[c]; ++s) {
        uint32_t key = core.place.key | (core.spikes[s] - core.place.lo);
        const Delivery &delivery =
            network.route(key, core.place.x, core.place.y);
        ++result.packetsSent;
        result.packetsRouted += delivery.routed;
        result.packetsDropped += delivery.dropped;
        result.packetsDelivered += delivery.cores.size();
        for (uint32_t target : delivery.cores)
          if (target < cores.size())
            cores[target].receive(key, step);
          else if (!astroCores[target - cores.size()].receive(key))
            ++result.packetsUnmatched;
      }
    }
    for (size_t c = 0; c < cores.size(); ++c)
      cores[c].plasticity(step, counts[c]);
    for (AstroCore &core : astroCores)
      core.advance();
    for (uint32_t a = 0; a < astroSums.size(); ++a)
      astroSums[a] += meanAstroOutput(a);
  }

  /// Each astrocyte population's cores by their first astrocyte, and the
  /// mean output at the start of step 0.
  void indexAstrocytes() {
    astroByPopulation.assign(image.astrocytes.size(), {});
    for (const AstroCore &core : astroCores)
      astroByPopulation[core.place.population].push_back(&core);
    for (auto &list : astroByPopulation)
      std::sort(list.begin(), list.end(),
                [](const AstroCore *a, const AstroCore *b) {
                  return a->place.lo < b->place.lo;
                });
    astroSums.assign(image.astrocytes.size(), 0.0);
    for (uint32_t a = 0; a < astroSums.size(); ++a)
      astroSums[a] = meanAstroOutput(a);
  }

  /// The mean output of astrocyte population a, summed in astrocyte order
  /// as the reference does.
  double meanAstroOutput(uint32_t a) const {
    double sum = 0;
    for (const AstroCore *core : astroByPopulation[a])
      for (uint32_t i = 0; i < core->n; ++i)
        sum += Accum::fromRaw(core->payload(i)).toDouble();
    return sum / double(image.astrocytes[a].size);
  }

  /// Astrocyte statistics and recordings, after the neurons' (as the
  /// reference orders them).
  void collectAstrocytes(RunResult &run) {
    for (uint32_t a = 0; a < image.astrocytes.size(); ++a) {
      const LoadedAstrocytes &astro = image.astrocytes[a];
      run.astrocytes.push_back(astroStatistics(astro.name, astro.kind,
                                               astro.size, astroSums[a],
                                               meanAstroOutput(a), steps));
    }
    for (size_t r = 0; r < astroStates.size(); ++r) {
      const LoadedAstroRecording &recording = image.astroRecordings[r];
      const LoadedAstrocytes &astro = image.astrocytes[recording.astrocytes];
      RecordingResult out;
      out.target = {0, 0, astro.size};
      out.population = astro.name;
      out.populationSize = astro.size;
      for (size_t v = 0; v < recording.variables.size(); ++v)
        out.states.push_back({recording.variables[v], recording.interval,
                              astroStates[r].samples,
                              std::move(astroStates[r].values[v])});
      run.recordings.push_back(std::move(out));
    }
  }

  /// Every astrocyte core with a route sends one payload packet per
  /// astrocyte: key | astrocyte, its output as the payload. They arrive
  /// before any neuron core updates (the board would send them at the end
  /// of the previous step's astrocyte update).
  void sendPayloads(int64_t step, Network &network, EmulatorResult &result) {
    for (AstroCore &core : astroCores) {
      sampleAstrocytes(core, step);
      if (!core.place.sends)
        continue;
      for (uint32_t i = 0; i < core.n; ++i) {
        uint32_t key = core.place.key | i;
        const Delivery &delivery =
            network.route(key, core.place.x, core.place.y);
        ++result.packetsSent;
        ++result.payloadsSent;
        result.packetsRouted += delivery.routed;
        result.packetsDropped += delivery.dropped;
        result.packetsDelivered += delivery.cores.size();
        for (uint32_t target : delivery.cores)
          if (target >= cores.size() ||
              !cores[target].receivePayload(key, core.payload(i)))
            ++result.packetsUnmatched;
      }
    }
  }

  /// Astrocyte recordings sample the state at the start of the step, as
  /// the reference does; one row holds the population's astrocytes.
  void buildAstroRecorders() {
    astroStates.resize(image.astroRecordings.size());
    for (size_t r = 0; r < astroStates.size(); ++r) {
      const LoadedAstroRecording &recording = image.astroRecordings[r];
      const models::AstrocyteModelInfo &info =
          models::astrocyteModel(image.astrocytes[recording.astrocytes].kind);
      StateRecorder &recorder = astroStates[r];
      recorder.samples = (steps + recording.interval - 1) / recording.interval;
      uint32_t size = image.astrocytes[recording.astrocytes].size;
      checkRecordingSize("astrocytes",
                         image.astrocytes[recording.astrocytes].name,
                         recording.interval, recorder.samples,
                         double(size) * double(recording.variables.size()));
      for (const std::string &variable : recording.variables) {
        recorder.index.push_back(info.stateIndex(variable));
        recorder.values.emplace_back(recorder.samples * size);
      }
    }
  }

  void sampleAstrocytes(const AstroCore &core, int64_t step) {
    for (size_t r = 0; r < astroStates.size(); ++r) {
      const LoadedAstroRecording &recording = image.astroRecordings[r];
      if (recording.astrocytes != core.place.population ||
          step % recording.interval != 0)
        continue;
      uint32_t size = image.astrocytes[recording.astrocytes].size;
      uint64_t row = uint64_t(step) / recording.interval;
      for (size_t v = 0; v < astroStates[r].index.size(); ++v) {
        const std::vector<Accum> &state =
            core.variable(size_t(astroStates[r].index[v]));
        double *out = astroStates[r].values[v].data() + row * size;
        for (uint32_t i = 0; i < core.n; ++i)
          out[core.place.lo + i] = state[i].toDouble();
      }
    }
  }

  /// Recorded state: sample k is the state at the start of step
  /// k * interval (docs/runtime.md), one row of target.size values.
  struct StateRecorder {
    std::vector<int> index; // catalogue index per variable
    uint64_t samples = 0;
    std::vector<std::vector<double>> values;
  };

  void buildStateRecorders() {
    states.resize(image.recordings.size());
    for (size_t r = 0; r < image.recordings.size(); ++r) {
      const LoadedRecording &recording = image.recordings[r];
      StateRecorder &recorder = states[r];
      recorder.samples = (steps + recording.interval - 1) / recording.interval;
      checkRecordingSize(
          "population", image.populations[recording.target.population].name,
          recording.interval, recorder.samples,
          double(recording.target.size) * double(recording.states.size()));
      const models::CellTypeInfo &info =
          models::cellType(image.populations[recording.target.population].kind);
      for (const std::string &variable : recording.states) {
        recorder.index.push_back(info.stateIndex(variable));
        recorder.values.emplace_back(recorder.samples * recording.target.size);
      }
    }
    for (const Core &core : cores)
      for (size_t r = 0; r < states.size(); ++r)
        for (int k : states[r].index)
          if (image.recordings[r].target.population == core.place.population &&
              !core.variable(size_t(k)))
            throw RuntimeError("a core of population '" +
                               image.populations[core.place.population].name +
                               "' holds no state to record");
  }

  void sampleState(const Core &core, int64_t step) {
    for (size_t r = 0; r < states.size(); ++r) {
      const LoadedRecording &recording = image.recordings[r];
      const Slice &t = recording.target;
      if (states[r].index.empty() || t.population != core.place.population ||
          step % recording.interval != 0)
        continue;
      uint32_t begin = std::max(core.place.lo, t.start);
      uint32_t end = std::min(core.place.hi, t.start + t.size);
      uint64_t row = uint64_t(step) / recording.interval;
      for (size_t v = 0; v < states[r].index.size(); ++v) {
        const std::vector<Accum> &state = *core.variable(states[r].index[v]);
        double *out = states[r].values[v].data() + row * t.size;
        for (uint32_t i = begin; i < end; ++i)
          out[i - t.start] = state[i - core.place.lo].toDouble();
      }
    }
  }

  void record(const Core &core, uint32_t count, int64_t step) {
    for (size_t r = 0; r < recordings.size(); ++r) {
      const LoadedRecording &recording = image.recordings[r];
      const Slice &t = recording.target;
      if (!recording.spikes || t.population != core.place.population)
        continue;
      for (uint32_t s = 0; s < count; ++s) {
        uint32_t neuron = core.spikes[s];
        if (neuron >= t.start && neuron - t.start < t.size)
          recordings[r].push_back({step, neuron - t.start});
      }
    }
  }

  void collect(EmulatorResult &result) {
    RunResult &run = result.run;
    run.timestep = image.timestep;
    run.steps = steps;
    run.threads = 1;
    run.numerics = Numerics::Fixed;
    collectPopulations(run);
    for (size_t r = 0; r < recordings.size(); ++r)
      run.recordings.push_back(recordingResult(r));
    collectAstrocytes(run);
    for (uint32_t j = 0; j < image.projections.size(); ++j)
      if (image.projections[j].plastic)
        run.plasticWeights.push_back(finalWeights(j));
    for (Core &core : cores) {
      run.synapses += core.synapses;
      run.synapticEvents += core.load.synapticEvents;
      result.packetsUnmatched += core.unmatched;
      core.load.x = core.place.x;
      core.load.y = core.place.y;
      core.load.p = core.place.p;
      core.load.lo = core.place.lo;
      core.load.hi = core.place.hi;
      core.load.population = image.populations[core.place.population].name;
      result.cores.push_back(core.load);
    }
    for (size_t c = 0; c < result.cores.size(); ++c) {
      if (result.cores[c].synapticEvents >
          result.cores[result.busiest].synapticEvents)
        result.busiest = c;
      result.peakEventsPerStep =
          std::max(result.peakEventsPerStep, result.cores[c].peakEventsPerStep);
    }
    run.saturations = saturationCounter() + image.buildSaturations;
  }

  void collectPopulations(RunResult &run) const {
    double seconds = double(steps) * image.timestep / 1000.0;
    for (uint32_t p = 0; p < image.populations.size(); ++p) {
      SpikeTally tally;
      for (const Core &core : cores)
        if (core.place.population == p)
          tally.add(core.neuronStatistics());
      run.populations.push_back(tally.statistics(
          image.populations[p].name, image.populations[p].size, seconds));
    }
  }

  /// Plastic weights after the run, ordered by (pre, post) like the
  /// reference's (stable: multapses keep their generation order).
  SynapseWeights finalWeights(uint32_t j) const {
    const LoadedProjection &projection = image.projections[j];
    std::vector<std::tuple<uint32_t, uint32_t, double>> entries;
    for (const Core &core : cores)
      if (core.place.population == projection.post.population)
        core.plasticWeights(j, projection.post.start, entries);
    return sortedSynapseWeights(projection.name, std::move(entries));
  }

  RecordingResult recordingResult(size_t r) {
    const LoadedRecording &recording = image.recordings[r];
    RecordingResult result;
    result.target = recording.target;
    result.population = image.populations[recording.target.population].name;
    result.populationSize = image.populations[recording.target.population].size;
    result.hasSpikes = recording.spikes;
    std::sort(recordings[r].begin(), recordings[r].end());
    for (auto [step, neuron] : recordings[r]) {
      result.spikes.steps.push_back(step);
      result.spikes.neurons.push_back(neuron);
    }
    for (size_t v = 0; v < recording.states.size(); ++v)
      result.states.push_back({recording.states[v], recording.interval,
                               states[r].samples,
                               std::move(states[r].values[v])});
    return result;
  }

  const LoadedImage &image;
  const EmulatorOptions &options;
  uint64_t steps = 0;
  std::vector<Core> cores;
  std::vector<std::vector<std::pair<int64_t, uint32_t>>> recordings;
  std::vector<StateRecorder> states;
  std::vector<AstroCore> astroCores;
  std::vector<std::vector<const AstroCore *>> astroByPopulation; // by lo
  std::vector<StateRecorder> astroStates;
  std::vector<double> astroSums; // of each population's mean output
};

nlohmann::json loadJson(const CoreLoad &load, uint64_t steps) {
  return {{"core", {load.x, load.y, load.p}},
          {"population", load.population},
          {"atoms", {load.lo, load.hi}},
          {"packets_in", load.packetsIn},
          {"synaptic_events", load.synapticEvents},
          {"mean_events_per_step",
           steps ? double(load.synapticEvents) / double(steps) : 0.0},
          {"peak_events_per_step", load.peakEventsPerStep}};
}

} // namespace

EmulatorResult emulate(const LoadedImage &image,
                       const EmulatorOptions &options) {
  return Emulator(image, options).run();
}

void emulateAndReport(const EmulateRequest &request, std::ostream &out) {
  LoadedImage image = loadImage(request.directory);
  RunOutputs outputs = request.outputs;
  outputs.input = request.directory;
  checkOutputs(outputs,
               std::any_of(image.projections.begin(), image.projections.end(),
                           [](const LoadedProjection &projection) {
                             return projection.plastic;
                           }));
  EmulatorOptions options;
  if (!request.duration.empty()) {
    auto ms = parseDuration(request.duration);
    if (!ms)
      throw RuntimeError("--duration '" + request.duration +
                         "' is not a positive time such as 1s, 250ms or 100 "
                         "(ms)");
    options.duration = *ms;
  } else if (image.duration) {
    options.duration = *image.duration;
  } else {
    throw RuntimeError("the network sets no duration: give --duration (e.g. "
                       "1s)");
  }
  EmulatorResult result =
      runWithProgressBar(request.quiet, options.progress,
                         [&] { return emulate(image, options); });
  writeRunFiles(result.run, outputs);
  RunContext context = contextSince(image.network, request.start);
  if (!outputs.summaryJson.empty())
    writeEmulatorSummaryJson(outputs.summaryJson, context, result);
  warnOfRoundedDuration(request.tool, options.duration, result.run);
  if (request.quiet)
    return;
  printSummary(out, context, result.run);
  printEmulatorSummary(out, result);
  printRunFiles(out, result.run, outputs);
  cam::describeCams(image.cams, result.run, out);
}

void printEmulatorSummary(std::ostream &out, const EmulatorResult &result) {
  out << "packets: " << result.packetsSent << " sent, " << result.packetsRouted
      << " router visits, " << result.packetsDelivered
      << " delivered to cores, " << result.packetsDropped << " dropped, "
      << result.packetsUnmatched << " unmatched by a master population table";
  if (result.payloadsSent) // astrocyte outputs, counted in the packets
    out << " (" << result.payloadsSent << " of them astrocyte payloads)";
  out << "\n";
  if (result.cores.empty())
    return;
  const CoreLoad &busiest = result.cores[result.busiest];
  uint64_t steps = result.run.steps;
  out << "busiest core: (" << busiest.x << ", " << busiest.y << ", "
      << busiest.p << ") " << busiest.population << " [" << busiest.lo << ", "
      << busiest.hi << "): "
      << formatString("%.1f",
                      steps ? double(busiest.synapticEvents) / double(steps)
                            : 0.0)
      << " synaptic events per timestep on average, "
      << result.peakEventsPerStep << " at most (any core, one timestep)\n";
}

void writeEmulatorSummaryJson(const std::string &path,
                              const RunContext &context,
                              const EmulatorResult &result) {
  // The run summary (the same fields as `glia run`) with the emulator's own
  // section added.
  nlohmann::json summary = summaryJson(context, result.run);
  nlohmann::json cores = nlohmann::json::array();
  for (const CoreLoad &load : result.cores)
    cores.push_back(loadJson(load, result.run.steps));
  summary["emulator"] = {{"packets_sent", result.packetsSent},
                         {"router_visits", result.packetsRouted},
                         {"packets_delivered", result.packetsDelivered},
                         {"packets_dropped", result.packetsDropped},
                         {"packets_unmatched", result.packetsUnmatched},
                         {"payloads_sent", result.payloadsSent},
                         {"peak_events_per_step", result.peakEventsPerStep},
                         {"busiest_core", result.busiest},
                         {"cores", cores}};
  writeJsonFile(path, summary);
}

} // namespace glia::runtime
