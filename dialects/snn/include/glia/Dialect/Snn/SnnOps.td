//===- SnnOps.td - snn operations --------------------------*- tablegen -*-===//

#ifndef GLIA_DIALECT_SNN_SNNOPS_TD
#define GLIA_DIALECT_SNN_SNNOPS_TD

include "glia/Dialect/Snn/SnnDialect.td"
include "glia/Dialect/Snn/SnnTypes.td"
include "glia/Dialect/Snn/SnnEnums.td"
include "glia/Dialect/Snn/SnnAttrs.td"
include "mlir/IR/SymbolInterfaces.td"
include "mlir/IR/RegionKindInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

def Snn_NetworkOp : Snn_Op<"network", [
    Symbol, SymbolTable, NoTerminator, SingleBlock, IsolatedFromAbove,
    NoRegionArguments]> {
  let summary = "a spiking network: the symbol table of its populations";
  let description = [{
    Holds the populations, views, projections and recording requests of one
    network. `timestep` is the integration step in ms; `seed` keys every
    random choice (connectivity, weights, delays, initial values, Poisson
    input); `duration` (ms), if given, is the default run length;
    `integration` (default `exact`) chooses how IF_curr_exp neurons
    discretise a step (`spinnaker`: the current is held over the step, as on
    SpiNNaker). Population labels and projection symbols share one namespace.

    ```mlir
    snn.network @cuba attributes {timestep = 0.1 : f64, seed = 1 : i64} {
      ...
    }
    ```
  }];
  let arguments = (ins SymbolNameAttr:$sym_name, F64Attr:$timestep,
                       DefaultValuedAttr<I64Attr, "0">:$seed,
                       OptionalAttr<F64Attr>:$duration,
                       OptionalAttr<Snn_IntegrationAttr>:$integration);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = "$sym_name attr-dict-with-keyword $body";
  let hasVerifier = 1;
  // The checks across the network's ops read their attributes, so they run
  // once those ops have been verified (in generic form an op may lack one).
  let hasRegionVerifier = 1;
  let extraClassDeclaration = [{
    ::mlir::Block &getBlock() { return getBody().front(); }
    ::mlir::LogicalResult verifyIntegration();
  }];
}

def Snn_PopulationOp : Snn_Op<"population", [HasParent<"NetworkOp">, Pure]> {
  let summary = "a population of neurons of one PyNN cell type";
  let description = [{
    `name` is the population's label, unique in the network (populations
    produce a value, so they are not symbols). `params` sets PyNN parameters (those left out take PyNN's defaults);
    `initial` sets initial values of state variables. Each value is a float,
    a distribution (`#snn.uniform`, `#snn.normal`, `#snn.normal_clipped`), or
    an array with one entry per neuron. A SpikeSourceArray's `spike_times` is
    an array shared by all neurons or `#snn.spike_trains` (one per neuron).

    ```mlir
    %e = snn.population "exc" IF_curr_exp params {tau_m = 20.0, cm = 0.2}
           initial {v = #snn.uniform<low = -60.0, high = -50.0>} : !snn.pop<3200>
    ```
  }];
  let arguments = (ins StrAttr:$name, Snn_CellTypeAttr:$cell_type,
                       OptionalAttr<DictionaryAttr>:$params,
                       OptionalAttr<DictionaryAttr>:$initial);
  let results = (outs Snn_PopulationType:$result);
  let assemblyFormat = [{
    $name `` $cell_type (`params` $params^)? (`initial` $initial^)?
    attr-dict `:` qualified(type($result))
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    int64_t getSize() { return getResult().getType().getSize(); }
    /// The value of parameter `name`: the one set, or PyNN's default.
    ::mlir::Attribute getParamOrDefault(::llvm::StringRef name);
  }];
}

def Snn_ViewOp : Snn_Op<"view", [Pure]> {
  let summary = "a contiguous slice [start, stop) of a population or view";
  let description = [{
    Like PyNN's `PopulationView` of a slice:
    `%v = snn.view %all[3200:4000] : !snn.pop<4000>` has type `!snn.pop<800>`.
  }];
  let arguments = (ins Snn_PopulationType:$source,
                       ConfinedAttr<I64Attr, [IntNonNegative]>:$start);
  let results = (outs Snn_PopulationType:$result);
  let assemblyFormat = [{
    $source custom<Slice>($start, type($result)) attr-dict `:`
    qualified(type($source))
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    int64_t getStop() { return getStart() + getResult().getType().getSize(); }
  }];
}

