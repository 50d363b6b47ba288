# %% [markdown]
# # 04 · The GAN minimax game on 2-D data, seen live
#
# A GAN is two networks playing a game. The **generator** $G$ turns random noise $z$ into samples;
# the **discriminator** $D$ looks at a sample and says how likely it is to be real. Here the data are
# points in the plane, so we can *see* everything: where the real data lie, where $G$ puts its samples,
# what $D$ believes at every point, and which way $G$'s gradient pushes each sample.
#
# **You will**
# - write both losses from the minimax value $V(D, G)$ and check them against `BCEWithLogits`;
# - write the alternating training step yourself and watch it run in a live view;
# - see why the original ("saturating") generator loss stalls and the non-saturating one does not;
# - see **mode collapse** on a ring of 8 and a grid of 25 Gaussians, measure it, and try two cures that
#   make the samples sharp (discriminator rejection sampling and a categorical latent code), measured
#   against the course's targets and published numbers.
#
# A correction to the course's source text: it calls GANs *semi-supervised*. They are not: a GAN is
# trained on unlabelled data only; the "real vs generated" target is made up by the algorithm, not
# given by anyone. (Semi-supervised GANs exist: a variant whose discriminator also predicts classes for
# a few labelled examples.)
#
# **Run time:** 74 s top to bottom on a 2-core CPU (measured with `python benchmarks/notebooks.py`; five training runs, 10,000 steps in all).

# %%
import matplotlib.pyplot as plt
import numpy as np
import torch

import course_utils
from course_utils.data import mixture, sample_2d
from course_utils.gan import discriminator_loss, generator_loss
from course_utils.gan2d import (GAN2D, Discriminator, Generator, config_for, coverage_figure, frame_strip,
                                train_step)
from course_utils.metrics import mode_coverage
from course_utils.widgets import gan_live_view

device = course_utils.setup(seed=0)

# %% [markdown]
# ## 1. The data: mixtures of sharp Gaussians
#
# `ring8` is 8 Gaussians on the unit circle (std 0.01); `grid25` is a 5×5 grid with spacing 2 (std 0.05).
# They are the benchmarks of VEEGAN and PacGAN. A sample is **high quality** if it lies within
# $3\sigma$ of its nearest mode; a mode is **captured** if some high-quality sample is closest to it.
# Real data score about 98.9 % ($P(\text{within } 3\sigma) = 1 - e^{-4.5}$ for a 2-D Gaussian).

# %%
for name in ("ring8", "grid25"):
    real = sample_2d(name, 2500, seed=1)
    modes, quality = mode_coverage(real, name)
    print(f"{name}: {len(mixture(name).modes)} modes, std {mixture(name).std}; real data: "
          f"{modes} modes captured, {quality:.1%} high quality")

# %% [markdown]
# ## 2. The game, written by hand
#
# $D$ outputs a logit $\ell$, and $D(x) = \sigma(\ell)$. The value of the game is
#
# $$V(D, G) = \mathbb{E}_{x \sim p_\text{data}}[\log D(x)] + \mathbb{E}_{z \sim p_z}[\log(1 - D(G(z)))].$$
#
# $D$ maximises $V$, so its loss is $-V$. $G$ only controls the second term; the **minimax** generator
# minimises $\mathbb{E}[\log(1 - D(G(z)))]$, the **non-saturating** one minimises $-\mathbb{E}[\log D(G(z))]$.
# `binary_cross_entropy_with_logits(ℓ, y)` is $-[y \log\sigma(\ell) + (1-y)\log(1-\sigma(\ell))]$,
# computed stably, so each term is one BCE call. Written by hand, then checked against `course_utils.gan`:

# %%
real_logits, fake_logits = torch.randn(512), torch.randn(512)
D_real, D_fake = torch.sigmoid(real_logits), torch.sigmoid(fake_logits)
V = torch.log(D_real).mean() + torch.log(1 - D_fake).mean()
by_hand = {"D loss = -V": -V,
           "G minimax = E log(1 - D(G(z)))": torch.log(1 - D_fake).mean(),
           "G non-saturating = -E log D(G(z))": -torch.log(D_fake).mean()}
with_bce = {"D loss = -V": discriminator_loss(real_logits, fake_logits),
            "G minimax = E log(1 - D(G(z)))": generator_loss(fake_logits, "minimax"),
            "G non-saturating = -E log D(G(z))": generator_loss(fake_logits, "non-saturating")}
