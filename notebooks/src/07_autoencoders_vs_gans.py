# %% [markdown]
# # 07 · Autoencoders vs GANs: what we measured, and where to go next
#
# **Run time:** about 8 s top to bottom on a 2-core CPU (measured with `python benchmarks/notebooks.py`; it loads the shipped weights; nothing is trained).
#
# **You will be able to**
# - compare autoencoders, VAEs and GANs on what they learn, how they are trained and what they are good for;
# - say why "GANs are semi-supervised" is wrong, and what a semi-supervised GAN actually is;
# - explain why GANs for text are hard, and what "more stable GAN training" means today.
#
# This notebook closes the course. It corrects and extends the comparison in the source document
# (`autoencoders-and-gans.zh.md`, §2 and §9.1) with the numbers measured in notebooks 02–06.

# %% [markdown] {"lang": "zh", "en": "db3411b58a"}
# # 07 · 自编码器（autoencoder）与 GAN 对比：我们测得了什么，下一步学什么
#
# **运行时间：** 在 2 核 CPU 上从头到尾约 8 秒（用 `python benchmarks/notebooks.py` 测得；本 notebook 只加载随课程提供的权重，不训练任何模型）。
#
# **学完本节，你将能够**
# - 从学到了什么、如何训练、擅长做什么三个方面，比较自编码器、VAE 和 GAN；
# - 说明为什么“GAN 属于半监督学习（semi-supervised learning）”这一说法是错误的，以及半监督 GAN 究竟是什么；
# - 解释为什么把 GAN 用于文本很困难，以及如今所说的“更稳定的 GAN 训练”指的是什么。
#
# 本 notebook 是整门课程的最后一课。它利用在 notebook 02–06 中测得的数据，对原始文章（`autoencoders-and-gans.zh.md`，§2 和 §9.1）中的对比加以纠正和扩展。

# %%
import torch

import course_utils
from course_utils import pretrained
from course_utils.claims import claim
from course_utils.data import load_mnist
from course_utils.latent import codes_of
from course_utils.metrics import QualityMeter, hole_fraction, predict, reconstruction_mse
from course_utils.plotting import image_grid

SEED = course_utils.lesson_seed()  # 0 here and in the committed outputs; COURSE_SEED=1 reruns with another
device = course_utils.setup(seed=SEED)

# %% [markdown]
# ## One picture: what each model makes from random codes
#
# Each model below turns latent codes into images with the same call, `decode(z)`. We draw the codes from the
# standard normal distribution, the prior that the VAE and the GAN were trained to use. The autoencoder was
# never told what its codes should look like, so for it $\mathcal N(0, I)$ is only a guess (the measured table
# below samples it more generously, as notebook 06 does).

# %% [markdown] {"lang": "zh", "en": "cdcebdb178"}
# ## 一张图：各个模型从随机编码生成了什么
#
# 下面每个模型都用同一个调用 `decode(z)` 把潜在表示（latent code，下文简称“编码”）变成图像。我们从标准正态分布中抽取编码，这正是 VAE 和 GAN 在训练时被要求使用的先验。自编码器从来没有被告知它的编码应该是什么样子，所以对它来说，$\mathcal N(0, I)$ 只是一种猜测（下面的测量表像 notebook 06 那样，用对它更宽容的方式采样）。它的编码所在的空间就是它的潜在空间（latent space）。

# %%
names = {"autoencoder (d=2)": "ae_mnist_d2", "VAE (d=2)": "vae_mnist_d2", "GAN": "gan_mnist_unlabelled"}
models = {label: pretrained.load(name) for label, name in names.items()}
rows = []
for label, model in models.items():
    z = torch.randn(10, model.latent_dim, generator=torch.Generator().manual_seed(1))
    with torch.no_grad():
        rows.append(model.decode(z))
fig = image_grid(torch.cat(rows), ncols=10, row_labels=list(models),
                 title="Ten random codes z ~ N(0, I), decoded by each model")

