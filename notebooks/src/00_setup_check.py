# %% [markdown]
# # 00 · Setup check
#
# Run this notebook first. It checks that the course's library, `course_utils`, imports, that
# results are reproducible, and that MNIST digits can be loaded, from the internet or, offline,
# from a real sample that ships with a package. It takes a few seconds on a laptop CPU.

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

# %%
images, labels = load_mnist("train")
print(f"images: {tuple(images.shape)}, values in [{images.min():.1f}, {images.max():.1f}]")
print(f"labels: {tuple(labels.shape)}, digits {labels.unique().tolist()}")

# %%
first_of_each = [int((labels == d).nonzero()[0]) for d in range(10)]
fig = image_grid(images[first_of_each], ncols=10, title="One training digit of each class, 0 to 9")

# %% [markdown]
# The GAN lessons also use small 2-D distributions, where we can see every sample:

# %%
points = sample_2d("grid25", 5, seed=0)
print(points)
