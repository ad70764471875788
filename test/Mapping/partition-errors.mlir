// snn-partition rejects what no core can hold, naming the resource and the
// shortfall.
// RUN: glia-opt %s -split-input-file --snn-partition -verify-diagnostics
// RUN: not glia-opt %s --snn-partition="cell-atoms=Neuron=5" 2>&1 | FileCheck %s --check-prefix=OPT
// RUN: not glia-opt %s --snn-partition="machine=no-such-machine" 2>&1 | FileCheck %s --check-prefix=MACHINE
// RUN: not glia-opt %s --snn-partition="spike-rate=nan" 2>&1 | FileCheck %s --check-prefix=RATE

// OPT: error: cell-atoms: expected CellType=N with N >= 1, got 'Neuron=5'
// RUN: not glia-opt %s --snn-partition="cell-atoms=Izhikevich=1,Izhikevich=2" 2>&1 | FileCheck %s --check-prefix=TWICE
// TWICE: error: cell-atoms: 'Izhikevich' is given twice
// MACHINE: error: unknown machine 'no-such-machine': no no-such-machine.json in
// RATE: error: spike-rate must be a finite rate >= 0 Hz, got nan

snn.network @cpu attributes {timestep = 1.0} {
  %s = snn.population "src" SpikeSourcePoisson params {rate = 1000.0} : !snn.pop<10000>
  // expected-error @below {{population 'hot' does not fit one core even with one neuron per core: CPU: needs 862,989 cycles per timestep, a core has 200,000 cycles per timestep (over by 662,989)}}
  %h = snn.population "hot" IF_curr_exp : !snn.pop<10>
  snn.projection @sh (%s -> %h) #snn.fixed_probability<p = 0.5> #snn.static<weight = 0.1, delay = 1.0> excitatory : !snn.pop<10000> -> !snn.pop<10>
}

// -----

snn.network @sdram attributes {timestep = 1.0} {
  %s = snn.population "src" SpikeSourcePoisson params {rate = 0.001} : !snn.pop<2000000>
  // expected-error @below {{population 'target' does not fit one core even with one neuron per core: SDRAM: needs 32,004,144 bytes, a core has 7,235,294 bytes (over by 24,768,850)}}
  %t = snn.population "target" IF_curr_exp : !snn.pop<1>
  snn.projection @st (%s -> %t) #snn.all_to_all #snn.static<weight = 0.1, delay = 1.0> excitatory : !snn.pop<2000000> -> !snn.pop<1>
}

// -----

// A shared spike train is on every core of its population whole: 9,000
// times (8 bytes each) fill more than a core's 64 KiB of DTCM.
snn.network @shared_train attributes {timestep = 1.0} {
  // expected-error @below {{population 'src' does not fit one core even with one neuron per core: DTCM: needs 80,212 bytes, a core has 65,536 bytes (over by 14,676)}}
  %s = snn.population "src" SpikeSourceArray params {spike_times = dense<1.0> : tensor<9000xf64>} : !snn.pop<10>
  %n = snn.population "n" IF_curr_exp : !snn.pop<10>
  snn.projection @sn (%s -> %n) #snn.one_to_one #snn.static<weight = 0.1, delay = 1.0> excitatory : !snn.pop<10> -> !snn.pop<10>
}

// -----

// A rate whose cycle estimate no int64 holds exceeds the budget, saturated
// (the conversion overflowed into a negative estimate).
snn.network @hr attributes {timestep = 1.0} {
  %s = snn.population "src" SpikeSourcePoisson params {rate = 1.0e300} : !snn.pop<10>
  // expected-error @below {{population 'exc' does not fit one core even with one neuron per core: CPU: needs 9,223,372,036,854,775,807 cycles per timestep}}
  %e = snn.population "exc" IF_curr_exp : !snn.pop<10>
  snn.projection @se (%s -> %e) #snn.all_to_all #snn.static<weight = 0.1, delay = 1.0> excitatory : !snn.pop<10> -> !snn.pop<10>
}

// -----

// A CAM is mapped as what it expands to; unexpanded, its output is no
// population to slice.
snn.network @cam attributes {timestep = 1.0} {
  // expected-error @below {{'snn.cam' op must be expanded before it is mapped: run -snn-expand-cam first (glia compile does)}}
  %out = snn.cam "cam" memories 5 bits 10 protocol [
      #snn.learn<time = 0.0, cue = 0, bits = [0, 1, 8, 9]>] : !snn.pop<15>
  %next = snn.population "next" IF_curr_exp : !snn.pop<15>
  snn.projection @readout (%out -> %next) #snn.one_to_one
      #snn.static<weight = 1.0, delay = 1.0> excitatory : !snn.pop<15> -> !snn.pop<15>
}
