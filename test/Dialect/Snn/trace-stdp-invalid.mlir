// One case per verifier rule of #snn.trace_stdp.
// RUN: glia-opt %s -split-input-file -verify-diagnostics

snn.network @n attributes {timestep = 1.0} {
%p = snn.population "p" IF_curr_exp : !snn.pop<10>
// expected-error @below {{#snn.trace_stdp: 'weight' must be a float or a distribution, got "w"}}
snn.projection @x (%p -> %p) #snn.all_to_all #snn.trace_stdp<weight = "w", delay = 1.0, tau = 10.0, trace_increment = 0.1, eta_plus = 0.15, eta_minus = 0.15, rate_decay = 0.99, w_min = 0.0, w_max = 3.0> excitatory : !snn.pop<10> -> !snn.pop<10>
}

// -----

snn.network @n attributes {timestep = 1.0} {
%p = snn.population "p" IF_curr_exp : !snn.pop<10>
// expected-error @below {{#snn.trace_stdp: 'delay' must be finite, got inf}}
snn.projection @x (%p -> %p) #snn.all_to_all #snn.trace_stdp<weight = 1.0, delay = 0x7FF0000000000000 : f64, tau = 10.0, trace_increment = 0.1, eta_plus = 0.15, eta_minus = 0.15, rate_decay = 0.99, w_min = 0.0, w_max = 3.0> excitatory : !snn.pop<10> -> !snn.pop<10>
}

// -----

snn.network @n attributes {timestep = 1.0} {
%p = snn.population "p" IF_curr_exp : !snn.pop<10>
// expected-error @below {{#snn.trace_stdp: 'tau' must be > 0, got 0}}
snn.projection @x (%p -> %p) #snn.all_to_all #snn.trace_stdp<weight = 1.0, delay = 1.0, tau = 0.0, trace_increment = 0.1, eta_plus = 0.15, eta_minus = 0.15, rate_decay = 0.99, w_min = 0.0, w_max = 3.0> excitatory : !snn.pop<10> -> !snn.pop<10>
}

// -----

snn.network @n attributes {timestep = 1.0} {
%p = snn.population "p" IF_curr_exp : !snn.pop<10>
// expected-error @below {{#snn.trace_stdp: 'trace_increment' must be > 0, got -0.1}}
snn.projection @x (%p -> %p) #snn.all_to_all #snn.trace_stdp<weight = 1.0, delay = 1.0, tau = 10.0, trace_increment = -0.1, eta_plus = 0.15, eta_minus = 0.15, rate_decay = 0.99, w_min = 0.0, w_max = 3.0> excitatory : !snn.pop<10> -> !snn.pop<10>
}

// -----

snn.network @n attributes {timestep = 1.0} {
%p = snn.population "p" IF_curr_exp : !snn.pop<10>
// expected-error @below {{#snn.trace_stdp: 'eta_plus' must be >= 0, got -0.15}}
snn.projection @x (%p -> %p) #snn.all_to_all #snn.trace_stdp<weight = 1.0, delay = 1.0, tau = 10.0, trace_increment = 0.1, eta_plus = -0.15, eta_minus = 0.15, rate_decay = 0.99, w_min = 0.0, w_max = 3.0> excitatory : !snn.pop<10> -> !snn.pop<10>
}

// -----

snn.network @n attributes {timestep = 1.0} {
%p = snn.population "p" IF_curr_exp : !snn.pop<10>
// expected-error @below {{#snn.trace_stdp: 'eta_minus' must be >= 0, got nan}}
snn.projection @x (%p -> %p) #snn.all_to_all #snn.trace_stdp<weight = 1.0, delay = 1.0, tau = 10.0, trace_increment = 0.1, eta_plus = 0.15, eta_minus = 0x7FF8000000000000, rate_decay = 0.99, w_min = 0.0, w_max = 3.0> excitatory : !snn.pop<10> -> !snn.pop<10>
}

