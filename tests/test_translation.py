"""The Chinese edition (issue 19): one source per notebook, both languages from one execution, always in step."""
import ast
import re
import string
from pathlib import Path

import nbformat
import pytest
from tool_modules import load_tool

ROOT = Path(__file__).resolve().parents[1]
SOURCES = sorted((ROOT / "notebooks" / "src").glob("*.py"))


build, translation = load_tool("build_notebooks"), load_tool("translation")


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_every_markdown_cell_is_translated_with_the_same_latex_code_and_glossary_terms(source):
    assert translation.problems(build.parse(source.read_text())) == []


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_the_chinese_notebook_has_the_english_code_and_outputs(source):
    english = nbformat.read(ROOT / "notebooks" / f"{source.stem}.ipynb", as_version=4)
    chinese = nbformat.read(ROOT / "notebooks" / "zh" / f"{source.stem}.ipynb", as_version=4)
    assert [c.cell_type for c in chinese.cells] == [c.cell_type for c in english.cells]
    assert chinese.cells[0].source == english.cells[0].source + translation.ZH_SETUP
    for en, zh in zip(english.cells[1:], chinese.cells[1:]):
        if en.cell_type == "code":
            assert (zh.source, zh.outputs) == (en.source, en.outputs)  # one execution, two languages
        else:
            assert zh.source != en.source and re.search(r"[\u4e00-\u9fff]", zh.source)
    first_markdown = next(c for c in chinese.cells if c.cell_type == "markdown")
    assert translation.ZH_NOTE in first_markdown.source  # outputs stay English: said once, at the top


def _cells(source: str) -> list:
    """The cells of a source whose translations are stamped as up to date."""
    return build.parse(translation.stamp(source))


def test_a_missing_translation_fails_the_check_and_the_build():
    cells = _cells('# %% [markdown]\n# # Title\n# %% [markdown] {"lang": "zh"}\n# # 标题\n'
                   '# %%\nx = 1\n# %% [markdown]\n# Now $x^2$ and `x`.\n')
    found = translation.problems(cells, terms={})
    assert len(found) == 1 and "cell 3 (markdown) has no Chinese translation" in found[0]
    english, partner, missing = translation.split(cells)
    assert [c.cell_type for c in english] == ["markdown", "code", "markdown"] and missing == [2]


@pytest.mark.parametrize("zh, problem", [
    ("现在的损失是 $x^3$ 和 `x`。", "LaTeX differs"),
    ("现在的损失是 $x^2$ 和 `y`。", "`code` spans differ"),
    ("Now $x^2$ and `x`.", "no Chinese text"),
    ("现在的损失是 $x^2$ 和 `x`。", None),
    ("现在是 $x^2$ 和 `x`。", "never writes it as '损失'"),
])
def test_a_translation_keeps_latex_and_code_and_uses_the_glossary(zh, problem):
    cells = _cells(f'# %% [markdown]\n# Now the loss is $x^2$ and `x`.\n# %% [markdown] {{"lang": "zh"}}\n# {zh}\n')
    found = translation.problems(cells, terms={"loss": "损失"})
    assert (found == []) if problem is None else any(problem in line for line in found)


@pytest.mark.parametrize("zh, problem", [
    ("# ```python\n# x = 1  # 一\n# y = 2\n# ```", None),            # a translated comment is fine
    ("# ```python\n# x = 1  # one y = 2\n# ```", "fenced code block differs"),  # lost line break (notebook 02)
    ("# ```python\n# x = 1  # one\n# y = 3\n# ```", "fenced code block differs"),
])
def test_a_translation_keeps_every_line_of_a_fenced_code_block(zh, problem):
    block = "# ```python\n# x = 1  # one\n# y = 2\n# ```"
    cells = _cells(f'# %% [markdown]\n# The code:\n#\n{block}\n# %% [markdown] {{"lang": "zh"}}\n# 代码：\n#\n{zh}\n')
    found = translation.problems(cells, terms={})
    assert (found == []) if problem is None else any(problem in line for line in found)


