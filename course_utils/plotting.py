"""Matplotlib figures for the course. Every function returns its figure, except ``latent_map``, which
renders a latent scatter once into palette indices for the 2-D explorer widget.

Pictures that must redraw in milliseconds (widgets, the live view) are drawn by ``raster`` and ``game``.
"""
from __future__ import annotations

from dataclasses import dataclass

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

from . import _validate
from ._validate import choice, to_numpy
from .raster import MARK, MAX_TILES, images_array, tile_images


def image_grid(images, *, ncols: int | None = None, title: str | None = None,
               row_labels: list[str] | None = None, scale: float = 0.6) -> plt.Figure:
    """Show images with values in [0, 1] as one grid (white digits on black), one figure.

    ``row_labels`` names each row on the left (e.g. "input", "reconstruction").
    """
    x = images_array(images)
    ncols = int(np.ceil(np.sqrt(len(x)))) if ncols is None else _validate.integer(ncols, "ncols", high=MAX_TILES)
    _validate.number(scale, "scale (inches per image)", low=0, high=10, low_open=True)
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


def _axis_labels(axis_labels) -> None:
    """Check ``axis_labels``: two strings, the x label and the y label."""
    if (not isinstance(axis_labels, (tuple, list)) or len(axis_labels) != 2
            or not all(isinstance(name, str) for name in axis_labels)):
        raise ValueError(f"axis_labels must be two strings (x label, y label), got {axis_labels!r}")


def decoded_grid(images, z1, z2, *, title: str | None = None, axis_labels: tuple[str, str] = ("$z_1$", "$z_2$"),
                 scale: float = 0.45) -> plt.Figure:
    """Images decoded from a grid of 2-D codes, each drawn where its code lies, on axes with the code values.

    ``z1`` (``n1`` values, left to right) and ``z2`` (``n2`` values, top to bottom, so usually decreasing)
    are the grid's coordinates, evenly spaced; ``images`` ``(n2 * n1, H, W)`` or ``(n2 * n1, 1, H, W)`` in
    [0, 1] are in row order, image ``r * n1 + c`` decoded from ``(z1[c], z2[r])``. The ticks sit at the tiles'
    centres, so the figure lines up with a ``latent_scatter`` of the same codes.
    """
    x = images_array(images)
    z1, z2 = np.asarray(to_numpy(z1, "z1"), dtype=float), np.asarray(to_numpy(z2, "z2"), dtype=float)
    if z1.ndim != 1 or z2.ndim != 1 or len(z1) < 2 or len(z2) < 2:
        raise ValueError(f"z1 and z2 must be 1-D with at least 2 values each, got shapes {z1.shape} and {z2.shape}")
    if len(x) != len(z1) * len(z2):
        raise ValueError(f"images has {len(x)} entries for a grid of {len(z2)} x {len(z1)} codes")
    _validate.number(scale, "scale (inches per image)", low=0, high=10, low_open=True)
    _axis_labels(axis_labels)
    step1, step2 = (z1[-1] - z1[0]) / (len(z1) - 1), (z2[0] - z2[-1]) / (len(z2) - 1)
    if not (np.allclose(np.diff(z1), step1) and np.allclose(-np.diff(z2), step2)):
        raise ValueError("z1 and z2 must be evenly spaced (z1 rising; z2 in the order of the image rows)")
    fig, ax = plt.subplots(figsize=(max(2.0, len(z1) * scale + 0.9), max(1.0, len(z2) * scale + 0.7)))
    extent = (z1[0] - step1 / 2, z1[-1] + step1 / 2, z2[-1] - step2 / 2, z2[0] + step2 / 2)  # left right bottom top
    ax.imshow(tile_images(x, len(z1), pad=0), cmap="gray", vmin=0, vmax=255, interpolation="nearest",
              extent=extent, aspect="auto")
    def tick(v: float) -> str:
        return f"{v:.1f}".replace("-0.0", "0.0") if abs(v) < 0.05 else f"{v:.1f}"  # no "-0.0"

    ax.set_xticks(z1, [tick(v) for v in z1], fontsize="small")
    ax.set_yticks(z2, [tick(v) for v in z2], fontsize="small")
    ax.set_xlabel(axis_labels[0])
    ax.set_ylabel(axis_labels[1])
    if title:
        ax.set_title(title)
    fig.tight_layout()
    return fig


