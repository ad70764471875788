// 70,000 x 70,000 all-to-all: 4.9e9 synapses, more than a thread's 32-bit
// synapse indices hold (errors.test).
snn.network @huge attributes {timestep = 1.0} {
  %p = snn.population "p" IF_curr_exp : !snn.pop<70000>
  snn.projection @all (%p -> %p) #snn.all_to_all #snn.static<weight = 0.001, delay = 1.0> excitatory : !snn.pop<70000> -> !snn.pop<70000>
}
