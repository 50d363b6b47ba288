"""Interactive widgets for the course, built only from widgets that exist in both ipywidgets 7.7
(Colab) and 8 (JupyterLab 4). Images are drawn as PNG bytes into ``widgets.Image``: about 1.5 ms per
update, against ~45 ms for a matplotlib redraw, and it works where ``widgets.Output`` does not (Colab).

Each builder checks its arguments once and returns a panel: a ``VBox`` that also holds the widget's
state. Setting a control's ``.value`` from Python updates the shown image synchronously, so tests and
benchmarks can drive a widget without a browser. Pixels are drawn by ``raster``, the explorer's map by
``plotting.latent_map``, argument checks are ``_validate``'s.
"""
from __future__ import annotations

import base64
import contextlib
import html
import io
import re
import textwrap
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from functools import partial

import ipywidgets as widgets
import numpy as np
import torch
from PIL import Image as PILImage
from PIL import ImageDraw

from . import _validate, threads
from ._validate import choice, number
from .game import GameDrawing, font_of_size
from .data import MIXTURES
from .gan2d import DATASETS, GAN2D, R1_WEIGHT, GANConfig
from .latent import PATHS, class_means, codes_of
from .latent import path as latent_path
from .plotting import LatentMap, latent_map
from .raster import GRAY_PALETTE, box, gray_indices, images_png, indexed_png, png_bytes, tile_images

_ERROR_STYLE = "color:#b00020"


def image_view(value: bytes = b"", width: str = "300px") -> widgets.Image:
    """An empty ``widgets.Image`` that shows PNG bytes at ``width`` (scaled by the browser)."""
    return widgets.Image(value=value, format="png", layout=widgets.Layout(width=width))


def message_label() -> widgets.HTML:
    """A one-line area for short messages (bad values are shown here, never as a traceback)."""
    return widgets.HTML(value="")


class Panel(widgets.VBox):
    """A ``VBox`` with a short text repr.

    A plain container's repr spells out every child, PNG bytes included; saved notebooks would grow
    and nbval would compare pixels as text. Builders return a ``Panel`` so the repr is ``<name>``.
    """

    def __init__(self, children, *, name: str, **kwargs):
        super().__init__(children, **kwargs)
        self._panel_name = name

    def __repr__(self) -> str:
        return f"<{self._panel_name}>"

    def still(self) -> bytes:
        """A PNG picture of the panel as it is now: its images, and its controls' values as text."""
        picture = _still(self) or PILImage.new("RGB", (1, 1), "white")
        buffer = io.BytesIO()
        picture.save(buffer, format="PNG", optimize=True)
        return buffer.getvalue()

    def _repr_mimebundle_(self, **kwargs):
        """The widget, and beside it a still picture (``still``) for viewers that cannot run widgets: GitHub,
        nbviewer, the classic Notebook or Colab before the notebook runs. (ipywidgets 8; 7.x displays widgets
        through ``_ipython_display_`` and shows the live widget only.)"""
        bundle = super()._repr_mimebundle_(**kwargs)
        if isinstance(bundle, dict):
            bundle["image/png"] = base64.b64encode(self.still()).decode("ascii")
        return bundle


# ----------------------------------------------------------------------------- stills: a widget tree as a picture

_STILL_FONT_PX = 15


def _still(widget) -> PILImage.Image | None:
    """Draw ``widget`` (and its children) as a picture: images as they are, boxes side by side (HBox) or
    stacked, and text and controls as lines of text. None for widgets with nothing to show."""
    if getattr(widget.layout, "display", None) == "none" or isinstance(widget, widgets.Play):
        return None
    if isinstance(widget, widgets.Image):
        if not widget.value:
            return None
        picture = PILImage.open(io.BytesIO(bytes(widget.value))).convert("RGB")
        width = str(widget.layout.width or "")
        if width.endswith("px") and float(width[:-2]) != picture.width:  # as the browser scales it
            w = int(float(width[:-2]))
            picture = picture.resize((w, max(1, round(picture.height * w / picture.width))), PILImage.NEAREST)
        return picture
    if isinstance(widget, widgets.Box):
        parts = [part for part in (_still(child) for child in widget.children) if part is not None]
        return _join(parts, horizontal=isinstance(widget, widgets.HBox)) if parts else None
    text = _still_text(widget)
    return _text_picture(text) if text else None


def _still_text(widget) -> str:
    """One line describing a control's state, or the text of an HTML/Label widget."""
    if isinstance(widget, (widgets.HTML, widgets.Label)):
        return html.unescape(re.sub(r"<[^>]+>", "", widget.value)).strip()
    description = getattr(widget, "description", "") or ""
    if isinstance(widget, (widgets.Button, widgets.ToggleButton)):
        return f"[ {description} ]"
    if isinstance(widget, widgets.ToggleButtons):
        labels = [str(label) for label in widget._options_labels]
        return f"{description} " + " ".join(f"[{label}]" if label == widget.label else label for label in labels)
    if hasattr(widget, "value") and not isinstance(widget.value, (bytes, memoryview)):
        value = widget.value
        if isinstance(widget, (widgets.Dropdown, widgets.RadioButtons)):
            value = widget.label
        elif isinstance(value, float):
            fmt = getattr(widget, "readout_format", ".2f") or ".2f"
            value = format(value, fmt)
        return f"{description}: {value}" if description else str(value)
    return ""