for name in by_hand:
    print(f"{name:36s} by hand {by_hand[name]:.4f}   BCEWithLogits {with_bce[name]:.4f}")

# %% [markdown]
# $G$ and $D$ are small MLPs (3 hidden layers of 128 units; $G$ maps 2-D Gaussian noise to a point, $D$
# a point to a logit). One step of the game, shown in full: $D$ takes a step up $V$ on a batch of real
# and generated points (the generated ones **detached**, so this step does not move $G$); then $G$ takes
# a step down its loss, judged by the $D$ that just moved.

# %%
def my_train_step(G, D, opt_g, opt_d, real, z, loss="non-saturating"):
    fake = G(z)
    d_loss = discriminator_loss(D(real), D(fake.detach()))
    opt_d.zero_grad()
    d_loss.backward()
    opt_d.step()
    g_loss = generator_loss(D(fake), loss)
    opt_g.zero_grad()
    g_loss.backward()
    opt_g.step()
    return d_loss.detach(), g_loss.detach()


def fresh_pair():
    torch.manual_seed(0)
    G, D = Generator(), Discriminator()
    opts = [torch.optim.Adam(m.parameters(), lr=2e-3, betas=(0.5, 0.999)) for m in (G, D)]
    return G, D, *opts


real, z = sample_2d("ring8", 256, seed=2), torch.randn(256, 2)
mine, package = fresh_pair(), fresh_pair()
for step in range(5):
    d_loss, g_loss = my_train_step(*mine, real, z)
    train_step(*package, real, z)
    print(f"step {step + 1}: D loss {d_loss:.4f}, G loss {g_loss:.4f}")
same = all(torch.equal(a, b) for a, b in zip(mine[0].parameters(), package[0].parameters()))
print("course_utils.gan2d.train_step gives the same generator:", same)

# %% [markdown]
# `course_utils.gan2d.GAN2D` wraps exactly this step with Adam, a learning rate that decays linearly to
# 0 (it sharpens the modes at the end), a history of both losses, and a guard that stops a diverged run
# (a NaN loss, or samples flying off) with a message saying what to change.
#
# ## 3. A live view of the game
#
# The heat map is $D(x)$: blue where $D$ says "real", red where it says "generated". Green squares are
# real points, purple ones generated; each black line shows where $G$'s loss pushes a generated point
# (towards the blue). In Jupyter or Colab press **Play** to train 25 steps per frame, **Pause**, or
# **Step**. Here the notebook drives it from Python, 8 frames of 125 steps, and keeps a strip of frames.
# %%
gan = GAN2D(config_for("gan", "ring8", steps=1000))
view = gan_live_view(gan, steps_per_frame=125)
view

# %% {"tags": ["readme:gan2d_live_view"]}
frames = [(gan.step, view.drawing.rgb())]
for _ in range(4):
    view.step(2)
    frames.append((gan.step, view.drawing.rgb()))
fig = frame_strip(frames, title="ring8, non-saturating GAN: the game over 1,000 steps")
modes, quality = gan.evaluate()
print(f"after {gan.step} steps: {modes} of 8 modes, {quality:.1%} high quality")

# %% [markdown]
# Early on, $D$ splits the plane into "real here, fake there" and $G$'s samples slide down its gradient.
# As $G$ lands on the modes, $D$'s map fragments around them, and the arrows shrink where $G$ is right.
#
# ## 4. Saturating vs non-saturating generator loss
#
# When $D$ is winning, $D(G(z)) \approx 0$. The gradient of each generator loss with respect to $D$'s
# logit $\ell$ is $\sigma(\ell) = D$ for minimax and $-(1 - D)$ for non-saturating: the minimax loss gives
# **no gradient exactly when $G$ is worst**.

# %%
logits = torch.linspace(-8, 8, 161, requires_grad=True)
fig, ax = plt.subplots(figsize=(5, 3))
for kind in ("minimax", "non-saturating"):
    (grad,) = torch.autograd.grad(generator_loss(logits, kind) * len(logits), logits)
    ax.plot(torch.sigmoid(logits).detach(), grad.abs(), label=kind)
ax.set_xlabel("D(G(z)): how real D thinks the fake is")
ax.set_ylabel("|d loss_G / d logit|")
ax.set_title("Generator gradient: minimax saturates when D wins")
ax.legend()
fig.tight_layout()

# %% [markdown]
# Now train with both, same seed, same 1,000 steps (the non-saturating run is the one above):

