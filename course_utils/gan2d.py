r"""The minimax game on 2-D data: small MLPs, a trainer around ``gan.gan_step`` with a history and a
divergence guard, and the mode-collapse cures. ``game`` draws the game; ``plotting`` its figures.

Everything is small on purpose: a generator ``G: R^latent_dim -> R^2`` and a discriminator
``D: R^(2*pack) -> logit`` with a few hundred hidden units in all, trained with large batches for a
few thousand steps, so one run takes seconds on a laptop CPU.

Methods (``METHODS``) are settings of the same trainer:

- ``"gan"``: the non-saturating GAN (Goodfellow et al., 2014);
- ``"minimax"``: the same, with the generator minimising the saturating term of V(D, G);
- ``"pacgan2"`` / ``"pacgan4"``: PacGAN (Lin et al., 2018): D judges packs of 2 or 4 samples at once,
  so a generator that puts every sample in the same mode is easy to catch;
- ``"spectral-norm"``: spectral normalisation of D's layers (Miyato et al., 2018): D stays
  1-Lipschitz, its gradients stay informative and smooth;
- ``"r1"``: the non-saturating GAN with the R1 penalty on D (Mescheder et al., 2018), the
  regulariser of today's StyleGAN family: D's gradient is kept small on real data, so D cannot
  build the steep walls that fling G past the modes;
- ``"gan+drs"``: the plain GAN, sampled with discriminator rejection (Azadi et al., 2019, here its
  top-k form): draw ``n / 0.9`` samples and keep the ``n`` that the trained D finds most real;
- ``"codes50"``: a categorical latent (InfoGAN's discrete code, DeLiGAN's mixture latent): ``z`` is a
  one-hot code of 50 values next to Gaussian noise of std 0.1, so the code decides where a sample
  goes and G can jump between modes instead of stretching one continuous sheet over all of them. It
  bakes in a guess that the data have at most about 50 clusters: the same 50 for the 8-mode ring
  and the 25-mode grid;
- ``"codes50+drs"``: both (rejection then also ranks whole modes, and tends to drop some).
"""
from __future__ import annotations

import time
from dataclasses import dataclass, replace

import numpy as np
import torch
from torch import nn

from . import threads
from ._validate import MAX_IMAGES as MAX_POINTS
from ._validate import choice, integer, number
from ._validate import seed as validate_seed
from .data import MIXTURES, TOY_DATASETS, sample_2d
from .gan import GENERATOR_LOSSES, discriminator_step, gan_step
from .metrics import mode_coverage
from .training import TrainingDiverged, check_finite

DATASETS = TOY_DATASETS
# The R1 weight gamma of the "r1" method (D's loss + gamma / 2 * E||grad_x logit(x)||^2, the gradient of D's logit, x in data units).
R1_WEIGHT = 0.1
METHODS = {
    "gan": {},
    "minimax": {"loss": "minimax"},
    "pacgan2": {"pack": 2},
    "pacgan4": {"pack": 4},
    "spectral-norm": {"spectral_norm": True},
    "r1": {"r1": R1_WEIGHT},
    "gan+drs": {"drs": True},
    "codes50": {"codes": 50, "noise_std": 0.1},
    "codes50+drs": {"codes": 50, "noise_std": 0.1, "drs": True},
}
# Discriminator rejection keeps this fraction of the samples it draws: the ones D scores highest.
DRS_KEEP = 0.9
LR_SCHEDULES = ("linear", "constant")
# Settings a running GAN2D may change between steps (``GAN2D.update``); the rest define the networks and data.
LIVE_SETTINGS = ("loss", "r1", "lr", "lr_schedule", "d_steps")
# Beyond this distance from the data (in units of the data's extent) a sample has flown off: divergence.
_DIVERGED_EXTENT = 50.0


def data_scale(dataset: str) -> float:
    """How far the data extends from 0 (1 for ring8, 4 for grid25): the models work in units of it."""
    choice(dataset, "dataset", DATASETS)
    if dataset in MIXTURES:
        return float(MIXTURES[dataset].modes.abs().max())
    return 1.0


