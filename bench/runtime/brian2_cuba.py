#!/usr/bin/python3
"""Vogels-Abbott CUBA in Brian2 cpp_standalone: the peer glia is measured against.

The network is the one of Brian2's CUBA example (and examples/cuba.json):
N neurons, 80 % excitatory, each neuron with p = 80/N connection probability
to every other (about 80 synapses per neuron), we = 1.62 mV, wi = -9 mV.
Runs single-threaded (no OpenMP). Prints one JSON object: build and
simulation times, spikes, per-group rates and mean CV of ISI, peak memory of
the simulation binary.

usage: brian2_cuba.py N DT_MS DURATION_MS SEED {float64|float32} WORKDIR [REPEATS]
"""
import json
import sys
import time

import numpy as np
import brian2 as b2

from measure import measure_brian2, median_of


def cv_of_isi(trains):
    cvs = []
    for times in trains.values():
        if len(times) >= 3:
            isi = np.diff(np.sort(np.asarray(times)))
            if isi.mean() > 0:
                cvs.append(isi.std() / isi.mean())
    return float(np.mean(cvs)) if cvs else 0.0


def main():
    n, dt, duration, seed = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
    dtype, workdir = sys.argv[5], sys.argv[6]
    repeats = int(sys.argv[7]) if len(sys.argv) > 7 else 1
    b2.set_device("cpp_standalone", directory=workdir, build_on_run=False)
    b2.prefs.devices.cpp_standalone.openmp_threads = 0
    if dtype == "float32":
        b2.prefs.core.default_float_dtype = np.float32
    b2.defaultclock.dt = dt * b2.ms
    b2.seed(seed)

    taum, taue, taui = 20 * b2.ms, 5 * b2.ms, 10 * b2.ms
    vt, vr, el = -50 * b2.mV, -60 * b2.mV, -49 * b2.mV
    eqs = """
    dv/dt  = (ge+gi-(v-El))/taum : volt (unless refractory)
    dge/dt = -ge/taue : volt
    dgi/dt = -gi/taui : volt
    """
    group = b2.NeuronGroup(n, eqs, threshold="v>Vt", reset="v = Vr",
                           refractory=5 * b2.ms, method="exact",
                           namespace={"taum": taum, "taue": taue, "taui": taui,
                                      "Vt": vt, "Vr": vr, "El": el})
    group.v = "Vr + rand() * (Vt - Vr)"
    n_exc = n * 4 // 5
    p = 80.0 / n
    we, wi = 1.62 * b2.mV, -9 * b2.mV
    ce = b2.Synapses(group, group, on_pre="ge += we", namespace={"we": we})
    ci = b2.Synapses(group, group, on_pre="gi += wi", namespace={"wi": wi})
    ce.connect(f"i<{n_exc}", p=p)
    ci.connect(f"i>={n_exc}", p=p)
    monitor = b2.SpikeMonitor(group)
    b2.run(duration * b2.ms)

    start = time.perf_counter()
    b2.device.build(directory=workdir, compile=True, run=False)
    build_seconds = time.perf_counter() - start

    timing = median_of([measure_brian2(workdir) for _ in range(repeats)])
    b2.get_device().has_been_run = True  # the results are there to read
    trains = monitor.spike_trains()
    counts = np.asarray(monitor.count[:])
    seconds = duration / 1000.0
    result = {
        "tool": "brian2", "n": n, "dt": dt, "duration_ms": duration, "seed": seed,
        "dtype": dtype, "build_s": build_seconds, "repeats": repeats, **timing,
        "spikes": int(counts.sum()),
        "rate_exc_hz": float(counts[:n_exc].mean() / seconds),
        "rate_inh_hz": float(counts[n_exc:].mean() / seconds),
        "cv_exc": cv_of_isi({k: v for k, v in trains.items() if k < n_exc}),
        "cv_inh": cv_of_isi({k: v for k, v in trains.items() if k >= n_exc}),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
