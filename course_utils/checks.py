"""Self-checks for the coding exercises: each one runs your code on a few cases and says what is wrong.

Every check prints a short verdict and returns ``True`` when your answer is right. A wrong answer, or a
function of yours that raises, gives a hint, not a traceback. A check raises only when it is called wrongly:
``TypeError`` when what you passed is not a function, ``ValueError`` when a setting of the check itself is
out of range (``check_threshold``'s ``false_positive_rate``).
"""
from __future__ import annotations

import contextlib
import math
import os
import signal
import threading
from typing import Callable

import numpy as np
import torch
import torch.nn.functional as F


from .checks_zh import ZH_MESSAGES


def _t(template: str, **values) -> str:
    """``template.format(**values)``, in Chinese when ``COURSE_LANGUAGE=zh`` (the Chinese notebooks' first cell
    sets it). Every template has a Chinese form in ``checks_zh.ZH_MESSAGES`` with the same blanks."""
    if os.environ.get("COURSE_LANGUAGE", "en") == "zh":
        template = ZH_MESSAGES.get(template, template)
    return template.format(**values)


def _verdict(ok: bool, message: str) -> bool:
    print(("✓ " if ok else "✗ ") + message)
    return ok


TIME_LIMIT_S = 10.0  # a check's call of your function; more means an endless loop, not slow code


class _TookTooLong(Exception):
    pass


def _call(fn: Callable, *args):
    """``(fn(*copies of args), None)``, or ``(None, hint)`` when it raised, returned None or ran past the limit.

    Tensors are copied first, so an in-place operation in your function (``x.sigmoid_()``) cannot change the
    values the check compares against.
    """
    if not callable(fn):
        raise TypeError(_t("pass your function itself (e.g. check(my_fn)), got {kind}", kind=type(fn).__name__))
    args = tuple(a.clone() if torch.is_tensor(a) else a for a in args)
    try:
        with _time_limit(TIME_LIMIT_S):
            value = fn(*args)
    except _TookTooLong:
        return None, _t("your function did not finish within {limit:g} s on a few small inputs: "
                        "is there a loop that never ends?", limit=TIME_LIMIT_S)
    except Exception as e:  # a student's bug: report it as a hint
        return None, _t("your function raised {kind}: {error}", kind=type(e).__name__, error=e)
    if value is None:
        return None, _t("your function returned None: is its `return` line missing, or still the exercise's placeholder?")
    return value, None


@contextlib.contextmanager
def _time_limit(seconds: float):
    """Interrupt the block after ``seconds`` (an alarm signal; where there is none, no limit: Windows, threads)."""
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def stop(signum, frame):
        raise _TookTooLong()

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _close(value, target, tol=1e-4) -> bool:
    try:
        return math.isclose(float(value), float(target), rel_tol=tol, abs_tol=1e-7)
    except (TypeError, ValueError):
        return False


# ---------------------------------------------------------------------------- 01 latent spaces

def check_cumulative_variance(curve, pca) -> bool:
    """Notebook 01: ``curve[k-1]`` must be the fraction of variance explained by the first k components."""
    target = np.cumsum(pca.explained_variance_ratio_)
    try:
        values = np.asarray(curve, dtype=float).ravel()
    except (TypeError, ValueError):
        values = None
    if curve is None or values is None:
        return _verdict(False, _t("expected an array of {n} numbers, got {kind}", n=len(target),
                                  kind=type(curve).__name__))
    if len(values) != len(target):
        return _verdict(False, _t("expected {n} values (one per component), got {got}", n=len(target), got=len(values)))
    if not np.all(np.isfinite(values)):
        return _verdict(False, _t("some values are NaN or infinite: a fraction of variance is a number in [0, 1]"))
    if np.allclose(values, pca.explained_variance_ratio_):
        return _verdict(False, _t("these are the per-component ratios: add them up with .cumsum()"))
    if np.allclose(values, 1 - target, atol=1e-6):
        return _verdict(False, _t("that is the fraction *not* explained (1 - the curve): the curve rises to the "
                                  "explained share"))
    if np.allclose(values, np.cumsum(pca.explained_variance_), rtol=1e-6):
        return _verdict(False, _t("these are variances, not fractions: use explained_variance_ratio_"))
    if np.any(np.diff(values) < -1e-12):
        return _verdict(False, _t("a cumulative fraction can never go down: did you sort or shuffle it?"))
    if not np.allclose(values, target, atol=1e-6):
        return _verdict(False, _t("the values differ from pca.explained_variance_ratio_.cumsum()"))
    return _verdict(True, _t("right: {n} components explain {share:.1%} of the variance", n=len(target), share=target[-1]))


