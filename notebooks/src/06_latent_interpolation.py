# %% [markdown]
# # 06 · The latent interpolation studio: AE vs VAE vs GAN
#
# Three models turn a short code $z$ into a digit: the autoencoder of notebook 02, the GAN generator of
# notebook 05, and a new one, the **variational autoencoder** (VAE). Here we walk between digits in each
# latent space, see where each space has *holes*, and do arithmetic with codes. This is also the
# instructor's demo notebook: it loads shipped weights, so the widgets are on screen in seconds and answer
# every slider move in a few milliseconds.
#
# **You will learn to**
# - write the VAE's objective, the ELBO (reconstruction + KL), and the reparameterisation trick;
# - explain why a plain autoencoder's latent space has holes, how the VAE's KL term fills them, and where a
#   GAN's generator still draws non-digits;
# - interpolate along linear and spherical paths, and find a GAN's code for a real digit (GAN inversion);
# - do latent arithmetic with class means.
#
# **Run time:** about 20 s top to bottom on a 2-core CPU (measured with `python benchmarks/notebooks.py`; the widgets use shipped models, so they appear within seconds).

# %%
import torch
import torch.nn.functional as F

import course_utils
from course_utils import pretrained
from course_utils.data import load_mnist
from course_utils.latent import class_means, codes_of, lerp, slerp
from course_utils.metrics import hole_fraction, predict
from course_utils.models import VAE
from course_utils.plotting import image_grid
from course_utils.raster import images_png
from course_utils.training import check_finite, fit
from course_utils.vae import negative_elbo
from course_utils.widgets import arithmetic_widget, interpolation_widget, latent_explorer, picture_switcher

device = course_utils.setup(seed=0)

# %% [markdown]
# ## The shipped models
# Each was trained once by the course's own code (`python -m course_utils.pretrained rebuild NAME`
# re-creates it). Loading takes milliseconds, so nothing trains during a demo.

# %%
# 100 test digits per class: the offline sample's size, so the demo starts as fast on full MNIST.
test_images, test_labels = load_mnist("test", per_class=100)
shipped = {"AE": "ae_mnist_d2", "VAE": "vae_mnist_d2", "GAN": "gan_mnist_unlabelled"}  # a GAN that saw no labels
models = {key: pretrained.load(name) for key, name in shipped.items() if name in pretrained.available()}
for key, model in models.items():
    print(f"{key:4s} {shipped[key]:20s} {type(model).__name__:15s} latent_dim = {model.latent_dim}")

# %% [markdown]
# **What differs besides the objective.** The three models were not built as a controlled experiment:
#
# | | AE (`ae_mnist_d2`) | VAE (`vae_mnist_d2`) | GAN (`gan_mnist_unlabelled`) |
# | --- | --- | --- | --- |
# | networks | convolutional | fully connected | convolutional (DCGAN) |
# | code size $d$ | 2 | 2 | 16 |
# | training | MSE, 100 epochs, digits shifted by up to 1 pixel | negative ELBO, 150 epochs | the GAN game, 260 epochs, $D$ sees 2-pixel shifts |
# | labels | none | none | none |
#
# So the AE and the VAE, both with 2-D codes, differ in their objective *and* in their architecture; when
# we compare their holes below, keep both in mind. The GAN's code has 8 times the dimensions, so its numbers
# do not line up one-to-one with the 2-D models'; we compare it with them only where the dimension does not
# decide the answer, and say so.

# %% [markdown]
# ## Demo: walk from one digit to another
# Pick two test digits by class (dropdown) or by index (slider). Each model gets a code for each digit
# (the autoencoders encode it; the GAN, which has no encoder, *searches* for a code whose image matches,
# see below) and decodes the points in between. Move **t** or press ▶. Switch between the **linear** and
# the **spherical** path.

# %% {"tags": ["readme:interpolation_widget"]}
interpolation_widget(models, test_images, test_labels, start=3, end=2, path="linear", t=0.5)