def test_changing_the_english_fails_the_check_until_the_chinese_is_updated_and_restamped():
    source = translation.stamp('# %% [markdown]\n# The loss.\n# %% [markdown] {"lang": "zh"}\n# 损失。\n')
    assert translation.problems(build.parse(source), terms={}) == []
    edited = source.replace("The loss.", "The loss, per pixel.")
    found = translation.problems(build.parse(edited), terms={})
    assert len(found) == 1 and "the English changed since it was translated" in found[0]
    assert translation.problems(build.parse(translation.stamp(edited)), terms={}) == []


def test_stripping_the_chinese_cells_gives_back_the_english_source():
    english = "# %% [markdown]\n# # Title\n# %%\nx = 1\n"
    both = "# %% [markdown]\n# # Title\n# %% [markdown] {\"lang\": \"zh\"}\n# # 标题\n# %%\nx = 1\n"
    assert translation.strip_zh(both) == english


def test_every_glossary_term_has_one_chinese_form():
    terms = translation.glossary()
    latin = [en for en, zh in terms.items() if not re.search(r"[\u4e00-\u9fff]", zh)]
    assert len(terms) >= 30 and latin == ["Wasserstein GAN"]  # a name, kept as it is


# ----------------------------------------------------------------------------- the self-checks speak Chinese

def _templates() -> list[str]:
    """Every English message template of course_utils.checks: the first argument of each `_t(...)` call."""
    from course_utils.checks import _MODEL_CHOICES

    tree = ast.parse((ROOT / "course_utils" / "checks.py").read_text())
    calls = [node.args[0].value for node in ast.walk(tree)
             if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "_t"
             and node.args and isinstance(node.args[0], ast.Constant)]
    return calls + [why for _, why in _MODEL_CHOICES.values()]  # notebook 07's hints, translated with _t(why)


def test_every_check_message_has_a_chinese_form_with_the_same_blanks():
    from course_utils.checks import ZH_MESSAGES

    def blanks(template):
        return sorted(name for _, name, _, _ in string.Formatter().parse(template) if name)

    templates = set(_templates())
    assert len(templates) >= 40
    for template in templates:
        assert template in ZH_MESSAGES, f"no Chinese for {template!r}"
        assert blanks(ZH_MESSAGES[template]) == blanks(template), template
        assert re.search(r"[\u4e00-\u9fff]", ZH_MESSAGES[template])
    assert set(ZH_MESSAGES) == set(templates), "Chinese messages that no check uses"


def test_a_check_answers_in_the_notebooks_language(monkeypatch, capsys):
    import torch.nn.functional as F

    from course_utils.checks import check_article_loss
    monkeypatch.setenv("COURSE_LANGUAGE", "zh")
    assert not check_article_loss(lambda x, x_hat: F.mse_loss(x_hat, x))
    assert "像素" in capsys.readouterr().out
    assert not check_article_loss(lambda x, x_hat: None)
    assert "None" in capsys.readouterr().out
    monkeypatch.setenv("COURSE_LANGUAGE", "en")
    assert not check_article_loss(lambda x, x_hat: F.mse_loss(x_hat, x))
    assert "you averaged over the pixels" in capsys.readouterr().out


# ----------------------------------------------------------------------------- README.zh.md

def test_the_chinese_readme_links_every_chinese_notebook_with_a_colab_badge():
    readme_zh = (ROOT / "README.zh.md").read_text()
    assert "README.zh.md" in (ROOT / "README.md").read_text().split("\n## ")[0]  # linked at the top
    for source in SOURCES:
        assert f"notebooks/zh/{source.stem}.ipynb" in readme_zh
        assert re.search(rf"colab\.research\.google\.com/github/[^)]+/blob/main/notebooks/zh/{source.stem}\.ipynb",
                         readme_zh), source.stem
    assert "make lab" in readme_zh and "make test" in readme_zh


def test_the_chinese_readme_reports_the_same_measured_numbers():
    readme = (ROOT / "README.md").read_text()
    results = readme.split("## Results, measured")[1].split("### Pictures")[0]
    table_numbers = set(re.findall(r"\d[\d,]*\.\d+|\d[\d,]{2,}", "\n".join(
        line for line in results.splitlines() if line.startswith("|"))))
    zh_numbers = set(re.findall(r"\d[\d,]*\.\d+|\d[\d,]{2,}", (ROOT / "README.zh.md").read_text()))
    assert table_numbers and table_numbers <= zh_numbers, sorted(table_numbers - zh_numbers)
