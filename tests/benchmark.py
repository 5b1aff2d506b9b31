"""`make bench`: the site at scale, against plain Material for MkDocs building the same products.

Generates a synthetic catalogue of N products (default 5,000), builds it (every page in the six
UN languages), builds the same pages as hand-written Markdown with plain Material (built-in
search, products out of the navigation, one build per language as Material's documentation
advises for a multilingual site: the peer baseline), and measures what a learner downloads in
headless Chromium from a local server that compresses like GitHub Pages. With Node.js, it also
runs Lighthouse (mobile) on the real catalogue's site under a sub-path. It measures what would be
published at N and 2N products (by kind of file, with the guard the workflows run: it warns above
the same 950 MB) and, from the difference, the bytes each product adds per language and the size
at 10,000 products. Writes a Markdown and a JSON report. Usage: python tests/benchmark.py [--products N] [--out DIR] [--no-scaling] [--no-lighthouse]
"""

from __future__ import annotations

import argparse
import datetime
import functools
import gzip
import http.server
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).parent))
from conftest import make_project  # noqa: E402
from synthetic import write_synthetic_catalogue  # noqa: E402

from learning_catalog.tools import size as sizes  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
PRODUCT = "synthetic-00042"
CHROMIUM = "/usr/bin/chromium"
_TIMED = ("import resource, subprocess, sys, time; t = time.perf_counter(); r = subprocess.run(sys.argv[1:]); "
          "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); "
          "sys.exit(r.returncode)")


def build(root: Path, *, config: str = "mkdocs.yml", site: str | None = "site",
          env: dict[str, str] | None = None) -> dict[str, float]:
    """Build ``root`` with MkDocs in a child process: wall time (s) and peak memory (MB)."""
    command = [sys.executable, "-c", _TIMED, sys.executable, "-m", "mkdocs", "build", "-q", "-f",
               str(root / config), *(("-d", str(root / site)) if site else ())]
    result = subprocess.run(command, capture_output=True, text=True, check=False,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})})
    if result.returncode != 0:
        raise SystemExit(f"build of {root} failed:\n{result.stdout}{result.stderr}")
    seconds, peak_kb = result.stdout.split()[-2:]
    return {"seconds": round(float(seconds), 1), "peak_mb": round(int(peak_kb) / 1024)}


def ours(folder: Path, count: int) -> Path:
    """The project with ``count`` synthetic products."""
    return make_project(write_synthetic_catalogue(folder, count))


LANGUAGES = ("en", "ar", "es", "fr", "ru", "zh")


