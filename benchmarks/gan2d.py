#!/usr/bin/env python
"""Mode coverage of the 2-D GANs: every method on ring8 and grid25, measured as in VEEGAN / PacGAN.

    python benchmarks/gan2d.py                                   # all methods, both mixtures
    python benchmarks/gan2d.py --datasets ring8 --methods gan pacgan2
    python benchmarks/gan2d.py --seeds 5                         # each run with seeds 0-4: median, min, max
    python benchmarks/gan2d.py --samples-out ring8.npy           # also save 2,500 samples of the best run
    python benchmarks/gan2d.py --methods gan --steps 1000 --set lr=0.02   # any GANConfig field changed

Prints a JSON list of {dataset, method, steps, seeds, modes, high_quality, balance, jsd_uniform, spread,
target_met, seconds, cpu_seconds}, all measured on the same 2,500 samples (``metrics.mode_balance``): modes
captured out of 8 / 25; the fraction of samples within 3 standard deviations of a mode (high quality);
balance, the entropy of the high-quality samples' histogram over the modes divided by log K (1 = an even
share); jsd_uniform, the Jensen-Shannon divergence of that histogram from the uniform one (nats, as
PacGAN's evaluation code logs it); spread, the median over captured modes of the per-axis std of a mode's
samples around their own mean, in units of the mixture's sigma (real samples: about 0.97; a generator
that squeezes each mode to a point scores near 0); and the training time (wall and CPU). With
``--seeds N`` each measure is {median, min, max, runs} over the seeds 0..N-1 (``runs`` lists each seed's
value), because one GAN run is chaotic: another seed, another CPU or a GPU moves its result.

The course target (``metrics.meets_coverage_target``: ``configs.COVERAGE_TARGETS``, ``BALANCE_TARGET``,
``SPREAD_TARGET``): ring8 8/8 modes and >= 97 % high quality, grid25 25/25 and >= 95 %, and on both
balance >= 0.95 and spread >= 0.5, so that neither piling samples on a few modes nor collapsing each
mode's cloud passes. ``target_met_seeds`` counts the seeds that meet it; the target counts as met only
when every seed does (``target_met_every_seed``). Every method trains for the same number of steps (the
``GANConfig`` default, 4,000, unless ``--steps`` or ``--set steps=...`` changes it for all). Methods that
differ only in how they sample ("gan" and "gan+drs") share one training run. The best run is the one
with most modes, then highest quality (first dataset given, first seed). Every run trains with one
thread; (dataset, seed) jobs run side by side in ``--workers`` processes.
"""
from __future__ import annotations

import argparse
import ast
import json
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import course_utils  # noqa: E402
from course_utils.gan2d import GAN2D, METHODS, GANConfig, config_for  # noqa: E402
from course_utils.metrics import meets_coverage_target, mode_balance  # noqa: E402

MIXTURE_NAMES = ("ring8", "grid25")
MEASURES = ("modes", "high_quality", "balance", "jsd_uniform", "spread")


def run_dataset(dataset: str, methods: list, overrides: dict) -> list:
    """Train each distinct config once; evaluate every method that samples from it."""
    course_utils.setup(seed=0, verbose=False)
    trained, rows = {}, []
    for method in methods:
        config = config_for(method, dataset, **overrides)
        key = replace(config, drs=False)
        if key not in trained:
            wall, cpu = time.perf_counter(), time.process_time()
            gan = GAN2D(key).train()
            trained[key] = (gan, time.perf_counter() - wall, time.process_time() - cpu)
        gan, seconds, cpu_seconds = trained[key]
        samples = gan.sample(2500, rejection=config.drs)
        measured = mode_balance(samples, dataset)
        rows.append({"dataset": dataset, "method": method, "seed": config.seed, "steps": config.steps,
                     "modes": measured["modes"],
                     **{k: round(measured[k], 4) + 0.0 for k in MEASURES if k != "modes"},  # + 0.0: no -0.0
                     "target_met": meets_coverage_target(measured, dataset), "seconds": round(seconds, 1),
                     "cpu_seconds": round(cpu_seconds, 1), "samples": samples.numpy().tolist()})
        print(json.dumps({k: v for k, v in rows[-1].items() if k != "samples"}), file=sys.stderr, flush=True)
    return rows


