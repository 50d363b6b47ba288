"""The exercise self-checks accept right answers and name the mistake in common wrong ones."""
import numpy as np
import pytest
import torch
import torch.nn.functional as F
from sklearn.decomposition import PCA

from course_utils import checks
from course_utils.gan import discriminator_loss
from course_utils.latent import slerp


def verdict(capsys):
    return capsys.readouterr().out


def test_cumulative_variance(capsys):
    pca = PCA(5).fit(np.random.default_rng(0).normal(size=(50, 8)))
    assert checks.check_cumulative_variance(pca.explained_variance_ratio_.cumsum(), pca)
    assert not checks.check_cumulative_variance(pca.explained_variance_ratio_, pca)
    assert ".cumsum()" in verdict(capsys)
    assert not checks.check_cumulative_variance([0.5, 0.6], pca)
    assert "expected 5 values" in verdict(capsys)


@pytest.mark.parametrize("wrong, named", [
    (lambda pca: pca.explained_variance_ratio_, ".cumsum()"),                       # forgot to accumulate
    (lambda pca: 1 - pca.explained_variance_ratio_.cumsum(), "*not* explained"),   # the unexplained share
    (lambda pca: pca.explained_variance_.cumsum(), "variances, not fractions"),
    (lambda pca: pca.explained_variance_ratio_.cumsum()[::-1], "never go down"),
    (lambda pca: pca.explained_variance_ratio_.cumsum()[:-1], "expected 5 values"),
    (lambda pca: None, "expected an array of 5 numbers"),
    (lambda pca: np.full(5, np.nan), "NaN"),
    (lambda pca: 0.9, "expected 5 values"),  # one number: the last point of the curve
])
def test_cumulative_variance_names_the_mistake(wrong, named, capsys):
    pca = PCA(5).fit(np.random.default_rng(0).normal(size=(50, 8)))
    assert not checks.check_cumulative_variance(wrong(pca), pca)
    said = verdict(capsys)
    assert said.startswith("✗") and named in said, said


def test_article_loss(capsys):
    assert checks.check_article_loss(lambda x, y: ((x - y) ** 2).flatten(1).sum(1).mean())
    assert "784 × F.mse_loss" in verdict(capsys)
    assert not checks.check_article_loss(lambda x, y: F.mse_loss(y, x))
    assert "averaged over the pixels too" in verdict(capsys)
    assert not checks.check_article_loss(lambda x, y: ((x - y) ** 2).sum())
    assert "divide by n" in verdict(capsys)
    assert not checks.check_article_loss(lambda x, y: (x - y).flatten(1).norm(dim=1).mean())
    assert "squared" in verdict(capsys)
    assert not checks.check_article_loss(lambda x, y: -((x - y) ** 2).flatten(1).sum(1).mean())
    assert "sign is wrong" in verdict(capsys)
    assert not checks.check_article_loss(lambda x, y: (x - y).flatten(1).sum(1).pow(2).mean())
    assert "before summing" in verdict(capsys)
    assert not checks.check_article_loss(lambda x, y: undefined_name)  # noqa: F821
    assert "raised NameError" in verdict(capsys)
    with pytest.raises(TypeError, match="pass your function"):
        checks.check_article_loss(3.0)


def test_threshold(capsys):
    scores = np.linspace(0, 1, 201)
    assert checks.check_threshold(np.quantile(scores, 0.95), scores, 0.05)
    assert not checks.check_threshold(np.quantile(scores, 0.05), scores, 0.05)
    assert "95th percentile" in verdict(capsys)
    assert not checks.check_threshold(0.5, scores, 0.05)
    assert "np.quantile" in verdict(capsys)


CALIBRATION = np.random.default_rng(0).gamma(2.0, 0.01, size=80)  # 80 calibration zeros, as in notebook 03


@pytest.mark.parametrize("right", [np.quantile(CALIBRATION, 0.99), float(np.percentile(CALIBRATION, 99)),
                                   torch.tensor(np.quantile(CALIBRATION, 0.99)),
                                   float(np.sort(CALIBRATION)[-2])])  # the 79th score: flags exactly one
