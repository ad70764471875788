//===- RouterTest.cpp - NER multicast trees -------------------------------===//

#include "glia/Mapping/Router.h"

#include <gtest/gtest.h>

#include <map>
#include <random>

using namespace glia;
using namespace glia::mapping;

namespace {

machine::Machine parse(const std::string &text) {
  std::string error;
  auto m = machine::parseMachine(text, "m.json", error);
  EXPECT_TRUE(m) << error;
  return *m;
}

/// Follows a tree from its root and returns the chips where each node
/// delivers, checking that each node is reached by its parent's link.
std::map<int, uint32_t> deliveries(const machine::Machine &m,
                                   const std::vector<TreeNode> &tree) {
  std::map<int, int> index;
  for (size_t i = 0; i < tree.size(); ++i)
    index[tree[i].chip] = int(i);
  std::map<int, uint32_t> cores;
  for (const TreeNode &node : tree) {
    if (node.route >> 6)
      cores[node.chip] = node.route & ~0x3fu;
    for (int l = 0; l < 6; ++l)
      if (node.route >> l & 1) {
        auto next = m.neighbour(node.chip, l);
        EXPECT_TRUE(next);
        EXPECT_TRUE(index.count(*next));
        EXPECT_EQ(tree[index[*next]].in, (l + 3) % 6);
      }
  }
  return cores;
}

TEST(Router, LongestDimensionFirst) {
  machine::Machine m = parse(R"({"name": "g", "width": 8, "height": 8})");
  Router router(m);
  std::vector<int> chips, links;
  ASSERT_TRUE(
      router.dimensionOrderPath(m.chipId(0, 0), m.chipId(3, 1), chips, links));
  // (3, 1) = 2 x E + 1 x NE: the longer leg first.
  EXPECT_EQ(links, (std::vector<int>{0, 0, 1}));
  EXPECT_EQ(chips.back(), m.chipId(3, 1));
  ASSERT_TRUE(
      router.dimensionOrderPath(m.chipId(2, 0), m.chipId(0, 3), chips, links));
  EXPECT_EQ(links, (std::vector<int>{2, 2, 2, 3, 3})); // N x3, W x2
}

TEST(Router, TreeReachesEverySinkOnce) {
  machine::Machine m =
      parse(R"({"name": "t", "boards": 3, "torus": [12, 12]})");
  Router router(m);
  std::mt19937 random(7);
  for (int trial = 0; trial < 50; ++trial) {
    int source = int(random() % 144);
    std::map<int, uint32_t> want;
    for (int k = 0; k < 12; ++k)
      want[int(random() % 144)] |= 1u << (6 + 1 + random() % 17);
    std::vector<Sink> sinks;
    for (auto [chip, cores] : want)
      sinks.push_back({chip, cores});
    std::vector<TreeNode> tree;
    std::string error;
    ASSERT_TRUE(router.route(source, sinks, tree, error)) << error;
    EXPECT_EQ(tree.front().chip, source);
    EXPECT_EQ(tree.front().in, -1);
    EXPECT_EQ(deliveries(m, tree), want);
    // No longer than one shortest path per sink.
    size_t bound = 1;
    for (auto [chip, cores] : want)
      bound += m.distance(m.coord(source), m.coord(chip));
    EXPECT_LE(tree.size(), bound);
  }
}

TEST(Router, RoutesAroundDeadLinksAndChips) {
  machine::Machine m = parse(R"({"name": "d", "width": 4, "height": 4,
      "dead_chips": [[1, 1]], "dead_links": [[0, 0, "E"]]})");
  Router router(m);
  std::vector<TreeNode> tree;
  std::string error;
  ASSERT_TRUE(
      router.route(m.chipId(0, 0), {{m.chipId(2, 2), 1u << 7}}, tree, error))
      << error;
  EXPECT_EQ(deliveries(m, tree),
            (std::map<int, uint32_t>{{m.chipId(2, 2), 1u << 7}}));
  for (const TreeNode &node : tree)
    EXPECT_NE(node.chip, m.chipId(1, 1));
  // (0, 0) -> (1, 0) is dead, so the tree does not use E at the source.
  EXPECT_EQ(tree.front().route & 1u, 0u);
}

TEST(Router, UnreachableSinkIsAnError) {
  machine::Machine m = parse(R"({"name": "u", "width": 2, "height": 2,
      "dead_links": [[1, 1, "W"], [1, 1, "SW"], [1, 1, "S"]]})");
  Router router(m);
  std::vector<TreeNode> tree;
  std::string error;
  EXPECT_FALSE(
      router.route(m.chipId(0, 0), {{m.chipId(1, 1), 1u << 7}}, tree, error));
  EXPECT_EQ(error, "chip (1, 1) cannot be reached from chip (0, 0): no path "
                   "over working links");
}

} // namespace
