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
# - see that a small latent space is not just compressed but *organised*: although nobody told the
#   model the labels, PCA's first directions keep more class information than random directions, even
#   random ones that point where the digits vary, and measure what a few numbers lose against the raw pixels.
#
# **Run time:** about 12 s top to bottom on an idle 2-core CPU (12.2 s with `python benchmarks/notebooks.py` on the machine that built the committed outputs); a busy
# machine takes longer. Training the linear autoencoder is the longest cell, a third to a half of the time.
# <!-- numbers: 12, 12.2 = python benchmarks/notebooks.py, on the idle 2-core machine that built the committed outputs -->

# %% [markdown] {"lang": "zh", "en": "25a5c0059b"}
# # 01 · 潜在空间（latent space）
#
# 一张 28×28 的手写数字图像就是 784 个数。描述它最少需要多少个数？这些数又代表什么？本课用最简单的自编码器（autoencoder）来回答这两个问题：**主成分分析（principal component analysis，PCA）**，它的编码器（encoder）和解码器（decoder）都是*线性*的。
#
# **学完本课，你将能够**
# - 把 PCA 看作一个自编码器：编码就是投影，解码就是重建（reconstruction）；
# - 用均方误差（mean squared error，MSE）衡量重建质量，并观察潜在空间从 k = 1 个数增大到 64 个数时误差如何下降；
# - 拖动滑块调节 k，看着数字逐渐显现；
# - 认识到小的潜在空间不只是被压缩了，而且是*有组织的*：尽管没有人把标签告诉模型，PCA 的前几个方向保留的类别信息仍多于随机方向，即使是指向数字变化之处的随机方向也比不上；并测量与原始像素相比，只用几个数会丢掉多少信息。
#
# **运行时间：** 在空闲的 2 核 CPU 上从头到尾运行约 12 秒（在生成已提交输出的那台机器上用 `python benchmarks/notebooks.py` 测得为 12.2 秒）；机器繁忙时会更久。训练线性自编码器是最耗时的单元，约占全部时间的三分之一到一半。
# <!-- numbers: 12, 12.2 = python benchmarks/notebooks.py, on the idle 2-core machine that built the committed outputs -->

# %%
import matplotlib.pyplot as plt
import numpy as np
import torch
from sklearn.decomposition import PCA
from sklearn.manifold import TSNE
from sklearn.neighbors import KNeighborsClassifier

import course_utils
from course_utils.claims import claim
from course_utils.data import load_mnist
from course_utils.plotting import decoded_grid, image_grid, latent_scatter, metric_curves
from course_utils.widgets import pca_reconstruction_widget

SEED = course_utils.lesson_seed()  # 0 here and in the committed outputs; COURSE_SEED=1 reruns with another
device = course_utils.setup(seed=SEED)
train_images, train_labels = load_mnist("train")
test_images, test_labels = load_mnist("test")
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
# No gradient descent needed: a best $W$ (lowest $L$ on the training set) is given by the top $k$
# eigenvectors of the data's covariance (any orthonormal basis of their span does as well; section 5
# comes back to this). scikit-learn computes them.

# %% [markdown] {"lang": "zh", "en": "12fb2ddc24"}
# ## 编码器、解码器与损失
#
# 本课程中的每个自编码器都由同样的三部分组成：
#
# $$z = f_{\text{enc}}(x), \qquad \hat x = f_{\text{dec}}(z), \qquad
#   L = \frac{1}{n}\sum_{i=1}^{n} \lVert x_i - \hat x_i \rVert^2 .$$
#
# 编码 $z$ 包含的数远少于 $x$，其个数 $k$ 称为*潜在维度*（latent dimension）。因此编码器必须丢掉一部分信息，解码器则必须把它猜回来。我们报告的是 $L$ 除以 784 个像素后的值，即**每像素 MSE**，这样不同尺寸图像的数值也可以相互比较。
#
# PCA 是最优的**线性**自编码器。设均值图像为 $\mu$，$k$ 个标准正交方向为 $w_1,\dots,w_k$（即 $k\times 784$ 矩阵 $W$ 的各行），则：
#
# $$z = W (x - \mu), \qquad \hat x = \mu + W^\top z .$$
#
# 这里不需要梯度下降：一个最优的 $W$（在训练集上 $L$ 最低）由数据协方差矩阵的前 $k$ 个特征向量给出（它们所张成空间的任意一组标准正交基也同样好；后面会再回到这一点）。scikit-learn 会替我们把它们算出来。

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

# %% [markdown] {"lang": "zh", "en": "4525f80f87"}
# 解码器把每个数字都构造成均值图像加上 $W$ 各行的加权和。下面把这些行画成图片（为便于显示，缩放到 [0, 1]）：前几个是模糊的笔画，用来区分 0 和 1；后面的则补充更精细的细节。

# %%
components = W[:17] / (2 * np.abs(W[:17]).max(axis=1, keepdims=True)) + 0.5  # centre 0 at grey
fig = image_grid(np.concatenate([mu[None], components]).reshape(-1, 28, 28), ncols=6, scale=1.1,
                 row_labels=["μ, w1 … w5", "w6 … w11", "w12 … w17"],
                 title="The mean digit μ (pixel values), then the principal directions w_1 … w_17\n(directions: grey = 0, white > 0, black < 0)")

# %% [markdown]
# ## Reconstructions from k = 1 … 64 components
#
# The same eight unseen digits, reconstructed from more and more numbers:

# %% [markdown] {"lang": "zh", "en": "e92363b132"}
# ## 用 k = 1 … 64 个主成分重建
#
# 同样八个模型从未见过的数字，用越来越多的数来重建：

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

# %% [markdown] {"lang": "zh", "en": "bed90b3db9"}
# 由于 $W$ 的各行是标准正交的，平方误差有闭式表达式：它就是 $x - \mu$ 中前 $k$ 个方向没有捕捉到的部分，即 $\lVert x-\mu\rVert^2 - \sum_{j\le k} z_j^2$。这样只需编码一次，就能得到完整的 MSE 随 k 变化的曲线：

# %%
z_all = (X_test - mu) @ W.T                                   # (1000, 64)
total = ((X_test - mu) ** 2).sum(axis=1, keepdims=True)       # ||x - mu||^2 per digit
mse_by_k = (total - np.cumsum(z_all ** 2, axis=1)).mean(axis=0) / 784
mse_mean_image = float(total.mean() / 784)                    # k = 0: every digit drawn as the mean image mu
k_values = np.arange(1, 65)
print(f"k =  0: MSE per pixel {mse_mean_image:.4f} (the mean image alone)")
for k in (2, 8, 32, 64):
    print(f"k = {k:2d}: MSE per pixel {mse_by_k[k - 1]:.4f}, {1 - mse_by_k[k - 1] / mse_mean_image:.0%} less than k = 0")
per_component = -np.diff(np.concatenate([[mse_mean_image], mse_by_k]))  # what component j alone removes
gain = mse_mean_image - mse_by_k                              # what the first k remove together
k_half = int(np.argmax(gain >= gain[-1] / 2)) + 1             # the first k that removes half of what 64 do
print(f"removed by one component: component 1 {per_component[0]:.4f}, component 64 {per_component[63]:.5f} "
      f"({per_component[0] / per_component[63]:.0f} times less); components 33 to 64 together {gain[63] - gain[31]:.4f}")
print(f"the first {k_half} components remove half of what all 64 remove")
print(f"on the test digits, {int((np.diff(per_component) > 0).sum())} of the 63 components after the first "
      "remove more than the one before")
doubling = [1, 2, 4, 8, 16, 32, 64]                           # one step each on the log axis below
drops = -np.diff(mse_by_k[np.array(doubling) - 1])
print("removed per doubling of k:", ", ".join(f"{a}→{b} {d:.4f}" for a, b, d in zip(doubling, doubling[1:], drops)))
claim("k = 2 removes less than a fifth of the mean image's error", mse_by_k[1] > 0.8 * mse_mean_image)
claim("per component the error falls fastest first: component 1 removes over 10 times what component 64 does",
      per_component[0] > 10 * per_component[63])