def test_threshold_accepts_what_notebook_03_calls_right(right, capsys):
    assert checks.check_threshold(right, CALIBRATION, false_positive_rate=0.01)
    assert "flags 1.2% of normal images (asked: 1.0%)" in verdict(capsys)


@pytest.mark.parametrize("wrong, named", [
    (float("inf"), "finite"),                                  # flags nothing
    (float(CALIBRATION.max()), "flags none of the normal images"),
    (float(CALIBRATION.max()) + 1, "flags none of the normal images"),
    (float("nan"), "finite"),
    (None, "must be one number"),
    ("0.05", "must be one number"),
    (np.quantile(CALIBRATION, 0.01), "99th percentile"),       # the quantile the wrong way round
    (float(np.percentile(CALIBRATION, 0.99)), "99th percentile"),  # percent given to np.percentile as a fraction
    (float(CALIBRATION.min()) - 1, "flags every normal image"),
    (float(CALIBRATION.mean()), "not 1.0%"),
])
def test_threshold_rejects_the_wrong_answers_students_write(wrong, named, capsys):
    assert not checks.check_threshold(wrong, CALIBRATION, false_positive_rate=0.01)
    said = verdict(capsys)
    assert said.startswith("✗") and named in said, said
    assert "normal_scores" not in said  # the notebook's variable is calibration_scores


def _naive_d_loss(r, f):
    return -(torch.log(torch.sigmoid(r)).mean() + torch.log(1 - torch.sigmoid(f)).mean())


def _score(p):
    p_y = p.mean(0, keepdim=True)
    return (p * (p.log() - p_y.log())).sum(1).mean().exp()


def _kl_rows(p):
    return (p * (p.log() - p.mean(0, keepdim=True).log())).sum(1)


# The wrong answers students write, per check, with the words the check must say about each.
WRONG = {
    "check_discriminator_loss": [
        (_naive_d_loss, "binary_cross_entropy_with_logits"),             # right value, -inf for confident logits
        (lambda r, f: -discriminator_loss(r, f), "D maximises V"),       # the wrong sign: V itself
        (lambda r, f: discriminator_loss(f, r), "swapped"),              # real and fake targets swapped
        (lambda r, f: -(torch.log(r.clamp_min(1e-12)).mean() + torch.log((1 - f).clamp_min(1e-12)).mean()),
         "the inputs are logits"),                                        # no sigmoid
        (lambda r, f: F.binary_cross_entropy_with_logits(r, torch.ones_like(r), reduction="sum")
         + F.binary_cross_entropy_with_logits(f, torch.zeros_like(f), reduction="sum"), "summed over the batch"),
        (lambda r, f: None, "returned None"),
        (lambda r, f: torch.tensor(0.0), "expected"),                      # a constant
    ],
    "check_classifier_score": [
        (lambda p: _score(p).log(), "exponential"),                        # the mean KL
        (lambda p: _kl_rows(p).exp().mean(), "average the KL first"),      # exp, then mean
        (lambda p: (p.mean(0) * (p.mean(0).log() - p.log())).sum(1).mean().exp(), "wrong way round"),
        (lambda p: (p * (p.log() - np.log(0.1))).sum(1).mean().exp(), "not 1/10"),   # p(y) taken as uniform
        (lambda p: _kl_rows(p).sum().exp(), "do not sum it"),              # summing where the formula averages
        (lambda p: torch.tensor(float("nan")), "expected"),
        (lambda p: None, "returned None"),
    ],
    "check_slerp": [
        (lambda a, b, t: torch.lerp(a, b, t), "straight line"),            # the identity path: lerp
        (lambda a, b, t: b if t == 0 else a, "t = 0 must give z0"),        # ends swapped
        (lambda a, b, t: slerp(a / a.norm(), b / b.norm(), torch.tensor([t]))[0], "unit sphere"),
        (lambda a, b, t: (torch.sin((1 - t) * torch.arccos(a @ b)) * a + torch.sin(t * torch.arccos(a @ b)) * b)
         / torch.sin(torch.arccos(a @ b)), "divided by *both* norms"),     # cos Ω without the norms: NaN
        (lambda a, b, t: a[:3], "expected a code of shape"),
        (lambda a, b, t: None, "returned None"),
    ],
}
RIGHT = {"check_discriminator_loss": discriminator_loss, "check_classifier_score": _score,
         "check_slerp": lambda a, b, t: slerp(a, b, torch.tensor([t]))[0]}


