"""Argument checks, used once at each public entry point.

Every check names the argument, says what was expected and shows what was given, then returns the value
(converted where that is safe: a NumPy integer becomes an ``int``). Internal helpers trust their callers.
"""
from __future__ import annotations

import math

import numpy as np
import torch

IMAGE_SHAPE = (1, 28, 28)
MAX_SEED = 2**63 - 1  # torch's seeds are 64-bit; NumPy's must not be negative
# Beyond these a count is a typo, not a plan: a million images take 3 GB, a million steps hours.
MAX_IMAGES = 1_000_000
MAX_STEPS = 1_000_000
MAX_EPOCHS = 10_000


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


def flag(value, name: str) -> bool:
    """``value`` if it is ``True`` or ``False`` (a string such as "False" would be true, so it is refused)."""
    if not isinstance(value, (bool, np.bool_)):
        raise ValueError(f"{name} must be True or False, got {value!r}")
    return bool(value)


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


def seed(value, name: str = "seed") -> int:
    """``value`` as a seed: an ``int`` in ``[0, 2**63 - 1]``. ``None`` is refused, since a run must repeat."""
    if value is None:
        raise ValueError(f"{name} must be an int such as 0 (the same seed gives the same run), got None")
    return integer(value, name, low=0, high=MAX_SEED)


def device(value, name: str = "device") -> torch.device:
    """``value`` (``"cpu"``, ``"cuda"``, ``"cuda:0"``, ``"mps"`` or a ``torch.device``) as a device that exists here."""
    if isinstance(value, str) and value.strip().lower() == "gpu":
        raise ValueError(f"{name} 'gpu' is not a torch device name; use 'cuda' (NVIDIA, as in Colab) or "
                         f"course_utils.pick_device(), which picks cuda, mps or cpu")
    try:
        dev = torch.device(value)
    except (TypeError, RuntimeError, ValueError):
        raise ValueError(f"{name} must be 'cpu', 'cuda', 'mps' or a torch.device, got {value!r}") from None
    if dev.type == "cuda" and not torch.cuda.is_available():
        raise ValueError(f"{name} {value!r} asks for a GPU, but torch sees none here. In Colab: Runtime > "
                         f"Change runtime type > T4 GPU, then run the notebook again; or use "
                         f"device=course_utils.pick_device(), which falls back to the CPU")
    if dev.type == "cuda" and dev.index is not None and dev.index >= torch.cuda.device_count():
        raise ValueError(f"{name} {value!r} names GPU {dev.index}, but there are {torch.cuda.device_count()}")
    mps = getattr(torch.backends, "mps", None)
    if dev.type == "mps" and not (mps is not None and mps.is_available()):
        raise ValueError(f"{name} {value!r} asks for Apple's GPU (mps), which this machine lacks; use 'cpu'")
    return dev


def cpu_generator(generator, name: str = "generator"):
    """``None`` (torch's global generator) or a CPU ``torch.Generator``, e.g. ``torch.Generator().manual_seed(0)``."""
    if generator is not None and not (isinstance(generator, torch.Generator) and generator.device.type == "cpu"):
        raise TypeError(f"{name} must be None or a CPU torch.Generator such as torch.Generator().manual_seed(0), "
                        f"got {type(generator).__name__} {getattr(generator, 'device', '')}".rstrip())
    return generator


def home(model) -> tuple[torch.device, torch.dtype]:
    """The device and floating dtype of ``model``'s parameters (CPU and the default dtype when it has none)."""
    params = model.parameters() if isinstance(model, torch.nn.Module) else ()
    p = next((p for p in params if p.is_floating_point()), None)
    return (p.device, p.dtype) if p is not None else (torch.device("cpu"), torch.get_default_dtype())


def tensor(x, name: str, wanted: str) -> torch.Tensor:
    """``x`` as a tensor: NumPy arrays are converted (sharing memory); anything else is a TypeError."""
    if isinstance(x, np.ndarray):
        if x.dtype.kind not in "biuf":
            raise TypeError(f"{name} must be {wanted}, got a NumPy array of dtype {x.dtype}")
        return torch.from_numpy(np.ascontiguousarray(x))
    if not torch.is_tensor(x):
        raise TypeError(f"{name} must be {wanted} (a torch.Tensor or NumPy array), got {type(x).__name__}")
    return x


