//===- SnnInterfaces.td - snn attribute interfaces ---------*- tablegen -*-===//

#ifndef GLIA_DIALECT_SNN_SNNINTERFACES_TD
#define GLIA_DIALECT_SNN_SNNINTERFACES_TD

include "mlir/IR/OpBase.td"

def Snn_ConnectorAttrInterface : AttrInterface<"ConnectorAttrInterface"> {
  let cppNamespace = "::glia::snn";
  let description = [{
    A procedural connector: the rule that decides which (pre, post) pairs of
    a projection are connected. The synapses themselves are generated only
    when a plan or an image is written.
  }];
  let methods = [
    InterfaceMethod<[{
        Checks that the connector makes sense between a presynaptic side of
        `preSize` and a postsynaptic side of `postSize` neurons. `overlap` is the
        number of neurons on both sides (those that can connect to
        themselves).
      }], "::mlir::LogicalResult", "verifyEndpoints",
      (ins "int64_t":$preSize, "int64_t":$postSize, "int64_t":$overlap,
           "::llvm::function_ref<::mlir::InFlightDiagnostic()>":$emitError)>,
    InterfaceMethod<[{
        The expected number of synapses of the projection.
      }], "double", "expectedSynapses",
      (ins "int64_t":$preSize, "int64_t":$postSize, "int64_t":$overlap)>,
    InterfaceMethod<[{
        The connector's name in PyNN (e.g. `FixedProbabilityConnector`).
      }], "::llvm::StringRef", "getPyNNName", (ins)>,
  ];
}

def Snn_SynapseAttrInterface : AttrInterface<"SynapseAttrInterface"> {
  let cppNamespace = "::glia::snn";
  let description = [{
    A synapse model: a weight and a delay (each a constant or a
    distribution), plus whatever plasticity the model adds.
  }];
  let methods = [
    InterfaceMethod<"The weight: a FloatAttr or a distribution.",
      "::mlir::Attribute", "getWeight", (ins)>,
    InterfaceMethod<"The delay in ms: a FloatAttr or a distribution.",
      "::mlir::Attribute", "getDelay", (ins)>,
    InterfaceMethod<"Whether the synapse's weight changes (plasticity).",
      "bool", "isPlastic", (ins)>,
  ];
}

#endif // GLIA_DIALECT_SNN_SNNINTERFACES_TD
