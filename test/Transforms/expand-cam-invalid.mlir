// What snn.cam rejects (checked before snn-expand-cam can run).
// RUN: glia-opt %s -split-input-file -verify-diagnostics --snn-expand-cam

snn.network @n attributes {timestep = 1.0} {
  // expected-error @below {{'snn.cam' op attribute 'memories' failed to satisfy constraint: 64-bit signless integer attribute whose minimum value is 1}}
  %out = snn.cam "cam" memories 0 bits 10 protocol [] : !snn.pop<10>
}

// -----

snn.network @n attributes {timestep = 1.0} {
  // expected-error @below {{'snn.cam' op attribute 'bits' failed to satisfy constraint: 64-bit signless integer attribute whose minimum value is 1}}
  %out = snn.cam "cam" memories 5 bits -1 protocol [] : !snn.pop<4>
}

// -----

snn.network @n attributes {timestep = 1.0} {
  // expected-error @below {{'snn.cam' op output must have memories + bits = 15 neurons, got 14}}
  %out = snn.cam "cam" memories 5 bits 10 protocol [] : !snn.pop<14>
}

// -----

snn.network @n attributes {timestep = 1.0} {
  // expected-error @below {{'snn.cam' op protocol operation 0: cue 5 is outside [0, 5)}}
  %out = snn.cam "cam" memories 5 bits 10 protocol [#snn.recall_cue<time = 0.0, cue = 5>] : !snn.pop<15>
}

// -----

snn.network @n attributes {timestep = 1.0} {
  // expected-error @below {{'snn.cam' op protocol operation 1 has empty content}}
  %out = snn.cam "cam" memories 5 bits 10 protocol [#snn.recall_cue<time = 0.0, cue = 1>, #snn.learn<time = 10.0, cue = 1, bits = []>] : !snn.pop<15>
}

// -----

snn.network @n attributes {timestep = 1.0} {
  // expected-error @below {{'snn.cam' op protocol operation 0: content bit 10 is outside [0, 10)}}
  %out = snn.cam "cam" memories 5 bits 10 protocol [#snn.recall_content<time = 0.0, bits = [3, 10]>] : !snn.pop<15>
}

// -----

snn.network @n attributes {timestep = 1.0} {
  // expected-error @below {{'snn.cam' op protocol operation 0: content bit 3 is repeated}}
  %out = snn.cam "cam" memories 5 bits 10 protocol [#snn.recall_content<time = 0.0, bits = [3, 3]>] : !snn.pop<15>
}

// -----

snn.network @n attributes {timestep = 1.0} {
  // expected-error @below {{'snn.cam' op protocol operation 1 at 5 ms overlaps the one before (at 0 ms); the next operation may start 7 ms after a learn and 6 ms after a recall}}
  %out = snn.cam "cam" memories 5 bits 10 protocol [#snn.learn<time = 0.0, cue = 0, bits = [1]>, #snn.recall_cue<time = 5.0, cue = 0>] : !snn.pop<15>
}

// -----

// A recall needs 6 ms before the next operation (13 after 7 is fine); 5 is
// too close.
snn.network @n attributes {timestep = 1.0} {
  // expected-error @below {{'snn.cam' op protocol operation 3 at 18 ms overlaps the one before (at 13 ms); the next operation may start 7 ms after a learn and 6 ms after a recall}}
  %out = snn.cam "cam" memories 5 bits 10 protocol [#snn.learn<time = 0.0, cue = 0, bits = [1]>, #snn.recall_cue<time = 7.0, cue = 0>, #snn.recall_content<time = 13.0, bits = [1]>, #snn.recall_cue<time = 18.0, cue = 0>] : !snn.pop<15>
}

// -----

snn.network @n attributes {timestep = 1.0} {
  // expected-error @below {{'snn.cam' op protocol operation 0 starts at 0.5 ms; it must be >= 0 and a whole number of timesteps}}
  %out = snn.cam "cam" memories 5 bits 10 protocol [#snn.recall_cue<time = 0.5, cue = 0>] : !snn.pop<15>
}

// -----

snn.network @n attributes {timestep = 1.0} {
  // expected-error @below {{'snn.cam' op needs an input population or a protocol}}
  %out = snn.cam "cam" memories 5 bits 10 : !snn.pop<15>
}

// -----

snn.network @n attributes {timestep = 1.0} {
  %in = snn.population "in" SpikeSourcePoisson : !snn.pop<15>
  // expected-error @below {{'snn.cam' op takes an input population or a protocol, not both}}
  %out = snn.cam "cam" memories 5 bits 10 input(%in : !snn.pop<15>) protocol [] : !snn.pop<15>
}

// -----

snn.network @n attributes {timestep = 1.0} {
  %in = snn.population "in" SpikeSourcePoisson : !snn.pop<12>
  // expected-error @below {{'snn.cam' op input must have memories + bits = 15 neurons, got 12}}
  %out = snn.cam "cam" memories 5 bits 10 input(%in : !snn.pop<12>) : !snn.pop<15>
}

// -----

snn.network @n attributes {timestep = 1.0} {
  // expected-error @below {{'snn.cam' op 'fast_params' entry 'tau' must be an IF_curr_exp parameter with a float value}}
  %out = snn.cam "cam" memories 5 bits 10 protocol [] {fast_params = {tau = 1.0}} : !snn.pop<15>
}

// -----

// A group's parameters meet the catalogue's constraints on the snn.cam, as
// a population's do, not first on the populations it expands to.
snn.network @n attributes {timestep = 1.0} {
  // expected-error @below {{'snn.cam' op 'output_params' entry 'tau_m' must be > 0, got -1}}
  %out = snn.cam "cam" memories 5 bits 10 protocol [] {output_params = {tau_m = -1.0}} : !snn.pop<15>
}

// -----

snn.network @n attributes {timestep = 1.0} {
  // expected-note @below {{first used here}}
  %p = snn.population "cam" IF_curr_exp : !snn.pop<15>
  // expected-error @below {{'snn.cam' op duplicate name 'cam' in network @n}}
  %out = snn.cam "cam" memories 5 bits 10 protocol [] : !snn.pop<15>
}
