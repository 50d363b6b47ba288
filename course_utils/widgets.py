"""Interactive widgets for the course, built only from widgets that exist in both ipywidgets 7.7
(Colab) and 8 (JupyterLab 4). Images are drawn as PNG bytes into ``widgets.Image``: about 1.5 ms per
update, against ~45 ms for a matplotlib redraw, and it works where ``widgets.Output`` does not (Colab).

Every builder returns its ipywidgets container. Setting a control's ``.value`` from Python updates
the shown image synchronously, so tests and benchmarks can drive a widget without a browser.
"""
from __future__ import annotations

import io

import ipywidgets as widgets
import numpy as np
from PIL import Image

from . import threads
from .plotting import tile_images


def png_bytes(pixels: np.ndarray, *, scale: int = 1) -> bytes:
    """Encode a grayscale ``(H, W)`` or RGB ``(H, W, 3)`` uint8 array as PNG bytes.

    ``scale`` repeats pixels (nearest neighbour) so small digits stay crisp when shown large.
    """
    pixels = np.asarray(pixels)
    if pixels.dtype != np.uint8 or pixels.ndim not in (2, 3) or (pixels.ndim == 3 and pixels.shape[2] != 3):
        raise ValueError(f"pixels must be a uint8 array of shape (H, W) or (H, W, 3), got {pixels.dtype} {pixels.shape}")
    if scale > 1:
        pixels = pixels.repeat(scale, axis=0).repeat(scale, axis=1)
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, format="PNG", compress_level=1)
    return buffer.getvalue()


def images_png(images, *, ncols: int | None = None, scale: int = 2) -> bytes:
    """Tile ``(N, 1, H, W)`` images in [0, 1] and encode them as PNG bytes."""
    return png_bytes(tile_images(images, ncols), scale=scale)


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


def pca_reconstruction_widget(pca, images, *, max_k: int | None = None, width: str = "520px") -> Panel:
    """A slider that scrubs the number of principal components k and shows the reconstructions.

    ``pca`` is a fitted ``sklearn.decomposition.PCA`` (anything with ``mean_`` and ``components_``)
    on flattened 28x28 images; ``images`` is ``(N, 1, 28, 28)`` in [0, 1] (a handful of digits).
    The top row shows the originals, the bottom row their reconstruction from the first k
    components, ``x_hat = mean + sum_{j<=k} ((x - mean) . w_j) w_j``, with its MSE per pixel.
    The panel exposes ``slider``, ``image`` and ``message``; setting ``slider.value`` redraws at once.
    """
    mean = np.asarray(pca.mean_, dtype=np.float64)
    components = np.asarray(pca.components_, dtype=np.float64)  # (K, 784)
    x = images.detach().cpu().numpy() if hasattr(images, "detach") else np.asarray(images)
    if x.ndim != 4 or x.shape[1:] != (1, 28, 28) or len(x) == 0:
        raise ValueError(f"images must have shape (N, 1, 28, 28) with N >= 1, got {x.shape}")
    if mean.shape != (784,) or components.ndim != 2 or components.shape[1] != 784:
        raise ValueError(f"pca must be fitted on flattened 28x28 images (784 features), got components "
                         f"of shape {components.shape}")
    max_k = len(components) if max_k is None else int(max_k)
    if not 1 <= max_k <= len(components):
        raise ValueError(f"max_k must be between 1 and {len(components)} (the fitted components), got {max_k}")
    flat = x.reshape(len(x), 784).astype(np.float64)
    scores = (flat - mean) @ components[:max_k].T  # (N, max_k): the encoding of each image

    slider = widgets.IntSlider(value=min(8, max_k), min=1, max=max_k, step=1, description="k",
                               continuous_update=True)
    image = image_view(width=width)
    message = message_label()

    def draw(change=None) -> None:
        try:
            k = int(slider.value)
            if not 1 <= k <= max_k:
                raise ValueError(f"k must be between 1 and {max_k}")
            recon = mean + scores[:, :k] @ components[:k]
            mse = float(((np.clip(recon, 0, 1) - flat) ** 2).mean())
            both = np.concatenate([flat, recon]).reshape(-1, 28, 28)
            image.value = images_png(both, ncols=len(flat), scale=2)
            message.value = (f"top: originals, bottom: reconstruction from k = {k} of 784 numbers "
                             f"&nbsp; MSE per pixel {mse:.4f}")
        except Exception as e:  # a widget must never show a traceback in class
            message.value = f"<span style='color:#b00'>cannot draw: {e}</span>"

    slider.observe(draw, names="value")
    draw()
    panel = Panel([slider, image, message], name="PCA reconstruction widget")
    panel.slider, panel.image, panel.message = slider, image, message
    return panel


