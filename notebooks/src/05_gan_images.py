# %% [markdown]
# # 05 · GANs on images: a DCGAN on MNIST, measured
#
# In notebook 04 a generator learned 2-D point clouds, and we could *see* every sample. Digits are
# 784-dimensional, so we cannot. This notebook trains a convolutional GAN (a DCGAN) on MNIST and then
# asks: how do we know whether its samples are any good, without squinting at them?
#
# **You will**
# - build a DCGAN generator and discriminator for 28×28 digits and train them with the
#   non-saturating loss, watching samples from a fixed noise batch, the losses, and $D(x)$ and $D(G(z))$;
# - measure sample quality with a small MNIST classifier: a classifier score, the class histogram
#   (which digits does the GAN forget?) and a Fréchet distance, each next to real digits' own values;
# - use labels honestly: a class-conditional GAN that draws the digit you ask for, checked by the judge
#   and explored with a digit picker;
# - test a claim from the course's source text, "GANs are useful for data augmentation", on a
#   classifier trained with only 100 labels, and report what happens.
#
# **Run time:** about 66 s top to bottom on an idle 2-core CPU (65.8 s with `python benchmarks/notebooks.py` on the machine that built the committed outputs; most of it is the live training run of section 2 and the 15 small classifiers of section 6).
# <!-- numbers: 66, 65.8 = python benchmarks/notebooks.py, on the idle 2-core machine that built the committed outputs -->

# %% [markdown] {"lang": "zh", "en": "b3b6830f5d"}
# # 05 · 图像上的 GAN：在 MNIST 上训练深度卷积 GAN（DCGAN），并加以度量
#
# 在 notebook 04 中，生成器（generator）学习的是二维点云，每个样本我们都能*亲眼看到*。数字图像是 784 维的，没法这样看。本 notebook 在 MNIST 上训练一个卷积 GAN（即深度卷积 GAN），然后追问：不靠眯着眼睛盯着样本看，我们怎么知道这些样本好不好？
#
# **你将会**
# - 为 28×28 的数字图像搭建深度卷积 GAN 的生成器和判别器（discriminator），用非饱和损失（non-saturating loss）训练它们，同时观察一批固定噪声生成的样本、两个损失，以及 $D(x)$ 和 $D(G(z))$；
# - 用一个小型 MNIST 分类器度量样本质量：分类器得分（classifier score）、类别直方图（GAN 会遗忘哪些数字？）和 Fréchet 距离（Fréchet distance），每一项都与真实数字自身的数值并列对照；
# - 诚实地使用标签：训练一个条件生成对抗网络（class-conditional GAN），让它画出你指定的数字，由裁判（即上面那个分类器）检验，并用数字选择器加以探索；
# - 检验原始文章中的一个说法——“GAN 可用于数据增强（data augmentation）”：在一个只有 100 个标签的分类器上测试，并报告结果。
#
# **运行时间：** 在空闲的 2 核 CPU 上从头到尾约 66 秒（在生成已提交输出的那台机器上用 `python benchmarks/notebooks.py` 测得为 65.8 秒；大部分时间花在第 2 节的现场训练和第 6 节的 15 个小分类器上）。
# <!-- numbers: 66, 65.8 = python benchmarks/notebooks.py, on the idle 2-core machine that built the committed outputs -->

# %%
import time
from dataclasses import asdict

import matplotlib.pyplot as plt
import numpy as np
import torch

import course_utils
from course_utils import pretrained
from course_utils.claims import claim
from course_utils.data import load_mnist
from course_utils.configs import (GAN_ARCH, GAN_CONDITIONAL_ARCH, GAN_CONDITIONAL_FIT, GAN_NOTEBOOK_FIT,
                                  GAN_SHIPPED_ARCH, GAN_SHIPPED_FIT, GAN_SHIPPED_LABELLED_FIT, GAN_UNLABELLED_ARCH,
                                  GAN_UNLABELLED_FIT)
from course_utils.gan import discriminator_loss, gan_step, generator_loss, train_dcgan
from course_utils.latent import sample
from course_utils.metrics import (QualityMeter, accuracy, class_histogram, classifier_score, frechet_distance,
                                  log_loss, predict)
from course_utils.plotting import image_grid
from course_utils.training import train_classifier
from course_utils.widgets import digit_picker

SEED = course_utils.lesson_seed()  # 0 here and in the committed outputs; COURSE_SEED=1 reruns with another
device = course_utils.setup(seed=SEED)
train_images, train_labels = load_mnist("train")
test_images, test_labels = load_mnist("test")

# %% [markdown]
# ## 1. The two networks
#
# A DCGAN (Radford et al., 2016) replaces the fully connected layers of the first GANs with
# convolutions. The **generator** maps noise $z \sim \mathcal N(0, I)$ to an image: a linear layer
# makes a $7\times7$ stack of feature maps, and two *transposed* convolutions double the size twice,
# $7 \to 14 \to 28$, with batch norm and ReLU in between and a sigmoid at the end, so pixels land in
# $[0, 1]$ like the data. The **discriminator** mirrors it with two stride-2 convolutions,
# $28 \to 14 \to 7$, and returns one *logit* per image; $D(x) = \sigma(\text{logit})$.

# %% [markdown] {"lang": "zh", "en": "4ada785845"}
# ## 1. 两个网络
#
# 深度卷积 GAN（Radford 等，2016）把最早的 GAN 中的全连接层换成了卷积层。**生成器**把噪声 $z \sim \mathcal N(0, I)$ 映射成一幅图像：一个线性层生成一叠 $7\times7$ 的特征图，再由两个*转置*卷积把尺寸两次加倍，$7 \to 14 \to 28$，中间夹着批归一化和 ReLU，最后接一个 sigmoid，使像素值像数据一样落在 $[0, 1]$ 之内。**判别器**与之镜像对称，用两个步幅为 2 的卷积，$28 \to 14 \to 7$，为每幅图像输出一个 *logit*；$D(x) = \sigma(\text{logit})$。

# %%
print(GAN_ARCH.generator, GAN_ARCH.discriminator, sep="\n")  # this notebook's sizes; section 4's are larger
torch.manual_seed(SEED)
generator, discriminator = GAN_ARCH.build()  # DCGANGenerator(16, 64) and DCGANDiscriminator(32)
print(generator)
for name, model in (("generator", generator), ("discriminator", discriminator)):
    print(f"{name}: {sum(p.numel() for p in model.parameters()):,} parameters")

# %% [markdown]
# Like every image model of the course, the generator has `latent_dim` and `decode(z)`, which checks
# its input: noise of the wrong size is an error that names the size it expects.

# %% [markdown] {"lang": "zh", "en": "d723dde4cc"}
# 与本课程的所有图像模型一样，生成器有 `latent_dim` 和 `decode(z)`，后者会检查输入：噪声尺寸不对会报错，错误信息会写明它期望的尺寸。

# %%
try:
    generator.decode(torch.randn(2, 100))
except ValueError as error:
    print(f"ValueError: {error}")

# %% [markdown]
# ## 2. Training with the non-saturating loss
#
# The game is the one from notebook 04,
# $\min_G \max_D V(D,G) = \mathbb E_x[\log D(x)] + \mathbb E_z[\log(1 - D(G(z)))]$. Each step
#
# 1. moves $D$ **up** $V$: it minimises $-\log D(x) - \log(1 - D(G(z)))$ (`discriminator_loss`);
# 2. moves $G$ with the **non-saturating** loss $-\log D(G(z))$ (`generator_loss`), which keeps a
#    strong gradient exactly when $D$ rejects the fakes, as it does early on (notebook 04).
#
# Here is the whole step. `course_utils.gan.gan_step` is the same code (it also trains notebook 04's
# 2-D GANs); the loop around it (`train_dcgan`) only shuffles batches, draws noise, stops on a NaN loss
# and keeps snapshots. The cell after it checks that the two agree.

# %% [markdown] {"lang": "zh", "en": "55854198b2"}
# ## 2. 用非饱和损失训练
#
# 这里的博弈就是 notebook 04 中的那个，$\min_G \max_D V(D,G) = \mathbb E_x[\log D(x)] + \mathbb E_z[\log(1 - D(G(z)))]$。每一步：
#
# 1. 让 $D$ 沿 $V$ **上升**：它最小化 $-\log D(x) - \log(1 - D(G(z)))$（`discriminator_loss`）；
# 2. 更新 $G$ 时用**非饱和**损失 $-\log D(G(z))$（`generator_loss`）；恰恰在 $D$ 拒绝假样本时（训练初期正是如此，见 notebook 04），这个损失仍能保持很强的梯度。
#
# 下面就是完整的一步。`course_utils.gan.gan_step` 是同样的代码（它也用来训练 notebook 04 中的二维 GAN）；外面的循环（`train_dcgan`）只负责打乱批次、抽取噪声、在损失出现 NaN 时停止，以及保存快照。它后面的那个单元会检查两者结果一致。

# %%
def train_step(generator, discriminator, opt_g, opt_d, real, z, *, loss="non-saturating"):
    fake = generator(z)
    real_logits = discriminator(real)
    fake_logits = discriminator(fake.detach())  # detach: D's step must not move G
    loss_d = discriminator_loss(real_logits, fake_logits)
    opt_d.zero_grad()
    loss_d.backward()
    opt_d.step()
    loss_g = generator_loss(discriminator(fake), loss)  # ask the updated D
    opt_g.zero_grad()
    loss_g.backward()
    opt_g.step()
    return {"loss_d": loss_d.item(), "loss_g": loss_g.item(),
            "d_real": torch.sigmoid(real_logits).mean().item(), "d_fake": torch.sigmoid(fake_logits).mean().item()}

# %%
def fresh_pair():
    torch.manual_seed(SEED + 1)
    g, d = GAN_ARCH.build()
    return g, d, *(torch.optim.Adam(m.parameters(), lr=1e-3, betas=(0.5, 0.999)) for m in (g, d))


with torch.random.fork_rng():  # leaves the notebook's random numbers as they were
    mine, package = fresh_pair(), fresh_pair()
    z = torch.randn(64, GAN_ARCH.generator.latent_dim)
    for _ in range(3):
        ours, theirs = train_step(*mine, train_images[:64], z), gan_step(*package, train_images[:64], z)
same = all(torch.equal(a, b) for net in (0, 1)
           for a, b in zip(mine[net].state_dict().values(), package[net].state_dict().values()))
print(f"course_utils.gan.gan_step gives the same generator and discriminator: {same}; same losses: {ours == theirs}")

# %% [markdown]
# A **fixed noise batch** lets us watch the *same* 10 points of latent space turn into digits.
# This live run is short on purpose: a few passes over the 4,000 training digits. The cell prints the time it
# took; on an idle 2-core CPU that is about 20 s (README, the `benchmarks/gan_mnist.py` table), more on a busy one. With a GPU (in Colab: Runtime > Change runtime type) `device=device`
# trains there and hands both networks back on the CPU. The noise is drawn on the CPU, so the GPU sees the
# same noise, but its arithmetic rounds differently and a GAN amplifies that: expect other digits in the
# snapshots and other numbers below, and the same story. The shipped generators, loaded in section 4, are a larger
# network of the same design, trained 52 times longer, once without and once with the digits' labels.
# Adam runs at a learning rate of $10^{-3}$, higher than DCGAN's usual $2\cdot10^{-4}$ (a choice for this short
# budget; the course did not compare the two here), with $\beta_1 = 0.5$ as in the DCGAN paper.
# <!-- numbers: 20 s = README, benchmarks/gan_mnist.py table: "notebook 05 live run (5 epochs, ~20 s)" -->

# %% [markdown] {"lang": "zh", "en": "19091eae3a"}
# **一批固定的噪声**让我们能看着潜在空间（latent space）中*同样的* 10 个点逐渐变成数字。这次现场训练（live run）有意做得很短：在 4,000 个训练数字上过几轮。单元会打印它所用的时间；在空闲的 2 核 CPU 上约 20 s（README 中 `benchmarks/gan_mnist.py` 的表格），机器繁忙时会更久。如果有 GPU（在 Colab 中：Runtime > Change runtime type，即“代码执行程序 > 更改运行时类型”），`device=device` 会在 GPU 上训练，并把两个网络交还到 CPU 上。噪声是在 CPU 上抽取的，所以 GPU 拿到的是同样的噪声，但它的运算舍入方式不同，而 GAN 会放大这种差异：快照里会出现别的数字，下面的数值也会不同，但整体情形是一样的。第 4 节加载的、随课程提供的生成器，是同一设计的更大网络，训练时间长 52 倍，一个不用数字的标签，一个用了标签。Adam 的学习率是 $10^{-3}$，高于深度卷积 GAN 的常用值 $2\cdot10^{-4}$（这是为这么短的训练预算做的选择；课程没有在这里比较两者），$\beta_1 = 0.5$，与深度卷积 GAN 的论文相同。
# <!-- numbers: 20 s = README, benchmarks/gan_mnist.py table: "notebook 05 live run (5 epochs, ~20 s)" -->