claim("the first 8 of the 64 components remove half of what all 64 remove", k_half <= 8)
claim("per doubling of k, the drops between k = 4 and k = 32 are larger than the others",
      drops[2:5].min() > max(drops[0], drops[1], drops[5]))
fig = metric_curves(k_values, {"PCA, unseen digits": mse_by_k}, xlabel="latent dimension k",
                    ylabel="MSE per pixel", title="Reconstruction error vs latent size", log_x=True,
                    references={"k = 0: the mean image": mse_mean_image})

# %% [markdown]
# **What we saw.** The mean image alone (k = 0, the dashed line) leaves an MSE per pixel of 0.0677.
# Two components remove only 17 % of that, 8 components 43 %, 32 components 74 % and 64 components 86 %.
#
# Read the curve in two ways. **Per component**, the error falls fastest first and then flattens: PCA
# sorts its directions by the variance they capture on the training digits, so on those digits each
# removes no more than the one before it. On the test digits the order holds only roughly: 22 of
# the 63 components after the first remove more than the one before. Component 1 alone removes
# 0.0065, component 64 only 0.00015, 1/43 of that, and the first 8 components remove half of what all
# 64 remove. **Per doubling of k**, the picture differs, because each doubling adds twice as many
# components as the one before. The x axis is logarithmic (each step to the right doubles k), and on it
# the drops run from 0.0049 (k = 1 → 2) to 0.0108 (k = 8 → 16), larger between k = 4 and k = 32 than at
# either end: the curve is bent, steepest in the middle. The later components are small one by one but
# many, so components 33 to 64 together still remove 0.0080. Lesson 02 asks whether a *nonlinear*
# autoencoder can beat this curve.
#
# ## Scrub k yourself
#
# Drag the slider (or click it and use the arrow keys). The widget shows one test digit of each class,
# 0 to 9: the first of each in the test set, the same ten digits on every machine. Watch which digits
# become recognisable first, and look for the k from which you would call the 4 a 4 rather than a 9:
# is there one such k, or does it waver? (The solutions at the end let the course's digit classifier
# answer.) Its MSE per pixel is computed as in the cells above, on the
# unclipped reconstructions (only the picture is clipped to [0, 1]), but over these ten digits only.

# %% [markdown] {"lang": "zh", "en": "08e4ff391e"}
# **观察结果。** 只用均值图像（k = 0，即虚线）时，每像素 MSE 为 0.0677。两个主成分只去掉了其中的 17 %，8 个主成分去掉 43 %，32 个去掉 74 %，64 个去掉 86 %。
#
# 这条曲线可以从两个角度来读。**按单个主成分看**，误差一开始下降最快，随后趋于平缓：PCA 按各方向在训练数字上捕捉到的方差给它们排序，所以在这些数字上，每个主成分去掉的误差都不多于前一个。在测试数字上，这个顺序只是大致成立：第一个之后的 63 个主成分中，有 22 个去掉的误差比前一个多。第 1 个主成分单独就去掉 0.0065，第 64 个只去掉 0.00015，只有它的 1/43；前 8 个主成分去掉的误差，已经是全部 64 个所去掉的一半。**按 k 每翻一倍看**，情形就不同了，因为每翻一倍所加入的主成分个数是上一次的两倍。横轴是对数轴（每向右一格，k 就翻一倍），在这条轴上，每次去掉的误差从 0.0049（k = 1 → 2）到 0.0108（k = 8 → 16）不等，k = 4 到 k = 32 之间的几步比两端都大：曲线是弯的，中段最陡。靠后的主成分单个来看都很小，但数量多，所以第 33 到第 64 个主成分合起来仍去掉 0.0080。第 02 课将探讨*非线性*自编码器能否胜过这条曲线。
#
# ## 亲手调节 k
#
# 拖动滑块（或点击滑块后用方向键调节）。这个小部件显示每一类各一个测试数字，从 0 到 9：测试集中每类的第一个，在每台机器上都是同样的十个数字。观察哪些数字最先变得可以辨认，再找一找：从哪个 k 起，你会把这个 4 叫作 4 而不是 9？存在这样一个 k 吗，还是它会来回摇摆？（末尾的参考答案让课程的数字分类器来回答。）它显示的每像素 MSE 的算法与上面几个单元相同，是在未截断的重建上计算的（只有图片被截断到 [0, 1]），不过只针对这十个数字。

# %%
one_per_class = [int(np.flatnonzero(test_labels.numpy() == d)[0]) for d in range(10)]  # the first test 0, 1, …, 9
widget = pca_reconstruction_widget(pca, test_images[one_per_class], max_k=64)
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
# points are saddles). Their theorem assumes that the data's covariance is invertible, with distinct
# eigenvalues. Ours is not invertible (the cell below counts the pixels that never change in training),
# so here the theorem is a guide, not a proof, and the run checks what it predicts. The loss does not
# pin down the axes: for any invertible $k \times k$ matrix $A$, the pair $(D A^{-1}, A E)$ reconstructs
# exactly as well. So gradient descent is promised PCA's *subspace* only: nothing in the loss makes its
# directions PCA's $w_j$, or orthonormal, or ordered by variance. We check this for $k = 4$: the
# **principal angles** between two subspaces have cosines 1 when the subspaces are the same; the cosine
# between each decoder column and each $w_j$ says whether the axes agree; the columns' lengths and the
# cosines between them say whether they are orthonormal; and the variance of the training digits along
# each column says whether they are ordered like PCA's.

# %% [markdown] {"lang": "zh", "en": "40fcf7cd25"}
# ## 线性自编码器学到了什么：PCA 的子空间，而不是它的坐标轴
#
# 第 02 课将用梯度下降来训练自编码器。先看最简单的一种：没有非线性，只有一个编码器矩阵 $E$（$k \times 784$）和一个解码器矩阵 $D$（$784 \times k$），作用于中心化后的数字：
#
# $$\hat x = \mu + D\,E\,(x - \mu), \qquad \text{minimise } \tfrac{1}{n}\textstyle\sum_i \lVert x_i - \hat x_i \rVert^2 .$$
#
# Baldi 与 Hornik（1989）证明：在最小值处，$D$ 的各列张成的 $k$ 维子空间与 PCA 的 $w_1, \dots, w_k$ 张成的子空间相同，而且每个局部极小值都是全局最小值（其余的临界点都是鞍点）。他们的定理假设数据的协方差矩阵可逆，且特征值互不相同。我们的协方差矩阵并不可逆（下面的单元会数出训练数据中从不变化的像素有多少个），所以在这里这个定理只是一个指引，而不是证明，由运行结果来检验它的预言。损失函数并不能确定坐标轴：对任意可逆的 $k \times k$ 矩阵 $A$，矩阵对 $(D A^{-1}, A E)$ 的重建效果完全一样。因此，梯度下降得到保证的只有 PCA 的*子空间*：损失函数中没有任何东西使它的方向等于 PCA 的 $w_j$，或者标准正交，或者按方差大小排序。我们在 $k = 4$ 时检验这一点：两个子空间之间的**主角度**（principal angles）的余弦，在两个子空间相同时都等于 1；每个解码器列与每个 $w_j$ 之间的余弦，说明坐标轴是否一致；各列的长度以及列与列之间的余弦，说明它们是否标准正交；训练数字沿每一列的方差，则说明它们是否像 PCA 的方向那样有序。

# %% {"tolerance": "0.02", "tolerance_why": "a linear AE trained by Adam: cosines and norms move in the 2nd decimal between CPU paths"}
k = 4
torch.manual_seed(SEED)
X = torch.from_numpy(X_train - mu).float()                     # centred training digits, (4000, 784)
E = torch.nn.Linear(784, k, bias=False)                        # encoder: z = E (x - mu)
D = torch.nn.Linear(k, 784, bias=False)                        # decoder: x_hat - mu = D z
optimizer = torch.optim.Adam([*E.parameters(), *D.parameters()], lr=1e-2)


