// Every spinn op prints and parses back: textual, generic and bytecode forms
// give the same IR.
// RUN: glia-opt %s | glia-opt | FileCheck %s
// RUN: glia-opt %s --mlir-print-op-generic | glia-opt | FileCheck %s
// RUN: glia-opt %s --emit-bytecode | glia-opt | FileCheck %s

snn.network @net attributes {timestep = 1.0} {
  %e = snn.population "exc" IF_curr_exp : !snn.pop<300>
}

// CHECK-LABEL: spinn.mapping @net on "spinn3"(2 x 2) {
spinn.mapping @net on "spinn3" (2 x 2) {
  // CHECK-NEXT: spinn.slice @exc_0 "exc" [0, 150) sdram 100 dtcm 200 cpu 300
  spinn.slice @exc_0 "exc" [0, 150) sdram 100 dtcm 200 cpu 300
  // CHECK-NEXT: spinn.slice @exc_1 "exc" [150, 300) at (1, 0, 17) key 0x00000100 mask 0xffffff00 sdram 100 dtcm 200 cpu 300 {note = "kept"}
  spinn.slice @exc_1 "exc" [150, 300) at (1, 0, 17) key 0x100 mask 0xffffff00 sdram 100 dtcm 200 cpu 300 {note = "kept"}
  // CHECK-NEXT: spinn.route @exc_1 [(1, 0) from local to [N, W, p2], (0, 0) from E to [p1, p3], (1, 1) from S to [p25]]
  spinn.route @exc_1 [(1, 0) from local to [N, W, p2], (0, 0) from E to [p3, p1], (1, 1) from S to [p25]]
  // CHECK-NEXT: spinn.table (0, 0) [0x00000100/0xffffff00 from [E] to [p1, p3], 0xffff0000/0xffff0000 from [E, N] to [NE, SW]]
  spinn.table (0, 0) [0x100/0xffffff00 from [E] to [p1, p3], 0xffff0000/0xffff0000 from [N, E] to [NE, SW]]
  // CHECK-NEXT: spinn.table (1, 0) uncompressed 7 []
  spinn.table (1, 0) uncompressed 7 []
}
