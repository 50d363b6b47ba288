import pytest
import torch
from fake_digits import bars, two_kinds

from course_utils import pretrained
from course_utils.gan import ShiftedInputs, gan_step, recalibrate_batch_norm, train_dcgan
from course_utils.models import DCGANDiscriminator, DCGANGenerator
from course_utils.configs import GAN_ARCH, DiscriminatorArch, GANArch, GANFit
from course_utils.recipes import train_gan_mnist
from course_utils.training import TrainingDiverged


def test_generator_decodes_noise_to_images_in_unit_range():
    g = DCGANGenerator(latent_dim=8, channels=8).eval()
    with torch.no_grad():
        x = g.decode(torch.randn(5, 8))
    assert x.shape == (5, 1, 28, 28)
    assert float(x.min()) >= 0.0 and float(x.max()) <= 1.0
    assert g.latent_dim == 8 and g.config == {"latent_dim": 8, "channels": 8, "final_maps": 0}


def test_generator_with_28x28_feature_maps_draws_from_them():
    g = DCGANGenerator(latent_dim=8, channels=8, final_maps=4).eval()
    maps = [m for m in g.net if isinstance(m, torch.nn.BatchNorm2d)][-1]
    assert maps.num_features == 4
    with torch.no_grad():
        x = g.decode(torch.randn(5, 8))
    assert x.shape == (5, 1, 28, 28) and float(x.min()) >= 0.0 and float(x.max()) <= 1.0
    assert DCGANGenerator(**g.config).config == g.config  # what pretrained.save stores rebuilds it
    with pytest.raises(ValueError, match="final_maps"):
        DCGANGenerator(latent_dim=8, channels=8, final_maps=-1)


def test_decode_with_wrong_latent_size_names_the_expected_size():
    g = DCGANGenerator(latent_dim=8, channels=8)
    with pytest.raises(ValueError, match=r"\(N, 8\)"):
        g.decode(torch.randn(5, 3))
    with pytest.raises(ValueError, match=r"\(N, 8\)"):
        g.decode(torch.randn(8))


def test_discriminator_returns_one_logit_per_image_and_checks_shape():
    d = DCGANDiscriminator(channels=8)
    assert d(bars(4)).shape == (4,)
    with pytest.raises(ValueError, match=r"\(N, 1, 28, 28\)"):
        d(torch.rand(4, 28, 28))


def test_class_head_names_digits_without_changing_the_real_fake_logit():
    torch.manual_seed(0)
    plain = DCGANDiscriminator(8).eval()
    torch.manual_seed(0)
    d = DCGANDiscriminator(8, num_classes=10).eval()
    x = bars(4)
    logits, classes = d.forward_with_classes(x)
    assert logits.shape == (4,) and classes.shape == (4, 10)
    assert torch.equal(logits, d(x)) and torch.equal(d(x), plain(x))  # same seed, same real/fake layers
    assert d.config == {"channels": 8, "num_classes": 10}
    with pytest.raises(ValueError, match="no class head"):
        plain.forward_with_classes(x)
    with pytest.raises(ValueError, match="num_classes"):
        DCGANDiscriminator(8, num_classes=1)


def test_labelled_step_asks_the_generator_for_nameable_samples():
    updated = []
    for weight in (0.0, 1.0):
        torch.manual_seed(0)
        g, d = DCGANGenerator(8, 8), DCGANDiscriminator(8, num_classes=2)
        opt_g, opt_d = torch.optim.Adam(g.parameters(), 1e-3), torch.optim.Adam(d.parameters(), 1e-3)
        x, y = two_kinds(16)
        out = gan_step(g, d, opt_g, opt_d, x, torch.randn(16, 8), labels=y, class_weight=weight)
        updated.append([p.detach().clone() for p in g.parameters()])
    assert set(out) == {"loss_d", "loss_g", "d_real", "d_fake", "class_accuracy"}
    assert 0.0 <= out["class_accuracy"] <= 1.0
    assert any(not torch.equal(a, b) for a, b in zip(*updated))  # the class term reaches G


def test_training_with_labels_teaches_d_the_classes_and_checks_them():
    x, y = two_kinds(64)
    torch.manual_seed(0)
    g, d = DCGANGenerator(8, 8), DCGANDiscriminator(8, num_classes=2)
    history = train_dcgan(g, d, x, labels=y, epochs=8, batch_size=16, lr=2e-3, shift=2, progress=False)
    assert len(history["class_accuracy"]) == len(history["loss_d"]) == 32
    assert sum(history["class_accuracy"][-4:]) / 4 > 0.9  # D tells vertical from horizontal bars
    with pytest.raises(ValueError, match="class head"):
        train_dcgan(g, DCGANDiscriminator(8), x, labels=y, epochs=1, batch_size=16, progress=False)
    with pytest.raises(ValueError, match=r"shape \(64,\)"):
        train_dcgan(g, d, x, labels=y[:10], epochs=1, batch_size=16, progress=False)
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        train_dcgan(g, d, x, labels=y + 1, epochs=1, batch_size=16, progress=False)
    with pytest.raises(ValueError, match="class_weight"):
        train_dcgan(g, d, x, labels=y, class_weight=-1.0, epochs=1, batch_size=16, progress=False)