def module(model, name: str = "model") -> torch.nn.Module:
    """Check that ``model`` is a torch module (a network, not its class or its output)."""
    if not isinstance(model, torch.nn.Module):
        hint = "; build it first, e.g. ConvAutoencoder()" if isinstance(model, type) else ""
        raise TypeError(f"{name} must be a torch.nn.Module, got {type(model).__name__}{hint}")
    return model


def logits(x, name: str, *, ndim: int | None = None) -> torch.Tensor:
    """Check that ``x`` is a floating tensor (of ``ndim`` dimensions when given): a network's output."""
    if not torch.is_tensor(x) or not x.is_floating_point() or (ndim is not None and x.ndim != ndim):
        got = f"{x.dtype} tensor of shape {tuple(x.shape)}" if torch.is_tensor(x) else type(x).__name__
        wanted = f"a {ndim}-D float tensor" if ndim else "a float tensor"
        raise TypeError(f"{name} must be {wanted} (the network's output, before any sigmoid), got {got}")
    return x


def to_model(x: torch.Tensor, model) -> torch.Tensor:
    """A floating tensor ``x`` on ``model``'s device, in its dtype (float64 from NumPy, float16: cast); else ``x``."""
    dev, dtype = home(model)
    return x.to(device=dev, dtype=dtype) if (x.device != dev or x.dtype != dtype) else x


def choice(value, name: str, accepted) -> object:
    """``value`` if it is one of ``accepted`` (names and numbers; a list or an array is refused, not hashed)."""
    if not isinstance(value, (str, int, float, np.integer, np.floating, type(None))) or value not in accepted:
        raise ValueError(f"{name} must be one of {list(accepted)}, got {value!r}")
    return value


def images(x, name: str = "images", *, model=None) -> torch.Tensor:
    """Check that ``x`` is a float tensor or NumPy array of shape ``(N, 1, 28, 28)`` with values in [0, 1];
    return it as a tensor, on ``model``'s device and in its dtype when ``model`` is given.

    Raises ``TypeError`` for anything else than a tensor or array and ``ValueError`` naming the expected
    shape otherwise. Integer pixels (0-255) are refused, not guessed at.
    """
    x = tensor(x, name, "a float tensor of shape (N, 1, 28, 28) in [0, 1]")
    if x.ndim != 4 or tuple(x.shape[1:]) != IMAGE_SHAPE or x.shape[0] == 0:
        raise ValueError(f"{name} must have shape (N, 1, 28, 28) with N >= 1 and values in [0, 1], "
                         f"got {tuple(x.shape)}")
    if not x.is_floating_point():
        raise ValueError(f"{name} must be floating point with shape (N, 1, 28, 28) and values in [0, 1], "
                         f"got dtype {x.dtype}; divide uint8 pixels by 255")
    lo, hi = (0.0, 1.0) if x.device.type == "meta" else (float(x.min()), float(x.max()))  # meta: shapes, no values
    if not (lo >= -1e-6 and hi <= 1 + 1e-6):  # also catches NaN
        raise ValueError(f"{name} must have values in [0, 1] (shape (N, 1, 28, 28)), got values in "
                         f"[{lo:.3g}, {hi:.3g}]; divide uint8 pixels by 255")
    return x if model is None else to_model(x, model)


def codes(z, latent_dim: int, name: str = "z", *, model=None) -> torch.Tensor:
    """Check that ``z`` is a real tensor or NumPy array of shape ``(N, latent_dim)``; return it as a tensor,
    on ``model``'s device and in its dtype when ``model`` is given (integer codes become floats)."""
    z = tensor(z, name, f"a float tensor of shape (N, {latent_dim})")
    if z.ndim != 2 or z.shape[1] != latent_dim or z.shape[0] == 0 or z.dtype == torch.bool or z.is_complex():
        raise ValueError(f"{name} must be a float tensor of shape (N, {latent_dim}) with N >= 1, "
                         f"got {tuple(z.shape)} {z.dtype}")
    if z.device.type != "meta" and not bool(torch.isfinite(z).all()):
        raise ValueError(f"{name} contains NaN or infinite values; codes must be finite numbers")
    if model is not None:
        return to_model(z, model)
    return z if z.is_floating_point() else z.to(torch.get_default_dtype())


