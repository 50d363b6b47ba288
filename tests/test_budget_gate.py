"""CI's time gate (benchmarks/notebooks.py --per-reference-machine): the course is judged on the reference
machine's clock, so a host twice as slow does not fail it, and a course that grew does."""
import sys

import pytest

from tool_modules import BENCHMARKS, load_tool


def _load(name: str):
    return load_tool(name, BENCHMARKS)


@pytest.fixture
def gate(monkeypatch):
    notebooks, speed = _load("notebooks"), _load("machine_speed")

    def run(seconds_here: float, slowdown: float, *flags: str) -> int:
        monkeypatch.setattr(notebooks, "run_notebook", lambda nb, name: {"notebook": name, "seconds": seconds_here})
        monkeypatch.setattr(speed, "slowdown", lambda: {"slowdown": slowdown, "workloads": {}})
        monkeypatch.setattr(sys, "argv", ["notebooks.py", "07", "--max-total", "360", *flags])
        return notebooks.main()

    return run


def test_a_slow_host_is_judged_on_the_reference_clock(gate, capsys):
    assert gate(500, 2.5, "--per-reference-machine") == 0  # 200 s on the reference machine
    assert '"total_seconds_on_reference_machine": 200.0' in capsys.readouterr().out


def test_a_course_over_budget_fails_on_any_host(gate, capsys):
    assert gate(500, 1.2, "--per-reference-machine") == 1  # 417 s on the reference machine
    assert "417 s on the reference machine (500 s here, 1.20 times slower)" in capsys.readouterr().err
    assert gate(500, 2.5) == 1  # without the flag the host's own clock counts


def _printed(notebook: str, pattern: str) -> tuple[float, ...]:
    import re

    import nbformat

    nb = nbformat.read(BENCHMARKS.parent / "notebooks" / notebook, as_version=4)
    text = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))
    return tuple(float(x) for x in re.search(pattern, text).groups())


def test_the_references_are_what_the_committed_notebooks_printed():
    """The slowdown compares this host with the machine that built the committed notebooks (whose run times the
    prose states): rebuilding 04 or 05 elsewhere must update the references too."""
    speed = _load("machine_speed")
    steps, seconds = _printed("04_gan_minimax_2d.ipynb", r"ring8 codes50: (\d+) steps in ([\d.]+) s")
    assert speed.REFERENCE_S_PER_STEP["gan2d_codes50"] == pytest.approx(seconds / steps)
    steps, seconds = _printed("05_gan_images.ipynb", r"\n(\d+) steps in (\d+) s")
    assert speed.REFERENCE_S_PER_STEP["dcgan_live"] == pytest.approx(seconds / steps)


def test_a_claim_line_that_flips_or_vanishes_on_the_second_seed_fails_the_run(monkeypatch, capsys):
    """--claims: the rerun (another seed) must print the committed notebook's claim lines, cell by cell."""
    import nbformat

    notebooks = _load("notebooks")
    claims = ["claim: the denoiser beats PCA: yes\n", "claim: codes50 reaches every mode: yes\n"]

    def rerun(printed):
        def run(nb, name):
            for cell, text in zip((c for c in nb.cells if c.cell_type == "code"), printed):
                cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=f"MSE 0.0{len(text)}\n{text}")]
            return {"notebook": name, "seconds": 1.0}
        return run

    committed = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("a"), nbformat.v4.new_code_cell("b")])
    for cell, text in zip(committed.cells, claims):
        cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=f"MSE 0.1\n{text}")]
    monkeypatch.setenv("COURSE_SEED", "0")  # main() sets it to 1; monkeypatch puts the old value back
    monkeypatch.setattr(notebooks.nbformat, "read", lambda path, as_version: committed)
    monkeypatch.setattr(sys, "argv", ["notebooks.py", "07", "--seed", "1", "--claims"])
    monkeypatch.setattr(notebooks, "run_notebook", rerun(claims))
    assert notebooks.main() == 0  # other numbers, the same claims
    monkeypatch.setattr(notebooks, "run_notebook", rerun([claims[0], claims[1].replace("yes", "no")]))
    assert notebooks.main() == 1
    assert "'codes50 reaches every mode': yes, this run does not print it" in capsys.readouterr().err
    monkeypatch.setattr(notebooks, "run_notebook", rerun([claims[0], "no claim\n"]))
    assert notebooks.main() == 1
