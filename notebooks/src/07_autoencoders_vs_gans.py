# %% [markdown]
# # 07 · Autoencoders vs GANs: what we measured, and where to go next
#
# **Run time:** about 6 s top to bottom on an idle 2-core CPU (5.9 s with `python benchmarks/notebooks.py` on the machine that built the committed outputs; it loads the shipped weights; nothing is trained).
# <!-- numbers: 6, 5.9 = python benchmarks/notebooks.py, idle 2-core machine that built the committed outputs -->
#
# **You will be able to**
# - compare autoencoders, VAEs and GANs on what they learn, how they are trained and what they are good for;
# - say why "GANs are semi-supervised" is wrong, and what a semi-supervised GAN actually is;
# - explain why GANs for text are hard, and what "more stable GAN training" means today.
#
# This notebook closes the course. It corrects and extends the comparison in the source document
# (`autoencoders-and-gans.zh.md`, §2 and §9.1). Every number in its comparison is printed by code, from the
# shipped models measured the way notebooks 02, 05 and 06 measure them, or cited from the README's benchmarks.

# %% [markdown] {"lang": "zh", "en": "9dc24af170"}
# # 07 · 自编码器（autoencoder）与 GAN 对比：我们测得了什么，下一步学什么
#
# **运行时间：** 在空闲的 2 核 CPU 上从头到尾约 6 秒（在生成已提交输出的那台机器上用 `python benchmarks/notebooks.py` 测得为 5.9 秒；本 notebook 只加载随课程提供的权重，不训练任何模型）。
# <!-- numbers: 6, 5.9 = python benchmarks/notebooks.py, idle 2-core machine that built the committed outputs -->
#
# **学完本节，你将能够**
# - 从学到了什么、如何训练、擅长做什么三个方面，比较自编码器、VAE 和 GAN；
# - 说明为什么“GAN 属于半监督学习（semi-supervised learning）”这一说法是错误的，以及半监督 GAN 究竟是什么；
# - 解释为什么把 GAN 用于文本很困难，以及如今所说的“更稳定的 GAN 训练”指的是什么。
#
# 本 notebook 是整门课程的最后一课。它对原始文章（`autoencoders-and-gans.zh.md`，§2 和 §9.1）中的对比加以纠正和扩展。对比中的每个数字，要么由代码打印出来（用 notebook 02、05 和 06 的方法测量随课程提供的模型），要么引自 README 中的基准测试。

# %%
import math

import torch
from sklearn.decomposition import PCA
from sklearn.mixture import GaussianMixture
from threadpoolctl import threadpool_limits

import course_utils
from course_utils import pretrained
from course_utils.claims import claim
from course_utils.data import load_mnist
from course_utils.latent import class_means, codes_of
from course_utils.metrics import QualityMeter, hole_fraction, predict, reconstruction_mse
from course_utils.plotting import image_grid
from course_utils.vae import negative_elbo

SEED = course_utils.lesson_seed()  # 0 here and in the committed outputs; COURSE_SEED=1 reruns with another
device = course_utils.setup(seed=SEED)

# %% [markdown]
# ## One picture: what each model makes from random codes
#
# Each model below turns latent codes into images with the same call, `decode(z)`. The VAE and the GAN were
# trained to decode codes drawn from the standard normal distribution $\mathcal N(0, I)$, their prior. The
# autoencoder has no prior: nothing in its training said where its codes should lie, and they lie far wider
# than $\mathcal N(0, I)$ (the line under the picture prints how wide). So it gets two rows, made from the
# same ten standard-normal draws $\varepsilon$: used as codes as they are, and stretched onto a Gaussian fitted
# to the codes of the 4,000 training digits, $z = \text{mean} + \text{std} \odot \varepsilon$, which is how
# notebook 06 samples it.

# %% [markdown] {"lang": "zh", "en": "292fd07219"}
# ## 一张图：各个模型从随机编码生成了什么
#
# 下面每个模型都用同一个调用 `decode(z)` 把潜在表示（latent code，下文简称“编码”）变成图像。VAE 和 GAN 在训练时学的就是解码从标准正态分布 $\mathcal N(0, I)$（它们的先验）中抽取的编码。自编码器没有先验：它的训练从未规定编码应该位于何处，而它的编码分布得比 $\mathcal N(0, I)$ 宽得多（图下方的一行打印了有多宽）。因此自编码器占两行，用的是同样的十个标准正态抽样 $\varepsilon$：一行直接把它们当作编码，另一行把它们拉伸到对 4,000 个训练数字的编码拟合出的高斯分布上，即 $z = \text{mean} + \text{std} \odot \varepsilon$，这正是 notebook 06 对它采样的方式。它的编码所在的空间就是它的潜在空间（latent space）。

# %%
names = {"autoencoder (d=2)": "ae_mnist_d2", "VAE (d=2)": "vae_mnist_d2", "GAN": "gan_mnist_unlabelled"}
models = {label: pretrained.load(name) for label, name in names.items()}
test_images, test_labels = load_mnist("test")
train_images, _ = load_mnist("train")
ae_codes = codes_of(models["autoencoder (d=2)"], test_images)  # (1000, 2): the autoencoder's map of the test digits
ae_train_codes = codes_of(models["autoencoder (d=2)"], train_images)  # (4000, 2): what 06 fits its samplers to
rows, row_labels = [], []
for label, model in models.items():
    eps = torch.randn(10, model.latent_dim, generator=torch.Generator().manual_seed(1))
    codes_to_draw = {"N(0, I)": eps}
    if label.startswith("autoencoder"):  # no prior: also a Gaussian fitted to its training codes, as in 06
        codes_to_draw["fitted"] = ae_train_codes.mean(0) + ae_train_codes.std(0) * eps
    for how, z in codes_to_draw.items():
        with torch.no_grad():
            rows.append(model.decode(z))
        row_labels.append(f"{label.split(' ')[0]}, {how}")
fig = image_grid(torch.cat(rows), ncols=10, row_labels=row_labels,
                 title="The same ten random draws, decoded by each model")
low, high = ae_codes.quantile(0.05, dim=0), ae_codes.quantile(0.95, dim=0)
print(f"the autoencoder's 1,000 test codes: standard deviation {ae_codes.std(0)[0]:.1f} and {ae_codes.std(0)[1]:.1f}; "
      f"the middle 90 % span {high[0] - low[0]:.1f} by {high[1] - low[1]:.1f} units (N(0, I): 1 and 1, and 3.3 by 3.3)")

# %% [markdown]
# **Read the autoencoder's two rows.** Its codes spread with standard deviations of about 6 and 3 (printed
# above), so the ten $\mathcal N(0, I)$ codes all land in a small patch in the middle of its map. They do not
# fall in holes there, yet most of them do not decode to clear digits either: the first row is blurry blends
# of the few digits whose arms of the map meet near the centre. It shows blur and a lack of variety, not
# holes. The fitted Gaussian reaches out into the arms, so its row has more kinds of digit, and some of its
# codes land in the empty space between arms. The table below counts all three on 1,000 codes: holes, the
# share of digit-like images, and how many different digits they draw.

# %% [markdown] {"lang": "zh", "en": "c334492199"}
# **读一读自编码器的两行。** 它的编码的标准差约为 6 和 3（见上面的打印），所以十个 $\mathcal N(0, I)$ 编码全都落在它的地图中央的一小块区域里。它们在那里并没有落进空洞，但其中大多数也解码不出清晰的数字：第一行是少数几个数字——那些在地图中央交汇的“臂”所对应的数字——模糊地混在一起的形状。它显示的是模糊和缺乏多样性，而不是空洞。拟合的高斯分布则伸展到各条“臂”上，所以它那一行的数字种类更多，也有一些编码落在“臂”与“臂”之间的空白处。下面的表格在 1,000 个编码上对这三点都做了统计：空洞、像数字的图像所占的比例，以及画出了多少种不同的数字。

