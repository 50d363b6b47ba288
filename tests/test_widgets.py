"""The notebook-06 widgets, driven from Python as the browser would: set a control's ``.value``, read the images."""
import io

import numpy as np
import pytest
import torch
from PIL import Image

from course_utils.models import VAE, DCGANGenerator, MLPAutoencoder
from course_utils.raster import images_png, png_bytes, tile_images
from course_utils.widgets import arithmetic_widget, interpolation_widget, latent_explorer


@pytest.fixture(scope="module")
def digits():
    from course_utils.data import load_mnist

    images, labels = load_mnist("test")
    keep = torch.cat([(labels == d).nonzero().flatten()[:6] for d in range(10)])  # 60 digits, 6 per class
    return images[keep], labels[keep]


@pytest.fixture(scope="module")
def models():
    # Untrained models draw almost flat gray; larger weights make the code visibly change the picture.
    torch.manual_seed(0)
    ae, vae = MLPAutoencoder(latent_dim=2, hidden=(32,)).eval(), VAE(latent_dim=2, hidden=(32,)).eval()
    gan = DCGANGenerator(latent_dim=8, channels=8).eval()
    with torch.no_grad():
        for layer in (ae.encoder[-1], ae.decoder[0], vae.encoder[-1], vae.decoder[0], gan.net[-2]):
            layer.weight.mul_(30)
    return {"AE": ae, "VAE": vae, "GAN": gan}


@pytest.fixture(scope="module")
def encoders(models):
    """The models with an encoder (no GAN inversion: these tests stay fast)."""
    return {"AE": models["AE"], "VAE": models["VAE"]}


def pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))


def test_interpolation_slider_redraws_every_model(digits, models):
    panel = interpolation_widget(models, *digits, start=0, end=30, t=0.0, invert_steps=5)
    assert repr(panel) == "<latent interpolation widget>"
    before = {name: bytes(panel.views[f"{name}:frame"].value) for name in models}
    panel.controls["t"].value = 0.5
    for name in models:
        assert panel.views[f"{name}:frame"].value != before[name], name
    assert panel.message.value == ""


def test_interpolation_ends_at_the_autoencoders_reconstructions(digits, encoders):
    images, labels = digits
    panel = interpolation_widget(encoders, images, labels, start=3, end=40, t=1.0)
    with torch.no_grad():
        expected = encoders["AE"].decode(encoders["AE"].encode(images[40:41]))
    assert panel.views["AE:frame"].value == png_bytes(tile_images(expected, pad=0), scale=4)


def test_pick_by_class_and_index_stay_in_sync(digits, encoders):
    images, labels = digits
    panel = interpolation_widget(encoders, images, labels, start=0, end=1)
    panel.controls["end_class"].value = 7
    assert labels[panel.controls["end"].value] == 7
    panel.controls["start"].value = 20
    assert panel.controls["start_class"].value == int(labels[20])
    assert panel.views["ends"].value == images_png(images[[20, panel.controls["end"].value]], ncols=2, scale=3)


def counting(calls: list, draw):
    """``draw`` that also records each call in ``calls``."""
    def run():
        calls.append(1)
        draw()
    return run


def test_choosing_a_class_moves_the_index_once_and_redraws_once(digits, encoders):
    images, labels = digits
    panel = interpolation_widget(encoders, images, labels, start=0, end=1)
    moves, draws = [], []
    panel.controls["end"].observe(moves.append, names="value")
    panel._draw_path = counting(draws, panel._draw_path)
    panel.controls["end_class"].value = 7
    assert len(moves) == 1 and len(draws) == 1
    assert labels[panel.controls["end"].value] == 7 and panel.controls["end_class"].value == 7
    panel.controls["end"].value = 0  # an index of another class: the dropdown follows, one redraw
    assert panel.controls["end_class"].value == int(labels[0]) and len(draws) == 2


def test_path_choice_and_play_button(digits, models):
    panel = interpolation_widget(models, *digits, start=0, end=30, t=0.5, invert_steps=5)
    linear = bytes(panel.views["GAN:path"].value)
    panel.controls["path"].value = "spherical"
    assert panel.views["GAN:path"].value != linear  # the middle of the path differs
    panel.controls["play"].value = 5
    assert panel.controls["t"].value == pytest.approx(0.25)


def test_interpolation_bad_values_raise_naming_what_is_accepted(digits, models):
    images, labels = digits
    with pytest.raises(ValueError, match=r"start must be an int in \[0, 59\]"):
        interpolation_widget(models, images, labels, start=60)
    with pytest.raises(ValueError, match="no pretrained weights named 'nope'; available"):
        interpolation_widget(["nope"], images, labels)
    with pytest.raises(ValueError, match="has no decode.*latent_dim"):
        interpolation_widget({"linear layer": torch.nn.Linear(2, 784)}, images, labels)
    with pytest.raises(ValueError, match="linear.*spherical"):
        interpolation_widget(models, images, labels, path="zigzag")
    with pytest.raises(ValueError, match="labels must be"):
        interpolation_widget(models, images, labels[:-1])


def test_an_error_inside_a_running_widget_is_a_short_message(digits, models, encoders, monkeypatch):
    panel = interpolation_widget(encoders, *digits, start=0, end=30, t=0.0)
    frame = bytes(panel.views["VAE:frame"].value)

    def broken(z):
        raise RuntimeError("decoder exploded")

    monkeypatch.setattr(models["VAE"], "decode", broken)
    panel.controls["t"].value = 0.3  # must not raise
    assert "decoder exploded" in panel.message.value and "Traceback" not in panel.message.value
    assert panel.views["VAE:frame"].value == frame
    monkeypatch.undo()
    panel.controls["t"].value = 0.4
    assert panel.message.value == ""  # the message goes away once drawing works again


