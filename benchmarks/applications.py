#!/usr/bin/env python
"""Notebook 03's measured results, as JSON: anomaly-detection AUCs (digit 0 normal) of the autoencoder and of
the PCA residual, few-label accuracies (C chosen on validation digits, the same draws for every feature),
2-D kNN accuracy of PCA, and denoising MSEs against the PCA projection and the median filter. Same settings as
the notebook, no t-SNE (slow, picture only).

    COURSE_OFFLINE=1 COURSE_DATA_DIR=$PWD/.test-data .venv/bin/python benchmarks/applications.py
    ... benchmarks/applications.py --c-sweep   # also validation accuracy for C from 1e-6 to 1e4 (slower)

Uses the shipped ``ae_mnist_d2``, ``ae_mnist_d32`` and ``ae_mnist_d32_no_shift``, as the notebook does.
"""
from __future__ import annotations

import contextlib
import json
import sys
import time
from dataclasses import asdict

import numpy as np
import torch
from scipy.ndimage import median_filter
from sklearn.decomposition import PCA
from sklearn.linear_model import Ridge

import course_utils
from course_utils import pretrained
from course_utils.configs import DENOISER_FIT, DETECTOR_FIT, LOGREG_STRENGTHS, PCA_DENOISE_KS
from course_utils.corruption import gaussian_noise, noise_images, salt_and_pepper
from course_utils.data import load_mnist, split_validation
from course_utils.metrics import (auc, detection_rates, few_label_scores, knn_accuracy, reconstruction_errors,
                                  threshold_for_fpr)
from course_utils.models import MLPAutoencoder
from course_utils.training import fit


C_SWEEP = "--c-sweep" in sys.argv[1:]