# %% [markdown]
# ## The comparison, corrected and extended
#
# The source document says autoencoders are unsupervised and GANs *semi-supervised*. That is wrong: a GAN is
# trained on unlabelled data, exactly like an autoencoder. The discriminator's "real" and "fake" targets are
# made up by the training procedure itself, not supplied by people. *Semi-supervised GANs* (Salimans et al.,
# 2016; Odena, 2016) are a variant whose discriminator also predicts the class of the few labelled examples.
# The course's shipped `gan_mnist` is not semi-supervised either: its discriminator got a class head trained on
# the labels of *all* 4,000 training digits (an auxiliary classifier, fully labelled), and for the last quarter of
# its training its generator's loss added the classifier score's own formula, computed with that class head: it
# optimised a copy of the very score it is measured by (notebook 05, section 4). `gan_mnist_unlabelled`,
# trained the same way without any labels, is the honest unsupervised GAN,
# and `gan_mnist_conditional`, which is *given* the digit as an input and says so, the honest use of the labels
# (notebook 05, section 5).
#
# What each model is, and what the course measured about training it (the numbers of the training row are the
# README's, from `benchmarks/`; the last row cites the notebooks that measured each use):
#
# | | autoencoder (`ae_mnist_d2`) | variational autoencoder (VAE, `vae_mnist_d2`) | GAN (`gan_mnist_unlabelled`) |
# | --- | --- | --- | --- |
# | networks (06's table) | convolutional encoder + decoder, code size $d = 2$ | fully connected encoder (outputs a mean and a variance) + decoder, $d = 2$ | convolutional generator + discriminator (DCGAN), $d = 16$ |
# | training signal | reconstruction error (MSE) | ELBO: reconstruction (Bernoulli, a cross-entropy per pixel) + KL to the prior | two losses: D's cross-entropy on real against generated images, and G's non-saturating loss $-\log D(G(z))$ (04, section 4), not the minimax game $V(D,G)$ itself (04, section 5 derives what it minimises) |
# | labels needed | none | none | none (semi-supervised and class-conditional GANs are variants that use them; 05 trains a class-conditional one) |
# | has an encoder $x \to z$ | yes | yes | no: the generator only goes $z \to x$, and a code for an image must be searched for (`course_utils.latent.invert`, 06) |
# | prior over the codes | none: the codes lie wherever reconstruction puts them | $\mathcal{N}(0, I)$, which the KL term pulls the codes towards | $\mathcal{N}(0, I)$ by construction: the generator is trained only on codes drawn from it |
# | training, as the benchmarks found it | one loss; the notebook 02 recipe beat PCA in 14 of 15 short runs, and the exception (d = 8, seed 3) got stuck drawing a blank image, now stopped by `fit` | one loss; no benchmark over seeds in this course | two players: on 2-D data one run is chaotic, and the plain GAN found 20–25 of grid25's 25 modes over five seeds (`benchmarks/gan2d.py`, the game of 04); notebook 05's live run reaches a classifier score of 4.95–5.78 over five seeds |
# | good for | dimension reduction, features, anomaly detection, denoising (03) | the autoencoder's jobs too (03 measured them with plain autoencoders only), plus sampling from its prior and interpolation (06) | sampling (05); its images as extra training data for a 100-label classifier did not reliably help (05) |
#
# And what the shipped models do, measured here: how well each rebuilds the 1,000 test digits, how far apart
# its codes lie, and what it makes of 1,000 random codes. The random codes are notebook 06's (drawn in the
# same order, from the prior for the VAE and the GAN and from a Gaussian fitted to the 4,000 training digits'
# codes for the autoencoder), plus the autoencoder's same draws used unstretched, as $\mathcal N(0, I)$ codes.
# One Gaussian is the crudest density to fit to a map, so both 2-D models also get codes from a mixture of ten
# Gaussians fitted to the same training codes (`sklearn.mixture.GaussianMixture`, cheap in two dimensions). As in
# 06, the holes are measured against the codes of the 1,000 test digits, so no sampler is fitted to the codes
# that define the holes. Two rows
# of real digits give the scale: the 1,000 test digits themselves, and 1,000 training digits, which are
# disjoint from the test digits and so give the Fréchet distance a real sample can reach (the classifier was
# trained on them, so its other measures flatter them a little). "In a hole"
# and "digit-like" are 06's measures (a code farther from every real code than 99 % of the real codes are
# from their nearest neighbour; the classifier of 05 at least 90 % sure of one digit). Both need reading with
# care. "In a hole" has a floor: by its construction 1 % of the real test codes are in a hole themselves, so the
# cell also prints the share for the codes of the 1,000 real training digits, which the reference does not
# contain, and only a share well above that floor means anything. "Digit-like" is the judge's confidence, not
# realism: a blob the classifier is sure of counts (exercise 3's length-1 GAN codes draw blobs with 5.4 times a
# real digit's ink, and 84–86 % of them are digit-like). The classifier score
# and the Fréchet distance are 05's, here on 1,000 samples. "Digits drawn" is the effective number of digits
# among the samples, $\exp$ of the entropy of the share the classifier gives each digit: 10 when the ten come
# equally often, 1 when one digit is all there is.
# <!-- numbers: 99 % = hole_fraction's quantile (course_utils.metrics); 1 % = 100 % - 99 %, the reference codes beyond their own 99 % quantile; 5.4 = exercise 3's solution, mean pixel value of the length-1 images over the test digits' (0.711 / 0.132, code seeds 0-2); 84 %, 86 % = digit_like_share of exercise 3's 1,000 length-1 images, code seeds 0-2 (its solution prints seed 1's); 90 % = the 0.9 confidence in the cell below; 4.95, 5.78 = README, MNIST GAN quality table (benchmarks/gan_mnist.py --seeds 5); 14 of 15, seed 3 = README, autoencoder vs PCA (benchmarks/autoencoder.py --seeds 5 --quick); 20-25 = README, 2-D GAN mode coverage (benchmarks/gan2d.py --seeds 5) -->

# %% [markdown] {"lang": "zh", "en": "a2ee457ffc"}
# ## 对比：纠正与扩展
#
# 原始文章说自编码器属于无监督学习（unsupervised learning），而 GAN 属于*半监督学习*。这是错误的：GAN 和自编码器完全一样，都是在无标签数据上训练的。判别器（discriminator）的“真”“假”目标是由训练过程自己构造出来的，而不是由人提供的。*半监督 GAN*（Salimans 等，2016；Odena，2016）是 GAN 的一种变体，它的判别器还要预测少数有标签样本的类别。课程随课程提供的 `gan_mnist` 也不是半监督的：它的判别器多了一个分类头（class head），用*全部* 4,000 个训练数字的标签训练——这是一个辅助分类器（auxiliary classifier），用的是完整的标签——而在训练的最后四分之一里，它的生成器（generator）的损失加上了分类器得分（classifier score）本身的公式，用的是这个分类头的输出：它优化的正是用来评价它的那个得分的一份副本（notebook 05 第 4 节）。`gan_mnist_unlabelled` 以同样的方式训练、但完全不用标签，它才是名副其实的无监督 GAN；而 `gan_mnist_conditional` 把数字类别*作为输入*交给模型，并明确说明了这一点，这才是对标签的正当用法（notebook 05 第 5 节）。
#
# 每个模型是什么，以及课程在训练它们时测得了什么（“训练”一行中的数字来自 README，由 `benchmarks/` 中的脚本测得；最后一行注明了测量每种用途的 notebook）：
#
# | | 自编码器（`ae_mnist_d2`） | 变分自编码器（variational autoencoder，VAE，`vae_mnist_d2`） | GAN（`gan_mnist_unlabelled`） |
# | --- | --- | --- | --- |
# | 网络（见 06 的表格） | 卷积编码器（encoder）+ 解码器（decoder），编码大小 $d = 2$ | 全连接编码器（输出均值和方差）+ 解码器，$d = 2$ | 卷积生成器 + 判别器（深度卷积 GAN，即 DCGAN），$d = 16$ |
# | 训练信号 | 重建误差（reconstruction error，即均方误差 MSE） | ELBO：重建项（伯努利分布，即逐像素的交叉熵）+ 与先验之间的 KL 散度 | 两个损失：D 在真实图像与生成图像上的交叉熵，以及 G 的非饱和损失 $-\log D(G(z))$（04 第 4 节），而不是极小极大博弈（minimax game）$V(D,G)$ 本身（04 第 5 节推导了它最小化的是什么） |
# | 是否需要标签 | 不需要 | 不需要 | 不需要（半监督 GAN 和条件生成对抗网络（class-conditional GAN）是使用标签的变体；05 训练了一个条件 GAN） |
# | 有没有编码器 $x \to z$ | 有 | 有 | 没有：生成器只负责 $z \to x$ 这个方向，一张图像的编码只能靠搜索得到（`course_utils.latent.invert`，06） |
# | 编码的先验 | 没有：重建需要把编码放在哪里，它们就在哪里 | $\mathcal{N}(0, I)$，KL 项把编码拉向它 | 按构造就是 $\mathcal{N}(0, I)$：生成器只在从中抽取的编码上训练 |
# | 训练：基准测试的发现 | 只有一个损失；在 15 次短时间运行中，notebook 02 的训练方案有 14 次胜过 PCA，例外的那一次（d = 8，seed 3）卡在了只画空白图像的状态，现在 `fit` 会让这样的运行停下 | 只有一个损失；本课程没有对它做跨种子的基准测试 | 两个玩家相互博弈：在 2 维数据上，单次运行是混沌的，普通 GAN 在五个种子上找到了 grid25 的 25 个模式中的 20–25 个（`benchmarks/gan2d.py`，即 04 中的博弈）；notebook 05 的现场训练在五个种子上的分类器得分为 4.95–5.78 |
# | 擅长 | 降维（dimension reduction）、特征、异常检测（anomaly detection）、去噪（03） | 自编码器能做的事它也能做（03 只用普通自编码器测量过这些任务），另外还能从先验中采样、做插值（interpolation）（06） | 采样（05）；在 05 的测试中，把它生成的图像作为额外训练数据，并没有可靠地帮到只用 100 个标签的分类器 |
#
# 再看随课程提供的模型实际能做什么，这里当场测量：每个模型重建 1,000 个测试数字的效果如何，它的编码彼此相距多远，以及它把 1,000 个随机编码变成了什么。随机编码与 notebook 06 中的相同（按同样的顺序抽取：VAE 和 GAN 从先验中采样，自编码器从对 4,000 个训练数字的编码拟合的高斯分布中采样），另外再把自编码器的同一批抽样不经拉伸、直接当作 $\mathcal N(0, I)$ 编码使用。单个高斯分布是拟合一张地图最粗糙的密度，所以两个 2 维模型还各有一组编码，来自对同样的训练编码拟合的十个高斯分布的混合（`sklearn.mixture.GaussianMixture`，在二维中拟合代价很小）。和 06 一样，空洞是相对于 1,000 个测试数字的编码来测量的，所以没有任何一种采样方式是在定义空洞的那些编码上拟合的。两行真实数字给出参照尺度：1,000 个测试数字本身，以及 1,000 个训练数字——它们与测试数字不相交，因此给出真实样本能达到的 Fréchet 距离（分类器是在它们上训练的，所以其他几项度量会略微偏向它们）。“落在空洞里”和“像数字”是 06 的度量（一个编码到所有真实编码的距离，比 99 % 的真实编码到其最近邻的距离还远；05 的分类器对某个数字至少有 90 % 的把握）。这两项都要小心解读。“落在空洞里”有一个下限：按它的构造，真实测试编码自己就有 1 % 落在空洞里，所以这个单元还打印了 1,000 个真实训练数字的编码（参照集中不包含它们）所占的比例；只有明显高于这个下限的比例才说明问题。“像数字”衡量的是评判者的把握，而不是真实感：一个分类器很有把握的墨团也算数（练习 3 中长度为 1 的 GAN 编码画出的墨团，墨迹是真实数字的 5.4 倍，其中 84–86 % 都算“像数字”）。分类器得分和 Fréchet 距离是 05 的度量，这里用 1,000 个样本计算。“画出的数字数”是样本中数字的有效个数，即分类器判给各个数字的比例的熵的 $\exp$：十个数字出现得一样多时为 10，只有一个数字时为 1。
# <!-- numbers: 99 % = hole_fraction's quantile (course_utils.metrics); 1 % = 100 % - 99 %, the reference codes beyond their own 99 % quantile; 5.4 = exercise 3's solution, mean pixel value of the length-1 images over the test digits' (0.711 / 0.132, code seeds 0-2); 84 %, 86 % = digit_like_share of exercise 3's 1,000 length-1 images, code seeds 0-2 (its solution prints seed 1's); 90 % = the 0.9 confidence in the cell below; 4.95, 5.78 = README, MNIST GAN quality table (benchmarks/gan_mnist.py --seeds 5); 14 of 15, seed 3 = README, autoencoder vs PCA (benchmarks/autoencoder.py --seeds 5 --quick); 20-25 = README, 2-D GAN mode coverage (benchmarks/gan2d.py --seeds 5) -->
# %%
classifier = pretrained.load("mnist_classifier")
meter = QualityMeter(classifier, test_images)  # classifier score and Fréchet distance to the 1,000 test digits, as in 05