# %% [markdown]
# ## The VAE: an autoencoder whose codes are distributions
# A plain autoencoder maps each image to one point $z = f_\text{enc}(x)$. A VAE's encoder outputs a
# Gaussian $q(z \mid x) = \mathcal N(\mu(x), \operatorname{diag}\sigma^2(x))$, and the decoder gives each
# pixel a probability, $p(x \mid z)$. Training maximises the **evidence lower bound** of $\log p(x)$:
#
# $$\mathrm{ELBO}(x) = \underbrace{\mathbb E_{z \sim q(z \mid x)}\big[\log p(x \mid z)\big]}_{\text{reconstruction}}
#   \;-\; \underbrace{\mathrm{KL}\big(q(z \mid x)\,\|\,\mathcal N(0, I)\big)}_{\text{stay near the prior}}$$
#
# **Where the bound comes from.** For any distribution $q(z \mid x)$, since $p(x) = p(x, z) / p(z \mid x)$ for every $z$,
#
# $$\log p(x) = \mathbb E_{q}\Big[\log \frac{p(x, z)}{p(z \mid x)}\Big]
#   = \mathbb E_{q}\Big[\log \frac{p(x \mid z)\,p(z)}{q(z \mid x)}\Big] + \mathbb E_{q}\Big[\log \frac{q(z \mid x)}{p(z \mid x)}\Big]
#   = \mathrm{ELBO}(x) + \mathrm{KL}\big(q(z \mid x)\,\|\,p(z \mid x)\big),$$
#
# and the first expectation splits into the two terms above, $\mathbb E_q[\log p(x \mid z)] - \mathrm{KL}(q(z \mid x)\,\|\,p(z))$.
# A KL divergence is never negative, so the ELBO is a lower bound on $\log p(x)$, tight exactly when $q$ is
# the true posterior $p(z \mid x)$. Maximising it does two things at once: it raises $\log p(x)$ and pulls
# $q$ towards the posterior.
#
# - The reconstruction term, with one Bernoulli per pixel, is minus the binary cross-entropy summed over
#   the 784 pixels. We estimate the expectation with one sample of $z$. A caveat: our pixels are grey
#   levels in $[0, 1]$, not 0 or 1, and a Bernoulli is a distribution over 0 and 1 only. So this term is a
#   loss that compares models on the same data, not the log-probability of an image, and the "nats" below
#   are its units, not a likelihood you could compare with other papers' (the continuous Bernoulli of
#   Loaiza-Ganem and Cunningham, 2019, is one fix).
# - The KL term has a closed form for Gaussians:
#   $\mathrm{KL} = \tfrac12 \sum_j \big(\mu_j^2 + \sigma_j^2 - \log\sigma_j^2 - 1\big)$.
# - **Reparameterisation.** Sampling $z \sim \mathcal N(\mu, \sigma^2)$ has no gradient with respect to
#   $\mu$ and $\sigma$. Writing $z = \mu + \sigma \odot \varepsilon$ with $\varepsilon \sim \mathcal N(0, I)$
#   moves the randomness into $\varepsilon$, and $z$ becomes a differentiable function of $\mu$ and $\sigma$.
#
# Here is the loss (the negative ELBO), line by line:

# %%
def vae_loss(model, x):
    """Negative ELBO of a batch x (N, 1, 28, 28) in [0, 1]: (loss, reconstruction, kl), nats per digit."""
    mu, logvar = model.encode_stats(x)                   # q(z|x) = N(mu, diag(exp(logvar)))
    eps = torch.randn_like(mu)
    z = mu + torch.exp(0.5 * logvar) * eps               # the reparameterisation
    logits = model.decode_logits(z)                      # p(x|z): one Bernoulli logit per pixel
    reconstruction = F.binary_cross_entropy_with_logits(logits, x, reduction="sum") / len(x)
    kl = 0.5 * (mu.pow(2) + logvar.exp() - logvar - 1).sum() / len(x)
    return reconstruction + kl, reconstruction, kl


demo = VAE(latent_dim=2)
torch.manual_seed(1)
ours = vae_loss(demo, test_images[:64])
torch.manual_seed(1)
package = negative_elbo(demo, test_images[:64])  # the same loss in course_utils, used by the shipped recipe
print(f"our loss {ours[0]:.3f}, course_utils.vae.negative_elbo {package[0]:.3f}, same: {torch.allclose(ours[0], package[0])}")
with torch.no_grad():  # the KL's closed form, against torch's own KL between the two Gaussians
    mu, logvar = demo.encode_stats(test_images[:64])
    q = torch.distributions.Normal(mu, torch.exp(0.5 * logvar))
    by_torch = torch.distributions.kl_divergence(q, torch.distributions.Normal(0.0, 1.0)).sum() / 64
