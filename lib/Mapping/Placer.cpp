//===- Placer.cpp - slices to cores ---------------------------------------===//
//
// Placement in three steps, all near-linear so that 20,000-core networks
// place in a fraction of a second:
//  1. order populations so that each follows the one it talks to most
//     (greedy max-adjacency), keeping each population's slices together;
//  2. lay that sequence along a Hilbert curve of live chips, which keeps
//     consecutive chips - and so consecutive populations - close in 2-D;
//     a chip takes slices until its usable cores or its SDRAM run out;
//  3. local improvement: move or swap slices to neighbouring chips while
//     traffic x distance drops, without spreading a population further.
//
//===----------------------------------------------------------------------===//

#include "glia/Mapping/Placer.h"

#include <algorithm>
#include <map>
#include <numeric>
#include <queue>

namespace glia::mapping {

using machine::Machine;

/// Hilbert index d -> (x, y) on an n x n grid (n a power of two).
static void hilbertPoint(int64_t n, int64_t d, int &x, int &y) {
  int64_t rx, ry, t = d;
  x = y = 0;
  for (int64_t s = 1; s < n; s *= 2) {
    rx = 1 & (t / 2);
    ry = 1 & (t ^ rx);
    if (ry == 0) {
      if (rx == 1) {
        x = int(s - 1 - x);
        y = int(s - 1 - y);
      }
      std::swap(x, y);
    }
    x += int(s * rx);
    y += int(s * ry);
    t /= 4;
  }
}

std::vector<int> hilbertChipOrder(const Machine &machine) {
  int64_t n = 1;
  while (n < machine.width || n < machine.height)
    n *= 2;
  std::vector<int> order;
  order.reserve(machine.numChips());
  for (int64_t d = 0; d < n * n; ++d) {
    int x, y;
    hilbertPoint(n, d, x, y);
    if (machine.hasChip(x, y))
      order.push_back(machine.chipId(x, y));
  }
  return order;
}

std::vector<int> communicationOrder(const PlacementProblem &problem) {
  int n = problem.numPopulations;
  std::vector<std::vector<std::pair<int, double>>> adjacent(n);
  std::vector<double> total(n, 0.0);
  for (const auto &edge : problem.edges) {
    if (edge.a == edge.b)
      continue;
    adjacent[edge.a].push_back({edge.b, edge.weight});
    adjacent[edge.b].push_back({edge.a, edge.weight});
    total[edge.a] += edge.weight;
    total[edge.b] += edge.weight;
  }
  // Seeds for new components: the most connected population first.
  std::vector<int> seeds(n);
  std::iota(seeds.begin(), seeds.end(), 0);
  std::stable_sort(seeds.begin(), seeds.end(),
                   [&](int a, int b) { return total[a] > total[b]; });
  std::vector<double> link(n, 0.0);
  std::vector<char> done(n, 0);
  std::priority_queue<std::pair<double, int>> heap; // (weight, -index)
  std::vector<int> order;
  order.reserve(n);
  size_t nextSeed = 0;
  while (order.size() < size_t(n)) {
    if (heap.empty()) {
      while (done[seeds[nextSeed]])
        ++nextSeed;
      heap.push({0.0, -seeds[nextSeed]});
    }
    auto [weight, negIndex] = heap.top();
    heap.pop();
    int pop = -negIndex;
    if (done[pop] || weight < link[pop])
      continue; // stale heap entry
    done[pop] = 1;
    order.push_back(pop);
    for (auto [other, w] : adjacent[pop]) {
      if (done[other])
        continue;
      link[other] += w;
      heap.push({link[other], -other});
    }
  }
  return order;
}

namespace {
/// Walks the chips in curve order handing out cores.
class CoreCursor {
public:
  CoreCursor(const Machine &machine, std::vector<int> chips)
      : machine(machine), chips(std::move(chips)) {
    enterChip();
  }

  /// The next core that has `sdram` bytes left on its chip, or false.
  bool take(int64_t sdram, CorePlacement &where) {
    while (position < chips.size()) {
      if (next < cores.size() && sdramUsed + sdram <= chipSdram()) {
        where = {chips[position], cores[next++]};
        sdramUsed += sdram;
        return true;
      }
      ++position;
      enterChip();
    }
    return false;
  }

private:
  int64_t chipSdram() const { return int64_t(machine.sdramBytesPerChip); }
  void enterChip() {
    next = 0;
    sdramUsed = 0;
    cores = position < chips.size() ? machine.usableCores(chips[position])
                                    : std::vector<int>();
  }