def principal_angle_cosines(columns):
    """Cosines of the principal angles between the span of `columns` (784, k) and PCA's first k directions."""
    basis, _ = np.linalg.qr(columns)                            # orthonormal basis of the AE's subspace
    return np.linalg.svd(W[:k] @ basis, compute_uv=False)      # sorted from largest to smallest


for step in range(300):                                         # full-batch gradient descent with Adam
    loss = ((D(E(X)) - X) ** 2).mean()
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    if step + 1 == 150:
        cosines_at_150 = principal_angle_cosines(D.weight.detach().double().numpy())
decoder_columns = D.weight.detach().double().numpy()           # (784, k)
pca_k_mse = ((X_train - mu - (X_train - mu) @ W[:k].T @ W[:k]) ** 2).mean()
print(f"pixels that never change in training: {int((X_train.std(axis=0) == 0).sum())} of 784")
print(f"training MSE per pixel after 300 steps: linear AE {loss.item():.5f}, PCA with k = {k}: {pca_k_mse:.5f} "
      f"({loss.item() / pca_k_mse - 1:.2%} above)")
angle_cosines = principal_angle_cosines(decoder_columns)
print("cosines of the principal angles, AE subspace vs PCA's, after 150 steps:", cosines_at_150.round(3),
      "after 300:", angle_cosines.round(3))
print("PCA's variances λ1 … λ5 (training digits):", pca.explained_variance_[:5].round(2))
unit = decoder_columns / np.linalg.norm(decoder_columns, axis=0)
axis_cosines = np.abs(W[:k] @ unit)
print("|cos| between decoder column j (columns) and w_i (rows):")
print(axis_cosines.round(2))
lengths = np.linalg.norm(decoder_columns, axis=0)
print("lengths of the decoder columns:", lengths.round(2))
print(f"largest |cos| between two decoder columns: {(np.abs(unit.T @ unit) - np.eye(k)).max():.2f}")
variance_along = (X.double().numpy() @ unit).var(axis=0, ddof=1)       # training digits' variance along each column
print("variance of the training digits along each decoder column:", variance_along.round(2),
      "| along w_1 … w_4:", pca.explained_variance_[:k].round(2))
claim("after 300 steps the linear AE's training error is within 0.5 % of PCA's", loss.item() < 1.005 * pca_k_mse)
claim("three of the four principal-angle cosines are above 0.99", angle_cosines[2] > 0.99)
claim("the smallest cosine rose between step 150 and step 300", angle_cosines[3] > cosines_at_150[3])
claim("no decoder column lies along one of PCA's directions (every |cos| below 0.95)", axis_cosines.max() < 0.95)
claim("the decoder columns are not of length 1", np.all(np.abs(lengths - 1) > 0.5))
print("variance along the columns sorted from largest to smallest, as PCA's is:",
      "yes" if np.all(np.diff(variance_along) <= 0) else "no")

# %% [markdown]
# **What we saw.** After 300 steps the linear autoencoder's training error is PCA's, or a hair above it
# (the claim checks that the gap is under 0.5 %), the cosines of the principal angles are 1 or close to
# it, and the smallest one was still rising: it was lower after 150 steps. The autoencoder is closing in
# on PCA's subspace, as Baldi and Hornik predict, some directions sooner than others. On some seeds
# (`COURSE_SEED=3`) 300 steps leave the smallest cosine visibly below 1 and the error slightly above PCA's;
# more steps close the gap. The table of cosines is not the identity: the decoder columns are mixes of the
# $w_i$: none lies along one of them (every |cos| is below 0.95), and most spread over several. The columns are close to orthogonal to each other, but several times longer than 1:
# what keeps them from being orthonormal is mostly their length. And nothing in the loss sorts the
# variance along them: in this run (`SEED` 0) it is not sorted as PCA's is. A run could end up sorted by
# chance; nothing in the loss prevents or causes it. A *nonlinear* autoencoder has no such guarantee: it may end up better or worse than PCA's
# $k$-dimensional subspace; lesson 02 measures whether its curved decoder beats it.
#
# ## From compression to structure
#
# So far the latent code was a compressed file. Now look at the codes themselves. With k = 2 every
# digit is a point in the plane: let's colour each point by its label, which PCA never saw.

# %% [markdown] {"lang": "zh", "en": "c34e82ab1a"}
# **观察结果。** 训练 300 步之后，线性自编码器的训练误差与 PCA 相同，或者只高出一点点（claim 检验的是差距小于 0.5 %）；主角度的余弦等于 1 或接近 1，最小的那个仍在上升：训练 150 步时它还更低。自编码器正在逼近 PCA 的子空间，正如 Baldi 与 Hornik 所预言的，有些方向比另一些更早到位。在某些种子下（`COURSE_SEED=3`），300 步之后最小的余弦仍明显低于 1，误差也略高于 PCA；再多训练一些步数就能消除这个差距。余弦表并不是单位矩阵：解码器的各列都是 $w_i$ 的混合。没有一列沿着其中某一个方向（每个 |cos| 都低于 0.95），多数列分散在几个方向上。各列彼此接近正交，但长度是 1 的好几倍：使它们不成为标准正交的，主要是长度。损失函数中也没有任何东西给沿各列的方差排序：在这次运行中（`SEED` 0），它不像 PCA 的方差那样有序。某次运行也可能碰巧排好了序；损失函数中没有任何东西阻止或促成这一点。*非线性*自编码器则没有这样的保证：它的结果可能比 PCA 的 $k$ 维子空间好，也可能更差；第 02 课会测量它那弯曲的解码器能否胜过这个子空间。
#
# ## 从压缩到结构
#
# 到目前为止，潜在表示（latent code）只被当作一个压缩文件。现在来看这些编码本身。当 k = 2 时，每个数字都是平面上的一个点：我们按标签给每个点着色，而 PCA 从未见过这些标签。

# %%
z2 = z_all[:, :2]
fig, axes = plt.subplots(1, 2, figsize=(9.5, 3.9))
latent_scatter(z2, test_labels, ax=axes[0], title="PCA, k = 2 (linear encoder)")
tsne = TSNE(n_components=2, init="pca", perplexity=30, max_iter=500, random_state=SEED).fit_transform(X_test)
fig = latent_scatter(tsne, test_labels, ax=axes[1], title="t-SNE (no decoder, no code)",
                     axis_labels=("t-SNE 1", "t-SNE 2"))

# %% [markdown]
# The PCA plane already separates 0s from 1s, with other digits overlapping in the middle. t-SNE is a
# nonlinear method that only *places* points: it has no decoder, so it cannot generate or reconstruct,
# and its axes are not a code (hence "t-SNE 1" and "t-SNE 2", not $z_1$ and $z_2$). In the committed run
# (`SEED` 0) it draws the 0s and the 6s as islands of their own and the 1s and 2s side by side, touching;
# the 4s, 7s and 9s share one region, the 3s and most 5s another, and the 8s are split. t-SNE's layout
# moves with the CPU's rounding, so on another machine the same seed can draw a somewhat different map.
#
# Read that picture with care. t-SNE is built to keep each digit's nearest neighbours near it, and it
# tends to draw separate-looking clusters; the distances between its clusters, and their sizes, do not
# carry over from pixel space. So the picture is no evidence that the digits form separate clusters in
# pixel space. It suggests something weaker: that most digits' nearest neighbours in pixel space are
# digits of the same class, which the classifier below measures on the raw pixels.
#
# We can also walk the PCA plane and decode each point. The decoded image changes smoothly as we move,
# but that holds for any affine decoder by construction; what the grid shows is which digit each region
# of the plane decodes to, and where the decoded images look like no digit. The figure's axes are the left panel's $z_1$ and $z_2$, from the 5th
# to the 95th percentile of the codes, so each decoded digit can be found on the scatter plot.

