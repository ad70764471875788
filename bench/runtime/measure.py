"""How both tools' simulation processes are measured, the same way.

measure(command) runs `command` under a fresh Python whose only child is
that command, and returns its wall time in seconds and its peak resident
memory in MiB. Timing inside that child leaves Python's own start-up out,
and includes the command's start, its loading and writing, and its exit.

The machines we measure on are shared VMs whose speed drifts by 10 % and
more from run to run; each tool's times are the median of several runs
(median_of).
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


def measure(command, cwd=None):
    out = subprocess.run([sys.executable, "-c", _CHILD, *command], cwd=cwd, check=True,
                         stdout=subprocess.PIPE, text=True).stdout.split()
    return float(out[-2]), int(out[-1]) / 1024.0


def median_of(runs):
    """`runs`: dicts of figures, one per run of the same thing. Returns the
    last run's dict with its times (total, loop, and glia's generation and
    rest) replaced by their medians over the runs and "peak_mib" by its
    maximum."""
    result = dict(runs[-1])
    for key in ("total_s", "run_s", "generate_s", "rest_s"):
        if key in result:
            result[key] = statistics.median(r[key] for r in runs)
    result["peak_mib"] = max(r["peak_mib"] for r in runs)
    return result


def measure_brian2(directory):
    """Runs the Brian2 cpp_standalone simulation compiled in `directory`
    once, measured as glia-run is; then reads the run() time the binary
    measured, as Brian2's device.run() would."""
    total_seconds, peak_mib = measure(["./main"], cwd=directory)
    with open(os.path.join(directory, "results", "last_run_info.txt")) as info:
        run_seconds = float(info.read().split()[0])
    return {"total_s": total_seconds, "run_s": run_seconds, "peak_mib": peak_mib}