# ----------------------------------------------------------------------------- latent-space widgets (notebook 06)
# Each takes ``models``: a dict {name: model} or a list of shipped weight names (``pretrained.available()``);
# a model needs ``latent_dim`` and ``decode(z)`` (and ``encode(x)`` where the widget encodes real digits).
# Every slider change decodes a handful of codes and re-encodes small PNGs: a few ms in the kernel.

_ERROR_STYLE = "color:#b00020"


def _resolve_models(models, *, need_encode: bool = False, latent_dim: int | None = None) -> dict:
    """``{name: model}`` from a dict, one shipped name or a list of them; checks the API each widget needs."""
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


def _check_dataset(images, labels):
    """``images`` ``(N, 1, 28, 28)`` in [0, 1] and integer ``labels`` ``(N,)`` with digits 0-9."""
    import torch

    from .models import check_images

    check_images(images, name="images")
    if not torch.is_tensor(labels) or labels.shape != (len(images),) or labels.is_floating_point():
        raise ValueError(f"labels must be an integer tensor of shape ({len(images)},), got "
                         f"{getattr(labels, 'dtype', type(labels).__name__)} {tuple(getattr(labels, 'shape', ()))}")
    if int(labels.min()) < 0 or int(labels.max()) > 9:
        raise ValueError(f"labels must be digits 0-9, got values in [{int(labels.min())}, {int(labels.max())}]")
    return images.detach().cpu(), labels.detach().cpu()


def _check_index(name: str, value, n: int) -> int:
    if not isinstance(value, (int, np.integer)) or isinstance(value, bool) or not 0 <= value < n:
        raise ValueError(f"{name} must be an image index in [0, {n - 1}], got {value!r}")
    return int(value)


def _check_choice(name: str, value, accepted) -> None:
    if value not in accepted:
        raise ValueError(f"{name} must be one of {list(accepted)}, got {value!r}")


def _error_html(error: Exception) -> str:
    import html

    text = str(error).splitlines()[0] if str(error) else type(error).__name__
    return f"<span style='{_ERROR_STYLE}'>cannot draw: {html.escape(text[:200])}</span>"


def _guarded(message: widgets.HTML, draw):
    """Wrap a redraw so that any error shows as a short message in the widget, never a traceback."""
    def run(change=None) -> None:
        try:
            with threads(1):
                draw()
            if message.value.startswith(f"<span style='{_ERROR_STYLE}'>"):
                message.value = ""
        except Exception as error:  # in class a widget must keep working, so nothing escapes
            message.value = _error_html(error)
    return run


def _decode(model, z) -> np.ndarray:
    """Decode codes ``(N, d)`` to ``(N, 28, 28)`` float images; a NaN is reported, not drawn."""
    import torch

    with torch.no_grad():
        x = model.decode(z.reshape(-1, model.latent_dim).float())
    x = x.detach().cpu().numpy()[:, 0]
    if not np.isfinite(x).all():
        raise ValueError("the model produced NaN or infinite pixels for this code")
    return x


# Pictures that get a coloured marker on every update are kept as palette indices (one byte a pixel):
# a 320x320 palette PNG encodes in ~0.5 ms, the same picture as RGB in several ms.
_GRAY_PALETTE = [v for i in range(255) for v in (round(i * 255 / 254),) * 3] + [230, 40, 40]  # 255: red
_MARK = 255


def _indexed_png(indices: np.ndarray, palette: list[int], *, scale: int = 1) -> bytes:
    """Encode an ``(H, W)`` uint8 array of palette indices as PNG bytes (``palette``: flat RGB list)."""
    if scale > 1:
        indices = indices.repeat(scale, axis=0).repeat(scale, axis=1)
    picture = Image.frombytes("P", (indices.shape[1], indices.shape[0]), np.ascontiguousarray(indices).tobytes())
    picture.putpalette(palette)
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG", compress_level=1)
    return buffer.getvalue()


