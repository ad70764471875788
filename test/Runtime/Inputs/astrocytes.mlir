snn.network @astro attributes {timestep = 1.0 : f64, duration = 10.0 : f64} {
  %liquid = snn.population "liquid" IF_curr_exp : !snn.pop<10>
  %a = snn.astrocytes "astro" leaky_integrator : !snn.astro<1>
}
