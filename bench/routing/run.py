#!/usr/bin/env python3
"""Compress the four routing-table benchmark sets of Mundy et al. 2016 with
`glia routing compress`, fully (--full) and just to fit (--fit 1023), and
print the figures beside the published ones. A script to run by hand, not a
test:

    bench/routing/run.py [--glia PATH] [--tables DIR]

--glia defaults to $GLIA, then build/*/bin/glia under the repository;
--tables defaults to ../shared/data/routing-tables/uncompressed beside it.
"""
import argparse
import glob
import os
import re
import subprocess
import sys
import tempfile

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SETS = ["gaussian_12_12_xyp", "centroid_12_12_xyp",
        "gaussian_12_12_rnd", "centroid_12_12_rnd"]
# Published mean / max / tables over 1023, from the paper's compressed sets
# (../shared/design/SPINNAKER.md): on-chip Ordered Covering and off-chip
# order-exploiting Espresso. None were published for the rnd key sets.
PUBLISHED = {
    "gaussian_12_12_xyp": {"OC": (947, 1006, 0), "Espresso": (905, 960, 0)},
    "centroid_12_12_xyp": {"OC": (1016, 1067, 49), "Espresso": (977, 1040, 2)},
}
STATS = re.compile(
    r"entries before: mean (?P<mean_in>[\d.]+), max (?P<max_in>\d+)\n"
    r"\s+entries after:\s+mean (?P<mean_out>[\d.]+), max (?P<max_out>\d+)\n"
    r"\s+tables over \d+: \d+ before, (?P<over>\d+) after\n"
    r"\s+time: compress (?P<compress>[\d.]+) s, check (?P<check>[\d.]+) s")


def find_glia(given):
    if given:
        return given
    if os.environ.get("GLIA"):
        return os.environ["GLIA"]
    built = sorted(glob.glob(os.path.join(REPO, "build", "*", "bin", "glia")),
                   key=os.path.getmtime)
    if not built:
        sys.exit("no glia found: build it, or pass --glia PATH")
    return built[-1]


def run(glia, path, mode):
    with tempfile.TemporaryDirectory() as tmp:
        result = subprocess.run(
            [glia, "routing", "compress", path, "-o",
             os.path.join(tmp, "out.bin")] + mode,
            capture_output=True, text=True)
    match = STATS.search(result.stdout)
    if not match:
        sys.exit(f"{' '.join(mode)} on {path} failed:\n{result.stderr}")
    return match.groupdict()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--glia")
    parser.add_argument("--tables", default=os.path.join(
        REPO, "..", "shared", "data", "routing-tables", "uncompressed"))
    args = parser.parse_args()
    glia = find_glia(args.glia)
    print(f"glia: {glia}\ntables: {os.path.normpath(args.tables)}\n")
    header = (f"{'set':<20} {'mode':<10} {'tables':>6} {'before':>13} "
              f"{'after':>13} {'>1023':>6} {'seconds':>8}   published")
    print(header)
    print("-" * len(header))
    for name in SETS:
        path = os.path.join(args.tables, name + ".bin")
        if not os.path.exists(path):
            print(f"{name:<20} (missing: {path})")
            continue
        for mode in (["--full"], ["--fit", "1023"]):
            s = run(glia, path, mode)
            published = "  ".join(
                f"{who} {m}/{x}, {o} over"
                for who, (m, x, o) in PUBLISHED.get(name, {}).items()) or "-"
            seconds = float(s["compress"]) + float(s["check"])
            print(f"{name:<20} {' '.join(mode):<10} {count_tables(path):>6} "
                  f"{s['mean_in']:>7}/{s['max_in']:>5} "
                  f"{s['mean_out']:>7}/{s['max_out']:>5} {s['over']:>6} "
                  f"{seconds:>8.2f}   {published}")
    print("\nbefore/after: mean/max entries per table; seconds: compress + "
          "exact check, single-threaded.")


def count_tables(path):
    """Tables in a benchmark file: walk the (x, y, n) headers."""
    data = open(path, "rb").read()
    offset = tables = 0
    while offset + 4 <= len(data):
        n = data[offset + 2] | data[offset + 3] << 8
        offset += 4 + 16 * n
        tables += 1
    return tables


if __name__ == "__main__":
    main()
