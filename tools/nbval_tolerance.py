"""A pytest plugin that extends nbval: text compared exactly, numbers from training within a declared tolerance.

nbval compares each re-executed cell's text output with the committed one, character by character. A
training run on another CPU or a GPU prints other last digits, so that either fails for
noise or needs numbers blanked out, which would also hide a result that flipped. This plugin keeps
nbval (it still executes every notebook and compares every cell) and changes only how two outputs of a
cell *that declares a tolerance* are compared:

- The cell's metadata holds ``"tolerance"``: ``"3%"`` (relative to the committed number), ``"0.002"``
  (absolute), or ``"3% or 0.002"`` (either is enough), and ``"tolerance_why"``: one line saying which
  training makes the numbers move. In a ``notebooks/src`` file::

      # %% {"tolerance": "3%", "tolerance_why": "MSE after 5 epochs of training"}

- Both outputs are split into text and numbers. The text between numbers must match exactly, except
  that a run of spaces matches a run of spaces (a number one digit wider shifts a padded column).
  There must be as many numbers, in the same places.
- A number with a decimal point (``0.0484``, ``46.5``, ``1e-3``) may differ from the committed one by
  the declared tolerance. Integers are compared exactly: a count of modes, digits or steps that
  changes is a changed result, never noise.

Cells without ``"tolerance"`` are compared by nbval as before, every character and every digit.

It also runs each notebook's solutions: every ```python block inside a ``<details>`` markdown cell becomes
a test item, executed in the notebook's kernel at that cell's place, and judged as ``tools/solutions.py``
says (no exception, ``passed`` True, every claim line yes).
Loaded by the project's root ``conftest.py``; it does nothing unless nbval runs (``--nbval``).
"""
from __future__ import annotations

import re
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import solutions  # noqa: E402  (tools/solutions.py)

# A number: optional minus, digits with optional thousands commas, optional decimals and exponent; not
# part of a word (``d32``, ``3σ`` and ``0x1f`` are text, compared exactly).
NUMBER = re.compile(r"(?<![\w.])-?(?:\d+(?:,\d{3})*(?:\.\d+)?|\.\d+)(?:[eE][-+]?\d+)?(?!\w)")
_SPACES = re.compile(r"[ \t]+")
_SPEC = re.compile(r"^\s*(?:(?P<rel>\d+(?:\.\d+)?)\s*%)?\s*(?:or)?\s*(?P<abs>\d*\.?\d+(?:[eE][-+]?\d+)?)?\s*$")


@dataclass(frozen=True)
class Tolerance:
    """``|test - ref| <= max(rel * |ref|, abs)`` for numbers with a decimal point."""

    rel: float = 0.0
    abs: float = 0.0

    @classmethod
    def parse(cls, spec: str) -> "Tolerance":
        """``"3%"``, ``"0.002"`` or ``"3% or 0.002"`` -> a Tolerance; anything else is a ValueError."""
        match = _SPEC.match(spec) if isinstance(spec, str) else None
        if not match or not (match["rel"] or match["abs"]):
            raise ValueError(f'tolerance must look like "3%", "0.002" or "3% or 0.002", got {spec!r}')
        return cls(float(match["rel"] or 0) / 100, float(match["abs"] or 0))

    def allows(self, ref: float, test: float) -> bool:
        return abs(test - ref) <= max(self.rel * abs(ref), self.abs) * (1 + 1e-9)

    def __str__(self) -> str:
        return " or ".join(([f"{self.rel * 100:g}%"] if self.rel else []) + ([f"{self.abs:g}"] if self.abs else []))


def _is_decimal(token: str) -> bool:
    return "." in token or "e" in token.lower()


def _value(token: str) -> float:
    return float(token.replace(",", ""))


def split_numbers(text: str) -> tuple[list[str], list[str]]:
    """``text`` -> (the text pieces around the numbers, the numbers); len(pieces) == len(numbers) + 1."""
    pieces, numbers, last = [], [], 0
    for match in NUMBER.finditer(text):
        pieces.append(text[last:match.start()])
        numbers.append(match.group())
        last = match.end()
    pieces.append(text[last:])
    return pieces, numbers


def _where(text: str, pieces: list[str], index: int) -> str:
    """The line of ``text`` that holds number ``index`` (for the failure report)."""
    offset = sum(len(p) for p in pieces[:index + 1])
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    return text[start:end if end >= 0 else None]


