# %% [markdown]
# # 06 · The latent interpolation studio: AE vs VAE vs GAN
#
# Three models turn a short code $z$ into a digit: the autoencoder of notebook 02, the GAN generator of
# notebook 05, and a new one, the **variational autoencoder** (VAE). Here we walk between digits in each
# latent space, see where each space has *holes*, and do arithmetic with codes. This is also the
# instructor's demo notebook: it loads shipped weights, so the widgets are on screen in seconds and answer
# a slider move in a few milliseconds (choosing a new digit for the GAN takes a fraction of a second: it
# searches for the digit's code once).
#
# **You will learn to**
# - write the VAE's objective, the ELBO (reconstruction + KL), and the reparameterisation trick;
# - explain why a plain autoencoder's latent space has holes, how the VAE's KL term fills them, and where a
#   GAN's generator still draws non-digits;
# - interpolate along linear and spherical paths, and find a GAN's code for a real digit (GAN inversion);
# - do latent arithmetic with class means.
#
# **Run time:** about 20 s top to bottom on a 2-core CPU (measured with `python benchmarks/notebooks.py`; the widgets use shipped models, so they appear within seconds).

# %% [markdown] {"lang": "zh", "en": "8134bc7067"}
# # 06 · 潜在插值工作室（latent interpolation studio）：AE vs VAE vs GAN
#
# 三个模型都能把一个简短的编码 $z$ 变成一个数字：notebook 02 的自编码器（autoencoder）、notebook 05 的 GAN 生成器（generator），以及一个新模型——**变分自编码器**（variational autoencoder，VAE）。本 notebook 中，我们将在每个模型的潜在空间（latent space）里从一个数字走到另一个数字，看看每个空间在哪里有*空洞*，并用编码做算术。这也是讲师的演示 notebook：它加载随课程提供的权重，因此交互控件几秒内就会出现在屏幕上，拖动滑块几毫秒内就能得到响应（为 GAN 换一个新数字时要花零点几秒：它要为这个数字搜索一次编码）。
#
# **你将学会**
# - 写出 VAE 的目标函数——证据下界（evidence lower bound，ELBO），即重建（reconstruction）项 + KL 项——以及重参数化技巧（reparameterisation trick）；
# - 解释为什么普通自编码器的潜在空间有空洞、VAE 的 KL 项如何填补这些空洞，以及 GAN 的生成器在哪里仍会画出不是数字的图像；
# - 沿线性路径和球面路径进行插值，并为一个真实数字找到它在 GAN 中的编码（GAN 反演，GAN inversion）；
# - 用类别均值做潜在空间算术（latent arithmetic）。
#
# **运行时间：** 在 2 核 CPU 上从头到尾运行约 20 秒（用 `python benchmarks/notebooks.py` 测得；交互控件使用随课程提供的模型，所以几秒内就会出现）。

# %%
import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F

import course_utils
from course_utils import pretrained
from course_utils.claims import claim
from course_utils.data import load_mnist
from course_utils.latent import class_means, codes_of, lerp, slerp
from course_utils.metrics import hole_fraction, predict
from course_utils.models import VAE
from course_utils.plotting import image_grid
from course_utils.raster import images_png, tile_images
from course_utils.training import check_finite, fit
from course_utils.vae import negative_elbo
from course_utils.widgets import arithmetic_widget, interpolation_widget, latent_explorer, picture_switcher

SEED = course_utils.lesson_seed()  # 0 here and in the committed outputs; COURSE_SEED=1 reruns with another
device = course_utils.setup(seed=SEED)

# %% [markdown]
# ## The shipped models
# Each was trained once by the course's own code (`python -m course_utils.pretrained rebuild NAME`
# re-creates it). Loading takes milliseconds, so nothing trains during a demo.

# %% [markdown] {"lang": "zh", "en": "b90fd92590"}
# ## 随课程提供的模型
# 每个模型都由课程自己的代码训练过一次（`python -m course_utils.pretrained rebuild NAME` 可以重新生成它）。加载只需几毫秒，所以演示过程中不需要训练任何模型。

# %%
test_images, test_labels = load_mnist("test")
shipped = {"AE": "ae_mnist_d2", "VAE": "vae_mnist_d2", "GAN": "gan_mnist_unlabelled"}  # a GAN that saw no labels
models = {key: pretrained.load(name) for key, name in shipped.items() if name in pretrained.available()}
for key, model in models.items():
    print(f"{key:4s} {shipped[key]:20s} {type(model).__name__:15s} latent_dim = {model.latent_dim}")

# %% [markdown]
# **What differs besides the objective.** The three models were not built as a controlled experiment:
#
# | | AE (`ae_mnist_d2`) | VAE (`vae_mnist_d2`) | GAN (`gan_mnist_unlabelled`) |
# | --- | --- | --- | --- |
# | networks | convolutional | fully connected | convolutional (DCGAN) |
# | code size $d$ | 2 | 2 | 16 |
# | training | MSE, 100 epochs, digits shifted by up to 1 pixel | negative ELBO, 150 epochs | the GAN game, 260 epochs, $D$ sees 2-pixel shifts |
# | labels | none | none | none |
#
# So the AE and the VAE, both with 2-D codes, differ in their objective *and* in their architecture; when
# we compare their holes below, keep both in mind. The GAN's code has 8 times the dimensions, so its numbers
# do not line up one-to-one with the 2-D models'; we compare it with them only where the dimension does not
# decide the answer, and say so.

# %% [markdown] {"lang": "zh", "en": "2eb9170061"}
# **除了目标函数，还有哪些不同。** 这三个模型并不是按对照实验的方式构建的：
#
# | | AE（`ae_mnist_d2`） | VAE（`vae_mnist_d2`） | GAN（`gan_mnist_unlabelled`） |
# | --- | --- | --- | --- |
# | 网络 | 卷积网络 | 全连接网络 | 卷积网络（深度卷积 GAN，即 DCGAN） |
# | 编码大小 $d$ | 2 | 2 | 16 |
# | 训练 | 均方误差（MSE），100 轮，数字随机平移至多 1 个像素 | 负 ELBO，150 轮 | GAN 博弈，260 轮，判别器（discriminator）$D$ 看到的是平移至多 2 个像素的图像 |
# | 标签 | 无 | 无 | 无 |
#
# 因此，AE 和 VAE 虽然都使用 2 维编码，但它们的目标函数*和*网络结构都不相同；在下面比较它们的空洞时，要同时记住这两点。GAN 的编码维数是它们的 8 倍，所以它的数值不能与 2 维模型的数值一一对应；只有在维数不影响结论的地方，我们才把它与 2 维模型比较，并会明确指出。

# %% [markdown]
# ## Demo: walk from one digit to another
# Pick two test digits by class (dropdown) or by index (slider). Each model gets a code for each digit
# (the autoencoders encode it; the GAN, which has no encoder, *searches* for a code whose image matches,
# see below) and decodes the points in between. Move **t** or press ▶. Switch between the **linear** and
# the **spherical** path.

# %% [markdown] {"lang": "zh", "en": "2a91a0b5d3"}
# ## 演示：从一个数字走到另一个数字
# 按类别（下拉菜单）或按索引（滑块）选出两个测试数字。每个模型都为每个数字求出一个编码（两个自编码器直接对它编码；GAN 没有编码器（encoder），要*搜索*一个所生成图像与之相符的编码，见下文），然后解码两者之间的各个点。拖动 **t** 或按 ▶。可以在**线性**路径和**球面**路径之间切换。

# %% {"tags": ["readme:interpolation_widget"]}
interpolation_widget(models, test_images, test_labels, start=3, end=2, path="linear", t=0.5)

