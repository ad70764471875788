//===- Connectivity.h - the one home of synapse generation ------*- C++ -*-===//
//
// Turns a projection's procedural connector (plus weight and delay values and
// the projection's seed) into synapses, one line at a time. A line is a
// presynaptic row, except for fixed_number_pre, whose rule is stated per
// postsynaptic neuron, so its line is a postsynaptic column.
//
// Every random choice of line k comes from streams keyed by (seed,
// Connectivity|Weight|Delay, projection index, k), so a line is the same
// whether it is generated alone, by one thread among many, by a board-image
// writer for one core, or as part of the whole network (invariant 2). The
// reference simulator, the plan writer's statistics and the board emulator
// all call this generator; nothing else decides which synapses exist.
//
//===----------------------------------------------------------------------===//

#ifndef GLIA_RUNTIME_CONNECTIVITY_H
#define GLIA_RUNTIME_CONNECTIVITY_H

#include "glia/Runtime/Plan.h"
#include "glia/Runtime/Random.h"

#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <vector>

namespace glia::runtime {

/// One generated synapse. Indices are relative to the projection's pre and
/// post slices; the weight is in the synapse's units with PyNN's sign; the
/// delay is in whole steps (>= 1).
struct SynapseDraw {
  uint32_t pre;
  uint32_t post;
  double weight;
  uint32_t delay;
};

class ConnectivityGenerator {
public:
  /// `projectionIndex` is the projection's position in the plan: it keys the
  /// projection's random streams.
  ConnectivityGenerator(const ProjectionPlan &projection,
                        uint32_t projectionIndex);
  /// The generator keeps a reference to the projection, which must outlive
  /// it: a temporary would dangle.
  ConnectivityGenerator(ProjectionPlan &&, uint32_t) = delete;
  ~ConnectivityGenerator();

  /// Whether lines are postsynaptic columns (fixed_number_pre) rather than
  /// presynaptic rows.
  bool byColumn() const { return columns; }
  /// The number of lines: the pre slice's size, or the post slice's.
  uint32_t lineCount() const;
  /// About how many synapses `lines` lines hold (the mean, for reserving
  /// memory; from_list: its average per line).
  double expectedSynapses(uint32_t lines) const;
  /// Appends the synapses of line `line` to `out`, in generation order
  /// (ascending partner index except with replacement, where duplicates are
  /// adjacent).
  void generate(uint32_t line, std::vector<SynapseDraw> &out) const;

  /// Whether a row's partners say everything generate() would: weights and
  /// delays are the projection's constants, lines are rows, and the
  /// connector is procedural (not from_list).
  bool partnersSuffice() const;
  /// Appends the postsynaptic partners of row `row`, in generate()'s order,
  /// without building SynapseDraws: the fast path for the most common
  /// projections. Only when partnersSuffice().
  void generatePartners(uint32_t row, std::vector<uint32_t> &out) const;

private:
  template <typename Connect>
  void forEachPartner(uint32_t line, Connect &&connect) const;
  template <typename Connect>
  void allToAllPartners(uint32_t row, Connect &connect) const;
  template <typename Connect>
  void fixedProbabilityPartners(uint32_t row, Connect &connect) const;
  template <typename Connect>
  void fixedNumberPartners(uint32_t line, Connect &connect) const;
  void generateFromList(uint32_t row, std::vector<SynapseDraw> &out) const;
  /// Whether pre neuron `pre` and post neuron `post` are the same neuron
  /// (only possible when both slices are of one population).
  bool isSelf(uint32_t pre, uint32_t post) const;
  /// Adds a synapse with weight and delay drawn from the line's streams.
  void emit(uint32_t pre, uint32_t post, RandomStream &weights,
            RandomStream &delays, std::vector<SynapseDraw> &out) const;
  RandomStream stream(StreamKind kind, uint32_t line) const;

  const ProjectionPlan &projection;
  uint32_t index;
  bool columns;
  bool sameSide;  // pre and post slices are of one population
  int64_t offset; // post.start - pre.start: post j is pre j + offset
  // Constant weight and delay, resolved once (most projections): emitting a
  // synapse then draws nothing.
  std::optional<double> constantWeight;
  std::optional<uint32_t> constantDelay;
  // fixed_probability: 1 / log(1 - p), so that a gap, log(u) / log(1 - p),
  // costs a product.
  double perLogMiss = 0;
  // from_list entries grouped by presynaptic row (CSR over entry indices).
  std::vector<uint64_t> listRowStart;
  std::vector<uint32_t> listOrder;
};

/// Whether a projection's lines are postsynaptic columns (fixed_number_pre)
/// rather than presynaptic rows.
bool generatedByColumn(const ProjectionPlan &projection);

/// Rounds a sampled delay (in steps) to a whole number of steps >= 1.
/// Inline: the mapping's estimates round delay bounds with it.
inline uint32_t delayInSteps(double sampled) {
  double rounded = std::round(sampled);
  if (!(rounded >= 1))
    return 1;
  if (rounded >= double(std::numeric_limits<uint32_t>::max()))
    return std::numeric_limits<uint32_t>::max();
  return uint32_t(rounded);
}

} // namespace glia::runtime

#endif // GLIA_RUNTIME_CONNECTIVITY_H
