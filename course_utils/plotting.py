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


def _as_numpy(values) -> np.ndarray:
    return values.detach().cpu().numpy() if torch.is_tensor(values) else np.asarray(values)


def latent_scatter(codes, labels, *, title: str | None = None, ax=None, s: float = 4.0) -> plt.Figure:
    """Scatter 2-D latent codes ``(N, 2)`` coloured by digit label ``(N,)``, with a legend 0-9.

    Pass ``ax`` to draw into an existing axes (e.g. side by side with another embedding); the
    figure that holds it is returned either way.
    """
    z, y = _as_numpy(codes), _as_numpy(labels)
    if z.ndim != 2 or z.shape[1] != 2:
        raise ValueError(f"codes must have shape (N, 2), got {z.shape}")
    if y.shape != (len(z),):
        raise ValueError(f"labels must have shape ({len(z)},), got {y.shape}")
    if ax is None:
        fig, ax = plt.subplots(figsize=(4.2, 3.8))
    else:
        fig = ax.figure
    cmap = plt.get_cmap("tab10")
    for digit in np.unique(y):
        keep = y == digit
        ax.scatter(z[keep, 0], z[keep, 1], s=s, color=cmap(int(digit) % 10), label=str(int(digit)), alpha=0.7)
    ax.set_xlabel("$z_1$")
    ax.set_ylabel("$z_2$")
    ax.legend(title="digit", markerscale=3, fontsize="small", loc="center left", bbox_to_anchor=(1.0, 0.5))
    if title:
        ax.set_title(title)
    fig.tight_layout()
    return fig


def loss_curves(history: dict[str, list[float]], *, title: str = "Training loss", ylabel: str = "MSE per pixel",
                log: bool = False) -> plt.Figure:
    """Plot per-epoch losses from a history such as ``training.fit`` returns, ``{"train": [...], "val": [...]}``.

    Every non-empty list becomes one line, labelled by its key. ``log=True`` uses a log y axis.
    """
    curves = {name: list(values) for name, values in history.items() if len(values)}
    if not curves:
        raise ValueError(f"history has no losses to plot; got keys {sorted(history)}")
    fig, ax = plt.subplots(figsize=(4.8, 3.2))
    for name, values in curves.items():
        ax.plot(range(1, len(values) + 1), values, marker="o", markersize=3, label=name)
    ax.set_xlabel("epoch")
    ax.set_ylabel(ylabel)
    if log:
        ax.set_yscale("log")
    ax.set_title(title)
    ax.legend()
    ax.grid(alpha=0.3)
    fig.tight_layout()
    return fig


def metric_curves(x, curves: dict[str, list[float]], *, xlabel: str, ylabel: str, title: str,
                  log_x: bool = False) -> plt.Figure:
    """Plot one line per entry of ``curves`` against shared x values (e.g. MSE vs latent size)."""
    x = _as_numpy(x)
    fig, ax = plt.subplots(figsize=(4.8, 3.2))
    for name, values in curves.items():
        values = _as_numpy(values)
        if values.shape != x.shape:
            raise ValueError(f"curve {name!r} has {values.shape[0] if values.ndim else 0} values for {len(x)} x values")
        ax.plot(x, values, marker="o", markersize=3, label=name)
    if log_x:
        ax.set_xscale("log", base=2)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.legend()
    ax.grid(alpha=0.3)
    fig.tight_layout()
    return fig


def roc_curves(curves: dict[str, tuple], *, title: str = "ROC curves") -> plt.Figure:
    """ROC curves of anomaly scores, one per entry ``name: (normal_scores, anomaly_scores)``.

    Anomalies are the positives: the x axis is the fraction of normal images flagged (false
    positive rate), the y axis the fraction of anomalies flagged (recall). Each legend entry shows
    its AUC (scikit-learn's ``roc_auc_score``); the diagonal is a random score.
    """
    from sklearn.metrics import roc_auc_score, roc_curve

    if not curves:
        raise ValueError("curves is empty; pass {name: (normal_scores, anomaly_scores)}")
    fig, ax = plt.subplots(figsize=(4.6, 3.8))
    for name, (normal, anomalous) in curves.items():
        normal, anomalous = _as_numpy(normal).ravel(), _as_numpy(anomalous).ravel()
        if len(normal) == 0 or len(anomalous) == 0:
            raise ValueError(f"curve {name!r} needs both normal and anomaly scores")
        is_anomaly = np.r_[np.zeros(len(normal)), np.ones(len(anomalous))]
        scores = np.r_[normal, anomalous]
        fpr, tpr, _ = roc_curve(is_anomaly, scores)
        ax.plot(fpr, tpr, label=f"{name} (AUC {roc_auc_score(is_anomaly, scores):.3f})")
    ax.plot([0, 1], [0, 1], color="gray", linestyle=":", label="chance (AUC 0.5)")
    ax.set_xlabel("false positive rate (normal images flagged)")
    ax.set_ylabel("recall (anomalies flagged)")
    ax.set_title(title)
    ax.legend(fontsize="small", loc="lower right")
    ax.grid(alpha=0.3)
    fig.tight_layout()
    return fig