# %% [markdown]
# ## The VAE: an autoencoder whose codes are distributions
# A plain autoencoder maps each image to one point $z = f_\text{enc}(x)$. A VAE's encoder outputs a
# Gaussian $q(z \mid x) = \mathcal N(\mu(x), \operatorname{diag}\sigma^2(x))$, and the decoder gives each
# pixel a probability, $p(x \mid z)$. Training maximises the **evidence lower bound** of $\log p(x)$:
#
# $$\mathrm{ELBO}(x) = \underbrace{\mathbb E_{z \sim q(z \mid x)}\big[\log p(x \mid z)\big]}_{\text{reconstruction}}
#   \;-\; \underbrace{\mathrm{KL}\big(q(z \mid x)\,\|\,\mathcal N(0, I)\big)}_{\text{stay near the prior}}$$
#
# **Where the bound comes from.** For any distribution $q(z \mid x)$, since $p(x) = p(x, z) / p(z \mid x)$ for every $z$,
#
# $$\log p(x) = \mathbb E_{q}\Big[\log \frac{p(x, z)}{p(z \mid x)}\Big]
#   = \mathbb E_{q}\Big[\log \frac{p(x \mid z)\,p(z)}{q(z \mid x)}\Big] + \mathbb E_{q}\Big[\log \frac{q(z \mid x)}{p(z \mid x)}\Big]
#   = \mathrm{ELBO}(x) + \mathrm{KL}\big(q(z \mid x)\,\|\,p(z \mid x)\big),$$
#
# and the first expectation splits into the two terms above, $\mathbb E_q[\log p(x \mid z)] - \mathrm{KL}(q(z \mid x)\,\|\,p(z))$.
# A KL divergence is never negative, so the ELBO is a lower bound on $\log p(x)$, tight exactly when $q$ is
# the true posterior $p(z \mid x)$. Maximising it does two jobs at once: $\log p(x)$ does not depend on the
# encoder, so raising the ELBO through the encoder can only pull $q$ towards the posterior; raising it through
# the decoder pushes up a lower bound on $\log p(x)$.
#
# - The reconstruction term, with one Bernoulli per pixel, is minus the binary cross-entropy summed over
#   the 784 pixels. We estimate the expectation with one sample of $z$. A caveat: our pixels are grey
#   levels in $[0, 1]$, not 0 or 1, and a Bernoulli is a distribution over 0 and 1 only. So this term is a
#   loss that compares models on the same data, not the log-probability of an image, and the "nats" below
#   are its units, not a likelihood you could compare with other papers' (the continuous Bernoulli of
#   Loaiza-Ganem and Cunningham, 2019, is one fix).
# - The KL term has a closed form for Gaussians:
#   $\mathrm{KL} = \tfrac12 \sum_j \big(\mu_j^2 + \sigma_j^2 - \log\sigma_j^2 - 1\big)$.
# - **Reparameterisation.** The reconstruction term is an expectation over $z \sim q(z \mid x)$, and that
#   expectation does have a gradient with respect to $\mu$ and $\sigma$. One estimator of it needs no trick:
#   the score-function (REINFORCE) estimator, $f(z)\,\nabla \log q(z \mid x)$, averaged over samples. But it
#   uses only the value $f(z)$ of each sample, and its spread is large. Writing $z = \mu + \sigma \odot \varepsilon$
#   with $\varepsilon \sim \mathcal N(0, I)$ moves the randomness into $\varepsilon$ and makes $z$ a
#   differentiable function of $\mu$ and $\sigma$: backpropagation then gives the *pathwise* estimator,
#   $\nabla_z f(z)$, which uses how $f$ changes around each sample and usually has a far smaller spread. The cell
#   after the shipped model's loss below measures both.
#
# Here is the loss (the negative ELBO), line by line:

# %% [markdown] {"lang": "zh", "en": "b04e47f563"}
# ## VAE：编码是分布的自编码器
# 普通自编码器把每张图像映射到一个点 $z = f_\text{enc}(x)$。VAE 的编码器输出一个高斯分布 $q(z \mid x) = \mathcal N(\mu(x), \operatorname{diag}\sigma^2(x))$，而解码器（decoder）给每个像素一个概率，即 $p(x \mid z)$。训练时最大化 $\log p(x)$ 的**证据下界**：
#
# $$\mathrm{ELBO}(x) = \underbrace{\mathbb E_{z \sim q(z \mid x)}\big[\log p(x \mid z)\big]}_{\text{reconstruction}}
#   \;-\; \underbrace{\mathrm{KL}\big(q(z \mid x)\,\|\,\mathcal N(0, I)\big)}_{\text{stay near the prior}}$$
#
# **这个下界从何而来。** 对任意分布 $q(z \mid x)$，由于 $p(x) = p(x, z) / p(z \mid x)$ 对每个 $z$ 都成立，
#
# $$\log p(x) = \mathbb E_{q}\Big[\log \frac{p(x, z)}{p(z \mid x)}\Big]
#   = \mathbb E_{q}\Big[\log \frac{p(x \mid z)\,p(z)}{q(z \mid x)}\Big] + \mathbb E_{q}\Big[\log \frac{q(z \mid x)}{p(z \mid x)}\Big]
#   = \mathrm{ELBO}(x) + \mathrm{KL}\big(q(z \mid x)\,\|\,p(z \mid x)\big),$$
#
# 而其中第一个期望正好拆成上面的两项：$\mathbb E_q[\log p(x \mid z)] - \mathrm{KL}(q(z \mid x)\,\|\,p(z))$。KL 散度（KL divergence）永远不会是负数，所以 ELBO 是 $\log p(x)$ 的一个下界，并且恰好在 $q$ 等于真实后验 $p(z \mid x)$ 时取等号。最大化 ELBO 同时完成两项工作：$\log p(x)$ 与编码器无关，所以通过编码器提高 ELBO 只能把 $q$ 拉向后验；通过解码器提高 ELBO，则是在抬高 $\log p(x)$ 的一个下界。
#
# - 若每个像素用一个伯努利分布建模，重建项就等于 784 个像素上二元交叉熵之和的相反数。我们只用 $z$ 的一个样本来估计这个期望。需要注意：我们的像素是 $[0, 1]$ 中的灰度值，而不只是 0 或 1，而伯努利分布只定义在 0 和 1 上。因此这一项只是在同一份数据上比较模型的一个损失，而不是一张图像的对数概率；下文的 “nats”（奈特）是它的单位，而不是可以与其他论文相比较的似然（Loaiza-Ganem 和 Cunningham 在 2019 年提出的连续伯努利分布是一种修正办法）。
# - 对高斯分布，KL 项有闭式解：$\mathrm{KL} = \tfrac12 \sum_j \big(\mu_j^2 + \sigma_j^2 - \log\sigma_j^2 - 1\big)$。
# - **重参数化。** 重建项是对 $z \sim q(z \mid x)$ 的期望，而这个期望对 $\mu$ 和 $\sigma$ 确实有梯度。有一种估计它的方法不需要任何技巧：得分函数（score-function，即 REINFORCE）估计量，$f(z)\,\nabla \log q(z \mid x)$，对多个样本取平均。但它只用到每个样本的函数值 $f(z)$，波动很大。把它写成 $z = \mu + \sigma \odot \varepsilon$，其中 $\varepsilon \sim \mathcal N(0, I)$，就把随机性移到了 $\varepsilon$ 中，$z$ 也就成为 $\mu$ 和 $\sigma$ 的可微函数：反向传播给出的是*路径式*（pathwise）估计量 $\nabla_z f(z)$，它利用了 $f$ 在每个样本附近如何变化，波动通常小得多。下文在随课程提供的模型的损失之后，有一个单元对两者进行了测量。
#
# 下面逐行写出这个损失（负 ELBO）：

# %%
def vae_loss(model, x):
    """Negative ELBO of a batch x (N, 1, 28, 28) in [0, 1]: (loss, reconstruction, kl), nats per digit."""
    mu, logvar = model.encode_stats(x)                   # q(z|x) = N(mu, diag(exp(logvar)))
    eps = torch.randn_like(mu)
    z = mu + torch.exp(0.5 * logvar) * eps               # the reparameterisation
    logits = model.decode_logits(z)                      # p(x|z): one Bernoulli logit per pixel
    reconstruction = F.binary_cross_entropy_with_logits(logits, x, reduction="sum") / len(x)
    kl = 0.5 * (mu.pow(2) + logvar.exp() - logvar - 1).sum() / len(x)
    return reconstruction + kl, reconstruction, kl


demo = VAE(latent_dim=2)
torch.manual_seed(SEED + 1)
ours = vae_loss(demo, test_images[:64])
torch.manual_seed(SEED + 1)
package = negative_elbo(demo, test_images[:64])  # the same loss in course_utils, used by the shipped recipe
print(f"our loss {ours[0]:.3f}, course_utils.vae.negative_elbo {package[0]:.3f}, same: {torch.allclose(ours[0], package[0])}")
with torch.no_grad():  # the KL's closed form, against torch's own KL between the two Gaussians
    mu, logvar = demo.encode_stats(test_images[:64])
    q = torch.distributions.Normal(mu, torch.exp(0.5 * logvar))
    by_torch = torch.distributions.kl_divergence(q, torch.distributions.Normal(0.0, 1.0)).sum() / 64
