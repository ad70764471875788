//===- Connectivity.cpp - the one home of synapse generation --------------===//

#include "glia/Runtime/Connectivity.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>
#include <numeric>
#include <unordered_set>

namespace glia::runtime {

bool generatedByColumn(const ProjectionPlan &projection) {
  return projection.connector.kind == ConnectorKind::FixedNumberPre;
}

ConnectivityGenerator::ConnectivityGenerator(const ProjectionPlan &projection,
                                             uint32_t projectionIndex)
    : projection(projection), index(projectionIndex),
      columns(generatedByColumn(projection)),
      sameSide(projection.pre.population == projection.post.population),
      offset(int64_t(projection.post.start) - int64_t(projection.pre.start)) {
  if (projection.weight.isConstant())
    constantWeight = projection.weight.constant;
  if (projection.delay.isConstant())
    constantDelay = delayInSteps(projection.delay.constant);
  double p = projection.connector.probability;
  if (projection.connector.kind == ConnectorKind::FixedProbability && p > 0 &&
      p < 1)
    perLogMiss = 1.0 / std::log1p(-p);
  if (projection.connector.kind != ConnectorKind::FromList)
    return;
  // Group the list by presynaptic row, keeping list order within a row.
  const std::vector<uint32_t> &pre = projection.connector.listPre;
  listRowStart.assign(projection.pre.size + 1, 0);
  for (uint32_t row : pre)
    ++listRowStart[row + 1];
  std::partial_sum(listRowStart.begin(), listRowStart.end(),
                   listRowStart.begin());
  listOrder.resize(pre.size());
  std::vector<uint64_t> next(listRowStart.begin(), listRowStart.end() - 1);
  for (uint32_t entry = 0; entry < pre.size(); ++entry)
    listOrder[next[pre[entry]]++] = entry;
}

ConnectivityGenerator::~ConnectivityGenerator() = default;

uint32_t ConnectivityGenerator::lineCount() const {
  return columns ? projection.post.size : projection.pre.size;
}

double ConnectivityGenerator::expectedSynapses(uint32_t lines) const {
  const Connector &connector = projection.connector;
  double partners = columns ? projection.pre.size : projection.post.size;
  switch (connector.kind) {
  case ConnectorKind::AllToAll:
    return lines * partners;
  case ConnectorKind::OneToOne:
    return lines;
  case ConnectorKind::FixedProbability:
    return lines * partners * std::min(1.0, connector.probability);
  case ConnectorKind::FixedNumberPre:
  case ConnectorKind::FixedNumberPost:
    return double(lines) * double(connector.number);
  case ConnectorKind::FromList:
    return double(connector.listPre.size()) * lines /
           std::max(1u, lineCount());
  }
  return 0;
}

bool ConnectivityGenerator::isSelf(uint32_t pre, uint32_t post) const {
  return sameSide && int64_t(pre) == int64_t(post) + offset;
}

RandomStream ConnectivityGenerator::stream(StreamKind kind,
                                           uint32_t line) const {
  return RandomStream(projection.seed, kind, index, line);
}

void ConnectivityGenerator::emit(uint32_t pre, uint32_t post,
                                 RandomStream &weights, RandomStream &delays,
                                 std::vector<SynapseDraw> &out) const {
  double weight =
      constantWeight ? *constantWeight : sample(projection.weight, weights, 0);
  uint32_t delay = constantDelay
                       ? *constantDelay
                       : delayInSteps(sample(projection.delay, delays, 0));
  // Field by field into the vector: a temporary copied in would be written
  // in pieces and read back whole, which stalls store forwarding (a third
  // of the generator's time for CUBA's rows).
  SynapseDraw &draw = out.emplace_back();
  draw.pre = pre;
  draw.post = post;
  draw.weight = weight;
  draw.delay = delay;
}

/// The connectivity of a line alone: `connect(partner)` for each synapse in
/// generation order. Weights and delays are drawn from streams of their
/// own, so whether and when they are drawn does not change the partners.
template <typename Connect>
void ConnectivityGenerator::forEachPartner(uint32_t line,
                                           Connect &&connect) const {
  switch (projection.connector.kind) {
  case ConnectorKind::AllToAll:
    return allToAllPartners(line, connect);
  case ConnectorKind::OneToOne:
    return connect(line);
  case ConnectorKind::FixedProbability:
    return fixedProbabilityPartners(line, connect);
  case ConnectorKind::FixedNumberPre:
  case ConnectorKind::FixedNumberPost:
    return fixedNumberPartners(line, connect);
  case ConnectorKind::FromList: // has values of its own: generateFromList
    return;
  }
}

template <typename Connect>
void ConnectivityGenerator::allToAllPartners(uint32_t row,
                                             Connect &connect) const {
  bool allowSelf = projection.connector.allowSelf;
  bool skipDiagonal = projection.connector.skipDiagonal;
  for (uint32_t post = 0; post < projection.post.size; ++post)
    if ((allowSelf || !isSelf(row, post)) && !(skipDiagonal && post == row))
      connect(post);
}

namespace {
/// The gaps between connected candidates of a fixed_probability row,
/// gap = floor(log(u) / log(1 - p)), drawn a batch at a time: the Philox
/// blocks and the logarithms of a batch are independent of each other, so
/// they vectorise, where draw by draw they cost a call each. A batch
/// covers the row's expected synapses with some margin, so that most rows
/// take one batch and short rows do not compute many gaps they never use.
/// Draws beyond the row's last gap are dropped (nothing else reads the
/// row's connectivity stream).
class GeometricGaps {
public:
  GeometricGaps(RandomStream &stream, double perLogMiss,
                double expectedSynapses)
      : stream(stream), perLogMiss(perLogMiss) {
    double wanted = expectedSynapses * 1.25 + 4; // + the gap past the end
    batch = std::clamp(uint32_t(wanted / kStep + 1) * kStep, kStep, kMax);
    used = batch; // the first next() draws the first batch
  }
  double next() {
    if (used == batch)
      refill();
    return gaps[used++];
  }

private:
  static constexpr uint32_t kStep = 32, kMax = 128; // draws; 4 per block
  void refill() {
    uint32_t draws[kMax];
    stream.nextBlocks(draws, batch / 4);
    for (uint32_t i = 0; i < batch; ++i)
      gaps[i] = std::floor(logOfDraw(draws[i]) * perLogMiss);
    used = 0;
  }

