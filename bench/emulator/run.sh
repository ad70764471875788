#!/bin/sh
# Board emulator benchmark: CUBA (4,000 neurons, examples/cuba.json) at
# dt 1 ms for 10 s of biological time on one SpiNN-5 board. Prints the
# emulator's summary (real-time factor of the emulation loop, packets,
# busiest core's synaptic events per timestep), the whole process's wall
# time and peak RSS, and checks the spikes against `glia run --numerics
# fixed`.
#
#   bench/emulator/run.sh [BUILD_DIR]      (default: build/emu; needs glia
#                                           and glia-emulate built there)
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build/emu}
glia=$build/bin/glia
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# dt 1 ms and delays of one step, as sPyNNaker runs CUBA; 10 s.
sed -e 's/"timestep": 0.1, "seed": 1, "duration": 1000.0/"timestep": 1.0, "seed": 1, "duration": 10000.0/' \
    -e 's/"delay": 0.1}/"delay": 1.0}/' "$root/examples/cuba.json" > "$work/cuba.json"

echo "== glia compile (spinn5)"
/usr/bin/time -f "compile: %e s wall, %M KiB peak RSS" \
  "$glia" compile "$work/cuba.json" --machine spinn5 -o "$work/out" | sed -n '1,3p'

echo "== glia emulate, 10 s of biological time"
/usr/bin/time -f "emulate: %e s wall (whole process), %M KiB peak RSS" \
  "$glia" emulate "$work/out" -o "$work/emulated.csv" --summary-json "$work/summary.json"
python3 - "$work/summary.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
e = s["emulator"]
bio = s["steps"] * s["timestep_ms"] / 1000.0
print("biological time %.1f s, emulation loop %.3f s: %.1fx faster than real time"
      % (bio, s["simulation_seconds"], bio / s["simulation_seconds"]))
loads = sorted(c["mean_events_per_step"] for c in e["cores"])
print("per-core synaptic events per timestep: min %.1f, median %.1f, max %.1f; "
      "peak in one timestep %d" % (loads[0], loads[len(loads) // 2], loads[-1],
                                   e["peak_events_per_step"]))
print("packets: %d sent, %d dropped" % (e["packets_sent"], e["packets_dropped"]))
PY

echo "== glia-emulate (the same without MLIR), 10 s"
/usr/bin/time -f "glia-emulate: %e s wall (whole process), %M KiB peak RSS" \
  "$build/bin/glia-emulate" "$work/out" -o "$work/lean.csv" --quiet
cmp "$work/lean.csv" "$work/emulated.csv"

echo "== oracle: glia run --numerics fixed"
"$glia" run "$work/cuba.json" --numerics fixed -o "$work/reference.csv" --quiet
sort "$work/emulated.csv" > "$work/a"
sort "$work/reference.csv" > "$work/b"
if cmp -s "$work/a" "$work/b"; then echo "spikes identical"; else echo "SPIKES DIFFER"; exit 1; fi