def Snn_ProjectionOp : Snn_Op<"projection", [
    Symbol, HasParent<"NetworkOp">]> {
  let summary = "synapses from one population (or view) to another";
  let description = [{
    A PyNN Projection: a connector (which pairs), a synapse model (weight,
    delay, plasticity) and a receptor. `seed`, when given, replaces the
    network seed for this projection's random choices.

    ```mlir
    snn.projection @ee (%e -> %all) #snn.fixed_probability<p = 0.02>
        #snn.static<weight = 0.0162, delay = 0.1> excitatory
        : !snn.pop<3200> -> !snn.pop<4000>
    ```
  }];
  let arguments = (ins SymbolNameAttr:$sym_name,
                       Snn_PopulationType:$pre, Snn_PopulationType:$post,
                       Snn_ConnectorAttrInterface:$connector,
                       Snn_SynapseAttrInterface:$synapse,
                       Snn_ReceptorAttr:$receptor,
                       OptionalAttr<I64Attr>:$seed);
  let assemblyFormat = [{
    $sym_name `(` $pre `->` $post `)` $connector $synapse `` $receptor attr-dict `:`
    qualified(type($pre)) `->` qualified(type($post))
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    int64_t getPreSize() { return ::llvm::cast<PopulationType>(getPre().getType()).getSize(); }
    int64_t getPostSize() { return ::llvm::cast<PopulationType>(getPost().getType()).getSize(); }
    /// The expected number of synapses (exact for deterministic connectors).
    double getExpectedSynapses();
    /// Refuses a delay of more than kMaxDelaySteps steps of `timestep` ms.
    /// The verifier checks against the network's timestep, the lowering
    /// against the one it runs with (`glia run --dt`).
    ::mlir::LogicalResult verifyDelayLimit(double timestep);
  }];
}

def Snn_RecordOp : Snn_Op<"record", [HasParent<"NetworkOp">]> {
  let summary = "record variables of a population, view or astrocytes";
  let description = [{
    `spikes`, or any state variable of the cell type by its PyNN name
    (`v`, `isyn_exc`, `gsyn_inh`, `u`, ...). `sampling_interval` (ms) applies
    to state variables; it defaults to the timestep.

    `snn.record %e ["spikes", "v"] : !snn.pop<3200>`
  }];
  let arguments = (ins AnyTypeOf<[Snn_PopulationType, Snn_AstrocyteType]>:$target,
                       StrArrayAttr:$variables,
                       OptionalAttr<F64Attr>:$sampling_interval);
  let assemblyFormat = [{
    $target $variables attr-dict `:` qualified(type($target))
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// Refuses a sampling interval of more than kMaxSamplingSteps steps of
    /// `timestep` ms (the network's, or the one the lowering runs with).
    ::mlir::LogicalResult verifySamplingLimit(double timestep);
  }];
}


