"""Numbers the course measures itself by."""
from __future__ import annotations

import numpy as np
import torch

from .data import mixture


def _as_points(samples) -> torch.Tensor:
    x = torch.as_tensor(np.asarray(samples) if not torch.is_tensor(samples) else samples)
    if x.ndim != 2 or x.shape[1] != 2:
        raise ValueError(f"samples must have shape (N, 2), got {tuple(x.shape)}")
    if len(x) == 0:
        raise ValueError("samples is empty; need at least one point")
    return x.detach().to("cpu", torch.float64)


def mode_coverage(samples, name: str) -> tuple[int, float]:
    """Modes captured and the fraction of high-quality samples, as in VEEGAN and PacGAN.

    ``samples`` is ``(N, 2)`` (tensor or array); ``name`` is a mixture from ``data.MIXTURES``.
    A sample is *high quality* if it lies within 3 standard deviations of its nearest mode; a mode
    is *captured* if it is the nearest mode of at least one high-quality sample.
    Returns ``(modes_captured, high_quality_fraction)``.
    """
    m = mixture(name)
    x = _as_points(samples)
    distances = torch.cdist(x, m.modes.double())  # (N, K)
    nearest_distance, nearest_mode = distances.min(dim=1)
    high_quality = nearest_distance <= 3 * m.std
    captured = int(nearest_mode[high_quality].unique().numel())
    return captured, float(high_quality.double().mean())
