"""No public function leaks an internal error (issue 18). Each function gets, in each positional argument in
turn, values of the wrong kind: None, a string, a list, a dict, a number, NaN, a 2x2 array, a short tensor,
integer images, a bare object. Whatever it raises must come from a `raise` in course_utils, with the course's
message, never from inside torch, NumPy, scikit-learn or Python's own TypeError for a missing attribute."""
import signal
import traceback

import numpy as np
import pytest
import torch

from course_utils import (corruption, data, gan, gan2d, latent, metrics, models, plotting, pretrained, raster,
                          training, vae, widgets)

torch.manual_seed(0)
X, Y = torch.rand(20, 1, 28, 28), torch.arange(20) % 10
AE, G, D, C = models.ConvAutoencoder(2), models.DCGANGenerator(8), models.DCGANDiscriminator(8), models.MNISTClassifier(4, 8)
SCORES, CODES = np.linspace(0, 1, 20), torch.randn(20, 2)
PROBS = torch.softmax(torch.randn(5, 10), 1)

GOOD = {  # name: (function, good positional arguments, keyword arguments)
    "latent.lerp": (latent.lerp, (torch.zeros(2), torch.ones(2), 0.5), {}),
    "latent.slerp": (latent.slerp, (torch.zeros(2), torch.ones(2), 0.5), {}),
    "latent.path": (latent.path, (torch.zeros(2), torch.ones(2), 0.5), {}),
    "latent.invert": (latent.invert, (G, X[:2]), {"steps": 1, "candidates": 4}),
    "latent.codes_of": (latent.codes_of, (AE, X), {}),
    "latent.class_means": (latent.class_means, (CODES, Y), {}),
    "latent.sample": (latent.sample, (G, 4), {}),
    "metrics.mode_coverage": (metrics.mode_coverage, (CODES, "ring8"), {}),
    "metrics.hole_fraction": (metrics.hole_fraction, (CODES, CODES), {}),
    "metrics.reconstruction_mse": (metrics.reconstruction_mse, (AE, X), {}),
    "metrics.threshold_for_fpr": (metrics.threshold_for_fpr, (SCORES,), {}),
    "metrics.detection_rates": (metrics.detection_rates, (SCORES, SCORES, 0.5), {}),
    "metrics.auc": (metrics.auc, (SCORES, SCORES), {}),
    "metrics.knn_accuracy": (metrics.knn_accuracy, (np.random.rand(60, 2), np.arange(60) % 3), {}),
    "metrics.few_label_scores": (metrics.few_label_scores, (np.random.rand(60, 2), np.arange(60) % 3,
                                                            np.random.rand(30, 2), np.arange(30) % 3), {"n_labels": 3}),
    "metrics.balanced_subset": (metrics.balanced_subset, (np.arange(60) % 3, 2), {"seed": 0}),
    "metrics.accuracy": (metrics.accuracy, (C, X, Y), {}),
    "metrics.log_loss": (metrics.log_loss, (C, X, Y), {}),
    "metrics.classifier_score": (metrics.classifier_score, (PROBS,), {}),
    "metrics.class_histogram": (metrics.class_histogram, (PROBS,), {}),
    "metrics.frechet_distance": (metrics.frechet_distance, (torch.randn(10, 3), torch.randn(10, 3)), {}),
    "metrics.QualityMeter": (metrics.QualityMeter, (C, X), {}),
    "corruption.gaussian_noise": (corruption.gaussian_noise, (X, 0.1), {}),
    "corruption.salt_and_pepper": (corruption.salt_and_pepper, (X, 0.1), {}),
    "data.split_validation": (data.split_validation, (X, Y), {"per_class": 1}),
    "data.mixture": (data.mixture, ("ring8",), {}),
    "data.sample_2d": (data.sample_2d, ("ring8", 5), {"seed": 0}),
    "plotting.image_grid": (plotting.image_grid, (X,), {}),
    "plotting.latent_map": (plotting.latent_map, (CODES, Y), {}),
    "plotting.loss_curves": (plotting.loss_curves, ({"train": [1.0, 0.5]},), {}),
    "raster.images_png": (raster.images_png, (X,), {}),
    "vae.reparameterize": (vae.reparameterize, (torch.zeros(2, 2), torch.zeros(2, 2)), {}),
    "vae.negative_elbo": (vae.negative_elbo, (models.VAE(2), X), {}),
    "gan.discriminator_loss": (gan.discriminator_loss, (torch.zeros(4), torch.zeros(4)), {}),
    "gan.generator_loss": (gan.generator_loss, (torch.zeros(4),), {}),
    "gan.class_entropy_loss": (gan.class_entropy_loss, (torch.zeros(4, 10),), {}),
    "pretrained.load": (pretrained.load, ("ae_mnist_d2",), {}),
    "training.check_finite": (training.check_finite, (torch.tensor(1.0),), {"step": 0}),
    "training.random_shift": (training.random_shift, (X, 2), {}),
    "training.fit": (training.fit, (models.MLPAutoencoder(2), X), {"epochs": 1, "progress": False}),
    "gan.train_dcgan": (gan.train_dcgan, (models.DCGANGenerator(8), models.DCGANDiscriminator(8), X),
                        {"epochs": 1, "batch_size": 10, "progress": False}),
    "AE.encode": (AE.encode, (X,), {}),
    "AE.decode": (AE.decode, (torch.zeros(2, 2),), {}),
    "G.decode": (G.decode, (torch.zeros(2, 8),), {}),
    "D.forward": (D.forward, (X,), {}),
    "C.forward": (C.forward, (X,), {}),
    "gan2d.config_for": (gan2d.config_for, ("gan",), {}),
    "widgets.interpolation_widget": (widgets.interpolation_widget, ({"ae": AE}, X, Y), {}),
    "widgets.arithmetic_widget": (widgets.arithmetic_widget, ({"ae": AE}, X, Y), {}),
    "widgets.digit_picker": (widgets.digit_picker, (models.DCGANGenerator(8, label_classes=10),), {}),
}
WRONG = [None, "x", [], {}, 3, float("nan"), np.zeros((2, 2)), torch.zeros(3),
         torch.zeros(2, 1, 28, 28, dtype=torch.long), object()]


def _stop(signum, frame):
    raise TimeoutError("no answer within 20 s")


@pytest.mark.parametrize("name", GOOD)
def test_wrong_kinds_of_argument_get_the_course_s_own_message(name):
    fn, args, kwargs = GOOD[name]
    fn(*args, **kwargs)  # the good call works
    leaks = []
    previous = signal.signal(signal.SIGALRM, _stop)
    try:
        for i in range(len(args)):
            for wrong in WRONG:
                call = [*args[:i], wrong, *args[i + 1:]]
                signal.alarm(20)
                try:
                    fn(*call, **kwargs)
                except Exception as error:  # noqa: BLE001 - we inspect where it came from
                    last = traceback.extract_tb(error.__traceback__)[-1]
                    ours = "course_utils" in last.filename and (last.line or "").lstrip().startswith("raise")
                    if not ours or isinstance(error, TimeoutError):
                        leaks.append(f"argument {i} = {wrong!r:.30}: {type(error).__name__}: {str(error)[:80]}")
                finally:
                    signal.alarm(0)
    finally:
        signal.signal(signal.SIGALRM, previous)
    assert not leaks, "\n".join(leaks)
