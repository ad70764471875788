// One case per verifier rule of the snn dialect: each names the op, the
// field and the bad value.
// RUN: glia-opt %s -split-input-file -verify-diagnostics

snn.network @n attributes {timestep = 0.1} {
// expected-error @below {{!snn.pop: size must be in [1, 2147483647], got 0}}
%p = snn.population "p" IF_curr_exp : !snn.pop<0>
}

// -----

snn.network @n attributes {timestep = 0.1} {
// expected-error @below {{!snn.pop: size must be in [1, 2147483647], got 1099511627776}}
%p = snn.population "p" IF_curr_exp : !snn.pop<1099511627776>
}

// -----

// expected-error @below {{'snn.network' op 'timestep' must be > 0 ms, got 0}}
snn.network @n attributes {timestep = 0.0} {
}

// -----

// expected-error @below {{'snn.network' op 'duration' must be > 0 ms, got -5}}
snn.network @n attributes {timestep = 0.1, duration = -5.0} {
}

// -----

snn.network @n attributes {timestep = 1.0, integration = #snn<integration spinnaker>} {
// expected-error @below {{'snn.population' op IF_curr_alpha has no 'spinnaker' integration (network @n asks for it); use 'exact'}}
%p = snn.population "p" IF_curr_alpha : !snn.pop<10>
}

// -----

snn.network @n attributes {timestep = 0.1} {
// expected-note @below {{first used here}}
%p = snn.population "p" IF_curr_exp : !snn.pop<10>
// expected-error @below {{'snn.population' op duplicate name 'p' in network @n}}
%q = snn.population "p" IF_curr_exp : !snn.pop<10>
}

// -----

snn.network @n attributes {timestep = 0.1} {
// expected-error @below {{'snn.population' op unknown parameter 'tau' for cell type IF_curr_exp}}
%p = snn.population "p" IF_curr_exp params {tau = 1.0} : !snn.pop<10>
}

// -----

snn.network @n attributes {timestep = 0.1} {
// expected-error @below {{'snn.population' op parameter 'cm' must be a float, a distribution (#snn.uniform, #snn.normal, #snn.normal_clipped) or an array, got "big"}}
%p = snn.population "p" IF_curr_exp params {cm = "big"} : !snn.pop<10>
}

// -----

snn.network @n attributes {timestep = 0.1} {
// expected-error @below {{'snn.population' op parameter 'i_offset' has 2 entries, expected one per neuron (3)}}
%p = snn.population "p" IF_curr_exp params {i_offset = dense<[1.0, 2.0]> : tensor<2xf64>} : !snn.pop<3>
}

// -----

snn.network @n attributes {timestep = 0.1} {
// expected-error @below {{'snn.population' op parameter 'i_offset' entry 1 must be finite, got nan}}
%p = snn.population "p" IF_curr_exp params {i_offset = dense<[1.0, 0x7FF8000000000000]> : tensor<2xf64>} : !snn.pop<2>
}

// -----

snn.network @n attributes {timestep = 0.1} {
// expected-error @below {{'snn.population' op parameter 'cm' must be finite, got inf}}
%p = snn.population "p" IF_curr_exp params {cm = 0x7FF0000000000000 : f64} : !snn.pop<2>
}

// -----

snn.network @n attributes {timestep = 0.1} {
// expected-error @below {{'snn.population' op parameter 'tau_m' must be > 0, got 0}}
%p = snn.population "p" IF_curr_exp params {tau_m = 0.0} : !snn.pop<10>
}

// -----

