r"""Sample quality measured with a small MNIST classifier (notebook 05), and how that classifier is trained.

Three measures, each with real digits as the reference:

- **classifier score** (the "Inception score" with an MNIST classifier):
  :math:`\exp\big(\mathbb{E}_x\, \mathrm{KL}(p(y \mid x) \,\|\, p(y))\big)`, where :math:`p(y)` is the mean
  of :math:`p(y \mid x)` over the samples. It is 10 when every sample is classified with certainty
  and the ten digits are equally frequent, 1 when all predictions are the same.
- **class histogram**: the fraction of samples the classifier assigns to each digit (mode coverage).
- **Fréchet distance** between Gaussians fitted to the classifier's penultimate features of the
  samples and of real test digits: :math:`\|\mu_1-\mu_2\|^2 + \mathrm{Tr}(\Sigma_1+\Sigma_2-2(\Sigma_1\Sigma_2)^{1/2})`
  (FID, with our classifier in place of Inception).
"""
from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F

from .models import MNISTClassifier, check_images, check_labels
from .training import random_shift


def train_classifier(images: torch.Tensor, labels: torch.Tensor, *, steps: int = 1500, batch_size: int = 64,
                     lr: float = 1e-3, max_shift: int = 2, seed: int = 0, channels: int = 16,
                     feature_dim: int = 64) -> MNISTClassifier:
    """Train an ``MNISTClassifier`` with cross-entropy and Adam for ``steps`` minibatches.

    ``images`` ``(N, 1, 28, 28)`` in [0, 1], ``labels`` ``(N,)`` digits 0-9. Each batch is randomly
    shifted by up to ``max_shift`` pixels (0: no augmentation). The same ``seed`` gives the same model
    (initial weights, batch order and shifts). Returns the model in eval mode.
    """
    check_images(images)
    check_labels(labels, len(images))
    if not isinstance(steps, int) or steps < 1 or not isinstance(batch_size, int) or batch_size < 1:
        raise ValueError(f"steps and batch_size must be positive ints, got {steps!r} and {batch_size!r}")
    torch.manual_seed(seed)
    model = MNISTClassifier(channels=channels, feature_dim=feature_dim)
    g = torch.Generator().manual_seed(seed)
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    batch_size = min(batch_size, len(images))
    order, pos = torch.randperm(len(images), generator=g), 0
    model.train()
    for _ in range(steps):
        if pos + batch_size > len(images):  # a new pass over the data
            order, pos = torch.randperm(len(images), generator=g), 0
        idx = order[pos:pos + batch_size]
        pos += batch_size
        x = random_shift(images[idx], max_shift, generator=g)
        loss = F.cross_entropy(model(x), labels[idx])
        opt.zero_grad()
        loss.backward()
        opt.step()
    return model.eval()


@torch.no_grad()
def predict(classifier, images: torch.Tensor, *, batch_size: int = 1000) -> tuple[torch.Tensor, torch.Tensor]:
    """Class probabilities ``(N, 10)`` and penultimate features ``(N, feature_dim)`` of ``images``."""
    check_images(images)
    classifier.eval()
    probs, feats = [], []
    for chunk in images.split(batch_size):
        f = classifier.features(chunk)
        feats.append(f)
        probs.append(torch.softmax(classifier.head(f), dim=1))
    return torch.cat(probs), torch.cat(feats)


def accuracy(classifier, images: torch.Tensor, labels: torch.Tensor) -> float:
    """Fraction of ``images`` whose most probable class is ``labels``."""
    probs, _ = predict(classifier, images)
    return float((probs.argmax(1) == labels).double().mean())


def log_loss(classifier, images: torch.Tensor, labels: torch.Tensor) -> float:
    """Mean ``-log p(label | x)`` in nats over ``images`` (scikit-learn's ``log_loss``).

    Accuracy only checks the most probable class; the classifier score uses the whole of
    ``p(y|x)``, so a judge should also have honest probabilities: a low log loss on real digits.
    """
    from sklearn.metrics import log_loss as sklearn_log_loss

    probs = predict(classifier, images)[0].double().cpu()
    probs = probs / probs.sum(1, keepdim=True)  # float32 softmax rows miss 1 by ~1e-7; sklearn checks
    return float(sklearn_log_loss(labels.cpu().numpy(), probs.numpy(), labels=list(range(probs.shape[1]))))