def compare_text(ref: str, test: str, tolerance: Tolerance) -> str | None:
    """None if ``test`` matches ``ref`` under ``tolerance``; else one sentence saying what differs."""
    ref_pieces, ref_numbers = split_numbers(ref)
    test_pieces, test_numbers = split_numbers(test)
    ref_lines, test_lines = ref.count("\n"), test.count("\n")
    if ref_lines != test_lines:
        return f"the output has {test_lines + 1} lines, the committed one {ref_lines + 1}"
    if len(ref_numbers) != len(test_numbers):
        return f"the output holds {len(test_numbers)} numbers, the committed one {len(ref_numbers)}"
    for i, (a, b) in enumerate(zip(ref_pieces, test_pieces)):
        if _SPACES.sub(" ", a) != _SPACES.sub(" ", b):
            return f"text differs: {a!r} committed, {b!r} now"
    for i, (r, t) in enumerate(zip(ref_numbers, test_numbers)):
        line = _where(ref, ref_pieces, i)
        if not _is_decimal(r) or not _is_decimal(t):
            if r != t:
                return f"integer {r} committed, {t} now (integers are compared exactly), in: {line.strip()!r}"
        elif not tolerance.allows(_value(r), _value(t)):
            return (f"number {r} committed, {t} now: outside the cell's tolerance {tolerance}, "
                    f"in: {line.strip()!r}")
    return None


def cell_tolerance(cell) -> Tolerance | None:
    """The tolerance a notebook cell declares in its metadata, or None."""
    spec = cell.get("metadata", {}).get("tolerance")
    return None if spec is None else Tolerance.parse(spec)


try:
    from nbval.plugin import IPyNbCell, IPyNbFile, transform_streams_for_comparison
except ImportError:  # nbval is not installed: nothing to extend
    IPyNbCell = IPyNbFile = None


def _texts(outputs: list, skip: tuple, sanitize) -> dict:
    """nbval's view of a cell's outputs: output field or MIME type -> list of sanitized values."""
    fields: dict[str, list] = {}
    for output in outputs:
        for key, value in output.items():
            if key in skip:
                continue
            items = value.items() if key == "data" else [(key, value)]
            for field, v in items:
                if field not in skip:
                    fields.setdefault(field, []).append(sanitize(v))
    return fields


if IPyNbCell is not None:
    class TolerantCell(IPyNbCell):
        """nbval's cell; one that declares a tolerance is compared with ``compare_text``."""

        def compare_outputs(self, test, ref, skip_compare=None):
            tolerance = cell_tolerance(self.cell)
            if tolerance is None:
                return super().compare_outputs(test, ref, skip_compare)
            skip = skip_compare or self.parent.skip_compare
            now = _texts(transform_streams_for_comparison(test), skip, self.sanitize)
            committed = _texts(transform_streams_for_comparison(ref), skip, self.sanitize)
            self.comparison_traceback = []
            problem = None
            if set(now) != set(committed):
                problem = f"output fields {sorted(now)} now, {sorted(committed)} committed"
            for field in sorted(committed):
                if problem:
                    break
                if len(now[field]) != len(committed[field]):
                    problem = f"{len(now[field])} {field!r} outputs now, {len(committed[field])} committed"
                    break
                for r, t in zip(committed[field], now[field]):
                    problem = (compare_text(r, t, tolerance) if isinstance(r, str) and isinstance(t, str)
                               else None if r == t else f"{field!r} differs")
                    if problem:
                        self.format_output_compare(field, r, t)
                        break
            if problem:
                self.comparison_traceback.insert(0, f"{problem} (tolerance {tolerance}: "
                                                    f"{self.cell.metadata.get('tolerance_why', 'no reason given')})")
            return problem is None

    class SolutionCell(IPyNbCell):
        """One solution block, run in the notebook's kernel; it has no committed output to compare."""

        def runtest(self):
            from course_utils.claims import claim_lines_in  # the course's own format of a claim line

            super().runtest()
            refuted = [statement for statement, verdict in claim_lines_in(self.test_outputs) if verdict != "yes"]
            if refuted:
                self.raise_cell_error("The run contradicts the solution",
                                      "claim(s) the solution states but the run refutes: " + "; ".join(refuted)
                                      + "\nwhat the solution printed:\n"
                                      + "".join(o.get("text", "") for o in self.test_outputs))

    class TolerantNotebook(IPyNbFile):
        """nbval's notebook collector, yielding ``TolerantCell`` items, and a ``SolutionCell`` for each
        solution block, in notebook order."""

        def collect(self):
            code_items = iter(list(super().collect()))  # nbval reads self.nb as it collects
            count = 0
            for cell in self.nb.cells:
                if cell.cell_type == "code":
                    item = next(code_items)
                    yield TolerantCell.from_parent(self, name=item.name, cell_num=item.cell_num, cell=item.cell,
                                                   options=item.options)
                    continue
                for code in solutions.solution_blocks(cell.source):
                    count += 1
                    source = solutions.PRELUDE + code + "\n" + solutions.TRAILER
                    yield SolutionCell.from_parent(self, name=f"Solution {count}", cell_num=count,
                                                   cell=nbformat.v4.new_code_cell(source),
                                                   options=defaultdict(bool))

    @pytest.hookimpl(hookwrapper=True)
    def pytest_collect_file(file_path, parent):
        """Swap nbval's notebook collector for ours; everything else nbval does stays."""
        outcome = yield
        collected = outcome.get_result()
        if any(type(c) is IPyNbFile for c in collected):
            outcome.force_result([TolerantNotebook.from_parent(parent, path=file_path)
                                  if type(c) is IPyNbFile else c for c in collected])
