r"""The minimax game on 2-D data: small MLPs, the alternating train step, a trainer with a history and
a divergence guard, the mode-collapse cures, and a GAN-Lab style picture of the game.

Everything is small on purpose: a generator ``G: R^latent_dim -> R^2`` and a discriminator
``D: R^(2*pack) -> logit`` with a few hundred hidden units in all, trained with large batches for a
few thousand steps, so one run takes seconds on a laptop CPU.

Methods (``METHODS``) are recipes of the same trainer:

- ``"gan"``: the non-saturating GAN (Goodfellow et al., 2014);
- ``"minimax"``: the same, with the generator minimising the saturating term of V(D, G);
- ``"pacgan2"`` / ``"pacgan4"``: PacGAN (Lin et al., 2018): D judges packs of 2 or 4 samples at once,
  so a generator that puts every sample in the same mode is easy to catch;
- ``"spectral-norm"``: spectral normalisation of D's layers (Miyato et al., 2018): D stays
  1-Lipschitz, its gradients stay informative and smooth;
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

import io
import time
from dataclasses import dataclass

import matplotlib
import numpy as np
import torch
from PIL import Image, ImageDraw
from torch import nn

from . import threads
from .data import MIXTURES, TOY_DATASETS, sample_2d
from .gan import GENERATOR_LOSSES, discriminator_loss, generator_loss
from .metrics import mode_coverage
from .training import TrainingDiverged, check_finite

DATASETS = TOY_DATASETS
METHODS = {
    "gan": {},
    "minimax": {"loss": "minimax"},
    "pacgan2": {"pack": 2},
    "pacgan4": {"pack": 4},
    "spectral-norm": {"spectral_norm": True},
    "gan+drs": {"drs": True},
    "codes50": {"codes": 50, "noise_std": 0.1},
    "codes50+drs": {"codes": 50, "noise_std": 0.1, "drs": True},
}
# Discriminator rejection keeps this fraction of the samples it draws: the ones D scores highest.
DRS_KEEP = 0.9
# Beyond this distance from the data (in units of the data's extent) a sample has flown off: divergence.
_DIVERGED_EXTENT = 50.0


def _check_choice(kind: str, value, accepted) -> None:
    if value not in accepted:
        raise ValueError(f"unknown {kind} {value!r}; choose from {tuple(accepted)}")


def data_scale(dataset: str) -> float:
    """How far the data extends from 0 (1 for ring8, 4 for grid25): the models work in units of it."""
    _check_choice("dataset", dataset, DATASETS)
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
        if not isinstance(codes, int) or codes < 0:
            raise ValueError(f"codes must be an int >= 0, got {codes!r}")
        if not noise_std > 0:
            raise ValueError(f"noise_std must be positive, got {noise_std!r}")
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
        g = None if seed is None else torch.Generator().manual_seed(seed)
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
        if not isinstance(pack, int) or pack < 1:
            raise ValueError(f"pack must be a positive int, got {pack!r}")
        self.config = dict(hidden=hidden, depth=depth, pack=pack, spectral_norm=spectral_norm, scale=scale)
        self.pack, self.scale = pack, scale
        self.net = _mlp(2 * pack, hidden, depth, 1, lambda: nn.LeakyReLU(0.2), spectral_norm)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if x.ndim != 2 or x.shape[1] != 2 or x.shape[0] % self.pack:
            raise ValueError(f"x must have shape (N, 2) with N a multiple of pack={self.pack}, got {tuple(x.shape)}")
        return self.net((x / self.scale).reshape(-1, 2 * self.pack))[:, 0]


def train_step(G: Generator, D: Discriminator, opt_g, opt_d, real: torch.Tensor, z: torch.Tensor,
               loss: str = "non-saturating") -> tuple[torch.Tensor, torch.Tensor]:
    """One round of the game: D ascends V(D, G) on a batch, then G descends its loss.

    ``real`` is ``(B, 2)`` data, ``z`` is ``(B, latent_dim)`` noise. Returns ``(d_loss, g_loss)``.
    """
    fake = G(z)
    d_loss = discriminator_loss(D(real), D(fake.detach()))  # detach: this step does not move G
    opt_d.zero_grad()
    d_loss.backward()
    opt_d.step()
    g_loss = generator_loss(D(fake), loss)  # D has just moved: judge the same fakes again
    opt_g.zero_grad()
    g_loss.backward()
    opt_g.step()
    return d_loss.detach(), g_loss.detach()


@dataclass(frozen=True)
class GANConfig:
    """Everything that defines a 2-D GAN run. ``steps`` is the length of the learning-rate schedule."""

    dataset: str = "ring8"
    loss: str = "non-saturating"
    pack: int = 1
    spectral_norm: bool = False
    latent_dim: int = 2
    codes: int = 0
    noise_std: float = 1.0
    drs: bool = False
    hidden: int = 128
    depth: int = 3
    batch_size: int = 256
    steps: int = 4000
    lr: float = 2e-3
    seed: int = 0

    def check(self) -> "GANConfig":
        _check_choice("dataset", self.dataset, DATASETS)
        _check_choice("loss", self.loss, GENERATOR_LOSSES)
        for name in ("pack", "latent_dim", "hidden", "depth", "batch_size", "steps"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise ValueError(f"{name} must be a positive int, got {value!r}")
        if not isinstance(self.codes, int) or isinstance(self.codes, bool) or self.codes < 0:
            raise ValueError(f"codes must be an int >= 0, got {self.codes!r}")
        if self.batch_size % self.pack:
            raise ValueError(f"batch_size ({self.batch_size}) must be a multiple of pack ({self.pack})")
        if not self.noise_std > 0:
            raise ValueError(f"noise_std must be positive, got {self.noise_std!r}")
        if not self.lr > 0:
            raise ValueError(f"lr must be positive, got {self.lr!r}")
        return self


def config_for(method: str, dataset: str = "ring8", **overrides) -> GANConfig:
    """The config of a named method (see ``METHODS``) on ``dataset``, with ``overrides`` applied."""
    _check_choice("method", method, METHODS)
    unknown = set(overrides) - set(GANConfig.__dataclass_fields__)
    if unknown:
        raise ValueError(f"unknown option(s) {sorted(unknown)}; options are {tuple(GANConfig.__dataclass_fields__)}")
    return GANConfig(dataset=dataset, **{**METHODS[method], **overrides}).check()


class GAN2D:
    """A generator, a discriminator, their optimisers and the training history, on one 2-D dataset.

    ``train(n)`` continues training for ``n`` steps (so a live view can train a little, draw, and go
    on); the learning rate decays linearly to 0 over ``config.steps``, which sharpens the modes.
    ``history`` holds ``step``, ``d_loss`` and ``g_loss`` lists (one entry per step).
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
        self.history: dict[str, list] = {"step": [], "d_loss": [], "g_loss": []}

    def _lr(self) -> float:
        return self.config.lr * max(0.0, 1.0 - self.step / self.config.steps)

    def train(self, steps: int | None = None) -> "GAN2D":
        """Train ``steps`` more steps (default: to the end of the schedule). Raises ``TrainingDiverged``."""
        c = self.config
        steps = max(0, c.steps - self.step) if steps is None else steps
        start = time.perf_counter()
        try:
            with threads(1):
                for _ in range(steps):
                    for opt in (self.opt_g, self.opt_d):
                        opt.param_groups[0]["lr"] = self._lr()
                    real = self.data[torch.randint(len(self.data), (c.batch_size,), generator=self._noise)]
                    z = self.G.noise(c.batch_size, generator=self._noise)
                    d_loss, g_loss = train_step(self.G, self.D, self.opt_g, self.opt_d, real, z, c.loss)
                    self.step += 1
                    self._guard(d_loss, g_loss)
                    self.history["step"].append(self.step)
                    self.history["d_loss"].append(float(d_loss))
                    self.history["g_loss"].append(float(g_loss))
        finally:
            self.seconds += time.perf_counter() - start
        return self

    def _guard(self, d_loss: torch.Tensor, g_loss: torch.Tensor) -> None:
        hint = (f"lower lr (now {self.config.lr:g}, try {self.config.lr / 4:g}) or use the "
                f"non-saturating loss / spectral norm, which keep the gradients bounded")
        check_finite(d_loss, step=self.step, hint=hint)
        check_finite(g_loss, step=self.step, hint=hint)
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
        _check_choice("mixture", self.config.dataset, MIXTURES)
        return self.evaluate_samples(self.sample(n, seed=seed, rejection=rejection))

    def evaluate_samples(self, samples: torch.Tensor) -> tuple[int, float]:
        """``(modes captured, high-quality fraction)`` of given ``(N, 2)`` samples on this run's mixture."""
        _check_choice("mixture", self.config.dataset, MIXTURES)
        return mode_coverage(samples, self.config.dataset)


