#!/usr/bin/env python
"""Notebook 03's measured results, as JSON: anomaly-detection AUCs (digit 0 normal), few-label accuracies,
2-D kNN accuracy of PCA, and the denoising gain. Same settings as the notebook, no t-SNE (slow, picture only).

    COURSE_OFFLINE=1 COURSE_DATA_DIR=$PWD/.test-data .venv/bin/python benchmarks/applications.py

Uses the shipped ``ae_mnist_d2`` and ``ae_mnist_d32``, as the notebook does.
"""
from __future__ import annotations

import json
import time
from dataclasses import asdict

import torch
from sklearn.decomposition import PCA

import course_utils
from course_utils import pretrained
from course_utils.configs import DENOISER_FIT, DETECTOR_FIT
from course_utils.corruption import gaussian_noise, noise_images, salt_and_pepper
from course_utils.data import load_mnist
from course_utils.metrics import (auc, detection_rates, few_label_accuracy, knn_accuracy, reconstruction_errors,
                                  threshold_for_fpr)
from course_utils.models import MLPAutoencoder
from course_utils.training import fit


def main() -> None:
    start = time.perf_counter()
    course_utils.setup(seed=0, verbose=False)
    train_x, train_y = load_mnist("train")
    test_x, test_y = load_mnist("test")
    ae2, ae32 = pretrained.load("ae_mnist_d2"), pretrained.load("ae_mnist_d32")
    train_flat, test_flat = train_x.flatten(1).numpy(), test_x.flatten(1).numpy()
    with torch.no_grad():
        knn = {"autoencoder_d2": knn_accuracy(ae2.encode(test_x), test_y),
               "pca_2": knn_accuracy(PCA(2, random_state=0).fit(train_flat).transform(test_flat), test_y)}
        pca32 = PCA(32, random_state=0).fit(train_flat)
        features = {"raw_pixels": (train_flat, test_flat),
                    "pca_32": (pca32.transform(train_flat), pca32.transform(test_flat)),
                    "autoencoder_32": (ae32.encode(train_x).numpy(), ae32.encode(test_x).numpy())}
    draws = {10: 10, 100: 5, 1000: 2}
    few_labels = {name: {n: round(few_label_accuracy(a, train_y, b, test_y, n_labels=n, draws=d)[0], 4)
                         for n, d in draws.items()} for name, (a, b) in features.items()}

    zeros = train_x[train_y == 0]
    detector = MLPAutoencoder(latent_dim=16, hidden=[256, 64])
    fit(detector, zeros[:320], **asdict(DETECTOR_FIT), progress=False)
    g = torch.Generator().manual_seed(0)
    test_zeros = test_x[test_y == 0]
    normal = reconstruction_errors(detector, test_zeros)
    others = reconstruction_errors(detector, test_x[test_y != 0])
    digits = test_y[test_y != 0]
    anomalies = {"noisy_zeros": gaussian_noise(test_zeros, 0.2, generator=g),
                 "salt_and_pepper_zeros": salt_and_pepper(test_zeros, 0.1, generator=g),
                 "noise_images": noise_images(100, generator=g)}
    threshold = threshold_for_fpr(reconstruction_errors(detector, zeros[320:]), 0.05)
    anomaly = {"auc_other_digits": round(auc(normal, others), 4),
               "auc_per_digit": {d: round(auc(normal, others[digits == d]), 4) for d in range(1, 10)},
               **{f"auc_{k}": round(auc(normal, reconstruction_errors(detector, v)), 4) for k, v in anomalies.items()},
               "threshold_5pct": {k: round(v, 4) for k, v in detection_rates(normal, others, threshold).items()}}

    denoiser = type(ae32)(**ae32.config)
    fit(denoiser, train_x, **asdict(DENOISER_FIT), corrupt=lambda x: gaussian_noise(x, 0.5), progress=False)
    noisy = gaussian_noise(test_x, 0.5, generator=torch.Generator().manual_seed(1))
    with torch.no_grad():
        denoising = {"mse_noisy_input": float(((noisy - test_x) ** 2).mean()),
                     "mse_plain_autoencoder": float(((ae32(noisy) - test_x) ** 2).mean()),
                     "mse_denoising_autoencoder": float(((denoiser(noisy) - test_x) ** 2).mean())}
    print(json.dumps({"knn_2d": {k: round(v, 4) for k, v in knn.items()}, "few_label_accuracy": few_labels,
                      "anomaly_digit0_normal": anomaly, "denoising_std0.5": {k: round(v, 5) for k, v in denoising.items()},
                      "seconds": round(time.perf_counter() - start, 1)}, indent=2))


if __name__ == "__main__":
    main()