# %% [markdown]
# ## The comparison, corrected and extended
#
# The source document says autoencoders are unsupervised and GANs *semi-supervised*. That is wrong: a GAN is
# trained on unlabelled data, exactly like an autoencoder. The discriminator's "real" and "fake" targets are
# made up by the training procedure itself, not supplied by people. *Semi-supervised GANs* (Salimans et al.,
# 2016; Odena, 2016) are a variant whose discriminator also predicts the class of the few labelled examples.
# The course's shipped `gan_mnist` is not semi-supervised either: its discriminator learned to name *all* 4,000
# training digits (an auxiliary classifier, fully labelled), and its generator was pushed towards digits that
# discriminator can name, which is close to optimising the very classifier score it is measured by (notebook 05,
# section 4). `gan_mnist_unlabelled`, trained the same way without any labels, is the honest unsupervised GAN,
# and `gan_mnist_conditional`, which is *given* the digit as an input and says so, the honest use of the labels
# (notebook 05, section 5).
#
# | | autoencoder | variational autoencoder (VAE) | GAN |
# | --- | --- | --- | --- |
# | networks | encoder + decoder | encoder (outputs a mean and a variance) + decoder | generator + discriminator |
# | training signal | reconstruction error (MSE) | ELBO: reconstruction + KL to the prior | the minimax game $V(D,G)$ |
# | labels needed | none | none | none (semi-supervised and class-conditional GANs are variants that use them; 05 trains a class-conditional one) |
# | has an encoder $x \to z$ | yes | yes | no (the generator only goes $z \to x$) |
# | latent space | whatever helps reconstruction: clusters with holes between them | close to $\mathcal{N}(0, I)$, no holes | $z \sim \mathcal{N}(0, I)$ by construction |
# | generates new data | from a Gaussian fitted to its codes (at d = 2 about half digit-like: measured below) | from its prior (at d = 2 also about half digit-like), blurry | from its prior, sharpest |
# | training | stable, one loss going down | stable | delicate: two players, mode collapse (notebook 04) |
# | measured in this course | d=2 and d=32 per-pixel MSE vs PCA (02) | 2-D latent explorer (06) | 2-D mode coverage (04), classifier score (05) |
# | good for | dimension reduction, features, anomaly detection, denoising (03) | smooth latent spaces, interpolation (06) | sharp image generation (05); as extra training data for a 100-label classifier it did not help in 05's test |
#
# The rows that can be measured, measured on the shipped models of notebook 06: how well each rebuilds the
# 1,000 test digits, and what it makes of 1,000 random codes (the same codes as in 06: from the prior for the
# VAE and the GAN, from a Gaussian fitted to its own codes for the autoencoder). "In a hole" and "digit-like"
# are 06's measures (a code farther from every real code than 99 % of the real codes are from their nearest
# neighbour; the classifier of 05 at least 90 % sure of one digit); the Fréchet distance is 05's, here on 1,000
# samples.
# <!-- numbers: 99 % = hole_fraction's quantile (course_utils.metrics); 90 % = the 0.9 confidence in the cell below -->