print(f"closed-form KL {ours[2]:.5f}, torch.distributions.kl_divergence {by_torch:.5f}, "
      f"same: {torch.allclose(ours[2], by_torch, rtol=1e-5)}")

# %% [markdown]
# A few epochs of training with that loss, on the 4,000 training digits (about 3 s). The shipped
# `vae_mnist_d2` was trained with the same loss for 150 epochs (`course_utils.training.fit(vae, images,
# objective=negative_elbo)`).

# %% [markdown] {"lang": "zh", "en": "1e9215b2a8"}
# 用这个损失训练几轮，数据是 4,000 个训练数字（约 3 秒）。随课程提供的
# `vae_mnist_d2` 用同样的损失训练了 150 轮（`course_utils.training.fit(vae, images,
# objective=negative_elbo)`）。

# %%
train_images, _ = load_mnist("train")
optimizer = torch.optim.Adam(demo.parameters(), lr=1e-3)
step = 0
for epoch in range(4):
    totals = torch.zeros(3)
    for index in torch.randperm(len(train_images)).split(128):
        loss, reconstruction, kl = vae_loss(demo, train_images[index])
        check_finite(loss, step=step)  # stop with a clear message if the loss becomes NaN
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        totals += torch.tensor([loss.item(), reconstruction.item(), kl.item()]) * len(index)
        step += 1
    loss, reconstruction, kl = (totals / len(train_images)).tolist()
    print(f"epoch {epoch + 1}: -ELBO {loss:6.1f} = reconstruction {reconstruction:6.1f} + KL {kl:4.2f} nats per digit")

# %%
vae = models["VAE"]
with torch.no_grad():
    torch.manual_seed(SEED)
    loss, reconstruction, kl = negative_elbo(vae, test_images)
print(f"shipped vae_mnist_d2 on 1,000 unseen digits: -ELBO {loss:.1f} = {reconstruction:.1f} + KL {kl:.2f} nats")

# %% [markdown]
# **Two estimators of one gradient.** For the first test digit, the gradient of the expected reconstruction
# term $\mathbb E_q[f(z)]$ (here $f$ is the binary cross-entropy) with respect to $\mu$, estimated from the
# same 1,000 samples $\varepsilon$ in both ways: the score function, $f(z)\,\varepsilon / \sigma$, and the
# pathwise gradient, $\nabla_z f(z)$ at $z = \mu + \sigma \odot \varepsilon$. Both estimate the same vector;
# the "spread" is the standard deviation of one sample's estimate.

# %% [markdown] {"lang": "zh", "en": "fbe0656144"}
# **同一个梯度的两种估计。** 对第一个测试数字，求重建项期望 $\mathbb E_q[f(z)]$（这里 $f$ 是二元交叉熵）对 $\mu$ 的梯度，用同样的 1,000 个样本 $\varepsilon$ 以两种方式估计：得分函数 $f(z)\,\varepsilon / \sigma$，以及路径式梯度 $\nabla_z f(z)$（在 $z = \mu + \sigma \odot \varepsilon$ 处取值）。两者估计的是同一个向量；“波动”（spread）指单个样本所给估计的标准差。

# %%
x = test_images[:1]
with torch.no_grad():
    mu, logvar = vae.encode_stats(x)
sigma = torch.exp(0.5 * logvar)
eps = torch.randn(1000, 2, generator=torch.Generator().manual_seed(SEED))
z = (mu + sigma * eps).requires_grad_()
f = F.binary_cross_entropy_with_logits(vae.decode_logits(z), x.expand(len(z), -1, -1, -1),
                                       reduction="none").sum((1, 2, 3))   # (1000,): f(z) of each sample
estimates = {"score function": f.detach()[:, None] * eps / sigma,         # f(z) * d log q(z|x) / d mu
             "pathwise": torch.autograd.grad(f.sum(), z)[0]}              # d f / d z = d f(mu + sigma eps) / d mu
for name, g in estimates.items():
    mean, error = g.mean(0), g.std(0) / len(g) ** 0.5
    print(f"{name:14s}: gradient ({mean[0]:7.1f} ± {error[0]:5.1f}, {mean[1]:7.1f} ± {error[1]:5.1f}); "
          f"spread of one sample's estimate {g.std(0).mean():6.0f}")
spread = {name: float(g.std(0).mean()) for name, g in estimates.items()}
difference = (estimates["score function"].mean(0) - estimates["pathwise"].mean(0)).abs()
claim("the two estimates agree within 4 standard errors of the score-function one",
      bool((difference < 4 * estimates["score function"].std(0) / 1000 ** 0.5).all()))
claim("the score function's spread is more than 10 times the pathwise one's",
      spread["score function"] > 10 * spread["pathwise"])

# %% [markdown]
# ## Holes: decode random codes
# To *generate*, we pick a code we have never seen and decode it. For the VAE and the GAN the natural
# choice is the prior, $z \sim \mathcal N(0, I)$: both were trained on it. A plain autoencoder has no prior,
# so we fit a Gaussian to the codes of the test digits (a mean and a standard deviation per dimension) and
# sample from that. It is a fair, simple choice, not the most generous one: a density that follows the
# arms of the AE's map, such as a Gaussian mixture or a kernel density estimate fitted to the same codes,
# would land fewer samples in holes. We try a kernel density estimate too, below.

# %% [markdown] {"lang": "zh", "en": "31a0ec8e95"}
# ## 空洞：解码随机编码
# 要*生成*新样本，我们就取一个从未见过的编码并把它解码。对 VAE 和 GAN 来说，最自然的选择是从先验中采样，$z \sim \mathcal N(0, I)$：两者都是在这个先验上训练的。普通自编码器没有先验，所以我们对测试数字的编码拟合一个高斯分布（每个维度一个均值和一个标准差），再从中采样。这是一个公平而简单的选择，但并不是对它最宽容的选择：一个顺着 AE 地图上各条“臂”分布的密度，例如对同样的编码拟合的高斯混合模型或核密度估计（kernel density estimate），会让更少的样本落入空洞。下面我们也试一试核密度估计。

# %%
encoders = {key: m for key, m in models.items() if callable(getattr(m, "encode", None))}
codes = {key: codes_of(m, test_images) for key, m in encoders.items()}
generator = torch.Generator().manual_seed(SEED)
random_codes = {}
for key, model in models.items():
    noise = torch.randn(1000, model.latent_dim, generator=generator)
    if key == "AE":  # no prior: a Gaussian fitted to the AE's own codes
        noise = codes[key].mean(0) + codes[key].std(0) * noise
    random_codes[key] = noise
with torch.no_grad():
    samples = {key: models[key].decode(z) for key, z in random_codes.items()}
fig = image_grid(torch.cat([s[:12] for s in samples.values()]), ncols=12, row_labels=list(samples),
                 title="Decoded random codes, one row per model")

# %% [markdown]
# How many look like a digit? We ask the small digit classifier of notebook 05: a sample counts as
# *digit-like* when the classifier gives one class at least 90 % probability (real test digits: first
# line). For the 2-D models we also measure the holes directly: the share of random codes farther from
# every real code than 99 % of real codes are from their nearest neighbour.
# <!-- numbers: 90 % = the cell's threshold, 0.9; 99 % = the quantile of course_utils.metrics.hole_fraction, 0.99 -->

# %% [markdown] {"lang": "zh", "en": "76afaaa374"}
# 其中有多少看起来像数字？我们请 notebook 05 中的小型数字分类器来判断：如果分类器给某一类至少 90 % 的概率，这个样本就算作*像数字*（真实测试数字的结果见第一行）。对于 2 维模型，我们还直接测量空洞：如果一个随机编码到每一个真实编码的距离，都比 99 % 的真实编码到各自最近邻的距离更远，它就落在空洞里；我们统计这类随机编码所占的比例。
# <!-- numbers: 90 % = the cell's threshold, 0.9; 99 % = the quantile of course_utils.metrics.hole_fraction, 0.99 -->

# %%
classifier = pretrained.load("mnist_classifier")
confident = lambda images: (predict(classifier, images)[0].max(1).values >= 0.9).double().mean().item()
print(f"real test digits: {confident(test_images):.0%} digit-like")
for key in samples:
    line = f"{key:4s} random codes: {confident(samples[key]):.0%} digit-like"
    if key in codes and models[key].latent_dim == 2:
        line += f", {hole_fraction(random_codes[key], codes[key]):.0%} fall in a hole of the real codes"
    print(line)
holes = {key: hole_fraction(random_codes[key], codes[key]) for key in ("AE", "VAE")}
claim("fewer of the VAE's random codes than of the AE's fall in holes", holes["VAE"] < holes["AE"])
claim("the GAN's random codes are the most often digit-like",
      max(samples, key=lambda key: confident(samples[key])) == "GAN")

