//===- PlanDerived.cpp - quantities both executors derive from a plan -----===//

#include "glia/Runtime/PlanDerived.h"
#include "glia/Runtime/Random.h"
#include "glia/Runtime/Weights.h"

#include <algorithm>
#include <cmath>

namespace glia::runtime {

double maxWeightMagnitude(const ProjectionPlan &projection) {
  double bound = 0;
  const Value &w = projection.weight;
  switch (w.kind) {
  case ValueKind::Constant:
    bound = std::abs(w.constant);
    break;
  case ValueKind::Uniform:
  case ValueKind::NormalClipped:
    bound = std::max(std::abs(w.low), std::abs(w.high));
    break;
  case ValueKind::Normal: // beyond 6 sigma (p ~ 1e-9): saturates, counted
    bound = std::abs(w.mu) + 6 * w.sigma;
    break;
  case ValueKind::Array:
    break;
  }
  if (!projection.connector.listWeights.empty()) {
    bound = 0;
    for (double entry : projection.connector.listWeights)
      bound = std::max(bound, std::abs(entry));
  }
  if (projection.stdp)
    bound = std::max(bound, projection.stdp->wMax);
  return bound;
}

std::vector<std::array<int, 2>> weightShifts(const Plan &plan) {
  std::vector<std::array<double, 2>> largest(plan.populations.size(),
                                             {0.0, 0.0});
  for (const ProjectionPlan &projection : plan.projections) {
    double &slot =
        largest[projection.post.population][unsigned(projection.receptor)];
    slot = std::max(slot, maxWeightMagnitude(projection));
  }
  std::vector<std::array<int, 2>> shifts(plan.populations.size());
  for (size_t p = 0; p < shifts.size(); ++p)
    for (unsigned r = 0; r < 2; ++r)
      shifts[p][r] = weightFractionalBits(largest[p][r]);
  return shifts;
}

std::vector<double> neuronParameters(const Plan &plan, uint32_t p,
                                     uint32_t neuron) {
  const PopulationPlan &population = plan.populations[p];
  std::vector<double> values(population.parameters.size());
  for (uint32_t k = 0; k < values.size(); ++k) {
    RandomStream stream(plan.seed, withIndex(StreamKind::Parameter, k), p,
                        neuron);
    values[k] = sample(population.parameters[k], stream, neuron);
  }
  return values;
}

} // namespace glia::runtime
