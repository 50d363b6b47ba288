import matplotlib
import numpy as np
import pytest
import torch
import torch.nn.functional as F

from course_utils.models import ConvAutoencoder, MLPAutoencoder
from course_utils.metrics import reconstruction_mse
from course_utils.training import TrainingDiverged, fit, random_shift

matplotlib.use("Agg")


@pytest.fixture(scope="module")
def digits():
    from course_utils.data import load_mnist

    images, labels = load_mnist("train")
    return images[:512], labels[:512]


def test_fit_lowers_the_loss_and_returns_a_history(digits):
    images, _ = digits
    model = MLPAutoencoder(latent_dim=8, hidden=[64])
    before = reconstruction_mse(model, images[:128])
    history = fit(model, images, epochs=4, batch_size=64, lr=3e-3, val_images=images[:128], progress=False)
    assert len(history["train"]) == 4 and len(history["val"]) == 4
    assert history["train"][-1] < history["train"][0]
    assert history["val"][-1] < 0.5 * before
    assert not model.training  # left ready for evaluation


def test_fit_without_validation_has_empty_val_list(digits):
    history = fit(MLPAutoencoder(latent_dim=2, hidden=[16]), digits[0][:64], epochs=1, progress=False)
    assert history["val"] == [] and len(history["train"]) == 1


def test_fit_is_reproducible_with_the_same_seed(digits):
    runs = []
    for _ in range(2):
        torch.manual_seed(0)
        model = ConvAutoencoder(latent_dim=2, channels=[4, 8], hidden=16)
        runs.append(fit(model, digits[0][:128], epochs=2, batch_size=32, shift=1, cosine=True, progress=False))
    assert runs[0] == runs[1]


def test_nan_loss_stops_training_with_a_message(digits):
    model = MLPAutoencoder(latent_dim=2, hidden=[16])
    with torch.no_grad():
        model.decoder[0].weight.fill_(float("nan"))  # a broken model produces NaN pixels
    with pytest.raises(TrainingDiverged, match="nan at step 0.*learning rate"):
        fit(model, digits[0][:64], epochs=1, progress=False)


def _stuck_model():
    """Every pixel's sigmoid deep in saturation: the outputs are nearly black for every digit, yet differ a
    little (above the 1e-6 of "all equal"), as in notebook 02's seed-3 run at d = 8."""
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(784, 784), torch.nn.Sigmoid(),
                                torch.nn.Unflatten(1, (1, 28, 28)))
    with torch.no_grad():
        model[1].bias.fill_(-12.0)
    return model


def test_a_network_stuck_on_one_black_picture_is_stopped(digits):
    model = _stuck_model()
    with torch.no_grad():
        assert model(digits[0][:16]).flatten(1).std(0).max() > 1e-6  # not "every output equal"
    with pytest.raises(TrainingDiverged, match="after epoch 3 every input gives nearly the same picture.*stuck"):
        fit(model, digits[0][:256], epochs=6, progress=False)


def test_a_healthy_start_and_a_slow_learning_rate_are_not_called_stuck(digits):
    images = digits[0][:256]
    torch.manual_seed(0)
    history = fit(MLPAutoencoder(latent_dim=2), images, epochs=4, lr=1e-5, progress=False)  # grey, but falling
    assert len(history["train"]) == 4
    torch.manual_seed(0)
    assert len(fit(MLPAutoencoder(latent_dim=8, hidden=[64]), images, epochs=4, lr=2e-3, progress=False)["train"]) == 4


@pytest.mark.parametrize("bad", [torch.rand(16, 784), torch.rand(16, 1, 32, 32), torch.rand(16, 1, 28, 28) * 255])
def test_fit_rejects_bad_images_naming_the_expected_shape(bad):
    with pytest.raises(ValueError, match=r"\(N, 1, 28, 28\)"):
        fit(MLPAutoencoder(latent_dim=2), bad, epochs=1, progress=False)


def test_fit_rejects_bad_settings(digits):
    model = MLPAutoencoder(latent_dim=2)
    with pytest.raises(ValueError, match="epochs"):
        fit(model, digits[0][:8], epochs=0)
    with pytest.raises(ValueError, match="lr"):
        fit(model, digits[0][:8], epochs=1, lr=-1.0)
    with pytest.raises(ValueError, match=r"val_images.*\(N, 1, 28, 28\)"):
        fit(model, digits[0][:8], epochs=1, val_images=torch.rand(3, 28, 28))


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")
def test_fit_runs_on_cuda(digits):
    model = MLPAutoencoder(latent_dim=2, hidden=[16])
    history = fit(model, digits[0][:64], epochs=1, device="cuda", val_images=digits[0][:32], progress=False)
    assert next(model.parameters()).is_cuda and len(history["val"]) == 1