# ---------------------------------------------------------------------------- 02 autoencoder training

def check_article_loss(fn: Callable[[torch.Tensor, torch.Tensor], torch.Tensor]) -> bool:
    r"""Notebook 02: ``fn(x, x_hat)`` must compute the source article's loss ``L = 1/n Σ_i ||x_i − x̂_i||²``.

    ``x`` and ``x_hat`` are ``(n, 1, 28, 28)``; the squared norm sums over each image's pixels, the
    mean runs over the n images. So ``L = 784 * F.mse_loss(x_hat, x)``.
    """
    g = torch.Generator().manual_seed(0)
    x, x_hat = torch.rand(5, 1, 28, 28, generator=g), torch.rand(5, 1, 28, 28, generator=g)
    value, error = _call(fn, x, x_hat)
    if error:
        return _verdict(False, error)
    diff = x - x_hat
    target = diff.pow(2).flatten(1).sum(1).mean()
    hints = [
        (diff.pow(2).mean(), _t("you averaged over the pixels too (that is F.mse_loss): the squared norm "
                                "||x_i - x̂_i||² sums over each image's 784 pixels")),
        (diff.pow(2).sum(), _t("you summed over the images too: divide by n, the number of images")),
        (diff.flatten(1).norm(dim=1).mean(), _t("||x_i - x̂_i||² is the *squared* norm: square it before averaging")),
        (diff.flatten(1).sum(1).pow(2).mean(), _t("square each pixel's difference before summing, not the sum")),
        (-diff.pow(2).flatten(1).sum(1).mean(), _t("the sign is wrong: a squared error is never negative")),
    ]
    if torch.is_tensor(value) and value.numel() != 1:
        return _verdict(False, _t("the loss must be one number, got a tensor of shape {shape}", shape=tuple(value.shape)))
    if _close(value, target):
        return _verdict(True, _t("right: L = {loss:.2f}, which is 784 × F.mse_loss = 784 × {mse:.4f}",
                                 loss=float(target), mse=float(F.mse_loss(x_hat, x))))
    for wrong, hint in hints:
        if _close(value, wrong):
            return _verdict(False, hint)
    return _verdict(False, _t("expected {want:.4f} on a test pair, got {got:.4f}", want=float(target), got=float(value)))


# ---------------------------------------------------------------------------- 03 applications

def check_threshold(threshold: float, normal_scores, false_positive_rate: float) -> bool:
    """Notebook 03: ``threshold`` must flag (score > threshold) about ``false_positive_rate`` of the normal scores
    it is calibrated on, and at least one of them: a threshold that flags nothing is no detector.

    "About": with n scores the share flagged moves in steps of 1/n, so any share within one step of the rate
    is right (with 80 calibration zeros and a rate of 1 %, flagging 1 of them, 1.25 %)."""
    scores = np.asarray(normal_scores, dtype=float).ravel()
    if not 0 < false_positive_rate < 1:
        raise ValueError(_t("false_positive_rate must be in (0, 1), got {rate}", rate=false_positive_rate))
    if isinstance(threshold, torch.Tensor) and threshold.numel() == 1:
        threshold = threshold.item()
    if isinstance(threshold, (bool, np.bool_)) or not isinstance(threshold, (int, float, np.integer, np.floating)):
        return _verdict(False, _t("the threshold must be one number (a score), got {kind}",
                                  kind=type(threshold).__name__))
    if not math.isfinite(threshold):
        return _verdict(False, _t("the threshold is {value}: a detector needs a finite score to compare with",
                                  value=threshold))
    flagged = float(np.mean(scores > float(threshold)))
    if flagged == 0:
        return _verdict(False, _t("it flags none of the normal images: at or above the largest score it is no "
                                  "detector. Take np.quantile(calibration_scores, 1 - false_positive_rate)"))
    if flagged == 1:
        return _verdict(False, _t("it flags every normal image: below the smallest score. Take "
                                  "np.quantile(calibration_scores, 1 - false_positive_rate)"))
    step = 1 / len(scores)
    if abs(flagged - false_positive_rate) <= step + 1e-12:
        return _verdict(True, _t("right: it flags {flagged:.1%} of normal images (asked: {rate:.1%})",
                                 flagged=flagged, rate=false_positive_rate))
    if abs(flagged - (1 - false_positive_rate)) <= step + 1e-12:
        return _verdict(False, _t("it flags {flagged:.1%}: take the {percentile:g}th percentile, "
                                  "np.quantile(calibration_scores, {q:g}), not the {rate:g} quantile", flagged=flagged,
                                  percentile=100 * (1 - false_positive_rate), q=1 - false_positive_rate,
                                  rate=false_positive_rate))
    return _verdict(False, _t("it flags {flagged:.1%} of normal images, not {rate:.1%}: "
                              "take np.quantile(calibration_scores, 1 - false_positive_rate)",
                              flagged=flagged, rate=false_positive_rate))