# %% [markdown] {"lang": "zh", "en": "bf53f1a49b"}
# ## 对比：纠正与扩展
#
# 原始文章说自编码器属于无监督学习（unsupervised learning），而 GAN 属于*半监督学习*。这是错误的：GAN 和自编码器完全一样，都是在无标签数据上训练的。判别器（discriminator）的“真”“假”目标是由训练过程自己构造出来的，而不是由人提供的。*半监督 GAN*（Salimans 等，2016；Odena，2016）是 GAN 的一种变体，它的判别器还要预测少数有标签样本的类别。课程随课程提供的 `gan_mnist` 也不是半监督的：它的判别器学会了说出*全部* 4,000 个训练数字的类别——这是一个辅助分类器（auxiliary classifier），用的是完整的标签——而它的生成器（generator）被推向那些判别器能明确分类的数字，这几乎等于在直接优化用来评价它的那个分类器得分（classifier score），见 notebook 05 第 4 节。`gan_mnist_unlabelled` 以同样的方式训练、但完全不用标签，它才是名副其实的无监督 GAN；而 `gan_mnist_conditional` 把数字类别*作为输入*交给模型，并明确说明了这一点，这才是对标签的正当用法（notebook 05 第 5 节）。
#
# | | 自编码器 | 变分自编码器（variational autoencoder，VAE） | GAN |
# | --- | --- | --- | --- |
# | 网络 | 编码器（encoder）+ 解码器（decoder） | 编码器（输出均值和方差）+ 解码器 | 生成器 + 判别器 |
# | 训练信号 | 重建误差（reconstruction error，即 MSE） | ELBO：重建项 + 与先验之间的 KL 散度 | 极小极大博弈（minimax game）$V(D,G)$ |
# | 是否需要标签 | 不需要 | 不需要 | 不需要（半监督 GAN 和条件生成对抗网络（class-conditional GAN）是使用标签的变体；05 训练了一个条件 GAN） |
# | 有没有编码器 $x \to z$ | 有 | 有 | 没有（生成器只负责 $z \to x$ 这个方向） |
# | 潜在空间 | 怎样有利于重建就长成怎样：一个个簇，簇与簇之间有空洞 | 接近 $\mathcal{N}(0, I)$，没有空洞 | 按构造就是 $z \sim \mathcal{N}(0, I)$ |
# | 生成新数据 | 从拟合其自身编码的高斯分布中取编码（在 d = 2 时约一半像数字：见下面的测量） | 从先验中取编码（在 d = 2 时同样约一半像数字），较模糊 | 从先验中取编码，最清晰 |
# | 训练 | 稳定，只有一个不断下降的损失 | 稳定 | 难以把握：两个玩家相互博弈，还会出现模式坍塌（mode collapse），见 notebook 04 |
# | 本课程中测量了什么 | d=2 和 d=32 时的逐像素 MSE，并与 PCA 比较（02） | 2 维潜在空间探索器（06） | 2 维数据上的模式覆盖（04）、分类器得分（05） |
# | 擅长 | 降维（dimension reduction）、特征、异常检测（anomaly detection）、去噪（03） | 平滑的潜在空间、插值（interpolation），见 06 | 清晰的图像生成（05）；而在 05 的测试中，把它生成的图像作为额外训练数据，并没有帮到只用 100 个标签的分类器 |
#
# 能测量的几行，我们用 notebook 06 中随课程提供的模型测一遍：每个模型重建 1,000 个测试数字的效果如何，以及它把 1,000 个随机编码变成了什么（与 06 中的编码相同：VAE 和 GAN 从先验中采样，自编码器从拟合其自身编码的高斯分布中采样）。“落在空洞里”和“像数字”是 06 的度量（一个编码到所有真实编码的距离，比 99 % 的真实编码到其最近邻的距离还远；05 的分类器对某个数字至少有 90 % 的把握）；Fréchet 距离是 05 的度量，这里用 1,000 个样本计算。
# <!-- numbers: 99 % = hole_fraction's quantile (course_utils.metrics); 90 % = the 0.9 confidence in the cell below -->

# %%
test_images, _ = load_mnist("test")
classifier = pretrained.load("mnist_classifier")
meter = QualityMeter(classifier, test_images)  # Fréchet distances to the 1,000 test digits, as in 05
generator = torch.Generator().manual_seed(SEED)  # notebook 06's random codes, drawn in the same order
measured = {}
for label, model in models.items():
    z = torch.randn(1000, model.latent_dim, generator=generator)
    row = {"test MSE": None, "in a hole": None}
    if hasattr(model, "encode"):
        codes = codes_of(model, test_images)
        if label.startswith("autoencoder"):  # no prior: a Gaussian fitted to its own codes
            z = codes.mean(0) + codes.std(0) * z
        row["test MSE"], row["in a hole"] = reconstruction_mse(model, test_images), hole_fraction(z, codes)
    with torch.no_grad():
        images = model.decode(z)
    row["digit-like"] = float((predict(classifier, images)[0].max(1).values >= 0.9).double().mean())
    row["Fréchet"] = meter(images)["frechet"]
    measured[label] = row