def _text_picture(text: str, width_chars: int = 110) -> PILImage.Image:
    font = font_of_size(_STILL_FONT_PX)
    lines = textwrap.wrap(text, width_chars) or [""]
    line_h = int(_STILL_FONT_PX * 1.35)
    width = max(int(font.getlength(line)) for line in lines) + 8
    picture = PILImage.new("RGB", (width, line_h * len(lines) + 4), "white")
    pen = ImageDraw.Draw(picture)
    for k, line in enumerate(lines):
        pen.text((4, 2 + k * line_h), line, fill=(0, 0, 0), font=font)
    return picture


def _join(parts: list, *, horizontal: bool, gap: int = 8) -> PILImage.Image:
    if horizontal:
        size = (sum(p.width for p in parts) + gap * (len(parts) - 1), max(p.height for p in parts))
    else:
        size = (max(p.width for p in parts), sum(p.height for p in parts) + gap * (len(parts) - 1))
    canvas, at = PILImage.new("RGB", size, "white"), 0
    for part in parts:
        canvas.paste(part, (at, 0) if horizontal else (0, at))
        at += (part.width if horizontal else part.height) + gap
    return canvas


class Interactive(Panel):
    """A panel that redraws itself when its controls change; every widget below is one.

    Two things each widget needs, done one way for all: ``_guarded`` runs a redraw so that an error
    shows as a short red line in ``message``, and ``_quiet`` lets a handler set another control from
    Python without that control's handler running too (one redraw, not one per control moved).
    """

    def __init__(self, *, name: str):
        super().__init__([], name=name)
        self.message = message_label()
        self._quiet_depth = 0

    @contextlib.contextmanager
    def _quiet(self) -> Iterator[None]:
        """Inside, setting a control's value runs none of the handlers added with ``_on``."""
        self._quiet_depth += 1
        try:
            yield
        finally:
            self._quiet_depth -= 1

    def _on(self, control: widgets.Widget, handler: Callable[[dict], None]) -> None:
        """Call ``handler(change)`` when ``control.value`` changes, except inside ``_quiet``."""
        def run(change: dict) -> None:
            if not self._quiet_depth:
                handler(change)
        control.observe(run, names="value")

    def _guarded(self, draw: Callable[[], None]) -> bool:
        """Run ``draw``; an error becomes a one-line message, a success clears an old one. True if it drew."""
        try:
            with threads(1):  # one redraw is small work: faster on one thread, and never waits on a busy core
                draw()
        except Exception as error:  # in class a widget must keep working, so nothing escapes
            text = str(error).splitlines()[0] if str(error) else type(error).__name__
            self.message.value = f"<span style='{_ERROR_STYLE}'>cannot draw: {html.escape(text[:200])}</span>"
            return False
        if self.message.value.startswith(f"<span style='{_ERROR_STYLE}'>"):
            self.message.value = ""
        return True


def _model_row(name: str, *views: widgets.Image) -> widgets.HBox:
    return widgets.HBox([widgets.HTML(f"<b>{name}</b>", layout=widgets.Layout(width="110px")), *views])


def _class_dropdown(value: int, classes: list[int], description: str) -> widgets.Dropdown:
    return widgets.Dropdown(options=[(f"digit {c}", c) for c in classes], value=value, description=description,
                            layout=widgets.Layout(width="180px"))


# ----------------------------------------------------------------------------- PCA (notebook 01)

class PCAReconstruction(Interactive):
    """Originals (top row) and their reconstructions from the first k principal components (bottom row);
    ``slider`` picks k, ``image`` shows both rows, ``message`` the MSE per pixel."""

    def __init__(self, mean: np.ndarray, components: np.ndarray, flat: np.ndarray, *, max_k: int, width: str):
        super().__init__(name="PCA reconstruction widget")
        self.mean, self.components, self.flat = mean, components[:max_k], flat  # (784,), (max_k, 784), (N, 784)
        self.scores = (flat - mean) @ self.components.T  # (N, max_k): the encoding of each image
        self.slider = widgets.IntSlider(value=min(8, max_k), min=1, max=max_k, step=1, description="k",
                                        continuous_update=True)
        self.image = image_view(width=width)
        self._on(self.slider, lambda change: self._guarded(self._draw))
        self._guarded(self._draw)
        self.children = [self.slider, self.image, self.message]

    def _draw(self) -> None:
        k = int(self.slider.value)
        recon = self.mean + self.scores[:, :k] @ self.components[:k]
        # The MSE of the unclipped reconstruction, as notebook 01 prints it; only the picture is clipped to
        # [0, 1] (images_png does that), so the two numbers a student compares mean the same thing.
        mse = float(((recon - self.flat) ** 2).mean())
        both = np.concatenate([self.flat, recon]).reshape(-1, 28, 28)
        self.image.value = images_png(both, ncols=len(self.flat), scale=2)
        self.message.value = (f"top: originals, bottom: reconstruction from k = {k} of 784 numbers "
                              f"&nbsp; MSE per pixel {mse:.4f}")


