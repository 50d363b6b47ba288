#!/usr/bin/env python
"""How much slower this machine is than the one that set the course's run times.

    python benchmarks/machine_speed.py        # prints {"slowdown": ..., "workloads": {...}} as JSON

The course's budgets (each notebook <= 90 s, the course <= 6 min) and every run time in the prose were
measured on the 2-core machine that built the committed notebooks. The same 2-core kind of machine has
been seen 2.5 times slower on another day (a CI host, not a laptop), so a raw time measures the host as much
as the course. This script times two pieces of the course exactly as the notebooks run them, only shorter,
and divides by what the committed notebooks printed for them:

- notebook 04's ring8 "codes50" 2-D GAN: the committed run printed "3000 steps in 16.3 s";
- notebook 05's live DCGAN (GAN_ARCH, batch 64): the committed run printed "310 steps in 19 s".

``slowdown`` is the geometric mean of the two ratios (1.0: as fast as that machine; 2.0: twice as slow).
``benchmarks/notebooks.py --per-reference-machine`` divides the course's time by it before comparing it with
the budget, so CI checks the course, not the host. Both numbers are always printed.
"""
from __future__ import annotations

import contextlib
import json
import math
import sys
import time
from dataclasses import asdict, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# What the committed notebooks printed (04: "ring8 codes50: 3000 steps in 11.2 s"; 05: "310 steps in 14 s").
REFERENCE_S_PER_STEP = {"gan2d_codes50": 11.2 / 3000, "dcgan_live": 14 / 310}


def _gan2d_codes50(steps: int = 600) -> float:
    from course_utils.gan2d import GAN2D, config_for

    start = time.perf_counter()
    GAN2D(config_for("codes50", "ring8", steps=steps)).train()
    return (time.perf_counter() - start) / steps


def _dcgan_live(epochs: int = 1) -> float:
    from course_utils.configs import GAN_ARCH, GAN_NOTEBOOK_FIT
    from course_utils.data import load_mnist
    from course_utils.gan import train_dcgan

    with contextlib.redirect_stdout(sys.stderr):  # stdout is for the JSON only (load_mnist says which digits)
        images, _ = load_mnist("train")
    generator, discriminator = GAN_ARCH.build()
    start = time.perf_counter()
    history = train_dcgan(generator, discriminator, images, **asdict(replace(GAN_NOTEBOOK_FIT, epochs=epochs)),
                          seed=0, progress=False)
    return (time.perf_counter() - start) / len(history["loss_d"])


def slowdown() -> dict:
    """``{"slowdown": float, "workloads": {name: {"s_per_step", "reference_s_per_step", "ratio"}}}``."""
    import course_utils

    course_utils.setup(seed=0, verbose=False)
    measured = {"gan2d_codes50": _gan2d_codes50(), "dcgan_live": _dcgan_live()}
    workloads = {name: {"s_per_step": round(s, 5), "reference_s_per_step": round(REFERENCE_S_PER_STEP[name], 5),
                        "ratio": round(s / REFERENCE_S_PER_STEP[name], 3)} for name, s in measured.items()}
    factor = math.exp(sum(math.log(w["ratio"]) for w in workloads.values()) / len(workloads))
    return {"slowdown": round(factor, 3), "workloads": workloads}


if __name__ == "__main__":
    print(json.dumps(slowdown(), indent=2))