print(f"{'':18s} {'test MSE':>10s}  {'random codes:':13s} {'in a hole':>10s} {'digit-like':>10s} {'Fréchet to test':>15s}")
for label, row in measured.items():
    mse = "no encoder" if row["test MSE"] is None else f"{row['test MSE']:.4f}"
    hole = "no encoder" if row["in a hole"] is None else f"{row['in a hole']:.0%}"
    print(f"{label:18s} {mse:>10s}  {'':13s} {hole:>10s} {row['digit-like']:>10.0%} {row['Fréchet']:>15.1f}")
ae, vae, gan = measured.values()
claim("the VAE rebuilds the test digits within 5 % of the autoencoder's MSE",
      abs(vae["test MSE"] / ae["test MSE"] - 1) < 0.05)
claim("fewer of the VAE's random codes fall in holes, and its samples are nearer the test digits",
      vae["in a hole"] < ae["in a hole"] and vae["Fréchet"] < ae["Fréchet"])
claim("the GAN's samples are the most often digit-like and the nearest the test digits",
      gan["digit-like"] == max(r["digit-like"] for r in measured.values())
      and gan["Fréchet"] == min(r["Fréchet"] for r in measured.values()))

# %% [markdown]
# **What the numbers show.** At $d = 2$ the VAE's KL term cost almost nothing in reconstruction: its test MSE
# is within a percent of the autoencoder's. What it bought is a map with almost no holes where its samples come
# from, and samples nearer the real digits. But neither 2-D model generates well: about half of their samples
# are digit-like, and their Fréchet distances are about 900 and 1,200, against about 25 for the GAN, whose
# samples are the best on both measures. That is not a fair race: the GAN has 16 latent dimensions against 2,
# and other networks (06 lists what differs). And the GAN loses where the table says: it has no encoder, so it
# cannot rebuild a digit, give the code of an image or score an anomaly in one pass; it must search for a code
# (`course_utils.latent.invert`, as 06 does). (The Fréchet distance is larger on
# fewer samples: on 10,000, notebook 05 measures 19.4 for the same GAN.)
# <!-- numbers: 19.4 = notebook 05, section 4: gan_mnist_unlabelled, 10,000 samples -->
#
# ## GANs for text: why discrete tokens make it hard
#
# A generator for images outputs real numbers, so the discriminator's judgement can be differentiated all the
# way back into the generator's weights. A text generator outputs *tokens*, chosen by sampling or `argmax`, and
# that choice has no gradient: a tiny change to the weights either changes the chosen word or it does not.
# Text GANs therefore need workarounds: reinforcement-learning gradients (SeqGAN, 2017), a continuous relaxation
# of sampling (Gumbel-softmax), or a GAN on continuous sentence embeddings. Each adds variance or bias, and in
# practice language models trained by maximum likelihood (and fine-tuned with human feedback) won. GANs remain
# useful next to text systems, for example as discriminators or for speech and image generation.
#
# ## "More stable training", as it is understood today
#
# Notebook 04 derived and measured some of the cures on 2-D data; `benchmarks/gan2d.py` measures more of them
# (the README's table). What the field converged on:
# - **the non-saturating generator loss**, so G learns when D is winning (derived and measured in 04);
# - **constraining the discriminator**, so D's gradients stay informative: spectral normalisation (in the
#   benchmark, where it did not train in 4,000 steps: README), gradient penalties such as R1 (derived and
#   measured in 04, where it made no sample sharper) and WGAN-GP (not in this course);
# - **judging variety**: packing (PacGAN; in our short benchmark runs it did worse than the plain GAN:
#   README) or minibatch statistics, against mode collapse;
# - **augmenting what D sees** (differentiable augmentation, ADA) when the data are few, as for the shipped
#   generator of 05;
# - **careful architectures and schedules**: two-time-scale learning rates, Adam with $\beta_1 = 0.5$,
#   exponential moving averages of G's weights, as in StyleGAN;
# - and, for many tasks, **other generative models** whose training is a single stable loss: VAEs, and since 2020
#   diffusion models, which now lead image generation while GANs remain the fastest samplers.
#
# ## Where to go next
# - The glossary, English and Chinese: [`docs/glossary.md`](../docs/glossary.md).
# - Goodfellow et al., *Generative Adversarial Nets* (2014); Kingma & Welling, *Auto-Encoding Variational Bayes* (2013).
# - Lin et al., *PacGAN* (2018) and Srivastava et al., *VEEGAN* (2017), the anchors of notebook 04's table.
# - Try the exercises at the end of each notebook; those marked "with a self-check" check your answer.

