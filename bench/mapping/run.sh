#!/bin/sh
# Mapping benchmarks: generates the networks and times `glia compile` on
# them (wall time and peak memory from /usr/bin/time, per-pass times from
# the report). Usage: bench/mapping/run.sh [BUILD_DIR] [WORK_DIR]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../../build/mapping}
work=${2:-${TMPDIR:-/tmp}/glia-mapping-bench}
glia=$build/bin/glia
mkdir -p "$work"

python3 "$here/gen_network.py" --populations 2000 --size 2560 \
  --projections 20 --p 0.01 -o "$work/pops2000.mlir"
python3 "$here/gen_network.py" --populations 1000 --size 1000 \
  --projections 10 --p 0.01 -o "$work/million.mlir"
python3 "$here/gen_network.py" --populations 12000 --size 200 \
  --projections 40 --p 0.01 --random-targets -o "$work/random12k.mlir"

run() {
  name=$1
  shift
  echo "== $name: glia compile $*"
  # Mapping only: a board image of 100 M synapses would take gigabytes.
  /usr/bin/time -f "   wall %e s, peak RSS %M KiB" \
    "$glia" compile "$@" --no-image -o "$work/$name.out" |
    grep -E 'network|cores used|chips used|compression|longest|ms$'
}

# 20,000 cores on 30 boards (target < 5 s).
run pops2000 "$work/pops2000.mlir" --machine spinn-30board
# 1,000,000 neurons, 100 M synapses on 1,200 boards (target < 30 s, 4 GiB):
# at 256 neurons per core, and split into 63,000 cores.
run million "$work/million.mlir" --machine spinn-1200board
run million16 "$work/million.mlir" --machine spinn-1200board --atoms-per-core 16
# Non-local traffic: tables beyond 1023 entries that must be compressed.
run random12k "$work/random12k.mlir" --machine spinn-30board
