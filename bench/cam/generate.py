#!/usr/bin/env python3
"""Generates a CAM stress network (docs/cam.md) as a glia JSON network.

One snn.cam of M memories (orthogonal, one-hot cues: memory c is cue c) and
N content bits, with an operation protocol that stores every memory and
then reads each back twice:

  learn(c, S_c)              for c = 0 .. M-1   (S_c: --bits-per-memory
                                                 distinct random bits)
  recall_by_cue(c)           for c = 0 .. M-1
  recall_by_content(F_c)     for c = 0 .. M-1   (F_c: a random subset of
                                                 S_c of --fragment bits)

one operation every --period ms (the verifier wants at least 7). Random
choices come from Python's `random.Random(seed)`, so a seed fixes the
network.

    generate.py --memories 64 --bits 64 [--bits-per-memory 4]
                [--fragment 2] [--period 10] [--seed 1] -o cam64.json
"""

import argparse
import json
import random


def contents(memories, bits, per_memory, rng):
    """The stored bit set of each memory: `per_memory` distinct bits."""
    return [sorted(rng.sample(range(bits), per_memory))
            for _ in range(memories)]


def fragments(stored, size, rng):
    """A random subset of `size` bits of each stored content."""
    return [sorted(rng.sample(content, min(size, len(content))))
            for content in stored]


def protocol(stored, cues_fragments, period):
    """Learn all, recall all by cue, recall all by fragment."""
    operations = []
    for cue, content in enumerate(stored):
        operations.append({"operation": "learn", "cue": cue, "bits": content})
    for cue in range(len(stored)):
        operations.append({"operation": "recall_by_cue", "cue": cue})
    for fragment in cues_fragments:
        operations.append({"operation": "recall_by_content",
                           "bits": fragment})
    return operations


def network(memories, bits, per_memory=4, fragment=2, period=10.0, seed=1,
            integration="spinnaker"):
    """The network and, for scoring, the stored contents and fragments."""
    if per_memory > bits:
        raise ValueError("--bits-per-memory %d exceeds --bits %d"
                         % (per_memory, bits))
    rng = random.Random(seed)
    stored = contents(memories, bits, per_memory, rng)
    parts = fragments(stored, fragment, rng)
    operations = protocol(stored, parts, period)
    net = {
        "format": "glia-network",
        "version": 1,
        "name": "cam_%dx%d" % (memories, bits),
        # sPyNNaker's by default, as examples/cam.json (docs/cam.md).
        "simulation": {"timestep": 1.0, "integration": integration,
                       "duration": period * (len(operations) + 1)},
        "populations": [],
        "cams": [{"label": "cam", "memories": memories, "bits": bits,
                  "period": period, "protocol": operations}],
    }
    return net, stored, parts


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--memories", type=int, required=True)
    parser.add_argument("--bits", type=int, required=True)
    parser.add_argument("--bits-per-memory", type=int, default=4)
    parser.add_argument("--fragment", type=int, default=2)
    parser.add_argument("--period", type=float, default=10.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--integration", default="spinnaker",
                        choices=["spinnaker", "exact"])
    parser.add_argument("-o", "--output", required=True)
    args = parser.parse_args()
    net, _, _ = network(args.memories, args.bits, args.bits_per_memory,
                        args.fragment, args.period, args.seed,
                        args.integration)
    with open(args.output, "w") as out:
        json.dump(net, out)


if __name__ == "__main__":
    main()