def pca_reconstruction_widget(pca, images, *, max_k: int | None = None, width: str = "520px") -> PCAReconstruction:
    """A slider that scrubs the number of principal components k and shows the reconstructions.

    ``pca`` is a fitted ``sklearn.decomposition.PCA`` (anything with ``mean_`` and ``components_``)
    on flattened 28x28 images; ``images`` is ``(N, 1, 28, 28)`` in [0, 1] (a handful of digits).
    The top row shows the originals, the bottom row their reconstruction from the first k
    components, ``x_hat = mean + sum_{j<=k} ((x - mean) . w_j) w_j``, with its MSE per pixel.
    The panel exposes ``slider``, ``image`` and ``message``; setting ``slider.value`` redraws at once.
    """
    x = _validate.images(images)
    if not (hasattr(pca, "mean_") and hasattr(pca, "components_")):
        raise ValueError(f"pca must be a fitted PCA (with mean_ and components_): call pca.fit(flat_images) first, "
                         f"got {type(pca).__name__} without them")
    mean = np.asarray(pca.mean_, dtype=np.float64)
    components = np.asarray(pca.components_, dtype=np.float64)  # (K, 784)
    if mean.shape != (784,) or components.ndim != 2 or components.shape[1] != 784:
        raise ValueError(f"pca must be fitted on flattened 28x28 images (784 features), got components "
                         f"of shape {components.shape}")
    max_k = len(components) if max_k is None else _validate.integer(max_k, "max_k", high=len(components))
    flat = _validate.to_numpy(x).reshape(len(x), 784).astype(np.float64)
    return PCAReconstruction(mean, components, flat, max_k=max_k, width=width)


# ----------------------------------------------------------------------------- latent-space widgets (notebook 06)
# Each takes ``models``: a dict {name: model} or a list of shipped weight names (``pretrained.available()``);
# a model needs ``latent_dim`` and ``decode(z)`` (and ``encode(x)`` where the widget encodes real digits).
# Every slider change decodes a handful of codes and re-encodes small PNGs: a few ms in the kernel.

def _dataset(images, labels) -> tuple[torch.Tensor, torch.Tensor]:
    """Checked ``images`` ``(N, 1, 28, 28)`` in [0, 1] and digit ``labels`` ``(N,)`` (long), on the CPU."""
    images = _validate.images(images).detach().cpu()
    return images, _validate.labels(labels, len(images)).detach().cpu()


def _decode(model, z: torch.Tensor) -> np.ndarray:
    """Decode codes ``(N, d)`` to ``(N, 28, 28)`` float images in [0, 1]; a NaN is reported, not drawn."""
    with torch.no_grad():
        x = model.decode(z.reshape(-1, model.latent_dim).float())
    x = _validate.to_numpy(x)[:, 0]
    if not np.isfinite(x).all():
        raise ValueError("the model produced NaN or infinite pixels for this code")
    return x


class LatentInterpolation(Interactive):
    """The latent path between two real digits, decoded by several models side by side.

    ``controls``: ``start``/``end`` (image index sliders), ``start_class``/``end_class`` (dropdowns that
    jump to the next digit of a class), ``path``, ``t`` and ``play``. ``views``: ``ends`` (the two
    digits) and, per model, ``NAME:frame`` (decoded at t) and ``NAME:path`` (the whole path, nearest step
    boxed). Codes are computed once per (model, image) and kept.
    """
    STEPS = 20  # t moves in steps of 1/20, by slider or Play

    def __init__(self, models: dict, images: torch.Tensor, labels: torch.Tensor, *, start: int, end: int,
                 path: str, t: float, frames: int, scale: int, invert_steps: int):
        super().__init__(name="latent interpolation widget")
        self.models, self.images, self.labels = models, images, labels
        self.frames, self.scale, self.invert_steps = frames, scale, invert_steps
        self._codes: dict[tuple[str, int], torch.Tensor] = {}  # (model name, image index) -> code (d,)
        self._ends: dict[str, tuple[torch.Tensor, torch.Tensor]] = {}  # model name -> codes of the two digits
        self._strips: dict[str, np.ndarray] = {}  # model name -> the path's frames as gray palette indices
        self._boxed: int | None = None  # the strip column boxed now
        self.controls = self._make_controls(start, end, path, t)
        self.views = self._make_views()
        for which in ("start", "end"):
            self._on(self.controls[which], partial(self._on_index, which))
            self._on(self.controls[f"{which}_class"], partial(self._on_class, which))
        self._on(self.controls["path"], lambda change: self._guarded(self._draw_path))
        self._on(self.controls["t"], lambda change: self._guarded(self._draw_frame))
        self._on(self.controls["play"], self._on_play)
        self._guarded(self._draw_path)
        self.children = self._layout()

    def _make_controls(self, start: int, end: int, path: str, t: float) -> dict[str, widgets.Widget]:
        classes, n = sorted(set(self.labels.tolist())), len(self.images)
        controls = {
            "start_class": _class_dropdown(int(self.labels[start]), classes, "from"),
            "start": widgets.IntSlider(value=start, min=0, max=n - 1, description="index"),
            "end_class": _class_dropdown(int(self.labels[end]), classes, "to"),
            "end": widgets.IntSlider(value=end, min=0, max=n - 1, description="index"),
            "path": widgets.ToggleButtons(options=list(PATHS), value=path, description="path"),
            "t": widgets.FloatSlider(value=t, min=0.0, max=1.0, step=1 / self.STEPS, description="t",
                                     readout_format=".2f"),
            "play": widgets.Play(value=round(t * self.STEPS), min=0, max=self.STEPS, step=1, interval=120,
                                 description="play"),
        }
        controls["t"].add_class("course-t-slider")
        return controls

    def _make_views(self) -> dict[str, widgets.Image]:
        views = {"ends": image_view(width=f"{2 * 29 * 3 + 3}px")}
        for name in self.models:
            views[f"{name}:frame"] = image_view(width=f"{28 * self.scale}px")
            views[f"{name}:frame"].add_class("course-frame")
            views[f"{name}:path"] = image_view(width=f"{(self.frames * 29 + 1) * 2}px")
        return views

    def _layout(self) -> list[widgets.Widget]:
        c, v = self.controls, self.views
        header = widgets.HTML("<b>decoded at t</b> &nbsp;&nbsp; and the whole path, t = 0 &rarr; 1 "
                              f"({self.frames} steps, the nearest boxed)")
        return [widgets.HBox([c["start_class"], c["start"]]), widgets.HBox([c["end_class"], c["end"]]),
                widgets.HBox([v["ends"], widgets.HTML("&larr; the two real digits (from, to)")]),
                c["path"], widgets.HBox([c["play"], c["t"]]), self.message, header,
                *[_model_row(name, v[f"{name}:frame"], v[f"{name}:path"]) for name in self.models]]

    def _code(self, name: str, index: int) -> torch.Tensor:
        """The code ``(d,)`` of image ``index`` under model ``name``; a GAN's search takes about half a second on 2 cores,
        so each is computed once."""
        if (name, index) not in self._codes:
            one = self.images[index:index + 1]
            self._codes[(name, index)] = codes_of(self.models[name], one, steps=self.invert_steps)[0]
        return self._codes[(name, index)]

    def _draw_path(self) -> None:
        """The two end digits and, for every model, the strip of ``frames`` steps along the path."""
        a, b = int(self.controls["start"].value), int(self.controls["end"].value)
        kind = self.controls["path"].value
        self.views["ends"].value = images_png(self.images[[a, b]], ncols=2, scale=3)
        ts = torch.linspace(0, 1, self.frames)
        for name, model in self.models.items():
            z0, z1 = self._code(name, a), self._code(name, b)
            self._ends[name] = (z0, z1)
            strip = tile_images(_decode(model, latent_path(z0, z1, ts, kind)), ncols=self.frames)
            self._strips[name] = gray_indices(strip)
        self._boxed = None
        self._draw_frame()

    def _draw_frame(self) -> None:
        """For every model the digit decoded at ``t``, and the box on the nearest step of its strip."""
        t, kind = float(self.controls["t"].value), self.controls["path"].value
        column = round(t * (self.frames - 1))
        for name, model in self.models.items():
            z0, z1 = self._ends[name]
            frame = tile_images(_decode(model, latent_path(z0, z1, t, kind)), pad=0)
            self.views[f"{name}:frame"].value = png_bytes(frame, scale=self.scale)
            if self._boxed != column:  # the strip changes only when the nearest step does
                strip = self._strips[name].copy()
                box(strip, 0, column * 29, 30, 30, thick=1)
                self.views[f"{name}:path"].value = indexed_png(strip, GRAY_PALETTE, scale=2)
        self._boxed = column

    def _on_index(self, which: str, change: dict) -> None:
        with self._quiet():  # the dropdown follows the index without jumping to another digit
            self.controls[f"{which}_class"].value = int(self.labels[change["new"]])
        self._guarded(self._draw_path)

    def _on_class(self, which: str, change: dict) -> None:
        slider = self.controls[which]
        matches = (self.labels == change["new"]).nonzero().flatten().tolist()
        after = [i for i in matches if i > slider.value]
        with self._quiet():
            slider.value = (after or matches)[0]  # the next digit of that class
        self._guarded(self._draw_path)

    def _on_play(self, change: dict) -> None:
        self.controls["t"].value = change["new"] / self.STEPS  # t's own handler redraws