# A kernel density estimate of the AE's codes: a random real code plus Gaussian noise of Scott's bandwidth,
# n ** (-1 / (d + 4)) standard deviations per dimension (d = 2). Its own generator leaves the lines above as they were.
kde_generator = torch.Generator().manual_seed(SEED + 1)
bandwidth = len(codes["AE"]) ** (-1 / 6) * codes["AE"].std(0)
kde_codes = (codes["AE"][torch.randint(len(codes["AE"]), (1000,), generator=kde_generator)]
             + bandwidth * torch.randn(1000, 2, generator=kde_generator))
with torch.no_grad():
    kde_samples = models["AE"].decode(kde_codes)
kde_holes = hole_fraction(kde_codes, codes["AE"])
print(f"AE   a KDE of its codes: {confident(kde_samples):.0%} digit-like, {kde_holes:.0%} fall in a hole of the real codes")
claim("a KDE of the AE's codes lands fewer samples in holes than the Gaussian fitted to them", kde_holes < holes["AE"])
claim("yet the KDE's samples are no more often digit-like than the Gaussian's",
      confident(kde_samples) <= confident(samples["AE"]))

# %% [markdown]
# The holes fall from the AE's to the VAE's, but the share of digit-like samples barely moves: at $d = 2$
# both models draw many blurry in-between shapes, hole or no hole, so holes are only part of the story. The
# last line says the same from the AE's side: sampling near its real codes (a kernel density estimate) all
# but removes the holes, a measure kind to it, since its samples are real codes plus a little noise and the
# holes are measured against those same codes, yet its samples are no more often digit-like. The
# GAN's line is not directly comparable: its code has 16 dimensions, not 2, and no hole measure is shown.
#
# **Why.** The autoencoder's loss only asks that the codes *of training images* decode well. Nothing says
# where those codes should sit or what lies between them: classes spread into separate arms with empty
# space around them, and the decoder never learned what to draw there. The VAE's KL term pulls every
# $q(z \mid x)$ towards $\mathcal N(0, I)$, so codes fill the prior's region, and the sampling noise makes the
# decoder draw something sensible for a whole neighbourhood of each code, not just one point. The GAN's
# generator is trained *only* on codes drawn from the prior, so no region the prior reaches is left
# untrained: its code space has no empty regions. That does not make every code a digit. As notebook 05
# argued, a continuous generator must pass through shapes that are neither a 3 nor an 8 on its way from
# one to the other, so some prior codes decode to shapes the classifier cannot name (the GAN line above):
# the GAN's gaps are between the classes in image space, not empty regions of its code space. See the
# autoencoders' codes for yourself in the map below.
#
# ## The 2-D latent explorer
# The map shows where the test digits' codes lie (colour = digit). The two sliders move the black marker;
# the digit on the right is the decoder's image of that position. Try the empty regions.

# %% [markdown] {"lang": "zh", "en": "98801a3b8c"}
# 从 AE 到 VAE，空洞的比例下降了，但像数字的样本比例几乎没有变化：在 $d = 2$ 时，无论是否落在空洞里，两个模型都会画出许多模糊的、介于数字之间的形状，所以空洞只是原因的一部分。最后一行从 AE 这一侧说明了同样的事：在它的真实编码附近采样（核密度估计）几乎消除了空洞——这个测量对它很宽容，因为它的样本就是真实编码加上一点噪声，而空洞又正是相对于这些编码来测量的——但它的样本并没有更常像数字。GAN 那一行不能直接比较：它的编码有 16 维而不是 2 维，而且没有给出空洞的测量。
#
# **为什么。** 自编码器的损失只要求*训练图像的*编码能被很好地解码。它没有规定这些编码应该位于何处，也没有规定它们之间是什么：各个类别散开成互相分离的“臂”，周围是空白区域，而解码器从未学过在那里该画什么。VAE 的 KL 项把每个 $q(z \mid x)$ 都拉向 $\mathcal N(0, I)$，于是编码填满了先验所在的区域；而采样噪声让解码器对每个编码的整个邻域（而不只是一个点）都能画出合理的图像。GAN 的生成器*只*在从先验中抽取的编码上训练，所以先验能到达的区域没有一处是未经训练的：它的编码空间中没有空白区域。但这并不意味着每个编码都会生成数字。正如 notebook 05 所论证的，一个连续的生成器在从 3 变到 8 的途中，必然要经过既不是 3 也不是 8 的形状，所以有些先验编码会被解码成分类器无法辨认的形状（见上面 GAN 那一行）：GAN 的缺口位于图像空间中类别与类别之间，而不是其编码空间里的空白区域。在下面的地图中亲眼看看两个自编码器的编码吧。
#
# ## 2 维潜在空间探索器
# 地图显示测试数字的编码位于何处（颜色 = 数字）。两个滑块移动黑色标记；右侧的数字是解码器在该位置画出的图像。试试那些空白区域。

# %%
latent_explorer({key: m for key, m in encoders.items() if m.latent_dim == 2}, test_images, test_labels,
                model="VAE", z=(0.0, 0.0))

# %% [markdown]
# ## β: the price of the prior, and posterior collapse
# Weight the KL term by a number $\beta$, $\;\mathcal L_\beta = \text{reconstruction} + \beta\,\mathrm{KL}$ ($\beta = 1$ is
# the ELBO). A small $\beta$ lets the codes go where reconstruction wants them, however far that is from
# $\mathcal N(0, I)$; a large $\beta$ makes every code pay for leaving the prior. Pay too much, and the encoder
# gives up: $q(z \mid x) = \mathcal N(0, I)$ for every image, the KL is 0, the code says nothing, and the decoder
# can only draw one average digit. That is **posterior collapse**, and the KL *per dimension* shows it (a
# dimension with KL near 0 carries no information about the image). We train three small VAEs, 16 epochs
# each (about 10 s in all), and measure both sides.

# %% [markdown] {"lang": "zh", "en": "58dd50d0af"}
# ## β：先验的代价，以及后验坍塌
# 给 KL 项乘上一个权重 $\beta$，$\;\mathcal L_\beta = \text{reconstruction} + \beta\,\mathrm{KL}$（$\beta = 1$ 时就是 ELBO）。较小的 $\beta$ 让编码去往重建所需要的位置，无论那里离 $\mathcal N(0, I)$ 有多远；较大的 $\beta$ 则让每个编码都要为偏离先验付出代价。代价太高时，编码器就会放弃：对每张图像都有 $q(z \mid x) = \mathcal N(0, I)$，KL 为 0，编码不携带任何信息，解码器只能画出一个平均数字。这就是**后验坍塌**（posterior collapse），而*每个维度*的 KL 能把它显示出来（KL 接近 0 的维度不携带任何关于图像的信息）。我们训练三个小型 VAE，每个训练 16 轮（总共约 10 秒），并测量两方面的表现。

# %% {"tolerance": "4% or 0.05", "tolerance_why": "three VAEs trained here: reconstruction and KL move in the 3rd digit between CPU paths; the largest move, beta = 0.1's first KL per dimension, was 5.30, 5.45 and 5.50 on three paths (two machines)"}
def beta_objective(beta):
    def objective(model, x):
        _, reconstruction, kl = negative_elbo(model, x)
        return reconstruction + beta * kl
    return objective


betas, vaes, grids, pictures, kls, off, sigmas = (0.1, 1.0, 20.0), {}, {}, {}, {}, {}, {}
prior_z = torch.randn(10, 2, generator=torch.Generator().manual_seed(SEED))
for beta in betas:
    torch.manual_seed(SEED)
    model = VAE(latent_dim=2)
    fit(model, train_images, objective=beta_objective(beta), epochs=16, batch_size=128, lr=2e-3, device=device,
        progress=False)
    with torch.no_grad():
        mu, logvar = model.encode_stats(test_images)
        kl_per_dim = (0.5 * (mu ** 2 + logvar.exp() - logvar - 1)).mean(0)
        torch.manual_seed(SEED + 1)
        _, reconstruction, kl = negative_elbo(model, test_images)
        rows = torch.cat([test_images[:10], model(test_images[:10]), model.decode(prior_z)])
    print(f"beta = {beta:4}: reconstruction {reconstruction:5.1f}, KL {kl:5.2f} nats; "
          f"KL per dimension {kl_per_dim[0]:.2f} and {kl_per_dim[1]:.2f}; mean sigma {logvar.mul(0.5).exp().mean():.2f}")
    sigmas[beta] = float(logvar.mul(0.5).exp().mean())
    vaes[beta], grids[f"β = {beta:g}"] = model, rows
    pictures[f"β = {beta:g}"] = images_png(rows, ncols=10, scale=2)
    kls[beta], off[beta] = float(kl), int((kl_per_dim < 0.05).sum())
