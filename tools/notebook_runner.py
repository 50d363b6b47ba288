"""Execute a notebook in a fresh kernel and measure it: wall time and the kernel's peak memory.

Used by ``tools/build_notebooks.py`` (which writes the outputs back) and ``benchmarks/notebooks.py``
(which checks the course's time budget).
"""
from __future__ import annotations

import threading
import time
from pathlib import Path

import nbformat
import psutil
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
# Budgets from the course plan: each notebook <= 90 s, the whole course <= 6 min, peak memory <= 2 GB.
NOTEBOOK_BUDGET_S = 90
COURSE_BUDGET_S = 360
MEMORY_BUDGET_MB = 2048


class _PeakMemory(threading.Thread):
    """Samples the resident memory of this process's children (the kernel) until stopped."""

    def __init__(self):
        super().__init__(daemon=True)
        self.peak_mb = 0.0
        self._stop_event = threading.Event()

    def run(self):
        me = psutil.Process()
        while not self._stop_event.wait(0.1):
            total = 0
            for child in me.children(recursive=True):
                try:
                    total += child.memory_info().rss
                except psutil.Error:
                    pass
            self.peak_mb = max(self.peak_mb, total / 2**20)

    def stop(self):
        self._stop_event.set()
        self.join()


def run_notebook(nb: nbformat.NotebookNode, *, name: str, timeout_s: int = 600) -> dict:
    """Execute ``nb`` in place (cwd notebooks/) and return its timing and memory record."""
    client = NotebookClient(nb, timeout=timeout_s, kernel_name="python3",
                            resources={"metadata": {"path": str(ROOT / "notebooks")}})
    sampler = _PeakMemory()
    sampler.start()
    start = time.perf_counter()
    try:
        client.execute()
    finally:
        seconds = time.perf_counter() - start
        sampler.stop()
    return {"notebook": name, "seconds": round(seconds, 1), "peak_mb": round(sampler.peak_mb),
            "within_budget": seconds <= NOTEBOOK_BUDGET_S and sampler.peak_mb <= MEMORY_BUDGET_MB}
