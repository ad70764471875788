#!/usr/bin/env python3
"""NALSM branching factor with and without the astrocyte (MODELS.md §3a).

Generates the liquid of generate.py twice (with the astrocyte, and without
it: plain trace STDP), runs each with `glia run` for --train ms of
learning followed by --samples samples of --duration ms, and measures the
branching factor of every sample as NALSM's compute_branching_factor.py and
get_branching_factor.py do: ignore the first and last 25 ms of the sample;
for each spike of a liquid neuron, the spikes of its postsynaptic liquid
neighbours in the next 4 ms over the spikes of its presynaptic liquid
neighbours in the previous 4 ms (denominator at least 1); average per
neuron, then over the neurons that fired. Prints mean, standard deviation
and range per variant, the liquid rate, the astrocyte's A and the run time.

NALSM initialises its liquid by 50,000 snapshots of 20 ms with the rates
held constant (rate decay 1), then measures samples whose rates decay x0.99
per ms from the learned weights. glia runs one continuous simulation: the
learning phase and the samples both use --rate-decay (default 1, NALSM's
initialisation; with 0.99 learning stops after a few hundred ms).

    run.py [--glia build/release/bin/glia] [--train 20000] [--samples 20]
           [--duration 250] [--rate-decay 1.0] [--threads 1] [--input-rate 20]
           [--board]

--board also compiles each variant for a SpiNN-5 board and runs the image
with `glia emulate` (core by core, packets through the routing tables, s16.15
as on the board), checks that its spikes, A and learnt weights equal
`glia run --numerics fixed`'s, and prints the board's branching factor.
"""

import argparse
import bisect
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
BUFFER = 25  # ms dropped at both ends of a sample, NALSM's


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


def read_run(path, offsets, size, since):
    """From glia's CSV (population,variable,neuron,time_ms,value): sorted
    spike times (ms) from `since` on per liquid neuron, and the astrocyte's
    A per ms."""
    times = [[] for _ in range(size)]
    astro = {}
    with open(path) as rows:
        next(rows)
        for row in rows:
            population, variable, neuron, time_ms, value = row.split(",", 4)
            t = float(time_ms)
            if t < since:
                continue
            if variable == "spikes" and population in offsets:
                times[offsets[population] + int(neuron)].append(t)
            elif population == "astro" and variable == "A":
                astro[int(t)] = float(value)
    for train in times:
        train.sort()
    return times, astro


def count_in(train, low, high):
    """Spikes of `train` in [low, high]."""
    return bisect.bisect_right(train, high) - bisect.bisect_left(train, low)


def branching_factor(times, pre, post, begin, end):
    """NALSM's branching factor of the sample [begin, end) ms."""
    start, stop = begin + BUFFER, end - BUFFER
    window = [train[bisect.bisect_left(train, start):
                    bisect.bisect_left(train, stop)] for train in times]
    per_neuron = []
    for neuron, train in enumerate(window):
        ratios = []
        for t in train:
            if not start + WINDOW <= t < stop - WINDOW:
                continue
            after = sum(count_in(window[j], t + 1, t + WINDOW)
                        for j in post[neuron])
            before = sum(count_in(window[j], t - WINDOW, t - 1)
                         for j in pre[neuron])
            ratios.append(after / max(1, before))
        if ratios:
            per_neuron.append(statistics.fmean(ratios))
    return statistics.fmean(per_neuron) if per_neuron else float("nan")