# %%
# NBVAL_IGNORE_OUTPUT
print(GAN_NOTEBOOK_FIT)
fixed_z = torch.randn(10, generator.latent_dim, generator=torch.Generator().manual_seed(SEED + 1))
start = time.perf_counter()
history = train_dcgan(generator, discriminator, train_images, **asdict(GAN_NOTEBOOK_FIT), seed=SEED,
                      fixed_z=fixed_z, snapshots=6, step=train_step, device=device)
print(f"{len(history['loss_d'])} steps in {time.perf_counter() - start:.0f} s")

# %%
snapshots = torch.cat([images for _, images in history["snapshots"]])
fig = image_grid(snapshots, ncols=10, title="The same 10 noise vectors during the live run",
                 row_labels=[f"step {s}" for s, _ in history["snapshots"]])

# %% {"tolerance": "0.01", "tolerance_why": "the 310-step live run: G's mean loss over the last 50 steps was 1.61 and 1.60 on this machine's two CPU paths; D(x), D(G(z)) and D's loss agreed"}
def smooth(values, width=25):
    """Moving average; returns (steps, values), each average placed at the last step it covers."""
    return np.arange(width, len(values) + 1), np.convolve(values, np.ones(width) / width, mode="valid")


fig, (ax_loss, ax_d) = plt.subplots(1, 2, figsize=(10, 3.2))
ax_loss.plot(*smooth(history["loss_d"]), label="discriminator loss $-V$")
ax_loss.plot(*smooth(history["loss_g"]), label=r"generator loss $-\log D(G(z))$")
ax_loss.axhline(2 * np.log(2), color="C0", ls=":", label=r"$2\log 2$: D's loss at $D = \frac{1}{2}$")
ax_loss.axhline(np.log(2), color="C1", ls=":", label=r"$\log 2$: G's loss at $D = \frac{1}{2}$")
ax_loss.set(title="Losses (moving average of 25 steps)", xlabel="step", ylabel="loss")
ax_d.plot(*smooth(history["d_real"]), label="$D(x)$, real digits")
ax_d.plot(*smooth(history["d_fake"]), label="$D(G(z))$, generated")
ax_d.axhline(0.5, color="gray", ls=":", label="0.5: equilibrium")
ax_d.set(title="What the discriminator says", xlabel="step", ylabel="mean probability 'real'", ylim=(0, 1))
for ax in (ax_loss, ax_d):
    ax.legend(fontsize=8)
fig.tight_layout()
last = slice(-50, None)
print(f"last 50 steps: D(x) = {np.mean(history['d_real'][last]):.2f}, "
      f"D(G(z)) = {np.mean(history['d_fake'][last]):.2f}; D's loss {np.mean(history['loss_d'][last]):.2f} "
      f"(2 log 2 = {2 * np.log(2):.2f} at D = 1/2), G's loss {np.mean(history['loss_g'][last]):.2f} "
      f"(log 2 = {np.log(2):.2f} at D = 1/2)")

# %% [markdown]
# **What we saw.** At step 1 every sample is the same grey **checkerboard**. That pattern comes from the
# transposed convolutions: with stride 2, neighbouring output pixels are computed from different taps of
# the $4 \times 4$ kernel. The parity of a pixel's row and of its column pick the taps, so there are four
# classes of pixels (even row and even column, even and odd, odd and even, odd and odd), each computed from
# its own $2 \times 2$ subset of the kernel. Random weights so paint a grid with a period of 2 pixels, and
# training has to learn to make the four subsets agree (Odena et al.,
# 2016, "Deconvolution and checkerboard artifacts"; resizing then convolving avoids it). By the second
# snapshot the samples are speckled white strokes on black, and by the end several are recognisable
# digits while others are still broken.
#
# In the curves (moving averages, so they start 25 steps in), $D$ has won the first round: it calls real
# digits real and samples fake with high confidence. Then $G$ catches up: $D(x)$ falls and $D(G(z))$ rises,
# and they settle at a gap (printed above) instead of meeting at 0.5: $D$ still tells real from fake most
# of the time. The dotted lines on the left mark where each loss would sit at that meeting point, $D = \tfrac12$
# on every image: $2\log 2 \approx 1.39$ for $D$'s loss, which has two terms, but $\log 2 \approx 0.69$ for
# $G$'s, which has one. $D$'s loss stays below its line and $G$'s far above its own (the last 50 steps are
# printed above): the same gap as in the right panel, not an equilibrium. Neither loss goes to zero, and neither curve tells you how good the digits are. For that
# we need a measurement.
#
# ## 3. Measuring samples with a classifier
#
# A small CNN trained on the 4,000 training digits (`mnist_classifier`, shipped with the course;
# rebuild it with `python -m course_utils.pretrained rebuild mnist_classifier`) gives three numbers:
#
# - the **classifier score** $\exp\big(\mathbb E_x \mathrm{KL}(p(y\mid x)\,\|\,p(y))\big)$ (the
#   "Inception score" of Salimans et al., 2016, with an MNIST classifier). It is high when each sample
#   is classified confidently *and* the classes are balanced: at most 10, and 1 when every sample
#   gets the same prediction;
# - the **class histogram**: which digits the generator makes, and which it forgets (mode coverage);
# - the **Fréchet distance** between Gaussians fitted to the classifier's 64 penultimate features of
#   the samples and of the real test digits,
#   $\|\mu_1-\mu_2\|^2 + \mathrm{Tr}\big(\Sigma_1+\Sigma_2-2(\Sigma_1\Sigma_2)^{1/2}\big)$
#   (the FID of Heusel et al., 2017, with our classifier in place of Inception): 0 for identical
#   statistics, lower is better.
#
# Each needs a reference, so first the real digits.

# %% [markdown] {"lang": "zh", "en": "2a07285378"}
# **观察结果。** 第 1 步时，所有样本都是同一块灰色的**棋盘格**。这种图案来自转置卷积：步幅为 2 时，相邻的输出像素由 $4 \times 4$ 卷积核中不同位置的权重计算得到。像素所在行和列的奇偶决定用哪些权重，所以像素分成四类（偶数行偶数列、偶数行奇数列、奇数行偶数列、奇数行奇数列），每一类由卷积核中各自的一组 $2 \times 2$ 子集计算。因此随机权重会画出周期为 2 个像素的网格，训练必须学会让这四组子集彼此一致（Odena 等，2016，“Deconvolution and checkerboard artifacts”；先缩放再卷积可以避免这个问题）。到第二张快照时，样本已是黑底上斑驳的白色笔画；到最后，有几个已经是认得出的数字，另一些仍然残缺不全。
#
# 在曲线中（它们是滑动平均，所以从第 25 步才开始），$D$ 赢下了第一回合：它以很高的置信度把真实数字判为真、把样本判为假。随后 $G$ 追了上来：$D(x)$ 下降，$D(G(z))$ 上升，两者最终停在一个差距上（见上面打印的数值），而不是在 0.5 处相遇：$D$ 在大多数时候仍能分辨真假。左图中的虚线标出了在那个相遇点，即对每幅图像都有 $D = \tfrac12$ 时，每个损失应处的位置：$2\log 2 \approx 1.39$ 是 $D$ 的损失（它有两项），而 $\log 2 \approx 0.69$ 是 $G$ 的损失（它只有一项）。$D$ 的损失停在它的虚线之下，$G$ 的损失则远在它自己的虚线之上（最后 50 步的数值见上面的输出）：这与右图显示的差距是同一回事，而不是均衡。两个损失都没有降到零，而且哪条曲线都不能告诉你数字画得有多好。要回答这个问题，我们需要度量。
#
# ## 3. 用分类器度量样本
#
# 一个在 4,000 个训练数字上训练的小型 CNN（`mnist_classifier`，随课程提供；可用 `python -m course_utils.pretrained rebuild mnist_classifier` 重新构建）给出三个数：
#
# - **分类器得分** $\exp\big(\mathbb E_x \mathrm{KL}(p(y\mid x)\,\|\,p(y))\big)$（即 Salimans 等人 2016 年提出的 “Inception score”，只是换成了 MNIST 分类器）。当每个样本都被有把握地分类、*并且*各类别均衡时，它就高：最大为 10；当所有样本得到同一个预测时为 1；
# - **类别直方图**：生成器画出了哪些数字，又遗忘了哪些，即它对各个模式（mode）的覆盖情况；
# - **Fréchet 距离**：分别对样本和真实测试数字在分类器倒数第二层的 64 个特征上拟合高斯分布，两者之间的距离为 $\|\mu_1-\mu_2\|^2 + \mathrm{Tr}\big(\Sigma_1+\Sigma_2-2(\Sigma_1\Sigma_2)^{1/2}\big)$（即 Heusel 等人 2017 年提出的 FID，只是用我们的分类器代替了 Inception）：统计量完全相同时为 0，越低越好。
#
# 每一项都需要一个参照，所以先看真实数字。

# %%
classifier = pretrained.load("mnist_classifier")
meter = QualityMeter(classifier, test_images)  # Fréchet distances are to the 1,000 test digits
judge_accuracy = accuracy(classifier, test_images, test_labels)
judge_log_loss = log_loss(classifier, test_images, test_labels)
print(f"classifier accuracy on the 1,000 test digits: {judge_accuracy:.1%}, log loss {judge_log_loss:.3f} nats")
results = {"real test digits": meter(test_images), "real training digits": meter(train_images)}
for name, r in results.items():
    print(f"{name:22s} score {r['score']:.2f}   rarest class {r['class_min_fraction']:.1%}   "
          f"Fréchet to test {r['frechet']:.2f}")

# %% [markdown]
# Real digits do not reach 10: the classifier is unsure about a few of them. Their Fréchet distances are no
# reference yet. The test digits' 0 compares a set with itself. The training digits' 4.02 compares digits the
# judge was trained on, whose features it has fitted, and it depends on the sizes of the two sets: a Fréchet
# distance estimated from finite sets is biased upwards, the more the smaller the sets. A generator of *new*
# digits should be compared with two disjoint sets of digits the judge never saw, at the sizes used. The
# generators below are measured with 10,000 samples against all 1,000 test digits, and we have no further
# unseen digits, so the largest disjoint sets are two halves of the test digits, 500 against 500. The cell
# measures them over 10 random splits, and sets of 125 and 250 from the same halves to show the bias.

# %% [markdown] {"lang": "zh", "en": "c4406e80d3"}
# 真实数字达不到 10：分类器对其中少数几个拿不准。它们的 Fréchet 距离还不能当作参照。测试数字的 0 是一个集合与它自己比较。训练数字的 4.02 比较的是裁判训练时用过的数字，裁判已经拟合过它们的特征；而且这个数取决于两个集合的大小：由有限集合估计的 Fréchet 距离是向上偏的，集合越小偏得越多。一个生成*新*数字的生成器，应当与两个互不重叠、裁判从未见过的数字集合相比较，而且集合大小要与实际使用的一致。下面的生成器是用 10,000 个样本对全部 1,000 个测试数字来度量的，而我们再没有别的未见过的数字，所以最大的两个互不重叠的集合，就是测试数字的两半：500 对 500。下面的单元在 10 次随机划分上度量它们，并从同样的两半中各取 125 个和 250 个，以显示这种偏差。

# %%
# Ten random splits of the test digits into halves, the same on every machine; sets of n from each half
test_features = meter.reference_features
splits = [torch.randperm(len(test_images), generator=torch.Generator().manual_seed(s)) for s in range(10)]
unseen = {n: [frechet_distance(test_features[p[:n]], test_features[p[500:500 + n]]) for p in splits]
          for n in (125, 250, 500)}
for n, values in unseen.items():
    print(f"two disjoint sets of {n} test digits: Fréchet {np.mean(values):.1f} "
          f"(from {min(values):.1f} to {max(values):.1f} over the 10 splits)")
# The bias of an estimate from n1 and n2 samples falls roughly like 1/n1 + 1/n2: a line through the three means
slope, intercept = np.polyfit([2 / n for n in unseen], [np.mean(v) for v in unseen.values()], 1)
for n1 in (10_000, 5_000, 4_000):
    print(f"the line extrapolated to {n1:,} against 1,000 unseen digits: "
          f"about {intercept + slope * (1 / n1 + 1e-3):.1f}")
results["real test digits"]["frechet_500"] = float(np.mean(unseen[500]))
claim("the distance between disjoint sets of unseen digits shrinks as the sets grow",
      np.mean(unseen[125]) > np.mean(unseen[250]) > np.mean(unseen[500]))
claim("the training digits lie closer to the test digits than unseen digits would at those sizes (4,000 vs 1,000)",
      results["real training digits"]["frechet"] < intercept + slope * (1 / 4000 + 1e-3))