def train_gan2d(dataset: str = "ring8", method: str = "gan", **overrides) -> GAN2D:
    """Train a named method (see ``METHODS``) on a 2-D dataset to the end of its schedule."""
    return GAN2D(config_for(method, dataset, **overrides)).train()


# ----------------------------------------------------------------------------- the picture of the game

def game_field(gan: GAN2D, *, resolution: int = 64, extent: float | None = None, n_points: int = 256):
    """What the live view draws, as NumPy arrays.

    Returns a dict: ``heat`` ``(resolution, resolution)`` = D(x) in [0, 1] on a grid over
    ``[-extent, extent]^2`` (row 0 at the bottom; for packed D, a point is judged packed with copies of
    itself), ``real`` and ``fake`` ``(n_points, 2)``, and ``arrows`` ``(n_points, 2)``: the direction
    the generator's loss pushes each generated point, ``-d loss_G / d x``, scaled to unit max length.
    """
    with threads(1):
        return _game_field(gan, resolution, extent, n_points)


def _game_field(gan: GAN2D, resolution: int, extent: float | None, n_points: int) -> dict:
    G, D, c = gan.G, gan.D, gan.config
    extent = extent or 1.6 * G.scale
    ticks = torch.linspace(-extent, extent, resolution)
    yy, xx = torch.meshgrid(ticks, ticks, indexing="ij")
    grid = torch.stack([xx.reshape(-1), yy.reshape(-1)], dim=1)
    with torch.no_grad():
        heat = torch.sigmoid(D(grid.repeat_interleave(D.pack, dim=0))).reshape(resolution, resolution)
    fake = gan.sample(n_points, seed=99).clone().requires_grad_(True)
    loss = generator_loss(D(fake), c.loss)
    (grad,) = torch.autograd.grad(loss, fake)
    arrows = -grad / grad.norm(dim=1).max().clamp(min=1e-12)
    real = gan.data[:n_points]
    return {"heat": heat.numpy(), "real": real.numpy(), "fake": fake.detach().numpy(),
            "arrows": arrows.numpy(), "extent": extent}


