//===- EmulatorAstro.h - astrocytes on the emulated board -------*- C++ -*-===//
//
// Private to the emulator (docs/astrocytes.md "On the board"):
//  - AstroCore runs a slice of an astrocyte population: it counts the
//    listened spikes that arrive as packets during a step, integrates them
//    at the end of the step with the reference's kernel in s16.15, and at
//    the start of the next step sends one payload packet per astrocyte
//    (key | astrocyte, payload = its output's s16.15 word);
//  - AstroInputs is a neuron core's side: it stores the payloads it
//    receives and applies the couplings (STDP rate modulation, weight
//    scaling, current injection) with the reference's quantised gains.
//
//===----------------------------------------------------------------------===//

#ifndef GLIA_RUNTIME_LIB_EMULATORASTRO_H
#define GLIA_RUNTIME_LIB_EMULATORASTRO_H

#include "AstroCoupling.h"
#include "ImageBlob.h"

#include <cstdint>
#include <vector>

namespace glia::runtime {

/// What a neuron core takes from astrocytes.
class AstroInputs {
public:
  /// Reads the astrocytes region of neuron core `place` and checks every
  /// index in it.
  void read(image::ByteReader &in, const LoadedImage &image,
            const ImageCore &place);

  /// A payload packet; false if no entry takes its key.
  bool receive(uint32_t key, int32_t payload);

  /// Injects step `step`'s current into the core's neurons that are not
  /// refractory (v and refractoryUntil indexed core-locally; `lo` the
  /// core's first neuron), in plan order.
  void inject(Accum *v, const uint32_t *refractoryUntil, uint32_t step,
              uint32_t lo) const;

  /// The STDP rule of projection j for the synapse onto population neuron
  /// `post`: `base`, or with the rates the astrocytes set.
  const kernels::StdpCoefficients<Accum> &
  rule(uint32_t j, const kernels::StdpCoefficients<Accum> &base,
       uint32_t post);

  /// Whether projection j's weights are scaled, and the factor 1 + gain·y
  /// for its synapse onto population neuron `post`.
  bool scales(uint32_t j) const {
    return j < scale.size() && scale[j] >= 0;
  }
  Accum factor(uint32_t j, uint32_t post) const {
    return value(couplings[scale[j]], post);
  }

private:
  struct Coupling {
    image::CouplingRecord record;
    Accum gain;
    uint32_t begin = 0;       // injections: core-local first neuron
    std::vector<Accum> shift; // injections: per neuron from `begin`
  };

  /// What coupling c makes of the output of the astrocyte owning `post`.
  Accum value(const Coupling &c, uint32_t post) const;

  std::vector<image::PayloadEntry> entries;
  std::vector<std::vector<Accum>> outputs; // per population slot
  std::vector<Coupling> couplings;
  // Per projection: the coupling that sets its rate or factor, or -1.
  std::vector<int32_t> depression, potentiation, scale;
  kernels::StdpCoefficients<Accum> modulated; // no decay tables
};

/// A core running astrocytes [lo, hi) of one astrocyte population.
class AstroCore {
public:
  AstroCore(const LoadedCore &loaded, const LoadedImage &image);

  /// A listened spike of this step; false if no entry takes its key.
  bool receive(uint32_t key);

  /// The end of a step: the counted spikes, weighted and summed in the
  /// reference's order, advance the astrocytes by one step.
  void advance();

  /// The output word astrocyte i (core-local) sends as payload.
  int32_t payload(uint32_t i) const { return state[output][i].raw(); }

  /// State variable k (catalogue order) of the core's astrocytes.
  const std::vector<Accum> &variable(size_t k) const { return state[k]; }

  const ImageCore place;
  const uint32_t n;
  uint64_t packetsIn = 0;

private:
  void readKernel(image::ByteReader &in, const LoadedImage &image);
  void readListens(image::ByteReader &table, image::ByteReader &listens);

  AstroKernel<Accum> kernel;
  int output = 0;
  std::vector<std::vector<Accum>> state;
  std::vector<Accum> input;
  uint32_t count = 1; // astrocytes in the population (domains)
  std::vector<image::ListenRecord> listens;
  std::vector<image::MasterEntry> table;
  std::vector<image::ListenRef> refs;
  std::vector<std::vector<uint32_t>> heard; // [listen][astrocyte]: spikes
};

} // namespace glia::runtime

#endif // GLIA_RUNTIME_LIB_EMULATORASTRO_H