print(f"closed-form KL {ours[2]:.5f}, torch.distributions.kl_divergence {by_torch:.5f}, "
      f"same: {torch.allclose(ours[2], by_torch, rtol=1e-5)}")

# %% [markdown]
# A few epochs of training with that loss, on the 4,000 training digits (about 3 s). The shipped
# `vae_mnist_d2` was trained with the same loss for 150 epochs (`course_utils.training.fit(vae, images,
# objective=negative_elbo)`).

# %%
train_images, _ = load_mnist("train", per_class=400)
optimizer = torch.optim.Adam(demo.parameters(), lr=1e-3)
step = 0
for epoch in range(4):
    totals = torch.zeros(3)
    for index in torch.randperm(len(train_images)).split(128):
        loss, reconstruction, kl = vae_loss(demo, train_images[index])
        check_finite(loss, step=step)  # stop with a clear message if the loss becomes NaN
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        totals += torch.tensor([loss.item(), reconstruction.item(), kl.item()]) * len(index)
        step += 1
    loss, reconstruction, kl = (totals / len(train_images)).tolist()
    print(f"epoch {epoch + 1}: -ELBO {loss:6.1f} = reconstruction {reconstruction:6.1f} + KL {kl:4.2f} nats per digit")

# %%
vae = models["VAE"]
with torch.no_grad():
    torch.manual_seed(0)
    loss, reconstruction, kl = negative_elbo(vae, test_images)
print(f"shipped vae_mnist_d2 on 1,000 unseen digits: -ELBO {loss:.1f} = {reconstruction:.1f} + KL {kl:.2f} nats")

# %% [markdown]
# ## Holes: decode random codes
# To *generate*, we pick a code we have never seen and decode it. For the VAE and the GAN the natural
# choice is the prior, $z \sim \mathcal N(0, I)$: both were trained on it. A plain autoencoder has no prior,
# so we fit a Gaussian to the codes of the test digits and sample from that (the most generous choice).

# %%
encoders = {key: m for key, m in models.items() if callable(getattr(m, "encode", None))}
codes = {key: codes_of(m, test_images) for key, m in encoders.items()}
generator = torch.Generator().manual_seed(0)
random_codes = {}
for key, model in models.items():
    noise = torch.randn(1000, model.latent_dim, generator=generator)
    if key == "AE":  # no prior: a Gaussian fitted to the AE's own codes
        noise = codes[key].mean(0) + codes[key].std(0) * noise
    random_codes[key] = noise
with torch.no_grad():
    samples = {key: models[key].decode(z) for key, z in random_codes.items()}
fig = image_grid(torch.cat([s[:12] for s in samples.values()]), ncols=12, row_labels=list(samples),
                 title="Decoded random codes, one row per model")

# %% [markdown]
# How many look like a digit? We ask the small digit classifier of notebook 05: a sample counts as
# *digit-like* when the classifier gives one class at least 90 % probability (real test digits: first
# line). For the 2-D models we also measure the holes directly: the share of random codes farther from
# every real code than 99 % of real codes are from their nearest neighbour.

# %%
classifier = pretrained.load("mnist_classifier")
confident = lambda images: (predict(classifier, images)[0].max(1).values >= 0.9).double().mean().item()
print(f"real test digits: {confident(test_images):.0%} digit-like")
for key in samples:
    line = f"{key:4s} random codes: {confident(samples[key]):.0%} digit-like"
    if key in codes and models[key].latent_dim == 2:
        line += f", {hole_fraction(random_codes[key], codes[key]):.0%} fall in a hole of the real codes"
    print(line)

