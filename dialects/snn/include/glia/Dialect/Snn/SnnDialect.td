//===- SnnDialect.td - the spiking-network dialect ---------*- tablegen -*-===//
//
// The `snn` dialect describes a spiking network logically: populations of
// PyNN cell types, projections with procedural connectors, synapse models and
// recording requests. Its size is O(populations + projections): connectivity
// stays procedural (connector + seed) and explicit lists travel as dense or
// resource attributes.
//
//===----------------------------------------------------------------------===//

#ifndef GLIA_DIALECT_SNN_SNNDIALECT_TD
#define GLIA_DIALECT_SNN_SNNDIALECT_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/AttrTypeBase.td"

def Snn_Dialect : Dialect {
  let name = "snn";
  let cppNamespace = "::glia::snn";
  let summary = "Spiking neural networks in PyNN's vocabulary";
  let description = [{
    A network is an `snn.network` symbol table holding populations (PyNN cell
    types with PyNN parameter names and units: ms, mV, nA, nF, uS, Hz),
    population views, projections (connector + synapse + receptor) and
    recording requests.
  }];
  let useDefaultAttributePrinterParser = 1;
  let useDefaultTypePrinterParser = 1;
  let extraClassDeclaration = [{
    void registerAttributes();
    void registerTypes();
    void registerBytecodeInterface();
  }];
}

/// A double-precision parameter that prints in its shortest exact form
/// (`20.0`, `0.0162`) and parses back bit for bit.
class Snn_F64Param<string desc = ""> :
    AttrOrTypeParameter<"::glia::snn::StoredF64", desc> {
  let parser = "::glia::snn::parseF64($_parser)";
  let printer = "::glia::snn::printF64($_printer, $_self)";
}

class Snn_Attr<string name, string attrMnemonic, list<Trait> traits = []>
    : AttrDef<Snn_Dialect, name, traits> {
  let mnemonic = attrMnemonic;
}

class Snn_Type<string name, string typeMnemonic, list<Trait> traits = []>
    : TypeDef<Snn_Dialect, name, traits> {
  let mnemonic = typeMnemonic;
}

class Snn_Op<string mnemonic, list<Trait> traits = []>
    : Op<Snn_Dialect, mnemonic, traits>;

#endif // GLIA_DIALECT_SNN_SNNDIALECT_TD
