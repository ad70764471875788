//===- SpinnOps.td - the spinn dialect ---------------------*- tablegen -*-===//
//
// The `spinn` dialect is the result of mapping an `snn.network` onto a
// SpiNNaker-style machine: slices of populations placed on cores, with their
// routing keys and resource use, one multicast tree per slice and one
// routing table per chip. Its size is O(slices + chips): trees and tables
// are dense i32 arrays, never one op per entry.
//
//===----------------------------------------------------------------------===//

#ifndef GLIA_DIALECT_SPINN_SPINNOPS_TD
#define GLIA_DIALECT_SPINN_SPINNOPS_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/SymbolInterfaces.td"
include "mlir/IR/BuiltinAttributes.td"

def Spinn_Dialect : Dialect {
  let name = "spinn";
  let cppNamespace = "::glia::spinn";
  let summary = "A spiking network mapped onto a SpiNNaker-style machine";
  let description = [{
    `spinn.mapping` holds the mapped program of one `snn.network` on one
    machine: `spinn.slice` (a range of a population's neurons on a core),
    `spinn.route` (the multicast tree of a slice's spikes) and `spinn.table`
    (the routing table of one chip).
  }];
}

class Spinn_Op<string mnemonic, list<Trait> traits = []>
    : Op<Spinn_Dialect, mnemonic, traits>;

def Spinn_MappingOp : Spinn_Op<"mapping", [
    SymbolTable, NoTerminator, SingleBlock, IsolatedFromAbove,
    NoRegionArguments]> {
  let summary = "the mapped program of one network on one machine";
  let description = [{
    `network` names the `snn.network` this maps; `machine` is the machine
    description it was mapped for (a name in machines/ or a file) and
    `width` x `height` its chip grid.

    ```mlir
    spinn.mapping @cuba on "spinn5" (8 x 8) {
      spinn.slice @exc_0 "exc" [0, 256) at (0, 0, 1) key 0x0 mask 0xffffff00
          sdram 1024 dtcm 2048 cpu 300
      spinn.route @exc_0 [(0, 0) from local to [E, p1]]
      spinn.table (0, 0) [0x0/0xfffffe00 from [] to [E, p1]]
    }
    ```
  }];
  let arguments = (ins FlatSymbolRefAttr:$network, StrAttr:$machine,
                       ConfinedAttr<I32Attr, [IntPositive]>:$width,
                       ConfinedAttr<I32Attr, [IntPositive]>:$height);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = [{
    $network `on` $machine `(` $width `x` $height `)` attr-dict-with-keyword
    $body
  }];
  // Its checks read its ops' attributes: they run after the ops' own.
  let hasRegionVerifier = 1;
  let extraClassDeclaration = [{
    ::mlir::Block &getBlock() { return getBody().front(); }
  }];
}

def Spinn_SliceOp : Spinn_Op<"slice", [Symbol, HasParent<"MappingOp">]> {
  let summary = "neurons [lo, hi) of a population, run by one core";
  let description = [{
    Made by `snn-partition` with its resource estimate (SDRAM bytes, DTCM
    bytes, CPU cycles per timestep); `snn-place` adds the core (x, y, p) and
    `snn-allocate-keys` the routing key and mask of its spikes (neuron i of
    the slice sends key | (i - lo)).
  }];
  let arguments = (ins SymbolNameAttr:$sym_name, StrAttr:$population,
                       I64Attr:$lo, I64Attr:$hi,
                       OptionalAttr<I32Attr>:$x, OptionalAttr<I32Attr>:$y,
                       OptionalAttr<I32Attr>:$p,
                       OptionalAttr<I64Attr>:$key, OptionalAttr<I64Attr>:$mask,
                       I64Attr:$sdram, I64Attr:$dtcm, I64Attr:$cpu);
  let hasCustomAssemblyFormat = 1;
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    int64_t getSize() { return getHi() - getLo(); }
    bool isPlaced() { return getX().has_value(); }
    bool hasKey() { return getKey().has_value(); }
  }];
}

def Spinn_RouteOp : Spinn_Op<"route", [HasParent<"MappingOp">,
    DeclareOpInterfaceMethods<SymbolUserOpInterface>]> {
  let summary = "the multicast tree that carries one slice's spikes";
  let description = [{
    `nodes` holds 4 values per chip of the tree: x, y, the link the packets
    arrive on (-1 at the source chip, where they come from a local core) and
    the route word there (bits 0-5 links, bit 6 + p core p). The source chip
    comes first and every other node follows its parent.
  }];
  let arguments = (ins FlatSymbolRefAttr:$source, DenseI32ArrayAttr:$nodes);
  let hasCustomAssemblyFormat = 1;
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    int64_t getNumNodes() { return getNodes().size() / 4; }
  }];
}

def Spinn_TableOp : Spinn_Op<"table", [HasParent<"MappingOp">]> {
  let summary = "the multicast routing table of chip (x, y)";
  let description = [{
    `entries` holds 4 values per entry, in match order: key, mask, source
    links (bits 0-5: the links its packets arrive on) and route word, each a
    32-bit pattern. `uncompressed`, once the table has been compressed, is
    the entry count before compression.
  }];
  let arguments = (ins I32Attr:$x, I32Attr:$y, DenseI32ArrayAttr:$entries,
                       OptionalAttr<I64Attr>:$uncompressed);
  let hasCustomAssemblyFormat = 1;
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    int64_t getNumEntries() { return getEntries().size() / 4; }
  }];
}

#endif // GLIA_DIALECT_SPINN_SPINNOPS_TD
