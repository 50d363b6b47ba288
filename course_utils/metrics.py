r"""Everything the course measures, each with a reference to compare against.

- **2-D GANs** (notebook 04): ``mode_coverage``, as in VEEGAN and PacGAN, and ``mode_balance``: how
  evenly the samples share out over the modes, and how wide each mode's cloud is against the data's.
- **Latent spaces** (notebook 06): ``hole_fraction`` of samples far from every real code.
- **Reconstructions** (notebooks 02, 03): ``reconstruction_errors`` per image, their mean
  ``reconstruction_mse``, and anomaly detection by that error: an autoencoder trained on "normal" images
  only reconstructs what normal looks like, so an image it reconstructs badly is suspicious.
  ``threshold_for_fpr(normal_scores, 0.05)`` flags about 5 % of normal images it did not train on.
- **Features** (notebook 03): ``knn_accuracy`` of an embedding, ``few_label_scores`` of a classifier
  trained on a handful of labels (its regularisation chosen on a validation set).
- **GAN samples** (notebook 05), judged by a small MNIST classifier (``training.train_classifier``):

  - the **classifier score** (the "Inception score" with an MNIST classifier),
    :math:`\exp\big(\mathbb{E}_x\, \mathrm{KL}(p(y \mid x) \,\|\, p(y))\big)`, where :math:`p(y)` is the mean
    of :math:`p(y \mid x)` over the samples: 10 when every sample is classified with certainty and the ten
    digits are equally frequent, 1 when all predictions are the same;
  - the **class histogram**: the fraction of samples the classifier assigns to each digit;
  - the **Fréchet distance** between Gaussians fitted to the classifier's penultimate features of the
    samples and of real test digits,
    :math:`\|\mu_1-\mu_2\|^2 + \mathrm{Tr}(\Sigma_1+\Sigma_2-2(\Sigma_1\Sigma_2)^{1/2})` (FID, with our
    classifier in place of Inception).
"""
from __future__ import annotations

import math

import numpy as np
import torch

from . import _validate
from ._validate import choice
from .configs import BALANCE_TARGET, COVERAGE_TARGETS, SPREAD_TARGET
from .data import mixture


# ----------------------------------------------------------------------------- 2-D GANs (notebook 04)

def mode_coverage(samples, name: str) -> tuple[int, float]:
    """Modes captured and the fraction of high-quality samples, as in VEEGAN and PacGAN.

    ``samples`` is ``(N, 2)`` (tensor or array); ``name`` is a mixture from ``data.MIXTURES``.
    A sample is *high quality* if it lies within 3 standard deviations of its nearest mode; a mode
    is *captured* if it is the nearest mode of at least one high-quality sample.
    Returns ``(modes_captured, high_quality_fraction)``.
    """
    m = mixture(name)
    x = torch.from_numpy(_validate.matrix(samples, "samples", columns=2))
    distances = torch.cdist(x, m.modes.double())  # (N, K)
    nearest_distance, nearest_mode = distances.min(dim=1)
    high_quality = nearest_distance <= 3 * m.std
    captured = int(nearest_mode[high_quality].unique().numel())
    return captured, float(high_quality.double().mean())


def mode_balance(samples, name: str) -> dict:
    """How the high-quality samples share out over the modes, and how wide each mode's cloud is.

    ``samples`` is ``(N, 2)``; ``name`` a mixture from ``data.MIXTURES`` (K modes, each a Gaussian of std
    ``sigma``). Each high-quality sample (as in ``mode_coverage``) counts for its nearest mode. Returns
    ``{"modes", "high_quality"}`` as ``mode_coverage`` gives them, and

    - ``"balance"``: the entropy of that histogram over the K modes divided by ``log K``, in [0, 1]:
      1 when every mode gets the same share, 0 when one mode gets all of them;
    - ``"jsd_uniform"``: the Jensen-Shannon divergence of the histogram from the uniform one, in nats,
      in [0, log 2], as PacGAN's evaluation code logs it (0 for a perfect share);
    - ``"spread"``: the median, over captured modes with at least two samples, of the per-axis standard
      deviation of that mode's samples around their own mean, in units of ``sigma`` (real samples: about
      0.97, under 1 because a sample further than 3 sigma does not count); NaN when no mode has two.

    A generator that drops modes lowers ``modes``; one that piles most samples on a few modes lowers
    ``balance``; one that puts each mode's samples on a point or a line inside it lowers ``spread``, which
    ``high_quality`` alone cannot see.
    """
    m = mixture(name)
    x = torch.from_numpy(_validate.matrix(samples, "samples", columns=2))
    nearest_distance, nearest_mode = torch.cdist(x, m.modes.double()).min(dim=1)
    high_quality = nearest_distance <= 3 * m.std
    counts = torch.bincount(nearest_mode[high_quality], minlength=len(m.modes)).double()
    k = len(m.modes)
    # No high-quality sample: score it as the worst share, everything on one mode (balance 0), not as even.
    share = counts / counts.sum() if counts.sum() > 0 else torch.eye(k, dtype=torch.float64)[0]
    uniform = torch.full((k,), 1.0 / k, dtype=torch.float64)

    def entropy(p: torch.Tensor) -> float:
        p = p[p > 0]
        return float(-(p * p.log()).sum())

    balance = entropy(share) / math.log(k) + 0.0 if counts.sum() > 0 else 0.0  # + 0.0: no "-0"
    jsd = entropy((share + uniform) / 2) - (entropy(share) + entropy(uniform)) / 2
    widths = []
    for mode in range(k):
        points = x[high_quality & (nearest_mode == mode)]
        if len(points) >= 2:
            widths.append(float((points - points.mean(0)).pow(2).sum(1).mean().div(2).sqrt()) / m.std)
    return {"modes": int((counts > 0).sum()), "high_quality": float(high_quality.double().mean()),
            "balance": balance, "jsd_uniform": max(jsd, 0.0),
            "spread": float(np.median(widths)) if widths else float("nan")}


