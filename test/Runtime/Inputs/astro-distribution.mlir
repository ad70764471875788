// Astrocyte parameters must be constants for the reference runtime.
snn.network @astro attributes {timestep = 1.0 : f64, duration = 10.0 : f64} {
  %a = snn.astrocytes "astro" leaky_integrator params {tau = #snn.uniform<low = 50.0, high = 150.0>} : !snn.astro<2>
}