# %% [markdown] {"lang": "zh", "en": "99fdee1475"}
# PCA 平面已经能把 0 和 1 分开，其他数字则在中间相互重叠。t-SNE 是一种只负责*摆放*点的非线性方法：它没有解码器，因此既不能生成也不能重建，而且它的坐标轴也不是编码（所以标作“t-SNE 1”和“t-SNE 2”，而不是 $z_1$ 和 $z_2$）。在提交的这次运行中（`SEED` 为 0），它把 0 和 6 画成各自独立的岛屿，1 和 2 并排相邻、彼此接触；4、7 和 9 共处一片区域，3 和大部分 5 共处另一片，而 8 被分开了。t-SNE 的布局会随 CPU 的舍入而变化，所以在另一台机器上，同一个种子画出的地图可能有些不同。
#
# 解读这张图时要小心。t-SNE 的设计目标是让每个数字的最近邻留在它附近，它往往会画出看起来彼此分离的簇；簇与簇之间的距离以及簇的大小，并不反映像素空间中的情况。所以这张图并不能证明这些数字在像素空间中形成了彼此分离的簇。它提示的是一件更弱的事：大多数数字在像素空间中的最近邻是同一类的数字，下面的分类器会在原始像素上测量这一点。
#
# 我们还可以在 PCA 平面上逐点走过，并把每个点解码出来。移动时解码出的图像会平滑地变化，但这对任何仿射解码器都天然成立；这张网格图真正显示的，是平面上的每个区域解码成哪个数字，以及在哪里解码出的图像什么数字都不像。图的坐标轴就是左图的 $z_1$ 和 $z_2$，范围从编码的第 5 个百分位数到第 95 个百分位数，所以每个解码出的数字都能在散点图上找到对应的位置。

# %%
lo, hi = np.percentile(z2, [5, 95], axis=0)
z1_values, z2_values = np.linspace(lo[0], hi[0], 8), np.linspace(hi[1], lo[1], 8)  # z2 from top to bottom
g1, g2 = np.meshgrid(z1_values, z2_values)
grid = np.stack([g1.ravel(), g2.ravel()], axis=1)                # 64 points in the plane
decoded = np.clip(mu + grid @ W[:2], 0, 1).reshape(-1, 28, 28)
fig = decoded_grid(decoded, z1_values, z2_values, title="Decoding a grid of points in the k = 2 PCA plane")

# %% [markdown]
# How much does the code know about the digit? A 5-nearest-neighbour classifier on the codes tells
# us: if the codes are organised by class, neighbours in the latent space tend to be the same digit.
# Three baselines frame it. The same classifier on the raw 784 pixels shows what the codes keep of what
# the pixels already hold. Random projections to the same k numbers show how much of that is PCA's choice
# of directions and how much is k alone. They come in two kinds, five fixed draws of each (seeded
# `1000 * SEED` to `1000 * SEED + 4`, so that another seed draws other directions), shown as their lowest
# and highest score. Uniform random orthonormal directions in the 784 pixels are the weak baseline: the
# digits' variance sits in a few directions, and a random direction catches little of it. Random mixes of
# the centred training digits, $(X - \mu)^\top g$ for a vector $g$ of 4,000 Gaussian weights, then
# orthonormalised, are the stronger one: such a mix is drawn with covariance proportional to the digits'
# own, so it leans towards PCA's top directions by construction (it is one step of a randomised range
# finder, part of the way to PCA); what it lacks is PCA's exact choice of the directions of largest variance. And linear discriminant analysis (LDA), which uses the labels to
# choose its directions, shows what knowing the labels buys. We use LDA with shrinkage: it needs the
# within-class covariance of 784 pixels, 128 of which never change, and 4,000 digits pin that down badly;
# shrinkage pulls the estimate towards a simpler one, so that LDA does not fit the training digits' quirks.
# The table also shows plain LDA, scikit-learn's default without shrinkage, since that is the one a
# reader tries first.

# %% [markdown] {"lang": "zh", "en": "b4912f7e4a"}
# 编码对数字了解多少？在编码上训练一个 5 近邻分类器就能告诉我们答案：如果编码是按类别组织的，那么在潜在空间中相邻的点往往是同一个数字。有三条基线帮助解读。同一个分类器在原始的 784 个像素上的结果，说明编码保留了多少像素本来就包含的信息。把数字随机投影到同样 k 个数上，说明其中有多少要归功于 PCA 对方向的选择，有多少只取决于 k 的大小。随机投影有两种，每种固定抽取五次（种子为 `1000 * SEED` 到 `1000 * SEED + 4`，这样换一个种子就会抽到别的方向），列出其中最低和最高的得分。784 个像素空间中均匀随机的标准正交方向是较弱的基线：数字的方差集中在少数几个方向上，一个随机方向只能抓住其中很少的一部分。中心化训练数字的随机混合，即 $(X - \mu)^\top g$（$g$ 是由 4,000 个高斯权重组成的向量），再做标准正交化，是较强的基线：这样的混合是按与数字本身的协方差成正比的协方差抽出来的，所以它天然偏向 PCA 的前几个方向（它相当于随机化值域求解器（randomised range finder）的一步，已经朝 PCA 走了一段）；它缺的是 PCA 对最大方差方向的精确选择。线性判别分析（linear discriminant analysis，LDA）用标签来选择方向，它说明知道标签能带来什么。我们使用带收缩（shrinkage）的 LDA：它需要 784 个像素的类内协方差，其中 128 个像素从不变化，而 4,000 个数字很难把它估计准；收缩把估计拉向一个更简单的形式，使 LDA 不去拟合训练数字的偶然特征。表中也列出了不加收缩的普通 LDA（scikit-learn 的默认设置），因为读者最先尝试的就是它。

# %%
def five_nn_accuracy(train_features, test_features):
    """Fit 5-NN on the training digits' features, return its accuracy on the test digits'."""
    knn = KNeighborsClassifier(n_neighbors=5).fit(train_features, train_labels.numpy())
    return knn.score(test_features, test_labels.numpy())


from sklearn.discriminant_analysis import LinearDiscriminantAnalysis

accuracy = {"raw pixels (784)": five_nn_accuracy(X_train, X_test)}
for k in (2, 8, 32):
    accuracy[f"PCA, k = {k}"] = five_nn_accuracy((X_train - mu) @ W[:k].T, (X_test - mu) @ W[:k].T)
random_draws = 5
random_accuracy = {k: [] for k in (2, 8)}                      # uniform random directions in the 784 pixels
mix_accuracy = {k: [] for k in (2, 8)}                         # random mixes of the centred training digits
for draw in range(random_draws):
    rng = np.random.default_rng(1000 * SEED + draw)             # another SEED draws other directions, not 4 of 5 again
    for k in (2, 8):
        Q, _ = np.linalg.qr(rng.standard_normal((784, k)))       # k random orthonormal directions
        random_accuracy[k].append(five_nn_accuracy((X_train - mu) @ Q, (X_test - mu) @ Q))
        M, _ = np.linalg.qr((X_train - mu).T @ rng.standard_normal((len(X_train), k)))  # (784, k), where digits vary
        mix_accuracy[k].append(five_nn_accuracy((X_train - mu) @ M, (X_test - mu) @ M))
# shrinkage regularises the within-class covariance, which 4,000 digits of 784 pixels (some constant) pin down badly
ldas = {"LDA": LinearDiscriminantAnalysis(solver="eigen", shrinkage="auto"),
        "plain LDA": LinearDiscriminantAnalysis(solver="svd")}   # no shrinkage, the scikit-learn default
for name, lda in ldas.items():
    lda.fit(X_train, train_labels.numpy())
    lda_train, lda_test = lda.transform(X_train), lda.transform(X_test)  # 9 directions, best separating first
    for k in (2, 8):
        accuracy[f"{name}, k = {k}"] = five_nn_accuracy(lda_train[:, :k], lda_test[:, :k])
        lda_knn = KNeighborsClassifier(n_neighbors=5).fit(lda_train[:, :k], train_labels.numpy())
        accuracy[f"{name}, k = {k}, on training digits"] = lda_knn.score(lda_train[:, :k], train_labels.numpy())
