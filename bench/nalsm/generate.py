#!/usr/bin/env python3
"""Generates the NALSM liquid (MODELS.md §3a) as a glia JSON network.

1000 LIF neurons on a 10x10x10 grid (80 % excitatory, placed at random grid
points), connected with probability C·exp(-(D/3)^2) for grid distance D
(C = 0.2 EE, 0.1 EI, 0.3 IE, 0.05 II) and weights uniform in [0, 3]
(excitatory) or [-3, 0] (inhibitory); 784 Poisson inputs reach each liquid
neuron with density 0.15 and weights uniform in [-3, 3]. The liquid's LIF is
NALSM's V <- V - V/64 + input, threshold 20, reset 0, refractory 2 ms,
written as IF_curr_exp (see neuron_parameters). The excitatory-presynaptic
liquid synapses are plastic (pair-rule STDP); with --astrocyte, one leaky
integrator listens to the liquid (+w_a) and the inputs (-w_a) and sets their
depression rate (snn.astro_modulate stdp_depression).

    generate.py [--astrocyte] [-o examples/nalsm.json]
"""

import argparse
import json
import math
import random

GRID = 10
EXCITATORY_FRACTION = 0.8
C = {("e", "e"): 0.2, ("e", "i"): 0.1, ("i", "e"): 0.3, ("i", "i"): 0.05}
LAMBDA = 3.0
INPUTS = 784
INPUT_DENSITY = 0.15
INPUT_RATE = 20.0  # Hz
W_A = 0.015  # NALSM's astrocyte weight for a 1000-neuron liquid
BIAS = 0.15
TAU_A = 100.0
# NALSM's trace rule adds 0.1 per spike to x and depresses by A·x: our pair
# rule's traces jump by 1 and additive amplitudes are scaled by w_max - w_min
# (3), so A_minus = A·0.1/3 gives the same depression per pair.
DEPRESSION_GAIN = 0.1 / 3
A_PLUS = 0.15 * 0.1 / 3  # eta_+ = 0.15, likewise
TAU_TRACE = 10.0  # d = exp(-1/10)


def neuron_parameters(dt=1.0):
    """IF_curr_exp whose step is V <- V·(1 - 1/64) + input (weights in mV).

    tau_m gives the decay 63/64 per 1 ms step; a 0.1 ms synaptic current
    delivers its charge within the step, and cm makes one unit of weight
    move V by exactly 1 mV over that step (Kernels.h currentToVoltage)."""
    tau_m = -dt / math.log(63.0 / 64.0)
    tau_syn = 0.1
    cm = (math.exp(-dt / tau_syn) - math.exp(-dt / tau_m)) / (
        1 / tau_m - 1 / tau_syn)
    return {"tau_m": tau_m, "cm": cm, "tau_syn_E": tau_syn,
            "tau_syn_I": tau_syn, "v_rest": 0.0, "v_reset": 0.0,
            "v_thresh": 20.0, "tau_refrac": 2.0, "i_offset": 0.0}


def place(rng):
    """Grid points of the excitatory and inhibitory neurons."""
    points = [(x, y, z) for x in range(GRID) for y in range(GRID)
              for z in range(GRID)]
    rng.shuffle(points)
    count = int(round(EXCITATORY_FRACTION * len(points)))
    return {"e": points[:count], "i": points[count:]}


def connect(rng, points, pre, post):
    """(i, j, weight) rows of the distance-dependent liquid connectivity."""
    rows = []
    for i, a in enumerate(points[pre]):
        for j, b in enumerate(points[post]):
            if pre == post and i == j:
                continue
            d2 = sum((u - v) ** 2 for u, v in zip(a, b))
            if rng.random() < C[(pre, post)] * math.exp(-d2 / LAMBDA ** 2):
                w = rng.uniform(0.0, 3.0)
                rows.append([i, j, round(w if pre == "e" else -w, 4)])
    return rows


