r"""GANs: the losses, written from the minimax value


.. math:: \min_G \max_D V(D, G) = \mathbb{E}_x[\log D(x)] + \mathbb{E}_z[\log(1 - D(G(z)))]

The discriminator outputs *logits* ``l`` with ``D = sigmoid(l)``; every loss goes through
``binary_cross_entropy_with_logits``, which is numerically safe where ``log(sigmoid(l))`` is not.

Then ``gan_step``, one round of the game shared by the 2-D GANs (``gan2d``) and the image GANs, and
``train_dcgan``, the loop that trains an image GAN.
"""
from __future__ import annotations

import copy

import torch
import torch.nn.functional as F
from torch import nn

from . import _validate
from .training import check_finite, progress_bar, random_shift, trained_on

GENERATOR_LOSSES = ("minimax", "non-saturating")


def discriminator_loss(real_logits: torch.Tensor, fake_logits: torch.Tensor) -> torch.Tensor:
    """``-V(D, G)``: D maximises V, so it minimises ``-E[log D(x)] - E[log(1 - D(G(z)))]``."""
    _validate.logits(real_logits, "real_logits")
    _validate.logits(fake_logits, "fake_logits")
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
    _validate.logits(fake_logits, "fake_logits")
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
    spend some of its samples between digits. Ranges over ``[-log K, 0]``: it is minus the mutual information
    between sample and class under the batch's predictions, which is never negative (0 when every sample gets
    the same prediction, ``-log K`` when each is one class with certainty and the K classes are used equally).
    """
    if _validate.logits(class_logits, "class_logits").ndim != 2 or class_logits.shape[1] < 2:
        raise ValueError(f"class_logits must have shape (B, K) with K >= 2, got {tuple(class_logits.shape)}")
    log_p = class_logits.log_softmax(1)
    conditional = -(log_p.exp() * log_p).sum(1).mean()
    marginal = log_p.exp().mean(0)
    return conditional + (marginal * marginal.clamp_min(1e-12).log()).sum()


# ----------------------------------------------------------------------------- one round of the game
# D takes a step up V(D, G) on a batch, then G a step down its loss. The same code trains the 2-D GANs of
# notebook 04 (points) and the image GANs of notebook 05; both notebooks write it out and check it equals this.

def gan_step(generator, discriminator, opt_g, opt_d, real: torch.Tensor, z: torch.Tensor, *,
             loss: str = "non-saturating", labels: torch.Tensor | None = None,
             class_weight: float = 1.0, r1: float = 0.0) -> dict[str, float]:
    """One alternating update. ``real`` is a batch of data (``(B, 1, 28, 28)`` images or ``(B, 2)``
    points), ``z`` is ``(B, latent_dim)`` noise; ``discriminator`` returns logits.

    ``labels`` (``(B,)``, the classes of ``real``) are used in one of two ways, chosen by the models:

    - a class-conditional generator (``label_classes > 0``) draws ``G(z, labels)`` and the conditional
      D judges each image with its label: "a real image *of this digit*?";
    - otherwise D has a class head (``forward_with_classes``) and learns to name the real digits, and G's
      loss adds ``class_weight * class_entropy_loss`` on D's names for its samples (G still maps noise alone).

    ``r1 > 0`` adds the R1 penalty (Mescheder et al., 2018) to D's loss: ``r1 / 2 * E ||grad_x logit(x)||^2``
    on real data, which keeps D flat where the data are, so G is not pushed past them.

    Returns the two losses and the batch means of ``D(x)`` on real data and ``D(G(z))`` on generated
    data, before the updates (with a class head also ``"class_accuracy"`` on the real batch; with R1
    also ``"r1"``, the penalty before its weight).
    """
    conditional = labels is not None and getattr(generator, "label_classes", 0) > 0
    named = {"labels": labels} if conditional else {}
    head = labels is not None and not conditional
    fake = generator(z, **named)
    # detach: D's step must not move G
    loss_d, real_logits, fake_logits, real_classes, penalty = _discriminator_update(
        discriminator, opt_d, real, fake.detach(), named, labels if head else None, r1)
    if head:
        logits, classes = discriminator.forward_with_classes(fake)
        loss_g = generator_loss(logits, loss) + class_weight * class_entropy_loss(classes)
    else:  # ask the updated D
        loss_g = generator_loss(discriminator(fake, **named), loss)
    opt_g.zero_grad()
    loss_g.backward()
    opt_g.step()
    out = {"loss_d": loss_d.item(), "loss_g": loss_g.item(),
           "d_real": torch.sigmoid(real_logits).mean().item(), "d_fake": torch.sigmoid(fake_logits).mean().item()}
    if head:
        out["class_accuracy"] = (real_classes.argmax(1) == labels).float().mean().item()
    if r1:
        out["r1"] = penalty.item()
    return out


def r1_penalty(real_logits: torch.Tensor, real: torch.Tensor) -> torch.Tensor:
    """``E ||grad_x logit(x)||^2`` over a batch of real data ``real`` (which must require grad), differentiable."""
    _validate.logits(real_logits, "real_logits")
    if not (torch.is_tensor(real) and real.requires_grad and real_logits.requires_grad):
        raise ValueError("r1_penalty needs the gradient of D's logits with respect to real: call "
                         "real.requires_grad_() before real_logits = D(real)")
    grad, = torch.autograd.grad(real_logits.sum(), real, create_graph=True)
    return grad.pow(2).flatten(1).sum(1).mean()


def discriminator_step(generator, discriminator, opt_d, real: torch.Tensor, z: torch.Tensor, *,
                       r1: float = 0.0) -> float:
    """An update of D alone, the first half of ``gan_step``: for "D steps per G step" above 1. Returns D's loss."""
    with torch.no_grad():
        fake = generator(z)
    return _discriminator_update(discriminator, opt_d, real, fake, {}, None, r1)[0].item()


