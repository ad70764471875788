//===- Placer.h - slices to cores -------------------------------*- C++ -*-===//
//
// Plain C++ on plain data, so gtests can drive it without IR. The objective
// is to keep heavily communicating slices close (traffic x hex distance),
// fill chips, and respect each chip's SDRAM and faults.
//
//===----------------------------------------------------------------------===//

#ifndef GLIA_MAPPING_PLACER_H
#define GLIA_MAPPING_PLACER_H

#include "glia/Machine/Machine.h"
#include "glia/Mapping/Resources.h"

#include <cstdint>
#include <string>
#include <vector>

namespace glia::mapping {

struct PlacementProblem {
  /// Population of each slice; slices of one population are consecutive.
  std::vector<int> slicePopulation;
  std::vector<int64_t> sliceSdram;
  int numPopulations = 0;
  /// Communication between populations: (a, b, weight), weight > 0.
  struct Edge {
    int a, b;
    double weight;
  };
  std::vector<Edge> edges;
};

struct CorePlacement {
  int chip = -1; // machine chip id
  int core = -1;
};

struct PlacementResult {
  std::vector<CorePlacement> slices;
  /// Sum over edges of weight x mean hop distance between the two
  /// populations' slices, before and after local improvement.
  double initialCost = 0;
  double cost = 0;
  int64_t moves = 0; // improving swaps and moves made
};

/// Places every slice or returns false with `error` naming what ran out
/// ("needs 1,020 cores, the machine has 816 usable").
bool placeSlices(const machine::Machine &machine,
                 const PlacementProblem &problem, PlacementResult &result,
                 std::string &error);

/// Local improvement: moves slices to a neighbouring chip (swapping with a
/// slice there, or into a free core) whenever that lowers traffic x
/// distance, for at most `sweeps` passes over the slices.
void improvePlacement(const machine::Machine &machine,
                      const PlacementProblem &problem, PlacementResult &result,
                      int sweeps = 2);

/// Live chips in Hilbert-curve order over the machine's bounding square:
/// consecutive chips are near each other.
std::vector<int> hilbertChipOrder(const machine::Machine &machine);

/// Populations in greedy max-adjacency order: each next population is the
/// one most connected to those already ordered.
std::vector<int> communicationOrder(const PlacementProblem &problem);

} // namespace glia::mapping

#endif // GLIA_MAPPING_PLACER_H
