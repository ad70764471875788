// spinn-compress-routing-tables must not let a merge capture keys that the
// default route carries. On chip (1, 0), a (key 0x00) and c (key 0x30) both
// leave by [E, p3]; merging them (0x00/0xffffffc0) would also catch b
// (0x10), which only passes through from W to E and has no entry there, and
// deliver it to p3 as well. The compressor is given b's default-routed entry
// and keeps a and c apart; the routing check confirms it.
// RUN: cd %S && glia-opt %s --snn-route --snn-allocate-keys --spinn-build-routing-tables --spinn-compress-routing-tables=full=true --spinn-check-routing | FileCheck %s

// CHECK: spinn.slice @a_0 "a" [0, 10) at (1, 0, 1) key 0x00000000
// CHECK: spinn.slice @b_0 "b" [0, 10) at (0, 0, 1) key 0x00000010
// CHECK: spinn.slice @c_0 "c" [0, 10) at (1, 0, 2) key 0x00000030
// CHECK: spinn.table (1, 0) uncompressed 2 [
// CHECK-NOT: 0xffffffc0
// CHECK-SAME: ]
snn.network @n attributes {timestep = 1.0} {
  %a = snn.population "a" SpikeSourcePoisson : !snn.pop<10>
  %b = snn.population "b" SpikeSourcePoisson : !snn.pop<10>
  %t = snn.population "t" IF_curr_exp : !snn.pop<10>
  %c = snn.population "c" SpikeSourcePoisson : !snn.pop<10>
  %u = snn.population "u" IF_curr_exp : !snn.pop<10>
  snn.projection @at (%a -> %t) #snn.all_to_all #snn.static<weight = 0.1, delay = 1.0> excitatory : !snn.pop<10> -> !snn.pop<10>
  snn.projection @au (%a -> %u) #snn.all_to_all #snn.static<weight = 0.1, delay = 1.0> excitatory : !snn.pop<10> -> !snn.pop<10>
  snn.projection @bt (%b -> %t) #snn.all_to_all #snn.static<weight = 0.1, delay = 1.0> excitatory : !snn.pop<10> -> !snn.pop<10>
  snn.projection @ct (%c -> %t) #snn.all_to_all #snn.static<weight = 0.1, delay = 1.0> excitatory : !snn.pop<10> -> !snn.pop<10>
  snn.projection @cu (%c -> %u) #snn.all_to_all #snn.static<weight = 0.1, delay = 1.0> excitatory : !snn.pop<10> -> !snn.pop<10>
}
spinn.mapping @n on "Inputs/line4.json" (4 x 1) {
  spinn.slice @a_0 "a" [0, 10) at (1, 0, 1) sdram 0 dtcm 0 cpu 0
  spinn.slice @b_0 "b" [0, 10) at (0, 0, 1) sdram 0 dtcm 0 cpu 0
  spinn.slice @t_0 "t" [0, 10) at (3, 0, 1) sdram 0 dtcm 0 cpu 0
  spinn.slice @c_0 "c" [0, 10) at (1, 0, 2) sdram 0 dtcm 0 cpu 0
  spinn.slice @u_0 "u" [0, 10) at (1, 0, 3) sdram 0 dtcm 0 cpu 0
}
