"""Counts, sizes and seeds that make no sense (issue 18): zero, negative, float, bool, None, a string or a
huge number where a count belongs, and seeds that are None, strings or out of range. Each is refused at the
public entry point with a ValueError that names the argument, before any work starts: nothing hangs,
runs out of memory or fails deep inside torch."""
import re

import numpy as np
import pytest
import torch

import course_utils
from course_utils import corruption, data, gan, gan2d, latent, metrics, models, raster, training, widgets
from course_utils.plotting import image_grid

X, Y = torch.rand(20, 1, 28, 28), torch.arange(20) % 10
FEATURES, CLASSES = np.random.default_rng(0).random((60, 2)), np.arange(60) % 3
G = models.DCGANGenerator(8)
BAD_COUNTS = [0, -1, 2.5, True, None, "3", 10**12]
BAD_SEEDS = [None, "a", -1, 2**64, 1.5, True]

COUNTS = {  # "function argument": call with the bad value v
    "latent.sample n": lambda v: latent.sample(G, v),
    "latent.sample batch_size": lambda v: latent.sample(G, 4, batch_size=v),
    "latent.invert candidates": lambda v: latent.invert(G, X[:2], steps=1, candidates=v),
    "training.fit epochs": lambda v: training.fit(models.MLPAutoencoder(2), X, epochs=v, progress=False),
    "training.fit batch_size": lambda v: training.fit(models.MLPAutoencoder(2), X, epochs=1, batch_size=v, progress=False),
    "gan.train_dcgan epochs": lambda v: gan.train_dcgan(models.DCGANGenerator(8), models.DCGANDiscriminator(8), X, epochs=v, progress=False),
    "gan.train_dcgan batch_size": lambda v: gan.train_dcgan(models.DCGANGenerator(8), models.DCGANDiscriminator(8), X, epochs=1, batch_size=v, progress=False),
    "training.train_classifier steps": lambda v: training.train_classifier(X, Y, steps=v),
    "training.train_classifier batch_size": lambda v: training.train_classifier(X, Y, steps=1, batch_size=v),
    "metrics.knn_accuracy k": lambda v: metrics.knn_accuracy(FEATURES, CLASSES, k=v),
    "metrics.knn_accuracy folds": lambda v: metrics.knn_accuracy(FEATURES, CLASSES, folds=v),
    "metrics.balanced_subset per_class": lambda v: metrics.balanced_subset(CLASSES, v, seed=0),
    "metrics.few_label_scores draws": lambda v: metrics.few_label_scores(FEATURES, CLASSES, FEATURES, CLASSES, n_labels=3, draws=v),
    "metrics.few_label_accuracy draws": lambda v: metrics.few_label_accuracy(FEATURES, CLASSES, FEATURES, CLASSES, n_labels=3, draws=v),
    "metrics.predict batch_size": lambda v: metrics.predict(models.MNISTClassifier(4, 8), X, batch_size=v),
    "metrics.reconstruction_errors batch_size": lambda v: metrics.reconstruction_errors(models.MLPAutoencoder(2), X, batch_size=v),
    "corruption.noise_images n": lambda v: corruption.noise_images(v),
    "data.sample_2d n": lambda v: data.sample_2d("ring8", v, seed=0),
    "data.split_validation per_class": lambda v: data.split_validation(X, Y, per_class=v),
    "raster.tile_images ncols": lambda v: raster.tile_images(X, ncols=v),
    "raster.images_png scale": lambda v: raster.images_png(X, scale=v),
    "plotting.image_grid ncols": lambda v: image_grid(X, ncols=v),
    "gan.recalibrate_batch_norm batches": lambda v: gan.recalibrate_batch_norm(models.DCGANGenerator(8), batches=v),
    "GAN2D.evaluate n": lambda v: gan2d.GAN2D(gan2d.GANConfig()).evaluate(v),
    "widgets.interpolation_widget frames": lambda v: widgets.interpolation_widget({"ae": models.ConvAutoencoder(2)}, X, Y, frames=v),
    "widgets.digit_picker n": lambda v: widgets.digit_picker(models.DCGANGenerator(8, label_classes=10), n=v),
    "widgets.gan_live_view steps_per_frame": lambda v: widgets.gan_live_view(steps_per_frame=v),
}


@pytest.mark.parametrize("value", BAD_COUNTS, ids=repr)
@pytest.mark.parametrize("call", COUNTS)
def test_a_count_that_makes_no_sense_is_refused_by_name(call, value):
    argument = call.split()[-1]
    if value == 10**12 and argument == "batch_size" and "train_dcgan" not in call:
        pytest.skip("a batch larger than the data is one batch of all of it")
    if value is None and argument == "ncols":
        pytest.skip("ncols=None asks for a near-square grid")
    with pytest.raises(ValueError, match=rf"^{argument}\b.* must .*got .*{re.escape(repr(value))}"):
        COUNTS[call](value)


SEEDS = {
    "course_utils.setup": lambda v: course_utils.setup(v, verbose=False),
    "latent.sample": lambda v: latent.sample(G, 4, seed=v),
    "latent.invert": lambda v: latent.invert(G, X[:2], steps=1, candidates=4, seed=v),
    "gan.train_dcgan": lambda v: gan.train_dcgan(models.DCGANGenerator(8), models.DCGANDiscriminator(8), X, epochs=1, batch_size=10, seed=v, progress=False),
    "training.train_classifier": lambda v: training.train_classifier(X, Y, steps=1, seed=v),
    "data.sample_2d": lambda v: data.sample_2d("ring8", 10, seed=v),
    "metrics.balanced_subset": lambda v: metrics.balanced_subset(CLASSES, 1, seed=v),
    "metrics.few_label_scores": lambda v: metrics.few_label_scores(FEATURES, CLASSES, FEATURES, CLASSES, n_labels=3, seed=v),
    "metrics.few_label_accuracy": lambda v: metrics.few_label_accuracy(FEATURES, CLASSES, FEATURES, CLASSES, n_labels=3, seed=v),
    "gan.recalibrate_batch_norm": lambda v: gan.recalibrate_batch_norm(models.DCGANGenerator(8), batches=1, seed=v),
    "GANConfig": lambda v: gan2d.GAN2D(gan2d.GANConfig(seed=v)),
    "widgets.digit_picker": lambda v: widgets.digit_picker(models.DCGANGenerator(8, label_classes=10), seed=v),
    "widgets.gan_live_view": lambda v: widgets.gan_live_view(seed=v),
}


@pytest.mark.parametrize("value", BAD_SEEDS, ids=repr)
@pytest.mark.parametrize("call", SEEDS)
def test_a_seed_that_is_not_a_non_negative_int_is_refused_by_name(call, value):
    with pytest.raises(ValueError, match=r"seed must be an int"):
        SEEDS[call](value)


def test_a_2d_gan_may_still_draw_fresh_noise_with_seed_none():
    run = gan2d.GAN2D(gan2d.GANConfig())
    assert run.G.sample(5, seed=None).shape == (5, 2)


def test_the_largest_counts_still_pass():
    assert latent.sample(G, 3, batch_size=10**12).shape == (3, 1, 28, 28)  # a batch larger than n is fine
    assert len(metrics.balanced_subset(CLASSES, 20, seed=2**63 - 1)) == 60
