// NALSM's trace STDP synapse (#snn.trace_stdp) prints and parses back in
// every form, and an astrocyte may modulate either of its rates.
// RUN: glia-opt %s | glia-opt | FileCheck %s
// RUN: glia-opt %s --mlir-print-op-generic | glia-opt | FileCheck %s
// RUN: glia-opt %s --emit-bytecode | glia-opt | FileCheck %s

snn.network @nalsm attributes {timestep = 1.0} {
  %e = snn.population "e" IF_curr_exp : !snn.pop<8>
  %i = snn.population "i" IF_curr_exp : !snn.pop<2>
  // CHECK: snn.projection @ee({{.*}}) #snn.all_to_all #snn.trace_stdp<weight = 1.500000e+00 : f64, delay = 1.000000e+00 : f64, tau = 10.0, trace_increment = 0.1, eta_plus = 0.15, eta_minus = 0.15, rate_decay = 0.99, w_min = 0.0, w_max = 3.0> excitatory
  snn.projection @ee (%e -> %e) #snn.all_to_all
      #snn.trace_stdp<weight = 1.5, delay = 1.0, tau = 10.0, trace_increment = 0.1, eta_plus = 0.15, eta_minus = 0.15, rate_decay = 0.99, w_min = 0.0, w_max = 3.0>
      excitatory : !snn.pop<8> -> !snn.pop<8>
  // CHECK: snn.projection @ie({{.*}}) #snn.all_to_all #snn.trace_stdp<weight = #snn.uniform<low = 0.0, high = 3.0>, delay = 1.000000e+00 : f64, tau = 20.0, trace_increment = 1.0, eta_plus = 0.0, eta_minus = 0.5, rate_decay = 1.0, w_min = 0.0, w_max = 3.0> inhibitory
  snn.projection @ie (%i -> %e) #snn.all_to_all
      #snn.trace_stdp<weight = #snn.uniform<low = 0.0, high = 3.0>, delay = 1.0, tau = 20.0, trace_increment = 1.0, eta_plus = 0.0, eta_minus = 0.5, rate_decay = 1.0, w_min = 0.0, w_max = 3.0>
      inhibitory : !snn.pop<2> -> !snn.pop<8>
  %a = snn.astrocytes "astro" leaky_integrator params {tau = 100.0, bias = 0.15}
         initial {A = 0.15} : !snn.astro<1>
  // CHECK: snn.astro_modulate %{{.*}} stdp_depression @ee gain 1.000000e+00
  snn.astro_modulate %a stdp_depression @ee gain 1.0 : !snn.astro<1>
  // CHECK: snn.astro_modulate %{{.*}} stdp_potentiation @ie gain 1.000000e+00
  snn.astro_modulate %a stdp_potentiation @ie gain 1.0 : !snn.astro<1>
}
