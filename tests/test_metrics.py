import numpy as np
import pytest
import torch

from course_utils.data import mixture, sample_2d
from course_utils.metrics import mode_coverage


def test_real_samples_hit_every_mode():
    # For a 2-D Gaussian, P(|x - mu| <= 3 sigma) = 1 - exp(-9/2) = 0.9889: the ceiling for any GAN.
    for name, k in (("ring8", 8), ("grid25", 25)):
        modes, hq = mode_coverage(sample_2d(name, 2500, seed=0), name)
        assert modes == k
        assert hq == pytest.approx(1 - np.exp(-4.5), abs=0.01)


def test_all_samples_on_one_mode():
    m = mixture("grid25")
    samples = m.modes[7].repeat(100, 1) + 0.01 * torch.randn(100, 2)
    assert mode_coverage(samples, "grid25") == (1, 1.0)


def test_samples_between_modes_are_low_quality():
    # Midway between ring modes: 0.38 away from the nearest, far beyond 3 * 0.01.
    angles = torch.arange(8) * (2 * np.pi / 8) + np.pi / 8
    between = torch.stack([torch.cos(angles), torch.sin(angles)], dim=1)
    assert mode_coverage(between, "ring8") == (0, 0.0)


def test_three_sigma_boundary_and_numpy_input():
    m = mixture("ring8")
    inside = m.modes[0] + torch.tensor([2.9 * m.std, 0.0])
    outside = m.modes[1] + torch.tensor([0.0, 3.1 * m.std]) @ torch.eye(2)
    samples = np.stack([inside.numpy(), outside.numpy()])
    modes, hq = mode_coverage(samples, "ring8")
    assert modes == 1 and hq == pytest.approx(0.5)


@pytest.mark.parametrize("bad", [torch.zeros(10, 3), torch.zeros(10), torch.zeros(0, 2)])
def test_bad_shapes(bad):
    with pytest.raises(ValueError, match=r"\(N, 2\)|empty"):
        mode_coverage(bad, "ring8")


def test_unknown_mixture():
    with pytest.raises(ValueError, match="mixtures are"):
        mode_coverage(torch.zeros(4, 2), "spiral")
