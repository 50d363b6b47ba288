"""Notebook 06 in a real browser: JupyterLab on 127.0.0.1, headless Chromium driven by Playwright.

Runs all cells, moves the interpolation widget's t slider with the keyboard, and checks that the image
shown by the browser changed. Installs nothing: it skips when Chromium or Playwright is absent (CI's
.ci/run installs Debian's chromium). The screenshot goes to $COURSE_SCREENSHOT_DIR if set, else to
pytest's tmp dir.
"""
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "06_latent_interpolation.ipynb"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DEADLINE_S = 85  # the whole test, server start to screenshot


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for_server(url: str, proc: subprocess.Popen, timeout_s: float) -> None:
    end = time.monotonic() + timeout_s
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise RuntimeError(f"jupyter lab exited with code {proc.returncode}")
        try:
            with urllib.request.urlopen(url + "/api/status", timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"jupyter lab did not answer on {url} within {timeout_s:.0f} s")


@pytest.fixture
def lab(tmp_path):
    """A JupyterLab server on a free port, serving a copy of notebook 06; always shut down."""
    if not NOTEBOOK.exists():
        pytest.skip(f"{NOTEBOOK.name} is not built (make notebooks NB=06)")
    pytest.importorskip("jupyterlab", reason="JupyterLab is not installed")
    work = tmp_path / "lab"
    work.mkdir()
    shutil.copy(NOTEBOOK, work / NOTEBOOK.name)  # the browser may autosave: never touch the committed file
    port = _free_port()
    env = dict(os.environ, COURSE_OFFLINE="1",
               COURSE_DATA_DIR=os.environ.get("COURSE_DATA_DIR", str(ROOT / ".test-data")),
               JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"))
    log = open(tmp_path / "jupyter.log", "w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root", f"--port={port}",
         "--IdentityProvider.token=", "--ServerApp.password=", "--ServerApp.ip=127.0.0.1",
         f"--ServerApp.root_dir={work}", f"--LabApp.workspaces_dir={tmp_path / 'workspaces'}"],
        env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_for_server(url, proc, timeout_s=30)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def test_notebook06_slider_changes_the_image_in_chromium(lab, tmp_path):
    if CHROMIUM is None:
        pytest.skip("Chromium is not installed (apt-get install chromium; .ci/run does it in CI)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="the Python package playwright is not installed")
    start = time.monotonic()
    left = lambda: max(1.0, DEADLINE_S - (time.monotonic() - start)) * 1000  # ms, for Playwright timeouts
    shots = Path(os.environ.get("COURSE_SCREENSHOT_DIR") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(f"{lab}/lab/tree/{NOTEBOOK.name}?reset", timeout=left())
            # On a cold start "Run All" silently does nothing until the kernel is idle.
            page.locator(".jp-Notebook").first.wait_for(timeout=left())
            try:  # a fresh workspace may ask which kernel to start: take the proposed one (Python 3)
                page.locator(".jp-Dialog .jp-mod-accept").first.click(timeout=5000)
            except sync_api.TimeoutError:
                pass
            page.locator("text=Kernel status: Idle").first.wait_for(state="attached", timeout=left())
            page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
            page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()

            frame = page.locator("img.course-frame").first
            frame.wait_for(state="visible", timeout=left())
            frame.scroll_into_view_if_needed()
            before = frame.get_attribute("src")
            handle = page.locator(".course-t-slider .noUi-handle, .course-t-slider .ui-slider-handle").first
            handle.focus()
            page.keyboard.press("ArrowRight")
            page.keyboard.press("ArrowRight")
            # The kernel answers the slider once the cells that run after the widget are done.
            page.wait_for_function("([sel, old]) => { const img = document.querySelector(sel);"
                                   " return img && img.getAttribute('src') !== old; }",
                                   arg=["img.course-frame", before], timeout=left())
            after = frame.get_attribute("src")
            assert after != before
            text = page.locator(".jp-Notebook").inner_text()
            assert "Traceback" not in text and "cannot draw" not in text
        finally:
            page.screenshot(path=str(shots / "notebook06.png"))  # also when it failed: shows why
            browser.close()
