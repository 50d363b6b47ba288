"""Training loops. Notebook 02 writes the autoencoder loop out by hand first; later lessons use ``fit``."""
from __future__ import annotations

import math

import torch


class TrainingDiverged(RuntimeError):
    """A loss became NaN or infinite: training stopped instead of producing garbage."""


def check_finite(loss: torch.Tensor | float, *, step: int, hint: str = "lower the learning rate") -> None:
    """Raise ``TrainingDiverged`` with a message saying what to change when ``loss`` is not finite."""
    value = float(loss.detach()) if torch.is_tensor(loss) else float(loss)
    if not math.isfinite(value):
        raise TrainingDiverged(f"the loss became {value} at step {step}: training stopped. Try this: {hint}.")
