#!/usr/bin/env python
"""Copy the README's pictures out of the committed notebooks, so they always show a real run.

A code cell whose metadata has the tag ``readme:NAME`` gives ``docs/img/NAME.png`` (its last PNG
output). Tag a cell in its source with ``# %% {"tags": ["readme:NAME"]}``, rebuild the notebook,
then run ``python tools/readme_figures.py``.
"""
from __future__ import annotations

import base64
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    out = ROOT / "docs" / "img"
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        for cell in json.loads(path.read_text())["cells"]:
            for tag in cell.get("metadata", {}).get("tags", []):
                if not tag.startswith("readme:"):
                    continue
                pngs = [o["data"]["image/png"] for o in cell.get("outputs", []) if "image/png" in o.get("data", {})]
                if not pngs:
                    print(f"{path.name}: cell tagged {tag} has no PNG output", file=sys.stderr)
                    return 1
                target = out / f"{tag.split(':', 1)[1]}.png"
                target.write_bytes(base64.b64decode(pngs[-1]))
                written.append(f"{target.relative_to(ROOT)} <- {path.name}")
    print("\n".join(written) or "no cells tagged readme:NAME")
    return 0


if __name__ == "__main__":
    sys.exit(main())
