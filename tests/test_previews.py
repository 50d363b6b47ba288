"""What a reader sees before anything runs: GitHub's preview, nbviewer, the classic Notebook, Colab before
"Run all". None of them runs widgets, so each widget output must carry a picture of itself, and a saved
progress bar must read as finished. Renders each committed notebook to HTML with nbconvert, without the
saved widget state, as such a viewer would."""
import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
WIDGET = "application/vnd.jupyter.widget-view+json"
BAR = re.compile(r"\d+%\|[^|]*\| *\d+/\d+")


def _widget_outputs(nb):
    return [(k, o) for k, c in enumerate(nb.cells) if c.cell_type == "code"
            for o in c.get("outputs", []) if WIDGET in o.get("data", {})]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_widget_previews_as_a_picture_and_every_bar_as_finished(path):
    from nbconvert import HTMLExporter

    nb = nbformat.read(path, as_version=4)
    nb.metadata.pop("widgets", None)  # a viewer that cannot run widgets
    bars = 0
    for k, out in _widget_outputs(nb):
        text = "".join(out["data"].get("text/plain", ""))
        if BAR.search(text):  # a tqdm bar: its text is what such a viewer shows
            bars += 1
            assert re.search(r"100%\|", text), f"{path.name}, cell {k}: the saved progress bar reads {text!r}"
        else:
            assert "image/png" in out["data"], f"{path.name}, cell {k}: widget {text!r} has no still picture"
    html, _ = HTMLExporter().from_notebook_node(nb)
    placeholders = re.findall(r"&lt;[\w -]*(?:widget|view)&gt;", html)
    assert not placeholders, f"{path.name} previews as placeholder text: {placeholders}"
    pictures = len(_widget_outputs(nb)) - bars
    assert html.count("<img") >= pictures


def test_the_course_has_widgets_to_preview():
    # The check above must not pass by finding nothing: 01, 04, 05 and 06 show widgets.
    counts = {p.name[:2]: len(_widget_outputs(nbformat.read(p, as_version=4))) for p in NOTEBOOKS}
    assert all(counts[n] >= 1 for n in ("01", "04", "05", "06")), counts
