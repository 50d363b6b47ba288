"""Claim lines (course_utils.claims) and the seed a lesson runs with (course_utils.lesson_seed)."""
import numpy as np
import pytest
import torch

import course_utils
from course_utils.claims import claim, claim_lines


def test_a_claim_prints_one_line_that_claim_lines_reads_back(capsys):
    claim("the denoiser beats PCA", 0.02 < 0.05)
    claim("codes50 reaches every mode", np.int64(7) == 8)
    claim("a tensor comparison works too", torch.tensor(1.0) > 0)
    out = capsys.readouterr().out
    assert out == ("claim: the denoiser beats PCA: yes\nclaim: codes50 reaches every mode: no\n"
                   "claim: a tensor comparison works too: yes\n")
    assert claim_lines("MSE 0.0184\n" + out) == [("the denoiser beats PCA", "yes"), ("codes50 reaches every mode", "no"),
                                                 ("a tensor comparison works too", "yes")]


@pytest.mark.parametrize("holds, named", [(0.97, "float"), (None, "NoneType"), ("yes", "str"),
                                          (torch.tensor([True, False]), "shape")])
def test_a_claim_decided_by_anything_but_one_true_or_false_is_refused(holds, named):
    with pytest.raises(TypeError, match=named):
        claim("the model wins", holds)


def test_the_lesson_seed_is_0_unless_course_seed_names_another(monkeypatch):
    monkeypatch.delenv("COURSE_SEED", raising=False)
    assert course_utils.lesson_seed() == 0
    monkeypatch.setenv("COURSE_SEED", " 1 ")
    assert course_utils.lesson_seed() == 1
    monkeypatch.setenv("COURSE_SEED", "one")
    with pytest.raises(ValueError, match="COURSE_SEED must be a whole number such as 1, got 'one'"):
        course_utils.lesson_seed()
    monkeypatch.setenv("COURSE_SEED", "-3")
    with pytest.raises(ValueError, match="COURSE_SEED"):
        course_utils.lesson_seed()
