# %% [markdown]
# # 01 · Latent spaces
#
# A 28×28 digit is 784 numbers. How few numbers do we need to describe it, and what do those
# numbers mean? This lesson answers both questions with the simplest autoencoder there is:
# **principal component analysis (PCA)**, which is a *linear* encoder and decoder.
#
# **You will learn to**
# - read PCA as an autoencoder: encoding is a projection, decoding a reconstruction;
# - measure reconstruction quality with the mean squared error, and see how it falls as the
#   latent space grows from k = 1 to 64 numbers;
# - scrub k with a slider and watch digits appear;
# - see that a small latent space is not just compressed but *organised*: digits of one class land
#   near each other, although nobody told the model the labels.
#
# **Run time:** about 15 s top to bottom on a 2-core CPU (measured with `python benchmarks/notebooks.py`).

# %%
import matplotlib.pyplot as plt
import numpy as np
import torch
from sklearn.decomposition import PCA
from sklearn.manifold import TSNE
from sklearn.neighbors import KNeighborsClassifier

import course_utils
from course_utils.data import load_mnist
from course_utils.plotting import image_grid, latent_scatter, metric_curves
from course_utils.widgets import pca_reconstruction_widget

device = course_utils.setup(seed=0)
# 400 training and 100 test digits per class: the offline sample's size, so a lesson takes as long on full MNIST.
train_images, train_labels = load_mnist("train", per_class=400)
test_images, test_labels = load_mnist("test", per_class=100)
X_train = train_images.reshape(len(train_images), 784).numpy()  # one row of 784 pixels per digit
X_test = test_images.reshape(len(test_images), 784).numpy()
print(f"train {X_train.shape}, test {X_test.shape}, pixels in [{X_train.min():.0f}, {X_train.max():.0f}]")

# %% [markdown]
# ## Encoder, decoder, loss
#
# Every autoencoder in this course has the same three parts:
#
# $$z = f_{\text{enc}}(x), \qquad \hat x = f_{\text{dec}}(z), \qquad
#   L = \frac{1}{n}\sum_{i=1}^{n} \lVert x_i - \hat x_i \rVert^2 .$$
#
# The code $z$ has far fewer numbers than $x$ (its size $k$ is the *latent dimension*), so the
# encoder must throw information away and the decoder must guess it back. We report $L$ divided by
# the 784 pixels, the **MSE per pixel**, so numbers are comparable across image sizes.
#
# PCA is the best **linear** autoencoder. With the mean image $\mu$ and $k$ orthonormal directions
# $w_1,\dots,w_k$ (the rows of a $k\times 784$ matrix $W$):
#
# $$z = W (x - \mu), \qquad \hat x = \mu + W^\top z .$$
#
# No gradient descent needed: the best $W$ (lowest $L$ on the training set) is given by the top $k$
# eigenvectors of the data's covariance. scikit-learn computes them.

# %%
pca = PCA(n_components=64, svd_solver="covariance_eigh").fit(X_train)
mu, W = pca.mean_, pca.components_  # mu: (784,), W: (64, 784)

k = 8
z = (X_test - mu) @ W[:k].T          # encode: (1000, 8), eight numbers per digit
x_hat = mu + z @ W[:k]               # decode: (1000, 784)
mse = ((X_test - x_hat) ** 2).mean()
print(f"k = {k}: each digit becomes {z.shape[1]} numbers; MSE per pixel on unseen digits {mse:.4f}")
pca_k = PCA(n_components=k, svd_solver="covariance_eigh").fit(X_train)
print("same as scikit-learn's transform + inverse_transform:",
      np.allclose(x_hat, pca_k.inverse_transform(pca_k.transform(X_test)), atol=1e-4))

# %% [markdown]
# The decoder builds every digit as the mean image plus a weighted sum of the rows of $W$. Here
# they are as pictures (scaled to [0, 1] for display): the first ones are blurry strokes that tell
# a 0 from a 1; later ones add finer detail.

# %%
components = W[:16] / (2 * np.abs(W[:16]).max(axis=1, keepdims=True)) + 0.5  # centre 0 at grey
fig = image_grid(np.concatenate([mu[None], components]).reshape(-1, 28, 28), ncols=6, scale=1.1,
                 row_labels=["μ, w1 … w5", "w6 … w11", "w12 … w16"],
                 title="The mean digit μ, then the principal directions w_1 … w_16\n(grey = 0, white > 0, black < 0)")

# %% [markdown]
# ## Reconstructions from k = 1 … 64 components
#
# The same eight unseen digits, reconstructed from more and more numbers:

# %%
ks = [1, 2, 4, 8, 16, 32, 64]
some = X_test[:8]
rows = [some] + [mu + ((some - mu) @ W[:k].T) @ W[:k] for k in ks]
fig = image_grid(np.concatenate(rows).reshape(-1, 28, 28), ncols=8, scale=0.55,
                 row_labels=["input"] + [f"k = {k}" for k in ks],
                 title="PCA reconstructions of unseen digits")