def interpolation_widget(models, images, labels, *, start: int = 0, end: int = 1, path: str = "linear",
                         t: float = 0.5, frames: int = 11, scale: int = 4,
                         invert_steps: int = 50) -> LatentInterpolation:
    """Walk the latent path between two real digits, decoded by several models side by side.

    ``images`` ``(N, 1, 28, 28)`` in [0, 1] and ``labels`` ``(N,)`` are the digits to pick from: by
    index (the ``from``/``to`` sliders, or ``start``/``end``) or by class (the dropdowns jump to the next
    digit of that class). Each model's codes of the two digits come from its encoder, or for a GAN
    generator from ``latent.invert`` with ``invert_steps`` Adam steps (about half a second on 2 cores, cached).
    ``path`` is ``"linear"`` or ``"spherical"``; ``t`` in [0, 1] moves along it (slider or Play). For every
    model the panel shows the digit decoded at ``t`` and a strip of ``frames`` steps along the path with
    the nearest one boxed. Exposes ``controls`` (dict of widgets), ``views`` (dict of ``widgets.Image``),
    ``message`` and ``models``.
    """
    models = _validate.latent_models(models)
    images, labels = _dataset(images, labels)
    last = len(images) - 1
    return LatentInterpolation(
        models, images, labels, start=_validate.integer(start, "start", low=0, high=last),
        end=_validate.integer(end, "end", low=0, high=last), path=_validate.choice(path, "path", PATHS),
        t=_validate.number(t, "t", low=0, high=1), frames=_validate.integer(frames, "frames", low=2, high=21),
        scale=_validate.integer(scale, "scale", high=16), invert_steps=_validate.integer(invert_steps, "invert_steps", low=0))