def labels(y, n: int, num_classes: int = 10, name: str = "labels") -> torch.Tensor:
    """Check that ``y`` is an integer tensor of shape ``(n,)`` with classes in [0, num_classes - 1]; return it
    as a long tensor (a NumPy array is converted)."""
    if isinstance(y, np.ndarray) and y.dtype.kind in "iu":
        y = torch.from_numpy(np.ascontiguousarray(y))
    if not torch.is_tensor(y) or y.is_floating_point() or y.dtype == torch.bool or y.shape != (n,):
        got = f"{y.dtype} tensor of shape {tuple(y.shape)}" if torch.is_tensor(y) else type(y).__name__
        raise ValueError(f"{name} must be a long tensor of shape ({n},), one per image, got {got}")
    if n and y.device.type != "meta" and (y.min() < 0 or y.max() >= num_classes):
        raise ValueError(f"{name} must be classes in [0, {num_classes - 1}] (digits 0-9 for MNIST), "
                         f"got values in [{int(y.min())}, {int(y.max())}]")
    return y.long()


def to_numpy(x, name: str | None = None) -> np.ndarray:
    """A tensor (any device, with or without gradients) or array-like as a NumPy array; with ``name``, one of
    numbers (anything else is a TypeError that names it)."""
    a = x.detach().cpu().numpy() if torch.is_tensor(x) else np.asarray(x)
    if name is not None and a.dtype.kind not in "biuf":
        raise TypeError(f"{name} must be a tensor or array of numbers, got {type(x).__name__} of dtype {a.dtype}")
    return a


def matrix(x, name: str, *, columns: int | None = None, min_rows: int = 1) -> np.ndarray:
    """``x`` as a float64 ``(N, D)`` array (images are flattened), with ``D == columns`` when given."""
    a = to_numpy(x, name)
    a = a.reshape(len(a), -1) if a.ndim > 2 else a
    if a.ndim != 2 or len(a) < min_rows or (columns is not None and a.shape[1] != columns):
        shape = f"(N, {columns})" if columns is not None else "(N, D)"
        raise ValueError(f"{name} must have shape {shape} with N >= {min_rows}, got {a.shape}")
    if not np.isfinite(a).all():
        raise ValueError(f"{name} contains NaN or infinite values (a diverged model?); got {int((~np.isfinite(a)).sum())} "
                         f"of {a.size}")
    return a.astype(np.float64)


def generative(model, name: str = "model", *, need_encode: bool = False):
    """Check that ``model`` has ``latent_dim`` and ``decode(z)`` (and ``encode(x)`` when ``need_encode``)."""
    needs = "`latent_dim` and `decode(z)`" + (" and `encode(x)`" if need_encode else "")
    if not callable(getattr(model, "decode", None)) or not isinstance(getattr(model, "latent_dim", None), int):
        raise ValueError(f"{name} ({type(model).__name__}) has no decode(z)/latent_dim; accepted: "
                         f"models with {needs} (autoencoders, VAEs, GAN generators)")
    if need_encode and not callable(getattr(model, "encode", None)):
        raise ValueError(f"{name} ({type(model).__name__}) has no encode(x); accepted: models with {needs} "
                         f"(autoencoders and VAEs, not GAN generators)")
    return model


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
    for name, model in models.items():
        generative(model, f"model {name!r}", need_encode=need_encode)
        if latent_dim is not None and model.latent_dim != latent_dim:
            raise ValueError(f"model {name!r} has latent_dim {model.latent_dim}; this widget accepts models "
                             f"with latent_dim == {latent_dim}")
        model.eval()
    return dict(models)