def meets_coverage_target(result: dict, name: str) -> bool:
    """Whether a ``mode_balance`` result meets the course's target for mixture ``name``: every mode, the
    high-quality share of ``configs.COVERAGE_TARGETS``, balance >= ``BALANCE_TARGET`` and spread >=
    ``SPREAD_TARGET`` (a NaN spread fails)."""
    target = COVERAGE_TARGETS[choice(name, "name", COVERAGE_TARGETS)]
    return bool(result["modes"] >= target["modes"] and result["high_quality"] >= target["high_quality"]
                and result["balance"] >= BALANCE_TARGET and result["spread"] >= SPREAD_TARGET)


# ----------------------------------------------------------------------------- latent spaces (notebook 06)

def hole_fraction(samples: torch.Tensor, codes: torch.Tensor, *, quantile: float = 0.99) -> float:
    """Fraction of ``samples`` ``(M, d)`` that fall in a hole of the real ``codes`` ``(N, d)``.

    A sample is in a hole when its nearest real code is farther away than the ``quantile`` of the real
    codes' own nearest-neighbour distances: a gap wider than almost any gap between real codes.
    """
    codes = torch.from_numpy(_validate.matrix(codes, "codes", min_rows=2))
    samples = torch.from_numpy(_validate.matrix(samples, "samples (the same d as codes)", columns=codes.shape[1]))
    quantile = _validate.number(quantile, "quantile", low=0, high=1, low_open=True)
    own = torch.cdist(codes, codes)
    own.fill_diagonal_(float("inf"))
    threshold = torch.quantile(own.min(1).values, quantile)
    nearest = torch.cdist(samples, codes).min(1).values
    return float((nearest > threshold).double().mean())


# ----------------------------------------------------------------------------- reconstructions (notebooks 02, 03)

@torch.no_grad()
def reconstruction_errors(model: torch.nn.Module, images: torch.Tensor, *, batch_size: int = 500) -> torch.Tensor:
    """Anomaly scores: the mean squared error per pixel of each image, a float tensor of shape ``(N,)``.

    ``images`` is ``(N, 1, 28, 28)`` with values in [0, 1]; any other shape raises ``ValueError``.
    Runs ``model`` (an autoencoder: ``model(x)`` reconstructs ``x``) in eval mode on its own device.
    """
    _validate.module(model, "model")
    images = _validate.images(images)
    _validate.integer(batch_size, "batch_size")
    was_training = model.training
    model.eval()
    scores = []
    for batch in images.split(batch_size):
        batch = _validate.to_model(batch, model)
        out = model(batch)
        if out.shape != batch.shape:
            raise ValueError(f"model must reconstruct its input (an autoencoder): model(x) has shape {tuple(out.shape)} "
                             f"for x of shape {tuple(batch.shape)}")
        scores.append(((out - batch) ** 2).mean(dim=(1, 2, 3)).cpu())
    model.train(was_training)
    return torch.cat(scores)


def reconstruction_mse(model: torch.nn.Module, images: torch.Tensor, *, batch_size: int = 500) -> float:
    """Mean squared error per pixel over all ``images``, ``1/(n*784) * sum_i ||x_i - decode(encode(x_i))||^2``:
    the mean of ``reconstruction_errors``."""
    return float(reconstruction_errors(model, images, batch_size=batch_size).double().mean())