def digits_drawn(histogram: list[float]) -> float:
    """exp(entropy) of the share of samples named as each digit (10 numbers summing to 1): from 1 to 10."""
    shares = torch.tensor(histogram, dtype=torch.float64)
    shares = shares[shares > 0]
    return float(torch.exp(-(shares * shares.log()).sum()))


def digit_like_share(images: torch.Tensor) -> float:
    """Share of ``images`` ``(N, 1, 28, 28)`` in [0, 1] that the classifier is at least 90 % sure of (06's measure)."""
    return float((predict(classifier, images)[0].max(1).values >= 0.9).double().mean())


# Rebuilding: per-pixel MSE on the test digits, PCA with 2 components (02's baseline) fitted on the same 4,000
# training digits the shipped weights saw, the VAE's -ELBO (06) and how far apart each map puts its class means,
# in the map's own units and in units of its codes' standard deviation (each dimension divided by its std).
pixels = train_images.flatten(1).numpy()
pca = PCA(n_components=2).fit(pixels)
flat = test_images.flatten(1).numpy()
pca_mse = float(((pca.inverse_transform(pca.transform(flat)) - flat) ** 2).mean())
codes = {label: codes_of(model, test_images) for label, model in models.items() if hasattr(model, "encode")}
# As in 06: the samplers are fitted to the 4,000 training digits' codes, the holes measured against the test codes,
# so no sampler is fitted to the codes that define the holes.
train_codes = {label: codes_of(models[label], train_images) for label in codes}
vae = models["VAE (d=2)"]
with torch.no_grad():
    torch.manual_seed(SEED)
    minus_elbo, _, _ = negative_elbo(vae, test_images)
    mu, logvar = vae.encode_stats(test_images)
    kl_per_dim = (0.5 * (mu ** 2 + logvar.exp() - logvar - 1)).mean(0)
print(f"{'rebuilding the test digits':28s} {'MSE per pixel':>13s} {'|mu_7 - mu_1|':>14s} {'code std':>11s} "
      f"{'in stds: |mu_7 - mu_1|':>22s} {'all pairs, mean':>15s}")
print(f"{'PCA, 2 components':28s} {pca_mse:13.4f}")
mse, spread, scaled_gap, scaled_pairs = {}, {}, {}, {}
for label, model in models.items():
    if label not in codes:
        print(f"{label:28s} {'no encoder':>13s}")
        continue
    mse[label] = reconstruction_mse(model, test_images)
    means = class_means(codes[label], test_labels)  # (10, 2): each digit's mean code
    std = codes[label].std(0)
    spread[label] = float((means[7] - means[1]).norm())
    scaled_gap[label] = float(((means[7] - means[1]) / std).norm())
    scaled_pairs[label] = float(torch.pdist(means / std).mean())  # over the 45 pairs of digits
    print(f"{label:28s} {mse[label]:13.4f} {spread[label]:14.2f} {std[0]:5.1f}, {std[1]:.1f} "
          f"{scaled_gap[label]:22.2f} {scaled_pairs[label]:15.2f}")
print(f"VAE: -ELBO {minus_elbo:.1f} nats per digit; KL per dimension {kl_per_dim[0]:.2f} and {kl_per_dim[1]:.2f} nats")


def mixture_codes(label: str, n: int = 1000) -> torch.Tensor:
    """``n`` codes ``(n, 2)`` from a mixture of ten Gaussians fitted to the training digits' codes of ``label``."""
    # One thread: in this kernel, once torch has run, the fit took 2-3 s on two threads (its k-means start and
    # torch's threads compete for the cores) against a tenth of a second on one.
    with threadpool_limits(1):
        mixture = GaussianMixture(n_components=10, random_state=SEED).fit(train_codes[label].double().numpy())
        return torch.from_numpy(mixture.sample(n)[0]).float()  # 06 also shuffles them; no measure here sees the order


# Random codes: 06's, drawn in 06's order; the autoencoder's draws are also decoded unstretched, as N(0, I) codes.
# The mixtures draw from numpy's generator (seeded by SEED), so they leave 06's torch draws as they were.
generator = torch.Generator().manual_seed(SEED)
measured = {}
for label, model in models.items():
    eps = torch.randn(1000, model.latent_dim, generator=generator)
    ways = {"prior N(0, I)": eps}
    if label in codes and label.startswith("autoencoder"):  # no prior: a Gaussian fitted to its training codes
        fit_to = train_codes[label]
        ways = {"fitted Gaussian": fit_to.mean(0) + fit_to.std(0) * eps, "N(0, I)": eps}
    if label in codes:
        ways["mixture of 10"] = mixture_codes(label)
    for how, z in ways.items():
        with torch.no_grad():
            images = model.decode(z)
        quality = meter(images)
        measured[f"{label.split(' ')[0]}, {how}"] = {
            "in a hole": hole_fraction(z, codes[label]) if label in codes else None,
            "digit-like": digit_like_share(images),
            "digits drawn": digits_drawn(quality["histogram"]), "score": quality["score"],
            "Fréchet": quality["frechet"], "histogram": quality["histogram"]}
real = {}  # the scale: the test digits themselves, and 1,000 training digits, disjoint from them
for label, images in {"real test digits": test_images, "real training digits": train_images[:1000]}.items():
    quality = meter(images)
    real[label] = {"digit-like": digit_like_share(images), "digits drawn": digits_drawn(quality["histogram"]),
                   "score": quality["score"], "Fréchet": quality["frechet"]}
print(f"\n{'1,000 random codes':28s} {'in a hole':>9s} {'digit-like':>10s} {'digits drawn':>12s} {'score':>6s} "
      f"{'Fréchet to test':>15s}")
for label, row in {**measured, **real}.items():
    hole = "" if label in real else "no encoder" if row["in a hole"] is None else f"{row['in a hole']:.1%}"
    frechet = "(itself)" if label == "real test digits" else f"{row['Fréchet']:.1f}"
    print(f"{label:28s} {hole:>9s} {row['digit-like']:>10.0%} {row['digits drawn']:>12.1f} {row['score']:>6.2f} "
          f"{frechet:>15s}")
