"""Training loops for the models that learn from one loss: ``fit`` (autoencoders, and VAEs with
``objective=vae.negative_elbo``) and ``train_classifier`` (the judge of GAN samples). The GAN's two-player
loop is ``gan.train_dcgan``. Notebook 02 writes the autoencoder loop out by hand first.

Also what the loops share: ``random_shift`` (augmentation) and the divergence guard ``check_finite``.
"""
from __future__ import annotations

import contextlib
import functools
import math
from typing import Callable, Iterator

import torch
import torch.nn.functional as F

from . import _validate


class TrainingDiverged(RuntimeError):
    """A loss became NaN or infinite: training stopped instead of producing garbage."""


# A loss this large has exploded: the course's losses (MSE per pixel, cross-entropies, the GAN losses) stay
# below about 100 in any run that is learning, and a learning rate far too high sends them past 1e6.
EXPLODED = 1e5


def check_finite(loss: torch.Tensor | float, *, step: int, hint: str = "lower the learning rate") -> None:
    """Raise ``TrainingDiverged`` with a message saying what to change when ``loss`` is not finite, or has
    exploded (its size above ``EXPLODED``)."""
    if torch.is_tensor(loss) and loss.numel() == 1:
        value = float(loss.detach())
    elif isinstance(loss, (int, float)) and not isinstance(loss, bool):
        value = float(loss)
    else:
        got = f"a tensor of shape {tuple(loss.shape)}" if torch.is_tensor(loss) else type(loss).__name__
        raise TypeError(f"loss must be one number (a 0-D tensor such as F.mse_loss(...), averaged over the batch), "
                        f"got {got}")
    if not math.isfinite(value):
        raise TrainingDiverged(f"the loss became {value} at step {step}: training stopped. Try this: {hint}.")
    if abs(value) > EXPLODED:
        raise TrainingDiverged(f"the loss reached {value:.3g} at step {step}, far beyond any run that is learning: "
                               f"training is diverging and stopped. Try this: {hint}.")


# A stuck autoencoder (notebook 02, seed 3 at d = 8: every digit drawn black, the loss flat at 0.1121 for ten
# epochs) still varies its outputs a little (1.5e-3 at most), so "all outputs equal" alone misses it. It is
# caught by three signs together: the outputs differ across images by under STUCK_SPREAD of what the inputs do,
# their error is over STUCK_WORSE times that of drawing the images' mean image (the best single picture), and
# the training loss has moved by under STUCK_FLAT (relative) over STUCK_EPOCHS epochs. A healthy run can look
# like one picture after its first epoch (02's d = 8 run: spread 0.3 %, 1.7 times the mean image's error), but
# its loss falls; a VAE whose codes collapsed draws the mean image itself (06's large beta: 1.1 times). The
# stuck run's loss moved by 1e-8 (relative) from epoch 2 to 12; lr = 1e-5 on 256 digits, slow but learning, 4e-4
# an epoch.
STUCK_SPREAD, STUCK_WORSE, STUCK_FLAT, STUCK_EPOCHS = 0.01, 1.3, 1e-5, 3


def check_not_collapsed(model, images: torch.Tensor, *, epoch: int, hint: str, losses: list[float] = ()) -> None:
    """Raise ``TrainingDiverged`` when ``model`` maps every one of ``images`` to the same output: a network
    whose units all died (a learning rate far too high does that) while its loss sits flat and finite. Given
    the epochs' training ``losses``, also when it is stuck on nearly one picture, worse than the mean image,
    with a loss that stopped moving (see ``STUCK_SPREAD``)."""
    model.eval()
    with torch.no_grad(), torch.random.fork_rng(devices=[]):  # draws nothing from the run's random numbers
        out = model(images)
    model.train()
    inputs_differ = float(images.flatten(1).std(0).max()) > 1e-6  # identical inputs may rightly give one output
    if out.shape[0] < 2 or not inputs_differ:
        return
    if float(out.flatten(1).std(0).max()) < 1e-6:
        raise TrainingDiverged(f"after epoch {epoch} every input gives the same output (they differ by under 1e-6): "
                               f"the network has collapsed and no longer tells its inputs apart. Try this: {hint}.")
    recent = list(losses)[-STUCK_EPOCHS:]
    if out.shape != images.shape or len(recent) < STUCK_EPOCHS or max(recent) > (1 + STUCK_FLAT) * min(recent):
        return
    x, o = images.flatten(1).float(), out.flatten(1).float()
    spread = float(o.std(0).mean() / x.std(0).mean())
    worse = float(((o - x) ** 2).mean() / ((x - x.mean(0)) ** 2).mean())
    if spread < STUCK_SPREAD and worse > STUCK_WORSE:
        raise TrainingDiverged(
            f"after epoch {epoch} every input gives nearly the same picture (the outputs differ across images "
            f"{spread:.1e} times as much as the inputs do), {worse:.1f} times as far from the images as their mean "
            f"image, and the loss has stayed at {recent[-1]:.4g} for {STUCK_EPOCHS} epochs: the network is stuck "
            f"and stopped learning. Try this: {hint}.")


