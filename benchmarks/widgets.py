#!/usr/bin/env python
"""How fast the latent widgets (notebook 06, and 05's digit picker) answer a control, in the kernel (no browser):
prints JSON.

    COURSE_OFFLINE=1 COURSE_DATA_DIR=$PWD/.test-data python benchmarks/widgets.py

For each widget: the time to build it, and the median over 100 updates of setting a slider's ``.value``
from Python (which decodes the codes and re-encodes the PNGs synchronously). The bar from the course
plan is <= 10 ms per update. Wall-clock and CPU medians are both reported: on a busy machine the wall
clock includes time spent waiting for a core. Uses the shipped weights notebook 06 shows (``SHIPPED``), and
``gan_mnist_conditional`` for the digit picker (16 samples per update).
"""
from __future__ import annotations

import contextlib
import json
import statistics
import sys
import time

import torch

import course_utils
from course_utils import pretrained
from course_utils.data import load_mnist
from course_utils.widgets import arithmetic_widget, digit_picker, gan_live_view, interpolation_widget, latent_explorer

BAR_MS = 10.0
UPDATES = 100


SHIPPED = {"AE": "ae_mnist_d2", "VAE": "vae_mnist_d2", "GAN": "gan_mnist_unlabelled"}  # notebook 06's models


def models() -> dict:
    """``{"AE", "VAE", "GAN"}: model``, loaded from the shipped weights (``pretrained.load`` names what is missing)."""
    return {key: pretrained.load(name) for key, name in SHIPPED.items()}


def time_updates(control, values) -> dict:
    wall, cpu = [], []
    for value in values:
        w, c = time.perf_counter(), time.process_time()
        control.value = value
        wall.append(time.perf_counter() - w)
        cpu.append(time.process_time() - c)
    return {"median_ms": round(1000 * statistics.median(wall), 2), "median_cpu_ms": round(1000 * statistics.median(cpu), 2),
            "p90_ms": round(1000 * sorted(wall)[int(0.9 * len(wall))], 2)}


def timed_build(build):
    start = time.perf_counter()
    panel = build()
    return panel, round(time.perf_counter() - start, 3)


def main() -> None:
    course_utils.setup(seed=0, verbose=False)
    with contextlib.redirect_stdout(sys.stderr):  # stdout is for the JSON only
        images, labels = load_mnist("test")
    chosen = models()
    results = []

    panel, build_s = timed_build(lambda: interpolation_widget(chosen, images, labels, start=0, end=1))
    t_values = [(i % 21) / 20 for i in range(1, UPDATES + 1)]
    results.append({"widget": "interpolation", "control": "t", "models": list(chosen), "build_s": build_s,
                    **time_updates(panel.controls["t"], t_values)})
    start = time.perf_counter()
    panel.controls["end"].value = 2  # a new end digit: encode (AE, VAE) and invert (GAN) once
    results[-1]["new_end_digit_s"] = round(time.perf_counter() - start, 3)

    two_d = {k: chosen[k] for k in ("AE", "VAE")}
    panel, build_s = timed_build(lambda: latent_explorer(two_d, images, labels, model="VAE"))
    z1 = panel.controls["z1"]
    z_values = [z1.min + (i % 50) / 49 * (z1.max - z1.min) for i in range(1, UPDATES + 1)]
    results.append({"widget": "explorer", "control": "z1", "models": list(two_d), "build_s": build_s,
                    **time_updates(z1, z_values)})

    panel, build_s = timed_build(lambda: arithmetic_widget(two_d, images, labels, index=0, target=7))
    s_values = [(i % 41) / 20 for i in range(1, UPDATES + 1)]
    results.append({"widget": "arithmetic", "control": "strength", "models": list(two_d), "build_s": build_s,
                    **time_updates(panel.controls["strength"], s_values)})

    conditional = pretrained.load("gan_mnist_conditional")
    panel, build_s = timed_build(lambda: digit_picker(conditional, digit=7))
    results.append({"widget": "digit picker", "control": "digit", "models": ["gan_mnist_conditional"],
                    "build_s": build_s, **time_updates(panel.controls["digit"], [i % 10 for i in range(1, UPDATES + 1)])})

    for r in results:
        r["within_bar"] = r["median_ms"] <= BAR_MS
    print(json.dumps({"updates": UPDATES, "bar_ms": BAR_MS, "threads": torch.get_num_threads(),
                      "models": SHIPPED, "widgets": results, "live_view": live_view_fps()}, indent=2))


def live_view_fps(frames: int = 30) -> dict:
    """Notebook 04's live view at its default speed: frames a second when the kernel trains and draws back to
    back (Play paces itself to at most 10; the bar is 5). Every dataset, since each frame's cost differs."""
    out = {}
    for dataset in ("ring8", "grid25", "moons", "spiral"):
        view = gan_live_view(dataset)
        view.step(2)  # warm up
        start = time.perf_counter()
        view.step(frames)
        out[dataset] = round(frames / (time.perf_counter() - start), 1)
    return {"frames_per_second": out, "steps_per_frame": int(view.controls["speed"].value), "bar_fps": 5}


if __name__ == "__main__":
    main()
