// spinn-check-routing: every slice's keys are followed through the tables
// from its core; lost, misdelivered, extra, looping and dead-link packets
// are each reported.
// RUN: cd %S && glia-opt %s -split-input-file --spinn-check-routing -verify-diagnostics

snn.network @n attributes {timestep = 1.0} {
  %s = snn.population "s" SpikeSourcePoisson : !snn.pop<10>
  %t = snn.population "t" IF_curr_exp : !snn.pop<10>
  snn.projection @st (%s -> %t) #snn.all_to_all #snn.static<weight = 0.1, delay = 1.0> excitatory : !snn.pop<10> -> !snn.pop<10>
}
// A correct mapping passes: (0, 0) sends east, (1, 0) delivers to p1.
spinn.mapping @n on "spinn3" (2 x 2) {
  spinn.slice @s_0 "s" [0, 10) at (0, 0, 1) key 0x0 mask 0xfffffff0 sdram 0 dtcm 0 cpu 0
  spinn.slice @t_0 "t" [0, 10) at (1, 0, 1) key 0x10 mask 0xfffffff0 sdram 0 dtcm 0 cpu 0
  spinn.table (0, 0) [0x0/0xfffffff0 from [] to [E]]
  spinn.table (1, 0) [0x0/0xfffffff0 from [W] to [p1]]
}

// -----

snn.network @n attributes {timestep = 1.0} {
  %s = snn.population "s" SpikeSourcePoisson : !snn.pop<10>
  %t = snn.population "t" IF_curr_exp : !snn.pop<10>
  snn.projection @st (%s -> %t) #snn.all_to_all #snn.static<weight = 0.1, delay = 1.0> excitatory : !snn.pop<10> -> !snn.pop<10>
}
// expected-error @below {{routing check failed: @s_0 (key 0x00000000) has no entry at its source chip (0, 0): the router drops its packets}}
spinn.mapping @n on "spinn3" (2 x 2) {
  spinn.slice @s_0 "s" [0, 10) at (0, 0, 1) key 0x0 mask 0xfffffff0 sdram 0 dtcm 0 cpu 0
  spinn.slice @t_0 "t" [0, 10) at (1, 0, 1) key 0x10 mask 0xfffffff0 sdram 0 dtcm 0 cpu 0
  spinn.table (1, 0) [0x0/0xfffffff0 from [W] to [p1]]
}

// -----

snn.network @n attributes {timestep = 1.0} {
  %s = snn.population "s" SpikeSourcePoisson : !snn.pop<10>
  %t = snn.population "t" IF_curr_exp : !snn.pop<10>
  snn.projection @st (%s -> %t) #snn.all_to_all #snn.static<weight = 0.1, delay = 1.0> excitatory : !snn.pop<10> -> !snn.pop<10>
}
// expected-error @below {{routing check failed: @s_0 (key 0x00000000) never reaches core p1 of chip (1, 0)}}
spinn.mapping @n on "spinn3" (2 x 2) {
  spinn.slice @s_0 "s" [0, 10) at (0, 0, 1) key 0x0 mask 0xfffffff0 sdram 0 dtcm 0 cpu 0
  spinn.slice @t_0 "t" [0, 10) at (1, 0, 1) key 0x10 mask 0xfffffff0 sdram 0 dtcm 0 cpu 0
  spinn.table (0, 0) [0x0/0xfffffff0 from [] to [E]]
  spinn.table (1, 0) [0x0/0xfffffff0 from [W] to [p2]]
}

// -----

snn.network @n attributes {timestep = 1.0} {
  %s = snn.population "s" SpikeSourcePoisson : !snn.pop<10>
  %t = snn.population "t" IF_curr_exp : !snn.pop<10>
  snn.projection @st (%s -> %t) #snn.all_to_all #snn.static<weight = 0.1, delay = 1.0> excitatory : !snn.pop<10> -> !snn.pop<10>
}
// expected-error @below {{routing check failed: @s_0 (key 0x00000000) also reaches core p3 of chip (0, 0), which is not a target}}
spinn.mapping @n on "spinn3" (2 x 2) {
  spinn.slice @s_0 "s" [0, 10) at (0, 0, 1) key 0x0 mask 0xfffffff0 sdram 0 dtcm 0 cpu 0
  spinn.slice @t_0 "t" [0, 10) at (1, 0, 1) key 0x10 mask 0xfffffff0 sdram 0 dtcm 0 cpu 0
  spinn.table (0, 0) [0x0/0xfffffff0 from [] to [E, p3]]
  spinn.table (1, 0) [0x0/0xfffffff0 from [W] to [p1]]
}

// -----

