//===- ImageBuilder.cpp - spinn.mapping -> ImageLayout --------------------===//

#include "glia/Image/ImageBuilder.h"

#include <map>
#include <set>

namespace glia::image {
namespace {

runtime::ImageMachine machineLayout(const machine::Machine &machine) {
  runtime::ImageMachine out;
  out.name = machine.name;
  out.width = uint32_t(machine.width);
  out.height = uint32_t(machine.height);
  out.wrap = machine.wrap;
  out.dtcmBytes = machine.dtcmBytes;
  // Per-chip SDRAM shared by the chip's cores (SPINNAKER.md).
  out.sdramBytesPerChip = machine.sdramBytesPerChip;
  out.routerEntries = uint32_t(machine.routerEntries);
  for (int id = 0; id < machine.numChipSlots(); ++id) {
    if (!machine.hasChip(id))
      continue;
    uint32_t links = 0;
    for (int link = 0; link < machine::kNumLinks; ++link)
      if (machine.neighbour(id, link))
        links |= 1u << link;
    machine::ChipCoord c = machine.coord(id);
    out.chips.push_back({uint32_t(c.x), uint32_t(c.y), links});
  }
  return out;
}

runtime::ImageTable tableLayout(spinn::TableOp table) {
  runtime::ImageTable out;
  out.x = uint32_t(table.getX());
  out.y = uint32_t(table.getY());
  out.uncompressed = uint32_t(table.getUncompressed() ? *table.getUncompressed()
                                                      : table.getNumEntries());
  llvm::ArrayRef<int32_t> entries = table.getEntries();
  for (size_t i = 0; i + 3 < entries.size(); i += 4)
    out.entries.push_back({uint32_t(entries[i]), uint32_t(entries[i + 1]),
                           uint32_t(entries[i + 2]), uint32_t(entries[i + 3])});
  return out;
}

} // namespace

std::optional<runtime::ImageLayout> buildLayout(spinn::MappingOp mapping,
                                                const runtime::Plan &plan,
                                                const machine::Machine &machine,
                                                std::string &error) {
  // Slices name a population or an astrocyte population (the network's
  // names are unique across both): (index, astrocytes?).
  std::map<std::string, std::pair<uint32_t, bool>, std::less<>> populations;
  for (uint32_t p = 0; p < plan.populations.size(); ++p)
    populations[plan.populations[p].name] = {p, false};
  for (uint32_t a = 0; a < plan.astrocytes.size(); ++a)
    populations[plan.astrocytes[a].name] = {a, true};
  // Only slices with a route send packets (docs/mapping.md, snn-route).
  std::set<std::string, std::less<>> routed;
  for (auto route : mapping.getBlock().getOps<spinn::RouteOp>())
    routed.insert(route.getSource().str());
  runtime::ImageLayout layout;
  layout.machine = machineLayout(machine);
  for (auto slice : mapping.getBlock().getOps<spinn::SliceOp>()) {
    auto population = populations.find(slice.getPopulation());
    if (!slice.isPlaced() || !slice.hasKey() ||
        population == populations.end()) {
      error = "slice @" + slice.getSymName().str() +
              " is not placed and keyed, or names no population of the "
              "network";
      return std::nullopt;
    }
    runtime::ImageCore core;
    core.x = uint32_t(*slice.getX());
    core.y = uint32_t(*slice.getY());
    core.p = uint32_t(*slice.getP());
    core.population = population->second.first;
    core.astrocytes = population->second.second;
    core.lo = uint32_t(slice.getLo());
    core.hi = uint32_t(slice.getHi());
    core.key = uint32_t(*slice.getKey());
    core.mask = uint32_t(*slice.getMask());
    core.sends = routed.count(slice.getSymName().str()) != 0;
    layout.cores.push_back(core);
  }
  for (auto table : mapping.getBlock().getOps<spinn::TableOp>())
    layout.tables.push_back(tableLayout(table));
  return layout;
}

} // namespace glia::image
