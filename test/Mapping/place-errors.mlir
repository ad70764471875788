// snn-place: a network with more slices than usable cores is one error
// naming both counts. A dead chip and two dead cores leave 3 x 17 - 2 = 49.
// RUN: glia-opt %s -split-input-file --snn-partition="machine=%S/Inputs/spinn3-faulty.json atoms-per-core=10" --snn-place -verify-diagnostics

// expected-error @below {{network @net does not fit machine 'spinn3-faulty': needs 50 cores, the machine has 49 usable}}
snn.network @net attributes {timestep = 1.0} {
  %a = snn.population "a" IF_curr_exp : !snn.pop<300>
  %b = snn.population "b" IF_curr_exp : !snn.pop<200>
}

// -----

// Exactly full is fine.
snn.network @net attributes {timestep = 1.0} {
  %a = snn.population "a" IF_curr_exp : !snn.pop<490>
}
