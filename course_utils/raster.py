"""Pixels to PNG, with NumPy and Pillow only: tiling digits, palettes, boxes.

Widgets redraw on every slider move, so nothing here touches matplotlib: encoding a small PNG takes
about a millisecond, a matplotlib redraw about 45.
"""
from __future__ import annotations

import io

import numpy as np
from PIL import Image

from ._validate import integer, to_numpy

MAX_TILES = 1000  # columns, or padding pixels: beyond it a grid is a typo, not a picture
MAX_SCALE = 64

# Pictures that get a coloured marker on every update are kept as palette indices (one byte a pixel):
# a 320x320 palette PNG encodes in ~0.5 ms, the same picture as RGB in several ms.
GRAY_PALETTE = [v for i in range(255) for v in (round(i * 255 / 254),) * 3] + [230, 40, 40]  # 255: red
MARK = 255


def images_array(images) -> np.ndarray:
    """``(N, 1, H, W)`` or ``(N, H, W)`` images (tensor or array) as an ``(N, H, W)`` array."""
    x = to_numpy(images)
    if not np.issubdtype(x.dtype, np.floating):
        raise ValueError(f"images must be floats in [0, 1], got dtype {x.dtype}; divide uint8 pixels by 255")
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
    [0, 1] are clipped.
    """
    x = images_array(images)
    n, h, w = x.shape
    ncols = int(np.ceil(np.sqrt(n))) if ncols is None else integer(ncols, "ncols", high=MAX_TILES)
    pad = integer(pad, "pad", low=0, high=MAX_TILES)
    nrows = int(np.ceil(n / ncols))
    canvas = np.zeros((nrows * (h + pad) + pad, ncols * (w + pad) + pad), dtype=np.uint8)
    pixels = (np.clip(x, 0.0, 1.0) * 255 + 0.5).astype(np.uint8)
    for i in range(n):
        r, c = divmod(i, ncols)
        top, left = pad + r * (h + pad), pad + c * (w + pad)
        canvas[top: top + h, left: left + w] = pixels[i]
    return canvas


def _encode(picture: Image.Image) -> bytes:
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG", compress_level=1)  # level 1: a fifth of the time of the default
    return buffer.getvalue()


def _enlarge(pixels: np.ndarray, scale: int) -> np.ndarray:
    """Repeat pixels (nearest neighbour), so small digits stay crisp when shown large."""
    return pixels.repeat(scale, axis=0).repeat(scale, axis=1) if scale > 1 else pixels


def png_bytes(pixels: np.ndarray, *, scale: int = 1) -> bytes:
    """Encode a grayscale ``(H, W)`` or RGB ``(H, W, 3)`` uint8 array as PNG bytes, enlarged ``scale`` times."""
    pixels = np.asarray(pixels)
    if pixels.dtype != np.uint8 or pixels.ndim not in (2, 3) or (pixels.ndim == 3 and pixels.shape[2] != 3):
        raise ValueError(f"pixels must be a uint8 array of shape (H, W) or (H, W, 3), got {pixels.dtype} {pixels.shape}")
    if integer(scale, "scale", high=MAX_SCALE) * max(pixels.shape[:2]) > 20_000:
        raise ValueError(f"scale {scale} would make a picture over 20,000 pixels wide; use a smaller scale")
    return _encode(Image.fromarray(_enlarge(pixels, scale)))


def images_png(images, *, ncols: int | None = None, scale: int = 2) -> bytes:
    """Tile ``(N, 1, H, W)`` images in [0, 1] and encode them as PNG bytes."""
    return png_bytes(tile_images(images, ncols), scale=scale)


def indexed_png(indices: np.ndarray, palette: list[int], *, scale: int = 1) -> bytes:
    """Encode an ``(H, W)`` uint8 array of palette indices as PNG bytes (``palette``: flat RGB list)."""
    indices = np.ascontiguousarray(_enlarge(indices, scale))
    picture = Image.frombytes("P", (indices.shape[1], indices.shape[0]), indices.tobytes())
    picture.putpalette(palette)
    return _encode(picture)


def gray_indices(gray: np.ndarray) -> np.ndarray:
    """uint8 gray levels -> indices 0-254 of ``GRAY_PALETTE`` (255 stays free for the red marker)."""
    return (gray.astype(np.uint16) * 254 // 255).astype(np.uint8)


def box(pixels: np.ndarray, top: int, left: int, height: int, width: int, color=MARK, thick: int = 1) -> None:
    """Draw a rectangle outline in place (clipped to the array)."""
    h, w = pixels.shape[:2]
    y0, y1, x0, x1 = max(top, 0), min(top + height, h), max(left, 0), min(left + width, w)
    if y0 >= y1 or x0 >= x1:
        return
    pixels[y0:min(y0 + thick, y1), x0:x1] = color
    pixels[max(y1 - thick, y0):y1, x0:x1] = color
    pixels[y0:y1, x0:min(x0 + thick, x1)] = color
    pixels[y0:y1, max(x1 - thick, x0):x1] = color