  const Machine &machine;
  std::vector<int> chips;
  size_t position = 0;
  std::vector<int> cores;
  size_t next = 0;
  int64_t sdramUsed = 0;
};

/// Sum over edges of weight x mean hop distance between the two
/// populations' slices, from per-population chip histograms.
double placementCost(const Machine &machine, const PlacementProblem &problem,
                     const std::vector<CorePlacement> &placed) {
  std::vector<std::map<int, int>> chipsOf(problem.numPopulations);
  std::vector<int> count(problem.numPopulations, 0);
  for (size_t s = 0; s < placed.size(); ++s) {
    ++chipsOf[problem.slicePopulation[s]][placed[s].chip];
    ++count[problem.slicePopulation[s]];
  }
  double cost = 0;
  for (const auto &edge : problem.edges) {
    double hops = 0;
    for (auto [a, na] : chipsOf[edge.a])
      for (auto [b, nb] : chipsOf[edge.b])
        hops += double(na) * nb *
                machine.distance(machine.coord(a), machine.coord(b));
    if (count[edge.a] && count[edge.b])
      cost += edge.weight * hops / (double(count[edge.a]) * count[edge.b]);
  }
  return cost;
}
} // namespace

bool placeSlices(const Machine &machine, const PlacementProblem &problem,
                 PlacementResult &result, std::string &error) {
  int64_t slices = int64_t(problem.slicePopulation.size());
  int64_t usable = machine.totalUsableCores();
  if (slices > usable) {
    error = "needs " + withThousands(slices) + " cores, the machine has " +
            withThousands(usable) + " usable";
    return false;
  }
  // The slices of each population, which are consecutive.
  std::vector<int64_t> first(problem.numPopulations + 1, slices);
  for (int64_t s = slices - 1; s >= 0; --s)
    first[problem.slicePopulation[s]] = s;
  std::vector<int64_t> last(problem.numPopulations, 0);
  for (int64_t s = 0; s < slices; ++s)
    last[problem.slicePopulation[s]] = s + 1;

  result.slices.assign(slices, {});
  CoreCursor cursor(machine, hilbertChipOrder(machine));
  int64_t placed = 0;
  for (int pop : communicationOrder(problem)) {
    for (int64_t s = first[pop]; s < last[pop]; ++s) {
      if (problem.sliceSdram[s] > int64_t(machine.sdramBytesPerChip)) {
        error = "a slice needs " + withThousands(problem.sliceSdram[s]) +
                " bytes of SDRAM, a chip has " +
                withThousands(int64_t(machine.sdramBytesPerChip));
        return false;
      }
      if (!cursor.take(problem.sliceSdram[s], result.slices[s])) {
        error = "ran out of chip SDRAM after placing " + withThousands(placed) +
                " of " + withThousands(slices) + " slices (" +
                withThousands(usable) +
                " usable cores, SDRAM limits how many share a chip)";
        return false;
      }
      ++placed;
    }
  }
  result.initialCost = placementCost(machine, problem, result.slices);
  improvePlacement(machine, problem, result);
  result.cost = placementCost(machine, problem, result.slices);
  return true;
}

namespace {
/// The state local improvement works on: where each population's slices
/// are (a chip histogram, small because populations are kept together) and
/// what each chip holds.
class Improver {
public:
  Improver(const Machine &machine, const PlacementProblem &problem,
           PlacementResult &result)
      : machine(machine), problem(problem), placed(result.slices),
        histogram(problem.numPopulations), count(problem.numPopulations, 0),
        adjacent(problem.numPopulations), onChip(machine.numChipSlots()),
        sdramUsed(machine.numChipSlots(), 0) {
    for (size_t s = 0; s < placed.size(); ++s) {
      int pop = problem.slicePopulation[s];
      addTo(pop, placed[s].chip, +1);
      ++count[pop];
      onChip[placed[s].chip].push_back(int(s));
      sdramUsed[placed[s].chip] += problem.sliceSdram[s];
    }
    std::map<std::pair<int, int>, double> weights;
    for (const auto &edge : problem.edges)
      if (edge.a != edge.b)
        weights[{std::min(edge.a, edge.b), std::max(edge.a, edge.b)}] +=
            edge.weight;
    for (auto [pair, w] : weights) {
      adjacent[pair.first].push_back({pair.second, w});
      adjacent[pair.second].push_back({pair.first, w});
    }
  }

  /// One pass over the slices; returns the number of moves made.
  int64_t sweep() {
    int64_t moves = 0;
    for (size_t s = 0; s < placed.size(); ++s)
      moves += tryImprove(int(s));
    return moves;
  }

private:
  /// Traffic x distance of slice s's population's links if s sat on `chip`.
  double costAt(int pop, int chip) const {
    machine::ChipCoord at = machine.coord(chip);
    double cost = 0;
    for (auto [other, w] : adjacent[pop]) {
      double hops = 0;
      for (auto [h, n] : histogram[other])
        hops += n * machine.distance(at, machine.coord(h));
      cost += w / (double(count[pop]) * count[other]) * hops;
    }
    return cost;
  }

