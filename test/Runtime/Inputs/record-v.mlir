// A thousand unconnected neurons with v recorded every step: a run of 10^7
// steps would record 10^10 values (errors.test). They never fire, so their
// spike recording is empty (outputs.test).
snn.network @recordv attributes {timestep = 0.1 : f64, seed = 1 : i64} {
  %cells = snn.population "cells" IF_curr_exp params {} : !snn.pop<1000>
  snn.record %cells ["v"] : !snn.pop<1000>
  snn.record %cells ["spikes"] : !snn.pop<1000>
}