# %%
minimax = GAN2D(config_for("minimax", "ring8", steps=1000)).train()
samples = {}
for name, run in (("minimax", minimax), ("non-saturating", gan)):
    modes, quality = run.evaluate()
    print(f"{name:15s} {modes} of 8 modes, {quality:5.1%} high quality, "
          f"last G loss {np.mean(run.history['g_loss'][-100:]):.3f}")
    samples[f"{name}: {modes}/8 modes, {quality:.0%} HQ"] = run.sample()
fig = coverage_figure(samples, "ring8")

# %% [markdown]
# ## 5. Mode collapse, and making the samples sharp
#
# A generator can fool $D$ by producing *some* of the modes well and ignoring the rest: **mode
# collapse**. $D$ judges one point at a time, so it cannot see that all the points sit in the same few
# places. On the 25-mode grid, 1,000 steps of the plain GAN show it:

# %%
collapsed = GAN2D(config_for("gan", "grid25", steps=1000)).train()
modes, quality = collapsed.evaluate()
print(f"grid25, plain GAN, 1,000 steps: {modes} of 25 modes, {quality:.1%} high quality")

# %% [markdown]
# Reaching the modes is half the job. The other half is **sharpness**: on the ring (std 0.01) a sample
# counts only if it lands within 0.03 of a mode centre, on the grid within 0.15, while the modes are
# 0.77 and 2 apart. $G$ is a continuous function of continuous noise, so between two modes it must
# jump steeply, and every sample spent on the jump is wasted.
#
# **The cure we use: a categorical latent code** ("codes50", like InfoGAN's discrete code or DeLiGAN's
# mixture latent). $z$ is a one-hot code with 50 values next to 2-D Gaussian noise of std 0.1. $G$ can
# now send each code to its own place, and the small noise only has to cover the width of one mode:
# no sheet to stretch over the gaps. It is still an ordinary GAN, trained with the same step; only the
# noise changed. Honestly said: **it bakes in a guess** that the data have at most about 50 clusters.
# We use the same 50 for 8 and 25 modes, so the guess is not the true count, but it is a guess that
# fits these data and would not fit a spiral.
#
# Each run: 3,000 (ring) or 4,000 (grid) steps, batch 256, about 20-30 s on one CPU core.

# %%
ring = GAN2D(config_for("codes50", "ring8", steps=3000)).train()
grid = GAN2D(config_for("codes50", "grid25", steps=4000)).train()
anchors = {"ring8": "PacGAN2: 7.9 / 95.6 %", "grid25": "PacGAN4: 24.8 / 93.6 %, VEEGAN: 24.6 / 40 %"}
targets = {"ring8": (8, 0.97), "grid25": (25, 0.95)}
samples = {}
print(f"{'dataset':8s} {'method':8s} {'steps':>6s} {'modes':>6s} {'HQ':>7s}  target met  anchor (modes / HQ)")
for dataset, method, run in (("ring8", "gan", gan), ("ring8", "codes50", ring),
                             ("grid25", "gan", collapsed), ("grid25", "codes50", grid)):
    modes, quality = run.evaluate()
    met = modes >= targets[dataset][0] and quality >= targets[dataset][1]
    print(f"{dataset:8s} {method:8s} {run.step:>6d} {modes:>3d}/{targets[dataset][0]:<2d} {quality:>7.1%}  "
          f"{'yes' if met else 'no':10s}  {anchors[dataset]}")
    samples[f"{dataset} {method}: {modes}/{targets[dataset][0]}, {quality:.1%} HQ"] = run.sample()

# %%
fig = coverage_figure({k: v for k, v in samples.items() if k.startswith("grid25")}, "grid25")

# %% [markdown]
# Is this "just memorising 50 points"? A generator that put each code on one exact point would score
# 100 % while being far *sharper* than the data. Compare how far samples lie from their nearest mode,
# generated vs real (for a 2-D Gaussian the median is $1.18\sigma$):

# %%
for dataset, run in (("ring8", ring), ("grid25", grid)):
    modes = mixture(dataset).modes
    median = {name: float(torch.cdist(x, modes).min(dim=1).values.median())
              for name, x in (("generated", run.sample()), ("real", sample_2d(dataset, 2500, seed=1)))}
    print(f"{dataset}: median distance to the nearest mode: generated {median['generated']:.4f}, "
          f"real {median['real']:.4f} (std {mixture(dataset).std})")

# %%
# NBVAL_IGNORE_OUTPUT
for name, run in (("ring8 codes50", ring), ("grid25 codes50", grid), ("grid25 gan (collapse demo)", collapsed)):
    print(f"{name:28s} {run.step:5d} steps in {run.seconds:5.1f} s")