# The learning rates the course trains its autoencoders with (configs.py: 1e-3 and 2e-3).
COURSE_LRS = (1e-3, 2e-3)


def _stuck_hint(lr: float) -> str:
    """What to change when ``fit`` finds a collapsed or stuck network: a learning rate above the course's is the
    likely cause; at the course's own (notebook 02, seed 3 at d = 8), another initialisation is what helps."""
    if lr > max(COURSE_LRS):
        return (f"lower the learning rate (now {lr:g}; the course uses {COURSE_LRS[0]:g} to {COURSE_LRS[1]:g}), "
                "or start again with another seed")
    return (f"start again from another initialisation (another seed, torch.manual_seed(...), before building the "
            f"model); the learning rate, {lr:g}, is not above the course's {COURSE_LRS[1]:g}, so lowering it is not the fix")


def random_shift(x: torch.Tensor, max_shift: int, *, generator: torch.Generator | None = None) -> torch.Tensor:
    """Shift each image by a random whole number of pixels in [-max_shift, max_shift] along each axis.

    ``x`` is ``(N, C, H, W)``; pixels shifted in from outside are 0 (MNIST's background). A cheap
    augmentation: a digit moved by a pixel or two is still the same digit, so the model cannot
    memorise exact pixel positions of a small training set. ``generator`` (on the CPU) fixes the
    shifts; ``max_shift=0`` returns ``x`` itself. Gradients flow through to ``x``.
    """
    _validate.integer(max_shift, "max_shift", low=0, high=13)  # 14 would empty a 28x28 image
    if not (torch.is_tensor(x) and x.ndim == 4):
        got = f"shape {tuple(x.shape)}" if torch.is_tensor(x) else type(x).__name__
        raise ValueError(f"x must be a tensor of images (N, C, H, W), got {got}")
    _validate.cpu_generator(generator)
    if max_shift == 0:
        return x
    n, c, h, w = x.shape
    s = max_shift
    padded = torch.nn.functional.pad(x, (s, s, s, s))
    dy, dx = (torch.randint(0, 2 * s + 1, (n,), generator=generator).to(x.device) for _ in range(2))
    rows = (torch.arange(h, device=x.device)[None, :] + dy[:, None])  # (N, H)
    cols = (torch.arange(w, device=x.device)[None, :] + dx[:, None])  # (N, W)
    out = padded.gather(2, rows[:, None, :, None].expand(n, c, h, w + 2 * s))
    return out.gather(3, cols[:, None, None, :].expand(n, c, h, w))


def _mse(model: torch.nn.Module, x: torch.Tensor, corrupt=None) -> torch.Tensor:
    """The autoencoder's loss: per-pixel MSE between ``model(corrupt(x))`` and the clean ``x``."""
    return F.mse_loss(model(x if corrupt is None else corrupt(x)), x)


@contextlib.contextmanager
def trained_on(device, *nets: torch.nn.Module) -> Iterator[None]:
    """Inside the block, ``nets`` are on ``device`` (None: where they already are); afterwards each goes back to
    where it was, so the rest of a notebook keeps working on CPU tensors, also after a run that stopped."""
    homes = [(net, _validate.home(net)[0]) for net in nets if isinstance(net, torch.nn.Module)]  # others: refused inside
    if device is not None:
        device = _validate.device(device)
        for net, _ in homes:
            net.to(device)
    try:
        yield
    finally:
        for net, home in homes:
            net.to(home)


def _check_fit(model, images, val_images, epochs, batch_size, lr, shift, objective, corrupt):
    """The checked ``images`` and ``val_images`` (NumPy arrays become tensors)."""
    _validate.module(model)
    if not any(p.requires_grad for p in model.parameters()):
        raise ValueError(f"model ({type(model).__name__}) has no trainable parameters")
    images = _validate.images(images, name="images")
    if val_images is not None:
        val_images = _validate.images(val_images, name="val_images")
    for name, f in (("objective", objective), ("corrupt", corrupt)):
        if f is not None and not callable(f):
            raise TypeError(f"{name} must be a function or None, got {type(f).__name__}")
    _validate.integer(epochs, "epochs", high=_validate.MAX_EPOCHS)
    _validate.integer(batch_size, "batch_size")
    _validate.number(lr, "lr", low=0, low_open=True)
    _validate.integer(shift, "shift", low=0, high=13)
    if objective is not None and corrupt is not None:
        raise ValueError("corrupt applies to the default MSE objective only; corrupt the input inside your objective")
    return images, val_images


