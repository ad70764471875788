// An overflow in float or double is silent in the arithmetic, so the run
// counts the neurons it left with an infinite or NaN state and warns, even
// when quiet; fixed point saturates and counts that instead.
// The offset current is finite, but its resting drive (i_offset x R)
// overflows every precision.

// RUN: glia run %s --duration 5ms --quiet -o %t.csv --summary-json %t.json 2>&1 | FileCheck --check-prefix=WARN %s
// RUN: FileCheck --check-prefix=JSON %s < %t.json
// RUN: glia run %s --duration 5ms --numerics float --quiet -o %t.csv 2>&1 | FileCheck --check-prefix=FLOAT %s
// RUN: glia plan %s -o %t.plan > /dev/null
// RUN: glia-run %t.plan --duration 5ms --quiet -o %t.csv 2>&1 | FileCheck --check-prefix=TOOL %s
// RUN: glia run %s --duration 5ms --numerics fixed -o %t.csv 2>&1 | FileCheck --check-prefix=FIXED %s

// WARN: glia: warning: population 'hot': 3 of 3 neurons ended the run with an infinite or NaN state variable (a parameter, weight or input overflowed double)
// WARN-NOT: warning
// JSON: "label": "calm",
// JSON-NEXT: "mean_cv_isi": null,
// JSON-NEXT: "mean_rate_hz": 0.0,
// JSON-NEXT: "neurons": 2,
// JSON-NEXT: "non_finite_neurons": 0,
// JSON: "label": "hot",
// JSON: "non_finite_neurons": 3,
// FLOAT: glia: warning: population 'hot': 3 of 3 neurons {{.*}} overflowed float)
// TOOL: glia-run: warning: population 'hot': 3 of 3 neurons
// FIXED-NOT: warning
// FIXED: fixed-point saturations: {{[1-9][0-9,]*}} (values were clamped to the s16.15 range)

snn.network @overflow attributes {timestep = 0.1 : f64, seed = 1 : i64} {
  %calm = snn.population "calm" IF_curr_exp params {} : !snn.pop<2>
  %hot = snn.population "hot" IF_curr_exp params {i_offset = -1.0e308} : !snn.pop<3>
  snn.record %hot ["spikes"] : !snn.pop<3>
}
