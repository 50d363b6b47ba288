"""Gates on the committed notebooks: what a student opens must be a clean, complete, small run."""
import json
import re
from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))
MAX_BYTES = 2_000_000
MAX_IGNORED_FRACTION = 0.20
MACHINE_PATH = re.compile(r"(/(root|home|tmp|work|opt|Users)/\w|[A-Z]:\\Users\\)")


def _code_cells(path):
    return [c for c in json.loads(path.read_text())["cells"] if c["cell_type"] == "code"]


def _text(output):
    if output["output_type"] == "stream":
        return "".join(output["text"])
    return "".join(output.get("data", {}).get("text/plain", "")) + "".join(output.get("traceback", []))


def _ignored(cell):
    source, tags = "".join(cell["source"]), set(cell.get("metadata", {}).get("tags", []))
    return bool(re.search(r"NBVAL_(IGNORE_OUTPUT|SKIP)", source) or tags & {"nbval-ignore-output", "nbval-skip"})


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_notebook_is_a_clean_top_to_bottom_run(path):
    assert path.stat().st_size <= MAX_BYTES, f"{path.name} is {path.stat().st_size / 1e6:.1f} MB, over 2 MB"
    cells = _code_cells(path)
    counts = [c["execution_count"] for c in cells]
    assert counts == list(range(1, len(cells) + 1)), f"{path.name}: not run top to bottom in one kernel: {counts}"
    for i, cell in enumerate(cells, 1):
        expected_error = "NBVAL_RAISES_EXCEPTION" in "".join(cell["source"])
        for output in cell["outputs"]:
            assert output["output_type"] != "error" or expected_error, f"{path.name} cell {i} holds an error"
            leak = MACHINE_PATH.search(_text(output))
            assert not leak, f"{path.name} cell {i} shows a machine path: {leak.group(0)}..."


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_nbval_compares_most_cells(path):
    cells = _code_cells(path)
    ignored = sum(_ignored(c) for c in cells)
    assert ignored / len(cells) < MAX_IGNORED_FRACTION, f"{path.name}: {ignored} of {len(cells)} cells not compared"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_solutions_are_folded_where_every_viewer_folds_them(path):
    # JupyterLab's source_hidden is ignored by GitHub and Colab; an HTML <details> block folds in all three.
    cells = json.loads(path.read_text())["cells"]
    for cell in cells:
        text = "".join(cell["source"])
        assert not cell.get("metadata", {}).get("jupyter", {}).get("source_hidden"), f"{path.name}: source_hidden"
        if cell["cell_type"] == "markdown" and re.search(r"Solutions", text) and re.search(r"^1\. ", text, re.M):
            assert text.lstrip().startswith("<details>") and text.rstrip().endswith("</details>"), \
                f"{path.name}: a solutions cell is not a <details> block"
