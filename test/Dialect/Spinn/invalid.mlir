// One case per verifier rule of the spinn dialect.
// RUN: glia-opt %s -split-input-file -verify-diagnostics

spinn.mapping @n on "spinn3" (2 x 2) {
  // expected-error @below {{'spinn.slice' op needs 0 <= lo < hi, got [5, 5)}}
  spinn.slice @a "a" [5, 5) sdram 0 dtcm 0 cpu 0
}

// -----

spinn.mapping @n on "spinn3" (2 x 2) {
  // expected-error @below {{'spinn.slice' op chip (2, 0) is outside the 2 x 2 machine}}
  spinn.slice @a "a" [0, 5) at (2, 0, 1) sdram 0 dtcm 0 cpu 0
}

// -----

spinn.mapping @n on "spinn3" (2 x 2) {
  // expected-error @below {{'spinn.slice' op core 26 is outside [0, 26)}}
  spinn.slice @a "a" [0, 5) at (1, 0, 26) sdram 0 dtcm 0 cpu 0
}

// -----

spinn.mapping @n on "spinn3" (2 x 2) {
  // expected-error @below {{'spinn.slice' op key 0x00000101 has bits outside mask 0xffffff00}}
  spinn.slice @a "a" [0, 5) key 0x101 mask 0xffffff00 sdram 0 dtcm 0 cpu 0
}

// -----

spinn.mapping @n on "spinn3" (2 x 2) {
  // expected-error @below {{'spinn.slice' op mask leaves room for 16 neuron keys, the slice has 20}}
  spinn.slice @a "a" [0, 20) key 0x0 mask 0xfffffff0 sdram 0 dtcm 0 cpu 0
}

// -----

spinn.mapping @n on "spinn3" (2 x 2) {
  // expected-error @below {{'spinn.slice' op resource estimates must be >= 0}}
  spinn.slice @a "a" [0, 20) sdram -1 dtcm 0 cpu 0
}

// -----

spinn.mapping @n on "spinn3" (2 x 2) {
  spinn.slice @a "a" [0, 20) sdram 0 dtcm 0 cpu 0
  // expected-error @below {{'spinn.route' op the first node must be the source chip (from local)}}
  spinn.route @a [(0, 0) from E to [p1]]
}

// -----

spinn.mapping @n on "spinn3" (2 x 2) {
  spinn.slice @a "a" [0, 20) sdram 0 dtcm 0 cpu 0
  // expected-error @below {{'spinn.route' op visits chip (0, 0) twice}}
  spinn.route @a [(0, 0) from local to [E], (1, 0) from W to [W], (0, 0) from E to [p1]]
}

// -----

spinn.mapping @n on "spinn3" (2 x 2) {
  spinn.slice @a "a" [0, 20) sdram 0 dtcm 0 cpu 0
  // expected-error @below {{'spinn.route' op node (1, 0) comes from W, but no earlier node sends to it}}
  spinn.route @a [(0, 0) from local to [N], (1, 0) from W to [p1], (0, 1) from S to [p1]]
}

// -----

spinn.mapping @n on "spinn3" (2 x 2) {
  spinn.slice @a "a" [0, 20) sdram 0 dtcm 0 cpu 0
  // expected-error @below {{'spinn.route' op node (0, 0) sends NE to a chip that is not in the tree}}
  spinn.route @a [(0, 0) from local to [E, NE], (1, 0) from W to [p1]]
}

// -----

spinn.mapping @n on "spinn3" (2 x 2) {
  // expected-error @below {{'spinn.route' op source @missing is not a slice}}
  spinn.route @missing [(0, 0) from local to [p1]]
}

// -----

spinn.mapping @n on "spinn3" (2 x 2) {
  spinn.slice @a "a" [0, 20) sdram 0 dtcm 0 cpu 0
  // expected-error @below {{expected a link (E, NE, N, W, SW, S) or a core (p0 .. p25)}}
  spinn.route @a [(0, 0) from local to [p26]]
}

// -----

spinn.mapping @n on "spinn3" (2 x 2) {
  // expected-error @below {{'spinn.table' op entry 1: key 0x00000011 has bits outside mask 0xfffffff0}}
  spinn.table (0, 0) [0x0/0xffffff00 from [] to [p1], 0x11/0xfffffff0 from [] to [p1]]
}

// -----

spinn.mapping @n on "spinn3" (2 x 2) {
  spinn.table (0, 0) [0x0/0xffffff00 from [] to [p1]]
  // expected-error @below {{'spinn.table' op a second table for chip (0, 0)}}
  spinn.table (0, 0) [0x100/0xffffff00 from [] to [p1]]
}

// -----

// The widest grid a mapping can name: the link's neighbour wraps without
// overflowing (UBSan caught x + 1 + width in 32 bits).
spinn.mapping @n on "spinn3" (2147483647 x 2) {
  spinn.slice @a "a" [0, 10) at (0, 0, 1) sdram 0 dtcm 0 cpu 0
  // expected-error @below {{'spinn.route' op node (0, 0) sends E to a chip that is not in the tree}}
  spinn.route @a [(0, 0) from local to [E]]
}

// -----

spinn.mapping @n on "spinn3" (2 x 2) {
  // expected-note @below {{placed here}}
  spinn.slice @a "a" [0, 10) at (0, 0, 1) sdram 0 dtcm 0 cpu 0
  // expected-error @below {{'spinn.slice' op is placed on core (0, 0, 1), which holds @a}}
  spinn.slice @b "b" [0, 10) at (0, 0, 1) sdram 0 dtcm 0 cpu 0
}
