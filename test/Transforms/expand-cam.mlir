// snn-expand-cam builds the CA3 memory of MODELS.md §2: its groups, the 18
// projections with the published weights, delays and receptors, the two STDP
// projections, the protocol's input spike trains and the recorded output.
// RUN: glia-opt %s --snn-expand-cam | FileCheck %s
// RUN: glia-opt %s --snn-expand-cam --mlir-print-op-generic | glia-opt | FileCheck %s

snn.network @cam attributes {timestep = 1.0} {
  %out = snn.cam "cam" memories 5 bits 10 protocol [
      #snn.learn<time = 0.0, cue = 0, bits = [0, 1, 8, 9]>,
      #snn.recall_cue<time = 10.0, cue = 0>,
      #snn.recall_content<time = 20.0, bits = [6]>] : !snn.pop<15>
  %next = snn.population "next" IF_curr_exp : !snn.pop<15>
  snn.projection @readout (%out -> %next) #snn.one_to_one
      #snn.static<weight = 1.0, delay = 1.0> excitatory : !snn.pop<15> -> !snn.pop<15>
}

// CHECK-NOT: snn.cam
// Input: cue 0 and bits {0,1,8,9} (neurons 5, 6, 13, 14) spike at 0, 1, 2 ms;
// cue 0 again at 10 ms; bit 6 (neuron 11) at 20 ms.
// CHECK: %[[IN:.*]] = snn.population "cam.input" SpikeSourceArray params {spike_times = #snn.spike_trains<offsets = dense<[0, 4, 4, 4, 4, 4, 7, 10, 10, 10, 10, 10, 11, 11, 14, 17]> : tensor<16xi64>, times = dense<[0.000000e+00, 1.000000e+00, 2.000000e+00, 1.000000e+01, 0.000000e+00, 1.000000e+00, 2.000000e+00, 0.000000e+00, 1.000000e+00, 2.000000e+00, 2.000000e+01, 0.000000e+00, 1.000000e+00, 2.000000e+00, 0.000000e+00, 1.000000e+00, 2.000000e+00]> : tensor<17xf64>>} : !snn.pop<15>
// CHECK: %[[CUECUE:.*]] = snn.population "cam.cueCue" IF_curr_exp params {cm = 2.700000e-01 : f64, i_offset = 0.000000e+00 : f64, tau_m = 3.000000e+00 : f64, tau_refrac = 1.000000e+00 : f64, tau_syn_E = 3.000000e-01 : f64, tau_syn_I = 3.000000e-01 : f64, v_reset = -6.000000e+01 : f64, v_rest = -6.000000e+01 : f64, v_thresh = -5.700000e+01 : f64} initial {v = -6.000000e+01 : f64} : !snn.pop<5>
// CHECK: %[[CUECONT:.*]] = snn.population "cam.cueCont" IF_curr_exp params {cm = 1.400000e-01 : f64, {{.*}}tau_m = 5.000000e-01 : f64{{.*}}} {{.*}}: !snn.pop<5>
// CHECK: %[[MERGECUE:.*]] = snn.population "cam.mergeCue" {{.*}}: !snn.pop<5>
// CHECK: %[[CONTCUE:.*]] = snn.population "cam.contCue" {{.*}}: !snn.pop<10>
// CHECK: %[[CONTCONT:.*]] = snn.population "cam.contCont" {{.*}}: !snn.pop<10>
// CHECK: %[[CONTCOND:.*]] = snn.population "cam.contCond" {{.*}}tau_m = 5.000000e-01{{.*}}: !snn.pop<10>
// CHECK: %[[MERGECONT:.*]] = snn.population "cam.mergeCont" {{.*}}: !snn.pop<10>
// CHECK: %[[INT:.*]] = snn.population "cam.contCondInt" {{.*}}: !snn.pop<1>
// CHECK: %[[OUT:.*]] = snn.population "cam.output" {{.*}}v_thresh = -5.750000e+01 : f64{{.*}}: !snn.pop<15>
// CHECK: %[[INCUE:.*]] = snn.view %[[IN]] [0:5]
// CHECK: snn.projection @cam.input_cueCue(%[[INCUE]] -> %[[CUECUE]]) #snn.one_to_one #snn.static<weight = 6.000000e+00 : f64, delay = 1.000000e+00 : f64> excitatory
// CHECK: %[[INCONT:.*]] = snn.view %[[IN]] [5:15]
// CHECK: snn.projection @cam.input_contCue(%[[INCONT]] -> %[[CONTCUE]]) #snn.one_to_one #snn.static<weight = 6.000000e+00 : f64, delay = 1.000000e+00 : f64> excitatory
// CHECK: snn.projection @cam.cueCue_cueCont(%[[CUECUE]] -> %[[CUECONT]]) #snn.one_to_one #snn.static<weight = 6.000000e+00 : f64, delay = 2.000000e+00 : f64> excitatory
// CHECK: snn.projection @cam.cueCue_cueCont_inh(%[[CUECUE]] -> %[[CUECONT]]) #snn.all_to_all<skip_diagonal = true> #snn.static<weight = -6.000000e+01 : f64, delay = 3.000000e+00 : f64> inhibitory
// CHECK: snn.projection @cam.cueCue_contCond(%[[CUECUE]] -> %[[CONTCOND]]) #snn.all_to_all #snn.static<weight = -6.000000e+00 : f64, delay = 2.000000e+00 : f64> inhibitory
// CHECK: snn.projection @cam.contCue_contCond(%[[CONTCUE]] -> %[[CONTCOND]]) #snn.one_to_one #snn.static<weight = 9.000000e+00 : f64, delay = 1.000000e+00 : f64> excitatory
// CHECK: snn.projection @cam.contCue_contCondInt(%[[CONTCUE]] -> %[[INT]]) #snn.all_to_all #snn.static<weight = 6.000000e+00 : f64, delay = 1.000000e+00 : f64> excitatory
// CHECK: snn.projection @cam.contCondInt_contCond(%[[INT]] -> %[[CONTCOND]]) #snn.all_to_all #snn.static<weight = 2.000000e+00 : f64, delay = 1.000000e+00 : f64> excitatory
// CHECK: snn.projection @cam.contCond_contCont(%[[CONTCOND]] -> %[[CONTCONT]]) #snn.one_to_one #snn.static<weight = 6.000000e+00 : f64, delay = 1.000000e+00 : f64> excitatory
// CHECK: snn.projection @cam.cueCue_contCue(%[[CUECUE]] -> %[[CONTCUE]]) #snn.all_to_all #snn.stdp<weight = 0.000000e+00 : f64, delay = 1.000000e+00 : f64, tau_plus = 3.0, tau_minus = 3.0, A_plus = 1.0, A_minus = 1.0, weight_dependence = additive, w_min = 0.0, w_max = 6.0> excitatory
// CHECK: snn.projection @cam.contCont_cueCont(%[[CONTCONT]] -> %[[CUECONT]]) #snn.all_to_all #snn.stdp<{{.*}}> excitatory
// CHECK: snn.projection @cam.cueCont_cueCont_inh(%[[CUECONT]] -> %[[CUECONT]]) #snn.all_to_all<skip_diagonal = true> #snn.static<weight = -6.000000e+01 : f64, delay = 2.000000e+00 : f64> inhibitory
// CHECK: snn.projection @cam.cueCue_mergeCue(%[[CUECUE]] -> %[[MERGECUE]]) #snn.one_to_one #snn.static<weight = 6.000000e+00 : f64, delay = 3.000000e+00 : f64> excitatory
// CHECK: snn.projection @cam.cueCont_mergeCue(%[[CUECONT]] -> %[[MERGECUE]]) #snn.one_to_one #snn.static<weight = 6.000000e+00 : f64, delay = 1.000000e+00 : f64> excitatory
// CHECK: snn.projection @cam.contCue_mergeCont(%[[CONTCUE]] -> %[[MERGECONT]]) #snn.one_to_one #snn.static<weight = 6.000000e+00 : f64, delay = 3.000000e+00 : f64> excitatory
// CHECK: snn.projection @cam.contCont_mergeCont(%[[CONTCONT]] -> %[[MERGECONT]]) #snn.one_to_one #snn.static<weight = 6.000000e+00 : f64, delay = 1.000000e+00 : f64> excitatory
// CHECK: %[[OUTCUE:.*]] = snn.view %[[OUT]] [0:5]
// CHECK: snn.projection @cam.mergeCue_output(%[[MERGECUE]] -> %[[OUTCUE]]) #snn.one_to_one
// CHECK: %[[OUTCONT:.*]] = snn.view %[[OUT]] [5:15]
// CHECK: snn.projection @cam.mergeCont_output(%[[MERGECONT]] -> %[[OUTCONT]]) #snn.one_to_one
// CHECK: snn.record %[[OUT]] ["spikes"] : !snn.pop<15>
// The CAM's users now read the output layer.
// CHECK: %[[NEXT:.*]] = snn.population "next"
// CHECK: snn.projection @readout(%[[OUT]] -> %[[NEXT]])
