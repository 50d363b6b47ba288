import io
import math

import numpy as np
import pytest
import torch
from PIL import Image

from course_utils.gan import discriminator_loss, gan_step
from course_utils.game import GameDrawing, game_field
from course_utils.gan2d import GAN2D, METHODS, Discriminator, Generator, config_for
from course_utils.training import TrainingDiverged
from course_utils.widgets import Panel, gan_live_view


@pytest.fixture(autouse=True)
def one_thread():
    """Layers this small run fastest on one thread (as GAN2D trains); two threads on a busy CPU crawl."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


def small(method="gan", dataset="ring8", **kw):
    return GAN2D(config_for(method, dataset, **{"hidden": 32, "batch_size": 64, "steps": 200, **kw}))


def test_models_have_the_documented_shapes():
    G, D = Generator(latent_dim=3, scale=4.0), Discriminator(pack=4)
    assert G(torch.randn(8, 3)).shape == (8, 2)
    assert D(torch.randn(8, 2)).shape == (2,)  # 8 points judged in packs of 4
    with pytest.raises(ValueError, match=r"\(N, 3\)"):
        G(torch.randn(8, 2))
    with pytest.raises(ValueError, match="multiple of pack=4"):
        D(torch.randn(6, 2))


def test_categorical_latent_is_one_hot_code_then_noise():
    G = Generator(latent_dim=2, codes=5)
    z = G.noise(64, generator=torch.Generator().manual_seed(0))
    assert z.shape == (64, 7) and torch.equal(z[:, :5].sum(1), torch.ones(64))
    assert set(z[:, :5].unique().tolist()) == {0.0, 1.0}
    assert G(z).shape == (64, 2) and G.sample(10, seed=1).shape == (10, 2)
    with pytest.raises(ValueError, match=r"\(N, 7\).*codes 5"):
        G(torch.randn(8, 2))
    narrow = Generator(codes=5, noise_std=0.1).noise(4000, generator=torch.Generator().manual_seed(0))
    assert 0.09 < float(narrow[:, 5:].std()) < 0.11  # the Gaussian part has the asked std
    with pytest.raises(ValueError, match="noise_std must be positive"):
        config_for("codes50", "grid25", noise_std=0.0)


def test_rejection_keeps_the_samples_d_finds_most_real():
    gan = small("gan+drs").train(10)
    kept, raw = gan.sample(500), gan.sample(500, rejection=False)
    assert kept.shape == (500, 2)
    pool = gan.G.sample(556, seed=1234)  # the draw rejection chose from: n / 0.9 points
    assert all((pool == p).all(1).any() for p in kept[:50])
    with torch.no_grad():
        assert gan.D(kept).mean() > gan.D(raw).mean()


def test_the_shared_gan_step_moves_2d_d_towards_the_real_data():
    torch.manual_seed(0)
    G, D = Generator(hidden=32), Discriminator(hidden=32)
    opt_g, opt_d = (torch.optim.Adam(m.parameters(), lr=1e-3) for m in (G, D))
    real, z = torch.randn(128, 2) * 0.1 + 1.0, torch.randn(128, 2)
    with torch.no_grad():
        before = float(discriminator_loss(D(real), D(G(z))))
    for _ in range(30):
        out = gan_step(G, D, opt_g, opt_d, real, z)
    assert math.isfinite(out["loss_g"])
    with torch.no_grad():
        assert float(discriminator_loss(D(real), D(G(z)))) < before


def test_training_is_deterministic_and_records_history():
    a, b = small().train(50), small().train(50)
    assert a.history["step"] == list(range(1, 51))
    assert a.history["loss_d"] == b.history["loss_d"]
    assert torch.equal(a.sample(100), b.sample(100))


def test_evaluate_counts_modes_of_a_mixture():
    modes, quality = small().train(20).evaluate(n=500)
    assert 0 <= modes <= 8 and 0.0 <= quality <= 1.0
    with pytest.raises(ValueError, match="ring8"):
        small(dataset="moons").evaluate()


@pytest.mark.parametrize("bad, match", [
    (dict(dataset="ring9"), "ring8.*grid25.*moons.*spiral"),
    (dict(loss="hinge"), "minimax.*non-saturating"),
    (dict(method="unrolled"), "gan.*pacgan2.*spectral-norm"),
    (dict(batch_size=30, method="pacgan4"), "multiple of pack"),
    (dict(colour="red"), "unknown option"),
])
def test_bad_names_list_the_accepted_ones(bad, match):
    method, dataset = bad.pop("method", "gan"), bad.pop("dataset", "ring8")
    with pytest.raises(ValueError, match=match):
        config_for(method, dataset, **bad)


def test_nan_stops_training_with_advice():
    gan = small()
    with torch.no_grad():
        gan.D.net[0].weight.fill_(float("nan"))
    with pytest.raises(TrainingDiverged, match="at step 1.*lower lr"):
        gan.train(5)


def test_runaway_generator_stops_training():
    gan = small()
    with torch.no_grad():
        gan.G.net[-1].bias.fill_(1e4)
    with pytest.raises(TrainingDiverged, match="farther out than the data"):
        gan.train(100)


def test_every_method_trains_a_few_steps():
    for method in METHODS:
        gan = small(method, "grid25").train(3)
        assert np.isfinite(gan.history["loss_g"]).all()


def test_game_field_and_drawing():
    gan = small("pacgan2")
    f = game_field(gan, resolution=16, n_points=32)
    assert f["heat"].shape == (16, 16) and 0 <= f["heat"].min() <= f["heat"].max() <= 1
    assert f["arrows"].shape == (32, 2) and np.abs(f["arrows"]).max() <= 1 + 1e-6
    drawing = GameDrawing(gan, size=120)
    assert drawing.rgb().shape == (120, 120, 3)  # the plot alone, for frame_strip
    frame = Image.open(io.BytesIO(drawing.png()))  # with axes and a colour bar around it
    assert frame.size[0] > 120 + 100 and frame.size[1] > 120 + 30


def test_constant_schedule_keeps_the_learning_rate_and_settings_change_between_steps():
    gan = small(lr_schedule="constant").train(250)  # past the 200-step schedule
    assert gan._lr() == gan.config.lr
    decaying = small().train(200)
    assert decaying._lr() == 0.0
    gan.update(loss="minimax", lr=1e-4, d_steps=3, r1=0.5)
    assert (gan.config.loss, gan.config.lr, gan.config.d_steps, gan.config.r1) == ("minimax", 1e-4, 3, 0.5)
    gan.train(2)
    assert gan.step == 252
    with pytest.raises(ValueError, match="cannot change during a run"):
        gan.update(dataset="grid25")
    with pytest.raises(ValueError, match="lr_schedule"):
        gan.update(lr_schedule="cosine")


def test_extra_discriminator_steps_train_d_more_often():
    one, three = small(), small(d_steps=3)
    one.train(5)
    three.train(5)
    # Same G and D at the start; D moved more with three updates per G update.
    d_one, d_three = (torch.cat([p.flatten() for p in g.D.parameters()]) for g in (one, three))
    d_init = torch.cat([p.flatten() for p in small().D.parameters()])
    assert (d_three - d_init).norm() > (d_one - d_init).norm()


def test_live_view_trains_its_own_gan_and_redraws_from_python():
    panel = gan_live_view("ring8", steps_per_frame=5, size=100)
    assert isinstance(panel, Panel) and repr(panel) == "<GAN live view>"
    assert panel.gan.config.lr_schedule == "constant"  # keeps moving for as long as the class watches
    first = bytes(panel.view.value)
    panel.step(2)
    assert panel.gan.step == 10 and bytes(panel.view.value) != first
    assert "step 10" in panel.status.value and "modes captured" in panel.status.value
    panel.controls["step"].click()
    assert panel.gan.step == 15
    panel.controls["speed"].value = 7
    panel.step(1)
    assert panel.gan.step == 22
    panel.controls["loss"].value = "minimax (saturating)"  # at once, on the running game
    panel.controls["lr"].value = 1e-2
    panel.controls["d_steps"].value = 2
    assert panel.gan.step == 22 and panel.gan.config.loss == "minimax"
    assert (panel.gan.config.lr, panel.gan.config.d_steps) == (pytest.approx(1e-2), 2)
    seed = panel.gan.config.seed
    panel.controls["reset"].click()
    assert panel.gan.step == 0 and panel.gan.config.seed == seed + 1 and panel.gan.config.loss == "minimax"
    panel.controls["dataset"].value = "moons"  # a new dataset: a new game
    assert panel.gan.config.dataset == "moons" and panel.gan.step == 0 and "moons" in panel.status.value
    assert "modes captured" not in panel.status.value


def test_play_trains_in_the_background_until_pause():
    import time

    panel = gan_live_view("ring8", steps_per_frame=2, size=64)
    panel.controls["play"].value = True
    assert panel.playing and panel.controls["play"].description == "Pause"
    deadline = time.monotonic() + 20
    while panel.gan.step < 3 * 2 and time.monotonic() < deadline:  # the kernel is free meanwhile
        time.sleep(0.05)
    panel.controls["play"].value = False
    assert not panel.playing and panel.controls["play"].description == "Play"
    stopped = panel.gan.step
    assert stopped >= 6
    time.sleep(0.3)
    assert panel.gan.step == stopped  # nothing trains after Pause returns


def test_live_view_checks_its_settings():
    with pytest.raises(ValueError, match="loss must be one of"):
        gan_live_view(loss="wasserstein")
    with pytest.raises(ValueError, match="dataset"):
        gan_live_view("circle")
    with pytest.raises(ValueError, match="steps_per_frame"):
        gan_live_view(steps_per_frame=0)


def test_live_view_shows_divergence_as_a_message():
    panel = gan_live_view("ring8", steps_per_frame=5, size=100)
    with torch.no_grad():
        panel.gan.G.net[0].weight.fill_(float("nan"))
    panel.step(1)  # no exception escapes the widget
    assert "cannot draw" in panel.message.value and "lower lr" in panel.message.value
    assert not panel.playing


def test_benchmark_set_reads_config_fields_and_refuses_unknown_ones():
    """`benchmarks/gan2d.py --set` is how the solutions' commands change one setting; a typo must not be
    silently ignored (it would measure the default and report it as the change)."""
    import argparse

    from tool_modules import BENCHMARKS, load_tool
    gan2d = load_tool("gan2d", BENCHMARKS)
    assert gan2d.setting("lr=0.02") == ("lr", 0.02)
    assert gan2d.setting("noise_std=1.0") == ("noise_std", 1.0)
    assert gan2d.setting("loss=hinge") == ("loss", "hinge")
    for bad in ("learning_rate=0.02", "lr"):
        with pytest.raises(argparse.ArgumentTypeError, match="FIELD=VALUE"):
            gan2d.setting(bad)


def test_benchmark_summary_counts_the_seeds_that_meet_the_target_and_keeps_nan_spreads_lowest():
    """`benchmarks/gan2d.py --seeds N`: the target (balance and spread included) is judged per seed, counted in
    `target_met_seeds`, met only when every seed meets it; a NaN spread (no mode with two samples) is the lowest."""
    from tool_modules import BENCHMARKS, load_tool
    from course_utils import metrics
    gan2d = load_tool("gan2d", BENCHMARKS)
    good = {"modes": 8, "high_quality": 0.99, "balance": 0.99, "jsd_uniform": 0.001, "spread": 0.8}
    rows = [{"dataset": "ring8", "method": "gan", "seed": seed, "steps": 4000, **measured,
             "target_met": metrics.meets_coverage_target(measured, "ring8"), "seconds": 1.0, "cpu_seconds": 1.0}
            for seed, measured in enumerate([good, {**good, "spread": 0.1}, {**good, "spread": float("nan")}])]
    (summary,) = gan2d.summarise(rows)
    assert [r["target_met"] for r in rows] == [True, False, False]
    assert summary["target_met_seeds"] == 1 and summary["target_met_every_seed"] is False
    assert summary["spread"]["median"] == 0.1 and summary["spread"]["max"] == 0.8
    assert summary["spread"]["min"] != summary["spread"]["min"]  # NaN
    assert set(gan2d.MEASURES) <= set(summary)