# ---------------------------------------------------------------------------- 04 2-D GANs

def check_discriminator_loss(fn: Callable[[torch.Tensor, torch.Tensor], torch.Tensor]) -> bool:
    """Notebook 04: ``fn(real_logits, fake_logits)`` must be ``-V(D, G)`` with ``D = sigmoid(logits)``."""
    g = torch.Generator().manual_seed(0)
    real, fake = torch.randn(64, generator=g), torch.randn(64, generator=g) - 1
    value, error = _call(fn, real, fake)
    if error:
        return _verdict(False, error)
    d_real, d_fake = torch.sigmoid(real), torch.sigmoid(fake)
    v = torch.log(d_real).mean() + torch.log(1 - d_fake).mean()
    if _close(value, -v):
        # A confidently wrong D: sigmoid(-120) rounds to 0 in float32, so log(sigmoid(.)) gives -inf.
        extreme, error = _call(fn, torch.full((4,), -120.0), torch.full((4,), 120.0))
        if error or extreme is None or not math.isfinite(float(extreme)):
            return _verdict(False, _t("right value, but not finite for confident logits: use "
                                      "F.binary_cross_entropy_with_logits instead of log(sigmoid(...))"))
        return _verdict(True, _t("right: -V(D, G) = {value:.4f}, and stable for confident logits", value=float(-v)))
    if _close(value, v):
        return _verdict(False, _t("that is V(D, G) itself: D maximises V, so its loss to minimise is -V"))
    swapped = -(torch.log(d_fake).mean() + torch.log(1 - d_real).mean())
    if _close(value, swapped):
        return _verdict(False, _t("real and fake targets are swapped: real samples get target 1, fakes target 0"))
    raw = -(torch.log(real.clamp_min(1e-12)).mean() + torch.log((1 - fake).clamp_min(1e-12)).mean())
    if _close(value, raw):
        return _verdict(False, _t("the inputs are logits: apply the sigmoid (or use the *_with_logits loss)"))
    summed = -(torch.log(d_real).sum() + torch.log(1 - d_fake).sum())
    if _close(value, summed):
        return _verdict(False, _t("you summed over the batch: V takes expectations, so average each term (.mean(), "
                                  "the loss's default reduction)"))
    return _verdict(False, _t("expected {want:.4f} on a test batch, got {got:.4f}", want=float(-v), got=float(value)))