print("5-NN accuracy on unseen digits (chance: 10%)")
for name, value in accuracy.items():
    if not name.endswith("on training digits"):
        print(f"  {name:<17} {value:.1%}" + (f" (on its training digits: {accuracy[name + ', on training digits']:.1%})"
                                              if "LDA" in name else ""))
for k in (2, 8):
    print(f"  {f'random, k = {k}':<17} {min(random_accuracy[k]):.1%} to {max(random_accuracy[k]):.1%} "
          f"({random_draws} draws of uniform random directions)")
    print(f"  {'':<17} {min(mix_accuracy[k]):.1%} to {max(mix_accuracy[k]):.1%} "
          f"({random_draws} draws of random mixes of the training digits)")
lead = {k: accuracy[f"PCA, k = {k}"] - max(mix_accuracy[k]) for k in (2, 8)}
print(f"PCA's lead over the best random mix: {100 * lead[2]:.1f} points at k = 2, {100 * lead[8]:.1f} at k = 8")
raw = accuracy["raw pixels (784)"]
claim("PCA codes of 2 or of 8 numbers classify worse than the raw pixels",
      max(accuracy["PCA, k = 2"], accuracy["PCA, k = 8"]) < raw)
claim("32 PCA numbers classify at least as well as the raw pixels", accuracy["PCA, k = 32"] >= raw)
claim("random mixes of the digits classify better than uniform random directions, on average by over 5 points",
      min(np.mean(mix_accuracy[k]) - np.mean(random_accuracy[k]) for k in (2, 8)) > 0.05)
claim("PCA's first 2 and first 8 directions classify better than every random draw of either kind",
      min(accuracy[f"PCA, k = {k}"] - max(random_accuracy[k] + mix_accuracy[k]) for k in (2, 8)) > 0)
claim("and better than the random mixes' average by over 5 points, at k = 2 and at k = 8",
      min(accuracy[f"PCA, k = {k}"] - np.mean(mix_accuracy[k]) for k in (2, 8)) > 0.05)
claim("at k = 8 the random mixes close over half of PCA's lead over uniform random directions (on average)",
      np.mean(mix_accuracy[8]) - np.mean(random_accuracy[8]) > (accuracy["PCA, k = 8"] - np.mean(random_accuracy[8])) / 2)
claim("at k = 2 a digit's 5 nearest PCA neighbours give the wrong class more often than the right one",
      accuracy["PCA, k = 2"] < 0.5)
claim("both LDAs, with the labels, beat PCA at k = 2 by over 5 points",
      min(accuracy["LDA, k = 2"], accuracy["plain LDA, k = 2"]) > accuracy["PCA, k = 2"] + 0.05)
claim("at k = 2 both LDAs still get over a third of the test digits wrong",
      max(accuracy["LDA, k = 2"], accuracy["plain LDA, k = 2"]) < 2 / 3)
claim("at k = 8 LDA with shrinkage and PCA are within 2 points of each other",
      abs(accuracy["LDA, k = 8"] - accuracy["PCA, k = 8"]) < 0.02)
claim("at k = 8 plain LDA is over 3 points below LDA with shrinkage",
      accuracy["plain LDA, k = 8"] < accuracy["LDA, k = 8"] - 0.03)
claim("at k = 2 plain LDA is over 5 points above LDA with shrinkage",
      accuracy["plain LDA, k = 2"] > accuracy["LDA, k = 2"] + 0.05)
claim("at k = 8 plain LDA reads its training digits better than LDA with shrinkage, and the test digits worse",
      accuracy["plain LDA, k = 8, on training digits"] > accuracy["LDA, k = 8, on training digits"]
      and accuracy["plain LDA, k = 8"] < accuracy["LDA, k = 8"])

# %% [markdown]
# **What the table shows.** The raw pixels, with no compression at all, give 93.6 %. PCA with 2 or 8
# numbers does worse (40.6 % and 88.8 %): compressing a digit to a few numbers *loses* class
# information here. PCA's directions are not class-blind, although PCA never saw a label. Uniform random
# directions do far worse (`SEED` 0: 16.8 % to 20.6 % at k = 2, 49.2 % to 55.7 % at k = 8, over the five
# draws), mostly because they catch little of the digits' variance. Random mixes of the training digits,
# which lean towards where the data vary, do much better (`SEED` 0: 23.2 % to 30.6 % and 75.3 % to 77.1 %): at
# k = 8 they close most of the gap, so there most of PCA's lead over uniform random directions is that it
# looks where the data vary. At k = 2, the plane plotted above, they close less of it (23.2 % to 30.6 %,
# against PCA's 40.6 % and the uniform directions' 16.8 % to 20.6 %): there PCA's exact axes matter more. Beyond that, its particular axes, the ones of largest variance, add 10.0 points at
# k = 2 and 11.7 at k = 8 over the best of the five mixes in this run (`SEED` 0; over seeds 0-4, 5.1 to
# 10.0 and 8.0 to 11.7 points). What loses class information at small k is having too few *linear*
# dimensions: in a plane even LDA's label-chosen directions leave many test digits with wrong
# neighbours, 52 % of them with shrinkage (47.7 % right) and 44 % without (56.4 % right). At k = 2
# shrinkage costs 8.7 points; at k = 8 it helps: plain LDA reads 94.8 % of its own training digits
# right but only 82.1 % of the test digits, fitting the training digits' quirks, while LDA with shrinkage
# reads 93.8 % and 88.0 % (the training scores are optimistic for both: each training digit is among its
# own 5 neighbours). A nonlinear method can *place* the same points far better in two numbers: the
# t-SNE picture above separates most digits. Lesson 03 scores its own t-SNE map of the test digits (the
# same digits, run with scikit-learn's default 1,000 iterations where this picture uses 500) and PCA's
# plane by 5-fold cross-validation on each map: t-SNE's 84.8 % (85.3 % on the second CPU path lesson 03
# checks), PCA's 41.8 %. PCA's 41.8 % there and 40.6 % here measure
# the same plane in two ways: here the 5-NN is fitted on the training digits' codes and scored on the test
# digits', there it is fitted and scored within the 1,000 test digits' map.
# Whether a nonlinear *encoder* keeps more is for lessons 02 and 03. With 8 numbers LDA with shrinkage and PCA tie (88.0 % against
# 88.8 %, 8 test digits of 1,000): there, knowing the labels buys 5-NN nothing measurable. With 32 numbers PCA comes slightly above the raw pixels (95.2 %). That fits
# PCA acting as a mild denoiser: the directions it drops vary little, and leaving them out of the
# distances seems to remove more noise than class information.
#
# So the codes are organised, although no label was used to build them: their directions carry more
# class information than random ones, even random ones that point where the digits vary. But at k = 2, the plane of the scatter plot above, a digit's 5 nearest
# neighbours name the right class only 40.6 % of the time: that map shows trends (the 0s on one side,
# the 1s on the other), not one region per class. The order is already in the pixels, and a few linear
# numbers keep only part of it.
#
# <!-- numbers: 85.3 % = notebook 03, section 1, the tolerance note of its t-SNE cell (0.848 and 0.853 on two CPU paths); 84.8 %, 41.8 % = notebook 03, section 1 (5-NN accuracy in 2-D by 5-fold cross-validation on the test digits' maps: t-SNE 0.848, PCA 0.418); 52 % = 100 - 47.7; 44 % = 100 - 56.4; 8.7 = 56.4 - 47.7; 5.1, 8.0 = this cell rerun with COURSE_SEED=0..4 (PCA's lead over the best of five random mixes: 10.0, 6.5, 8.1, 5.1, 9.1 at k = 2; 11.7, 10.2, 11.6, 8.0, 8.4 at k = 8) -->
#
# ## Exercises
#
# 1. **Conceptual.** PCA's decoder is linear, or strictly affine: a matrix times the code, plus the mean
#    image. Why can no decoder of that form ($\hat x = b + D z$, any $b$, $D$ and codes $z$) do better than
#    PCA's reconstruction error for a given k (on the training set)? What would a nonlinear one need to
#    do better?
# 2. **Predict, then run.** Before running: will the MSE at k = 784 be exactly 0? Run
#    `PCA(784, svd_solver="covariance_eigh").fit(X_train)` and check on the test digits. (That is the
#    solver this lesson uses: it eigendecomposes the 784 × 784 covariance instead of taking an SVD of the
#    4,000 × 784 data, scikit-learn's default for 784 components. Both give the same components wherever
#    the training digits vary; along the directions where they do not vary at all, each solver picks its
#    own basis, so those components can differ, and either set is a full rotation.)
# 3. **Coding.** Fit PCA to only the 1s of the training set and reconstruct a 7 with k = 8. What
#    does the reconstruction look like, and why? Its reconstruction error is large: what should you
#    compare it with before reading it as "unlike a 1"?
# 4. **Coding.** Plot the fraction of the training digits' variance that the first k components explain,
#    for k = 1 to 64, and relate it to the MSE curve above. (`pca` holds what you need; `dir(pca)` lists it.)

