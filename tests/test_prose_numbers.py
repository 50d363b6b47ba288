"""Every number in the lessons' prose is printed by an output above it, is a constant of the code, or is cited or
derived in a <!-- numbers: --> comment (tools/prose_numbers.py)."""
import copy
from pathlib import Path

import nbformat
import pytest

from tool_modules import load_tool

ROOT = Path(__file__).resolve().parents[1]
prose = load_tool("prose_numbers")


def _notebook(markdown: str, printed: str = "MSE per pixel 0.0484, flagged 79.6%") -> nbformat.NotebookNode:
    code = nbformat.v4.new_code_cell("print(...)  # lr = 2e-3, noise 0.5")
    code.outputs = [nbformat.v4.new_output("stream", name="stdout", text=printed + "\n")]
    return nbformat.v4.new_notebook(cells=[code, nbformat.v4.new_markdown_cell(markdown)])


@pytest.mark.parametrize("path", sorted((ROOT / "notebooks").glob("*.ipynb")), ids=lambda p: p.name)
def test_every_number_in_a_lessons_prose_is_backed(path):
    assert prose.problems(nbformat.read(path, as_version=4), path.name) == []


def test_a_number_is_backed_by_an_output_above_it_to_the_prose_rounding():
    assert prose.problems(_notebook("The MSE fell to 0.048, and 80 % were flagged (79.6 %)."), "x") == []
    assert prose.problems(_notebook("Noise of std 0.5 is heavy."), "x") == []  # a constant of the code


def test_a_number_that_no_output_prints_fails_and_is_named():
    found = prose.problems(_notebook("The MSE fell to 0.046."), "x")
    assert len(found) == 1 and "'0.046' is printed by no output" in found[0]


def test_an_output_below_the_next_heading_does_not_back_a_number_above_it():
    nb = _notebook("The MSE fell to 0.048.")
    nb.cells = [nb.cells[1], nbformat.v4.new_markdown_cell("## Next section"), nb.cells[0]]
    assert len(prose.problems(nb, "x")) == 1


def test_a_citation_backs_a_number_and_a_wrong_derivation_fails():
    cited = "Published: 0.98 <!-- numbers: 0.98 = Ruff et al. 2018, table 2 -->"
    assert prose.problems(_notebook(cited), "x") == []
    derived = "It adds 0.02 per pixel <!-- numbers: 0.02 = 0.5 * 0.2 ** 2 -->"
    assert prose.problems(_notebook(derived), "x") == []
    wrong = "It adds 0.03 per pixel <!-- numbers: 0.03 = 0.5 * 0.2 ** 2 -->"
    found = prose.problems(_notebook(wrong), "x")
    assert len(found) == 1 and "is marked '= 0.5 * 0.2 ** 2', which is 0.02" in found[0]


def test_editing_a_number_of_a_committed_lesson_fails_the_check():
    nb = nbformat.read(ROOT / "notebooks" / "03_autoencoder_applications.ipynb", as_version=4)
    mutated = copy.deepcopy(nb)
    cell = next(c for c in mutated.cells if c.cell_type == "markdown" and "(42 % kNN accuracy)" in c.source)
    cell.source = cell.source.replace("(42 % kNN accuracy)", "(47 % kNN accuracy)")
    assert any("'47 %'" in line for line in prose.problems(mutated, "03"))
