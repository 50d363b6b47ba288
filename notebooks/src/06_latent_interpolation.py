# %% [markdown]
# # 06 · The latent interpolation studio: AE vs VAE vs GAN
#
# Three models turn a short code $z$ into a digit: the autoencoder of notebook 02, the GAN generator of
# notebook 05, and a new one, the **variational autoencoder** (VAE). Here we walk between digits in each
# latent space, see where each space has *holes*, and do arithmetic with codes. This is also the
# instructor's demo notebook: it loads shipped weights, so the widgets are on screen in seconds and answer
# a slider move in a few milliseconds. Choosing a new digit for the GAN takes about half a second on 2 cores:
# it searches for the digit's code once.
# <!-- numbers: half a second = 0.47 s, the median wall time of 12 new end digits in interpolation_widget(..., invert_steps=50) on 2 threads of a shared 2-core machine (0.33 s of CPU time; 100 steps: 0.71 s) -->
#
# **You will learn to**
# - write the VAE's objective, the ELBO (reconstruction + KL), and the reparameterisation trick;
# - explain why a plain autoencoder's latent space has holes, how the VAE's KL term fills them, and where a
#   GAN's generator still draws non-digits;
# - interpolate along linear and spherical paths, and find a GAN's code for a real digit (GAN inversion);
# - do latent arithmetic with class means.
#
# **Run time:** about 21 s top to bottom on an idle 2-core CPU (20.6 s with `python benchmarks/notebooks.py` on the machine that built the committed outputs; the widgets use shipped models, so they appear within seconds).
# <!-- numbers: 21, 20.6 = python benchmarks/notebooks.py, on the idle 2-core machine that built the committed outputs -->

# %% [markdown] {"lang": "zh", "en": "82d2f9d48f"}
# # 06 · 潜在插值工作室（latent interpolation studio）：AE vs VAE vs GAN
#
# 三个模型都能把一个简短的编码 $z$ 变成一个数字：notebook 02 的自编码器（autoencoder）、notebook 05 的 GAN 生成器（generator），以及一个新模型——**变分自编码器**（variational autoencoder，VAE）。本 notebook 中，我们将在每个模型的潜在空间（latent space）里从一个数字走到另一个数字，看看每个空间在哪里有*空洞*，并用编码做算术。这也是讲师的演示 notebook：它加载随课程提供的权重，因此交互控件几秒内就会出现在屏幕上，拖动滑块几毫秒内就能得到响应。在 2 个核上，为 GAN 换一个新数字大约要花半秒：它要为这个数字搜索一次编码。
# <!-- numbers: half a second = 0.47 s, the median wall time of 12 new end digits in interpolation_widget(..., invert_steps=50) on 2 threads of a shared 2-core machine (0.33 s of CPU time; 100 steps: 0.71 s) -->
#
# **你将学会**
# - 写出 VAE 的目标函数——证据下界（evidence lower bound，ELBO），即重建（reconstruction）项 + KL 项——以及重参数化技巧（reparameterisation trick）；
# - 解释为什么普通自编码器的潜在空间有空洞、VAE 的 KL 项如何填补这些空洞，以及 GAN 的生成器在哪里仍会画出不是数字的图像；
# - 沿线性路径和球面路径进行插值，并为一个真实数字找到它在 GAN 中的编码（GAN 反演，GAN inversion）；
# - 用类别均值做潜在空间算术（latent arithmetic）。
#
# **运行时间：** 在空闲的 2 核 CPU 上从头到尾运行约 21 秒（在生成已提交输出的那台机器上用 `python benchmarks/notebooks.py` 测得为 20.6 秒；交互控件使用随课程提供的模型，所以几秒内就会出现）。
# <!-- numbers: 21, 20.6 = python benchmarks/notebooks.py, on the idle 2-core machine that built the committed outputs -->

# %%
import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F
from sklearn.mixture import GaussianMixture
from threadpoolctl import threadpool_limits

import course_utils
from course_utils import pretrained
from course_utils.claims import claim
from course_utils.data import load_mnist
from course_utils.latent import class_means, codes_of, invert, lerp, slerp
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
interpolation_widget(models, test_images, test_labels, start=3, end=2, path="linear", t=0.5,
                     invert_steps=50)  # the GAN's search for a new digit's code: invert's 50 steps, half a second

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
#   uses only the value $f(z)$ of each sample, and its spread is large, even when a baseline is subtracted from
#   $f$ (the usual first remedy). Writing $z = \mu + \sigma \odot \varepsilon$
#   with $\varepsilon \sim \mathcal N(0, I)$ moves the randomness into $\varepsilon$ and makes $z$ a
#   differentiable function of $\mu$ and $\sigma$: backpropagation then gives the *pathwise* estimator,
#   $\nabla_z f(z)$, which uses how $f$ changes around each sample and usually has a far smaller spread. The cell
#   after the shipped model's loss below measures both.
#
# Here is the loss (the negative ELBO), line by line:

# %% [markdown] {"lang": "zh", "en": "16c0781a74"}
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
# - **重参数化。** 重建项是对 $z \sim q(z \mid x)$ 的期望，而这个期望对 $\mu$ 和 $\sigma$ 确实有梯度。有一种估计它的方法不需要任何技巧：得分函数（score-function，即 REINFORCE）估计量，$f(z)\,\nabla \log q(z \mid x)$，对多个样本取平均。但它只用到每个样本的函数值 $f(z)$，波动很大，即使从 $f$ 中减去一个基线（baseline，通常首先尝试的补救办法）也是如此。把它写成 $z = \mu + \sigma \odot \varepsilon$，其中 $\varepsilon \sim \mathcal N(0, I)$，就把随机性移到了 $\varepsilon$ 中，$z$ 也就成为 $\mu$ 和 $\sigma$ 的可微函数：反向传播给出的是*路径式*（pathwise）估计量 $\nabla_z f(z)$，它利用了 $f$ 在每个样本附近如何变化，波动通常小得多。下文在随课程提供的模型的损失之后，有一个单元对两者进行了测量。
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


torch.manual_seed(SEED)  # the demo's start; exercise 4 starts from the same one
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
torch.manual_seed(SEED)  # the batch order and the noise; exercise 4 repeats them with another KL weight
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
# the "spread" is the standard deviation of one sample's estimate. Compared as it is, the score function is
# handicapped: $f(z)$ is several hundred nats for every sample (first line below), and that common offset,
# multiplied by $\varepsilon / \sigma$, adds spread but no information. So we also run it with a baseline $b$
# subtracted, $(f(z) - b)\,\varepsilon / \sigma$, where $b$ is the mean $f$ of the *other* 999 samples: it does
# not depend on the sample it is subtracted from, so the estimate stays unbiased. The baseline removes most of
# the spread, but not the gap: the pathwise estimator still has several times less, because it uses the slope
# of $f$ at each sample, not just its value.

# %% [markdown] {"lang": "zh", "en": "2aa8688b37"}
# **同一个梯度的两种估计。** 对第一个测试数字，求重建项期望 $\mathbb E_q[f(z)]$（这里 $f$ 是二元交叉熵）对 $\mu$ 的梯度，用同样的 1,000 个样本 $\varepsilon$ 以两种方式估计：得分函数 $f(z)\,\varepsilon / \sigma$，以及路径式梯度 $\nabla_z f(z)$（在 $z = \mu + \sigma \odot \varepsilon$ 处取值）。两者估计的是同一个向量；“波动”（spread）指单个样本所给估计的标准差。如果原样比较，得分函数是吃亏的：对每个样本，$f(z)$ 都有几百奈特（见下面第一行），这个共同的偏移量乘上 $\varepsilon / \sigma$ 之后，只增加波动，不带来任何信息。所以我们还运行一个减去基线 $b$ 的版本，$(f(z) - b)\,\varepsilon / \sigma$，其中 $b$ 是*其余* 999 个样本的 $f$ 的平均值：它与被减去它的那个样本无关，所以估计仍然是无偏的。基线消除了大部分波动，但消除不了差距：路径式估计量的波动仍然小好几倍，因为它用到的是 $f$ 在每个样本处的斜率，而不只是函数值。

# %%
x = test_images[:1]
with torch.no_grad():
    mu, logvar = vae.encode_stats(x)
sigma = torch.exp(0.5 * logvar)
eps = torch.randn(1000, 2, generator=torch.Generator().manual_seed(SEED))
z = (mu + sigma * eps).requires_grad_()
f = F.binary_cross_entropy_with_logits(vae.decode_logits(z), x.expand(len(z), -1, -1, -1),
                                       reduction="none").sum((1, 2, 3))   # (1000,): f(z) of each sample
values = f.detach()
others = (values.sum() - values) / (len(values) - 1)  # each sample's baseline: the mean f of the other 999
estimates = {"score function": values[:, None] * eps / sigma,               # f(z) * d log q(z|x) / d mu
             "with a baseline": (values - others)[:, None] * eps / sigma,  # (f(z) - b) * d log q(z|x) / d mu
             "pathwise": torch.autograd.grad(f.sum(), z)[0]}                # d f / d z = d f(mu + sigma eps) / d mu
print(f"f(z) over the samples: mean {values.mean():.0f} nats, standard deviation {values.std():.1f}")
for name, g in estimates.items():
    mean, error = g.mean(0), g.std(0) / len(g) ** 0.5
    print(f"{name:15s}: gradient ({mean[0]:7.1f} ± {error[0]:5.1f}, {mean[1]:7.1f} ± {error[1]:5.1f}); "
          f"spread of one sample's estimate {g.std(0).mean():6.0f}")
spread = {name: float(g.std(0).mean()) for name, g in estimates.items()}
print(f"spread against the pathwise one's: {spread['score function'] / spread['pathwise']:.0f} times as is, "
      f"{spread['with a baseline'] / spread['pathwise']:.1f} times with the baseline")
