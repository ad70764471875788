// Astrocytes are partitioned, placed, keyed and routed like neurons
// (docs/astrocytes.md, "On the board"): their slices receive the spikes of
// the source slices whose neurons lie in their domains (listen), and send
// payloads to the slices holding their domains' neurons (inject, modulate).
// RUN: glia-opt %s --snn-partition="atoms-per-core=2" --snn-place --snn-route --snn-allocate-keys --spinn-build-routing-tables --spinn-check-routing | FileCheck %s

// Astrocytes [0, 1) and [1, 3) of 3 on two cores, with their own keys.
// CHECK-DAG: spinn.slice @a_0 "a" [0, 1) at (0, 0, [[A0:[0-9]+]]) key {{.*}} sdram 4096 dtcm 8240 cpu 1111
// CHECK-DAG: spinn.slice @a_1 "a" [1, 3) at (0, 0, [[A1:[0-9]+]]) key
// CHECK-DAG: spinn.slice @n_0 "n" [0, 2) at (0, 0, [[N0:[0-9]+]])
// CHECK-DAG: spinn.slice @n_1 "n" [2, 4) at (0, 0, [[N1:[0-9]+]])
// CHECK-DAG: spinn.slice @n_2 "n" [4, 6) at (0, 0, [[N2:[0-9]+]])
// The listened projection's pre slice of 8 splits into domains [0, 2),
// [2, 5), [5, 8): input_0 reaches astrocyte 0 only, the others astrocytes
// 1 and 2 (both on a_1).
// CHECK-DAG: spinn.route @input_0 [(0, 0) from local to [{{.*}}p[[A0]]]]
// CHECK-DAG: spinn.route @input_1 [(0, 0) from local to [{{.*}}p[[A1]]]]
// The injection's target (n[0:6]) splits into domains [0, 2), [2, 4),
// [4, 6): a_0 sends to n_0, a_1 to n_1 and n_2; n_3 .. n_5 take nothing.
// CHECK-DAG: spinn.route @a_0 [(0, 0) from local to [p[[N0]]]]
// CHECK-DAG: spinn.route @a_1 [(0, 0) from local to [p[[N1]], p[[N2]]]]

snn.network @astro attributes {timestep = 1.0 : f64} {
  %in = snn.population "input" SpikeSourcePoisson : !snn.pop<8>
  %n = snn.population "n" IF_curr_exp : !snn.pop<12>
  snn.projection @drive (%in -> %n) #snn.all_to_all #snn.static<weight = 0.5, delay = 1.0> excitatory : !snn.pop<8> -> !snn.pop<12>
  %front = snn.view %n[0:6] : !snn.pop<12>
  %a = snn.astrocytes "a" leaky_integrator : !snn.astro<3>
  snn.astro_listen %a from @drive weight 0.1 : !snn.astro<3>
  snn.astro_inject %a into %front gain 0.1 : !snn.astro<3>, !snn.pop<6>
}
