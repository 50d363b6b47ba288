r"""GAN losses, written from the minimax value

.. math:: \min_G \max_D V(D, G) = \mathbb{E}_x[\log D(x)] + \mathbb{E}_z[\log(1 - D(G(z)))]

The discriminator outputs *logits* ``l`` with ``D = sigmoid(l)``; every loss goes through
``binary_cross_entropy_with_logits``, which is numerically safe where ``log(sigmoid(l))`` is not.
"""
from __future__ import annotations

import copy
from functools import partial

import torch
import torch.nn.functional as F
from torch import nn

from .training import check_finite, check_max_shift, random_shift

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


def class_entropy_loss(class_logits: torch.Tensor) -> torch.Tensor:
    r"""``E_x H(p(y|x)) - H(E_x p(y|x))`` over a batch of class logits ``(B, K)``: minus the log of the
    batch's classifier score, :math:`-\mathbb{E}_x \mathrm{KL}(p(y \mid x) \,\|\, p(y))`.

    Small when every sample is confidently one class (first term) and the classes are used equally
    (second term). A generator minimising it on its discriminator's class head (``train_dcgan(labels=...)``)
    is asked for digits that can be named, in equal numbers: a continuous map from noise must otherwise
    spend some of its samples between digits. Ranges from ``-log K`` to ``log K``.
    """
    if class_logits.ndim != 2 or class_logits.shape[1] < 2:
        raise ValueError(f"class_logits must have shape (B, K) with K >= 2, got {tuple(class_logits.shape)}")
    log_p = class_logits.log_softmax(1)
    conditional = -(log_p.exp() * log_p).sum(1).mean()
    marginal = log_p.exp().mean(0)
    return conditional + (marginal * marginal.clamp_min(1e-12).log()).sum()


# ----------------------------------------------------------------------------- image GANs (notebook 05)

def dcgan_step(generator, discriminator, opt_g, opt_d, real: torch.Tensor, z: torch.Tensor,
               *, loss: str = "non-saturating") -> dict[str, float]:
    """One alternating update on a batch: D takes a step up ``V(D, G)``, then G a step down its loss.

    ``real`` is ``(B, 1, 28, 28)`` in [0, 1]; ``z`` is ``(B, latent_dim)`` noise. Returns both losses
    and the batch means of ``D(x)`` on real images and ``D(G(z))`` on generated ones (before the updates).
    """
    fake = generator(z)
    real_logits = discriminator(real)
    fake_logits = discriminator(fake.detach())  # detach: D's step must not move G
    loss_d = discriminator_loss(real_logits, fake_logits)
    opt_d.zero_grad()
    loss_d.backward()
    opt_d.step()
    loss_g = generator_loss(discriminator(fake), loss)  # ask the updated D
    opt_g.zero_grad()
    loss_g.backward()
    opt_g.step()
    return {"loss_d": loss_d.item(), "loss_g": loss_g.item(),
            "d_real": torch.sigmoid(real_logits).mean().item(), "d_fake": torch.sigmoid(fake_logits).mean().item()}


def labelled_dcgan_step(generator, discriminator, opt_g, opt_d, real: torch.Tensor, z: torch.Tensor,
                        labels: torch.Tensor, *, loss: str = "non-saturating", class_weight: float = 1.0) -> dict[str, float]:
    """``dcgan_step`` for a discriminator with a class head (``DCGANDiscriminator(num_classes=10)``).

    D also learns to name the real digits (cross-entropy with ``labels``, ``(B,)``); G's loss adds
    ``class_weight * class_entropy_loss`` on D's class logits for its samples. G itself is unchanged:
    it still maps noise alone to images. Also returns ``"class_accuracy"`` on the real batch.
    """
    fake = generator(z)
    real_logits, real_classes = discriminator.forward_with_classes(real)
    fake_logits = discriminator(fake.detach())
    loss_d = discriminator_loss(real_logits, fake_logits) + F.cross_entropy(real_classes, labels)
    opt_d.zero_grad()
    loss_d.backward()
    opt_d.step()
    logits, classes = discriminator.forward_with_classes(fake)
    loss_g = generator_loss(logits, loss) + class_weight * class_entropy_loss(classes)
    opt_g.zero_grad()
    loss_g.backward()
    opt_g.step()
    return {"loss_d": loss_d.item(), "loss_g": loss_g.item(),
            "d_real": torch.sigmoid(real_logits).mean().item(), "d_fake": torch.sigmoid(fake_logits).mean().item(),
            "class_accuracy": (real_classes.argmax(1) == labels).float().mean().item()}