claim("both score-function estimates agree with the pathwise one within 4 of their standard errors",
      all(bool(((g.mean(0) - estimates["pathwise"].mean(0)).abs() < 4 * g.std(0) / len(g) ** 0.5).all())
          for g in (estimates["score function"], estimates["with a baseline"])))
claim("as it is, the score function's spread is more than 10 times the pathwise one's",
      spread["score function"] > 10 * spread["pathwise"])
claim("even with a baseline subtracted, it is more than 4 times the pathwise one's",
      spread["with a baseline"] > 4 * spread["pathwise"])

# %% [markdown]
# ## Holes: decode random codes
# To *generate*, we pick a code we have never seen and decode it. But from where? The GAN's generator was
# trained on codes drawn from its prior, $z \sim \mathcal N(0, I)$, so for the GAN the prior is the natural
# choice. The VAE's decoder was not: in training it only ever decoded codes drawn from $q(z \mid x)$ of
# training images. The prior enters only through the KL term, which pulls those codes towards
# $\mathcal N(0, I)$ without making them match it (the first lines below print the spread of each map's
# codes). A plain autoencoder has no prior at all. So we give the two 2-D models the same three samplers:
# the prior $\mathcal N(0, I)$; a Gaussian fitted to the codes of the 4,000 training digits (a mean and a
# standard deviation per dimension), which stretches the same standard-normal draws onto the map; and a
# mixture of ten Gaussians fitted to the same training codes (`sklearn.mixture.GaussianMixture`), a density
# that can follow the arms of a map. The holes below are measured against the codes of the 1,000 test
# digits, so no sampler is fitted to the codes that define the holes. The GAN gets its prior.

# %% [markdown] {"lang": "zh", "en": "f8f56c7dd9"}
# ## 空洞：解码随机编码
# 要*生成*新样本，我们就取一个从未见过的编码并把它解码。但编码从哪里来？GAN 的生成器是在从先验 $z \sim \mathcal N(0, I)$ 中抽取的编码上训练的，所以对 GAN 来说，先验是自然的选择。VAE 的解码器却不是这样：训练时它解码的只有从训练图像的 $q(z \mid x)$ 中抽取的编码。先验只通过 KL 项起作用，KL 项把这些编码拉向 $\mathcal N(0, I)$，却并不让它们与之吻合（下面开头几行打印了每张地图上编码的分布范围）。普通自编码器则根本没有先验。因此，我们给两个 2 维模型同样的三种采样方式：先验 $\mathcal N(0, I)$；对 4,000 个训练数字的编码拟合的高斯分布（每个维度一个均值和一个标准差），它把同一批标准正态抽样拉伸到地图上；以及对同样的训练编码拟合的十个高斯分布的混合（`sklearn.mixture.GaussianMixture`），这种密度能够顺着地图上的各条“臂”分布。下面的空洞是相对于 1,000 个测试数字的编码来测量的，所以没有任何一种采样方式是在定义空洞的那些编码上拟合的。GAN 则使用它的先验。

# %%
encoders = {key: m for key, m in models.items() if callable(getattr(m, "encode", None))}
codes = {key: codes_of(m, test_images) for key, m in encoders.items()}  # the hole reference
train_codes = {key: codes_of(m, train_images) for key, m in encoders.items()}  # what the samplers are fitted to
for key, c in codes.items():
    print(f"{key:4s} codes of the test digits: mean ({c.mean(0)[0]:5.2f}, {c.mean(0)[1]:5.2f}), "
          f"standard deviation ({c.std(0)[0]:.2f}, {c.std(0)[1]:.2f}); N(0, I) has 0 and 1")


def mixture_codes(key: str, n: int = 1000) -> torch.Tensor:
    """``n`` codes ``(n, 2)`` from a mixture of ten Gaussians fitted to the training digits' codes of model ``key``."""
    with threadpool_limits(1):  # with torch's threads busy, the fit's k-means start is far slower on two (07 measured it)
        mixture = GaussianMixture(n_components=10, random_state=SEED).fit(train_codes[key].double().numpy())
        drawn = torch.from_numpy(mixture.sample(n)[0]).float()  # sklearn returns them grouped by component
    return drawn[torch.randperm(n, generator=torch.Generator().manual_seed(SEED))]  # shuffled, for the picture


generator = torch.Generator().manual_seed(SEED)
random_codes = {}  # (model, sampler) -> 1,000 codes (1000, latent_dim)
for key, model in models.items():
    eps = torch.randn(1000, model.latent_dim, generator=generator)
    random_codes[key, "N(0, I)"] = eps
    if key in codes:
        fitted = train_codes[key]
        random_codes[key, "fitted Gaussian"] = fitted.mean(0) + fitted.std(0) * eps  # the same draws, stretched
        random_codes[key, "mixture of 10"] = mixture_codes(key)  # numpy's generator: the torch draws stay as they were
with torch.no_grad():
    samples = {way: models[way[0]].decode(z) for way, z in random_codes.items()}
fig = image_grid(torch.cat([s[:12] for s in samples.values()]), ncols=12,
                 row_labels=[f"{key}, {how}" for key, how in samples], title="Decoded random codes, by model and sampler")

# %% [markdown]
# How many look like a digit? We ask the small digit classifier of notebook 05: a sample counts as
# *digit-like* when the classifier gives one class at least 90 % probability (real test digits: first
# line). For the 2-D models we also measure the holes directly: the share of random codes farther from
# every real code than 99 % of real codes are from their nearest neighbour. Each 2-D model's first line is
# a ceiling to read the rest against: its reconstructions of the real test digits, decoded from their own
# codes. A random code in the right place can do little better than that.
# <!-- numbers: 90 % = the cell's threshold, 0.9; 99 % = the quantile of course_utils.metrics.hole_fraction, 0.99 -->

# %% [markdown] {"lang": "zh", "en": "23494f8d86"}
# 其中有多少看起来像数字？我们请 notebook 05 中的小型数字分类器来判断：如果分类器给某一类至少 90 % 的概率，这个样本就算作*像数字*（真实测试数字的结果见第一行）。对于 2 维模型，我们还直接测量空洞：如果一个随机编码到每一个真实编码的距离，都比 99 % 的真实编码到各自最近邻的距离更远，它就落在空洞里；我们统计这类随机编码所占的比例。每个 2 维模型的第一行是一个上限，其余各行都要对照它来读：模型对真实测试数字的重建，即从这些数字自己的编码解码出的图像。一个落在正确位置的随机编码，也很难比这做得更好。
# <!-- numbers: 90 % = the cell's threshold, 0.9; 99 % = the quantile of course_utils.metrics.hole_fraction, 0.99 -->

# %%
classifier = pretrained.load("mnist_classifier")
confident = lambda images: (predict(classifier, images)[0].max(1).values >= 0.9).double().mean().item()
with torch.no_grad():
    ceiling = {key: confident(models[key].decode(codes[key])) for key in codes}
digit_like = {way: confident(images) for way, images in samples.items()}
holes = {way: hole_fraction(z, codes[way[0]]) for way, z in random_codes.items() if way[0] in codes}
print(f"{'1,000 codes':30s} {'digit-like':>10s} {'in a hole':>10s}")
print(f"{'real test digits':30s} {confident(test_images):10.1%}")
for key in models:
    if key in codes:
        print(f"{key + ', test digits rebuilt':30s} {ceiling[key]:10.1%}")
    for (model_key, how), share in digit_like.items():
        if model_key == key:
            hole = f"{holes[key, how]:10.1%}" if (key, how) in holes else "  no encoder (16-D)"
            print(f"{key + ', ' + how:30s} {share:10.1%} {hole}")
claim("from a Gaussian fitted to each map, fewer of the VAE's codes than of the AE's fall in holes",
      holes["VAE", "fitted Gaussian"] < holes["AE", "fitted Gaussian"])
claim("a mixture of 10 puts fewer codes in holes than the fitted Gaussian, for both models",
      all(holes[key, "mixture of 10"] < holes[key, "fitted Gaussian"] for key in codes))
claim("but for the VAE the mixture puts more codes in holes than the prior does",
      holes["VAE", "mixture of 10"] > holes["VAE", "N(0, I)"])
claim("from N(0, I), under 1 % of the AE's codes fall in holes, yet fewer are digit-like than from its fitted Gaussian",
      holes["AE", "N(0, I)"] < 0.01 and digit_like["AE", "N(0, I)"] < digit_like["AE", "fitted Gaussian"])
claim("the VAE's mixture samples are digit-like over 5 points more often than its prior samples",
      digit_like["VAE", "mixture of 10"] > digit_like["VAE", "N(0, I)"] + 0.05)
claim("its fitted Gaussian lies in between: more often digit-like than the prior, less than the mixture",
      digit_like["VAE", "N(0, I)"] < digit_like["VAE", "fitted Gaussian"] < digit_like["VAE", "mixture of 10"])
claim("the AE's fitted-Gaussian and mixture samples fall under 7 points short of its reconstructions",
      all(ceiling["AE"] - digit_like["AE", how] < 0.07 for how in ("fitted Gaussian", "mixture of 10")))
claim("the VAE's prior samples fall over 15 points short of its reconstructions",
      ceiling["VAE"] - digit_like["VAE", "N(0, I)"] > 0.15)
claim("the GAN's prior samples are the most often digit-like", max(digit_like, key=digit_like.get) == ("GAN", "N(0, I)"))

