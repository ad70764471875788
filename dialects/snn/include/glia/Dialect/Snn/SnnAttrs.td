//===- SnnAttrs.td - snn attributes ------------------------*- tablegen -*-===//

#ifndef GLIA_DIALECT_SNN_SNNATTRS_TD
#define GLIA_DIALECT_SNN_SNNATTRS_TD

include "mlir/IR/EnumAttr.td"
include "glia/Dialect/Snn/SnnDialect.td"
include "glia/Dialect/Snn/SnnEnums.td"
include "glia/Dialect/Snn/SnnInterfaces.td"

class Snn_BoolParam<string default> : AttrOrTypeParameter<"bool", ""> {
  let defaultValue = default;
  let parser = "::glia::snn::parseBool($_parser)";
  let printer = "$_printer << ($_self ? \"true\" : \"false\")";
}

//===----------------------------------------------------------------------===//
// Random distributions (PyNN's RandomDistribution)
//===----------------------------------------------------------------------===//

def Snn_UniformAttr : Snn_Attr<"Uniform", "uniform"> {
  let summary = "uniform distribution on [low, high)";
  let parameters = (ins Snn_F64Param<>:$low, Snn_F64Param<>:$high);
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
}

def Snn_NormalAttr : Snn_Attr<"Normal", "normal"> {
  let summary = "normal distribution with mean mu and deviation sigma";
  let parameters = (ins Snn_F64Param<>:$mu, Snn_F64Param<>:$sigma);
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
}

def Snn_NormalClippedAttr : Snn_Attr<"NormalClipped", "normal_clipped"> {
  let summary = "normal distribution redrawn until it falls in [low, high]";
  let parameters = (ins Snn_F64Param<>:$mu, Snn_F64Param<>:$sigma,
                        Snn_F64Param<>:$low, Snn_F64Param<>:$high);
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
}

def Snn_SpikeTrainsAttr : Snn_Attr<"SpikeTrains", "spike_trains"> {
  let summary = "one spike train per neuron, in CSR form";
  let description = [{
    Spike times (ms) of neuron k are `times[offsets[k] .. offsets[k+1])`,
    sorted ascending. `offsets` has N + 1 entries, starting at 0.
  }];
  let parameters = (ins "::mlir::ElementsAttr":$offsets,
                        "::mlir::ElementsAttr":$times);
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
}

//===----------------------------------------------------------------------===//
// Connectors
//===----------------------------------------------------------------------===//

class Snn_ConnectorAttr<string name, string mnemonic>
    : Snn_Attr<name, mnemonic, [DeclareAttrInterfaceMethods<
          Snn_ConnectorAttrInterface>]> {
  let assemblyFormat = "`<` struct(params) `>`";
}

def Snn_AllToAllAttr : Snn_ConnectorAttr<"AllToAll", "all_to_all"> {
  let summary = "every presynaptic neuron to every postsynaptic neuron";
  let description = [{
    `allow_self = false` drops the connections of a neuron to itself (PyNN's
    `allow_self_connections`, which matters only where the two sides
    overlap). `skip_diagonal = true` drops the pairs (i, i) of equal local
    index whatever the populations: "all but the one-to-one pairs", as the
    lateral inhibition of the hippocampal CAM needs between two equally sized
    populations.
  }];
  let parameters = (ins Snn_BoolParam<"true">:$allow_self,
                        Snn_BoolParam<"false">:$skip_diagonal);
  let assemblyFormat = "(`<` struct(params)^ `>`)?";
}

def Snn_OneToOneAttr : Snn_ConnectorAttr<"OneToOne", "one_to_one"> {
  let summary = "neuron i to neuron i; both sides have the same size";
  let parameters = (ins);
  let assemblyFormat = "";
}

def Snn_FixedProbabilityAttr
    : Snn_ConnectorAttr<"FixedProbability", "fixed_probability"> {
  let summary = "each pair connected independently with probability p";
  let parameters = (ins Snn_F64Param<>:$p, Snn_BoolParam<"true">:$allow_self);
  let genVerifyDecl = 1;
}

def Snn_FixedNumberPreAttr
    : Snn_ConnectorAttr<"FixedNumberPre", "fixed_number_pre"> {
  let summary = "each postsynaptic neuron gets n presynaptic partners";
  let parameters = (ins "int64_t":$n,
                        Snn_BoolParam<"false">:$with_replacement,
                        Snn_BoolParam<"true">:$allow_self);
  let genVerifyDecl = 1;
}

def Snn_FixedNumberPostAttr
    : Snn_ConnectorAttr<"FixedNumberPost", "fixed_number_post"> {
  let summary = "each presynaptic neuron gets n postsynaptic partners";
  let parameters = (ins "int64_t":$n,
                        Snn_BoolParam<"false">:$with_replacement,
                        Snn_BoolParam<"true">:$allow_self);
  let genVerifyDecl = 1;
}

