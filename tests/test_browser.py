"""The built site in real headless Chromium: search works, and no page requests another host."""

from __future__ import annotations

import functools
import http.server
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import SUB_PATH

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium driven by Playwright; skipped with a reason where it is not installed."""
    if not os.path.exists(CHROMIUM):
        message = f"browser tests need Debian's Chromium at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("LEARNING_PAGE_REQUIRE_BROWSER"):
            pytest.fail(message + "; LEARNING_PAGE_REQUIRE_BROWSER is set, so this is a failure")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


class _SubPathHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site under SUB_PATH only, like GitHub Pages serves a project site."""

    def translate_path(self, path: str) -> str:
        if not path.startswith(SUB_PATH):
            return "/nonexistent"
        return super().translate_path("/" + path[len(SUB_PATH):])

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def site_url(real_site: Path) -> Iterator[str]:
    """The real site served on 127.0.0.1 under a sub-path."""
    handler = functools.partial(_SubPathHandler, directory=str(real_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}{SUB_PATH}"
    server.shutdown()


PAGES = ["", "catalogue/", "products/making-natures-city/", "topics/climate-change/", "sdgs/11/",
         "series/global-urban-lectures/", "contribute/fields/", "about/", "nonexistent-page/"]


def test_no_page_requests_another_host(browser: object, site_url: str) -> None:
    """Loading each kind of page sends requests to the site's own server only, and every request succeeds."""
    context = browser.new_context()  # type: ignore[attr-defined]
    page = context.new_page()
    requests: list[str] = []
    failed: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("response", lambda response: response.status >= 400 and failed.append(f"{response.status} {response.url}"))
    for path in PAGES:
        page.goto(site_url + path, wait_until="networkidle")
    context.close()
    origin = site_url.split(SUB_PATH)[0] + "/"
    assert [url for url in requests if not url.startswith(origin) and not url.startswith("data:")] == []
    assert failed == [f"404 {site_url}nonexistent-page/"]


def test_search_finds_a_product_by_lecturer_with_the_keyboard(browser: object, site_url: str) -> None:
    """Pressing '/' focuses search; typing a lecturer's name lists the lecture's page, which Enter opens."""
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(site_url, wait_until="networkidle")
    page.keyboard.press("/")
    page.keyboard.type("Grossinger")
    result = page.locator(".md-search-result__link").first
    result.wait_for(timeout=10_000)
    assert "products/making-natures-city/" in (result.get_attribute("href") or "")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url("**/products/making-natures-city/**", timeout=10_000)
    assert page.locator("h1").inner_text() == "Making Nature's City"
    page.close()
