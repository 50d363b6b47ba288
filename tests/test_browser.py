"""Notebooks in a real browser: JupyterLab on 127.0.0.1, headless Chromium driven by Playwright.

Notebook 06: runs all cells, moves the interpolation widget's t slider with the keyboard, and checks that
the image shown by the browser changed. Notebook 04: runs all cells, then plays the live view for a few
seconds (the frames must change several times; the frame rate is measured), pauses it (it must stop within a
frame), picks another dataset and resets (its data must appear). Installs nothing: each test skips when
Chromium or Playwright is absent (CI's .ci/run installs Debian's chromium). Screenshots (and the live view's
measured frame rate, notebook04_live_view.json) go to $COURSE_SCREENSHOT_DIR if set, else to pytest's tmp dir.
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
LIVE_NOTEBOOK = ROOT / "notebooks" / "04_gan_minimax_2d.ipynb"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DEADLINE_S = 85  # the whole test, server start to screenshot
LIVE_DEADLINE_S = 150  # notebook 04 runs about 35 s before the view is free to play


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
    yield from _lab(tmp_path, NOTEBOOK)


@pytest.fixture
def live_lab(tmp_path):
    """The same, serving a copy of notebook 04."""
    yield from _lab(tmp_path, LIVE_NOTEBOOK)


def _lab(tmp_path, notebook: Path):
    if not notebook.exists():
        pytest.skip(f"{notebook.name} is not built (make notebooks)")
    pytest.importorskip("jupyterlab", reason="JupyterLab is not installed")
    work = tmp_path / "lab"
    work.mkdir()
    shutil.copy(notebook, work / notebook.name)  # the browser may autosave: never touch the committed file
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


def _browser(p):
    return p.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"])


def _run_all(page, url: str, notebook: Path, left, sync_api) -> None:
    """Open ``notebook`` in JupyterLab and run all its cells (once the kernel is idle)."""
    page.goto(f"{url}/lab/tree/{notebook.name}?reset", timeout=left())
    # On a cold start "Run All" silently does nothing until the kernel is idle.
    page.locator(".jp-Notebook").first.wait_for(timeout=left())
    try:  # a fresh workspace may ask which kernel to start: take the proposed one (Python 3)
        page.locator(".jp-Dialog .jp-mod-accept").first.click(timeout=5000)
    except sync_api.TimeoutError:
        pass
    page.locator("text=Kernel status: Idle").first.wait_for(state="attached", timeout=left())
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
    page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()


def _needs_browser():
    if CHROMIUM is None:
        pytest.skip("Chromium is not installed (apt-get install chromium; .ci/run does it in CI)")
    return pytest.importorskip("playwright.sync_api", reason="the Python package playwright is not installed")


def test_notebook06_slider_changes_the_image_in_chromium(lab, tmp_path):
    sync_api = _needs_browser()
    start = time.monotonic()
    left = lambda: max(1.0, DEADLINE_S - (time.monotonic() - start)) * 1000  # ms, for Playwright timeouts
    shots = Path(os.environ.get("COURSE_SCREENSHOT_DIR") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as p:
        browser = _browser(p)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            _run_all(page, lab, NOTEBOOK, left, sync_api)

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


def _frames_seen(page, selector: str, seconds: float) -> list:
    """The distinct ``src`` values an image showed, sampled every 50 ms for ``seconds``."""
    seen, end = [], time.monotonic() + seconds
    while time.monotonic() < end:
        src = page.get_attribute(selector, "src")
        if not seen or src != seen[-1]:
            seen.append(src)
        page.wait_for_timeout(50)
    return seen


def test_notebook04_live_view_plays_pauses_and_resets_in_chromium(live_lab, tmp_path):
    sync_api = _needs_browser()
    start = time.monotonic()
    left = lambda: max(1.0, LIVE_DEADLINE_S - (time.monotonic() - start)) * 1000
    shots = Path(os.environ.get("COURSE_SCREENSHOT_DIR") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    view, status = "img.course-live-view", ".course-live-status"
    with sync_api.sync_playwright() as p:
        browser = _browser(p)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1100})
            _run_all(page, live_lab, LIVE_NOTEBOOK, left, sync_api)
            page.locator(view).first.wait_for(state="visible", timeout=left())
            # Wait for Run All to finish: clicks reach the kernel only when it is idle again.
            page.wait_for_function("() => !document.querySelector('.jp-Notebook')?.innerText.includes('[*]')",
                                   timeout=left())
            page.locator("text=Kernel status: Idle").first.wait_for(state="attached", timeout=left())
            page.locator(view).first.scroll_into_view_if_needed()
            page.locator(".course-live-play").first.click()  # Play
            page.wait_for_timeout(1000)  # the first frames, and the thread starting
            seconds = 4.0
            frames = _frames_seen(page, view, seconds)
            fps = (len(frames) - 1) / seconds
            page.locator(".course-live-play").first.click()  # Pause
            page.wait_for_timeout(700)  # one frame may still arrive
            paused = page.get_attribute(view, "src")
            page.wait_for_timeout(1500)
            still = page.get_attribute(view, "src") == paused
            page.select_option(".course-live-dataset select", "grid25")  # a new dataset starts a new game
            page.locator(".course-live-reset").first.click()
            page.wait_for_function("(sel) => document.querySelector(sel)?.innerText.includes('grid25')",
                                   arg=status, timeout=left())
            reset_status = page.locator(status).first.inner_text()
            text = page.locator(".jp-Notebook").inner_text()
            page.locator(view).first.scroll_into_view_if_needed()
            page.screenshot(path=str(shots / "notebook04_live_view.png"))
            (shots / "notebook04_live_view.json").write_text(f'{{"frames_per_second": {fps:.1f}}}\n')
            print(f"live view in Chromium: {fps:.1f} frames per second while playing")
            assert len(frames) >= 4, f"the image changed only {len(frames) - 1} times in {seconds:.0f} s of Play"
            assert still, "the image still changed more than a frame after Pause"
            assert "step 0" in reset_status, reset_status
            assert "Traceback" not in text and "cannot draw" not in text
        finally:
            page.screenshot(path=str(shots / "notebook04_final.png"))
            browser.close()