def _discriminator_update(discriminator, opt_d, real, fake, named: dict, head_labels, r1: float):
    """D's step up V on ``real`` and (detached) ``fake``: with ``named`` labels for a conditional D, a class
    head's cross-entropy when ``head_labels`` are given, and the R1 penalty when ``r1 > 0``. Returns the loss
    and what ``gan_step`` reports: ``(loss_d, real_logits, fake_logits, real_classes, penalty)``."""
    real_classes = penalty = None
    if r1:
        real = real.detach().requires_grad_(True)
    if head_labels is not None:
        real_logits, real_classes = discriminator.forward_with_classes(real)
    else:
        real_logits = discriminator(real, **named)
    fake_logits = discriminator(fake, **named)
    loss_d = discriminator_loss(real_logits, fake_logits)
    if head_labels is not None:
        loss_d = loss_d + F.cross_entropy(real_classes, head_labels)
    if r1:
        penalty = r1_penalty(real_logits, real)
        loss_d = loss_d + r1 / 2 * penalty
    opt_d.zero_grad()
    loss_d.backward()
    opt_d.step()
    return loss_d, real_logits, fake_logits, real_classes, penalty


# ----------------------------------------------------------------------------- image GANs (notebook 05)

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
        _validate.integer(max_shift, "max_shift", low=0, high=13)
        self.discriminator, self.max_shift, self.generator = discriminator, max_shift, generator

    def forward(self, x: torch.Tensor, labels: torch.Tensor | None = None) -> torch.Tensor:
        named = {} if labels is None else {"labels": labels}
        return self.discriminator(random_shift(x, self.max_shift, generator=self.generator), **named)

    def forward_with_classes(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        return self.discriminator.forward_with_classes(random_shift(x, self.max_shift, generator=self.generator))


def _check_dcgan_args(generator, discriminator, images, labels, epochs, batch_size, snapshots, fixed_z, ema,
                      class_weight, shift, lr, betas, seed) -> torch.Tensor | None:
    """The checked labels (None without them)."""
    _validate.module(generator, "generator")
    _validate.module(discriminator, "discriminator")
    _validate.generative(generator, "generator")
    _validate.seed(seed)
    _validate.integer(epochs, "epochs", high=_validate.MAX_EPOCHS)
    _validate.integer(batch_size, "batch_size", high=len(images))  # at least one full batch per epoch
    _validate.integer(snapshots, "snapshots", low=0)
    _validate.number(ema, "ema (a decay; 0: no moving average)", low=0, high=1, high_open=True)
    _validate.number(class_weight, "class_weight", low=0)
    _validate.integer(shift, "shift", low=0, high=13)
    _validate.number(lr, "lr", low=0, low_open=True)
    if not (isinstance(betas, (tuple, list)) and len(betas) == 2):
        raise ValueError(f"betas must be two numbers in [0, 1), Adam's (beta1, beta2), got {betas!r}")
    for k, beta in enumerate(betas):
        _validate.number(beta, f"betas[{k}]", low=0, high=1, high_open=True)
    if snapshots and fixed_z is None:
        raise ValueError("snapshots needs fixed_z, the noise batch to draw at each snapshot")
    if fixed_z is not None:
        _validate.codes(fixed_z, generator.latent_dim, "fixed_z")
    conditional = getattr(generator, "label_classes", 0)
    if conditional:
        if labels is None:
            raise ValueError("a class-conditional generator (label_classes > 0) is trained with labels: "
                             "pass labels=, the (N,) digits of images")
        if getattr(discriminator, "label_classes", 0) != conditional:
            raise ValueError(f"a class-conditional generator (label_classes={conditional}) needs a conditional "
                             f"discriminator with the same classes: DCGANDiscriminator(channels, "
                             f"label_classes={conditional})")
        labels = _validate.labels(labels, len(images), conditional)
    elif labels is not None:
        if not getattr(discriminator, "num_classes", 0):
            raise ValueError("training with labels needs a class-conditional generator and discriminator "
                             "(label_classes=10) or a discriminator with a class head (num_classes=10)")
        labels = _validate.labels(labels, len(images), discriminator.num_classes)
    return labels


def train_dcgan(generator, discriminator, images: torch.Tensor, *, epochs: int, batch_size: int = 64,
                lr: float = 2e-4, betas: tuple[float, float] = (0.5, 0.999), loss: str = "non-saturating",
                seed: int = 0, fixed_z: torch.Tensor | None = None, snapshots: int = 0, step=gan_step,
                ema: float = 0.0, shift: int = 0, labels: torch.Tensor | None = None, class_weight: float = 1.0,
                fixed_labels: torch.Tensor | None = None, device: str | torch.device | None = None,
                progress: bool = True) -> dict:
    """Train a GAN on ``images`` ``(N, 1, 28, 28)`` in [0, 1] with Adam, ``epochs`` passes of minibatches.

    ``step`` does one update (``gan_step``; notebook 05 passes its own copy). ``seed`` fixes the batch
    order, the noise and the shifts. With ``fixed_z`` and ``snapshots=k``, the generator's images for
    ``fixed_z`` are kept at ``k`` evenly spaced steps (the first and the last included). Returns
    ``{"loss_d", "loss_g", "d_real", "d_fake"}`` (one float per step) and ``"snapshots"``, a list of
    ``(step, images)``. Stops with ``TrainingDiverged`` when a loss is NaN or infinite.

    With ``0 < ema < 1`` the generator ends with an exponential moving average of its weights,
    ``w_ema <- ema * w_ema + (1 - ema) * w`` after every step: GAN weights keep circling the equilibrium,
    and their average sits closer to it (Yazıcı et al., 2019). Its batch-norm statistics are re-measured
    (``recalibrate_batch_norm``). With ``shift > 0``, D sees all images randomly shifted by up to ``shift``
    pixels (``ShiftedInputs``). With ``labels`` (``(N,)`` digits 0-9 for ``images``), either both networks
    are class-conditional (``label_classes=10``: G draws, and D judges, each batch's own digits; snapshots
    then draw ``fixed_labels``, default ``arange(len(fixed_z)) % 10``), or D has a class head
    (``DCGANDiscriminator(num_classes=10)``) and learns to name the digits (see ``gan_step``);
    ``history["class_accuracy"]`` is then its accuracy on each real batch.

    ``device`` (e.g. ``setup()``'s) is where training runs: both networks and the images move there, and
    the networks go back to where they were at the end. Noise is drawn on the CPU, so a seed gives the same
    noise on every device (a GPU's arithmetic still differs in the last bits).
    """
    with trained_on(device, generator, discriminator):
        images = _validate.images(images, model=generator)  # on the networks' device, in their dtype
        labels = _check_dcgan_args(generator, discriminator, images, labels, epochs, batch_size, snapshots, fixed_z,
                                   ema, class_weight, shift, lr, betas, seed)
        labels = None if labels is None else labels.to(images.device)
        g = torch.Generator().manual_seed(seed)
        critic = ShiftedInputs(discriminator, shift, g) if shift else discriminator
        opt_g = torch.optim.Adam(generator.parameters(), lr=lr, betas=betas)
        opt_d = torch.optim.Adam(discriminator.parameters(), lr=lr, betas=betas)
        per_epoch = len(images) // batch_size  # drop the last partial batch: batch norm likes equal sizes
        total = epochs * per_epoch
        keep = {round(i * (total - 1) / max(snapshots - 1, 1)) for i in range(snapshots)}
        history: dict = {"loss_d": [], "loss_g": [], "d_real": [], "d_fake": [], "snapshots": []}
        conditional = getattr(generator, "label_classes", 0)
        if conditional and snapshots and fixed_labels is None:
            fixed_labels = torch.arange(len(fixed_z)) % conditional
        average = copy.deepcopy(generator).requires_grad_(False) if ema else None
        generator.train()
        discriminator.train()
        with progress_bar(total=total, desc="GAN steps", disable=not progress) as bar:
            for i in range(total):
                if i % per_epoch == 0:
                    order = torch.randperm(len(images), generator=g)
                index = order[(i % per_epoch) * batch_size:(i % per_epoch + 1) * batch_size]
                real = images[index]
                # drawn on the CPU, then moved: the same noise on any device
                z = torch.randn(batch_size, generator.latent_dim, generator=g).to(real)
                extra = {} if labels is None else {"labels": labels[index.to(labels.device)]}
                if labels is not None and not conditional:
                    extra["class_weight"] = class_weight
                out = step(generator, critic, opt_g, opt_d, real, z, loss=loss, **extra)
                for key in ("loss_d", "loss_g"):
                    check_finite(out[key], step=i, hint="lower the learning rate (e.g. halve lr) or check the inputs")
                for key in out:
                    history.setdefault(key, []).append(out[key])
                if average is not None:
                    with torch.no_grad():
                        for mean, current in zip(average.parameters(), generator.parameters()):
                            mean.lerp_(current, 1.0 - ema)
                if i in keep:
                    history["snapshots"].append((i + 1, _snapshot(generator, fixed_z, fixed_labels)))
                bar.update()
        generator.eval()
        discriminator.eval()
        if average is not None:
            generator.load_state_dict(recalibrate_batch_norm(average, seed=seed).state_dict())
    return history


@torch.no_grad()
def _snapshot(generator, fixed_z: torch.Tensor, fixed_labels: torch.Tensor | None = None) -> torch.Tensor:
    """The generator's images for ``fixed_z`` with its running batch-norm statistics, as at sampling time."""
    generator.eval()
    images = generator.decode(fixed_z, *([] if fixed_labels is None else [fixed_labels])).cpu()
    generator.train()
    return images


@torch.no_grad()
def recalibrate_batch_norm(generator, *, batches: int = 20, batch_size: int = 500, seed: int = 0):
    """Re-measure the batch-norm running statistics of ``generator`` on its own samples; returns it in eval mode.

    Averaged weights (``train_dcgan(ema=...)``) were never run, so the running means and variances
    they inherited belong to other weights. This runs ``batches`` noise batches in training mode and
    keeps the plain average of their statistics.
    """
    _validate.module(generator, "generator")
    _validate.integer(batches, "batches", high=10_000)
    _validate.integer(batch_size, "batch_size", low=2, high=100_000)  # batch norm needs two samples
    g = torch.Generator().manual_seed(_validate.seed(seed))
    layers = [m for m in generator.modules() if isinstance(m, torch.nn.modules.batchnorm._BatchNorm)]
    for layer in layers:
        layer.reset_running_stats()
        layer.momentum = None  # None: a cumulative average over the batches, not an exponential one
    generator.train()
    device, dtype = _validate.home(generator)
    classes = getattr(generator, "label_classes", 0)
    labels = [torch.arange(batch_size).to(device) % classes] if classes else []  # every class equally often
    for _ in range(batches):
        generator(torch.randn(batch_size, generator.latent_dim, generator=g).to(device, dtype), *labels)
    for layer in layers:
        layer.momentum = 0.1  # back to PyTorch's default for any further training
    return generator.eval()