def check_optimal_discriminator(fn: Callable[[torch.Tensor, torch.Tensor], torch.Tensor]) -> bool:
    """Notebook 04: ``fn(p_data, p_g)``, two tensors of density values at the same points, must return the
    optimal discriminator ``D*(x) = p_data / (p_data + p_g)`` at those points."""
    g = torch.Generator().manual_seed(0)
    p_data, p_g = torch.rand(50, generator=g) + 0.01, torch.rand(50, generator=g) + 0.01
    value, error = _call(fn, p_data.clone(), p_g.clone())
    if error:
        return _verdict(False, error)
    if value is None:
        return _verdict(False, _t("your function returned None: return the tensor of D* values"))
    try:
        value = torch.as_tensor(value, dtype=torch.float32).reshape(-1)
    except (TypeError, ValueError, RuntimeError):
        return _verdict(False, _t("expected a tensor of 50 values, got {kind}", kind=type(value).__name__))
    if value.shape != p_data.shape:
        return _verdict(False, _t("expected one value per point, shape {want}, got {got}", want=tuple(p_data.shape),
                                  got=tuple(value.shape)))
    target = p_data / (p_data + p_g)
    if torch.allclose(value, target, atol=1e-5):
        return _verdict(True, _t("right: D* = p_data / (p_data + p_g), which is 1/2 wherever p_g = p_data"))
    hints = [(p_g / (p_data + p_g), _t("that is 1 - D*: D says how likely a point is to be *real*, so p_data goes on top")),
             (p_data / p_g, _t("a ratio of densities is not a probability: divide by p_data + p_g")),
             (torch.full_like(p_data, 0.5), _t("1/2 is D* only where p_g = p_data; in general it depends on both"))]
    for wrong, hint in hints:
        if torch.allclose(value, wrong, atol=1e-5):
            return _verdict(False, hint)
    return _verdict(False, _t("the values differ from p_data / (p_data + p_g): maximise "
                              "p_data log D + p_g log(1 - D) over D at each point"))


# ---------------------------------------------------------------------------- 05 image GANs

def check_classifier_score(fn: Callable[[torch.Tensor], float]) -> bool:
    """Notebook 05: ``fn(probs)`` with ``probs`` ``(N, 10)`` rows of p(y|x) must give exp(E KL(p(y|x) || p(y)))."""
    g = torch.Generator().manual_seed(0)
    probs = torch.softmax(3 * torch.randn(200, 10, generator=g), dim=1)
    value, error = _call(fn, probs)
    if error:
        return _verdict(False, error)
    p_y = probs.mean(0, keepdim=True)
    kl = (probs * (probs.log() - p_y.log())).sum(1)
    target = kl.mean().exp()
    if _close(value, target, 1e-3):
        same, _ = _call(fn, torch.full((50, 10), 0.1))
        if same is not None and not _close(same, 1.0, 1e-3):
            return _verdict(False, _t("identical uniform predictions must score 1, yours gave {got:.3f}", got=float(same)))
        return _verdict(True, _t("right: score {score:.3f} (the maximum, 10, needs confident and varied classes)",
                                 score=float(target)))
    reverse = (p_y * (p_y.log() - probs.log())).sum(1).mean().exp()
    if _close(value, kl.mean(), 1e-3):
        return _verdict(False, _t("that is the mean KL: the score is its exponential"))
    if _close(value, reverse, 1e-3):
        return _verdict(False, _t("the KL is the wrong way round: KL(p(y|x) || p(y)) weights by p(y|x)"))
    if _close(value, kl.exp().mean(), 1e-3):
        return _verdict(False, _t("average the KL first, then take exp (you averaged exp(KL))"))
    uniform = (probs * (probs.log() - math.log(0.1))).sum(1).mean().exp()
    if _close(value, uniform, 1e-3):
        return _verdict(False, _t("p(y) is the mean of the rows (how often the samples get each class), not 1/10"))
    if _close(value, kl.sum().exp(), 1e-3) or _close(value, kl.sum(), 1e-3):
        return _verdict(False, _t("average the KL over the samples (.mean()), do not sum it"))
    return _verdict(False, _t("expected {want:.3f} on a test batch, got {got:.3f}", want=float(target), got=float(value)))


# ---------------------------------------------------------------------------- 06 interpolation