def baseline(folder: Path, catalogue: Path) -> Path:
    """Plain Material: the same products as hand-written Markdown pages, built-in search, a small nav;
    ``mkdocs-<language>.yml`` builds them again for each other UN language, into ``site/<language>/``."""
    docs = folder / "docs" / "products"
    docs.mkdir(parents=True)
    for path in sorted((catalogue / "catalog/products").glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        lines = [f"# {data['title']}", "", data["summary"], "", f"[Open]({data['url']})", ""]
        for key in ("format", "provider", "topics", "audiences", "languages", "sdgs", "published", "duration",
                    "level", "mode"):
            value = data.get(key)
            if value is not None:
                lines.append(f"- **{key}**: {', '.join(map(str, value)) if isinstance(value, list) else value}")
        lines += ["", data.get("description", ""), ""]
        lines += [f"- {p['name']}, {p.get('role', '')} ({p.get('affiliation', '')})" for p in data.get("people", [])]
        (docs / f"{path.stem}.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "docs/index.md").write_text("# Catalogue\n\nProducts are listed on their own pages.\n")
    for language in LANGUAGES:
        name = "mkdocs.yml" if language == "en" else f"mkdocs-{language}.yml"
        site = "site" if language == "en" else f"site/{language}"
        (folder / name).write_text(
            f"site_name: Baseline\nsite_dir: {site}\ntheme:\n  name: material\n  font: false\n  language: {language}\n"
            "plugins:\n  - search\nnav:\n  - index.md\nnot_in_nav: |\n  /products/\n", encoding="utf-8")
    return folder


def build_baseline(root: Path) -> dict[str, float]:
    """Build the baseline in each language, one after the other: total time, largest peak memory."""
    runs = [build(root, config=("mkdocs.yml" if language == "en" else f"mkdocs-{language}.yml"),
                  site=None if language == "en" else f"site/{language}") for language in LANGUAGES]
    return {"seconds": round(sum(r["seconds"] for r in runs), 1), "peak_mb": max(r["peak_mb"] for r in runs)}


class _GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Serves a folder, compressing text with gzip as GitHub Pages does."""

    def send_head(self):  # type: ignore[no-untyped-def]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        text = path.suffix in (".html", ".css", ".js", ".json", ".xml", ".svg", ".txt")
        if not path.is_file() or not text or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return _Bytes(body)

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "max-age=600")  # as GitHub Pages sends
        super().end_headers()

    def log_message(self, *args: object) -> None:
        pass


class _Bytes:
    def __init__(self, data: bytes) -> None:
        self.data = data

    def read(self, *_: object) -> bytes:
        data, self.data = self.data, b""
        return data

    def close(self) -> None:
        pass


def serve(site: Path) -> tuple[str, http.server.ThreadingHTTPServer]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_GzipHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/", server


def _transferred(page: Any, action: Any) -> int:
    """Bytes received (compressed bodies and headers) while ``action`` runs and the page settles."""
    sizes: list[int] = []

    def finished(request: Any) -> None:
        size = request.sizes()
        sizes.append(size["responseBodySize"] + size["responseHeadersSize"])

    page.on("requestfinished", finished)
    action()
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)
    page.remove_listener("requestfinished", finished)
    return sum(sizes)


def browse(site: Path, *, baseline_site: bool = False) -> dict[str, Any]:
    """What a learner downloads: first and repeat product page, first search results, first explorer view."""
    from playwright.sync_api import sync_playwright

    url, server = serve(site)
    results: dict[str, Any] = {}
    args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=args)
            page = browser.new_context().new_page()
            results["first_product_page_bytes"] = _transferred(page, lambda: page.goto(f"{url}products/{PRODUCT}/"))
            results["repeat_product_page_bytes"] = _transferred(page, lambda: page.goto(f"{url}products/synthetic-00007/"))
            if not baseline_site:
                def search() -> None:
                    page.keyboard.press("/")
                    page.wait_for_function("document.activeElement.id === 'lp-search-query'")
                    page.keyboard.type("planning")
                    page.locator("#lp-search-results[data-query='planning']").wait_for(state="attached")
                results["first_search_bytes"] = _transferred(page, search)
                explorer = browser.new_context().new_page()
                results["first_explorer_view_bytes"] = _transferred(explorer, lambda: (
                    explorer.goto(f"{url}catalogue/?topic=climate-change&language=fr"),
                    explorer.locator("#lp-explorer[data-ready='true']").wait_for(state="attached")))
                timings = []
                # A format that has products under these filters (the explorer hides the others).
                value = explorer.locator("input[name=format]:visible").first.get_attribute("value")
                for _ in range(7):
                    explorer.locator(f"input[name=format][value='{value}']").click()
                    timings.append(float(explorer.locator("#lp-explorer").get_attribute("data-render-ms")))
                results["filter_change_ms"] = round(statistics.median(timings), 1)
            browser.close()
    finally:
        server.shutdown()
    return results


LIGHTHOUSE = "12.8.2"
SUB_PATH = "/learning-page/"


class _SubPathGzipHandler(_GzipHandler):
    """Serves a site under SUB_PATH, compressed, with its 404 page, as GitHub Pages serves a project site."""

    def translate_path(self, path: str) -> str:
        if not path.startswith(SUB_PATH):
            return "/nonexistent"
        return super().translate_path("/" + path[len(SUB_PATH):])


def lighthouse(out: Path) -> dict[str, Any]:
    """Lighthouse (mobile, its default) on the real catalogue's home, explorer and a product page: scores out of 100.

    Installs Lighthouse with npm into ``build/lighthouse`` the first time; skipped without Node.js.
    """
    import socket

    if not shutil.which("npm") or not os.path.exists(CHROMIUM):
        return {"skipped": "needs Node.js (npm) and Chromium"}
    tools = ROOT / "build" / "lighthouse"
    binary = tools / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        subprocess.run(["npm", "install", "--prefix", str(tools), "--no-audit", "--no-fund", f"lighthouse@{LIGHTHOUSE}"],
                       check=True, capture_output=True)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    base = f"http://127.0.0.1:{port}{SUB_PATH}"
    (out / "real").mkdir(parents=True, exist_ok=True)
    project = make_project(out / "real")
    build(project, env={"SITE_URL": base})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", port), functools.partial(_SubPathGzipHandler, directory=str(project / "site")))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    scores: dict[str, Any] = {}
    try:
        for name, path in (("home", ""), ("explorer", "catalogue/?topic=climate-change"),
                           ("product", "products/making-natures-city/"), ("product (Arabic)", "ar/products/making-natures-city/")):
            result = subprocess.run(
                [str(binary), base + path, "--output=json", "--output-path=stdout", "--quiet",
                 f"--chrome-path={CHROMIUM}", "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
                 "--only-categories=performance,accessibility,best-practices,seo"],
                capture_output=True, text=True, check=True)
            categories = json.loads(result.stdout)["categories"]
            scores[name] = {key: round(value["score"] * 100) for key, value in categories.items()}
    finally:
        server.shutdown()
    return scores


def size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def published(site: Path) -> dict[str, Any]:
    """What the deploy workflow uploads to GitHub Pages: bytes and files by kind, product pages by language and the
    largest sitemap (learning_catalog.tools.size, the guard the workflows run)."""
    measured = sizes.measure(site)
    largest = measured.largest_sitemap()
    return {
        "mb": round(measured.bytes / sizes.MB, 1), "bytes": measured.bytes, "files": measured.files,
        "tar_mb": round(measured.tar_bytes / sizes.MB, 1),
        "kinds": {name: {"mb": round(part.bytes / sizes.MB, 1), "bytes": part.bytes, "files": part.files}
                  for name, part in measured.kinds.items() if part.files},
        "product_page_kb": {language: round(part.bytes / part.files / 1024, 1)
                            for language, part in measured.product_pages.items()},
        "largest_sitemap": None if largest is None else dict(zip(("path", "urls", "bytes"), largest)),
        "breakdown": sizes.breakdown(measured, name="site/"),
    }


TARGET_PRODUCTS = 10_000
"""The scale the site must fit GitHub Pages at (issue #10), in six languages, under TARGET_MB."""
TARGET_MB = 900


def scale_figures(small: dict[str, Any], large: dict[str, Any], n_small: int, n_large: int) -> dict[str, Any]:
    """Bytes per product and language (from the difference of two sizes) and the size at TARGET_PRODUCTS."""
    per_product = (large["bytes"] - small["bytes"]) / (n_large - n_small)
    kinds = {name: round((large["kinds"].get(name, {}).get("bytes", 0) - part["bytes"]) / (n_large - n_small) / 6 / 1024, 2)
             for name, part in small["kinds"].items()}
    at_target = large["bytes"] + (TARGET_PRODUCTS - n_large) * per_product
    return {"sizes": [n_small, n_large], "per_product_language_kb": round(per_product / 6 / 1024, 2),
            "per_product_language_kb_by_kind": {k: v for k, v in kinds.items() if v},
            "fixed_mb": round((small["bytes"] - n_small * per_product) / sizes.MB, 1),
            "target_mb": round(at_target / sizes.MB, 1), "measured": n_large == TARGET_PRODUCTS}


def warn_if_too_large(name: str, figures: dict[str, Any]) -> None:
    """The guard's line (the workflows fail above it), as a warning."""
    if figures["mb"] > sizes.LIMIT_MB:
        print(f"WARNING: {name} is {figures['mb']:,} MB, over the {sizes.LIMIT_MB} MB at which the deploy workflow "
              "stops (GitHub Pages publishes at most 1 GB):\n" + figures["breakdown"], file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=5000)
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "bench")
    parser.add_argument("--no-scaling", action="store_true", help="skip the build of twice as many products")
    parser.add_argument("--no-lighthouse", action="store_true", help="skip Lighthouse on the real catalogue")
    args = parser.parse_args(argv)
    n = args.products
    browser = os.path.exists(CHROMIUM)
    report: dict[str, Any] = {
        "date": datetime.date.today().isoformat(), "products": n,
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
    }
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        print(f"Building {n} products...", flush=True)
        project = ours(work / "ours", n)
        report["build"] = build(project)
        site = project / "site"
        report["site_mb"] = round(size(site) / 1e6, 1)
        report["published"] = published(site)
        warn_if_too_large(f"The site of {n:,} products", report["published"])
        report["product_page_html_bytes"] = (site / f"products/{PRODUCT}/index.html").stat().st_size
        print(f"Building the baseline (plain Material, {n} Markdown pages)...", flush=True)
        base = baseline(work / "baseline", project)
        report["baseline_build"] = build_baseline(base)
        report["baseline_site_mb"] = round(size(base / "site") / 1e6, 1)
        report["baseline_product_page_html_bytes"] = (base / f"site/products/{PRODUCT}/index.html").stat().st_size
        report["build_ratio"] = round(report["build"]["seconds"] / report["baseline_build"]["seconds"], 2)
        small = ours(work / "small", 100)
        build(small)
        if browser:
            print("Measuring downloads in Chromium...", flush=True)
            report["browser"] = browse(site)
            report["browser_100"] = browse(small / "site")
            report["baseline_browser"] = browse(base / "site", baseline_site=True)
        if not args.no_lighthouse:
            print("Running Lighthouse on the real catalogue...", flush=True)
            report["lighthouse"] = lighthouse(work)
        if not args.no_scaling:
            shutil.rmtree(project)
            shutil.rmtree(base)
            print(f"Building {2 * n} products...", flush=True)
            double = ours(work / "double", 2 * n)
            report["build_double"] = build(double)
            report["scaling_ratio"] = round(report["build_double"]["seconds"] / report["build"]["seconds"], 2)
            report["published_double"] = published(double / "site")
            warn_if_too_large(f"The site of {2 * n:,} products", report["published_double"])
            report["scale"] = scale_figures(report["published"], report["published_double"], n, 2 * n)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "report.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    markdown = render(report)
    (args.out / "report.md").write_text(markdown, encoding="utf-8")
    print(markdown)
    return 0


def render(r: dict[str, Any]) -> str:
    """The report as a Markdown table, each figure beside its target."""
    def kb(value: int | None) -> str:
        return "n/a" if value is None else f"{value / 1024:.1f} KB"

    b, b100, bb = r.get("browser", {}), r.get("browser_100", {}), r.get("baseline_browser", {})
    first, first100 = b.get("first_product_page_bytes"), b100.get("first_product_page_bytes")
    growth = f"{(first / first100 - 1) * 100:+.1f} %" if first and first100 else "n/a"
    rows = [
        ("Build time", f"{r['build']['seconds']} s", f"{r['baseline_build']['seconds']} s",
         f"≤ 1.3× baseline: {r['build_ratio']}×"),
        ("Peak memory of the build", f"{r['build']['peak_mb']} MB", f"{r['baseline_build']['peak_mb']} MB", "< 2,048 MB"),
        ("Total site size", f"{r['site_mb']} MB", f"{r['baseline_site_mb']} MB", ""),
        ("HTML of a product page", kb(r["product_page_html_bytes"]), kb(r["baseline_product_page_html_bytes"]), ""),
        ("First visit to a product page (downloaded)", kb(first), kb(bb.get("first_product_page_bytes")),
         f"≤ 70 KB, and within 10 % of 100 products ({kb(first100)}): {growth}"),
        ("Next product page (downloaded)", kb(b.get("repeat_product_page_bytes")),
         kb(bb.get("repeat_product_page_bytes")), "≤ 15 KB"),
        ("First search results (downloaded)", kb(b.get("first_search_bytes")), "in first visit", "≤ 150 KB"),
        ("First filtered explorer view (downloaded)", kb(b.get("first_explorer_view_bytes")), "no explorer", "≤ 300 KB"),
        ("Filter change in the explorer (median of 7)", f"{b.get('filter_change_ms', 'n/a')} ms", "", "< 100 ms"),
    ]
    if "scaling_ratio" in r:
        rows.append((f"Build of {2 * r['products']:,} products", f"{r['build_double']['seconds']} s", "",
                     f"≤ 2.2× the build of {r['products']:,}: {r['scaling_ratio']}×"))
    lines = [f"Benchmark of {r['products']:,} synthetic products in 6 languages, {r['date']}, {r['machine']}.", "",
             "| Measure | Learning Page | Plain Material (baseline) | Target |", "| --- | --- | --- | --- |"]
    lines += [f"| {a} | {b_} | {c} | {d} |" for a, b_, c, d in rows]
    lines += published_section(r)
    scores = r.get("lighthouse") or {}
    if scores and "skipped" not in scores:
        lines += ["", "Lighthouse (mobile) on the real catalogue, under a sub-path with gzip:", "",
                  "| Page | Performance | Accessibility | Best practices | SEO |", "| --- | --- | --- | --- | --- |"]
        lines += [f"| {page} | {s['performance']} | {s['accessibility']} | {s['best-practices']} | {s['seo']} |"
                  for page, s in scores.items()]
    elif scores:
        lines += ["", f"Lighthouse: skipped ({scores['skipped']})."]
    return "\n".join(lines) + "\n"


def published_section(r: dict[str, Any]) -> list[str]:
    """The published site at each size: its bytes, files, largest sitemap, bytes per product and language, and
    the breakdown by kind of the largest."""
    measured = [(r["products"], r.get("published")), (2 * r["products"], r.get("published_double"))]
    measured = [(n, p) for n, p in measured if p]
    if not measured:
        return []

    def sitemap(p: dict[str, Any]) -> str:
        s = p.get("largest_sitemap")
        return "none" if not s else f"{s['path']}: {s['urls']:,} addresses, {s['bytes'] / 1e6:.1f} MB uncompressed"

    lines = ["", f"Published site (everything deploy.yml uploads to GitHub Pages, which publishes at most 1 GB; the "
             f"workflows stop above {sizes.LIMIT_MB} MB):", "",
             "| Products (6 languages) | Published | Files | As a tar | Largest sitemap (limits: 50,000, 52.4 MB) |",
             "| --- | --- | --- | --- | --- |"]
    lines += [f"| {n:,} | {p['mb']:,} MB | {p['files']:,} | {p['tar_mb']:,} MB | {sitemap(p)} |" for n, p in measured]
    if scale := r.get("scale"):
        kinds = ", ".join(f"{name} {kb}" for name, kb in scale["per_product_language_kb_by_kind"].items())
        how = "measured" if scale["measured"] else f"projected from {scale['sizes'][0]:,} and {scale['sizes'][1]:,}"
        lines += ["", f"Each product adds {scale['per_product_language_kb']} KB per language ({kinds}; the difference "
                  f"between {scale['sizes'][0]:,} and {scale['sizes'][1]:,} products, over 6 languages), on "
                  f"{scale['fixed_mb']} MB that do not grow. At {TARGET_PRODUCTS:,} products ({how}): "
                  f"{scale['target_mb']:,} MB published (target: under {TARGET_MB} MB)."]
    n, largest = measured[-1]
    lines += ["", f"Where the bytes go at {n:,} products:", "", "| Kind | Size | Share | Files |",
              "| --- | --- | --- | --- |"]
    lines += [f"| {name} | {part['mb']:,} MB | {part['bytes'] / largest['bytes'] * 100:.1f} % | {part['files']:,} |"
              for name, part in largest["kinds"].items()]
    pages = ", ".join(f"{language} {kb} KB" for language, kb in largest["product_page_kb"].items())
    lines += ["", f"A product page's HTML, on average by language: {pages}."]
    return lines


if __name__ == "__main__":
    raise SystemExit(main())
