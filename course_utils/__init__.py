"""course_utils: the small library behind the course "Autoencoders & GANs, hands-on".

Each module does one job, named by the module:

- ``data``: MNIST and the 2-D toy distributions;  ``corruption``: noise and non-digits;
- ``models``: the networks;  ``configs``: the settings of every training run;
- ``training``: ``fit`` (autoencoders, VAEs) and ``train_classifier``;  ``vae``: the ELBO;
- ``gan``: the GAN losses, the one shared step ``gan_step`` and ``train_dcgan``;  ``gan2d``: the 2-D game;
- ``latent``: paths, inversion, class means and sampling in a latent space;
- ``metrics``: everything the course measures;  ``checks``: the exercises' self-checks;
- ``raster``: pixels to PNG;  ``plotting``: matplotlib figures;  ``game``: the 2-D game as a picture;
  ``widgets``: the interactive panels;
- ``pretrained``: the shipped weights;  ``recipes``: the scripts that rebuild them;
- ``_validate``: the argument checks of the public entry points.

This file sets a notebook up (``setup``, ``threads``, ``pick_device``). Nothing here touches the network
at import time.
"""
from __future__ import annotations

import contextlib
import os
import platform
import random
import sys

import numpy as np
import torch

__version__ = "0.1.0"

__all__ = ["setup", "lesson_seed", "threads", "in_colab", "pick_device", "environment_summary", "too_old_libraries",
           "__version__"]

# For torch, 1, 2 and 4 threads give bit-identical results on CPU (3 or 16 do not); scikit-learn's t-SNE
# does not (1 and 2 threads give other layouts). So a fixed 2 keeps printed numbers and pictures the same on
# a 2-core laptop, a 4-core CI machine and Colab.
DEFAULT_THREADS = 2


def in_colab() -> bool:
    """True when running inside Google Colab."""
    return "google.colab" in sys.modules or "COLAB_RELEASE_TAG" in os.environ


def pick_device() -> torch.device:
    """The best available device: cuda, then mps (Apple), then cpu."""
    if torch.cuda.is_available():
        return torch.device("cuda")
    mps = getattr(torch.backends, "mps", None)
    if mps is not None and mps.is_available():
        return torch.device("mps")
    return torch.device("cpu")


def environment_summary(device: torch.device, seed: int, threads: int) -> str:
    """One line describing the environment, e.g. for the top of a notebook."""
    where = "Colab" if in_colab() else platform.system()
    return (
        f"Environment: course_utils {__version__} | Python {platform.python_version()} | "
        f"torch {torch.__version__} | {where} | device {device.type} | {threads} threads | seed {seed}"
    )


# The oldest release of each library that has what the lessons call (requirements.txt, pyproject.toml and
# environment.yml carry the same bounds).
MINIMUM_VERSIONS = {
    "scikit-learn": ("1.5", "PCA(svd_solver='covariance_eigh') and TSNE(max_iter=...)"),
    "torch": ("1.13", "torch.load(..., weights_only=True) for the shipped weights"),
    "ipywidgets": ("7.7", "the widgets, written for ipywidgets 7.7 and 8"),
}


def too_old_libraries() -> list[str]:
    """One sentence for each installed library older than the course needs (or missing); empty when all
    are new enough. Notebook 00 prints them."""
    from importlib import metadata

    from packaging.version import Version  # matplotlib and Jupyter depend on it, so it is always there

    problems = []
    for name, (needed, why) in MINIMUM_VERSIONS.items():
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            problems.append(f"{name} is not installed; the course needs {name} >= {needed} for {why}")
            continue
        if Version(installed) < Version(needed):
            problems.append(f"{name} {installed} is too old: the course needs {name} >= {needed} for {why} "
                            f"(pip install -U '{name}>={needed}')")
    return problems


def lesson_seed() -> int:
    """The seed a lesson runs with: 0, the one every student and the committed outputs share, unless the
    environment variable ``COURSE_SEED`` names another (``%env COURSE_SEED=1``, then restart and run all).

    A second seed shows which of a lesson's results are chance: its numbers move, while the ``claim:``
    lines it prints (``course_utils.claims``) should not. CI reruns the lessons with ``COURSE_SEED=1``.
    """
    from ._validate import seed as validate_seed

    text = os.environ.get("COURSE_SEED", "").strip()
    if not text:
        return 0
    try:
        value = int(text)
    except ValueError:
        raise ValueError(f"the environment variable COURSE_SEED must be a whole number such as 1, "
                         f"got {text!r}") from None
    return validate_seed(value, "COURSE_SEED")


def setup(seed: int = 0, *, threads: int = DEFAULT_THREADS, verbose: bool = True) -> torch.device:
    """Make a notebook reproducible and return the device to train on.

    Seeds Python's ``random``, NumPy and torch (all devices), fixes the CPU thread count so results do
    not depend on the number of cores: torch's, and, with ``threadpoolctl.threadpool_limits``, the BLAS and
    OpenMP thread pools that NumPy, SciPy and scikit-learn use (t-SNE's layout changes with its OpenMP
    thread count). It makes cuDNN deterministic (a GPU run repeats itself, though its numbers differ from
    the CPU's), picks cuda > mps > cpu, and prints one line.
    """
    from ._validate import integer
    from ._validate import seed as validate_seed

    seed, threads = validate_seed(seed), integer(threads, "threads")
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)  # also seeds every CUDA device
    torch.backends.cudnn.deterministic = True  # cuDNN's default backward passes differ from run to run
    torch.backends.cudnn.benchmark = False
    torch.set_num_threads(threads)
    # threadpool_limits reaches only the libraries loaded so far; importing scikit-learn loads its OpenMP
    # runtime and SciPy's BLAS. Called as a function (not a with-block), the limit stays.
    import sklearn  # noqa: F401
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=threads)
    device = pick_device()
    if verbose:
        print(environment_summary(device, seed, threads))
    return device


@contextlib.contextmanager
def threads(n: int = 1):
    """Run the ``with`` block on ``n`` torch CPU threads, then restore the previous count.

    Small work (2-D GAN steps, one widget redraw) is slower split over threads, and on a busy machine a
    waiting thread costs far more. Shipped-weight recipes pin 1 thread because convolutions give
    different last bits with 1 and 2 threads, so the rebuilt files match on every machine.
    """
    from ._validate import integer

    n = integer(n, "n (threads)")
    before = torch.get_num_threads()
    torch.set_num_threads(n)
    try:
        yield
    finally:
        torch.set_num_threads(before)
