// Every op and attribute of snn prints and parses back: textual, generic and
// bytecode forms give the same IR.
// RUN: glia-opt %s | glia-opt | FileCheck %s
// RUN: glia-opt %s --mlir-print-op-generic | glia-opt | FileCheck %s
// RUN: glia-opt %s --emit-bytecode | glia-opt | FileCheck %s

// CHECK-LABEL: snn.network @everything
// CHECK-SAME: duration = 1.000000e+03 : f64, seed = 42 : i64, timestep = 1.000000e-01 : f64
snn.network @everything attributes {timestep = 0.1, seed = 42, duration = 1000.0} {
  // CHECK: %[[E:.*]] = snn.population "exc" IF_curr_exp params {cm = 2.000000e-01 : f64, tau_m = 2.000000e+01 : f64}
  // CHECK-SAME: initial {v = #snn.uniform<low = -60.0, high = -50.0>} : !snn.pop<3200>
  %e = snn.population "exc" IF_curr_exp params {tau_m = 20.0, cm = 0.2}
         initial {v = #snn.uniform<low = -60.0, high = -50.0>} : !snn.pop<3200>
  // CHECK: %[[C:.*]] = snn.population "cond" IF_cond_exp params {e_rev_I = -8.000000e+01 : f64, i_offset = #snn.normal<mu = 0.5, sigma = 0.1>}
  %c = snn.population "cond" IF_cond_exp params {e_rev_I = -80.0, i_offset = #snn.normal<mu = 0.5, sigma = 0.1>} : !snn.pop<10>
  // CHECK: snn.population "alpha" IF_curr_alpha params {i_offset = dense<[1.000000e-01, 2.000000e-01, 3.000000e-01]> : tensor<3xf64>}
  %a = snn.population "alpha" IF_curr_alpha params {i_offset = dense<[0.1, 0.2, 0.3]> : tensor<3xf64>} : !snn.pop<3>
  // CHECK: snn.population "izh" Izhikevich params {a = 1.000000e-01 : f64}
  // CHECK-SAME: initial {u = #snn.normal_clipped<mu = -14.0, sigma = 1.0, low = -16.0, high = -12.0>}
  %z = snn.population "izh" Izhikevich params {a = 0.1}
         initial {u = #snn.normal_clipped<mu = -14.0, sigma = 1.0, low = -16.0, high = -12.0>} : !snn.pop<5>
  // CHECK: %[[P:.*]] = snn.population "poisson" SpikeSourcePoisson params {duration = 5.000000e+02 : f64, rate = 1.000000e+01 : f64, start = 1.000000e+01 : f64}
  %p = snn.population "poisson" SpikeSourcePoisson params {rate = 10.0, start = 10.0, duration = 500.0} : !snn.pop<100>
  // CHECK: snn.population "shared" SpikeSourceArray params {spike_times = dense<[1.000000e+00, 5.000000e+00]> : tensor<2xf64>}
  %s = snn.population "shared" SpikeSourceArray params {spike_times = dense<[1.0, 5.0]> : tensor<2xf64>} : !snn.pop<4>
  // CHECK: snn.population "trains" SpikeSourceArray params {spike_times = #snn.spike_trains<offsets = dense<[0, 1, 3]> : tensor<3xi64>, times = dense<[1.000000e+00, 2.000000e+00, 3.000000e+00]> : tensor<3xf64>>}
  %t = snn.population "trains" SpikeSourceArray params {spike_times = #snn.spike_trains<offsets = dense<[0, 1, 3]> : tensor<3xi64>, times = dense<[1.0, 2.0, 3.0]> : tensor<3xf64>>} : !snn.pop<2>
  // CHECK: %[[V:.*]] = snn.view %[[E]] [100:200] : !snn.pop<3200>
  %v = snn.view %e[100:200] : !snn.pop<3200>
  // CHECK: %[[VV:.*]] = snn.view %[[V]] [10:20] : !snn.pop<100>
  %vv = snn.view %v[10:20] : !snn.pop<100>

  // CHECK: snn.projection @all(%[[E]] -> %[[E]]) #snn.all_to_all<allow_self = false>
  snn.projection @all (%e -> %e) #snn.all_to_all<allow_self = false>
      #snn.static<weight = 0.01, delay = 0.1> excitatory : !snn.pop<3200> -> !snn.pop<3200>
  // CHECK: snn.projection @one(%[[P]] -> %[[V]]) #snn.one_to_one
  snn.projection @one (%p -> %v) #snn.one_to_one
      #snn.static<weight = #snn.uniform<low = 0.0, high = 1.0>, delay = 0.5> excitatory : !snn.pop<100> -> !snn.pop<100>
  // CHECK: snn.projection @prob(%[[E]] -> %[[C]]) #snn.fixed_probability<p = 0.02>
  // CHECK-SAME: inhibitory {seed = 7 : i64}
  snn.projection @prob (%e -> %c) #snn.fixed_probability<p = 0.02, allow_self = true>
      #snn.static<weight = 0.5, delay = 0.2> inhibitory {seed = 7} : !snn.pop<3200> -> !snn.pop<10>
  // CHECK: snn.projection @pre(%[[P]] -> %[[E]]) #snn.fixed_number_pre<n = 5, with_replacement = true>
  snn.projection @pre (%p -> %e) #snn.fixed_number_pre<n = 5, with_replacement = true>
      #snn.static<weight = 0.1, delay = 0.1> excitatory : !snn.pop<100> -> !snn.pop<3200>
  // CHECK: snn.projection @post(%[[E]] -> %[[E]]) #snn.fixed_number_post<n = 3, allow_self = false>
  snn.projection @post (%e -> %e) #snn.fixed_number_post<n = 3, allow_self = false>
      #snn.static<weight = 0.1, delay = 0.1> excitatory : !snn.pop<3200> -> !snn.pop<3200>
  // CHECK: snn.projection @list(%[[P]] -> %[[VV]]) #snn.from_list<pre = dense<[0, 1]> : tensor<2xi64>, post = dense<[5, 7]> : tensor<2xi64>, weights = dense<[1.000000e-01, 2.000000e-01]> : tensor<2xf64>, delays = dense<[1.000000e-01, 3.000000e-01]> : tensor<2xf64>>
  snn.projection @list (%p -> %vv) #snn.from_list<pre = dense<[0, 1]> : tensor<2xi64>, post = dense<[5, 7]> : tensor<2xi64>, weights = dense<[0.1, 0.2]> : tensor<2xf64>, delays = dense<[0.1, 0.3]> : tensor<2xf64>>
      #snn.static<weight = 0.0, delay = 0.1> excitatory : !snn.pop<100> -> !snn.pop<10>
  // CHECK: snn.projection @plastic(%[[P]] -> %[[E]]) #snn.fixed_probability<p = 0.1> #snn.stdp<weight = 5.000000e-01 : f64, delay = 1.000000e+00 : f64, tau_plus = 20.0, tau_minus = 15.0, A_plus = 0.01, A_minus = 0.012, weight_dependence = multiplicative, w_min = 0.0, w_max = 1.0>
  snn.projection @plastic (%p -> %e) #snn.fixed_probability<p = 0.1>
      #snn.stdp<weight = 0.5, delay = 1.0, tau_plus = 20.0, tau_minus = 15.0, A_plus = 0.01, A_minus = 0.012, weight_dependence = multiplicative, w_min = 0.0, w_max = 1.0>
      excitatory : !snn.pop<100> -> !snn.pop<3200>
  // Plastic synapses with delays of their own: drawn, or one per listed pair.
  // CHECK: snn.projection @plastic_drawn_delays(%[[P]] -> %[[E]]) #snn.fixed_probability<p = 0.1> #snn.stdp<weight = 5.000000e-01 : f64, delay = #snn.uniform<low = 0.1, high = 2.0>,
  snn.projection @plastic_drawn_delays (%p -> %e) #snn.fixed_probability<p = 0.1>
      #snn.stdp<weight = 0.5, delay = #snn.uniform<low = 0.1, high = 2.0>, tau_plus = 20.0, tau_minus = 15.0, A_plus = 0.01, A_minus = 0.012, weight_dependence = additive, w_min = 0.0, w_max = 1.0>
      excitatory : !snn.pop<100> -> !snn.pop<3200>
  // CHECK: snn.projection @plastic_list_delays(%[[P]] -> %[[E]]) #snn.from_list<{{.*}}delays = dense<[1.000000e-01, 5.000000e-01]> : tensor<2xf64>> #snn.stdp<
  snn.projection @plastic_list_delays (%p -> %e) #snn.from_list<pre = dense<[0, 1]> : tensor<2xi64>, post = dense<[5, 7]> : tensor<2xi64>, weights = dense<[0.1, 0.2]> : tensor<2xf64>, delays = dense<[0.1, 0.5]> : tensor<2xf64>>
      #snn.stdp<weight = 0.5, delay = 0.1, tau_plus = 20.0, tau_minus = 15.0, A_plus = 0.01, A_minus = 0.012, weight_dependence = additive, w_min = 0.0, w_max = 1.0>
      excitatory : !snn.pop<100> -> !snn.pop<3200>

  // CHECK: %[[CAM:.*]] = snn.cam "mem" memories 2 bits 3 protocol [#snn.learn<time = 0.0, cue = 1, bits = [0, 2]>, #snn.recall_cue<time = 10.0, cue = 1>, #snn.recall_content<time = 20.0, bits = [2]>] {learning = #snn.stdp<{{.*}}>, regular_params = {cm = 3.000000e-01 : f64}} : !snn.pop<5>
  %cam = snn.cam "mem" memories 2 bits 3 protocol [
      #snn.learn<time = 0.0, cue = 1, bits = [0, 2]>, #snn.recall_cue<time = 10.0, cue = 1>,
      #snn.recall_content<time = 20.0, bits = [2]>]
      {regular_params = {cm = 0.3}, learning = #snn.stdp<weight = 0.0, delay = 1.0, tau_plus = 3.0, tau_minus = 3.0, A_plus = 6.0, A_minus = 6.0, weight_dependence = additive, w_min = 0.0, w_max = 6.0>} : !snn.pop<5>
  // CHECK: snn.cam "fed" memories 8 bits 2 input(%[[VV]] : !snn.pop<10>)
  %fed = snn.cam "fed" memories 8 bits 2 input(%vv : !snn.pop<10>) : !snn.pop<10>
  // CHECK: snn.record %[[CAM]] ["spikes"] : !snn.pop<5>
  snn.record %cam ["spikes"] : !snn.pop<5>
  // CHECK: snn.record %[[E]] ["spikes", "v", "isyn_exc"] : !snn.pop<3200>
  snn.record %e ["spikes", "v", "isyn_exc"] : !snn.pop<3200>
  // CHECK: snn.record %[[V]] ["v"] {sampling_interval = 1.000000e+00 : f64} : !snn.pop<100>
  snn.record %v ["v"] {sampling_interval = 1.0} : !snn.pop<100>
}

// sPyNNaker's discretisation is an attribute of the network.
// CHECK-LABEL: snn.network @held
// CHECK-SAME: integration = #snn<integration spinnaker>
snn.network @held attributes {timestep = 1.0, integration = #snn<integration spinnaker>} {
  %p = snn.population "p" IF_curr_exp : !snn.pop<2>
}