class LatentExplorer(Interactive):
    """A 2-D latent position (``controls`` ``z1``, ``z2``), the digit decoded there (``views["digit"]``) and a
    marker on the map of the real codes (``views["map"]``); ``controls["model"]`` switches the model.

    Each model's map is rendered once, on first show; a slider move only draws the marker with NumPy and
    encodes two PNGs.
    """

    def __init__(self, models: dict, images: torch.Tensor, labels: torch.Tensor, *, model: str,
                 z: tuple[float, float], map_px: int, scale: int):
        super().__init__(name="2-D latent explorer")
        self.models, self.images, self.labels, self.map_px, self.scale = models, images, labels, map_px, scale
        self._maps: dict[str, LatentMap] = {}  # model name -> its map
        slider = partial(widgets.FloatSlider, value=0.0, min=-1.0, max=1.0, step=0.01, readout_format=".2f")
        self.controls = {"model": widgets.Dropdown(options=list(models), value=model, description="model"),
                         "z1": slider(description="z1"), "z2": slider(description="z2")}
        self.controls["z1"].add_class("course-z1-slider")
        self.views = {"map": image_view(width=f"{map_px}px"), "digit": image_view(width=f"{28 * scale}px")}
        self.views["digit"].add_class("course-explorer-digit")
        self.readout = widgets.HTML()
        self._fit_sliders(model)  # no handlers yet; an error here reaches the caller
        self.controls["z1"].value, self.controls["z2"].value = z
        self._on(self.controls["model"], lambda change: self._guarded(self._show_model))
        for key in ("z1", "z2"):
            self._on(self.controls[key], lambda change: self._guarded(self._draw))
        self._guarded(self._draw)
        top = [self.controls["model"]] if len(models) > 1 else []
        self.children = [*top, widgets.HBox([self.views["map"], widgets.VBox([self.views["digit"], self.readout])]),
                         self.controls["z1"], self.controls["z2"], self.message]

    def _map(self, name: str) -> LatentMap:
        if name not in self._maps:
            codes = codes_of(self.models[name], self.images)
            title = f"{name}: codes of {len(self.images)} real digits"
            self._maps[name] = latent_map(codes, self.labels, title=title, size_px=self.map_px)
        return self._maps[name]

    def _fit_sliders(self, name: str) -> None:
        """Slider ranges = the map's limits, the position clamped into them."""
        for key, (lo, hi) in zip(("z1", "z2"), self._map(name).limits):
            slider = self.controls[key]
            with slider.hold_trait_notifications():  # min/max/value change together, validated once
                slider.min, slider.max = lo, hi
                slider.step = round((hi - lo) / 200, 4) or 0.001
                slider.value = min(max(slider.value, lo), hi)

    def _show_model(self) -> None:
        with self._quiet():  # one redraw after both ranges move, not one per slider
            self._fit_sliders(self.controls["model"].value)
        self._draw()

    def _draw(self) -> None:
        name = self.controls["model"].value
        z1, z2 = float(self.controls["z1"].value), float(self.controls["z2"].value)
        digit = tile_images(_decode(self.models[name], torch.tensor([[z1, z2]])), pad=0)
        self.views["digit"].value = png_bytes(digit, scale=self.scale)
        latent = self._map(name)
        row, col = latent.to_pixel(z1, z2)
        marked = latent.indices.copy()
        box(marked, row - 6, col - 6, 13, 13, thick=2)
        box(marked, row - 1, col - 1, 3, 3, thick=1)
        self.views["map"].value = indexed_png(marked, latent.palette)
        self.readout.value = f"decoded at z = ({z1:.2f}, {z2:.2f})"


def latent_explorer(models, images, labels, *, model: str | None = None, z: tuple[float, float] = (0.0, 0.0),
                    map_px: int = 320, scale: int = 5) -> LatentExplorer:
    """Explore a 2-D latent space: two sliders give a position, the panel shows the decoded digit and
    where that position sits on a map of the codes of ``images`` ``(N, 1, 28, 28)`` (coloured by
    ``labels`` ``(N,)``).

    ``models`` are autoencoders/VAEs with ``latent_dim == 2`` and ``encode``; ``model`` picks the one shown
    first (a dropdown switches). Each map is rendered once; a slider move only draws a marker with NumPy
    and encodes two PNGs. Exposes ``controls``, ``views``, ``message`` and ``models``.
    """
    models = _validate.latent_models(models, need_encode=True, latent_dim=2)
    images, labels = _dataset(images, labels)
    model = _validate.choice(next(iter(models)) if model is None else model, "model", list(models))
    if len(z) != 2:
        raise ValueError(f"z must be two finite numbers (z1, z2), got {z!r}")
    z = (_validate.number(z[0], "z1"), _validate.number(z[1], "z2"))
    return LatentExplorer(models, images, labels, model=model, z=z,
                          map_px=_validate.integer(map_px, "map_px", low=100, high=2000), scale=_validate.integer(scale, "scale", high=16))


