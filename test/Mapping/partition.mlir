// snn-partition: slice ranges and resource estimates.
// RUN: glia-opt %s -split-input-file --snn-partition | FileCheck %s
// RUN: glia-opt %s -split-input-file --snn-partition="machine=spinn3 atoms-per-core=100 cell-atoms=Izhikevich=64" | FileCheck %s --check-prefix=CAP

// 256 atoms per core by default; a population splits into the fewest slices,
// of equal size (+-1).
// CHECK-LABEL: spinn.mapping @sizes on "spinn5"(8 x 8)
// CHECK-NEXT: spinn.slice @exc_0 "exc" [0, 250) sdram 16096 dtcm 24192 cpu 13500
// CHECK-NEXT: spinn.slice @exc_1 "exc" [250, 500)
// CHECK-NEXT: spinn.slice @exc_2 "exc" [500, 750)
// CHECK-NEXT: spinn.slice @exc_3 "exc" [750, 1000)
// CHECK-NEXT: spinn.slice @izh_0 "izh" [0, 150)
// CHECK-NEXT: spinn.slice @izh_1 "izh" [150, 300)
// CHECK-NEXT: spinn.slice @src_0 "src" [0, 20)
// CAP-LABEL: spinn.mapping @sizes on "spinn3"(2 x 2)
// CAP-COUNT-10: spinn.slice @exc_{{[0-9]+}} "exc" [{{[0-9]+}}, {{[0-9]+}}) sdram 8896 dtcm 14592
// CAP-NEXT: spinn.slice @izh_0 "izh" [0, 60)
// CAP-COUNT-4: spinn.slice @izh_{{[1-4]}} "izh"
// CAP-NEXT: spinn.slice @src_0 "src" [0, 20)
snn.network @sizes attributes {timestep = 1.0} {
  %e = snn.population "exc" IF_curr_exp : !snn.pop<1000>
  %z = snn.population "izh" Izhikevich : !snn.pop<300>
  %s = snn.population "src" SpikeSourcePoisson params {rate = 10.0} : !snn.pop<20>
}

// -----

// Plastic rows are larger (SDRAM), and STDP keeps a post-spike history per
// neuron and its trace decay tables (DTCM: 16 bytes per neuron for one
// delay, and 401 words at dt 1 ms for tau+ = tau- = 20 ms: one table
// serves both) and costs more per
// synaptic event (CPU).
// CHECK-LABEL: spinn.mapping @stdp
// CHECK: spinn.slice @static_0 "static" [0, 256) sdram 540384 dtcm 24592 cpu 35000
// CHECK: spinn.slice @plastic_0 "plastic" [0, 256) sdram 804384 dtcm 30388 cpu 92600
snn.network @stdp attributes {timestep = 1.0} {
  %s = snn.population "src" SpikeSourcePoisson params {rate = 10.0} : !snn.pop<1000>
  %a = snn.population "static" IF_curr_exp : !snn.pop<512>
  %b = snn.population "plastic" IF_curr_exp : !snn.pop<512>
  snn.projection @sa (%s -> %a) #snn.fixed_probability<p = 0.5> #snn.static<weight = 0.1, delay = 1.0> excitatory : !snn.pop<1000> -> !snn.pop<512>
  snn.projection @sb (%s -> %b) #snn.fixed_probability<p = 0.5>
      #snn.stdp<weight = 0.5, delay = 1.0, tau_plus = 20.0, tau_minus = 20.0, A_plus = 0.01, A_minus = 0.012, weight_dependence = additive, w_min = 0.0, w_max = 1.0> excitatory : !snn.pop<1000> -> !snn.pop<512>
}

// -----

// At a 0.1 ms timestep a core has 20,000 cycles per step: static input
// still fits 256 neurons, but plastic events cost 4x as much, so the CPU
// budget - not the 256 cap - sets the plastic slice size.
// CHECK-LABEL: spinn.mapping @fast
// CHECK: spinn.slice @static_0 "static" [0, 256) sdram 540384 dtcm 24592 cpu 15920
// CHECK: spinn.slice @plastic_0 "plastic" [0, 170) sdram 542256 dtcm 37900 cpu 14800
// CHECK: spinn.slice @plastic_2 "plastic" [341, 512)
snn.network @fast attributes {timestep = 0.1} {
  %s = snn.population "src" SpikeSourcePoisson params {rate = 10.0} : !snn.pop<1000>
  %a = snn.population "static" IF_curr_exp : !snn.pop<512>
  %b = snn.population "plastic" IF_curr_exp : !snn.pop<512>
  snn.projection @sa (%s -> %a) #snn.fixed_probability<p = 0.5> #snn.static<weight = 0.1, delay = 0.1> excitatory : !snn.pop<1000> -> !snn.pop<512>
  snn.projection @sb (%s -> %b) #snn.fixed_probability<p = 0.5>
      #snn.stdp<weight = 0.5, delay = 0.1, tau_plus = 20.0, tau_minus = 20.0, A_plus = 0.01, A_minus = 0.012, weight_dependence = additive, w_min = 0.0, w_max = 1.0> excitatory : !snn.pop<1000> -> !snn.pop<512>
}

// -----

