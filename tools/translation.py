"""The Chinese edition: one source per notebook holds both languages, and this module pairs them up.

In ``notebooks/src/NN_name.py`` every English markdown cell is followed by its Chinese translation::

    # %% [markdown]
    # ## What a latent space is
    # %% [markdown] {"lang": "zh"}
    # ## 什么是潜在空间

Code cells are shared. The Chinese header also carries a fingerprint of the English text it translates
(``{"lang": "zh", "en": "3f9a..."}``): when the English changes, the check fails until the Chinese is
updated and restamped (``python tools/translation.py --stamp FILE``). ``split`` gives the English cells and, for each English markdown cell, its Chinese
partner; ``problems`` lists what is wrong with a translation (a missing one, changed LaTeX, code spans or fenced
code blocks, no Chinese text, a glossary term not in its glossary form). ``tools/build_notebooks.py`` writes the Chinese
notebook from the executed English one, so both have the same code and outputs from one execution.
"""
from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ZH = "zh"
# One sentence at the top of every Chinese notebook (issue 19): outputs come from the shared execution.
ZH_NOTE = ("> 本 notebook 的代码和输出与英文版完全相同（来自同一次运行），只有讲解文字译成了中文，因此保存下来的打印结果"
           "（包括自测题下方的提示）和图中文字仍是英文；你自己运行时，`course_utils.checks` 的自测提示会以中文显示。")
ZH_SETUP = '\nimport os\nos.environ["COURSE_LANGUAGE"] = "zh"  # course_utils.checks gives its hints in Chinese'

_LATEX = re.compile(r"\$\$.+?\$\$|\$[^$\n]+\$", re.S)
_CODE = re.compile(r"`[^`\n]+`")
_FENCE = re.compile(r"^[ \t]*```.*?^[ \t]*```", re.S | re.M)
_CJK = re.compile(r"[\u4e00-\u9fff]")


def fingerprint(english: str) -> str:
    """A short hash of an English cell's text, kept in its translation's header."""
    return hashlib.sha256(english.encode()).hexdigest()[:10]


def is_zh(cell) -> bool:
    return cell.cell_type == "markdown" and cell.metadata.get("lang") == ZH


def split(cells: list) -> tuple[list, dict[int, object], list[int]]:
    """``(english_cells, {index in english_cells: its Chinese cell}, [indices of untranslated cells])``.

    A Chinese cell belongs to the English markdown cell just before it."""
    english, partner, lone = [], {}, []
    for cell in cells:
        if is_zh(cell):
            if not english or english[-1].cell_type != "markdown" or len(english) - 1 in partner:
                lone.append(len(english))  # a Chinese cell with no English cell to pair with
                continue
            partner[len(english) - 1] = cell
        else:
            english.append(cell)
    missing = [i for i, c in enumerate(english) if c.cell_type == "markdown" and i not in partner]
    return english, partner, missing + lone


def latex(text: str) -> list[str]:
    return _LATEX.findall(text)


def code_spans(text: str) -> list[str]:
    return sorted(_CODE.findall(_LATEX.sub("", text)))


def code_blocks(text: str) -> list[list[str]]:
    """Each fenced code block of ``text``, line by line without its comments: a translation may translate
    the comments (``# 注释``) but keeps every line and all the code (notebook 02's article code once lost its
    line breaks in the Chinese cell, and the inline-span check, which reads one line at a time, missed it)."""
    return [[re.sub(r"\s*#.*", "", line).rstrip() for line in block.splitlines()] for block in _FENCE.findall(text)]


def _main_form(text: str, bracket: str) -> str:
    """A glossary cell without its brackets, LaTeX and code: "encoder $f_{enc}$" -> "encoder"."""
    text = _CODE.sub("", _LATEX.sub("", text))
    return re.sub(bracket, "", text).strip()


def glossary(path: Path = ROOT / "docs" / "glossary.md") -> dict[str, str]:
    """``{english term: Chinese term}`` from the table in docs/glossary.md (its first two columns).

    Brackets are left out on both sides ("autoencoder (AE)" -> "autoencoder", "R1 正则（梯度惩罚）" -> "R1 正则");
    a row "A / B | 甲 / 乙" gives two terms, a row "A / B | 甲" one (A)."""
    terms = {}
    for en, zh in re.findall(r"^\| ([^|]+?) \| ([^|]+?) \|", path.read_text(), re.M):
        if en in ("English", "---"):
            continue
        en, zh = _main_form(en, r"\([^)]*\)"), _main_form(zh, r"（[^）]*）|\([^)]*\)")
        ens, zhs = [e.strip() for e in en.split(" / ")], [z.strip() for z in zh.split(" / ")]
        pairs = zip(ens, zhs) if len(ens) == len(zhs) else [(ens[0], zh)]  # "latent code / representation": one term
        terms.update({e: z for e, z in pairs if e and z})
    return terms


