"""Models of the course. Every model that turns latent codes into images has ``latent_dim`` and
``decode(z)`` returning images in [0, 1] of shape ``(N, 1, 28, 28)``; autoencoders also have
``encode(x)``. Each model keeps its constructor arguments in ``config`` so ``pretrained`` can save it.
"""
from __future__ import annotations

import torch
from torch import nn

from ._validate import IMAGE_SHAPE, integer, tensor, to_model
from ._validate import codes as check_codes
from ._validate import images as check_images
from ._validate import labels as check_labels


def _linear_relu(widths: list[int]) -> list[nn.Module]:
    """``Linear(a, b), ReLU()`` for each consecutive pair of ``widths``: the body of an MLP."""
    layers: list[nn.Module] = []
    for a, b in zip(widths[:-1], widths[1:]):
        layers += [nn.Linear(a, b), nn.ReLU()]
    return layers


def _mlp_pair(latent_dim: int, hidden: list[int], code_width: int, *output: nn.Module) -> tuple[nn.Sequential, nn.Sequential]:
    """An MLP encoder ``784 -> hidden... -> code_width`` and its mirror, a decoder ``latent_dim -> ...hidden -> 784``
    followed by ``output`` and a reshape to ``(1, 28, 28)``. Built encoder first, so a seed gives the same weights."""
    widths, back = [784, *hidden], [latent_dim, *reversed(hidden)]
    encoder = nn.Sequential(nn.Flatten(), *_linear_relu(widths), nn.Linear(widths[-1], code_width))
    decoder = nn.Sequential(*_linear_relu(back), nn.Linear(back[-1], 784), *output, nn.Unflatten(1, IMAGE_SHAPE))
    return encoder, decoder


class Autoencoder(nn.Module):
    """Shared API: ``z = encode(x)``, ``x_hat = decode(z)``, ``forward(x) = decode(encode(x))``.

    Subclasses build ``self.encoder`` (images -> codes) and ``self.decoder`` (codes -> pixels in
    [0, 1], ending in a sigmoid so the output has the same range as the data).
    """

    latent_dim: int
    config: dict

    def encode(self, x: torch.Tensor) -> torch.Tensor:
        """``(N, 1, 28, 28)`` images in [0, 1] -> ``(N, latent_dim)`` codes."""
        return self.encoder(check_images(x, name="x", model=self))

    def decode(self, z: torch.Tensor) -> torch.Tensor:
        """``(N, latent_dim)`` codes -> ``(N, 1, 28, 28)`` images in [0, 1]."""
        return self.decoder(check_codes(z, self.latent_dim, model=self))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.decode(self.encode(x))


class MLPAutoencoder(Autoencoder):
    """Fully connected autoencoder: 784 -> hidden... -> latent_dim -> ...hidden -> 784 (sigmoid).

    ``hidden`` lists the encoder's hidden widths; the decoder mirrors them.
    """

    def __init__(self, latent_dim: int = 2, hidden: list[int] | tuple[int, ...] = (256, 64)):
        super().__init__()
        self.latent_dim = integer(latent_dim, "latent_dim")
        self.config = {"latent_dim": latent_dim, "hidden": [int(h) for h in hidden]}
        self.encoder, self.decoder = _mlp_pair(latent_dim, self.config["hidden"], latent_dim, nn.Sigmoid())


class ConvAutoencoder(Autoencoder):
    """Convolutional autoencoder.

    Encoder: two stride-2 convolutions (28 -> 14 -> 7 pixels, ``channels`` feature maps), then a
    dense layer of ``hidden`` units (skipped when ``hidden=0``) and a linear map to ``latent_dim``.
    The decoder mirrors it with transposed convolutions and ends in a sigmoid.
    """

    def __init__(self, latent_dim: int = 2, channels: list[int] | tuple[int, int] = (16, 32), hidden: int = 64):
        super().__init__()
        self.latent_dim = integer(latent_dim, "latent_dim")
        c1, c2 = (int(c) for c in channels)
        hidden = int(hidden)
        self.config = {"latent_dim": latent_dim, "channels": [c1, c2], "hidden": hidden}
        flat = c2 * 7 * 7
        dense_in = [nn.Linear(flat, hidden), nn.ReLU(), nn.Linear(hidden, latent_dim)] if hidden else [nn.Linear(flat, latent_dim)]
        dense_out = [nn.Linear(latent_dim, hidden), nn.ReLU(), nn.Linear(hidden, flat)] if hidden else [nn.Linear(latent_dim, flat)]
        self.encoder = nn.Sequential(
            nn.Conv2d(1, c1, 3, stride=2, padding=1), nn.ReLU(),   # 28 -> 14
            nn.Conv2d(c1, c2, 3, stride=2, padding=1), nn.ReLU(),  # 14 -> 7
            nn.Flatten(), *dense_in,
        )
        self.decoder = nn.Sequential(
            *dense_out, nn.ReLU(), nn.Unflatten(1, (c2, 7, 7)),
            nn.ConvTranspose2d(c2, c1, 4, stride=2, padding=1), nn.ReLU(),  # 7 -> 14
            nn.ConvTranspose2d(c1, 1, 4, stride=2, padding=1), nn.Sigmoid(),  # 14 -> 28
        )


