// snn-route: a sink no working link reaches is an error at its source slice.
// RUN: cd %S && glia-opt %s -split-input-file --snn-route -verify-diagnostics

snn.network @net attributes {timestep = 1.0} {
  %s = snn.population "src" SpikeSourcePoisson : !snn.pop<10>
  %t = snn.population "t" IF_curr_exp : !snn.pop<10>
  snn.projection @st (%s -> %t) #snn.all_to_all #snn.static<weight = 0.1, delay = 1.0> excitatory : !snn.pop<10> -> !snn.pop<10>
}
// Chip (1, 1) has lost its W, SW and S links: the only ones it has on a
// 2 x 2 board without wrap-around.
spinn.mapping @net on "Inputs/spinn3-deadlinks.json" (2 x 2) {
  // expected-error @below {{'spinn.slice' op cannot be routed: chip (1, 1) cannot be reached from chip (0, 0): no path over working links}}
  spinn.slice @src_0 "src" [0, 10) at (0, 0, 1) sdram 0 dtcm 0 cpu 0
  spinn.slice @t_0 "t" [0, 10) at (1, 1, 1) sdram 0 dtcm 0 cpu 0
}

// -----

snn.network @net attributes {timestep = 1.0} {
  %s = snn.population "src" SpikeSourcePoisson : !snn.pop<10>
}
spinn.mapping @net on "spinn3" (2 x 2) {
  // expected-error @below {{'spinn.slice' op is not placed: run snn-place first}}
  spinn.slice @src_0 "src" [0, 10) sdram 0 dtcm 0 cpu 0
}

// -----

snn.network @net attributes {timestep = 1.0} {
  %s = snn.population "src" SpikeSourcePoisson : !snn.pop<10>
}
spinn.mapping @net on "spinn3" (2 x 2) {
  // expected-error @below {{'spinn.slice' op slices of population 'src' end at 5, it has 10 neurons}}
  spinn.slice @src_0 "src" [0, 5) at (0, 0, 1) sdram 0 dtcm 0 cpu 0
}

// -----

// expected-error @below {{machine 'spinn5' is 8 x 8, the mapping was made for 2 x 2}}
spinn.mapping @net on "spinn5" (2 x 2) {
}
snn.network @net attributes {timestep = 1.0} {
}