def stdp_synapse():
    return {"type": "STDPMechanism", "weight": 0.0, "delay": 1.0,
            "timing_dependence": {"type": "SpikePairRule",
                                  "tau_plus": TAU_TRACE,
                                  "tau_minus": TAU_TRACE, "A_plus": A_PLUS,
                                  "A_minus": DEPRESSION_GAIN * BIAS},
            "weight_dependence": {"type": "AdditiveWeightDependence",
                                  "w_min": 0.0, "w_max": 3.0}}


def liquid_projection(rng, points, pre, post):
    rows = connect(rng, points, pre, post)
    if pre == "e":
        synapse = stdp_synapse()
    else:  # static inhibitory: PyNN's negative current-based weights
        synapse = {"type": "StaticSynapse", "weight": 0.0, "delay": 1.0}
    return {"label": pre + post, "presynaptic": pre, "postsynaptic": post,
            "connector": {"type": "FromListConnector", "conn_list": rows,
                          "column_names": ["weight"]},
            "synapse": synapse,
            "receptor_type": "excitatory" if pre == "e" else "inhibitory"}


def input_projections(post, seed):
    """Density 0.15 with weights uniform in [-3, 3]: half the partners
    excitatory with [0, 3], half inhibitory with [-3, 0]."""
    out = []
    for sign, receptor, low, high in ((1, "excitatory", 0.0, 3.0),
                                      (-1, "inhibitory", -3.0, 0.0)):
        out.append({
            "label": "input_" + post + "_" + receptor[:3],
            "presynaptic": "input", "postsynaptic": post,
            "connector": {"type": "FixedProbabilityConnector",
                          "p_connect": INPUT_DENSITY / 2},
            "synapse": {"type": "StaticSynapse",
                        "weight": {"distribution": "uniform", "low": low,
                                   "high": high},
                        "delay": 1.0},
            "receptor_type": receptor, "seed": seed + (sign > 0)})
    return out


def astrocyte():
    return {"label": "astro", "model": "leaky_integrator",
            "parameters": {"tau": TAU_A, "bias": BIAS},
            "initial_values": {"A": BIAS},
            "listen": [{"population": "e", "weight": W_A},
                       {"population": "i", "weight": W_A},
                       {"population": "input", "weight": -W_A}],
            "modulate": [{"projection": "ee", "effect": "stdp_depression",
                          "gain": DEPRESSION_GAIN},
                         {"projection": "ei", "effect": "stdp_depression",
                          "gain": DEPRESSION_GAIN}]}


def network(with_astrocyte, seed=1):
    rng = random.Random(seed)
    points = place(rng)
    lif = neuron_parameters()
    populations = [
        {"label": "input", "size": INPUTS, "cell_type": "SpikeSourcePoisson",
         "parameters": {"rate": INPUT_RATE}},
        {"label": "e", "size": len(points["e"]), "cell_type": "IF_curr_exp",
         "parameters": lif, "initial_values": {"v": 0.0}},
        {"label": "i", "size": len(points["i"]), "cell_type": "IF_curr_exp",
         "parameters": lif, "initial_values": {"v": 0.0}},
    ]
    projections = [liquid_projection(rng, points, pre, post)
                   for pre in "ei" for post in "ei"]
    projections += input_projections("e", 100) + input_projections("i", 200)
    net = {"format": "glia-network", "version": 1,
           "name": "nalsm_astro" if with_astrocyte else "nalsm",
           "simulation": {"timestep": 1.0, "seed": seed, "duration": 250.0},
           "populations": populations, "projections": projections,
           "recordings": [{"population": "e", "variables": ["spikes"]},
                          {"population": "i", "variables": ["spikes"]}]}
    if with_astrocyte:
        net["astrocytes"] = [astrocyte()]
        net["recordings"].append({"population": "astro", "variables": ["A"]})
    return net


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--astrocyte", action="store_true")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("-o", "--output", default="-")
    args = parser.parse_args()
    text = json.dumps(network(args.astrocyte, args.seed), separators=(",", ":"))
    if args.output == "-":
        print(text)
    else:
        with open(args.output, "w") as out:
            out.write(text + "\n")


if __name__ == "__main__":
    main()
