//===- SnnEnums.td - snn enumerations ----------------------*- tablegen -*-===//

#ifndef GLIA_DIALECT_SNN_SNNENUMS_TD
#define GLIA_DIALECT_SNN_SNNENUMS_TD

include "mlir/IR/EnumAttr.td"
include "glia/Dialect/Snn/SnnDialect.td"

// The cell types use PyNN's names so that IR, JSON and PyNN scripts read alike.
def Snn_CellType : I32EnumAttr<"CellType", "a PyNN standard cell type", [
    I32EnumAttrCase<"IF_curr_exp", 0>,
    I32EnumAttrCase<"IF_cond_exp", 1>,
    I32EnumAttrCase<"IF_curr_alpha", 2>,
    I32EnumAttrCase<"Izhikevich", 3>,
    I32EnumAttrCase<"SpikeSourcePoisson", 4>,
    I32EnumAttrCase<"SpikeSourceArray", 5>
  ]> {
  let cppNamespace = "::glia::snn";
  let genSpecializedAttr = 0;
}
def Snn_CellTypeAttr : EnumAttr<Snn_Dialect, Snn_CellType, "cell_type">;

def Snn_Receptor : I32EnumAttr<"Receptor", "synaptic receptor", [
    I32EnumAttrCase<"excitatory", 0>,
    I32EnumAttrCase<"inhibitory", 1>
  ]> {
  let cppNamespace = "::glia::snn";
  let genSpecializedAttr = 0;
}
def Snn_ReceptorAttr : EnumAttr<Snn_Dialect, Snn_Receptor, "receptor">;

def Snn_WeightDependence : I32EnumAttr<"WeightDependence",
    "STDP weight dependence", [
    I32EnumAttrCase<"additive", 0>,
    I32EnumAttrCase<"multiplicative", 1>
  ]> {
  let cppNamespace = "::glia::snn";
  let genSpecializedAttr = 0;
}
def Snn_WeightDependenceAttr
    : EnumAttr<Snn_Dialect, Snn_WeightDependence, "weight_dependence">;

// How current-based LIF neurons discretise a step: `exact` integrates the
// synaptic current's exponential decay into the membrane (the default);
// `spinnaker` holds the current over the step, as sPyNNaker does, for models
// tuned on SpiNNaker (docs/runtime.md).
def Snn_Integration : I32EnumAttr<"Integration",
    "discretisation of current-based LIF neurons", [
    I32EnumAttrCase<"exact", 0>,
    I32EnumAttrCase<"spinnaker", 1>
  ]> {
  let cppNamespace = "::glia::snn";
  let genSpecializedAttr = 0;
}
def Snn_IntegrationAttr : EnumAttr<Snn_Dialect, Snn_Integration, "integration">;

// Astrocyte models, in the order of glia::models::AstroKind.
def Snn_AstroModel : I32EnumAttr<"AstroModel", "astrocyte model", [
    I32EnumAttrCase<"leaky_integrator", 0>,
    I32EnumAttrCase<"li_rinzel", 1>
  ]> {
  let cppNamespace = "::glia::snn";
  let genSpecializedAttr = 0;
}
def Snn_AstroModelAttr : EnumAttr<Snn_Dialect, Snn_AstroModel, "astro_model">;

def Snn_Modulation : I32EnumAttr<"Modulation",
    "what an astrocyte does to a projection", [
    I32EnumAttrCase<"stdp_depression", 0>,
    I32EnumAttrCase<"stdp_potentiation", 1>,
    I32EnumAttrCase<"weight_scale", 2>
  ]> {
  let cppNamespace = "::glia::snn";
  let genSpecializedAttr = 0;
}
def Snn_ModulationAttr : EnumAttr<Snn_Dialect, Snn_Modulation, "modulation">;

#endif // GLIA_DIALECT_SNN_SNNENUMS_TD
