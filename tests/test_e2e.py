"""End to end in a real browser: the distribution's Chromium, driven by Playwright, against
``evidence serve``'s app run by uvicorn on a free local port.

Nothing is downloaded: the browser is /usr/bin/chromium (``apt-get install chromium``;
.ci/run installs it). Without it the test is skipped, unless EVIDENCE_REQUIRE_BROWSER is
set (as in CI), where it fails.
"""
from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from warehouse.web import create_app

from .e2e.sample import build

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SCREENSHOT = Path(__file__).parent / "e2e" / "app.png"


def _browser_or_skip() -> None:
    missing = None
    if not CHROMIUM.exists():
        missing = f"{CHROMIUM} is missing (apt-get install chromium)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            missing = "playwright is not installed (pip install '.[test]')"
    if missing:
        if os.environ.get("EVIDENCE_REQUIRE_BROWSER"):
            pytest.fail(f"end-to-end tests need a browser: {missing}")
        pytest.skip(f"no browser for the end-to-end tests: {missing}")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app over a freshly ingested and checked warehouse, served by uvicorn in a thread."""
    _browser_or_skip()
    import uvicorn

    db = build(tmp_path_factory.mktemp("e2e"))
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def page(server: str) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        context = browser.new_context(viewport={"width": 1360, "height": 860}, base_url=server)
        page = context.new_page()
        page.set_default_timeout(15_000)
        yield page
        browser.close()


def test_search_open_a_fact_see_its_page_and_dismiss_a_flag(server, page):
    from playwright.sync_api import expect

    # search from the box in the header
    page.goto("/")
    page.fill("header input[name=q]", "exports zones 2007")
    page.press("header input[name=q]", "Enter")
    page.wait_for_url("**/search?q=*")
    hits = page.locator("[data-testid=hits] .hit")
    expect(hits.first).to_be_visible()
    expect(page.locator("[data-testid=hits] mark").first).to_be_visible()

    # the live search (JavaScript, /api/search) replaces the hits as one types
    page.fill("main input[name=q]", "foreign direct investment")
    expect(page.locator("[data-testid=hits] .hit-block").first).to_contain_text("p. 2")

    # open a fact: its quote, and the page image with the source highlighted
    page.fill("main input[name=q]", "exports 2007")
    page.locator("[data-testid=hits] .hit-fact a.hit-link").first.click()
    page.wait_for_url("**/facts/*")
    expect(page.locator("[data-testid=quote]")).to_be_visible()
    image = page.locator(".page-frame img")
    page.wait_for_function("() => { const i = document.querySelector('.page-frame img');"
                           " return i && i.complete && i.naturalWidth > 0; }")
    assert image.evaluate("i => i.naturalWidth") > 0
    highlight = page.locator("[data-testid=highlight]").last  # the figure (its block is boxed too)
    expect(highlight).to_be_visible()
    img_box, hl_box = image.bounding_box(), highlight.bounding_box()
    assert img_box and hl_box and hl_box["width"] > 0 and hl_box["height"] > 0
    assert img_box["x"] <= hl_box["x"] and hl_box["x"] + hl_box["width"] <= img_box["x"] + img_box["width"] + 1
    assert img_box["y"] <= hl_box["y"] and hl_box["y"] + hl_box["height"] <= img_box["y"] + img_box["height"] + 1

    # the flagged total: its page image with the figure highlighted, for the README
    flag_id = httpx.get(f"{server}/api/flags").json()["flags"][0]["flag_id"]
    page.goto(f"/flags/{flag_id}")
    page.wait_for_function("() => [...document.querySelectorAll('.page-frame img')]"
                           ".every(i => i.complete && i.naturalWidth > 0)")
    expect(page.locator("[data-testid=explanation]")).to_contain_text("printed total 2,500")
    page.screenshot(path=str(SCREENSHOT))

    # dismiss the flag with a note, then ask the API
    review = page.locator(f".review[data-flag='{flag_id}']")
    review.locator("textarea[name=note]").fill("the scan shows 2,180")
    review.locator("button[data-review=dismissed]").click()
    expect(review.locator("[data-testid=status]")).to_have_text("dismissed")
    flag = httpx.get(f"{server}/api/flags/{flag_id}").json()
    assert flag["status"] == "dismissed" and flag["note"] == "the scan shows 2,180"
