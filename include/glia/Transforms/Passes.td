//===- Passes.td - transformations of the snn dialect ------*- tablegen -*-===//

#ifndef GLIA_TRANSFORMS_PASSES_TD
#define GLIA_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def SnnExpandCam : Pass<"snn-expand-cam", "::glia::snn::NetworkOp"> {
  let summary = "Expand snn.cam into the populations and projections of the "
                "CA3 content-addressable memory";
  let description = [{
    Replaces every `snn.cam` with the network of Casanueva-Morato et al.
    (2024) as listed in MODELS.md §2: the cue and content groups (cueCue,
    cueCont, mergeCue, contCue, contCont, contCond, mergeCont, contCondInt),
    their fixed projections, the two STDP projections that learn, and the
    output layer, which replaces the op's result and is recorded. A
    `protocol` becomes a SpikeSourceArray input whose spike trains drive the
    operations (learn: three spikes on consecutive steps; recall: one).
    Names are prefixed with the CAM's name (`cam.cueCue`).
  }];
  let dependentDialects = ["::glia::snn::SnnDialect"];
}

#endif // GLIA_TRANSFORMS_PASSES_TD