# %% [markdown]
# The holes fall from the AE's to the VAE's, but the share of digit-like samples barely moves: at $d = 2$
# both models draw many blurry in-between shapes, hole or no hole, so holes are only part of the story. The
# GAN's line is not directly comparable: its code has 16 dimensions, not 2, and no hole measure is shown.
#
# **Why.** The autoencoder's loss only asks that the codes *of training images* decode well. Nothing says
# where those codes should sit or what lies between them: classes spread into separate arms with empty
# space around them, and the decoder never learned what to draw there. The VAE's KL term pulls every
# $q(z \mid x)$ towards $\mathcal N(0, I)$, so codes fill the prior's region, and the sampling noise makes the
# decoder draw something sensible for a whole neighbourhood of each code, not just one point. The GAN's
# generator is trained *only* on codes drawn from the prior, so no region the prior reaches is left
# untrained: its code space has no empty regions. That does not make every code a digit. As notebook 05
# argued, a continuous generator must pass through shapes that are neither a 3 nor an 8 on its way from
# one to the other, so some prior codes decode to shapes the classifier cannot name (the GAN line above):
# the GAN's gaps are between the classes in image space, not empty regions of its code space. See the
# autoencoders' codes for yourself in the map below.
#
# ## The 2-D latent explorer
# The map shows where the test digits' codes lie (colour = digit). The two sliders move the black marker;
# the digit on the right is the decoder's image of that position. Try the empty regions.

# %%
latent_explorer({key: m for key, m in encoders.items() if m.latent_dim == 2}, test_images, test_labels,
                model="VAE", z=(0.0, 0.0))

# %% [markdown]
# ## β: the price of the prior, and posterior collapse
# Weight the KL term by a number $\beta$, $\;\mathcal L_\beta = \text{reconstruction} + \beta\,\mathrm{KL}$ ($\beta = 1$ is
# the ELBO). A small $\beta$ lets the codes go where reconstruction wants them, however far that is from
# $\mathcal N(0, I)$; a large $\beta$ makes every code pay for leaving the prior. Pay too much, and the encoder
# gives up: $q(z \mid x) = \mathcal N(0, I)$ for every image, the KL is 0, the code says nothing, and the decoder
# can only draw one average digit. That is **posterior collapse**, and the KL *per dimension* shows it (a
# dimension with KL near 0 carries no information about the image). We train three small VAEs, 16 epochs
# each (about 10 s in all), and measure both sides.

# %% {"tolerance": "3% or 0.05", "tolerance_why": "three VAEs trained here: reconstruction and KL move in the 3rd digit between CPU paths"}
def beta_objective(beta):
    def objective(model, x):
        _, reconstruction, kl = negative_elbo(model, x)
        return reconstruction + beta * kl
    return objective


betas, pictures = (0.1, 1.0, 20.0), {}
prior_z = torch.randn(10, 2, generator=torch.Generator().manual_seed(0))
for beta in betas:
    torch.manual_seed(0)
    model = VAE(latent_dim=2)
    fit(model, train_images, objective=beta_objective(beta), epochs=16, batch_size=128, lr=2e-3, device=device,
        progress=False)
    with torch.no_grad():
        mu, logvar = model.encode_stats(test_images)
        kl_per_dim = (0.5 * (mu ** 2 + logvar.exp() - logvar - 1)).mean(0)
        torch.manual_seed(1)
        _, reconstruction, kl = negative_elbo(model, test_images)
        rows = torch.cat([test_images[:10], model(test_images[:10]), model.decode(prior_z)])
    print(f"beta = {beta:4}: reconstruction {reconstruction:5.1f}, KL {kl:5.2f} nats; "
          f"KL per dimension {kl_per_dim[0]:.2f} and {kl_per_dim[1]:.2f}")
    pictures[f"β = {beta:g}"] = images_png(rows, ncols=10, scale=2)
picture_switcher(pictures, description="β", width="560px", name="β switcher: digits, reconstructions, prior samples")

# %% [markdown]
# Each picture: ten test digits, their reconstructions, and ten codes drawn from the prior, decoded. At
# $\beta = 20$ one dimension's KL is near 0: the encoder has switched it off. The other still carries a
# little (it tells 0s from the rest), so every reconstruction and every prior sample is an average digit
# or an average 0, and the reconstruction term is far worse. At $\beta = 0.1$ the KL is large: the codes
# spread well beyond the prior, yet in this short run the reconstructions are only a little better than at
# $\beta = 1$. (Decoders strong enough to draw an image without the code, such as autoregressive ones, make
# collapse far more common than this small MLP does.)

# %% [markdown]
# ## Linear or spherical?
# With a Gaussian prior in $d$ dimensions almost all codes have a norm near $\sqrt d$ (4 for the GAN's
# $d = 16$). The straight line between two such codes passes closer to the origin, where the generator
# rarely saw a code; the spherical path (slerp) keeps the norm. The argument needs many dimensions: in
# 2-D the norm of a Gaussian code does not concentrate (it is anywhere from 0 to about 3), so for the 2-D
# AE and VAE slerp is just another path, neither better nor worse. The widget offers both for every model.