def _scores_array(scores, name: str) -> np.ndarray:
    s = _validate.to_numpy(scores, name)
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
    fpr = _validate.number(fpr, "fpr", low=0, high=1, low_open=True, high_open=True)
    return float(np.quantile(s, 1.0 - fpr))


def detection_rates(normal_scores, anomaly_scores, threshold: float) -> dict[str, float]:
    """What a threshold does: ``{"false_positive_rate", "recall"}``.

    ``false_positive_rate`` is the fraction of normal images flagged (score > threshold),
    ``recall`` the fraction of anomalies flagged.
    """
    normal = _scores_array(normal_scores, "normal_scores")
    anomalous = _scores_array(anomaly_scores, "anomaly_scores")
    threshold = _validate.number(threshold, "threshold")
    return {"false_positive_rate": float(np.mean(normal > threshold)),
            "recall": float(np.mean(anomalous > threshold))}


def _labelled_scores(normal_scores, anomaly_scores) -> tuple[np.ndarray, np.ndarray]:
    """``(is_anomaly, scores)``: anomalies are the positives, as scikit-learn's ROC functions want them."""
    normal = _scores_array(normal_scores, "normal_scores")
    anomalous = _scores_array(anomaly_scores, "anomaly_scores")
    return np.r_[np.zeros(len(normal)), np.ones(len(anomalous))], np.r_[normal, anomalous]


def auc(normal_scores, anomaly_scores) -> float:
    """ROC AUC of separating anomalies (positives) from normal images by score (scikit-learn).

    The probability that a random anomaly scores higher than a random normal image: 0.5 is chance, 1 perfect.
    """
    from sklearn.metrics import roc_auc_score

    return float(roc_auc_score(*_labelled_scores(normal_scores, anomaly_scores)))


def roc(normal_scores, anomaly_scores) -> tuple[np.ndarray, np.ndarray]:
    """The ROC curve, ``(false_positive_rate, recall)``, one point per threshold (scikit-learn)."""
    from sklearn.metrics import roc_curve

    fpr, tpr, _ = roc_curve(*_labelled_scores(normal_scores, anomaly_scores))
    return fpr, tpr


# ----------------------------------------------------------------------------- features (notebook 03)

def _labels(y, n: int | None, name: str) -> np.ndarray:
    """``y`` as a 1-D array of ``n`` labels (any length >= 1 when ``n`` is None)."""
    a = _validate.to_numpy(y, name)
    if a.ndim != 1 or len(a) == 0 or (n is not None and a.shape != (n,)):
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

    z = _validate.matrix(embedding, "embedding")
    y = _labels(labels, len(z), "labels")
    smallest = int(np.unique(y, return_counts=True)[1].min())
    folds = _validate.integer(folds, "folds (at most the smallest class's size)", low=2, high=max(smallest, 2))
    outside_one_fold = len(z) - math.ceil(len(z) / folds)  # the neighbours a point can have
    k = _validate.integer(k, "k (at most the points outside one fold)", high=outside_one_fold)
    split = StratifiedKFold(folds, shuffle=True, random_state=0)
    return float(cross_val_score(KNeighborsClassifier(k), z, y, cv=split).mean())


def balanced_subset(labels, per_class: int, *, seed: int) -> np.ndarray:
    """Indices of ``per_class`` examples of every class in ``labels``, drawn without replacement."""
    y = _labels(labels, None, "labels")
    classes = np.unique(y)
    counts = {int(c): int(np.sum(y == c)) for c in classes}
    _validate.integer(per_class, "per_class (at most the smallest class)", high=min(counts.values()))
    rng = np.random.default_rng(_validate.seed(seed))
    return np.concatenate([rng.choice(np.flatnonzero(y == c), per_class, replace=False) for c in classes])


def _labelled_features(features, labels, name: str, *, dims: int | None = None):
    """``(N, D)`` features and their ``(N,)`` labels, checked; ``dims``: the D they must have."""
    x = _validate.matrix(features, f"{name}_features")
    y = _labels(labels, len(x), f"{name}_labels")
    if dims is not None and x.shape[1] != dims:
        raise ValueError(f"{name}_features have {x.shape[1]} dimensions, train_features {dims}")
    return x, y