// Delays set the input ring (a slot per step up to the longest, rounded up
// to a power of two: 128 for 10 ms at dt 0.1 ms) and, when they differ
// between the plastic synapses, the STDP history: delays of 0.1-10 ms onto
// neurons refractory for 0.1 ms keep 51 spikes per neuron. Both shrink
// the slices to what the board image then fits.
// CHECK-LABEL: spinn.mapping @delays
// CHECK: spinn.slice @one_0 "one" [0, 28) sdram 8999 dtcm 55140
// CHECK: spinn.slice @spread_0 "spread" [0, 21) sdram 8120 dtcm 59728
// A reset that s16.15 rounds onto the threshold fires at every step: 100
// spikes kept.
// CHECK: spinn.slice @at_threshold_0 "at_threshold" [0, 16) sdram 7421 dtcm 60696
snn.network @delays attributes {timestep = 0.1} {
  %s = snn.population "src" SpikeSourcePoisson params {rate = 10.0} : !snn.pop<100>
  %a = snn.population "one" IF_curr_exp : !snn.pop<84>
  %b = snn.population "spread" IF_curr_exp : !snn.pop<84>
  snn.projection @sa (%s -> %a) #snn.fixed_probability<p = 0.1>
      #snn.stdp<weight = 0.5, delay = 10.0, tau_plus = 20.0, tau_minus = 20.0, A_plus = 0.01, A_minus = 0.012, weight_dependence = additive, w_min = 0.0, w_max = 1.0> excitatory : !snn.pop<100> -> !snn.pop<84>
  snn.projection @sb (%s -> %b) #snn.fixed_probability<p = 0.1>
      #snn.stdp<weight = 0.5, delay = #snn.uniform<low = 0.1, high = 10.0>, tau_plus = 20.0, tau_minus = 20.0, A_plus = 0.01, A_minus = 0.012, weight_dependence = additive, w_min = 0.0, w_max = 1.0> excitatory : !snn.pop<100> -> !snn.pop<84>
  %c = snn.population "at_threshold" IF_curr_exp params {v_reset = -50.000001, v_thresh = -50.0} : !snn.pop<84>
  snn.projection @sc (%s -> %c) #snn.fixed_probability<p = 0.1>
      #snn.stdp<weight = 0.5, delay = #snn.uniform<low = 0.1, high = 10.0>, tau_plus = 20.0, tau_minus = 20.0, A_plus = 0.01, A_minus = 0.012, weight_dependence = additive, w_min = 0.0, w_max = 1.0> excitatory : !snn.pop<100> -> !snn.pop<84>
}

// -----

// Rows may hold at most 256 synapses: with p = 1 a random row on a slice of
// n neurons is allowed n + 3 sqrt(n) <= 256, so slices shrink below 256.
// All-to-all rows are exact and may use the whole 256.
// CHECK-LABEL: spinn.mapping @rows
// CHECK: spinn.slice @random_0 "random" [0, 209)
// CHECK: spinn.slice @random_4 "random" [836, 1045)
// CHECK: spinn.slice @exact_0 "exact" [0, 256)
snn.network @rows attributes {timestep = 1.0} {
  %s = snn.population "src" SpikeSourcePoisson params {rate = 1.0} : !snn.pop<10>
  %r = snn.population "random" IF_curr_exp : !snn.pop<1045>
  %x = snn.population "exact" IF_curr_exp : !snn.pop<1024>
  snn.projection @sr (%s -> %r) #snn.fixed_probability<p = 1.0> #snn.static<weight = 0.1, delay = 1.0> excitatory : !snn.pop<10> -> !snn.pop<1045>
  snn.projection @sx (%s -> %x) #snn.all_to_all #snn.static<weight = 0.1, delay = 1.0> excitatory : !snn.pop<10> -> !snn.pop<1024>
}

// -----

// NALSM's trace rule sees a spike at once: a history of one spike per
// neuron, joined through one step's bits, and one decay table (tau+ =
// tau-: 20 x 20 ms / 0.1 ms + 1 = 4,001 words).
// CHECK-LABEL: spinn.mapping @trace
// CHECK: spinn.slice @liquid_0 "liquid" [0, 200) sdram {{[0-9]+}} dtcm 62704
snn.network @trace attributes {timestep = 0.1} {
  %l = snn.population "liquid" IF_curr_exp : !snn.pop<200>
  snn.projection @ll (%l -> %l) #snn.fixed_probability<p = 0.1, allow_self = false>
      #snn.trace_stdp<weight = 1.0, delay = 1.0, tau = 20.0, trace_increment = 0.1, eta_plus = 0.15, eta_minus = 0.15, rate_decay = 0.99, w_min = 0.0, w_max = 3.0> excitatory : !snn.pop<200> -> !snn.pop<200>
}

// -----

// A spike source's times are in its cores' DTCM: 3,000 times per neuron
// (8 bytes each) leave room for two neurons per core, where the neuron
// count alone would put all three on one.
// CHECK-LABEL: spinn.mapping @trains
// CHECK-NEXT: spinn.slice @src_0 "src" [0, 1) sdram 4100 dtcm 32228
// CHECK-NEXT: spinn.slice @src_1 "src" [1, 3) sdram 4104 dtcm 56240
snn.network @trains attributes {timestep = 1.0} {
  %s = snn.population "src" SpikeSourceArray params {spike_times = #snn.spike_trains<offsets = dense<[0, 3000, 6000, 9000]> : tensor<4xi64>, times = dense<1.0> : tensor<9000xf64>>} : !snn.pop<3>
}
