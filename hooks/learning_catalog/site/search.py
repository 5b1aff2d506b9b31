"""Site search: a Pagefind index of the built site, with each language searchable in its own way.

Pagefind (the ``pagefind[extended]`` package bundles its binary, which runs offline)
splits the index into small chunks that the browser loads on the first search, stems
words and segments Chinese and Japanese. It indexes a page in the language of its
``<html lang>``. The site's pages are in the interface language, so catalogue text in
other languages (a Chinese title, an Arabic summary) is also added as records in its own
language: ``search.js`` searches those only when a query is written in their script, so an
English query never downloads them. The site's chrome (header, navigation, footer) and
the product lists of browse pages are left out, so that a product is found on its own page.

Each page's index is for the words of its language: a page stems every word with its
language's stemmer, so an English description on a French page would match French words
that stem alike ("logement" and "log in" both give "log"). Descriptions in another language
than the page's, and the English-only copies of contributor pages, are therefore left out
of that page's index; titles and summaries in other languages stay (short, and what a
learner types); a summary is indexed as the result's ``summary`` meta (its excerpt), not twice.
Contributor and data pages carry a filter, ``section: contribute``; ``search.js`` lists
them after the learners' pages (products, series, paths, browse pages, the home and About
pages), and before them in the Contribute section. Only those few pages carry it, so the
filter's index stays a few bytes at any size of catalogue.
"""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from . import formatting
from ..contract.model import Catalogue
from .i18n import language_of, prefix
from .pages import GeneratedPage

IGNORED = (
    ".md-header", ".md-tabs", ".md-sidebar", ".md-footer", ".md-search", ".md-content__button", ".md-top",
    ".lp-list", ".lp-terms", ".lp-cards", ".lp-chips", ".lp-kicker", ".lp-explorer__fallback",
    # Words every product page has ("Format", "Provider", "Open on ...", "At a glance") would only make the
    # index larger: learners search for the values, not the labels.
    ".lp-facts dt", ".lp-access", ".lp-product > h2", ".lp-status",
    # Text in another language than the page's (see above): descriptions, and English-only copies.
    ".lp-description[lang]", ".lp-untranslated",
    # Summaries are indexed as the result's summary meta (Pagefind indexes meta too): once is enough.
    "[data-pagefind-meta=summary]",
)

CONTRIBUTOR_PAGES = ("contribute", "statistics", "data")
"""The first part of the paths (without the language folder) of the pages for contributors and data users rather
than learners: searched after the learners' pages, except from the Contribute section."""
_MAIN = re.compile(r"<main\b[^>]*>")


def section(path: str) -> str:
    """The search section of a page, from its source path or its path in the site ('contribute/fields.md',
    'fr/statistics/index.html'): 'contribute' for contributor and data pages, else 'learn'."""
    base = path[len(prefix(language_of(path))):]
    return "contribute" if base.split("/")[0].split(".")[0] in CONTRIBUTOR_PAGES else "learn"


# Scripts of languages whose words an index in a Latin-script language cannot find well; text in these
# languages gets records of its own, searched when a query is written in the script.
SCRIPTS = {
    "ar": "Arabic", "fa": "Arabic", "ur": "Arabic", "he": "Hebrew", "zh": "Han", "ja": "Han", "ko": "Hangul",
    "ru": "Cyrillic", "uk": "Cyrillic", "be": "Cyrillic", "bg": "Cyrillic", "sr": "Cyrillic", "mk": "Cyrillic",
    "kk": "Cyrillic", "mn": "Cyrillic", "el": "Greek", "hy": "Armenian", "ka": "Georgian", "hi": "Devanagari",
    "th": "Thai",
}
LANGUAGES_BUNDLE = "pagefind-languages"
# Thousands of small files are written for Pagefind to read: in memory where the system offers it.
_FAST_TMP = "/dev/shm" if os.access("/dev/shm", os.W_OK) else None


class SearchIndexError(Exception):
    """Pagefind could not index the site."""