snn.network @n attributes {timestep = 0.1} {
// expected-error @below {{'snn.population' op parameter 'tau_refrac' must be >= 0, got uniform(-1, 1)}}
%p = snn.population "p" IF_curr_exp params {tau_refrac = #snn.uniform<low = -1.0, high = 1.0>} : !snn.pop<10>
}

// -----

snn.network @n attributes {timestep = 0.1} {
// expected-error @below {{'snn.population' op parameter 'rate' must be >= 0, got -3}}
%p = snn.population "p" SpikeSourcePoisson params {rate = -3.0} : !snn.pop<10>
}

// -----

snn.network @n attributes {timestep = 0.1} {
// expected-error @below {{'snn.population' op unknown state variable 'w' in 'initial' for cell type IF_curr_exp}}
%p = snn.population "p" IF_curr_exp initial {w = 1.0} : !snn.pop<10>
}

// -----

snn.network @n attributes {timestep = 0.1} {
// expected-error @below {{'snn.population' op 'v_reset' (-40 mV) must be below 'v_thresh' (-50 mV)}}
%p = snn.population "p" IF_curr_exp params {v_reset = -40.0} : !snn.pop<10>
}

// -----

snn.network @n attributes {timestep = 0.1} {
// expected-error @below {{'snn.population' op 'spike_times' holds 2 spike trains, expected one per neuron (3)}}
%p = snn.population "p" SpikeSourceArray params {spike_times = #snn.spike_trains<offsets = dense<[0, 1, 2]> : tensor<3xi64>, times = dense<[1.0, 2.0]> : tensor<2xf64>>} : !snn.pop<3>
}

// -----

snn.network @n attributes {timestep = 0.1} {
// expected-error @below {{'snn.population' op 'spike_times' must be sorted (entry 1)}}
%p = snn.population "p" SpikeSourceArray params {spike_times = dense<[5.0, 2.0]> : tensor<2xf64>} : !snn.pop<3>
}

// -----

snn.network @n attributes {timestep = 0.1} {
// expected-error @below {{'snn.population' op 'spike_times' entry 0 must be finite and >= 0, got -1}}
%p = snn.population "p" SpikeSourceArray params {spike_times = dense<[-1.0, 2.0]> : tensor<2xf64>} : !snn.pop<3>
}

// -----

snn.network @n attributes {timestep = 0.1} {
// expected-error @below {{'snn.population' op 'spike_times' must be a float array (shared by all neurons) or #snn.spike_trains (one per neuron)}}
%p = snn.population "p" SpikeSourceArray params {spike_times = 1.0} : !snn.pop<3>
}

// -----

snn.network @n attributes {timestep = 0.1} {
// expected-error @below {{#snn.uniform: 'low' (2) must not exceed 'high' (1)}}
%p = snn.population "p" IF_curr_exp initial {v = #snn.uniform<low = 2.0, high = 1.0>} : !snn.pop<10>
}

// -----

snn.network @n attributes {timestep = 0.1} {
// expected-error @below {{#snn.normal: 'sigma' must be >= 0, got -1}}
%p = snn.population "p" IF_curr_exp initial {v = #snn.normal<mu = 2.0, sigma = -1.0>} : !snn.pop<10>
}

// -----

// Distributions whose samples would overflow to infinity.
snn.network @n attributes {timestep = 0.1} {
// expected-error @below {{#snn.normal: samples reach mu ± 8.6 sigma, which overflows for mu = 0, sigma = 1e+308}}
%p = snn.population "p" IF_curr_exp initial {v = #snn.normal<mu = 0.0, sigma = 1.0e308>} : !snn.pop<10>
}

// -----

snn.network @n attributes {timestep = 0.1} {
// expected-error @below {{#snn.uniform: the range from -1e+308 to 1e+308 is too wide to sample (high - low overflows)}}
%p = snn.population "p" IF_curr_exp initial {v = #snn.uniform<low = -1.0e308, high = 1.0e308>} : !snn.pop<10>
}

// -----

snn.network @n attributes {timestep = 0.1} {
// expected-error @below {{#snn.normal_clipped: 'low' (0) must not exceed 'high' (-1)}}
%p = snn.population "p" IF_curr_exp initial {v = #snn.normal_clipped<mu = 2.0, sigma = 1.0, low = 0.0, high = -1.0>} : !snn.pop<10>
}

// -----

// A window far out in the tail would take millions of draws a sample.
snn.network @n attributes {timestep = 0.1} {
// expected-error @below {{#snn.normal_clipped: the window from 1e+09 to 2e+09 holds 0 of normal(mu = -65, sigma = 1), less than 0.001: sampling would draw more than 1000 times a value}}
%p = snn.population "p" IF_curr_exp initial {v = #snn.normal_clipped<mu = -65.0, sigma = 1.0, low = 1.0e9, high = 2.0e9>} : !snn.pop<10>
}

// -----

snn.network @n attributes {timestep = 0.1} {
// expected-error @below {{'snn.population' op #snn.spike_trains: 'offsets' must start at 0, got 1}}
%p = snn.population "p" SpikeSourceArray params {spike_times = #snn.spike_trains<offsets = dense<[1, 2]> : tensor<2xi64>, times = dense<[1.0, 2.0]> : tensor<2xf64>>} : !snn.pop<1>
}

// -----

// Offsets are all checked before any indexes the times: 7 lies beyond the
// 5 times, and the last offset alone matches their number.
snn.network @n attributes {timestep = 1.0} {
// expected-error @below {{'snn.population' op #snn.spike_trains: 'offsets' must not decrease (entry 3)}}
%p = snn.population "p" SpikeSourceArray params {spike_times = #snn.spike_trains<offsets = dense<[0, 2, 7, 5]> : tensor<4xi64>, times = dense<[1.0, 2.0, 0.0, 5.0, 9.0]> : tensor<5xf64>>} : !snn.pop<3>
}

// -----

// A negative offset would also index before the times.
snn.network @n attributes {timestep = 1.0} {
// expected-error @below {{'snn.population' op #snn.spike_trains: 'offsets' must not decrease (entry 1)}}
%p = snn.population "p" SpikeSourceArray params {spike_times = #snn.spike_trains<offsets = dense<[0, -1, 2]> : tensor<3xi64>, times = dense<[1.0, 2.0]> : tensor<2xf64>>} : !snn.pop<2>
}

// -----

snn.network @n attributes {timestep = 0.1} {
// expected-error @below {{'snn.population' op #snn.spike_trains: last offset (1) must equal the number of times (2)}}
%p = snn.population "p" SpikeSourceArray params {spike_times = #snn.spike_trains<offsets = dense<[0, 1]> : tensor<2xi64>, times = dense<[1.0, 2.0]> : tensor<2xf64>>} : !snn.pop<1>
}

// -----

snn.network @n attributes {timestep = 0.1} {
// expected-error @below {{'snn.population' op #snn.spike_trains: spike times of neuron 0 must be sorted}}
%p = snn.population "p" SpikeSourceArray params {spike_times = #snn.spike_trains<offsets = dense<[0, 2]> : tensor<2xi64>, times = dense<[3.0, 2.0]> : tensor<2xf64>>} : !snn.pop<1>
}

// -----

snn.network @n attributes {timestep = 0.1} {
%p = snn.population "p" IF_curr_exp : !snn.pop<10>
// expected-error @below {{'snn.view' op slice [5:15] is out of range for a source of 10 neurons}}
%v = snn.view %p[5:15] : !snn.pop<10>
}

// -----

snn.network @n attributes {timestep = 0.1} {
%p = snn.population "p" IF_curr_exp : !snn.pop<10>
// expected-error @below {{expected a slice [start:stop] with 0 <= start < stop, got [5:5]}}
%v = snn.view %p[5:5] : !snn.pop<10>
}

// -----

snn.network @n attributes {timestep = 0.1} {
%p = snn.population "p" IF_curr_exp : !snn.pop<10>
%s = snn.population "s" SpikeSourcePoisson : !snn.pop<10>
// expected-error @below {{'snn.projection' op postsynaptic population 's' is a SpikeSourcePoisson and cannot receive synapses}}
snn.projection @x (%p -> %s) #snn.one_to_one #snn.static<weight = 0.1, delay = 0.1> excitatory : !snn.pop<10> -> !snn.pop<10>
}

// -----

snn.network @n attributes {timestep = 0.1} {
%p = snn.population "p" IF_curr_exp : !snn.pop<10>
%q = snn.population "q" IF_curr_exp : !snn.pop<20>
// expected-error @below {{'snn.projection' op #snn.one_to_one needs sides of equal size, got 10 -> 20}}
snn.projection @x (%p -> %q) #snn.one_to_one #snn.static<weight = 0.1, delay = 0.1> excitatory : !snn.pop<10> -> !snn.pop<20>
}

// -----

snn.network @n attributes {timestep = 0.1} {
%p = snn.population "p" IF_curr_exp : !snn.pop<10>
// expected-error @below {{#snn.fixed_probability: 'p' must be in [0, 1], got 1.5}}
snn.projection @x (%p -> %p) #snn.fixed_probability<p = 1.5> #snn.static<weight = 0.1, delay = 0.1> excitatory : !snn.pop<10> -> !snn.pop<10>
}

// -----

snn.network @n attributes {timestep = 0.1} {
%p = snn.population "p" IF_curr_exp : !snn.pop<10>
// expected-error @below {{#snn.fixed_number_pre: 'n' must be >= 0, got -1}}
snn.projection @x (%p -> %p) #snn.fixed_number_pre<n = -1> #snn.static<weight = 0.1, delay = 0.1> excitatory : !snn.pop<10> -> !snn.pop<10>
}

// -----

snn.network @n attributes {timestep = 0.1} {
%p = snn.population "p" IF_curr_exp : !snn.pop<10>
// expected-error @below {{#snn.fixed_number_post: 'n' must be at most 2147483647, got 2147483648}}
snn.projection @x (%p -> %p) #snn.fixed_number_post<n = 2147483648, with_replacement = true> #snn.static<weight = 0.1, delay = 0.1> excitatory : !snn.pop<10> -> !snn.pop<10>
}

// -----

snn.network @n attributes {timestep = 0.1} {
%p = snn.population "p" IF_curr_exp : !snn.pop<10>
// expected-error @below {{'snn.projection' op #snn.fixed_number_pre: 'n' (10) exceeds the 9 distinct partners available without replacement}}
snn.projection @x (%p -> %p) #snn.fixed_number_pre<n = 10, allow_self = false> #snn.static<weight = 0.1, delay = 0.1> excitatory : !snn.pop<10> -> !snn.pop<10>
}

// -----

snn.network @n attributes {timestep = 0.1} {
%p = snn.population "p" IF_curr_exp : !snn.pop<10>
%q = snn.population "q" IF_curr_exp : !snn.pop<20>
// expected-error @below {{'snn.projection' op #snn.fixed_number_post: 'n' (21) exceeds the 20 distinct partners available without replacement}}
snn.projection @x (%p -> %q) #snn.fixed_number_post<n = 21> #snn.static<weight = 0.1, delay = 0.1> excitatory : !snn.pop<10> -> !snn.pop<20>
}

// -----

// With replacement, a partner other than the neuron itself must exist:
// glia check counted 3 synapses, and the generator drew none.
snn.network @n attributes {timestep = 0.1} {
%p = snn.population "p" IF_curr_exp : !snn.pop<1>
// expected-error @below {{'snn.projection' op #snn.fixed_number_pre: 'n' (3) partners drawn with replacement need one to draw from, and there is none but the neuron itself}}
snn.projection @x (%p -> %p) #snn.fixed_number_pre<n = 3, with_replacement = true, allow_self = false> #snn.static<weight = 0.1, delay = 0.1> excitatory : !snn.pop<1> -> !snn.pop<1>
}

// -----

snn.network @n attributes {timestep = 0.1} {
%p = snn.population "p" IF_curr_exp : !snn.pop<10>
// expected-error @below {{#snn.from_list: 'pre' has 2 entries but 'post' has 1}}
snn.projection @x (%p -> %p) #snn.from_list<pre = dense<[0, 1]> : tensor<2xi64>, post = dense<[0]> : tensor<1xi64>> #snn.static<weight = 0.1, delay = 0.1> excitatory : !snn.pop<10> -> !snn.pop<10>
}

// -----

snn.network @n attributes {timestep = 0.1} {
%p = snn.population "p" IF_curr_exp : !snn.pop<10>
// expected-error @below {{#snn.from_list: 'pre' and 'post' must be 1-D integer arrays}}
snn.projection @x (%p -> %p) #snn.from_list<pre = dense<[0.0]> : tensor<1xf64>, post = dense<[0]> : tensor<1xi64>> #snn.static<weight = 0.1, delay = 0.1> excitatory : !snn.pop<10> -> !snn.pop<10>
}

// -----

snn.network @n attributes {timestep = 0.1} {
%p = snn.population "p" IF_curr_exp : !snn.pop<10>
// expected-error @below {{#snn.from_list: 'weights' has 1 entries, expected 2}}
snn.projection @x (%p -> %p) #snn.from_list<pre = dense<[0, 1]> : tensor<2xi64>, post = dense<[0, 1]> : tensor<2xi64>, weights = dense<[1.0]> : tensor<1xf64>> #snn.static<weight = 0.1, delay = 0.1> excitatory : !snn.pop<10> -> !snn.pop<10>
}

// -----

snn.network @n attributes {timestep = 0.1} {
%p = snn.population "p" IF_curr_exp : !snn.pop<10>
// expected-error @below {{'snn.projection' op #snn.from_list: 'post' entry 1 is 10, outside [0, 10)}}
snn.projection @x (%p -> %p) #snn.from_list<pre = dense<[0, 1]> : tensor<2xi64>, post = dense<[0, 10]> : tensor<2xi64>> #snn.static<weight = 0.1, delay = 0.1> excitatory : !snn.pop<10> -> !snn.pop<10>
}

// -----

snn.network @n attributes {timestep = 0.1} {
%p = snn.population "p" IF_curr_exp : !snn.pop<10>
// expected-error @below {{'snn.projection' op delay 0.15 ms must be a whole number (>= 1) of timesteps of 0.1 ms}}
snn.projection @x (%p -> %p) #snn.all_to_all #snn.static<weight = 0.1, delay = 0.15> excitatory : !snn.pop<10> -> !snn.pop<10>
}

// -----

snn.network @n attributes {timestep = 0.1} {
%p = snn.population "p" IF_curr_exp : !snn.pop<10>
// expected-error @below {{'snn.projection' op delay 0 ms must be a whole number (>= 1) of timesteps of 0.1 ms}}
snn.projection @x (%p -> %p) #snn.all_to_all #snn.static<weight = 0.1, delay = 0.0> excitatory : !snn.pop<10> -> !snn.pop<10>
}

// -----

snn.network @n attributes {timestep = 0.1} {
%p = snn.population "p" IF_curr_exp : !snn.pop<10>
// expected-error @below {{'snn.projection' op from_list delay 0.25 ms must be a whole number (>= 1) of timesteps of 0.1 ms}}
snn.projection @x (%p -> %p) #snn.from_list<pre = dense<[0]> : tensor<1xi64>, post = dense<[0]> : tensor<1xi64>, delays = dense<[0.25]> : tensor<1xf64>> #snn.static<weight = 0.1, delay = 0.1> excitatory : !snn.pop<10> -> !snn.pop<10>
}

// -----

snn.network @n attributes {timestep = 0.1} {
%p = snn.population "p" IF_curr_exp : !snn.pop<10>
// expected-error @below {{'snn.projection' op delay distribution uniform(0.05, 1) reaches below one timestep (0.1 ms)}}
snn.projection @x (%p -> %p) #snn.all_to_all #snn.static<weight = 0.1, delay = #snn.uniform<low = 0.05, high = 1.0>> excitatory : !snn.pop<10> -> !snn.pop<10>
}

// -----

snn.network @n attributes {timestep = 0.1} {
%c = snn.population "c" IF_cond_exp : !snn.pop<10>
// expected-error @below {{'snn.projection' op weights must be >= 0 for conductance-based synapses, got a minimum of -0.1}}
snn.projection @x (%c -> %c) #snn.all_to_all #snn.static<weight = -0.1, delay = 0.1> inhibitory : !snn.pop<10> -> !snn.pop<10>
}

// -----

snn.network @n attributes {timestep = 0.1} {
%p = snn.population "p" IF_curr_exp : !snn.pop<10>
// expected-error @below {{'snn.projection' op weights must be >= 0 for excitatory synapses, got a minimum of -0.1}}
snn.projection @x (%p -> %p) #snn.all_to_all #snn.static<weight = -0.1, delay = 0.1> excitatory : !snn.pop<10> -> !snn.pop<10>
}

// -----

snn.network @n attributes {timestep = 0.1} {
%p = snn.population "p" IF_curr_exp : !snn.pop<10>
// expected-error @below {{'snn.projection' op weights must be <= 0 for current-based inhibitory synapses, got a maximum of 0.1}}
snn.projection @x (%p -> %p) #snn.all_to_all #snn.static<weight = 0.1, delay = 0.1> inhibitory : !snn.pop<10> -> !snn.pop<10>
}

// -----

snn.network @n attributes {timestep = 0.1} {
%p = snn.population "p" IF_curr_exp : !snn.pop<10>
// expected-error @below {{#snn.static: 'weight' must be a float or a distribution, got dense<1.000000e+00> : tensor<1xf64>}}
snn.projection @x (%p -> %p) #snn.all_to_all #snn.static<weight = dense<[1.0]> : tensor<1xf64>, delay = 0.1> excitatory : !snn.pop<10> -> !snn.pop<10>
}

// -----

snn.network @n attributes {timestep = 0.1} {
%p = snn.population "p" IF_curr_exp : !snn.pop<10>
// expected-error @below {{#snn.stdp: 'tau_plus' must be > 0, got 0}}
snn.projection @x (%p -> %p) #snn.all_to_all #snn.stdp<weight = 0.5, delay = 0.1, tau_plus = 0.0, tau_minus = 20.0, A_plus = 0.01, A_minus = 0.01, weight_dependence = additive, w_min = 0.0, w_max = 1.0> excitatory : !snn.pop<10> -> !snn.pop<10>
}

// -----

snn.network @n attributes {timestep = 0.1} {
%p = snn.population "p" IF_curr_exp : !snn.pop<10>
// expected-error @below {{#snn.stdp: 'A_plus' must be >= 0, got -0.01}}
snn.projection @x (%p -> %p) #snn.all_to_all #snn.stdp<weight = 0.5, delay = 0.1, tau_plus = 20.0, tau_minus = 20.0, A_plus = -0.01, A_minus = 0.01, weight_dependence = additive, w_min = 0.0, w_max = 1.0> excitatory : !snn.pop<10> -> !snn.pop<10>
}

// -----

snn.network @n attributes {timestep = 0.1} {
%p = snn.population "p" IF_curr_exp : !snn.pop<10>
// expected-error @below {{#snn.stdp: 'w_min' (2) must not exceed 'w_max' (1)}}
snn.projection @x (%p -> %p) #snn.all_to_all #snn.stdp<weight = 1.0, delay = 0.1, tau_plus = 20.0, tau_minus = 20.0, A_plus = 0.01, A_minus = 0.01, weight_dependence = additive, w_min = 2.0, w_max = 1.0> excitatory : !snn.pop<10> -> !snn.pop<10>
}

// -----

snn.network @n attributes {timestep = 0.1} {
%p = snn.population "p" IF_curr_exp : !snn.pop<10>
// expected-error @below {{#snn.stdp: 'w_min' must be >= 0 (weights are magnitudes; the receptor gives the sign), got -1}}
snn.projection @x (%p -> %p) #snn.all_to_all #snn.stdp<weight = 0.5, delay = 0.1, tau_plus = 20.0, tau_minus = 20.0, A_plus = 0.01, A_minus = 0.01, weight_dependence = additive, w_min = -1.0, w_max = 1.0> excitatory : !snn.pop<10> -> !snn.pop<10>
}

// -----

snn.network @n attributes {timestep = 0.1} {
%p = snn.population "p" IF_curr_exp : !snn.pop<10>
// expected-error @below {{'snn.projection' op initial STDP weight 1.5 lies outside [w_min, w_max] = [0, 1]}}
snn.projection @x (%p -> %p) #snn.all_to_all #snn.stdp<weight = 1.5, delay = 0.1, tau_plus = 20.0, tau_minus = 20.0, A_plus = 0.01, A_minus = 0.01, weight_dependence = additive, w_min = 0.0, w_max = 1.0> excitatory : !snn.pop<10> -> !snn.pop<10>
}

// -----

snn.network @n attributes {timestep = 0.1} {
%p = snn.population "p" IF_curr_exp : !snn.pop<10>
// expected-error @below {{'snn.record' op cannot record 'u' of a IF_curr_exp population; recordable: spikes, v, isyn_exc, isyn_inh}}
snn.record %p ["u"] : !snn.pop<10>
}

// -----

snn.network @n attributes {timestep = 0.1} {
%p = snn.population "p" IF_curr_exp : !snn.pop<10>
// expected-error @below {{'snn.record' op records 'v' twice}}
snn.record %p ["v", "v"] : !snn.pop<10>
}

// -----

snn.network @n attributes {timestep = 0.1} {
%p = snn.population "p" IF_curr_exp : !snn.pop<10>
// expected-error @below {{'snn.record' op needs at least one variable to record}}
snn.record %p [] : !snn.pop<10>
}

// -----

snn.network @n attributes {timestep = 0.1} {
%p = snn.population "p" IF_curr_exp : !snn.pop<10>
// expected-error @below {{'snn.record' op 'sampling_interval' 0.25 ms must be a whole number (>= 1) of timesteps of 0.1 ms}}
snn.record %p ["v"] {sampling_interval = 0.25} : !snn.pop<10>
}

// -----

snn.network @n attributes {timestep = 0.1} {
%p = snn.population "p" IF_curr_exp : !snn.pop<10>
// expected-error @below {{'snn.projection' op #snn.from_list: 'weights' entry 1 must be finite}}
snn.projection @x (%p -> %p) #snn.from_list<pre = dense<[0, 1]> : tensor<2xi64>, post = dense<[0, 1]> : tensor<2xi64>, weights = dense<[1.0, 0x7FF0000000000000]> : tensor<2xf64>> #snn.static<weight = 0.1, delay = 0.1> excitatory : !snn.pop<10> -> !snn.pop<10>
}

// -----

snn.network @n attributes {timestep = 0.1} {
// expected-error @below {{#snn.spike_trains: 'times' must be a 1-D float array}}
%p = snn.population "p" SpikeSourceArray params {spike_times = #snn.spike_trains<offsets = dense<[0, 1]> : tensor<2xi64>, times = dense<[1]> : tensor<1xi64>>} : !snn.pop<1>
}

// -----

// expected-error @below {{'snn.network' op needs a non-empty name}}
snn.network @"" attributes {timestep = 0.1} {
}

// -----

// expected-error @below {{'snn.network' op 'seed' must be >= 0, got -1}}
snn.network @n attributes {timestep = 0.1, seed = -1} {
}

// -----

snn.network @n attributes {timestep = 0.1} {
// expected-error @below {{'snn.population' op needs a non-empty name}}
%p = snn.population "" IF_curr_exp : !snn.pop<10>
}

// -----

snn.network @n attributes {timestep = 0.1} {
%p = snn.population "p" IF_curr_exp : !snn.pop<10>
// expected-error @below {{'snn.projection' op 'seed' must be >= 0, got -5}}
snn.projection @x (%p -> %p) #snn.all_to_all #snn.static<weight = 0.1, delay = 0.1> excitatory {seed = -5} : !snn.pop<10> -> !snn.pop<10>
}

// -----

// In generic form an op may lack its name: the network's checks across its
// ops (one namespace) run after the op's own, which report it.
snn.network @n attributes {timestep = 0.1} {
// expected-error @below {{'snn.population' op requires attribute 'cell_type'}}
%p = "snn.population"() : () -> !snn.pop<1>
}

// -----

snn.network @n attributes {timestep = 0.1} {
%p = snn.population "p" IF_curr_exp : !snn.pop<10>
// expected-error @below {{'snn.projection' op requires attribute 'connector'}}
"snn.projection"(%p, %p) : (!snn.pop<10>, !snn.pop<10>) -> ()
}

// -----

snn.network @n attributes {timestep = 0.1, integration = #snn<integration spinnaker>} {
// expected-error @below {{'snn.population' op requires attribute 'cell_type'}}
%p = "snn.population"() {name = "p"} : () -> !snn.pop<1>
}

// -----

// expected-error @below {{'snn.network' op 'duration' of 10000 ms is more than the runtime's 2^31 steps of the timestep (1e-06 ms)}}
snn.network @n attributes {timestep = 1.0e-6, duration = 10000.0} {
}

// -----

// Names reach JSON (summaries, reports, --export-json), which is UTF-8.
// expected-error @below {{'snn.network' op name is not valid UTF-8}}
snn.network @"n\FF" attributes {timestep = 0.1} {
}

// -----

snn.network @n attributes {timestep = 0.1} {
// expected-error @below {{'snn.population' op name is not valid UTF-8}}
%p = snn.population "p\FF" IF_curr_exp : !snn.pop<10>
}
