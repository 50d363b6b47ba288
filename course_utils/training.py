"""Training loops. Notebook 02 writes the autoencoder loop out by hand first; later lessons use ``fit``."""
from __future__ import annotations

import math
from typing import Callable

import torch


class TrainingDiverged(RuntimeError):
    """A loss became NaN or infinite: training stopped instead of producing garbage."""


def check_finite(loss: torch.Tensor | float, *, step: int, hint: str = "lower the learning rate") -> None:
    """Raise ``TrainingDiverged`` with a message saying what to change when ``loss`` is not finite."""
    value = float(loss.detach()) if torch.is_tensor(loss) else float(loss)
    if not math.isfinite(value):
        raise TrainingDiverged(f"the loss became {value} at step {step}: training stopped. Try this: {hint}.")


def check_schedule(epochs: int, batch_size: int, lr: float) -> None:
    """Raise ``ValueError`` unless ``epochs`` and ``batch_size`` are positive ints and ``lr`` a positive number."""
    for label, value in (("epochs", epochs), ("batch_size", batch_size)):
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise ValueError(f"{label} must be a positive int, got {value!r}")
    if not (isinstance(lr, (int, float)) and lr > 0 and math.isfinite(lr)):
        raise ValueError(f"lr must be a positive number, got {lr!r}")


def check_max_shift(max_shift: int) -> None:
    """Raise ``ValueError`` unless ``max_shift`` is an int in [0, 13] (a shift of 14 empties a 28x28 image)."""
    if not isinstance(max_shift, int) or isinstance(max_shift, bool) or not 0 <= max_shift < 14:
        raise ValueError(f"max_shift must be an int in [0, 13], got {max_shift!r}")


def random_shift(x: torch.Tensor, max_shift: int, *, generator: torch.Generator | None = None) -> torch.Tensor:
    """Shift each image by a random whole number of pixels in [-max_shift, max_shift] along each axis.

    ``x`` is ``(N, C, H, W)``; pixels shifted in from outside are 0 (MNIST's background). A cheap
    augmentation: a digit moved by a pixel or two is still the same digit, so the model cannot
    memorise exact pixel positions of a small training set. ``generator`` (on the CPU) fixes the
    shifts; ``max_shift=0`` returns ``x`` itself. Gradients flow through to ``x``.
    """
    check_max_shift(max_shift)
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


@torch.no_grad()
def reconstruction_mse(model: torch.nn.Module, images: torch.Tensor, *, batch_size: int = 500) -> float:
    """Mean squared error per pixel, ``1/(n*784) * sum_i ||x_i - decode(encode(x_i))||^2``.

    ``images`` is ``(N, 1, 28, 28)`` in [0, 1]; evaluated in eval mode on the model's device.
    """
    from .models import check_images

    check_images(images)
    device = next(model.parameters()).device
    was_training = model.training
    model.eval()
    total = 0.0
    for batch in images.split(batch_size):
        batch = batch.to(device)
        total += float(((model(batch) - batch) ** 2).sum())
    model.train(was_training)
    return total / images.numel()


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
) -> dict[str, list[float]]:
    """Train an autoencoder to reconstruct ``images`` by minimising the per-pixel MSE with Adam.

    ``images`` (and ``val_images``) are ``(N, 1, 28, 28)`` in [0, 1], kept on the CPU; each batch
    moves to ``device`` (default: where the model already is). ``shift`` > 0 moves each training
    digit by up to that many pixels (augmentation); ``cosine=True`` decays the learning rate to 0
    along a cosine over the run. Shows one tqdm progress bar; raises ``TrainingDiverged`` if the
    loss becomes NaN or infinite. ``corrupt`` (a function of a batch, e.g. added noise) makes it a
    denoising autoencoder: the model sees ``corrupt(x)`` and must reconstruct the clean ``x``.
    Returns ``{"train": [...], "val": [...]}``, one mean loss per epoch (``val`` is empty without
    ``val_images``). The model is left in eval mode.
    """
    import torch.nn.functional as F
    from tqdm.auto import tqdm

    from .models import check_images

    check_images(images, name="images")
    if val_images is not None:
        check_images(val_images, name="val_images")
    check_schedule(epochs, batch_size, lr)
    if device is not None:
        model.to(device)
    device = next(model.parameters()).device
    optimizer = torch.optim.Adam(model.parameters(), lr=lr, weight_decay=weight_decay)
    steps_per_epoch = math.ceil(len(images) / batch_size)
    scheduler = (torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=epochs * steps_per_epoch)
                 if cosine else None)
    history: dict[str, list[float]] = {"train": [], "val": []}
    step = 0
    bar = tqdm(range(epochs), desc="training", unit="epoch", disable=not progress)
    for _ in bar:
        model.train()
        total = 0.0
        for index in torch.randperm(len(images)).split(batch_size):
            x = images[index].to(device)
            x = random_shift(x, shift)
            loss = F.mse_loss(model(x if corrupt is None else corrupt(x)), x)
            check_finite(loss, step=step)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            if scheduler is not None:
                scheduler.step()
            total += loss.item() * len(index)
            step += 1
        history["train"].append(total / len(images))
        postfix = {"train_mse": f"{history['train'][-1]:.4f}"}
        if val_images is not None:
            history["val"].append(reconstruction_mse(model, val_images))
            postfix["val_mse"] = f"{history['val'][-1]:.4f}"
        bar.set_postfix(postfix)
    model.eval()
    return history
