"""Files written whole or not at all: the MNIST download, the course's sample cache, shipped weights, the manifest."""
from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import Iterator


@contextlib.contextmanager
def written_whole(path: Path) -> Iterator[Path]:
    """Yield a staging path for ``path``; when the block ends without error, rename it over ``path``.

    The staged file has ``path``'s own name, in a temporary folder beside it (``torch.save`` names its archive
    after the file, so the bytes are those of a direct save). An error halfway removes it and leaves any old
    ``path`` as it was: never a truncated file in its place.
    """
    with tempfile.TemporaryDirectory(dir=path.parent, prefix=f".{path.name}.") as folder:
        staged = Path(folder) / path.name
        yield staged
        with open(staged, "rb") as file:
            os.fsync(file.fileno())  # on disk before the rename makes it the real file
        os.replace(staged, path)
