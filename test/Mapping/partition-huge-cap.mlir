// A cap on atoms per core beyond a population's size changes no slice: the
// largest int64, from the pass options or from `glia compile`, partitions
// like a cap of the population's size (the budget decides: rows of at most
// 256 synapses), and estimating slices that large does not overflow.
// RUN: glia-opt %s --snn-partition="atoms-per-core=9223372036854775807" | FileCheck %s
// RUN: glia-opt %s --snn-partition="atoms-per-core=3000" | FileCheck %s
// RUN: glia-opt %s --snn-partition="cell-atoms=IF_curr_exp=9223372036854775807,SpikeSourcePoisson=9223372036854775807" | FileCheck %s
// RUN: rm -rf %t && glia compile %s --machine spinn5 --atoms-per-core 9223372036854775807 -o %t
// RUN: FileCheck %s < %t/mapping.mlir

// CHECK:      spinn.slice @src_0 "src" [0, 4)
// CHECK-NEXT: spinn.slice @big_0 "big" [0, 250)
// CHECK:      spinn.slice @big_11 "big" [2750, 3000)
// CHECK-NEXT: spinn.slice @astro_0 "astro" [0, 2)
snn.network @n attributes {timestep = 1.0} {
  %s = snn.population "src" SpikeSourcePoisson params {rate = 10.0} : !snn.pop<4>
  %p = snn.population "big" IF_curr_exp : !snn.pop<3000>
  snn.projection @sp (%s -> %p) #snn.all_to_all #snn.static<weight = 0.1, delay = 1.0> excitatory : !snn.pop<4> -> !snn.pop<3000>
  %a = snn.astrocytes "astro" leaky_integrator : !snn.astro<2>
  snn.astro_listen %a from %p weight 0.1 : !snn.astro<2>, !snn.pop<3000>
}
