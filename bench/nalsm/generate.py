#!/usr/bin/env python3
"""Generates the NALSM liquid (MODELS.md §3a) as a glia JSON network.

1000 LIF neurons on a 10x10x10 grid (80 % excitatory, placed at random grid
points), connected with probability C·exp(-(D/3)^2) for grid distance D
(C = 0.2 EE, 0.1 EI, 0.3 IE, 0.05 II) and weights uniform in [0, 3]
(excitatory) or [-3, 0] (inhibitory); 784 Poisson inputs reach each liquid
neuron with density 0.15 and weights uniform in [-3, 3]. The liquid's LIF is
NALSM's V <- V - V/64 + input, threshold 20, reset 0, refractory 2 ms,
written as IF_curr_exp (see neuron_parameters). All liquid synapses learn
with NALSM's trace rule (TraceSTDP: x <- e^{-1/10}(x + 0.1 s), eta_+ =
0.15) and start at the largest magnitude, 3, as in NALSM. With --astrocyte,
one leaky integrator listens to the liquid (+w_a) and the inputs (-w_a), and
its A is the rate NALSM gives it: the depression rate of the excitatory
synapses and, signs swapped, the rate at which causal pairs strengthen the
inhibitory ones. Without it both rates are eta_+ (plain STDP).

    generate.py [--astrocyte] [--rate-decay R] [--input-rate HZ]
                [-o examples/nalsm.json]
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
INPUT_RATE = 20.0  # Hz, the default; MODELS.md gives none (NALSM: MNIST)
W_A = 0.015  # NALSM's astrocyte weight for a 1000-neuron liquid
BIAS = 0.15  # A(0) = b_a = eta_+
TAU_A = 100.0
ETA_PLUS = 0.15
TRACE_INCREMENT = 0.1
TAU_TRACE = 10.0  # d = exp(-1/10)
W_MAX = 3.0


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
    """(i, j) rows of the distance-dependent liquid connectivity."""
    rows = []
    for i, a in enumerate(points[pre]):
        for j, b in enumerate(points[post]):
            if pre == post and i == j:
                continue
            d2 = sum((u - v) ** 2 for u, v in zip(a, b))
            if rng.random() < C[(pre, post)] * math.exp(-d2 / LAMBDA ** 2):
                rows.append([i, j])
    return rows


def trace_synapse(rate_decay):
    """NALSM's rule on magnitudes, starting at the largest one. The rate the
    astrocyte sets (when there is one) is overridden by snn.astro_modulate;
    without it both rates are eta_+ (NALSM's STDP_PURE)."""
    return {"type": "TraceSTDP", "weight": W_MAX, "delay": 1.0,
            "tau": TAU_TRACE, "trace_increment": TRACE_INCREMENT,
            "eta_plus": ETA_PLUS, "eta_minus": ETA_PLUS,
            "rate_decay": rate_decay, "w_min": 0.0, "w_max": W_MAX}


def liquid_projection(rng, points, pre, post, rate_decay):
    return {"label": pre + post, "presynaptic": pre, "postsynaptic": post,
            "connector": {"type": "FromListConnector",
                          "conn_list": connect(rng, points, pre, post)},
            "synapse": trace_synapse(rate_decay),
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


def astrocyte(rate_decay):
    """NALSM's A: the depression rate of excitatory synapses, and (signs
    swapped for inhibitory presynaptic neurons) the rate at which a causal
    pair strengthens an inhibitory synapse's magnitude."""
    effect = {"e": "stdp_depression", "i": "stdp_potentiation"}
    return {"label": "astro", "model": "leaky_integrator",
            "parameters": {"tau": TAU_A, "bias": BIAS,
                           "rate_decay": rate_decay},
            "initial_values": {"A": BIAS},
            "listen": [{"population": "e", "weight": W_A},
                       {"population": "i", "weight": W_A},
                       {"population": "input", "weight": -W_A}],
            "modulate": [{"projection": pre + post, "effect": effect[pre],
                          "gain": 1.0}
                         for pre in "ei" for post in "ei"]}


def network(with_astrocyte, seed=1, rate_decay=0.99, duration=250.0,
            input_rate=INPUT_RATE):
    rng = random.Random(seed)
    points = place(rng)
    lif = neuron_parameters()
    populations = [
        {"label": "input", "size": INPUTS, "cell_type": "SpikeSourcePoisson",
         "parameters": {"rate": input_rate}},
        {"label": "e", "size": len(points["e"]), "cell_type": "IF_curr_exp",
         "parameters": lif, "initial_values": {"v": 0.0}},
        {"label": "i", "size": len(points["i"]), "cell_type": "IF_curr_exp",
         "parameters": lif, "initial_values": {"v": 0.0}},
    ]
    projections = [liquid_projection(rng, points, pre, post, rate_decay)
                   for pre in "ei" for post in "ei"]
    projections += input_projections("e", 100) + input_projections("i", 200)
    net = {"format": "glia-network", "version": 1,
           "name": "nalsm_astro" if with_astrocyte else "nalsm",
           "simulation": {"timestep": 1.0, "seed": seed,
                          "duration": duration},
           "populations": populations, "projections": projections,
           "recordings": [{"population": "e", "variables": ["spikes"]},
                          {"population": "i", "variables": ["spikes"]}]}
    if with_astrocyte:
        net["astrocytes"] = [astrocyte(rate_decay)]
        net["recordings"].append({"population": "astro", "variables": ["A"]})
    return net


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--astrocyte", action="store_true")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rate-decay", type=float, default=0.99,
                        help="per-ms decay of the learning rates, A, w_a "
                             "and b_a (NALSM: 0.99 within a sample, 1 while "
                             "it initialises the liquid)")
    parser.add_argument("--input-rate", type=float, default=INPUT_RATE,
                        help="Poisson rate of the 784 inputs (Hz)")
    parser.add_argument("-o", "--output", default="-")
    args = parser.parse_args()
    net = network(args.astrocyte, args.seed, args.rate_decay,
                  input_rate=args.input_rate)
    text = json.dumps(net, separators=(",", ":"))
    if args.output == "-":
        print(text)
    else:
        with open(args.output, "w") as out:
            out.write(text + "\n")


if __name__ == "__main__":
    main()
