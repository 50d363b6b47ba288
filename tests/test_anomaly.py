"""Notebook 03's pieces: anomaly scores, thresholds, corruption functions, few-label metrics, ROC plot."""
import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch

from course_utils.metrics import auc, detection_rates, reconstruction_errors, threshold_for_fpr
from course_utils.corruption import gaussian_noise, noise_images, salt_and_pepper
from course_utils.metrics import balanced_subset, few_label_accuracy, few_label_scores, knn_accuracy
from course_utils.models import MLPAutoencoder
from course_utils.plotting import roc_curves
from course_utils.training import fit


def _blobs(n: int, seed: int = 0) -> torch.Tensor:
    """Images of one kind: a bright square in the top-left corner plus a little noise."""
    g = torch.Generator().manual_seed(seed)
    x = 0.05 * torch.rand(n, 1, 28, 28, generator=g)
    x[:, :, 4:12, 4:12] = 0.9
    return x


class _Identity(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.w = torch.nn.Parameter(torch.zeros(1))

    def forward(self, x):
        return x + 0 * self.w


def test_reconstruction_errors_are_per_image_mse():
    model = MLPAutoencoder(latent_dim=2, hidden=[8])
    x = torch.rand(7, 1, 28, 28)
    s = reconstruction_errors(model, x, batch_size=3)
    assert s.shape == (7,)
    with torch.no_grad():
        expected = ((model(x) - x) ** 2).mean(dim=(1, 2, 3))
    assert torch.allclose(s, expected, atol=1e-6)
    assert torch.all(reconstruction_errors(_Identity(), x) == 0)


@pytest.mark.parametrize("shape", [(5, 28, 28), (5, 1, 32, 32), (5, 3, 28, 28), (784,), (0, 1, 28, 28)])
def test_wrong_shape_raises_value_error(shape):
    with pytest.raises(ValueError, match=r"\(N, 1, 28, 28\)"):
        reconstruction_errors(MLPAutoencoder(latent_dim=2, hidden=[8]), torch.rand(shape))


def test_autoencoder_trained_on_normal_images_flags_anomalies():
    torch.manual_seed(0)
    normal = _blobs(64)
    model = MLPAutoencoder(latent_dim=2, hidden=[32])
    fit(model, normal, epochs=30, batch_size=16, lr=3e-3, progress=False)
    anomalies = torch.flip(_blobs(32, seed=1), dims=[2, 3])  # the square in the opposite corner
    normal_scores = reconstruction_errors(model, _blobs(32, seed=2))
    anomaly_scores = reconstruction_errors(model, anomalies)
    assert auc(normal_scores, anomaly_scores) > 0.95
    threshold = threshold_for_fpr(normal_scores, 0.05)
    rates = detection_rates(normal_scores, anomaly_scores, threshold)
    assert rates["recall"] > 0.9 and rates["false_positive_rate"] <= 0.1


def test_threshold_gives_the_requested_false_positive_rate():
    normal = np.arange(1, 101, dtype=float)  # 1..100
    threshold = threshold_for_fpr(normal, 0.05)
    assert detection_rates(normal, [1000.0], threshold) == {"false_positive_rate": 0.05, "recall": 1.0}
    with pytest.raises(ValueError, match="fpr"):
        threshold_for_fpr(normal, 1.5)
    with pytest.raises(ValueError, match="NaN"):
        threshold_for_fpr([0.1, float("nan")], 0.05)


def test_auc_is_one_half_for_identical_and_one_for_separated_scores():
    assert auc([0.1, 0.2, 0.3], [0.1, 0.2, 0.3]) == pytest.approx(0.5)
    assert auc([0.1, 0.2], [0.5, 0.6]) == 1.0
    assert auc([0.5, 0.6], [0.1, 0.2]) == 0.0


def test_noise_functions_keep_shape_and_range_and_are_seeded():
    x = torch.rand(4, 1, 28, 28)
    for corrupt in (lambda g: gaussian_noise(x, 0.5, generator=g), lambda g: salt_and_pepper(x, 0.2, generator=g)):
        a, b = corrupt(torch.Generator().manual_seed(3)), corrupt(torch.Generator().manual_seed(3))
        assert a.shape == x.shape and float(a.min()) >= 0 and float(a.max()) <= 1
        assert torch.equal(a, b)
        assert not torch.equal(a, x)
    assert torch.equal(gaussian_noise(x, 0.0), x)
    flipped = salt_and_pepper(torch.full((1, 1, 28, 28), 0.5), 0.25, generator=torch.Generator().manual_seed(0))
    assert 0.15 < float((flipped != 0.5).float().mean()) < 0.35
    images = noise_images(3, generator=torch.Generator().manual_seed(0))
    assert images.shape == (3, 1, 28, 28) and float(images.min()) >= 0 and float(images.max()) <= 1


def test_noise_functions_reject_bad_input():
    with pytest.raises(ValueError, match="std"):
        gaussian_noise(torch.rand(2, 1, 28, 28), -0.1)
    with pytest.raises(ValueError, match="amount"):
        salt_and_pepper(torch.rand(2, 1, 28, 28), 1.5)
    with pytest.raises(ValueError, match=r"\(N, 1, 28, 28\)"):
        gaussian_noise(torch.rand(2, 28, 28), 0.1)
    with pytest.raises(ValueError, match="n must"):
        noise_images(0)


def test_denoising_fit_reconstructs_clean_targets():
    """fit(corrupt=...) trains on noisy inputs: the denoiser beats the noisy input itself."""
    torch.manual_seed(0)
    clean = _blobs(64)
    model = MLPAutoencoder(latent_dim=4, hidden=[32])
    fit(model, clean, epochs=40, batch_size=16, lr=3e-3, progress=False, corrupt=lambda x: gaussian_noise(x, 0.3))
    noisy = gaussian_noise(_blobs(16, seed=5), 0.3, generator=torch.Generator().manual_seed(0))
    with torch.no_grad():
        denoised_error = float(((model(noisy) - _blobs(16, seed=5)) ** 2).mean())
    assert denoised_error < 0.5 * float(((noisy - _blobs(16, seed=5)) ** 2).mean())


def test_balanced_subset_and_few_label_accuracy():
    rng = np.random.default_rng(0)
    labels = np.repeat(np.arange(3), 20)
    index = balanced_subset(labels, 5, seed=0)
    assert np.bincount(labels[index]).tolist() == [5, 5, 5] and len(set(index)) == 15
    assert np.array_equal(index, balanced_subset(labels, 5, seed=0))
    with pytest.raises(ValueError, match="per_class"):
        balanced_subset(labels, 21, seed=0)
    centres = np.array([[0, 0], [5, 0], [0, 5]], dtype=float)
    x = centres[labels] + 0.3 * rng.standard_normal((60, 2))
    mean, std = few_label_accuracy(x, labels, x, labels, n_labels=3, draws=3)
    assert mean > 0.95 and std >= 0
    with pytest.raises(ValueError, match="multiple"):
        few_label_accuracy(x, labels, x, labels, n_labels=4)
    assert knn_accuracy(x, labels) > 0.95
    assert knn_accuracy(rng.standard_normal((60, 2)), labels) < 0.7


def _three_blobs(spread, dims=2, seed=0):
    rng = np.random.default_rng(seed)
    labels = np.repeat(np.arange(3), 30)
    x = rng.standard_normal((90, dims)) * spread
    x[:, :2] += np.array([[0, 0], [3, 0], [0, 3]], dtype=float)[labels]
    return x, labels


def test_few_label_scores_label_the_same_digits_for_every_kind_of_feature():
    # Permuting the columns changes nothing a logistic regression can see, so only the labelled draw
    # could make the per-draw accuracies differ: they must be equal draw by draw (the paired design).
    x, labels = _three_blobs(1.0, dims=5)
    a = few_label_scores(x, labels, x, labels, n_labels=6, draws=4)["test"]
    b = few_label_scores(x[:, ::-1], labels, x[:, ::-1], labels, n_labels=6, draws=4)["test"]
    assert a.shape == (4,) and np.allclose(a, b)
    assert len(set(np.round(a, 6))) > 1  # the draws differ, so equality above is not trivial


def test_few_label_scores_on_another_seed_share_no_draw(monkeypatch):
    # COURSE_SEED=1 must rerun the comparison on other labelled digits, not on 9 of the same 10 draws.
    from course_utils import metrics

    used = []
    real = metrics.balanced_subset
    monkeypatch.setattr(metrics, "balanced_subset", lambda *a, seed, **k: used.append(seed) or real(*a, seed=seed, **k))
    x, labels = _three_blobs(1.0)
    for seed in (0, 1):
        few_label_scores(x, labels, x, labels, n_labels=6, draws=10, seed=seed)
    assert len(set(used[:10]) & set(used[10:])) == 0 and used[:10] == list(range(10))


def test_few_label_scores_choose_the_strength_on_the_validation_set():
    x, labels = _three_blobs(1.5, dims=40, seed=1)
    val_x, val_labels = _three_blobs(1.5, dims=40, seed=2)
    strengths = (0.001, 0.1, 10.0)
    each = {c: few_label_scores(x, labels, x, labels, n_labels=6, draws=3, val_features=val_x, val_labels=val_labels,
                                strengths=(c,))["val"] for c in strengths}
    best = few_label_scores(x, labels, x, labels, n_labels=6, draws=3, val_features=val_x, val_labels=val_labels,
                            strengths=strengths)
    assert best["C"] == max(each, key=each.get) and best["val"] == max(each.values())
    with pytest.raises(ValueError, match="val_features"):
        few_label_scores(x, labels, x, labels, n_labels=6, strengths=strengths)
    with pytest.raises(ValueError, match="strengths"):
        few_label_scores(x, labels, x, labels, n_labels=6, val_features=val_x, val_labels=val_labels, strengths=(0.0, 1.0))


def test_roc_curves_plot_shows_auc_in_legend():
    fig = roc_curves({"separated": ([0.1, 0.2], [0.5, 0.6])})
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert labels[0] == "separated (AUC 1.000)"
    plt.close(fig)
    with pytest.raises(ValueError):
        roc_curves({})
