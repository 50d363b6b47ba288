"""The 2-D game as a picture (notebook 04's live view): D(x) as a heat map, real and generated points,
and where G's loss pushes each generated point, rasterised with Pillow (matplotlib only lends its
colour map): a few milliseconds a frame, fast enough to watch training live.
"""
from __future__ import annotations

import matplotlib
import numpy as np
import torch
from PIL import Image, ImageDraw

from . import threads
from .gan import generator_loss
from .gan2d import GAN2D
from .raster import png_bytes

VIEW = 1.6  # the picture shows [-VIEW * s, VIEW * s]^2, s the data's extent: room around the outer modes


def game_field(gan: GAN2D, *, resolution: int = 64, extent: float | None = None, n_points: int = 256) -> dict:
    """What the live view draws, as NumPy arrays.

    Returns a dict: ``heat`` ``(resolution, resolution)`` = D(x) in [0, 1] on a grid over
    ``[-extent, extent]^2`` (row 0 at the bottom; for packed D, a point is judged packed with copies of
    itself), ``real`` and ``fake`` ``(n_points, 2)``, and ``arrows`` ``(n_points, 2)``: the direction
    the generator's loss pushes each generated point, ``-d loss_G / d x``, scaled to unit max length.
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
            "arrows": arrows.numpy(), "extent": extent}


class GameDrawing:
    """Draws the game as an image: D(x) as a heat map (blue: D says real, red: D says generated), real
    points (green), generated points (purple) and G's gradient arrows (black), rasterised with Pillow.
    """

    def __init__(self, gan: GAN2D, *, size: int = 320, resolution: int = 64, n_points: int = 256):
        self.gan, self.size, self.resolution, self.n_points = gan, size, resolution, n_points
        self.extent = VIEW * gan.G.scale  # the picture shows [-extent, extent]^2 in data coordinates
        self._lut = (matplotlib.colormaps["RdBu"](np.linspace(0, 1, 256))[:, :3] * 255).astype(np.uint8)

    def _pixel(self, points: np.ndarray, extent: float) -> np.ndarray:
        """Data coordinates -> pixel coordinates (y up)."""
        u = (points + extent) / (2 * extent) * (self.size - 1)
        return np.stack([u[:, 0], self.size - 1 - u[:, 1]], axis=1)

    def image(self) -> Image.Image:
        f = game_field(self.gan, resolution=self.resolution, extent=self.extent, n_points=self.n_points)
        e = f["extent"]
        heat = self._lut[(np.clip(f["heat"], 0, 1) * 255).astype(np.uint8)][::-1]  # row 0 = top
        img = Image.fromarray(heat).resize((self.size, self.size), Image.BILINEAR)
        pen = ImageDraw.Draw(img)
        r = max(2.0, self.size / 110)  # point radius: 3 px across at 320 px was too small to see
        for points, color in ((f["real"], (0, 150, 60)), (f["fake"], (120, 40, 160))):
            for x, y in self._pixel(points, e):
                pen.ellipse((x - r, y - r, x + r, y + r), fill=color)
        start = self._pixel(f["fake"], e)
        end = self._pixel(f["fake"] + 0.15 * e * f["arrows"], e)
        for (x0, y0), (x1, y1) in zip(start, end):
            pen.line((x0, y0, x1, y1), fill=(0, 0, 0), width=1)
        return img

    def rgb(self) -> np.ndarray:
        """The current frame as a uint8 ``(size, size, 3)`` array."""
        return np.asarray(self.image())

    def png(self) -> bytes:
        """The current frame as PNG bytes."""
        return png_bytes(self.rgb())