def percentile_limits(z: np.ndarray, *, q: float = 0.5, pad: float = 0.15):
    """Axis limits ``((z1_lo, z1_hi), (z2_lo, z2_hi))`` from the ``q`` and ``100 - q`` percentiles of ``(N, 2)``
    points, widened by ``pad`` of the range: a few far-out codes do not shrink the crowd into a corner."""
    lo, hi = np.percentile(z, q, axis=0), np.percentile(z, 100 - q, axis=0)
    margin = pad * (hi - lo) + 1e-3
    return tuple((float(lo[i] - margin[i]), float(hi[i] + margin[i])) for i in range(2))


def _codes_2d(codes) -> np.ndarray:
    z = to_numpy(codes, "codes")
    if z.ndim != 2 or z.shape[1] != 2 or len(z) == 0:
        raise ValueError(f"codes must have shape (N, 2) with N >= 1, got {z.shape}")
    if not np.isfinite(z).all():
        raise ValueError("codes contains NaN or infinite values (a diverged model?); they cannot be drawn")
    return z


def latent_scatter(codes, labels, *, title: str | None = None, ax=None, s: float = 4.0,
                   digit_labels: str = "legend", limits=None,
                   axis_labels: tuple[str, str] = ("$z_1$", "$z_2$")) -> plt.Figure:
    """Scatter 2-D latent codes ``(N, 2)`` coloured by digit label ``(N,)``.

    ``digit_labels="legend"`` puts a legend 0-9 beside the axes; ``"medians"`` writes each digit at
    the median of its codes instead (no room taken beside a small picture). ``limits``
    ``((z1_lo, z1_hi), (z2_lo, z2_hi))`` fixes the axes, ``"percentiles"`` clips them at the 1st and 99th
    percentiles (``percentile_limits``) and says in the corner how many codes fall outside; by default
    matplotlib fits them to all the codes. ``axis_labels`` names the two axes; the default, $z_1$ and $z_2$,
    is for latent codes: an embedding without a code (t-SNE) or principal components deserve their own names,
    e.g. ``("t-SNE 1", "t-SNE 2")``.
    Pass ``ax`` to draw into an existing axes (e.g. side by side with another embedding); the
    figure that holds it is returned either way.
    """
    choice(digit_labels, "digit_labels", ("legend", "medians"))
    _axis_labels(axis_labels)
    z, y = _codes_2d(codes), to_numpy(labels, "labels")
    if y.shape != (len(z),):
        raise ValueError(f"labels must have shape ({len(z)},), got {y.shape}")
    if ax is None:
        fig, ax = plt.subplots(figsize=(4.2, 3.8))
    else:
        fig = ax.figure
    cmap = plt.get_cmap("tab10")
    for digit in np.unique(y):
        keep, color = y == digit, cmap(int(digit) % 10)
        ax.scatter(z[keep, 0], z[keep, 1], s=s, color=color, label=str(int(digit)), alpha=0.7)
        if digit_labels == "medians":
            ax.text(*np.median(z[keep], axis=0), str(int(digit)), fontsize="x-large", weight="bold",
                    ha="center", va="center", color=color,
                    bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.7})
    if isinstance(limits, str):
        choice(limits, "limits", ("percentiles",))
        limits = percentile_limits(z, q=1.0)
        (lo1, hi1), (lo2, hi2) = limits
        outside = int(np.sum((z[:, 0] < lo1) | (z[:, 0] > hi1) | (z[:, 1] < lo2) | (z[:, 1] > hi2)))
        if outside:
            ax.text(0.99, 0.01, f"{outside} of {len(z)} codes outside the axes", transform=ax.transAxes,
                    ha="right", va="bottom", fontsize="x-small", color="0.3")
    if limits is not None:
        ax.set_xlim(*limits[0])
        ax.set_ylim(*limits[1])
    ax.set_xlabel(axis_labels[0])
    ax.set_ylabel(axis_labels[1])
    if digit_labels == "legend":
        ax.legend(title="digit", markerscale=3, fontsize="small", loc="center left", bbox_to_anchor=(1.0, 0.5))
    if title:
        ax.set_title(title)
    fig.tight_layout()
    return fig


