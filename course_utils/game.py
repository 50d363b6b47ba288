"""The 2-D game as a picture (notebook 04's live view): D(x) as a heat map, real and generated points,
and where G's loss pushes each generated point, rasterised with Pillow (matplotlib only lends its
colour map): a few milliseconds a frame, fast enough to watch training live.
"""
from __future__ import annotations

import functools
import io

import matplotlib
import numpy as np
import torch
from PIL import Image, ImageDraw, ImageFont

from . import threads
from .gan import generator_loss
from .gan2d import GAN2D

VIEW = 1.6  # the picture shows [-VIEW * s, VIEW * s]^2, s the data's extent: room around the outer modes


def game_field(gan: GAN2D, *, resolution: int = 64, extent: float | None = None, n_points: int = 256) -> dict:
    """What the live view draws, as NumPy arrays.

    Returns a dict: ``heat`` ``(resolution, resolution)`` = D(x) in [0, 1] on a grid over
    ``[-extent, extent]^2`` (row 0 at the bottom; for packed D, a point is judged packed with copies of
    itself), ``real`` and ``fake`` ``(n_points, 2)``, ``arrows`` ``(n_points, 2)``: the direction
    the generator's loss pushes each generated point, ``-d loss_G / d x``, scaled to unit max length, and
    ``push``, the mean length of ``d loss_G / d x`` before scaling (the arrows show directions; this, sizes).
    """
    G, D, c = gan.G, gan.D, gan.config
    extent = extent or VIEW * G.scale
    ticks = torch.linspace(-extent, extent, resolution)
    yy, xx = torch.meshgrid(ticks, ticks, indexing="ij")
    grid = torch.stack([xx.reshape(-1), yy.reshape(-1)], dim=1)
    with threads(1):  # small work: one thread is faster, and never waits on a busy core
        with torch.no_grad():
            heat = torch.sigmoid(D(grid.repeat_interleave(D.pack, dim=0))).reshape(resolution, resolution)
        fake = gan.sample(n_points, seed=99).clone().requires_grad_(True)
        (grad,) = torch.autograd.grad(generator_loss(D(fake), c.loss), fake)
    arrows = -grad / grad.norm(dim=1).max().clamp(min=1e-12)
    real = gan.data[:n_points]
    return {"heat": heat.numpy(), "real": real.numpy(), "fake": fake.detach().numpy(),
            "arrows": arrows.numpy(), "extent": extent, "push": float(grad.norm(dim=1).mean()) * len(fake)}


# Colours a colour-blind viewer can tell apart on the red-white-blue map (Okabe and Ito's palette).
REAL_COLOR, FAKE_COLOR, ARROW_COLOR = (0, 0, 0), (230, 159, 0), (40, 40, 40)
HEAT_MAP = "RdBu"  # D(x): 0 red ("generated"), 0.5 white (cannot tell), 1 blue ("real")


def heat_lut() -> np.ndarray:
    """The heat map's 256 RGB rows (uint8): the middle 70 % of ``HEAT_MAP``. Its darkest ends would paint the
    empty plane, where D says "generated" with confidence, so dark that points and arrows vanish on a projector."""
    return (matplotlib.colormaps[HEAT_MAP](np.linspace(0.15, 0.85, 256))[:, :3] * 255).astype(np.uint8)


