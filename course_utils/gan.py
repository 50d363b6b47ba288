r"""GAN losses, written from the minimax value

.. math:: \min_G \max_D V(D, G) = \mathbb{E}_x[\log D(x)] + \mathbb{E}_z[\log(1 - D(G(z)))]

The discriminator outputs *logits* ``l`` with ``D = sigmoid(l)``; every loss goes through
``binary_cross_entropy_with_logits``, which is numerically safe where ``log(sigmoid(l))`` is not.
"""
from __future__ import annotations

import torch
import torch.nn.functional as F

GENERATOR_LOSSES = ("minimax", "non-saturating")


def discriminator_loss(real_logits: torch.Tensor, fake_logits: torch.Tensor) -> torch.Tensor:
    """``-V(D, G)``: D maximises V, so it minimises ``-E[log D(x)] - E[log(1 - D(G(z)))]``."""
    real = F.binary_cross_entropy_with_logits(real_logits, torch.ones_like(real_logits))
    fake = F.binary_cross_entropy_with_logits(fake_logits, torch.zeros_like(fake_logits))
    return real + fake


def generator_loss(fake_logits: torch.Tensor, kind: str = "non-saturating") -> torch.Tensor:
    """The generator's loss on ``D``'s logits for generated samples.

    ``"minimax"``: minimise ``E[log(1 - D(G(z)))]``, the term of V that G controls. Its gradient
    vanishes when D confidently rejects the fakes (early in training).
    ``"non-saturating"``: minimise ``-E[log D(G(z))]`` instead (Goodfellow et al., 2014): the same
    fixed point, strong gradients exactly when G is losing.
    """
    if kind == "minimax":
        return -F.binary_cross_entropy_with_logits(fake_logits, torch.zeros_like(fake_logits))
    if kind == "non-saturating":
        return F.binary_cross_entropy_with_logits(fake_logits, torch.ones_like(fake_logits))
    raise ValueError(f"unknown generator loss {kind!r}; choose from {GENERATOR_LOSSES}")
