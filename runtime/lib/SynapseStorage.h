//===- SynapseStorage.h - weights, input buffers and synapse rows -*- C++ -*-=//
//
// Private to the simulator: the per-thread CSR rows of a projection and the
// input ring buffers.
//
//===----------------------------------------------------------------------===//

#ifndef GLIA_RUNTIME_LIB_SYNAPSESTORAGE_H
#define GLIA_RUNTIME_LIB_SYNAPSESTORAGE_H

#include "HugePages.h"
#include "glia/Runtime/Weights.h"

#include <cmath>
#include <cstdint>
#include <vector>

namespace glia::runtime {

/// The synapses of one projection, or of a population's fused projections,
/// onto one thread's neurons, as CSR rows by presynaptic neuron (fused: a
/// segment per member in each row, see RowGroup in Simulator.cpp). `post`
/// holds population-local indices; `weight` and `delay` are empty when every
/// weight or delay is the projection's one constant (fused: weights are kept
/// for every member if one member has weights of its own).
template <typename Weight> struct SynapseRows {
  HugePageVector<uint32_t> rowStart; // rows × members + 1
  HugePageVector<uint32_t> post;
  HugePageVector<Weight> weight;
  HugePageVector<uint16_t> delay;
  // Plastic projections only: the synapses onto each of the thread's
  // neurons (indexed from the thread's first neuron), for potentiation.
  std::vector<uint32_t> columnStart;
  std::vector<uint32_t> columnSynapse;
  std::vector<uint32_t> columnPre;
};

/// Input ring buffers of one population: slot × receptor × neuron.
template <typename Buffer> struct InputRing {
  uint32_t size = 0;
  uint32_t mask = 0; // slots - 1 (slots is a power of two)
  std::vector<Buffer> data;

  void allocate(uint32_t neurons, uint32_t maxDelay) {
    uint32_t slots = ringSlots(maxDelay);
    size = neurons;
    mask = slots - 1;
    data.assign(size_t(slots) * 2 * neurons, Buffer{});
  }
  Buffer *slot(int64_t step, unsigned receptor) {
    return data.data() + (size_t(step & mask) * 2 + receptor) * size;
  }
};

} // namespace glia::runtime

#endif // GLIA_RUNTIME_LIB_SYNAPSESTORAGE_H
