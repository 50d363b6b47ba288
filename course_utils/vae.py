r"""The VAE's objective (notebook 06 writes it out by hand first); ``training.fit(vae, images,
objective=negative_elbo)`` trains with it.

For an image :math:`x` with pixels in [0, 1], an encoder :math:`q(z \mid x) = \mathcal N(\mu, \mathrm{diag}\,\sigma^2)`
and a decoder :math:`p(x \mid z)` with one Bernoulli per pixel, the evidence lower bound is

.. math::
    \mathrm{ELBO}(x) = \mathbb E_{q(z \mid x)}[\log p(x \mid z)] - \mathrm{KL}(q(z \mid x) \,\|\, \mathcal N(0, I)),

and training minimises its negative: a reconstruction term (binary cross-entropy summed over the 784
pixels, estimated with one sample :math:`z = \mu + \sigma \odot \varepsilon`, :math:`\varepsilon \sim \mathcal N(0, I)`,
the reparameterisation) plus the KL term, in closed form
:math:`\tfrac12 \sum_j (\mu_j^2 + \sigma_j^2 - \log \sigma_j^2 - 1)`.
"""
from __future__ import annotations

import torch
import torch.nn.functional as F

from . import _validate
from .models import VAE


def reparameterize(mu: torch.Tensor, logvar: torch.Tensor) -> torch.Tensor:
    """One sample ``z = mu + exp(logvar / 2) * eps`` with ``eps ~ N(0, I)``; gradients flow to ``mu, logvar``."""
    for name, t in (("mu", mu), ("logvar", logvar)):
        _validate.logits(t, name, ndim=2)
    if mu.shape != logvar.shape:
        raise ValueError(f"mu and logvar must have the same shape (N, latent_dim), got {tuple(mu.shape)} and "
                         f"{tuple(logvar.shape)}")
    eps = torch.randn(mu.shape, dtype=mu.dtype).to(mu.device)  # drawn on the CPU: a seed gives the same eps anywhere
    return mu + torch.exp(0.5 * logvar) * eps


def negative_elbo(model: VAE, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """``(loss, reconstruction, kl)`` for a batch ``x`` ``(N, 1, 28, 28)`` in [0, 1], each averaged over
    the batch in nats per image; ``loss = reconstruction + kl`` is the negative ELBO."""
    if not callable(getattr(model, "encode_stats", None)):
        raise TypeError(f"model must be a VAE (with encode_stats and decode_logits), got {type(model).__name__}")
    x = _validate.images(x, name="x", model=model)
    mu, logvar = model.encode_stats(x)
    z = reparameterize(mu, logvar)
    logits = model.decode_logits(z)
    reconstruction = F.binary_cross_entropy_with_logits(logits, x, reduction="sum") / len(x)
    kl = 0.5 * (mu.pow(2) + logvar.exp() - logvar - 1).sum() / len(x)
    return reconstruction + kl, reconstruction, kl