# The floor of "in a hole": 1 % of the test codes lie beyond the threshold by its construction, so real codes that
# the reference does not contain, those of 1,000 training digits, show the share that real codes get.
floor = {label: hole_fraction(train_codes[label][:1000], codes[label]) for label in codes}
print("the floor of 'in a hole', the codes of 1,000 real training digits: "
      + ", ".join(f"{label.split(' ')[0]} {share:.1%}" for label, share in floor.items()))
top = sorted(range(10), key=lambda digit: -measured["autoencoder, N(0, I)"]["histogram"][digit])[:4]
print("autoencoder, N(0, I): its four commonest digits make "
      + ", ".join(f"{digit} {measured['autoencoder, N(0, I)']['histogram'][digit]:.0%}" for digit in top)
      + " of the samples")

ae_mse, vae_mse = mse.values()
ae, vae_label = "autoencoder (d=2)", "VAE (d=2)"
fitted, centre, ae_mixture, prior, vae_mixture, gan = (measured[key] for key in (
    "autoencoder, fitted Gaussian", "autoencoder, N(0, I)", "autoencoder, mixture of 10", "VAE, prior N(0, I)",
    "VAE, mixture of 10", "GAN, prior N(0, I)"))
claim("both 2-D models rebuild the test digits better than PCA with 2 components", max(ae_mse, vae_mse) < pca_mse)
claim("the VAE rebuilds the test digits within 5 % of the autoencoder's MSE", abs(vae_mse / ae_mse - 1) < 0.05)
claim("the VAE uses both its code dimensions: over 1 nat of KL in each", bool((kl_per_dim > 1).all()))
claim("in each map's own units, the autoencoder's 1s and 7s lie over three times farther apart than the VAE's",
      spread[ae] > 3 * spread[vae_label])
claim("in units of each map's code std, the VAE's 1s and 7s, and its class means on average, lie at least as far "
      "apart as the autoencoder's",
      scaled_gap[vae_label] >= scaled_gap[ae] and scaled_pairs[vae_label] >= scaled_pairs[ae])
claim("from N(0, I), under 1 % of the autoencoder's codes fall in a hole, yet under half are digit-like, and they "
      "draw fewer digits than its fitted Gaussian's and the VAE's", centre["in a hole"] < 0.01
      and centre["digit-like"] < 0.5 and centre["digits drawn"] < min(fitted["digits drawn"], prior["digits drawn"]))
claim("from one fitted Gaussian, over five times as many of the autoencoder's codes fall in holes as of its real "
      "training digits' codes (the floor)", fitted["in a hole"] > 5 * floor[ae])
claim("from a fitted mixture of 10 (the autoencoder) and from the prior (the VAE), the share in holes is within "
      "1 point of the model's floor", abs(ae_mixture["in a hole"] - floor[ae]) < 0.01
      and abs(prior["in a hole"] - floor[vae_label]) < 0.01)
claim("for the VAE, the mixture puts more codes in holes than the prior does (as in 06), but under 2 points above "
      "its floor", prior["in a hole"] < vae_mixture["in a hole"] < floor[vae_label] + 0.02)
claim("the autoencoder's mixture samples score within 10 % of the VAE's prior samples",
      abs(ae_mixture["score"] / prior["score"] - 1) < 0.1)
claim("but they draw fewer digits, lie farther from the test digits and are less often digit-like than the VAE's "
      "prior samples", ae_mixture["digits drawn"] < prior["digits drawn"] and ae_mixture["Fréchet"] > prior["Fréchet"]
      and ae_mixture["digit-like"] < prior["digit-like"])
claim("a mixture fitted to the codes draws more digits, scores higher and lies nearer the test digits than the "
      "autoencoder's fitted Gaussian and than the VAE's own prior",
      all(new[key] > old[key] for new, old in ((ae_mixture, fitted), (vae_mixture, prior))
          for key in ("digits drawn", "score"))
      and ae_mixture["Fréchet"] < fitted["Fréchet"] and vae_mixture["Fréchet"] < prior["Fréchet"])
claim("and over 5 points more of the VAE's mixture samples are digit-like than of its prior samples",
      vae_mixture["digit-like"] > prior["digit-like"] + 0.05)
claim("the GAN's samples are the most often digit-like, the most varied and the nearest the test digits",
      all(gan[key] == max(row[key] for row in measured.values()) for key in ("digit-like", "digits drawn"))
      and gan["Fréchet"] == min(row["Fréchet"] for row in measured.values()))
claim("yet real training digits are more often digit-like, score higher and lie nearer the test digits",
      all(real["real training digits"][key] > gan[key] for key in ("digit-like", "score"))
      and real["real training digits"]["Fréchet"] < gan["Fréchet"])

# %% [markdown]
# **What the numbers show** (in this run).
# - *Rebuilding.* The two 2-D models rebuild the test digits equally well: the VAE's test MSE, 0.0427, is within
#   a percent of the autoencoder's 0.0424, and both beat PCA with two components (0.0563). They are two
#   different models, though (a convolutional autoencoder trained on MSE, a fully connected VAE trained on the
#   ELBO's Bernoulli term, each with its own recipe), so this comparison cannot say what the KL term costs.
#   Notebook 06's β cell isolates that: the same VAE, trained the same short way with the KL term weighted 0.1
#   and 1, rebuilt the test digits with a reconstruction term of 162.6 and 165.1 nats in 06's committed run, so
#   weighting the KL ten times more cost about 1.5 % there. The VAE here uses both of its code dimensions,
#   about 3.1 nats of KL each.
# - *The map.* What the prior changed is where the codes lie, and at what scale. The autoencoder's 1s and 7s
#   lie 11.58 apart and its codes spread with standard deviations of 6.1 and 2.6; the VAE's lie 3.10 apart,
#   with 1.2 and 1.3. That factor of more than three is the maps' scale, not better separated classes: in
#   units of each map's standard deviation the 1s and 7s lie 2.34 apart in the autoencoder's map and 2.46 in
#   the VAE's, and the ten class means 1.30 and 1.48 apart on average. Relative to its spread the VAE
#   separates the classes as much as the autoencoder, or slightly more. The scale is why $\mathcal N(0, I)$
#   is the wrong prior for the autoencoder: its samples all come from the centre of its map. There 0.1 % of
#   them fall in a hole (at the floor), yet only 43 % are digit-like, and four digits make up most of them:
#   the effective number of digits they draw is 5.0, against 6.4 from its fitted Gaussian and 7.9 from the
#   VAE's prior.
# - *Holes, and what the prior buys.* Read the hole shares against their floor, the line under the table:
#   codes of real training digits score 0.4 % in the autoencoder's map and 1.4 % in the VAE's. Only one share
#   is well above it: from one Gaussian fitted to its training codes, 9.4 % of the autoencoder's random codes
#   land in a hole (8.4 % with `COURSE_SEED=1`). Two are at the floor, where differences mean nothing: 0.1 %
#   (the autoencoder from $\mathcal N(0, I)$) and 1.4 % (the VAE from its prior). The mixtures of ten
#   Gaussians fitted to the same training codes come close to it: the autoencoder's is at its floor (0.6 %),
#   the VAE's a little above its floor and above its prior's share (2.4 %; with `COURSE_SEED=1` 2.4 % against
#   1.7 % from the prior), so for the VAE, as in notebook 06, the prior puts fewer codes in holes than a
#   density fitted to its codes. On 1,000 codes a point is ten codes, so read that as slightly more, not as a
#   map full of holes. The autoencoder's holes are the single Gaussian's fault more than its map's. The
#   mixture does not make the autoencoder's samples as good as the VAE's prior samples, though. Measure by
#   measure, it matches them on the score only, 5.24 against 5.02 in this run (with `COURSE_SEED=1` it is
#   behind there too, 4.96 against 5.10); it draws fewer digits, 7.4 against 7.9; it lies farther from the
#   test digits, a Fréchet distance of 974.0 against 901.7; and it is a little less often digit-like, 52 %
#   against 53 %. The VAE, too, draws better samples from a mixture fitted to its codes than from its own
#   prior: 64 % digit-like against 53 %, a score of 5.92 against 5.02, a Fréchet distance of 746.4 against
#   901.7, for slightly more codes in holes. So the prior is not what keeps the samples out of holes: a
#   mixture does that for the autoencoder, which has no prior. What the prior buys is that sampling needs no
#   fitted density: $\mathcal N(0, I)$ works for the VAE by construction, and drawn as it is it puts codes in
#   holes within a point of the share real codes get, while the autoencoder's map must first be measured and
#   modelled. A density fitted to the codes gets the autoencoder the VAE prior's score but not its variety or its Fréchet
#   distance, and gets the VAE itself more digit-like samples than its prior, at a slightly higher share in
#   holes. Hole or no hole, at $d = 2$ both models draw many blurry in-between shapes: the best of their rows is
#   64 % digit-like, against 96 % of the real test digits (and "digit-like" counts how often the judge is sure, not how real
#   the images look).
# - *The GAN* is the best on every measure of its samples: 79 % digit-like, 9.9 digits drawn, a Fréchet
#   distance near 25. It is still short of real digits: 1,000 real training digits, disjoint from the test
#   digits, lie 8.4 from them and score 9.66. And the race with the 2-D models is not fair: 16 latent
#   dimensions against 2, convolutional networks against the VAE's fully connected ones, and other training
#   (06's table), so notebook 06 calls its line not directly comparable. What the table does show fairly is
#   what the GAN lacks: it has no encoder, so it cannot rebuild a digit, give the code of an image or score an
#   anomaly in one pass; it must search for a code (`course_utils.latent.invert`, as 06 does). (Both of 05's
#   measures move with the number of samples: on 10,000, notebook 05 measures a Fréchet distance of 19.35 and
#   a classifier score of 8.25 for the same GAN.)
# <!-- numbers: 19.35, 8.25 = notebook 05, section 4: gan_mnist_unlabelled, 10,000 samples; 0.1, 162.6, 165.1 = notebook 06's beta cell, committed outputs (seed 0, 16 epochs per beta); 1.5 % = 1 - 162.6 / 165.1; 4.96, 5.10, 8.4 %, 2.4 %, 1.7 % = this table with COURSE_SEED=1 (benchmarks/notebooks.py 07 --seed 1): score of the autoencoder's mixture and the VAE's prior, the autoencoder's fitted Gaussian in holes, the VAE's mixture and prior in holes (seeds 0, 1, 2: VAE mixture 2.4/2.4/1.8 %, prior 1.4/1.7/1.4 %; autoencoder fitted Gaussian 9.4/8.4/8.2 %, mixture 0.6/0.6/0.5 %); ten = 1 % of 1,000 -->