# %% [markdown]
# **What we saw.** In 1,000 steps the plain GAN finds most grid modes but almost none of its samples is
# sharp. With the 50-value code, both targets of the course are met within 60 s of training: every mode
# of the ring and the grid, and more than 95 % of the samples within $3\sigma$ (the ceiling for real
# data is 98.9 %). The published anchors are beaten, but not on equal terms: they use no guess about
# the number of clusters, and PacGAN's and VEEGAN's networks were trained for far longer.
#
# The spread check above says the generated clouds are about as wide as the real ones (a little
# narrower): the small noise still spreads each code's samples; they are not 50 dots.
#
# The benchmark measures every method (plain, minimax, PacGAN2/4, spectral norm, rejection sampling
# "+drs", the code) on both mixtures, about 4 minutes on 2 cores:
#
#     python benchmarks/gan2d.py
#
# In our run the plain GAN with discriminator rejection sampling (keep the 90 % of samples that $D$
# finds most real) also reached the ring target, without any guess about the data; on the grid no
# method without the code came close in 60 s.
#
# ## Exercises
#
# 1. *(conceptual)* Why does $D$ see only unlabelled points, and why does that make the GAN unsupervised
#    rather than semi-supervised? What would you add to make it semi-supervised?
# 2. *(predict, then run)* Train `config_for("gan", "ring8", steps=1000, lr=2e-2)`. Predict: faster
#    convergence, or trouble? Then run it and read the guard's message if it fires.
# 3. *(predict, then run)* Train `config_for("codes50", "grid25", steps=4000, noise_std=1.0)`: the same
#    code, with noise as wide as the code. Predict modes and quality, then run it.
# 4. *(coding)* In `my_train_step`, remove `.detach()` from `D(fake.detach())`. What changes, and why do
#    the generator's parameters now receive gradients from the discriminator's loss?
# 5. *(conceptual)* Rejection sampling ("gan+drs" in the benchmark) and the 50-value code both improve
#    the numbers. Which of them uses knowledge about the data that a GAN for images would not have?

# %% [markdown]
# 6. **Coding, with a self-check.** Write the discriminator's loss $-V(D, G)$ from the logits yourself.
#    The first attempt below follows the formula literally, with `log(sigmoid(...))`: run the check and
#    read why that is not good enough.

# %%
from course_utils.checks import check_discriminator_loss


def my_d_loss(real_logits, fake_logits):
    d_real, d_fake = torch.sigmoid(real_logits), torch.sigmoid(fake_logits)
    return -(torch.log(d_real).mean() + torch.log(1 - d_fake).mean())  # exercise 6: make it stable


passed = check_discriminator_loss(my_d_loss)

# %% [markdown] {"jupyter": {"source_hidden": true}}
# **Solutions** (hidden; double-click to show)
#
# 1. The only targets are "real" and "generated", and the algorithm makes them up; nobody labels anything.
#    A semi-supervised GAN makes $D$ predict $K$ classes plus "fake" and trains the $K$-class part on a
#    few labelled points.
# 2. Ten times the learning rate makes Adam overshoot: the losses swing instead of settling, and quality
#    drops (compare `evaluate()` with the 1,000-step run above). If a loss turns NaN, the guard stops the
#    run and says which learning rate to try.
# 3. In our runs (3,000 steps) quality fell to about 45 %: with wide noise each code's samples spread over several
#    modes and the gaps between them, so $G$ is back to stretching sheets; the code alone does not help.
# 4. PyTorch raises "Trying to backward through the graph a second time": without `detach`,
#    `d_loss.backward()` also went back through $G$ and freed its graph, which $G$'s own step needs.
#    Even with `retain_graph=True` it would be wasted work, and $G$'s gradients from $D$'s loss (which
#    push $G$ to help $D$) would have to be cleared before $G$'s step.
# 5. The code: "about 50 clusters" is a guess about the data. Rejection sampling only uses the trained
#    $D$, which any GAN has. (MNIST has 10 digit classes, so a 10-value code is a natural guess there:
#    that is InfoGAN.)
#
# 6. `F.binary_cross_entropy_with_logits(real_logits, torch.ones_like(real_logits)) +
#    F.binary_cross_entropy_with_logits(fake_logits, torch.zeros_like(fake_logits))`: the same value,
#    computed from the logits in one step, so a confident discriminator gives a large finite loss
#    instead of `log(0) = -inf`.
