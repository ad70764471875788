//===- Tables.cpp - keys and per-chip routing tables ----------------------===//

#include "glia/Mapping/Tables.h"
#include "glia/Mapping/Placer.h"

#include <algorithm>
#include <numeric>

namespace glia::mapping {

using routing::Entry;

static int ceilLog2(int64_t n) {
  int bits = 0;
  while ((int64_t(1) << bits) < n)
    ++bits;
  return bits;
}

bool allocateKeys(const std::vector<int64_t> &sliceCounts,
                  const std::vector<int64_t> &largestSlice,
                  std::vector<PopulationKeys> &keys, std::string &error) {
  size_t n = sliceCounts.size();
  keys.assign(n, {});
  for (size_t i = 0; i < n; ++i) {
    keys[i].sliceBits = ceilLog2(sliceCounts[i]);
    keys[i].neuronBits = ceilLog2(largestSlice[i]);
  }
  // Largest blocks first: every block then starts at a multiple of its own
  // size, so a population's slices share the prefix above its block.
  std::vector<size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return keys[a].blockSize() > keys[b].blockSize();
  });
  uint64_t next = 0;
  for (size_t i : order) {
    keys[i].base = uint32_t(next);
    next += keys[i].blockSize();
    if (next > (uint64_t(1) << 32)) {
      error = "the network needs more than 2^32 routing keys";
      return false;
    }
  }
  return true;
}

namespace {
struct RawEntry {
  int population;
  int64_t index;
  uint32_t source;
  uint32_t route;
  bool isDefault;
};

/// Emits entries for the raw entries [begin, end) of one population, which
/// lie in the aligned block of 2^blockBits slice indices from `blockLo`:
/// one entry if they all leave the same way, else one per half-block.
void mergeBlock(const PopulationKeys &keys, const RawEntry *begin,
                const RawEntry *end, int64_t blockLo, int blockBits,
                std::vector<Entry> &out) {
  if (begin == end)
    return; // no packet of these slices passes: don't-care keys
  bool uniform = std::all_of(begin, end, [&](const RawEntry &e) {
    return !e.isDefault && e.route == begin->route;
  });
  if (uniform) {
    int bits = blockBits + keys.neuronBits;
    uint32_t mask = bits >= 32 ? 0 : ~uint32_t(0) << bits;
    uint32_t source = 0;
    for (const RawEntry *e = begin; e != end; ++e)
      source |= e->source;
    out.push_back({keys.sliceKey(blockLo) & mask, mask, source, begin->route});
    return;
  }
  if (blockBits == 0)
    return; // a single default-routable entry: the router does it
  int64_t mid = blockLo + (int64_t(1) << (blockBits - 1));
  const RawEntry *split =
      std::lower_bound(begin, end, mid, [](const RawEntry &e, int64_t index) {
        return e.index < index;
      });
  mergeBlock(keys, begin, split, blockLo, blockBits - 1, out);
  mergeBlock(keys, split, end, mid, blockBits - 1, out);
}

std::vector<Entry> buildChipTable(std::vector<RawEntry> &raw,
                                  const std::vector<PopulationKeys> &keys) {
  std::sort(raw.begin(), raw.end(), [](const RawEntry &a, const RawEntry &b) {
    return a.population != b.population ? a.population < b.population
                                        : a.index < b.index;
  });
  std::vector<Entry> table;
  for (size_t i = 0; i < raw.size();) {
    size_t j = i;
    while (j < raw.size() && raw[j].population == raw[i].population)
      ++j;
    const PopulationKeys &k = keys[raw[i].population];
    mergeBlock(k, raw.data() + i, raw.data() + j, 0, k.sliceBits, table);
    i = j;
  }
  std::sort(table.begin(), table.end(),
            [](const Entry &a, const Entry &b) { return a.key < b.key; });
  return table;
}
} // namespace

std::vector<std::vector<Entry>>
buildTables(int numChipSlots, const std::vector<PopulationKeys> &keys,
            const std::vector<RoutedSlice> &slices, TableStats &stats) {
  std::vector<std::vector<RawEntry>> raw(numChipSlots);
  for (const RoutedSlice &slice : slices)
    for (const TreeNode &node : *slice.tree) {
      Entry probe{0, 0, node.in < 0 ? 0u : routing::linkBit(node.in),
                  node.route};
      bool isDefault = routing::isDefaultRoutable(probe);
      raw[node.chip].push_back(
          {slice.population, slice.index, probe.source, node.route, isDefault});
      ++stats.rawEntries;
      stats.defaultRouted += isDefault;
    }
  std::vector<std::vector<Entry>> tables(numChipSlots);
  for (int chip = 0; chip < numChipSlots; ++chip)
    if (!raw[chip].empty())
      tables[chip] = buildChipTable(raw[chip], keys);
  return tables;
}

std::vector<std::vector<Entry>>
defaultRoutedEntries(int numChipSlots, const std::vector<PopulationKeys> &keys,
                     const std::vector<RoutedSlice> &slices) {
  std::vector<std::vector<Entry>> defaults(numChipSlots);
  for (const RoutedSlice &slice : slices) {
    const PopulationKeys &k = keys[slice.population];
    for (const TreeNode &node : *slice.tree) {
      Entry entry{k.sliceKey(slice.index), k.sliceMask(),
                  node.in < 0 ? 0u : routing::linkBit(node.in), node.route};
      if (routing::isDefaultRoutable(entry))
        defaults[node.chip].push_back(entry);
    }
  }
  return defaults;
}

} // namespace glia::mapping
