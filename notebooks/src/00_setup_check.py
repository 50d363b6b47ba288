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
# `setup` seeded Python, NumPy and PyTorch, fixed the number of CPU threads (so every number printed
# in this course is the same on your machine as in the committed notebook) and picked the fastest
# device it found. Now the data: the line printed below says where the digits came from.

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
