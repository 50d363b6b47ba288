#!/usr/bin/env python
"""Every measured-looking number in a notebook's prose must come from somewhere a reader can check.

A number here is a decimal ("0.0484", "5.5") or a percentage ("79.6 %", "10 %") in a markdown cell, outside
LaTeX and code. It is backed when one of these holds:

- **printed**: an output of a code cell *above it or in its own section* (up to the next ``#`` / ``##``
  heading) prints it, to the rounding the prose uses ("0.048" backs "0.05"; "79.6%" and "0.796" back "80 %");
- **a constant of the lesson**: the number is written in the code of one of the notebook's code cells
  (a learning rate, a noise level);
- **cited or derived**: a comment in the same cell names it, ``<!-- numbers: 0.98 = Ruff et al. 2018, table 2;
  0.02 = 0.5 * 0.2 ** 2; 22 % = 1 - 0.0299 / 0.0383 -->``: after the ``=`` either an arithmetic expression
  whose value rounds to the number (checked here), or a source (a paper, or a benchmark command); several
  numbers may share one source (``94.6 %, 90.5 = python benchmarks/gan2d.py --seeds 5``).

    python tools/prose_numbers.py                      # every English notebook; exit 1 if a number is unbacked
    python tools/prose_numbers.py notebooks/05_*.ipynb
"""
from __future__ import annotations

import ast
import math
import operator
import re
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
NUMBER = re.compile(r"(?<![\w.\-−§])(\d+\.\d+|\d+(?=\s?%))(\s?%)?(?![\w.]\d)")
_HIDDEN = re.compile(r"\$\$.*?\$\$|\$[^$\n]*\$|```.*?```|`[^`\n]*`|<!--.*?-->|\]\([^)]*\)", re.S)
_MARKER = re.compile(r"<!--\s*numbers:(.*?)-->", re.S)
_HEADING = re.compile(r"^(#{1,2}) ", re.M)
_OPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv,
        ast.Pow: operator.pow, ast.USub: operator.neg}
_FUNCS = {"sqrt": math.sqrt, "exp": math.exp, "log": math.log, "lgamma": math.lgamma}


def evaluate(expression: str) -> float:
    """The value of a small arithmetic expression (+ - * / **, sqrt, exp, log, pi); ValueError otherwise."""
    def walk(node):
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
            return node.value
        if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
            return _OPS[type(node.op)](walk(node.left), walk(node.right))
        if isinstance(node, ast.UnaryOp) and type(node.op) in _OPS:
            return _OPS[type(node.op)](walk(node.operand))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in _FUNCS:
            return _FUNCS[node.func.id](*[walk(a) for a in node.args])
        if isinstance(node, ast.Name) and node.id == "pi":
            return math.pi
        raise ValueError(f"not arithmetic: {ast.unparse(node)}")
    return float(walk(ast.parse(expression, mode="eval").body))


def _decimals(token: str) -> int:
    return len(token.split(".")[1]) if "." in token else 0


def rounds_to(value: float, token: str, percent: bool) -> bool:
    """Whether ``value`` (a fraction when ``percent`` and below 1.5, else in the token's units) rounds to ``token``."""
    target, places = float(token), _decimals(token)
    candidates = [value, value * 100] if percent else [value, value / 100]
    return any(abs(round(c, places) - target) < 10 ** -(places + 6) for c in candidates)


def printed_values(text: str) -> list[tuple[float, bool]]:
    """Every number an output prints, and whether a % follows it."""
    return [(float(m.group(1).replace(",", "")), bool(m.group(2)))
            for m in re.finditer(r"(?<![\w.])(-?\d[\d,]*\.?\d*(?:e[-+]?\d+)?)(\s?%)?", text)]


def _outputs(cell) -> str:
    parts = []
    for out in cell.get("outputs", []):
        if out.get("output_type") == "stream":
            parts.append(out.get("text", ""))
        elif "text/plain" in out.get("data", {}) and "image/png" not in out.get("data", {}):
            parts.append(out["data"]["text/plain"])
    return "\n".join(parts)


def backed_by_print(token: str, percent: bool, printed: list[tuple[float, bool]]) -> bool:
    for value, was_percent in printed:
        if was_percent:
            value /= 100  # an output's "79.6%" is the fraction 0.796
        if rounds_to(value, token, percent) or (not percent and rounds_to(value, token, False)):
            return True
    return False


def marked(cell_source: str) -> dict[str, tuple[str, bool]]:
    """The cell's ``<!-- numbers: a, b % = why; ... -->`` entries: number -> (what backs it, written with %)."""
    entries = {}
    for block in _MARKER.findall(cell_source):
        for entry in block.split(";"):
            numbers, sep, why = entry.partition("=")
            for number in numbers.split(","):
                if sep and number.strip():
                    entries[number.strip().rstrip("%").strip()] = (why.strip(), number.strip().endswith("%"))
    return entries


def problems(nb, name: str) -> list[str]:
    """One line per number in ``nb``'s prose that nothing backs, or whose derivation is wrong."""
    cells = nb.cells
    code_text = "\n".join(c.source for c in cells if c.cell_type == "code")
    starts = [i for i, c in enumerate(cells) if c.cell_type == "markdown" and _HEADING.search(c.source)]
    found = []
    for i, cell in enumerate(cells):
        if cell.cell_type != "markdown":
            continue
        after = min([s for s in starts if s > i], default=len(cells))
        section = printed_values("\n".join(_outputs(c) for c in cells[:after] if c.cell_type == "code"))
        notes = marked(cell.source)
        for why_number, (why, percent) in notes.items():
            try:
                value = evaluate(why)
            except (ValueError, SyntaxError, ZeroDivisionError, TypeError):
                continue  # a source, not a derivation
            if not rounds_to(value, why_number, percent):
                found.append(f"{name} cell {i}: {why_number} is marked '= {why}', which is {value:.6g}")
        for m in NUMBER.finditer(_HIDDEN.sub(" ", cell.source)):
            token, percent = m.group(1), bool(m.group(2))
            if token in notes or backed_by_print(token, percent, section):
                continue
            if re.search(rf"(?<![\w.]){re.escape(token)}(?![\w.]\d)", code_text):
                continue
            text = _HIDDEN.sub(" ", cell.source)
            context = text[max(0, m.start() - 50): m.end() + 30].replace("\n", " ").strip()
            found.append(f"{name} cell {i}: {m.group(0).strip()!r} is printed by no output above it or in its section, "
                         f"is no constant of the code, and no <!-- numbers: --> comment backs it: ...{context}...")
    return found


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or sorted((ROOT / "notebooks").glob("*.ipynb"))
    found = [line for p in paths for line in problems(nbformat.read(p, as_version=4), p.name)]
    for line in found:
        print(line)
    print(f"{len(found)} number(s) in the prose that nothing backs")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