claim("the KL falls as beta rises", kls[0.1] > kls[1.0] > kls[20.0])
claim("the encoder's noise, the mean sigma, grows as beta rises", sigmas[0.1] < sigmas[1.0] < sigmas[20.0])
claim("at beta = 20 the encoder switches off a dimension, and at 0.1 and 1 none", off == {0.1: 0, 1.0: 0, 20.0: 1})
with torch.no_grad():  # what the one live dimension at beta = 20 still says: its class means, end to end
    mu, logvar = vaes[20.0].encode_stats(test_images)
live = mu[:, int((0.5 * (mu ** 2 + logvar.exp() - logvar - 1)).mean(0).argmax())]
by_class = torch.stack([live[test_labels == digit].mean() for digit in range(10)])
extremes = {int(by_class.argmin()), int(by_class.argmax())}
print(f"beta = 20: the digits at the two ends of the live dimension: {sorted(extremes)}")
claim("at beta = 20 the live dimension runs from the 0s to the 1s", extremes == {0, 1})
picture_switcher(pictures, description="β", width="560px", name="β switcher: digits, reconstructions, prior samples")

# %% {"tags": ["readme:vae_beta"]}
# The same three pictures side by side, as a still for readers without a live kernel.
fig, axes = plt.subplots(1, len(grids), figsize=(4.2 * len(grids), 1.9))
for ax, (label, rows) in zip(axes, grids.items()):
    ax.imshow(tile_images(rows, 10), cmap="gray", vmin=0, vmax=255, interpolation="nearest")
    ax.set_title(label)
    ax.set_xticks([])
    ax.set_yticks([])
tile = 28 + 1  # tile_images puts a 1-pixel border above each row of 28-pixel digits
axes[0].set_yticks([1 + tile * i + tile / 2 for i in range(3)], ["test digits", "reconstructions", "prior samples"])
fig.suptitle("The KL weight β: ten test digits, their reconstructions, and ten codes from N(0, I) decoded")
fig.tight_layout()

# %% [markdown]
# Each picture: ten test digits, their reconstructions, and ten codes drawn from the prior, decoded (the
# switcher shows one $\beta$ at a time, the still all three). The mean $\sigma$ grows with $\beta$: the cheaper
# it is to leave the prior, the less noise the encoder keeps (exercise 1 follows this down to a weight of 0). At
# $\beta = 20$ one dimension's KL is near 0: the encoder has switched it off. The other still carries a
# little (its two ends are the 0s and the 1s), so every reconstruction and every prior sample is an average
# digit, at most a little rounder (towards the 0s) or thinner (towards the 1s), and the reconstruction term
# is far worse. At $\beta = 0.1$ the KL is large: the codes
# spread well beyond the prior, yet in this short run the reconstructions are only a little better than at
# $\beta = 1$. (Decoders strong enough to draw an image without the code, such as autoregressive ones, make
# collapse far more common than this small MLP does.)

# %% [markdown] {"lang": "zh", "en": "ad477c96bd"}
# 每张图依次是：十个测试数字、它们的重建，以及从先验中抽取并解码的十个编码（切换器一次显示一个 $\beta$，静态图同时显示全部三个）。平均 $\sigma$ 随 $\beta$ 增大而增大：偏离先验的代价越低，编码器保留的噪声就越少（练习 1 把这一点一直追到权重为 0）。在 $\beta = 20$ 时，一个维度的 KL 接近 0：编码器把它关掉了。另一个维度仍携带少量信息（它的两端分别是 0 和 1），所以每个重建和每个先验样本都是一个平均数字，最多稍圆一些（靠近 0 的一端）或稍细一些（靠近 1 的一端），重建项也差得多。在 $\beta = 0.1$ 时 KL 很大：编码散布到远远超出先验的范围，但在这次短时间的训练中，重建只比 $\beta = 1$ 时好一点点。（强到不需要编码就能画出图像的解码器，例如自回归解码器，会让坍塌远比在这个小型 MLP 上常见。）

# %% [markdown]
# ## Linear or spherical?
# With a Gaussian prior in $d$ dimensions almost all codes have a norm near $\sqrt d$ (4 for the GAN's
# $d = 16$). The straight line between two such codes passes closer to the origin, where the generator
# rarely saw a code; the spherical path (slerp) keeps the norm near its ends' norms. The argument needs many dimensions: in
# 2-D the norm of a Gaussian code does not concentrate (it is anywhere from 0 to about 3), so for the 2-D
# AE and VAE slerp is just another path, neither better nor worse. The widget offers both for every model.

# %% [markdown] {"lang": "zh", "en": "9e552e36ae"}
# ## 线性还是球面？
# 对于 $d$ 维的高斯先验，几乎所有编码的范数都接近 $\sqrt d$（对 GAN 的 $d = 16$ 来说是 4）。两个这样的编码之间的直线会更靠近原点，而生成器很少在那里见到编码；球面路径（slerp）则让范数保持在两端的范数附近。这个论证需要足够多的维度：在 2 维中，高斯编码的范数并不集中（它可以是 0 到约 3 之间的任何值），所以对于 2 维的 AE 和 VAE，slerp 只是另一条路径，既不更好也不更差。交互控件为每个模型都提供了这两种路径。

# %%
z0, z1 = torch.randn(2, models["GAN"].latent_dim, generator=torch.Generator().manual_seed(SEED + 1))
t = torch.linspace(0, 1, 5)
print("t      ", " ".join(f"{v:5.2f}" for v in t.tolist()))
print("|lerp| ", " ".join(f"{v:5.2f}" for v in lerp(z0, z1, t).norm(dim=1).tolist()))
print("|slerp|", " ".join(f"{v:5.2f}" for v in slerp(z0, z1, t).norm(dim=1).tolist()))

# %% [markdown]
# The spherical path between a real 1 and a real 7, decoded by each model: the kind of strip the
# interpolation widget above shows (choose digits 1 and 7 and the spherical path there), drawn once for
# readers without a live kernel. Look at the AE's last frame: the
# 2-D autoencoder's own reconstruction of this 7 already looks like a 9. With two numbers per digit, 7s
# and 9s share a region of its latent space (notebook 02's map), and a path can only end where the
# model's reconstruction of the end digit lies.

# %% [markdown] {"lang": "zh", "en": "0e1cc3e4e5"}
# 下面是一个真实的 1 和一个真实的 7 之间的球面路径，由每个模型分别解码：这正是上面的插值交互控件所显示的那种图条（在那里选择数字 1 和 7 以及球面路径即可看到），这里画一次，供没有运行内核的读者查看。请看 AE 的最后一帧：2 维自编码器自己对这个 7 的重建就已经像一个 9 了。编码只有两维时（每个数字只用两个数来表示），7 和 9 在它的潜在空间中共享同一片区域（见 notebook 02 的地图），而一条路径只能终止于模型对终点数字的重建所在的位置。

# %% {"tags": ["readme:interpolation"]}
ends = [int((test_labels == digit).nonzero()[0]) for digit in (1, 7)]
steps = torch.linspace(0, 1, 9)
strips = []
for key, model in models.items():
    z_ends = codes_of(model, test_images[ends])  # the GAN has no encoder: its codes come from inversion
    with torch.no_grad():
        strips.append(model.decode(slerp(z_ends[0], z_ends[1], steps)))
fig = image_grid(torch.cat(strips), ncols=len(steps), row_labels=list(models),
                 title="From a 1 to a 7 along the spherical path, t = 0 ... 1")

# %% [markdown]
# **GAN inversion.** The GAN has no encoder, so to put a real digit into its latent space
# `course_utils.latent.invert` searches: it starts from the best of 256 random codes and takes 100 Adam
# steps on $\|G(z) - x\|^2 + \tfrac12\|z\|^2$ (the second term keeps $z$ where the prior puts codes).
# That is why the interpolation widget needs a fraction of a second when you change a digit, and only a
# few milliseconds when you move **t**.
#
# ## Latent arithmetic on class means
# Average the codes of all test digits of one class, $\mu_c$. Then $z(x) + s\,(\mu_b - \mu_a)$ moves a digit
# $x$ of class $a$ by the difference between the class means. Does it turn into a $b$ and keep its style?

