"""The notebook checks: strict about meaning, tolerant of floating-point noise only where a cell says so."""
import json
import re
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

from nbval_tolerance import Tolerance, compare_text, split_numbers  # noqa: E402

FIVE = Tolerance.parse("5%")


@pytest.mark.parametrize("ref, test", [
    ("recon MSE 0.0484", "recon MSE 0.0489"),                     # 1 % jitter
    ("8 of 8 modes, 46.5 % high quality", "8 of 8 modes, 46.9 % high quality"),
    ("score  9.50", "score 9.60"),                                 # padding moves with the width
    ("loss -0.5913", "loss -0.5950"),
])
def test_small_jitter_in_a_declared_cell_passes(ref, test):
    assert compare_text(ref, test, FIVE) is None


@pytest.mark.parametrize("ref, test, why", [
    ("recon MSE 0.0484", "recon MSE 0.0968", "outside the cell's tolerance"),  # the MSE doubles
    ("8 of 8 modes", "0 of 8 modes", "integers are compared exactly"),      # modes 8 -> 0
    ("24 of 25 modes", "25 of 25 modes", "integers are compared exactly"),
    ("target met: yes", "target met: no", "text differs"),                  # a changed word
    ("G stalls at 0.50", "G moves at 0.50", "text differs"),
    ("a 0.50\nb 0.25", "a 0.50", "lines"),                                  # a missing line
    ("a 0.50", "a 0.50\nb 0.25", "lines"),                                  # an extra line
    ("MSE 0.048", "MSE 0.048 and 0.050", "numbers"),
    ("loss 0.59", "loss -0.59", "outside"),                                 # a flipped sign
])
def test_a_changed_meaning_fails_even_in_a_declared_cell(ref, test, why):
    problem = compare_text(ref, test, FIVE)
    assert problem is not None and why in problem


def test_numbers_inside_words_are_text():
    pieces, numbers = split_numbers("ae_mnist_d32 at 3σ, 1,000 steps, lr 2e-3, 0x7f")
    assert numbers == ["1,000", "2e-3"]
    assert compare_text("ae_mnist_d32", "ae_mnist_d31", Tolerance.parse("50%")) is not None


@pytest.mark.parametrize("spec, rel, abs_", [("5%", 0.05, 0), ("0.002", 0, 0.002), ("3% or 0.002", 0.03, 0.002),
                                             ("5", 0, 5.0)])  # an integer is an absolute tolerance
def test_tolerance_specs(spec, rel, abs_):
    assert Tolerance.parse(spec) == Tolerance(rel, abs_)


@pytest.mark.parametrize("spec", ["", "five percent", "-3%", None])
def test_bad_tolerance_specs_are_refused(spec):
    with pytest.raises(ValueError, match="tolerance must look like"):
        Tolerance.parse(spec)


def test_absolute_part_covers_numbers_near_zero():
    assert compare_text("0.0 %", "0.1 %", Tolerance.parse("5% or 0.2")) is None
    assert compare_text("0.0 %", "0.1 %", FIVE) is not None


# ----------------------------------------------------------------------------- through nbval itself

CASES = [  # (declared tolerance, committed output, what the cell prints now, should pass)
    ("5%", "recon MSE 0.0484\n", "recon MSE 0.0489", True),
    ("5%", "recon MSE 0.0484\n", "recon MSE 0.0968", False),
    ("5%", "8 of 8 modes\n", "0 of 8 modes", False),
    ("5%", "target met: yes\n", "target met: no", False),
    ("5%", "a 0.50\nb 0.25\n", "a 0.50", False),
    ("5%", "a 0.50\n", "a 0.50\\nb 0.25", False),
    (None, "recon MSE 0.0484\n", "recon MSE 0.0489", False),  # undeclared: every digit counts
    (None, "recon MSE 0.0484\n", "recon MSE 0.0484", True),
]


def test_the_plugin_extends_nbval(pytester, monkeypatch):
    nb = nbformat.v4.new_notebook()
    for i, (tolerance, committed, printed, _) in enumerate(CASES):
        cell = nbformat.v4.new_code_cell(f'print("{printed}")', execution_count=i + 1)
        cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=committed)]
        if tolerance:
            cell.metadata["tolerance"] = tolerance
        nb.cells.append(cell)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, pytester.path / "cases.ipynb")
    monkeypatch.setenv("PYTHONPATH", str(ROOT / "tools"))
    result = pytester.runpytest_subprocess("--nbval", "--nbval-current-env", "-p", "nbval_tolerance", "-v",
                                           "-p", "no:cacheprovider", "cases.ipynb")
    outcomes = dict(re.findall(r"::Cell (\d+) (PASSED|FAILED)", result.stdout.str()))
    expected = {str(i): "PASSED" if ok else "FAILED" for i, (*_, ok) in enumerate(CASES)}
    assert outcomes == expected, result.stdout.str()[-3000:]
    assert "outside the cell's tolerance 5%" in result.stdout.str()


def test_every_declared_tolerance_is_valid_and_says_why():
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        for i, cell in enumerate(json.loads(path.read_text())["cells"]):
            meta = cell.get("metadata", {})
            if "tolerance" in meta:
                Tolerance.parse(meta["tolerance"])
                assert meta.get("tolerance_why"), f"{path.name} cell {i} declares a tolerance without a reason"
