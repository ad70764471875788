// `glia run` with astrocytes: recorded astrocyte state in the CSV and the
// .npz, thread-count independence, and the plan file round trip.

// RUN: glia run %s -o %t.csv | FileCheck %s
// CHECK: network @astro: {{[0-9,]+}} synapses, 10 steps of 1 ms (10 ms), numerics double, 1 thread
// CHECK: astrocytes model count output mean final
// CHECK-NEXT: astro leaky_integrator 1 A {{0\.2[0-9]+}} {{0\.2[0-9]+}}
// CHECK: recordings: {{.*}}.csv

// A(t+1) = A(t)·(1 - 1/10) + (0.2 + 0.5·spikes(t))/10 with spikes at 0, 1, 2:
// 0.15, 0.205, 0.2545, 0.29905, then relaxing towards the bias 0.2 (the
// CSV prints the shortest round trip, so the last digit may be off by one).
// RUN: FileCheck --check-prefix=CSV %s < %t.csv
// The liquid comes first; the current the astrocyte injects (0.15 nA at
// step 0) has moved its membranes off rest by step 1.
// CSV: liquid,v,0,1,-64.{{[0-9]+}}
// CSV: astro,A,0,0,0.15{{$}}
// CSV-NEXT: astro,A,0,1,0.205{{0*[0-9]?$}}
// CSV-NEXT: astro,A,0,2,0.2545{{0*[0-9]?$}}
// CSV-NEXT: astro,A,0,3,0.29905{{0*[0-9]?$}}
// CSV-NEXT: astro,A,0,4,0.289145{{0*[0-9]?$}}

// RUN: glia run %s --threads 2 -o %t.2.csv --quiet
// RUN: diff %t.csv %t.2.csv
// RUN: glia plan %s -o %t.plan
// RUN: glia run %t.plan -o %t.plan.csv --quiet
// RUN: diff %t.csv %t.plan.csv

// RUN: glia run %s -o %t.npz --quiet
// RUN: python3 -c "import sys, zipfile; print(sorted(zipfile.ZipFile(sys.argv[1]).namelist()))" %t.npz | FileCheck --check-prefix=NPZ %s
// NPZ: ['astro.A.npy', 'astro.A_times.npy', 'liquid.v.npy', 'liquid.v_times.npy']

// Fixed point runs the same network and reports its saturations.
// RUN: glia run %s --numerics fixed -o %t.fixed.csv | FileCheck --check-prefix=FIXED %s
// FIXED: fixed-point saturations: 0{{$}}

snn.network @astro attributes {timestep = 1.0 : f64, duration = 10.0 : f64} {
  %in = snn.population "input" SpikeSourceArray params {spike_times = dense<[0.0, 1.0, 2.0]> : tensor<3xf64>} : !snn.pop<1>
  %liquid = snn.population "liquid" IF_curr_exp : !snn.pop<4>
  snn.projection @drive (%in -> %liquid) #snn.all_to_all
      #snn.stdp<weight = 0.5, delay = 1.0, tau_plus = 20.0, tau_minus = 20.0, A_plus = 0.01, A_minus = 0.01, weight_dependence = additive, w_min = 0.0, w_max = 1.0>
      excitatory : !snn.pop<1> -> !snn.pop<4>
  %a = snn.astrocytes "astro" leaky_integrator params {tau = 10.0, bias = 0.2} initial {A = 0.15} : !snn.astro<1>
  snn.astro_listen %a from %in weight 0.5 : !snn.astro<1>, !snn.pop<1>
  snn.astro_modulate %a stdp_depression @drive gain 1.0 : !snn.astro<1>
  snn.astro_modulate %a weight_scale @drive gain 0.5 : !snn.astro<1>
  snn.astro_inject %a into %liquid gain 1.0 : !snn.astro<1>, !snn.pop<4>
  snn.record %a ["A"] : !snn.astro<1>
  snn.record %liquid ["v"] : !snn.pop<4>
}
