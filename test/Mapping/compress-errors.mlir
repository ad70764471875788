// spinn-compress-routing-tables: a table that cannot be compressed to fit is
// an error naming the chip, the sizes and the shortfall.
// RUN: glia-opt %s --snn-route --snn-allocate-keys --spinn-build-routing-tables --spinn-compress-routing-tables=fit=1 -verify-diagnostics

snn.network @split attributes {timestep = 1.0} {
  %s = snn.population "s" SpikeSourcePoisson : !snn.pop<20>
  %t = snn.population "t" IF_curr_exp : !snn.pop<10>
  %u = snn.population "u" IF_curr_exp : !snn.pop<10>
  %s0 = snn.view %s[0:10] : !snn.pop<20>
  %s1 = snn.view %s[10:20] : !snn.pop<20>
  snn.projection @st (%s0 -> %t) #snn.all_to_all #snn.static<weight = 0.1, delay = 1.0> excitatory : !snn.pop<10> -> !snn.pop<10>
  snn.projection @su (%s1 -> %u) #snn.all_to_all #snn.static<weight = 0.1, delay = 1.0> excitatory : !snn.pop<10> -> !snn.pop<10>
}
// The two slices of s leave (0, 0) by different links: no single entry can
// route both.
// expected-error @below {{'spinn.table' op chip (0, 0): 2 routing entries after compression (from 2), the router holds 1 (over by 1)}}
spinn.mapping @split on "spinn3" (2 x 2) {
  spinn.slice @s_0 "s" [0, 10) at (0, 0, 1) sdram 0 dtcm 0 cpu 0
  spinn.slice @s_1 "s" [10, 20) at (0, 0, 2) sdram 0 dtcm 0 cpu 0
  spinn.slice @t_0 "t" [0, 10) at (1, 0, 1) sdram 0 dtcm 0 cpu 0
  spinn.slice @u_0 "u" [0, 10) at (0, 1, 1) sdram 0 dtcm 0 cpu 0
}