def progress_bar(*args, **kwargs):
    """``tqdm.auto.tqdm(*args, **kwargs)``, except that in a notebook the saved output shows the finished bar.

    A notebook bar is a widget; viewers that cannot run widgets (GitHub, the classic Notebook, Colab before
    "Run all") show its text instead, and that text is the bar at the moment it was displayed: "0%". So the
    notebook bar here re-sends its display when it closes, and the saved output reads as it ended.
    """
    from tqdm.auto import tqdm
    from tqdm.notebook import tqdm as notebook_tqdm

    if not issubclass(tqdm, notebook_tqdm):  # a terminal, or no ipywidgets: tqdm's own text bar
        return tqdm(*args, **kwargs)
    return _finished_bar_class()(*args, **kwargs)


@functools.cache
def _finished_bar_class():
    """Built on first use: ``tqdm.notebook`` needs IPython."""
    from IPython.display import display
    from tqdm.notebook import tqdm as notebook_tqdm

    class FinishedBar(notebook_tqdm):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, display=False, **kwargs)
            self._handle = display(self.container, display_id=True) if not self.disable else None
            self.displayed = True

        def close(self):
            super().close()
            if getattr(self, "_handle", None) is not None:
                self._handle.update(self.container)  # the saved text becomes the bar's last state
                self._handle = None

    return FinishedBar


def fit(
    model: torch.nn.Module,
    images: torch.Tensor,
    *,
    epochs: int,
    batch_size: int = 128,
    lr: float = 1e-3,
    device: str | torch.device | None = None,
    val_images: torch.Tensor | None = None,
    weight_decay: float = 0.0,
    shift: int = 0,
    cosine: bool = False,
    progress: bool = True,
    corrupt: Callable[[torch.Tensor], torch.Tensor] | None = None,
    objective: Callable[[torch.nn.Module, torch.Tensor], torch.Tensor | tuple] | None = None,
) -> dict[str, list[float]]:
    """Train ``model`` on ``images`` with Adam; by default an autoencoder minimising the per-pixel MSE.

    ``images`` (and ``val_images``) are ``(N, 1, 28, 28)`` in [0, 1], kept on the CPU; each batch
    moves to the model. ``device`` (e.g. ``setup()``'s, "cuda" in Colab with a GPU) is where training runs;
    the model then goes back to where it was, so the rest of a notebook keeps working on CPU tensors.
    Without ``device`` the model trains where it is. ``shift`` > 0 moves each training
    digit by up to that many pixels (augmentation); ``cosine=True`` decays the learning rate to 0
    along a cosine over the run. ``corrupt`` (a function of a batch, e.g. added noise) makes it a
    denoising autoencoder: the model sees ``corrupt(x)`` and must reconstruct the clean ``x``.
    ``objective(model, x)`` replaces the MSE: a loss, or a tuple whose first entry is the loss (e.g.
    ``vae.negative_elbo``). Shows one tqdm progress bar; raises ``TrainingDiverged`` if the loss becomes
    NaN or infinite. Returns ``{"train": [...], "val": [...]}``, one mean loss per epoch (``val``, the
    reconstruction MSE of ``val_images``, is empty without them). The model is left in eval mode.
    """
    from .metrics import reconstruction_mse

    images, val_images = _check_fit(model, images, val_images, epochs, batch_size, lr, shift, objective, corrupt)
    with trained_on(device, model):
        optimizer = torch.optim.Adam(model.parameters(), lr=lr, weight_decay=weight_decay)
        steps_per_epoch = math.ceil(len(images) / batch_size)
        scheduler = (torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=epochs * steps_per_epoch)
                     if cosine else None)
        history: dict[str, list[float]] = {"train": [], "val": []}
        step = 0
        bar = progress_bar(range(epochs), desc="training", unit="epoch", disable=not progress)
        for _ in bar:
            model.train()
            total = 0.0
            for index in torch.randperm(len(images)).split(batch_size):
                x = random_shift(_validate.to_model(images[index], model), shift)
                loss = _mse(model, x, corrupt) if objective is None else objective(model, x)
                loss = loss[0] if isinstance(loss, tuple) else loss
                check_finite(loss, step=step, hint=f"lower the learning rate (now {lr:g}) or check the inputs")
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
                if scheduler is not None:
                    scheduler.step()
                total += loss.item() * len(index)
                step += 1
            history["train"].append(total / len(images))
            check_not_collapsed(model, _validate.to_model(images[:16], model), epoch=len(history["train"]),
                                losses=history["train"], hint=_stuck_hint(lr))
            postfix = {"train_mse" if objective is None else "train_loss": f"{history['train'][-1]:.4f}"}
            if val_images is not None:
                history["val"].append(reconstruction_mse(model, val_images))
                postfix["val_mse"] = f"{history['val'][-1]:.4f}"
            bar.set_postfix(postfix)
    model.eval()
    return history


