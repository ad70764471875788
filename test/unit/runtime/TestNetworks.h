//===- TestNetworks.h - plans built in C++ for the runtime tests -*- C++ -*-=//

#ifndef GLIA_TEST_UNIT_RUNTIME_TESTNETWORKS_H
#define GLIA_TEST_UNIT_RUNTIME_TESTNETWORKS_H

#include "glia/Runtime/Plan.h"

#include <map>
#include <string>

namespace glia::runtime::testing {

/// A population with the catalogue's defaults, except `params` and
/// `initial`.
PopulationPlan makePopulation(const std::string &name, models::CellKind kind,
                              uint32_t size,
                              const std::map<std::string, double> &params = {},
                              const std::map<std::string, Value> &initial = {});

/// A SpikeSourceArray whose neuron k fires at `trains[k]` (steps).
PopulationPlan makeSpikeArray(const std::string &name,
                              const std::vector<std::vector<int64_t>> &trains);

Slice whole(const Plan &plan, uint32_t population);

ProjectionPlan makeProjection(const std::string &name, Slice pre, Slice post,
                              Connector connector, Value weight,
                              double delaySteps, Receptor receptor,
                              uint64_t seed = 1);

Connector connectorOf(ConnectorKind kind, double probability = 0,
                      uint64_t number = 0, bool allowSelf = true,
                      bool withReplacement = false);

/// A plastic synapse (`rule`, initial weight 0.5, `plasticDelay` steps)
/// from a spike source firing at `preSteps` onto one IF_curr_exp neuron
/// that a 2000 nA kick at
/// `kickStep` makes fire in the next step. The plastic projection is
/// inhibitory so that in fixed point it gets its own weight shift instead
/// of sharing the kick's (one shift per synapse type: the kick would leave
/// it 1/32 nA resolution).
Plan stdpPairingPlan(double timestep, const std::vector<int64_t> &preSteps,
                     int64_t kickStep, double tauRefrac, const Stdp &rule,
                     uint32_t plasticDelay = 1);

/// A recurrent excitatory/inhibitory network with Poisson input, random
/// initial voltages, distributed weights and delays and (optionally) an
/// STDP projection: it exercises every code path the thread split touches.
Plan randomNetwork(bool withStdp);

} // namespace glia::runtime::testing

#endif // GLIA_TEST_UNIT_RUNTIME_TESTNETWORKS_H
