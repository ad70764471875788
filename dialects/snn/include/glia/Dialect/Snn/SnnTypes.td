//===- SnnTypes.td - snn types -----------------------------*- tablegen -*-===//

#ifndef GLIA_DIALECT_SNN_SNNTYPES_TD
#define GLIA_DIALECT_SNN_SNNTYPES_TD

include "glia/Dialect/Snn/SnnDialect.td"

def Snn_PopulationType : Snn_Type<"Population", "pop"> {
  let summary = "a population (or view) of N neurons";
  let description = [{
    `!snn.pop<N>`: the value of a population or of a view into one. N is the
    number of neurons, 1 <= N <= 2^31 - 1.
  }];
  let parameters = (ins "int64_t":$size);
  let assemblyFormat = "`<` $size `>`";
  let genVerifyDecl = 1;
}

def Snn_AstrocyteType : Snn_Type<"Astrocyte", "astro"> {
  let summary = "a population of N astrocytes";
  let description = [{
    `!snn.astro<N>`: the value of `snn.astrocytes`. Astrocyte i of N covers
    the i-th of N equal contiguous domains of every population it listens
    to, modulates or injects into.
  }];
  let parameters = (ins "int64_t":$size);
  let assemblyFormat = "`<` $size `>`";
  let genVerifyDecl = 1;
}

#endif // GLIA_DIALECT_SNN_SNNTYPES_TD
