import math

import pytest
import torch

from course_utils.latent import class_means, codes_of, invert, lerp, path, slerp
from course_utils.metrics import hole_fraction
from course_utils.models import DCGANGenerator, MLPAutoencoder


def test_lerp_and_slerp_start_and_end_at_the_two_codes():
    z0, z1 = torch.randn(8), torch.randn(8)
    ts = torch.linspace(0, 1, 5)
    for walk in (lerp, slerp):
        points = walk(z0, z1, ts)
        assert points.shape == (5, 8)
        assert torch.allclose(points[0], z0, atol=1e-5) and torch.allclose(points[-1], z1, atol=1e-5)
        assert walk(z0, z1, 0.25).shape == (8,)


def test_slerp_stays_on_the_sphere_where_lerp_cuts_through_it():
    z0, z1 = torch.tensor([1.0, 0.0]), torch.tensor([0.0, 1.0])
    assert slerp(z0, z1, 0.5).norm() == pytest.approx(1.0, abs=1e-6)
    assert lerp(z0, z1, 0.5).norm() == pytest.approx(math.sqrt(0.5), abs=1e-6)


def test_slerp_norm_stays_above_the_shorter_end_only_when_the_angle_is_not_obtuse():
    """The docstring's claim (notebook 06, solution 3): acute or right angle, never below the shorter end's
    norm; an obtuse angle can dip below it."""
    t = torch.linspace(0, 1, 101)
    pairs = torch.randn(300, 2, 16, generator=torch.Generator().manual_seed(0))
    for z0, z1 in pairs:
        if torch.dot(z0, z1) >= 0:
            assert slerp(z0, z1, t).norm(dim=1).min() >= min(z0.norm(), z1.norm()) - 1e-5
    z0, z1 = torch.tensor([1.0, 0.0]), 2 * torch.tensor([math.cos(2.5), math.sin(2.5)])  # obtuse, norms 1 and 2
    assert slerp(z0, z1, t).norm(dim=1).min() < 1 - 1e-3


def test_slerp_of_parallel_codes_falls_back_to_lerp():
    z0 = torch.tensor([1.0, 2.0])
    points = slerp(z0, 3 * z0, torch.linspace(0, 1, 3))
    assert torch.isfinite(points).all() and torch.allclose(points[1], 2 * z0)


def test_bad_path_arguments_name_what_is_accepted():
    with pytest.raises(ValueError, match="linear.*spherical"):
        path(torch.zeros(2), torch.ones(2), 0.5, kind="curvy")
    with pytest.raises(ValueError, match="same length"):
        lerp(torch.zeros(2), torch.ones(3), 0.5)


def test_class_means_and_missing_classes():
    codes = torch.tensor([[0.0, 0.0], [2.0, 2.0], [10.0, 0.0]])
    labels = torch.tensor([0, 0, 1])
    assert torch.equal(class_means(codes, labels, classes=2), torch.tensor([[1.0, 1.0], [10.0, 0.0]]))
    with pytest.raises(ValueError, match=r"none for \[2\]"):
        class_means(codes, labels, classes=3)


def test_invert_finds_codes_of_a_generators_own_images():
    torch.manual_seed(0)
    generator = DCGANGenerator(latent_dim=8, channels=8).eval()
    with torch.no_grad():
        generator.net[-2].weight.mul_(30)  # untrained, it draws flat gray; now the code matters
        targets = generator.decode(torch.randn(3, 8))
        random_fit = ((generator.decode(torch.randn(3, 8)) - targets) ** 2).mean()
    z = invert(generator, targets, steps=30, candidates=32)
    with torch.no_grad():
        fit = ((generator.decode(z) - targets) ** 2).mean()
    assert z.shape == (3, 8) and fit < 0.5 * random_fit
    assert torch.equal(z, invert(generator, targets, steps=30, candidates=32))  # same seed, same codes


def test_codes_of_uses_the_encoder_when_there_is_one():
    model = MLPAutoencoder(latent_dim=2).eval()
    x = torch.rand(4, 1, 28, 28)
    assert torch.equal(codes_of(model, x), model.encode(x).detach())


def test_hole_fraction():
    codes = torch.rand(200, 2)
    assert hole_fraction(codes[:50] + 1e-4, codes) == 0.0
    assert hole_fraction(torch.full((10, 2), 5.0), codes) == 1.0