# %% [markdown] {"lang": "zh", "en": "0a2b38d686"}
# **这些数字说明了什么**（本次运行）。
# - *重建。* 两个 2 维模型重建测试数字的效果一样好：VAE 的测试 MSE 为 0.0427，与自编码器的 0.0424 相差不到百分之一，而且两者都胜过只用两个主成分的 PCA（0.0563）。但它们是两个不同的模型（一个是用 MSE 训练的卷积自编码器，一个是用 ELBO 的伯努利重建项训练的全连接 VAE，训练方案也各不相同），所以这个对比无法说明 KL 项的代价是多少。notebook 06 的 β 单元把这一点单独分离了出来：同一个 VAE 用同样的短时间训练方案，KL 项的权重分别为 0.1 和 1，在 06 已提交的运行中，它重建测试数字的重建项分别为 162.6 和 165.1 nats，所以在那里把 KL 的权重加大十倍只让重建变差了约 1.5 %。这里的 VAE 两个编码维度都用上了，每个维度的 KL 约为 3.1 nats。
# - *地图。* 先验改变的是编码所在的位置及其尺度。自编码器的 1 和 7 相距 11.58，它的编码在两个维度上的标准差为 6.1 和 2.6；VAE 的 1 和 7 相距 3.10，标准差为 1.2 和 1.3。这三倍多的差距是两张地图的尺度，而不是类别分得更开：以各自地图的标准差为单位，自编码器地图中的 1 和 7 相距 2.34，VAE 的相距 2.46；十个类别均值之间的平均距离分别为 1.30 和 1.48。相对于各自的分布范围，VAE 把类别分得和自编码器一样开，甚至略开一些。正是尺度的缘故，$\mathcal N(0, I)$ 对自编码器来说是错误的先验：它的样本全都来自地图的中央。在那里，0.1 % 的样本落在空洞里（处在下限上），但只有 43 % 像数字，而且其中大多数只是四个数字：它们画出的数字的有效个数只有 5.0，而从拟合的高斯分布采样时为 6.4，VAE 从先验采样时为 7.9。
# - *空洞，以及先验带来了什么。* 读空洞比例时要对照它的下限，即表格下方的那一行：真实训练数字的编码在自编码器的地图中有 0.4 % 落在空洞里，在 VAE 的地图中有 1.4 %。只有一个比例明显高于下限：从对其训练编码拟合的单个高斯分布中采样时，自编码器有 9.4 % 的随机编码落在空洞里（用 `COURSE_SEED=1` 运行时为 8.4 %）。有两个比例处在下限上，它们之间的差别没有意义：0.1 %（自编码器从 $\mathcal N(0, I)$ 采样）和 1.4 %（VAE 从先验采样）。对同样的训练编码拟合的十个高斯分布的混合接近下限：自编码器的混合就在它的下限上（0.6 %），VAE 的混合略高于它的下限，也高于它的先验（2.4 %；用 `COURSE_SEED=1` 运行时为 2.4 % 对先验的 1.7 %）。所以对 VAE 来说，和 notebook 06 一样，先验让落进空洞的编码比对其编码拟合的密度更少。在 1,000 个编码上，一个百分点就是十个编码，所以应把这读作“略多一些”，而不是地图上满是空洞。自编码器的空洞更多是单个高斯分布的问题，而不是它的地图的问题。不过，混合分布并没有让自编码器的样本和 VAE 的先验样本一样好；逐项来看，它只在得分上与之相当，本次运行中为 5.24 对 5.02（用 `COURSE_SEED=1` 运行时，它在这一项上也落后，4.96 对 5.10）；它画出的数字更少，7.4 对 7.9；它离测试数字更远，Fréchet 距离为 974.0 对 901.7；它像数字的比例也略低，52 % 对 53 %。VAE 也一样：从对其编码拟合的混合分布中采样，得到的样本比从它自己的先验中采样更好：64 % 像数字，而先验为 53 %；得分 5.92 对 5.02；Fréchet 距离 746.4 对 901.7；代价是落进空洞的编码略多一些。所以，让样本避开空洞的并不是先验：对没有先验的自编码器，混合分布就做到了这一点。先验带来的是：采样不需要拟合任何密度。$\mathcal N(0, I)$ 按构造就适用于 VAE，直接采样时落进空洞的比例与真实编码的比例相差不到一个百分点；而自编码器的地图必须先测量、再建模。对编码拟合的密度能让自编码器达到 VAE 先验的得分，但达不到它的多样性和 Fréchet 距离；对 VAE 本身，它带来比先验更多像数字的样本，落进空洞的比例则略高一些。无论是否落在空洞里，在 $d = 2$ 时两个模型都会画出许多模糊的、介于数字之间的形状：它们最好的一行也只有 64 % 像数字，而真实测试数字有 96 %（而“像数字”统计的是评判者有把握的频率，而不是图像有多真实）。
# - *GAN* 的样本在每一项度量上都是最好的：79 % 像数字，画出的数字数为 9.9，Fréchet 距离约为 25。但它仍不及真实数字：1,000 个与测试数字不相交的真实训练数字，到测试数字的 Fréchet 距离为 8.4，得分为 9.66。而且它与 2 维模型之间的比赛并不公平：16 个潜在维度对 2 个，卷积网络对 VAE 的全连接网络，训练方式也不同（见 06 的表格），所以 notebook 06 说它那一行不能直接比较。这张表能公平地显示的，是 GAN 缺少什么：它没有编码器，所以不能一次前向计算就重建数字、给出一张图像的编码或为异常打分；它必须搜索一个编码（`course_utils.latent.invert`，就像 06 中那样）。（05 的两项度量都随样本数而变：用 10,000 个样本时，notebook 05 对同一个 GAN 测得的 Fréchet 距离为 19.35，分类器得分为 8.25。）
# <!-- numbers: 19.35, 8.25 = notebook 05, section 4: gan_mnist_unlabelled, 10,000 samples; 0.1, 162.6, 165.1 = notebook 06's beta cell, committed outputs (seed 0, 16 epochs per beta); 1.5 % = 1 - 162.6 / 165.1; 4.96, 5.10, 8.4 %, 2.4 %, 1.7 % = this table with COURSE_SEED=1 (benchmarks/notebooks.py 07 --seed 1): score of the autoencoder's mixture and the VAE's prior, the autoencoder's fitted Gaussian in holes, the VAE's mixture and prior in holes (seeds 0, 1, 2: VAE mixture 2.4/2.4/1.8 %, prior 1.4/1.7/1.4 %; autoencoder fitted Gaussian 9.4/8.4/8.2 %, mixture 0.6/0.6/0.5 %); ten = 1 % of 1,000 -->

