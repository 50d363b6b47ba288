import shutil
from pathlib import Path

import pytest
import torch

from course_utils import pretrained
from course_utils.models import ConvAutoencoder

SHIPPED_AUTOENCODERS = {"ae_mnist_d2": 2, "ae_mnist_d32": 32}


@pytest.mark.parametrize("name, latent_dim", SHIPPED_AUTOENCODERS.items())
def test_shipped_autoencoders_load_and_reconstruct(name, latent_dim):
    assert name in pretrained.available()
    model = pretrained.load(name)
    assert isinstance(model, ConvAutoencoder) and model.latent_dim == latent_dim and not model.training
    from course_utils.data import load_mnist

    images, _ = load_mnist("test")
    with torch.no_grad():
        x_hat = model.decode(model.encode(images[:200]))
    assert x_hat.shape == (200, 1, 28, 28) and 0 <= x_hat.min() and x_hat.max() <= 1
    mse = float(((x_hat - images[:200]) ** 2).mean())
    assert mse < {2: 0.05, 32: 0.015}[latent_dim]  # well below PCA of the same size (0.056 / 0.017)


@pytest.mark.parametrize("name", SHIPPED_AUTOENCODERS)
def test_shipped_files_are_small_and_rebuildable(name):
    entry = pretrained._manifest()[name]
    assert (pretrained.WEIGHTS_DIR / entry["file"]).stat().st_size < 1_000_000
    assert entry["rebuild"] == f"python -m course_utils.pretrained rebuild {name}"
    from course_utils import recipes

    # The description is written from the recipe's settings (configs.py): a changed setting must be rebuilt.
    assert entry["description"] == recipes.RECIPES[name][0]


def test_every_shipped_file_has_its_recipe_and_all_stay_small():
    from course_utils import recipes

    manifest = pretrained._manifest()
    assert set(manifest) == set(recipes.RECIPES)  # one rebuild command for every shipped file, no orphans
    total = sum((pretrained.WEIGHTS_DIR / entry["file"]).stat().st_size for entry in manifest.values())
    assert total < 7_000_000  # "a few MB in all": 6.1 MB for the seven files, 1.3 MB of it the conditional GAN


def test_unknown_name_lists_the_available_ones():
    with pytest.raises(ValueError, match=r"ae_mnist_d3.*available.*ae_mnist_d2.*ae_mnist_d32"):
        pretrained.load("ae_mnist_d3")


@pytest.fixture
def weights_copy(tmp_path, monkeypatch):
    """A private copy of the shipped weights, so tests can damage files safely."""
    folder = tmp_path / "weights"
    shutil.copytree(pretrained.WEIGHTS_DIR, folder)
    monkeypatch.setattr(pretrained, "WEIGHTS_DIR", folder)
    monkeypatch.setattr(pretrained, "MANIFEST", folder / "manifest.json")
    return folder


def test_corrupted_file_raises_weights_error(weights_copy):
    path = weights_copy / "ae_mnist_d2.pt"
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF  # flip one byte
    path.write_bytes(bytes(data))
    with pytest.raises(pretrained.WeightsError, match="corrupt.*rebuild ae_mnist_d2"):
        pretrained.load("ae_mnist_d2")


def test_missing_file_raises_weights_error(weights_copy):
    (weights_copy / "ae_mnist_d32.pt").unlink()
    with pytest.raises(pretrained.WeightsError, match="missing"):
        pretrained.load("ae_mnist_d32")


def test_save_and_load_round_trip(weights_copy):
    model = ConvAutoencoder(latent_dim=3, channels=[4, 8], hidden=0).eval()
    pretrained.save(model, "tiny_test_ae", "a test model")
    loaded = pretrained.load("tiny_test_ae")
    x = torch.rand(2, 1, 28, 28)
    assert torch.equal(loaded(x), model(x)) and loaded.config == model.config
    assert "ae_mnist_d2" in pretrained.available()  # saving one entry keeps the others


def test_a_save_that_fails_halfway_leaves_the_old_file_and_manifest(weights_copy, monkeypatch):
    before = (weights_copy / "ae_mnist_d2.pt").read_bytes(), (weights_copy / "manifest.json").read_text()
    real_save = torch.save

    def save_half_then_fail(obj, path):
        real_save(obj, path)
        Path(path).write_bytes(Path(path).read_bytes()[:1000])  # the disk fills up
        raise OSError("No space left on device")

    monkeypatch.setattr(torch, "save", save_half_then_fail)
    with pytest.raises(OSError, match="No space"):
        pretrained.save(ConvAutoencoder(latent_dim=2), "ae_mnist_d2", "overwritten?")
    assert (weights_copy / "ae_mnist_d2.pt").read_bytes() == before[0]
    assert (weights_copy / "manifest.json").read_text() == before[1]
    assert pretrained.load("ae_mnist_d2").latent_dim == 2  # still loads, checksum and all
    assert sorted(p.name for p in weights_copy.iterdir() if p.name.startswith(".")) == []  # no leftovers


def test_saved_file_is_the_same_bytes_as_a_direct_torch_save(weights_copy, tmp_path):
    # Staging must not change the file: torch names the archive inside after the file's name.
    model = ConvAutoencoder(latent_dim=3, channels=[4, 8], hidden=0)
    path = pretrained.save(model, "tiny_test_ae", "a test model")
    direct = tmp_path / "tiny_test_ae.pt"
    torch.save(torch.load(path, weights_only=True), direct)
    assert path.read_bytes() == direct.read_bytes()


@pytest.mark.parametrize("name", ["../escaped", "a/b", "", "dots.pt", None, 3])
def test_save_refuses_names_that_are_not_plain_file_names(weights_copy, name):
    with pytest.raises(ValueError, match="name must be letters, digits and underscores"):
        pretrained.save(ConvAutoencoder(latent_dim=2), name, "bad")