# %% [markdown] {"lang": "zh", "en": "add6582a10"}
# **这张表说明了什么。** 完全不压缩的原始像素得到 93.6 %。只用 2 个或 8 个数的 PCA 更差（40.6 % 和 88.8 %）：在这里，把一个数字压缩成几个数会*丢掉*类别信息。PCA 的方向并非与类别无关，尽管 PCA 从未见过标签。均匀随机的方向要差得多（`SEED` 0：五次抽取中，k = 2 时为 16.8 % 到 20.6 %，k = 8 时为 49.2 % 到 55.7 %），这主要是因为它们只抓住了数字方差中很少的一部分。训练数字的随机混合偏向数据变化的地方，结果好得多（`SEED` 0：23.2 % 到 30.6 % 和 75.3 % 到 77.1 %）：在 k = 8 时，它们弥补了大部分差距，所以在那里 PCA 领先均匀随机方向的部分，大多来自它看的是数据变化的地方。在 k = 2，也就是上面画出的那个平面上，它们弥补得少一些（23.2 % 到 30.6 %，而 PCA 为 40.6 %，均匀随机方向为 16.8 % 到 20.6 %）：在那里，PCA 的精确坐标轴更要紧。除此之外，它那几条特定的轴，也就是方差最大的轴，在这次运行中（`SEED` 0）比五次随机混合中最好的一次在 k = 2 时多 10.0 个百分点，在 k = 8 时多 11.7 个百分点（在种子 0-4 上分别为 5.1 到 10.0 和 8.0 到 11.7 个百分点）。在 k 很小时丢掉类别信息的，是*线性*维数太少：在一个平面上，即使是 LDA 用标签选出的方向，也让许多测试数字的近邻是错的类别：加收缩时为 52 %（正确率 47.7 %），不加收缩时为 44 %（正确率 56.4 %）。在 k = 2 时，收缩让准确率低了 8.7 个百分点；在 k = 8 时它有帮助：普通 LDA 在它自己的训练数字上认对 94.8 %，在测试数字上却只认对 82.1 %，因为它拟合了训练数字的偶然特征；加收缩的 LDA 则分别为 93.8 % 和 88.0 %（两者在训练数字上的得分都偏乐观：每个训练数字都是它自己的 5 个近邻之一）。非线性方法用两个数能把同样这些点*摆放*得好得多：上面的 t-SNE 图把大多数数字分开了。第 03 课对它自己画出的测试数字 t-SNE 地图（同样的数字，用 scikit-learn 默认的 1,000 次迭代，而这里的图用 500 次）和 PCA 平面，分别用 5 折交叉验证打分：t-SNE 得 84.8 %（在第 03 课检验的第二条 CPU 路径上为 85.3 %），PCA 得 41.8 %。PCA 在那里的 41.8 % 与这里的 40.6 % 是用两种方式衡量同一个平面：这里的 5 近邻在训练数字的编码上拟合、在测试数字的编码上打分，那里则是在 1,000 个测试数字的地图内部拟合并打分。非线性*编码器*能否保留更多，留给第 02 课和第 03 课。用 8 个数时，加收缩的 LDA 与 PCA 打成平手（88.0 % 对 88.8 %，相差 1,000 个测试数字中的 8 个）：在那里，知道标签并没有给 5 近邻分类带来可测量的好处。用 32 个数时，PCA 略高于原始像素（95.2 %）。这与 PCA 起到轻度去噪作用的解释相符：它丢掉的方向变化很小，把它们从距离中去掉，去掉的噪声似乎多于类别信息。
#
# 所以这些编码是有组织的，尽管构建编码时没有用到任何标签：它们的方向所含的类别信息多于随机方向，即使是指向数字变化之处的随机方向也比不上。但在 k = 2 时，也就是上面散点图所在的平面上，一个数字的 5 个最近邻只有 40.6 % 的时候给出正确的类别：那张图显示的是趋势（0 在一侧，1 在另一侧），而不是每个类别各占一块区域。这种秩序本来就存在于像素之中，而只用几个线性的数只能保留其中一部分。
#
# <!-- numbers: 85.3 % = notebook 03, section 1, the tolerance note of its t-SNE cell (0.848 and 0.853 on two CPU paths); 84.8 %, 41.8 % = notebook 03, section 1 (5-NN accuracy in 2-D by 5-fold cross-validation on the test digits' maps: t-SNE 0.848, PCA 0.418); 52 % = 100 - 47.7; 44 % = 100 - 56.4; 8.7 = 56.4 - 47.7; 5.1, 8.0 = this cell rerun with COURSE_SEED=0..4 (PCA's lead over the best of five random mixes: 10.0, 6.5, 8.1, 5.1, 9.1 at k = 2; 11.7, 10.2, 11.6, 8.0, 8.4 at k = 8) -->
#
# ## 练习
#
# 1. **概念题。** PCA 的解码器是线性的，严格地说是仿射的：一个矩阵乘以编码，再加上均值图像。为什么对给定的 k（在训练集上），任何这种形式的解码器（$\hat x = b + D z$，$b$、$D$ 和编码 $z$ 任意）的重建误差都不可能低于 PCA？非线性解码器要做到什么才能更好？
# 2. **先预测，再运行。** 运行之前先想一想：k = 784 时 MSE 会恰好为 0 吗？运行 `PCA(784, svd_solver="covariance_eigh").fit(X_train)`，并在测试数字上验证。（这是本课所用的求解器：它对 784 × 784 的协方差矩阵做特征分解，而不是对 4,000 × 784 的数据做 SVD，后者是 scikit-learn 在 784 个成分时默认的做法；在训练数字有变化的方向上，两者给出相同的成分；在训练数字完全不变化的方向上，每个求解器各自选一组基，所以那些成分可能不同，而两组都是完整的旋转。）
# 3. **编程题。** 只用训练集中的 1 来拟合 PCA，再用 k = 8 重建一个 7。重建结果看起来像什么？为什么？它的重建误差很大：在把它解读为“不像 1”之前，应该拿它和什么比较？
# 4. **编程题。** 对 k = 1 到 64，画出前 k 个主成分所解释的训练数字方差的比例，并把它与上面的 MSE 曲线联系起来。（`pca` 里有你需要的东西；`dir(pca)` 会把它们列出来。）

# %% [markdown]
# **Self-check for exercise 4.** `check_cumulative_variance` tells you what is wrong with your curve.
# The first attempt below is wrong on purpose: fix `my_curve` until the check prints ✓.