# %%
z0, z1 = torch.randn(2, models["GAN"].latent_dim, generator=torch.Generator().manual_seed(1))
t = torch.linspace(0, 1, 5)
print("t      ", " ".join(f"{v:5.2f}" for v in t.tolist()))
print("|lerp| ", " ".join(f"{v:5.2f}" for v in lerp(z0, z1, t).norm(dim=1).tolist()))
print("|slerp|", " ".join(f"{v:5.2f}" for v in slerp(z0, z1, t).norm(dim=1).tolist()))

# %% [markdown]
# The spherical path between a real 1 and a real 7, decoded by each model: the kind of strip the
# interpolation widget above shows (choose digits 1 and 7 and the spherical path there), drawn once for
# readers without a live kernel. Look at the AE's last frame: the
# 2-D autoencoder's own reconstruction of this 7 already looks like a 9. With two numbers per digit, 7s
# and 9s share a region of its latent space (notebook 02's map), and a path can only end where the
# model's reconstruction of the end digit lies.

# %% {"tags": ["readme:interpolation"]}
ends = [int((test_labels == digit).nonzero()[0]) for digit in (1, 7)]
steps = torch.linspace(0, 1, 9)
strips = []
for key, model in models.items():
    z_ends = codes_of(model, test_images[ends])  # the GAN has no encoder: its codes come from inversion
    with torch.no_grad():
        strips.append(model.decode(slerp(z_ends[0], z_ends[1], steps)))
fig = image_grid(torch.cat(strips), ncols=len(steps), row_labels=list(models),
                 title="From a 1 to a 7 along the spherical path, t = 0 ... 1")

# %% [markdown]
# **GAN inversion.** The GAN has no encoder, so to put a real digit into its latent space
# `course_utils.latent.invert` searches: it starts from the best of 256 random codes and takes 100 Adam
# steps on $\|G(z) - x\|^2 + \tfrac12\|z\|^2$ (the second term keeps $z$ where the prior puts codes).
# That is why the interpolation widget needs a fraction of a second when you change a digit, and only a
# few milliseconds when you move **t**.
#
# ## Latent arithmetic on class means
# Average the codes of all test digits of one class, $\mu_c$. Then $z(x) + s\,(\mu_b - \mu_a)$ moves a digit
# $x$ of class $a$ by the difference between the class means. Does it turn into a $b$ and keep its style?

# %%
means = {key: class_means(codes[key], test_labels) for key in codes}
print({key: f"|mu_7 - mu_1| = {(m[7] - m[1]).norm():.2f}" for key, m in means.items()})
arithmetic_widget(encoders, test_images, test_labels, index=3, target=7, strength=1.0)

# %% [markdown]
# **What we saw.** Look at the third column first: the decoded mean code of the 7s. For both models it is
# not a clean 7 (with two numbers per digit, the average of all 7s' codes lands where the decoder draws a
# 9-like shape), and $z(x) + (\mu_7 - \mu_a)$ moves the digit towards whatever $\mu_7$ decodes to. So at
# $d = 2$ the arithmetic changes the digit, but not reliably into the class asked for, and little of the
# style survives. Arithmetic on codes works better with more dimensions and with attribute directions
# learnt for the purpose; try other digits and targets with the controls.

# %% [markdown]
# ## Exercises
# 1. **Conceptual.** The KL term pulls every code towards $\mathcal N(0, I)$. What would the VAE's map look
#    like if the KL term were multiplied by 0? By 10? Which one has holes, which one blurry digits?
# 2. **Predict, then run.** Decode the origin, $z = (0, 0)$, with the AE and with the VAE. Which one gives a
#    digit-like image? Predict first, then check with the explorer (or `model.decode(torch.zeros(1, 2))`).
# 3. **Coding.** Measure how far the linear path dips: for 1,000 pairs of GAN prior codes, compute the
#    smallest norm along `lerp` and along `slerp` (use 21 values of t). Report both means.
# 4. **Coding.** Train `VAE(latent_dim=2)` with `vae_loss` where the KL term is weighted by 4 for 4 epochs,
#    and compare `hole_fraction` of prior samples and the test -ELBO with the demo model above.