def Snn_FromListAttr : Snn_ConnectorAttr<"FromList", "from_list"> {
  let summary = "an explicit list of (i, j[, weight, delay])";
  let description = [{
    `pre` and `post` are integer index arrays of equal length; `weights` and
    `delays`, when present, override the synapse's weight and delay per
    connection. Large lists are stored as dense resources, so the IR stays
    small when printed.
  }];
  let parameters = (ins "::mlir::ElementsAttr":$pre,
                        "::mlir::ElementsAttr":$post,
                        OptionalParameter<"::mlir::ElementsAttr">:$weights,
                        OptionalParameter<"::mlir::ElementsAttr">:$delays);
  let genVerifyDecl = 1;
}

//===----------------------------------------------------------------------===//
// Synapse models
//===----------------------------------------------------------------------===//

def Snn_StaticSynapseAttr : Snn_Attr<"StaticSynapse", "static", [
    Snn_SynapseAttrInterface]> {
  let summary = "a fixed weight and delay (PyNN StaticSynapse)";
  let parameters = (ins "::mlir::Attribute":$weight,
                        "::mlir::Attribute":$delay);
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    bool isPlastic() const { return false; }
  }];
}

def Snn_StdpSynapseAttr : Snn_Attr<"StdpSynapse", "stdp", [
    Snn_SynapseAttrInterface]> {
  let summary = "pair-rule STDP (PyNN STDPMechanism + SpikePairRule)";
  let description = [{
    Pair-based STDP with exponential traces: a post spike after a pre spike
    by dt > 0 potentiates by A_plus * exp(-dt / tau_plus), a pre spike after
    a post spike depresses by A_minus * exp(-dt / tau_minus). With the
    additive weight dependence the change is scaled by (w_max - w_min); with
    the multiplicative one potentiation is scaled by (w_max - w) and
    depression by (w - w_min). The weight stays in [w_min, w_max]. A
    synapse sees a postsynaptic spike its own delay after it fires (the
    delay is dendritic, as in sPyNNaker and NEST); the delay may be drawn
    per synapse or listed by #snn.from_list.
  }];
  let parameters = (ins "::mlir::Attribute":$weight,
                        "::mlir::Attribute":$delay,
                        Snn_F64Param<>:$tau_plus, Snn_F64Param<>:$tau_minus,
                        Snn_F64Param<>:$A_plus, Snn_F64Param<>:$A_minus,
                        EnumParameter<Snn_WeightDependence>:$weight_dependence,
                        Snn_F64Param<>:$w_min, Snn_F64Param<>:$w_max);
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    bool isPlastic() const { return true; }
  }];
}

def Snn_TraceStdpSynapseAttr : Snn_Attr<"TraceStdpSynapse", "trace_stdp", [
    Snn_SynapseAttrInterface]> {
  let summary = "NALSM's trace STDP with decaying learning rates";
  let description = [{
    The rule of Ivanov & Michmizos (NeurIPS 2021, MODELS.md §3a) on weight
    magnitudes. Every neuron keeps a trace x <- d·(x + trace_increment·s),
    d = exp(-dt / tau); a step's own spikes enter the trace after the step's
    weight changes. A postsynaptic spike adds eta_plus·x_pre to each incoming
    weight, a presynaptic spike subtracts eta_minus·x_post from each outgoing
    one; the weight stays in [w_min, w_max]. Both rates are multiplied by
    rate_decay every ms (1: constant). `snn.astro_modulate` may replace
    either rate by gain·y: NALSM's astrocyte sets eta_minus of excitatory
    synapses and, with the signs swapped for inhibitory presynaptic neurons,
    eta_plus of inhibitory ones.
  }];
  let parameters = (ins "::mlir::Attribute":$weight,
                        "::mlir::Attribute":$delay,
                        Snn_F64Param<>:$tau, Snn_F64Param<>:$trace_increment,
                        Snn_F64Param<>:$eta_plus, Snn_F64Param<>:$eta_minus,
                        Snn_F64Param<>:$rate_decay,
                        Snn_F64Param<>:$w_min, Snn_F64Param<>:$w_max);
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    bool isPlastic() const { return true; }
  }];
}


//===----------------------------------------------------------------------===//
// Content-addressable memory protocol (snn.cam)
//===----------------------------------------------------------------------===//

def Snn_CamLearnAttr : Snn_Attr<"CamLearn", "learn"> {
  let summary = "store `bits` under one-hot cue `cue`, starting at `time` ms";
  let description = [{
    The cue neuron and the content neurons of `bits` spike on three
    consecutive milliseconds from `time`.
  }];
  let parameters = (ins Snn_F64Param<>:$time, "int64_t":$cue,
                        "::mlir::DenseI64ArrayAttr":$bits);
  let assemblyFormat = "`<` struct(params) `>`";
}

def Snn_CamRecallCueAttr : Snn_Attr<"CamRecallCue", "recall_cue"> {
  let summary = "recall the content stored under `cue` (one input spike)";
  let parameters = (ins Snn_F64Param<>:$time, "int64_t":$cue);
  let assemblyFormat = "`<` struct(params) `>`";
}

def Snn_CamRecallContentAttr : Snn_Attr<"CamRecallContent",
                                        "recall_content"> {
  let summary = "recall the cues whose content shares a bit with `bits`";
  let parameters = (ins Snn_F64Param<>:$time,
                        "::mlir::DenseI64ArrayAttr":$bits);
  let assemblyFormat = "`<` struct(params) `>`";
}

#endif // GLIA_DIALECT_SNN_SNNATTRS_TD