  double pairWeight(int a, int b) const {
    for (auto [other, w] : adjacent[a])
      if (other == b)
        return w / (double(count[a]) * count[b]);
    return 0;
  }

  int slicesOn(int pop, int chip) const {
    for (auto [h, n] : histogram[pop])
      if (h == chip)
        return n;
    return 0;
  }

  /// Whether moving a slice of `pop` from chip a to chip b keeps the
  /// population on as few chips: scattering a population's slices would
  /// cost more routing entries (one per slice instead of one per
  /// population) than the shorter paths save.
  bool keepsTogether(int pop, int a, int b) const {
    return slicesOn(pop, b) > 0 || slicesOn(pop, a) == 1;
  }

  void addTo(int pop, int chip, int delta) {
    auto &list = histogram[pop];
    for (auto it = list.begin(); it != list.end(); ++it)
      if (it->first == chip) {
        it->second += delta;
        if (it->second == 0)
          list.erase(it);
        return;
      }
    list.push_back({chip, delta});
  }

  /// The neighbouring chip where slice s would cost least, if cheaper.
  int bestNeighbour(int pop, int chip, double here) const {
    int best = -1;
    double bestCost = here;
    for (int l = 0; l < machine::kNumLinks; ++l) {
      auto next = machine.neighbour(chip, l);
      if (!next || machine.numUsableCores(*next) == 0 ||
          !keepsTogether(pop, chip, *next))
        continue;
      double cost = costAt(pop, *next);
      if (cost < bestCost - 1e-9) {
        best = *next;
        bestCost = cost;
      }
    }
    return best;
  }

  bool tryImprove(int s) {
    int pop = problem.slicePopulation[s];
    int a = placed[s].chip;
    double here = costAt(pop, a);
    int b = bestNeighbour(pop, a, here);
    if (b < 0)
      return false;
    double gain = here - costAt(pop, b);
    int64_t chipSdram = int64_t(machine.sdramBytesPerChip);
    if (int freeCore = freeCoreOn(b);
        freeCore >= 0 && sdramUsed[b] + problem.sliceSdram[s] <= chipSdram) {
      move(s, b, freeCore);
      return true;
    }
    // Swap with the slice on b whose move to a costs least.
    int bestPartner = -1;
    double bestDelta = -1e-9;
    for (int u : onChip[b]) {
      int other = problem.slicePopulation[u];
      if (other == pop || !keepsTogether(other, b, a))
        continue;
      int64_t sdramA =
          sdramUsed[a] - problem.sliceSdram[s] + problem.sliceSdram[u];
      int64_t sdramB =
          sdramUsed[b] - problem.sliceSdram[u] + problem.sliceSdram[s];
      if (sdramA > chipSdram || sdramB > chipSdram)
        continue;
      // Their mutual distance is unchanged by the swap, but the costs
      // above counted each at the other's old chip.
      double delta = -gain + costAt(other, a) - costAt(other, b) +
                     2 * pairWeight(pop, other) *
                         machine.distance(machine.coord(a), machine.coord(b));
      if (delta < bestDelta) {
        bestDelta = delta;
        bestPartner = u;
      }
    }
    if (bestPartner < 0)
      return false;
    CorePlacement mine = placed[s], theirs = placed[bestPartner];
    move(s, theirs.chip, theirs.core);
    move(bestPartner, mine.chip, mine.core);
    return true;
  }

  int freeCoreOn(int chip) const {
    for (int core : machine.usableCores(chip)) {
      bool taken = false;
      for (int u : onChip[chip])
        taken |= placed[u].core == core;
      if (!taken)
        return core;
    }
    return -1;
  }

  void move(int s, int chip, int core) {
    int pop = problem.slicePopulation[s];
    int from = placed[s].chip;
    auto &list = onChip[from];
    list.erase(std::find(list.begin(), list.end(), s));
    sdramUsed[from] -= problem.sliceSdram[s];
    addTo(pop, from, -1);
    placed[s] = {chip, core};
    onChip[chip].push_back(s);
    sdramUsed[chip] += problem.sliceSdram[s];
    addTo(pop, chip, +1);
  }

  const Machine &machine;
  const PlacementProblem &problem;
  std::vector<CorePlacement> &placed;
  std::vector<std::vector<std::pair<int, int>>> histogram; // (chip, slices)
  std::vector<int> count;
  std::vector<std::vector<std::pair<int, double>>> adjacent;
  std::vector<std::vector<int>> onChip;
  std::vector<int64_t> sdramUsed;
};
} // namespace

void improvePlacement(const Machine &machine, const PlacementProblem &problem,
                      PlacementResult &result, int sweeps) {
  Improver improver(machine, problem, result);
  for (int i = 0; i < sweeps; ++i) {
    int64_t moves = improver.sweep();
    result.moves += moves;
    if (moves == 0)
      break;
  }
}

} // namespace glia::mapping