// -----

snn.network @n attributes {timestep = 1.0} {
%p = snn.population "p" IF_curr_exp : !snn.pop<10>
// expected-error @below {{#snn.trace_stdp: 'rate_decay' must be in (0, 1], got 1.01}}
snn.projection @x (%p -> %p) #snn.all_to_all #snn.trace_stdp<weight = 1.0, delay = 1.0, tau = 10.0, trace_increment = 0.1, eta_plus = 0.15, eta_minus = 0.15, rate_decay = 1.01, w_min = 0.0, w_max = 3.0> excitatory : !snn.pop<10> -> !snn.pop<10>
}

// -----

snn.network @n attributes {timestep = 1.0} {
%p = snn.population "p" IF_curr_exp : !snn.pop<10>
// expected-error @below {{#snn.trace_stdp: 'rate_decay' must be in (0, 1], got 0}}
snn.projection @x (%p -> %p) #snn.all_to_all #snn.trace_stdp<weight = 1.0, delay = 1.0, tau = 10.0, trace_increment = 0.1, eta_plus = 0.15, eta_minus = 0.15, rate_decay = 0.0, w_min = 0.0, w_max = 3.0> excitatory : !snn.pop<10> -> !snn.pop<10>
}

// -----

snn.network @n attributes {timestep = 1.0} {
%p = snn.population "p" IF_curr_exp : !snn.pop<10>
// expected-error @below {{#snn.trace_stdp: 'w_max' must be finite, got inf}}
snn.projection @x (%p -> %p) #snn.all_to_all #snn.trace_stdp<weight = 1.0, delay = 1.0, tau = 10.0, trace_increment = 0.1, eta_plus = 0.15, eta_minus = 0.15, rate_decay = 0.99, w_min = 0.0, w_max = 0x7FF0000000000000> excitatory : !snn.pop<10> -> !snn.pop<10>
}

// -----

snn.network @n attributes {timestep = 1.0} {
%p = snn.population "p" IF_curr_exp : !snn.pop<10>
// expected-error @below {{#snn.trace_stdp: 'w_min' (3) must not exceed 'w_max' (1)}}
snn.projection @x (%p -> %p) #snn.all_to_all #snn.trace_stdp<weight = 1.0, delay = 1.0, tau = 10.0, trace_increment = 0.1, eta_plus = 0.15, eta_minus = 0.15, rate_decay = 0.99, w_min = 3.0, w_max = 1.0> excitatory : !snn.pop<10> -> !snn.pop<10>
}

// -----

snn.network @n attributes {timestep = 1.0} {
%p = snn.population "p" IF_curr_exp : !snn.pop<10>
// expected-error @below {{#snn.trace_stdp: 'w_min' must be >= 0 (weights are magnitudes; the receptor gives the sign), got -3}}
snn.projection @x (%p -> %p) #snn.all_to_all #snn.trace_stdp<weight = 1.0, delay = 1.0, tau = 10.0, trace_increment = 0.1, eta_plus = 0.15, eta_minus = 0.15, rate_decay = 0.99, w_min = -3.0, w_max = 3.0> excitatory : !snn.pop<10> -> !snn.pop<10>
}

// -----

snn.network @n attributes {timestep = 1.0} {
%p = snn.population "p" IF_curr_exp : !snn.pop<10>
// expected-error @below {{'snn.projection' op initial STDP weight uniform(0, 4) lies outside [w_min, w_max] = [0, 3]}}
snn.projection @x (%p -> %p) #snn.all_to_all #snn.trace_stdp<weight = #snn.uniform<low = 0.0, high = 4.0>, delay = 1.0, tau = 10.0, trace_increment = 0.1, eta_plus = 0.15, eta_minus = 0.15, rate_decay = 0.99, w_min = 0.0, w_max = 3.0> excitatory : !snn.pop<10> -> !snn.pop<10>
}
