#!/usr/bin/env python
"""Which CPU code path torch takes here, and a fingerprint of the floating-point results it gives.

    python tools/cpu_path.py                                    # the native path
    ATEN_CPU_CAPABILITY=default MKL_ENABLE_INSTRUCTIONS=SSE4_2 ONEDNN_MAX_CPU_ISA=SSE41 python tools/cpu_path.py

Prints one JSON line: {capability, fingerprint}. The fingerprint is a hash of a 2-D GAN's samples after 200
training steps, so two paths that round differently anywhere give different fingerprints (a GAN amplifies
the last bit). CI runs the notebook checks under two paths and uses this to make sure they really differ.
"""
import hashlib
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import torch  # noqa: E402

import course_utils  # noqa: E402
from course_utils.gan2d import GAN2D, config_for  # noqa: E402

course_utils.setup(seed=0, verbose=False)
samples = GAN2D(config_for("gan", "ring8", steps=200)).train().sample(64)
print(json.dumps({"capability": torch.backends.cpu.get_cpu_capability(),
                  "fingerprint": hashlib.sha256(samples.numpy().tobytes()).hexdigest()[:16]}))