def _mlp(n_in: int, hidden: int, depth: int, n_out: int, act, spectral_norm: bool = False) -> nn.Sequential:
    wrap = nn.utils.parametrizations.spectral_norm if spectral_norm else (lambda layer: layer)
    layers, width = [], n_in
    for _ in range(depth):
        layers += [wrap(nn.Linear(width, hidden)), act()]
        width = hidden
    layers.append(wrap(nn.Linear(width, n_out)))
    return nn.Sequential(*layers)


class Generator(nn.Module):
    """``G(z)``: ``z`` of shape ``(N, codes + latent_dim)`` -> points of shape ``(N, 2)``.

    ``z`` is ``latent_dim`` Gaussian numbers of std ``noise_std``, preceded, when ``codes > 0``, by a
    one-hot code drawn uniformly from ``codes`` values (a categorical latent). ``noise(n)`` draws such
    a ``z``. With a code, a small ``noise_std`` lets the code, not the noise, decide where a sample goes.
    """

    def __init__(self, latent_dim: int = 2, hidden: int = 128, depth: int = 3, scale: float = 1.0,
                 codes: int = 0, noise_std: float = 1.0):
        super().__init__()
        integer(codes, "codes", low=0)
        number(noise_std, "noise_std", low=0, low_open=True)
        self.config = dict(latent_dim=latent_dim, hidden=hidden, depth=depth, scale=scale, codes=codes,
                           noise_std=noise_std)
        self.latent_dim, self.scale, self.codes, self.noise_std = latent_dim, scale, codes, noise_std
        self.net = _mlp(codes + latent_dim, hidden, depth, 2, nn.ReLU)

    def noise(self, n: int, *, generator: torch.Generator | None = None) -> torch.Tensor:
        """``z`` for ``n`` samples, shape ``(n, codes + latent_dim)``: one-hot code, then Gaussian noise."""
        z = torch.randn(n, self.latent_dim, generator=generator)
        if self.noise_std != 1.0:
            z = z * self.noise_std
        if self.codes:
            code = torch.randint(self.codes, (n,), generator=generator)
            z = torch.cat([nn.functional.one_hot(code, self.codes).float(), z], dim=1)
        return z

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        width = self.codes + self.latent_dim
        if z.ndim != 2 or z.shape[1] != width:
            raise ValueError(f"z must have shape (N, {width}) (codes {self.codes} + latent_dim "
                             f"{self.latent_dim}), got {tuple(z.shape)}")
        return self.net(z) * self.scale  # the net works in units of the data's extent

    def sample(self, n: int, *, seed: int | None = None) -> torch.Tensor:
        """``n`` generated points, shape ``(n, 2)``, without gradients; ``seed`` fixes the noise."""
        integer(n, "n", high=MAX_POINTS)
        g = None if seed is None else torch.Generator().manual_seed(validate_seed(seed))
        with torch.no_grad():
            return self(self.noise(n, generator=g))


class Discriminator(nn.Module):
    """``D``'s logits: points ``(N, 2)`` -> ``(N // pack,)`` logits, ``D = sigmoid(logit)``.

    With ``pack > 1`` (PacGAN) consecutive groups of ``pack`` points are judged together, as one
    input of size ``2 * pack``: all real or all generated.
    """

    def __init__(self, hidden: int = 128, depth: int = 3, pack: int = 1, spectral_norm: bool = False,
                 scale: float = 1.0):
        super().__init__()
        integer(pack, "pack")
        self.config = dict(hidden=hidden, depth=depth, pack=pack, spectral_norm=spectral_norm, scale=scale)
        self.pack, self.scale = pack, scale
        self.net = _mlp(2 * pack, hidden, depth, 1, lambda: nn.LeakyReLU(0.2), spectral_norm)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if x.ndim != 2 or x.shape[1] != 2 or x.shape[0] % self.pack:
            raise ValueError(f"x must have shape (N, 2) with N a multiple of pack={self.pack}, got {tuple(x.shape)}")
        return self.net((x / self.scale).reshape(-1, 2 * self.pack))[:, 0]


