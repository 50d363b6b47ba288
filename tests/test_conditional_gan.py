"""The class-conditional GAN: G(z, digit) and D(x, digit), trained with labels as inputs (notebook 05)."""
import pytest
import torch
from fake_digits import two_kinds

from course_utils import pretrained
from course_utils.configs import GAN_CONDITIONAL_ARCH
from course_utils.gan import gan_step, train_dcgan
from course_utils.latent import sample
from course_utils.models import DCGANDiscriminator, DCGANGenerator
from course_utils.widgets import digit_picker


def test_conditional_generator_draws_the_digit_it_is_given():
    torch.manual_seed(0)
    g = DCGANGenerator(latent_dim=8, channels=8, label_classes=10).eval()
    z = torch.randn(4, 8)
    with torch.no_grad():
        sevens, ones = g.decode(z, torch.full((4,), 7)), g.decode(z, torch.ones(4, dtype=torch.long))
    assert sevens.shape == (4, 1, 28, 28) and 0 <= float(sevens.min()) and float(sevens.max()) <= 1
    assert not torch.equal(sevens, ones)  # the label is an input
    assert DCGANGenerator(**g.config).config == g.config  # what pretrained.save stores rebuilds it
    with pytest.raises(ValueError, match="class-conditional: pass labels"):
        g.decode(z)
    with pytest.raises(ValueError, match=r"classes in \[0, 9\]"):
        g.decode(z, torch.full((4,), 10))
    with pytest.raises(ValueError, match="not class-conditional"):
        DCGANGenerator(latent_dim=8, channels=8)(z, torch.zeros(4, dtype=torch.long))


def test_unconditional_models_keep_their_saved_config():
    # The shipped unconditional files were saved without label_classes; rebuilding them must give the same bytes.
    assert "label_classes" not in DCGANGenerator(latent_dim=8, channels=8).config
    assert "label_classes" not in DCGANDiscriminator(channels=8).config


def test_conditional_discriminator_starts_unconditional_and_projects_the_label():
    torch.manual_seed(0)
    d = DCGANDiscriminator(channels=8, label_classes=2).eval()
    x, y = two_kinds(4)
    assert torch.allclose(d(x, y), d(x, 1 - y))  # the label's directions start at zero
    with torch.no_grad():
        d.embed.weight[1] = 1.0
    assert not torch.allclose(d(x, y), d(x, 1 - y))
    with pytest.raises(ValueError, match="class-conditional: pass labels"):
        d(x)


def test_conditional_step_learns_which_image_goes_with_which_label():
    torch.manual_seed(0)
    g, d = DCGANGenerator(latent_dim=8, channels=8, label_classes=2), DCGANDiscriminator(channels=8, label_classes=2)
    x, y = two_kinds(64)
    history = train_dcgan(g, d, x, labels=y, epochs=30, batch_size=16, lr=2e-3, progress=False)
    assert "class_accuracy" not in history  # no class head: the labels were inputs
    g.eval()
    with torch.no_grad():
        images = g.decode(torch.randn(32, 8), torch.arange(32) % 2)
    # How much more vertical than horizontal each image is: +0.8 for a vertical bar, -0.8 for a horizontal one.
    vertical = images[:, 0, 4:24, 12:16].mean((1, 2)) - images[:, 0, 12:16, 4:24].mean((1, 2))
    # The same noise, label 0 against label 1: the label decides the drawing (0.5-0.7 on seeds 0-1).
    assert float(vertical[0::2].mean() - vertical[1::2].mean()) > 0.3


def test_conditional_training_checks_its_partners():
    g = DCGANGenerator(latent_dim=8, channels=8, label_classes=2)
    x, y = two_kinds(32)
    with pytest.raises(ValueError, match="trained with labels"):
        train_dcgan(g, DCGANDiscriminator(channels=8, label_classes=2), x, epochs=1, batch_size=16, progress=False)
    with pytest.raises(ValueError, match="label_classes=2"):
        train_dcgan(g, DCGANDiscriminator(channels=8), x, labels=y, epochs=1, batch_size=16, progress=False)


