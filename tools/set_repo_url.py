#!/usr/bin/env python
"""Point the course at its published repository: rewrites every copy of the repository address.

    python tools/set_repo_url.py https://github.com/OWNER/REPO

The address lives in pyproject.toml ([project.urls] Repository). This script replaces the old
address there, in every notebook's first (Colab install) cell (the Chinese ones in notebooks/zh/ too), in
the notebook sources and in the "Open in Colab" badges of README.md and README.zh.md (which use OWNER/REPO).
"""
from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def slug(url: str) -> str:
    match = re.fullmatch(r"https://github\.com/([\w.-]+/[\w.-]+?)(?:\.git)?/?", url)
    if not match:
        raise SystemExit(f"expected https://github.com/OWNER/REPO, got {url!r}")
    return match.group(1)


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    new = sys.argv[1].rstrip("/")
    with open(ROOT / "pyproject.toml", "rb") as f:
        old = tomllib.load(f)["project"]["urls"]["Repository"]
    old_slug, new_slug = slug(old), slug(new)
    files = [ROOT / "pyproject.toml", ROOT / "README.md", ROOT / "README.zh.md", *ROOT.glob("notebooks/*.ipynb"),
             *ROOT.glob("notebooks/zh/*.ipynb"),
             *ROOT.glob("notebooks/src/*.py"), *ROOT.glob("docs/*.md")]
    changed = 0
    for path in files:
        text = path.read_text()
        updated = text.replace(old, new).replace(f"github/{old_slug}/", f"github/{new_slug}/")
        if updated != text:
            path.write_text(updated)
            changed += 1
    print(f"{old} -> {new}: {changed} files changed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
