"""The runnable solutions of a notebook: the ```python blocks inside its collapsed ``<details>`` cells.

Students read a solution as code in a collapsed block; CI runs that same code (``tools/nbval_tolerance.py``
executes each block in the notebook's kernel, at the place of its ``<details>`` cell, after the cells above
it). A block must say how it is judged, and CI fails it unless:

- it runs without an exception;
- ``passed`` is True after it, if it assigns ``passed`` (a coding exercise's self-check:
  ``passed = check_article_loss(article_loss)``);
- every claim line it prints (``course_utils.claims.claim``) says yes: a "predict, then run" solution states
  its outcome as a claim, so a run that contradicts the solution fails.

A fenced block that is not meant to run is written as ```text.
"""
from __future__ import annotations

import re
import textwrap

_FENCE = re.compile(r"^(?P<indent>[ \t]*)```(?P<info>[^\n`]*)$")
_ASSIGNS_PASSED = re.compile(r"^\s*passed\s*=", re.MULTILINE)
_CLAIMS = re.compile(r"\bclaim\(")


def solution_blocks(markdown: str) -> list[str]:
    """The ```python blocks of a markdown cell that holds a ``<details>`` block, dedented; [] for any other cell.

    Raises ValueError for a python block that neither assigns ``passed`` nor calls ``claim(``: CI could
    only check that it runs, not that it is right."""
    if "<details>" not in markdown:
        return []
    blocks, lines, current, indent = [], markdown.splitlines(), None, ""
    for line in lines:
        fence = _FENCE.match(line)
        if current is None:
            if fence and fence["info"].strip() == "python":
                current, indent = [], fence["indent"]
        elif fence and fence["indent"] == indent and not fence["info"].strip():
            blocks.append(textwrap.dedent("\n".join(current)).strip("\n"))
            current = None
        else:
            current.append(line)
    if current is not None:
        raise ValueError("a ```python block in a <details> cell is never closed")
    for code in blocks:
        if not (_ASSIGNS_PASSED.search(code) or _CLAIMS.search(code)):
            first = code.splitlines()[0] if code else ""
            raise ValueError(f"the solution block starting {first!r} neither assigns `passed` (a self-check) nor "
                             f"prints a claim(...): CI could not tell a right answer from a wrong one; "
                             f"write it as ```text if it is not meant to run")
    return blocks


# Run around each block in the kernel. `passed` is reset first, so a False left by the exercise's first
# attempt cannot stand in for the solution's own check.
PRELUDE = 'passed = "not set by the solution"\n'
TRAILER = '''
if not (isinstance(passed, str) and passed == "not set by the solution"):
    assert passed is True, f"the solution's self-check returned {passed!r}, not True"
'''
