// The hippocampal CAM (MODELS.md §2) runs through `glia run`: snn.cam is
// expanded first. Learning cue 0 = {0, 1, 8, 9} at t = 0 shows the cue and
// its content on the output at t + 5 and t + 7, as published (output neuron
// k < 5 is cue k, neuron 5 + b is content bit b).
// RUN: glia run %s -o %t.csv --quiet
// RUN: FileCheck %s < %t.csv
// CHECK: population,variable,neuron,time_ms,value
// CHECK-NOT: cam.output,spikes,{{[0-9]+}},{{[0-4]}},
// CHECK: cam.output,spikes,0,5,
// CHECK-NEXT: cam.output,spikes,5,5,
// CHECK-NEXT: cam.output,spikes,6,5,
// CHECK-NEXT: cam.output,spikes,13,5,
// CHECK-NEXT: cam.output,spikes,14,5,
// CHECK-NEXT: cam.output,spikes,0,7,
// CHECK-NEXT: cam.output,spikes,5,7,
// CHECK-NEXT: cam.output,spikes,6,7,
// CHECK-NEXT: cam.output,spikes,13,7,
// CHECK-NEXT: cam.output,spikes,14,7,

snn.network @cam attributes {timestep = 1.0, duration = 20.0} {
  %out = snn.cam "cam" memories 5 bits 10 protocol [
      #snn.learn<time = 0.0, cue = 0, bits = [0, 1, 8, 9]>,
      #snn.recall_cue<time = 10.0, cue = 0>] : !snn.pop<15>
}
