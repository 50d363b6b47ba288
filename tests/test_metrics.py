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


# --- mode_balance: the target that a collapsed generator must not pass -----------------------------------

def test_real_samples_are_balanced_and_as_wide_as_the_data():
    from course_utils.metrics import meets_coverage_target, mode_balance
    for name in ("ring8", "grid25"):
        result = mode_balance(sample_2d(name, 2500, seed=1), name)
        assert result["balance"] > 0.99 and result["jsd_uniform"] < 0.005
        # per-axis std of a 2-D Gaussian cut at 3 sigma: sqrt(1 - 4.5 e^-4.5 / (1 - e^-4.5)) = 0.974
        assert result["spread"] == pytest.approx(0.974, abs=0.03)
        assert meets_coverage_target(result, name)


def test_samples_piled_on_one_mode_are_unbalanced_though_every_mode_is_hit():
    from course_utils.metrics import meets_coverage_target, mode_balance
    m = mixture("ring8")
    which = [0] * 2493 + list(range(1, 8))
    samples = m.modes[which] + m.std * torch.randn(2500, 2, generator=torch.Generator().manual_seed(0))
    result = mode_balance(samples, "ring8")
    modes, hq = mode_coverage(samples, "ring8")
    assert result["modes"] == modes == 8 and result["high_quality"] == hq > 0.97  # the old target passes
    assert result["balance"] < 0.05 and result["jsd_uniform"] > 0.4
    assert not meets_coverage_target(result, "ring8")


def test_each_mode_squeezed_to_a_point_is_narrow_though_balanced():
    from course_utils.metrics import meets_coverage_target, mode_balance
    m = mixture("ring8")
    samples = m.modes.repeat(313, 1)[:2500] + 0.1 * m.std * torch.randn(2500, 2, generator=torch.Generator().manual_seed(0))
    result = mode_balance(samples, "ring8")
    assert result["modes"] == 8 and result["high_quality"] == 1.0 and result["balance"] > 0.999
    assert result["spread"] == pytest.approx(0.1, abs=0.02)
    assert not meets_coverage_target(result, "ring8")


def test_balance_counts_missing_modes_and_high_quality_samples_only():
    from course_utils.metrics import mode_balance
    m = mixture("ring8")
    half = m.modes[[0, 1, 2, 3] * 50]                     # four modes, evenly
    far = torch.full((200, 2), 5.0)                       # far from every mode: ignored
    result = mode_balance(torch.cat([half, far]), "ring8")
    assert result["modes"] == 4 and result["high_quality"] == pytest.approx(0.5)
    assert result["balance"] == pytest.approx(np.log(4) / np.log(8))
    assert result["spread"] == 0.0
    nothing = mode_balance(far, "ring8")
    assert nothing["modes"] == 0 and nothing["balance"] == 0.0 and np.isnan(nothing["spread"])
    assert nothing["jsd_uniform"] > 0.4  # no sample on any mode is the worst share, not an even one
