//===- Tables.h - keys and per-chip routing tables --------------*- C++ -*-===//
//
// Plain C++: key allocation (| population | slice | neuron |) and the
// routing-table builder, which turns trees into per-chip entries, drops the
// default-routable ones and merges a population's slices that leave a chip
// the same way into one entry per aligned block of slice indices.
//
//===----------------------------------------------------------------------===//

#ifndef GLIA_MAPPING_TABLES_H
#define GLIA_MAPPING_TABLES_H

#include "glia/Mapping/Router.h"
#include "glia/Routing/RoutingTable.h"

#include <cstdint>
#include <string>
#include <vector>

namespace glia::mapping {

/// The key block of one population: slice i of it has key
/// base | (i << neuronBits) and mask ~((1 << neuronBits) - 1).
struct PopulationKeys {
  uint32_t base = 0;
  int sliceBits = 0;
  int neuronBits = 0;

  uint32_t sliceKey(int64_t index) const {
    return base | uint32_t(index << neuronBits);
  }
  uint32_t sliceMask() const { return ~uint32_t(0) << neuronBits; }
  uint64_t blockSize() const { return uint64_t(1) << (sliceBits + neuronBits); }
};

/// Allocates key blocks for populations with the given slice counts and
/// largest slice sizes. False with `error` if 32 bits are not enough.
bool allocateKeys(const std::vector<int64_t> &sliceCounts,
                  const std::vector<int64_t> &largestSlice,
                  std::vector<PopulationKeys> &keys, std::string &error);

/// A routed slice: its population, its index there and its tree.
struct RoutedSlice {
  int population;
  int64_t index;
  const std::vector<TreeNode> *tree;
};

struct TableStats {
  int64_t rawEntries = 0;    // one per (slice, tree chip)
  int64_t defaultRouted = 0; // dropped: the default route does it
};

/// Builds the table of every chip the trees visit, indexed by chip id
/// (chips no tree visits get no table: `tables[id]` stays empty).
std::vector<std::vector<routing::Entry>>
buildTables(int numChipSlots, const std::vector<PopulationKeys> &keys,
            const std::vector<RoutedSlice> &slices, TableStats &stats);

/// The default-routable entries buildTables leaves out, per chip. The
/// compressor must see them: a merged entry that captured their keys would
/// turn a packet the default route carries straight on.
std::vector<std::vector<routing::Entry>>
defaultRoutedEntries(int numChipSlots, const std::vector<PopulationKeys> &keys,
                     const std::vector<RoutedSlice> &slices);

} // namespace glia::mapping

#endif // GLIA_MAPPING_TABLES_H