class GameDrawing:
    """Draws the game as an image: D(x) as a heat map on a diverging map (red: D says generated, white: it
    cannot tell, blue: real), generated points (orange), real points on top (black, white rim) and arrows
    for where G's loss pushes each generated point, rasterised with Pillow.

    ``rgb()`` is the square plot area alone (``size`` pixels, for ``plotting.frame_strip``, which adds
    its own axes); ``png()`` is the whole frame for the live view: axes with ticks and a colour bar.
    """

    def __init__(self, gan: GAN2D, *, size: int = 560, resolution: int = 64, n_points: int = 256):
        self.gan, self.size, self.resolution, self.n_points = gan, size, resolution, n_points
        self.extent = VIEW * gan.G.scale  # the picture shows [-extent, extent]^2 in data coordinates
        self._lut = heat_lut()
        self.field: dict = {}  # the last frame's game_field, for the status line
        self._axes = None  # the frame around the plot, drawn once (frame())
        self.frame_size = (0, 0)

    def _pixel(self, points: np.ndarray, extent: float) -> np.ndarray:
        """Data coordinates -> pixel coordinates (y up)."""
        u = (points + extent) / (2 * extent) * (self.size - 1)
        return np.stack([u[:, 0], self.size - 1 - u[:, 1]], axis=1)

    def image(self) -> Image.Image:
        """The plot area, ``size`` x ``size`` pixels."""
        f = self.field = game_field(self.gan, resolution=self.resolution, extent=self.extent, n_points=self.n_points)
        e = f["extent"]
        heat = self._lut[(np.clip(f["heat"], 0, 1) * 255).astype(np.uint8)][::-1]  # row 0 = top
        img = Image.fromarray(heat).resize((self.size, self.size), Image.BILINEAR)
        pen = ImageDraw.Draw(img)
        r = max(2.0, self.size / 130)
        for x, y in self._pixel(f["fake"], e):
            pen.ellipse((x - r, y - r, x + r, y + r), fill=FAKE_COLOR, outline=(0, 0, 0))
        some = slice(None, None, 4)  # arrows on every 4th generated point: all of them hide each other
        arrows = f["arrows"][some]
        arrows = arrows / max(float(np.linalg.norm(arrows, axis=1).max()), 1e-12)  # the longest drawn one: full length
        self._arrows(pen, self._pixel(f["fake"][some], e), self._pixel(f["fake"][some] + 0.15 * e * arrows, e))
        for x, y in self._pixel(f["real"], e):  # last: the data stay visible under a collapsed G
            pen.ellipse((x - r * 0.8, y - r * 0.8, x + r * 0.8, y + r * 0.8), fill=REAL_COLOR, outline=(255, 255, 255))
        return img

    def _arrows(self, pen: ImageDraw.ImageDraw, start: np.ndarray, end: np.ndarray) -> None:
        width, head = max(2, self.size // 200), max(5.0, self.size / 60)  # 2 px at least: visible when shrunk in a strip
        for (x0, y0), (x1, y1) in zip(start, end):
            dx, dy = x1 - x0, y1 - y0
            length = float(np.hypot(dx, dy))
            if length < 2:
                continue
            pen.line((x0, y0, x1, y1), fill=ARROW_COLOR, width=width)
            ux, uy = dx / length, dy / length
            for side in (1, -1):  # two barbs at +-30 degrees
                bx = x1 - head * (0.866 * ux - side * 0.5 * uy)
                by = y1 - head * (0.866 * uy + side * 0.5 * ux)
                pen.line((x1, y1, bx, by), fill=ARROW_COLOR, width=width)

    def rgb(self) -> np.ndarray:
        """The current plot area as a uint8 ``(size, size, 3)`` array."""
        return np.asarray(self.image())

    def frame(self) -> Image.Image:
        """The plot area with axes, ticks and a colour bar for D(x): what the live view shows."""
        if self._axes is None:  # axes, ticks and colour bar are the same every frame
            self._axes, self._corner = framed(self.size, self.extent, self._lut)
        self.frame_size = self._axes.size
        canvas = self._axes.copy()
        canvas.paste(self.image(), self._corner)
        return canvas

    def png(self) -> bytes:
        """The whole frame (``frame()``) as PNG bytes."""
        buffer = io.BytesIO()
        self.frame().save(buffer, format="PNG", compress_level=1)
        return buffer.getvalue()


@functools.cache
def font_of_size(size: int) -> ImageFont.FreeTypeFont:
    """DejaVu Sans, which matplotlib ships (it has the arrows and dots the legends use), at ``size`` pixels."""
    from matplotlib import font_manager

    return ImageFont.truetype(font_manager.findfont("DejaVu Sans"), size)


def framed(size: int, extent: float, lut: np.ndarray, *, font_px: int = 16) -> tuple[Image.Image, tuple[int, int]]:
    """Axes with ticks and labels around an empty ``size`` x ``size`` plot of ``[-extent, extent]^2``, and a
    colour bar for D(x) (``lut``: the map's 256 RGB rows); returns the picture and the plot's top-left corner."""
    from matplotlib.ticker import MaxNLocator

    font = font_of_size(font_px)
    left, top, bottom, bar_gap, bar_w, right = 4 * font_px, font_px, 3 * font_px, font_px, font_px + 4, 7 * font_px
    canvas = Image.new("RGB", (left + size + bar_gap + bar_w + right, top + size + bottom), "white")
    pen = ImageDraw.Draw(canvas)
    pen.rectangle((left - 1, top - 1, left + size, top + size), outline=(0, 0, 0))
    for value in MaxNLocator(7).tick_values(-extent, extent):
        if abs(value) > extent + 1e-9:
            continue
        u = (value + extent) / (2 * extent) * (size - 1)
        label = f"{value:g}"
        x, y = left + u, top + size - 1 - u
        pen.line((x, top + size, x, top + size + 6), fill=(0, 0, 0), width=2)  # x ticks
        pen.text((x, top + size + 8), label, fill=(0, 0, 0), font=font, anchor="mt")
        pen.line((left - 7, y, left - 1, y), fill=(0, 0, 0), width=2)  # y ticks
        pen.text((left - 9, y), label, fill=(0, 0, 0), font=font, anchor="rm")
    pen.text((left + size / 2, top + size + 2.9 * font_px), "x1", fill=(0, 0, 0), font=font, anchor="mb")
    pen.text((4, top + size / 2), "x2", fill=(0, 0, 0), font=font, anchor="lm")
    x0 = left + size + bar_gap  # the colour bar: 1 at the top, 0 at the bottom
    ramp = lut[np.linspace(255, 0, size).astype(int)][:, None, :].repeat(bar_w, axis=1)
    canvas.paste(Image.fromarray(np.ascontiguousarray(ramp)), (x0, top))
    pen.rectangle((x0 - 1, top - 1, x0 + bar_w, top + size), outline=(0, 0, 0))
    for value, text in ((1.0, "1 real"), (0.5, "0.5"), (0.0, "0 generated")):
        y = top + (1 - value) * (size - 1)
        pen.line((x0 + bar_w, y, x0 + bar_w + 6, y), fill=(0, 0, 0), width=2)
        pen.text((x0 + bar_w + 9, y), text, fill=(0, 0, 0), font=font, anchor="lm")
    pen.text((x0 + bar_w + 9, top + size * 0.25), "D(x)", fill=(0, 0, 0), font=font, anchor="lm")
    return canvas, (left, top)
