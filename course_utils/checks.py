"""Self-checks for the coding exercises: each one runs your code on a few cases and says what is wrong.

Every check prints a short verdict and returns ``True`` when your answer is right. A wrong answer, or a
function of yours that raises, gives a hint, not a traceback. A check raises only when it is called wrongly:
``TypeError`` when what you passed is not a function, ``ValueError`` when a setting of the check itself is
out of range (``check_threshold``'s ``false_positive_rate``).
"""
from __future__ import annotations

import contextlib
import math
import signal
import threading
from typing import Callable

import numpy as np
import torch
import torch.nn.functional as F


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
        raise TypeError(f"pass your function itself (e.g. check(my_fn)), got {type(fn).__name__}")
    args = tuple(a.clone() if torch.is_tensor(a) else a for a in args)
    try:
        with _time_limit(TIME_LIMIT_S):
            value = fn(*args)
    except _TookTooLong:
        return None, (f"your function did not finish within {TIME_LIMIT_S:g} s on a few small inputs: "
                      "is there a loop that never ends?")
    except Exception as e:  # a student's bug: report it as a hint
        return None, f"your function raised {type(e).__name__}: {e}"
    if value is None:
        return None, "your function returned None: is its `return` line missing, or still the exercise's placeholder?"
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
    values = np.asarray(curve, dtype=float).ravel()
    if len(values) != len(target):
        return _verdict(False, f"expected {len(target)} values (one per component), got {len(values)}")
    if np.allclose(values, pca.explained_variance_ratio_):
        return _verdict(False, "these are the per-component ratios: add them up with .cumsum()")
    if np.any(np.diff(values) < -1e-12):
        return _verdict(False, "a cumulative fraction can never go down: did you sort or shuffle it?")
    if not np.allclose(values, target, atol=1e-6):
        return _verdict(False, "the values differ from pca.explained_variance_ratio_.cumsum()")
    return _verdict(True, f"right: {len(target)} components explain {target[-1]:.1%} of the variance")


# ---------------------------------------------------------------------------- 02 autoencoder training

