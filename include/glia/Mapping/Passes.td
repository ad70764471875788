//===- Passes.td - the mapping passes ----------------------*- tablegen -*-===//
//
// snn -> spinn: partition, place, route, allocate keys, build and compress
// routing tables, check routing. Each pass runs alone from glia-opt; `glia
// compile` runs them in this order. A pass that needs the machine takes
// `machine=NAME|FILE`; left empty it uses the machine recorded on
// spinn.mapping by snn-partition.
//
//===----------------------------------------------------------------------===//

#ifndef GLIA_MAPPING_PASSES_TD
#define GLIA_MAPPING_PASSES_TD

include "mlir/Pass/PassBase.td"

defvar MachineOption = Option<"machine", "machine", "std::string", "\"\"",
    "machine description: a name in machines/ or a .json file (default: the "
    "one recorded on spinn.mapping)">;

def SnnPartition : Pass<"snn-partition", "mlir::ModuleOp"> {
  let summary = "split populations into per-core slices with resource estimates";
  let description = [{
    For each `snn.network` without a mapping, creates a `spinn.mapping` and
    one `spinn.slice` per core's worth of neurons. The slice size is the
    largest n (at most the per-cell-type cap) whose DTCM (neuron state and
    input buffers), SDRAM (synaptic rows, from the connectors' expected row
    lengths; plastic rows are larger) and CPU (neuron updates plus synaptic
    events per timestep at the assumed firing rate) fit one core, and whose
    expected rows stay within 256 synapses.
  }];
  let options = [
    Option<"machine", "machine", "std::string", "\"spinn5\"",
           "machine description: a name in machines/ or a .json file">,
    Option<"atomsPerCore", "atoms-per-core", "int64_t", "0",
           "cap on neurons per core for every cell type (0: per-type default)">,
    ListOption<"cellAtoms", "cell-atoms", "std::string",
               "per-cell-type caps, e.g. Izhikevich=128">,
    Option<"spikeRate", "spike-rate", "double", "10.0",
           "assumed mean firing rate (Hz) of non-Poisson neurons, for the CPU "
           "budget">
  ];
  let dependentDialects = ["glia::spinn::SpinnDialect"];
}

def SnnPlace : Pass<"snn-place", "mlir::ModuleOp"> {
  let summary = "place slices on cores, keeping communicating slices close";
  let description = [{
    Orders populations so that each follows the one it exchanges most
    synapses with, lays the slices along a Hilbert curve of live chips
    (filling each chip's usable cores and respecting its SDRAM), then moves
    slices between chips when that lowers traffic x distance.
  }];
  let options = [MachineOption];
}

def SnnRoute : Pass<"snn-route", "mlir::ModuleOp"> {
  let summary = "build one multicast tree per source slice (NER)";
  let description = [{
    Sinks nearest the source first; each joins the nearest chip already in
    the tree by a longest-dimension-first path on the hexagonal mesh, or by a
    shortest path around dead chips and links. An unreachable sink is an
    error.
  }];
  let options = [MachineOption];
}

def SnnAllocateKeys : Pass<"snn-allocate-keys", "mlir::ModuleOp"> {
  let summary = "give every slice a routing key: | population | slice | neuron |";
  let description = [{
    Each population gets an aligned block of the 32-bit key space wide enough
    for its slices and its largest slice, so all its slices share a prefix.
  }];
}

def SpinnBuildRoutingTables
    : Pass<"spinn-build-routing-tables", "mlir::ModuleOp"> {
  let summary = "per-chip routing tables from the routes and keys";
  let description = [{
    One entry per (slice, chip) of each tree, then: drop entries the default
    route handles, and merge aligned blocks of a population's slices that
    leave the chip the same way.
  }];
}

def SpinnCompressRoutingTables
    : Pass<"spinn-compress-routing-tables", "mlir::ModuleOp"> {
  let summary = "compress tables to fit the router (Ordered Covering)";
  let description = [{
    Compresses each table that exceeds `fit` entries (default: the machine's
    router capacity) with GliaRouting's compressor, or every table fully with
    `full`; a table that still does not fit is an error.
  }];
  let options = [
    MachineOption,
    Option<"fit", "fit", "int64_t", "0",
           "entries a table must fit in (0: the machine's router capacity)">,
    Option<"full", "full", "bool", "false",
           "minimise every table, not only those that do not fit">
  ];
}

def SpinnCheckRouting : Pass<"spinn-check-routing", "mlir::ModuleOp"> {
  let summary = "prove that every slice's packets reach exactly its targets";
  let description = [{
    Follows each slice's keys from its core through the routing tables
    (first match, else straight on) and compares the cores reached with the
    cores of the slices its projections target: no loss, no extra delivery,
    no loop, no dead link.
  }];
  let options = [MachineOption];
}

#endif // GLIA_MAPPING_PASSES_TD