# %% [markdown] {"lang": "zh", "en": "d122e08790"}
# **GAN 反演。** GAN 没有编码器，所以要把一个真实数字放进它的潜在空间，`course_utils.latent.invert` 需要进行搜索：它从 256 个随机编码中最好的一个出发，对 $\|G(z) - x\|^2 + \tfrac12\|z\|^2$ 执行 100 步 Adam 优化（第二项让 $z$ 留在先验放置编码的区域）。这就是为什么更换数字时插值交互控件需要不到一秒的时间，而拖动 **t** 时只需几毫秒。
#
# ## 基于类别均值的潜在空间算术
# 对同一类别的所有测试数字的编码求平均，得到 $\mu_c$。那么 $z(x) + s\,(\mu_b - \mu_a)$ 就把数字 $x$（属于类别 $a$）沿两个类别均值之差移动。它会变成一个 $b$ 并保留原来的书写风格吗？

# %%
means = {key: class_means(codes[key], test_labels) for key in codes}
print({key: f"|mu_7 - mu_1| = {(m[7] - m[1]).norm():.2f}" for key, m in means.items()})
arithmetic_widget(encoders, test_images, test_labels, index=3, target=7, strength=1.0)

# %% [markdown]
# **What we saw.** Look at the third column first: the decoded mean code of the 7s. For both models it is
# not a clean 7 (with two numbers per digit, the average of all 7s' codes lands where the decoder draws a
# 9-like shape), and $z(x) + (\mu_7 - \mu_a)$ moves the digit towards whatever $\mu_7$ decodes to. So at
# $d = 2$ the arithmetic changes the digit, but not reliably into the class asked for, and little of the
# style survives. Arithmetic on codes works better with more dimensions and with attribute directions
# learnt for the purpose; try other digits and targets with the controls.

# %% [markdown] {"lang": "zh", "en": "ba555c4d8c"}
# **观察结果。** 先看第三列：7 的平均编码解码后的图像。对两个模型来说，它都不是一个干净的 7（编码只有两维时（每个数字只用两个数来表示），所有 7 的编码的平均值落在解码器会画出类似 9 的形状的位置），而 $z(x) + (\mu_7 - \mu_a)$ 会把数字移向 $\mu_7$ 解码出来的样子。所以在 $d = 2$ 时，算术确实改变了数字，但并不能可靠地把它变成所要求的类别，原来的书写风格也几乎没有保留下来。维度更多、并且使用专门为此学到的属性方向时，编码算术的效果会更好；用控件试试其他数字和目标吧。

# %% [markdown]
# ## Exercises
# 1. **Conceptual.** The KL term pulls every code towards $\mathcal N(0, I)$. What would the VAE's map look
#    like if the KL term were multiplied by 0? By 10? Which one has holes, which one blurry digits?
# 2. **Predict, then run.** Decode the origin, $z = (0, 0)$, with the AE and with the VAE. Which one gives a
#    digit-like image? Predict first, then check with the explorer (or `model.decode(torch.zeros(1, 2))`).
# 3. **Coding.** Measure how far the linear path dips: for 1,000 pairs of GAN prior codes, compute the
#    smallest norm along `lerp` and along `slerp` (use 21 values of t). Report both means.
# 4. **Coding.** Train `VAE(latent_dim=2)` with `vae_loss` where the KL term is weighted by 4 for 4 epochs,
#    and compare `hole_fraction` of prior samples and the test -ELBO with the demo model above.

# %% [markdown] {"lang": "zh", "en": "d4ace74072"}
# ## 练习
# 1. **概念题。** KL 项把每个编码都拉向 $\mathcal N(0, I)$。如果 KL 项乘以 0，VAE 的地图会是什么样子？乘以 10 呢？哪种情况会有空洞，哪种情况会得到模糊的数字？
# 2. **先预测，再运行。** 用 AE 和 VAE 分别解码原点 $z = (0, 0)$。哪一个会给出像数字的图像？先预测，再用探索器（或 `model.decode(torch.zeros(1, 2))`）检验。
# 3. **编程题。** 测量线性路径会向内凹陷多少：对 1,000 对 GAN 先验编码，分别计算沿 `lerp` 和沿 `slerp` 的最小范数（t 取 21 个值）。报告两者的平均值。
# 4. **编程题。** 用 `vae_loss` 训练 `VAE(latent_dim=2)`，其中 KL 项的权重为 4，训练 4 轮，并将先验样本的 `hole_fraction` 和测试集上的 -ELBO 与上面的演示模型进行比较。

# %% [markdown]
# 5. **Coding, with a self-check.** Write spherical interpolation yourself,
#    $\mathrm{slerp}(z_0, z_1, t) = \frac{\sin((1-t)\Omega)}{\sin\Omega} z_0 + \frac{\sin(t\Omega)}{\sin\Omega} z_1$
#    with $\cos\Omega = \frac{z_0 \cdot z_1}{\lVert z_0\rVert \lVert z_1\rVert}$. The first attempt below is
#    the straight line, on purpose: the check says so.

# %% [markdown] {"lang": "zh", "en": "27477dd72b"}
# 5. **编程题，附自测。** 自己实现球面插值，$\mathrm{slerp}(z_0, z_1, t) = \frac{\sin((1-t)\Omega)}{\sin\Omega} z_0 + \frac{\sin(t\Omega)}{\sin\Omega} z_1$，其中 $\cos\Omega = \frac{z_0 \cdot z_1}{\lVert z_0\rVert \lVert z_1\rVert}$。下面的第一次尝试故意写成了直线：检查会指出这一点。

# %%
from course_utils.checks import check_slerp


def my_slerp(z0, z1, t):
    return (1 - t) * z0 + t * z1  # exercise 5: follow the arc instead


passed = check_slerp(my_slerp)

# %% [markdown]
# 6. **Derivation.** Derive the KL term's closed form in one dimension,
#    $\mathrm{KL}\big(\mathcal N(\mu, \sigma^2)\,\|\,\mathcal N(0, 1)\big) = \tfrac12(\mu^2 + \sigma^2 - \log\sigma^2 - 1)$, from
#    $\mathrm{KL}(q\,\|\,p) = \mathbb E_q[\log q(z) - \log p(z)]$. Why does it simply add up over the dimensions of a
#    diagonal Gaussian? When is it 0?

# %% [markdown] {"lang": "zh", "en": "744f69e06e"}
# 6. **推导题。** 推导一维情形下 KL 项的闭式解 $\mathrm{KL}\big(\mathcal N(\mu, \sigma^2)\,\|\,\mathcal N(0, 1)\big) = \tfrac12(\mu^2 + \sigma^2 - \log\sigma^2 - 1)$，出发点是 $\mathrm{KL}(q\,\|\,p) = \mathbb E_q[\log q(z) - \log p(z)]$。为什么对于对角高斯分布，它只需在各个维度上简单相加？它何时为 0？