def check_seed_loss(fn: Callable[[torch.Tensor, torch.Tensor], torch.Tensor]) -> bool:
    r"""Notebook 02: ``fn(x, x_hat)`` must compute the seed's loss ``L = 1/n Σ_i ||x_i − x̂_i||²``.

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
        (diff.pow(2).mean(), "you averaged over the pixels too (that is F.mse_loss): the norm sums over each image's 784 pixels"),
        (diff.pow(2).sum(), "you summed over the images too: divide by n, the number of images"),
        (diff.flatten(1).norm(dim=1).mean(), "||x_i - x̂_i||² is the *squared* norm: square it before averaging"),
        (diff.flatten(1).sum(1).pow(2).mean(), "square each pixel's difference before summing, not the sum"),
    ]
    if torch.is_tensor(value) and value.numel() != 1:
        return _verdict(False, f"the loss must be one number, got a tensor of shape {tuple(value.shape)}")
    if _close(value, target):
        return _verdict(True, f"right: L = {float(target):.2f}, which is 784 × F.mse_loss = 784 × {float(F.mse_loss(x_hat, x)):.4f}")
    for wrong, hint in hints:
        if _close(value, wrong):
            return _verdict(False, hint)
    return _verdict(False, f"expected {float(target):.4f} on a test pair, got {float(value):.4f}")


# ---------------------------------------------------------------------------- 03 applications

def check_threshold(threshold: float, normal_scores, false_positive_rate: float) -> bool:
    """Notebook 03: ``threshold`` must flag (score > threshold) about ``false_positive_rate`` of normal scores."""
    scores = np.asarray(normal_scores, dtype=float).ravel()
    if not 0 < false_positive_rate < 1:
        raise ValueError(f"false_positive_rate must be in (0, 1), got {false_positive_rate}")
    flagged = float(np.mean(scores > float(threshold)))
    step = 1 / len(scores)
    if abs(flagged - false_positive_rate) <= step + 1e-12:
        return _verdict(True, f"right: it flags {flagged:.1%} of normal images (asked: {false_positive_rate:.1%})")
    if abs(flagged - (1 - false_positive_rate)) <= step + 1e-12:
        return _verdict(False, f"it flags {flagged:.1%}: take the {100 * (1 - false_positive_rate):g}th percentile, "
                               f"np.quantile(normal_scores, {1 - false_positive_rate:g}), not the {false_positive_rate:g} quantile")
    return _verdict(False, f"it flags {flagged:.1%} of normal images, not {false_positive_rate:.1%}: "
                           "take np.quantile(normal_scores, 1 - false_positive_rate)")


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
            return _verdict(False, "right value, but not finite for confident logits: use "
                                   "F.binary_cross_entropy_with_logits instead of log(sigmoid(...))")
        return _verdict(True, f"right: -V(D, G) = {float(-v):.4f}, and stable for confident logits")
    if _close(value, v):
        return _verdict(False, "that is V(D, G) itself: D maximises V, so its loss to minimise is -V")
    swapped = -(torch.log(d_fake).mean() + torch.log(1 - d_real).mean())
    if _close(value, swapped):
        return _verdict(False, "real and fake targets are swapped: real samples get target 1, fakes target 0")
    raw = -(torch.log(real.clamp_min(1e-12)).mean() + torch.log((1 - fake).clamp_min(1e-12)).mean())
    if _close(value, raw):
        return _verdict(False, "the inputs are logits: apply the sigmoid (or use the *_with_logits loss)")
    return _verdict(False, f"expected {float(-v):.4f} on a test batch, got {float(value):.4f}")


def check_optimal_discriminator(fn: Callable[[torch.Tensor, torch.Tensor], torch.Tensor]) -> bool:
    """Notebook 04: ``fn(p_data, p_g)``, two tensors of density values at the same points, must return the
    optimal discriminator ``D*(x) = p_data / (p_data + p_g)`` at those points."""
    g = torch.Generator().manual_seed(0)
    p_data, p_g = torch.rand(50, generator=g) + 0.01, torch.rand(50, generator=g) + 0.01
    value, error = _call(fn, p_data.clone(), p_g.clone())
    if error:
        return _verdict(False, error)
    if value is None:
        return _verdict(False, "your function returned None: return the tensor of D* values")
    try:
        value = torch.as_tensor(value, dtype=torch.float32).reshape(-1)
    except (TypeError, ValueError, RuntimeError):
        return _verdict(False, f"expected a tensor of 50 values, got {type(value).__name__}")
    if value.shape != p_data.shape:
        return _verdict(False, f"expected one value per point, shape {tuple(p_data.shape)}, got {tuple(value.shape)}")
    target = p_data / (p_data + p_g)
    if torch.allclose(value, target, atol=1e-5):
        return _verdict(True, "right: D* = p_data / (p_data + p_g), which is 1/2 wherever p_g = p_data")
    hints = [(p_g / (p_data + p_g), "that is 1 - D*: D says how likely a point is to be *real*, so p_data goes on top"),
             (p_data / p_g, "a ratio of densities is not a probability: divide by p_data + p_g"),
             (torch.full_like(p_data, 0.5), "1/2 is D* only where p_g = p_data; in general it depends on both")]
    for wrong, hint in hints:
        if torch.allclose(value, wrong, atol=1e-5):
            return _verdict(False, hint)
    return _verdict(False, "the values differ from p_data / (p_data + p_g): maximise "
                           "p_data log D + p_g log(1 - D) over D at each point")


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
            return _verdict(False, f"identical uniform predictions must score 1, yours gave {float(same):.3f}")
        return _verdict(True, f"right: score {float(target):.3f} (the maximum, 10, needs confident and varied classes)")
    reverse = (p_y * (p_y.log() - probs.log())).sum(1).mean().exp()
    if _close(value, kl.mean(), 1e-3):
        return _verdict(False, "that is the mean KL: the score is its exponential")
    if _close(value, reverse, 1e-3):
        return _verdict(False, "the KL is the wrong way round: KL(p(y|x) || p(y)) weights by p(y|x)")
    if _close(value, kl.exp().mean(), 1e-3):
        return _verdict(False, "average the KL first, then take exp (you averaged exp(KL))")
    return _verdict(False, f"expected {float(target):.3f} on a test batch, got {float(value):.3f}")


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
            return _verdict(False, f"expected a code of shape {tuple(z0.shape)}, got {tuple(value.shape)}")
        if torch.allclose(value, torch.lerp(z0, z1, t), atol=1e-4) and t not in (0.0, 1.0):
            return _verdict(False, "that is the straight line (lerp): slerp follows the arc, with sin weights")
        if not torch.allclose(value, reference(t), atol=1e-4):
            where = {0.0: "t = 0 must give z0", 1.0: "t = 1 must give z1"}.get(t, f"at t = {t} the point is off the arc")
            return _verdict(False, f"{where}; weights are sin((1-t)Ω)/sin Ω and sin(tΩ)/sin Ω")
    return _verdict(True, "right: the path starts at z0, ends at z1 and follows the great circle")


# ---------------------------------------------------------------------------- 07 comparison

_MODEL_CHOICES = {  # task -> (the models that fit, why)
    "flag images that are rebuilt badly": ({"autoencoder"}, "anomaly detection needs an encoder and a decoder "
                                           "trained to rebuild normal images (03): the autoencoder"),
    "get the code of a new image in one pass": ({"autoencoder", "vae"}, "a GAN has no encoder; it must search "
                                                "for a code (06). Autoencoders and VAEs both encode"),
    "decode random N(0, I) codes into digits": ({"vae", "gan"}, "only models trained with a prior N(0, I) "
                                                "decode its samples well: the VAE and the GAN (07's picture)"),
    "the sharpest samples": ({"gan"}, "the GAN: its D punishes blur, while MSE and the ELBO reward the "
                             "average of plausible digits"),
    "a latent space whose prior has no holes": ({"vae"}, "the VAE: its KL term pulls the codes onto N(0, I) (06)"),
}


def check_which_model(answers: dict) -> bool:
    """Notebook 07: ``answers`` maps each task of ``_MODEL_CHOICES`` to ``"autoencoder"``, ``"VAE"`` or ``"GAN"``."""
    if not isinstance(answers, dict):
        return _verdict(False, f"answers must be a dict {{task: model}}, got {type(answers).__name__}")
    missing = [task for task in _MODEL_CHOICES if task not in answers]
    if missing:
        return _verdict(False, f"answer every task; missing: {', '.join(repr(t) for t in missing)}")
    for task, (right, why) in _MODEL_CHOICES.items():
        given = str(answers[task]).strip().lower()
        if given not in {"autoencoder", "vae", "gan"}:
            return _verdict(False, f"{task!r}: answer 'autoencoder', 'VAE' or 'GAN', got {answers[task]!r}")
        if given not in right:
            return _verdict(False, f"{task!r}: not the {answers[task]}. Hint: {why}")
    return _verdict(True, "right: each model has the job its training gives it")