def over_seeds(values: list) -> dict:
    """``{median, min, max, runs}`` of one measure over the seeds; a NaN (a spread with no mode of two
    samples) counts as the lowest value, and a statistic that lands on it is NaN."""
    ordered = [-np.inf if v != v else v for v in values]

    def value(x: float) -> float:
        return float("nan") if x == -np.inf else x

    return {"median": value(round(float(np.median(ordered)), 4)), "min": value(min(ordered)),
            "max": value(max(ordered)), "runs": values}


def summarise(rows: list) -> list:
    """One record per (dataset, method): each measure as median, min and max over the seeds."""
    out = []
    for key in dict.fromkeys((r["dataset"], r["method"]) for r in rows):
        runs = sorted((r for r in rows if (r["dataset"], r["method"]) == key), key=lambda r: r["seed"])
        met = sum(r["target_met"] for r in runs)
        out.append({"dataset": key[0], "method": key[1], "steps": runs[0]["steps"], "seeds": len(runs),
                    **{k: over_seeds([r[k] for r in runs]) for k in MEASURES},
                    "target_met_seeds": met, "target_met_every_seed": met == len(runs),
                    "seconds": over_seeds([r["seconds"] for r in runs]),
                    "cpu_seconds": over_seeds([r["cpu_seconds"] for r in runs])})
    return out


def setting(text: str) -> tuple:
    """``"lr=0.02"`` -> ``("lr", 0.02)``: the value is read as a Python literal, else kept as text."""
    field, sep, value = text.partition("=")
    if not sep or field not in GANConfig.__dataclass_fields__:
        raise argparse.ArgumentTypeError(f"expected FIELD=VALUE with FIELD one of "
                                         f"{tuple(GANConfig.__dataclass_fields__)}, got {text!r}")
    try:
        return field, ast.literal_eval(value)
    except (ValueError, SyntaxError):
        return field, value


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--datasets", nargs="+", default=list(MIXTURE_NAMES), choices=MIXTURE_NAMES)
    parser.add_argument("--methods", nargs="+", default=list(METHODS), choices=list(METHODS))
    parser.add_argument("--steps", type=int, default=None, help="training steps (default: the method's)")
    parser.add_argument("--seeds", type=int, default=1, help="train each run with seeds 0..N-1 (default 1)")
    parser.add_argument("--samples-out", type=Path, default=None,
                        help="save 2,500 samples (N, 2) of the best method on the first dataset as .npy")
    parser.add_argument("--set", nargs="+", default=[], metavar="FIELD=VALUE", type=setting,
                        help="change GANConfig fields for every run, e.g. lr=0.02 noise_std=1.0")
    parser.add_argument("--workers", type=int, default=2, help="processes, one (dataset, seed) job each")
    args = parser.parse_args()
    if args.seeds < 1:
        parser.error(f"--seeds must be at least 1, got {args.seeds}")
    fixed = dict(args.set, **({} if args.steps is None else {"steps": args.steps}))
    jobs = [(d, {**fixed, "seed": seed})
            for seed in range(args.seeds) for d in args.datasets]
    with ProcessPoolExecutor(max_workers=max(1, min(args.workers, len(jobs)))) as pool:
        per_job = list(pool.map(run_dataset, [d for d, _ in jobs], [args.methods] * len(jobs), [o for _, o in jobs]))
    rows = [row for job_rows in per_job for row in job_rows]
    if args.samples_out is not None:
        best = max(per_job[0], key=lambda row: (row["modes"], row["high_quality"]))
        np.save(args.samples_out, np.asarray(best["samples"], dtype=np.float32))
        print(f"saved 2,500 samples of {best['dataset']} / {best['method']} to {args.samples_out}",
              file=sys.stderr)
    if args.seeds == 1:
        results = [{k: v for k, v in row.items() if k != "samples"} for row in rows]
    else:
        results = summarise(rows)
    print(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