# %% [markdown]
# <details><summary>Solutions (click to open)</summary>
#
# 1. With weight 0 nothing penalises a small $\sigma$ or codes far from the origin, and reconstruction improves
#    as the noise shrinks relative to the codes' spread. So the encoder drives $\log\sigma^2$ down (and spreads its
#    means out) until the noise is negligible, and the model becomes a deterministic autoencoder: nothing
#    trains the decoder between the codes any more, and nothing ties them to $\mathcal N(0, I)$, so it has the
#    plain autoencoder's holes for the plain autoencoder's reason. The $\beta$ cell above already shows the
#    direction (the mean $\sigma$ falls and the KL rises as $\beta$ falls); the run below trains its recipe with
#    weight 0. With weight 10 the codes crowd into the prior and overlap: no holes, but different digits
#    share codes, reconstructions become blurry averages, and a dimension may collapse entirely, as at
#    $\beta = 20$ above (a KL per dimension near 0, the largest reconstruction term).
#    ```python
#    torch.manual_seed(SEED)
#    free = VAE(latent_dim=2)  # the beta cell's recipe, with KL weight 0
#    fit(free, train_images, objective=beta_objective(0.0), epochs=16, batch_size=128, lr=2e-3, device=device,
#        progress=False)
#    noise = {}
#    for weight, m in ((0.0, free), (0.1, vaes[0.1]), (1.0, vaes[1.0])):
#        with torch.no_grad():
#            mu, logvar = m.encode_stats(test_images)
#            torch.manual_seed(SEED + 1)
#            _, reconstruction, kl = negative_elbo(m, test_images)
#        sigma, spread = float(logvar.mul(0.5).exp().mean()), float(mu.std(0).mean())
#        noise[weight] = sigma / spread
#        print(f"KL weight {weight:3}: mean sigma {sigma:.3f}, spread of the means {spread:.2f} "
#              f"(noise {noise[weight]:.1%} of it); reconstruction {reconstruction:.1f}, KL {kl:.2f} nats")
#    claim("the smaller the KL weight, the smaller the noise relative to the codes' spread",
#          noise[0.0] < noise[0.1] < noise[1.0])
#    claim("at weight 0 the noise is under 1 % of the codes' spread", noise[0.0] < 0.01)
#    ```
# 2. The VAE's. Its KL term pulls every code towards $\mathcal N(0, I)$, so the origin is the middle of its
#    map, where codes of many images crowd, and its decoder learnt to draw a digit there. Nothing ties the
#    AE's codes to the origin: it is just one more point of its map, between the arms or on one of them,
#    depending on the run. The classifier of the cell above judges both images:
#    ```python
#    origin = torch.zeros(1, 2)
#    with torch.no_grad():
#        sure = {key: float(predict(classifier, models[key].decode(origin))[0].max()) for key in ("AE", "VAE")}
#    print("the classifier's top probability for the decoded origin:",
#          ", ".join(f"{key} {value:.0%}" for key, value in sure.items()))
#    claim("the VAE's origin decodes to a digit-like image", sure["VAE"] >= 0.9)
#    claim("the classifier is surer of the VAE's origin than of the AE's", sure["VAE"] > sure["AE"])
#    ```
# 3. The linear minimum is near $\sqrt{16/2} \approx 2.8$, the midpoint of two nearly orthogonal codes of
#    norm about 4. The spherical one is larger, and on average almost exactly the shorter end's norm, which is
#    below the typical 4. Why: along the arc
#    $\lVert z(t)\rVert^2 = w_0^2\lVert z_0\rVert^2 + w_1^2\lVert z_1\rVert^2 + 2 w_0 w_1\, z_0 \cdot z_1$
#    with the arc's weights $w_0, w_1 \ge 0$. With both norms equal to the
#    shorter one this would stay exactly that norm (the great circle), and the longer end only adds to it as
#    long as $z_0 \cdot z_1 \ge 0$. That does not hold pair by pair: when the angle between the codes is
#    obtuse, in about half of the pairs, the cross term is negative and the arc can dip a little below the
#    shorter end's norm.
#    ```python
#    pairs = torch.randn(1000, 2, 16, generator=torch.Generator().manual_seed(SEED))
#    t = torch.linspace(0, 1, 21)
#    dips = {path.__name__: torch.stack([path(z0, z1, t).norm(dim=1).min() for z0, z1 in pairs])
#            for path in (lerp, slerp)}
#    shorter = pairs.norm(dim=2).min(1).values
#    below = dips["slerp"] < shorter - 1e-4
#    obtuse = (pairs[:, 0] * pairs[:, 1]).sum(1) < 0
#    print(f"smallest norm along the path, mean over 1,000 pairs: lerp {dips['lerp'].mean():.2f}, "
#          f"slerp {dips['slerp'].mean():.2f}; sqrt(16/2) = {8 ** 0.5:.2f}; the shorter end {shorter.mean():.2f}")
#    print(f"the arc dips below the shorter end in {below.float().mean():.0%} of the pairs, all of them obtuse "
#          f"({bool(obtuse[below].all())}), by {((shorter - dips['slerp']) / shorter)[below].mean():.1%} on average")
#    claim("the straight path dips to about sqrt(16/2)", abs(float(dips["lerp"].mean()) - 8 ** 0.5) < 0.3)
#    claim("the arc stays further out than the straight path", bool(dips["slerp"].mean() > dips["lerp"].mean()))
#    claim("on average the arc's smallest norm is within 1 % of the shorter end's",
#          abs(float(dips["slerp"].mean() / shorter.mean()) - 1) < 0.01)
#    claim("but not pair by pair: some arcs dip below the shorter end, only for obtuse pairs",
#          bool(below.any()) and bool(obtuse[below].all()))
#    ```
# 4. Compare the two models by the *unweighted* $-$ELBO (`negative_elbo`), since the weighted loss is not a
#    bound. The KL drops, and the reconstruction term pays for it: after four epochs it rises by less than the
#    KL fell on some seeds and by more on others, so the $-$ELBO moves a little either way. The share of prior
#    samples in holes does not move reliably either: on some seeds it rises, on others it falls.
#    ```python
#    def weighted_vae_loss(model, x, kl_weight):
#        loss, reconstruction, kl = vae_loss(model, x)
#        return reconstruction + kl_weight * kl
#
#
#    torch.manual_seed(SEED + 1)
#    heavy = VAE(latent_dim=2)
#    optimizer = torch.optim.Adam(heavy.parameters(), lr=1e-3)
#    for epoch in range(4):
#        for index in torch.randperm(len(train_images)).split(128):
#            loss = weighted_vae_loss(heavy, train_images[index], 4)
#            optimizer.zero_grad()
#            loss.backward()
#            optimizer.step()
#    prior = torch.randn(1000, 2, generator=torch.Generator().manual_seed(SEED))
#    test_kl = {}
#    for name, m in (("KL weight 1 (the demo)", demo), ("KL weight 4", heavy)):
#        with torch.no_grad():
#            torch.manual_seed(SEED)
#            loss, reconstruction, kl = negative_elbo(m, test_images)
#            holes = hole_fraction(prior, m.encode(test_images))
#        test_kl[name] = float(kl)
#        print(f"{name:22s} test -ELBO {loss:.1f} = reconstruction {reconstruction:.1f} + KL {kl:.2f}; "
#              f"prior samples in holes {holes:.0%}")
#    claim("the KL weight 4 lowers the KL on the test digits", test_kl["KL weight 4"] < test_kl["KL weight 1 (the demo)"])
#    ```
#
# 5. The formula as written:
#    ```python
#    def my_slerp(z0, z1, t):
#        omega = torch.arccos(torch.dot(z0, z1) / (z0.norm() * z1.norm()))
#        return (torch.sin((1 - t) * omega) * z0 + torch.sin(t * omega) * z1) / torch.sin(omega)
#
#
#    passed = check_slerp(my_slerp)
#    ```
# 6. With $\log q(z) = -\tfrac12\log(2\pi\sigma^2) - \frac{(z-\mu)^2}{2\sigma^2}$ and $\log p(z) = -\tfrac12\log(2\pi) - \frac{z^2}{2}$,
#    $\log q - \log p = -\tfrac12\log\sigma^2 - \frac{(z-\mu)^2}{2\sigma^2} + \frac{z^2}{2}$. Under $q$,
#    $\mathbb E[(z-\mu)^2] = \sigma^2$ and $\mathbb E[z^2] = \sigma^2 + \mu^2$, so
#    $\mathrm{KL} = -\tfrac12\log\sigma^2 - \tfrac12 + \tfrac12(\sigma^2 + \mu^2) = \tfrac12(\mu^2 + \sigma^2 - \log\sigma^2 - 1)$.
#    For a diagonal Gaussian against $\mathcal N(0, I)$ both densities are products over the dimensions, so their
#    logs, and the expectation of their difference, are sums. Each term is 0 exactly when $\mu = 0$ and $\sigma = 1$
#    ($x - \log x - 1 \ge 0$ with equality at $x = 1$): a code that says nothing about its image. When that
#    happens to every dimension, the encoder has been ignored: **posterior collapse**.
# </details>
# %% [markdown] {"lang": "zh", "en": "95d72220b6"}
# <details><summary>参考答案（点击展开）</summary>
#
# 1. 权重为 0 时，没有任何东西惩罚很小的 $\sigma$ 或远离原点的编码；噪声相对于编码的分布范围越小，重建就越好。于是编码器会把 $\log\sigma^2$ 压低（并把各个均值散开），直到噪声小到可以忽略，模型就变成一个确定性的自编码器：不再有任何东西在编码之间训练解码器，也不再有任何东西把编码与 $\mathcal N(0, I)$ 联系起来，所以它出于普通自编码器的同样原因，具有普通自编码器的空洞。上面的 $\beta$ 单元已经显示了这个方向（平均 $\sigma$ 随着 $\beta$ 减小而下降，KL 则上升）；下面的运行用它的配方、以权重 0 进行训练。权重为 10 时，编码挤进先验的范围并相互重叠：没有空洞，但不同的数字会共享编码，重建变成模糊的平均图像，甚至可能有一个维度完全坍塌，就像上面 $\beta = 20$ 时那样（某一维的 KL 接近 0，重建项最大）。
#    ```python
#    torch.manual_seed(SEED)
#    free = VAE(latent_dim=2)  # the beta cell's recipe, with KL weight 0
#    fit(free, train_images, objective=beta_objective(0.0), epochs=16, batch_size=128, lr=2e-3, device=device,
#        progress=False)
#    noise = {}
#    for weight, m in ((0.0, free), (0.1, vaes[0.1]), (1.0, vaes[1.0])):
#        with torch.no_grad():
#            mu, logvar = m.encode_stats(test_images)
#            torch.manual_seed(SEED + 1)
#            _, reconstruction, kl = negative_elbo(m, test_images)
#        sigma, spread = float(logvar.mul(0.5).exp().mean()), float(mu.std(0).mean())
#        noise[weight] = sigma / spread
#        print(f"KL weight {weight:3}: mean sigma {sigma:.3f}, spread of the means {spread:.2f} "
#              f"(noise {noise[weight]:.1%} of it); reconstruction {reconstruction:.1f}, KL {kl:.2f} nats")
#    claim("the smaller the KL weight, the smaller the noise relative to the codes' spread",
#          noise[0.0] < noise[0.1] < noise[1.0])
#    claim("at weight 0 the noise is under 1 % of the codes' spread", noise[0.0] < 0.01)
#    ```
# 2. 是 VAE。它的 KL 项把每个编码都拉向 $\mathcal N(0, I)$，所以原点是它的编码图的中心，许多图像的编码都挤在那里，它的解码器也学会了在那里画出一个数字。AE 的编码与原点之间没有任何联系：原点只是它的编码图上又一个普通的点，落在几条“臂”之间还是某条臂上，取决于这次运行。上面单元中的分类器对这两张图像作出判断：
#    ```python
#    origin = torch.zeros(1, 2)
#    with torch.no_grad():
#        sure = {key: float(predict(classifier, models[key].decode(origin))[0].max()) for key in ("AE", "VAE")}
#    print("the classifier's top probability for the decoded origin:",
#          ", ".join(f"{key} {value:.0%}" for key, value in sure.items()))
#    claim("the VAE's origin decodes to a digit-like image", sure["VAE"] >= 0.9)
#    claim("the classifier is surer of the VAE's origin than of the AE's", sure["VAE"] > sure["AE"])
#    ```
# 3. 线性路径的最小范数接近 $\sqrt{16/2} \approx 2.8$，即两个范数约为 4、几乎正交的编码的中点的范数。球面路径的最小范数更大，并且平均而言几乎正好等于较短那一端的范数，而它低于典型值 4。原因：沿着圆弧，$\lVert z(t)\rVert^2 = w_0^2\lVert z_0\rVert^2 + w_1^2\lVert z_1\rVert^2 + 2 w_0 w_1\, z_0 \cdot z_1$，其中圆弧的权重 $w_0, w_1 \ge 0$。如果两端的范数都等于较短的那个，范数就会始终恰好保持这个值（大圆）；只要 $z_0 \cdot z_1 \ge 0$，较长的那一端只会让它变大。但这并非对每一对都成立：当两个编码之间的夹角为钝角时（大约一半的编码对如此），交叉项为负，圆弧可能会略微低于较短那一端的范数。
#    ```python
#    pairs = torch.randn(1000, 2, 16, generator=torch.Generator().manual_seed(SEED))
#    t = torch.linspace(0, 1, 21)
#    dips = {path.__name__: torch.stack([path(z0, z1, t).norm(dim=1).min() for z0, z1 in pairs])
#            for path in (lerp, slerp)}
#    shorter = pairs.norm(dim=2).min(1).values
#    below = dips["slerp"] < shorter - 1e-4
#    obtuse = (pairs[:, 0] * pairs[:, 1]).sum(1) < 0
#    print(f"smallest norm along the path, mean over 1,000 pairs: lerp {dips['lerp'].mean():.2f}, "
#          f"slerp {dips['slerp'].mean():.2f}; sqrt(16/2) = {8 ** 0.5:.2f}; the shorter end {shorter.mean():.2f}")
#    print(f"the arc dips below the shorter end in {below.float().mean():.0%} of the pairs, all of them obtuse "
#          f"({bool(obtuse[below].all())}), by {((shorter - dips['slerp']) / shorter)[below].mean():.1%} on average")
#    claim("the straight path dips to about sqrt(16/2)", abs(float(dips["lerp"].mean()) - 8 ** 0.5) < 0.3)
#    claim("the arc stays further out than the straight path", bool(dips["slerp"].mean() > dips["lerp"].mean()))
#    claim("on average the arc's smallest norm is within 1 % of the shorter end's",
#          abs(float(dips["slerp"].mean() / shorter.mean()) - 1) < 0.01)
#    claim("but not pair by pair: some arcs dip below the shorter end, only for obtuse pairs",
#          bool(below.any()) and bool(obtuse[below].all()))
#    ```
# 4. 用*不加权*的 $-$ELBO（`negative_elbo`）比较两个模型，因为加权后的损失不是一个下界。KL 下降了，代价由重建项承担：训练四轮之后，换一些种子它上升的幅度小于 KL 的下降，换另一些种子则大于 KL 的下降，所以 $-$ELBO 会朝任一方向小幅变化。落入空洞的先验样本比例也不会稳定地朝一个方向变化：换一些种子它上升，换另一些种子它下降。
#    ```python
#    def weighted_vae_loss(model, x, kl_weight):
#        loss, reconstruction, kl = vae_loss(model, x)
#        return reconstruction + kl_weight * kl
#
#
#    torch.manual_seed(SEED + 1)
#    heavy = VAE(latent_dim=2)
#    optimizer = torch.optim.Adam(heavy.parameters(), lr=1e-3)
#    for epoch in range(4):
#        for index in torch.randperm(len(train_images)).split(128):
#            loss = weighted_vae_loss(heavy, train_images[index], 4)
#            optimizer.zero_grad()
#            loss.backward()
#            optimizer.step()
#    prior = torch.randn(1000, 2, generator=torch.Generator().manual_seed(SEED))
#    test_kl = {}
#    for name, m in (("KL weight 1 (the demo)", demo), ("KL weight 4", heavy)):
#        with torch.no_grad():
#            torch.manual_seed(SEED)
#            loss, reconstruction, kl = negative_elbo(m, test_images)
#            holes = hole_fraction(prior, m.encode(test_images))
#        test_kl[name] = float(kl)
#        print(f"{name:22s} test -ELBO {loss:.1f} = reconstruction {reconstruction:.1f} + KL {kl:.2f}; "
#              f"prior samples in holes {holes:.0%}")
#    claim("the KL weight 4 lowers the KL on the test digits", test_kl["KL weight 4"] < test_kl["KL weight 1 (the demo)"])
#    ```
#
# 5. 按公式原样写出：
#    ```python
#    def my_slerp(z0, z1, t):
#        omega = torch.arccos(torch.dot(z0, z1) / (z0.norm() * z1.norm()))
#        return (torch.sin((1 - t) * omega) * z0 + torch.sin(t * omega) * z1) / torch.sin(omega)
#
#
#    passed = check_slerp(my_slerp)
#    ```
# 6. 由 $\log q(z) = -\tfrac12\log(2\pi\sigma^2) - \frac{(z-\mu)^2}{2\sigma^2}$ 和 $\log p(z) = -\tfrac12\log(2\pi) - \frac{z^2}{2}$，得 $\log q - \log p = -\tfrac12\log\sigma^2 - \frac{(z-\mu)^2}{2\sigma^2} + \frac{z^2}{2}$。在 $q$ 下，$\mathbb E[(z-\mu)^2] = \sigma^2$，$\mathbb E[z^2] = \sigma^2 + \mu^2$，所以 $\mathrm{KL} = -\tfrac12\log\sigma^2 - \tfrac12 + \tfrac12(\sigma^2 + \mu^2) = \tfrac12(\mu^2 + \sigma^2 - \log\sigma^2 - 1)$。对于对角高斯分布与 $\mathcal N(0, I)$，两个密度都是各个维度上的乘积，所以它们的对数以及对数之差的期望都是求和。每一项恰好在 $\mu = 0$ 且 $\sigma = 1$ 时为 0（$x - \log x - 1 \ge 0$，当且仅当 $x = 1$ 时取等号）：这样的编码不包含关于其图像的任何信息。当每个维度都出现这种情况时，编码器就被忽略了：**后验坍塌**。
# </details>