def Snn_CamOp : Snn_Op<"cam", [HasParent<"NetworkOp">]> {
  let summary = "a hippocampal CA3 content-addressable memory";
  let description = [{
    The spike-based CA3 memory of Casanueva-Morato et al. (2024): `memories`
    one-hot cues, `bits` content bits. Its input is either a population of
    `memories + bits` neurons (cues first) or a `protocol` of timed
    operations (#snn.learn, #snn.recall_cue, #snn.recall_content) that
    `snn-expand-cam` turns into input spike trains. The result is the output
    layer (cues first, then content bits). The published parameters are the
    defaults; `regular_params`, `fast_params` and `output_params` override
    IF_curr_exp parameters of the three neuron groups, `learning` the STDP
    synapse. `snn-expand-cam` expands the op into populations and
    projections.

    ```mlir
    %out = snn.cam "cam" memories 5 bits 10 protocol [
        #snn.learn<time = 0.0, cue = 0, bits = [0, 1, 8, 9]>,
        #snn.recall_cue<time = 10.0, cue = 0>] : !snn.pop<15>
    ```
  }];
  let arguments = (ins StrAttr:$name,
                       ConfinedAttr<I64Attr, [IntMinValue<1>]>:$memories,
                       ConfinedAttr<I64Attr, [IntMinValue<1>]>:$bits,
                       Optional<Snn_PopulationType>:$input,
                       OptionalAttr<ArrayAttr>:$protocol,
                       OptionalAttr<DictionaryAttr>:$regular_params,
                       OptionalAttr<DictionaryAttr>:$fast_params,
                       OptionalAttr<DictionaryAttr>:$output_params,
                       OptionalAttr<Snn_StdpSynapseAttr>:$learning);
  let results = (outs Snn_PopulationType:$output);
  let assemblyFormat = [{
    $name `memories` $memories `bits` $bits
    (`input` `(` $input^ `:` qualified(type($input)) `)`)?
    (`protocol` $protocol^)? attr-dict `:` qualified(type($output))
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// Milliseconds an operation needs before the next may start: a learn
    /// drives its inputs for 3 ms and its output answers 7 ms after it; a
    /// recall's answer comes 6 ms after it (the authors' state-map test
    /// recalls every 6 ms).
    static constexpr double kLearnSpacing = 7.0, kRecallSpacing = 6.0;
  }];
}

//===----------------------------------------------------------------------===//
// Astrocytes and tripartite synapses
//===----------------------------------------------------------------------===//

def Snn_AstrocytesOp : Snn_Op<"astrocytes", [HasParent<"NetworkOp">, Pure]> {
  let summary = "a population of astrocytes of one model";
  let description = [{
    `leaky_integrator` is NALSM's activity integrator (MODELS.md §3a): it
    integrates the weighted spikes it listens to, A <- A + (input + bias -
    A) / tau, and sends A. `li_rinzel` is the Li-Rinzel calcium model
    (MODELS.md §3b, as NEST's astrocyte_lr_1994): each spike it listens to
    raises IP3 by delta_IP3 * weight, and it sends the slow inward current
    SIC. Parameters and initial values work as for `snn.population`.

    ```mlir
    %a = snn.astrocytes "astro" leaky_integrator params {tau = 100.0}
           : !snn.astro<1>
    ```
  }];
  let arguments = (ins StrAttr:$name, Snn_AstroModelAttr:$model,
                       OptionalAttr<DictionaryAttr>:$params,
                       OptionalAttr<DictionaryAttr>:$initial);
  let results = (outs Snn_AstrocyteType:$result);
  let assemblyFormat = [{
    $name `` $model (`params` $params^)? (`initial` $initial^)?
    attr-dict `:` qualified(type($result))
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    int64_t getSize() { return getResult().getType().getSize(); }
    /// The value of parameter `name`: the one set, or the model's default.
    ::mlir::Attribute getParamOrDefault(::llvm::StringRef name);
    /// Checks the parameters that depend on a timestep of `timestep` ms
    /// (the network's, or the one the lowering runs with).
    ::mlir::LogicalResult verifyTimestep(double timestep);
  }];
}

def Snn_AstroListenOp : Snn_Op<"astro_listen", [HasParent<"NetworkOp">]> {
  let summary = "astrocytes integrate the spikes of a population or projection";
  let description = [{
    Each spike of `source` (a population or view), or each presynaptic spike
    of `projection`, adds `weight` to the input of the astrocyte whose domain
    holds the spiking neuron. A negative weight subtracts, as NALSM does for
    its input layer.

    ```mlir
    snn.astro_listen %a from %liquid weight 0.015 : !snn.astro<1>, !snn.pop<1000>
    snn.astro_listen %a from @input weight -0.015 : !snn.astro<1>
    ```
  }];
  let arguments = (ins Snn_AstrocyteType:$astrocytes,
                       Optional<Snn_PopulationType>:$source,
                       OptionalAttr<FlatSymbolRefAttr>:$projection,
                       F64Attr:$weight);
  let assemblyFormat = [{
    $astrocytes `from` ($source^)? ($projection^)? `weight` $weight attr-dict
    `:` qualified(type($astrocytes)) (`,` qualified(type($source))^)?
  }];
  let hasVerifier = 1;
}

def Snn_AstroModulateOp : Snn_Op<"astro_modulate", [HasParent<"NetworkOp">]> {
  let summary = "astrocytes modulate the synapses of a projection";
  let description = [{
    With the astrocyte output y (A or SIC) of the astrocyte whose domain
    holds the synapse's postsynaptic neuron: `stdp_depression` sets the STDP
    depression rate to gain * y (NALSM: A is the depression rate),
    `stdp_potentiation` the potentiation rate; `weight_scale` multiplies the
    synapse's effective weight by (1 + gain * y).

    `snn.astro_modulate %a stdp_depression @ee gain 1.0 : !snn.astro<1>`
  }];
  let arguments = (ins Snn_AstrocyteType:$astrocytes,
                       Snn_ModulationAttr:$modulation,
                       FlatSymbolRefAttr:$projection, F64Attr:$gain);
  let assemblyFormat = [{
    $astrocytes `` $modulation $projection `gain` $gain attr-dict `:`
    qualified(type($astrocytes))
  }];
  let hasVerifier = 1;
}

def Snn_AstroInjectOp : Snn_Op<"astro_inject", [HasParent<"NetworkOp">]> {
  let summary = "astrocytes inject a current into neurons";
  let description = [{
    Every step, gain * y (nA) is added to the input current of each neuron
    of `target` in the astrocyte's domain (y = A or SIC).

    `snn.astro_inject %a into %p gain 0.001 : !snn.astro<4>, !snn.pop<100>`
  }];
  let arguments = (ins Snn_AstrocyteType:$astrocytes,
                       Snn_PopulationType:$target, F64Attr:$gain);
  let assemblyFormat = [{
    $astrocytes `into` $target `gain` $gain attr-dict `:`
    qualified(type($astrocytes)) `,` qualified(type($target))
  }];
  let hasVerifier = 1;
}

#endif // GLIA_DIALECT_SNN_SNNOPS_TD