# %% [markdown]
# **Like with like.** From the same kind of density, a Gaussian fitted to each map's training codes, fewer of
# the VAE's codes fall in holes than of the AE's. That does not show that the KL term packed the VAE's map more
# evenly: the two models also differ in architecture (the table at the top). The controlled comparison is in
# exercise 1's solution, the same VAE recipe trained with KL weight 0 and 1, and it does not settle the
# question: there the fitted Gaussians put about the same share in holes on seed 0 (8.6 % and 8.2 %), but
# more at weight 0 on seed 1 (13.5 % and 3.7 %). A density that follows the arms, the mixture of 10, puts fewer codes in holes
# than the fitted Gaussian for both models, but not none, and for the VAE more than its prior does. So what
# the VAE's prior buys is sampling with nothing fitted: drawn as it is, it puts few codes in holes. For
# digit-like samples it is not the VAE's best sampler. Its codes spread wider than $\mathcal N(0, I)$ (the
# spread printed above), so prior samples crowd the dense middle of the map. Stretching the same draws to the
# map's spread, the fitted Gaussian, makes them more often digit-like, but the mixture more still (all
# printed): the spread explains only part of the mixture's gain, the rest comes from following the arms. The AE's
# <!-- numbers: 8.6 %, 8.2 %, 13.5 %, 3.7 % = exercise 1's solution, fitted Gaussian in holes at KL weight 0 and 1, seed 0 and COURSE_SEED=1; 0 and 1 = its KL weights; 10 = the mixture's components -->
# $\mathcal N(0, I)$ line is no rival either: its map is several times wider than $\mathcal N(0, I)$, so those
# codes sit in the middle, rarely in a hole, yet less often digit-like than from its fitted Gaussian (07
# counts how few kinds of digit they draw).
#
# **Holes are only part of the story.** Read each model against its ceiling. The AE's reconstructions of real
# test digits are digit-like only about half the time (53 % in this run): at $d = 2$ its decoder draws
# blurry digits even from a real digit's own code, and its random samples come close to that, from either
# fitted density. The VAE's reconstructions are more often digit-like (70 %), and its prior samples fall
# over 15 points short of them; the mixture recovers most of the gap. The GAN's line is not directly
# comparable: its code has 16 dimensions, not 2, and no hole measure is shown.
#
# **Why.** The autoencoder's loss only asks that the codes *of training images* decode well. Nothing says
# where those codes should sit or what lies between them: classes spread into separate arms with empty
# space around them, and the decoder never learned what to draw there. The VAE's KL term pulls every
# $q(z \mid x)$ towards $\mathcal N(0, I)$, so the codes of all classes crowd into one region around it, and the sampling noise makes the decoder draw something sensible for a whole neighbourhood of each code, not just one point. The GAN's
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

# %% [markdown] {"lang": "zh", "en": "b53bf4b12d"}
# **同类相比。** 用同一种密度——对每张地图的训练编码拟合的一个高斯分布——采样时，VAE 的编码落入空洞的比 AE 的少。但这并不能说明是 KL 项让 VAE 的地图排布得更均匀：两个模型的网络结构也不同（见开头的表格）。对照比较在练习 1 的参考答案中：用同一个 VAE 配方，分别以 KL 权重 0 和 1 训练，但它并不能给出定论：在种子 0 上，两者拟合的高斯分布落入空洞的比例大致相同（8.6 % 和 8.2 %），在种子 1 上则是权重 0 时更多（13.5 % 和 3.7 %）。一个顺着各条“臂”分布的密度，即十个高斯分布的混合，对两个模型来说落入空洞的编码都比拟合的高斯分布少，但并没有降到零；对 VAE 来说，它落入空洞的编码甚至比先验还多。所以 VAE 的先验带来的是无需拟合任何东西就能采样：直接从它抽样，落入空洞的编码就很少。但就像数字的样本而言，它并不是 VAE 最好的采样方式。VAE 的编码分布得比 $\mathcal N(0, I)$ 更宽（见上面打印的分布范围），所以先验样本挤在地图中间稠密的区域。把同一批抽样拉伸到地图的分布范围，即拟合的高斯分布，会让它们更常像数字，但混合分布的样本还要更常像数字（都已打印）：分布范围只解释了混合分布的一部分优势，其余部分来自顺着各条“臂”分布。AE 的
# <!-- numbers: 8.6 %, 8.2 %, 13.5 %, 3.7 % = exercise 1's solution, fitted Gaussian in holes at KL weight 0 and 1, seed 0 and COURSE_SEED=1; 0 and 1 = its KL weights; 10 = the mixture's components --> $\mathcal N(0, I)$ 那一行也算不上对手：它的地图比 $\mathcal N(0, I)$ 宽好几倍，所以这些编码都落在中间，很少落入空洞，但像数字的比例却比从拟合的高斯分布中采样时低（07 统计了它们画出的数字种类有多少）。
#
# **空洞只是原因的一部分。** 要对照每个模型的上限来读。AE 对真实测试数字的重建只有大约一半像数字（本次运行中为 53 %）：在 $d = 2$ 时，即使从真实数字自己的编码出发，它的解码器画出的数字也是模糊的；而无论用哪一种拟合的密度，它的随机样本都接近这个上限。VAE 的重建更常像数字（70 %），而它的先验样本比这低了 15 个百分点以上；混合分布弥补了大部分差距。GAN 那一行不能直接比较：它的编码有 16 维而不是 2 维，而且没有给出空洞的测量。
#
# **为什么。** 自编码器的损失只要求*训练图像的*编码能被很好地解码。它没有规定这些编码应该位于何处，也没有规定它们之间是什么：各个类别散开成互相分离的“臂”，周围是空白区域，而解码器从未学过在那里该画什么。VAE 的 KL 项把每个 $q(z \mid x)$ 都拉向 $\mathcal N(0, I)$，于是所有类别的编码都挤进它周围的同一片区域；而采样噪声让解码器对每个编码的整个邻域（而不只是一个点）都能画出合理的图像。GAN 的生成器*只*在从先验中抽取的编码上训练，所以先验能到达的区域没有一处是未经训练的：它的编码空间中没有空白区域。但这并不意味着每个编码都会生成数字。正如 notebook 05 所论证的，一个连续的生成器在从 3 变到 8 的途中，必然要经过既不是 3 也不是 8 的形状，所以有些先验编码会被解码成分类器无法辨认的形状（见上面 GAN 那一行）：GAN 的缺口位于图像空间中类别与类别之间，而不是其编码空间里的空白区域。在下面的地图中亲眼看看两个自编码器的编码吧。
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
with torch.no_grad():  # what the classifier is sure of (p >= 0.9) at beta = 20, and what it reads there
    readings = {row: predict(classifier, grids["β = 20"][rows])[0].max(1)
                for row, rows in (("reconstructions", slice(10, 20)), ("prior samples", slice(20, 30)))}
sure = {row: r.indices[r.values >= 0.9] for row, r in readings.items()}
sure_of_digit = test_labels[:10][readings["reconstructions"].values >= 0.9]
claim("at beta = 20 the classifier is sure of one reconstruction only, the test 0's, and reads it as a 0",
      sure_of_digit.tolist() == [0] and sure["reconstructions"].tolist() == [0])
claim("and of at least one prior sample, every one of them a 0",
      len(sure["prior samples"]) > 0 and bool((sure["prior samples"] == 0).all()))
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
# little: the digits at its two ends are the 0s and the 1s (printed), and only the 0 end still draws a clear
# digit. The test 0 comes back as a 0, the one reconstruction the classifier is sure of, and the prior
# samples it is sure of are 0s too (the last two claims); every other reconstruction and prior sample, the 1
# included, is the same blurry average shape. The reconstruction term is far worse. At $\beta = 0.1$ the KL is large: the codes
# spread well beyond the prior, yet in this short run the reconstructions are only a little better than at
# $\beta = 1$. (Decoders strong enough to draw an image without the code, such as autoregressive ones, make
# collapse far more common than this small MLP does.)

# %% [markdown] {"lang": "zh", "en": "062f0c922f"}
# 每张图依次是：十个测试数字、它们的重建，以及从先验中抽取并解码的十个编码（切换器一次显示一个 $\beta$，静态图同时显示全部三个）。平均 $\sigma$ 随 $\beta$ 增大而增大：偏离先验的代价越低，编码器保留的噪声就越少（练习 1 把这一点一直追到权重为 0）。在 $\beta = 20$ 时，一个维度的 KL 接近 0：编码器把它关掉了。另一个维度仍携带少量信息：它两端的数字分别是 0 和 1（见打印结果），而只有 0 那一端还能画出清楚的数字。测试集中的 0 被重建成一个 0，这是分类器唯一有把握的重建；分类器有把握的先验样本也都是 0（最后两条结论）；其余的重建和先验样本，包括那个 1，都是同一个模糊的平均形状。重建项也差得多。在 $\beta = 0.1$ 时 KL 很大：编码散布到远远超出先验的范围，但在这次短时间的训练中，重建只比 $\beta = 1$ 时好一点点。（强到不需要编码就能画出图像的解码器，例如自回归解码器，会让坍塌远比在这个小型 MLP 上常见。）