# %% [markdown]
# Two halves of the same test digits lie 25.8 apart on average, and the distance falls as the sets grow: most of
# it is the bias of small sets, not a difference in handwriting. So a generator's distance means something
# only beside unseen digits measured at the same sizes. Section 4 therefore also measures every generator at
# 500 samples against 500 test digits, the sizes of this reference (printed as "500 vs 500"), over the same
# splits. At the sizes used for the generators, 10,000 against 1,000, the bias is smaller than at 500
# against 500, so the half-split reference *overstates* what unseen digits would give there; the line
# through the three sizes puts it at about 8.6, an extrapolation rather than a measurement. The training
# digits' 4.02 lies below what unseen digits would give at their sizes (4,000 against 1,000, printed above):
# the judge has fitted them, so they are no reference for new digits. (A generator that copied the training
# digits would score about that, which is one more reason why no single measure is enough.)

# %% [markdown] {"lang": "zh", "en": "748c0dd945"}
# 同一批测试数字的两半平均相距 25.8，而且集合越大距离越小：其中大部分是小集合的偏差，而不是笔迹的差别。所以，只有把生成器的距离放在同样大小、未见过的数字旁边，它才有意义。因此，第 4 节还会在同样的划分上，用 500 个样本对 500 个测试数字（即这个参照的大小，打印为 “500 vs 500”）度量每个生成器。在生成器实际使用的大小（10,000 对 1,000）下，偏差比 500 对 500 时小，所以对半划分得到的参照*高估*了未见过的数字在那里的距离；穿过三种大小的直线把它定在约 8.6，这是外推，而不是测量。训练数字的 4.02 低于未见过的数字在同样大小（4,000 对 1,000，见上面的输出）下应有的距离：裁判拟合过它们，所以它们不能作为新数字的参照。（一个照抄训练数字的生成器也会得到差不多的值，这也是单靠任何一个指标都不够的又一个原因。）

# %% [markdown]
# ## 4. What longer training buys, and a warning about optimising your own metric
#
# Now 10,000 samples from each of three generators. The **live run** is the network we just trained.
# `gan_mnist_unlabelled` was trained by `python -m course_utils.pretrained rebuild gan_mnist_unlabelled`
# (about 48 CPU minutes) with the same code and loss, 52 times more steps, and three changes that each
# help a small GAN on few digits:
#
# - **more capacity where it counts**: the generator makes 32 feature maps at 28×28 and draws the digit
#   from them with a 3×3 convolution (`final_maps=32`), and the discriminator has twice the channels;
# - **shifted inputs for $D$** (`shift=2`): on 4,000 digits $D$ soon memorises the training set and stops
#   teaching $G$. So $D$ sees every image, real *and* generated, moved by up to 2 pixels, with gradients
#   flowing through the shift to $G$ (differentiable augmentation, Zhao et al., 2020);
# - **a moving average of $G$'s weights** (`ema=0.999`): they keep circling the equilibrium, and their
#   average sits closer to it (Yazıcı et al., 2019).
#
# Even so, a generator like this improves slowly: longer runs of it were still rising, but slowly, to a score
# of 8.34 after 22,000 steps (the runs are in `docs/training-log.md`). Part of the reason is geometric. A generator is a *continuous* map from noise
# to images, so on its way from the "3"s to the "8"s in latent space it must pass through shapes that are
# neither, and some samples land there.
#
# The third generator, `gan_mnist`, is a **warning** as much as a technique. It was trained like the
# second for three quarters of the steps, then for the last quarter with the labels of all 4,000 training
# digits, in a way that optimises a copy of the score we measure with:
#
# - $D$ gets a second output layer, 10 class logits $p_D(y\mid x)$, trained with cross-entropy on the real
#   digits' labels (an *auxiliary classifier*, Odena et al., 2017). $G$ is still given noise alone, and adds
#   to its loss the classifier score's own formula, measured by $D$'s class head on its batch of samples:
#
# $$\mathcal{L}_G = -\mathbb{E}_z \log D(G(z)) + \lambda \Big[\underbrace{\mathbb{E}_z H\big(p_D(y\mid G(z))\big)}_{\text{each sample one digit}} - \underbrace{H\big(\mathbb{E}_z\, p_D(y\mid G(z))\big)}_{\text{all digits equally}}\Big], \qquad \lambda = 5$$
#
# (`gan.class_entropy_loss`; the bracket is $-\log$ of the batch's classifier score). $G$ is asked for
# digits that can be named, in equal numbers. When a model is trained on (a copy of) the number it is
# judged by, that number rises whether or not the samples get better: **Goodhart's law**. Two things keep
# the measurement more honest, and you should ask for both whenever a score looks good: the judge is a
# *different* network that $G$ never sees while it trains, and a second measure that was not optimised, the
# Fréchet distance, sits beside the score. Neither is complete here, and you should know where. The settings
# of all three shipped generators (their epochs, learning rates, and the weight $\lambda$) were chosen among
# trials scored by this judge, by its classifier score and its Fréchet distance to these same test digits
# (`docs/training-log.md`; $\lambda = 5$, for one, was shipped at a Fréchet distance of 21.6 against 19.6
# for $\lambda = 3$). $G$ never saw the judge, but its settings were selected with it, on the test digits,
# so the shipped generators' numbers below are somewhat optimistic. The clean way is to choose on a
# validation split (`data.split_validation`) and to report on the test digits once; that would mean
# retraining the shipped weights (over an hour), so the course says so instead. (The honest way to use
# labels is to give them to $G$ as an input, a *class-conditional* GAN, and to report it as such: section 5.)
# <!-- numbers: 8.34, 22,000 = docs/training-log.md, the longer runs of this network (8.09, 8.18, 8.26, 8.34 at 8,000-22,000 steps); 21.6, 19.6 = docs/training-log.md, gan_mnist's class_weight trials -->

# %% [markdown] {"lang": "zh", "en": "f54b41b4ba"}
# ## 4. 更长的训练能换来什么，以及关于优化自己的指标的警告
#
# 现在从三个生成器中各取 10,000 个样本。**现场训练**就是我们刚训练好的网络。`gan_mnist_unlabelled` 由 `python -m course_utils.pretrained rebuild gan_mnist_unlabelled` 训练而成（约 48 分钟 CPU 时间），代码和损失相同，步数多 52 倍，另有三处改动，每一处都对在少量数字上训练的小 GAN 有帮助：
#
# - **把容量用在关键处**：生成器在 28×28 分辨率上生成 32 张特征图，再用一个 3×3 卷积从中画出数字（`final_maps=32`），判别器的通道数则翻倍；
# - **给 $D$ 的输入做平移**（`shift=2`）：只有 4,000 个数字时，$D$ 很快就会记住训练集，不再能指导 $G$。因此 $D$ 看到的每幅图像，无论真实的*还是*生成的，都会被平移至多 2 个像素，梯度穿过平移操作传回 $G$（可微分数据增强，Zhao 等，2020）；
# - **对 $G$ 的权重取指数滑动平均（EMA）**（`ema=0.999`）：权重一直绕着均衡点打转，它们的平均值离均衡点更近（Yazıcı 等，2019）。
#
# 即便如此，这样的生成器进步得很慢：更长的训练仍在上升，但很缓慢，22,000 步后得分为 8.34（这些运行记录在 `docs/training-log.md` 中）。部分原因在于几何。生成器是从噪声到图像的*连续*映射，所以在潜在空间中从“3”走到“8”的路上，它必然经过一些两者都不是的形状，而有些样本就落在那里。
#
# 第三个生成器 `gan_mnist` 既是一种技术，也同样是一个**警告**。它在前四分之三的步数里与第二个生成器一样训练，最后四分之一则用上了全部 4,000 个训练数字的标签，其方式相当于在优化我们用来度量的那个得分的一个副本：
#
# - $D$ 增加第二个输出层，即 10 个类别 logit $p_D(y\mid x)$，用真实数字的标签以交叉熵训练，这就是*辅助分类器*（auxiliary classifier；Odena 等，2017）。$G$ 的输入仍然只有噪声，但它在自己的损失中加上了分类器得分本身的公式，由 $D$ 的类别输出头在它这一批样本上计算：
#
# $$\mathcal{L}_G = -\mathbb{E}_z \log D(G(z)) + \lambda \Big[\underbrace{\mathbb{E}_z H\big(p_D(y\mid G(z))\big)}_{\text{each sample one digit}} - \underbrace{H\big(\mathbb{E}_z\, p_D(y\mid G(z))\big)}_{\text{all digits equally}}\Big], \qquad \lambda = 5$$
#
# （`gan.class_entropy_loss`；方括号里的项就是这一批样本的分类器得分取 $-\log$。）$G$ 被要求画出能被明确认出、且各类数量均等的数字。当一个模型以评判它的那个数（或其副本）为训练目标时，无论样本是否真的变好，这个数都会上升：这就是**古德哈特定律（Goodhart's law）**。有两样东西让度量更诚实一些，每当一个得分看起来很好时，你都应该要求两者兼备：裁判是一个 $G$ 在训练中从未见过的*另一个*网络；得分旁边还并列着一个未被优化的第二指标，即 Fréchet 距离。但在这里两者都不完备，你应该知道缺在哪里。随课程提供的三个生成器的设置（训练轮数、学习率和权重 $\lambda$）都是从一些试验中挑出来的，而这些试验正是由这个裁判打分的：看它的分类器得分，以及到这同一批测试数字的 Fréchet 距离（`docs/training-log.md`；例如 $\lambda = 5$ 被选中时的 Fréchet 距离是 21.6，而 $\lambda = 3$ 是 19.6）。$G$ 从未见过裁判，但它的设置是借助裁判、在测试数字上挑选的，所以下面随课程提供的生成器的数值多少偏乐观。干净的做法是在验证集（`data.split_validation`）上做选择，最后只在测试数字上报告一次；那需要重新训练随课程提供的权重（一个多小时），所以课程在这里如实说明。（使用标签的诚实做法，是把标签作为输入交给 $G$，即*条件生成对抗网络*，并如实报告：见第 5 节。）
# <!-- numbers: 8.34, 22,000 = docs/training-log.md, the longer runs of this network (8.09, 8.18, 8.26, 8.34 at 8,000-22,000 steps); 21.6, 19.6 = docs/training-log.md, gan_mnist's class_weight trials -->

# %%
for name, arch, *fits in (("live run", GAN_ARCH, GAN_NOTEBOOK_FIT),
                          ("gan_mnist_unlabelled", GAN_UNLABELLED_ARCH, GAN_UNLABELLED_FIT),
                          ("gan_mnist, then with labels", GAN_SHIPPED_ARCH, GAN_SHIPPED_FIT, GAN_SHIPPED_LABELLED_FIT)):
    print(f"{name}:", arch.generator, arch.discriminator, *fits, sep="\n  ")
label_free = pretrained.load("gan_mnist_unlabelled")
shipped = pretrained.load("gan_mnist")
samples = {"live run (this notebook)": sample(generator, 10_000, seed=SEED),
           "gan_mnist_unlabelled": sample(label_free, 10_000, seed=SEED),
           "shipped gan_mnist": sample(shipped, 10_000, seed=SEED)}


def entropies(probs):
    """The judge's mean entropy per image, E_x H(p(y|x)), and the entropy of its mean prediction, H(p(y)), in
    nats, from class probabilities (N, 10): the classifier score is exp(H(p(y)) - E_x H(p(y|x)))."""
    probs = probs.double()
    marginal = probs.mean(0)
    return (float(-(probs * probs.clamp_min(1e-12).log()).sum(1).mean()),
            float(-(marginal * marginal.clamp_min(1e-12).log()).sum()))