def test_an_unused_class_head_leaves_training_without_labels_unchanged():
    # gan_mnist's first stage is gan_mnist_unlabelled's run: the class head only joins in with labels.
    runs = []
    for num_classes in (0, 2):
        torch.manual_seed(0)
        g, d = DCGANGenerator(8, 8), DCGANDiscriminator(8, num_classes=num_classes)
        train_dcgan(g, d, bars(64), epochs=2, batch_size=16, shift=2, progress=False)
        runs.append(g.state_dict())
    assert all(torch.equal(runs[0][key], runs[1][key]) for key in runs[0])


def test_two_stage_recipe_runs_end_to_end_and_needs_a_class_head():
    # A dry run of gan_mnist's recipe code (4 steps per stage instead of thousands).
    quick = GANFit(epochs=1, batch_size=1000)
    arch = GANArch(GAN_ARCH.generator, DiscriminatorArch(GAN_ARCH.discriminator.channels, num_classes=10))
    generator = train_gan_mnist(quick, arch, labelled=GANFit(epochs=1, batch_size=1000, ema=0.5, class_weight=3.0))
    images = generator.decode(torch.randn(3, arch.generator.latent_dim))
    assert images.shape == (3, 1, 28, 28) and 0.0 <= images.min() and images.max() <= 1.0
    with pytest.raises(ValueError, match="class head"):  # before the first stage, not after it
        train_gan_mnist(GANFit(epochs=10_000), GAN_ARCH, labelled=quick)


def test_one_step_updates_both_players_and_reports_probabilities():
    torch.manual_seed(0)
    g, d = DCGANGenerator(8, 8), DCGANDiscriminator(8)
    before_g = [p.clone() for p in g.parameters()]
    before_d = [p.clone() for p in d.parameters()]
    opt_g = torch.optim.Adam(g.parameters(), 1e-3)
    opt_d = torch.optim.Adam(d.parameters(), 1e-3)
    out = gan_step(g, d, opt_g, opt_d, bars(16), torch.randn(16, 8))
    assert set(out) == {"loss_d", "loss_g", "d_real", "d_fake"}
    assert 0.0 < out["d_real"] < 1.0 and 0.0 < out["d_fake"] < 1.0
    assert any(not torch.equal(a, b) for a, b in zip(before_g, g.parameters()))
    assert any(not torch.equal(a, b) for a, b in zip(before_d, d.parameters()))


def test_short_training_learns_the_data_and_keeps_snapshots():
    torch.manual_seed(0)
    g, d = DCGANGenerator(8, 8), DCGANDiscriminator(8)
    fixed_z = torch.randn(4, 8)
    data = bars(128)
    history = train_dcgan(g, d, data, epochs=15, batch_size=32, lr=2e-3, fixed_z=fixed_z, snapshots=3,
                          progress=False)
    assert len(history["loss_d"]) == 15 * 4
    assert [s for s, _ in history["snapshots"]] == [1, 31, 60]
    assert history["snapshots"][-1][1].shape == (4, 1, 28, 28)
    # The samples moved toward the bar: closer to the data than at the first snapshot.
    first, last = history["snapshots"][0][1], history["snapshots"][-1][1]
    target = data[:4]
    assert (last - target).abs().mean() < 0.5 * (first - target).abs().mean()


def test_same_seed_same_training():
    runs = []
    for _ in range(2):
        torch.manual_seed(0)
        g, d = DCGANGenerator(8, 8), DCGANDiscriminator(8)
        runs.append(train_dcgan(g, d, bars(64), epochs=1, batch_size=16, progress=False)["loss_g"])
    assert runs[0] == runs[1]


def test_training_stops_with_a_clear_message_when_a_loss_is_nan():
    def broken_step(*args, **kwargs):
        return {"loss_d": float("nan"), "loss_g": 0.7, "d_real": 0.5, "d_fake": 0.5}

    with pytest.raises(TrainingDiverged, match="nan at step 0.*learning rate"):
        train_dcgan(DCGANGenerator(8, 8), DCGANDiscriminator(8), bars(32), epochs=1, batch_size=16,
                    step=broken_step, progress=False)


def test_train_dcgan_rejects_bad_arguments():
    g, d = DCGANGenerator(8, 8), DCGANDiscriminator(8)
    with pytest.raises(ValueError, match="batch_size"):
        train_dcgan(g, d, bars(8), epochs=1, batch_size=16, progress=False)
    with pytest.raises(ValueError, match="fixed_z"):
        train_dcgan(g, d, bars(32), epochs=1, batch_size=16, snapshots=2, progress=False)
    with pytest.raises(ValueError, match=r"\(N, 1, 28, 28\)"):
        train_dcgan(g, d, torch.rand(32, 784), epochs=1, batch_size=16, progress=False)