def _prose(text: str) -> str:
    """Text without LaTeX, code spans, links' targets and HTML tags: what a reader reads as words."""
    text = _CODE.sub(" ", _LATEX.sub(" ", text))
    return re.sub(r"\]\([^)]*\)|<[^>]+>", " ", text)


def terms_used(text: str, terms: dict[str, str]) -> list[str]:
    """The glossary terms that ``text`` (English prose) uses, plural or hyphenated forms included."""
    prose = _prose(text).lower().replace("-", " ")
    return [en for en in terms if re.search(rf"\b{re.escape(en.lower().replace('-', ' '))}(s|es)?\b", prose)]


def problems(cells: list, terms: dict[str, str] | None = None) -> list[str]:
    """What is wrong with the Chinese half of a notebook's source cells (an empty list when nothing is)."""
    terms = glossary() if terms is None else terms
    english, partner, missing = split(cells)
    found = [f"cell {i + 1} (markdown) has no Chinese translation (add a `# %% [markdown] {{\"lang\": \"zh\"}}` "
             f"cell after it): {english[i].source[:60]!r}" if i < len(english) and i not in partner
             else f"a Chinese cell after cell {i} has no English markdown cell before it" for i in missing]
    en_prose, zh_prose = [], []
    for i, zh in sorted(partner.items()):
        en = english[i]
        where = f"cell {i + 1} (markdown, {en.source[:40]!r})"
        if latex(en.source) != latex(zh.source):
            found.append(f"{where}: the Chinese LaTeX differs from the English; LaTeX stays as it is")
        if code_spans(en.source) != code_spans(zh.source):
            found.append(f"{where}: the Chinese `code` spans differ from the English ones")
        if code_blocks(en.source) != code_blocks(zh.source):
            found.append(f"{where}: a fenced code block differs from the English one (only its comments may be "
                         f"translated; every line stays)")
        if not _CJK.search(zh.source):
            found.append(f"{where}: the translation has no Chinese text")
        if zh.metadata.get("en") != fingerprint(en.source):
            found.append(f"{where}: the English changed since it was translated (or was never stamped): update "
                         f"the Chinese cell, then run `python tools/translation.py --stamp FILE`")
        en_prose.append(en.source)
        zh_prose.append(zh.source)
    zh_text = "\n".join(zh_prose)
    for term in terms_used("\n".join(en_prose), terms):
        if terms[term] not in zh_text:
            found.append(f"the English prose uses {term!r}; the Chinese prose never writes it as {terms[term]!r} "
                         f"(docs/glossary.md)")
    return found


def _zh_header(line: str) -> bool:
    meta = line.rstrip()[len("# %% [markdown]"):].strip()
    return line.startswith("# %% [markdown] {") and json.loads(meta).get("lang") == ZH


def strip_zh(source: str) -> str:
    """The source text without its Chinese cells: the English file as it was before translation."""
    out, skipping = [], False
    for line in source.splitlines(keepends=True):
        if line.startswith("# %%"):
            skipping = _zh_header(line)
        if not skipping:
            out.append(line)
    return "".join(out)


def stamp(source: str) -> str:
    """``source`` with every Chinese header carrying the fingerprint of the English cell before it."""
    from build_notebooks import parse

    english, partner, _ = split(parse(source))
    prints = iter(fingerprint(english[i].source) for i in sorted(partner))
    lines = [f'# %% [markdown] {{"lang": "zh", "en": "{next(prints)}"}}\n' if _zh_header(line) else line
             for line in source.splitlines(keepends=True)]
    return "".join(lines)


def main(argv: list[str]) -> int:
    """``python tools/translation.py [--stamp] notebooks/src/NN_name.py ...``: list each file's translation
    problems (with ``--stamp``, first record that every translation matches its English cell)."""
    import subprocess
    import sys

    sys.path.insert(0, str(ROOT / "tools"))
    from build_notebooks import parse

    status, stamping = 0, argv[:1] == ["--stamp"]
    for name in argv[stamping:]:
        path = Path(name).resolve()
        text = path.read_text()
        if stamping:  # the translations are up to date with their English cells: record that
            text = stamp(text)
            path.write_text(text)
        found = problems(parse(text))
        before = subprocess.run(["git", "show", f"HEAD:{path.relative_to(ROOT)}"], cwd=ROOT, capture_output=True,
                                text=True).stdout
        print(f"{path.name}: " + ("ok" if not found else f"{len(found)} problem(s)"))
        for line in found:
            print("  - " + line)
        if before and strip_zh(before) != strip_zh(text):  # for a translator, who should add Chinese cells only
            print("  note: the English cells or code differ from the committed version")
        status |= bool(found)
    return status


if __name__ == "__main__":
    import sys

    sys.exit(main(sys.argv[1:]))