# %% [markdown] {"lang": "zh", "en": "dbe62b9bce"}
# **这些数字说明了什么。** 在 $d = 2$ 时，VAE 的 KL 项几乎没有让重建变差：它的测试 MSE 与自编码器的相差不到百分之一。它换来的是：在它采样的范围内，编码图几乎没有空洞，而且样本更接近真实数字。但两个 2 维模型都不擅长生成：它们的样本中只有大约一半像数字，Fréchet 距离约为 900 和 1,200，而 GAN 约为 25，在这两项度量上 GAN 的样本都是最好的。这并不是一场公平的比赛：GAN 有 16 个潜在维度，而它们只有 2 个，网络也不同（06 列出了它们的区别）。而 GAN 输在表中所说的地方：它没有编码器，所以不能一次前向计算就重建数字、给出一张图像的编码或为异常打分；它必须搜索一个编码（`course_utils.latent.invert`，就像 06 中那样）。（样本越少，Fréchet 距离越大：用 10,000 个样本时，notebook 05 对同一个 GAN 测得 19.4。）
# <!-- numbers: 19.4 = notebook 05, section 4: gan_mnist_unlabelled, 10,000 samples -->
#
# ## 用 GAN 生成文本：离散的词元为何让它变难
#
# 生成图像的生成器输出的是实数，因此判别器的判断可以一路求导，回传到生成器的权重上。文本生成器输出的则是*词元*（token），它们通过采样或 `argmax` 选出，而这种选择没有梯度：权重的微小变化要么改变了被选中的词，要么完全不改变。因此，文本 GAN 需要一些变通办法：强化学习式的梯度（SeqGAN，2017）、对采样做连续松弛（Gumbel-softmax），或者在连续的句子嵌入上训练 GAN。每种办法都会引入方差或偏差；在实践中，胜出的是用最大似然训练（并借助人类反馈微调）的语言模型。GAN 在文本系统的周边仍然有用，例如充当判别器，或用于语音和图像生成。
#
# ## 今天所理解的“更稳定的训练”
#
# notebook 04 在 2 维数据上推导并测量了其中一部分对策；`benchmarks/gan2d.py` 测量了更多（见 README 中的表格）。这一领域最终形成的共识是：
# - **生成器的非饱和损失（non-saturating loss）**，使得 D 占上风时 G 仍能继续学习（在 04 中推导并测量过）；
# - **约束判别器**，让 D 的梯度始终携带有用的信息：谱归一化（spectral normalisation，基准测试中有，但在 4,000 步内没有训练起来：见 README），以及各种梯度惩罚，例如 R1（在 04 中推导并测量过，它没有让任何样本更清晰）和 WGAN-GP（本课程未涉及）；
# - **评判多样性**：打包（packing，即 PacGAN；在我们较短的基准测试运行中，它比普通 GAN 更差：见 README）或小批量统计量（minibatch statistics），用来对抗模式坍塌；
# - 数据很少时，**对 D 看到的图像做增强**（可微分增强、ADA），05 随课程提供的生成器就是这样训练的；
# - **精心设计的网络结构和训练调度**：双时间尺度（two-time-scale）学习率、$\beta_1 = 0.5$ 的 Adam、对 G 的权重取指数滑动平均（EMA），如 StyleGAN 中那样；
# - 以及，在许多任务上改用训练只需一个稳定损失的**其他生成模型**：VAE，以及 2020 年以来的扩散模型。扩散模型如今在图像生成上处于领先地位，而 GAN 仍然是采样最快的模型。
#
# ## 下一步学什么
# - 中英对照术语表：[`docs/glossary.md`](../docs/glossary.md)。
# - Goodfellow 等，*Generative Adversarial Nets*（2014）；Kingma 与 Welling，*Auto-Encoding Variational Bayes*（2013）。
# - Lin 等，*PacGAN*（2018），以及 Srivastava 等，*VEEGAN*（2017）：notebook 04 中表格的参照基准。
# - 动手做一做每个 notebook 末尾的练习；标有“附自测”的练习会检查你的答案。