@dataclass(frozen=True)
class LatentMap:
    """A latent scatter rendered once as palette indices, for a widget that draws a marker on it per update.

    ``indices`` is ``(H, W)`` uint8; ``palette`` the flat RGB list of 256 colours, of which index
    ``raster.MARK`` (255) is black and unused by the picture, so a marker drawn with it always shows.
    ``limits`` is ``((z1_lo, z1_hi), (z2_lo, z2_hi))``; ``corners`` the display pixels ``(x0, y0, x1, y1)``
    (y up, from the bottom) of the lower-left and upper-right limits.
    """
    indices: np.ndarray
    palette: list[int]
    limits: tuple[tuple[float, float], tuple[float, float]]
    corners: tuple[float, float, float, float]

    def to_pixel(self, z1: float, z2: float) -> tuple[int, int]:
        """``(row, col)`` of ``indices`` at which the latent position ``(z1, z2)`` is drawn."""
        (lo1, hi1), (lo2, hi2) = self.limits
        x0, y0, x1, y1 = self.corners
        col = x0 + (z1 - lo1) / (hi1 - lo1) * (x1 - x0)
        row = self.indices.shape[0] - (y0 + (z2 - lo2) / (hi2 - lo2) * (y1 - y0))
        return int(round(row)), int(round(col))


def latent_map(codes, labels, *, title: str | None = None, size_px: int = 320) -> LatentMap:
    """``latent_scatter`` of codes ``(N, 2)`` with digit ``labels`` ``(N,)``, labels at the class medians,
    rendered off screen into a ``size_px`` square and quantised to 255 colours (see ``LatentMap``)."""
    z = _codes_2d(codes)
    limits = percentile_limits(z)
    dpi = 100
    fig = Figure(figsize=(size_px / dpi, size_px / dpi), dpi=dpi)  # not pyplot's: never shown in a notebook
    canvas = FigureCanvasAgg(fig)
    with matplotlib.rc_context({"font.size": 8}):  # text sizes for a 3-inch picture
        latent_scatter(z, labels, title=title, ax=fig.subplots(), s=3, digit_labels="medians", limits=limits)
        canvas.draw()
    rgb = Image.fromarray(np.asarray(canvas.buffer_rgba())[:, :, :3].copy())
    quantized = rgb.quantize(colors=MARK, method=Image.Quantize.MEDIANCUT)  # indices 0-254
    palette = (quantized.getpalette() + [0] * 768)[:3 * MARK] + [0, 0, 0]
    (x0, y0), (x1, y1) = fig.axes[0].transData.transform([(limits[0][0], limits[1][0]),
                                                          (limits[0][1], limits[1][1])])
    indices = np.asarray(quantized, dtype=np.uint8).copy()
    return LatentMap(indices, palette, limits, (float(x0), float(y0), float(x1), float(y1)))


def loss_curves(history: dict[str, list[float]], *, title: str = "Training loss", ylabel: str = "MSE per pixel",
                log: bool = False) -> plt.Figure:
    """Plot per-epoch losses from a history such as ``training.fit`` returns, ``{"train": [...], "val": [...]}``.

    Every non-empty list becomes one line, labelled by its key. ``log=True`` uses a log y axis.
    """
    if not isinstance(history, dict):
        raise TypeError(f"history must be a dict of loss lists such as fit returns, {{'train': [...], 'val': [...]}}, "
                        f"got {type(history).__name__}")
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
                  log_x: bool = False, references: dict[str, float] | None = None) -> plt.Figure:
    """Plot one line per entry of ``curves`` against shared x values (e.g. MSE vs latent size).

    ``references`` ``{name: value}`` adds a dashed horizontal line per entry, for a value with no x of its
    own on the axis (k = 0 on a log axis, a baseline).
    """
    x = to_numpy(x)
    fig, ax = plt.subplots(figsize=(4.8, 3.2))
    for name, values in curves.items():
        values = to_numpy(values)
        if values.shape != x.shape:
            raise ValueError(f"curve {name!r} has {values.shape[0] if values.ndim else 0} values for {len(x)} x values")
        ax.plot(x, values, marker="o", markersize=3, label=name)
    for name, value in (references or {}).items():
        ax.axhline(_validate.number(value, f"references[{name!r}]"), ls="--", lw=1, color="0.35", label=name)
    if log_x:
        ax.set_xscale("log", base=2)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.legend()
    ax.grid(alpha=0.3)
    fig.tight_layout()
    return fig