# %% [markdown]
# Because the rows of $W$ are orthonormal, the squared error has a closed form: the part of
# $x - \mu$ the first $k$ directions do not capture, $\lVert x-\mu\rVert^2 - \sum_{j\le k} z_j^2$.
# That gives the whole MSE-vs-k curve from one encoding:

# %%
z_all = (X_test - mu) @ W.T                                   # (1000, 64)
total = ((X_test - mu) ** 2).sum(axis=1, keepdims=True)       # ||x - mu||^2 per digit
mse_by_k = (total - np.cumsum(z_all ** 2, axis=1)).mean(axis=0) / 784
k_values = np.arange(1, 65)
for k in (2, 8, 32, 64):
    print(f"k = {k:2d}: MSE per pixel {mse_by_k[k - 1]:.4f}")
fig = metric_curves(k_values, {"PCA, unseen digits": mse_by_k}, xlabel="latent dimension k",
                    ylabel="MSE per pixel", title="Reconstruction error vs latent size", log_x=True)

# %% [markdown]
# **What we saw.** The error falls fast for the first few components and slowly after that: most of
# a digit's 784 pixels are predictable from a few dozen numbers. For reference, on the full MNIST
# test set PCA reaches 0.0557 with k = 2 and 0.0168 with k = 32 (we use a 4,000-digit training
# sample, so our numbers differ slightly). Lesson 02 asks whether a *nonlinear* autoencoder can
# beat this curve.
#
# ## Scrub k yourself
#
# Drag the slider (or click it and use the arrow keys). Watch which digits become recognisable
# first, and at which k a 4 stops looking like a 9.

# %%
widget = pca_reconstruction_widget(pca, test_images[:10], max_k=64)
widget

# %% [markdown]
# ## What a linear autoencoder learns: PCA's subspace, not its axes
#
# Lesson 02 trains autoencoders by gradient descent. Take the simplest one first: no nonlinearity, an
# encoder matrix $E$ ($k \times 784$) and a decoder matrix $D$ ($784 \times k$), on centred digits,
#
# $$\hat x = \mu + D\,E\,(x - \mu), \qquad \text{minimise } \tfrac{1}{n}\textstyle\sum_i \lVert x_i - \hat x_i \rVert^2 .$$
#
# Baldi and Hornik (1989) showed that at the minimum the columns of $D$ span the same $k$-dimensional
# subspace as PCA's $w_1, \dots, w_k$, and that every local minimum is a global one (the other critical
# points are saddles). But it does not pin down the axes: for any invertible $k \times k$ matrix $A$, the pair $(D A^{-1}, A E)$ reconstructs
# exactly as well. So gradient descent finds PCA's *subspace*, with directions that are neither
# orthonormal nor ordered by variance. We check both halves numerically for $k = 4$: the **principal
# angles** between two subspaces have cosines 1 when the subspaces are the same, and the cosine between
# each decoder column and each $w_j$ says whether the axes agree.

# %% {"tolerance": "0.02", "tolerance_why": "a linear AE trained by Adam: cosines and norms move in the 2nd decimal between CPU paths"}
k = 4
torch.manual_seed(0)
X = torch.from_numpy(X_train - mu).float()                     # centred training digits, (4000, 784)
E = torch.nn.Linear(784, k, bias=False)                        # encoder: z = E (x - mu)
D = torch.nn.Linear(k, 784, bias=False)                        # decoder: x_hat - mu = D z
optimizer = torch.optim.Adam([*E.parameters(), *D.parameters()], lr=1e-2)
for step in range(300):                                         # full-batch gradient descent with Adam
    loss = ((D(E(X)) - X) ** 2).mean()
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
decoder_columns = D.weight.detach().double().numpy()           # (784, k)
pca_k_mse = ((X_train - mu - (X_train - mu) @ W[:k].T @ W[:k]) ** 2).mean()
print(f"training MSE per pixel: linear AE {loss.item():.5f}, PCA with k = {k}: {pca_k_mse:.5f}")
basis, _ = np.linalg.qr(decoder_columns)                        # orthonormal basis of the AE's subspace
print("cosines of the principal angles, AE subspace vs PCA's:", np.linalg.svd(W[:k] @ basis, compute_uv=False).round(3))
unit = decoder_columns / np.linalg.norm(decoder_columns, axis=0)
print("|cos| between decoder column j (columns) and w_i (rows):")
print(np.abs(W[:k] @ unit).round(2))
print("lengths of the decoder columns:", np.linalg.norm(decoder_columns, axis=0).round(2))

# %% [markdown]
# **What we saw.** The cosines of the principal angles are all close to 1: the linear autoencoder found PCA's
# subspace, and its error is PCA's. The table of cosines is not the identity: each decoder column is a mix
# of several $w_i$, and the columns have lengths other than 1. A *nonlinear* autoencoder has no such
# guarantee either way; lesson 02 measures whether its curved decoder beats this plane.
#
# ## From compression to structure
#
# So far the latent code was a compressed file. Now look at the codes themselves. With k = 2 every
# digit is a point in the plane: let's colour each point by its label, which PCA never saw.

