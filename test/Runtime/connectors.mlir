// Deterministic connectors give exactly their synapse counts:
// all_to_all without self 10*10-10 = 90, skip_diagonal 10*10-10 = 90,
// one_to_one 10, fixed_number_post 10*3 = 30, fixed_number_pre 3*10 = 30,
// from_list 3: 253 in all.
// RUN: glia run %s --duration 5ms | FileCheck %s
// CHECK: network @connectors: 253 synapses, 5 steps of 1 ms (5 ms)

snn.network @connectors attributes {timestep = 1.0 : f64, seed = 2 : i64} {
  %a = snn.population "a" IF_curr_exp : !snn.pop<10>
  %b = snn.population "b" IF_curr_exp : !snn.pop<10>
  snn.projection @self (%a -> %a) #snn.all_to_all<allow_self = false>
      #snn.static<weight = 0.1, delay = 1.0> excitatory : !snn.pop<10> -> !snn.pop<10>
  snn.projection @lateral (%a -> %b) #snn.all_to_all<skip_diagonal = true>
      #snn.static<weight = -0.1, delay = 1.0> inhibitory : !snn.pop<10> -> !snn.pop<10>
  snn.projection @pairs (%a -> %b) #snn.one_to_one
      #snn.static<weight = 0.1, delay = 2.0> excitatory : !snn.pop<10> -> !snn.pop<10>
  snn.projection @out (%b -> %a) #snn.fixed_number_post<n = 3>
      #snn.static<weight = 0.1, delay = 1.0> excitatory : !snn.pop<10> -> !snn.pop<10>
  snn.projection @in (%b -> %b) #snn.fixed_number_pre<n = 3, allow_self = false>
      #snn.static<weight = 0.1, delay = 1.0> excitatory : !snn.pop<10> -> !snn.pop<10>
  snn.projection @list (%a -> %b) #snn.from_list<pre = dense<[0, 1, 1]> : tensor<3xi64>, post = dense<[5, 6, 7]> : tensor<3xi64>>
      #snn.static<weight = 0.1, delay = 1.0> excitatory : !snn.pop<10> -> !snn.pop<10>
}