class LatentArithmetic(Interactive):
    r"""Decodes :math:`z(x) + s\,(\mu_b - \mu_a)` for every model; ``controls``: ``index`` (x), ``target`` (b)
    and ``strength`` (s); ``views``: ``input`` (x) and one row per model. All codes are computed at build."""

    def __init__(self, models: dict, images: torch.Tensor, labels: torch.Tensor, *, index: int, target: int,
                 strength: float, scale: int):
        super().__init__(name="latent arithmetic widget")
        self.models, self.images, self.labels, self.scale = models, images, labels, scale
        with threads(1):
            self.codes = {name: codes_of(m, images) for name, m in models.items()}  # name -> (N, d)
        self.means = {name: class_means(c, labels) for name, c in self.codes.items()}  # name -> (10, d)
        self.controls = {
            "index": widgets.IntSlider(value=index, min=0, max=len(images) - 1, description="digit x #"),
            "target": _class_dropdown(target, list(range(10)), "into"),
            "strength": widgets.FloatSlider(value=strength, min=0.0, max=2.0, step=0.05, description="s",
                                            readout_format=".2f"),
        }
        self.views = {"input": image_view(width=f"{28 * scale}px")}
        for name in models:
            self.views[name] = image_view(width=f"{(4 * 29 + 1) * scale}px")
        self.formula = widgets.HTML()
        for control in self.controls.values():
            self._on(control, lambda change: self._guarded(self._draw))
        self._guarded(self._draw)
        self.children = [widgets.HBox([self.controls["index"], self.views["input"]]), self.controls["target"],
                         self.controls["strength"], self.formula, self.message,
                         *[_model_row(name, self.views[name]) for name in models]]

    def _draw(self) -> None:
        i, b = int(self.controls["index"].value), int(self.controls["target"].value)
        s, a = float(self.controls["strength"].value), int(self.labels[i])
        self.views["input"].value = images_png(self.images[i:i + 1], scale=self.scale)
        for name, model in self.models.items():
            mu, z = self.means[name], self.codes[name][i]
            batch = torch.stack([z, mu[a], mu[b], z + s * (mu[b] - mu[a])])
            self.views[name].value = png_bytes(tile_images(_decode(model, batch), ncols=4), scale=self.scale)
        self.formula.value = (f"x is a {a}. Columns: decode(z(x)), decode(&mu;<sub>{a}</sub>), "
                              f"decode(&mu;<sub>{b}</sub>), decode(z(x) + {s:.2f}&middot;(&mu;<sub>{b}</sub> "
                              f"&minus; &mu;<sub>{a}</sub>))")


def arithmetic_widget(models, images, labels, *, index: int = 0, target: int | None = None,
                      strength: float = 1.0, scale: int = 3) -> LatentArithmetic:
    r"""Latent arithmetic on class means: turn a digit ``x`` of class ``a`` into class ``b``.

    Each model encodes ``images`` ``(N, 1, 28, 28)``; :math:`\mu_c` is the mean code of class ``c`` (from
    ``labels`` ``(N,)``, all ten digits needed). The panel decodes :math:`z = z(x) + s\,(\mu_b - \mu_a)` for
    every model (``s`` = ``strength``, a slider from 0 to 2): at ``s = 1`` the code moves by the difference
    between the two classes' mean codes. Each row shows the reconstruction of ``x``, the decoded means of
    ``a`` and ``b``, and the result. ``models`` need ``encode`` (autoencoders, VAEs). Exposes ``controls``,
    ``views``, ``message`` and ``models``.
    """
    models = _validate.latent_models(models, need_encode=True)
    images, labels = _dataset(images, labels)
    index = _validate.integer(index, "index", low=0, high=len(images) - 1)
    classes = sorted(set(labels.tolist()))
    if len(classes) != 10:
        raise ValueError(f"labels must contain all ten digits to form class means, got {classes}")
    target = (int(labels[index]) + 1) % 10 if target is None else _validate.choice(target, "target", classes)
    return LatentArithmetic(models, images, labels, index=index, target=int(target),
                            strength=_validate.number(strength, "strength", low=0, high=2),
                            scale=_validate.integer(scale, "scale", high=16))


# ----------------------------------------------------------------------------- the 2-D game (notebook 04)

# The losses the live view offers: name -> GAN2D settings, G's loss and the R1 penalty on D's loss (the
# weight of gan2d's "r1" method). R1 is part of D's loss, not G's, and the names say so.
LIVE_LOSSES = {"non-saturating": {"loss": "non-saturating", "r1": 0.0},
               "minimax (saturating)": {"loss": "minimax", "r1": 0.0},
               "non-saturating, R1 penalty on D": {"loss": "non-saturating", "r1": R1_WEIGHT}}
_LEGEND = ("<div style='font-size:16px; line-height:1.4'>Colour: D(x), the discriminator's probability that a point "
           "is real (<b style='color:#2166ac'>blue</b>: real, white: cannot tell, <b style='color:#b2182b'>red</b>: "
           "generated). <b>&#9679;</b> real data (black), <b style='color:#e69f00'>&#9679;</b> generated (orange), "
           "<b>&rarr;</b> where G's loss pushes a generated point.</div>")


