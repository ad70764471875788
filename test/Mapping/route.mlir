// snn-route: one NER tree per source slice on hand-placed slices.
// RUN: cd %S && glia-opt %s -split-input-file --snn-route | FileCheck %s

// Sinks nearest first, each joined to the nearest tree chip by a
// longest-dimension-first path; the local sink gets core p2 at the source.
// CHECK-LABEL: spinn.mapping @fan on "spinn5"
// CHECK: spinn.route @src_0 [(0, 0) from local to [E, N, p2], (1, 0) from W to [E], (2, 0) from W to [NE], (3, 1) from SW to [N, p1], (0, 1) from S to [N], (0, 2) from S to [NE], (1, 3) from SW to [p2], (3, 2) from S to [N], (3, 3) from S to [NE], (4, 4) from SW to [p3]]
// A slice nobody listens to gets no route.
// CHECK-NOT: spinn.route @t
snn.network @fan attributes {timestep = 1.0} {
  %s = snn.population "src" SpikeSourcePoisson : !snn.pop<10>
  %t = snn.population "t" IF_curr_exp : !snn.pop<40>
  snn.projection @st (%s -> %t) #snn.all_to_all #snn.static<weight = 0.1, delay = 1.0> excitatory : !snn.pop<10> -> !snn.pop<40>
}
spinn.mapping @fan on "spinn5" (8 x 8) {
  spinn.slice @src_0 "src" [0, 10) at (0, 0, 1) sdram 0 dtcm 0 cpu 0
  spinn.slice @t_0 "t" [0, 10) at (3, 1, 1) sdram 0 dtcm 0 cpu 0
  spinn.slice @t_1 "t" [10, 20) at (1, 3, 2) sdram 0 dtcm 0 cpu 0
  spinn.slice @t_2 "t" [20, 30) at (4, 4, 3) sdram 0 dtcm 0 cpu 0
  spinn.slice @t_3 "t" [30, 40) at (0, 0, 2) sdram 0 dtcm 0 cpu 0
}

// -----

// The (0, 0) -> (1, 1) link is dead: the route goes round by (0, 1).
// CHECK-LABEL: spinn.mapping @detour
// CHECK: spinn.route @src_0 [(0, 0) from local to [N], (0, 1) from S to [E], (1, 1) from W to [p1]]
snn.network @detour attributes {timestep = 1.0} {
  %s = snn.population "src" SpikeSourcePoisson : !snn.pop<10>
  %t = snn.population "t" IF_curr_exp : !snn.pop<10>
  snn.projection @st (%s -> %t) #snn.one_to_one #snn.static<weight = 0.1, delay = 1.0> excitatory : !snn.pop<10> -> !snn.pop<10>
}
spinn.mapping @detour on "Inputs/spinn3-detour.json" (2 x 2) {
  spinn.slice @src_0 "src" [0, 10) at (0, 0, 1) sdram 0 dtcm 0 cpu 0
  spinn.slice @t_0 "t" [0, 10) at (1, 1, 1) sdram 0 dtcm 0 cpu 0
}

// -----

// One-to-one: slice [0, 5) of the source reaches only post slice [0, 5).
// CHECK-LABEL: spinn.mapping @one
// CHECK: spinn.route @src_0 [(0, 0) from local to [p3]]
// CHECK: spinn.route @src_1 [(0, 0) from local to [E], (1, 0) from W to [p4]]
snn.network @one attributes {timestep = 1.0} {
  %s = snn.population "src" SpikeSourcePoisson : !snn.pop<10>
  %t = snn.population "t" IF_curr_exp : !snn.pop<10>
  snn.projection @st (%s -> %t) #snn.one_to_one #snn.static<weight = 0.1, delay = 1.0> excitatory : !snn.pop<10> -> !snn.pop<10>
}
spinn.mapping @one on "spinn3" (2 x 2) {
  spinn.slice @src_0 "src" [0, 5) at (0, 0, 1) sdram 0 dtcm 0 cpu 0
  spinn.slice @src_1 "src" [5, 10) at (0, 0, 2) sdram 0 dtcm 0 cpu 0
  spinn.slice @t_0 "t" [0, 5) at (0, 0, 3) sdram 0 dtcm 0 cpu 0
  spinn.slice @t_1 "t" [5, 10) at (1, 0, 4) sdram 0 dtcm 0 cpu 0
}