snn.network @n attributes {timestep = 1.0} {
  %s = snn.population "s" SpikeSourcePoisson : !snn.pop<10>
  %t = snn.population "t" IF_curr_exp : !snn.pop<10>
  snn.projection @st (%s -> %t) #snn.all_to_all #snn.static<weight = 0.1, delay = 1.0> excitatory : !snn.pop<10> -> !snn.pop<10>
}
// expected-error @below {{routing check failed: @s_0 (key 0x00000000) reaches chip (0, 0) twice (a loop or a duplicate path)}}
spinn.mapping @n on "spinn3" (2 x 2) {
  spinn.slice @s_0 "s" [0, 10) at (0, 0, 1) key 0x0 mask 0xfffffff0 sdram 0 dtcm 0 cpu 0
  spinn.slice @t_0 "t" [0, 10) at (1, 0, 1) key 0x10 mask 0xfffffff0 sdram 0 dtcm 0 cpu 0
  spinn.table (0, 0) [0x0/0xfffffff0 from [] to [E]]
  spinn.table (1, 0) [0x0/0xfffffff0 from [W] to [W, p1]]
}

// -----

snn.network @n attributes {timestep = 1.0} {
  %s = snn.population "s" SpikeSourcePoisson : !snn.pop<10>
  %t = snn.population "t" IF_curr_exp : !snn.pop<10>
  snn.projection @st (%s -> %t) #snn.all_to_all #snn.static<weight = 0.1, delay = 1.0> excitatory : !snn.pop<10> -> !snn.pop<10>
}
// The (0, 0) -> (1, 1) link is dead on this machine.
// expected-error @below {{routing check failed: @s_0 (key 0x00000000) is sent over link NE of chip (0, 0), which is dead or leads off the machine}}
spinn.mapping @n on "Inputs/spinn3-detour.json" (2 x 2) {
  spinn.slice @s_0 "s" [0, 10) at (0, 0, 1) key 0x0 mask 0xfffffff0 sdram 0 dtcm 0 cpu 0
  spinn.slice @t_0 "t" [0, 10) at (1, 1, 1) key 0x10 mask 0xfffffff0 sdram 0 dtcm 0 cpu 0
  spinn.table (0, 0) [0x0/0xfffffff0 from [] to [NE]]
  spinn.table (1, 1) [0x0/0xfffffff0 from [SW] to [p1]]
}

// -----

snn.network @n attributes {timestep = 1.0} {
  %s = snn.population "s" SpikeSourcePoisson : !snn.pop<10>
  %t = snn.population "t" IF_curr_exp : !snn.pop<10>
  snn.projection @st (%s -> %t) #snn.all_to_all #snn.static<weight = 0.1, delay = 1.0> excitatory : !snn.pop<10> -> !snn.pop<10>
}
// An entry for neuron 3 alone splits the slice's keys: they are then
// checked one by one, and key 3 goes astray.
// expected-error @below {{routing check failed: @s_0 (key 0x00000003) never reaches core p1 of chip (1, 0)}}
spinn.mapping @n on "spinn3" (2 x 2) {
  spinn.slice @s_0 "s" [0, 10) at (0, 0, 1) key 0x0 mask 0xfffffff0 sdram 0 dtcm 0 cpu 0
  spinn.slice @t_0 "t" [0, 10) at (1, 0, 1) key 0x10 mask 0xfffffff0 sdram 0 dtcm 0 cpu 0
  spinn.table (0, 0) [0x3/0xffffffff from [] to [N], 0x0/0xfffffff0 from [] to [E]]
  spinn.table (1, 0) [0x0/0xfffffff0 from [W] to [p1]]
  spinn.table (0, 1) [0x3/0xffffffff from [S] to [p5]]
}

// -----

// A hand-written mapping may name a core the machine lacks (spinn3's chips
// run applications on cores 1-17) or its monitor, core 0.
snn.network @n attributes {timestep = 1.0} {
  %s = snn.population "s" SpikeSourcePoisson : !snn.pop<10>
  %t = snn.population "t" IF_curr_exp : !snn.pop<10>
  snn.projection @st (%s -> %t) #snn.all_to_all #snn.static<weight = 0.1, delay = 1.0> excitatory : !snn.pop<10> -> !snn.pop<10>
}
spinn.mapping @n on "spinn3" (2 x 2) {
  spinn.slice @s_0 "s" [0, 10) at (0, 0, 1) key 0x0 mask 0xfffffff0 sdram 0 dtcm 0 cpu 0
  // expected-error @below {{'spinn.slice' op is placed on core (1, 0, 25), which is not a working application core of machine 'spinn3'}}
  spinn.slice @t_0 "t" [0, 10) at (1, 0, 25) key 0x10 mask 0xfffffff0 sdram 0 dtcm 0 cpu 0
  spinn.table (0, 0) [0x0/0xfffffff0 from [] to [E]]
  spinn.table (1, 0) [0x0/0xfffffff0 from [W] to [p25]]
}
