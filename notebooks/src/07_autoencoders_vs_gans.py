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
# | generates new data | poorly from random codes (see above) | yes, somewhat blurry | yes, sharpest |
# | training | stable, one loss going down | stable | delicate: two players, mode collapse (notebook 04) |
# | measured in this course | d=2 and d=32 per-pixel MSE vs PCA (02) | 2-D latent explorer (06) | 2-D mode coverage (04), classifier score (05) |
# | good for | dimension reduction, features, anomaly detection, denoising (03) | smooth latent spaces, interpolation (06) | sharp image generation (05); as extra training data for a 100-label classifier it did not help in 05's test |
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
#   benchmark), gradient penalties such as R1 (derived and measured in 04) and WGAN-GP (not in this course);
# - **judging variety**: packing (PacGAN, in the benchmark) or minibatch statistics, against mode collapse;
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
# 3. **(predict, then run)** In 16 dimensions, how long is a typical code $z \sim \mathcal{N}(0, I)$? With the
#    GAN, decode ten codes of length exactly 4,
#    `z = 4 * torch.nn.functional.normalize(torch.randn(10, 16), dim=1)`, and ten of length 1. Which set
#    looks like the first picture's digits, and why?

# %% [markdown]
# 4. **With a self-check.** Which model would you pick for each job? Fill in `"autoencoder"`, `"VAE"` or
#    `"GAN"`; where two fit, either is right. The first attempt below has mistakes on purpose.

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
# 2. The VAE and GAN rows change most: they were trained on codes near $\mathcal{N}(0, I)$, and codes three times
#    larger fall outside what they saw. The GAN often still gives digit-like strokes; the VAE saturates towards a
#    few shapes. The autoencoder's codes were never tied to a prior, so its row was already erratic.
# 3. About 4: the squared length is a sum of 16 squares of standard normals, with mean 16, so the length is
#    $\sqrt{16} = 4$ give or take about 0.7. Almost every code the GAN saw in training had a length between 3 and
#    5, so the length-4 codes look like the first picture's digits. Length-1 codes lie deep inside that shell,
#    where the generator was almost never trained: whatever it draws there is extrapolation. (This is why
#    notebook 06 interpolates along the sphere.)
# 4. Autoencoder (rebuild error, 03); autoencoder or VAE (encoders); VAE or GAN (trained with a prior); GAN
#    (sharpest); VAE (the KL term fills the prior).
# </details>