# %% [markdown]
# 5. **Coding, with a self-check.** Write spherical interpolation yourself,
#    $\mathrm{slerp}(z_0, z_1, t) = \frac{\sin((1-t)\Omega)}{\sin\Omega} z_0 + \frac{\sin(t\Omega)}{\sin\Omega} z_1$
#    with $\cos\Omega = \frac{z_0 \cdot z_1}{\lVert z_0\rVert \lVert z_1\rVert}$. The first attempt below is
#    the straight line, on purpose: the check says so.

# %%
from course_utils.checks import check_slerp


def my_slerp(z0, z1, t):
    return (1 - t) * z0 + t * z1  # exercise 5: follow the arc instead


passed = check_slerp(my_slerp)

# %% [markdown]
# 6. **Derivation.** Derive the KL term's closed form in one dimension,
#    $\mathrm{KL}\big(\mathcal N(\mu, \sigma^2)\,\|\,\mathcal N(0, 1)\big) = \tfrac12(\mu^2 + \sigma^2 - \log\sigma^2 - 1)$, from
#    $\mathrm{KL}(q\,\|\,p) = \mathbb E_q[\log q(z) - \log p(z)]$. Why does it simply add up over the dimensions of a
#    diagonal Gaussian? When is it 0?

# %% [markdown]
# <details><summary>Solutions (click to open)</summary>
#
# 1. With weight 0 the VAE is a plain autoencoder with noise on its codes: the noise keeps neighbourhoods
#    decodable, but the codes may drift far apart, so random prior samples land in empty space (holes).
#    With weight 10 the codes crowd into the prior and overlap: no holes, but different digits share
#    codes, and reconstructions become blurry averages.
# 2. The VAE's origin is the middle of its prior, where many digits overlap: a blurry but digit-like
#    image. For the AE the origin may lie off all the arms of codes: it decodes to a smudge.
# 3. `z = torch.randn(1000, 2, 16)`, `t = torch.linspace(0, 1, 21)`; for each pair
#    `lerp(z0, z1, t).norm(dim=1).min()` and the same with `slerp`. The linear minimum averages about 2.7:
#    near $\sqrt{16/2} \approx 2.8$, the midpoint of two nearly orthogonal codes of norm about 4. The spherical one
#    averages about 3.5: slerp interpolates the norms too, so its smallest norm is the shorter end's, and the
#    shorter of two codes is below the typical 4.
# 4. Replace `return reconstruction + kl, ...` by `return reconstruction + 4 * kl, ...`, and compare the two
#    models by the *unweighted* $-$ELBO (`negative_elbo`), since the weighted loss is not a bound. The KL drops,
#    the reconstruction term grows, and fewer prior samples fall in holes.
#
# 5. `omega = torch.arccos(torch.dot(z0, z1) / (z0.norm() * z1.norm()))`, then
#    `return (torch.sin((1 - t) * omega) * z0 + torch.sin(t * omega) * z1) / torch.sin(omega)`.
# 6. With $\log q(z) = -\tfrac12\log(2\pi\sigma^2) - \frac{(z-\mu)^2}{2\sigma^2}$ and $\log p(z) = -\tfrac12\log(2\pi) - \frac{z^2}{2}$,
#    $\log q - \log p = -\tfrac12\log\sigma^2 - \frac{(z-\mu)^2}{2\sigma^2} + \frac{z^2}{2}$. Under $q$,
#    $\mathbb E[(z-\mu)^2] = \sigma^2$ and $\mathbb E[z^2] = \sigma^2 + \mu^2$, so
#    $\mathrm{KL} = -\tfrac12\log\sigma^2 - \tfrac12 + \tfrac12(\sigma^2 + \mu^2) = \tfrac12(\mu^2 + \sigma^2 - \log\sigma^2 - 1)$.
#    For a diagonal Gaussian against $\mathcal N(0, I)$ both densities are products over the dimensions, so their
#    logs, and the expectation of their difference, are sums. Each term is 0 exactly when $\mu = 0$ and $\sigma = 1$
#    ($x - \log x - 1 \ge 0$ with equality at $x = 1$): a code that says nothing about its image. When that
#    happens to every dimension, the encoder has been ignored: **posterior collapse**.
# </details>