# %% [markdown]
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
# (the README's "2-D GAN mode coverage" table: 4,000 steps a run, five seeds, median and range). Its target asks
# for every mode, enough sharp samples, an even share of them over the modes and clouds as wide as the data's.
# No method in that table meets it on every seed, on either mixture: on ring8 only the GAN with discriminator
# rejection meets it, on 3 of 5 seeds, and codes50, whose samples are nearly all sharp, fails it on every seed
# by its spread (each mode squeezed to a cloud 0.14 of σ wide on ring8, 0.16 on grid25). What the field
# converged on, and what the course's own short runs found:
# - **the non-saturating generator loss** (Goodfellow et al., 2014), so G learns when D is winning: derived and
#   measured in 04.
# - **constraining the discriminator**, so D's gradients stay informative: spectral normalisation (Miyato et
#   al., 2018) and gradient penalties, R1 (Mescheder et al., 2018) and WGAN-GP (Gulrajani et al., 2017; not in
#   this course). In the course's benchmark spectral normalisation *did not train* in 4,000 steps: it found 0
#   of ring8's 8 modes (median of five seeds; range 0–1) and 2 of grid25's 25 (range 0–3). 4,000 steps is a
#   short budget, so this is no verdict on the method. R1 with $\gamma = 0.1$ kept 24–25 of grid25's 25 modes on
#   every seed, but made no sample sharper: 52.9 % of its samples were high quality (median of five seeds),
#   against the plain GAN's 57.0 %.
# - **letting D see statistics of the whole minibatch**, against mode collapse: minibatch discrimination
#   (Salimans et al., 2016) and its simpler successor, the minibatch standard-deviation layer of ProGAN and
#   StyleGAN (Karras et al., 2018 and 2019), which is what the field kept. Packing (PacGAN, Lin et al., 2018),
#   where D judges several samples at once, is another answer to the same problem, not the standard one. In
#   the course's benchmark (five seeds, 4,000 steps) it shared ring8's samples evenly over the modes but
#   blurred them. PacGAN2 and PacGAN4 made 83.4 % (68.4–93.1) and 20.0 % (9.6–37.6) high-quality samples on
#   ring8, against the plain GAN's 94.6 % (90.5–94.8); on grid25 they made 11.6 % (5.9–24.7) and 2.6 %
#   (1.5–4.2), against 57.0 % (21.1–59.5), and found 22 (21–24) and 18 (17–23) of the 25 modes, against 25
#   (20–25). PacGAN2's best seeds overlap the plain GAN's worst; PacGAN4's sharp share lies below the plain
#   GAN's range on both mixtures. The paper's own results came from hundreds of thousands of steps.
# - **augmenting what D sees** when the data are few: differentiable augmentation (Zhao et al., 2020) and
#   adaptive augmentation, ADA (Karras et al., 2020). The shipped generators of 05 used the simplest form: D
#   saw every image, real or generated, shifted by up to 2 pixels.
# - **the optimiser and an average of G**: Adam with $\beta_1 = 0.5$, from DCGAN (Radford et al., 2016), which
#   the course's GANs use; separate learning rates for D and G, the two time-scale update rule (Heusel et al.,
#   2017, the paper that also introduced the Fréchet distance; the course uses one rate for both); and an
#   exponential moving average of G's weights as the final generator (Karras et al., 2018; used in StyleGAN,
#   and in the shipped GANs of 05, which printed `ema=0.999`). StyleGAN itself trains with Adam
#   $\beta_1 = 0, \beta_2 = 0.99$ and the same learning rate for G and D.
# - and, for many tasks, **other generative models** whose training is a single stable loss: VAEs, and since 2020
#   diffusion models, which now lead image generation while GANs remain the fastest samplers.
#
# ## Where to go next
# - The glossary, English and Chinese: [`docs/glossary.md`](../docs/glossary.md).
# - Goodfellow et al., *Generative Adversarial Nets* (2014); Kingma & Welling, *Auto-Encoding Variational Bayes* (2013).
# - Radford et al., *DCGAN* (2016); Karras et al., *Progressive Growing of GANs* (2018) and *StyleGAN* (2019);
#   Heusel et al., *GANs Trained by a Two Time-Scale Update Rule* (2017).
# - Lin et al., *PacGAN* (2018) and Srivastava et al., *VEEGAN* (2017), the anchors of notebook 04's table.
# - Try the exercises at the end of each notebook; those marked "with a self-check" check your answer.
# <!-- numbers: 0.1 = README, 2-D GAN mode coverage, the R1 row (benchmarks/gan2d.py --methods r1); 52.9 %, 57.0 %, 94.6 % = README, 2-D GAN mode coverage, medians of seeds 0-4 (benchmarks/gan2d.py --seeds 5); 90.5 %, 94.8 %, 21.1 %, 59.5 %, 20, 25 = the same table, the plain GAN's range; 83.4 %, 68.4, 93.1, 20.0 %, 9.6, 37.6, 11.6 %, 5.9, 24.7, 2.6 %, 1.5, 4.2, 22, 21, 24, 18, 17, 23 = the same table, the PacGAN2 and PacGAN4 rows (median, min-max); 0, 1, 2, 3 = the same table, the spectral normalisation rows (modes, median, min-max); 3 of 5 = the same table, "target met on", GAN + discriminator rejection on ring8; 0.14, 0.16 = the same table, codes50's median spread on ring8 and grid25 -->

# %% [markdown] {"lang": "zh", "en": "b34eabb09c"}
# ## 用 GAN 生成文本：离散的词元为何让它变难
#
# 生成图像的生成器输出的是实数，因此判别器的判断可以一路求导，回传到生成器的权重上。文本生成器输出的则是*词元*（token），它们通过采样或 `argmax` 选出，而这种选择没有梯度：权重的微小变化要么改变了被选中的词，要么完全不改变。因此，文本 GAN 需要一些变通办法：强化学习式的梯度（SeqGAN，2017）、对采样做连续松弛（Gumbel-softmax），或者在连续的句子嵌入上训练 GAN。每种办法都会引入方差或偏差；在实践中，胜出的是用最大似然训练（并借助人类反馈微调）的语言模型。GAN 在文本系统的周边仍然有用，例如充当判别器，或用于语音和图像生成。
#
# ## 今天所理解的“更稳定的训练”
#
# notebook 04 在 2 维数据上推导并测量了其中一部分对策；`benchmarks/gan2d.py` 测量了更多（见 README 中的“2-D GAN mode coverage”表格：每次运行 4,000 步，五个种子，给出中位数和范围）。它的目标要求：找到每一个模式，有足够多的清晰样本，这些样本在各个模式上分得均匀，每个模式的样本云和数据的一样宽。表中没有哪种方法在两种混合分布上的每个种子都达到这个目标：在 ring8 上只有带判别器拒绝采样（discriminator rejection）的 GAN 达到了，五个种子中有 3 个；codes50 的样本几乎全都清晰，却因为分布宽度（spread）在每个种子上都没有达到（每个模式被压成一小团，在 ring8 上宽 0.14 σ，在 grid25 上宽 0.16 σ）。这一领域最终形成的共识，以及课程自己的短时间运行发现了什么：
# - **生成器的非饱和损失（non-saturating loss）**（Goodfellow 等，2014），使得 D 占上风时 G 仍能继续学习：在 04 中推导并测量过。
# - **约束判别器**，让 D 的梯度始终携带有用的信息：谱归一化（spectral normalisation，Miyato 等，2018），以及梯度惩罚：R1（Mescheder 等，2018）和 WGAN-GP（Gulrajani 等，2017；本课程未涉及）。在课程的基准测试中，谱归一化在 4,000 步内*没有训练起来*：它找到了 ring8 的 8 个模式中的 0 个（五个种子的中位数；范围 0–1），grid25 的 25 个模式中的 2 个（范围 0–3）。4,000 步是很短的训练，所以这不足以评判这个方法。$\gamma = 0.1$ 的 R1 在每个种子上都保住了 grid25 的 25 个模式中的 24–25 个，但没有让任何样本更清晰：它的样本中有 52.9 % 是高质量的（五个种子的中位数），而普通 GAN 为 57.0 %。
# - **让 D 看到整个小批量的统计量**，用来对抗模式坍塌（mode collapse）：小批量判别（minibatch discrimination，Salimans 等，2016），以及它更简单的后继者——ProGAN 和 StyleGAN 中的小批量标准差层（minibatch standard deviation，Karras 等，2018 和 2019），这一领域保留下来的正是后者。打包（packing，即 PacGAN，Lin 等，2018）让 D 同时评判几个样本，是针对同一问题的另一种办法，但并不是标准做法。在课程的基准测试中（五个种子，4,000 步），它把 ring8 的样本均匀地分到了各个模式上，但样本是模糊的。PacGAN2 和 PacGAN4 在 ring8 上的高质量样本为 83.4 %（68.4–93.1）和 20.0 %（9.6–37.6），而普通 GAN 为 94.6 %（90.5–94.8）；在 grid25 上为 11.6 %（5.9–24.7）和 2.6 %（1.5–4.2），而普通 GAN 为 57.0 %（21.1–59.5），它们找到了 25 个模式中的 22（21–24）个和 18（17–23）个，而普通 GAN 为 25（20–25）个。PacGAN2 最好的几个种子与普通 GAN 最差的种子有重叠；PacGAN4 的高质量样本比例在两种混合分布上都低于普通 GAN 的范围。论文自己的结果来自几十万步的训练。
# - 数据很少时，**对 D 看到的图像做增强**：可微分增强（Zhao 等，2020）和自适应增强 ADA（Karras 等，2020）。05 随课程提供的生成器用的是最简单的形式：D 看到的每张图像，无论真假，都随机平移至多 2 个像素。
# - **优化器与 G 的平均**：$\beta_1 = 0.5$ 的 Adam，来自 DCGAN（Radford 等，2016），课程中的 GAN 都用它；给 D 和 G 分别设置学习率，即双时间尺度更新规则（two time-scale update rule，Heusel 等，2017，Fréchet 距离也是这篇论文提出的；本课程给两者用同一个学习率）；以及把 G 的权重的指数滑动平均（EMA）作为最终的生成器（Karras 等，2018；StyleGAN 使用了它，05 随课程提供的 GAN 也使用了它，05 打印出了 `ema=0.999`）。StyleGAN 本身训练时用的是 $\beta_1 = 0, \beta_2 = 0.99$ 的 Adam，G 和 D 用同一个学习率。
# - 以及，在许多任务上改用训练只需一个稳定损失的**其他生成模型**：VAE，以及 2020 年以来的扩散模型。扩散模型如今在图像生成上处于领先地位，而 GAN 仍然是采样最快的模型。
#
# ## 下一步学什么
# - 中英对照术语表：[`docs/glossary.md`](../docs/glossary.md)。
# - Goodfellow 等，*Generative Adversarial Nets*（2014）；Kingma 与 Welling，*Auto-Encoding Variational Bayes*（2013）。
# - Radford 等，*DCGAN*（2016）；Karras 等，*Progressive Growing of GANs*（2018）和 *StyleGAN*（2019）；Heusel 等，*GANs Trained by a Two Time-Scale Update Rule*（2017）。
# - Lin 等，*PacGAN*（2018），以及 Srivastava 等，*VEEGAN*（2017）：notebook 04 中表格的参照基准。
# - 动手做一做每个 notebook 末尾的练习；标有“附自测”的练习会检查你的答案。
# <!-- numbers: 0.1 = README, 2-D GAN mode coverage, the R1 row (benchmarks/gan2d.py --methods r1); 52.9 %, 57.0 %, 94.6 % = README, 2-D GAN mode coverage, medians of seeds 0-4 (benchmarks/gan2d.py --seeds 5); 90.5 %, 94.8 %, 21.1 %, 59.5 %, 20, 25 = the same table, the plain GAN's range; 83.4 %, 68.4, 93.1, 20.0 %, 9.6, 37.6, 11.6 %, 5.9, 24.7, 2.6 %, 1.5, 4.2, 22, 21, 24, 18, 17, 23 = the same table, the PacGAN2 and PacGAN4 rows (median, min-max); 0, 1, 2, 3 = the same table, the spectral normalisation rows (modes, median, min-max); 3 of 5 = the same table, "target met on", GAN + discriminator rejection on ring8; 0.14, 0.16 = the same table, codes50's median spread on ring8 and grid25 -->


