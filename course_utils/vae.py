r"""The VAE's objective and training loop (notebook 06 writes both out by hand first).

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

from .models import VAE, check_images
from .training import check_finite, check_schedule


def reparameterize(mu: torch.Tensor, logvar: torch.Tensor) -> torch.Tensor:
    """One sample ``z = mu + exp(logvar / 2) * eps`` with ``eps ~ N(0, I)``; gradients flow to ``mu, logvar``."""
    return mu + torch.exp(0.5 * logvar) * torch.randn_like(mu)


def negative_elbo(model: VAE, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """``(loss, reconstruction, kl)`` for a batch ``x`` ``(N, 1, 28, 28)`` in [0, 1], each averaged over
    the batch in nats per image; ``loss = reconstruction + kl`` is the negative ELBO."""
    mu, logvar = model.encode_stats(x)
    z = reparameterize(mu, logvar)
    logits = model.decode_logits(z)
    reconstruction = F.binary_cross_entropy_with_logits(logits, x, reduction="sum") / len(x)
    kl = 0.5 * (mu.pow(2) + logvar.exp() - logvar - 1).sum() / len(x)
    return reconstruction + kl, reconstruction, kl


def fit_vae(model: VAE, images: torch.Tensor, *, epochs: int, batch_size: int = 128, lr: float = 1e-3,
            progress: bool = True) -> dict[str, list[float]]:
    """Train ``model`` on ``images`` ``(N, 1, 28, 28)`` in [0, 1] by minimising the negative ELBO with Adam.

    Returns ``{"loss", "reconstruction", "kl"}``, one mean per epoch (nats per image). Raises
    ``TrainingDiverged`` if the loss becomes NaN or infinite. The model is left in eval mode.
    """
    from tqdm.auto import tqdm

    check_images(images, name="images")
    check_schedule(epochs, batch_size, lr)
    device = next(model.parameters()).device
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    history: dict[str, list[float]] = {"loss": [], "reconstruction": [], "kl": []}
    step = 0
    bar = tqdm(range(epochs), desc="training VAE", unit="epoch", disable=not progress)
    for _ in bar:
        model.train()
        sums = [0.0, 0.0, 0.0]
        for index in torch.randperm(len(images)).split(batch_size):
            x = images[index].to(device)
            terms = negative_elbo(model, x)
            check_finite(terms[0], step=step)
            optimizer.zero_grad()
            terms[0].backward()
            optimizer.step()
            for i, term in enumerate(terms):
                sums[i] += float(term.detach()) * len(index)
            step += 1
        for key, total in zip(history, sums):
            history[key].append(total / len(images))
        bar.set_postfix(loss=f"{history['loss'][-1]:.1f}", kl=f"{history['kl'][-1]:.2f}")
    model.eval()
    return history
