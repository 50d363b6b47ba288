"""The solutions in the notebooks' <details> blocks run in CI, and a wrong one fails (tools/solutions.py)."""
import re
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
from solutions import solution_blocks  # noqa: E402

RIGHT_CHECK = "def f(x):\n    return 2 * x\npassed = f(2) == 4"
WRONG_CHECK = "def f(x):\n    return x + 1\npassed = f(2) == 4"
RIGHT_CLAIM = "from course_utils.claims import claim\nclaim('two is more than one', 2 > 1)"
WRONG_CLAIM = "from course_utils.claims import claim\nclaim('one is more than two', 1 > 2)"


def details(*blocks: str) -> str:
    """A solutions cell as the notebooks write it: list items whose code is indented under them."""
    items = [f"{i}. Text.\n   ```python\n" + "\n".join("   " + line for line in b.splitlines()) + "\n   ```"
             for i, b in enumerate(blocks, 1)]
    return "<details><summary>Solutions</summary>\n\n" + "\n".join(items) + "\n</details>"


def test_blocks_are_found_dedented_and_text_blocks_are_left_alone():
    cell = details(RIGHT_CHECK, RIGHT_CLAIM) + "\n```text\nprint('not run')\n```"
    assert solution_blocks(cell) == [RIGHT_CHECK, RIGHT_CLAIM]
    assert solution_blocks("```python\npassed = True\n```") == []  # not inside <details>: an example, not a solution


def test_a_block_that_cannot_be_judged_is_refused():
    with pytest.raises(ValueError, match="neither assigns `passed`.*nor prints a claim"):
        solution_blocks(details("print(1)"))
    with pytest.raises(ValueError, match="never closed"):
        solution_blocks("<details>\n```python\npassed = True\n")


def test_nbval_runs_each_solution_after_the_cells_above_it_and_fails_a_wrong_one(pytester, monkeypatch):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    setup = nbformat.v4.new_code_cell("passed = False  # the exercise's wrong first attempt", execution_count=1)
    nb.cells = [setup, nbformat.v4.new_markdown_cell(details(RIGHT_CHECK, WRONG_CHECK, RIGHT_CLAIM, WRONG_CLAIM,
                                                             "passed = None  # a check that printed nothing"))]
    nbformat.write(nb, pytester.path / "solved.ipynb")
    monkeypatch.setenv("PYTHONPATH", str(ROOT / "tools"))
    result = pytester.runpytest_subprocess("--nbval", "--nbval-current-env", "-p", "nbval_tolerance", "-v",
                                           "-p", "no:cacheprovider", "solved.ipynb")
    out = result.stdout.str()
    outcomes = dict(re.findall(r"::Solution (\d+) (PASSED|FAILED)", out))
    assert outcomes == {"1": "PASSED", "2": "FAILED", "3": "PASSED", "4": "FAILED", "5": "FAILED"}, out[-3000:]
    assert "the solution's self-check returned False" in out
    assert "the run refutes: one is more than two" in out
    assert "returned None" in out
