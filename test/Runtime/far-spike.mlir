// A spike time no run reaches (runs have fewer than 2^31 steps) is kept, as
// PyNN keeps it, and never fires; its step used to overflow in the plan
// lowering, and `glia run` refused the network with an internal error. The
// board image holds it too.
// RUN: glia run %s --duration 5ms -o %t.csv --quiet
// RUN: FileCheck %s < %t.csv
// RUN: rm -rf %t.image && glia compile %s --machine spinn5 -o %t.image > /dev/null
// RUN: glia emulate %t.image --duration 5ms -o %t.emulated.csv --quiet
// RUN: FileCheck %s < %t.emulated.csv

snn.network @far attributes {timestep = 0.1} {
  %s = snn.population "src" SpikeSourceArray params {spike_times = #snn.spike_trains<offsets = dense<[0, 2, 3]> : tensor<3xi64>, times = dense<[1.0, 1.0e308, 1.0e300]> : tensor<3xf64>>} : !snn.pop<2>
  snn.record %s ["spikes"] : !snn.pop<2>
}

// CHECK: population,variable,neuron,time_ms,value
// CHECK-NEXT: src,spikes,0,1,
// CHECK-NOT: src
