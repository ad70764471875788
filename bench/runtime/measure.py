"""How both tools' simulation processes are measured, the same way.

measure(command) runs `command` under a fresh Python whose only child is
that command, and returns its wall time in seconds, its peak resident
memory in MiB, and the CPU ticks the hypervisor took while it ran ("steal"
in /proc/stat; 0 off Linux). Timing inside that
child leaves Python's own start-up out, and includes the command's start,
its loading and writing, and its exit.

The machines we measure on are shared VMs whose speed drifts by 10 % and
more from run to run; each tool's times are the median of several runs
(median_of). Much of the drift is stolen time: a virtual CPU the host
gives to another guest stands still, and a thread that waits for it at a
barrier with it. The benches print the steal share next to their times
(steal_note): a two-thread figure measured while the host took 10 % of
the CPUs says more about the host than about glia.
"""
import os
import statistics
import subprocess
import sys

_CHILD = (
    "import resource, subprocess, sys, time\n"
    "start = time.perf_counter()\n"
    "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)\n"
    "seconds = time.perf_counter() - start\n"
    "print(seconds, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n")


def cpu_ticks():
    """(stolen, all) ticks of every CPU since boot, from /proc/stat's first
    line (user nice system idle iowait irq softirq steal ...)."""
    try:
        with open("/proc/stat") as stat:
            fields = [int(x) for x in stat.readline().split()[1:9]]
    except (OSError, ValueError):
        return 0, 0
    return fields[7], sum(fields)


def measure(command, cwd=None):
    """Returns wall seconds, peak MiB and the ticks (stolen, all) of every
    CPU while it ran; a run is too short for its own steal share to mean
    much (a tick is 10 ms), so median_of adds the ticks of all runs."""
    stolen_before, all_before = cpu_ticks()
    out = subprocess.run([sys.executable, "-c", _CHILD, *command], cwd=cwd, check=True,
                         stdout=subprocess.PIPE, text=True).stdout.split()
    stolen_after, all_after = cpu_ticks()
    ticks = (stolen_after - stolen_before, all_after - all_before)
    return float(out[-2]), int(out[-1]) / 1024.0, ticks


def steal_note(results):
    """A line on the time the hypervisor took during the runs behind
    `results` (median_of's dicts), or "" when it took less than 2 % of the
    CPUs' time in each."""
    most = max(r.get("steal", 0.0) for r in results)
    if most < 0.02:
        return ""
    return (f"note: the hypervisor took up to {100 * most:.0f} % of the CPUs' time during "
            "these runs; times are slower than the machine's, two-thread times most")


def median_of(runs):
    """`runs`: dicts of figures, one per run of the same thing. Returns the
    last run's dict with its times (total, loop, and glia's generation,
    rest and profiled phases) replaced by their medians over the runs and "peak_mib" by its
    maximum; "steal" is the share of the CPUs' time the hypervisor took
    over all the runs (from their "ticks")."""
    result = dict(runs[-1])
    for key in ("total_s", "run_s", "generate_s", "rest_s", "update_s", "delivery_s",
                "waiting_s"):
        if key in result:
            result[key] = statistics.median(r[key] for r in runs)
    result["peak_mib"] = max(r["peak_mib"] for r in runs)
    if all("ticks" in r for r in runs):
        stolen = sum(r["ticks"][0] for r in runs)
        ticks = sum(r["ticks"][1] for r in runs)
        result["steal"] = stolen / ticks if ticks > 0 else 0.0
    return result


def measure_brian2(directory):
    """Runs the Brian2 cpp_standalone simulation compiled in `directory`
    once, measured as glia-run is; then reads the run() time the binary
    measured, as Brian2's device.run() would."""
    total_seconds, peak_mib, ticks = measure(["./main"], cwd=directory)
    with open(os.path.join(directory, "results", "last_run_info.txt")) as info:
        run_seconds = float(info.read().split()[0])
    return {"total_s": total_seconds, "run_s": run_seconds, "peak_mib": peak_mib,
            "ticks": ticks}
