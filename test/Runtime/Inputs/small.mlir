// A small driven network used by several runtime tests: Poisson input onto
// an excitatory/inhibitory population, v recorded on a view.
snn.network @small attributes {timestep = 0.1 : f64, seed = 3 : i64, duration = 50.0 : f64} {
  %in = snn.population "input" SpikeSourcePoisson params {rate = 80.0} : !snn.pop<20>
  %all = snn.population "cells" IF_curr_exp params {tau_refrac = 2.0, v_thresh = -55.0}
      initial {v = #snn.uniform<low = -65.0, high = -56.0>} : !snn.pop<50>
  %exc = snn.view %all[0:40] : !snn.pop<50>
  %inh = snn.view %all[40:50] : !snn.pop<50>
  snn.projection @drive (%in -> %all) #snn.fixed_probability<p = 0.3>
      #snn.static<weight = 1.5, delay = 0.5> excitatory : !snn.pop<20> -> !snn.pop<50>
  snn.projection @ee (%exc -> %all) #snn.fixed_number_post<n = 5>
      #snn.static<weight = #snn.uniform<low = 0.1, high = 0.5>, delay = #snn.uniform<low = 0.1, high = 2.0>> excitatory : !snn.pop<40> -> !snn.pop<50>
  snn.projection @ie (%inh -> %exc) #snn.all_to_all<allow_self = false>
      #snn.static<weight = -0.4, delay = 1.0> inhibitory : !snn.pop<10> -> !snn.pop<40>
  snn.record %all ["spikes"] : !snn.pop<50>
  snn.record %inh ["v"] {sampling_interval = 1.0 : f64} : !snn.pop<10>
}
