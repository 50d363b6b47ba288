import math

import pytest
import torch

from course_utils.gan import class_entropy_loss, discriminator_loss, generator_loss
from course_utils.metrics import classifier_score
from course_utils.training import TrainingDiverged, check_finite


def test_losses_match_the_minimax_value():
    real, fake = torch.randn(64), torch.randn(64)
    d_real, d_fake = torch.sigmoid(real), torch.sigmoid(fake)
    value = torch.log(d_real).mean() + torch.log(1 - d_fake).mean()  # V(D, G)
    assert torch.allclose(discriminator_loss(real, fake), -value, atol=1e-5)
    assert torch.allclose(generator_loss(fake, "minimax"), torch.log(1 - d_fake).mean(), atol=1e-5)
    assert torch.allclose(generator_loss(fake, "non-saturating"), -torch.log(d_fake).mean(), atol=1e-5)


def test_minimax_generator_gradient_vanishes_when_d_wins():
    # D rejects the fakes confidently (logit -8): the minimax loss gives G almost no gradient.
    grads = {}
    for kind in ("minimax", "non-saturating"):
        logits = torch.full((16,), -8.0, requires_grad=True)
        generator_loss(logits, kind).backward()
        grads[kind] = logits.grad.abs().sum().item()
    assert grads["minimax"] < 1e-3 < 0.5 < grads["non-saturating"]


def test_unknown_loss_lists_the_choices():
    with pytest.raises(ValueError, match="minimax.*non-saturating"):
        generator_loss(torch.zeros(3), "wasserstein")


def test_check_finite_stops_with_advice():
    check_finite(torch.tensor(0.5), step=1)
    with pytest.raises(TrainingDiverged, match="nan at step 7.*learning rate"):
        check_finite(torch.tensor(float("nan")), step=7)


def test_class_entropy_loss_rewards_confident_balanced_classes():
    confident = 20.0 * torch.eye(10).repeat(5, 1)  # 50 samples, each surely one digit, 5 of each
    assert class_entropy_loss(confident).item() == pytest.approx(-math.log(10), abs=1e-4)  # the best value
    assert class_entropy_loss(torch.zeros(50, 10)).item() == pytest.approx(0.0, abs=1e-6)  # every sample unsure
    assert class_entropy_loss(confident[::10]).item() == pytest.approx(0.0, abs=1e-4)  # sure, but all zeros
    logits = torch.randn(200, 10) * 3
    score = classifier_score(logits.softmax(1))  # the same quantity, as the course measures it
    assert class_entropy_loss(logits).item() == pytest.approx(-math.log(score), abs=1e-4)
    with pytest.raises(ValueError, match=r"\(B, K\)"):
        class_entropy_loss(torch.randn(10))
