import random

import numpy as np
import pytest
import torch

import course_utils


def test_setup_seeds_everything_and_fixes_threads(capsys):
    device = course_utils.setup(seed=123)
    first = (random.random(), np.random.rand(), torch.rand(1).item())
    course_utils.setup(seed=123)
    assert (random.random(), np.random.rand(), torch.rand(1).item()) == first
    assert torch.get_num_threads() == course_utils.DEFAULT_THREADS
    assert device.type in ("cpu", "cuda", "mps")
    line = capsys.readouterr().out.strip().splitlines()[-1]
    assert line.startswith("Environment:") and "seed 123" in line and f"torch {torch.__version__}" in line


def test_setup_thread_count_is_configurable():
    course_utils.setup(seed=0, threads=1, verbose=False)
    assert torch.get_num_threads() == 1


@pytest.mark.parametrize("n", [1, 2])
def test_setup_pins_the_blas_and_openmp_pools_numpy_and_scikit_learn_use(n):
    """t-SNE (scikit-learn's OpenMP) and NumPy's BLAS run on the thread count setup was given, too."""
    from threadpoolctl import threadpool_info

    course_utils.setup(seed=0, threads=n, verbose=False)
    pools = threadpool_info()
    assert any("scikit_learn" in pool["filepath"] and pool["user_api"] == "openmp" for pool in pools)
    assert any(pool["user_api"] == "blas" for pool in pools)
    assert {pool["num_threads"] for pool in pools} == {n}
    course_utils.setup(seed=0, verbose=False)  # back to the default for the other tests


@pytest.mark.parametrize("kwargs", [{"seed": -1}, {"seed": 1.5}, {"seed": 0, "threads": 0}])
def test_setup_rejects_bad_values(kwargs):
    with pytest.raises(ValueError):
        course_utils.setup(**kwargs)


def test_in_colab_false_here(monkeypatch):
    monkeypatch.delenv("COLAB_RELEASE_TAG", raising=False)
    assert course_utils.in_colab() is False
    monkeypatch.setenv("COLAB_RELEASE_TAG", "release-colab-2026")
    assert course_utils.in_colab() is True


def test_threads_context_restores_the_count_even_on_error():
    course_utils.setup(seed=0, verbose=False)
    with pytest.raises(RuntimeError):
        with course_utils.threads(1):
            assert torch.get_num_threads() == 1
            raise RuntimeError("inside")
    assert torch.get_num_threads() == course_utils.DEFAULT_THREADS


def test_notebook_00_names_a_library_too_old_for_the_course(monkeypatch):
    """scikit-learn 1.4 lacks PCA(svd_solver="covariance_eigh") and TSNE(max_iter=...): say so, by name."""
    from importlib import metadata

    import course_utils

    assert course_utils.too_old_libraries() == []  # this environment is the one the course pins
    real = metadata.version
    monkeypatch.setattr(metadata, "version", lambda name: "1.4.2" if name == "scikit-learn" else real(name))
    [problem] = course_utils.too_old_libraries()
    assert "scikit-learn 1.4.2 is too old" in problem and ">= 1.5" in problem and "covariance_eigh" in problem
    monkeypatch.setattr(metadata, "version", lambda name: "1.10.0" if name == "scikit-learn" else real(name))
    assert course_utils.too_old_libraries() == []  # 1.10 is newer than 1.5: compared as numbers, not text