@dataclass(frozen=True)
class GANConfig:
    """Everything that defines a 2-D GAN run. ``steps`` is the length of the linear learning-rate schedule."""

    dataset: str = "ring8"
    loss: str = "non-saturating"
    pack: int = 1
    spectral_norm: bool = False
    r1: float = 0.0
    latent_dim: int = 2
    codes: int = 0
    noise_std: float = 1.0
    drs: bool = False
    hidden: int = 128
    depth: int = 3
    batch_size: int = 256
    steps: int = 4000
    lr: float = 2e-3
    lr_schedule: str = "linear"  # "linear": decays to 0 at `steps` (sharpens the modes); "constant": keeps moving
    d_steps: int = 1  # D updates per G update
    seed: int = 0

    def check(self) -> "GANConfig":
        choice(self.dataset, "dataset", DATASETS)
        choice(self.loss, "loss", GENERATOR_LOSSES)
        choice(self.lr_schedule, "lr_schedule", LR_SCHEDULES)
        for name in ("pack", "latent_dim", "hidden", "depth", "batch_size", "steps", "d_steps"):
            integer(getattr(self, name), name)
        integer(self.codes, "codes", low=0)
        validate_seed(self.seed, "seed")
        if self.batch_size % self.pack:
            raise ValueError(f"batch_size ({self.batch_size}) must be a multiple of pack ({self.pack})")
        number(self.noise_std, "noise_std", low=0, low_open=True)
        number(self.r1, "r1 (the R1 penalty's weight; 0: none)", low=0)
        number(self.lr, "lr", low=0, low_open=True)
        return self


def config_for(method: str, dataset: str = "ring8", **overrides) -> GANConfig:
    """The config of a named method (see ``METHODS``) on ``dataset``, with ``overrides`` applied."""
    choice(method, "method", METHODS)
    unknown = set(overrides) - set(GANConfig.__dataclass_fields__)
    if unknown:
        raise ValueError(f"unknown option(s) {sorted(unknown)}; options are {tuple(GANConfig.__dataclass_fields__)}")
    return GANConfig(dataset=dataset, **{**METHODS[method], **overrides}).check()


