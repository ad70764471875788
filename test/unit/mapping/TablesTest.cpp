//===- TablesTest.cpp - keys, tables and the routing checker --------------===//
//
// The end-to-end property: whatever the placement, the tables built from
// NER trees (and compressed by GliaRouting) deliver every slice's packets to
// exactly its sinks.
//
//===----------------------------------------------------------------------===//

#include "glia/Mapping/Tables.h"
#include "glia/Mapping/Router.h"
#include "glia/Mapping/RoutingCheck.h"
#include "glia/Routing/Compressor.h"

#include <gtest/gtest.h>

#include <map>
#include <random>

using namespace glia;
using namespace glia::mapping;

namespace {

TEST(Keys, PopulationsGetAlignedBlocksLargestFirst) {
  std::vector<PopulationKeys> keys;
  std::string error;
  ASSERT_TRUE(allocateKeys({3, 1, 5}, {100, 1000, 20}, keys, error));
  EXPECT_EQ(keys[1].base, 0u);
  EXPECT_EQ(keys[1].sliceMask(), 0xfffffc00u);
  EXPECT_EQ(keys[0].base, 0x400u);
  EXPECT_EQ(keys[0].sliceKey(2), 0x500u);
  EXPECT_EQ(keys[2].base, 0x600u);
  EXPECT_EQ(keys[2].sliceMask(), 0xffffffe0u);
  for (const PopulationKeys &k : keys)
    EXPECT_EQ(k.base % k.blockSize(), 0u);
}

TEST(Keys, MoreThan32BitsIsAnError) {
  std::vector<PopulationKeys> keys;
  std::string error;
  EXPECT_FALSE(allocateKeys({1 << 20, 1 << 20}, {4096, 4096}, keys, error));
  EXPECT_EQ(error, "the network needs more than 2^32 routing keys");
}

/// A random mapping on the 3-board torus: `populations` populations of
/// `slices` slices on random cores, each projecting to two others.
struct RandomMapping {
  machine::Machine machine;
  std::vector<PopulationKeys> keys;
  std::vector<std::vector<TreeNode>> trees;
  std::vector<RoutedSlice> routed;
  std::vector<CheckSource> sources;

  RandomMapping(int populations, int slices, unsigned seed) {
    std::string error;
    machine = *machine::parseMachine(
        R"({"name": "t", "boards": 3, "torus": [12, 12]})", "t.json", error);
    std::mt19937 random(seed);
    std::vector<std::pair<int, int>> cores; // (chip, core) per slice
    std::map<std::pair<int, int>, bool> used;
    while (int(cores.size()) < populations * slices) {
      std::pair<int, int> at{int(random() % 144), 1 + int(random() % 17)};
      if (!used[at]) {
        used[at] = true;
        cores.push_back(at);
      }
    }
    allocateKeys(std::vector<int64_t>(populations, slices),
                 std::vector<int64_t>(populations, 256), keys, error);
    Router router(machine);
    trees.resize(populations * slices);
    for (int pop = 0; pop < populations; ++pop)
      for (int s = 0; s < slices; ++s) {
        int id = pop * slices + s;
        std::map<int, uint32_t> sinks;
        for (int target : {(pop + 1) % populations, (pop + 3) % populations})
          for (int t = 0; t < slices; ++t) {
            auto [chip, core] = cores[target * slices + t];
            sinks[chip] |= routing::coreBit(core);
          }
        std::vector<Sink> list;
        for (auto [chip, bits] : sinks)
          list.push_back({chip, bits});
        EXPECT_TRUE(router.route(cores[id].first, list, trees[id], error));
        routed.push_back({pop, s, &trees[id]});
        CheckSource source;
        source.name = "slice " + std::to_string(id);
        source.key = keys[pop].sliceKey(s);
        source.mask = keys[pop].sliceMask();
        source.atoms = 256;
        source.chip = cores[id].first;
        source.targets.assign(sinks.begin(), sinks.end());
        sources.push_back(source);
      }
  }
};

TEST(Tables, BuiltTablesDeliverExactly) {
  RandomMapping mapping(12, 6, 1);
  TableStats stats;
  auto tables = buildTables(mapping.machine.numChipSlots(), mapping.keys,
                            mapping.routed, stats);
  int64_t entries = 0;
  for (const auto &table : tables)
    entries += int64_t(table.size());
  EXPECT_LT(entries, stats.rawEntries); // merging and default routes help
  EXPECT_GT(stats.defaultRouted, 0);
  EXPECT_EQ(checkRouting(mapping.machine, tables, mapping.sources),
            std::vector<std::string>());
}

TEST(Tables, CompressedTablesStillDeliverExactly) {
  RandomMapping mapping(16, 8, 2);
  TableStats stats;
  auto tables = buildTables(mapping.machine.numChipSlots(), mapping.keys,
                            mapping.routed, stats);
  auto defaults = defaultRoutedEntries(mapping.machine.numChipSlots(),
                                       mapping.keys, mapping.routed);
  routing::CompressOptions full;
  full.target = std::nullopt;
  for (size_t chip = 0; chip < tables.size(); ++chip) {
    // The compressor must know which keys the default route carries.
    tables[chip].insert(tables[chip].end(), defaults[chip].begin(),
                        defaults[chip].end());
    tables[chip] = routing::compress(tables[chip], full);
  }
  EXPECT_EQ(checkRouting(mapping.machine, tables, mapping.sources),
            std::vector<std::string>());
}

TEST(Tables, TheCheckerCatchesABrokenTable) {
  RandomMapping mapping(6, 4, 3);
  TableStats stats;
  auto tables = buildTables(mapping.machine.numChipSlots(), mapping.keys,
                            mapping.routed, stats);
  // Drop one delivering entry somewhere.
  for (auto &table : tables)
    for (auto it = table.begin(); it != table.end(); ++it)
      if (it->route & ~routing::kLinkMask) {
        table.erase(it);
        EXPECT_FALSE(
            checkRouting(mapping.machine, tables, mapping.sources).empty());
        return;
      }
  FAIL() << "no delivering entry";
}

} // namespace