# %% [markdown]
# ## Exercises
#
# 1. **(conceptual)** A friend says: "A GAN's discriminator is a classifier, and classifiers need labels, so GANs
#    are supervised." What is wrong with that argument?
# 2. **(predict, then run)** What do codes three times larger make? Draw 1,000 codes
#    `eps = torch.randn(1000, 2)` and decode both `eps` and `3 * eps`, with the autoencoder (so `eps` are its
#    unstretched $\mathcal N(0, I)$ codes) and with the VAE. For each model, predict: will more of the codes
#    fall in holes, will it draw more different digits or fewer, and will more of its images be digit-like or
#    fewer? Then measure with the table cell's functions: `hole_fraction(z, codes[label])`,
#    `digits_drawn(meter(images)["histogram"])` and `digit_like_share(images)`. (Ten images, as in the first
#    picture, are too few to count on: change its cell to `3 * torch.randn(...)` to look, not to measure.)
# 3. **(predict, then run)** In 16 dimensions, how long is a typical code $z \sim \mathcal{N}(0, I)$? With the
#    GAN, decode ten codes of length exactly 4,
#    `z = 4 * torch.nn.functional.normalize(torch.randn(10, 16), dim=1)`, and ten of length 1. Which set
#    looks like the first picture's digits, and why?

# %% [markdown] {"lang": "zh", "en": "53e855fb34"}
# ## 练习
#
# 1. **（概念题）** 一位朋友说：“GAN 的判别器是一个分类器，而分类器需要标签，所以 GAN 属于有监督学习。”这个论证错在哪里？
# 2. **（先预测，再运行）** 放大三倍的编码会生成什么？抽取 1,000 个编码 `eps = torch.randn(1000, 2)`，用自编码器（这样 `eps` 就是它未经拉伸的 $\mathcal N(0, I)$ 编码）和 VAE 分别解码 `eps` 和 `3 * eps`。对每个模型先预测：会有更多编码落进空洞吗？它画出的不同数字会变多还是变少？像数字的图像会变多还是变少？然后用表格单元中的函数来测量：`hole_fraction(z, codes[label])`、`digits_drawn(meter(images)["histogram"])` 和 `digit_like_share(images)`。（像第一张图那样只有十张图像，太少了，无法据此计数：把那个单元改成 `3 * torch.randn(...)` 只是为了看一看，而不是为了测量。）
# 3. **（先预测，再运行）** 在 16 维空间中，一个典型的编码 $z \sim \mathcal{N}(0, I)$ 有多长？用 GAN 解码十个长度恰好为 4 的编码，即 `z = 4 * torch.nn.functional.normalize(torch.randn(10, 16), dim=1)`，再解码十个长度为 1 的编码。哪一组看起来像第一张图中的数字？为什么？

# %% [markdown]
# 4. **With a self-check.** Which model would you pick for each job? Fill in `"autoencoder"`, `"VAE"` or
#    `"GAN"`; where two fit, either is right. The first attempt below has mistakes on purpose; the check lists
#    every wrong answer at once, each with a hint.

# %% [markdown] {"lang": "zh", "en": "c4c4552ad6"}
# 4. **附自测。** 每项任务你会选哪个模型？填入 `"autoencoder"`、`"VAE"` 或 `"GAN"`；如果有两个模型都合适，填哪一个都算对。五项任务是（字典的键保持英文，检查函数按原文匹配）：“flag images that are rebuilt badly”，找出重建得很差的图像；“get the code of a new image in one pass”，一次前向计算得到新图像的编码；“decode random N(0, I) codes into all ten digits”，把随机的 N(0, I) 编码解码成全部十个数字；“the sharpest samples”，最清晰的样本；“a latent space whose prior has no holes”，先验范围内没有空洞的潜在空间。下面的第一次作答故意留有错误；检查函数会一次列出所有答错的任务，每一项都附有提示。

# %%
from course_utils.checks import check_which_model