def measure(images, asked=None):
    """What meter(images, asked=asked) returns, from one pass of the judge, plus "frechet_500" (images 500k to
    500(k+1) against the first half of section 3's split k, the sizes of the real-digit reference, averaged;
    "frechet_500_splits" holds the values per split) and "entropies" (the score's two terms)."""
    probs, features = predict(classifier, images)
    histogram = class_histogram(probs)
    per_split = [frechet_distance(features[500 * k:500 * (k + 1)], test_features[p[:500]])
                 for k, p in zip(range(len(features) // 500), splits)]
    out = {"score": classifier_score(probs), "class_min_fraction": float(histogram.min()),
           "frechet": frechet_distance(features, test_features), "histogram": [float(h) for h in histogram],
           "frechet_500": float(np.mean(per_split)), "frechet_500_splits": [float(v) for v in per_split],
           "entropies": entropies(probs)}
    if asked is not None:  # a conditional generator: the share named as the digit asked for
        right = (probs.argmax(1) == asked).double()
        out["asked"] = float(right.mean())
        out["asked_per_class"] = [float(right[asked == c].mean()) for c in range(10)]
    return out


results["real training digits"] = measure(train_images)
for name, images in samples.items():
    results[name] = measure(images)


def report(name):
    r = results[name]
    print(f"{name:26s} score {r['score']:.2f}   rarest class {r['class_min_fraction']:.1%}   "
          f"Fréchet to test {r['frechet']:.2f}   500 vs 500 {r['frechet_500']:.1f}")


for name in results:
    if name != "live run (this notebook)":  # loaded weights and real digits: the same on every machine
        report(name)
halves_apart = results["real test digits"]["frechet_500"]
claim("at 500 vs 500, both shipped unconditional generators lie further from the test digits than one half of them "
      "from the other, by more than a third",
      all(results[name]["frechet_500"] > 1.33 * halves_apart for name in ("gan_mnist_unlabelled", "shipped gan_mnist")))

# %% {"tolerance": "8% or 0.4", "tolerance_why": "the 310-step live run: score 5.54-5.63, rarest class 1.1-1.8 %, Fréchet 224.5-236.0 on four CPU paths (two machines)"}
report("live run (this notebook)")

# %%
fig = image_grid(samples["shipped gan_mnist"][:40], ncols=10, title="Shipped gan_mnist: 40 random samples")

# %%
fig, ax = plt.subplots(figsize=(10, 3))
width = 0.2
for k, name in enumerate(["real test digits", "live run (this notebook)", "gan_mnist_unlabelled", "shipped gan_mnist"]):
    ax.bar(np.arange(10) + (k - 1.5) * width, results[name]["histogram"], width, label=name)
ax.axhline(0.05, color="gray", ls=":", label="5 %: half the share of a balanced generator")
ax.set(title="Class histogram: which digits does each source produce?", xlabel="digit (classifier's label)",
       ylabel="fraction of samples", xticks=range(10))
ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1))  # beside the bars, so it hides none
fig.tight_layout()

# %% [markdown]
# **What we saw.** The numbers agree with the eye. The live run (310 steps) scores about 5.5 (4.95 to 5.78
# over seeds 0-4: `python benchmarks/gan_mnist.py --seeds 5`) and almost forgets one digit (1.4 to 1.8 % of
# its samples over those seeds, and 1.1 % for seed 0 on one of the other CPU code paths we measured, where a
# balanced generator gives 10 %); its Fréchet distance is about 210-270. The shipped generators' numbers
# below are those of this run (SEED 0); with `COURSE_SEED=1` other samples are drawn and they move a little.
# Trained 52 times longer without labels, `gan_mnist_unlabelled` scores 8.25 here,
# makes every digit (the rarest, "5", has 8.0 % of the samples) and its Fréchet distance falls more than
# tenfold (from 210-270 to 19.35). Asked for nameable digits in its last 65 epochs, `gan_mnist` scores 9.06,
# and every digit has at least 8.6 % of the samples. By the score alone it is the best generator here, but
# its loss optimised a copy of that score. The measure it did not optimise moved the other way: its Fréchet
# distance rose (19.35 → 20.90, 8 %), as if $G$ had been pulled toward the digits $D$ names most surely.
# That is one run of each generator, so read it as a warning sign, not a measured law, and the training log
# (`docs/training-log.md`) is mixed. Continued from the same 194-epoch state, every label weight it tried
# raised both the score and the Fréchet distance, above the log's 19.2 for the unlabelled generator
# ($\lambda = 3$: 9.00 at 19.6; $\lambda = 5$: 9.08 at 21.6, shipped). Other schedules raised the score and
# *lowered* the distance below it: labels in all 260 epochs gave 8.76 (Fréchet 18.5), and labels added to a
# 12,000-step unlabelled run with $\lambda = 3$ gave 9.03 (Fréchet 18.4). So the trade is what the shipped
# run shows, not what every label loss does. Read the 9.06 with the 20.9
# beside it: the score says how nameable and balanced the digits are, the Fréchet distance how much they
# look like the test digits.
# Both generators are still short of real digits: the real test digits score 9.56, and at equal sizes (the
# "500 vs 500" column) the two halves of the test digits lie 25.8 apart, while in this run
# `gan_mnist_unlabelled` lies at 38.0 and `gan_mnist` at 41.0 from them.
#
# Why not a judge that is surer of itself? The same classifier trained 4 times longer is just as
# accurate and gives `gan_mnist` 9.52, but it gives *everything* more: real digits 9.86. It is
# overconfident: its log loss on the test digits is 0.105 nats against 0.067 for ours. The score is
# made of $p(y\mid x)$, so the judge with honest probabilities sets the bar
# (`benchmarks/gan_mnist.py --classifier-steps 12000` measures both). Note that this choice of judge was
# itself made on the test digits: both judges trained on all 4,000 training digits, so no unseen digits were
# left for a validation split. It is one more selection on the test set, stated so that you can weigh it.
#
# ## 5. Labels used honestly: a class-conditional GAN
#
# If we have labels, the honest way to use them is to make them part of the model, and to say so. A
# **class-conditional GAN** (Mirza and Osindero, 2014) gives the digit $y$ to both players:
#
# $$\min_G \max_D \; \mathbb{E}_{y \sim p(y)}\Big[\mathbb{E}_{x \sim p_\text{data}(x \mid y)}\big[\log D(x, y)\big] + \mathbb{E}_{z}\big[\log\big(1 - D(G(z, y), y)\big)\big]\Big],$$
#
# with the *same* class frequencies $p(y)$ in both terms (below, each generated batch is asked for the
# digits of the real batch). For each digit $y$ this is then the game of section 2 played on the digits of
# class $y$ alone, and notebook 04's derivation holds class by class, for a $D$ free to choose any value
# for every pair $(x, y)$: the best discriminator is
# $D^*(x, y) = p_\text{data}(x \mid y) / \big(p_\text{data}(x \mid y) + p_g(x \mid y)\big)$, and against it
# $V = -\log 4 + 2\,\mathbb{E}_{y}\,\mathrm{JS}\big(p_\text{data}(\cdot \mid y)\,\|\,p_g(\cdot \mid y)\big)$,
# which is smallest exactly when $p_g(x \mid y) = p_\text{data}(x \mid y)$ for every digit. That is the
# minimax game. Our $G$, like every GAN in this notebook, trains with the non-saturating loss
# $-\log D(G(z, y), y)$ instead, and against $D^*$ that loss follows the gradient of another divergence,
# class by class
# $\mathrm{KL}\big(p_g(\cdot \mid y)\,\|\,p_\text{data}(\cdot \mid y)\big) - 2\,\mathrm{JS}\big(p_\text{data}(\cdot \mid y)\,\|\,p_g(\cdot \mid y)\big)$
# (Arjovsky and Bottou, 2017; notebook 04, section 5 derives it). It has the same fixed point,
# $p_g(x \mid y) = p_\text{data}(x \mid y)$, but the way there is led by a *reverse* KL, which punishes samples
# where there are no data far more than data where there are no samples: it is mode-seeking. (Were the
# generated labels drawn with other frequencies $q(y)$, $D^*$ would weigh each class by $p(y)$ against $q(y)$.)
# The label enters each network once:
#
# - **$G(z, y)$**: the one-hot vector of $y$ is appended to $z$, so the first layer gets $16 + 10$ numbers;
# - **$D(x, y)$**, by *projection* (Miyato and Koyama, 2018): the logit is
#   $\ell(x, y) = w^\top \phi(x) + b + e_y^\top \phi(x)$, with $\phi(x)$ $D$'s features and $e_y$ a learnt
#   vector per digit. $D$ asks "a real image?" and "a real image *of this digit*?" in one number.
#
# In each step the generated batch is asked for the same digits as the real batch, so real and generated
# images come with the same class frequencies, as the derivation assumed. The step is section 2's, with the
# labels passed along:
# <!-- numbers: 4.95, 5.78, 1.4, 1.8 % = python benchmarks/gan_mnist.py --seeds 5 (README table: 1.7 % (1.4–1.8)); 1.1 % = seed 0 on the other CPU code paths of two machines (the live run's tolerance_why above); 19.2, 9.00, 19.6, 9.08, 21.6, 8.76, 18.5, 9.03, 18.4, 194, 260, 12,000 = docs/training-log.md, gan_mnist section; 9.52, 9.86, 0.105 = python benchmarks/gan_mnist.py --classifier-steps 12000 -->

# %% [markdown] {"lang": "zh", "en": "a42e5799aa"}
# **观察结果。** 数字与肉眼的观察一致。现场训练（310 步）得分约 5.5（在种子 0-4 上为 4.95 到 5.78：`python benchmarks/gan_mnist.py --seeds 5`），几乎遗忘了某一个数字（在这些种子上只占其样本的 1.4 到 1.8 %，种子 0 在我们测过的另一条 CPU 代码路径上为 1.1 %；而均衡的生成器会给出 10 %）；它的 Fréchet 距离约为 210-270。下面随课程提供的生成器的数值是这次运行（SEED 0）的；用 `COURSE_SEED=1` 会抽取别的样本，这些数会略有变化。不用标签、训练时间长 52 倍的 `gan_mnist_unlabelled` 在这里得分 8.25，每个数字都能画出（最少的“5”占样本的 8.0 %），Fréchet 距离降到原来的十分之一以下（从 210-270 降到 19.35）。在最后 65 轮中被要求画出能叫得出名字的数字的 `gan_mnist` 得分 9.06，每个数字都至少占样本的 8.6 %。单看得分，它是这里最好的生成器，但它的损失优化的正是这个得分的一个副本。它没有优化的那个指标则朝相反方向变化：Fréchet 距离上升了（19.35 → 20.90，8 %），就好像 $G$ 被拉向了 $D$ 最有把握叫出名字的那些数字。这只是每个生成器各跑一次的结果，所以请把它当作一个警示信号，而不是测得的规律，而训练日志（`docs/training-log.md`）里的结果有好有坏。从同一个第 194 轮的状态继续训练时，试过的每个标签权重都同时提高了得分和 Fréchet 距离，高于日志中不用标签的生成器的 19.2（$\lambda = 3$：9.00，距离 19.6；$\lambda = 5$：9.08，距离 21.6，即随课程提供的那个）。别的训练安排则提高了得分，同时把距离*降到*它之下：全部 260 轮都用标签得到 8.76（Fréchet 18.5），在一次 12,000 步的无标签训练之后加上标签、$\lambda = 3$，得到 9.03（Fréchet 18.4）。所以这种取舍是随课程提供的这次运行所显示的，而不是每一种标签损失都会带来的。读 9.06 时要把 20.9 放在旁边一起看：得分说明数字有多容易叫出名字、有多均衡，Fréchet 距离说明它们有多像测试数字。两个生成器都仍不及真实数字：真实测试数字的得分是 9.56；在同样大小下（“500 vs 500”一栏），测试数字的两半彼此相距 25.8，而在这次运行中，`gan_mnist_unlabelled` 到它们的距离是 38.0，`gan_mnist` 是 41.0。
#
# 为什么不用一个更有自信的裁判？同一个分类器训练 4 倍长的时间，准确率一样高，给 `gan_mnist` 打出 9.52 分，但它给*所有*东西都打更高的分：真实数字得 9.86。它过于自信：它在测试数字上的对数损失是 0.105 nats，而我们的是 0.067 nats。得分是由 $p(y\mid x)$ 构成的，所以应当由概率诚实的裁判来定标准（`benchmarks/gan_mnist.py --classifier-steps 12000` 会同时度量两者）。请注意，选哪个裁判这件事本身也是在测试数字上决定的：两个裁判都用全部 4,000 个训练数字训练，没有剩下未见过的数字可作验证集。这又是一次在测试集上的选择，在此写明，供你自己掂量。
#
# ## 5. 诚实地使用标签：条件生成对抗网络
#
# 如果我们有标签，诚实的用法是把它们变成模型的一部分，并且明确说出来。**条件生成对抗网络**（Mirza 和 Osindero，2014）把数字 $y$ 同时交给两个玩家：
#
# $$\min_G \max_D \; \mathbb{E}_{y \sim p(y)}\Big[\mathbb{E}_{x \sim p_\text{data}(x \mid y)}\big[\log D(x, y)\big] + \mathbb{E}_{z}\big[\log\big(1 - D(G(z, y), y)\big)\big]\Big],$$
#
# 其中两项的类别频率 $p(y)$ *相同*（下面每个生成批次所要求的数字都与真实批次的数字一样）。于是对每个数字 $y$ 而言，这就是只在类别 $y$ 的数字上进行的第 2 节的博弈；只要 $D$ 能为每一对 $(x, y)$ 自由选取任意值，notebook 04 的推导就逐类成立：最优判别器（optimal discriminator）为 $D^*(x, y) = p_\text{data}(x \mid y) / \big(p_\text{data}(x \mid y) + p_g(x \mid y)\big)$，面对它时 $V = -\log 4 + 2\,\mathbb{E}_{y}\,\mathrm{JS}\big(p_\text{data}(\cdot \mid y)\,\|\,p_g(\cdot \mid y)\big)$，它恰好在对每个数字都满足 $p_g(x \mid y) = p_\text{data}(x \mid y)$ 时最小。这是极小极大博弈。而我们的 $G$ 和本 notebook 中所有的 GAN 一样，用的是非饱和损失 $-\log D(G(z, y), y)$；面对 $D^*$，这个损失沿着另一个散度的梯度前进，逐类为 $\mathrm{KL}\big(p_g(\cdot \mid y)\,\|\,p_\text{data}(\cdot \mid y)\big) - 2\,\mathrm{JS}\big(p_\text{data}(\cdot \mid y)\,\|\,p_g(\cdot \mid y)\big)$（Arjovsky 和 Bottou，2017；notebook 04 第 5 节推导了它）。它的不动点相同，即 $p_g(x \mid y) = p_\text{data}(x \mid y)$，但通往那里的路由一个*反向* KL 主导：它惩罚“没有数据的地方出现了样本”远重于“有数据的地方没有样本”，也就是说它是寻找众数的（mode-seeking）。（如果生成的标签以别的频率 $q(y)$ 抽取，$D^*$ 就会按 $p(y)$ 相对于 $q(y)$ 的比例给每个类别加权。）标签在每个网络中只进入一次：
#
# - **$G(z, y)$**：把 $y$ 的 one-hot 向量拼接到 $z$ 后面，于是第一层得到 $16 + 10$ 个数；
# - **$D(x, y)$**，通过*投影*（Miyato 和 Koyama，2018）：logit 为 $\ell(x, y) = w^\top \phi(x) + b + e_y^\top \phi(x)$，其中 $\phi(x)$ 是 $D$ 的特征，$e_y$ 是每个数字各自学到的向量。$D$ 用一个数同时回答“这是真实图像吗？”和“这是*这个数字的*真实图像吗？”。
#
# 每一步中，生成批次所要求的数字与真实批次相同，所以真实图像和生成图像的类别频率相同，正如推导所假设的那样。这一步就是第 2 节的那一步，只是把标签一并传入：
# <!-- numbers: 4.95, 5.78, 1.4, 1.8 % = python benchmarks/gan_mnist.py --seeds 5 (README table: 1.7 % (1.4–1.8)); 1.1 % = seed 0 on the other CPU code paths of two machines (the live run's tolerance_why above); 19.2, 9.00, 19.6, 9.08, 21.6, 8.76, 18.5, 9.03, 18.4, 194, 260, 12,000 = docs/training-log.md, gan_mnist section; 9.52, 9.86, 0.105 = python benchmarks/gan_mnist.py --classifier-steps 12000 -->

# %%
def conditional_step(generator, discriminator, opt_g, opt_d, real, z, labels, *, loss="non-saturating"):
    fake = generator(z, labels)  # G draws the digits of the real batch
    real_logits = discriminator(real, labels)  # "a real image of this digit?"
    fake_logits = discriminator(fake.detach(), labels)
    loss_d = discriminator_loss(real_logits, fake_logits)
    opt_d.zero_grad()
    loss_d.backward()
    opt_d.step()
    loss_g = generator_loss(discriminator(fake, labels), loss)
    opt_g.zero_grad()
    loss_g.backward()
    opt_g.step()
    return {"loss_d": loss_d.item(), "loss_g": loss_g.item(),
            "d_real": torch.sigmoid(real_logits).mean().item(), "d_fake": torch.sigmoid(fake_logits).mean().item()}


def fresh_conditional_pair():
    torch.manual_seed(SEED + 1)
    g, d = GAN_CONDITIONAL_ARCH.build()
    return g, d, *(torch.optim.Adam(m.parameters(), lr=1e-3, betas=(0.5, 0.999)) for m in (g, d))


with torch.random.fork_rng():
    mine, package = fresh_conditional_pair(), fresh_conditional_pair()
    z = torch.randn(64, GAN_CONDITIONAL_ARCH.generator.latent_dim)
    for _ in range(2):
        ours = conditional_step(*mine, train_images[:64], z, train_labels[:64])
        theirs = gan_step(*package, train_images[:64], z, labels=train_labels[:64])
same = all(torch.equal(a, b) for net in (0, 1)
           for a, b in zip(mine[net].state_dict().values(), package[net].state_dict().values()))
print(f"gan_step with labels, given conditional networks, is this step: {same}; same losses: {ours == theirs}")

# %% [markdown]
# The shipped `gan_mnist_conditional` is `gan_mnist_unlabelled`'s networks made conditional, trained with
# all 4,000 training labels from the first step, for 100 epochs instead of 260
# (`python -m course_utils.pretrained rebuild gan_mnist_conditional`, about 21 CPU minutes). What a
# conditional GAN promises we can now check: asked for a 7, does it draw a 7? The judge, which $G$ never
# saw, names each sample, and the share it names as the digit asked for is a measure that an
# unconditional GAN cannot even have. We ask for 500 of each digit.

# %% [markdown] {"lang": "zh", "en": "28dc73070b"}
# 随课程提供的 `gan_mnist_conditional` 就是把 `gan_mnist_unlabelled` 的网络改成条件版本，从第一步起就用全部 4,000 个训练标签训练，训练 100 轮而不是 260 轮（`python -m course_utils.pretrained rebuild gan_mnist_conditional`，约 21 分钟 CPU 时间）。条件 GAN 所承诺的东西，现在我们可以检验了：要它画 7，它画的是 7 吗？由 $G$ 从未见过的裁判对每个样本做分类，被判为所要求数字的样本比例，就是一个无条件 GAN 根本不可能有的指标。我们为每个数字各要 500 个样本。

# %%
print(GAN_CONDITIONAL_ARCH.generator, GAN_CONDITIONAL_ARCH.discriminator, GAN_CONDITIONAL_FIT, sep="\n  ")
conditional = pretrained.load("gan_mnist_conditional")
asked = torch.arange(5_000) % 10  # 500 of each digit
samples["gan_mnist_conditional"] = sample(conditional, 5_000, seed=SEED, labels=asked)
results["gan_mnist_conditional"] = measure(samples["gan_mnist_conditional"], asked=asked)
report("gan_mnist_conditional")
print(f"named as the digit asked for: {results['gan_mnist_conditional']['asked']:.1%}; per digit asked, 0-9: "
      + " ".join(f"{share:.1%}" for share in results["gan_mnist_conditional"]["asked_per_class"]))
asked_per_class = results["gan_mnist_conditional"]["asked_per_class"]
claim("every digit asked for is named as asked at least 94 % of the time, the 5s least often",
      min(asked_per_class) >= 0.94 and int(np.argmin(asked_per_class)) == 5)
(real_h, real_class_h) = entropies(predict(classifier, test_images)[0])
(cond_h, cond_class_h) = results["gan_mnist_conditional"]["entropies"]
for name, mean_h, class_h in (("real test digits", real_h, real_class_h),
                              ("gan_mnist_conditional", cond_h, cond_class_h)):
    print(f"{name:22s} score {np.exp(class_h - mean_h):.2f} = exp(H(p(y)) {class_h:.4f} - E H(p(y|x)) {mean_h:.4f}); "
          f"log 10 = {np.log(10):.4f}")
claim("the conditional GAN scores above the real test digits through confidence alone: a lower E H(p(y|x)), "
      "with H(p(y)) within 0.001 nats of the real digits'", cond_h < real_h and abs(cond_class_h - real_class_h) < 1e-3)

# Split by split (paired): on split k, the other half of the test digits and each generator's 500 samples are
# both measured against the same first half, so the split's own luck cancels in the difference
halves = np.array(unseen[500])
print(f"\n{'Fréchet to the first half of split k, 500 vs 500':55s}"
      + " ".join(f"{k:>5d}" for k in range(10)) + "   above the other half   mean gap")
print(f"{'the other half of the test digits':55s}" + " ".join(f"{v:5.1f}" for v in halves))
above, gap = {}, {}
for name in ("gan_mnist_unlabelled", "shipped gan_mnist", "gan_mnist_conditional"):
    per_split = np.array(results[name]["frechet_500_splits"])
    above[name], gap[name] = int((per_split > halves).sum()), float(np.mean(per_split - halves))
    print(f"{name:55s}" + " ".join(f"{v:5.1f}" for v in per_split)
          + f"   on {above[name]:2d} of 10 splits    {gap[name]:+5.1f}")
unconditional = ("gan_mnist_unlabelled", "shipped gan_mnist")
claim("split by split, both unconditional generators lie further from the first half than its other half does "
      "on at least 9 of the 10 splits", all(above[name] >= 9 for name in unconditional))
claim("the conditional generator lies further than the other half on most splits, but on fewer than either "
      "unconditional one", 6 <= above["gan_mnist_conditional"] < min(above[name] for name in unconditional))
claim("the conditional generator's mean paired gap is less than half of either unconditional generator's",
      all(gap["gan_mnist_conditional"] < 0.5 * gap[name] for name in unconditional))

# %%
rows = 6
z_rows = torch.randn(rows, conditional.latent_dim, generator=torch.Generator().manual_seed(SEED + 3))
with torch.no_grad():  # row r, column d: G(z_r, d)
    grid = conditional.decode(z_rows.repeat_interleave(10, dim=0), torch.arange(10).repeat(rows))
fig = image_grid(grid, ncols=10, title="gan_mnist_conditional: each row one noise vector z, each column one digit",
                 row_labels=[f"z{r + 1}" for r in range(rows)])

# %% [markdown]
# Pick a digit and a noise seed. The widget draws 16 samples, each from its own noise vector; the seed fixes
# those vectors, so switching the digit with the seed held shows what $z$ carries on its own.

# %% [markdown] {"lang": "zh", "en": "d017ba9110"}
# 选一个数字和一个噪声种子。这个小部件会画出 16 个样本，每个来自各自的噪声向量；种子固定了这些向量，所以保持种子不变、只切换数字，就能看出 $z$ 本身携带了什么。

# %%
digit_picker(conditional, digit=7)

# %% [markdown]
# **What we saw.** Asked for a digit, the conditional generator draws it. The numbers in this paragraph are
# those of this run (SEED 0); with `COURSE_SEED=1` other samples are drawn and they move a little. The judge
# names 98.9 % of the samples as the digit asked for, and every digit at least 94 % of the time (the 5s are
# the hardest; both claimed above). Its score, 9.75, is *above* the real test digits' 9.56. That does not make its digits better than real ones,
# and balance does not explain it: the real test digits are exactly balanced too (100 of each), and the judge
# finds both sets balanced, with $H(p(y))$ at 2.3021 and 2.3022 nats of a possible 2.3026. The whole gap is
# confidence: the judge's mean entropy per image, $\mathbb{E}_x H(p(y\mid x))$, is 0.0249 nats for the
# conditional samples against 0.0450 for the real digits. A conditional $G$ draws typical, clearly nameable
# digits more consistently than people write them, and the real test digits include a few that the judge
# finds ambiguous. The Fréchet distance, which compares the spread of the features too, keeps the reading
# honest: 15.3, closer to the test digits than the unconditional generators (19.4 and 20.9; with 10,000
# samples, as for those, the benchmark gives 14.7), and at equal sizes, 500 against 500, 28.4 against the
# 25.8 that one half of the test digits lies from the other. Those are means over splits that differ a lot
# (one half lies from 18.5 to 45.7 from the other, section 3), so the table above compares split by split:
# on each split the other half and each generator's 500 samples are measured against the same first half.
# Both unconditional generators lie further than the other half on at least 9 of the 10 splits, by a wide
# mean gap. The conditional generator lies further on most splits too, but on fewer, and its mean gap is
# less than half of theirs (claimed above, and so on seed 1 as well). So at this size the measure still
# tells all three generators from unseen digits on most splits, and the conditional one is the closest:
# nearer to unseen digits than the others, not yet indistinguishable from them. Two limits of the "named as asked" share: it is above
# the judge's own accuracy on real test digits (98.2 %), so the measure is close to its ceiling; and the
# judge learned from the same 4,000 digits as $G$, so it cannot tell a copied training digit from a new one.
# The grid shows what is left for the noise once the label names the digit: each row keeps one $z$, and with
# it one style (thickness, slant, size) across all ten digits.
#
# Compare the two uses of the same 4,000 labels. `gan_mnist` hid them inside its loss and reported an
# unconditional score, and optimised a copy of that score on the way. `gan_mnist_conditional` takes the
# digit as an input, needs it to sample, and is reported as what it is: a model of $p(x \mid y)$, not of
# $p(x)$. Its score is not comparable with an unconditional generator's: we chose its classes, so the
# balance half of the score is given to it, where an unconditional generator has to earn it. The share of
# samples named as asked is the measure that fits it.
#
# ## 6. Do GAN samples help a classifier trained on few labels?
#
# The course's source text lists data augmentation among GAN uses. Let us test it where it should
# matter most: a classifier that gets only **100 labelled digits** (10 per class). A fair test needs
# four things:
#
# - **the labelled digits are treated alike in every arm**: every step trains on 32 of the 100 labelled
#   digits, the same 32 with the same shifts and from the same initial weights in every arm. The augmented
#   arms add 32 images and a second loss term,
#   $\mathcal{L} = \mathrm{CE}(\text{labelled}) + \lambda\,\mathrm{CE}(\text{added})$,
#   each a mean over its own images, with $\lambda = 1$ set before the arms were
#   run (`train_classifier(..., extra_weight=1.0)`). The labelled term so weighs what it weighs in the
#   baseline, and an arm differs from the baseline by the added term alone. (One mean over the 64 images
#   would halve the labelled digits' weight: a second difference, beside the added images.)
# - **enough steps** for the added images to matter: 250 steps, so each labelled digit is seen about 80
#   times and each kept added image about 8 times (a fixed budget: the notebook must run in minutes);
# - **labels that are mostly right**: an added image gets the label the baseline classifier gives it,
#   and only if it is at least 90 % sure (a *pseudo-label*); the rest are left out;
# - **several draws**: 5 random choices of the 100 labelled digits.
#
# The arms share the classifier, its settings (2-pixel shifts included), the steps and the seeds:
#
# 1. **100 labels**: the labelled digits alone;
# 2. **+ GAN samples**: 2,000 samples of `gan_mnist_unlabelled`, pseudo-labelled as above. Not `gan_mnist`
#    or `gan_mnist_conditional`, and not labelled by the shipped classifier: all three used all 4,000
#    labels, which would be cheating;
# 3. **+ real unlabelled digits**: the control for arm 2. The GAN learned from the other training digits
#    (without labels), so pseudo-label 2,000 of *those* the same way and add them instead.
#
# Accuracy is on the 1,000 test digits. How right the pseudo-labels are we can measure for the real
# digits (we know their labels); for the GAN samples we ask the shipped classifier, which did not train
# anything here.
# <!-- numbers: 14.7 = python benchmarks/gan_mnist.py (README table, 10,000 samples) -->
# <!-- numbers: 90 % = the threshold of pseudo_labels in the code below, 0.9 -->

# %% [markdown] {"lang": "zh", "en": "5cd7afe631"}
# **观察结果。** 要它画某个数字，条件生成器就会画出来。这一段里的数值是这次运行（SEED 0）的；用 `COURSE_SEED=1` 会抽取别的样本，这些数会略有变化。裁判把 98.9 % 的样本判为所要求的数字，每个数字的这一比例都不低于 94 %（数字 5 最难；两者都在上面做了声明）。它的得分 9.75，*高于*真实测试数字的 9.56。这并不意味着它的数字比真实数字更好，而且均衡也解释不了这个差距：真实测试数字同样是完全均衡的（每个数字 100 个），裁判也认为两组都是均衡的，$H(p(y))$ 分别为 2.3021 和 2.3022 nats，而最大可能值是 2.3026。整个差距都来自把握程度：裁判对每幅图像的平均熵 $\mathbb{E}_x H(p(y\mid x))$，在条件样本上是 0.0249 nats，在真实数字上是 0.0450。条件 $G$ 画出典型、一眼就能叫出名字的数字，比人写字更稳定一致；而真实测试数字中有少数几个让裁判拿不准。Fréchet 距离还会比较特征的分散程度，它让解读保持诚实：15.3，比无条件生成器（19.4 和 20.9；若像它们那样用 10,000 个样本，基准测试给出 14.7）更接近测试数字；在同样大小下，即 500 对 500，为 28.4，而测试数字的一半到另一半的距离是 25.8。这些都是在彼此差别很大的划分上取的平均（一半到另一半的距离在 18.5 到 45.7 之间，见第 3 节），所以上面的表格逐次划分地比较：在每次划分上，另一半测试数字和每个生成器的 500 个样本都与同一个前一半相比较。两个无条件生成器在 10 次划分中至少有 9 次比另一半更远，平均差距很大。条件生成器在多数划分上也更远，但次数更少，平均差距也不到它们的一半（上面做了声明，所以在种子 1 上也成立）。所以在这个大小下，这个指标在多数划分上仍能把三个生成器都与未见过的数字区分开，而条件生成器离得最近：它比其他生成器更接近未见过的数字，但还没有到无法区分的程度。“被判为所要求数字”的比例有两个局限：它高于裁判自己在真实测试数字上的准确率（98.2 %），所以这个指标已经接近它的上限；而且裁判与 $G$ 学自同样的 4,000 个数字，所以它分不清照抄的训练数字和新数字。网格显示了标签确定数字之后还剩下什么留给噪声：每一行保持同一个 $z$，也就在全部十个数字上保持了同一种风格（粗细、倾斜、大小）。
#
# 比较一下同样 4,000 个标签的两种用法。`gan_mnist` 把标签藏在损失里，报告的却是无条件得分，而且一路上还优化了这个得分的一个副本。`gan_mnist_conditional` 把数字作为输入，采样时也需要它，并且如实报告为它本来的样子：一个 $p(x \mid y)$ 的模型，而不是 $p(x)$ 的模型。它的得分不能与无条件生成器的得分相比：类别是我们选定的，所以得分中“均衡”的那一半是白送给它的，而无条件生成器必须自己挣得。被判为所要求数字的样本比例，才是适合它的指标。
#
# ## 6. GAN 样本能帮助只有少量标签的分类器吗？
#
# 原始文章把数据增强列为 GAN 的用途之一。我们就在它最该起作用的地方检验：一个只拿到 **100 个有标签数字**（每类 10 个）的分类器。公平的检验需要四个条件：
#
# - **各组对有标签数字一视同仁**：每一步都在 100 个有标签数字中的 32 个上训练，每一组用的都是同样的 32 个、同样的平移，从同样的初始权重出发。增强组另外加入 32 张图像和损失中的第二项，$\mathcal{L} = \mathrm{CE}(\text{labelled}) + \lambda\,\mathrm{CE}(\text{added})$，两项各自在自己的图像上取平均，其中 $\lambda = 1$ 是在运行各组之前定下的（`train_classifier(..., extra_weight=1.0)`）。这样有标签那一项的权重与基线中相同，每一组与基线的区别只在添加的那一项。（如果对 64 张图像取同一个平均，有标签数字的权重就会减半：这是添加图像之外的第二个差别。）
# - **足够的步数**，让添加的图像能起作用：250 步，这样每个有标签数字大约被看到 80 次，每张保留下来的添加图像大约 8 次（预算是固定的：notebook 必须在几分钟内跑完）；
# - **标签大多正确**：添加的图像取基线分类器给它的标签，而且只有在基线至少有 90 % 把握时才取（即*伪标签*）；其余的舍弃不用；
# - **多次抽取**：对 100 个有标签数字做 5 次随机选取。
#
# 各组共用同一个分类器、同样的设置（包括 2 像素平移）、同样的步数和随机种子：
#
# 1. **100 labels**（仅 100 个标签）：只用有标签数字；
# 2. **+ GAN samples**（加 GAN 样本）：2,000 个 `gan_mnist_unlabelled` 的样本，按上述方法打伪标签。不用 `gan_mnist` 或 `gan_mnist_conditional`，也不用随课程提供的分类器来打标签：这三者都用过全部 4,000 个标签，那样就是作弊；
# 3. **+ real unlabelled digits**（加真实无标签数字）：第 2 组的对照组。GAN 是从其余的训练数字（不带标签）学来的，所以从*这些*数字中取 2,000 个，用同样的方法打伪标签，改为添加它们。
#
# 准确率在 1,000 个测试数字上计算。伪标签有多准确，对真实数字我们可以直接测量（我们知道它们的标签）；对 GAN 样本，我们请随课程提供的分类器来判断，它在这里没有参与训练任何模型。
# <!-- numbers: 14.7 = python benchmarks/gan_mnist.py (README table, 10,000 samples) -->
# <!-- numbers: 90 % = the threshold of pseudo_labels in the code below, 0.9 -->

# %% {"tolerance": "1.5", "tolerance_why": "15 small classifiers on 100 labels, explicitly weighted terms: on this machine's two CPU paths one draw's change moved by 1.1 accuracy points (GAN arm, draw 3: -0.1 vs -1.2), the arm's mean by 0.2, every other number printed here agreed; the earlier pooled design moved by up to 1.4 points on an AMD EPYC AVX-512 machine"}
def few_labels(seed, per_class=10):
    g = torch.Generator().manual_seed(seed)
    picks = [torch.nonzero(train_labels == d).squeeze(1) for d in range(10)]
    return torch.cat([p[torch.randperm(len(p), generator=g)[:per_class]] for p in picks])


def pseudo_labels(model, images, threshold=0.9):
    """The images ``model`` is at least ``threshold`` sure about, with its labels."""
    probs, _ = predict(model, images)
    sure = probs.max(1).values >= threshold
    return images[sure], probs.argmax(1)[sure]


SMALL = dict(steps=250, channels=8, feature_dim=32, max_shift=2)  # the same recipe for every arm
LAMBDA = 1.0  # the added images' loss weight, set before the arms were run: the labelled term keeps its weight
gan_pool = sample(label_free, 2000, seed=SEED + 1)
arms = {"100 labels": [], "+ GAN samples": [], "+ real unlabelled digits": []}
kept, right = {name: [] for name in arms}, {name: [] for name in arms}
for seed in range(5 * SEED, 5 * SEED + 5):  # draws 0-4; with COURSE_SEED=1, draws 5-9
    chosen = few_labels(seed)
    x, y = train_images[chosen], train_labels[chosen]
    others = np.setdiff1d(np.arange(len(train_images)), chosen.numpy())[:2000]
    base = train_classifier(x, y, batch_size=32, seed=seed, **SMALL)
    arms["100 labels"].append(accuracy(base, test_images, test_labels))
    for name, pool, truth in (("+ GAN samples", gan_pool, None),
                              ("+ real unlabelled digits", train_images[others], train_labels[others])):
        extra = pseudo_labels(base, pool)
        # the same 32 labelled digits, shifts and initial weights as `base`, plus lambda * CE(32 added images)
        model = train_classifier(x, y, batch_size=32, extra=extra, extra_per_batch=32, extra_weight=LAMBDA,
                                 seed=seed, **SMALL)
        arms[name].append(accuracy(model, test_images, test_labels))
        kept[name].append(len(extra[0]) / len(pool))
        if truth is None:  # the shipped classifier as an outside judge of the GAN samples' labels
            right[name].append(float((predict(classifier, extra[0])[0].argmax(1) == extra[1]).double().mean()))
        else:
            sure = predict(base, pool)[0].max(1).values >= 0.9
            right[name].append(float((truth[sure] == extra[1]).double().mean()))
for name, accs in arms.items():
    line = f"{name:26s} test accuracy {np.mean(accs):.1%} (from {min(accs):.1%} to {max(accs):.1%})"
    if kept[name]:
        line += f"; kept {np.mean(kept[name]):.0%} of the pool, labels right {np.mean(right[name]):.0%}"
    print(line)
gain = {name: np.array(arms[name]) - np.array(arms["100 labels"]) for name in arms if name != "100 labels"}
for name, g in gain.items():
    print(f"{name:26s} change against 100 labels, per draw: {', '.join(f'{v:+.1%}' for v in g)}; "
          f"mean {g.mean():+.1%}, standard error {g.std(ddof=1) / np.sqrt(len(g)):.1%}")
claim("neither source of extra images raises the mean accuracy by a point or more",
      all(g.mean() < 0.01 for g in gain.values()))
claim("each source of extra images lowers the accuracy on some draw", all((g < 0).any() for g in gain.values()))
claim("the draws of 100 labels differ more than the arms' means do",
      np.ptp(arms["100 labels"]) > max(abs(np.mean(a) - np.mean(arms["100 labels"])) for a in arms.values()))

# %% [markdown]
# **What we saw.** With the labelled term weighted as in the baseline, neither source of extra images beats the
# 100 labels alone here. The numbers below are those of this run (SEED 0, draws 0-4; `COURSE_SEED=1` runs
# draws 5-9, with other numbers, and the claims above hold there too). Averaged over the five draws, GAN samples changed test accuracy by -0.8 points
# (standard error 1.0; -1.0 on the second CPU code path, where one draw moved by 1.1 points) and real unlabelled
# digits, pseudo-labelled the same way, by +0.0 (standard error 0.7).
# Draw by draw the changes ran from -3.2 to +2.8 points with GAN samples and from -1.2 to +2.3 with real
# digits, while the five draws of 100 labels alone differ from each other by 6.5 points. That is a null result
# for both arms, and a null result cannot show that the generator stands in for unlabelled data: when the real
# unlabelled digits do not help either, anything that adds nothing would "stand in" just as well. That
# question needs a setting in which real unlabelled digits do help (far more of them, pseudo-labels renewed
# as the classifier improves, or a semi-supervised loss), and then asks whether GAN samples help as much; this
# notebook's budget does not reach one. Why nothing helped here we did not test. The pseudo-labels were
# mostly right (88 % of the kept GAN samples by the shipped judge, 94 % of the kept real digits); one
# hypothesis is that the baseline keeps only the images it is already sure about, which may teach it little
# it does not know, while the wrong labels teach it errors. An arm with the true labels on the same kept
# images would test it. (Pooling the two terms into one mean over 64 images, as an earlier version of this notebook did,
# halves the labelled digits' weight and doubles the batch: with two differences at once, no arm's change
# could be read as the added images' effect.)
# <!-- numbers: 2.8 = the cell above (+2.8%); 6.5 = 81.4 - 74.9 (the best and worst draw of 100 labels, printed above); -1.0, 1.1 = the cell above on the second CPU path (ATEN_CPU_CAPABILITY=default ...), draws 0-4 -->
#
# ## Closing note: the numbers
#
# The cell below prints the table from the results above. "Fréchet to test": 10,000 samples of each
# unconditional generator, 5,000 of the conditional one, against all 1,000 test digits. "500 vs 500": 500
# samples against 500 test digits, the mean over section 3's 10 splits, and for the real test digits one half
# against the other, which is the fair reference. Real digits: the course's 1,000 test and 4,000 training
# digits, the same on every machine, online or offline; every shipped network here, the judge included, was
# trained on those 4,000. The real-digit rows are the same on every machine and for every seed. The generator
# rows come from loaded weights, but from samples drawn with `SEED`: for a given seed they are the same on
# every machine, and `COURSE_SEED=1` draws other samples, which move them a little. The live run is left out
# because it also moves with the CPU.

# %% [markdown] {"lang": "zh", "en": "0127155bcb"}
# **观察结果。** 在有标签那一项的权重与基线相同的情况下，两种额外图像来源在这里都没有胜过只用 100 个标签。下面的数值是这次运行（SEED 0，抽取 0-4）的；`COURSE_SEED=1` 运行的是抽取 5-9，数值不同，而上面的声明在那里同样成立。在五次抽取上平均，GAN 样本使测试准确率变化了 -0.8 个百分点（标准误 1.0；在第二条 CPU 代码路径上为 -1.0，那里有一次抽取的变化相差 1.1 个百分点），用同样方法打伪标签的真实无标签数字则变化了 +0.0（标准误 0.7）。逐次来看，GAN 样本带来的变化在 -3.2 到 +2.8 个百分点之间，真实数字在 -1.2 到 +2.3 之间；而只用 100 个标签的五次抽取彼此之间就相差 6.5 个百分点。这对两组来说都是零结果，而零结果不能说明生成器可以替代无标签数据：既然真实无标签数字也没有帮助，那么任何毫无增益的填充物都同样能“替代”它。要回答这个问题，需要一个真实无标签数字确实有帮助的设定（多得多的无标签数字、随分类器改进而更新的伪标签，或者半监督损失），再看 GAN 样本是否帮助同样多；本 notebook 的预算达不到这样的设定。这里为什么什么都没帮上，我们没有检验。伪标签大多正确（按随课程提供的裁判判断，保留下来的 GAN 样本中 88 % 正确，保留下来的真实数字中 94 % 正确）；一个假设是：基线只保留它本来就有把握的图像，这些图像能教给它的新东西可能很少，而错误的标签还会教给它错误。在同样保留下来的图像上改用真实标签的一组，就能检验这个假设。（如果像本 notebook 早先的版本那样，把两项合并成对 64 张图像取一个平均，有标签数字的权重就会减半，批次大小也会加倍：两个差别同时存在，任何一组的变化都无法解读为添加图像的效果。）
# <!-- numbers: 2.8 = the cell above (+2.8%); 6.5 = 81.4 - 74.9 (the best and worst draw of 100 labels, printed above); -1.0, 1.1 = the cell above on the second CPU path (ATEN_CPU_CAPABILITY=default ...), draws 0-4 -->
#
# ## 结语：数字汇总
#
# 下面的单元格根据上面的结果打印这张表。“Fréchet to test”：每个无条件生成器取 10,000 个样本，条件生成器取 5,000 个，对全部 1,000 个测试数字。“500 vs 500”：500 个样本对 500 个测试数字，取第 3 节 10 次划分的平均；对真实测试数字则是一半对另一半，这才是公平的参照。真实数字：课程的 1,000 个测试数字和 4,000 个训练数字，无论联网与否，在每台机器上都相同；这里每个随课程提供的网络，包括裁判在内，都是在这 4,000 个数字上训练的。真实数字的那几行在每台机器上、对每个种子都相同。生成器的那几行来自加载的权重，但样本是用 `SEED` 抽取的：对给定的种子，它们在每台机器上都相同，而 `COURSE_SEED=1` 会抽取别的样本，使它们略有变化。现场训练不在其中，因为它还会随 CPU 而变。

# %%
print(f"{'':24s} {'score':>6s} {'rarest digit':>13s} {'Fréchet to test':>16s} {'500 vs 500':>11s}")
for name in ("real test digits", "real training digits", "gan_mnist_unlabelled", "shipped gan_mnist",
             "gan_mnist_conditional"):
    r = results[name]
    print(f"{name:24s} {r['score']:6.2f} {r['class_min_fraction']:13.1%} {r['frechet']:16.2f} {r['frechet_500']:11.1f}")
print(f"unseen digits, 10,000 against 1,000 (section 3's line, an extrapolation): about "
      f"{intercept + slope * (1e-4 + 1e-3):.1f}")
print(f"the judge, mnist_classifier: {judge_accuracy:.1%} test accuracy, log loss {judge_log_loss:.3f} nats "
      "on the test digits")

# %% [markdown]
# The generators: `gan_mnist_unlabelled`, larger, trained 260 epochs without labels; `gan_mnist`, 194 epochs
# as above, then 65 in which $G$ optimised a copy of the score; `gan_mnist_conditional`, given the digit (500
# samples of each digit asked for; in this run 98.9 % named as asked). The live run of this notebook (5 epochs) is not in
# the table, because it moves with the seed and the CPU: over seeds 0-4 and two CPU code paths
# (`python benchmarks/gan_mnist.py --seeds 5`) its score ran from 4.95 to 5.78, its rarest digit from 1.4 to
# 1.8 % (and 1.1 % for seed 0 on one of the other CPU code paths we measured) and its Fréchet distance from
# 208.5 to 270.5.
# <!-- numbers: 4.95, 5.78, 1.4, 1.8 %, 208.5, 270.5 = python benchmarks/gan_mnist.py --seeds 5 (README table); 1.1 % = seed 0 on the other CPU code paths of two machines (the live run's tolerance_why in section 4) -->
#
# Of the unconditional generators, `gan_mnist` has the best score and every digit above 5 %, at a Fréchet distance a little above the
# label-free generator's: read its score as a lesson in Goodhart's law, not as a result. The conditional GAN
# uses the same labels openly, as an input, and draws the digit asked for in 98.9 % of its samples in this run.
# At the same sizes, split by split (section 5's table), both unconditional generators lie further from the
# test digits than unseen real digits do on at least 9 of the 10 splits; the conditional one on fewer splits
# and by a smaller mean gap. The settings of the shipped generators, and the choice of judge, were made on these same test digits
# (section 4 says where), so their rows are somewhat optimistic. With 100 labels and the added images
# weighted explicitly, test accuracy over five draws (in this run, draws 0-4) was 78.1 % alone, 77.3 % with pseudo-labelled GAN samples
# and 78.2 % with pseudo-labelled real digits: a null result for both, within the spread of the draws.
# `benchmarks/gan_mnist.py` re-measures the live run and all three shipped generators (with seed 0).
#
# ## Exercises
#
# 1. **(Conceptual)** The classifier score of a generator that outputs one perfect, confidently
#    classified "7" every time is 1. Why? And why can a generator that copies 10 training digits
#    score almost 10 and still be useless? Which of our three measures would catch it?
# 2. **(Predict, then run)** Train the live run again with `loss="minimax"` in `train_dcgan`. Predict
#    first: what happens to $D(G(z))$ in the first hundred steps, and to the samples? Then run it.
# 3. **(Coding)** Sample `gan_mnist_unlabelled` (`label_free`; not `gan_mnist`, whose loss optimised a copy
#    of the score) with noise scaled by 0.5 (`0.5 * torch.randn(...)`, the "truncation trick") and measure
#    it. How do the score, the rarest class and the Fréchet distance move, and why? Split the score into its
#    two entropies (`results[name]["entropies"]`, section 4) before you explain it.
# 4. **(Coding)** Add an arm to section 6: GAN samples labelled by the shipped classifier. Is it better,
#    and why is it not a fair comparison?

# %% [markdown] {"lang": "zh", "en": "47225c346b"}
# 生成器：`gan_mnist_unlabelled` 网络更大，不用标签训练了 260 轮；`gan_mnist` 先如上训练 194 轮，再训练 65 轮，其间 $G$ 优化得分的一个副本；`gan_mnist_conditional` 给定数字（每个数字要求 500 个样本；这次运行中 98.9 % 被判为所要求的数字）。本 notebook 的现场训练（5 轮）不在表中，因为它随种子和 CPU 而变：在种子 0-4 和两条 CPU 代码路径上（`python benchmarks/gan_mnist.py --seeds 5`），它的得分在 4.95 到 5.78 之间，最少的数字在 1.4 到 1.8 % 之间（种子 0 在我们测过的另一条 CPU 代码路径上为 1.1 %），Fréchet 距离在 208.5 到 270.5 之间。
# <!-- numbers: 4.95, 5.78, 1.4, 1.8 %, 208.5, 270.5 = python benchmarks/gan_mnist.py --seeds 5 (README table); 1.1 % = seed 0 on the other CPU code paths of two machines (the live run's tolerance_why in section 4) -->
#
# 在无条件生成器中，`gan_mnist` 得分最高，每个数字都超过 5 %，而 Fréchet 距离略高于不用标签的生成器：请把它的得分当作古德哈特定律的一课，而不是一项成果。条件 GAN 公开地把同样的标签作为输入，在这次运行中，它在 98.9 % 的样本中画出了所要求的数字。在同样大小下逐次划分地比较（第 5 节的表格），两个无条件生成器在 10 次划分中至少有 9 次比未见过的真实数字离测试数字更远；条件生成器更远的次数更少，平均差距也更小。随课程提供的生成器的设置以及裁判的选择，都是在这同一批测试数字上做出的（第 4 节说明了在哪里），所以它们那几行的数值多少偏乐观。只用 100 个标签、并对添加的图像明确加权时，五次抽取（这次运行中为抽取 0-4）的平均测试准确率：单独训练 78.1 %，加入打了伪标签的 GAN 样本 77.3 %，加入打了伪标签的真实数字 78.2 %：两者都是零结果，落在各次抽取的波动范围之内。`benchmarks/gan_mnist.py` 会重新测量现场训练和全部三个随课程提供的生成器（用种子 0）。
#
# ## 练习
#
# 1. **（概念题）** 一个生成器每次都输出同一个完美的、被有把握地分类的“7”，它的分类器得分是 1。为什么？一个照抄 10 个训练数字的生成器为什么能得到接近 10 的分数，却仍然毫无用处？我们的三个指标中哪一个能发现它？
# 2. **（先预测，再运行）** 在 `train_dcgan` 中用 `loss="minimax"` 重新做一次现场训练。先预测：前一百步中 $D(G(z))$ 会怎样，样本又会怎样？然后运行。
# 3. **（编程题）** 用乘以 0.5 的噪声（`0.5 * torch.randn(...)`，即“截断技巧”）从 `gan_mnist_unlabelled`（`label_free`；不用 `gan_mnist`，因为它的损失优化过得分的一个副本）采样，并加以度量。得分、最少的类别和 Fréchet 距离如何变化？为什么？解释之前，先把得分拆成它的两个熵（第 4 节的 `results[name]["entropies"]`）。
# 4. **（编程题）** 在第 6 节中增加一组：用随课程提供的分类器打标签的 GAN 样本。它更好吗？为什么这不是公平的比较？

# %% [markdown]
# 5. **Coding, with a self-check.** Write the classifier score yourself from a batch of predicted class
#    probabilities `probs` of shape `(N, 10)`: $\exp\big(\mathbb{E}_x\, \mathrm{KL}(p(y\mid x)\,\Vert\,p(y))\big)$
#    with $p(y)$ the mean of the rows. The first attempt below forgets one step, on purpose.

# %% [markdown] {"lang": "zh", "en": "76c76a8138"}
# 5. **编程题（附自测）。** 根据一批形状为 `(N, 10)` 的预测类别概率 `probs`，自己写出分类器得分：$\exp\big(\mathbb{E}_x\, \mathrm{KL}(p(y\mid x)\,\Vert\,p(y))\big)$，其中 $p(y)$ 是各行的平均。下面的第一次尝试故意漏掉了一步。

# %%
from course_utils.checks import check_classifier_score


def my_score(probs):
    p_y = probs.mean(dim=0, keepdim=True)
    return (probs * (probs.log() - p_y.log())).sum(dim=1).mean()  # exercise 5: one step is missing


passed = check_classifier_score(my_score)

# %% [markdown]
# 6. **(Conceptual)** Section 6 adds samples of `gan_mnist_unlabelled`. Why may it not add samples of
#    `gan_mnist_conditional` instead, labelled with the digit each was asked for, although those labels
#    would be right more often than the pseudo-labels?

# %% [markdown] {"lang": "zh", "en": "dbc1cabf3c"}
# 6. **（概念题）** 第 6 节添加的是 `gan_mnist_unlabelled` 的样本。为什么不能改为添加 `gan_mnist_conditional` 的样本，并以要求每个样本画的数字作为标签——尽管这些标签比伪标签准确得多？

# %% [markdown]
# <details><summary>Solutions (click to open)</summary>
#
# 1. $p(y\mid x)$ is the same for every sample, so $p(y) = p(y\mid x)$ and every KL term is 0:
#    $\exp(0) = 1$. The score rewards confident *and* varied class predictions, nothing else: ten
#    copied digits are confident and balanced, so they score near 10. The Fréchet distance catches
#    the missing variety within each class (the covariance of the features is far too small); a
#    nearest-neighbour check against the training set catches copying directly.
# 2. With `"minimax"` the generator minimises $\log(1 - D(G(z)))$, whose gradient vanishes when
#    $D(G(z)) \approx 0$. $D$ learns to reject the first samples within a few dozen steps and $D(G(z))$
#    falls towards 0. Whether and when $G$ recovers depends on the run: in ours it recovered within two
#    epochs on one seed and not on the next, so run two seeds (`SEED` and `SEED + 1`) before you conclude.
#    Adam's step size adapts to a tiny gradient after a while (notebook 04, section 4).
#    ```python
#    torch.manual_seed(SEED)
#    g, d = GAN_ARCH.build()
#    h = train_dcgan(g, d, train_images, epochs=2, lr=1e-3, loss="minimax", seed=SEED, progress=False)
#    d_fake = np.array(h["d_fake"])
#    print(f"D(G(z)), minimax: lowest in the first 100 steps {d_fake[:100].min():.3f}, "
#          f"mean over the last 50 steps {d_fake[-50:].mean():.3f}")
#    claim("D rejects the first samples: D(G(z)) falls below 0.05 within 100 steps", d_fake[:100].min() < 0.05)
#    ```
# 3. For this generator all three get worse, on both seeds we ran. The score is
#    $\exp\big(H(p(y)) - \mathbb{E}_x H(p(y\mid x))\big)$, so truncation could move it either way: codes near
#    the centre of the latent space might give more typical digits that the judge names more surely (the
#    second entropy falls, the score rises), while digits that live away from the centre become rarer (the
#    first entropy falls, the score falls). Measure before you decide. Here both terms moved against the
#    score: the classes became less even *and* the judge was less sure of the truncated samples, not more.
#    The Fréchet distance rises steeply, because the variety shrinks. (Truncation trades variety for fidelity
#    in large GANs; with this small generator and this judge it bought no fidelity at all.)
#    ```python
#    z = 0.5 * torch.randn(10_000, label_free.latent_dim, generator=torch.Generator().manual_seed(SEED))
#    with torch.no_grad():
#        truncated_images = label_free.decode(z)
#    results["gan_mnist_unlabelled, noise x 0.5"] = measure(truncated_images)
#    for name in ("gan_mnist_unlabelled", "gan_mnist_unlabelled, noise x 0.5"):
#        report(name)
#        mean_h, class_h = results[name]["entropies"]
#        print(f"{'':26s} H(p(y)) {class_h:.3f} nats, E H(p(y|x)) {mean_h:.3f} nats")
#    full, truncated = results["gan_mnist_unlabelled"], results["gan_mnist_unlabelled, noise x 0.5"]
#    claim("truncation lowers the classifier score", truncated["score"] < full["score"])
#    claim("truncation makes the rarest digit rarer", truncated["class_min_fraction"] < full["class_min_fraction"])
#    claim("truncation raises the Fréchet distance", truncated["frechet"] > full["frechet"])
#    claim("truncation makes the judge less sure, not more", truncated["entropies"][0] > full["entropies"][0])
#    ```
# 4. Copy the `+ GAN samples` arm with `pseudo_labels(classifier, pool)` in place of
#    `pseudo_labels(base, pool)`, as a fourth arm. It is much better: the shipped classifier keeps about
#    80 % of the pool (the 100-label baseline kept about half), and the arm's mean test accuracy is about
#    86-87 %, against about 77-78 % for the `+ GAN samples` arm, on both seeds we ran. It is
#    not a fair comparison: those labels are a classifier's trained on all 4,000 labels, so the arm is
#    distilling that classifier, not learning from 100 labels. The gain measures the labeller, not the GAN.
#    <!-- numbers: 80 %, 86-87 %, 77-78 % = the cell below (kept 80 %, mean 87.0 % against 77.3 % with COURSE_SEED=0; kept 81 %, 86.1 % against about 78.1 % with COURSE_SEED=1) -->
#    ```python
#    judged = pseudo_labels(classifier, gan_pool)  # labelled by the shipped classifier, not by `base`
#    judge_arm = []
#    for seed in range(5 * SEED, 5 * SEED + 5):  # the same five draws as section 6
#        chosen = few_labels(seed)
#        model = train_classifier(train_images[chosen], train_labels[chosen], batch_size=32, extra=judged,
#                                 extra_per_batch=32, extra_weight=LAMBDA, seed=seed, **SMALL)
#        judge_arm.append(accuracy(model, test_images, test_labels))
#    print(f"the shipped classifier keeps {len(judged[0]) / len(gan_pool):.0%} of the GAN pool")
#    for name, accs in {**arms, "+ GAN samples, judge's labels": judge_arm}.items():
#        print(f"{name:30s} test accuracy {np.mean(accs):.1%} (from {min(accs):.1%} to {max(accs):.1%})")
#    judge_arm = np.array(judge_arm)
#    claim("with the judge's labels, GAN samples beat 100 labels alone on every draw",
#          (judge_arm > np.array(arms["100 labels"])).all())
#    claim("with the judge's labels, GAN samples beat the pseudo-labelled ones by more than 3 points on average",
#          judge_arm.mean() > np.mean(arms["+ GAN samples"]) + 0.03)
#    ```
#
# 5. The mean KL must be exponentiated. The exponential turns the KL (in nats) into an "effective number of
#    classes": 1 for one class, 10 for ten equally used, confidently predicted classes.
#    ```python
#    def my_score(probs):
#        p_y = probs.mean(dim=0, keepdim=True)
#        return (probs * (probs.log() - p_y.log())).sum(dim=1).mean().exp()
#
#
#    passed = check_classifier_score(my_score)
#    ```
# 6. `gan_mnist_conditional` learnt from all 4,000 training labels. Its samples carry what those labels
#    taught it into a test that is meant to have 100, so a gain would measure the 4,000 labels, not the
#    GAN. A fair version trains the conditional GAN on the 100 labelled digits only, inside each draw;
#    using the unlabelled digits as well needs a semi-supervised variant (for example, one that
#    pseudo-labels them).
# </details>
# %% [markdown] {"lang": "zh", "en": "404f5caa1a"}
# <details><summary>参考答案（点击展开）</summary>
#
# 1. 每个样本的 $p(y\mid x)$ 都相同，所以 $p(y) = p(y\mid x)$，每一项 KL 都是 0：$\exp(0) = 1$。得分奖励的是有把握*并且*多样的类别预测，除此之外什么都不管：照抄的十个数字既有把握又均衡，所以得分接近 10。Fréchet 距离能发现每个类别内部缺乏多样性（特征的协方差太小了）；与训练集做最近邻比对则能直接发现照抄。
# 2. 用 `"minimax"` 时，生成器最小化 $\log(1 - D(G(z)))$，当 $D(G(z)) \approx 0$ 时它的梯度会消失。$D$ 在几十步之内就学会拒绝最初的样本，$D(G(z))$ 向 0 下降。$G$ 是否以及何时恢复取决于具体的运行：在我们的运行中，一个种子在两轮之内恢复了，下一个种子则没有；所以下结论之前，请运行两个种子（`SEED` 和 `SEED + 1`）。过一段时间后，Adam 的步长会适应极小的梯度（notebook 04，第 4 节）。
#    ```python
#    torch.manual_seed(SEED)
#    g, d = GAN_ARCH.build()
#    h = train_dcgan(g, d, train_images, epochs=2, lr=1e-3, loss="minimax", seed=SEED, progress=False)
#    d_fake = np.array(h["d_fake"])
#    print(f"D(G(z)), minimax: lowest in the first 100 steps {d_fake[:100].min():.3f}, "
#          f"mean over the last 50 steps {d_fake[-50:].mean():.3f}")
#    claim("D rejects the first samples: D(G(z)) falls below 0.05 within 100 steps", d_fake[:100].min() < 0.05)
#    ```
# 3. 对这个生成器来说，三个数都变差了，我们跑过的两个种子都是如此。得分是 $\exp\big(H(p(y)) - \mathbb{E}_x H(p(y\mid x))\big)$，所以截断可能让它朝任一方向变化：潜在空间中心附近的编码也许给出更典型的数字，裁判叫出它们的把握更大（第二个熵下降，得分上升）；而位于中心之外的数字会变得更少见（第一个熵下降，得分下降）。先度量，再下结论。在这里两项都朝不利于得分的方向变化：各类别变得更不均衡，*而且*裁判对截断后的样本更没有把握，而不是更有把握。Fréchet 距离大幅上升，因为多样性缩小了。（在大型 GAN 中，截断是用多样性换取逼真度；对这个小生成器和这个裁判来说，它根本没有换来逼真度。）
#    ```python
#    z = 0.5 * torch.randn(10_000, label_free.latent_dim, generator=torch.Generator().manual_seed(SEED))
#    with torch.no_grad():
#        truncated_images = label_free.decode(z)
#    results["gan_mnist_unlabelled, noise x 0.5"] = measure(truncated_images)
#    for name in ("gan_mnist_unlabelled", "gan_mnist_unlabelled, noise x 0.5"):
#        report(name)
#        mean_h, class_h = results[name]["entropies"]
#        print(f"{'':26s} H(p(y)) {class_h:.3f} nats, E H(p(y|x)) {mean_h:.3f} nats")
#    full, truncated = results["gan_mnist_unlabelled"], results["gan_mnist_unlabelled, noise x 0.5"]
#    claim("truncation lowers the classifier score", truncated["score"] < full["score"])
#    claim("truncation makes the rarest digit rarer", truncated["class_min_fraction"] < full["class_min_fraction"])
#    claim("truncation raises the Fréchet distance", truncated["frechet"] > full["frechet"])
#    claim("truncation makes the judge less sure, not more", truncated["entropies"][0] > full["entropies"][0])
#    ```
# 4. 复制 `+ GAN samples` 这一组，用 `pseudo_labels(classifier, pool)` 代替 `pseudo_labels(base, pool)`，作为第四组。结果好得多：随课程提供的分类器保留了约 80 % 的样本池（只用 100 个标签的基线只保留了约一半），这一组的平均测试准确率约为 86-87 %，而 `+ GAN samples` 组约为 77-78 %；我们跑过的两个种子都是如此。但这不是公平的比较：这些标签来自一个用全部 4,000 个标签训练的分类器，所以这一组是在蒸馏那个分类器，而不是从 100 个标签中学习。提升衡量的是打标签的分类器，而不是 GAN。
#    <!-- numbers: 80 %, 86-87 %, 77-78 % = the cell below (kept 80 %, mean 87.0 % against 77.3 % with COURSE_SEED=0; kept 81 %, 86.1 % against about 78.1 % with COURSE_SEED=1) -->
#    ```python
#    judged = pseudo_labels(classifier, gan_pool)  # 由随课程提供的分类器打标签，而不是 `base`
#    judge_arm = []
#    for seed in range(5 * SEED, 5 * SEED + 5):  # 与第 6 节相同的五次抽取
#        chosen = few_labels(seed)
#        model = train_classifier(train_images[chosen], train_labels[chosen], batch_size=32, extra=judged,
#                                 extra_per_batch=32, extra_weight=LAMBDA, seed=seed, **SMALL)
#        judge_arm.append(accuracy(model, test_images, test_labels))
#    print(f"the shipped classifier keeps {len(judged[0]) / len(gan_pool):.0%} of the GAN pool")
#    for name, accs in {**arms, "+ GAN samples, judge's labels": judge_arm}.items():
#        print(f"{name:30s} test accuracy {np.mean(accs):.1%} (from {min(accs):.1%} to {max(accs):.1%})")
#    judge_arm = np.array(judge_arm)
#    claim("with the judge's labels, GAN samples beat 100 labels alone on every draw",
#          (judge_arm > np.array(arms["100 labels"])).all())
#    claim("with the judge's labels, GAN samples beat the pseudo-labelled ones by more than 3 points on average",
#          judge_arm.mean() > np.mean(arms["+ GAN samples"]) + 0.03)
#    ```
#
# 5. 平均 KL 还必须取指数。指数把 KL（以 nats 为单位）变成“有效类别数”：只有一个类别时为 1，十个类别被均匀使用且都被有把握地预测时为 10。
#    ```python
#    def my_score(probs):
#        p_y = probs.mean(dim=0, keepdim=True)
#        return (probs * (probs.log() - p_y.log())).sum(dim=1).mean().exp()
#
#
#    passed = check_classifier_score(my_score)
#    ```
# 6. `gan_mnist_conditional` 学自全部 4,000 个训练标签。它的样本把这些标签教给它的东西带进了一个本应只有 100 个标签的检验中，所以任何提升衡量的都是那 4,000 个标签，而不是 GAN。公平的做法是在每次抽取内部，只用那 100 个有标签数字训练条件 GAN；若还要利用无标签数字，则需要一个半监督（semi-supervised）的变体（例如给它们打伪标签的变体）。
# </details>