def simulate(glia, path, args, workdir, how):
    """Runs the network at `path` for the learning phase and the samples:
    `how` is "host" (glia run, double), "fixed" (glia run --numerics fixed)
    or "board" (glia compile, then glia emulate). Returns the recordings'
    CSV, the learnt weights' CSV and the run's seconds (compilation
    excluded)."""
    output = os.path.join(workdir, "%s.%s.csv" % (os.path.basename(path), how))
    weights = output.replace(".csv", ".weights.csv")
    total = str(args.train + args.samples * args.duration)
    outputs = ["--quiet", "-o", output, "--weights", weights]
    if how == "board":
        image = output.replace(".csv", ".image")
        subprocess.run([glia, "compile", path, "--machine", "spinn5", "-o", image],
                       check=True, stdout=subprocess.DEVNULL)
        command = [glia, "emulate", image, "--duration", total] + outputs
    else:
        command = [glia, "run", path, "--duration", total, "--threads",
                   str(args.threads)] + outputs
        if how == "fixed":
            command += ["--numerics", "fixed"]
    start = time.perf_counter()
    subprocess.run(command, check=True)
    return output, weights, time.perf_counter() - start


def same_lines(a, b):
    """Whether two CSV files hold the same rows, in any order."""
    with open(a) as first, open(b) as second:
        return sorted(first) == sorted(second)


def measure(output, net, args):
    """Branching factors, liquid rates and mean A per sample of a run."""
    offsets, pre, post = liquid_graph(net)
    times, astro = read_run(output, offsets, len(pre), args.train)
    factors, rates, a_values = [], [], []
    for k in range(args.samples):
        begin = args.train + k * args.duration
        end = begin + args.duration
        factors.append(branching_factor(times, pre, post, begin, end))
        spikes = sum(count_in(train, begin, end - 1) for train in times)
        rates.append(spikes / len(times) / (args.duration / 1000))
        if astro:
            a_values.append(statistics.fmean(
                astro[t] for t in range(int(begin), int(end)) if t in astro))
    return factors, rates, a_values


def describe(label, factors, rates, a_values, seconds, args, tool):
    astro = (", A %.4f" % statistics.fmean(a_values)) if a_values else ""
    print("%-18s branching factor %.3f ± %.3f (min %.3f, max %.3f) over "
          "%d samples of %g ms after %g ms of learning; liquid rate "
          "%.2f Hz%s; %s %.2f s" % (
              label, statistics.fmean(factors),
              statistics.stdev(factors) if len(factors) > 1 else 0.0,
              min(factors), max(factors), len(factors), args.duration,
              args.train, statistics.fmean(rates), astro, tool, seconds))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--glia")
    parser.add_argument("--train", type=float, default=20000.0,
                        help="ms of learning before the first sample")
    parser.add_argument("--samples", type=int, default=20)
    parser.add_argument("--duration", type=float, default=250.0)
    parser.add_argument("--rate-decay", type=float, default=1.0)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--input-rate", type=float,
                        default=generate.INPUT_RATE,
                        help="Poisson rate of the 784 inputs (Hz)")
    parser.add_argument("--board", action="store_true",
                        help="also run each variant on the emulated board")
    args = parser.parse_args()
    glia = find_glia(args.glia)
    with tempfile.TemporaryDirectory() as workdir:
        for with_astrocyte in (False, True):
            net = generate.network(with_astrocyte, rate_decay=args.rate_decay,
                                   input_rate=args.input_rate)
            path = os.path.join(workdir, net["name"] + ".json")
            with open(path, "w") as out:
                json.dump(net, out)
            label = "with astrocyte" if with_astrocyte else "without astrocyte"
            output, _, seconds = simulate(glia, path, args, workdir, "host")
            describe(label, *measure(output, net, args), seconds, args,
                     "glia run")
            if not args.board:
                continue
            fixed, fixed_weights, _ = simulate(glia, path, args, workdir,
                                               "fixed")
            board, board_weights, seconds = simulate(glia, path, args, workdir,
                                                     "board")
            describe("  on the board", *measure(board, net, args), seconds,
                     args, "glia emulate")
            agree = same_lines(fixed, board) and same_lines(fixed_weights,
                                                             board_weights)
            print("  board = glia run --numerics fixed (spikes, A, weights): "
                  "%s" % ("yes" if agree else "NO"))
            if not agree:
                sys.exit(1)


if __name__ == "__main__":
    main()
