#!/usr/bin/env python3
"""NALSM branching factor with and without the astrocyte (MODELS.md §3a).

Generates the liquid of generate.py twice (with and without the leaky
integrator astrocyte), runs `glia run` on each for --samples samples of
--duration ms (sample k uses network seed k: other Poisson input spikes,
the same wiring), and measures the branching factor of each sample: for
each liquid spike, the spikes of its postsynaptic liquid neighbours in the
next 4 ms over the spikes of its presynaptic liquid neighbours in the
previous 4 ms (denominator at least 1), averaged over the sample's spikes.
Prints mean, standard deviation and range per variant, and the run time.

    run.py [--glia build/release/bin/glia] [--samples 20] [--duration 250]
"""

import argparse
import bisect
import csv
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import generate  # noqa: E402

WINDOW = 4  # ms, NALSM's


def find_glia(explicit):
    if explicit:
        return explicit
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
    for build in ("release", "astro", "runtime"):
        path = os.path.join(root, "build", build, "bin", "glia")
        if os.path.exists(path):
            return path
    return shutil.which("glia") or "glia"


def liquid_graph(net):
    """Pre- and postsynaptic liquid neighbours per liquid neuron (e first)."""
    offsets = {"e": 0, "i": next(p["size"] for p in net["populations"]
                                 if p["label"] == "e")}
    size = offsets["i"] + next(p["size"] for p in net["populations"]
                               if p["label"] == "i")
    pre = [set() for _ in range(size)]
    post = [set() for _ in range(size)]
    for projection in net["projections"]:
        if projection["presynaptic"] not in offsets:
            continue
        a = offsets[projection["presynaptic"]]
        b = offsets[projection["postsynaptic"]]
        for row in projection["connector"]["conn_list"]:
            post[a + row[0]].add(b + row[1])
            pre[b + row[1]].add(a + row[0])
    return offsets, pre, post


def read_spikes(path, offsets, size):
    """Sorted spike times (ms) per liquid neuron from glia's CSV."""
    times = [[] for _ in range(size)]
    with open(path) as rows:
        for row in csv.DictReader(rows):
            if row["variable"] == "spikes" and row["population"] in offsets:
                times[offsets[row["population"]] + int(row["neuron"])].append(
                    float(row["time_ms"]))
    for train in times:
        train.sort()
    return times


def count_in(train, low, high):
    """Spikes of `train` in [low, high]."""
    return bisect.bisect_right(train, high) - bisect.bisect_left(train, low)


def branching_factor(times, pre, post):
    ratios = []
    for neuron, train in enumerate(times):
        for t in train:
            after = sum(count_in(times[j], t + 1, t + WINDOW)
                        for j in post[neuron])
            before = sum(count_in(times[j], t - WINDOW, t - 1)
                         for j in pre[neuron])
            ratios.append(after / max(1, before))
    return statistics.fmean(ratios) if ratios else 0.0


def run_variant(glia, net, samples, duration, workdir, threads):
    path = os.path.join(workdir, net["name"] + ".json")
    with open(path, "w") as out:
        json.dump(net, out)
    offsets, pre, post = liquid_graph(net)
    factors, spikes, seconds = [], [], 0.0
    for seed in range(1, samples + 1):
        output = os.path.join(workdir, "%s.%d.csv" % (net["name"], seed))
        start = time.perf_counter()
        subprocess.run([glia, "run", path, "--seed", str(seed), "--duration",
                        str(duration), "--threads", str(threads), "--quiet",
                        "-o", output], check=True)
        seconds += time.perf_counter() - start
        times = read_spikes(output, offsets, len(pre))
        spikes.append(sum(len(train) for train in times))
        factors.append(branching_factor(times, pre, post))
    return factors, spikes, seconds


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--glia")
    parser.add_argument("--samples", type=int, default=20)
    parser.add_argument("--duration", type=float, default=250.0)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    glia = find_glia(args.glia)
    with tempfile.TemporaryDirectory() as workdir:
        for with_astrocyte in (False, True):
            net = generate.network(with_astrocyte)
            factors, spikes, seconds = run_variant(
                glia, net, args.samples, args.duration, workdir, args.threads)
            label = "with astrocyte" if with_astrocyte else "without astrocyte"
            print("%-18s branching factor %.3f ± %.3f (min %.3f, max %.3f) over "
                  "%d samples of %g ms; liquid rate %.2f Hz; glia run %.2f s "
                  "in all (%.3f s per sample)" % (
                      label, statistics.fmean(factors),
                      statistics.stdev(factors) if len(factors) > 1 else 0.0,
                      min(factors), max(factors), len(factors), args.duration,
                      statistics.fmean(spikes) / 1000 / (args.duration / 1000),
                      seconds, seconds / len(factors)))


if __name__ == "__main__":
    main()
