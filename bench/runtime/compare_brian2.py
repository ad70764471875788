#!/usr/bin/python3
"""glia's reference runtime against Brian2 cpp_standalone, in the same run.

The Vogels-Abbott CUBA network of examples/cuba.json, scaled to N neurons
with p = 80/N (about 80 synapses per neuron), 1 s of biological time:

  compare_brian2.py speed  [--sizes 4000,64000,256000] [--dts 0.1,1.0] [--repeats 3]
  compare_brian2.py stats  [--seeds 5]        (CUBA 4000: rates and CV of ISI)
  compare_brian2.py threads [--size 256000] [--repeats 3] [--profile]
                                      (glia 1 vs 2 threads, double and float)

glia is measured as a compiler plus a lean runtime, like Brian2's standalone
mode: `glia plan` lowers the network (not timed, like Brian2's code
generation and compilation), then `glia-run` executes the plan; we report its
wall time and peak memory. Brian2's simulation binary is timed the same way
(see brian2_cuba.py). Needs python3-brian (Debian) and a Release build.
"""
import argparse
import json
import os
import statistics
import subprocess
import tempfile

from measure import measure, measure_brian2, median_of, steal_note

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
def cuba_network(n, dt, seed):
    """examples/cuba.json scaled to n neurons at timestep dt."""
    with open(os.path.join(ROOT, "examples", "cuba.json")) as f:
        net = json.load(f)
    n_exc = n * 4 // 5
    net["simulation"].update({"timestep": dt, "seed": seed, "duration": 1000.0})
    sizes = {"exc": n_exc, "inh": n - n_exc}
    for population in net["populations"]:
        population["size"] = sizes[population["label"]]
    for projection in net["projections"]:
        projection["connector"]["p_connect"] = 80.0 / n
        projection["synapse"]["delay"] = dt
    return net


def glia_runner(build, n, dt, seed, numerics, threads, workdir, profile=False):
    """Lowers the network to a plan (not timed) and returns a function that
    runs it once and returns its figures; with `profile`, also the loop's
    phases (glia-run --profile): the slowest thread's update and delivery,
    and the threads' mean wait at the barrier."""
    net_path = os.path.join(workdir, f"cuba_{n}_{dt}_{seed}.json")
    plan_path = net_path.replace(".json", ".plan")
    summary_path = net_path.replace(".json", f"_{numerics}_{threads}.summary.json")
    with open(net_path, "w") as f:
        json.dump(cuba_network(n, dt, seed), f)
    subprocess.run([os.path.join(build, "bin", "glia"), "plan", net_path, "-o", plan_path],
                   check=True, stdout=subprocess.DEVNULL)

    def run_once():
        seconds, peak_mib, ticks = measure(
            [os.path.join(build, "bin", "glia-run"), plan_path, "--duration", "1s",
             "--numerics", numerics, "--threads", str(threads), "--quiet",
             "--summary-json", summary_path, "-o", os.path.join(workdir, "spikes.npz")]
            + (["--profile"] if profile else []))
        with open(summary_path) as f:
            summary = json.load(f)
        pops = {p["label"]: p for p in summary["populations"]}
        phases = {}
        if profile:
            times = summary["thread_times"]
            phases = {"update_s": max(t["update_seconds"] for t in times),
                      "delivery_s": max(t["delivery_seconds"] for t in times),
                      "waiting_s": statistics.mean(t["waiting_seconds"] for t in times)}
        return {**phases, "total_s": seconds, "run_s": summary["simulation_seconds"],
                # synapse generation and the rest: start-up, reading the
                # plan, writing the spikes, exit
                "generate_s": summary["build_seconds"],
                "rest_s": seconds - summary["simulation_seconds"] - summary["build_seconds"],
                "peak_mib": peak_mib, "ticks": ticks,
                "spikes": sum(p["spikes"] for p in summary["populations"]),
                "rate_exc_hz": pops["exc"]["mean_rate_hz"],
                "rate_inh_hz": pops["inh"]["mean_rate_hz"],
                "cv_exc": pops["exc"]["mean_cv_isi"], "cv_inh": pops["inh"]["mean_cv_isi"]}

    return run_once


