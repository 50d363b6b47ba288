"""The settings of the course's training runs, written once.

Each field is a keyword of the function or constructor the settings feed, so ``fit(model, images,
**asdict(AE_NOTEBOOK_FIT))`` and ``GAN_ARCH.build()`` need no hand-written mapping. The notebooks import
these (the package is all Colab installs), ``recipes`` trains the shipped weights with them, and the
benchmarks measure them. How the shipped settings were chosen: ``docs/training-log.md``.
"""
from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class AutoencoderFit:
    """Keywords of ``training.fit``."""

    epochs: int
    batch_size: int = 64
    lr: float = 2e-3
    cosine: bool = True  # the learning rate decays to 0 along a cosine: the last epochs polish
    shift: int = 0  # random shifts of up to this many pixels: the shipped runs are long enough to memorise


# Autoencoders (notebook 02): the notebook trains for seconds; the shipped files (ae_mnist_d2, ae_mnist_d32)
# use the same architecture for a few CPU minutes each. benchmarks/autoencoder.py measures both.
AE_NOTEBOOK_FIT = AutoencoderFit(epochs=12)
AE_SHIPPED_FIT = AutoencoderFit(epochs=100, shift=1)
# The control for the shifts (notebook 03): ae_mnist_d32's recipe with nothing changed but the shifts.
AE_NO_SHIFT_FIT = replace(AE_SHIPPED_FIT, shift=0)
# Notebook 03 (and benchmarks/applications.py): the anomaly detector, an MLPAutoencoder(16, [256, 64]) trained
# on 320 zeros, and the denoiser, ae_mnist_d32's architecture trained on noisy inputs.
DETECTOR_FIT = AutoencoderFit(epochs=30, batch_size=32, cosine=False)
DENOISER_FIT = AutoencoderFit(epochs=10, cosine=False)
# The shipped VAE (vae_mnist_d2, notebook 06): VAE(latent_dim=2, hidden=VAE_HIDDEN), negative ELBO.
VAE_HIDDEN = (128, 64)
VAE_SHIPPED_FIT = AutoencoderFit(epochs=150, batch_size=128, lr=1e-3, cosine=False)


@dataclass(frozen=True)
class GeneratorArch:
    """Arguments of ``models.DCGANGenerator``."""

    latent_dim: int = 16
    channels: int = 64
    final_maps: int = 0  # > 0: feature maps at 28x28 before the image (more capacity where strokes are drawn)
    label_classes: int = 0  # 10: class-conditional, G(z, digit)

    def build(self):
        from .models import DCGANGenerator

        return DCGANGenerator(self.latent_dim, self.channels, self.final_maps, self.label_classes)


@dataclass(frozen=True)
class DiscriminatorArch:
    """Arguments of ``models.DCGANDiscriminator``."""

    channels: int = 32
    num_classes: int = 0  # 10: a class head that also names the digits (the shipped gan_mnist)
    label_classes: int = 0  # 10: class-conditional, D(x, digit)

    def build(self):
        from .models import DCGANDiscriminator

        return DCGANDiscriminator(self.channels, self.num_classes, self.label_classes)


@dataclass(frozen=True)
class GANArch:
    """The two networks of an image GAN; ``build()`` makes both (generator first, as the seeds expect)."""

    generator: GeneratorArch
    discriminator: DiscriminatorArch

    def build(self):
        return self.generator.build(), self.discriminator.build()


@dataclass(frozen=True)
class GANFit:
    """Keywords of ``gan.train_dcgan``."""

    epochs: int
    batch_size: int = 64
    lr: float = 1e-3  # 5x DCGAN's usual 2e-4: better digits within these small budgets
    ema: float = 0.0  # > 0: G ends with a moving average of its weights
    shift: int = 0  # D sees every image shifted by up to this many pixels
    class_weight: float = 0.0  # with labels: weight of G's "nameable digits" loss (0: only D learns the names)


# DCGAN on MNIST (notebook 05). The notebook trains GAN_ARCH with GAN_NOTEBOOK_FIT live (about 20 s);
# the shipped generators have 28x28 feature maps in G and twice the channels in D, trained for about
# 48 CPU minutes each. benchmarks/gan_mnist.py measures all three.
GAN_ARCH = GANArch(GeneratorArch(latent_dim=16, channels=64), DiscriminatorArch(channels=32))
GAN_NOTEBOOK_FIT = GANFit(epochs=5)
GAN_UNLABELLED_ARCH = GANArch(GeneratorArch(latent_dim=16, channels=64, final_maps=32), DiscriminatorArch(channels=64))
GAN_UNLABELLED_FIT = GANFit(epochs=260, ema=0.999, shift=2)
# gan_mnist: two stages on one D with a class head. 194 epochs without labels (the same batches, so the same
# weights, as gan_mnist_unlabelled's run at that point; no average is kept, since the second stage starts a
# new one from the trained weights), then 65 epochs in which D also names the training digits and G is asked
# for nameable ones.
GAN_SHIPPED_ARCH = GANArch(GAN_UNLABELLED_ARCH.generator, DiscriminatorArch(channels=64, num_classes=10))
GAN_SHIPPED_FIT = GANFit(epochs=194, shift=2)
GAN_SHIPPED_LABELLED_FIT = GANFit(epochs=65, ema=0.999, shift=2, class_weight=5.0)
# gan_mnist_conditional: the unlabelled architecture made class-conditional (the digit goes into G and D),
# trained with the training labels from the first step.
GAN_CONDITIONAL_ARCH = GANArch(GeneratorArch(latent_dim=16, channels=64, final_maps=32, label_classes=10),
                               DiscriminatorArch(channels=64, label_classes=10))
GAN_CONDITIONAL_FIT = GANFit(epochs=100, ema=0.999, shift=2)


@dataclass(frozen=True)
class ClassifierFit:
    """Keywords of ``training.train_classifier``."""

    steps: int = 3000
    batch_size: int = 64
    lr: float = 1e-3
    max_shift: int = 2
    seed: int = 0
    channels: int = 16
    feature_dim: int = 64


# The judge of GAN samples (notebook 05); benchmarks/gan_mnist.py --classifier-steps tries longer runs.
CLASSIFIER_FIT = ClassifierFit()


# The values of C (logistic regression's inverse regularisation strength) that notebook 03 and
# benchmarks/applications.py try for each kind of feature, choosing on validation digits. A choice can land
# on an end (with 10 labels, sometimes 100); there the validation score has gone flat
# (benchmarks/applications.py --c-sweep tries 1e-6 to 1e4).
LOGREG_STRENGTHS = (1e-4, 1e-3, 1e-2, 1e-1, 1.0, 10.0, 100.0)

# The numbers of PCA components notebook 03's denoising baseline chooses among, on validation digits.
PCA_DENOISE_KS = (8, 16, 32, 64, 128)

# The course plan's targets for the 2-D GANs (notebook 04, benchmarks/gan2d.py), on 2,500 samples:
# every mode captured and a share of high-quality samples (within 3 sigma of a mode), as VEEGAN and
# PacGAN report; and, so that a generator that piles its samples on a few modes or squeezes each mode
# to a point cannot pass, an even share over the modes and clouds at least half as wide as the data's
# (metrics.mode_balance: real samples give balance 0.998-1.000 and spread 0.96-0.97).
COVERAGE_TARGETS = {"ring8": {"modes": 8, "high_quality": 0.97}, "grid25": {"modes": 25, "high_quality": 0.95}}
BALANCE_TARGET = 0.95
SPREAD_TARGET = 0.5