def roc_curves(curves: dict[str, tuple], *, title: str = "ROC curves", highlight: str | None = None,
               zoom: tuple[float, float] | None = None) -> plt.Figure:
    """ROC curves of anomaly scores, one per entry ``name: (normal_scores, anomaly_scores)``.

    Anomalies are the positives: the x axis is the fraction of normal images flagged (false
    positive rate), the y axis the fraction of anomalies flagged (recall). Each legend entry shows
    its AUC (``metrics.auc``); the diagonal is a random score. The legend sits below the axes, so it
    covers no curve.

    ``highlight`` names one curve to draw last and thicker, so that curves hugging the same corner
    cannot hide it. ``zoom = (max_fpr, min_recall)``, both in (0, 1], adds a second panel showing
    only false positive rates up to ``max_fpr`` and recall from ``min_recall``: the corner where
    detectors with an AUC near 1 differ (marked by a box on the first panel).
    """
    from matplotlib.patches import Rectangle

    from .metrics import auc, roc

    if not curves:
        raise ValueError("curves is empty; pass {name: (normal_scores, anomaly_scores)}")
    if highlight is not None and highlight not in curves:
        raise ValueError(f"highlight must be one of the curves' names {list(curves)}, got {highlight!r}")
    if zoom is not None:
        if len(zoom) != 2 or not (0 < zoom[0] <= 1 and 0 <= zoom[1] < 1):
            raise ValueError(f"zoom must be (max_fpr, min_recall) with 0 < max_fpr <= 1 and 0 <= min_recall < 1, "
                             f"got {zoom!r}")
    lines = []
    for i, (name, (normal, anomalous)) in enumerate(curves.items()):
        normal, anomalous = to_numpy(normal).ravel(), to_numpy(anomalous).ravel()
        if len(normal) == 0 or len(anomalous) == 0:
            raise ValueError(f"curve {name!r} needs both normal and anomaly scores")
        lines.append((name, roc(normal, anomalous), auc(normal, anomalous), f"C{i}"))
    # The highlighted curve last, so nothing is drawn over it; the legend keeps the order given.
    order = sorted(range(len(lines)), key=lambda i: lines[i][0] == highlight)
    panels = 2 if zoom is not None else 1
    rows = -(-(len(lines) + 1) // panels)  # legend rows, the chance line included
    legend_height = 0.1 + 0.2 * rows  # inches, a strip below the axes and their x labels
    fig, axes = plt.subplots(1, panels, figsize=(4.6 * panels, 4.0 + legend_height), squeeze=False)
    for ax in axes[0]:
        for i in order:
            name, (fpr, tpr), area, color = lines[i]
            wide = name == highlight
            ax.plot(fpr, tpr, color=color, lw=2.6 if wide else 1.4, zorder=3 if wide else 2,
                    label=f"{name} (AUC {area:.3f})")
        ax.plot([0, 1], [0, 1], color="gray", linestyle=":", label="chance (AUC 0.5)")
        ax.set_xlabel("false positive rate (normal images flagged)")
        ax.grid(alpha=0.3)
    ax = axes[0][0]
    ax.set_ylabel("recall (anomalies flagged)")
    ax.set_title("all thresholds" if zoom is not None else title, fontsize=10)
    if zoom is not None:
        max_fpr, min_recall = zoom
        pad = 0.02 * max_fpr, 0.02 * (1 - min_recall)
        corner = axes[0][1]
        corner.set_xlim(-pad[0], max_fpr)
        corner.set_ylim(min_recall, 1 + pad[1])
        corner.set_title(f"zoom: false positive rate up to {max_fpr:g}, recall from {min_recall:g}", fontsize=10)
        ax.add_patch(Rectangle((0, min_recall), max_fpr, 1 - min_recall, fill=False, color="black", lw=0.8, zorder=4))
        fig.suptitle(title)
    handles, labels = ax.get_legend_handles_labels()
    by_label = dict(zip(labels, handles))
    wanted = [f"{name} (AUC {area:.3f})" for name, _, area, _ in lines] + ["chance (AUC 0.5)"]
    legend = ax.legend([by_label[label] for label in wanted], wanted, fontsize="small", ncol=panels, frameon=False,
                       loc="lower left", bbox_to_anchor=(0, 0), bbox_transform=fig.transFigure)
    legend.set_in_layout(False)  # it has its own strip below the axes, which tight_layout leaves free
    fig.tight_layout(rect=(0, legend_height / fig.get_figheight(), 1, 1))
    legend.set_in_layout(True)  # and a saved or shown figure that is cropped to its contents keeps it
    return fig


# ----------------------------------------------------------------------------- the 2-D game (notebook 04)

def frame_strip(frames: list, *, extent: float, title: str = "", size: float = 2.4):
    """A row of live-view frames (``game.GameDrawing.rgb()``), with axes in data coordinates, a colour bar
    for D(x) and a key for the points. ``frames`` is a list of ``(step, (H, W, 3) uint8 array)``, each
    showing ``[-extent, extent]^2``."""
    from matplotlib.cm import ScalarMappable
    from matplotlib.colors import ListedColormap, Normalize
    from matplotlib.lines import Line2D

    from .game import FAKE_COLOR, REAL_COLOR, heat_lut

    fig, axes = plt.subplots(1, len(frames), figsize=(size * len(frames) + 1.2, size + 0.7), squeeze=False,
                             sharey=True)
    for ax, (step, rgb) in zip(axes[0], frames):
        ax.imshow(rgb, extent=(-extent, extent, -extent, extent))
        ax.set_title(f"step {step}", fontsize=9)
        ax.set_xlabel("$x_1$", fontsize=8)
        ax.tick_params(labelsize=7)
    axes[0][0].set_ylabel("$x_2$", fontsize=8)
    key = [Line2D([], [], marker="o", ls="", color=np.array(c) / 255, markeredgecolor="black", label=n)
           for c, n in ((REAL_COLOR, "real"), (FAKE_COLOR, "generated"))]
    key.append(Line2D([], [], color="black", marker=">", markevery=[-1], label="push on G's samples"))
    # The key goes below the panels: inside one it would cover modes.
    fig.legend(handles=key, fontsize=7, loc="lower center", ncol=3, frameon=False)
    fig.subplots_adjust(bottom=0.24)
    heat = ListedColormap(heat_lut() / 255)
    bar = fig.colorbar(ScalarMappable(Normalize(0, 1), heat), ax=axes[0].tolist(), fraction=0.02, pad=0.01)
    bar.set_label("D(x): 0 'generated' … 1 'real'", fontsize=8)
    if title:
        fig.suptitle(title, fontsize=10)
    return fig


def coverage_figure(samples: dict, dataset: str, *, size: float = 2.6):
    """One scatter per entry of ``samples`` (title -> ``(N, 2)`` points) over the mixture's modes, each mode
    drawn as the circle of radius 3 sigma inside which a sample counts as high quality."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Circle

    from .data import MIXTURES

    choice(dataset, "dataset", MIXTURES)
    modes, radius = MIXTURES[dataset].modes.numpy(), 3 * MIXTURES[dataset].std
    e = 1.5 * float(np.abs(modes).max())
    fig, axes = plt.subplots(1, len(samples), figsize=(size * len(samples), size + 0.5), squeeze=False)
    for ax, (title, points) in zip(axes[0], samples.items()):
        points = np.asarray(points)
        ax.scatter(*points.T, s=2, alpha=0.4, c="tab:purple")
        for centre in modes:  # hollow and on top: sharp samples sit inside and stay visible
            ax.add_patch(Circle(centre, radius, fill=False, color="tab:green", lw=1))
        ax.set_xlim(-e, e)
        ax.set_ylim(-e, e)
        ax.set_aspect("equal")
        ax.set_title(title, fontsize=9)
        ax.set_xlabel("$x_1$", fontsize=8)
        ax.tick_params(labelsize=7)
    axes[0][0].set_ylabel("$x_2$", fontsize=8)
    key = [Line2D([], [], ls="", marker="o", color="tab:purple", markersize=3, label="generated"),
           Line2D([], [], ls="", marker="o", markerfacecolor="none", markeredgecolor="tab:green",
                  label=f"3σ around each mode (radius {radius:g}): high quality inside")]
    fig.tight_layout()
    fig.subplots_adjust(bottom=0.3)
    fig.legend(handles=key, fontsize=7, loc="lower center", ncol=2, frameon=False)
    return fig

