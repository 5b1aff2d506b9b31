"""Sitemaps within the protocol: an index at /sitemap.xml, a sitemap per language (split when large), every page
listed once with its versions in the six languages, and robots.txt naming the index."""

from __future__ import annotations

import gzip
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import SUB_PATH

from learning_catalog.site import i18n
from learning_catalog.site.sitemaps import MAX_BYTES, MAX_URLS, sitemaps

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
BASE = f"http://127.0.0.1:8000{SUB_PATH}"


def read(files: dict[str, bytes]) -> tuple[list[str], dict[str, dict[str, dict[str, str]]]]:
    """The index's sitemap addresses, and each sitemap's pages with their alternates (hreflang -> address)."""
    index = ET.fromstring(files["sitemap.xml"])
    assert index.tag == f"{SITEMAP}sitemapindex"
    listed = [loc.text or "" for loc in index.iter(f"{SITEMAP}loc")]
    maps = {}
    for address in listed:
        name = address.removeprefix(BASE)
        text = gzip.decompress(files[name])
        assert len(text) <= MAX_BYTES
        root = ET.fromstring(text)
        assert root.tag == f"{SITEMAP}urlset"
        entries = {}
        for url in root.iter(f"{SITEMAP}url"):
            loc = url.findtext(f"{SITEMAP}loc") or ""
            assert loc not in entries
            entries[loc] = {link.get("hreflang") or "": link.get("href") or "" for link in url.iter(f"{XHTML}link")}
        assert len(entries) <= MAX_URLS
        maps[name] = entries
    return listed, maps


def site_paths(products: int,
               others: tuple[str, ...] = ("", "about/", "catalogue/", "topics/climate-change/")) -> list[str]:
    """The addresses of a site with ``products`` product pages and a few other pages, in the six languages."""
    bases = [*others, *(f"products/p-{n:05d}/" for n in range(products))]
    return [i18n.prefix(language) + base for language in i18n.LANGUAGES for base in bases]


def test_an_index_and_a_sitemap_per_language_with_every_page_once() -> None:
    """Each language's pages are in its own sitemap, once, with their versions in every language and x-default."""
    paths = site_paths(3) + ["contribute/api/"]  # a page in English only
    files = sitemaps(paths, BASE)
    listed, maps = read(files)
    assert listed == [f"{BASE}sitemaps/{language}.xml.gz" for language in i18n.LANGUAGES]
    pages = [loc for entries in maps.values() for loc in entries]
    assert sorted(pages) == sorted(BASE + path for path in paths)
    french = maps["sitemaps/fr.xml.gz"][f"{BASE}fr/products/p-00001/"]
    assert french == {**{language: f"{BASE}{i18n.prefix(language)}products/p-00001/" for language in i18n.LANGUAGES},
                      "x-default": f"{BASE}products/p-00001/"}
    assert maps["sitemaps/en.xml.gz"][f"{BASE}contribute/api/"] == {}
    assert files["robots.txt"].decode() == f"User-agent: *\nAllow: /\n\nSitemap: {BASE}sitemap.xml\n"


def test_a_language_with_more_pages_than_a_sitemap_holds_gets_more_sitemaps() -> None:
    """Past the limit of addresses or of bytes, a language's pages go on in <language>-2, -3..., none lost."""
    paths = site_paths(10)
    by_count = sitemaps(paths, BASE, max_urls=6)
    listed, maps = read(by_count)
    assert [name for name in maps if name.startswith("sitemaps/en")] == ["sitemaps/en.xml.gz", "sitemaps/en-2.xml.gz",
                                                                      "sitemaps/en-3.xml.gz"]
    assert [len(maps[f"sitemaps/en{suffix}.xml.gz"]) for suffix in ("", "-2", "-3")] == [6, 6, 2]
    by_bytes = sitemaps(paths, BASE, max_bytes=4000)
    sizes = [len(gzip.decompress(content)) for name, content in by_bytes.items() if name.startswith("sitemaps/")]
    assert max(sizes) <= 4000 and len(sizes) > len(i18n.LANGUAGES)
    assert sorted(loc for entries in read(by_bytes)[1].values() for loc in entries) == sorted(BASE + p for p in paths)


def test_sitemaps_stay_within_the_protocol_at_the_benchmark_size() -> None:
    """At the benchmark's 10,000 products in six languages, each sitemap is within 50,000 addresses and 50 MB
    (the splitting past them is tested with lower limits above)."""
    files = sitemaps(site_paths(10_000), "https://un-habitat.github.io/urban-agenda-learning-page/")
    sizes = {name: gzip.decompress(content) for name, content in files.items() if name.startswith("sitemaps/")}
    assert len(sizes) == len(i18n.LANGUAGES)
    assert all(text.count(b"<url>") == 10_004 and len(text) <= MAX_BYTES for text in sizes.values())


def test_no_sitemap_without_the_site_address() -> None:
    """A sitemap needs absolute addresses: without a site_url there is none (and no robots.txt to name it)."""
    assert sitemaps(["", "about/"], "") == {}


def test_the_built_site_lists_every_page_once(real_site: Path) -> None:
    """The real site's index, sitemaps and robots.txt: every page is in its language's sitemap once, with its versions."""
    files = {path.relative_to(real_site).as_posix(): path.read_bytes()
             for path in [real_site / "sitemap.xml", real_site / "robots.txt", *(real_site / "sitemaps").iterdir()]}
    listed, maps = read(files)
    assert len(listed) == len(i18n.LANGUAGES) and set(files) == {"sitemap.xml", "robots.txt", *maps}
    assert f"Sitemap: {BASE}sitemap.xml" in files["robots.txt"].decode()
    pages = sorted(BASE + page.relative_to(real_site).as_posix().removesuffix("index.html")
                   for page in real_site.rglob("index.html")
                   if page.parts[len(real_site.parts)] not in ("pagefind", "pagefind-languages"))
    assert sorted(loc for entries in maps.values() for loc in entries) == pages
    topic = maps["sitemaps/fr.xml.gz"][f"{BASE}fr/topics/climate-change/"]
    assert topic == {**{code: f"{BASE}{i18n.prefix(code)}topics/climate-change/" for code in i18n.LANGUAGES},
                     "x-default": f"{BASE}topics/climate-change/"}
    assert maps["sitemaps/en.xml.gz"][f"{BASE}contribute/api/"] == {}  # in English only
    assert not (real_site / "sitemap.xml.gz").exists()
