"""Screenshots of the site for the README: `make screenshots` (or `python tests/screenshots.py`).

Builds the real catalogue into a temporary folder, serves it on 127.0.0.1 under a sub-path as GitHub Pages
would, and photographs the home page, the catalogue explorer, a product page and the search in Chromium, on a
desktop (1366 px) and a phone (390 px), in English and Arabic, into docs/assets/screenshots/. With pngquant
(apt-get install pngquant) the PNGs are reduced to 256 colours, a quarter of their size.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from conftest import ROOT, built_site, make_project  # noqa: E402
from conftest import CHROMIUM, CHROMIUM_ARGS, _serve  # noqa: E402

OUT = ROOT / "docs" / "assets" / "screenshots"
SIZES = {"desktop": {"width": 1366, "height": 768}, "phone": {"width": 390, "height": 844}}
PAGES = {"home": "", "explorer": "catalogue/?topic=climate-change", "product": "products/making-natures-city/",
         "search": "catalogue/"}
SEARCH = {"en": "climate", "ar": "climate"}
"""What the search screenshot searches for (catalogue text is English, so the same word finds it from Arabic)."""


def take(site_url: str, out: Path) -> list[Path]:
    """Take every screenshot from the site at ``site_url`` into ``out``; return the files."""
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for size, viewport in SIZES.items():
            phone = size == "phone"
            context = browser.new_context(viewport=viewport, is_mobile=phone, has_touch=phone)
            page = context.new_page()
            for language in ("en", "ar"):
                folder = "" if language == "en" else f"{language}/"
                for name, path in PAGES.items():
                    page.goto(site_url + folder + path, wait_until="networkidle")
                    if name == "explorer":
                        page.locator("#lp-explorer[data-ready='true']").wait_for(state="attached")
                        if phone:  # the results, not only the filters
                            page.locator(".lp-explorer__results").scroll_into_view_if_needed()
                    if name == "search":
                        if phone:  # a tap on the search icon, as a learner opens it there
                            page.tap("label.md-header__button[for=__search]")
                        else:
                            page.keyboard.press("/")
                        page.keyboard.type(SEARCH[language])
                        page.locator(f"#lp-search-results[data-query='{SEARCH[language]}'] a").first.wait_for()
                        page.keyboard.press("ArrowDown")  # a result in focus, as a learner would have it
                        # The dialog slides in on a phone: a picture taken during the slide shows it cut off.
                        page.wait_for_function("document.getAnimations().every(a => a.playState !== 'running')")
                    target = out / f"{name}-{size}-{language}.png"
                    page.screenshot(path=str(target))
                    written.append(target)
            context.close()
        browser.close()
    return written


def optimise(files: list[Path]) -> None:
    """Reduce the PNGs to 256 colours with pngquant, where it is installed."""
    if not shutil.which("pngquant"):
        print("pngquant is not installed (apt-get install pngquant): the screenshots stay at full size")
        return
    subprocess.run(["pngquant", "--force", "--ext", ".png", "--skip-if-larger", "--strip", "--quality", "60-90",
                    *map(str, files)], check=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=OUT, help=f"folder for the PNGs (default: {OUT})")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        site = built_site(make_project(Path(work)))
        server = _serve(site)
        files = take(next(server), args.out)
        server.close()
    optimise(files)
    for path in files:
        print(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}: {path.stat().st_size / 1024:.0f} KB")


if __name__ == "__main__":
    main()