def test_reconstruction_mse_is_the_per_pixel_formula(digits):
    images = digits[0][:50]
    model = MLPAutoencoder(latent_dim=2, hidden=[16]).eval()
    with torch.no_grad():
        x_hat = model(images)
    by_hand = ((images - x_hat) ** 2).sum() / (len(images) * 784)
    assert reconstruction_mse(model, images, batch_size=7) == pytest.approx(float(by_hand), rel=1e-5)
    assert float(by_hand) == pytest.approx(float(F.mse_loss(x_hat, images)), rel=1e-5)


def test_random_shift_moves_digits_without_changing_them():
    images = torch.zeros(64, 1, 28, 28)
    images[:, :, 9:19, 9:19] = torch.rand(64, 1, 10, 10)  # a "digit" well inside the border
    assert torch.equal(random_shift(images, 0), images)
    moved = random_shift(images, 2)
    assert moved.shape == images.shape
    assert torch.allclose(moved.sum(dim=(1, 2, 3)), images.sum(dim=(1, 2, 3)))  # nothing lost or added
    rows = moved[:, 0].sum(dim=2).nonzero()[:, 1]
    assert rows.min() >= 7 and rows.max() <= 20  # moved by at most 2 pixels
    assert not torch.equal(moved, images)
    assert (moved != images).any(dim=(1, 2, 3)).float().mean() > 0.8  # most images moved
    assert random_shift(images, 0) is images
    with pytest.raises(ValueError, match="max_shift"):
        random_shift(images, -1)


def test_random_shift_is_fixed_by_a_generator_and_passes_gradients():
    images = torch.rand(8, 1, 28, 28, requires_grad=True)
    a = random_shift(images, 2, generator=torch.Generator().manual_seed(0))
    b = random_shift(images, 2, generator=torch.Generator().manual_seed(0))
    assert torch.equal(a, b)
    a.sum().backward()  # shifting a network's output must not cut it off from the loss
    assert images.grad is not None and images.grad.abs().sum() > 0


# ------------------------------------------------------------ plots and the PCA widget of lessons 01-02

def test_latent_scatter_and_loss_curves_return_labelled_figures():
    from course_utils.plotting import latent_scatter, loss_curves, metric_curves

    fig = latent_scatter(torch.randn(100, 2), torch.arange(100) % 10, title="codes")
    ax = fig.axes[0]
    assert ax.get_title() == "codes" and [t.get_text() for t in ax.get_legend().get_texts()] == list("0123456789")
    fig = loss_curves({"train": [0.3, 0.2, 0.1], "val": [0.35, 0.25, 0.2]})
    assert [t.get_text() for t in fig.axes[0].get_legend().get_texts()] == ["train", "val"]
    assert fig.axes[0].get_xlabel() == "epoch"
    fig = metric_curves([2, 8, 32], {"AE": [0.04, 0.02, 0.01], "PCA": [0.05, 0.04, 0.02]},
                        xlabel="latent dimension", ylabel="MSE", title="sweep")
    assert len(fig.axes[0].get_lines()) == 2
    with pytest.raises(ValueError, match=r"\(N, 2\)"):
        latent_scatter(torch.randn(10, 3), torch.zeros(10))
    with pytest.raises(ValueError, match="no losses"):
        loss_curves({"train": [], "val": []})


def test_pca_widget_redraws_when_k_changes(digits):
    from sklearn.decomposition import PCA

    from course_utils.widgets import pca_reconstruction_widget

    images = digits[0]
    pca = PCA(n_components=16).fit(images.reshape(len(images), 784).numpy())
    panel = pca_reconstruction_widget(pca, images[:5], max_k=16)
    assert repr(panel) == "<PCA reconstruction widget>"
    first = panel.image.value
    panel.slider.value = 16
    assert panel.image.value != first and "k = 16" in panel.message.value
    mse_16 = float(panel.message.value.split("MSE per pixel ")[1])
    panel.slider.value = 1
    assert float(panel.message.value.split("MSE per pixel ")[1]) > mse_16  # fewer components, worse
    with pytest.raises(ValueError, match="max_k"):
        pca_reconstruction_widget(pca, images[:5], max_k=64)
    with pytest.raises(ValueError, match=r"\(N, 1, 28, 28\)"):
        pca_reconstruction_widget(pca, np.zeros((5, 784)))


def test_the_stuck_hint_lowers_only_a_learning_rate_above_the_courses(digits):
    with pytest.raises(TrainingDiverged, match=r"stuck.*another initialisation.*0\.001, is not above") as stuck:
        fit(_stuck_model(), digits[0][:256], epochs=6, progress=False)
    assert "lower the learning rate" not in str(stuck.value)
    torch.manual_seed(0)
    with pytest.raises(TrainingDiverged, match=r"same output.*lower the learning rate \(now 0\.3"):
        fit(MLPAutoencoder(latent_dim=2), digits[0][:1000], epochs=2, lr=0.3, progress=False)
