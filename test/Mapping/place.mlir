// snn-place: populations in order of how much they talk to each other
// (d -> c 5000 synapses, d -> a 3000, a -> b 600), filling chips along a
// Hilbert curve: (0, 0), (0, 1), (1, 1), (1, 0). Core 0 is the monitor.
// RUN: glia-opt %s --snn-partition="machine=spinn3 atoms-per-core=20" --snn-place | FileCheck %s
// RUN: glia-opt %s --snn-partition="machine=%S/Inputs/spinn3-faulty.json atoms-per-core=20" --snn-place | FileCheck %s --check-prefix=FAULTY
// RUN: glia-opt %s --snn-partition="machine=%S/Inputs/spinn3-faulty.json atoms-per-core=20" --snn-place | not grep "at (1, 0, "

// CHECK: spinn.slice @a_0 "a" [0, 20) at (0, 0, 11)
// CHECK: spinn.slice @a_6 "a" [120, 140) at (0, 0, 17)
// CHECK: spinn.slice @a_7 "a" [140, 160) at (0, 1, 1)
// CHECK: spinn.slice @b_8 "b" [160, 180) at (0, 1, 17)
// CHECK: spinn.slice @b_9 "b" [180, 200) at (1, 1, 1)
// CHECK: spinn.slice @c_0 "c" [0, 20) at (0, 0, 6)
// CHECK: spinn.slice @d_0 "d" [0, 20) at (0, 0, 1)

// Dead cores 1 and 2 of (0, 0) and dead chip (1, 0) are skipped.
// FAULTY: spinn.slice @a_4 "a" [80, 100) at (0, 0, 17)
// FAULTY: spinn.slice @a_5 "a" [100, 120) at (0, 1, 1)
// FAULTY: spinn.slice @b_9 "b" [180, 200) at (1, 1, 3)
// FAULTY: spinn.slice @d_0 "d" [0, 20) at (0, 0, 3)
snn.network @net attributes {timestep = 1.0} {
  %a = snn.population "a" IF_curr_exp : !snn.pop<300>
  %b = snn.population "b" IF_curr_exp : !snn.pop<200>
  %c = snn.population "c" IF_curr_exp : !snn.pop<100>
  %d = snn.population "d" IF_curr_exp : !snn.pop<100>
  snn.projection @cd (%c -> %d) #snn.fixed_probability<p = 0.5> #snn.static<weight = 0.1, delay = 1.0> excitatory : !snn.pop<100> -> !snn.pop<100>
  snn.projection @da (%d -> %a) #snn.fixed_probability<p = 0.1> #snn.static<weight = 0.1, delay = 1.0> excitatory : !snn.pop<100> -> !snn.pop<300>
  snn.projection @ab (%a -> %b) #snn.fixed_probability<p = 0.01> #snn.static<weight = 0.1, delay = 1.0> excitatory : !snn.pop<300> -> !snn.pop<200>
}
