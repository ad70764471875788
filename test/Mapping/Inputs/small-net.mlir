// A source, an excitatory and an inhibitory population: three chips' worth
// at 20 neurons per core on a SpiNN-3 board.
snn.network @small attributes {timestep = 1.0} {
  %s = snn.population "src" SpikeSourcePoisson params {rate = 20.0} : !snn.pop<100>
  %e = snn.population "exc" IF_curr_exp : !snn.pop<600>
  %i = snn.population "inh" IF_curr_exp : !snn.pop<150>
  %v = snn.view %e[100:200] : !snn.pop<600>
  snn.projection @se (%s -> %v) #snn.one_to_one #snn.static<weight = 0.1, delay = 1.0> excitatory : !snn.pop<100> -> !snn.pop<100>
  snn.projection @ee (%e -> %e) #snn.fixed_probability<p = 0.02> #snn.static<weight = 0.1, delay = 1.0> excitatory : !snn.pop<600> -> !snn.pop<600>
  snn.projection @ei (%e -> %i) #snn.fixed_probability<p = 0.05> #snn.static<weight = 0.1, delay = 1.0> excitatory : !snn.pop<600> -> !snn.pop<150>
  snn.projection @ie (%i -> %e) #snn.fixed_probability<p = 0.05> #snn.static<weight = -0.1, delay = 1.0> inhibitory : !snn.pop<150> -> !snn.pop<600>
  snn.record %e ["spikes"] : !snn.pop<600>
}