def rejection_problem(check, answer, named: str, capsys) -> str | None:
    """None when ``check`` rejects ``answer`` with a message containing ``named``; else what went wrong."""
    capsys.readouterr()
    if check(answer):
        return "accepted a wrong answer"
    said = capsys.readouterr().out
    return None if said.startswith("✗") and named in said else f"rejected it without naming {named!r}: {said!r}"


@pytest.mark.parametrize("name", sorted(RIGHT))
def test_the_reference_solution_passes(name, capsys):
    assert getattr(checks, name)(RIGHT[name])
    assert verdict(capsys).startswith("✓")


@pytest.mark.parametrize("name, index", [(n, i) for n in sorted(WRONG) for i in range(len(WRONG[n]))])
def test_each_wrong_answer_is_rejected_with_the_mistake_named(name, index, capsys):
    answer, named = WRONG[name][index]
    assert rejection_problem(getattr(checks, name), answer, named, capsys) is None


def test_a_check_that_accepts_a_listed_wrong_answer_fails_the_tests(capsys):
    """The mutation: a check that says "right" to everything fails the wrong-answer test for every answer."""
    lenient = lambda fn: True  # noqa: E731
    for name, answers in WRONG.items():
        assert all(rejection_problem(lenient, a, named, capsys) == "accepted a wrong answer" for a, named in answers)


def test_classifier_score_of_identical_uniform_predictions_must_be_1(capsys):
    assert not checks.check_classifier_score(lambda p: _score(p) if p.std() > 1e-3 else torch.tensor(2.0))
    assert "must score 1" in verdict(capsys)


def test_optimal_discriminator_check_accepts_the_formula_and_names_each_mistake(capsys):
    assert checks.check_optimal_discriminator(lambda p_data, p_g: p_data / (p_data + p_g))
    for wrong, hint in ((lambda a, b: b / (a + b), "1 - D*"), (lambda a, b: a / b, "not a probability"),
                        (lambda a, b: torch.full_like(a, 0.5), "only where"), (lambda a, b: None, "returned None"),
                        (lambda a, b: a[:3], "one value per point"), (lambda a, b: 1 / 0, "ZeroDivisionError")):
        capsys.readouterr()
        assert not checks.check_optimal_discriminator(wrong)
        assert hint in capsys.readouterr().out


WHICH_MODEL = {"flag images that are rebuilt badly": "autoencoder", "get the code of a new image in one pass": "VAE",
               "decode random N(0, I) codes into all ten digits": "GAN", "the sharpest samples": "gan",
               "a latent space whose prior has no holes": "VAE"}


def test_which_model_check_accepts_either_right_model_and_explains_a_wrong_one(capsys):
    right = dict(WHICH_MODEL)
    assert checks.check_which_model(right)
    assert not checks.check_which_model({**right, "the sharpest samples": "VAE"})
    assert "the GAN: its D punishes blur" in capsys.readouterr().out
    assert not checks.check_which_model({k: v for k, v in right.items() if k != "the sharpest samples"})
    assert "missing" in capsys.readouterr().out
    assert not checks.check_which_model({**right, "the sharpest samples": "diffusion"})
    assert "answer 'autoencoder', 'VAE' or 'GAN'" in capsys.readouterr().out
    assert not checks.check_which_model(["GAN"])


@pytest.mark.parametrize("task, model", [
    ("flag images that are rebuilt badly", "VAE"),  # a VAE rebuilds too: its reconstruction error flags anomalies
    ("get the code of a new image in one pass", "autoencoder"),
    ("decode random N(0, I) codes into all ten digits", "VAE"),
    ("a latent space whose prior has no holes", "GAN"),  # 06: G is trained only on codes drawn from the prior
])
def test_which_model_accepts_every_answer_notebooks_06_and_07_call_right(task, model):
    assert checks.check_which_model({**WHICH_MODEL, task: model})


