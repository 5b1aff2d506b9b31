"""Sitemaps within the protocol: an index at ``/sitemap.xml`` and a sitemap per language.

The sitemap protocol (sitemaps.org) allows at most 50,000 addresses and 50 MB (uncompressed) in one
sitemap; one file for every page in six languages passes both around 10,000 products. So
``/sitemap.xml`` is a sitemap index listing one sitemap per language, ``sitemaps/<language>.xml.gz``
(``<language>-2.xml.gz`` and so on when a language has more than one file can hold). Each address
lists the page's versions in the six languages (``xhtml:link rel="alternate" hreflang``, English
also as ``x-default``), as search engines read them from a sitemap: the pages' heads carry none,
because Material's JavaScript fetches a ``sitemap.xml`` beside every ``rel="alternate"`` link.
The sitemaps are gzipped, as the protocol allows: they are read by crawlers only, and their
alternates make them large (a kilobyte per page). ``robots.txt`` names the index.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterable, Iterator
from xml.sax.saxutils import escape

from . import i18n

MAX_URLS = 50_000
"""The protocol's limit of addresses in one sitemap."""
MAX_BYTES = 50 * 1024 * 1024
"""The protocol's limit of one sitemap's size, uncompressed (52,428,800 bytes)."""
INDEX = "sitemap.xml"
FOLDER = "sitemaps"
NAMESPACES = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml"'
_HEAD = f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset {NAMESPACES}>\n'
_TAIL = "</urlset>\n"
_QUOTE = {'"': "&quot;"}


def _base(path: str) -> tuple[str, str]:
    """(language, the page's path without its language folder) of a page's path in the site."""
    language = i18n.language_of(path)
    return language, path[len(i18n.prefix(language)):]


def _entries(paths: list[str], site_url: str) -> dict[str, list[str]]:
    """Each language's ``<url>`` elements, in the order of ``paths``."""
    versions: dict[str, dict[str, str]] = {}
    for path in paths:
        language, base = _base(path)
        versions.setdefault(base, {})[language] = path
    site = escape(site_url, _QUOTE)
    links: dict[str, str] = {}  # the same alternates for each language's version of a page: written once
    for base, found in versions.items():
        if len(found) > 1:
            pairs = [(other, found[other]) for other in i18n.LANGUAGES if other in found]
            if i18n.DEFAULT in found:
                pairs.append(("x-default", found[i18n.DEFAULT]))
            links[base] = "".join(
                f'<xhtml:link rel="alternate" hreflang="{other}" href="{site}{escape(version, _QUOTE)}"/>'
                for other, version in pairs)
    result: dict[str, list[str]] = {language: [] for language in i18n.LANGUAGES}
    for path in paths:
        language, base = _base(path)
        result[language].append(f"<url><loc>{site}{escape(path)}</loc>{links.get(base, '')}</url>\n")
    return {language: entries for language, entries in result.items() if entries}


def _chunks(entries: list[str], max_urls: int, max_bytes: int) -> Iterator[list[str]]:
    """The entries cut into sitemaps of at most ``max_urls`` addresses and ``max_bytes`` bytes each."""
    room = max_bytes - len((_HEAD + _TAIL).encode())
    chunk: list[str] = []
    size = 0
    for entry in entries:
        length = len(entry.encode())
        if chunk and (len(chunk) >= max_urls or size + length > room):
            yield chunk
            chunk, size = [], 0
        chunk.append(entry)
        size += length
    if chunk:
        yield chunk


def sitemaps(paths: Iterable[str], site_url: str, *, max_urls: int = MAX_URLS,
             max_bytes: int = MAX_BYTES) -> dict[str, bytes]:
    """The sitemap index, each language's sitemaps and ``robots.txt``, by path in the site.

    Args:
        paths: Every page's address in the site, relative to its root (``""`` for the home page,
            ``fr/products/x/``), in the order the sitemaps should list them.
        site_url: The site's address, ending in ``/``; sitemaps hold absolute addresses only.
        max_urls: At most this many addresses in one sitemap.
        max_bytes: At most this many bytes in one sitemap, uncompressed.

    Returns:
        ``sitemap.xml`` (the index, uncompressed), ``sitemaps/<language>[-<n>].xml.gz`` and ``robots.txt``;
        nothing without a site address.
    """
    if not site_url:
        return {}
    site_url = site_url if site_url.endswith("/") else site_url + "/"
    files: dict[str, bytes] = {}
    for language, entries in _entries(list(dict.fromkeys(paths)), site_url).items():
        for number, chunk in enumerate(_chunks(entries, max_urls, max_bytes), start=1):
            name = f"{FOLDER}/{language}{'' if number == 1 else f'-{number}'}.xml.gz"
            text = _HEAD + "".join(chunk) + _TAIL
            files[name] = gzip.compress(text.encode(), mtime=0)
    index = "".join(f"<sitemap><loc>{escape(site_url + name)}</loc></sitemap>\n" for name in files)
    files[INDEX] = (f'<?xml version="1.0" encoding="UTF-8"?>\n'
                    f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{index}</sitemapindex>\n'
                    ).encode()
    files["robots.txt"] = f"User-agent: *\nAllow: /\n\nSitemap: {site_url}{INDEX}\n".encode()
    return files