def run_glia(build, n, dt, seed, numerics, threads, workdir):
    return glia_runner(build, n, dt, seed, numerics, threads, workdir)()


def brian2_runner(n, dt, seed, dtype, workdir):
    """Generates and compiles Brian2's simulation (not timed) and runs it
    once for its statistics; returns those and a function that times one
    more run of the compiled binary."""
    directory = os.path.join(workdir, f"brian2_{n}_{dt}_{dtype}")
    out = subprocess.run(
        ["/usr/bin/python3", os.path.join(HERE, "brian2_cuba.py"), str(n), str(dt), "1000",
         str(seed), dtype, directory],
        check=True, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    first = json.loads(out.stdout.strip().splitlines()[-1])

    def run_once():
        return {**first, **measure_brian2(directory)}

    return first, run_once


def run_brian2(n, dt, seed, dtype, workdir):
    return brian2_runner(n, dt, seed, dtype, workdir)[0]


def alternating_runs(run_a, run_b, repeats):
    """`repeats` runs of each, a and b alternating, so that a drift of the
    machine's speed weighs on both alike: the lists of their figures."""
    runs_a, runs_b = [], []
    for _ in range(repeats):
        runs_a.append(run_a())
        runs_b.append(run_b())
    return runs_a, runs_b


def alternating(run_a, run_b, repeats):
    """Medians of `repeats` runs of each, a and b alternating."""
    runs_a, runs_b = alternating_runs(run_a, run_b, repeats)
    return median_of(runs_a), median_of(runs_b)


def pairwise_speedups(runs_a, runs_b, key):
    """The speed-up of b over a in each pair of neighbouring runs (the
    machine in one state for both): median, lowest and highest quartile."""
    ratios = sorted(a[key] / b[key] for a, b in zip(runs_a, runs_b))
    quartiles = statistics.quantiles(ratios, n=4) if len(ratios) > 1 else ratios * 3
    return f"{statistics.median(ratios):.2f}x (quartiles {quartiles[0]:.2f}-{quartiles[2]:.2f}x)"


def speed(args, workdir):
    print(f"{'N':>7} {'dt':>4} {'precision':>9} | {'glia s':>7} {'brian2 s':>8} {'ratio':>6} |"
          f" {'loop g/b s':>15} {'ratio':>6} | {'glia MiB':>8} {'brian2 MiB':>10} |"
          f" {'spikes g/b':>17} | {'rate exc g/b':>13} | {'steal %':>7}")
    results = []
    for n in args.sizes:
        for dt in args.dts:
            for numerics, dtype in (("double", "float64"), ("float", "float32")):
                glia = glia_runner(args.build, n, dt, 1, numerics, 1, workdir)
                glia()  # untimed, as Brian2's first run (for its statistics) is
                _, brian2 = brian2_runner(n, dt, 1, dtype, workdir)
                g, b = alternating(glia, brian2, args.repeats)
                results += [g, b]
                print(f"{n:>7} {dt:>4} {numerics:>9} | {g['total_s']:>7.3f} {b['total_s']:>8.3f}"
                      f" {b['total_s'] / g['total_s']:>5.1f}x |"
                      f" {g['run_s']:>7.3f}/{b['run_s']:<7.3f} {b['run_s'] / g['run_s']:>5.1f}x |"
                      f" {g['peak_mib']:>8.1f} {b['peak_mib']:>10.1f} |"
                      f" {g['spikes']:>8}/{b['spikes']:<8} | {g['rate_exc_hz']:>5.2f}/{b['rate_exc_hz']:<5.2f} |"
                      f" {100 * max(g['steal'], b['steal']):>6.1f}",
                      flush=True)
    print(f"times: median of {args.repeats} runs of the simulation process (glia-run / Brian2's main, "
          "alternating), compilation excluded; loop: the time-stepping loop alone (glia's "
          "simulation_seconds / Brian2's run() time, synapse creation excluded); "
          "ratio = brian2 / glia; steal: the share of the CPUs' time the hypervisor took over "
          "the runs (the larger of the two tools')")
    note = steal_note(results)
    if note:
        print(note)


def stats(args, workdir):
    rows = {"glia": [], "brian2": []}
    for seed in range(1, args.seeds + 1):
        rows["glia"].append(run_glia(args.build, 4000, 0.1, seed, "double", 1, workdir))
        rows["brian2"].append(run_brian2(4000, 0.1, seed, "float64", workdir))
    mean = lambda tool, key: sum(r[key] for r in rows[tool]) / len(rows[tool])
    print(f"CUBA 4000, dt 0.1 ms, 1 s, {args.seeds} seeds (mean over seeds)")
    print(f"{'statistic':>14} {'glia':>8} {'brian2':>8} {'diff %':>7}")
    for key in ("rate_exc_hz", "rate_inh_hz", "cv_exc", "cv_inh"):
        g, b = mean("glia", key), mean("brian2", key)
        print(f"{key:>14} {g:>8.3f} {b:>8.3f} {100 * (g - b) / b:>+6.1f}%")


def threads(args, workdir):
    # One and two threads alternate, so that a drift of the machine's speed
    # weighs on both alike; each is the median of its runs.
    for numerics in ("double", "float"):
        runs_one, runs_two = alternating_runs(
            glia_runner(args.build, args.size, 0.1, 1, numerics, 1, workdir, args.profile),
            glia_runner(args.build, args.size, 0.1, 1, numerics, 2, workdir, args.profile),
            args.repeats)
        one, two = median_of(runs_one), median_of(runs_two)
        print(f"CUBA {args.size}, dt 0.1 ms, {numerics}: 1 thread {one['total_s']:.3f} s, "
              f"2 threads {two['total_s']:.3f} s, speed-up {one['total_s'] / two['total_s']:.2f}x "
              f"(simulation loop {one['run_s']:.3f} / {two['run_s']:.3f} s, "
              f"{one['run_s'] / two['run_s']:.2f}x; synapse generation "
              f"{one['generate_s']:.3f} / {two['generate_s']:.3f} s, "
              f"{one['generate_s'] / two['generate_s']:.2f}x; the rest "
              f"{one['rest_s']:.3f} / {two['rest_s']:.3f} s); "
              f"spikes {one['spikes']} / {two['spikes']} (must be equal); "
              f"steal {100 * one['steal']:.1f} / {100 * two['steal']:.1f} %; "
              f"each two-thread run against the one-thread run just before it: loop "
              f"{pairwise_speedups(runs_one, runs_two, 'run_s')}, whole process "
              f"{pairwise_speedups(runs_one, runs_two, 'total_s')}", flush=True)
        if args.profile:
            print(f"  phases (slowest thread; medians): update {one['update_s']:.3f} / "
                  f"{two['update_s']:.3f} s ({one['update_s'] / two['update_s']:.2f}x), delivery "
                  f"{one['delivery_s']:.3f} / {two['delivery_s']:.3f} s "
                  f"({one['delivery_s'] / two['delivery_s']:.2f}x); waiting at the barrier "
                  f"{two['waiting_s']:.3f} s per thread", flush=True)
        note = steal_note([one, two])
        if note:
            print(note)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mode", choices=["speed", "stats", "threads"])
    parser.add_argument("--build", default=os.path.join(ROOT, "build", "release"))
    parser.add_argument("--sizes", default="4000,64000,256000",
                        type=lambda s: [int(x) for x in s.split(",")])
    parser.add_argument("--dts", default="0.1,1.0", type=lambda s: [float(x) for x in s.split(",")])
    parser.add_argument("--seeds", default=5, type=int)
    parser.add_argument("--size", default=256000, type=int)
    parser.add_argument("--repeats", default=3, type=int,
                        help="runs per measurement (speed, threads): the median is reported")
    parser.add_argument("--profile", action="store_true",
                        help="threads: also time the loop's phases (glia-run --profile)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="glia-bench-") as workdir:
        {"speed": speed, "stats": stats, "threads": threads}[args.mode](args, workdir)


if __name__ == "__main__":
    main()
