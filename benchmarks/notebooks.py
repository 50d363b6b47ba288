#!/usr/bin/env python
"""Run every notebook top to bottom in a fresh kernel; print JSON with wall time and peak memory.

    python benchmarks/notebooks.py                 # all of notebooks/*.ipynb
    python benchmarks/notebooks.py 02 04           # names starting with these
    python benchmarks/notebooks.py --max-total 360 # exit 1 if the course takes longer (CI gate)

Budgets from the course plan: each notebook <= 90 s, the whole course <= 6 min, peak memory <= 2 GB.
Peak memory is the kernel's resident set size (with its children), sampled every 0.1 s.
"""
from __future__ import annotations

import argparse
import json
import sys
import threading
import time
from pathlib import Path

import nbformat
import psutil
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("prefixes", nargs="*")
    parser.add_argument("--max-total", type=float, default=None,
                        help="exit 1 when the notebooks together take longer than this many seconds")
    args = parser.parse_args()
    paths = [p for p in sorted((ROOT / "notebooks").glob("*.ipynb"))
             if not args.prefixes or p.name.startswith(tuple(args.prefixes))]
    results = [run_notebook(nbformat.read(p, as_version=4), name=p.name) for p in paths]
    total = round(sum(r["seconds"] for r in results), 1)
    report = {"notebooks": results, "total_seconds": total, "course_budget_s": COURSE_BUDGET_S,
              "notebook_budget_s": NOTEBOOK_BUDGET_S, "memory_budget_mb": MEMORY_BUDGET_MB}
    print(json.dumps(report, indent=2))
    if args.max_total is not None and total > args.max_total:
        print(f"the course took {total:.0f} s, over the {args.max_total:.0f} s limit", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
