"""The built pages' HTML: valid for the W3C Nu HTML Checker, and hand-written pages rendered as written."""

from __future__ import annotations

import os
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
import vnu
from conftest import ROOT

VALID_PAGES = [
    "index.html", "catalogue/index.html", "catalogue/all/index.html", "products/index.html",
    "products/making-natures-city/index.html", "topics/index.html", "topics/climate-change/index.html",
    "formats/video-lecture/index.html", "sdgs/11/index.html", "series/global-urban-lectures/index.html",
    "paths/new-urban-agenda-first-steps/index.html", "statistics/index.html", "data/index.html",
    "my-list/index.html", "about/index.html", "contact/index.html", "privacy/index.html", "licence/index.html",
    "contribute/index.html", "contribute/fields/index.html", "contribute/import/index.html",
    "contribute/api/index.html", "contribute/propose/index.html", "404.html", "ar/index.html", "ar/catalogue/index.html",
    "ar/products/making-natures-city/index.html", "ar/about/index.html", "ar/contribute/index.html",
    "ar/contribute/propose/index.html",
    "ar/statistics/index.html", "zh/topics/climate-change/index.html", "fr/privacy/index.html",
]
"""Every kind of page, in English and in Arabic (and a few other languages): the checker runs once over them all."""


def test_every_kind_of_page_is_valid_html(real_site: Path, tmp_path: Path) -> None:
    """The W3C Nu HTML Checker finds no error in any kind of page, including the theme's own markup."""
    if reason := vnu.missing():
        if os.environ.get("LEARNING_PAGE_REQUIRE_BROWSER"):
            pytest.fail(reason + "; LEARNING_PAGE_REQUIRE_BROWSER is set, so this is a failure")
        pytest.skip(reason)
    files = []
    for page in VALID_PAGES:
        copy = tmp_path / page.replace("/", "__")  # one folder, named after the page, for readable messages
        shutil.copy(real_site / page, copy)
        files.append(copy)
    assert vnu.check(files) == []


class _Headings(HTMLParser):
    """The text of the headings in a page's article (but the API reference's), and the article's text."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.heading: list[str] | None = None
        self.headings: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "article" or self.depth:
            self.depth += tag == "article"
        if self.depth and re.fullmatch(r"h[1-6]", tag) and "doc-heading" not in (dict(attrs).get("class") or ""):
            self.heading = []  # mkdocstrings' headings (the API page) come from the code, not from the Markdown

    def handle_endtag(self, tag: str) -> None:
        if self.depth and re.fullmatch(r"h[1-6]", tag) and self.heading is not None:
            self.headings.append(" ".join("".join(self.heading).replace("¶", "").split()))
            self.heading = None
        if tag == "article" and self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.text.append(data)
            if self.heading is not None:
                self.heading.append(data)


def _markdown_headings(source: str) -> list[str]:
    """The ATX headings of a Markdown page outside fenced code, as text (backticks and links dropped)."""
    headings, fence = [], None
    for line in source.split("\n---\n", 1)[-1].splitlines() if source.startswith("---") else source.splitlines():
        stripped = line.strip()
        if fence:
            fence = None if stripped.startswith(fence) else fence
        elif found := re.match(r"(`{3,}|~{3,})", stripped):
            fence = found.group(1)
        elif found := re.match(r"#{1,6}\s+(.*?)\s*#*$", line):
            headings.append(re.sub(r"\[([^]]*)\]\([^)]*\)", r"\1", found.group(1)).replace("`", ""))
    return headings


HANDWRITTEN = sorted(str(p.relative_to(ROOT / "docs")) for p in (ROOT / "docs").rglob("*.md")
                     if "overrides" not in p.parts)


@pytest.mark.parametrize("source", HANDWRITTEN)
def test_handwritten_page_renders_as_written(real_site: Path, source: str) -> None:
    """A hand-written page shows no literal code fence, and exactly the headings its Markdown has (a comment line
    of a broken code block would become a heading)."""
    markdown = (ROOT / "docs" / source).read_text(encoding="utf-8")
    built = real_site / (source[:-3].removesuffix("index") + "/index.html").replace("//", "/")
    parser = _Headings()
    parser.feed(built.read_text(encoding="utf-8"))
    assert "```" not in "".join(parser.text) and "~~~" not in "".join(parser.text)
    assert parser.headings == _markdown_headings(markdown)