class GanLiveView(Interactive):
    """A 2-D GAN of its own, trained live. ``view`` shows the game (``drawing``), ``status`` the step, both
    losses and the modes captured; ``controls``: ``play`` (a Play/Pause toggle), ``step``, ``reset``,
    ``dataset``, ``loss``, ``lr``, ``d_steps`` and ``speed`` (steps per frame).

    Play trains in a background thread, one frame at a time, until Pause: the kernel stays free for other
    cells, and Pause stops before the next frame. ``step(n)`` trains and draws ``n`` frames from Python.
    """

    def __init__(self, config: GANConfig, *, steps_per_frame: int, size: int, max_fps: float):
        super().__init__(name="GAN live view")
        self.config, self.max_fps = config, max_fps
        self._lock, self._stop, self._thread = threading.RLock(), threading.Event(), None
        self.view = image_view(width=f"{size}px")
        self.view.add_class("course-live-view")
        self.status = widgets.HTML(layout=widgets.Layout(min_height="28px"))
        self.status.add_class("course-live-status")
        loss_name = next(k for k, v in LIVE_LOSSES.items() if v == {"loss": config.loss, "r1": config.r1})
        wide = {"style": {"description_width": "170px"}, "layout": widgets.Layout(width="440px")}
        self.controls = {
            "play": widgets.ToggleButton(value=False, description="Play", icon="play", tooltip="Play / Pause"),
            "step": widgets.Button(description="Step", icon="step-forward", tooltip="train one frame"),
            "reset": widgets.Button(description="Reset", icon="refresh", tooltip="step 0, new seed"),
            "dataset": widgets.Dropdown(options=list(DATASETS), value=config.dataset, description="data (resets)", **wide),
            "loss": widgets.Dropdown(options=list(LIVE_LOSSES), value=loss_name, description="losses (at once)", **wide),
            "lr": widgets.FloatLogSlider(value=config.lr, base=10, min=-4, max=-1.5, step=0.25,
                                         description="learning rate (at once)", readout_format=".1e", **wide),
            "d_steps": widgets.IntSlider(value=config.d_steps, min=1, max=5, description="D steps per G step", **wide),
            "speed": widgets.IntSlider(value=steps_per_frame, min=1, max=100, description="steps per frame", **wide),
        }
        for name in ("play", "step", "reset"):
            self.controls[name].add_class(f"course-live-{name}")
        self.controls["dataset"].add_class("course-live-dataset")
        self._on(self.controls["play"], self._on_play)
        self.controls["step"].on_click(lambda button: self.step(1))
        self.controls["reset"].on_click(lambda button: self.reset())
        self._on(self.controls["dataset"], lambda change: self.reset())
        for name in ("loss", "lr", "d_steps"):
            self._on(self.controls[name], lambda change: self._guarded(self._apply_settings))
        self.drawing = GameDrawing(GAN2D(config), size=size)
        self._guarded(self._draw)
        buttons = widgets.HBox([self.controls[k] for k in ("play", "step", "reset")])
        settings = widgets.VBox([self.controls[k] for k in ("dataset", "loss", "lr", "d_steps", "speed")])
        self.children = [widgets.HBox([buttons, self.status]), settings, self.view, widgets.HTML(_LEGEND),
                         self.message]

    @property
    def gan(self) -> GAN2D:
        return self.drawing.gan

    @property
    def playing(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def step(self, n: int = 1) -> bool:
        """Train ``n`` frames and redraw after each. A diverged run shows its message (what to change) and
        stops playing; returns False then."""
        with self._lock:
            for _ in range(n):
                if not self._guarded(self._advance):
                    self._stop.set()
                    with self._quiet():
                        self._show_play(False)
                    return False
        return True

    def _advance(self) -> None:
        self.gan.train(int(self.controls["speed"].value))
        self._draw()

    def reset(self) -> None:
        """Pause, then start a new game from step 0 with a new seed, on the chosen dataset and settings."""
        self.pause()
        with self._lock:
            c = self.gan.config
            config = replace(c, dataset=self.controls["dataset"].value, seed=c.seed + 1, **self._settings())
            self.drawing = GameDrawing(GAN2D(config), size=self.drawing.size)
            self._guarded(self._draw)

    def _settings(self) -> dict:
        return {**LIVE_LOSSES[self.controls["loss"].value], "lr": float(self.controls["lr"].value),
                "d_steps": int(self.controls["d_steps"].value)}

    def _apply_settings(self) -> None:
        with self._lock:
            self.gan.update(**self._settings())
            self._draw()

    def _draw(self) -> None:
        self.view.value = self.drawing.png()
        self.view.layout.width = f"{self.drawing.frame_size[0]}px"  # 1:1, never rescaled by the browser
        g, h = self.gan, self.gan.history
        text = f"<b>{g.config.dataset}</b>, step {g.step}"
        if h["step"]:
            text += f" &middot; D loss {h['loss_d'][-1]:.3f} &middot; G loss {h['loss_g'][-1]:.3f}"
        text += f" &middot; G's push {self.drawing.field['push']:.2g}"
        if g.config.dataset in MIXTURES:
            modes, _ = g.evaluate_samples(torch.as_tensor(self.drawing.field["fake"]))
            text += f" &middot; modes captured {modes}/{len(MIXTURES[g.config.dataset].modes)}"
        self.status.value = f"<span style='font-size:16px'>{text}</span>"

    # Play / Pause: a thread trains frame after frame; the toggle only starts it or asks it to stop.
    def _on_play(self, change: dict) -> None:
        self.play() if change["new"] else self.pause()

    def play(self) -> None:
        """Start training in the background, frame after frame, until ``pause()`` (or Pause is clicked)."""
        if self.playing:
            return
        self._stop.clear()
        with self._quiet():
            self._show_play(True)
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def pause(self, timeout: float = 10.0) -> None:
        """Stop before the next frame; waits for the frame being trained (at most ``timeout`` seconds)."""
        self._stop.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout)
        with self._quiet():
            self._show_play(False)

    def _run(self) -> None:
        while not self._stop.is_set():
            start = time.perf_counter()
            if not self.step(1):
                return
            time.sleep(max(0.0, 1 / self.max_fps - (time.perf_counter() - start)))

    def _show_play(self, playing: bool) -> None:
        button = self.controls["play"]
        button.value, button.description, button.icon = playing, "Pause" if playing else "Play", \
            "pause" if playing else "play"


