import os
from pathlib import Path

import pytest

# Unit tests never touch the internet: the course's digits need none, and full MNIST is served on 127.0.0.1.
os.environ.setdefault("COURSE_OFFLINE", "1")
os.environ.setdefault("COURSE_DATA_DIR", str(Path(__file__).resolve().parents[1] / ".test-data"))


@pytest.fixture(autouse=True)
def _seeded():
    import course_utils

    course_utils.setup(seed=0, verbose=False)
