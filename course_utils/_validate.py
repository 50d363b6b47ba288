"""Argument checks, used once at each public entry point.

Every check names the argument, says what was expected and shows what was given, then returns the value
(converted where that is safe: a NumPy integer becomes an ``int``). Internal helpers trust their callers.
"""
from __future__ import annotations

import math

import numpy as np
import torch

IMAGE_SHAPE = (1, 28, 28)


def integer(value, name: str, *, low: int | None = 1, high: int | None = None) -> int:
    """``value`` as an ``int`` in ``[low, high]`` (either end open when ``None``); ``bool`` is refused."""
    ok = isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))
    if ok and (low is None or value >= low) and (high is None or value <= high):
        return int(value)
    if high is not None:
        wanted = f"an int in [{low}, {high}]"
    else:
        wanted = {0: "a non-negative int", 1: "a positive int"}.get(low, f"an int >= {low}")
    raise ValueError(f"{name} must be {wanted}, got {value!r}")


def number(value, name: str, *, low: float | None = None, high: float | None = None,
           low_open: bool = False, high_open: bool = False) -> float:
    """``value`` as a finite ``float`` between ``low`` and ``high`` (open ends when ``*_open``)."""
    ok = isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, (bool, np.bool_))
    if ok and math.isfinite(value):
        above = low is None or (value > low if low_open else value >= low)
        below = high is None or (value < high if high_open else value <= high)
        if above and below:
            return float(value)
    if low is not None and high is not None:
        wanted = f"a number in {'(' if low_open else '['}{low:g}, {high:g}{')' if high_open else ']'}"
    elif low is not None:
        wanted = f"a number {'>' if low_open else '>='} {low:g}"
    else:
        wanted = "a finite number"
    if low == 0 and high is None:
        wanted = "positive" if low_open else "a non-negative number"
    raise ValueError(f"{name} must be {wanted}, got {value!r}")


def choice(value, name: str, accepted) -> object:
    """``value`` if it is one of ``accepted``."""
    if value not in accepted:
        raise ValueError(f"{name} must be one of {list(accepted)}, got {value!r}")
    return value


def images(x, name: str = "images") -> torch.Tensor:
    """Check that ``x`` is a float tensor of shape ``(N, 1, 28, 28)`` with values in [0, 1]; return it.

    Raises ``TypeError`` for a non-tensor and ``ValueError`` naming the expected shape otherwise.
    """
    if not torch.is_tensor(x):
        raise TypeError(f"{name} must be a torch.Tensor of shape (N, 1, 28, 28) in [0, 1], got {type(x).__name__}")
    if x.ndim != 4 or tuple(x.shape[1:]) != IMAGE_SHAPE or x.shape[0] == 0:
        raise ValueError(f"{name} must have shape (N, 1, 28, 28) with N >= 1 and values in [0, 1], "
                         f"got {tuple(x.shape)}")
    if not x.is_floating_point():
        raise ValueError(f"{name} must be floating point with shape (N, 1, 28, 28) and values in [0, 1], "
                         f"got dtype {x.dtype}; divide uint8 pixels by 255")
    lo, hi = float(x.min()), float(x.max())
    if not (lo >= -1e-6 and hi <= 1 + 1e-6):  # also catches NaN
        raise ValueError(f"{name} must have values in [0, 1] (shape (N, 1, 28, 28)), got values in "
                         f"[{lo:.3g}, {hi:.3g}]; divide uint8 pixels by 255")
    return x


def codes(z, latent_dim: int, name: str = "z") -> torch.Tensor:
    """Check that ``z`` is a float tensor of shape ``(N, latent_dim)``; return it."""
    if not torch.is_tensor(z):
        raise TypeError(f"{name} must be a torch.Tensor of shape (N, {latent_dim}), got {type(z).__name__}")
    if z.ndim != 2 or z.shape[1] != latent_dim or z.shape[0] == 0 or not z.is_floating_point():
        raise ValueError(f"{name} must be a float tensor of shape (N, {latent_dim}) with N >= 1, "
                         f"got {tuple(z.shape)} {z.dtype}")
    return z


