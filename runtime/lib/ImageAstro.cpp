//===- ImageAstro.cpp - astrocytes in core blobs --------------------------===//

#include "ImageAstro.h"
#include "AstroCoupling.h"
#include "ImageBlob.h"
#include "glia/Runtime/PlanDerived.h"

#include <map>

namespace glia::runtime::image {
namespace {

/// One coupling of the plan: what it couples (a slice of a population) and
/// how; `projection` is kNoProjection for injections.
struct Coupling {
  uint32_t kind, astrocytes, projection;
  Slice slice;
  double gain;
  const AstroInjectPlan *inject = nullptr;
};

/// Modulations, then injections, each in plan order (the emulator applies
/// injections in this order, as the reference does).
std::vector<Coupling> couplingsOf(const Plan &plan) {
  std::vector<Coupling> all;
  for (const AstroModulatePlan &mod : plan.astroModulations)
    all.push_back({uint32_t(mod.modulation), mod.astrocytes, mod.projection,
                   plan.projections[mod.projection].post,
                   astroModulationGain(plan, mod)});
  for (const AstroInjectPlan &inject : plan.astroInjections)
    all.push_back({kInjection, inject.astrocytes, kNoProjection, inject.target,
                   inject.gain, &inject});
  return all;
}

/// Elements [begin, end) of `slice` that lie in neurons [lo, hi) of its
/// population, relative to the slice; empty if none.
std::pair<uint32_t, uint32_t> overlap(const Slice &slice, uint32_t lo,
                                      uint32_t hi) {
  uint32_t begin = std::max(lo, slice.start);
  uint32_t end = std::min(hi, slice.start + slice.size);
  if (begin >= end)
    return {0, 0};
  return {begin - slice.start, end - slice.start};
}

/// Whether astrocytes [lo, hi) of a population of `count` have a domain in
/// elements [begin, end) of a slice of n (begin < end).
bool domainsMeet(uint32_t begin, uint32_t end, uint32_t n, uint32_t count,
                 uint32_t lo, uint32_t hi) {
  uint32_t first = astroDomainOf(begin, n, count);
  uint32_t last = astroDomainOf(end - 1, n, count) + 1;
  return first < hi && lo < last;
}

void writeEntries(const std::vector<MasterEntry> &entries, ByteWriter &out) {
  out.u32(uint32_t(entries.size()));
  for (const MasterEntry &entry : entries)
    out.pod(entry);
}

} // namespace

std::vector<uint8_t> astroKernelRegion(const Plan &plan,
                                       const ImageCore &core) {
  const AstrocytePlan &astro = plan.astrocytes[core.population];
  ByteWriter out;
  out.u32(uint32_t(astro.kind));
  out.u32(uint32_t(astro.parameters.size()));
  for (double value : astro.parameters)
    out.f64(value);
  std::vector<std::vector<Accum>> state =
      AstroKernel<Accum>::initialState(astro, core.hi - core.lo);
  out.u32(uint32_t(state.size()));
  for (const std::vector<Accum> &variable : state)
    for (Accum value : variable)
      out.i32(value.raw());
  return out.bytes;
}

void astroListenRegions(const Plan &plan, const ImageCore &core,
                        const std::vector<ImageCore> &neuronCores,
                        std::vector<uint8_t> &table,
                        std::vector<uint8_t> &listens) {
  uint32_t count = plan.astrocytes[core.population].size;
  ByteWriter records;
  // Refs by source core (index into neuronCores), in listen order.
  std::map<uint32_t, std::vector<ListenRef>> bySource;
  uint32_t slot = 0;
  for (const AstroListenPlan &listen : plan.astroListens) {
    if (listen.astrocytes != core.population)
      continue;
    const Slice &source = listen.source;
    records.pod(ListenRecord{Accum::fromDouble(listen.weight).raw(),
                             source.size});
    for (uint32_t c = 0; c < neuronCores.size(); ++c) {
      const ImageCore &sender = neuronCores[c];
      if (sender.population != source.population || !sender.sends)
        continue;
      auto [begin, end] = overlap(source, sender.lo, sender.hi);
      if (begin < end &&
          domainsMeet(begin, end, source.size, count, core.lo, core.hi))
        bySource[c].push_back({slot, source.start + begin - sender.lo,
                               end - begin, begin});
    }
    ++slot;
  }
  std::vector<std::pair<const ImageCore *, std::vector<ListenRef>>> sources;
  for (auto &[c, refs] : bySource)
    sources.push_back({&neuronCores[c], std::move(refs)});
  std::sort(sources.begin(), sources.end(), [](const auto &a, const auto &b) {
    return a.first->key < b.first->key;
  });
  std::vector<MasterEntry> entries;
  ByteWriter refs;
  uint32_t refCount = 0;
  for (const auto &[sender, list] : sources) {
    entries.push_back(
        {sender->key, sender->mask, refCount, uint32_t(list.size())});
    for (const ListenRef &ref : list)
      refs.pod(ref);
    refCount += uint32_t(list.size());
  }
  ByteWriter mpt, out;
  writeEntries(entries, mpt);
  out.u32(count);
  out.u32(slot);
  out.raw(records.bytes.data(), records.bytes.size());
  out.u32(refCount);
  out.raw(refs.bytes.data(), refs.bytes.size());
  table = std::move(mpt.bytes);
  listens = std::move(out.bytes);
}

std::vector<uint8_t> astroRecordingRegion(const Plan &plan,
                                          const ImageCore &core) {
  uint32_t stateBytes = 0;
  for (const AstroRecordingPlan &recording : plan.astroRecordings)
    if (recording.astrocytes == core.population)
      stateBytes +=
          uint32_t(recording.variables.size()) * (core.hi - core.lo) * 4;
  ByteWriter out;
  out.u32(0); // astrocytes do not spike
  out.u32(stateBytes);
  return out.bytes;
}

std::vector<uint8_t> neuronAstroRegion(const Plan &plan, const ImageCore &core,
                                       const std::vector<ImageCore> &astroCores) {
  std::vector<uint32_t> slots; // astrocyte populations, first use first
  auto slotOf = [&](uint32_t astrocytes) {
    auto it = std::find(slots.begin(), slots.end(), astrocytes);
    if (it != slots.end())
      return uint32_t(it - slots.begin());
    slots.push_back(astrocytes);
    return uint32_t(slots.size() - 1);
  };
  ByteWriter couplings;
  uint32_t couplingCount = 0;
  std::vector<PayloadEntry> entries;
  for (const Coupling &c : couplingsOf(plan)) {
    if (c.slice.population != core.population)
      continue;
    auto [begin, end] = overlap(c.slice, core.lo, core.hi);
    if (begin == end)
      continue;
    uint32_t slot = slotOf(c.astrocytes);
    bool inject = c.kind == kInjection;
    couplings.pod(CouplingRecord{
        c.kind, slot, c.projection, c.slice.start, c.slice.size,
        inject ? 0 : Accum::fromDouble(c.gain).raw()});
    ++couplingCount;
    if (inject) { // per neuron, from its own parameters
      couplings.u32(c.slice.start + begin - core.lo);
      couplings.u32(end - begin);
      for (uint32_t i = begin; i < end; ++i)
        couplings.i32(
            Accum::fromDouble(
                astroInjectionShift(plan, *c.inject,
                                    neuronParameters(plan, core.population,
                                                     c.slice.start + i)))
                .raw());
    }
    uint32_t count = plan.astrocytes[c.astrocytes].size;
    for (const ImageCore &sender : astroCores)
      if (sender.population == c.astrocytes &&
          domainsMeet(begin, end, c.slice.size, count, sender.lo, sender.hi) &&
          std::none_of(entries.begin(), entries.end(),
                       [&](const PayloadEntry &e) { return e.key == sender.key; }))
        entries.push_back({sender.key, sender.mask, slot, sender.lo});
  }
  std::sort(entries.begin(), entries.end(),
            [](const PayloadEntry &a, const PayloadEntry &b) {
              return a.key < b.key;
            });
  ByteWriter out;
  out.u32(uint32_t(entries.size()));
  for (const PayloadEntry &entry : entries)
    out.pod(entry);
  out.u32(uint32_t(slots.size()));
  for (uint32_t astrocytes : slots) {
    out.u32(astrocytes);
    out.u32(plan.astrocytes[astrocytes].size);
  }
  out.u32(couplingCount);
  out.raw(couplings.bytes.data(), couplings.bytes.size());
  return out.bytes;
}

} // namespace glia::runtime::image
