snn.network @huge attributes {timestep = 1.0} {
  %e = snn.population "exc" IF_curr_exp : !snn.pop<261120>
}
