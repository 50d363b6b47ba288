"""Anomaly detection by reconstruction error.

An autoencoder trained on "normal" images only learns to reconstruct what normal looks like, so an
image it reconstructs badly is suspicious. The anomaly score of an image ``x`` is its per-pixel
reconstruction error ``s(x) = 1/784 * ||x - decode(encode(x))||^2``; an image is flagged when
``s(x) > threshold``. The threshold is set from normal images the model did not train on:
``threshold_for_fpr(normal_scores, 0.05)`` flags about 5 % of normal images (false alarms).
"""
from __future__ import annotations

import numpy as np
import torch

from .models import check_images


@torch.no_grad()
def reconstruction_errors(model: torch.nn.Module, images: torch.Tensor, *, batch_size: int = 500) -> torch.Tensor:
    """Anomaly scores: the mean squared error per pixel of each image, a float tensor of shape ``(N,)``.

    ``images`` is ``(N, 1, 28, 28)`` with values in [0, 1]; any other shape raises ``ValueError``.
    Runs ``model`` (an autoencoder: ``model(x)`` reconstructs ``x``) in eval mode on its own device.
    """
    check_images(images, name="images")
    if not isinstance(batch_size, int) or isinstance(batch_size, bool) or batch_size < 1:
        raise ValueError(f"batch_size must be a positive int, got {batch_size!r}")
    device = next(model.parameters()).device
    was_training = model.training
    model.eval()
    scores = []
    for batch in images.split(batch_size):
        batch = batch.to(device)
        scores.append(((model(batch) - batch) ** 2).mean(dim=(1, 2, 3)).cpu())
    model.train(was_training)
    return torch.cat(scores)


def _scores_array(scores, name: str) -> np.ndarray:
    s = scores.detach().cpu().numpy() if torch.is_tensor(scores) else np.asarray(scores, dtype=float)
    if s.ndim != 1 or len(s) == 0:
        raise ValueError(f"{name} must be a non-empty 1-D array of scores, got shape {s.shape}")
    if not np.all(np.isfinite(s)):
        raise ValueError(f"{name} contains NaN or infinite scores")
    return s.astype(float)


def threshold_for_fpr(normal_scores, fpr: float = 0.05) -> float:
    """The score above which a fraction ``fpr`` of ``normal_scores`` lies: the ``1 - fpr`` quantile.

    Use scores of normal images the model did *not* train on: training images are reconstructed
    better than new ones, so a threshold set on them flags more new normal images than intended.
    """
    s = _scores_array(normal_scores, "normal_scores")
    if not (isinstance(fpr, (int, float)) and 0.0 < fpr < 1.0):
        raise ValueError(f"fpr must be a number strictly between 0 and 1, got {fpr!r}")
    return float(np.quantile(s, 1.0 - fpr))


def detection_rates(normal_scores, anomaly_scores, threshold: float) -> dict[str, float]:
    """What a threshold does: ``{"false_positive_rate", "recall"}``.

    ``false_positive_rate`` is the fraction of normal images flagged (score > threshold),
    ``recall`` the fraction of anomalies flagged.
    """
    normal = _scores_array(normal_scores, "normal_scores")
    anomalous = _scores_array(anomaly_scores, "anomaly_scores")
    return {"false_positive_rate": float(np.mean(normal > threshold)),
            "recall": float(np.mean(anomalous > threshold))}


def auc(normal_scores, anomaly_scores) -> float:
    """ROC AUC of separating anomalies (positives) from normal images by score (scikit-learn).

    The probability that a random anomaly scores higher than a random normal image: 0.5 is chance, 1 perfect.
    """
    from sklearn.metrics import roc_auc_score

    normal = _scores_array(normal_scores, "normal_scores")
    anomalous = _scores_array(anomaly_scores, "anomaly_scores")
    is_anomaly = np.r_[np.zeros(len(normal)), np.ones(len(anomalous))]
    return float(roc_auc_score(is_anomaly, np.r_[normal, anomalous]))
