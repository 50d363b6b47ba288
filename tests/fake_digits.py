"""Tiny fake data sets for the GAN and training tests: bars a network learns in a few steps."""
import torch


def bars(n: int = 64) -> torch.Tensor:
    """Bright vertical bars, shape (n, 1, 28, 28) in [0, 1]."""
    x = torch.zeros(n, 1, 28, 28)
    x[:, :, 4:24, 12:16] = 1.0
    return x


def two_kinds(n: int = 64) -> tuple[torch.Tensor, torch.Tensor]:
    """Vertical bars (label 0) and horizontal bars (label 1), alternating: images (n, 1, 28, 28), labels (n,)."""
    x = bars(n)
    x[1::2] = x[1::2].transpose(2, 3)
    return x, torch.arange(n) % 2