class GAN2D:
    """A generator, a discriminator, their optimisers and the training history, on one 2-D dataset.

    ``train(n)`` continues training for ``n`` steps (so a live view can train a little, draw, and go
    on); the learning rate decays linearly to 0 over ``config.steps``, which sharpens the modes.
    ``history`` holds ``step``, ``loss_d`` and ``loss_g`` lists (one entry per step), as ``gan_step`` names them.
    """

    def __init__(self, config: GANConfig):
        self.config = config.check()
        c = config
        torch.manual_seed(c.seed)
        scale = data_scale(c.dataset)
        self.G = Generator(c.latent_dim, c.hidden, c.depth, scale, c.codes, c.noise_std)
        self.D = Discriminator(c.hidden, c.depth, c.pack, c.spectral_norm, scale)
        self.opt_g = torch.optim.Adam(self.G.parameters(), lr=c.lr, betas=(0.5, 0.999))
        self.opt_d = torch.optim.Adam(self.D.parameters(), lr=c.lr, betas=(0.5, 0.999))
        self.data = sample_2d(c.dataset, 1 << 16, seed=c.seed)  # a large pool: minibatches are drawn from it
        self._noise = torch.Generator().manual_seed(c.seed + 1)
        self.step = 0
        self.seconds = 0.0
        self.history: dict[str, list] = {"step": [], "loss_d": [], "loss_g": []}

    def _lr(self) -> float:
        if self.config.lr_schedule == "constant":
            return self.config.lr
        return self.config.lr * max(0.0, 1.0 - self.step / self.config.steps)

    def update(self, **settings) -> "GAN2D":
        """Change settings of a running game between steps (``LIVE_SETTINGS``: loss, r1, lr, lr_schedule,
        d_steps); the networks, their weights and the data stay. Other settings need a new ``GAN2D``."""
        fixed = set(settings) - set(LIVE_SETTINGS)
        if fixed:
            raise ValueError(f"{sorted(fixed)} cannot change during a run (only {LIVE_SETTINGS}); build a new GAN2D")
        self.config = replace(self.config, **settings).check()
        return self

    def train(self, steps: int | None = None) -> "GAN2D":
        """Train ``steps`` more steps (default: to the end of the schedule). Raises ``TrainingDiverged``."""
        c = self.config
        steps = max(0, c.steps - self.step) if steps is None else integer(steps, "steps", low=0)
        start = time.perf_counter()
        try:
            with threads(1):
                for _ in range(steps):
                    for opt in (self.opt_g, self.opt_d):
                        opt.param_groups[0]["lr"] = self._lr()
                    for _ in range(c.d_steps - 1):  # extra D updates first, each on a fresh batch
                        real, z = self._batch()
                        discriminator_step(self.G, self.D, self.opt_d, real, z, r1=c.r1)
                    real, z = self._batch()
                    out = gan_step(self.G, self.D, self.opt_g, self.opt_d, real, z, loss=c.loss, r1=c.r1)
                    self.step += 1
                    self._guard(out["loss_d"], out["loss_g"])
                    self.history["step"].append(self.step)
                    self.history["loss_d"].append(out["loss_d"])
                    self.history["loss_g"].append(out["loss_g"])
        finally:
            self.seconds += time.perf_counter() - start
        return self

    def _batch(self) -> tuple[torch.Tensor, torch.Tensor]:
        c = self.config
        real = self.data[torch.randint(len(self.data), (c.batch_size,), generator=self._noise)]
        return real, self.G.noise(c.batch_size, generator=self._noise)

    def _guard(self, loss_d: float, loss_g: float) -> None:
        # Both generator losses have gradients bounded by 1 in D's logit, so the cure is a smaller step
        # (Adam's steps are about lr in size); R1 damps the circling of G and D (notebook 04, section 6).
        hint = (f"lower lr (now {self.config.lr:g}, try {self.config.lr / 4:g}), or add the R1 penalty to "
                f"D's loss (r1=0.1), which damps the circling of G and D")
        check_finite(loss_d, step=self.step, hint=hint)
        check_finite(loss_g, step=self.step, hint=hint)
        if self.step % 100 == 0:
            reach = float(self.G.sample(256).abs().max()) / self.G.scale
            if not reach < _DIVERGED_EXTENT:  # also catches NaN samples
                raise TrainingDiverged(
                    f"generated points are {reach:.3g}x farther out than the data at step {self.step}: "
                    f"training diverged. Try this: {hint}.")

    def sample(self, n: int = 2500, *, seed: int = 1234, rejection: bool | None = None) -> torch.Tensor:
        """``n`` generated points ``(n, 2)``; the same ``seed`` gives the same points.

        With ``rejection`` (default: ``config.drs``) G draws ``ceil(n / DRS_KEEP)`` points and the
        ``n`` that D scores as most real are kept (discriminator rejection sampling, top-k form).
        """
        rejection = self.config.drs if rejection is None else rejection
        integer(n, "n", high=MAX_POINTS)
        if not rejection:
            return self.G.sample(n, seed=seed)
        points = self.G.sample(int(np.ceil(n / DRS_KEEP)), seed=seed)
        with torch.no_grad(), threads(1):  # a packed D judges each point packed with copies of itself
            logits = self.D(points.repeat_interleave(self.D.pack, dim=0))
        keep = logits.argsort(descending=True)[:n].sort().values  # keep the draw order
        return points[keep]

    def evaluate(self, n: int = 2500, *, seed: int = 1234, rejection: bool | None = None) -> tuple[int, float]:
        """``(modes captured, high-quality fraction)`` of ``n`` samples (mixtures only); ``rejection``
        as in ``sample``."""
        return self.evaluate_samples(self.sample(n, seed=seed, rejection=rejection))

    def evaluate_samples(self, samples: torch.Tensor) -> tuple[int, float]:
        """``(modes captured, high-quality fraction)`` of given ``(N, 2)`` samples on this run's mixture."""
        choice(self.config.dataset, "dataset (evaluation needs a mixture)", MIXTURES)
        return mode_coverage(samples, self.config.dataset)
