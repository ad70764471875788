#!/usr/bin/env python3
"""CAM stress benchmark: store M random memories, recall each by cue and by
a fragment, for growing (M, N); a table of accuracy, size, mapping and time.

For each (M, N) of --sizes, generate.py writes a network with one snn.cam
(one-hot cues; each memory stores --bits-per-memory random bits) and a
protocol that learns every memory, then recalls each by its cue, then each
by a random --fragment of its bits, one operation every --period ms. Then

  glia compile NET --machine MACHINE -o OUT   (expansion, mapping, image)
  glia run NET --summary-json S               (reference runtime, double)

and, with --emulate, `glia emulate OUT` checked against
`glia run --numerics fixed` (the same spikes, or the script fails).

Accuracy is read from the readout that `glia run` prints per operation:

  by cue       recall_by_cue(c) should answer S_c, the bits stored for c.
               exact: fraction of memories whose answer equals S_c;
               precision / recall: bit level, summed over all memories
               (|answer ∩ S_c| / |answer| and / |S_c|).
  by fragment  recall_by_content(F_c) should answer every cue whose stored
               bits share one with F_c (the CAM's specification, MODELS.md
               §2), which includes c. exact: fraction of fragments answered
               with exactly that cue set; hit: fraction whose answer
               contains c; precision / recall: cue level, summed.

Neurons and synapses (plastic = of the STDP projections) come from the run
summary, cores and chips from the compile report; compile time is the whole
`glia compile` process (passes and image), run time the whole `glia run`.

    run.py --glia build/release/bin/glia [--sizes 5x10,64x64,256x256,1024x1024]
           [--machine spinn5] [--bits-per-memory 4] [--fragment 2]
           [--period 10] [--seed 1] [--integration spinnaker|exact]
           [--emulate] [--keep DIR]
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import generate  # noqa: E402

DEFAULT_SIZES = "5x10,64x64,256x256,1024x1024"
ANSWER = re.compile(r"^  t=\S+ (learn|recall cue|recall content) .*?"
                    r"-> (?:cues |output cues \{[0-9,]*\} bits )?"
                    r"\{([0-9,]*)\}$")


def parse_sizes(text):
    sizes = []
    for item in text.split(","):
        memories, bits = item.lower().split("x")
        sizes.append((int(memories), int(bits)))
    return sizes


def timed(command):
    """Runs `command` (failing loudly); returns (stdout, wall seconds)."""
    start = time.perf_counter()
    done = subprocess.run(command, check=False, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit("failed (%d): %s\n%s" % (done.returncode, " ".join(command),
                                          done.stderr))
    return done.stdout, seconds


def readout(stdout, operations):
    """The answer set of each protocol operation, in protocol order."""
    lines = stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("cam "))
    answers = []
    for line in lines[start + 1:start + 1 + operations]:
        match = ANSWER.match(line)
        if not match:
            sys.exit("unexpected readout line: " + line)
        answers.append({int(x) for x in match.group(2).split(",") if x})
    if len(answers) != operations:
        sys.exit("the readout has %d lines, the protocol %d operations"
                 % (len(answers), operations))
    return answers


def score(answers, expected, hit_items=None):
    """exact fraction, micro precision and recall, and (optionally) the
    fraction of answers containing their hit item."""
    exact = sum(a == e for a, e in zip(answers, expected)) / len(expected)
    common = sum(len(a & e) for a, e in zip(answers, expected))
    given = sum(len(a) for a in answers)
    wanted = sum(len(e) for e in expected)
    result = {"exact": exact,
              "precision": common / given if given else 0.0,
              "recall": common / wanted if wanted else 0.0}
    if hit_items is not None:
        result["hit"] = sum(item in a for a, item in zip(answers, hit_items)) \
            / len(hit_items)
    return result


def accuracy(answers, stored, parts):
    memories = len(stored)
    by_cue = answers[memories:2 * memories]
    by_fragment = answers[2 * memories:]
    expected_cues = [{c for c, content in enumerate(stored)
                      if set(content) & set(fragment)} for fragment in parts]
    return (score(by_cue, [set(content) for content in stored]),
            score(by_fragment, expected_cues, list(range(memories))))


def spikes_sorted(path):
    with open(path) as rows:
        return sorted(rows)


def measure(glia, args, memories, bits, workdir):
    net, stored, parts = generate.network(memories, bits,
                                          args.bits_per_memory, args.fragment,
                                          args.period, args.seed,
                                          args.integration)
    base = os.path.join(workdir, net["name"])
    with open(base + ".json", "w") as out:
        json.dump(net, out)
    _, compile_seconds = timed([glia, "compile", base + ".json", "--machine",
                                args.machine, "-o", base + ".out"])
    with open(os.path.join(base + ".out", "report.json")) as f:
        report = json.load(f)
    stdout, run_seconds = timed([glia, "run", base + ".json", "--summary-json",
                                 base + ".summary.json"])
    with open(base + ".summary.json") as f:
        summary = json.load(f)
    operations = len(net["cams"][0]["protocol"])
    cue, fragment = accuracy(readout(stdout, operations), stored, parts)
    row = {"M": memories, "N": bits, "cue": cue, "fragment": fragment,
           "neurons": sum(p["neurons"] for p in summary["populations"]),
           "synapses": summary["synapses"],
           "plastic": summary["plastic_synapses"],
           "cores": report["cores_used"], "chips": report["chips_used"],
           "compile_s": compile_seconds, "run_s": run_seconds,
           "simulation_s": summary["simulation_seconds"],
           "biological_s": summary["steps"] * summary["timestep_ms"] / 1000}
    if args.emulate:
        row["emulate_s"] = emulate_matches(glia, base, operations)
    return row


def emulate_matches(glia, base, operations):
    """Emulates the image; fails unless its spikes and readout equal
    `glia run --numerics fixed`. Returns the emulation's wall seconds."""
    fixed, _ = timed([glia, "run", base + ".json", "--numerics", "fixed",
                      "-o", base + ".fixed.csv"])
    emulated, seconds = timed([glia, "emulate", base + ".out", "-o",
                               base + ".emulated.csv"])
    if spikes_sorted(base + ".fixed.csv") != spikes_sorted(
            base + ".emulated.csv") or readout(fixed, operations) != readout(
                emulated, operations):
        sys.exit(base + ": the emulation differs from glia run "
                 "--numerics fixed")
    return seconds


