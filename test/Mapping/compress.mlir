// spinn-compress-routing-tables: Ordered Covering (GliaRouting) merges
// entries of different populations that share a route, records the size
// before, and the routing is checked again afterwards.
// RUN: glia-opt %s --snn-route --snn-allocate-keys --spinn-build-routing-tables --spinn-compress-routing-tables=fit=1 --spinn-check-routing | FileCheck %s
// RUN: glia-opt %s --snn-route --snn-allocate-keys --spinn-build-routing-tables --spinn-compress-routing-tables=full=true | FileCheck %s
// RUN: glia-opt %s --snn-route --snn-allocate-keys --spinn-build-routing-tables --spinn-compress-routing-tables | FileCheck %s --check-prefix=FITS

// Two populations leave (0, 0) eastwards: one entry after compression.
// CHECK: spinn.table (0, 0) uncompressed 2 [0x00000000/0xffffffe0 from [] to [E]]
// Tables that already fit the router are left alone.
// FITS: spinn.table (0, 0) [0x00000000/0xfffffff0 from [] to [E], 0x00000010/0xfffffff0 from [] to [E]]
snn.network @two attributes {timestep = 1.0} {
  %a = snn.population "a" SpikeSourcePoisson : !snn.pop<10>
  %b = snn.population "b" SpikeSourcePoisson : !snn.pop<10>
  %t = snn.population "t" IF_curr_exp : !snn.pop<10>
  snn.projection @at (%a -> %t) #snn.all_to_all #snn.static<weight = 0.1, delay = 1.0> excitatory : !snn.pop<10> -> !snn.pop<10>
  snn.projection @bt (%b -> %t) #snn.all_to_all #snn.static<weight = 0.1, delay = 1.0> excitatory : !snn.pop<10> -> !snn.pop<10>
}
spinn.mapping @two on "spinn3" (2 x 2) {
  spinn.slice @a_0 "a" [0, 10) at (0, 0, 1) sdram 0 dtcm 0 cpu 0
  spinn.slice @b_0 "b" [0, 10) at (0, 0, 2) sdram 0 dtcm 0 cpu 0
  spinn.slice @t_0 "t" [0, 10) at (1, 0, 1) sdram 0 dtcm 0 cpu 0
}