# %% [markdown]
# ## Exercises
#
# 1. **(conceptual)** A friend says: "A GAN's discriminator is a classifier, and classifiers need labels, so GANs
#    are supervised." What is wrong with that argument?
# 2. **(predict, then run)** Change the first picture's cell to draw codes with `3 * torch.randn(...)` instead of
#    `torch.randn(...)`. Which row will change most? Predict, then run.
# 3. **(predict, then run)** In 16 dimensions, how long is a typical code $z \sim \mathcal{N}(0, I)$? With the
#    GAN, decode ten codes of length exactly 4,
#    `z = 4 * torch.nn.functional.normalize(torch.randn(10, 16), dim=1)`, and ten of length 1. Which set
#    looks like the first picture's digits, and why?

# %% [markdown] {"lang": "zh", "en": "6572a008f6"}
# ## 练习
#
# 1. **（概念题）** 一位朋友说：“GAN 的判别器是一个分类器，而分类器需要标签，所以 GAN 属于有监督学习。”这个论证错在哪里？
# 2. **（先预测，再运行）** 修改第一张图的代码单元，用 `3 * torch.randn(...)` 代替 `torch.randn(...)` 来抽取编码。哪一行变化最大？先预测，再运行。
# 3. **（先预测，再运行）** 在 16 维空间中，一个典型的编码 $z \sim \mathcal{N}(0, I)$ 有多长？用 GAN 解码十个长度恰好为 4 的编码，即 `z = 4 * torch.nn.functional.normalize(torch.randn(10, 16), dim=1)`，再解码十个长度为 1 的编码。哪一组看起来像第一张图中的数字？为什么？

# %% [markdown]
# 4. **With a self-check.** Which model would you pick for each job? Fill in `"autoencoder"`, `"VAE"` or
#    `"GAN"`; where two fit, either is right. The first attempt below has mistakes on purpose.

# %% [markdown] {"lang": "zh", "en": "d386fe560f"}
# 4. **附自测。** 每项任务你会选哪个模型？填入 `"autoencoder"`、`"VAE"` 或 `"GAN"`；如果有两个模型都合适，填哪一个都算对。五项任务是（字典的键保持英文，检查函数按原文匹配）：“flag images that are rebuilt badly”，找出重建得很差的图像；“get the code of a new image in one pass”，一次前向计算得到新图像的编码；“decode random N(0, I) codes into digits”，把随机的 N(0, I) 编码解码成数字；“the sharpest samples”，最清晰的样本；“a latent space whose prior has no holes”，先验范围内没有空洞的潜在空间。下面的第一次作答故意留有错误。

# %%
from course_utils.checks import check_which_model

my_answers = {  # exercise 4
    "flag images that are rebuilt badly": "GAN",
    "get the code of a new image in one pass": "autoencoder",
    "decode random N(0, I) codes into digits": "autoencoder",
    "the sharpest samples": "GAN",
    "a latent space whose prior has no holes": "VAE",
}
passed = check_which_model(my_answers)

