"""Shared helpers: small catalogues written into tmp_path, and real site builds."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

VOCABULARIES = {
    "topics": """\
        terms:
          - id: urban-planning
            label: Urban planning
            description: Planning cities and territories.
          - id: climate-change
            label: Climate change
        """,
    "formats": """\
        terms:
          - id: video-lecture
            label: Video lecture
          - id: handbook
            label: Handbook
        """,
    "audiences": """\
        terms:
          - id: local-government
            label: Local government
          - id: national-government
            label: National government
        """,
    "organisations": """\
        terms:
          - id: un-habitat
            label: UN-Habitat
          - id: uclg
            label: United Cities and Local Governments (UCLG)
        """,
}

SERIES = """\
    title: Global Urban Lectures
    summary: Short video lectures by experts.
    url: https://example.org/lectures
    provider: un-habitat
    """

# Line numbers matter: tests point at them (title is line 1, url line 3, languages line 8; fields that `product`
# adds start at line 9, before `sources`, which stays last).
PRODUCT = """\
    title: Place Value
    summary: How the governance of urban design shapes the value of places.
    url: https://example.org/place-value
    format: video-lecture
    provider: un-habitat
    topics: [urban-planning]
    audiences: [local-government]
    languages: [en]
    sources: [{url: https://example.org/about-place-value}]
    """


def product(**changes: str | None) -> str:
    """The valid PRODUCT text with some lines replaced (value None deletes the line)."""
    lines = textwrap.dedent(PRODUCT).splitlines()
    out = []
    for line in lines:
        key = line.split(":", 1)[0]
        if key in changes:
            if changes[key] is not None:
                out.append(f"{key}: {changes.pop(key)}")
            else:
                changes.pop(key)
            continue
        out.append(line)
    added = [f"{key}: {value}" for key, value in changes.items() if value is not None]
    last = len(out) - 1 if out and out[-1].startswith("sources:") else len(out)
    out[last:last] = added
    return "\n".join(out) + "\n"


def write_catalogue(root: Path, files: dict[str, str | bytes] | None = None, *, base: bool = True) -> Path:
    """Write a small valid catalogue into ``root/catalog`` plus ``files`` (paths inside catalog/)."""
    catalog = root / "catalog"
    everything: dict[str, str | bytes] = {}
    if base:
        everything.update({f"vocabularies/{name}.yml": text for name, text in VOCABULARIES.items()})
        everything["series/global-urban-lectures.yml"] = SERIES
    everything.update(files or {})
    for rel, content in everything.items():
        path = catalog / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content), encoding="utf-8")
    return root


def make_project(root: Path, catalogue: Path | None = None) -> Path:
    """Copy the site (mkdocs.yml, docs/, hooks/) into ``root``; copy the real catalogue unless one is there."""
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", root / "docs", dirs_exist_ok=True)
    shutil.copytree(ROOT / "hooks", root / "hooks", ignore=shutil.ignore_patterns("__pycache__"), dirs_exist_ok=True)
    if not (root / "catalog").exists():
        shutil.copytree(catalogue or ROOT / "catalog", root / "catalog")
    return root


SUB_PATH = "/learning-page/"
"""Sites built by the tests are configured for this sub-path, as on GitHub Pages (/<repository>/)."""


def mkdocs_build(root: Path, *, strict: bool = True, site: str = "site", environ: dict[str, str] | None = None,
                 args: tuple[str, ...] = ()) -> subprocess.CompletedProcess[str]:
    """Run ``mkdocs build`` in ``root`` as a user would; the site goes to ``root/<site>``."""
    command = [sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", str(root / "mkdocs.yml"), "-d", str(root / site),
               *args]
    if strict:
        command.append("--strict")
    env = {"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin", "SITE_URL": f"http://127.0.0.1:8000{SUB_PATH}",
           **(environ or {})}
    return subprocess.run(command, capture_output=True, text=True, cwd=root, env=env, check=False)


def built_site(root: Path) -> Path:
    """Build ``root`` strictly and return the site folder; fail with MkDocs' output if it does not build."""
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site"


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real catalogue built into a site, once per test session."""
    return built_site(make_project(tmp_path_factory.mktemp("real")))


# -- Chromium (the browser tests of several modules share one browser, one served site, one offline edition) --

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
    """Serves the site under SUB_PATH only, like GitHub Pages serves a project site (404.html when not found)."""

    def translate_path(self, path: str) -> str:
        if not path.startswith(SUB_PATH):
            return "/nonexistent"
        return super().translate_path("/" + path[len(SUB_PATH):])

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def _serve(site: Path) -> Iterator[str]:
    """Serve ``site`` on 127.0.0.1 under SUB_PATH until the generator is closed."""
    handler = functools.partial(_SubPathHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}{SUB_PATH}"
    server.shutdown()


@pytest.fixture(scope="session")
def site_url(real_site: Path) -> Iterator[str]:
    """The real site served on 127.0.0.1 under a sub-path."""
    yield from _serve(real_site)


AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
"""axe-core's rules for WCAG 2.0, 2.1 and 2.2 at levels A and AA (2.2's target-size among them) and its best practices."""


def _axe_violations(page: object) -> list[str]:
    """axe-core's violations on the page as it is now (axe is injected once per document, then run again)."""
    import json

    from axe_playwright_python.base import AXE_SCRIPT

    if not page.evaluate("typeof window.axe === 'object'"):  # type: ignore[attr-defined]
        page.evaluate(AXE_SCRIPT)  # type: ignore[attr-defined]
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    results = page.evaluate(f"axe.run(document, {json.dumps(options)})")  # type: ignore[attr-defined]
    ran = {rule["id"] for kind in ("passes", "violations", "incomplete", "inapplicable") for rule in results[kind]}
    assert "target-size" in ran  # WCAG 2.2's target size (24 x 24 CSS px, or spacing) was checked
    return [f"{v['id']} ({v['impact']}): {node['target']}" for v in results["violations"] for node in v["nodes"]]


@pytest.fixture(scope="session")
def offline_edition(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The offline edition of the real catalogue, built and zipped as `make offline` does, then unzipped."""
    import shutil
    import zipfile


    root = make_project(tmp_path_factory.mktemp("offline"))
    name = "urban-agenda-learning-page"
    result = mkdocs_build(root, site=f"build/{name}", environ={"LEARNING_PAGE_OFFLINE": "true"},
                          args=("--no-directory-urls",))
    assert result.returncode == 0, result.stdout + result.stderr
    archive = Path(shutil.make_archive(str(root / "offline"), "zip", root / "build", name))
    with zipfile.ZipFile(archive) as opened:
        opened.extractall(root / "unzipped")
    return root / "unzipped" / name
