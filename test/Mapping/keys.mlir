// snn-allocate-keys: | population | slice | neuron |, each population an
// aligned block, largest first: b (1 slice of 1000: 10 neuron bits) at 0,
// a (3 slices of 100: 2 + 7 bits) at 0x400, c (5 slices of 20: 3 + 5 bits)
// at 0x600.
// RUN: glia-opt %s --snn-allocate-keys | FileCheck %s

// CHECK: spinn.slice @a_0 "a" [0, 100) key 0x00000400 mask 0xffffff80
// CHECK: spinn.slice @a_1 "a" [100, 200) key 0x00000480 mask 0xffffff80
// CHECK: spinn.slice @a_2 "a" [200, 300) key 0x00000500 mask 0xffffff80
// CHECK: spinn.slice @b_0 "b" [0, 1000) key 0x00000000 mask 0xfffffc00
// CHECK: spinn.slice @c_0 "c" [0, 20) key 0x00000600 mask 0xffffffe0
// CHECK: spinn.slice @c_4 "c" [80, 100) key 0x00000680 mask 0xffffffe0
snn.network @net attributes {timestep = 1.0} {
  %a = snn.population "a" IF_curr_exp : !snn.pop<300>
  %b = snn.population "b" IF_curr_exp : !snn.pop<1000>
  %c = snn.population "c" IF_curr_exp : !snn.pop<100>
}
spinn.mapping @net on "spinn5" (8 x 8) {
  spinn.slice @a_0 "a" [0, 100) sdram 0 dtcm 0 cpu 0
  spinn.slice @a_1 "a" [100, 200) sdram 0 dtcm 0 cpu 0
  spinn.slice @a_2 "a" [200, 300) sdram 0 dtcm 0 cpu 0
  spinn.slice @b_0 "b" [0, 1000) sdram 0 dtcm 0 cpu 0
  spinn.slice @c_0 "c" [0, 20) sdram 0 dtcm 0 cpu 0
  spinn.slice @c_1 "c" [20, 40) sdram 0 dtcm 0 cpu 0
  spinn.slice @c_2 "c" [40, 60) sdram 0 dtcm 0 cpu 0
  spinn.slice @c_3 "c" [60, 80) sdram 0 dtcm 0 cpu 0
  spinn.slice @c_4 "c" [80, 100) sdram 0 dtcm 0 cpu 0
}
