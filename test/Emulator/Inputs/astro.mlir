// A network with both astrocyte models and every coupling, for the
// emulate == run --numerics fixed oracle (astro.test): listens to a
// population, a view and a projection (positive and negative weights);
// STDP depression and potentiation rates, weight scaling of a static and a
// plastic projection, current injection into a population and a view.
// With 4 atoms per core it takes 29 cores on several chips, and both
// astrocyte populations are split over two cores each.
snn.network @astro attributes {timestep = 1.0 : f64, seed = 7 : i64, duration = 300.0 : f64} {
  %in = snn.population "input" SpikeSourcePoisson params {rate = 40.0} : !snn.pop<20>
  %exc = snn.population "exc" IF_curr_exp params {tau_m = 20.0, v_thresh = -55.0, tau_refrac = 2.0} initial {v = #snn.uniform<low = -65.0, high = -56.0>} : !snn.pop<40>
  %inh = snn.population "inh" IF_cond_exp params {v_thresh = -55.0, tau_refrac = 2.0} : !snn.pop<10>
  %front = snn.view %exc[0:24] : !snn.pop<40>
  snn.projection @drive (%in -> %exc) #snn.fixed_probability<p = 0.4>
      #snn.stdp<weight = 1.5, delay = 1.0, tau_plus = 20.0, tau_minus = 20.0, A_plus = 0.02, A_minus = 0.02, weight_dependence = additive, w_min = 0.0, w_max = 3.0>
      excitatory : !snn.pop<20> -> !snn.pop<40>
  snn.projection @ee (%exc -> %exc) #snn.fixed_probability<p = 0.15>
      #snn.static<weight = 0.3, delay = #snn.uniform<low = 1.0, high = 4.0>> excitatory : !snn.pop<40> -> !snn.pop<40>
  snn.projection @ei (%exc -> %inh) #snn.fixed_probability<p = 0.3>
      #snn.stdp<weight = 0.01, delay = 2.0, tau_plus = 15.0, tau_minus = 25.0, A_plus = 0.05, A_minus = 0.05, weight_dependence = multiplicative, w_min = 0.0, w_max = 0.03>
      excitatory : !snn.pop<40> -> !snn.pop<10>
  snn.projection @ie (%inh -> %exc) #snn.fixed_probability<p = 0.3>
      #snn.static<weight = -1.0, delay = 1.0> inhibitory : !snn.pop<10> -> !snn.pop<40>

  %glia = snn.astrocytes "glia" leaky_integrator params {tau = 20.0, bias = 0.1} initial {A = 0.3} : !snn.astro<6>
  snn.astro_listen %glia from %exc weight 0.1 : !snn.astro<6>, !snn.pop<40>
  snn.astro_listen %glia from @drive weight -0.2 : !snn.astro<6>
  snn.astro_modulate %glia stdp_depression @drive gain 0.1 : !snn.astro<6>
  snn.astro_modulate %glia weight_scale @ee gain 0.8 : !snn.astro<6>
  snn.astro_inject %glia into %inh gain 0.4 : !snn.astro<6>, !snn.pop<10>

  %calcium = snn.astrocytes "calcium" li_rinzel params {SIC_th = 0.0, IP3_0 = 0.4} : !snn.astro<5>
  snn.astro_listen %calcium from %front weight 0.02 : !snn.astro<5>, !snn.pop<24>
  snn.astro_modulate %calcium stdp_potentiation @ei gain 0.003 : !snn.astro<5>
  snn.astro_modulate %calcium weight_scale @drive gain 0.05 : !snn.astro<5>
  snn.astro_inject %calcium into %front gain 0.02 : !snn.astro<5>, !snn.pop<24>

  snn.record %exc ["spikes", "v"] : !snn.pop<40>
  snn.record %inh ["spikes"] : !snn.pop<10>
  snn.record %glia ["A"] : !snn.astro<6>
  snn.record %calcium ["IP3", "Ca", "h", "SIC"] : !snn.astro<5>
}
