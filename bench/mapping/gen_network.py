#!/usr/bin/env python3
"""Writes a synthetic snn network (.mlir) for mapping benchmarks.

Populations are arranged on a ring; population i projects to the next
`--projections` populations with a fixed-probability connector, so traffic
is local in population order, as in layered or columnar models. Only
expected counts matter to the mapper: nothing here is O(synapses).

  gen_network.py --populations 2000 --size 2560 --projections 20 --p 0.01
  gen_network.py --populations 1000 --size 1000 --projections 10 --p 0.01
"""
import argparse
import random
import sys


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--populations", type=int, default=2000)
    parser.add_argument("--size", type=int, default=2560)
    parser.add_argument("--projections", type=int, default=20)
    parser.add_argument("--p", type=float, default=0.01)
    parser.add_argument("--timestep", type=float, default=1.0)
    parser.add_argument("--random-targets", action="store_true",
                        help="project to random populations instead of the "
                        "next ones on the ring (non-local traffic: large "
                        "routing tables)")
    parser.add_argument("-o", "--output", default="-")
    args = parser.parse_args()

    out = sys.stdout if args.output == "-" else open(args.output, "w")
    n, size = args.populations, args.size
    synapses = n * args.projections * size * size * args.p
    out.write(f"// {n} populations x {size} neurons = {n * size:,} neurons, "
              f"{n * args.projections:,} projections, "
              f"{synapses:,.0f} expected synapses\n")
    out.write(f"snn.network @bench attributes {{timestep = {args.timestep}, "
              "seed = 1 : i64} {\n")
    for i in range(n):
        out.write(f'  %p{i} = snn.population "p{i}" IF_curr_exp : '
                  f"!snn.pop<{size}>\n")
    pop_type = f"!snn.pop<{size}>"
    rng = random.Random(1)
    for i in range(n):
        targets = [(i + k) % n for k in range(1, args.projections + 1)]
        if args.random_targets:
            targets = rng.sample([j for j in range(n) if j != i],
                                 args.projections)
        for k, j in enumerate(targets, start=1):
            receptor = "inhibitory" if k % 5 == 0 else "excitatory"
            weight = "-0.05" if receptor == "inhibitory" else "0.05"
            out.write(
                f"  snn.projection @x{i}_{j} (%p{i} -> %p{j}) "
                f"#snn.fixed_probability<p = {args.p}> "
                f"#snn.static<weight = {weight}, delay = {args.timestep}> "
                f"{receptor} : {pop_type} -> {pop_type}\n")
    out.write("}\n")


if __name__ == "__main__":
    main()