def gan_live_view(dataset: str = "ring8", *, loss: str = "non-saturating", lr: float = 1e-3, d_steps: int = 1,
                  steps_per_frame: int = 20, seed: int = 0, size: int = 560, max_fps: float = 10.0) -> GanLiveView:
    """GAN-Lab style live demo: a 2-D GAN of its own on ``dataset``, trained at a constant learning rate so
    that it keeps moving (``gan2d.GAN2D`` with ``lr_schedule="constant"``).

    Shows D(x) as a heat map with a colour bar, the real and generated points and the generator's gradient
    arrows (``game.GameDrawing``), ``size`` pixels across the plot. ``loss`` is one of ``LIVE_LOSSES``. Play
    trains ``steps_per_frame`` steps per frame, at most ``max_fps`` frames a second, in a background thread
    until Pause; Step trains one frame; Reset starts again from step 0 with a new seed. From Python (tests,
    nbval) ``panel.step(n)`` trains and draws ``n`` frames synchronously. A diverged run shows its message in
    the widget and stops, never a traceback.
    """
    choice(loss, "loss", LIVE_LOSSES)
    config = GANConfig(dataset=dataset, lr=number(lr, "lr", low=0, low_open=True), lr_schedule="constant",
                       d_steps=_validate.integer(d_steps, "d_steps", high=5), seed=_validate.seed(seed),
                       **LIVE_LOSSES[loss]).check()
    return GanLiveView(config, steps_per_frame=_validate.integer(steps_per_frame, "steps_per_frame", high=100),
                       size=_validate.integer(size, "size", low=64), max_fps=number(max_fps, "max_fps", low=0, low_open=True))


# ----------------------------------------------------------------------------- a class-conditional GAN (notebook 05)

class DigitPicker(Interactive):
    """Samples of one digit from a class-conditional generator; ``controls``: ``digit`` (toggle buttons 0-9)
    and ``noise`` (the seed of the noise batch); ``view`` shows the samples, ``caption`` says what they are."""

    def __init__(self, generator, *, digit: int, seed: int, n: int, scale: int):
        super().__init__(name="digit picker widget")
        self.generator, self.n, self.scale = generator, n, scale
        self.controls = {
            "digit": widgets.ToggleButtons(options=list(range(generator.label_classes)), value=digit,
                                           description="digit", style={"button_width": "32px"}),
            "noise": widgets.IntSlider(value=seed, min=0, max=99, description="noise seed"),
        }
        self.view = image_view(width=f"{(min(n, 8) * 29 + 1) * scale}px")
        self.caption = widgets.HTML()
        for control in self.controls.values():
            self._on(control, lambda change: self._guarded(self._draw))
        self._guarded(self._draw)
        self.children = [self.controls["digit"], self.controls["noise"], self.view, self.caption, self.message]

    def _draw(self) -> None:
        from .latent import sample

        digit, seed = int(self.controls["digit"].value), int(self.controls["noise"].value)
        x = _validate.to_numpy(sample(self.generator, self.n, seed=seed, labels=digit))[:, 0]
        if not np.isfinite(x).all():
            raise ValueError("the generator produced NaN or infinite pixels")
        self.view.value = png_bytes(tile_images(x, ncols=min(self.n, 8)), scale=self.scale)
        self.caption.value = (f"G(z, {digit}) for {self.n} noise vectors z (seed {seed}). The same seed gives "
                              "the same z for every digit: switch the digit and watch the style stay.")


def digit_picker(generator, *, digit: int = 7, seed: int = 0, n: int = 16, scale: int = 3) -> DigitPicker:
    """Pick a digit, see ``n`` samples of it: ``generator.decode(z, digit)`` for ``n`` noise vectors ``z``
    drawn with ``seed``. ``generator`` must be class-conditional (``label_classes > 0``), e.g.
    ``pretrained.load("gan_mnist_conditional")``. Exposes ``controls``, ``view``, ``caption`` and ``message``."""
    classes = getattr(generator, "label_classes", 0)
    if not (isinstance(generator, torch.nn.Module) and classes and hasattr(generator, "decode")):
        raise ValueError("digit_picker needs a class-conditional generator (label_classes > 0), e.g. "
                         f"pretrained.load('gan_mnist_conditional'); got {type(generator).__name__}"
                         + (" without labels as an input" if isinstance(generator, torch.nn.Module) else ""))
    return DigitPicker(generator, digit=_validate.integer(digit, "digit", low=0, high=classes - 1),
                       seed=_validate.integer(seed, "seed", low=0, high=99), n=_validate.integer(n, "n", high=64),
                       scale=_validate.integer(scale, "scale", high=8))


# ----------------------------------------------------------------------------- a picture per setting

class PictureSwitcher(Interactive):
    """``controls["choice"]`` (toggle buttons) picks which of several precomputed PNG pictures ``view`` shows."""

    def __init__(self, pictures: dict[str, bytes], *, description: str, width: str, name: str):
        super().__init__(name=name)
        self.pictures = pictures
        self.controls = {"choice": widgets.ToggleButtons(options=list(pictures), description=description)}
        self.view = image_view(width=width)
        self._on(self.controls["choice"], lambda change: self._guarded(self._draw))
        self._guarded(self._draw)
        self.children = [self.controls["choice"], self.view, self.message]

    def _draw(self) -> None:
        self.view.value = self.pictures[self.controls["choice"].value]


def picture_switcher(pictures: dict[str, bytes], *, description: str = "", width: str = "400px",
                     name: str = "picture switcher") -> PictureSwitcher:
    """Toggle buttons, one per entry of ``pictures`` (label -> PNG bytes), that switch the picture shown: a
    control for results computed once (e.g. one trained model per setting), redrawn in well under a millisecond."""
    if not isinstance(pictures, dict) or not pictures or not all(isinstance(v, bytes) for v in pictures.values()):
        raise ValueError(f"pictures must be a non-empty dict {{label: PNG bytes}}, got {type(pictures).__name__}")
    return PictureSwitcher({str(k): v for k, v in pictures.items()}, description=description, width=width, name=name)