@pytest.mark.parametrize("task, model, named", [
    ("flag images that are rebuilt badly", "GAN", "encoder and a decoder"),
    ("get the code of a new image in one pass", "GAN", "a GAN has no encoder"),
    ("decode random N(0, I) codes into all ten digits", "autoencoder", "has no prior"),
    ("the sharpest samples", "autoencoder", "punishes blur"),
    ("a latent space whose prior has no holes", "autoencoder", "KL term"),
])
def test_which_model_rejects_the_wrong_answers_students_write(task, model, named, capsys):
    assert not checks.check_which_model({**WHICH_MODEL, task: model})
    said = capsys.readouterr().out
    assert said.startswith("✗") and named in said, said


def test_which_model_names_every_wrong_task_at_once_not_only_the_first(capsys):
    answers = {**WHICH_MODEL, "flag images that are rebuilt badly": "GAN",
               "decode random N(0, I) codes into all ten digits": "autoencoder", "the sharpest samples": "diffusion"}
    assert not checks.check_which_model(answers)
    said = capsys.readouterr().out
    assert said.startswith("✗ 3 of 5 answers wrong:"), said
    for hint in ("encoder and a decoder", "has no prior", "answer 'autoencoder', 'VAE' or 'GAN', got 'diffusion'"):
        assert hint in said, said
    assert "a GAN has no encoder" not in said  # a right answer gets no line


def test_which_model_lists_the_wrong_tasks_in_chinese_too(capsys, monkeypatch):
    monkeypatch.setenv("COURSE_LANGUAGE", "zh")
    answers = {**WHICH_MODEL, "flag images that are rebuilt badly": "GAN",
               "decode random N(0, I) codes into all ten digits": "autoencoder"}
    assert not checks.check_which_model(answers)
    said = capsys.readouterr().out
    assert said.startswith("✗ 5 个答案中有 2 个不对："), said
    assert "异常检测需要一个编码器" in said and "自编码器没有先验" in said, said


# ---------------------------------------------------------------------------- unfinished exercises (issue 18)

from course_utils import checks as _checks  # noqa: E402

FUNCTION_CHECKS = {  # each check, and a right answer with its arguments' count
    "check_article_loss": (lambda x, x_hat: ((x - x_hat) ** 2).flatten(1).sum(1).mean()),
    "check_discriminator_loss": (lambda r, f: torch.nn.functional.softplus(-r).mean() + torch.nn.functional.softplus(f).mean()),
    "check_optimal_discriminator": (lambda p_data, p_g: p_data / (p_data + p_g)),
    "check_classifier_score": (lambda p: (p * (p.clamp_min(1e-12).log() - p.mean(0, keepdim=True).log())).sum(1).mean().exp()),
}


def _unfinished(kind, right):
    arity = right.__code__.co_argcount
    if kind == "returns None":
        return eval("lambda " + ", ".join(f"a{i}" for i in range(arity)) + ": None")
    if kind == "raises":
        def raises(*args):
            raise NotImplementedError("exercise not done yet")
        return raises
    if kind == "loops forever":
        def loops(*args):
            while True:
                pass
        return loops
    if kind == "in place":
        def in_place(*args):
            out = right(*[a.clone() for a in args])
            for a in args:
                a.mul_(0)  # a student's in-place op on the inputs
            return out
        return in_place
    raise AssertionError(kind)


@pytest.mark.parametrize("name", sorted(FUNCTION_CHECKS))
@pytest.mark.parametrize("kind", ["returns None", "raises", "loops forever"])
def test_an_unfinished_exercise_gets_a_hint_never_a_crash_or_a_hang(name, kind, capsys, monkeypatch):
    import time

    monkeypatch.setattr(_checks, "TIME_LIMIT_S", 0.5)
    start = time.monotonic()
    assert getattr(_checks, name)(_unfinished(kind, FUNCTION_CHECKS[name])) is False
    assert time.monotonic() - start < 5
    said = capsys.readouterr().out
    expected = {"returns None": "returned None", "raises": "raised NotImplementedError",
                "loops forever": "did not finish within 0.5 s"}[kind]
    assert said.startswith("✗") and expected in said, said


@pytest.mark.parametrize("name", sorted(FUNCTION_CHECKS))
def test_an_in_place_operation_on_the_inputs_is_not_judged_wrong(name, capsys):
    assert getattr(_checks, name)(_unfinished("in place", FUNCTION_CHECKS[name])) is True, capsys.readouterr().out