class _Batches:
    """Endless minibatches of indices into ``n`` items, a new random order (from ``g``) for every pass."""

    def __init__(self, n: int, size: int, g: torch.Generator):
        self.n, self.size, self.g = n, min(size, n), g
        self.order, self.pos = torch.randperm(n, generator=g), 0

    def next(self) -> torch.Tensor:
        if self.pos + self.size > self.n:  # a new pass over the data
            self.order, self.pos = torch.randperm(self.n, generator=self.g), 0
        self.pos += self.size
        return self.order[self.pos - self.size:self.pos]


def train_classifier(images: torch.Tensor, labels: torch.Tensor, *, steps: int = 1500, batch_size: int = 64,
                     lr: float = 1e-3, max_shift: int = 2, seed: int = 0, channels: int = 16,
                     feature_dim: int = 64, extra: tuple[torch.Tensor, torch.Tensor] | None = None,
                     extra_per_batch: int = 0, extra_weight: float = 1.0):
    """Train an ``MNISTClassifier`` with cross-entropy and Adam for ``steps`` minibatches.

    ``images`` ``(N, 1, 28, 28)`` in [0, 1], ``labels`` ``(N,)`` digits 0-9. Each batch of ``batch_size``
    images is randomly shifted by up to ``max_shift`` pixels (0: no augmentation). The same ``seed`` gives
    the same model (initial weights, batch order and shifts). Returns the model in eval mode.

    With ``extra = (images, labels)`` (e.g. generated or pseudo-labelled digits), every step also draws
    ``extra_per_batch`` of those, shifted the same way, and the loss is two explicitly weighted terms,
    ``CE(main batch) + extra_weight * CE(extra batch)``, each a mean over its own images (the pseudo-label
    loss of Lee, 2013, with a constant weight). The extra images have their own random stream, so the main
    images' batches and shifts and the initial weights are exactly those of the same ``seed`` without
    ``extra``: a run with extra data differs from the run without it only by the added term.
    """
    from .models import MNISTClassifier

    images = _validate.images(images).to("cpu", torch.get_default_dtype())  # the classifier is built on the CPU
    labels = _validate.labels(labels, len(images)).cpu()
    steps = _validate.integer(steps, "steps", high=_validate.MAX_STEPS)
    batch_size = _validate.integer(batch_size, "batch_size")
    _validate.integer(max_shift, "max_shift", low=0, high=13)
    _validate.number(lr, "lr", low=0, low_open=True)
    seed = _validate.seed(seed)
    if extra is not None:
        if not (isinstance(extra, (tuple, list)) and len(extra) == 2):
            raise ValueError(f"extra must be a pair (images, labels), got {type(extra).__name__}")
        extra_images = _validate.images(extra[0], name="extra images").to(images)
        extra = (extra_images, _validate.labels(extra[1], len(extra[0]), name="extra labels").cpu())
        _validate.integer(extra_per_batch, "extra_per_batch")
        extra_weight = _validate.number(extra_weight, "extra_weight", low=0)
    elif extra_per_batch:
        raise ValueError("extra_per_batch needs extra=(images, labels)")
    torch.manual_seed(seed)
    model = MNISTClassifier(channels=channels, feature_dim=feature_dim)
    g = torch.Generator().manual_seed(seed)
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    main = _Batches(len(images), batch_size, g)
    if extra is not None:  # their own stream: the main images' batches and shifts stay those of the run without
        g_extra = torch.Generator().manual_seed(seed ^ 0x5EED_E47A)
        more = _Batches(len(extra[0]), extra_per_batch, g_extra)
    model.train()
    for step in range(steps):
        idx = main.next()
        x, y = random_shift(images[idx], max_shift, generator=g), labels[idx]
        if extra is None:
            loss = F.cross_entropy(model(x), y)
        else:
            j = more.next()
            logits = model(torch.cat([x, random_shift(extra[0][j], max_shift, generator=g_extra)]))
            loss = (F.cross_entropy(logits[:len(idx)], y)
                    + extra_weight * F.cross_entropy(logits[len(idx):], extra[1][j]))
        check_finite(loss, step=step, hint=f"lower the learning rate (now {lr:g}; the course uses 1e-3)")
        opt.zero_grad()
        loss.backward()
        opt.step()
    return model.eval()