def labels(y, n: int, num_classes: int = 10, name: str = "labels") -> torch.Tensor:
    """Check that ``y`` is an integer tensor of shape ``(n,)`` with classes in [0, num_classes - 1]; return it
    as a long tensor."""
    if not torch.is_tensor(y) or y.is_floating_point() or y.dtype == torch.bool or y.shape != (n,):
        got = f"{y.dtype} tensor of shape {tuple(y.shape)}" if torch.is_tensor(y) else type(y).__name__
        raise ValueError(f"{name} must be a long tensor of shape ({n},), one per image, got {got}")
    if n and (y.min() < 0 or y.max() >= num_classes):
        raise ValueError(f"{name} must be classes in [0, {num_classes - 1}] (digits 0-9 for MNIST), "
                         f"got values in [{int(y.min())}, {int(y.max())}]")
    return y.long()


def to_numpy(x) -> np.ndarray:
    """A tensor (any device, with or without gradients) or array-like as a NumPy array."""
    return x.detach().cpu().numpy() if torch.is_tensor(x) else np.asarray(x)


def matrix(x, name: str, *, columns: int | None = None, min_rows: int = 1) -> np.ndarray:
    """``x`` as a float64 ``(N, D)`` array (images are flattened), with ``D == columns`` when given."""
    a = to_numpy(x)
    a = a.reshape(len(a), -1) if a.ndim > 2 else a
    if a.ndim != 2 or len(a) < min_rows or (columns is not None and a.shape[1] != columns):
        shape = f"(N, {columns})" if columns is not None else "(N, D)"
        raise ValueError(f"{name} must have shape {shape} with N >= {min_rows}, got {a.shape}")
    return a.astype(np.float64)


def latent_models(models, *, need_encode: bool = False, latent_dim: int | None = None) -> dict:
    """``{name: model}`` from a dict, one shipped weight name or a list of them (``pretrained.available()``).

    Every model needs ``latent_dim`` and ``decode(z)``, and ``encode(x)`` when ``need_encode``; with
    ``latent_dim`` given, that latent size. The models are put in eval mode.
    """
    from . import pretrained

    if isinstance(models, str):
        models = [models]
    if isinstance(models, (list, tuple)):
        if not models or not all(isinstance(m, str) for m in models):
            raise ValueError(f"models must be a dict {{name: model}} or a non-empty list of shipped names "
                             f"{sorted(pretrained.available())}, got {models!r}")
        models = {name: pretrained.load(name) for name in models}  # ValueError names the available ones
    if not isinstance(models, dict) or not models:
        raise ValueError(f"models must be a non-empty dict {{name: model}} or a list of shipped names "
                         f"{sorted(pretrained.available())}, got {type(models).__name__}")
    needs = "`latent_dim` and `decode(z)`" + (" and `encode(x)`" if need_encode else "")
    for name, model in models.items():
        if not callable(getattr(model, "decode", None)) or not isinstance(getattr(model, "latent_dim", None), int):
            raise ValueError(f"model {name!r} ({type(model).__name__}) has no decode(z)/latent_dim; accepted: "
                             f"models with {needs} (autoencoders, VAEs, GAN generators)")
        if need_encode and not callable(getattr(model, "encode", None)):
            raise ValueError(f"model {name!r} ({type(model).__name__}) has no encode(x); this widget accepts "
                             f"models with {needs} (autoencoders and VAEs, not GAN generators)")
        if latent_dim is not None and model.latent_dim != latent_dim:
            raise ValueError(f"model {name!r} has latent_dim {model.latent_dim}; this widget accepts models "
                             f"with latent_dim == {latent_dim}")
        model.eval()
    return dict(models)