def language_records(catalogue: Catalogue, *, site_language: str = "en",
                     directory_urls: bool = True) -> Iterator[dict[str, Any]]:
    """Records for the catalogue text that is not in the site's language, one per product and language."""
    for product in catalogue.products.values():
        texts: dict[str, list[str]] = {}
        for field in (product.title, product.summary, product.description):
            for language, text in (field.values.items() if field else ()):
                if language != site_language and language in SCRIPTS:
                    texts.setdefault(language, []).append(text)
        for language, parts in texts.items():
            if language == "ar":
                parts = [*parts, arabic_variants(" ".join(parts))]
            title = product.title.values.get(language, product.title.text)
            url = "/" + formatting.dest_path(f"products/{product.id}.md", directory_urls)
            yield {"url": url, "content": "\n".join(parts), "language": language, "meta": {"title": title}}


_ARABIC_PROCLITICS = ("وال", "بال", "كال", "فال", "لل", "و", "ف", "ب")
_ARABIC_WORD = re.compile(r"[\u0621-\u064a]+")


def arabic_variants(text: str) -> str:
    """Arabic words as a learner may type them: without a joined 'and', 'by', 'as' or 'for', and without 'al-'.

    Pagefind's Arabic stemmer keeps those prefixes (والمناخ, "and the climate", is not found by المناخ,
    "the climate"); adding the light-stemmed forms to the record (after Larkey's light10 stemmer) finds them.
    """
    variants = []
    for word in _ARABIC_WORD.findall(text):
        for prefix in _ARABIC_PROCLITICS:
            if word.startswith(prefix) and len(word) - len(prefix) >= 3:
                stem = word[len(prefix):]
                if prefix in ("وال", "بال", "كال", "فال"):
                    variants.append("ال" + stem)
                elif prefix == "لل":
                    variants.append("ال" + stem)
                variants.append(stem[2:] if stem.startswith("ال") and len(stem) > 4 else stem)
                break
        else:
            if word.startswith("ال") and len(word) > 4:
                variants.append(word[2:])
    return " ".join(dict.fromkeys(variants))


def index_site(site_dir: str | os.PathLike[str], catalogue: Catalogue | None = None, *,
               pages: Iterable[GeneratedPage] = (), site_language: str = "en", directory_urls: bool = True) -> None:
    """Index a built site: every page as built, except generated pages, which are read as their bodies.

    Args:
        site_dir: The built site.
        catalogue: If given, its text in other scripts is indexed in those languages too.
        pages: The generated pages (a third of the bytes of the built pages to read).
        site_language: The language of the site's pages.
        directory_urls: Whether product pages are served as ``products/x/`` or ``products/x.html``.

    Raises:
        SearchIndexError: If Pagefind fails.
    """
    site = Path(site_dir)
    documents = dict(page_documents(pages, directory_urls))
    for built in site.rglob("*.html"):
        relative = built.relative_to(site).as_posix()
        if relative not in documents and relative.split("/")[0] not in ("pagefind", LANGUAGES_BUNDLE):
            tag = section_filter(section(relative))
            documents[relative] = _MAIN.sub(lambda m: m.group(0) + tag, built.read_text(encoding="utf-8"), 1)
    index_documents(site, documents.items(), catalogue, site_language=site_language, directory_urls=directory_urls)


def page_documents(pages: Iterable[GeneratedPage], directory_urls: bool) -> Iterator[tuple[str, str]]:
    """(path in the site, HTML) of each generated page's body, as Pagefind should read it (in the page's
    language: Pagefind keeps an index per language, and a page searches the index of its own)."""
    for page in pages:
        if page.src_uri.endswith(".md"):
            dest = formatting.dest_path(page.src_uri, directory_urls)
            path = f"{dest}index.html" if dest.endswith("/") or not dest else dest
            yield path, document(page.html, page.language, section=section(page.src_uri))


def section_filter(section: str) -> str:
    """The element that puts a page in search section ``section`` (nothing for learners' pages)."""
    return '<span data-pagefind-filter="section:contribute"></span>' if section == "contribute" else ""


