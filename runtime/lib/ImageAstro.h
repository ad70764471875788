//===- ImageAstro.h - astrocytes in core blobs ------------------*- C++ -*-===//
//
// Private to the image writer: the regions that carry astrocytes
// (docs/image.md, docs/astrocytes.md "On the board"). An astrocyte core
// holds its population's parameters and state, the spikes it listens to
// (a master population table of source cores and their listen refs) and
// what it records; a neuron core coupled to astrocytes holds the payload
// keys it takes and the couplings (modulations, injections) it applies.
// Gains, shifts and weights are quantised exactly as the reference's
// AstroSystem<Accum> does, through the helpers of AstroCoupling.h.
//
//===----------------------------------------------------------------------===//

#ifndef GLIA_RUNTIME_LIB_IMAGEASTRO_H
#define GLIA_RUNTIME_LIB_IMAGEASTRO_H

#include "glia/Runtime/Image.h"

#include <cstdint>
#include <vector>

namespace glia::runtime::image {

/// The neurons region of an astrocyte core: model kind, the model's
/// parameters (f64, catalogue order; the core derives its coefficients
/// from them with the reference's own code) and the state of its
/// astrocytes (catalogue variables, then hidden ones, s16.15 each).
std::vector<uint8_t> astroKernelRegion(const Plan &plan, const ImageCore &core);

/// The master population table (source cores whose spikes it listens to)
/// and the astrocytes region (listens and listen refs) of an astrocyte core.
void astroListenRegions(const Plan &plan, const ImageCore &core,
                        const std::vector<ImageCore> &neuronCores,
                        std::vector<uint8_t> &table,
                        std::vector<uint8_t> &listens);

/// Bytes an astrocyte core records per sample (no spikes).
std::vector<uint8_t> astroRecordingRegion(const Plan &plan,
                                          const ImageCore &core);

/// The astrocytes region of a neuron core: the payload entries of the
/// astrocyte cores whose domains meet its neurons, their populations, and
/// the couplings it applies. Empty lists when nothing couples to it.
std::vector<uint8_t> neuronAstroRegion(const Plan &plan, const ImageCore &core,
                                       const std::vector<ImageCore> &astroCores);

} // namespace glia::runtime::image

#endif // GLIA_RUNTIME_LIB_IMAGEASTRO_H