# ----------------------------------------------------------------------------- DCGAN (notebook 05)

class DCGANGenerator(nn.Module):
    """DCGAN generator (Radford et al., 2016) for 28x28 digits: ``decode(z)`` -> images in [0, 1].

    ``z (N, latent_dim)`` -> linear -> ``(2c, 7, 7)`` -> transposed conv -> ``(c, 14, 14)`` ->
    transposed conv -> ``(1, 28, 28)`` -> sigmoid, with ``c = channels`` and batch norm + ReLU
    between layers. With ``final_maps = k > 0`` the second transposed conv makes ``k`` feature maps
    at 28x28 instead (batch norm, ReLU) and a 3x3 convolution draws the image from them: more
    capacity where the strokes are drawn, at about 1.7 times the compute. ``forward`` is ``decode``.

    With ``label_classes = K > 0`` the generator is class-conditional (Mirza & Osindero, 2014): it
    draws the digit it is given, ``decode(z, labels)`` with ``labels (N,)`` in 0..K-1, whose one-hot
    vectors are appended to ``z`` before the first layer.
    """

    def __init__(self, latent_dim: int = 32, channels: int = 32, final_maps: int = 0, label_classes: int = 0):
        super().__init__()
        self.latent_dim = integer(latent_dim, "latent_dim")
        c, k = int(channels), int(final_maps)
        if k < 0:
            raise ValueError(f"final_maps must be >= 0 (0: no 28x28 feature maps), got {final_maps!r}")
        self.label_classes = _label_classes(label_classes)
        self.config = {"latent_dim": latent_dim, "channels": c, "final_maps": k}
        if label_classes:  # only then, so the files saved before conditional models existed rebuild identically
            self.config["label_classes"] = label_classes
        layers = [
            nn.Linear(latent_dim + label_classes, 2 * c * 7 * 7, bias=False), nn.Unflatten(1, (2 * c, 7, 7)),
            nn.BatchNorm2d(2 * c), nn.ReLU(),
            nn.ConvTranspose2d(2 * c, c, 4, stride=2, padding=1, bias=False),  # 7 -> 14
            nn.BatchNorm2d(c), nn.ReLU(),
        ]  # built in this order so a seed gives the same initial weights as ever
        if k:
            layers += [nn.ConvTranspose2d(c, k, 4, stride=2, padding=1, bias=False),  # 14 -> 28
                       nn.BatchNorm2d(k), nn.ReLU(), nn.Conv2d(k, 1, 3, padding=1)]
        else:
            layers += [nn.ConvTranspose2d(c, 1, 4, stride=2, padding=1)]  # 14 -> 28
        self.net = nn.Sequential(*layers, nn.Sigmoid())

    def decode(self, z: torch.Tensor, labels: torch.Tensor | None = None) -> torch.Tensor:
        """``(N, latent_dim)`` noise (and, for a conditional generator, ``(N,)`` labels) -> ``(N, 1, 28, 28)``
        images in [0, 1]."""
        z = check_codes(z, self.latent_dim, model=self)
        if self.label_classes:
            z = torch.cat([z, _one_hot(labels, len(z), self.label_classes, z)], dim=1)
        elif labels is not None:
            raise ValueError("this generator is not class-conditional (label_classes=0): call it without labels")
        return self.net(z)

    def forward(self, z: torch.Tensor, labels: torch.Tensor | None = None) -> torch.Tensor:
        return self.decode(z, labels)