def test_explorer_draws_the_decoded_digit_and_a_marker(digits, models, encoders):
    panel = latent_explorer(encoders, *digits, model="VAE")
    panel.controls["z1"].value = panel.controls["z1"].min
    digit, picture = bytes(panel.views["digit"].value), pixels(panel.views["map"].value)
    panel.controls["z1"].value = panel.controls["z1"].max
    assert panel.views["digit"].value != digit
    with torch.no_grad():
        expected = models["VAE"].decode(torch.tensor([[panel.controls["z1"].value, 0.0]]))
    assert panel.views["digit"].value == png_bytes(tile_images(expected, pad=0), scale=5)
    moved = pixels(panel.views["map"].value)
    assert moved.shape == picture.shape and (moved != picture).any()  # the marker moved
    ranges = [(panel.controls[k].min, panel.controls[k].max) for k in ("z1", "z2")]
    draws = []
    panel._draw = counting(draws, panel._draw)
    panel.controls["model"].value = "AE"  # slider ranges follow the AE's codes, then one redraw
    assert len(draws) == 1
    assert [(panel.controls[k].min, panel.controls[k].max) for k in ("z1", "z2")] != ranges
    codes = models["AE"].encode(digits[0]).detach()
    for k in (0, 1):
        slider = panel.controls[f"z{k + 1}"]
        assert slider.min <= float(codes[:, k].min()) and float(codes[:, k].max()) <= slider.max
    assert panel.message.value == ""


def test_explorer_accepts_only_two_dimensional_encoders(digits, models):
    with pytest.raises(ValueError, match="no encode"):
        latent_explorer({"GAN": models["GAN"]}, *digits)
    with pytest.raises(ValueError, match="latent_dim == 2"):
        latent_explorer({"AE16": MLPAutoencoder(latent_dim=16)}, *digits)
    with pytest.raises(ValueError, match=r"model must be one of \['AE'\]"):
        latent_explorer({"AE": models["AE"]}, *digits, model="VAE")


def test_arithmetic_moves_along_the_class_mean_difference(digits, models):
    images, labels = digits
    two = {"AE": models["AE"], "VAE": models["VAE"]}
    panel = arithmetic_widget(two, images, labels, index=0, target=7, strength=0.0)
    at_zero = pixels(panel.views["VAE"].value)
    tiles = at_zero[::3, ::3]  # undo the 3x scale: 4 tiles of 28 px with 1 px gaps
    assert np.array_equal(tiles[1:29, 1:29], tiles[1:29, 88:116])  # s = 0: the result is the reconstruction
    panel.controls["strength"].value = 1.0
    assert (pixels(panel.views["VAE"].value) != at_zero).any()
    with pytest.raises(ValueError, match="no encode"):
        arithmetic_widget(models, images, labels)
    with pytest.raises(ValueError, match=r"target must be one of \[0, 1, 2"):
        arithmetic_widget(two, images, labels, target=11)


def test_picture_switcher_shows_the_chosen_picture():
    from course_utils.raster import png_bytes
    from course_utils.widgets import picture_switcher

    pictures = {"a": png_bytes(np.zeros((4, 4), np.uint8)), "b": png_bytes(np.full((4, 4), 255, np.uint8))}
    panel = picture_switcher(pictures, description="β", name="β switcher")
    assert repr(panel) == "<β switcher>" and panel.view.value == pictures["a"]
    panel.controls["choice"].value = "b"
    assert panel.view.value == pictures["b"] and panel.message.value == ""
    with pytest.raises(ValueError, match="pictures must be"):
        picture_switcher({})


def test_a_panel_displays_with_a_still_picture_of_its_state(digits, models):
    import base64
    import io

    from PIL import Image

    panel = interpolation_widget(models, *digits, start=0, end=1)
    bundle = panel._repr_mimebundle_()
    assert bundle["text/plain"] == "<latent interpolation widget>"
    assert "application/vnd.jupyter.widget-view+json" in bundle  # the live widget, for front ends that run it
    still = Image.open(io.BytesIO(base64.b64decode(bundle["image/png"])))
    # Every image the panel shows is in the still, so it is at least as wide as the widest one.
    assert still.width >= max(Image.open(io.BytesIO(bytes(v.value))).width for v in panel.views.values())
    before = panel.still()
    panel.controls["t"].value = 1.0
    assert panel.still() != before  # the still follows the state


def test_progress_bar_outside_a_notebook_is_tqdms_text_bar():
    from tqdm import tqdm

    from course_utils.training import progress_bar

    bar = progress_bar(range(3), disable=True)
    assert isinstance(bar, tqdm) and list(bar) == [0, 1, 2]


def test_pca_widget_reports_the_unclipped_mse_the_notebook_prints(digits):
    # Notebook 01 prints the MSE of x_hat = mean + W_k^T W_k (x - mean), unclipped; the widget must report
    # the same number (only its picture is clipped to [0, 1]), or two "MSE per pixel" would disagree.
    from sklearn.decomposition import PCA

    from course_utils.widgets import pca_reconstruction_widget

    images = digits[0]
    flat = images.reshape(len(images), 784).double().numpy()
    pca = PCA(n_components=16).fit(flat)
    panel = pca_reconstruction_widget(pca, images[:10], max_k=16)
    panel.slider.value = 4
    x = flat[:10]
    recon = pca.mean_ + ((x - pca.mean_) @ pca.components_[:4].T) @ pca.components_[:4]
    unclipped, clipped = ((recon - x) ** 2).mean(), ((np.clip(recon, 0, 1) - x) ** 2).mean()
    assert f"{unclipped:.4f}" != f"{clipped:.4f}"  # the test can tell the two apart
    assert panel.message.value.endswith(f"MSE per pixel {unclipped:.4f}")
