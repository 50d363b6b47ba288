#!/usr/bin/env python
"""Run every notebook top to bottom in a fresh kernel; print JSON with wall time and peak memory.

    python benchmarks/notebooks.py                 # all of notebooks/*.ipynb
    python benchmarks/notebooks.py 02 04           # names starting with these
    python benchmarks/notebooks.py --max-total 360 # exit 1 if the course takes longer
    python benchmarks/notebooks.py --max-total 360 --per-reference-machine
                                                   # the same, after dividing by this machine's slowdown
                                                   # against the one that set the run times (CI gate;
                                                   # benchmarks/machine_speed.py)

Budgets from the course plan: each notebook <= 90 s, the whole course <= 6 min, peak memory <= 2 GB.
Peak memory is the kernel's resident set size (with its children), sampled every 0.1 s.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
from notebook_runner import COURSE_BUDGET_S, MEMORY_BUDGET_MB, NOTEBOOK_BUDGET_S, run_notebook  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("prefixes", nargs="*")
    parser.add_argument("--max-total", type=float, default=None,
                        help="exit 1 when the notebooks together take longer than this many seconds")
    parser.add_argument("--per-reference-machine", action="store_true",
                        help="compare the total divided by this machine's slowdown (benchmarks/machine_speed.py)")
    args = parser.parse_args()
    speed = None
    if args.per_reference_machine:
        from machine_speed import slowdown  # benchmarks/machine_speed.py, next to this file

        speed = slowdown()
    paths = [p for p in sorted((ROOT / "notebooks").glob("*.ipynb"))
             if not args.prefixes or p.name.startswith(tuple(args.prefixes))]
    results = [run_notebook(nbformat.read(p, as_version=4), name=p.name) for p in paths]
    total = round(sum(r["seconds"] for r in results), 1)
    report = {"notebooks": results, "total_seconds": total, "course_budget_s": COURSE_BUDGET_S,
              "notebook_budget_s": NOTEBOOK_BUDGET_S, "memory_budget_mb": MEMORY_BUDGET_MB}
    gated = total
    if speed is not None:
        gated = round(total / speed["slowdown"], 1)
        report.update(machine=speed, total_seconds_on_reference_machine=gated)
    print(json.dumps(report, indent=2))
    if args.max_total is not None and gated > args.max_total:
        on = f" ({total:.0f} s here, {speed['slowdown']:.2f} times slower)" if speed is not None else ""
        print(f"the course took {gated:.0f} s{' on the reference machine' if speed else ''}{on}, over the "
              f"{args.max_total:.0f} s limit", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