class ShiftedInputs(nn.Module):
    """``D(shift(x))``: the discriminator sees every image, real or generated, randomly shifted by up to
    ``max_shift`` pixels (``training.random_shift``).

    On a few thousand training digits D soon memorises them and stops teaching G anything new.
    Shifting D's inputs, generated ones included and with gradients flowing through the shift
    (differentiable augmentation, Zhao et al., 2020), hides the exact pixels from D without asking G
    for shifted digits: both sides of the game see the same augmentation.
    """

    def __init__(self, discriminator: nn.Module, max_shift: int, generator: torch.Generator | None = None):
        super().__init__()
        check_max_shift(max_shift)
        self.discriminator, self.max_shift, self.generator = discriminator, max_shift, generator

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.discriminator(random_shift(x, self.max_shift, generator=self.generator))

    def forward_with_classes(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        return self.discriminator.forward_with_classes(random_shift(x, self.max_shift, generator=self.generator))


def train_dcgan(generator, discriminator, images: torch.Tensor, *, epochs: int, batch_size: int = 64,
                lr: float = 2e-4, betas: tuple[float, float] = (0.5, 0.999), loss: str = "non-saturating",
                seed: int = 0, fixed_z: torch.Tensor | None = None, snapshots: int = 0, step=None,
                ema: float = 0.0, shift: int = 0, labels: torch.Tensor | None = None, class_weight: float = 1.0,
                progress: bool = True) -> dict:
    """Train a GAN on ``images`` ``(N, 1, 28, 28)`` in [0, 1] with Adam, ``epochs`` passes of minibatches.

    ``step`` does one update (default ``dcgan_step``; notebook 05 passes its own copy). ``seed``
    fixes the batch order and the noise. With ``fixed_z`` and ``snapshots=k``, the generator's
    images for ``fixed_z`` are kept at ``k`` evenly spaced steps (the first and the last included).
    Returns ``{"loss_d", "loss_g", "d_real", "d_fake"}`` (one float per step) and ``"snapshots"``,
    a list of ``(step, images)``. Stops with ``TrainingDiverged`` when a loss is NaN or infinite.

    With ``0 < ema < 1``, ``history["ema"]`` is also a copy of the generator whose weights are an
    exponential moving average of the trained ones, ``w_ema <- ema * w_ema + (1 - ema) * w`` after
    every step: GAN weights keep circling the equilibrium, and their average sits closer to it
    (Yazıcı et al., 2019). Its batch-norm statistics are re-measured at the end (see ``recalibrate_batch_norm``).
    With ``shift > 0``, D sees all images randomly shifted by up to ``shift`` pixels (``ShiftedInputs``).

    With ``labels`` (``(N,)`` digits 0-9 for ``images``), D needs a class head
    (``DCGANDiscriminator(num_classes=10)``) and the default step is ``labelled_dcgan_step`` with
    ``class_weight``; ``history["class_accuracy"]`` is D's accuracy on each real batch.
    """
    from tqdm.auto import tqdm

    from .models import check_images, check_labels

    check_images(images)
    for name, value in (("epochs", epochs), ("batch_size", batch_size), ("snapshots", snapshots)):
        if not isinstance(value, int) or isinstance(value, bool) or value < (0 if name == "snapshots" else 1):
            raise ValueError(f"{name} must be a {'non-negative' if name == 'snapshots' else 'positive'} int, got {value!r}")
    if batch_size > len(images):
        raise ValueError(f"batch_size ({batch_size}) is larger than the number of images ({len(images)})")
    if not isinstance(ema, (int, float)) or isinstance(ema, bool) or not 0.0 <= ema < 1.0:
        raise ValueError(f"ema must be a decay in [0, 1) (0: no moving average), got {ema!r}")
    if snapshots and fixed_z is None:
        raise ValueError("snapshots needs fixed_z, the noise batch to draw at each snapshot")
    if not isinstance(class_weight, (int, float)) or isinstance(class_weight, bool) or class_weight < 0:
        raise ValueError(f"class_weight must be a number >= 0, got {class_weight!r}")
    if labels is not None:
        if not getattr(discriminator, "num_classes", 0):
            raise ValueError("training with labels needs a discriminator with a class head, "
                             "e.g. DCGANDiscriminator(channels, num_classes=10)")
        check_labels(labels, len(images), discriminator.num_classes)
        step = step or partial(labelled_dcgan_step, class_weight=class_weight)
    step = step or dcgan_step
    g = torch.Generator().manual_seed(seed)
    critic = ShiftedInputs(discriminator, shift, g) if shift else discriminator
    opt_g = torch.optim.Adam(generator.parameters(), lr=lr, betas=betas)
    opt_d = torch.optim.Adam(discriminator.parameters(), lr=lr, betas=betas)
    per_epoch = len(images) // batch_size  # drop the last partial batch: batch norm likes equal sizes
    total = epochs * per_epoch
    keep = {round(i * (total - 1) / max(snapshots - 1, 1)) for i in range(snapshots)}
    history: dict = {"loss_d": [], "loss_g": [], "d_real": [], "d_fake": [], "snapshots": []}
    average = None
    if ema:
        average = copy.deepcopy(generator).requires_grad_(False)
    generator.train()
    discriminator.train()
    with tqdm(total=total, desc="GAN steps", disable=not progress) as bar:
        for epoch in range(epochs):
            order = torch.randperm(len(images), generator=g)
            for b in range(per_epoch):
                i = epoch * per_epoch + b
                index = order[b * batch_size:(b + 1) * batch_size]
                real = images[index]
                z = torch.randn(batch_size, generator.latent_dim, generator=g).to(real.device)
                if labels is None:
                    out = step(generator, critic, opt_g, opt_d, real, z, loss=loss)
                else:
                    out = step(generator, critic, opt_g, opt_d, real, z, labels[index].to(real.device), loss=loss)
                for key in ("loss_d", "loss_g"):
                    check_finite(out[key], step=i, hint="lower the learning rate (e.g. halve lr) or check the inputs")
                for key in out:
                    history.setdefault(key, []).append(out[key])
                if average is not None:
                    with torch.no_grad():
                        for mean, current in zip(average.parameters(), generator.parameters()):
                            mean.lerp_(current, 1.0 - ema)
                if i in keep:
                    generator.eval()  # running batch-norm statistics, as at sampling time
                    with torch.no_grad():
                        history["snapshots"].append((i + 1, generator.decode(fixed_z).cpu()))
                    generator.train()
                bar.update()
    generator.eval()
    discriminator.eval()
    if average is not None:
        history["ema"] = recalibrate_batch_norm(average, seed=seed)
    return history


@torch.no_grad()
def recalibrate_batch_norm(generator, *, batches: int = 20, batch_size: int = 500, seed: int = 0):
    """Re-measure the batch-norm running statistics of ``generator`` on its own samples; returns it in eval mode.

    Averaged weights (``train_dcgan(ema=...)``) were never run, so the running means and variances
    they inherited belong to other weights. This runs ``batches`` noise batches in training mode and
    keeps the plain average of their statistics.
    """
    g = torch.Generator().manual_seed(seed)
    layers = [m for m in generator.modules() if isinstance(m, torch.nn.modules.batchnorm._BatchNorm)]
    for layer in layers:
        layer.reset_running_stats()
        layer.momentum = None  # None: a cumulative average over the batches, not an exponential one
    generator.train()
    device = next(generator.parameters()).device
    for _ in range(batches):
        generator(torch.randn(batch_size, generator.latent_dim, generator=g).to(device))
    for layer in layers:
        layer.momentum = 0.1  # back to PyTorch's default for any further training
    return generator.eval()
