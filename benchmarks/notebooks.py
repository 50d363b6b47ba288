#!/usr/bin/env python
"""Run every notebook top to bottom in a fresh kernel; print JSON with wall time and peak memory.

    python benchmarks/notebooks.py                 # all of notebooks/*.ipynb
    python benchmarks/notebooks.py 02 04           # names starting with these
    python benchmarks/notebooks.py --max-total 360 # exit 1 if the course takes longer
    python benchmarks/notebooks.py --max-total 360 --per-reference-machine
                                                   # the same, after dividing by this machine's slowdown
                                                   # against the one that set the run times (CI gate;
                                                   # benchmarks/machine_speed.py)
    python benchmarks/notebooks.py --seed 1 --claims
                                                   # every notebook with COURSE_SEED=1; exit 1 unless each
                                                   # claim line it prints is the committed one (CI)

Budgets from the course plan: each notebook <= 90 s, the whole course <= 6 min, peak memory <= 2 GB.
Peak memory is the kernel's resident set size (with its children), sampled every 0.1 s.

A claim line (``course_utils.claims``) states a conclusion a lesson draws from its run. With another seed the
numbers move; the conclusions must not, so ``--claims`` compares only those lines, cell by cell.
"""
from __future__ import annotations

import argparse
import copy
import json
import os
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
from notebook_runner import COURSE_BUDGET_S, MEMORY_BUDGET_MB, NOTEBOOK_BUDGET_S, run_notebook  # noqa: E402

from course_utils.claims import claim_lines_in  # noqa: E402


def claims_of(nb) -> list[tuple[int, str, str]]:
    """Every claim line a notebook's outputs hold: (code cell number, statement, "yes" or "no")."""
    code = [c for c in nb.cells if c.cell_type == "code"]
    return [(i, statement, verdict) for i, cell in enumerate(code)
            for statement, verdict in claim_lines_in(cell.get("outputs", []))]


def claim_differences(name: str, committed, rerun) -> list[str]:
    """One sentence per claim line that the rerun does not print as the committed notebook does."""
    before, after = claims_of(committed), claims_of(rerun)
    problems = [f"{name}, code cell {i}: committed {statement!r}: {verdict}, this run does not print it"
                for i, statement, verdict in before if (i, statement, verdict) not in after]
    problems += [f"{name}, code cell {i}: this run prints {statement!r}: {verdict}, the committed notebook does not"
                 for i, statement, verdict in after if (i, statement, verdict) not in before]
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("prefixes", nargs="*")
    parser.add_argument("--max-total", type=float, default=None,
                        help="exit 1 when the notebooks together take longer than this many seconds")
    parser.add_argument("--per-reference-machine", action="store_true",
                        help="compare the total divided by this machine's slowdown (benchmarks/machine_speed.py)")
    parser.add_argument("--seed", type=int, default=None,
                        help="run with COURSE_SEED set to this (course_utils.lesson_seed reads it)")
    parser.add_argument("--claims", action="store_true",
                        help="exit 1 unless the run prints every claim line of the committed notebooks, and no other")
    args = parser.parse_args()
    if args.seed is not None:
        os.environ["COURSE_SEED"] = str(args.seed)  # the kernels inherit it
    speed = None
    if args.per_reference_machine:
        from machine_speed import slowdown  # benchmarks/machine_speed.py, next to this file

        speed = slowdown()
    paths = [p for p in sorted((ROOT / "notebooks").glob("*.ipynb"))
             if not args.prefixes or p.name.startswith(tuple(args.prefixes))]
    results, refuted = [], []
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        committed = copy.deepcopy(nb)
        results.append(run_notebook(nb, name=path.name))
        if args.claims:
            results[-1]["claims"] = len(claims_of(committed))
            refuted += claim_differences(path.name, committed, nb)
    total = round(sum(r["seconds"] for r in results), 1)
    report = {"notebooks": results, "total_seconds": total, "course_budget_s": COURSE_BUDGET_S,
              "notebook_budget_s": NOTEBOOK_BUDGET_S, "memory_budget_mb": MEMORY_BUDGET_MB}
    gated = total
    if speed is not None:
        gated = round(total / speed["slowdown"], 1)
        report.update(machine=speed, total_seconds_on_reference_machine=gated)
    if args.claims:
        report["claim_lines_that_differ"] = refuted
    print(json.dumps(report, indent=2))
    if refuted:
        print(f"{len(refuted)} claim line(s) differ from the committed notebooks"
              f"{f' with COURSE_SEED={args.seed}' if args.seed is not None else ''}:\n  " + "\n  ".join(refuted),
              file=sys.stderr)
    over = args.max_total is not None and gated > args.max_total
    if over:
        on = f" ({total:.0f} s here, {speed['slowdown']:.2f} times slower)" if speed is not None else ""
        print(f"the course took {gated:.0f} s{' on the reference machine' if speed else ''}{on}, over the "
              f"{args.max_total:.0f} s limit", file=sys.stderr)
    return 1 if refuted or over else 0


if __name__ == "__main__":
    sys.exit(main())
