//===- Router.h - multicast trees on the hexagonal mesh ---------*- C++ -*-===//
//
// NER (Navaridas et al., as in Rig): sinks nearest the source first; each
// joins the tree at the tree chip nearest to it by a longest-dimension-first
// path; if that path meets a dead chip or link, a breadth-first search over
// working links finds the shortest way to the tree instead.
//
//===----------------------------------------------------------------------===//

#ifndef GLIA_MAPPING_ROUTER_H
#define GLIA_MAPPING_ROUTER_H

#include "glia/Machine/Machine.h"

#include <cstdint>
#include <string>
#include <vector>

namespace glia::mapping {

/// One chip of a tree: packets arrive on link `in` (-1: from a local core)
/// and leave by the route word (bits 0-5 links, bit 6 + p core p).
struct TreeNode {
  int chip;
  int in;
  uint32_t route;
};

/// A sink: a chip and the cores on it to deliver to (route-word bits).
struct Sink {
  int chip;
  uint32_t cores;
};

/// Reusable per-chip scratch space, so building 20,000 trees allocates
/// nothing per tree.
class Router {
public:
  explicit Router(const machine::Machine &machine);

  /// The tree from `source` to `sinks` (one entry per chip), source first
  /// and every node after its parent. False with `error` if a sink cannot be
  /// reached over working links.
  bool route(int source, const std::vector<Sink> &sinks,
             std::vector<TreeNode> &tree, std::string &error);

  /// Longest-dimension-first chips from `from` to `to` (excluding `from`)
  /// with the links taken; empty if a hop is dead.
  bool dimensionOrderPath(int from, int to, std::vector<int> &chips,
                          std::vector<int> &links) const;

private:
  bool searchPath(int to, std::vector<int> &chips, std::vector<int> &links);
  int nearestTreeNode(int chip, const std::vector<TreeNode> &tree) const;
  void attach(std::vector<TreeNode> &tree, int from,
              const std::vector<int> &chips, const std::vector<int> &links);
  bool inTree(int chip) const { return treeStamp[chip] == generation; }

  const machine::Machine &machine;
  // treeIndex[chip] is valid when treeStamp[chip] == generation.
  std::vector<uint32_t> treeStamp;
  std::vector<int> treeIndex;
  std::vector<uint32_t> searchStamp;
  std::vector<int> searchParent;
  uint32_t generation = 0;
  uint32_t searchGeneration = 0;
};

} // namespace glia::mapping

#endif // GLIA_MAPPING_ROUTER_H
