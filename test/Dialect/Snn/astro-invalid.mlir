// One case per verifier rule of the astrocyte ops.
// RUN: glia-opt %s -split-input-file -verify-diagnostics

snn.network @n attributes {timestep = 1.0} {
  // expected-error @below {{!snn.astro: size must be in [1, 2147483647], got 0}}
  %a = snn.astrocytes "a" leaky_integrator : !snn.astro<0>
}

// -----

snn.network @n attributes {timestep = 1.0} {
  // expected-error @below {{'snn.astrocytes' op unknown parameter 'Ca_tot' for astrocyte model leaky_integrator}}
  %a = snn.astrocytes "a" leaky_integrator params {Ca_tot = 1.0} : !snn.astro<1>
}

// -----

snn.network @n attributes {timestep = 1.0} {
  // expected-error @below {{'snn.astrocytes' op parameter 'tau_IP3' must be > 0, got 0}}
  %a = snn.astrocytes "a" li_rinzel params {tau_IP3 = 0.0} : !snn.astro<1>
}

// -----

snn.network @n attributes {timestep = 1.0} {
  // expected-error @below {{'snn.astrocytes' op unknown state variable 'v' in 'initial' for astrocyte model li_rinzel}}
  %a = snn.astrocytes "a" li_rinzel initial {v = 1.0} : !snn.astro<1>
}

// -----

snn.network @n attributes {timestep = 1.0} {
  %a = snn.astrocytes "a" leaky_integrator : !snn.astro<1>
  // expected-error @below {{'snn.record' op cannot record 'spikes' of a leaky_integrator population; recordable: A}}
  snn.record %a ["spikes"] : !snn.astro<1>
}

// -----

snn.network @n attributes {timestep = 1.0} {
  %a = snn.astrocytes "a" leaky_integrator : !snn.astro<1>
  // expected-error @below {{'snn.astro_listen' op listens to either a population or a projection}}
  snn.astro_listen %a from weight 1.0 : !snn.astro<1>
}

// -----

snn.network @n attributes {timestep = 1.0} {
  %p = snn.population "p" IF_curr_exp : !snn.pop<3>
  %a = snn.astrocytes "a" leaky_integrator : !snn.astro<4>
  // expected-error @below {{'snn.astro_listen' op has 4 astrocytes but the source has only 3 neurons; each astrocyte needs a domain of at least one}}
  snn.astro_listen %a from %p weight 1.0 : !snn.astro<4>, !snn.pop<3>
}

// -----

snn.network @n attributes {timestep = 1.0} {
  %p = snn.population "p" IF_curr_exp : !snn.pop<3>
  %a = snn.astrocytes "a" leaky_integrator : !snn.astro<1>
  // expected-error @below {{'snn.astro_listen' op 'weight' must be finite, got inf}}
  snn.astro_listen %a from %p weight 0x7FF0000000000000 : !snn.astro<1>, !snn.pop<3>
}

// -----

snn.network @n attributes {timestep = 1.0} {
  %a = snn.astrocytes "a" leaky_integrator : !snn.astro<1>
  // expected-error @below {{'snn.astro_listen' op refers to @nope, which is not a projection of this network}}
  snn.astro_listen %a from @nope weight 1.0 : !snn.astro<1>
}

// -----

snn.network @n attributes {timestep = 1.0} {
  %p = snn.population "p" IF_curr_exp : !snn.pop<3>
  snn.projection @s (%p -> %p) #snn.all_to_all #snn.static<weight = 1.0, delay = 1.0> excitatory : !snn.pop<3> -> !snn.pop<3>
  %a = snn.astrocytes "a" leaky_integrator : !snn.astro<1>
  // expected-error @below {{'snn.astro_modulate' op cannot modulate the plasticity of @s: its synapses are static}}
  snn.astro_modulate %a stdp_depression @s gain 1.0 : !snn.astro<1>
}

// -----

snn.network @n attributes {timestep = 1.0} {
  %p = snn.population "p" IF_curr_exp : !snn.pop<3>
  snn.projection @s (%p -> %p) #snn.all_to_all #snn.static<weight = 1.0, delay = 1.0> excitatory : !snn.pop<3> -> !snn.pop<3>
  %a = snn.astrocytes "a" leaky_integrator : !snn.astro<1>
  snn.astro_modulate %a weight_scale @s gain 1.0 : !snn.astro<1>
  // expected-error @below {{'snn.astro_modulate' op modulates weight_scale of @s a second time}}
  snn.astro_modulate %a weight_scale @s gain 2.0 : !snn.astro<1>
}

// -----

snn.network @n attributes {timestep = 1.0} {
  %p = snn.population "p" IF_curr_exp : !snn.pop<3>
  snn.projection @s (%p -> %p) #snn.all_to_all #snn.static<weight = 1.0, delay = 1.0> excitatory : !snn.pop<3> -> !snn.pop<3>
  %a = snn.astrocytes "a" leaky_integrator : !snn.astro<5>
  // expected-error @below {{'snn.astro_modulate' op has 5 astrocytes but the projection's postsynaptic side has only 3 neurons; each astrocyte needs a domain of at least one}}
  snn.astro_modulate %a weight_scale @s gain 1.0 : !snn.astro<5>
}

// -----

snn.network @n attributes {timestep = 1.0} {
  %p = snn.population "p" IF_curr_exp : !snn.pop<3>
  snn.projection @s (%p -> %p) #snn.all_to_all #snn.static<weight = 1.0, delay = 1.0> excitatory : !snn.pop<3> -> !snn.pop<3>
  %a = snn.astrocytes "a" leaky_integrator : !snn.astro<1>
  // expected-error @below {{'snn.astro_modulate' op 'gain' must be finite, got nan}}
  snn.astro_modulate %a weight_scale @s gain 0x7FF8000000000000 : !snn.astro<1>
}

// -----

snn.network @n attributes {timestep = 1.0} {
  %s = snn.population "s" SpikeSourcePoisson : !snn.pop<3>
  %a = snn.astrocytes "a" li_rinzel : !snn.astro<1>
  // expected-error @below {{'snn.astro_inject' op cannot inject a current into 's' (SpikeSourcePoisson): only the LIF cell types take one}}
  snn.astro_inject %a into %s gain 1.0 : !snn.astro<1>, !snn.pop<3>
}

// -----

// Izhikevich's kernel has no injected current: refused here, not when the
// plan is lowered.
snn.network @n attributes {timestep = 1.0} {
  %z = snn.population "z" Izhikevich : !snn.pop<3>
  %a = snn.astrocytes "a" li_rinzel : !snn.astro<1>
  // expected-error @below {{'snn.astro_inject' op cannot inject a current into 'z' (Izhikevich): only the LIF cell types take one}}
  snn.astro_inject %a into %z gain 1.0 : !snn.astro<1>, !snn.pop<3>
}

// -----

snn.network @n attributes {timestep = 1.0} {
  %p = snn.population "p" IF_curr_exp : !snn.pop<3>
  %a = snn.astrocytes "a" li_rinzel : !snn.astro<4>
  // expected-error @below {{'snn.astro_inject' op has 4 astrocytes but the target has only 3 neurons; each astrocyte needs a domain of at least one}}
  snn.astro_inject %a into %p gain 1.0 : !snn.astro<4>, !snn.pop<3>
}

// -----

snn.network @n attributes {timestep = 1.0} {
  // expected-note @below {{first used here}}
  %p = snn.population "a" IF_curr_exp : !snn.pop<3>
  // expected-error @below {{'snn.astrocytes' op duplicate name 'a' in network @n}}
  %a = snn.astrocytes "a" li_rinzel : !snn.astro<1>
}
