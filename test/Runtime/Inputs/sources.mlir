// Spike sources only: every output format can hold what is recorded.
snn.network @sources attributes {timestep = 1.0 : f64, seed = 9 : i64} {
  %p = snn.population "poisson" SpikeSourcePoisson params {rate = 100.0} : !snn.pop<5>
  %a = snn.population "array" SpikeSourceArray params {spike_times = dense<[2.0, 4.0, 7.0]> : tensor<3xf64>} : !snn.pop<2>
  snn.record %p ["spikes"] : !snn.pop<5>
  snn.record %a ["spikes"] : !snn.pop<2>
}