# %% [markdown] {"lang": "zh", "en": "b81b021352"}
# **练习 4 的自测。** `check_cumulative_variance` 会告诉你曲线哪里不对。下面的第一次尝试是故意写错的：修改 `my_curve`，直到检查打印出 ✓。

# %%
from course_utils.checks import check_cumulative_variance

my_curve = pca.explained_variance_ratio_  # exercise 4: the fraction explained by the first k components
passed = check_cumulative_variance(my_curve, pca)

# %% [markdown]
# <details><summary>Solutions (click to open)</summary>
#
# 1. First the offset. For a fixed $D$, the best code for each digit is its projection onto the span
#    of $D$'s columns, so the error is the summed squared distance of the points $x_i - b$ from that
#    subspace. Moving $b$ along the subspace changes nothing, and the part of $b$ across it is best
#    chosen as the mean of the $x_i$ across it; so $b = \mu$ is always among the best offsets, and with
#    it the data are centred. Then the Eckart–Young theorem: the best rank-k reconstruction of the
#    centred data is the projection onto the top-k principal subspace, which is what PCA decodes. A
#    nonlinear decoder can map the codes onto a *curved* surface that follows the data more closely,
#    which is what lesson 02 trains.
# 2. Not exactly, but 0 up to floating-point rounding, on unseen digits too: with all 784 components $W$ is a
#    full rotation, so $\hat x = x$. Many pixels are always 0 in training, so some components have zero
#    variance, but the rotation is still complete.
#    ```python
#    full = PCA(784, svd_solver="covariance_eigh").fit(X_train)  # the lesson's solver: fast
#    mse_784 = float(((X_test - full.inverse_transform(full.transform(X_test))) ** 2).mean())
#    print(f"k = 784, test digits: MSE per pixel {mse_784:.1e}")
#    claim("with all 784 components the test MSE is 0 up to rounding", mse_784 < 1e-10)
#    ```
# 3. It looks like a blurred 1 with faint crossing strokes, as if several slanted 1s were laid on top of
#    each other: the decoder can only produce combinations of what it learned, and no mix of 1s draws the
#    7's bar. That is the idea behind anomaly detection in lesson 03: a large reconstruction error can mean
#    "unlike the training data", but only against a baseline that is like for like. The 7s' error under the
#    ones-model is about 7 times the test 1s', and that ratio overstates how unlike a 1 a 7 is: the 1s are
#    the easiest digits to rebuild, and the 7s carry more ink (a mean squared pixel of 0.104 against 0.068),
#    so even a PCA(8) fitted on the training 7s themselves leaves the test 7s with over twice the 1s' error.
#    The fair comparison holds the digits fixed and changes the model: the same test 7s rebuilt by the
#    ones-model have about 3 times the error a 7s-model leaves. Draw a few with `image_grid`; the run below
#    prints these errors and lets the course's digit classifier read the rebuilt 7s:
#    ```python
#    from course_utils import pretrained
#    from course_utils.metrics import predict
#
#    ones_pca = PCA(8, svd_solver="covariance_eigh").fit(X_train[train_labels.numpy() == 1])
#    sevens_pca = PCA(8, svd_solver="covariance_eigh").fit(X_train[train_labels.numpy() == 7])  # the baseline
#    sevens = X_test[test_labels.numpy() == 7]
#    rebuilt = np.clip(ones_pca.inverse_transform(ones_pca.transform(sevens)), 0, 1)
#    probs, _ = predict(pretrained.load("mnist_classifier"), torch.from_numpy(rebuilt).float().reshape(-1, 1, 28, 28))
#    read_as_one = float((probs.argmax(1) == 1).float().mean())
#    print(f"the course's classifier reads {read_as_one:.0%} of the {len(sevens)} rebuilt test 7s as a 1")
#    claim("PCA fitted on ones rebuilds nearly every 7 as a 1", read_as_one > 0.9)
#    test_ones = X_test[test_labels.numpy() == 1]
#
#    def rebuild_mse(model, X):
#        return float(((X - model.inverse_transform(model.transform(X))) ** 2).mean())
#
#    mse_7, mse_7_own, mse_1 = rebuild_mse(ones_pca, sevens), rebuild_mse(sevens_pca, sevens), rebuild_mse(ones_pca, test_ones)
#    print(f"MSE per pixel: test 7s {mse_7:.4f} by the ones-model, {mse_7_own:.4f} by the 7s-model "
#          f"({mse_7 / mse_7_own:.1f} times); test 1s {mse_1:.4f} by the ones-model (the 7s': {mse_7 / mse_1:.1f} times that)")
#    print(f"mean squared pixel: test 7s {(sevens ** 2).mean():.3f}, test 1s {(test_ones ** 2).mean():.3f}")
#    claim("even a model of 7s leaves the 7s over twice the error the ones-model leaves the 1s", mse_7_own > 2 * mse_1)
#    claim("the same 7s rebuilt by the ones-model have over 2.5 times the error a 7s-model leaves", mse_7 > 2.5 * mse_7_own)
#    ```
#    <!-- numbers: 0.104, 0.068 = the run above, exercise 3's solution (mean squared pixel of the test 7s and 1s) -->
# 4. `plt.plot(np.arange(1, 65), pca.explained_variance_ratio_.cumsum())`. On the training digits, the
#    ones PCA was fitted on, MSE per pixel at k is exactly (total variance − variance explained by k
#    components) / 784, with the variances taken with 1/n as the MSE is (`explained_variance_` uses
#    1/(n − 1), hence the ratio below), so there the two curves mirror each other. The MSE curve above is measured on the
#    test digits, whose variance along each direction differs a little from the training digits': there
#    the identity holds only approximately. The run below prints both at k = 8:
#    ```python
#    total_variance = ((X_train - mu) ** 2).sum(axis=1).mean()          # summed over the 784 pixels
#    identity = total_variance * (1 - pca.explained_variance_ratio_.cumsum()) / 784   # k = 1 … 64
#    z_train = (X_train - mu) @ W.T
#    train_mse = (((X_train - mu) ** 2).sum(axis=1, keepdims=True) - np.cumsum(z_train ** 2, axis=1)).mean(axis=0) / 784
#    print(f"k = 8, MSE per pixel: the identity {identity[7]:.5f}, training digits {train_mse[7]:.5f}, "
#          f"test digits {mse_by_k[7]:.5f}")
#    claim("the identity is exact on the training digits, up to float32 rounding", np.allclose(identity, train_mse, rtol=1e-4))
#    claim("on the test digits it is off by more than 1 % at k = 8", abs(identity[7] / mse_by_k[7] - 1) > 0.01)
#    ```
#    The self-check:
#    ```python
#    my_curve = pca.explained_variance_ratio_.cumsum()
#    passed = check_cumulative_variance(my_curve, pca)
#    ```
#
# **The widget's 4: from which k is it a 4?** There is no single k. The course's digit classifier, shown
# the widget's clipped reconstructions of that 4 for k = 1 to 64, reads a 9 up to k = 15, wavers between
# 9 and 4 up to k = 19, and reads a 4 from k = 20 on, except for a 9 again at k = 54 and 55. Your eye may
# draw the line elsewhere; the point is that a reconstruction can sit on the border between two classes
# over a whole range of k.
# ```python
# from course_utils import pretrained
# from course_utils.metrics import predict
#
# four = X_test[one_per_class[4]]
# rebuilt_4 = np.stack([np.clip(mu + ((four - mu) @ W[:k].T) @ W[:k], 0, 1) for k in range(1, 65)])
# probs, _ = predict(pretrained.load("mnist_classifier"), torch.from_numpy(rebuilt_4).float().reshape(-1, 1, 28, 28))
# reading = probs.argmax(1).numpy()
# print("the classifier's reading of the widget's 4 at k = 1 … 64:", "".join(str(d) for d in reading))
# claim("the reading changes more than once as k grows", int((np.diff(reading) != 0).sum()) > 1)
# claim("with all 64 components it reads a 4", reading[-1] == 4)
# ```
# </details>
# %% [markdown] {"lang": "zh", "en": "210894143c"}
# <details><summary>参考答案（点击展开）</summary>
#
# 1. 先看偏移量。对固定的 $D$，每个数字最好的编码就是它在 $D$ 的列所张成的子空间上的投影，所以误差就是各点 $x_i - b$ 到这个子空间的距离平方之和。让 $b$ 沿着子空间移动不会改变任何东西，而 $b$ 垂直于子空间的部分，最好取为各 $x_i$ 垂直于子空间部分的均值；所以 $b = \mu$ 总是最优偏移量之一，取它时数据就被中心化了。再用 Eckart–Young 定理：中心化数据的最佳秩 k 重建，就是投影到前 k 个主成分张成的子空间上，这正是 PCA 的解码。非线性解码器可以把编码映射到一个*弯曲*的曲面上，更贴近数据，这正是第 02 课要训练的。
# 2. 不是恰好为 0，但在浮点舍入误差之内为 0，在未见过的数字上也是如此：用全部 784 个主成分时，$W$ 是一个完整的旋转，所以 $\hat x = x$。许多像素在训练数据中始终为 0，所以有些主成分的方差为零，但这个旋转仍然是完整的。
#    ```python
#    full = PCA(784, svd_solver="covariance_eigh").fit(X_train)  # the lesson's solver: fast
#    mse_784 = float(((X_test - full.inverse_transform(full.transform(X_test))) ** 2).mean())
#    print(f"k = 784, test digits: MSE per pixel {mse_784:.1e}")
#    claim("with all 784 components the test MSE is 0 up to rounding", mse_784 < 1e-10)
#    ```
# 3. 它看起来像一个模糊的 1，带着淡淡的交叉笔画，好像几个倾斜的 1 叠在一起：解码器只能生成它学过的东西的组合，而任何 1 的组合都画不出 7 的那一横。这正是第 03 课中异常检测（anomaly detection）背后的思想：重建误差大，可以意味着“与训练数据不同”，但前提是与之比较的基线条件相同。在 1 的模型下，7 的误差约为测试用的 1 的 7 倍，而这个比值夸大了 7 与 1 的差别：1 是最容易重建的数字，而 7 的笔墨更多（像素平方的均值为 0.104，而 1 为 0.068），所以即使用在训练用的 7 本身上拟合的 PCA(8)，测试用的 7 的误差也是 1 的两倍多。公平的比较是固定数字、换模型：同样这些测试用的 7，用 1 的模型重建时的误差，约为 7 的模型留下的误差的 3 倍。可以用 `image_grid` 画出几个来看看；下面的运行打印出这些误差，并让课程的数字分类器读一读重建出的 7：
#    ```python
#    from course_utils import pretrained
#    from course_utils.metrics import predict
#
#    ones_pca = PCA(8, svd_solver="covariance_eigh").fit(X_train[train_labels.numpy() == 1])
#    sevens_pca = PCA(8, svd_solver="covariance_eigh").fit(X_train[train_labels.numpy() == 7])  # the baseline
#    sevens = X_test[test_labels.numpy() == 7]
#    rebuilt = np.clip(ones_pca.inverse_transform(ones_pca.transform(sevens)), 0, 1)
#    probs, _ = predict(pretrained.load("mnist_classifier"), torch.from_numpy(rebuilt).float().reshape(-1, 1, 28, 28))
#    read_as_one = float((probs.argmax(1) == 1).float().mean())
#    print(f"the course's classifier reads {read_as_one:.0%} of the {len(sevens)} rebuilt test 7s as a 1")
#    claim("PCA fitted on ones rebuilds nearly every 7 as a 1", read_as_one > 0.9)
#    test_ones = X_test[test_labels.numpy() == 1]
#
#    def rebuild_mse(model, X):
#        return float(((X - model.inverse_transform(model.transform(X))) ** 2).mean())
#
#    mse_7, mse_7_own, mse_1 = rebuild_mse(ones_pca, sevens), rebuild_mse(sevens_pca, sevens), rebuild_mse(ones_pca, test_ones)
#    print(f"MSE per pixel: test 7s {mse_7:.4f} by the ones-model, {mse_7_own:.4f} by the 7s-model "
#          f"({mse_7 / mse_7_own:.1f} times); test 1s {mse_1:.4f} by the ones-model (the 7s': {mse_7 / mse_1:.1f} times that)")
#    print(f"mean squared pixel: test 7s {(sevens ** 2).mean():.3f}, test 1s {(test_ones ** 2).mean():.3f}")
#    claim("even a model of 7s leaves the 7s over twice the error the ones-model leaves the 1s", mse_7_own > 2 * mse_1)
#    claim("the same 7s rebuilt by the ones-model have over 2.5 times the error a 7s-model leaves", mse_7 > 2.5 * mse_7_own)
#    ```
#    <!-- numbers: 0.104, 0.068 = the run above, exercise 3's solution (mean squared pixel of the test 7s and 1s) -->
# 4. `plt.plot(np.arange(1, 65), pca.explained_variance_ratio_.cumsum())`。在训练数字上，也就是拟合 PCA 所用的数字上，k 处的每像素 MSE 恰好等于（总方差 − 前 k 个主成分解释的方差）/ 784，其中方差与 MSE 一样按 1/n 计算（`explained_variance_` 用的是 1/(n − 1)，所以下面用比例），所以在那里两条曲线互为镜像。上面的 MSE 曲线是在测试数字上测得的，测试数字在每个方向上的方差与训练数字略有不同：在那里这个等式只是近似成立。下面的运行打印出 k = 8 时的两者：
#    ```python
#    total_variance = ((X_train - mu) ** 2).sum(axis=1).mean()          # summed over the 784 pixels
#    identity = total_variance * (1 - pca.explained_variance_ratio_.cumsum()) / 784   # k = 1 … 64
#    z_train = (X_train - mu) @ W.T
#    train_mse = (((X_train - mu) ** 2).sum(axis=1, keepdims=True) - np.cumsum(z_train ** 2, axis=1)).mean(axis=0) / 784
#    print(f"k = 8, MSE per pixel: the identity {identity[7]:.5f}, training digits {train_mse[7]:.5f}, "
#          f"test digits {mse_by_k[7]:.5f}")
#    claim("the identity is exact on the training digits, up to float32 rounding", np.allclose(identity, train_mse, rtol=1e-4))
#    claim("on the test digits it is off by more than 1 % at k = 8", abs(identity[7] / mse_by_k[7] - 1) > 0.01)
#    ```
#    自测：
#    ```python
#    my_curve = pca.explained_variance_ratio_.cumsum()
#    passed = check_cumulative_variance(my_curve, pca)
#    ```
#
# **小部件里的 4：从哪个 k 起它是 4？** 并没有唯一的 k。把小部件中这个 4 在 k = 1 到 64 时经过截断的重建交给课程的数字分类器，它在 k = 15 及以下读作 9，到 k = 19 为止在 9 和 4 之间摇摆，从 k = 20 起读作 4，只是在 k = 54 和 55 时又读作 9。你的眼睛也许会把界线划在别处；要点在于，重建结果可以在相当一段 k 的范围内处于两个类别的边界上。
# ```python
# from course_utils import pretrained
# from course_utils.metrics import predict
#
# four = X_test[one_per_class[4]]
# rebuilt_4 = np.stack([np.clip(mu + ((four - mu) @ W[:k].T) @ W[:k], 0, 1) for k in range(1, 65)])
# probs, _ = predict(pretrained.load("mnist_classifier"), torch.from_numpy(rebuilt_4).float().reshape(-1, 1, 28, 28))
# reading = probs.argmax(1).numpy()
# print("the classifier's reading of the widget's 4 at k = 1 … 64:", "".join(str(d) for d in reading))
# claim("the reading changes more than once as k grows", int((np.diff(reading) != 0).sum()) > 1)
# claim("with all 64 components it reads a 4", reading[-1] == 4)
# ```
# </details>