# %% [markdown]
# ## Linear or spherical?
# With a Gaussian prior in $d$ dimensions almost all codes have a norm near $\sqrt d$ (4 for the GAN's
# $d = 16$). The straight line between two such codes passes closer to the origin, where the generator
# rarely saw a code. In many dimensions two such codes are nearly orthogonal and of similar norm, and then
# the spherical path (slerp) keeps the norm near its ends' norms. The argument needs many dimensions: in
# 2-D the norm of a Gaussian code does not concentrate (it is anywhere from 0 to about 3), so for the 2-D
# AE and VAE it gives no reason to prefer slerp. The cell below first prints the norms along both paths
# between two GAN prior codes, then measures the 2-D models: the points strictly between the ends of 200
# random pairs of test codes, by both paths, counted in holes and digit-like as in the table above. In 2-D
# slerp puts more of its points in holes than the straight line, for both models, and changes the digit-like
# share by a few points (printed). Where the map is centred is not the cause: the VAE's map is centred on
# the origin, and slerp puts more of its points in holes there than in the AE's map (turning about the codes'
# mean instead does not help either). The cause is pairs at a wide angle. Slerp's weights
# $\sin((1-t)\Omega)/\sin\Omega$ and $\sin(t\Omega)/\sin\Omega$ grow without bound as the angle $\Omega$
# between the ends nears a half turn. Between ends of equal norm they only carry the point around a circle,
# but in 2-D two random codes often lie at a wide angle and differ in norm, and then the path swings far out,
# beyond every code. The last lines print it: the pairs with $\cos\Omega < -0.5$ hold most of slerp's points
# in holes, and its paths reach norms several times the codes' 99th-percentile norm. The widget offers both
# paths for every model.
# <!-- numbers: 200 = the pairs in the cell below; 8.8 %, 10.4 % = slerp about the codes' mean (the AE's and the VAE's, seed 0, measured outside the notebook: their share of points in holes, against 4.3 % and 10.6 % about the origin) -->

# %% [markdown] {"lang": "zh", "en": "2e181ea901"}
# ## 线性还是球面？
# 对于 $d$ 维的高斯先验，几乎所有编码的范数都接近 $\sqrt d$（对 GAN 的 $d = 16$ 来说是 4）。两个这样的编码之间的直线会更靠近原点，而生成器很少在那里见到编码；在多维空间中，两个这样的编码几乎正交、范数也相近，这时球面路径（slerp）会让范数保持在两端的范数附近。这个论证需要足够多的维度：在 2 维中，高斯编码的范数并不集中（它可以是 0 到约 3 之间的任何值），所以对于 2 维的 AE 和 VAE，这个论证并不能说明应该选 slerp。下面的单元先打印两个 GAN 先验编码之间两条路径上的范数，再测量两个 2 维模型：取 200 对随机的测试编码，沿两条路径取两端之间（不含两端）的点，像上面的表格那样统计落入空洞的比例和像数字的比例。在 2 维中，对两个模型来说，slerp 落入空洞的点都比直线多，而像数字的比例只变化几个百分点（见打印结果）。原因并不在于地图的中心在哪里：VAE 的地图就以原点为中心，而 slerp 在它的地图上落入空洞的点比在 AE 的地图上还多（改为绕编码的均值旋转也无济于事）。原因在于夹角很大的编码对。slerp 的权重 $\sin((1-t)\Omega)/\sin\Omega$ 和 $\sin(t\Omega)/\sin\Omega$ 在两端之间的夹角 $\Omega$ 接近半圈时会无限增大。两端范数相等时，它们只是让点沿着一个圆转动；但在 2 维中，两个随机编码常常夹角很大、范数又不同，这时路径就会甩得很远，远到所有编码之外。最后几行打印出了这一点：$\cos\Omega < -0.5$ 的编码对包含了 slerp 落入空洞的点中的大部分，而它的路径达到的范数是编码范数第 99 百分位数的好几倍。交互控件为每个模型都提供了这两种路径。
# <!-- numbers: 200 = the pairs in the cell below; 8.8 %, 10.4 % = slerp about the codes' mean (the AE's and the VAE's, seed 0, measured outside the notebook: their share of points in holes, against 4.3 % and 10.6 % about the origin) -->

# %%
z0, z1 = torch.randn(2, models["GAN"].latent_dim, generator=torch.Generator().manual_seed(SEED + 1))
t = torch.linspace(0, 1, 5)
print("t      ", " ".join(f"{v:5.2f}" for v in t.tolist()))
print("|lerp| ", " ".join(f"{v:5.2f}" for v in lerp(z0, z1, t).norm(dim=1).tolist()))
print("|slerp|", " ".join(f"{v:5.2f}" for v in slerp(z0, z1, t).norm(dim=1).tolist()))
pair_index = torch.randint(0, len(test_images), (200, 2), generator=torch.Generator().manual_seed(SEED))
inner = torch.linspace(0, 1, 11)[1:-1]  # 9 points strictly between the ends
path_holes, path_digits, reach, wide_share = {}, {}, {}, {}
for key in codes:  # the 2-D models
    for path in (lerp, slerp):  # slerp last: its points are kept for the lines below
        points = torch.cat([path(codes[key][i], codes[key][j], inner) for i, j in pair_index])  # (1800, 2)
        with torch.no_grad():
            path_digits[key, path.__name__] = confident(models[key].decode(points))
        path_holes[key, path.__name__] = hole_fraction(points, codes[key])
    print(f"{key:4s} 200 pairs of test codes, 9 points each: in a hole lerp {path_holes[key, 'lerp']:.1%}, "
          f"slerp {path_holes[key, 'slerp']:.1%}; digit-like lerp {path_digits[key, 'lerp']:.1%}, "
          f"slerp {path_digits[key, 'slerp']:.1%}")
    arcs = points.reshape(len(pair_index), len(inner), -1)  # slerp's points, pair by pair
    ends = codes[key][pair_index]  # (200, 2, 2)
    wide = torch.nn.functional.cosine_similarity(ends[:, 0], ends[:, 1]) < -0.5  # pairs at a wide angle
    reach[key] = (float(arcs.norm(dim=2).max()), float(codes[key].norm(dim=1).quantile(0.99)))
    wide_share[key] = (hole_fraction(arcs[wide].reshape(-1, arcs.shape[-1]), codes[key]) * int(wide.sum())
                       / (path_holes[key, "slerp"] * len(wide)))
    print(f"     slerp's paths reach a norm of {reach[key][0]:.3g}; the codes' 99th-percentile norm is {reach[key][1]:.3g}; "
          f"the {wide.float().mean():.0%} of pairs at a wide angle (cos < -0.5) hold {wide_share[key]:.0%} of slerp's points in holes")
claim("in 2-D slerp puts more of its points in holes than the straight line, for the AE and the VAE",
      all(path_holes[key, "slerp"] > path_holes[key, "lerp"] for key in codes))
claim("and changes the digit-like share by under 10 points",
      all(abs(path_digits[key, "slerp"] - path_digits[key, "lerp"]) < 0.1 for key in codes))
claim("slerp's paths reach over twice the codes' 99th-percentile norm, for both models",
      all(far > 2 * typical for far, typical in reach.values()))
claim("and the pairs at a wide angle hold over 80 % of slerp's points in holes", min(wide_share.values()) > 0.8)

# %% [markdown]
# The spherical path between a real 1 and a real 7, decoded by each model: the kind of strip the
# interpolation widget above shows (choose digits 1 and 7 and the spherical path there), drawn once for
# readers without a live kernel. Look at the AE's last frame, the 2-D autoencoder's own reconstruction of
# this 7: to the eye it lies between a 7 and a 9, and the classifier (printed below the strip) is unsure of
# it too: its top reading is a 1, with p 0.47, and a 7 gets 0.32. The VAE's and the GAN's last frames are read
# as 7s. A path can only end where the model's reconstruction of the end digit lies, so the AE's path ends
# on this blurred shape, not on the 7.

# %% [markdown] {"lang": "zh", "en": "de5ebf7740"}
# 下面是一个真实的 1 和一个真实的 7 之间的球面路径，由每个模型分别解码：这正是上面的插值交互控件所显示的那种图条（在那里选择数字 1 和 7 以及球面路径即可看到），这里画一次，供没有运行内核的读者查看。请看 AE 的最后一帧，也就是 2 维自编码器自己对这个 7 的重建：用肉眼看，它介于 7 和 9 之间；分类器（结果打印在图条下方）对它也没有把握：它读出的最可能的类别是 1，p 为 0.47，而 7 得到 0.32。VAE 和 GAN 的最后一帧都被读作 7。一条路径只能终止于模型对终点数字的重建所在的位置，所以 AE 的路径终止于这个模糊的形状，而不是那个 7。

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
with torch.no_grad():  # the classifier's reading of each strip's last frame: the model's version of the 7
    last = {key: predict(classifier, strip[-1:])[0][0] for key, strip in zip(models, strips)}
for key, p in last.items():
    print(f"{key:4s} last frame read as a {int(p.argmax())} (p {p.max():.2f}); p of a 7: {p[7]:.2f}")
claim("the classifier reads the VAE's and the GAN's last frames as 7s", all(int(last[key].argmax()) == 7 for key in ("VAE", "GAN")))
claim("but not the AE's, and it is unsure of it (p < 0.9)", int(last["AE"].argmax()) != 7 and float(last["AE"].max()) < 0.9)

# %% [markdown]
# **GAN inversion.** The GAN has no encoder, so to put a real digit into its latent space
# `course_utils.latent.invert` searches: it starts from the best of 256 random codes and takes 50 Adam
# steps (learning rate 0.1) on $\|G(z) - x\|^2 + \tfrac12\|z\|^2$. The second term is minus the prior's
# log-density, up to a constant: it keeps $z$ from running far out, but it pulls towards the origin, not
# onto the shell of norm near 4 where prior codes lie. So the inverted codes are shorter than prior draws
# (the cell below prints both), and for them the argument for slerp above is weaker: both ends already lie
# inside the shell, and slerp keeps the path's norm near theirs, not near 4. The search is also why the
# interpolation widget needs about half a second on 2 cores when you change a digit, and only a few
# milliseconds when you move **t**. Twice the steps at the same learning rate fit better (a squared error
# of 12.2 per digit against about 14.4, over 112 test digits) for 1.5 times the time (0.71 s against 0.47 s).
# <!-- numbers: 1.5 = 0.71 / 0.47; half a second, 0.47, 0.71 = the median wall time of 12 new end digits in interpolation_widget(..., invert_steps=50), and with invert_steps=100 at the same lr, on 2 threads of a shared 2-core machine; 12.2, 14.4 = invert(gan, test_images[::9]) with steps=100 and with the default 50, both at lr=0.1: squared error of G(z) against the digit summed over its 784 pixels, mean over the 112 digits (12.22, and 14.42 to 14.45 over runs; at steps=100, lr=0.05: 13.25); 0.1 = invert's default lr -->

