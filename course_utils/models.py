"""Models of the course. Every model that turns latent codes into images has ``latent_dim`` and
``decode(z)`` returning images in [0, 1] of shape ``(N, 1, 28, 28)``; autoencoders also have
``encode(x)``. Each model keeps its constructor arguments in ``config`` so ``pretrained`` can save it.
"""
from __future__ import annotations
