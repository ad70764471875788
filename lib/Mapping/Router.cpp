//===- Router.cpp - multicast trees on the hexagonal mesh -----------------===//

#include "glia/Mapping/Router.h"

#include <algorithm>
#include <cstdlib>
#include <deque>

namespace glia::mapping {

using machine::ChipCoord;
using machine::kNumLinks;

Router::Router(const machine::Machine &machine)
    : machine(machine), treeStamp(machine.numChipSlots(), 0),
      treeIndex(machine.numChipSlots(), -1),
      searchStamp(machine.numChipSlots(), 0),
      searchParent(machine.numChipSlots(), -1) {}

/// The link that moves by (sx, sy) with sx, sy in {-1, 0, 1}.
static int linkFor(int sx, int sy) {
  static const int table[3][3] = {// [sx + 1][sy + 1]
                                  {4, 3, -1},
                                  {5, -1, 2},
                                  {-1, 0, 1}};
  return table[sx + 1][sy + 1];
}

bool Router::dimensionOrderPath(int from, int to, std::vector<int> &chips,
                                std::vector<int> &links) const {
  chips.clear();
  links.clear();
  auto [dx, dy] =
      machine.shortestOffset(machine.coord(from), machine.coord(to));
  // Split the offset into a diagonal (NE/SW) part and a straight part; walk
  // the longer one first.
  int diagonal = 0;
  if ((dx > 0 && dy > 0) || (dx < 0 && dy < 0))
    diagonal = (dx > 0 ? 1 : -1) * std::min(std::abs(dx), std::abs(dy));
  int restX = dx - diagonal, restY = dy - diagonal;
  struct Leg {
    int link, steps;
  };
  Leg legs[3] = {{linkFor(diagonal > 0 ? 1 : -1, diagonal > 0 ? 1 : -1),
                  std::abs(diagonal)},
                 {linkFor(restX > 0 ? 1 : -1, 0), std::abs(restX)},
                 {linkFor(0, restY > 0 ? 1 : -1), std::abs(restY)}};
  std::stable_sort(
      std::begin(legs), std::end(legs),
      [](const Leg &a, const Leg &b) { return a.steps > b.steps; });
  int at = from;
  for (const Leg &leg : legs)
    for (int i = 0; i < leg.steps; ++i) {
      auto next = machine.neighbour(at, leg.link);
      if (!next)
        return false;
      chips.push_back(*next);
      links.push_back(leg.link);
      at = *next;
    }
  return at == to;
}

int Router::nearestTreeNode(int chip, const std::vector<TreeNode> &tree) const {
  ChipCoord target = machine.coord(chip);
  int best = 0, bestDistance = -1;
  for (size_t i = 0; i < tree.size(); ++i) {
    int d = machine.distance(machine.coord(tree[i].chip), target);
    if (bestDistance < 0 || d < bestDistance) {
      best = int(i);
      bestDistance = d;
    }
  }
  return best;
}

bool Router::searchPath(int to, std::vector<int> &chips,
                        std::vector<int> &links) {
  // Breadth-first from the sink until it meets the tree: the shortest
  // working path to the nearest tree chip.
  ++searchGeneration;
  std::deque<int> queue{to};
  searchStamp[to] = searchGeneration;
  searchParent[to] = -1;
  int met = -1;
  while (!queue.empty() && met < 0) {
    int chip = queue.front();
    queue.pop_front();
    for (int l = 0; l < kNumLinks && met < 0; ++l) {
      auto next = machine.neighbour(chip, l);
      if (!next || searchStamp[*next] == searchGeneration)
        continue;
      searchStamp[*next] = searchGeneration;
      searchParent[*next] = chip;
      if (inTree(*next))
        met = *next;
      else
        queue.push_back(*next);
    }
  }
  if (met < 0)
    return false;
  chips.clear();
  links.clear();
  for (int at = met; searchParent[at] >= 0; at = searchParent[at]) {
    int next = searchParent[at];
    chips.push_back(next);
    for (int l = 0; l < kNumLinks; ++l)
      if (machine.neighbour(at, l) == next) {
        links.push_back(l);
        break;
      }
  }
  // The path now runs from the tree chip `met` to the sink.
  chips.insert(chips.begin(), met);
  return true;
}

void Router::attach(std::vector<TreeNode> &tree, int from,
                    const std::vector<int> &chips,
                    const std::vector<int> &links) {
  // A path may cross the tree; join at the last tree chip on it so that no
  // chip gets a second parent.
  size_t start = 0;
  for (size_t i = 0; i < chips.size(); ++i)
    if (inTree(chips[i])) {
      from = chips[i];
      start = i + 1;
    }
  for (size_t i = start; i < chips.size(); ++i) {
    tree[treeIndex[from]].route |= 1u << links[i];
    treeStamp[chips[i]] = generation;
    treeIndex[chips[i]] = int(tree.size());
    tree.push_back({chips[i], (links[i] + 3) % kNumLinks, 0});
    from = chips[i];
  }
}

bool Router::route(int source, const std::vector<Sink> &sinks,
                   std::vector<TreeNode> &tree, std::string &error) {
  ++generation;
  tree.assign(1, {source, -1, 0});
  treeStamp[source] = generation;
  treeIndex[source] = 0;
  std::vector<std::pair<int, int>> order; // (distance, sink index)
  ChipCoord origin = machine.coord(source);
  for (size_t i = 0; i < sinks.size(); ++i)
    order.push_back(
        {machine.distance(origin, machine.coord(sinks[i].chip)), int(i)});
  std::sort(order.begin(), order.end());
  std::vector<int> chips, links;
  for (auto [distance, index] : order) {
    int sink = sinks[index].chip;
    if (!inTree(sink)) {
      int from = tree[nearestTreeNode(sink, tree)].chip;
      if (dimensionOrderPath(from, sink, chips, links)) {
        attach(tree, from, chips, links);
      } else if (searchPath(sink, chips, links)) {
        int met = chips.front();
        chips.erase(chips.begin());
        attach(tree, met, chips, links);
      } else {
        ChipCoord s = machine.coord(sink);
        error = "chip (" + std::to_string(s.x) + ", " + std::to_string(s.y) +
                ") cannot be reached from chip (" + std::to_string(origin.x) +
                ", " + std::to_string(origin.y) +
                "): no path over working links";
        return false;
      }
    }
    tree[treeIndex[sink]].route |= sinks[index].cores;
  }
  return true;
}

} // namespace glia::mapping
