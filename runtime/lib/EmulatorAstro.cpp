//===- EmulatorAstro.cpp - astrocytes on the emulated board ---------------===//

#include "EmulatorAstro.h"

#include <algorithm>

namespace glia::runtime {

using models::CellKind;

//===----------------------------------------------------------------------===//
// AstroInputs: a neuron core's side
//===----------------------------------------------------------------------===//

void AstroInputs::read(image::ByteReader &in, const LoadedImage &image,
                       const ImageCore &place) {
  entries = in.array<image::PayloadEntry>(in.u32());
  for (size_t e = 0; e < entries.size(); ++e)
    if ((entries[e].key & ~entries[e].mask) ||
        (e && entries[e - 1].key >= entries[e].key))
      in.fail(); // unsorted or a key outside its mask
  uint32_t slots = in.u32();
  for (uint32_t s = 0; s < slots; ++s) {
    uint32_t astrocytes = in.u32(), count = in.u32();
    if (astrocytes >= image.astrocytes.size() ||
        count != image.astrocytes[astrocytes].size)
      in.fail();
    outputs.emplace_back(count);
  }
  for (const image::PayloadEntry &entry : entries)
    if (entry.slot >= slots)
      in.fail();
  size_t projections = image.projections.size();
  depression.assign(projections, -1);
  potentiation.assign(projections, -1);
  scale.assign(projections, -1);
  CellKind kind = image.populations[place.population].kind;
  bool lif = kind == CellKind::IfCurrExp || kind == CellKind::IfCondExp ||
             kind == CellKind::IfCurrAlpha;
  uint32_t couplingCount = in.u32();
  for (uint32_t c = 0; c < couplingCount; ++c) {
    Coupling coupling;
    coupling.record = in.pod<image::CouplingRecord>();
    const image::CouplingRecord &r = coupling.record;
    coupling.gain = Accum::fromRaw(r.gain);
    if (r.slot >= slots || r.size < outputs[r.slot].size() ||
        uint64_t(r.start) + r.size > image.populations[place.population].size)
      in.fail();
    if (r.kind == image::kInjection) {
      coupling.begin = in.u32();
      uint32_t count = in.u32();
      if (!lif || uint64_t(coupling.begin) + count > place.hi - place.lo ||
          place.lo + coupling.begin < r.start ||
          place.lo + coupling.begin + count > r.start + r.size)
        in.fail();
      for (int32_t raw : in.array<int32_t>(count))
        coupling.shift.push_back(Accum::fromRaw(raw));
    } else {
      // A modulation couples the projection's post slice on this core.
      if (r.projection >= projections || r.kind > image::kInjection ||
          image.projections[r.projection].post.population != place.population ||
          image.projections[r.projection].post.start != r.start ||
          image.projections[r.projection].post.size != r.size)
        in.fail();
      auto &slot = r.kind == uint32_t(Modulation::StdpDepression) ? depression
                   : r.kind == uint32_t(Modulation::StdpPotentiation)
                       ? potentiation
                       : scale;
      slot[r.projection] = int32_t(couplings.size());
    }
    couplings.push_back(std::move(coupling));
  }
}

bool AstroInputs::receive(uint32_t key, int32_t payload) {
  const image::PayloadEntry *entry = image::findEntry(entries, key);
  if (!entry)
    return false;
  std::vector<Accum> &y = outputs[entry->slot];
  uint64_t a = uint64_t(entry->first) + (key & ~entry->mask);
  if (a >= y.size())
    return false;
  y[a] = Accum::fromRaw(payload);
  return true;
}

Accum AstroInputs::value(const Coupling &c, uint32_t post) const {
  const std::vector<Accum> &y = outputs[c.record.slot];
  uint32_t count = uint32_t(y.size());
  // The loader checked the coupled slice; a synapse outside it (only in a
  // hand-made blob) still reads a valid astrocyte.
  uint32_t a = std::min(astroDomainOf(post - c.record.start, c.record.size,
                                      count),
                        count - 1);
  return astroModulated(Modulation(c.record.kind), c.gain, y[a]);
}

void AstroInputs::inject(Accum *v, const uint32_t *refractoryUntil,
                         uint32_t step, uint32_t lo) const {
  for (const Coupling &c : couplings) {
    if (c.record.kind != image::kInjection)
      continue;
    const std::vector<Accum> &y = outputs[c.record.slot];
    uint32_t count = uint32_t(y.size());
    for (uint32_t k = 0; k < c.shift.size(); ++k) {
      uint32_t i = c.begin + k;
      uint32_t element = lo + i - c.record.start;
      if (!kernels::heldAt(refractoryUntil[i], step))
        v[i] = astroInjected(v[i], c.shift[k],
                             y[astroDomainOf(element, c.record.size, count)]);
    }
  }
}

const kernels::StdpCoefficients<Accum> &
AstroInputs::rule(uint32_t j, const kernels::StdpCoefficients<Accum> &base,
                  uint32_t post) {
  if (j >= depression.size() || (depression[j] < 0 && potentiation[j] < 0))
    return base;
  Accum aPlus, aMinus;
  if (potentiation[j] >= 0)
    aPlus = value(couplings[potentiation[j]], post);
  if (depression[j] >= 0)
    aMinus = value(couplings[depression[j]], post);
  return astroModulatedRule(modulated, base,
                            potentiation[j] >= 0 ? &aPlus : nullptr,
                            depression[j] >= 0 ? &aMinus : nullptr);
}

//===----------------------------------------------------------------------===//
// AstroCore
//===----------------------------------------------------------------------===//

AstroCore::AstroCore(const LoadedCore &loaded, const LoadedImage &image)
    : place(loaded.place), n(place.hi - place.lo) {
  auto region = [&](Region r) {
    const RegionInfo &info = loaded.regions[uint32_t(r)];
    return image::ByteReader(loaded.blob.data() + info.offset, info.size,
                             loaded.file + " (" + regionName(r) + ")");
  };
  image::readSystem(region(Region::System), place, image.timestep, loaded.file);
  auto kernelRegion = region(Region::Neurons);
  readKernel(kernelRegion, image);
  auto tableRegion = region(Region::MasterPopTable);
  auto listenRegion = region(Region::Astrocytes);
  readListens(tableRegion, listenRegion);
  input.assign(n, Accum());
}

void AstroCore::readKernel(image::ByteReader &in, const LoadedImage &image) {
  const LoadedAstrocytes &population = image.astrocytes[place.population];
  count = population.size;
  AstrocytePlan plan;
  plan.kind = population.kind;
  const models::AstrocyteModelInfo &info = models::astrocyteModel(plan.kind);
  if (in.u32() != uint32_t(plan.kind))
    in.fail();
  plan.parameters = in.array<double>(in.u32());
  plan.initial.assign(info.state.size(), 0.0);
  // The hidden variables follow the catalogue's: as many as the
  // reference's state has.
  size_t variables = AstroKernel<Accum>::initialState(plan, 0).size();
  if (plan.parameters.size() != info.parameters.size() ||
      in.u32() != variables)
    in.fail();
  plan.name = population.name;
  plan.size = count;
  if (std::string error = checkAstrocyte(plan, image.timestep); !error.empty())
    throw RuntimeError(error);
  // The core derives its coefficients as the reference does.
  kernel = AstroKernel<Accum>::make(plan, image.timestep);
  output = AstroKernel<Accum>::outputIndex(plan.kind);
  for (size_t k = 0; k < variables; ++k) {
    state.emplace_back();
    for (int32_t raw : in.array<int32_t>(n))
      state.back().push_back(Accum::fromRaw(raw));
  }
}

void AstroCore::readListens(image::ByteReader &tableIn,
                            image::ByteReader &in) {
  table = tableIn.array<image::MasterEntry>(tableIn.u32());
  if (in.u32() != count)
    in.fail();
  listens = in.array<image::ListenRecord>(in.u32());
  refs = in.array<image::ListenRef>(in.u32());
  for (const image::ListenRecord &listen : listens)
    if (listen.sourceSize < count)
      in.fail(); // every astrocyte needs a domain
  for (const image::ListenRef &ref : refs)
    if (ref.listen >= listens.size() ||
        uint64_t(ref.offset) + ref.count > listens[ref.listen].sourceSize)
      in.fail();
  for (size_t e = 0; e < table.size(); ++e)
    if ((table[e].key & ~table[e].mask) ||
        uint64_t(table[e].firstBlock) + table[e].blockCount > refs.size() ||
        (e && table[e - 1].key >= table[e].key))
      in.fail();
  heard.assign(listens.size(), std::vector<uint32_t>(n, 0));
}

bool AstroCore::receive(uint32_t key) {
  ++packetsIn;
  const image::MasterEntry *entry = image::findEntry(table, key);
  if (!entry)
    return false;
  uint32_t neuron = key & ~entry->mask;
  for (uint32_t r = entry->firstBlock;
       r < entry->firstBlock + entry->blockCount; ++r) {
    const image::ListenRef &ref = refs[r];
    if (neuron < ref.first || neuron - ref.first >= ref.count)
      continue;
    uint32_t element = ref.offset + neuron - ref.first;
    uint32_t a = astroDomainOf(element, listens[ref.listen].sourceSize, count);
    if (a >= place.lo && a < place.hi)
      ++heard[ref.listen][a - place.lo];
  }
  return true;
}

void AstroCore::advance() {
  std::fill(input.begin(), input.end(), Accum());
  // The reference adds each listen's weight once per spike, listen by
  // listen in plan order: the same saturating additions in the same order.
  for (size_t l = 0; l < listens.size(); ++l) {
    Accum weight = Accum::fromRaw(listens[l].weight);
    for (uint32_t i = 0; i < n; ++i) {
      for (uint32_t s = 0; s < heard[l][i]; ++s)
        input[i] = input[i] + weight;
      heard[l][i] = 0;
    }
  }
  kernel.step(state, input.data(), 0, n);
}

} // namespace glia::runtime
