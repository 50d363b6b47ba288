#!/usr/bin/env python
"""Which CPU code path torch takes here, and a fingerprint of the floating-point results it gives.

    python tools/cpu_path.py                            # this process's path: one JSON line
    python tools/cpu_path.py --differs VAR=VALUE ...    # exit 1 unless the path those variables force
                                                        # gives other results than the native one

Prints {capability, fingerprint}. The fingerprint is a hash of a 2-D GAN's samples after 200 training steps,
so two paths that round differently anywhere give different fingerprints (a GAN amplifies the last bit).
``make test-other-cpu`` runs ``--differs`` with its variables before it runs the notebooks on that path, so a
second check that would test nothing fails instead of passing quietly.
"""
import argparse
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def fingerprint() -> dict:
    sys.path.insert(0, str(ROOT))
    import torch

    import course_utils
    from course_utils.gan2d import GAN2D, config_for

    course_utils.setup(seed=0, verbose=False)
    samples = GAN2D(config_for("gan", "ring8", steps=200)).train().sample(64)
    return {"capability": torch.backends.cpu.get_cpu_capability(),
            "fingerprint": hashlib.sha256(samples.numpy().tobytes()).hexdigest()[:16]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--differs", nargs="+", metavar="VAR=VALUE", help="environment of the other path")
    args = parser.parse_args()
    if not args.differs:
        print(json.dumps(fingerprint()))
        return 0
    forced = dict(item.split("=", 1) for item in args.differs)
    native_env = {k: v for k, v in os.environ.items() if k not in forced}
    run = [sys.executable, __file__]
    native = subprocess.run(run, env=native_env, capture_output=True, text=True, check=True).stdout.strip()
    other = subprocess.run(run, env={**native_env, **forced}, capture_output=True, text=True, check=True).stdout.strip()
    print(f"native CPU path: {native}\nother CPU path:  {other}")
    if json.loads(native)["fingerprint"] == json.loads(other)["fingerprint"]:
        print("the forced CPU path gives the same results as the native one here: a check on it would test nothing",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