def _strengths(strengths, *, validated: bool) -> tuple[float, ...]:
    """The values of C to try: positive finite numbers; more than one needs a validation set to choose."""
    strengths = tuple(strengths) if isinstance(strengths, (tuple, list)) else ()
    if not strengths or not all(isinstance(c, (int, float)) and not isinstance(c, bool) and math.isfinite(c) and c > 0
                                for c in strengths):
        raise ValueError("strengths must be a tuple of positive finite numbers (the values of C to try)")
    if not validated and len(strengths) > 1:
        raise ValueError("choosing among several strengths needs val_features and val_labels")
    return strengths


def few_label_scores(train_features, train_labels, test_features, test_labels, *, n_labels: int, draws: int = 5,
                     seed: int = 0, val_features=None, val_labels=None,
                     strengths: tuple[float, ...] = (1.0,)) -> dict:
    """Per-draw test accuracies of logistic regression trained on only ``n_labels`` labelled examples.

    Features are ``(N, D)`` arrays (or images, flattened). Each draw labels a balanced subset
    (``n_labels / classes`` per class, draw ``i`` with seed ``1000 * seed + i``, so seeds 0 and 1 share no draw)
    of the training set; the same draws go to every kind of feature given the same labels and seed, so two
    kinds can be compared draw by draw.
    ``strengths`` are the inverse regularisation strengths ``C`` to try: with more than one, the ``C``
    with the best mean accuracy on ``(val_features, val_labels)`` over the draws is chosen, so each kind
    of feature gets the regularisation that suits it, chosen without the test set. Features are divided
    by one overall scale (their standard deviation). Returns ``{"test": (draws,) accuracies in [0, 1],
    "C": the chosen strength, "val": its mean validation accuracy (None without a validation set)}``.
    """
    from sklearn.linear_model import LogisticRegression
    from threadpoolctl import threadpool_limits  # a dependency of scikit-learn

    x_train, y_train = _labelled_features(train_features, train_labels, "train")
    x_test, y_test = _labelled_features(test_features, test_labels, "test", dims=x_train.shape[1])
    if (val_features is None) != (val_labels is None):
        raise ValueError("pass val_features and val_labels together, or neither")
    if val_features is not None:
        x_val, y_val = _labelled_features(val_features, val_labels, "val", dims=x_train.shape[1])
    strengths = _strengths(strengths, validated=val_features is not None)
    classes = len(np.unique(y_train))
    most = classes * int(np.unique(y_train, return_counts=True)[1].min())
    if _validate.integer(n_labels, "n_labels", high=most) % classes:
        raise ValueError(f"n_labels must be a multiple of the {classes} classes, got {n_labels!r}")
    _validate.integer(draws, "draws", high=1000)
    _validate.seed(seed)
    if 1000 * seed + draws > 2**63 - 1:
        raise ValueError(f"seed must be below {(2**63 - 1 - draws) // 1000} with draws={draws}, got {seed}")
    scale = x_train.std() or 1.0
    val_acc = np.zeros((len(strengths), draws))
    test_acc = np.zeros((len(strengths), draws))
    # These fits are small: threads in BLAS cost more than they save (5-15x slower on 2 busy cores).
    with threadpool_limits(1):
        for draw in range(draws):
            index = balanced_subset(y_train, n_labels // classes, seed=1000 * seed + draw)
            for i, c in enumerate(strengths):
                classifier = LogisticRegression(C=c, max_iter=1000).fit(x_train[index] / scale, y_train[index])
                test_acc[i, draw] = classifier.score(x_test / scale, y_test)
                if val_features is not None:
                    val_acc[i, draw] = classifier.score(x_val / scale, y_val)
    best = int(val_acc.mean(axis=1).argmax())
    return {"test": test_acc[best], "C": strengths[best],
            "val": float(val_acc[best].mean()) if val_features is not None else None}


def few_label_accuracy(train_features, train_labels, test_features, test_labels, *,
                       n_labels: int, draws: int = 5, seed: int = 0) -> tuple[float, float]:
    """Mean and standard deviation over draws of ``few_label_scores`` at scikit-learn's default ``C = 1``.

    Returns ``(mean, std)`` in [0, 1]. To compare kinds of features, prefer ``few_label_scores`` with a
    validation set: one ``C`` does not suit 784 pixels and 32 codes alike.
    """
    scores = few_label_scores(train_features, train_labels, test_features, test_labels,
                              n_labels=n_labels, draws=draws, seed=seed)["test"]
    return float(np.mean(scores)), float(np.std(scores))


# ----------------------------------------------------------------------------- GAN samples (notebook 05)

@torch.no_grad()
def predict(classifier, images: torch.Tensor, *, batch_size: int = 1000) -> tuple[torch.Tensor, torch.Tensor]:
    """Class probabilities ``(N, 10)`` and penultimate features ``(N, feature_dim)`` of ``images``."""
    if not (callable(getattr(classifier, "features", None)) and callable(getattr(classifier, "head", None))):
        raise ValueError(f"classifier must be an MNISTClassifier (features(x) and head), got {type(classifier).__name__}")
    images = _validate.images(images)
    _validate.integer(batch_size, "batch_size")
    classifier.eval()
    probs, feats = [], []
    for chunk in images.split(batch_size):
        f = classifier.features(chunk)
        feats.append(f.cpu())
        probs.append(torch.softmax(classifier.head(f), dim=1).cpu())
    return torch.cat(probs), torch.cat(feats)


def accuracy(classifier, images: torch.Tensor, labels: torch.Tensor) -> float:
    """Fraction of ``images`` whose most probable class is ``labels``."""
    probs, _ = predict(classifier, images)
    labels = _validate.labels(labels, len(probs), probs.shape[1]).cpu()
    return float((probs.argmax(1) == labels).double().mean())


def log_loss(classifier, images: torch.Tensor, labels: torch.Tensor) -> float:
    """Mean ``-log p(label | x)`` in nats over ``images`` (scikit-learn's ``log_loss``).

    Accuracy only checks the most probable class; the classifier score uses the whole of
    ``p(y|x)``, so a judge should also have honest probabilities: a low log loss on real digits.
    """
    from sklearn.metrics import log_loss as sklearn_log_loss

    probs = predict(classifier, images)[0].double()
    labels = _validate.labels(labels, len(probs), probs.shape[1]).cpu()
    probs = probs / probs.sum(1, keepdim=True)  # float32 softmax rows miss 1 by ~1e-7; sklearn checks
    return float(sklearn_log_loss(labels.numpy(), probs.numpy(), labels=list(range(probs.shape[1]))))


def classifier_score(probs: torch.Tensor) -> float:
    """``exp(E_x KL(p(y|x) || p(y)))`` from class probabilities ``(N, 10)``; between 1 and 10."""
    p = torch.from_numpy(_validate.to_numpy(probs, "probs").astype(np.float64))  # float64 on the CPU (MPS has none)
    if p.ndim != 2 or len(p) == 0:
        raise ValueError(f"probs must have shape (N, classes) with N >= 1, got {tuple(p.shape)}")
    if not bool(torch.isfinite(p).all()) or float(p.min()) < 0 or float((p.sum(1) - 1).abs().max()) > 1e-3:
        raise ValueError("probs must be class probabilities: finite, >= 0, each row summing to 1 (got "
                         f"values in [{float(p.min()):.3g}, {float(p.max()):.3g}]); logits need softmax(dim=1) first")
    p_y = p.mean(0, keepdim=True)
    eps = 1e-12  # 0 * log 0 = 0
    kl = (p * (torch.log(p + eps) - torch.log(p_y + eps))).sum(1)
    return float(torch.exp(kl.mean()))


def class_histogram(probs: torch.Tensor) -> np.ndarray:
    """Fraction of samples predicted as each class (argmax of ``probs`` ``(N, 10)``); sums to 1."""
    p = torch.from_numpy(_validate.to_numpy(probs, "probs"))
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
    a = _validate.matrix(features_a, "features_a", min_rows=2)
    b = _validate.matrix(features_b, "features_b (the same F as features_a)", columns=a.shape[1], min_rows=2)
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
    ``meter(images, asked=labels)``, for a class-conditional generator asked for digits ``labels`` ``(N,)``,
    adds ``"asked"``, the fraction of samples the classifier names as the digit asked for, and
    ``"asked_per_class"``, the same fraction for each digit asked (a list of 10).
    """

    def __init__(self, classifier, reference: torch.Tensor):
        self.classifier = classifier
        _, self.reference_features = predict(classifier, reference)

    def __call__(self, images: torch.Tensor, *, asked: torch.Tensor | None = None) -> dict:
        if asked is not None:
            asked = _validate.labels(asked, len(images), name="asked").cpu()
        probs, feats = predict(self.classifier, images)
        histogram = class_histogram(probs)
        out = {"score": classifier_score(probs), "class_min_fraction": float(histogram.min()),
               "frechet": frechet_distance(feats, self.reference_features),
               "histogram": [float(h) for h in histogram]}
        if asked is not None:
            right = (probs.argmax(1) == asked).double()
            out["asked"] = float(right.mean())
            out["asked_per_class"] = [float(right[asked == c].mean()) if (asked == c).any() else float("nan")
                                      for c in range(probs.shape[1])]
        return out