def test_shifted_inputs_move_images_and_let_gradients_reach_the_generator():
    d = DCGANDiscriminator(8).eval()
    shifted = ShiftedInputs(d, 2, torch.Generator().manual_seed(0))
    x = bars(32).requires_grad_(True)
    logits = shifted(x)
    assert logits.shape == (32,) and not torch.allclose(logits, d(x))  # D saw moved bars
    logits.sum().backward()
    assert x.grad is not None and x.grad.abs().sum() > 0  # G still learns through the shift
    assert [p for p in shifted.parameters()] == [p for p in d.parameters()]  # nothing new to train
    with pytest.raises(ValueError, match="max_shift"):
        ShiftedInputs(d, 14)


def test_training_with_shifted_inputs_is_seeded_and_checks_the_shift():
    losses = []
    for _ in range(2):
        torch.manual_seed(0)
        g, d = DCGANGenerator(8, 8), DCGANDiscriminator(8)
        losses.append(train_dcgan(g, d, bars(64), epochs=2, batch_size=16, shift=2, progress=False)["loss_d"])
    assert losses[0] == losses[1]
    torch.manual_seed(0)
    g, d = DCGANGenerator(8, 8), DCGANDiscriminator(8)
    assert train_dcgan(g, d, bars(64), epochs=2, batch_size=16, progress=False)["loss_d"] != losses[0]
    with pytest.raises(ValueError, match="shift must be an int in"):
        train_dcgan(g, d, bars(32), epochs=1, batch_size=16, shift=2.5, progress=False)


def test_weight_average_ends_in_the_generator_and_leaves_training_unchanged():
    runs = {}
    for ema in (0.0, 0.9):
        torch.manual_seed(0)
        g, d = DCGANGenerator(8, 8), DCGANDiscriminator(8)
        runs[ema] = (g, train_dcgan(g, d, bars(64), epochs=2, batch_size=16, ema=ema, progress=False))
    assert runs[0.0][1].keys() == runs[0.9][1].keys()  # the history holds numbers, never a model
    assert runs[0.0][1]["loss_g"] == runs[0.9][1]["loss_g"]  # averaging only watches the training
    trained, averaged = runs[0.0][0], runs[0.9][0]
    assert not averaged.training

    # The average by hand, w_ema <- 0.9 w_ema + 0.1 w, over the weights after each of the 8 steps.
    seen = []

    def recording_step(generator, *args, **kwargs):
        out = gan_step(generator, *args, **kwargs)
        seen.append([p.detach().clone() for p in generator.parameters()])
        return out

    torch.manual_seed(0)
    g, d = DCGANGenerator(8, 8), DCGANDiscriminator(8)
    by_hand = [p.detach().clone() for p in g.parameters()]
    train_dcgan(g, d, bars(64), epochs=2, batch_size=16, step=recording_step, progress=False)
    for weights in seen:
        for mean, w in zip(by_hand, weights):
            mean.lerp_(w, 0.1)
    assert len(seen) == 8
    assert all(torch.equal(a, b) for a, b in zip(averaged.parameters(), by_hand))
    assert all(torch.equal(a, b) for a, b in zip(g.parameters(), trained.parameters()))
    assert any(not torch.equal(a, b) for a, b in zip(averaged.parameters(), trained.parameters()))
    with torch.no_grad():
        x = averaged.decode(torch.randn(4, 8))
    assert x.shape == (4, 1, 28, 28) and 0.0 <= float(x.min()) and float(x.max()) <= 1.0
    with pytest.raises(ValueError, match="ema"):
        train_dcgan(averaged, DCGANDiscriminator(8), bars(32), epochs=1, batch_size=16, ema=1.0, progress=False)


def test_recalibrated_batch_norm_matches_the_statistics_of_its_own_samples():
    torch.manual_seed(0)
    g = DCGANGenerator(8, 8)
    for layer in g.modules():
        if isinstance(layer, torch.nn.BatchNorm2d):
            layer.running_mean.fill_(5.0)  # statistics that belong to some other network
            layer.running_var.fill_(9.0)
    z = torch.randn(2000, 8)
    with torch.no_grad():
        batch_stats = g.train()(z)  # each layer normalised by the statistics of this batch
        stale = g.eval()(z)
        recalibrated = recalibrate_batch_norm(g)(z)
    assert not g.training
    assert (recalibrated - batch_stats).abs().mean() < 0.1 * (stale - batch_stats).abs().mean()


def test_shipped_generator_loads_and_decodes():
    g = pretrained.load("gan_mnist")
    assert isinstance(g, DCGANGenerator)
    with torch.no_grad():
        x = g.decode(torch.randn(3, g.latent_dim))
    assert x.shape == (3, 1, 28, 28) and 0.0 <= float(x.min()) and float(x.max()) <= 1.0
    with pytest.raises(ValueError, match=f"\\(N, {g.latent_dim}\\)"):
        g.decode(torch.randn(3, g.latent_dim + 1))