# %%
z2 = z_all[:, :2]
fig, axes = plt.subplots(1, 2, figsize=(9.5, 3.9))
latent_scatter(z2, test_labels, ax=axes[0], title="PCA, k = 2 (linear encoder)")
tsne = TSNE(n_components=2, init="pca", perplexity=30, max_iter=500, random_state=0).fit_transform(X_test)
fig = latent_scatter(tsne, test_labels, ax=axes[1], title="t-SNE (no decoder)")

# %% [markdown]
# The PCA plane already separates 0s from 1s, with other digits overlapping in the middle. t-SNE,
# a nonlinear method that only *places* points (it has no decoder, so it cannot generate or
# reconstruct), shows that the digits do form separate clusters in pixel space: a good nonlinear
# encoder could find them.
#
# We can also walk the PCA plane and decode each point: the latent space is a map, and moving on
# it changes the digit smoothly.

# %%
lo, hi = np.percentile(z2, [5, 95], axis=0)
g1, g2 = np.meshgrid(np.linspace(lo[0], hi[0], 8), np.linspace(hi[1], lo[1], 8))
grid = np.stack([g1.ravel(), g2.ravel()], axis=1)                # 64 points in the plane
decoded = np.clip(mu + grid @ W[:2], 0, 1).reshape(-1, 28, 28)
fig = image_grid(decoded, ncols=8, scale=0.45, title="Decoding a grid of points in the k = 2 PCA plane")

# %% [markdown]
# How much does the code know about the digit? A 5-nearest-neighbour classifier on the codes tells
# us: neighbours in the latent space should be the same digit.

# %%
for k in (2, 8, 32):
    knn = KNeighborsClassifier(n_neighbors=5).fit((X_train - mu) @ W[:k].T, train_labels.numpy())
    accuracy = knn.score((X_test - mu) @ W[:k].T, test_labels.numpy())
    print(f"k = {k:2d}: 5-NN accuracy on unseen digits {accuracy:.1%}  (chance: 10%)")

# %% [markdown]
# **Why it works.** To reconstruct well from few numbers, the encoder must spend them on what
# varies most between digits: stroke shapes, slant, thickness. Those are exactly what tells digits
# apart, so similar digits get similar codes. Compression *forces* structure. Eight numbers already
# classify most digits correctly, with no labels used to build them.
#
# ## Exercises
#
# 1. **Conceptual.** PCA's decoder is linear. Why can no linear decoder do better than PCA's
#    reconstruction error for a given k (on the training set)? What would a nonlinear one need to
#    do better?
# 2. **Predict, then run.** Before running: will the MSE at k = 784 be exactly 0? Run
#    `PCA(784).fit(X_train)` and check on the test digits.
# 3. **Coding.** Fit PCA to only the 1s of the training set and reconstruct a 7 with k = 8. What
#    does the reconstruction look like, and why?
# 4. **Coding.** Plot the fraction of variance explained, `pca.explained_variance_ratio_.cumsum()`,
#    and relate it to the MSE curve above.

# %% [markdown]
# **Self-check for exercise 4.** `check_cumulative_variance` tells you what is wrong with your curve.
# The first attempt below is wrong on purpose: fix `my_curve` until the check prints ✓.

# %%
from course_utils.checks import check_cumulative_variance

my_curve = pca.explained_variance_ratio_  # exercise 4: the fraction explained by the first k components
passed = check_cumulative_variance(my_curve, pca)

# %% [markdown]
# <details><summary>Solutions (click to open)</summary>
#
# 1. PCA gives the best rank-k linear reconstruction of the centred training data (Eckart–Young
#    theorem): any linear decoder maps codes into a k-dimensional subspace, and projecting onto the
#    top-k principal subspace is the closest such subspace. A nonlinear decoder can map the codes onto
#    a *curved* surface that follows the data more closely, which is what lesson 02 trains.
# 2. Nearly, but not exactly 0 on unseen digits: with all 784 components $W$ is a full rotation, so
#    $\hat x = x$ up to floating-point rounding (about 1e-14). Many pixels are always 0 in training,
#    so some components have zero variance, but the rotation is still complete.
# 3. `W1 = PCA(8).fit(X_train[train_labels.numpy() == 1])`, then
#    `W1.inverse_transform(W1.transform(X_test[test_labels.numpy() == 7][:1]))`. It looks like a
#    (slanted) 1: the decoder can only produce combinations of what it learned. That is the idea
#    behind anomaly detection in lesson 03: a large reconstruction error means "unlike the training data".
# 4. `plt.plot(np.arange(1, 65), pca.explained_variance_ratio_.cumsum())`. MSE per pixel at k is
#    (total variance − variance explained by k components) / 784, so the two curves mirror each other.
#
# Self-check: `my_curve = pca.explained_variance_ratio_.cumsum()`.
# </details>