def _label_classes(k) -> int:
    if integer(k, "label_classes", low=0) == 1:
        raise ValueError(f"label_classes must be 0 (not conditional) or an int >= 2, got {k!r}")
    return k


def _one_hot(labels, n: int, classes: int, like: torch.Tensor) -> torch.Tensor:
    """``(n, classes)`` one-hot rows for ``labels`` on ``like``'s device and dtype; a clear error when missing."""
    if labels is None:
        raise ValueError(f"this model is class-conditional: pass labels, a long tensor of shape ({n},) "
                         f"with classes 0-{classes - 1} (the digit to draw or judge)")
    labels = check_labels(labels, n, classes).to(like.device)
    return nn.functional.one_hot(labels, classes).to(like)


class DCGANDiscriminator(nn.Module):
    """DCGAN discriminator: ``(N, 1, 28, 28)`` images -> ``(N,)`` logits (``D(x) = sigmoid(logit)``).

    Two stride-2 convolutions (28 -> 14 -> 7, ``channels`` then ``2 * channels`` maps) with
    LeakyReLU(0.2), batch norm on the second, then one linear unit. It returns logits, not
    probabilities, so the losses can use ``binary_cross_entropy_with_logits``.

    With ``num_classes = K > 0`` a second linear layer on the same features also names the digit:
    ``forward_with_classes(x)`` returns the real/fake logits and ``(N, K)`` class logits
    (an auxiliary classifier, as in Odena et al., 2017; see ``gan.class_entropy_loss``).

    With ``label_classes = K > 0`` the discriminator is class-conditional: ``forward(x, labels)`` asks
    "is this a real image *of this digit*?". The label enters by projection (Miyato & Koyama, 2018):
    the logit gains ``embed(label) . features``, so each class has its own direction in feature space.
    """

    def __init__(self, channels: int = 32, num_classes: int = 0, label_classes: int = 0):
        super().__init__()
        c = int(channels)
        if integer(num_classes, "num_classes", low=0) == 1:
            raise ValueError(f"num_classes must be 0 (no class head) or an int >= 2, got {num_classes!r}")
        self.config = {"channels": c, "num_classes": num_classes}
        if label_classes:  # only then, so older files rebuild identically
            self.config["label_classes"] = label_classes
        self.num_classes = num_classes
        self.label_classes = _label_classes(label_classes)
        self.net = nn.Sequential(
            nn.Conv2d(1, c, 4, stride=2, padding=1), nn.LeakyReLU(0.2),  # 28 -> 14
            nn.Conv2d(c, 2 * c, 4, stride=2, padding=1, bias=False),     # 14 -> 7
            nn.BatchNorm2d(2 * c), nn.LeakyReLU(0.2),
            nn.Flatten(), nn.Linear(2 * c * 7 * 7, 1),
        )
        # Built after net, so a seed gives the same real/fake layers with or without the class head.
        self.classify = nn.Linear(2 * c * 7 * 7, num_classes) if num_classes else None
        self.embed = nn.Embedding(label_classes, 2 * c * 7 * 7) if label_classes else None
        if self.embed is not None:
            nn.init.zeros_(self.embed.weight)  # start as an unconditional D; the classes' directions are learnt

    def _features(self, x: torch.Tensor) -> torch.Tensor:
        # No range check: R1 and the live training feed D through autograd, and G's sigmoid keeps fakes in [0, 1].
        x = tensor(x, "x", "images of shape (N, 1, 28, 28)")
        if x.ndim != 4 or tuple(x.shape[1:]) != IMAGE_SHAPE or not x.is_floating_point():
            raise ValueError(f"the discriminator expects float images of shape (N, 1, 28, 28), got "
                             f"{tuple(x.shape)} {x.dtype}")
        return self.net[:-1](to_model(x, self))

    def forward(self, x: torch.Tensor, labels: torch.Tensor | None = None) -> torch.Tensor:
        """``(N, 1, 28, 28)`` images (and, for a conditional D, ``(N,)`` labels) -> ``(N,)`` logits."""
        h = self._features(x)
        logits = self.net[-1](h).squeeze(1)
        if self.embed is not None:
            return logits + (_one_hot(labels, len(x), self.label_classes, h) @ self.embed.weight * h).sum(1)
        if labels is not None:
            raise ValueError("this discriminator is not class-conditional (label_classes=0): call it without labels")
        return logits

    def forward_with_classes(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """``(N, 1, 28, 28)`` -> real/fake logits ``(N,)`` and class logits ``(N, num_classes)``, from one pass."""
        if self.classify is None:
            raise ValueError("this discriminator has no class head; build it with num_classes=10")
        h = self._features(x)
        return self.net[-1](h).squeeze(1), self.classify(h)


class MNISTClassifier(nn.Module):
    """A small CNN digit classifier; it measures GAN samples (notebook 05).

    Two 3x3 conv + max-pool blocks (28 -> 14 -> 7, ``channels`` then ``2 * channels`` maps), a
    ``feature_dim``-unit ReLU layer (``features(x)``, the space the Fréchet distance uses) and a
    linear layer to 10 logits (``forward(x)``).
    """

    def __init__(self, channels: int = 16, feature_dim: int = 64):
        super().__init__()
        c, f = int(channels), int(feature_dim)
        self.config = {"channels": c, "feature_dim": f}
        self.feature_dim = f
        self.body = nn.Sequential(
            nn.Conv2d(1, c, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),          # 28 -> 14
            nn.Conv2d(c, 2 * c, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),  # 14 -> 7
            nn.Flatten(), nn.Linear(2 * c * 7 * 7, f), nn.ReLU(),
        )
        self.head = nn.Linear(f, 10)

    def features(self, x: torch.Tensor) -> torch.Tensor:
        """``(N, 1, 28, 28)`` images in [0, 1] -> ``(N, feature_dim)`` penultimate activations."""
        return self.body(check_images(x, name="x", model=self))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """``(N, 1, 28, 28)`` images in [0, 1] -> ``(N, 10)`` logits."""
        return self.head(self.features(x))


# ----------------------------------------------------------------------------- VAE (notebook 06)

class VAE(nn.Module):
    """Variational autoencoder (Kingma & Welling, 2014) with fully connected encoder and decoder.

    The encoder maps an image to the mean ``mu`` and log-variance ``logvar`` of a Gaussian
    ``q(z|x) = N(mu, diag(exp(logvar)))`` (``encode_stats``); the decoder maps a code to one Bernoulli
    logit per pixel (``decode_logits``). ``encode(x)`` returns ``mu``, ``decode(z)`` the pixel
    probabilities ``sigmoid(logits)`` in [0, 1], and ``forward(x) = decode(encode(x))``, the same API
    as the autoencoders. The ELBO is ``vae.negative_elbo``; ``training.fit(model, images,
    objective=negative_elbo)`` trains it.
    """

    def __init__(self, latent_dim: int = 2, hidden: list[int] | tuple[int, ...] = (128, 64)):
        super().__init__()
        self.latent_dim = integer(latent_dim, "latent_dim")
        self.config = {"latent_dim": latent_dim, "hidden": [int(h) for h in hidden]}
        # The encoder gives [mu, logvar]; the decoder gives one logit per pixel.
        self.encoder, self.decoder = _mlp_pair(latent_dim, self.config["hidden"], 2 * latent_dim)

    def encode_stats(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """``(N, 1, 28, 28)`` images in [0, 1] -> ``mu, logvar``, each ``(N, latent_dim)``."""
        mu, logvar = self.encoder(check_images(x, name="x", model=self)).chunk(2, dim=1)
        return mu, logvar

    def encode(self, x: torch.Tensor) -> torch.Tensor:
        """``(N, 1, 28, 28)`` images in [0, 1] -> ``(N, latent_dim)`` codes (the means ``mu``)."""
        return self.encode_stats(x)[0]

    def decode_logits(self, z: torch.Tensor) -> torch.Tensor:
        """``(N, latent_dim)`` codes -> ``(N, 1, 28, 28)`` pixel logits (use with BCE-with-logits)."""
        return self.decoder(check_codes(z, self.latent_dim, model=self))

    def decode(self, z: torch.Tensor) -> torch.Tensor:
        """``(N, latent_dim)`` codes -> ``(N, 1, 28, 28)`` images in [0, 1]."""
        return torch.sigmoid(self.decode_logits(z))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.decode(self.encode(x))
