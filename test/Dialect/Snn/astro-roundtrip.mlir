// Astrocytes and tripartite couplings print and parse back in every form.
// RUN: glia-opt %s | glia-opt | FileCheck %s
// RUN: glia-opt %s --mlir-print-op-generic | glia-opt | FileCheck %s
// RUN: glia-opt %s --emit-bytecode | glia-opt | FileCheck %s

snn.network @nalsm attributes {timestep = 1.0} {
  // CHECK: %[[IN:.*]] = snn.population "input" SpikeSourcePoisson
  %in = snn.population "input" SpikeSourcePoisson params {rate = 20.0} : !snn.pop<784>
  // CHECK: %[[L:.*]] = snn.population "liquid" IF_curr_exp
  %liquid = snn.population "liquid" IF_curr_exp : !snn.pop<1000>
  snn.projection @drive (%in -> %liquid) #snn.fixed_probability<p = 0.15>
      #snn.static<weight = 0.5, delay = 1.0> excitatory : !snn.pop<784> -> !snn.pop<1000>
  snn.projection @ee (%liquid -> %liquid) #snn.fixed_probability<p = 0.1>
      #snn.stdp<weight = 1.0, delay = 1.0, tau_plus = 10.0, tau_minus = 10.0, A_plus = 0.15, A_minus = 0.15, weight_dependence = additive, w_min = 0.0, w_max = 3.0>
      excitatory : !snn.pop<1000> -> !snn.pop<1000>
  // CHECK: %[[A:.*]] = snn.astrocytes "astro" leaky_integrator params {bias = 1.500000e-01 : f64, rate_decay = 0.98999999999999999 : f64, tau = 1.000000e+02 : f64} initial {A = 1.500000e-01 : f64} : !snn.astro<1>
  %a = snn.astrocytes "astro" leaky_integrator params {tau = 100.0, bias = 0.15, rate_decay = 0.99}
         initial {A = 0.15} : !snn.astro<1>
  // CHECK: snn.astro_listen %[[A]] from %[[L]] weight 1.500000e-02 : !snn.astro<1>, !snn.pop<1000>
  snn.astro_listen %a from %liquid weight 0.015 : !snn.astro<1>, !snn.pop<1000>
  // CHECK: snn.astro_listen %[[A]] from @drive weight -1.500000e-02 : !snn.astro<1>
  snn.astro_listen %a from @drive weight -0.015 : !snn.astro<1>
  // CHECK: snn.astro_modulate %[[A]] stdp_depression @ee gain 1.000000e+00 : !snn.astro<1>
  snn.astro_modulate %a stdp_depression @ee gain 1.0 : !snn.astro<1>
  // CHECK: snn.astro_modulate %[[A]] weight_scale @drive gain 5.000000e-01 : !snn.astro<1>
  snn.astro_modulate %a weight_scale @drive gain 0.5 : !snn.astro<1>
  // CHECK: %[[C:.*]] = snn.astrocytes "calcium" li_rinzel params {delta_IP3 = 2.000000e+00 : f64} initial {Ca = 1.000000e-01 : f64} : !snn.astro<4>
  %c = snn.astrocytes "calcium" li_rinzel params {delta_IP3 = 2.0} initial {Ca = 0.1} : !snn.astro<4>
  // CHECK: snn.astro_inject %[[C]] into %[[L]] gain 1.000000e-03 : !snn.astro<4>, !snn.pop<1000>
  snn.astro_inject %c into %liquid gain 0.001 : !snn.astro<4>, !snn.pop<1000>
  // CHECK: snn.record %[[A]] ["A"] : !snn.astro<1>
  snn.record %a ["A"] : !snn.astro<1>
  // CHECK: snn.record %[[C]] ["IP3", "Ca", "h", "SIC"] : !snn.astro<4>
  snn.record %c ["IP3", "Ca", "h", "SIC"] : !snn.astro<4>
}