my_answers = {  # exercise 4
    "flag images that are rebuilt badly": "GAN",
    "get the code of a new image in one pass": "autoencoder",
    "decode random N(0, I) codes into all ten digits": "autoencoder",
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
# 2. In variety the two models move in opposite directions. The autoencoder's codes spread several times wider
#    than $\mathcal N(0, I)$ (standard deviations of about 6 and 3), so codes three times larger move out of the
#    centre of its map into more of its class arms: it draws more different digits, some codes now land in the
#    holes between the arms, and its share of digit-like images barely moves. The VAE's codes fill about
#    $\mathcal N(0, I)$, so codes three times larger leave its map: about half of them land in holes, and it
#    draws fewer different digits. Yet *more* of its images are digit-like, not fewer: out there its decoder
#    draws shapes the classifier is sure of, and three kinds make up most of them (the run prints which). A
#    hole is a code far from every real code; what leaving the map cost here, measurably, is variety. The
#    higher digit-like share says only that the judge is surer of these images, not that they look more like
#    real digits: exercise 3 shows blobs it is just as sure of. The VAE's images also change more, pixel by
#    pixel. The run, on 1,000 codes:
#    ```python
#    tripling = {}
#    for label in ("autoencoder (d=2)", "VAE (d=2)"):
#        eps = torch.randn(1000, 2, generator=torch.Generator().manual_seed(SEED))
#        with torch.no_grad():
#            images = {scale: models[label].decode(scale * eps) for scale in (1, 3)}
#        holes = {scale: hole_fraction(scale * eps, codes[label]) for scale in (1, 3)}
#        histograms = {scale: meter(images[scale])["histogram"] for scale in (1, 3)}
#        drawn = {scale: digits_drawn(histograms[scale]) for scale in (1, 3)}
#        clear = {scale: digit_like_share(images[scale]) for scale in (1, 3)}
#        tripling[label] = holes, drawn, clear, float(((images[3] - images[1]) ** 2).mean())
#        commonest = sorted(range(10), key=lambda digit: -histograms[3][digit])[:3]
#        print(f"{label:18s} z -> 3z: in a hole {holes[1]:.0%} -> {holes[3]:.0%}, digits drawn {drawn[1]:.1f} -> "
#              f"{drawn[3]:.1f}, digit-like {clear[1]:.0%} -> {clear[3]:.0%}, mean squared change per pixel "
#              f"{tripling[label][3]:.4f}; at 3z its commonest digits are "
#              + ", ".join(f"{digit} ({histograms[3][digit]:.0%})" for digit in commonest))
#    (ae_holes, ae_drawn, ae_clear, ae_change), (vae_holes, vae_drawn, vae_clear, vae_change) = tripling.values()
#    claim("tripled, the autoencoder's N(0, I) codes draw more digits, and more of them fall in holes",
#          ae_drawn[3] > ae_drawn[1] and ae_holes[3] > ae_holes[1])
#    claim("its digit-like share moves by under 10 points", abs(ae_clear[3] - ae_clear[1]) < 0.1)
#    claim("tripled, over a third of the VAE's codes fall in holes, and they draw fewer digits",
#          vae_holes[3] > 1 / 3 and vae_drawn[3] < vae_drawn[1])
#    claim("yet over 10 points more of the VAE's images are digit-like", vae_clear[3] > vae_clear[1] + 0.1)
#    claim("the VAE's images change more than the autoencoder's", vae_change > ae_change)
#    ```
# 3. About 4: the squared length is a sum of 16 squares of standard normals, with mean 16, so the length is
#    $\sqrt{16} = 4$ give or take about 0.7. Most codes the GAN saw in training had a length between 3 and
#    5, so the length-4 codes look like the first picture's digits. Length-1 codes lie deep inside that
#    shell, where the generator was almost never trained, and what it draws there is extrapolation: heavy
#    blobs with several times a real digit's ink. The classifier still calls most of them one and the same
#    digit, and is at least 90 % sure of most of them, so they count as digit-like by the table's measure: a
#    classifier's confidence is not a test of realism (notebook 05). The run, with 1,000 codes of each length:
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
#    print(f"mean pixel value: test digits {real_ink:.3f}, length 4 {ink[4]:.3f}, length 1 {ink[1]:.3f} "
#          f"({ink[1] / real_ink:.1f} times a real digit's); digit-like: length 4 {digit_like_share(drawn[4]):.0%}, "
#          f"length 1 {digit_like_share(drawn[1]):.0%}")
#    claim("length-4 codes draw about as much ink as real digits (within 20 %)", abs(ink[4] / real_ink - 1) < 0.2)
#    claim("length-1 codes draw more than three times as much", ink[1] > 3 * real_ink)
#    claim("the classifier names most length-1 images as the same digit",
#          torch.bincount(named).max().item() > len(named) / 2)
#    claim("and most length-1 images count as digit-like (the classifier at least 90 % sure)",
#          digit_like_share(drawn[1]) > 0.5)
#    ```
# 4. Autoencoder or VAE (both rebuild, so both give a rebuild error, 03); autoencoder or VAE (encoders); VAE
#    or GAN (trained on that prior; from N(0, I) the autoencoder draws few kinds of digit, the table above);
#    GAN (sharpest); VAE or GAN (the VAE's KL term fills the prior, and a GAN
#    is trained only on codes drawn from it, 06). One answer that passes:
#    ```python
#    my_answers = {
#        "flag images that are rebuilt badly": "autoencoder",
#        "get the code of a new image in one pass": "VAE",
#        "decode random N(0, I) codes into all ten digits": "GAN",
#        "the sharpest samples": "GAN",
#        "a latent space whose prior has no holes": "VAE",
#    }
#    passed = check_which_model(my_answers)
#    ```
# <!-- numbers: 0.7 = sqrt(16 - 2 * exp(2 * (lgamma(8.5) - lgamma(8)))), the standard deviation of the length -->
# </details>
# %% [markdown] {"lang": "zh", "en": "c5aef9d3e9"}
#
# <details><summary>参考答案（点击展开）</summary>
#
# 1. 判别器确实是一个分类器，但它的标签（数据为“真”，生成器的样本为“假”）是由训练过程自己产生的。没有任何人去标注任何东西，所以这种方法是无监督的。
# 2. 在多样性上，这两个模型朝相反的方向变化。自编码器的编码分布得比 $\mathcal N(0, I)$ 宽好几倍（两个维度的标准差约为 6 和 3），所以放大三倍的编码会从它的地图中央走到更多类别的“臂”上：它画出的不同数字变多了，有一些编码落进了“臂”与“臂”之间的空洞，而像数字的图像所占的比例几乎不变。VAE 的编码大致填满 $\mathcal N(0, I)$，所以放大三倍的编码会离开它的地图：其中约一半落进空洞，它画出的不同数字变少了。但像数字的图像反而*更多*，而不是更少：在那里，它的解码器画出的是分类器很有把握的形状，其中大多数只属于三种（运行会打印是哪几种）。空洞是一个远离所有真实编码的编码；在这里，离开地图可以测出来的代价是多样性。像数字的比例变高，只说明评判者对这些图像更有把握，并不说明它们更像真实的数字：练习 3 展示了分类器同样很有把握的墨团。逐像素来看，VAE 的图像变化也更大。在 1,000 个编码上的运行：
#    ```python
#    tripling = {}
#    for label in ("autoencoder (d=2)", "VAE (d=2)"):
#        eps = torch.randn(1000, 2, generator=torch.Generator().manual_seed(SEED))
#        with torch.no_grad():
#            images = {scale: models[label].decode(scale * eps) for scale in (1, 3)}
#        holes = {scale: hole_fraction(scale * eps, codes[label]) for scale in (1, 3)}
#        histograms = {scale: meter(images[scale])["histogram"] for scale in (1, 3)}
#        drawn = {scale: digits_drawn(histograms[scale]) for scale in (1, 3)}
#        clear = {scale: digit_like_share(images[scale]) for scale in (1, 3)}
#        tripling[label] = holes, drawn, clear, float(((images[3] - images[1]) ** 2).mean())
#        commonest = sorted(range(10), key=lambda digit: -histograms[3][digit])[:3]
#        print(f"{label:18s} z -> 3z: in a hole {holes[1]:.0%} -> {holes[3]:.0%}, digits drawn {drawn[1]:.1f} -> "
#              f"{drawn[3]:.1f}, digit-like {clear[1]:.0%} -> {clear[3]:.0%}, mean squared change per pixel "
#              f"{tripling[label][3]:.4f}; at 3z its commonest digits are "
#              + ", ".join(f"{digit} ({histograms[3][digit]:.0%})" for digit in commonest))
#    (ae_holes, ae_drawn, ae_clear, ae_change), (vae_holes, vae_drawn, vae_clear, vae_change) = tripling.values()
#    claim("tripled, the autoencoder's N(0, I) codes draw more digits, and more of them fall in holes",
#          ae_drawn[3] > ae_drawn[1] and ae_holes[3] > ae_holes[1])
#    claim("its digit-like share moves by under 10 points", abs(ae_clear[3] - ae_clear[1]) < 0.1)
#    claim("tripled, over a third of the VAE's codes fall in holes, and they draw fewer digits",
#          vae_holes[3] > 1 / 3 and vae_drawn[3] < vae_drawn[1])
#    claim("yet over 10 points more of the VAE's images are digit-like", vae_clear[3] > vae_clear[1] + 0.1)
#    claim("the VAE's images change more than the autoencoder's", vae_change > ae_change)
#    ```
# 3. 约为 4：长度的平方是 16 个标准正态变量的平方和，均值为 16，所以长度约为 $\sqrt{16} = 4$，上下浮动约 0.7。GAN 在训练中见过的编码，长度大多在 3 到 5 之间，所以长度为 4 的编码解码出来像第一张图中的数字。长度为 1 的编码位于这层球壳以内很深的地方，生成器几乎从未在那里训练过，它在那里画出的东西是外推：墨迹是真实数字好几倍的浓重团块。分类器仍然把其中大多数判为同一个数字，而且对其中大多数有至少 90 % 的把握，所以按表格的度量它们算“像数字”：分类器的置信度并不能检验真实感（notebook 05）。用每种长度各 1,000 个编码运行：
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
#    print(f"mean pixel value: test digits {real_ink:.3f}, length 4 {ink[4]:.3f}, length 1 {ink[1]:.3f} "
#          f"({ink[1] / real_ink:.1f} times a real digit's); digit-like: length 4 {digit_like_share(drawn[4]):.0%}, "
#          f"length 1 {digit_like_share(drawn[1]):.0%}")
#    claim("length-4 codes draw about as much ink as real digits (within 20 %)", abs(ink[4] / real_ink - 1) < 0.2)
#    claim("length-1 codes draw more than three times as much", ink[1] > 3 * real_ink)
#    claim("the classifier names most length-1 images as the same digit",
#          torch.bincount(named).max().item() > len(named) / 2)
#    claim("and most length-1 images count as digit-like (the classifier at least 90 % sure)",
#          digit_like_share(drawn[1]) > 0.5)
#    ```
# 4. 自编码器或 VAE（两者都能重建，所以都能给出重建误差，03）；自编码器或 VAE（都有编码器）；VAE 或 GAN（都是在这个先验上训练的；从 N(0, I) 采样时，自编码器画出的数字种类很少，见上面的表格）；GAN（最清晰）；VAE 或 GAN（VAE 的 KL 项把先验填满了，而 GAN 只在从先验抽取的编码上训练，06）。一种能通过检查的答案：
#    ```python
#    my_answers = {
#        "flag images that are rebuilt badly": "autoencoder",
#        "get the code of a new image in one pass": "VAE",
#        "decode random N(0, I) codes into all ten digits": "GAN",
#        "the sharpest samples": "GAN",
#        "a latent space whose prior has no holes": "VAE",
#    }
#    passed = check_which_model(my_answers)
#    ```
# <!-- numbers: 0.7 = sqrt(16 - 2 * exp(2 * (lgamma(8.5) - lgamma(8)))), the standard deviation of the length -->
# </details>