# %% [markdown]
#
# <details><summary>Solutions (click to open)</summary>
#
# 1. The discriminator is a classifier, but its labels ("real" for data, "fake" for the generator's samples) are
#    produced by the training procedure itself. No person labels anything, so the method is unsupervised.
# 2. The VAE's row changes most. Its KL term pulled its codes towards $\mathcal{N}(0, I)$, so codes three times
#    larger fall outside what its decoder saw. The autoencoder's
#    codes were never tied to the prior and spread far wider than it (notebook 06 printed the distances
#    between its class means), so tripled codes still land inside its map. The GAN changes least. One row of
#    ten images is a small sample, so the run measures the change over 1,000 codes:
#    ```python
#    change = {}
#    for label, model in models.items():
#        z = torch.randn(1000, model.latent_dim, generator=torch.Generator().manual_seed(1))
#        with torch.no_grad():
#            change[label] = float(((model.decode(3 * z) - model.decode(z)) ** 2).mean())
#    print("mean squared change per pixel, 1,000 codes z -> 3z:",
#          ", ".join(f"{label} {value:.4f}" for label, value in change.items()))
#    claim("tripling the codes changes the VAE's images most", max(change, key=change.get) == "VAE (d=2)")
#    claim("and the GAN's least", min(change, key=change.get) == "GAN")
#    ```
# 3. About 4: the squared length is a sum of 16 squares of standard normals, with mean 16, so the length is
#    $\sqrt{16} = 4$ give or take about 0.7. Most codes the GAN saw in training had a length between 3 and
#    5, so the length-4 codes look like the first picture's digits. Length-1 codes lie deep inside that
#    shell, where the generator was almost never trained, and what it draws there is extrapolation: heavy
#    blobs with several times a real digit's ink. The classifier still calls most of them one and the same
#    digit: a classifier's confidence is not a test of realism (notebook 05). The run,
#    with 1,000 codes of each length:
#    ```python
#    from course_utils.data import load_mnist
#    from course_utils.metrics import predict
#
#    z = torch.randn(1000, 16, generator=torch.Generator().manual_seed(1))
#    lengths = z.norm(dim=1)
#    print(f"lengths of 1,000 codes: mean {lengths.mean():.2f}, standard deviation {lengths.std():.2f}, "
#          f"{((lengths > 3) & (lengths < 5)).double().mean():.0%} between 3 and 5")
#    with torch.no_grad():
#        drawn = {length: models["GAN"].decode(length * torch.nn.functional.normalize(z, dim=1)) for length in (4, 1)}
#    fig = image_grid(torch.cat([drawn[4][:10], drawn[1][:10]]), ncols=10, row_labels=["length 4", "length 1"],
#                     title="The GAN's images of codes of length 4 and of length 1")
#    real_ink = float(load_mnist("test")[0].mean())
#    ink = {length: float(images.mean()) for length, images in drawn.items()}
#    named = predict(pretrained.load("mnist_classifier"), drawn[1])[0].argmax(1)
#    print(f"mean pixel value: test digits {real_ink:.3f}, length 4 {ink[4]:.3f}, length 1 {ink[1]:.3f}")
#    claim("length-4 codes draw about as much ink as real digits (within 20 %)", abs(ink[4] / real_ink - 1) < 0.2)
#    claim("length-1 codes draw more than three times as much", ink[1] > 3 * real_ink)
#    claim("the classifier names most length-1 images as the same digit",
#          torch.bincount(named).max().item() > len(named) / 2)
#    ```
# 4. Autoencoder or VAE (both rebuild, so both give a rebuild error, 03); autoencoder or VAE (encoders); VAE
#    or GAN (trained with a prior); GAN (sharpest); VAE or GAN (the VAE's KL term fills the prior, and a GAN
#    is trained only on codes drawn from it, 06). One answer that passes:
#    ```python
#    my_answers = {
#        "flag images that are rebuilt badly": "autoencoder",
#        "get the code of a new image in one pass": "VAE",
#        "decode random N(0, I) codes into digits": "GAN",
#        "the sharpest samples": "GAN",
#        "a latent space whose prior has no holes": "VAE",
#    }
#    passed = check_which_model(my_answers)
#    ```
# <!-- numbers: 0.7 = sqrt(16 - 2 * exp(2 * (lgamma(8.5) - lgamma(8)))), the standard deviation of the length -->
# </details>
# %% [markdown] {"lang": "zh", "en": "3c6689cf5e"}
#
# <details><summary>参考答案（点击展开）</summary>
#
# 1. 判别器确实是一个分类器，但它的标签（数据为“真”，生成器的样本为“假”）是由训练过程自己产生的。没有任何人去标注任何东西，所以这种方法是无监督的。
# 2. VAE 那一行变化最大。它的 KL 项把编码拉向 $\mathcal{N}(0, I)$，所以放大三倍的编码落在了它的解码器见过的范围之外。自编码器的编码从未与先验挂钩，分布得比先验宽得多（notebook 06 打印过它的各类均值之间的距离），所以放大三倍的编码仍落在它的地图之内。GAN 变化最小。一行十张图像的样本太小，所以下面的运行在 1,000 个编码上度量变化：
#    ```python
#    change = {}
#    for label, model in models.items():
#        z = torch.randn(1000, model.latent_dim, generator=torch.Generator().manual_seed(1))
#        with torch.no_grad():
#            change[label] = float(((model.decode(3 * z) - model.decode(z)) ** 2).mean())
#    print("mean squared change per pixel, 1,000 codes z -> 3z:",
#          ", ".join(f"{label} {value:.4f}" for label, value in change.items()))
#    claim("tripling the codes changes the VAE's images most", max(change, key=change.get) == "VAE (d=2)")
#    claim("and the GAN's least", min(change, key=change.get) == "GAN")
#    ```
# 3. 约为 4：长度的平方是 16 个标准正态变量的平方和，均值为 16，所以长度约为 $\sqrt{16} = 4$，上下浮动约 0.7。GAN 在训练中见过的编码，长度大多在 3 到 5 之间，所以长度为 4 的编码解码出来像第一张图中的数字。长度为 1 的编码位于这层球壳以内很深的地方，生成器几乎从未在那里训练过，它在那里画出的东西是外推：墨迹是真实数字好几倍的浓重团块。分类器仍然把其中大多数判为同一个数字：分类器的置信度并不能检验真实感（notebook 05）。用每种长度各 1,000 个编码运行：
#    ```python
#    from course_utils.data import load_mnist
#    from course_utils.metrics import predict
#
#    z = torch.randn(1000, 16, generator=torch.Generator().manual_seed(1))
#    lengths = z.norm(dim=1)
#    print(f"lengths of 1,000 codes: mean {lengths.mean():.2f}, standard deviation {lengths.std():.2f}, "
#          f"{((lengths > 3) & (lengths < 5)).double().mean():.0%} between 3 and 5")
#    with torch.no_grad():
#        drawn = {length: models["GAN"].decode(length * torch.nn.functional.normalize(z, dim=1)) for length in (4, 1)}
#    fig = image_grid(torch.cat([drawn[4][:10], drawn[1][:10]]), ncols=10, row_labels=["length 4", "length 1"],
#                     title="The GAN's images of codes of length 4 and of length 1")
#    real_ink = float(load_mnist("test")[0].mean())
#    ink = {length: float(images.mean()) for length, images in drawn.items()}
#    named = predict(pretrained.load("mnist_classifier"), drawn[1])[0].argmax(1)
#    print(f"mean pixel value: test digits {real_ink:.3f}, length 4 {ink[4]:.3f}, length 1 {ink[1]:.3f}")
#    claim("length-4 codes draw about as much ink as real digits (within 20 %)", abs(ink[4] / real_ink - 1) < 0.2)
#    claim("length-1 codes draw more than three times as much", ink[1] > 3 * real_ink)
#    claim("the classifier names most length-1 images as the same digit",
#          torch.bincount(named).max().item() > len(named) / 2)
#    ```
# 4. 自编码器或 VAE（两者都能重建，所以都能给出重建误差，03）；自编码器或 VAE（都有编码器）；VAE 或 GAN（都是带着先验训练的）；GAN（最清晰）；VAE 或 GAN（VAE 的 KL 项把先验填满了，而 GAN 只在从先验抽取的编码上训练，06）。一种能通过检查的答案：
#    ```python
#    my_answers = {
#        "flag images that are rebuilt badly": "autoencoder",
#        "get the code of a new image in one pass": "VAE",
#        "decode random N(0, I) codes into digits": "GAN",
#        "the sharpest samples": "GAN",
#        "a latent space whose prior has no holes": "VAE",
#    }
#    passed = check_which_model(my_answers)
#    ```
# <!-- numbers: 0.7 = sqrt(16 - 2 * exp(2 * (lgamma(8.5) - lgamma(8)))), the standard deviation of the length -->
# </details>
