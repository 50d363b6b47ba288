"""How each shipped weight file is trained, using the course's own code.

``RECIPES[name] = (description, function)``; the function returns the trained model (any device).
Run one with ``python -m course_utils.pretrained rebuild NAME``. Recipes seed through
``course_utils.setup(seed=0)`` (called by ``pretrained.rebuild``) and train on CPU-friendly budgets.
"""
from __future__ import annotations

from typing import Callable

from torch import nn

RECIPES: dict[str, tuple[str, Callable[[], nn.Module]]] = {}


def recipe(name: str, description: str):
    """Register a function that trains and returns the model shipped as ``name``."""
    def register(fn: Callable[[], nn.Module]) -> Callable[[], nn.Module]:
        RECIPES[name] = (description, fn)
        return fn
    return register
