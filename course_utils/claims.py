"""Claim lines: the conclusions a lesson draws from its runs, printed so that a rerun can check them.

A cell that ends in a conclusion ("the denoiser beats the PCA projection") prints it as one plain line::

    claim("denoiser beats PCA projection", mse_denoiser < mse_pca)
    # claim: denoiser beats PCA projection: yes

The numbers above such a line move with the seed and the CPU; the line should not. CI reruns the lessons
with ``COURSE_SEED=1`` (``course_utils.lesson_seed``) and compares only these lines with the committed ones
(``benchmarks/notebooks.py --claims``), and a solution's run passes only if each claim it prints says yes.
"""
from __future__ import annotations

import re

import numpy as np
import torch

PREFIX = "claim: "
# A printed claim line, as it appears in a cell's text output: the statement, then yes or no.
LINE = re.compile(r"^claim: (?P<statement>.+): (?P<verdict>yes|no)$", re.MULTILINE)


def _truth(holds, statement: str) -> bool:
    """``holds`` as a Python bool: a bool, a NumPy bool or a one-element bool tensor; anything else is refused."""
    if isinstance(holds, torch.Tensor):
        if holds.numel() != 1 or holds.dtype != torch.bool:
            raise TypeError(f"claim {statement!r}: holds must be one True/False value (a comparison), got a "
                            f"{holds.dtype} tensor of shape {tuple(holds.shape)}")
        return bool(holds.item())
    if isinstance(holds, (bool, np.bool_)):
        return bool(holds)
    raise TypeError(f"claim {statement!r}: holds must be True or False (a comparison such as a < b), "
                    f"got {type(holds).__name__} {holds!r}")


def claim(statement: str, holds) -> None:
    """Print ``claim: <statement>: yes`` (or ``no``).

    It returns nothing, so a cell that ends in a claim shows only the line (a returned bool would be echoed).
    ``statement``: what the lesson concludes, in a few words, without a colon at its end.
    ``holds``: the comparison that decides it (a bool, NumPy bool or one-element bool tensor).
    """
    if not isinstance(statement, str) or not statement.strip() or "\n" in statement:
        raise ValueError(f"statement must be a short one-line text, got {statement!r}")
    verdict = _truth(holds, statement)
    print(f"{PREFIX}{statement.strip()}: {'yes' if verdict else 'no'}")


def claim_lines(text: str) -> list[tuple[str, str]]:
    """Every claim line in ``text`` (a cell's printed output) as (statement, "yes" or "no"), in order."""
    return [(m["statement"], m["verdict"]) for m in LINE.finditer(text)]


def claim_lines_in(outputs) -> list[tuple[str, str]]:
    """The claim lines of a notebook cell's ``outputs`` (nbformat output dicts): those its printed text holds."""
    return claim_lines("".join(o.get("text", "") for o in outputs if o.get("output_type") == "stream"))