def print_table(rows, args):
    print("CAM stress: %d bits per memory, fragments of %d, one operation "
          "every %g ms, seed %d, machine %s, %s integration" % (
              args.bits_per_memory, args.fragment, args.period, args.seed,
              args.machine, args.integration))
    print()
    header = ("| M | N | by cue: exact / precision / recall "
              "| by fragment: exact / hit / precision / recall "
              "| neurons | synapses (plastic + fixed) | cores | chips "
              "| compile (s) | run (s) [simulated] |")
    if args.emulate:
        header += " emulate (s), = fixed |"
    print(header)
    print("|" + "---|" * (header.count("|") - 1))
    for r in rows:
        c, f = r["cue"], r["fragment"]
        line = ("| %d | %d | %.3f / %.3f / %.3f | %.3f / %.3f / %.3f / %.3f "
                "| %s | %s (%s + %s) | %d | %d | %.2f | %.2f [%g s] |" % (
                    r["M"], r["N"], c["exact"], c["precision"], c["recall"],
                    f["exact"], f["hit"], f["precision"], f["recall"],
                    "{:,}".format(r["neurons"]), "{:,}".format(r["synapses"]),
                    "{:,}".format(r["plastic"]),
                    "{:,}".format(r["synapses"] - r["plastic"]), r["cores"],
                    r["chips"], r["compile_s"], r["run_s"], r["biological_s"]))
        if args.emulate:
            line += " %.2f, yes |" % r["emulate_s"]
        print(line)


def find_glia(explicit):
    if explicit:
        return explicit
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
    path = os.path.join(root, "build", "release", "bin", "glia")
    return path if os.path.exists(path) else shutil.which("glia") or "glia"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--glia", help="the glia binary (default: "
                        "build/release/bin/glia)")
    parser.add_argument("--sizes", default=DEFAULT_SIZES,
                        help="MxN,... (default %s)" % DEFAULT_SIZES)
    parser.add_argument("--machine", default="spinn5")
    parser.add_argument("--bits-per-memory", type=int, default=4)
    parser.add_argument("--fragment", type=int, default=2)
    parser.add_argument("--period", type=float, default=10.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--integration", default="spinnaker",
                        choices=["spinnaker", "exact"],
                        help="IF_curr_exp discretisation (docs/runtime.md)")
    parser.add_argument("--emulate", action="store_true",
                        help="also emulate each image and check it against "
                        "glia run --numerics fixed")
    parser.add_argument("--keep", help="write networks and outputs here "
                        "instead of a temporary directory")
    args = parser.parse_args()
    glia = find_glia(args.glia)
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        workdir = args.keep or scratch
        os.makedirs(workdir, exist_ok=True)
        for memories, bits in parse_sizes(args.sizes):
            rows.append(measure(glia, args, memories, bits, workdir))
            print("done %dx%d" % (memories, bits), file=sys.stderr)
    print_table(rows, args)


if __name__ == "__main__":
    main()
