// What the runtime's step counts hold, checked by the verifiers at the op:
// delays of at most 65535 steps (constants, distribution bounds, from_list
// entries, a cam's learning synapse), sampling intervals of at most
// 2^32 - 1 steps, and a leaky integrator's tau of at least one step. The
// limits come before the whole-number checks, which huge values would fail
// for the wrong reason. Each first case is the largest value accepted.
// RUN: glia-opt %s -split-input-file -verify-diagnostics

snn.network @n attributes {timestep = 1.0} {
  %p = snn.population "p" IF_curr_exp : !snn.pop<2>
  snn.projection @c (%p -> %p) #snn.all_to_all #snn.static<weight = 0.1, delay = 65535.0> excitatory : !snn.pop<2> -> !snn.pop<2>
  snn.projection @d (%p -> %p) #snn.all_to_all #snn.static<weight = 0.1, delay = #snn.uniform<low = 1.0, high = 65535.4>> excitatory : !snn.pop<2> -> !snn.pop<2>
  snn.projection @l (%p -> %p) #snn.from_list<pre = dense<[0, 1]> : tensor<2xi64>, post = dense<[1, 0]> : tensor<2xi64>, delays = dense<[1.0, 65535.0]> : tensor<2xf64>> #snn.static<weight = 0.1, delay = 1.0> excitatory : !snn.pop<2> -> !snn.pop<2>
  snn.record %p ["v"] {sampling_interval = 4294967295.0} : !snn.pop<2>
  %a = snn.astrocytes "a" leaky_integrator params {tau = 1.0} : !snn.astro<1>
  %r = snn.astrocytes "r" li_rinzel : !snn.astro<1>
  %cam = snn.cam "cam" memories 1 bits 1 protocol [#snn.recall_cue<time = 0.0, cue = 0>]
      {learning = #snn.stdp<weight = 0.0, delay = 65535.0, tau_plus = 3.0, tau_minus = 3.0, A_plus = 6.0, A_minus = 6.0, weight_dependence = additive, w_min = 0.0, w_max = 6.0>} : !snn.pop<2>
}

// -----

snn.network @n attributes {timestep = 1.0} {
  %p = snn.population "p" IF_curr_exp : !snn.pop<2>
  // expected-error @below {{'snn.projection' op delay 65536 ms exceeds the runtime's limit of 65535 timesteps of 1 ms}}
  snn.projection @x (%p -> %p) #snn.all_to_all #snn.static<weight = 0.1, delay = 65536.0> excitatory : !snn.pop<2> -> !snn.pop<2>
}

// -----

snn.network @n attributes {timestep = 0.1} {
  %p = snn.population "p" IF_curr_exp : !snn.pop<2>
  // expected-error @below {{'snn.projection' op delay 6553.6 ms exceeds the runtime's limit of 65535 timesteps of 0.1 ms}}
  snn.projection @x (%p -> %p) #snn.all_to_all #snn.static<weight = 0.1, delay = 6553.6> excitatory : !snn.pop<2> -> !snn.pop<2>
}

// -----

// Not "a whole number of timesteps": the limit is the reason.
snn.network @n attributes {timestep = 0.1} {
  %p = snn.population "p" IF_curr_exp : !snn.pop<2>
  // expected-error @below {{'snn.projection' op delay 1e+308 ms exceeds the runtime's limit of 65535 timesteps of 0.1 ms}}
  snn.projection @x (%p -> %p) #snn.all_to_all #snn.static<weight = 0.1, delay = 1.0e308> excitatory : !snn.pop<2> -> !snn.pop<2>
}

// -----

snn.network @n attributes {timestep = 1.0} {
  %p = snn.population "p" IF_curr_exp : !snn.pop<2>
  // expected-error @below {{'snn.projection' op delay distribution uniform(1, 1e+12) exceeds the runtime's limit of 65535 timesteps of 1 ms}}
  snn.projection @x (%p -> %p) #snn.all_to_all #snn.static<weight = 0.1, delay = #snn.uniform<low = 1.0, high = 1.0e12>> excitatory : !snn.pop<2> -> !snn.pop<2>
}

// -----

// An unbounded normal is not "beyond the limit": its reason is its lower
// end, as before the limit was checked.
snn.network @n attributes {timestep = 1.0} {
  %p = snn.population "p" IF_curr_exp : !snn.pop<2>
  // expected-error @below {{'snn.projection' op delay distribution normal(5, 1) reaches below one timestep (1 ms)}}
  snn.projection @x (%p -> %p) #snn.all_to_all #snn.static<weight = 0.1, delay = #snn.normal<mu = 5.0, sigma = 1.0>> excitatory : !snn.pop<2> -> !snn.pop<2>
}

// -----

snn.network @n attributes {timestep = 1.0} {
  %p = snn.population "p" IF_curr_exp : !snn.pop<2>
  // expected-error @below {{'snn.projection' op delay distribution normal_clipped(10, 5, 1, 65535.6) exceeds the runtime's limit of 65535 timesteps of 1 ms}}
  snn.projection @x (%p -> %p) #snn.all_to_all #snn.static<weight = 0.1, delay = #snn.normal_clipped<mu = 10.0, sigma = 5.0, low = 1.0, high = 65535.6>> excitatory : !snn.pop<2> -> !snn.pop<2>
}

// -----

snn.network @n attributes {timestep = 1.0} {
  %p = snn.population "p" IF_curr_exp : !snn.pop<2>
  // expected-error @below {{'snn.projection' op from_list delay 1e+05 ms exceeds the runtime's limit of 65535 timesteps of 1 ms}}
  snn.projection @x (%p -> %p) #snn.from_list<pre = dense<[0, 1]> : tensor<2xi64>, post = dense<[1, 0]> : tensor<2xi64>, delays = dense<[1.0, 100000.0]> : tensor<2xf64>> #snn.static<weight = 0.1, delay = 1.0> excitatory : !snn.pop<2> -> !snn.pop<2>
}

// -----

snn.network @n attributes {timestep = 1.0} {
  %p = snn.population "p" IF_curr_exp : !snn.pop<2>
  // expected-error @below {{'snn.projection' op delay 1e+05 ms exceeds the runtime's limit of 65535 timesteps of 1 ms}}
  snn.projection @x (%p -> %p) #snn.all_to_all #snn.stdp<weight = 0.5, delay = 100000.0, tau_plus = 20.0, tau_minus = 20.0, A_plus = 0.01, A_minus = 0.01, weight_dependence = additive, w_min = 0.0, w_max = 1.0> excitatory : !snn.pop<2> -> !snn.pop<2>
}

// -----

snn.network @n attributes {timestep = 1.0} {
  // expected-error @below {{'snn.cam' op 'learning' delay 1e+05 ms exceeds the runtime's limit of 65535 timesteps of 1 ms}}
  %cam = snn.cam "cam" memories 1 bits 1 protocol [#snn.recall_cue<time = 0.0, cue = 0>]
      {learning = #snn.stdp<weight = 0.0, delay = 100000.0, tau_plus = 3.0, tau_minus = 3.0, A_plus = 6.0, A_minus = 6.0, weight_dependence = additive, w_min = 0.0, w_max = 6.0>} : !snn.pop<2>
}

// -----

// The learning synapse is held to what its projections will be: whole
// timesteps, an initial weight within [w_min, w_max].
snn.network @n attributes {timestep = 1.0} {
  %in = snn.population "in" SpikeSourcePoisson : !snn.pop<2>
  // expected-error @below {{'snn.cam' op 'learning' delay 0.5 ms must be a whole number (>= 1) of timesteps of 1 ms}}
  %cam = snn.cam "cam" memories 1 bits 1 input(%in : !snn.pop<2>)
      {learning = #snn.stdp<weight = 0.0, delay = 0.5, tau_plus = 3.0, tau_minus = 3.0, A_plus = 6.0, A_minus = 6.0, weight_dependence = additive, w_min = 0.0, w_max = 6.0>} : !snn.pop<2>
}

// -----

snn.network @n attributes {timestep = 1.0} {
  // expected-error @below {{'snn.cam' op initial STDP weight 7 lies outside [w_min, w_max] = [0, 6]}}
  %cam = snn.cam "cam" memories 1 bits 1 protocol [#snn.recall_cue<time = 0.0, cue = 0>]
      {learning = #snn.stdp<weight = 7.0, delay = 1.0, tau_plus = 3.0, tau_minus = 3.0, A_plus = 6.0, A_minus = 6.0, weight_dependence = additive, w_min = 0.0, w_max = 6.0>} : !snn.pop<2>
}

// -----

snn.network @n attributes {timestep = 1.0} {
  %p = snn.population "p" IF_curr_exp : !snn.pop<2>
  // expected-error @below {{'snn.record' op 'sampling_interval' 4294967296 ms exceeds the runtime's limit of 4294967295 timesteps of 1 ms}}
  snn.record %p ["v"] {sampling_interval = 4294967296.0} : !snn.pop<2>
}

// -----

snn.network @n attributes {timestep = 0.1} {
  %a = snn.astrocytes "a" li_rinzel : !snn.astro<1>
  // expected-error @below {{'snn.record' op 'sampling_interval' 1e+308 ms exceeds the runtime's limit of 4294967295 timesteps of 0.1 ms}}
  snn.record %a ["Ca"] {sampling_interval = 1.0e308} : !snn.astro<1>
}

// -----

snn.network @n attributes {timestep = 1.0} {
  // expected-error @below {{'snn.astrocytes' op parameter 'tau' (0.5 ms) must be at least the timestep (1 ms): the leaky integrator's step is explicit}}
  %a = snn.astrocytes "a" leaky_integrator params {tau = 0.5} : !snn.astro<1>
}

// -----

// The default tau (100 ms) counts too.
snn.network @n attributes {timestep = 200.0} {
  // expected-error @below {{'snn.astrocytes' op parameter 'tau' (100 ms) must be at least the timestep (200 ms): the leaky integrator's step is explicit}}
  %a = snn.astrocytes "a" leaky_integrator : !snn.astro<1>
}

// -----

snn.network @n attributes {timestep = 1.0} {
  // expected-error @below {{'snn.astrocytes' op parameter 'tau' (uniform(0.5, 2) ms) must be at least the timestep (1 ms): the leaky integrator's step is explicit}}
  %a = snn.astrocytes "a" leaky_integrator params {tau = #snn.uniform<low = 0.5, high = 2.0>} : !snn.astro<1>
}