class GameDrawing:
    """Draws the game as an image: D(x) as a heat map (blue: D says real, red: D says generated), real
    points (green), generated points (purple) and G's gradient arrows (black), rasterised with
    Pillow, not matplotlib: a few milliseconds a frame, fast enough to watch training live.
    """

    def __init__(self, gan: GAN2D, *, size: int = 320, resolution: int = 64, n_points: int = 256):
        self.gan, self.size, self.resolution, self.n_points = gan, size, resolution, n_points
        self._lut = (matplotlib.colormaps["RdBu"](np.linspace(0, 1, 256))[:, :3] * 255).astype(np.uint8)

    def _pixel(self, points: np.ndarray, extent: float) -> np.ndarray:
        """Data coordinates -> pixel coordinates (y up)."""
        u = (points + extent) / (2 * extent) * (self.size - 1)
        return np.stack([u[:, 0], self.size - 1 - u[:, 1]], axis=1)

    def image(self) -> Image.Image:
        f = game_field(self.gan, resolution=self.resolution, n_points=self.n_points)
        e = f["extent"]
        heat = self._lut[(np.clip(f["heat"], 0, 1) * 255).astype(np.uint8)][::-1]  # row 0 = top
        img = Image.fromarray(heat).resize((self.size, self.size), Image.BILINEAR)
        pen = ImageDraw.Draw(img)
        for points, color in ((f["real"], (0, 150, 60)), (f["fake"], (120, 40, 160))):
            for x, y in self._pixel(points, e):
                pen.rectangle((x - 1.5, y - 1.5, x + 1.5, y + 1.5), fill=color)
        start = self._pixel(f["fake"], e)
        end = self._pixel(f["fake"] + 0.15 * e * f["arrows"], e)
        for (x0, y0), (x1, y1) in zip(start, end):
            pen.line((x0, y0, x1, y1), fill=(0, 0, 0), width=1)
        return img

    def rgb(self) -> np.ndarray:
        """The current frame as a uint8 ``(size, size, 3)`` array."""
        return np.asarray(self.image())

    def png(self) -> bytes:
        buffer = io.BytesIO()
        self.image().save(buffer, format="PNG", compress_level=1)
        return buffer.getvalue()


def frame_strip(frames: list, *, title: str = "", size: float = 2.2):
    """A row of live-view frames: ``frames`` is a list of ``(step, (H, W, 3) uint8 array)``."""
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, len(frames), figsize=(size * len(frames), size + 0.3), squeeze=False)
    for ax, (step, rgb) in zip(axes[0], frames):
        ax.imshow(rgb)
        ax.set_title(f"step {step}", fontsize=9)
        ax.axis("off")
    if title:
        fig.suptitle(title, fontsize=10)
    fig.tight_layout()
    return fig


def coverage_figure(samples: dict, dataset: str, *, size: float = 2.6):
    """One scatter per entry of ``samples`` (title -> ``(N, 2)`` points) over the mixture's modes."""
    import matplotlib.pyplot as plt

    _check_choice("mixture", dataset, MIXTURES)
    modes = MIXTURES[dataset].modes.numpy()
    e = 1.5 * float(np.abs(modes).max())
    fig, axes = plt.subplots(1, len(samples), figsize=(size * len(samples), size), squeeze=False)
    for ax, (title, points) in zip(axes[0], samples.items()):
        points = np.asarray(points)
        # Modes first and hollow, samples on top: sharp samples sit on the modes and must stay visible.
        ax.scatter(*modes.T, s=60, marker="o", facecolors="none", edgecolors="tab:green", label="modes")
        ax.scatter(*points.T, s=2, alpha=0.4, c="tab:purple", label="generated")
        ax.set_xlim(-e, e)
        ax.set_ylim(-e, e)
        ax.set_aspect("equal")
        ax.set_title(title, fontsize=9)
        ax.tick_params(labelsize=7)
    axes[0][0].legend(loc="lower left", fontsize=7)
    fig.tight_layout()
    return fig


__all__ = ["DATASETS", "METHODS", "GANConfig", "Generator", "Discriminator", "train_step", "config_for",
           "GAN2D", "train_gan2d", "DRS_KEEP", "game_field", "GameDrawing", "frame_strip", "coverage_figure",
           "data_scale"]
