# %% [markdown]
# # 07 · Autoencoders vs GANs: what we measured, and where to go next
#
# **Run time:** about 3 s top to bottom on a 2-core CPU (measured with `python benchmarks/notebooks.py`; it loads the shipped weights; nothing is trained).
#
# **You will be able to**
# - compare autoencoders, VAEs and GANs on what they learn, how they are trained and what they are good for;
# - say why "GANs are semi-supervised" is wrong, and what a semi-supervised GAN actually is;
# - explain why GANs for text are hard, and what "more stable GAN training" means today.
#
# This notebook closes the course. It corrects and extends the comparison in the source document
# (`autoencoders-and-gans.zh.md`, §2 and §9.1) with the numbers measured in notebooks 02–06.

# %%
import torch

import course_utils
from course_utils import pretrained
from course_utils.plotting import image_grid

device = course_utils.setup(seed=0)

# %% [markdown]
# ## One picture: what each model makes from random codes
#
# Each model below turns latent codes into images with the same call, `decode(z)`. We draw the codes from the
# standard normal distribution, the prior that the VAE and the GAN were trained to use. The autoencoder was
# never told what its codes should look like, so random codes often land in the holes of its latent space.

# %%
names = {"autoencoder (d=2)": "ae_mnist_d2", "VAE (d=2)": "vae_mnist_d2", "GAN": "gan_mnist"}
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
# The course's shipped `gan_mnist` is such a variant: its discriminator also names the training digits, and the
# generator is asked for digits it can name (notebook 05, section 4). `gan_mnist_unlabelled`, trained the same
# way without labels, scores lower but needs none.
#
# | | autoencoder | variational autoencoder (VAE) | GAN |
# | --- | --- | --- | --- |
# | networks | encoder + decoder | encoder (outputs a mean and a variance) + decoder | generator + discriminator |
# | training signal | reconstruction error (MSE) | ELBO: reconstruction + KL to the prior | the minimax game $V(D,G)$ |
# | labels needed | none | none | none (semi-supervised GANs are a variant) |
# | has an encoder $x \to z$ | yes | yes | no (the generator only goes $z \to x$) |
# | latent space | whatever helps reconstruction: clusters with holes between them | close to $\mathcal{N}(0, I)$, no holes | $z \sim \mathcal{N}(0, I)$ by construction |
# | generates new data | poorly from random codes (see above) | yes, somewhat blurry | yes, sharpest |
# | training | stable, one loss going down | stable | delicate: two players, mode collapse (notebook 04) |
# | measured in this course | d=2 and d=32 per-pixel MSE vs PCA (02) | 2-D latent explorer (06) | 2-D mode coverage (04), classifier score (05) |
# | good for | dimension reduction, features, anomaly detection, denoising (03) | smooth latent spaces, interpolation (06) | image generation, augmentation (05) |
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
# Notebook 04 measured the cures on 2-D data. What the field converged on:
# - **the non-saturating generator loss**, so G learns when D is winning (04);
# - **constraining the discriminator**: spectral normalisation, gradient penalties (WGAN-GP, R1), so D's gradients
#   stay informative (04);
# - **judging variety**: packing (PacGAN) or minibatch statistics, against mode collapse (04);
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
# - Try the exercises at the end of each notebook; each coding exercise has a self-check.

# %% [markdown]
# ## Exercises
#
# 1. **(conceptual)** A friend says: "A GAN's discriminator is a classifier, and classifiers need labels, so GANs
#    are supervised." What is wrong with that argument?
# 2. **(predict, then run)** Change the cell above to draw codes with `3 * torch.randn(...)` instead of
#    `torch.randn(...)`. Which row will change most? Predict, then run.
# 3. **(coding)** Pick a code `z` with `torch.zeros(1, 2)` and decode it with the d=2 autoencoder and the VAE.
#    Which one gives a recognisable digit, and why?
#
# <details><summary>Solutions (click to open)</summary>
#
# 1. The discriminator is a classifier, but its labels ("real" for data, "fake" for the generator's samples) are
#    produced by the training procedure itself. No person labels anything, so the method is unsupervised.
# 2. The VAE and GAN rows change most: they were trained on codes near $\mathcal{N}(0, I)$, and codes three times
#    larger fall outside what they saw. The GAN often still gives digit-like strokes; the VAE saturates towards a
#    few shapes. The autoencoder's codes were never tied to a prior, so its row was already erratic.
# 3. The VAE: its KL term pulls the codes of real digits towards the origin, so $z = 0$ lies in the middle of the
#    data. For the plain autoencoder, the origin may fall between clusters, a "hole".
# </details>
