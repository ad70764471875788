// spinn-build-routing-tables on a line of four chips: slices of one
// population that leave a chip the same way share one entry; entries that
// arrive on W and leave on E only are left to the default route (chip
// (2, 0) needs no table at all); the routing check then passes.
// RUN: cd %S && glia-opt %s --snn-route --snn-allocate-keys --spinn-build-routing-tables --spinn-check-routing | FileCheck %s

// CHECK: spinn.slice @s_0 "s" [0, 10) at (0, 0, 1) key 0x00000000 mask 0xfffffff0
// CHECK: spinn.slice @s_2 "s" [20, 30) at (1, 0, 1) key 0x00000020 mask 0xfffffff0
// CHECK: spinn.route @s_0 [(0, 0) from local to [E], (1, 0) from W to [E], (2, 0) from W to [E], (3, 0) from W to [p1]]
// CHECK: spinn.route @s_2 [(1, 0) from local to [E], (2, 0) from W to [E], (3, 0) from W to [p1]]
// CHECK: spinn.table (0, 0) [0x00000000/0xffffffc0 from [] to [E]]
// CHECK-NEXT: spinn.table (1, 0) [0x00000020/0xffffffe0 from [] to [E]]
// CHECK-NEXT: spinn.table (3, 0) [0x00000000/0xffffffc0 from [W] to [p1]]
// CHECK-NOT: spinn.table
snn.network @line attributes {timestep = 1.0} {
  %s = snn.population "s" SpikeSourcePoisson : !snn.pop<40>
  %t = snn.population "t" IF_curr_exp : !snn.pop<10>
  snn.projection @st (%s -> %t) #snn.all_to_all #snn.static<weight = 0.1, delay = 1.0> excitatory : !snn.pop<40> -> !snn.pop<10>
}
spinn.mapping @line on "Inputs/line4.json" (4 x 1) {
  spinn.slice @s_0 "s" [0, 10) at (0, 0, 1) sdram 0 dtcm 0 cpu 0
  spinn.slice @s_1 "s" [10, 20) at (0, 0, 2) sdram 0 dtcm 0 cpu 0
  spinn.slice @s_2 "s" [20, 30) at (1, 0, 1) sdram 0 dtcm 0 cpu 0
  spinn.slice @s_3 "s" [30, 40) at (1, 0, 2) sdram 0 dtcm 0 cpu 0
  spinn.slice @t_0 "t" [0, 10) at (3, 0, 1) sdram 0 dtcm 0 cpu 0
}