  RandomStream &stream;
  double perLogMiss;
  uint32_t batch;
  uint32_t used;
  double gaps[kMax];
};
} // namespace

/// Geometric skipping: the gap to the next connected candidate is drawn
/// directly, so a row costs O(synapses), not O(candidates).
template <typename Connect>
void ConnectivityGenerator::fixedProbabilityPartners(uint32_t row,
                                                     Connect &connect) const {
  double p = projection.connector.probability;
  if (p <= 0)
    return;
  bool allowSelf = projection.connector.allowSelf;
  uint64_t size = projection.post.size;
  auto candidate = [&](uint64_t post) {
    if (allowSelf || !isSelf(row, uint32_t(post)))
      connect(uint32_t(post));
  };
  if (p >= 1) {
    for (uint64_t post = 0; post < size; ++post)
      candidate(post);
    return;
  }
  RandomStream connections = stream(StreamKind::Connectivity, row);
  GeometricGaps gaps(connections, perLogMiss, double(size) * p);
  for (uint64_t post = 0;; ++post) {
    double gap = gaps.next();
    if (gap >= double(size - post))
      return;
    post += uint64_t(gap);
    candidate(post);
  }
}

namespace {
/// Picks `n` distinct values of [0, m) in ascending order: selection
/// sampling (Knuth's algorithm S) when n is a large part of m, else Floyd's
/// algorithm, which costs O(n) draws.
std::vector<uint64_t> sampleDistinct(uint64_t n, uint64_t m,
                                     RandomStream &random) {
  std::vector<uint64_t> chosen;
  chosen.reserve(n);
  if (n * 4 >= m) {
    for (uint64_t candidate = 0; candidate < m && chosen.size() < n;
         ++candidate)
      if (double(m - candidate) * random.uniform() < double(n - chosen.size()))
        chosen.push_back(candidate);
    return chosen;
  }
  std::unordered_set<uint64_t> taken;
  taken.reserve(n * 2);
  for (uint64_t j = m - n; j < m; ++j) {
    uint64_t t = random.below(j + 1);
    uint64_t pick = taken.count(t) ? j : t;
    taken.insert(pick);
    chosen.push_back(pick);
  }
  std::sort(chosen.begin(), chosen.end());
  return chosen;
}
} // namespace

/// fixed_number_post: row `line` picks n postsynaptic partners;
/// fixed_number_pre: column `line` picks n presynaptic partners. Without
/// self-connections the line's own neuron is removed from the candidates
/// (candidate k at or after it stands for k + 1).
template <typename Connect>
void ConnectivityGenerator::fixedNumberPartners(uint32_t line,
                                                Connect &connect) const {
  const Connector &connector = projection.connector;
  uint64_t candidates = columns ? projection.pre.size : projection.post.size;
  // The line's own neuron as a candidate index, if it is one.
  int64_t self = columns ? int64_t(line) + offset : int64_t(line) - offset;
  bool excludeSelf = sameSide && !connector.allowSelf && self >= 0 &&
                     self < int64_t(candidates);
  uint64_t available = candidates - (excludeSelf ? 1 : 0);
  if (available == 0 || connector.number == 0)
    return;
  RandomStream connections = stream(StreamKind::Connectivity, line);
  std::vector<uint64_t> picks;
  if (connector.withReplacement) {
    picks.resize(connector.number);
    for (uint64_t &pick : picks)
      pick = connections.below(available);
    std::sort(picks.begin(), picks.end());
  } else {
    picks = sampleDistinct(std::min(connector.number, available), available,
                           connections);
  }
  for (uint64_t pick : picks)
    connect(uint32_t(excludeSelf && int64_t(pick) >= self ? pick + 1 : pick));
}

void ConnectivityGenerator::generate(uint32_t line,
                                     std::vector<SynapseDraw> &out) const {
  if (projection.connector.kind == ConnectorKind::FromList)
    return generateFromList(line, out);
  RandomStream weights = stream(StreamKind::Weight, line);
  RandomStream delays = stream(StreamKind::Delay, line);
  forEachPartner(line, [&](uint32_t partner) {
    if (columns)
      emit(partner, line, weights, delays, out);
    else
      emit(line, partner, weights, delays, out);
  });
}

bool ConnectivityGenerator::partnersSuffice() const {
  return constantWeight && constantDelay && !columns &&
         projection.connector.kind != ConnectorKind::FromList;
}

void ConnectivityGenerator::generatePartners(uint32_t row,
                                             std::vector<uint32_t> &out) const {
  assert(partnersSuffice() && "weights or delays would be lost");
  forEachPartner(row, [&](uint32_t partner) { out.push_back(partner); });
}

void ConnectivityGenerator::generateFromList(
    uint32_t row, std::vector<SynapseDraw> &out) const {
  const Connector &connector = projection.connector;
  RandomStream weights = stream(StreamKind::Weight, row);
  RandomStream delays = stream(StreamKind::Delay, row);
  for (uint64_t k = listRowStart[row]; k < listRowStart[row + 1]; ++k) {
    uint32_t entry = listOrder[k];
    double weight = connector.listWeights.empty()
                        ? sample(projection.weight, weights, 0)
                        : connector.listWeights[entry];
    uint32_t delay = delayInSteps(connector.listDelays.empty()
                                      ? sample(projection.delay, delays, 0)
                                      : connector.listDelays[entry]);
    out.push_back({row, connector.listPost[entry], weight, delay});
  }
}

} // namespace glia::runtime
