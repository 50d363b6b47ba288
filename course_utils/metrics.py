"""Numbers the course measures itself by."""
from __future__ import annotations

import numpy as np
import torch

from .data import mixture


def _as_points(samples) -> torch.Tensor:
    x = torch.as_tensor(np.asarray(samples) if not torch.is_tensor(samples) else samples)
    if x.ndim != 2 or x.shape[1] != 2:
        raise ValueError(f"samples must have shape (N, 2), got {tuple(x.shape)}")
    if len(x) == 0:
        raise ValueError("samples is empty; need at least one point")
    return x.detach().to("cpu", torch.float64)


def mode_coverage(samples, name: str) -> tuple[int, float]:
    """Modes captured and the fraction of high-quality samples, as in VEEGAN and PacGAN.

    ``samples`` is ``(N, 2)`` (tensor or array); ``name`` is a mixture from ``data.MIXTURES``.
    A sample is *high quality* if it lies within 3 standard deviations of its nearest mode; a mode
    is *captured* if it is the nearest mode of at least one high-quality sample.
    Returns ``(modes_captured, high_quality_fraction)``.
    """
    m = mixture(name)
    x = _as_points(samples)
    distances = torch.cdist(x, m.modes.double())  # (N, K)
    nearest_distance, nearest_mode = distances.min(dim=1)
    high_quality = nearest_distance <= 3 * m.std
    captured = int(nearest_mode[high_quality].unique().numel())
    return captured, float(high_quality.double().mean())


# ----------------------------------------------------------------------------- features (notebook 03)

def _features(x, name: str) -> np.ndarray:
    a = x.detach().cpu().numpy() if torch.is_tensor(x) else np.asarray(x)
    a = a.reshape(len(a), -1) if a.ndim > 2 else a
    if a.ndim != 2 or len(a) == 0:
        raise ValueError(f"{name} must be a non-empty (N, D) array (images are flattened), got shape {a.shape}")
    return a.astype(np.float64)


def _labels(y, n: int, name: str) -> np.ndarray:
    a = y.detach().cpu().numpy() if torch.is_tensor(y) else np.asarray(y)
    if a.shape != (n,):
        raise ValueError(f"{name} must have shape ({n},), got {a.shape}")
    return a


def knn_accuracy(embedding, labels, *, k: int = 5, folds: int = 5) -> float:
    """How well an embedding ``(N, D)`` separates the classes: k-nearest-neighbour accuracy.

    Each point is classified by the majority label of its ``k`` nearest neighbours among the
    other folds (``folds``-fold cross-validation, scikit-learn), so it also works for t-SNE, which
    cannot embed new points. Returns the mean accuracy in [0, 1].
    """
    from sklearn.model_selection import StratifiedKFold, cross_val_score
    from sklearn.neighbors import KNeighborsClassifier

    z = _features(embedding, "embedding")
    y = _labels(labels, len(z), "labels")
    split = StratifiedKFold(folds, shuffle=True, random_state=0)
    return float(cross_val_score(KNeighborsClassifier(k), z, y, cv=split).mean())


def balanced_subset(labels, per_class: int, *, seed: int) -> np.ndarray:
    """Indices of ``per_class`` examples of every class in ``labels``, drawn without replacement."""
    y = _labels(labels, len(labels), "labels")
    classes = np.unique(y)
    counts = {int(c): int(np.sum(y == c)) for c in classes}
    if not isinstance(per_class, int) or isinstance(per_class, bool) or not 1 <= per_class <= min(counts.values()):
        raise ValueError(f"per_class must be an int from 1 to {min(counts.values())} (the smallest class), got {per_class!r}")
    rng = np.random.default_rng(seed)
    return np.concatenate([rng.choice(np.flatnonzero(y == c), per_class, replace=False) for c in classes])


def few_label_accuracy(train_features, train_labels, test_features, test_labels, *,
                       n_labels: int, draws: int = 5, seed: int = 0) -> tuple[float, float]:
    """Test accuracy of a logistic-regression classifier trained on only ``n_labels`` labelled examples.

    Features are ``(N, D)`` arrays (or images, flattened). The labelled examples are a balanced
    draw (``n_labels / classes`` per class) from the training set; the result is averaged over
    ``draws`` different draws (seeds ``seed, seed + 1, ...``). Returns ``(mean, std)`` in [0, 1].
    Features are divided by one overall scale (their standard deviation), which keeps the relative
    sizes of the dimensions, so the same regularisation suits every kind of feature.
    """
    from sklearn.linear_model import LogisticRegression

    x_train, x_test = _features(train_features, "train_features"), _features(test_features, "test_features")
    y_train = _labels(train_labels, len(x_train), "train_labels")
    y_test = _labels(test_labels, len(x_test), "test_labels")
    if x_test.shape[1] != x_train.shape[1]:
        raise ValueError(f"test_features have {x_test.shape[1]} dimensions, train_features {x_train.shape[1]}")
    classes = len(np.unique(y_train))
    if not isinstance(n_labels, int) or isinstance(n_labels, bool) or n_labels % classes:
        raise ValueError(f"n_labels must be a multiple of the {classes} classes, got {n_labels!r}")
    if not isinstance(draws, int) or isinstance(draws, bool) or draws < 1:
        raise ValueError(f"draws must be a positive int, got {draws!r}")
    scale = x_train.std() or 1.0
    accuracies = []
    for draw in range(draws):
        index = balanced_subset(y_train, n_labels // classes, seed=seed + draw)
        classifier = LogisticRegression(max_iter=1000).fit(x_train[index] / scale, y_train[index])
        accuracies.append(classifier.score(x_test / scale, y_test))
    return float(np.mean(accuracies)), float(np.std(accuracies))
