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
# - see **mode collapse** on a ring of 8 and a grid of 25 Gaussians, measure it, and compare two cures
#   (PacGAN packing and spectral normalisation) against published numbers.
#
# A correction to the course's source text: it calls GANs *semi-supervised*. They are not: a GAN is
# trained on unlabelled data only; the "real vs generated" target is made up by the algorithm, not
# given by anyone. (Semi-supervised GANs exist: a variant whose discriminator also predicts classes for
# a few labelled examples.)
#
# **Run time:** about 60 s of CPU on 2 cores (estimated from CPU time; seven 1,000-step training runs).

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

# %%
frames = [(gan.step, view.drawing.rgb())]
for _ in range(4):
    view.step(2)
    frames.append((gan.step, view.drawing.rgb()))
fig = frame_strip(frames, title="ring8, non-saturating GAN: the game over 1,000 steps")
print(f"after {gan.step} steps: {gan.evaluate()[0]} of 8 modes, {gan.evaluate()[1]:.1%} high quality")

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
# Now train with both, same seed, same steps (the non-saturating run is the one above):

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
# ## 5. Mode collapse and two cures
#
# A generator can fool $D$ by producing *some* of the modes very well and ignoring the rest: **mode
# collapse**. $D$ judges one point at a time, so it cannot see that all the points are in the same few
# places. Two cures:
# - **PacGAN** (Lin et al., 2018): $D$ judges packs of $m$ points at once (all real or all generated).
#   A pack of generated points that all sit in the same mode looks nothing like a pack of real ones.
# - **Spectral normalisation** (Miyato et al., 2018): every layer of $D$ is divided by its largest
#   singular value, so $D$ is 1-Lipschitz and cannot become so sharp that its gradients carry no
#   information about where the missing modes are.
#
# Each run below: 1,000 steps, batch 256, about 7 s on one CPU core.

# %%
runs = {("ring8", "gan"): gan}
for dataset, methods in (("ring8", ("pacgan2", "spectral-norm")), ("grid25", ("gan", "pacgan4", "spectral-norm"))):
    for method in methods:
        runs[dataset, method] = GAN2D(config_for(method, dataset, steps=1000)).train()
anchors = {("ring8", "pacgan2"): "PacGAN2: 7.9 / 95.6 %", ("grid25", "pacgan4"): "PacGAN4: 24.8 / 93.6 %",
           ("grid25", "gan"): "VEEGAN: 24.6 / 40 %"}
print(f"{'dataset':8s} {'method':14s} {'modes':>7s} {'high quality':>13s}   published anchor (modes / HQ)")
for (dataset, method), run in runs.items():
    modes, quality = run.evaluate()
    total = len(mixture(dataset).modes)
    print(f"{dataset:8s} {method:14s} {modes:>3d}/{total:<3d} {quality:>13.1%}   {anchors.get((dataset, method), '')}")

# %%
fig = coverage_figure({f"{m}": runs["grid25", m].sample() for m in ("gan", "pacgan4", "spectral-norm")},
                      "grid25")

# %% [markdown]
# **What we saw.** At 1,000 steps the plain non-saturating GAN is ahead: it reaches every ring mode
# but its samples are not yet sharp, and on the grid it misses modes and almost no sample is within
# $3\sigma$. Both cures make $D$'s job harder (a pack of points, a Lipschitz bound), so their $D$ learns
# more slowly and, this early, guides $G$ less well: a cure for collapse is not free, it costs steps.
# The anchors come from runs of hundreds of thousands of steps (PacGAN Tables 3-4; VEEGAN's row is its
# own method on the grid); ours are 1,000 steps. `benchmarks/gan2d.py` trains each method for 4,000
# steps and prints the same table as JSON.
#
# ## Closing note: the numbers reached
#
# Measured with `python benchmarks/gan2d.py` (4,000 steps each, ≈ 28 s of CPU per run): on ring8 the
# plain GAN reached 8/8 modes and 92.6 % high quality, PacGAN2 8/8 and 84.5 %, PacGAN4 8/8 and 12.3 %.
# The course's targets, 8/8 with ≥ 97 % on ring8 and 25/25 with ≥ 95 % on grid25, are **not reached
# yet**. Mode
# *coverage* is the easy half; the hard half is *sharpness*: with std 0.01, every sample must land within
# 0.03 of a mode centre, so the generator needs very steep jumps between modes, which a continuous
# network fed continuous noise only learns slowly.
#
# ## Exercises
#
# 1. *(conceptual)* Why does $D$ see only unlabelled points, and why does that make the GAN unsupervised
#    rather than semi-supervised? What would you add to make it semi-supervised?
# 2. *(predict, then run)* Train `config_for("gan", "ring8", steps=1000, lr=2e-2)`. Predict: faster
#    convergence, or trouble? Then run it and read the guard's message if it fires.
# 3. *(coding)* Add a row `pacgan4` on ring8 to the table. Does packing more help on 8 modes?
# 4. *(coding)* In `my_train_step`, remove `.detach()` from `D(fake.detach())`. What changes, and why do
#    the generator's parameters now receive gradients from the discriminator's loss?

# %% [markdown] {"jupyter": {"source_hidden": true}}
# **Solutions** (hidden; double-click to show)
#
# 1. The only targets are "real" and "generated", and the algorithm makes them up; nobody labels anything.
#    A semi-supervised GAN makes $D$ predict $K$ classes plus "fake" and trains the $K$-class part on a
#    few labelled points.
# 2. Ten times the learning rate makes Adam overshoot: the losses swing instead of settling, and quality
#    drops (compare `evaluate()` with the 1,000-step run above). If a loss turns NaN, the guard stops the
#    run and says which learning rate to try.
# 3. `runs["ring8", "pacgan4"] = GAN2D(config_for("pacgan4", "ring8", steps=1000)).train()`, then rerun
#    the table cell. A packed $D$ sees more at once but judges single points less sharply.
# 4. PyTorch raises "Trying to backward through the graph a second time": without `detach`,
#    `d_loss.backward()` also went back through $G$ and freed its graph, which $G$'s own step needs.
#    Even with `retain_graph=True` it would be wasted work, and $G$'s gradients from $D$'s loss (which
#    push $G$ to help $D$) would have to be cleared before $G$'s step.