def test_snapshots_of_a_conditional_generator_cycle_through_the_digits():
    torch.manual_seed(0)
    g, d = DCGANGenerator(latent_dim=8, channels=8, label_classes=2), DCGANDiscriminator(channels=8, label_classes=2)
    x, y = two_kinds(32)
    h = train_dcgan(g, d, x, labels=y, epochs=1, batch_size=16, fixed_z=torch.randn(4, 8), snapshots=2,
                    ema=0.5, progress=False)
    assert [s for s, _ in h["snapshots"]] == [1, 2] and h["snapshots"][0][1].shape == (4, 1, 28, 28)


def test_r1_penalty_is_the_squared_gradient_on_real_data():
    # A linear D, logit = w . x + b, has grad_x = w everywhere, so the penalty is ||w||^2.
    torch.manual_seed(0)
    g, d = torch.nn.Linear(2, 2), torch.nn.Linear(2, 1)
    disc = lambda x: d(x)[:, 0]  # noqa: E731
    opt_g, opt_d = torch.optim.SGD(g.parameters(), lr=0.0), torch.optim.SGD(d.parameters(), lr=0.0)
    out = gan_step(g, disc, opt_g, opt_d, torch.randn(8, 2), torch.randn(8, 2), r1=10.0)
    assert out["r1"] == pytest.approx(float(d.weight.detach().pow(2).sum()), rel=1e-6)
    plain = gan_step(g, disc, opt_g, opt_d, torch.randn(8, 2), torch.randn(8, 2))
    assert "r1" not in plain


def test_sample_draws_the_same_styles_for_every_digit():
    torch.manual_seed(0)
    g = DCGANGenerator(latent_dim=8, channels=8, label_classes=10)
    threes, also = sample(g, 6, seed=3, labels=3), sample(g, 6, seed=3, labels=torch.full((6,), 3))
    assert torch.equal(threes, also)
    with torch.no_grad():
        by_hand = g.decode(torch.randn(6, 8, generator=torch.Generator().manual_seed(3)), torch.full((6,), 3))
    assert torch.equal(threes, by_hand)
    with pytest.raises(ValueError, match="not class-conditional"):
        sample(DCGANGenerator(latent_dim=8, channels=8), 6, labels=3)
    with pytest.raises(ValueError, match=r"labels \(a digit\)"):
        sample(g, 6, labels=12)


def test_digit_picker_redraws_for_the_chosen_digit_and_refuses_unconditional_generators():
    torch.manual_seed(0)
    g = DCGANGenerator(latent_dim=8, channels=8, label_classes=10)
    panel = digit_picker(g, digit=2, n=8)
    before = bytes(panel.view.value)
    assert repr(panel) == "<digit picker widget>" and before.startswith(b"\x89PNG")
    panel.controls["digit"].value = 5
    assert bytes(panel.view.value) != before and "G(z, 5)" in panel.caption.value
    panel.controls["digit"].value = 2
    assert bytes(panel.view.value) == before  # same noise seed, same digit: the same picture
    panel.controls["noise"].value = 1
    assert bytes(panel.view.value) != before
    with pytest.raises(ValueError, match="class-conditional generator"):
        digit_picker(DCGANGenerator(latent_dim=8, channels=8))
    with pytest.raises(ValueError, match=r"digit must be an int in \[0, 9\]"):
        digit_picker(g, digit=10)


def test_shipped_conditional_generator_matches_its_recipe_and_draws_digits():
    if "gan_mnist_conditional" not in pretrained.available():
        pytest.skip("gan_mnist_conditional not shipped")
    g = pretrained.load("gan_mnist_conditional")
    assert g.config == {**GAN_CONDITIONAL_ARCH.generator.build().config}
    judge = pretrained.load("mnist_classifier")
    from course_utils.metrics import predict

    labels = torch.arange(200) % 10
    probs, _ = predict(judge, sample(g, 200, seed=0, labels=labels))
    assert float((probs.argmax(1) == labels).float().mean()) > 0.8  # it draws the digits it is asked for
