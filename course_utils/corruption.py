"""Ways to damage images: noise for denoising autoencoders, and "anomalies" that were never digits.

Every function takes and returns float images of shape ``(N, 1, 28, 28)`` with values in [0, 1]
(results are clipped back into [0, 1], the range the decoders' sigmoid can produce). Pass a seeded
``torch.Generator`` for a fixed draw; without one, torch's global generator is used, which is what
a training loop wants (fresh noise at every step). Noise is drawn on the CPU in float32 and then moved to
the images' device and dtype, so a seed gives the same noise on every device and for every dtype.
"""
from __future__ import annotations

import torch

from ._validate import IMAGE_SHAPE, MAX_IMAGES, cpu_generator, integer, number
from ._validate import images as check_images


def gaussian_noise(x: torch.Tensor, std: float, *, generator: torch.Generator | None = None) -> torch.Tensor:
    """``clip(x + std * eps, 0, 1)`` with ``eps ~ N(0, 1)`` drawn independently for every pixel."""
    x = check_images(x, name="x")
    std = number(std, "std", low=0)
    eps = torch.randn(x.shape, generator=cpu_generator(generator)).to(x.device, x.dtype)
    return (x + std * eps).clamp(0.0, 1.0)


def salt_and_pepper(x: torch.Tensor, amount: float, *, generator: torch.Generator | None = None) -> torch.Tensor:
    """Set a random fraction ``amount`` of the pixels to 0 or 1 (half each, on average)."""
    x = check_images(x, name="x")
    amount = number(amount, "amount", low=0, high=1)
    generator = cpu_generator(generator)
    hit = torch.rand(x.shape, generator=generator).to(x.device) < amount
    value = (torch.rand(x.shape, generator=generator) < 0.5).to(x.device, x.dtype)
    return torch.where(hit, value, x)


def noise_images(n: int, *, generator: torch.Generator | None = None) -> torch.Tensor:
    """``n`` images of pure uniform noise in [0, 1], shape ``(n, 1, 28, 28)``: not digits at all."""
    n = integer(n, "n", high=MAX_IMAGES)
    return torch.rand((n, *IMAGE_SHAPE), generator=cpu_generator(generator))
