"""Plots for the course. Every function returns its matplotlib figure."""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import torch


def _images_array(images) -> np.ndarray:
    x = images.detach().cpu().numpy() if torch.is_tensor(images) else np.asarray(images)
    if x.ndim == 4 and x.shape[1] == 1:
        x = x[:, 0]
    if x.ndim != 3:
        raise ValueError(f"images must have shape (N, 1, H, W) or (N, H, W), got {x.shape}")
    if len(x) == 0:
        raise ValueError("images is empty")
    return x


def tile_images(images, ncols: int | None = None, pad: int = 1) -> np.ndarray:
    """Tile ``(N, 1, H, W)`` or ``(N, H, W)`` images with values in [0, 1] into one uint8 array.

    Rows are filled left to right; ``ncols`` defaults to a near-square grid. Returns an
    ``(rows*(H+pad)+pad, ncols*(W+pad)+pad)`` array, 0 (black) between tiles. Values outside
    [0, 1] are clipped. Fast enough for widgets (NumPy only, no matplotlib).
    """
    x = _images_array(images)
    n, h, w = x.shape
    ncols = ncols or int(np.ceil(np.sqrt(n)))
    if ncols < 1:
        raise ValueError(f"ncols must be positive, got {ncols}")
    nrows = int(np.ceil(n / ncols))
    canvas = np.zeros((nrows * (h + pad) + pad, ncols * (w + pad) + pad), dtype=np.uint8)
    pixels = (np.clip(x, 0.0, 1.0) * 255 + 0.5).astype(np.uint8)
    for i in range(n):
        r, c = divmod(i, ncols)
        top, left = pad + r * (h + pad), pad + c * (w + pad)
        canvas[top: top + h, left: left + w] = pixels[i]
    return canvas


def image_grid(images, *, ncols: int | None = None, title: str | None = None,
               row_labels: list[str] | None = None, scale: float = 0.6) -> plt.Figure:
    """Show images with values in [0, 1] as one grid (white digits on black), one figure.

    ``row_labels`` names each row on the left (e.g. "input", "reconstruction").
    """
    x = _images_array(images)
    ncols = ncols or int(np.ceil(np.sqrt(len(x))))
    nrows = int(np.ceil(len(x) / ncols))
    canvas = tile_images(x, ncols)
    fig, ax = plt.subplots(figsize=(max(2.0, ncols * scale), max(1.0, nrows * scale)))
    ax.imshow(canvas, cmap="gray", vmin=0, vmax=255, interpolation="nearest")
    ax.set_xticks([])
    if row_labels is not None:
        if len(row_labels) != nrows:
            raise ValueError(f"row_labels has {len(row_labels)} entries for {nrows} rows")
        h = x.shape[1] + 1
        ax.set_yticks([1 + h * i + h / 2 for i in range(nrows)], row_labels)
    else:
        ax.set_yticks([])
    if title:
        ax.set_title(title)
    fig.tight_layout()
    return fig
