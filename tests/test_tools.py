"""The course's own tooling: notebook sources become notebooks, and the repository address is rewritable."""
import sys
from pathlib import Path

import pytest
from tool_modules import load_tool

ROOT = Path(__file__).resolve().parents[1]


def test_percent_source_becomes_cells_with_metadata():
    build = load_tool("build_notebooks")
    cells = build.parse('# %% [markdown]\n# # Title\n# text\n# %% {"tags": ["nbval-ignore-output"]}\nx = 1\n\n# %%\n')
    assert [c.cell_type for c in cells] == ["markdown", "code"]  # the empty last cell is dropped
    assert cells[0].source == "# Title\ntext"
    assert cells[1].source == "x = 1" and cells[1].metadata["tags"] == ["nbval-ignore-output"]


def test_every_notebook_starts_with_the_same_colab_cell():
    import nbformat

    build = load_tool("build_notebooks")
    first = build.FIRST_CELL.format(url=build.repo_url())
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        assert nb.cells[0].source == first, f"{path.name} lacks the standard first cell"
        assert nb.metadata["kernelspec"]["name"] == "python3"


def test_repo_url_must_be_a_github_address():
    tool = load_tool("set_repo_url")
    assert tool.slug("https://github.com/owner/repo.git") == "owner/repo"
    with pytest.raises(SystemExit, match="expected https://github.com/OWNER/REPO"):
        tool.slug("https://drive.google.com/some/file")


def test_repo_url_reaches_both_readmes_and_both_editions(tmp_path, monkeypatch):
    import shutil

    tool = load_tool("set_repo_url")
    for name in ("pyproject.toml", "README.md", "README.zh.md", "notebooks/00_setup_check.ipynb",
                 "notebooks/zh/00_setup_check.ipynb"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / name, tmp_path / name)
    old_slug = tool.slug(load_tool("build_notebooks").repo_url())
    monkeypatch.setattr(tool, "ROOT", tmp_path)
    monkeypatch.setattr(sys, "argv", ["set_repo_url.py", "https://github.com/someone/fork"])
    assert tool.main() == 0
    for name in ("README.md", "README.zh.md", "notebooks/zh/00_setup_check.ipynb"):
        text = (tmp_path / name).read_text()
        assert "someone/fork" in text and old_slug not in text, name


def test_keep_outputs_with_run_gives_only_an_added_cell_this_runs_outputs(tmp_path, monkeypatch):
    """An added code cell (05's closing table) takes the new run's outputs; every other keeps the committed ones."""
    import types

    import nbformat

    build = load_tool("build_notebooks")
    out = lambda text: [nbformat.v4.new_output("stream", name="stdout", text=text)]  # noqa: E731
    committed = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("a = 1", outputs=out("committed a")),
                                                nbformat.v4.new_code_cell("b = 2", outputs=out("committed b"))])
    (tmp_path / "notebooks").mkdir()
    nbformat.write(committed, tmp_path / "notebooks" / "99_x.ipynb")
    source = [nbformat.v4.new_code_cell(s) for s in ("a = 1", "print(a)", "b = 2")]
    monkeypatch.setattr(build, "ROOT", tmp_path)
    monkeypatch.setattr(build, "notebook_from_source", lambda path: nbformat.v4.new_notebook(cells=source))

    def run_notebook(nb, name):
        for k, cell in enumerate(nb.cells):
            cell.outputs, cell.execution_count = out(f"ran {cell.source}"), k + 1
        return {"notebook": name}

    monkeypatch.setitem(sys.modules, "notebook_runner", types.SimpleNamespace(run_notebook=run_notebook))
    with pytest.raises(SystemExit, match="needs a run"):
        build.keep_outputs(Path("99_x.py"))
    build.keep_outputs(Path("99_x.py"), run=True)
    cells = nbformat.read(tmp_path / "notebooks" / "99_x.ipynb", as_version=4).cells
    assert [c.outputs[0]["text"] for c in cells] == ["committed a", "ran print(a)", "committed b"]
    assert [c.execution_count for c in cells] == [1, 2, 3]