def document(body: str, language: str, *, title: str | None = None, section: str = "learn") -> str:
    """A page's body as Pagefind should read it: in ``language``, in search ``section`` (see ``section``), with
    ``title`` as its heading if it has none."""
    heading = f"<h1>{html.escape(title)}</h1>" if title and "<h1" not in body else ""
    return (f'<!doctype html><html lang="{language}"><head><meta charset="utf-8"></head>'
            f"<body><main>{section_filter(section)}{heading}{body}</main></body></html>")


def index_documents(site_dir: str | os.PathLike[str], documents: Iterable[tuple[str, str]],
                    catalogue: Catalogue | None = None, *, site_language: str = "en",
                    directory_urls: bool = True) -> None:
    """Write the Pagefind index of ``documents`` (path in the site, HTML) into ``site_dir/pagefind/``.

    Catalogue text in other scripts goes to ``site_dir/pagefind-languages/<language>/`` (see
    ``index_languages``).

    Raises:
        SearchIndexError: If Pagefind fails.
    """
    site = Path(site_dir)
    with tempfile.TemporaryDirectory(dir=_FAST_TMP) as copy:
        for relative, html_text in documents:
            path = Path(copy) / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(html_text, encoding="utf-8")
        _pagefind("--site", copy, "--output-path", str(site / "pagefind"), "--root-selector", "main",
                  "--exclude-selectors", ", ".join(IGNORED))
    _drop_unused(site / "pagefind")
    if catalogue is not None:
        index_languages(site_dir, catalogue, site_language=site_language, directory_urls=directory_urls)


def index_languages(site_dir: str | os.PathLike[str], catalogue: Catalogue, *, site_language: str = "en",
                    directory_urls: bool = True) -> None:
    """Index the catalogue text in other scripts, a bundle per language in ``site_dir/pagefind-languages/``.

    Raises:
        SearchIndexError: If Pagefind fails.
    """
    site = Path(site_dir)
    records = list(language_records(catalogue, site_language=site_language, directory_urls=directory_urls))
    if not records:
        return
    # One more bundle per language, from one small page per record: Pagefind merges an index in another
    # language only from another bundle, and indexes a page in the language of its <html lang>.
    # The bundles are indexed at the same time, each by its own Pagefind process.
    languages = sorted({record["language"] for record in records})
    with tempfile.TemporaryDirectory(dir=_FAST_TMP) as pages:
        for record in records:
            path = Path(pages) / record["language"] / record["url"].lstrip("/")
            path = path / "index.html" if record["url"].endswith("/") else path
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(_record_page(record), encoding="utf-8")
        _pagefind_all([("--site", str(Path(pages) / language), "--output-path",
                        str(site / LANGUAGES_BUNDLE / language)) for language in languages])
    for language in languages:
        _drop_unused(site / LANGUAGES_BUNDLE / language)
    scripts = {record["language"]: SCRIPTS[record["language"]] for record in records}
    (site / LANGUAGES_BUNDLE / "scripts.json").write_text(json.dumps(scripts, sort_keys=True), encoding="utf-8")


UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
          "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")
"""Pagefind's ready-made interfaces (0.4 MB a bundle): the site searches through Pagefind's API (search.js)."""


def _drop_unused(bundle: Path) -> None:
    for name in UNUSED:
        (bundle / name).unlink(missing_ok=True)


def _record_page(record: dict[str, Any]) -> str:
    return (
        f'<!doctype html><html lang="{record["language"]}"><head><meta charset="utf-8"></head>'
        f'<body data-pagefind-body><h1 data-pagefind-meta="title">{html.escape(record["meta"]["title"])}</h1>'
        f'<p>{html.escape(record["content"])}</p></body></html>'
    )


def _pagefind(*args: str) -> None:
    _pagefind_all([args])


def _pagefind_all(runs: list[tuple[str, ...]]) -> None:
    """Run Pagefind once for each list of arguments, all at the same time."""
    processes = [subprocess.Popen([sys.executable, "-m", "pagefind", *args, "--quiet"], stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT, text=True) for args in runs]
    failures = []
    for process in processes:
        output, _ = process.communicate()
        if process.returncode != 0:
            failures.append(f"Pagefind failed (exit {process.returncode}):\n{output}")
    if failures:
        raise SearchIndexError("\n".join(failures))