# %% [markdown] {"lang": "zh", "en": "518f7d2a59"}
# **GAN 反演。** GAN 没有编码器，所以要把一个真实数字放进它的潜在空间，`course_utils.latent.invert` 需要进行搜索：它从 256 个随机编码中最好的一个出发，对 $\|G(z) - x\|^2 + \tfrac12\|z\|^2$ 执行 50 步 Adam 优化（学习率 0.1）。第二项（相差一个常数）是先验对数密度的相反数：它让 $z$ 不会跑得太远，但它把编码拉向原点，而不是拉到先验编码所在的、范数接近 4 的球壳上。所以反演得到的编码比先验抽样短（下面的单元打印了两者），对它们来说，上面支持 slerp 的论证就弱一些：两端本来就位于球壳之内，slerp 让路径的范数保持在两端的范数附近，而不是 4 附近。这种搜索也是为什么在 2 个核上更换数字时，插值交互控件大约需要半秒，而拖动 **t** 时只需几毫秒。学习率不变、步数加倍，拟合会更好（在 112 个测试数字上，每个数字的平方误差为 12.2，而不是约 14.4），时间则是 1.5 倍（0.71 秒对 0.47 秒）。
# <!-- numbers: 1.5 = 0.71 / 0.47; half a second, 0.47, 0.71 = the median wall time of 12 new end digits in interpolation_widget(..., invert_steps=50), and with invert_steps=100 at the same lr, on 2 threads of a shared 2-core machine; 12.2, 14.4 = invert(gan, test_images[::9]) with steps=100 and with the default 50, both at lr=0.1: squared error of G(z) against the digit summed over its 784 pixels, mean over the 112 digits (12.22, and 14.42 to 14.45 over runs; at steps=100, lr=0.05: 13.25); 0.1 = invert's default lr -->

# %%
inverted = invert(models["GAN"], test_images[::50], seed=SEED)  # 20 test digits, invert's default 50 steps
norms = inverted.norm(dim=1)
prior_norms = torch.randn(1000, models["GAN"].latent_dim, generator=torch.Generator().manual_seed(SEED)).norm(dim=1)
print(f"norm of the codes of 20 inverted test digits: mean {norms.mean():.2f}, from {norms.min():.2f} to {norms.max():.2f}; "
      f"of 1,000 prior draws: mean {prior_norms.mean():.2f}")
claim("the inverted digits' codes are shorter than prior draws on average, by over 20 %",
      float(norms.mean()) < 0.8 * float(prior_norms.mean()))

# %% [markdown]
# ## Latent arithmetic on class means
# Average the codes of all test digits of one class, $\mu_c$. Then $z(x) + s\,(\mu_b - \mu_a)$ moves a digit
# $x$ of class $a$ by the difference between the class means. Does it turn into a $b$ and keep its style?

# %% [markdown] {"lang": "zh", "en": "4799466aaf"}
# ## 基于类别均值的潜在空间算术
# 对同一类别的所有测试数字的编码求平均，得到 $\mu_c$。那么 $z(x) + s\,(\mu_b - \mu_a)$ 就把数字 $x$（属于类别 $a$）沿两个类别均值之差移动。它会变成一个 $b$ 并保留原来的书写风格吗？

# %%
means = {key: class_means(codes[key], test_labels) for key in codes}
pairs, shifted = ((6, 7), (1, 7), (3, 8)), {}
with torch.no_grad():
    for key, m in means.items():
        read = predict(classifier, models[key].decode(m))[0].argmax(1)
        gap = (m[7] - m[1]) / codes[key].std(0)  # in each map's own units: its codes' std per dimension
        print(f"{key:4s} the decoded class means 0-9 are read as {read.tolist()}; "
              f"mu_7 - mu_1 is {gap.norm():.2f} code standard deviations long")
        for a, b in pairs:  # every test digit of class a, moved by mu_b - mu_a
            moved = models[key].decode(codes[key][test_labels == a] + m[b] - m[a])
            shifted[key, a, b] = float((predict(classifier, moved)[0].argmax(1) == b).float().mean())
        print("     digits of class a moved by mu_b - mu_a, read as a b: "
              + ", ".join(f"{a} -> {b} {shifted[key, a, b]:.0%}" for a, b in pairs))
claim("for both models the mean code of the 7s decodes to something read as a 9",
      all(int(predict(classifier, models[key].decode(m[7:8]))[0].argmax()) == 9 for key, m in means.items()))
claim("no shift turns two thirds of its digits into the class asked for", max(shifted.values()) < 2 / 3)
claim("and which model does better depends on the pair",
      len({shifted["VAE", a, b] > shifted["AE", a, b] for a, b in pairs}) == 2)
arithmetic_widget(encoders, test_images, test_labels, index=3, target=7, strength=1.0)

# %% [markdown]
# **What we saw.** Look at the third column first: the decoded mean code of the 7s. For both models it is
# not a 7: the classifier reads it as a 9, and the decoded means of the 4s and 5s are not read as their own
# class either (first lines above). With two numbers per digit, the average of a class's codes can land
# where the decoder draws another digit. $z(x) + (\mu_7 - \mu_a)$ moves the digit towards whatever $\mu_7$
# decodes to. The lines above measure it over all 100 test digits of a class: the share read as the class
# asked for runs from almost none (the AE's 1 → 7, 0 %, and 6 → 7, 1 %) to 57 % (the VAE's 1 → 7), never two
# thirds, and which model does better depends on the pair. Whether the style survives we did not measure;
# look for yourself with the controls. (The gap between the mean 1 and
# the mean 7 is printed in units of each map's code spread, because the two maps differ in scale: measured
# that way they lie about equally far apart in both.) Arithmetic on codes is known to work better in other
# settings, which we do not test here: Radford et al. (2016, the DCGAN paper) added and subtracted the
# averaged 100-dimensional codes of three face images per concept ("smiling woman" − "neutral woman" +
# "neutral man").

# %% [markdown] {"lang": "zh", "en": "b79feb1e89"}
# **观察结果。** 先看第三列：7 的平均编码解码后的图像。对两个模型来说，它都不是 7：分类器把它读作 9，而 4 和 5 的平均编码解码后也没有被读作各自的类别（见上面开头几行）。编码只有两维时（每个数字只用两个数来表示），一个类别的编码的平均值可能落在解码器会画出另一个数字的位置。$z(x) + (\mu_7 - \mu_a)$ 会把数字移向 $\mu_7$ 解码出来的样子。上面几行在某一类别的全部 100 个测试数字上测量了这一点：被读作所要求类别的比例，从几乎为零（AE 的 1 → 7 为 0 %，6 → 7 为 1 %）到 57 %（VAE 的 1 → 7）不等，从来没有达到三分之二，而且哪个模型做得更好取决于是哪一对数字。原来的书写风格是否保留下来，我们没有测量；用控件自己看看吧。（平均的 1 与平均的 7 之间的距离是以每张地图上编码的标准差为单位打印的，因为两张地图的尺度不同：这样度量时，两者在两张地图中的距离大致相等。）已知在其他情形下编码算术的效果更好，但我们这里没有检验：Radford 等人（2016，即 DCGAN 论文）对人脸图像做加减，每个概念取三张图像的 100 维编码的平均值（“微笑的女人” − “中性表情的女人” + “中性表情的男人”）。

# %% [markdown]
# ## Exercises
# 1. **Conceptual.** The KL term pulls every code towards $\mathcal N(0, I)$. What would the VAE's map look
#    like if the KL term were multiplied by 0? By 10? Which one has holes, which one blurry digits?
# 2. **Predict, then run.** Decode the origin, $z = (0, 0)$, with the AE and with the VAE. Which one gives a
#    digit-like image? Predict first, then check with the explorer (or `model.decode(torch.zeros(1, 2))`).
# 3. **Coding.** Measure how far the linear path dips: for 1,000 pairs of GAN prior codes, compute the
#    smallest norm along `lerp` and along `slerp` (use 21 values of t). Report both means.
# 4. **Coding.** Train `VAE(latent_dim=2)` with `vae_loss` where the KL term is weighted by 4 for 4 epochs,
#    from the demo's start and with its batches (seed both as the demo cells do, with `SEED`), and compare
#    `hole_fraction` of prior samples and the test -ELBO with the demo model above.

