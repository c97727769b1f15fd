#!/usr/bin/python3
"""The numpy peer of bench/simulate.sh: the same plan (PLAN_FILE, one step
a line: law and parameters, as bench_simulate writes it) drawn RUNS times,
vectorised per step over all runs (numpy's default generator, PCG64),
summed; the median of REPS of the CPU time.  Prints one table row."""
import sys
import time

import numpy as np


def draws(plan, runs, rng):
    t = np.zeros(runs)
    for law, p in plan:
        if law == "fixed":
            t += p[0]
        elif law == "normal":
            t += np.maximum(0.0, rng.normal(p[0], p[1], runs))
        elif law == "lognormal":
            t += rng.lognormal(p[0], p[1], runs)
        elif law == "triangular":
            t += rng.triangular(p[0], p[1], p[2], runs) if p[2] > p[0] else p[1]
        elif law == "uniform":
            t += rng.uniform(p[0], p[1], runs)
        elif law == "uniform0":
            t += rng.uniform(0.0, p[0], runs)
        elif law == "exponential":
            t += rng.exponential(p[0], runs)
        elif law == "empirical":
            t += np.asarray(p)[rng.integers(0, len(p), runs)]
        else:
            raise SystemExit("unknown law " + law)
    return t


def main():
    path, runs, reps = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    plan = []
    for line in open(path):
        w = line.split()
        plan.append((w[0], [float(x) for x in w[1:]]))
    rng = np.random.default_rng(1)
    cpu, wall, mean = [], [], 0.0
    for _ in range(reps):
        c, w = time.process_time(), time.perf_counter()
        mean = draws(plan, runs, rng).mean() / 24
        cpu.append(time.process_time() - c)
        wall.append(time.perf_counter() - w)
    c, w = sorted(cpu)[reps // 2], sorted(wall)[reps // 2]
    print("| numpy %s, vectorised per step | %.2f M | %.3f | %.2f M | %.2f |" % (np.__version__, runs / c / 1e6, w,
                                                                              runs / w / 1e6, mean))


main()