def main() -> None:
    start = time.perf_counter()
    course_utils.setup(seed=0, verbose=False)
    with contextlib.redirect_stdout(sys.stderr):  # stdout is for the JSON only (load_mnist says which digits)
        train_x, train_y = load_mnist("train")
        test_x, test_y = load_mnist("test")
    ae2, ae32 = pretrained.load("ae_mnist_d2"), pretrained.load("ae_mnist_d32")
    train_flat, test_flat = train_x.flatten(1).numpy(), test_x.flatten(1).numpy()
    with torch.no_grad():
        knn = {"autoencoder_d2": knn_accuracy(ae2.encode(test_x), test_y),
               "pca_2": knn_accuracy(PCA(2, random_state=0).fit(train_flat).transform(test_flat), test_y)}
        pca32 = PCA(32, random_state=0).fit(train_flat)
        no_shift = pretrained.load("ae_mnist_d32_no_shift")
        kinds = {"raw_pixels": lambda x: x.flatten(1).numpy(),
                 "pca_32": lambda x: pca32.transform(x.flatten(1).numpy()),
                 "autoencoder_32_no_shift": lambda x: no_shift.encode(x).numpy(),
                 "autoencoder_32": lambda x: ae32.encode(x).numpy()}
        pool_x, pool_y, val_x, val_y = split_validation(train_x, train_y, per_class=40)
        draws = {10: 10, 100: 5, 1000: 5}
        runs = {name: {n: few_label_scores(f(pool_x), pool_y, f(test_x), test_y, n_labels=n, draws=d,
                                           val_features=f(val_x), val_labels=val_y,
                                           strengths=LOGREG_STRENGTHS)
                       for n, d in draws.items()} for name, f in kinds.items()}
        # Beyond the grid's ends: validation accuracy with 10 and 100 labels at every power of ten from
        # 1e-6 to 1e4, to show whether a choice at an end of LOGREG_STRENGTHS is on a plateau.
        wide = [10.0 ** e for e in range(-6, 5)]
        c_sweep = {name: {n: {f"{c:g}": round(few_label_scores(f(pool_x), pool_y, f(test_x), test_y, n_labels=n,
                                                              draws=draws[n], val_features=f(val_x), val_labels=val_y,
                                                              strengths=(c,))["val"], 4) for c in wide}
                          for n in (10, 100)} for name, f in kinds.items()} if C_SWEEP else None
    few_labels = {name: {n: {"mean": round(float(r["test"].mean()), 4), "C": r["C"],
                             "paired_gain_of_autoencoder_32": round(float((runs["autoencoder_32"][n]["test"]
                                                                           - r["test"]).mean()), 4)}
                         for n, r in per_n.items()} for name, per_n in runs.items()}

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
    pca_residual = {}
    for k in (16, 32):
        pca = PCA(k, random_state=0).fit(zeros[:320].flatten(1).numpy())
        def score(x, pca=pca):
            flat = x.flatten(1).numpy()
            return ((pca.inverse_transform(pca.transform(flat)) - flat) ** 2).mean(axis=1)
        pca_residual[f"k{k}"] = {"auc_other_digits": round(auc(score(test_zeros), score(test_x[test_y != 0])), 4),
                                 **{f"auc_{name}": round(auc(score(test_zeros), score(v)), 4)
                                    for name, v in anomalies.items()}}
    anomaly = {"pca_residual": pca_residual, "auc_other_digits": round(auc(normal, others), 4),
               "auc_per_digit": {d: round(auc(normal, others[digits == d]), 4) for d in range(1, 10)},
               **{f"auc_{k}": round(auc(normal, reconstruction_errors(detector, v)), 4) for k, v in anomalies.items()},
               "threshold_5pct": {k: round(v, 4) for k, v in detection_rates(normal, others, threshold).items()}}

    torch.manual_seed(0)
    denoiser = type(ae32)(**ae32.config)
    fit(denoiser, train_x, **asdict(DENOISER_FIT), corrupt=lambda x: gaussian_noise(x, 0.5), progress=False)
    noisy = gaussian_noise(test_x, 0.5, generator=torch.Generator().manual_seed(1))
    with torch.no_grad():
        denoising = {"mse_noisy_input": float(((noisy - test_x) ** 2).mean()),
                     "mse_plain_autoencoder": float(((ae32(noisy) - test_x) ** 2).mean()),
                     "mse_denoising_autoencoder": float(((denoiser(noisy) - test_x) ** 2).mean())}
    def project(pca, flat, k):
        return np.clip(pca.mean_ + (flat - pca.mean_) @ pca.components_[:k].T @ pca.components_[:k], 0, 1)
    noisy_val = gaussian_noise(val_x, 0.5, generator=torch.Generator().manual_seed(3))  # k chosen on these
    pca_pool = PCA(max(PCA_DENOISE_KS), random_state=0).fit(pool_x.flatten(1).numpy())
    val_mse = {k: float(((project(pca_pool, noisy_val.flatten(1).numpy(), k) - val_x.flatten(1).numpy()) ** 2).mean())
               for k in PCA_DENOISE_KS}
    best_k = min(val_mse, key=val_mse.get)
    pca_best = PCA(best_k, random_state=0).fit(train_flat)
    denoising[f"mse_pca_{best_k}_projection_clipped_k_chosen_on_validation"] = float(
        ((project(pca_best, noisy.flatten(1).numpy(), best_k) - test_flat) ** 2).mean())
    def wiener_stats(images):  # the clean digits' mean and covariance eigenbasis, as notebook 03
        X = images.flatten(1).double()
        eigenvalues, V = torch.linalg.eigh(torch.cov(X.T))
        return X.mean(0), eigenvalues.clamp(min=0), V

    def wiener(stats, images, s2):
        mu, eigenvalues, V = stats
        return ((((images.flatten(1).double() - mu) @ V * (eigenvalues / (eigenvalues + s2))) @ V.T + mu).clamp(0, 1)
                .float())
    pool_stats = wiener_stats(pool_x)
    s2 = min((0.05, 0.1, 0.2, 0.3), key=lambda v: float(((wiener(pool_stats, noisy_val, v) - val_x.flatten(1)) ** 2).mean()))
    denoising[f"mse_wiener_filter_s2_{s2:g}_chosen_on_validation"] = float(
        ((wiener(wiener_stats(train_x), noisy, s2).numpy() - test_flat) ** 2).mean())
    denoising["mse_pca_32_projection_clipped"] = float(((project(pca32, noisy.flatten(1).numpy(), 32) - test_flat) ** 2).mean())
    g = torch.Generator().manual_seed(2)
    noisy_train = torch.cat([gaussian_noise(train_x, 0.5, generator=g) for _ in range(DENOISER_FIT.epochs)]).flatten(1)
    linear = Ridge(alpha=1.0).fit(noisy_train.numpy(), train_x.flatten(1).repeat(DENOISER_FIT.epochs, 1).numpy())
    denoised = np.clip(linear.predict(noisy.flatten(1).numpy()), 0, 1)
    denoising["mse_linear_denoiser_trained"] = float(((denoised - test_flat) ** 2).mean())
    denoising["mse_median_filter_3x3"] = float(((median_filter(noisy.numpy(), size=(1, 1, 3, 3)) - test_x.numpy()) ** 2).mean())
    print(json.dumps({"knn_2d": {k: round(v, 4) for k, v in knn.items()}, "few_label_accuracy_C_on_validation": few_labels,
                      "few_label_validation_accuracy_beyond_the_C_grid": c_sweep,
                      "anomaly_digit0_normal": anomaly, "denoising_std0.5": {k: round(v, 5) for k, v in denoising.items()},
                      "seconds": round(time.perf_counter() - start, 1)}, indent=2))


if __name__ == "__main__":
    main()