def classifier_score(probs: torch.Tensor) -> float:
    """``exp(E_x KL(p(y|x) || p(y)))`` from class probabilities ``(N, 10)``; between 1 and 10."""
    p = torch.as_tensor(probs, dtype=torch.float64)
    if p.ndim != 2 or len(p) == 0:
        raise ValueError(f"probs must have shape (N, classes) with N >= 1, got {tuple(p.shape)}")
    p_y = p.mean(0, keepdim=True)
    eps = 1e-12  # 0 * log 0 = 0
    kl = (p * (torch.log(p + eps) - torch.log(p_y + eps))).sum(1)
    return float(torch.exp(kl.mean()))


def class_histogram(probs: torch.Tensor) -> np.ndarray:
    """Fraction of samples predicted as each class (argmax of ``probs`` ``(N, 10)``); sums to 1."""
    p = torch.as_tensor(probs)
    if p.ndim != 2 or len(p) == 0:
        raise ValueError(f"probs must have shape (N, classes) with N >= 1, got {tuple(p.shape)}")
    counts = torch.bincount(p.argmax(1), minlength=p.shape[1])
    return (counts.double() / len(p)).numpy()


def _sqrt_psd(matrix: np.ndarray) -> np.ndarray:
    values, vectors = np.linalg.eigh(matrix)
    return (vectors * np.sqrt(values.clip(min=0))) @ vectors.T


def frechet_distance(features_a: torch.Tensor, features_b: torch.Tensor) -> float:
    """Fréchet distance between Gaussians fitted to two feature sets ``(N_a, F)`` and ``(N_b, F)``.

    ``Tr((S_a S_b)^(1/2))`` is computed as ``Tr((S_a^(1/2) S_b S_a^(1/2))^(1/2))``, a symmetric
    square root that stays real and stable even when a feature never fires (a singular covariance).
    """
    a = np.asarray(torch.as_tensor(features_a).double().cpu())
    b = np.asarray(torch.as_tensor(features_b).double().cpu())
    if a.ndim != 2 or b.ndim != 2 or a.shape[1] != b.shape[1] or min(len(a), len(b)) < 2:
        raise ValueError(f"features must be (N, F) arrays with the same F and N >= 2, got {a.shape} and {b.shape}")
    mu_a, mu_b = a.mean(0), b.mean(0)
    cov_a, cov_b = np.cov(a, rowvar=False), np.cov(b, rowvar=False)
    root_a = _sqrt_psd(cov_a)
    cross = np.sqrt(np.linalg.eigvalsh(root_a @ cov_b @ root_a).clip(min=0)).sum()
    value = ((mu_a - mu_b) ** 2).sum() + np.trace(cov_a) + np.trace(cov_b) - 2 * cross
    return float(max(value, 0.0))  # rounding can leave -1e-12 for identical sets


class QualityMeter:
    """Measures images with a classifier against real reference digits (e.g. the test split).

    ``meter(images)`` returns ``{"score", "class_min_fraction", "frechet", "histogram"}``:
    the classifier score, the smallest fraction of samples in any class, the Fréchet distance of
    the samples' features to the reference's, and the fraction per class (a list of 10).
    """

    def __init__(self, classifier, reference: torch.Tensor):
        self.classifier = classifier
        _, self.reference_features = predict(classifier, reference)

    def __call__(self, images: torch.Tensor) -> dict:
        probs, feats = predict(self.classifier, images)
        histogram = class_histogram(probs)
        return {"score": classifier_score(probs), "class_min_fraction": float(histogram.min()),
                "frechet": frechet_distance(feats, self.reference_features),
                "histogram": [float(h) for h in histogram]}


@torch.no_grad()
def generate(generator, n: int, *, seed: int = 0, batch_size: int = 1000) -> torch.Tensor:
    """``n`` images ``(n, 1, 28, 28)`` from ``generator.decode`` on standard normal noise (fixed ``seed``)."""
    g = torch.Generator().manual_seed(seed)
    z = torch.randn(n, generator.latent_dim, generator=g)
    generator.eval()
    return torch.cat([generator.decode(chunk) for chunk in z.split(batch_size)])
