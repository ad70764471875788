//===- PlanDerived.h - quantities both executors derive from a plan -*- C++
//-*-===//
//
// The reference simulator and the board-image writer must derive the same
// numbers from a plan — the fixed-point weight shift of each synapse type,
// every neuron's sampled parameters and how IF_curr_exp coefficients are
// made — or the emulator would not reproduce
// `glia run --numerics fixed` spike for spike. They live here, once.
//
//===----------------------------------------------------------------------===//

#ifndef GLIA_RUNTIME_PLANDERIVED_H
#define GLIA_RUNTIME_PLANDERIVED_H

#include "glia/Runtime/Kernels.h"
#include "glia/Runtime/Plan.h"

#include <array>
#include <cstdint>
#include <vector>

namespace glia::runtime {

/// The largest magnitude a projection's weights can have: it sets the
/// fixed-point weight shift of the synapse type it feeds.
double maxWeightMagnitude(const ProjectionPlan &projection);

/// Fractional bits of the 16-bit weights of each (postsynaptic population,
/// receptor), from the largest weight of the projections feeding it.
std::vector<std::array<int, 2>> weightShifts(const Plan &plan);

/// The catalogue parameters of neuron `neuron` of population `p`, sampled
/// from the stream (network seed, Parameter + index, population, neuron).
std::vector<double> neuronParameters(const Plan &plan, uint32_t p,
                                     uint32_t neuron);

/// How the plan's integration makes IF_curr_exp coefficients from a
/// neuron's parameters: exact propagators or sPyNNaker's held current.
template <typename T> auto ifCurrExpCoefficientMaker(const Plan &plan) {
  return plan.integration == Integration::Spinnaker
             ? &kernels::IfCurrExpCoefficients<T>::makeHeldCurrent
             : &kernels::IfCurrExpCoefficients<T>::make;
}

} // namespace glia::runtime

#endif // GLIA_RUNTIME_PLANDERIVED_H