def check_slerp(fn: Callable[[torch.Tensor, torch.Tensor, float], torch.Tensor]) -> bool:
    """Notebook 06: ``fn(z0, z1, t)`` for codes ``(d,)`` and a number t in [0, 1] must be spherical interpolation."""
    g = torch.Generator().manual_seed(0)
    z0, z1 = torch.randn(16, generator=g), torch.randn(16, generator=g)
    omega = torch.arccos(torch.dot(z0, z1) / (z0.norm() * z1.norm()))

    def reference(t):
        return (torch.sin((1 - t) * omega) * z0 + torch.sin(t * omega) * z1) / torch.sin(omega)

    for t in (0.0, 1.0, 0.3):
        value, error = _call(fn, z0, z1, t)
        if error:
            return _verdict(False, error)
        value = torch.as_tensor(value).reshape(-1)
        if value.shape != z0.shape:
            return _verdict(False, _t("expected a code of shape {want}, got {got}", want=tuple(z0.shape),
                                      got=tuple(value.shape)))
        if not torch.isfinite(value).all():
            return _verdict(False, _t("NaN or inf at t = {t}: cos Ω is the dot product divided by *both* norms, so "
                                      "that arccos gets a number in [-1, 1]", t=t))
        if not torch.allclose(value, reference(t), atol=1e-4) \
                and torch.allclose(value.norm(), torch.tensor(1.0), atol=1e-3) \
                and torch.allclose(value / value.norm(), reference(t) / reference(t).norm(), atol=1e-4):
            return _verdict(False, _t("your path runs on the unit sphere: slerp keeps the codes' own lengths "
                                      "(the formula uses z0 and z1 as they are, not normalised)"))
        if torch.allclose(value, torch.lerp(z0, z1, t), atol=1e-4) and t not in (0.0, 1.0):
            return _verdict(False, _t("that is the straight line (lerp): slerp follows the arc, with sin weights"))
        if not torch.allclose(value, reference(t), atol=1e-4):
            where = {0.0: _t("t = 0 must give z0"), 1.0: _t("t = 1 must give z1")}.get(
                t, _t("at t = {t} the point is off the arc", t=t))
            return _verdict(False, _t("{where}; weights are sin((1-t)Ω)/sin Ω and sin(tΩ)/sin Ω", where=where))
    return _verdict(True, _t("right: the path starts at z0, ends at z1 and follows the great circle"))


# ---------------------------------------------------------------------------- 07 comparison

_MODEL_CHOICES = {  # task -> (the models that fit, why)
    "flag images that are rebuilt badly": ({"autoencoder", "vae"}, "anomaly detection needs an encoder and a "
                                           "decoder trained to rebuild normal images (03): an autoencoder or a VAE"),
    "get the code of a new image in one pass": ({"autoencoder", "vae"}, "a GAN has no encoder; it must search "
                                                "for a code (06). Autoencoders and VAEs both encode"),
    "decode random N(0, I) codes into all ten digits": ({"vae", "gan"}, "the autoencoder has no prior: its codes "
                                                         "spread far wider than N(0, I), whose samples land in the "
                                                         "middle of its map and decode to a few digits (07). The "
                                                         "VAE and the GAN were trained on that prior"),
    "the sharpest samples": ({"gan"}, "the GAN: its D punishes blur, while MSE and the ELBO reward the "
                             "average of plausible digits"),
    "a latent space whose prior has no holes": ({"vae", "gan"}, "the VAE's KL term pulls the codes onto N(0, I), "
                                                "and a GAN is trained only on codes drawn from N(0, I) (06)"),
}


def check_which_model(answers: dict) -> bool:
    """Notebook 07: ``answers`` maps each task of ``_MODEL_CHOICES`` to ``"autoencoder"``, ``"VAE"`` or ``"GAN"``.

    A wrong answer prints every wrong task at once, one line each with its hint, not only the first.
    """
    if not isinstance(answers, dict):
        return _verdict(False, _t("answers must be a dict {{task: model}}, got {kind}", kind=type(answers).__name__))
    missing = [task for task in _MODEL_CHOICES if task not in answers]
    if missing:
        return _verdict(False, _t("answer every task; missing: {missing}", missing=", ".join(repr(t) for t in missing)))
    wrong = []  # every wrong task, each with its hint, so that one run shows all that is left to fix
    for task, (right, why) in _MODEL_CHOICES.items():
        given = str(answers[task]).strip().lower()
        if given not in {"autoencoder", "vae", "gan"}:
            wrong.append(_t("{task!r}: answer 'autoencoder', 'VAE' or 'GAN', got {given!r}", task=task,
                            given=answers[task]))
        elif given not in right:
            wrong.append(_t("{task!r}: not the {given}. Hint: {why}", task=task, given=answers[task], why=_t(why)))
    if wrong:
        return _verdict(False, _t("{wrong} of {n} answers wrong:", wrong=len(wrong), n=len(_MODEL_CHOICES))
                        + "".join("\n  - " + line for line in wrong))
    return _verdict(True, _t("right: each model has the job its training gives it"))
