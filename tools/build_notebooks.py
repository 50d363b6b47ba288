#!/usr/bin/env python
"""Build the lesson notebooks from their sources and run them top to bottom.

Each lesson is written as a plain Python file in ``notebooks/src/`` ("percent" format):

    # %% [markdown]
    # # A title
    # %%
    x = 1
    # %% {"tags": ["nbval-ignore-output"]}     <- optional JSON cell metadata

This script prepends the course's standard first cell (the Colab install, with the repository
address from pyproject.toml), writes ``notebooks/NAME.ipynb``, executes it with nbclient in a
fresh kernel, and saves it with its outputs. Usage::

    python tools/build_notebooks.py                    # every notebook
    python tools/build_notebooks.py 02 04              # the ones whose names start with these
    python tools/build_notebooks.py --check            # fail if an .ipynb's cells differ from its source

Run it with the course's environment (``make notebooks`` does).
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import tomllib
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "notebooks" / "src"

FIRST_CELL = '''\
# Setup. In Google Colab this installs course_utils from the course repository without touching
# Colab's torch, numpy or ipywidgets (so no runtime restart); anywhere else it does nothing.
import importlib, subprocess, sys
if "google.colab" in sys.modules:
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps",
                    "git+{url}"], check=True)
    importlib.invalidate_caches()'''

_HEADER = re.compile(r"^# %%(?P<md> \[markdown\])?\s*(?P<meta>\{.*\})?\s*$")


def repo_url() -> str:
    with open(ROOT / "pyproject.toml", "rb") as f:
        return tomllib.load(f)["project"]["urls"]["Repository"]


def parse(source: str) -> list:
    """Split a percent-format file into notebook cells."""
    cells, kind, meta, lines = [], None, {}, []

    def flush():
        if kind is None:
            return
        text = "\n".join(lines).strip("\n")
        if kind == "markdown":
            text = "\n".join(re.sub(r"^# ?", "", line) for line in text.splitlines())
            cells.append(nbformat.v4.new_markdown_cell(text, metadata=meta))
        elif text:
            cells.append(nbformat.v4.new_code_cell(text, metadata=meta))

    for line in source.splitlines():
        header = _HEADER.match(line)
        if header:
            flush()
            kind = "markdown" if header["md"] else "code"
            meta, lines = json.loads(header["meta"]) if header["meta"] else {}, []
        elif kind is not None:
            lines.append(line)
    flush()
    return cells


def notebook_from_source(path: Path) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(FIRST_CELL.format(url=repo_url()))] + parse(path.read_text())
    nb.metadata = {
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
        "language_info": {"name": "python"},
        "colab": {"provenance": []},
    }
    return nb


def _cells_signature(nb) -> list:
    return [(c.cell_type, c.source) for c in nb.cells]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("prefixes", nargs="*", help="build only notebooks whose names start with these")
    parser.add_argument("--check", action="store_true", help="only check that each .ipynb matches its source")
    args = parser.parse_args()
    sources = [p for p in sorted(SRC.glob("*.py")) if not args.prefixes or p.stem.startswith(tuple(args.prefixes))]
    if not sources:
        print(f"no sources matched {args.prefixes}", file=sys.stderr)
        return 1
    if args.check:
        stale = [p.stem for p in sources
                 if not (ROOT / "notebooks" / f"{p.stem}.ipynb").exists()
                 or _cells_signature(notebook_from_source(p))
                 != _cells_signature(nbformat.read(ROOT / "notebooks" / f"{p.stem}.ipynb", as_version=4))]
        for name in stale:
            print(f"notebooks/{name}.ipynb differs from notebooks/src/{name}.py: run tools/build_notebooks.py {name}")
        return 1 if stale else 0
    from notebook_runner import run_notebook  # tools/notebook_runner.py, next to this file

    for path in sources:
        target = ROOT / "notebooks" / f"{path.stem}.ipynb"
        nb = notebook_from_source(path)
        result = run_notebook(nb, name=target.name)
        nbformat.write(nb, target)
        print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