def _gray_indices(gray: np.ndarray) -> np.ndarray:
    """uint8 gray levels -> indices 0-254 of ``_GRAY_PALETTE`` (255 stays free for the red marker)."""
    return (gray.astype(np.uint16) * 254 // 255).astype(np.uint8)


def _box(pixels: np.ndarray, top: int, left: int, height: int, width: int, color=_MARK, thick: int = 1) -> None:
    """Draw a rectangle outline in place (clipped to the array)."""
    h, w = pixels.shape[:2]
    y0, y1, x0, x1 = max(top, 0), min(top + height, h), max(left, 0), min(left + width, w)
    if y0 >= y1 or x0 >= x1:
        return
    pixels[y0:min(y0 + thick, y1), x0:x1] = color
    pixels[max(y1 - thick, y0):y1, x0:x1] = color
    pixels[y0:y1, x0:min(x0 + thick, x1)] = color
    pixels[y0:y1, max(x1 - thick, x0):x1] = color


def _class_dropdown(value: int, classes: list[int], description: str) -> widgets.Dropdown:
    return widgets.Dropdown(options=[(f"digit {c}", c) for c in classes], value=value, description=description,
                            layout=widgets.Layout(width="180px"))


def interpolation_widget(models, images, labels, *, start: int = 0, end: int = 1, path: str = "linear",
                         t: float = 0.5, frames: int = 11, scale: int = 4, invert_steps: int = 100) -> Panel:
    """Walk the latent path between two real digits, decoded by several models side by side.

    ``images`` ``(N, 1, 28, 28)`` in [0, 1] and ``labels`` ``(N,)`` are the digits to pick from: by
    index (the ``from``/``to`` sliders, or ``start``/``end``) or by class (the dropdowns jump to the next
    digit of that class). Each model's codes of the two digits come from its encoder, or for a GAN
    generator from ``latent.invert`` with ``invert_steps`` Adam steps (a fraction of a second, cached). ``path`` is ``"linear"`` or
    ``"spherical"``; ``t`` in [0, 1] moves along it (slider or Play). For every model the panel shows
    the digit decoded at ``t`` and a strip of ``frames`` steps along the path with the nearest one boxed.
    Exposes ``controls`` (dict of widgets), ``views`` (dict of ``widgets.Image``) and ``message``.
    """
    import torch

    from .latent import PATHS, codes_of
    from .latent import path as latent_path

    models = _resolve_models(models)
    images, labels = _check_dataset(images, labels)
    n = len(images)
    start, end = _check_index("start", start, n), _check_index("end", end, n)
    _check_choice("path", path, PATHS)
    if not isinstance(t, (int, float)) or not 0 <= t <= 1:
        raise ValueError(f"t must be a number in [0, 1], got {t!r}")
    if not isinstance(frames, int) or not 2 <= frames <= 21:
        raise ValueError(f"frames must be an int in [2, 21], got {frames!r}")
    classes = sorted(set(labels.tolist()))
    steps = 20

    controls = {
        "start_class": _class_dropdown(int(labels[start]), classes, "from"),
        "start": widgets.IntSlider(value=start, min=0, max=n - 1, description="index"),
        "end_class": _class_dropdown(int(labels[end]), classes, "to"),
        "end": widgets.IntSlider(value=end, min=0, max=n - 1, description="index"),
        "path": widgets.ToggleButtons(options=list(PATHS), value=path, description="path"),
        "t": widgets.FloatSlider(value=float(t), min=0.0, max=1.0, step=1 / steps, description="t",
                                 readout_format=".2f"),
        "play": widgets.Play(value=round(t * steps), min=0, max=steps, step=1, interval=120, description="play"),
    }
    controls["t"].add_class("course-t-slider")
    views = {"ends": image_view(width=f"{2 * 29 * 3 + 3}px")}
    strip_px = (frames * 29 + 1) * 2
    for name in models:
        views[f"{name}:frame"] = image_view(width=f"{28 * scale}px")
        views[f"{name}:frame"].add_class("course-frame")
        views[f"{name}:path"] = image_view(width=f"{strip_px}px")
    message = message_label()
    cache: dict = {}  # (model name, image index) -> code
    state: dict = {"ends": {}, "strips": {}, "boxed": None}

    def code(name: str, index: int) -> torch.Tensor:
        if (name, index) not in cache:
            cache[(name, index)] = codes_of(models[name], images[index:index + 1], steps=invert_steps)[0]
        return cache[(name, index)]

    def draw_frame() -> None:
        t_now = float(controls["t"].value)
        kind = controls["path"].value
        column = round(t_now * (frames - 1))
        for name, model in models.items():
            z0, z1 = state["ends"][name]
            views[f"{name}:frame"].value = png_bytes(tile_images(_decode(model, latent_path(z0, z1, t_now, kind)),
                                                                 pad=0), scale=scale)
            if state["boxed"] != column:  # the strip changes only when the nearest step does
                strip = state["strips"][name].copy()
                _box(strip, 0, column * 29, 30, 30, thick=1)
                views[f"{name}:path"].value = _indexed_png(strip, _GRAY_PALETTE, scale=2)
        state["boxed"] = column

    def draw_path() -> None:
        a, b = int(controls["start"].value), int(controls["end"].value)
        kind = controls["path"].value
        views["ends"].value = images_png(images[[a, b]], ncols=2, scale=3)
        ts = torch.linspace(0, 1, frames)
        for name, model in models.items():
            z0, z1 = code(name, a), code(name, b)
            state["ends"][name] = (z0, z1)
            state["strips"][name] = _gray_indices(tile_images(_decode(model, latent_path(z0, z1, ts, kind)),
                                                              ncols=frames))
        state["boxed"] = None
        draw_frame()

    redraw_path, redraw_frame = _guarded(message, draw_path), _guarded(message, draw_frame)

    def on_index(which: str):
        def handler(change) -> None:
            dropdown = controls[f"{which}_class"]
            digit = int(labels[change["new"]])
            if dropdown.value != digit:
                state["syncing"] = True  # the dropdown follows the index without jumping again
                dropdown.value = digit
                state["syncing"] = False
            redraw_path()
        return handler

    def on_class(which: str):
        def handler(change) -> None:
            if state.get("syncing"):
                return
            slider = controls[which]
            matches = (labels == change["new"]).nonzero().flatten().tolist()
            after = [i for i in matches if i > slider.value]
            slider.value = (after or matches)[0]  # the next digit of that class
        return handler

    def on_play(change) -> None:
        controls["t"].value = change["new"] / steps

    for which in ("start", "end"):
        controls[which].observe(on_index(which), names="value")
        controls[f"{which}_class"].observe(on_class(which), names="value")
    controls["path"].observe(lambda change: redraw_path(), names="value")
    controls["t"].observe(lambda change: redraw_frame(), names="value")
    controls["play"].observe(on_play, names="value")
    redraw_path()

    header = widgets.HTML("<b>decoded at t</b> &nbsp;&nbsp; and the whole path, t = 0 &rarr; 1 "
                          f"({frames} steps, the nearest boxed)")
    rows = [widgets.HBox([widgets.HTML(f"<b>{name}</b>", layout=widgets.Layout(width="110px")),
                          views[f"{name}:frame"], views[f"{name}:path"]]) for name in models]
    children = [
        widgets.HBox([controls["start_class"], controls["start"]]),
        widgets.HBox([controls["end_class"], controls["end"]]),
        widgets.HBox([views["ends"], widgets.HTML("&larr; the two real digits (from, to)")]),
        controls["path"],
        widgets.HBox([controls["play"], controls["t"]]),
        message, header, *rows,
    ]
    panel = Panel(children, name="latent interpolation widget")
    panel.controls, panel.views, panel.message, panel.models = controls, views, message, models
    return panel


def _latent_map(codes: np.ndarray, labels: np.ndarray, title: str, size_px: int):
    """Scatter of 2-D codes coloured by digit, rendered once; returns ``(indices, palette, to_pixel, limits)``:
    palette indices ``(H, W)`` with index 255 (black) free for the marker, and the flat RGB palette.

    ``to_pixel(z1, z2) -> (row, col)`` maps a latent position to the pixel it is drawn at.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    lo, hi = np.percentile(codes, 0.5, axis=0), np.percentile(codes, 99.5, axis=0)
    pad = 0.15 * (hi - lo) + 1e-3
    limits = [(float(lo[i] - pad[i]), float(hi[i] + pad[i])) for i in range(2)]
    dpi = 100
    fig = Figure(figsize=(size_px / dpi, size_px / dpi), dpi=dpi)
    canvas = FigureCanvasAgg(fig)
    ax = fig.add_axes((0.19, 0.12, 0.77, 0.80))
    colors = np.asarray(__import__("matplotlib").colormaps["tab10"].colors)
    ax.scatter(codes[:, 0], codes[:, 1], c=colors[labels], s=3, linewidths=0)
    for digit in np.unique(labels):
        cx, cy = np.median(codes[labels == digit], axis=0)
        ax.text(cx, cy, str(digit), fontsize=11, weight="bold", ha="center", va="center",
                color=colors[digit], bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.7})
    ax.set_xlim(*limits[0])
    ax.set_ylim(*limits[1])
    ax.set_xlabel("$z_1$")
    ax.set_ylabel("$z_2$")
    ax.set_title(title, fontsize=9)
    ax.tick_params(labelsize=7)
    canvas.draw()
    rgb = Image.fromarray(np.asarray(canvas.buffer_rgba())[:, :, :3].copy())
    quantized = rgb.quantize(colors=255, method=Image.Quantize.MEDIANCUT)  # index 255 left for the marker
    palette = (quantized.getpalette() + [0] * 768)[:765] + [0, 0, 0]
    indices = np.asarray(quantized, dtype=np.uint8).copy()
    (x0, y0), (x1, y1) = ax.transData.transform([(limits[0][0], limits[1][0]), (limits[0][1], limits[1][1])])
    height = indices.shape[0]

    def to_pixel(z1: float, z2: float) -> tuple[int, int]:
        col = x0 + (z1 - limits[0][0]) / (limits[0][1] - limits[0][0]) * (x1 - x0)
        row = height - (y0 + (z2 - limits[1][0]) / (limits[1][1] - limits[1][0]) * (y1 - y0))
        return int(round(row)), int(round(col))

    return indices, palette, to_pixel, limits


def latent_explorer(models, images, labels, *, model: str | None = None, z: tuple[float, float] = (0.0, 0.0),
                    map_px: int = 320, scale: int = 5) -> Panel:
    """Explore a 2-D latent space: two sliders give a position, the panel shows the decoded digit and
    where that position sits on a map of the codes of ``images`` (coloured by ``labels``).

    ``models`` are autoencoders/VAEs with ``latent_dim == 2`` and ``encode``; ``model`` picks the one shown
    first (a dropdown switches). Each map is rendered once; a slider move only draws a marker with NumPy
    and encodes two PNGs. Exposes ``controls``, ``views`` and ``message``.
    """
    import torch

    from .latent import codes_of

    models = _resolve_models(models, need_encode=True, latent_dim=2)
    images, labels = _check_dataset(images, labels)
    names = list(models)
    model = names[0] if model is None else model
    _check_choice("model", model, names)
    if len(z) != 2 or not all(isinstance(v, (int, float)) and np.isfinite(v) for v in z):
        raise ValueError(f"z must be two finite numbers (z1, z2), got {z!r}")
    maps: dict = {}

    def latent_map(name: str):
        if name not in maps:
            codes = codes_of(models[name], images).numpy()
            maps[name] = _latent_map(codes, labels.numpy(), f"{name}: codes of {len(images)} real digits", map_px)
        return maps[name]

    controls = {
        "model": widgets.Dropdown(options=names, value=model, description="model"),
        "z1": widgets.FloatSlider(value=0.0, min=-1.0, max=1.0, step=0.01, description="z1", readout_format=".2f"),
        "z2": widgets.FloatSlider(value=0.0, min=-1.0, max=1.0, step=0.01, description="z2", readout_format=".2f"),
    }
    views = {"map": image_view(width=f"{map_px}px"), "digit": image_view(width=f"{28 * scale}px")}
    views["digit"].add_class("course-explorer-digit")
    message = message_label()
    readout = widgets.HTML()

    def set_ranges(name: str) -> None:
        *_, limits = latent_map(name)
        for key, (lo, hi) in zip(("z1", "z2"), limits):
            slider = controls[key]
            with slider.hold_trait_notifications():  # min/max/value change together, validated once
                slider.min, slider.max = lo, hi
                slider.step = round((hi - lo) / 200, 4) or 0.001
                slider.value = min(max(slider.value, lo), hi)

    def draw() -> None:
        name = controls["model"].value
        indices, palette, to_pixel, _ = latent_map(name)
        z1, z2 = float(controls["z1"].value), float(controls["z2"].value)
        position = torch.tensor([[z1, z2]])
        views["digit"].value = png_bytes(tile_images(_decode(models[name], position), pad=0), scale=scale)
        row, col = to_pixel(z1, z2)
        marked = indices.copy()
        _box(marked, row - 6, col - 6, 13, 13, thick=2)
        _box(marked, row - 1, col - 1, 3, 3, thick=1)
        views["map"].value = _indexed_png(marked, palette)
        readout.value = f"decoded at z = ({z1:.2f}, {z2:.2f})"

    redraw = _guarded(message, draw)
    busy = {"on": False}

    def on_model(change) -> None:
        busy["on"] = True  # one redraw after the ranges move, not one per slider
        try:
            set_ranges(change["new"])
        except Exception as error:
            message.value = _error_html(error)
        busy["on"] = False
        redraw()

    def on_position(change) -> None:
        if not busy["on"]:
            redraw()

    set_ranges(model)
    controls["z1"].value, controls["z2"].value = float(z[0]), float(z[1])
    controls["model"].observe(on_model, names="value")
    for key in ("z1", "z2"):
        controls[key].observe(on_position, names="value")
    redraw()
    controls["z1"].add_class("course-z1-slider")
    top = [controls["model"]] if len(names) > 1 else []
    children = [*top, widgets.HBox([views["map"], widgets.VBox([views["digit"], readout])]),
                controls["z1"], controls["z2"], message]
    panel = Panel(children, name="2-D latent explorer")
    panel.controls, panel.views, panel.message, panel.models = controls, views, message, models
    return panel


def arithmetic_widget(models, images, labels, *, index: int = 0, target: int | None = None,
                      strength: float = 1.0, scale: int = 3) -> Panel:
    r"""Latent arithmetic on class means: turn a digit ``x`` of class ``a`` into class ``b``.

    Each model encodes ``images``; :math:`\mu_c` is the mean code of class ``c``. The panel decodes
    :math:`z = z(x) + s\,(\mu_b - \mu_a)` for every model (``s`` = ``strength``, a slider from 0 to 2): at
    ``s = 1`` the code moves by the difference between the two classes' mean codes. Each row shows the
    reconstruction of ``x``, the decoded means of ``a`` and ``b``, and the result. ``models`` need
    ``encode`` (autoencoders, VAEs). Exposes ``controls``, ``views`` and ``message``.
    """
    import torch

    from .latent import class_means, codes_of

    models = _resolve_models(models, need_encode=True)
    images, labels = _check_dataset(images, labels)
    n = len(images)
    index = _check_index("index", index, n)
    classes = sorted(set(labels.tolist()))
    if len(classes) != 10:
        raise ValueError(f"labels must contain all ten digits to form class means, got {classes}")
    target = (int(labels[index]) + 1) % 10 if target is None else target
    _check_choice("target", target, classes)
    if not isinstance(strength, (int, float)) or not 0 <= strength <= 2:
        raise ValueError(f"strength must be a number in [0, 2], got {strength!r}")
    with threads(1):
        codes = {name: codes_of(m, images) for name, m in models.items()}
    means = {name: class_means(c, labels) for name, c in codes.items()}

    controls = {
        "index": widgets.IntSlider(value=index, min=0, max=n - 1, description="digit x #"),
        "target": _class_dropdown(target, classes, "into"),
        "strength": widgets.FloatSlider(value=float(strength), min=0.0, max=2.0, step=0.05, description="s",
                                        readout_format=".2f"),
    }
    views = {"input": image_view(width=f"{28 * scale}px")}
    for name in models:
        views[name] = image_view(width=f"{(4 * 29 + 1) * scale}px")
    message = message_label()
    formula = widgets.HTML()

    def draw() -> None:
        i, b, s = int(controls["index"].value), int(controls["target"].value), float(controls["strength"].value)
        a = int(labels[i])
        views["input"].value = images_png(images[i:i + 1], scale=scale)
        for name, model in models.items():
            mu = means[name]
            z = codes[name][i]
            batch = torch.stack([z, mu[a], mu[b], z + s * (mu[b] - mu[a])])
            views[name].value = png_bytes(tile_images(_decode(model, batch), ncols=4), scale=scale)
        formula.value = (f"x is a {a}. Columns: decode(z(x)), decode(&mu;<sub>{a}</sub>), "
                         f"decode(&mu;<sub>{b}</sub>), decode(z(x) + {s:.2f}&middot;(&mu;<sub>{b}</sub> &minus; "
                         f"&mu;<sub>{a}</sub>))")

    redraw = _guarded(message, draw)
    for control in controls.values():
        control.observe(lambda change: redraw(), names="value")
    redraw()
    rows = [widgets.HBox([widgets.HTML(f"<b>{name}</b>", layout=widgets.Layout(width="110px")), views[name]])
            for name in models]
    children = [widgets.HBox([controls["index"], views["input"]]), controls["target"], controls["strength"],
                formula, message, *rows]
    panel = Panel(children, name="latent arithmetic widget")
    panel.controls, panel.views, panel.message, panel.models = controls, views, message, models
    return panel


def gan_live_view(gan, *, steps_per_frame: int = 25, frames: int = 200, size: int = 320,
                  interval_ms: int = 100) -> Panel:
    """GAN-Lab style view of a ``course_utils.gan2d.GAN2D`` training live.

    Shows D(x) as a heat map, real and generated points and the generator's gradient arrows (drawn
    as PNG bytes by ``gan2d.GameDrawing``). Play trains ``steps_per_frame`` steps per tick (up to
    ``frames`` ticks), Pause stops, Step trains one frame. From Python (tests, nbval, no front end)
    call ``panel.step(n)`` to train and redraw ``n`` frames synchronously. A diverged run shows its
    message in the widget and stops, never a traceback.
    """
    from .gan2d import GAN2D, GameDrawing

    if not isinstance(gan, GAN2D):
        raise TypeError(f"gan must be a course_utils.gan2d.GAN2D, got {type(gan).__name__}")
    if not isinstance(steps_per_frame, int) or steps_per_frame < 1:
        raise ValueError(f"steps_per_frame must be a positive int, got {steps_per_frame!r}")
    drawing = GameDrawing(gan, size=size)
    view = image_view(width=f"{size}px")
    play = widgets.Play(value=0, min=0, max=frames, step=1, interval=interval_ms, description="Play")
    pause = widgets.Button(description="Pause", layout=widgets.Layout(width="80px"))
    step_button = widgets.Button(description="Step", layout=widgets.Layout(width="80px"))
    status = widgets.HTML()
    message = message_label()

    def draw() -> None:
        view.value = drawing.png()
        h = gan.history
        losses = f", D loss {h['d_loss'][-1]:.3f}, G loss {h['g_loss'][-1]:.3f}" if h["step"] else ""
        status.value = f"step {gan.step}{losses}"

    def advance(n: int = 1) -> None:
        for _ in range(n):
            gan.train(steps_per_frame)
        draw()

    def stop_playing() -> None:
        for trait in ("playing", "_playing"):  # ipywidgets 8 / 7.7
            if play.has_trait(trait):
                setattr(play, trait, False)

    def safe_advance(n: int = 1) -> None:
        try:
            advance(n)
        except Exception as error:  # a diverged run: say what to change, stop playing
            message.value = _error_html(error)
            stop_playing()

    def on_tick(change) -> None:
        if change["new"] > change["old"]:  # Play restarting from 0 is not a tick
            safe_advance(1)

    play.observe(on_tick, names="value")
    pause.on_click(lambda button: stop_playing())
    step_button.on_click(lambda button: safe_advance(1))
    _guarded(message, draw)()
    legend = widgets.HTML("<small>heat map: D(x), blue = 'real', red = 'generated'; "
                          "<span style='color:#00963c'>&#9632;</span> real, "
                          "<span style='color:#7828a0'>&#9632;</span> generated, "
                          "lines: where G's loss pushes each generated point</small>")
    panel = Panel([widgets.HBox([play, pause, step_button, status]), view, legend, message],
                  name="GAN live view")
    panel.gan, panel.drawing, panel.view, panel.message, panel.status = gan, drawing, view, message, status
    panel.controls = {"play": play, "pause": pause, "step": step_button}
    panel.step = safe_advance
    return panel