# %% [markdown] {"lang": "zh", "en": "61e4be9f55"}
# ## 练习
# 1. **概念题。** KL 项把每个编码都拉向 $\mathcal N(0, I)$。如果 KL 项乘以 0，VAE 的地图会是什么样子？乘以 10 呢？哪种情况会有空洞，哪种情况会得到模糊的数字？
# 2. **先预测，再运行。** 用 AE 和 VAE 分别解码原点 $z = (0, 0)$。哪一个会给出像数字的图像？先预测，再用探索器（或 `model.decode(torch.zeros(1, 2))`）检验。
# 3. **编程题。** 测量线性路径会向内凹陷多少：对 1,000 对 GAN 先验编码，分别计算沿 `lerp` 和沿 `slerp` 的最小范数（t 取 21 个值）。报告两者的平均值。
# 4. **编程题。** 用 `vae_loss` 训练 `VAE(latent_dim=2)`，其中 KL 项的权重为 4，训练 4 轮，从与演示模型相同的初始状态出发、使用相同的小批量（像演示单元那样，两处都用 `SEED` 设定种子），并将先验样本的 `hole_fraction` 和测试集上的 -ELBO 与上面的演示模型进行比较。

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
#    trains the decoder between the codes any more, and nothing ties them to $\mathcal N(0, I)$. The $\beta$
#    cell above already shows the direction (the mean $\sigma$ falls and the KL rises as $\beta$ falls). With
#    weight 10 every code pays heavily for leaving the prior: the means crowd towards the origin,
#    reconstructions become blurry averages, and a dimension may collapse, as at $\beta = 20$ above. Which one
#    has holes is a measurement, so the run below makes it: it trains the $\beta$ cell's recipe with weights 0
#    and 10 and counts the codes that fall in holes of each model's test means, drawn from a Gaussian fitted
#    to its training means and from $\mathcal N(0, I)$. At weight 0 the map is far wider than the prior, so
#    almost no $\mathcal N(0, I)$ draw falls in a hole; from the fitted Gaussian the share against weight 1
#    depends on the seed (8.6 % against 8.2 % on seed 0, 13.5 % against 3.7 % on seed 1). Weight 10 has
#    holes too, not none: from the fitted Gaussian it puts more codes in holes than weight 1 on both seeds
#    (15.4 % and 13.2 %), on seed 1 about as many as weight 0. Its means crowd into a narrow band (a std of
#    0.1 to 0.25 in one dimension on seeds 0 and 1), so most $\mathcal N(0, I)$ draws fall in holes of the
#    means. But with a $\sigma$ this large a hole of the means is not a region the decoder never trained on:
#    the encoder's noise (a mean $\sigma$ near 0.7) spreads each code over much of the prior, so the decoder
#    saw codes all over those holes. Blurry digits it has for certain.
#    <!-- numbers: 8.6 %, 8.2 %, 13.5 %, 3.7 % = this solution's fitted-Gaussian holes at weights 0 and 1, seed 0 and COURSE_SEED=1; 15.4 %, 13.2 % = its fitted-Gaussian holes at weight 10, seeds 0 and 1 (N(0, I): 85.8 %/68.2 %); 0.1 to 0.25, 0.7 = its weight-10 means' smaller std (0.10, 0.23) and mean sigma (0.70, 0.70), seeds 0 and 1 -->
#    ```python
#    trained = {}
#    for weight in (0.0, 10.0):  # the beta cell's recipe, with KL weight 0 and 10
#        torch.manual_seed(SEED)
#        trained[weight] = VAE(latent_dim=2)
#        fit(trained[weight], train_images, objective=beta_objective(weight), epochs=16, batch_size=128, lr=2e-3,
#            device=device, progress=False)
#    draws = torch.randn(1000, 2, generator=torch.Generator().manual_seed(SEED))
#    noise, in_holes = {}, {}
#    for weight, m in ((0.0, trained[0.0]), (0.1, vaes[0.1]), (1.0, vaes[1.0]), (10.0, trained[10.0])):
#        with torch.no_grad():
#            mu, logvar = m.encode_stats(test_images)
#            train_mu = m.encode(train_images)
#            torch.manual_seed(SEED + 1)
#            _, reconstruction, kl = negative_elbo(m, test_images)
#        sigma, spread = float(logvar.mul(0.5).exp().mean()), float(mu.std(0).mean())
#        noise[weight] = sigma / spread
#        in_holes[weight] = (hole_fraction(train_mu.mean(0) + train_mu.std(0) * draws, mu), hole_fraction(draws, mu))
#        print(f"KL weight {weight:4}: mean sigma {sigma:.3f}, spread of the means {spread:.2f} "
#              f"(noise {noise[weight]:.1%} of it), smaller std {mu.std(0).min():.2f}; reconstruction "
#              f"{reconstruction:.1f}, KL {kl:.2f} nats; in holes: fitted Gaussian {in_holes[weight][0]:.1%}, "
#              f"N(0, I) {in_holes[weight][1]:.1%}")
#    claim("the smaller the KL weight, the smaller the noise relative to the codes' spread",
#          noise[0.0] < noise[0.1] < noise[1.0])
#    claim("at weight 0 the noise is under 1 % of the codes' spread", noise[0.0] < 0.01)
#    claim("at weight 0 under 1 % of N(0, I) draws fall in holes", in_holes[0.0][1] < 0.01)
#    claim("at weight 10 a fitted Gaussian puts more codes in holes than at weight 1", in_holes[10.0][0] > in_holes[1.0][0])
#    claim("and over half of the N(0, I) draws fall in holes of the weight-10 means", in_holes[10.0][1] > 0.5)
#    ```
# 2. The VAE's, for the shipped models, but that depends on the run. Its KL term pulls every code towards
#    $\mathcal N(0, I)$, so the origin is the middle of its map, where codes of many images crowd and the
#    decoder is trained; nothing guarantees that it draws a clean digit there, since the middle can lie between
#    classes: the $\beta = 1$ VAE of the $\beta$ cell decodes the origin to a blurry 9 (p 0.30 to 0.60 over
#    seeds 0-2). Nothing ties the
#    AE's codes to the origin: it is just one more point of its map, between the arms or on one of them,
#    depending on the run. For the shipped AE it lies among codes of several classes, and the run below
#    prints what the classifier of the cell above makes of both images: the VAE's origin is read as a 6 with
#    p 1.00, the AE's as a 3 with p 0.66, a blurry shape short of the 90 % rule (the AE's samples near the
#    middle of its map in notebook 07 are blurry 9s, 3s, 8s and 0s).
#    <!-- numbers: 1.00, 0.66 = solution 2's printout (the shipped models, so every seed); 0.30, 0.60 = vaes[1.0] of the beta cell (16 epochs), its decoded origin read by the classifier, seeds 0, 1, 2 (COURSE_SEED=1, 2): a 9 with p 0.39, 0.60, 0.30 -->
#    ```python
#    origin = torch.zeros(1, 2)
#    with torch.no_grad():
#        read = {key: predict(classifier, models[key].decode(origin))[0][0] for key in ("AE", "VAE")}
#    sure = {key: float(p.max()) for key, p in read.items()}
#    print("the classifier reads the decoded origin as: "
#          + ", ".join(f"{key} a {int(p.argmax())} (p {p.max():.2f})" for key, p in read.items()))
#    claim("the VAE's origin decodes to a digit-like image", sure["VAE"] >= 0.9)
#    claim("the classifier is surer of the VAE's origin than of the AE's", sure["VAE"] > sure["AE"])
#    ```
# 3. With `SEED = 0` the run below prints a mean linear minimum of 2.69 and a spherical one of 3.54. The linear one: each code
#    has a norm near $\sqrt{16} = 4$ (3.94 on average), and two random codes in 16 dimensions are nearly
#    orthogonal, so their midpoint has a norm near $\sqrt{16/2} \approx 2.8$ (2.79 on average: the midpoint
#    is a Gaussian with half the variance). When the two norms differ, the lowest point of the line lies a
#    little off the midpoint, towards the shorter end, and a little below it, hence 2.69. The spherical
#    minimum is larger, and on average almost exactly the shorter end's norm (3.54), which is below the
#    typical 4.
#    <!-- numbers: 2.69, 3.54, 3.94, 2.79 = solution 3's printout at SEED = 0 (1: 2.69, 3.54, 3.95, 2.79; 2: 2.70, 3.54, 3.93, 2.78) -->
#    Why: along the arc
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
#    midpoint = ((pairs[:, 0] + pairs[:, 1]) / 2).norm(dim=1)
#    print(f"smallest norm along the path, mean over 1,000 pairs: lerp {dips['lerp'].mean():.2f}, "
#          f"slerp {dips['slerp'].mean():.2f}; the midpoint {midpoint.mean():.2f} (sqrt(16/2) = {8 ** 0.5:.2f}); "
#          f"the ends {pairs.norm(dim=2).mean():.2f}, the shorter end {shorter.mean():.2f}")
#    print(f"the arc dips below the shorter end in {below.float().mean():.0%} of the pairs, all of them obtuse "
#          f"({bool(obtuse[below].all())}), by {((shorter - dips['slerp']) / shorter)[below].mean():.1%} on average")
#    claim("the midpoint's norm is within 3 % of sqrt(16/2)", abs(float(midpoint.mean()) / 8 ** 0.5 - 1) < 0.03)
#    claim("the straight path's lowest point is 2 to 5 % below the midpoint's norm, on average",
#          0.02 < 1 - float(dips["lerp"].mean() / midpoint.mean()) < 0.05)
#    claim("the arc stays further out than the straight path", bool(dips["slerp"].mean() > dips["lerp"].mean()))
#    claim("on average the arc's smallest norm is within 1 % of the shorter end's",
#          abs(float(dips["slerp"].mean() / shorter.mean()) - 1) < 0.01)
#    claim("but not pair by pair: some arcs dip below the shorter end, only for obtuse pairs",
#          bool(below.any()) and bool(obtuse[below].all()))
#    ```
# 4. Compare the two models by the *unweighted* $-$ELBO (`negative_elbo`): the two models minimised different
#    objectives, and the unweighted $-$ELBO is the bound on $-\log p(x)$ they share, and the tightest one. A KL
#    weight above 1 also gives a bound, a looser one ($\text{reconstruction} + 4\,\text{KL} \ge -\text{ELBO} \ge -\log p(x)$
#    here), and a weight below 1 none. Both models start from the same weights and see the same batches and noise, so the KL weight is the
#    only difference. The KL falls to under half of the demo's (to a quarter to a third over seeds 0-2). The
#    run prints the reconstruction term and the $-$ELBO of both models, and their changes have no fixed sign:
#    on seed 0 the reconstruction rises by 1.2 nats (200.65 to 201.84) while the $-$ELBO falls (203.28 to
#    202.51); on seed 1 both fall (the reconstruction by 0.35); on seed 2 both rise (the reconstruction by
#    2.8). The holes say little here: after four epochs the means have nearly collapsed in one dimension, a
#    std of about 0.1 or less against the prior's 1 (the weight-4 model on seeds 0-2, the demo on seeds 0
#    and 1, printed), so most prior samples fall in holes of the means for both models (between 88 % and
#    94 % over seeds 0-2), and the weight moves that share a few points either way.
#    <!-- numbers: 1.2, 200.65, 201.84, 203.28, 202.51, 0.35, 2.8, 88 %, 94 % = this solution's printout, seeds 0, 1, 2 (COURSE_SEED=1, 2): reconstruction 200.65/201.84, 198.77/198.42, 198.01/200.78 and -ELBO 203.28/202.51, 201.64/199.31, 200.53/201.50 for weights 1/4 (changes 1.2, 0.35, 2.8); the means' smaller std 0.085/0.045, 0.11/0.099, 0.54/0.10; holes 94 %/94 %, 93 %/90 %, 88 %/91 %; the KL 2.63/0.67, 2.88/0.90, 2.52/0.72 -->
#    ```python
#    def weighted_vae_loss(model, x, kl_weight):
#        loss, reconstruction, kl = vae_loss(model, x)
#        return reconstruction + kl_weight * kl
#
#
#    torch.manual_seed(SEED)  # the demo's start
#    heavy = VAE(latent_dim=2)
#    optimizer = torch.optim.Adam(heavy.parameters(), lr=1e-3)
#    torch.manual_seed(SEED)  # the demo's batches and noise
#    for epoch in range(4):
#        for index in torch.randperm(len(train_images)).split(128):
#            loss = weighted_vae_loss(heavy, train_images[index], 4)
#            optimizer.zero_grad()
#            loss.backward()
#            optimizer.step()
#    prior = torch.randn(1000, 2, generator=torch.Generator().manual_seed(SEED))
#    test_kl, in_holes, smaller_std = {}, {}, {}
#    for name, m in (("KL weight 1 (the demo)", demo), ("KL weight 4", heavy)):
#        with torch.no_grad():
#            torch.manual_seed(SEED)
#            loss, reconstruction, kl = negative_elbo(m, test_images)
#            mu = m.encode(test_images)
#        test_kl[name], in_holes[name] = float(kl), hole_fraction(prior, mu)
#        print(f"{name:22s} test -ELBO {loss:.2f} = reconstruction {reconstruction:.2f} + KL {kl:.2f}; "
#              f"prior samples in holes {in_holes[name]:.0%}; the means' std ({mu.std(0)[0]:.3f}, {mu.std(0)[1]:.3f})")
#        smaller_std[name] = float(mu.std(0).min())
#    claim("the KL weight 4 more than halves the KL on the test digits",
#          test_kl["KL weight 4"] < 0.5 * test_kl["KL weight 1 (the demo)"])
#    claim("the weight-4 model's means have nearly collapsed in one dimension (std under 0.15)",
#          smaller_std["KL weight 4"] < 0.15)
#    claim("for both models over 80 % of prior samples fall in holes of the means", min(in_holes.values()) > 0.8)
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
#    happens to every dimension for every image, $q(z \mid x)$ is the prior whatever $x$ is: the code carries
#    nothing about $x$, and the decoder ignores it: **posterior collapse**.
# </details>
# %% [markdown] {"lang": "zh", "en": "6b4c53f26a"}
# <details><summary>参考答案（点击展开）</summary>
#
# 1. 权重为 0 时，没有任何东西惩罚很小的 $\sigma$ 或远离原点的编码；噪声相对于编码的分布范围越小，重建就越好。于是编码器会把 $\log\sigma^2$ 压低（并把各个均值散开），直到噪声小到可以忽略，模型就变成一个确定性的自编码器：不再有任何东西在编码之间训练解码器，也不再有任何东西把编码与 $\mathcal N(0, I)$ 联系起来。上面的 $\beta$ 单元已经显示了这个方向（平均 $\sigma$ 随着 $\beta$ 减小而下降，KL 则上升）。权重为 10 时，每个编码都要为偏离先验付出高昂的代价：各个均值挤向原点，重建变成模糊的平均图像，还可能有一个维度坍塌，就像上面 $\beta = 20$ 时那样。哪一种有空洞，要靠测量来回答，下面的运行就做了这个测量：它用 $\beta$ 单元的配方，分别以权重 0 和 10 训练，并统计从对训练均值拟合的高斯分布和从 $\mathcal N(0, I)$ 抽取的编码中，落入每个模型测试均值的空洞的比例。权重为 0 时，地图比先验宽得多，所以几乎没有 $\mathcal N(0, I)$ 的抽样落入空洞；而从拟合的高斯分布抽样时，与权重 1 相比的结果取决于种子（种子 0 上为 8.6 % 对 8.2 %，种子 1 上为 13.5 % 对 3.7 %）。权重 10 也有空洞，而不是没有：从拟合的高斯分布抽样时，它在两个种子上落入空洞的编码都比权重 1 多（15.4 % 和 13.2 %），在种子 1 上与权重 0 差不多。它的均值挤在一条窄带里（在种子 0 和 1 上，某一维的标准差为 0.1 到 0.25），所以大多数 $\mathcal N(0, I)$ 的抽样落在均值的空洞里。但 $\sigma$ 这么大时，均值的空洞并不是解码器从未训练过的区域：编码器的噪声（平均 $\sigma$ 接近 0.7）把每个编码散布到先验的大部分范围，所以解码器在这些空洞里到处都见过编码。模糊的数字它是肯定有的。
#    <!-- numbers: 8.6 %, 8.2 %, 13.5 %, 3.7 % = this solution's fitted-Gaussian holes at weights 0 and 1, seed 0 and COURSE_SEED=1; 15.4 %, 13.2 % = its fitted-Gaussian holes at weight 10, seeds 0 and 1 (N(0, I): 85.8 %/68.2 %); 0.1 to 0.25, 0.7 = its weight-10 means' smaller std (0.10, 0.23) and mean sigma (0.70, 0.70), seeds 0 and 1 -->
#    ```python
#    trained = {}
#    for weight in (0.0, 10.0):  # the beta cell's recipe, with KL weight 0 and 10
#        torch.manual_seed(SEED)
#        trained[weight] = VAE(latent_dim=2)
#        fit(trained[weight], train_images, objective=beta_objective(weight), epochs=16, batch_size=128, lr=2e-3,
#            device=device, progress=False)
#    draws = torch.randn(1000, 2, generator=torch.Generator().manual_seed(SEED))
#    noise, in_holes = {}, {}
#    for weight, m in ((0.0, trained[0.0]), (0.1, vaes[0.1]), (1.0, vaes[1.0]), (10.0, trained[10.0])):
#        with torch.no_grad():
#            mu, logvar = m.encode_stats(test_images)
#            train_mu = m.encode(train_images)
#            torch.manual_seed(SEED + 1)
#            _, reconstruction, kl = negative_elbo(m, test_images)
#        sigma, spread = float(logvar.mul(0.5).exp().mean()), float(mu.std(0).mean())
#        noise[weight] = sigma / spread
#        in_holes[weight] = (hole_fraction(train_mu.mean(0) + train_mu.std(0) * draws, mu), hole_fraction(draws, mu))
#        print(f"KL weight {weight:4}: mean sigma {sigma:.3f}, spread of the means {spread:.2f} "
#              f"(noise {noise[weight]:.1%} of it), smaller std {mu.std(0).min():.2f}; reconstruction "
#              f"{reconstruction:.1f}, KL {kl:.2f} nats; in holes: fitted Gaussian {in_holes[weight][0]:.1%}, "
#              f"N(0, I) {in_holes[weight][1]:.1%}")
#    claim("the smaller the KL weight, the smaller the noise relative to the codes' spread",
#          noise[0.0] < noise[0.1] < noise[1.0])
#    claim("at weight 0 the noise is under 1 % of the codes' spread", noise[0.0] < 0.01)
#    claim("at weight 0 under 1 % of N(0, I) draws fall in holes", in_holes[0.0][1] < 0.01)
#    claim("at weight 10 a fitted Gaussian puts more codes in holes than at weight 1", in_holes[10.0][0] > in_holes[1.0][0])
#    claim("and over half of the N(0, I) draws fall in holes of the weight-10 means", in_holes[10.0][1] > 0.5)
#    ```
# 2. 对随课程提供的模型来说是 VAE，但这取决于那次运行。它的 KL 项把每个编码都拉向 $\mathcal N(0, I)$，所以原点是它的编码图的中心，许多图像的编码都挤在那里，解码器也在那里受过训练；但没有任何东西保证它在那里画出一个清楚的数字，因为中心可能落在几个类别之间：$\beta = 1$ 的 VAE（上面 $\beta$ 单元中的那个）把原点解码成一个模糊的 9（在种子 0-2 上 p 为 0.30 到 0.60）。AE 的编码与原点之间没有任何联系：原点只是它的编码图上又一个普通的点，落在几条“臂”之间还是某条臂上，取决于这次运行。对随课程提供的 AE 来说，原点周围是好几个类别的编码；下面的运行打印出上面单元中的分类器对这两张图像的判断：VAE 的原点被读作 6，p 为 1.00；AE 的原点被读作 3，p 为 0.66，是一个模糊的形状，达不到 90 % 的标准（在 notebook 07 中，AE 在其地图中间附近的样本是模糊的 9、3、8 和 0）。
#    <!-- numbers: 1.00, 0.66 = solution 2's printout (the shipped models, so every seed); 0.30, 0.60 = vaes[1.0] of the beta cell (16 epochs), its decoded origin read by the classifier, seeds 0, 1, 2 (COURSE_SEED=1, 2): a 9 with p 0.39, 0.60, 0.30 -->
#    ```python
#    origin = torch.zeros(1, 2)
#    with torch.no_grad():
#        read = {key: predict(classifier, models[key].decode(origin))[0][0] for key in ("AE", "VAE")}
#    sure = {key: float(p.max()) for key, p in read.items()}
#    print("the classifier reads the decoded origin as: "
#          + ", ".join(f"{key} a {int(p.argmax())} (p {p.max():.2f})" for key, p in read.items()))
#    claim("the VAE's origin decodes to a digit-like image", sure["VAE"] >= 0.9)
#    claim("the classifier is surer of the VAE's origin than of the AE's", sure["VAE"] > sure["AE"])
#    ```
# 3. 当 `SEED = 0` 时，下面的运行打印出线性路径最小范数的平均值为 2.69，球面路径的为 3.54。先看线性路径：每个编码的范数都接近 $\sqrt{16} = 4$（平均为 3.94），而 16 维中的两个随机编码几乎正交，所以它们的中点的范数接近 $\sqrt{16/2} \approx 2.8$（平均为 2.79：中点是一个方差减半的高斯变量）。当两端的范数不同时，直线上的最低点会稍稍偏离中点、偏向较短的一端，并且比中点略低，因此是 2.69。球面路径的最小范数更大，并且平均而言几乎正好等于较短那一端的范数（3.54），而它低于典型值 4。
#    <!-- numbers: 2.69, 3.54, 3.94, 2.79 = solution 3's printout at SEED = 0 (1: 2.69, 3.54, 3.95, 2.79; 2: 2.70, 3.54, 3.93, 2.78) -->
#    原因：沿着圆弧，$\lVert z(t)\rVert^2 = w_0^2\lVert z_0\rVert^2 + w_1^2\lVert z_1\rVert^2 + 2 w_0 w_1\, z_0 \cdot z_1$，其中圆弧的权重 $w_0, w_1 \ge 0$。如果两端的范数都等于较短的那个，范数就会始终恰好保持这个值（大圆）；只要 $z_0 \cdot z_1 \ge 0$，较长的那一端只会让它变大。但这并非对每一对都成立：当两个编码之间的夹角为钝角时（大约一半的编码对如此），交叉项为负，圆弧可能会略微低于较短那一端的范数。
#    ```python
#    pairs = torch.randn(1000, 2, 16, generator=torch.Generator().manual_seed(SEED))
#    t = torch.linspace(0, 1, 21)
#    dips = {path.__name__: torch.stack([path(z0, z1, t).norm(dim=1).min() for z0, z1 in pairs])
#            for path in (lerp, slerp)}
#    shorter = pairs.norm(dim=2).min(1).values
#    below = dips["slerp"] < shorter - 1e-4
#    obtuse = (pairs[:, 0] * pairs[:, 1]).sum(1) < 0
#    midpoint = ((pairs[:, 0] + pairs[:, 1]) / 2).norm(dim=1)
#    print(f"smallest norm along the path, mean over 1,000 pairs: lerp {dips['lerp'].mean():.2f}, "
#          f"slerp {dips['slerp'].mean():.2f}; the midpoint {midpoint.mean():.2f} (sqrt(16/2) = {8 ** 0.5:.2f}); "
#          f"the ends {pairs.norm(dim=2).mean():.2f}, the shorter end {shorter.mean():.2f}")
#    print(f"the arc dips below the shorter end in {below.float().mean():.0%} of the pairs, all of them obtuse "
#          f"({bool(obtuse[below].all())}), by {((shorter - dips['slerp']) / shorter)[below].mean():.1%} on average")
#    claim("the midpoint's norm is within 3 % of sqrt(16/2)", abs(float(midpoint.mean()) / 8 ** 0.5 - 1) < 0.03)
#    claim("the straight path's lowest point is 2 to 5 % below the midpoint's norm, on average",
#          0.02 < 1 - float(dips["lerp"].mean() / midpoint.mean()) < 0.05)
#    claim("the arc stays further out than the straight path", bool(dips["slerp"].mean() > dips["lerp"].mean()))
#    claim("on average the arc's smallest norm is within 1 % of the shorter end's",
#          abs(float(dips["slerp"].mean() / shorter.mean()) - 1) < 0.01)
#    claim("but not pair by pair: some arcs dip below the shorter end, only for obtuse pairs",
#          bool(below.any()) and bool(obtuse[below].all()))
#    ```
# 4. 用*不加权*的 $-$ELBO（`negative_elbo`）比较两个模型：两个模型最小化的是不同的目标，而不加权的 $-$ELBO 是它们共有的 $-\log p(x)$ 的上界，也是最紧的一个。KL 权重大于 1 时也给出一个上界，只是更松（这里是 $\text{reconstruction} + 4\,\text{KL} \ge -\text{ELBO} \ge -\log p(x)$），权重小于 1 时则根本不是上界。两个模型从相同的权重出发，看到相同的小批量和噪声，所以 KL 权重是唯一的差别。KL 降到演示模型的一半以下（在种子 0-2 上降到四分之一到三分之一）。运行会打印两个模型的重建项和 $-$ELBO，它们的变化没有固定的符号：在种子 0 上，重建项上升 1.2 奈特（从 200.65 到 201.84），而 $-$ELBO 下降（从 203.28 到 202.51）；在种子 1 上两者都下降（重建项下降 0.35）；在种子 2 上两者都上升（重建项上升 2.8）。空洞在这里说明不了多少：训练四轮之后，均值在一个维度上几乎坍塌，标准差约为 0.1 或更小，而先验的是 1（权重 4 的模型在种子 0-2 上，演示模型在种子 0 和 1 上，见打印结果），所以对两个模型来说，大多数先验样本都落在均值的空洞里（在种子 0-2 上介于 88 % 和 94 % 之间），而 KL 权重只让这个比例朝任一方向变化几个百分点。
#    <!-- numbers: 1.2, 200.65, 201.84, 203.28, 202.51, 0.35, 2.8, 88 %, 94 % = this solution's printout, seeds 0, 1, 2 (COURSE_SEED=1, 2): reconstruction 200.65/201.84, 198.77/198.42, 198.01/200.78 and -ELBO 203.28/202.51, 201.64/199.31, 200.53/201.50 for weights 1/4 (changes 1.2, 0.35, 2.8); the means' smaller std 0.085/0.045, 0.11/0.099, 0.54/0.10; holes 94 %/94 %, 93 %/90 %, 88 %/91 %; the KL 2.63/0.67, 2.88/0.90, 2.52/0.72 -->
#    ```python
#    def weighted_vae_loss(model, x, kl_weight):
#        loss, reconstruction, kl = vae_loss(model, x)
#        return reconstruction + kl_weight * kl
#
#
#    torch.manual_seed(SEED)  # the demo's start
#    heavy = VAE(latent_dim=2)
#    optimizer = torch.optim.Adam(heavy.parameters(), lr=1e-3)
#    torch.manual_seed(SEED)  # the demo's batches and noise
#    for epoch in range(4):
#        for index in torch.randperm(len(train_images)).split(128):
#            loss = weighted_vae_loss(heavy, train_images[index], 4)
#            optimizer.zero_grad()
#            loss.backward()
#            optimizer.step()
#    prior = torch.randn(1000, 2, generator=torch.Generator().manual_seed(SEED))
#    test_kl, in_holes, smaller_std = {}, {}, {}
#    for name, m in (("KL weight 1 (the demo)", demo), ("KL weight 4", heavy)):
#        with torch.no_grad():
#            torch.manual_seed(SEED)
#            loss, reconstruction, kl = negative_elbo(m, test_images)
#            mu = m.encode(test_images)
#        test_kl[name], in_holes[name] = float(kl), hole_fraction(prior, mu)
#        print(f"{name:22s} test -ELBO {loss:.2f} = reconstruction {reconstruction:.2f} + KL {kl:.2f}; "
#              f"prior samples in holes {in_holes[name]:.0%}; the means' std ({mu.std(0)[0]:.3f}, {mu.std(0)[1]:.3f})")
#        smaller_std[name] = float(mu.std(0).min())
#    claim("the KL weight 4 more than halves the KL on the test digits",
#          test_kl["KL weight 4"] < 0.5 * test_kl["KL weight 1 (the demo)"])
#    claim("the weight-4 model's means have nearly collapsed in one dimension (std under 0.15)",
#          smaller_std["KL weight 4"] < 0.15)
#    claim("for both models over 80 % of prior samples fall in holes of the means", min(in_holes.values()) > 0.8)
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
# 6. 由 $\log q(z) = -\tfrac12\log(2\pi\sigma^2) - \frac{(z-\mu)^2}{2\sigma^2}$ 和 $\log p(z) = -\tfrac12\log(2\pi) - \frac{z^2}{2}$，得 $\log q - \log p = -\tfrac12\log\sigma^2 - \frac{(z-\mu)^2}{2\sigma^2} + \frac{z^2}{2}$。在 $q$ 下，$\mathbb E[(z-\mu)^2] = \sigma^2$，$\mathbb E[z^2] = \sigma^2 + \mu^2$，所以 $\mathrm{KL} = -\tfrac12\log\sigma^2 - \tfrac12 + \tfrac12(\sigma^2 + \mu^2) = \tfrac12(\mu^2 + \sigma^2 - \log\sigma^2 - 1)$。对于对角高斯分布与 $\mathcal N(0, I)$，两个密度都是各个维度上的乘积，所以它们的对数以及对数之差的期望都是求和。每一项恰好在 $\mu = 0$ 且 $\sigma = 1$ 时为 0（$x - \log x - 1 \ge 0$，当且仅当 $x = 1$ 时取等号）：这样的编码不包含关于其图像的任何信息。当对每个图像的每个维度都出现这种情况时，$q(z \mid x)$ 就是先验，与 $x$ 是什么无关：编码不携带关于 $x$ 的任何信息，解码器也忽略它：**后验坍塌**。
# </details>
