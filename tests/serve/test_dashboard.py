"""The dashboard at `/`: its static files, served offline by the API process, and driven in a real headless
Chromium (Debian `chromium` + the `playwright` Python package, never `playwright install`).

The browser test skips when chromium or playwright is missing, except under CI (env CI set), where
`.ci/run` installs chromium and the dev extra brings playwright."""

from __future__ import annotations

import os
import re
import shutil
import socket
import struct
import threading
import time
from pathlib import Path

import pytest

from tests.serve.conftest import copy_store

ROOT = Path(__file__).resolve().parents[2]
DASHBOARD = ROOT / "redline" / "serve" / "dashboard"
# The README's screenshot is refreshed only on request (REDLINE_SCREENSHOT=1), so that an ordinary test
# run leaves the working tree as it found it.
README_SCREENSHOT = ROOT / "docs" / "dashboard.png"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]

PAYLOAD_STORY = """Shelling hits village <script>window.__pwned=1</script>

Kharkiv, 14 March 2024

Russian forces shelled the village of <img src=x onerror="window.__pwned=1"> <script>window.__pwned=1</script> \
near Kharkiv on Thursday, killing three civilians, the regional governor said.

Rescue teams searched the debris through the night, officials added.
"""


def test_dashboard_is_served_at_root_with_its_assets(client):
    page = client.get("/")
    assert page.status_code == 200
    assert "text/html" in page.headers["content-type"]
    for asset in ("app.js", "style.css", "countries-ne50m-europe.json"):
        assert client.get(f"/{asset}").status_code == 200, asset
    assert client.get("/docs").status_code == 200
    assert client.get("/api/stats").status_code == 200
    assert client.get("/api/nope").status_code == 404


def test_dashboard_works_offline_and_never_writes_markup_from_data():
    html = (DASHBOARD / "index.html").read_text(encoding="utf-8")
    js = (DASHBOARD / "app.js").read_text(encoding="utf-8")
    css = (DASHBOARD / "style.css").read_text(encoding="utf-8")
    # Every asset is local: no scheme-qualified or protocol-relative URL in src/href, no @import or font URL.
    assert not re.search(r"""(src|href)=["'](https?:)?//""", html)
    assert "@import" not in css and "url(" not in css
    assert not re.search(r"""fetch\(["'`]https?:""", js)
    # Data becomes text only.
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
        assert sink not in js, sink
    assert "script-src 'self'" in html  # and the CSP forbids inline script besides


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def live_server(event_store, tmp_path_factory):
    """uvicorn on a free loopback port over a copy of the event store plus an article carrying script
    payloads; stopped at the end of the module."""
    import uvicorn

    from redline.ingest.run import ingest
    from redline.serve import create_app
    from redline.settings import load_settings

    folder = tmp_path_factory.mktemp("dashboard")
    db = copy_store(event_store[0], folder / "dashboard.db")
    (folder / "payload_story.txt").write_text(PAYLOAD_STORY, encoding="utf-8")
    settings = load_settings(env={}, db=str(db))
    report = ingest([folder / "payload_story.txt"], settings)
    assert report.events, report.problems
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(db, settings=settings), host="127.0.0.1", port=port,
                                           log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    chromium = shutil.which("chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None
    missing = [name for name, ok in (("chromium", chromium), ("playwright", sync_playwright)) if not ok]
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"CI must provide {' and '.join(missing)} (.ci/run installs chromium; dev extra: playwright)")
        pytest.skip(f"browser test needs {' and '.join(missing)}: apt-get install chromium; pip install playwright")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS, timeout=60_000)
        try:
            yield browser
        finally:
            browser.close()


def wait_until(condition, timeout: float = 20) -> None:
    """Poll `condition` (page.wait_for_function evaluates strings, which the dashboard's CSP forbids)."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">II", data[16:24])


def test_dashboard_in_chromium_filter_open_event_and_screenshot(live_server, browser, tmp_path):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.set_default_timeout(20_000)
    page.goto(live_server + "/")
    page.wait_for_selector("body[data-ready='1']")
    rows = page.locator("#events tbody tr")
    all_rows = rows.count()
    assert all_rows > 50
    # The timeline, the map and the red-line board are drawn.
    assert page.locator("#timeline svg rect.bar").count() > 0
    assert page.locator("#map svg path.land").count() > 20
    assert page.locator("#map svg .marker").count() > 0
    assert page.locator("#redlines article.redline").count() > 0

    # Filter: one dyad, one type, some evidence text.
    page.fill("input[name=dyad]", "RUS-UKR")
    page.fill("input[name=event_type]", "ASSAULT")
    page.click("#filters button[type=submit]")
    wait_until(lambda: page.locator("#events tbody tr").count() < all_rows)
    filtered = page.locator("#events tbody tr")
    assert 0 < filtered.count() < 50
    for text in filtered.locator("td:nth-child(3)").all_inner_texts():
        assert "RUS" in text.split("→")[0] and "UKR" in text.split("→")[1]

    # Open an event: its evidence sentence, with the trigger highlighted, and a link to the report.
    filtered.first.click()
    page.wait_for_selector("#detail .evidence")
    evidence = page.inner_text("#detail .evidence")
    assert len(evidence) > 40
    assert page.locator("#detail .evidence mark.trigger").count() == 1
    assert page.locator("#detail .reports li").count() >= 1
    # Sources: the fused event this report belongs to, how many independent sources report it.
    assert "independent source(s)" in page.inner_text("#detail .sources")

    shot = README_SCREENSHOT if os.environ.get("REDLINE_SCREENSHOT") == "1" else tmp_path / "dashboard.png"
    page.screenshot(path=str(shot), full_page=True)
    width, height = png_size(shot)
    assert width >= 1000 and height >= 800
    assert shot.stat().st_size > 50_000  # a drawn page, not a blank one

    # Offline: every request went to the server itself.
    assert requests and all(url.startswith(live_server) for url in requests), requests
    page.close()


def test_dashboard_in_chromium_renders_script_payloads_as_text(live_server, browser):
    page = browser.new_page()
    page.set_default_timeout(20_000)
    page.goto(live_server + "/")
    page.wait_for_selector("body[data-ready='1']")
    page.fill("input[name=text]", "onerror")
    page.click("#filters button[type=submit]")
    wait_until(lambda: page.locator("#events tbody tr").count() == 1)
    page.locator("#events tbody tr").first.click()
    page.wait_for_selector("#detail .evidence")
    evidence = page.inner_text("#detail .evidence")
    assert '<img src=x onerror="window.__pwned=1">' in evidence
    assert "<script>window.__pwned=1</script>" in evidence
    assert "<script>window.__pwned=1</script>" in page.inner_text("#detail .reports")  # the title, as text
    assert page.locator("#detail img, #detail script").count() == 0
    assert page.evaluate("typeof window.__pwned") == "undefined"
    page.close()
