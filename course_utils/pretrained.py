"""Shipped pretrained weights: ``available()``, ``load(name)``, and the command that rebuilds them.

Each file under ``course_utils/weights/`` is a plain dict ``{"arch", "config", "state_dict"}``:
``arch`` names a class in ``course_utils.models``, ``config`` its keyword arguments. Files are
loaded with ``torch.load(..., weights_only=True)`` after their SHA-256 is checked against
``weights/manifest.json``.

Rebuild one file (or all) from the project's own training code::

    python -m course_utils.pretrained rebuild NAME      # or: rebuild all

The recipes live in ``course_utils.recipes``; each is deterministic on CPU.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import re
import time
from pathlib import Path

import torch
from torch import nn

from ._files import written_whole

WEIGHTS_DIR = Path(__file__).parent / "weights"
MANIFEST = WEIGHTS_DIR / "manifest.json"


class WeightsError(RuntimeError):
    """A shipped weight file is missing, corrupt, or does not match its model."""


def _manifest() -> dict:
    if not MANIFEST.exists():
        return {}
    return json.loads(MANIFEST.read_text())


def available() -> dict[str, str]:
    """Names of the shipped weights, each with a one-line description."""
    return {name: entry["description"] for name, entry in sorted(_manifest().items())}


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def load(name: str, *, device: str | torch.device = "cpu") -> nn.Module:
    """Build the model named ``name`` and load its shipped weights; returns it in eval mode."""
    from . import _validate, models

    device = _validate.device(device)
    manifest = _manifest()
    if not isinstance(name, str) or name not in manifest:
        raise ValueError(f"no pretrained weights named {name!r}; available: {sorted(manifest)}")
    entry = manifest[name]
    path = WEIGHTS_DIR / entry["file"]
    rebuild = f"python -m course_utils.pretrained rebuild {name}"
    if not path.exists():
        raise WeightsError(f"{path.name} is missing from {WEIGHTS_DIR}; reinstall course_utils or run `{rebuild}`")
    if _sha256(path) != entry["sha256"]:
        raise WeightsError(f"{path.name} is corrupt (SHA-256 does not match the manifest); "
                           f"reinstall course_utils or run `{rebuild}`")
    blob = torch.load(path, map_location="cpu", weights_only=True)
    model_class = getattr(models, blob["arch"], None)
    if model_class is None:
        raise WeightsError(f"{path.name} needs model class {blob['arch']!r}, which course_utils.models lacks")
    model = model_class(**blob["config"])
    model.load_state_dict(blob["state_dict"])
    return model.to(device).eval()


def save(model: nn.Module, name: str, description: str, *, trained_on: dict | None = None) -> Path:
    """Save ``model`` (which must have a ``config`` dict of its constructor's arguments) as ``name``.

    Writes ``weights/NAME.pt`` as a plain dict of tensors and records its SHA-256 in the manifest, with
    ``trained_on`` (which digits it saw: ``{"digits": words, "sha256": data.fingerprint(...)}``) when given.
    """
    from ._validate import module

    config = getattr(module(model), "config", None)
    if not isinstance(config, dict):
        raise TypeError(f"{type(model).__name__} needs a `config` dict of its constructor arguments to be saved")
    if not isinstance(name, str) or not re.fullmatch(r"[A-Za-z0-9_]+", name):
        raise ValueError(f"name must be letters, digits and underscores (a file in {WEIGHTS_DIR.name}/), got {name!r}")
    WEIGHTS_DIR.mkdir(exist_ok=True)
    path = WEIGHTS_DIR / f"{name}.pt"
    state = {k: v.detach().cpu().contiguous() for k, v in model.state_dict().items()}
    # A failure halfway leaves the old file and the old manifest, never a truncated file next to a checksum
    # that no longer matches.
    with written_whole(path) as staged:
        torch.save({"arch": type(model).__name__, "config": config, "state_dict": state}, staged)
        digest = _sha256(staged)
    manifest = _manifest()
    manifest[name] = {"file": path.name, "sha256": digest, "description": description,
                      "rebuild": f"python -m course_utils.pretrained rebuild {name}"}
    if trained_on is not None:
        manifest[name]["trained_on"] = trained_on
    with written_whole(MANIFEST) as staged:
        staged.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    return path


def rebuild(name: str) -> Path:
    """Train ``name`` with its recipe from ``course_utils.recipes`` and save it."""
    from . import recipes, setup
    from .data import fingerprint, load_mnist

    if name not in recipes.RECIPES:
        raise ValueError(f"no recipe named {name!r}; recipes: {sorted(recipes.RECIPES)}")
    setup(seed=0)
    description, recipe = recipes.RECIPES[name]
    start = time.perf_counter()
    model = recipe()
    trained_on = {"digits": recipes.TRAINED_ON, "sha256": fingerprint(*load_mnist("train"))}
    path = save(model.cpu(), name, description, trained_on=trained_on)
    print(f"{name}: trained in {time.perf_counter() - start:.0f} s, saved {path.name} "
          f"({path.stat().st_size / 1e6:.2f} MB)")
    return path


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m course_utils.pretrained", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("list", help="list the shipped weights")
    rb = sub.add_parser("rebuild", help="retrain and save weights")
    rb.add_argument("name", help="a recipe name, or 'all'")
    args = parser.parse_args(argv)
    if args.command == "list":
        for name, description in available().items():
            print(f"{name:16s} {description}")
        return
    from . import recipes

    for name in sorted(recipes.RECIPES) if args.name == "all" else [args.name]:
        rebuild(name)


if __name__ == "__main__":
    main()
