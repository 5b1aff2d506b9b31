"""The real catalogue built into a site with MkDocs: pages, browse pages, search, links, privacy."""

from __future__ import annotations

import functools
import gzip
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
import yaml
from conftest import ROOT, SUB_PATH, built_site, make_project, product, write_catalogue

from learning_catalog.contract.schema import duration_minutes
from learning_catalog.site.formatting import strip_indentation

PRODUCTS = {path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))
            for path in sorted((ROOT / "catalog/products").glob("*.yml"))}
VOCAB = {name: {t["id"]: {**t, "label": t["label"]["en"] if isinstance(t["label"], dict) else t["label"],
                         "labels": t["label"] if isinstance(t["label"], dict) else {"en": t["label"]}}
                for t in yaml.safe_load((ROOT / f"catalog/vocabularies/{name}.yml").read_text())["terms"]}
         for name in ("topics", "formats", "audiences", "organisations")}
"""The vocabularies: each term's English ``label``, and its ``labels`` by language."""


class Links(HTMLParser):
    """Collects every URL a page refers to, with the tag and attribute it is in."""

    def __init__(self) -> None:
        super().__init__()
        self.refs: list[tuple[str, str, str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        for attr in ("href", "src", "srcset", "action", "data", "poster"):
            if found.get(attr):
                self.refs.append((tag, attr, found[attr] or "", found))


@functools.cache
def page(site: Path, path: str) -> str:
    """The HTML of the page at ``path`` (a directory URL like 'products/x/')."""
    return (site / path / "index.html").read_text(encoding="utf-8")


def refs(html: str) -> list[tuple[str, str, str, dict[str, str | None]]]:
    parser = Links()
    parser.feed(html)
    return parser.refs


def product_links(html: str) -> set[str]:
    """Ids of the products a listing page links to, in its main content (lists with summaries, or brief ones)."""
    main = html.split('<article class="md-content__inner', 1)[1]
    return set(re.findall(r'<li(?: class="lp-item")?>\n?<a (?:class="lp-item__title" )?href="[./]*products/([a-z0-9-]+)/"',
                          main))


def test_catalogue_is_real_and_large_enough() -> None:
    """The catalogue ships at least 53 real products, each with its sources, and at least five learning paths of
    three or more steps, each step with a note saying why it comes next."""
    assert len(PRODUCTS) >= 53
    assert all(data["sources"] for data in PRODUCTS.values())
    paths = [yaml.safe_load(path.read_text(encoding="utf-8")) for path in (ROOT / "catalog/paths").glob("*.yml")]
    assert len(paths) >= 5
    assert all(len(path["steps"]) >= 3 and all(step.get("note") for step in path["steps"]) for path in paths)


@pytest.mark.parametrize("product_id", sorted(PRODUCTS))
def test_every_product_has_its_page(real_site: Path, product_id: str) -> None:
    """Each product has a page with its title, summary, access link and an edit link to its YAML file."""
    data = PRODUCTS[product_id]
    html = page(real_site, f"products/{product_id}/")
    title = data["title"] if isinstance(data["title"], str) else next(iter(data["title"].values()))
    assert f"<h1>{_escape(title)}</h1>" in html
    assert f'<meta name="description" content="{_escape(" ".join(data["summary"].split()))}">' in html
    assert f'class="md-button md-button--primary" href="{_escape(data["url"])}"' in html
    assert f"/edit/main/catalog/products/{product_id}.yml\"" in html


FACETS = {
    "topics": lambda d: d["topics"],
    "formats": lambda d: [d["format"]],
    "audiences": lambda d: d["audiences"],
    "languages": lambda d: d["languages"],
    "organisations": lambda d: [d["provider"], *d.get("partners", [])],
    "sdgs": lambda d: d.get("sdgs", []),
}


@pytest.mark.parametrize("facet", sorted(FACETS))
def test_browse_pages_list_the_right_products(real_site: Path, facet: str) -> None:
    """Each browse page lists exactly the products with that value; values without products get no page."""
    expected: dict[str, set[str]] = {}
    for product_id, data in PRODUCTS.items():
        for value in FACETS[facet](data):
            expected.setdefault(str(value), set()).add(product_id)
    generated = {p.name for p in (real_site / facet).iterdir() if p.is_dir()}
    assert generated == set(expected)
    for value, ids in expected.items():
        assert product_links(page(real_site, f"{facet}/{value}/")) == ids, value
    index = page(real_site, f"{facet}/")
    listed = set(re.findall(r'href="([a-z0-9-]+)/"', index.split('<ul class="lp-terms">', 1)[1].split("</ul>")[0]))
    assert listed == set(expected)
    unused = set(VOCAB.get(facet, {})) - set(expected)
    for value in unused:
        assert not (real_site / facet / value).exists()


def test_catalogue_lists_every_product(real_site: Path) -> None:
    """The explorer's data and the no-JavaScript list (/catalogue/all/) both hold every product once."""
    html = page(real_site, "catalogue/all/")
    assert product_links(html) == set(PRODUCTS)
    assert html.count('class="lp-item__title"') == len(PRODUCTS)
    data = json.loads((real_site / "catalogue/explorer.json").read_text(encoding="utf-8"))
    assert sorted(data["products"]["id"]) == sorted(PRODUCTS)
    explorer = page(real_site, "catalogue/")
    assert '<noscript><p class="lp-status">The filters need JavaScript' in explorer
    assert 'href="all/">All products</a>' in explorer


def test_home_page_serves_a_learner(real_site: Path) -> None:
    """The home page says what the site is and offers start points by audience, topic and newest products."""
    html = page(real_site, "")
    assert "one-stop shop" in html
    for audience in {a for d in PRODUCTS.values() for a in d["audiences"]}:
        assert f'href="audiences/{audience}/"' in html
    for topic in {t for d in PRODUCTS.values() for t in d["topics"]}:
        assert f'href="topics/{topic}/"' in html
    newest = sorted(PRODUCTS, key=lambda i: max(str(PRODUCTS[i].get("updated", "")),
                                                 str(PRODUCTS[i].get("published", ""))), reverse=True)[0]
    section = html.split("New and recently updated", 1)[1]
    assert f'href="products/{newest}/"' in section.split("</ul>", 1)[0]


def test_series_page_lists_its_episodes(real_site: Path) -> None:
    """The series page lists every product of the series, by season."""
    members = {i for i, d in PRODUCTS.items() if d.get("series") == "global-urban-lectures"}
    html = page(real_site, "series/global-urban-lectures/")
    assert members and product_links(html) == members
    assert "<h2>Season 6</h2>" in html


def test_search_index_finds_every_product(real_site: Path) -> None:
    """Site search (Pagefind) indexes every product page with its title, summary (as the result's summary meta,
    which Pagefind indexes too), people and topic labels."""
    text_by_page: dict[str, str] = {}
    for fragment in (real_site / "pagefind/fragment").glob("*.pf_fragment"):
        record = json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd"))
        meta = record["meta"]
        text_by_page[record["url"]] = " ".join((meta["title"], meta.get("summary", ""), record["content"]))
    for product_id, data in PRODUCTS.items():
        text = " ".join(_unescape(text_by_page[f"/products/{product_id}/"]).split())
        assert " ".join(data["summary"].split()) in text
        for person in data.get("people", []):
            assert person["name"] in text
        for topic in data["topics"]:
            assert VOCAB["topics"][topic]["label"] in text


def test_no_page_loads_anything_from_another_host(real_site: Path) -> None:
    """No built page or stylesheet loads a resource (script, style, font, image, frame) from another host."""
    external = []
    for html_file in real_site.rglob("*.html"):
        for tag, attr, value, attrs in refs(html_file.read_text(encoding="utf-8")):
            is_navigation = tag == "a" or (tag == "link" and attrs.get("rel") in ("canonical", "alternate"))
            if not is_navigation and urlsplit(value).scheme in ("http", "https", ""):
                if value.startswith(("http:", "https:", "//")):
                    external.append(f"{html_file.relative_to(real_site)}: <{tag} {attr}={value}>")
    for css in real_site.rglob("*.css"):
        for url in re.findall(r"(?:@import\s+|url\()\s*['\"]?((?:https?:)?//[^'\")]+)", css.read_text(encoding="utf-8")):
            external.append(f"{css.relative_to(real_site)}: {url}")
    assert external == []


def test_every_internal_link_resolves(real_site: Path) -> None:
    """Every relative link and asset of every page resolves inside the site, and none is root-absolute.

    Relative links are what makes the site work under a sub-path such as GitHub Pages' /<repository>/.
    """
    broken = []
    for html_file in real_site.rglob("*.html"):
        base = SUB_PATH + html_file.relative_to(real_site).as_posix()
        for tag, attr, value, _ in refs(html_file.read_text(encoding="utf-8")):
            if attr == "srcset" or urlsplit(value).scheme or value.startswith(("#", "//")):
                continue
            if value.startswith("/") and not (html_file.name == "404.html" and value.startswith(SUB_PATH)):
                # Only the 404 page, served at any address, may use absolute paths (from site_url).
                broken.append(f"{base}: root-absolute {value}")
                continue
            target = unquote(urlsplit(urljoin(base, value)).path)
            if not target.startswith(SUB_PATH):
                broken.append(f"{base}: leaves the site: {value}")
                continue
            path = real_site / target.removeprefix(SUB_PATH)
            if not (path.is_file() or (path / "index.html").is_file()):
                broken.append(f"{base}: {value}")
    assert broken == []


def test_every_page_has_the_same_tabs_and_navigation_targets(real_site: Path) -> None:
    """The tabs and the navigation (rendered once per folder for generated pages) lead to the same pages everywhere."""
    def targets(html_file: Path, css_class: str) -> list[str]:
        base = SUB_PATH + html_file.relative_to(real_site).as_posix()
        return [urljoin(base, value) for tag, attr, value, found in refs(html_file.read_text(encoding="utf-8"))
                if tag == "a" and css_class in (found.get("class") or "").split() and "#" not in value]

    for language in ("", "fr/", "ar/"):
        home = real_site / language / "index.html"
        expected_tabs, expected_nav = targets(home, "md-tabs__link"), set(targets(home, "md-nav__link"))
        assert len(expected_tabs) >= 5
        assert all(target.startswith(SUB_PATH + language) for target in expected_tabs)
        for html_file in [real_site / language / "catalogue/all/index.html", *(real_site / language).glob("*/*/index.html")]:
            if html_file.relative_to(real_site).parts[0] in ("pagefind", "pagefind-languages", "assets", "ar", "es",
                                                               "fr", "ru", "zh") and not language:
                continue
            assert targets(html_file, "md-tabs__link") == expected_tabs, html_file
            assert set(targets(html_file, "md-nav__link")) <= expected_nav | {SUB_PATH + "contribute/api/"}, html_file


def test_every_page_has_its_own_meta_description(real_site: Path) -> None:
    """Each page describes itself (product pages with their summary, tested above), not only the site."""
    site_description = re.search(r'<meta name="description" content="([^"]*)"',
                                 (real_site / "404.html").read_text(encoding="utf-8")).group(1)
    generic = []
    for html_file in real_site.rglob("index.html"):
        if html_file.relative_to(real_site).parts[0] in ("pagefind", "pagefind-languages"):
            continue
        found = re.search(r'<meta name="description" content="([^"]*)"', html_file.read_text(encoding="utf-8"))
        shortest = 15 if html_file.relative_to(real_site).parts[0] == "zh" else 40  # Chinese says more per character
        if not found or len(found.group(1)) < shortest or found.group(1) == site_description:
            generic.append(html_file.relative_to(real_site).as_posix())
    assert generic == []


def test_browse_pages_leave_their_product_lists_out_of_search(real_site: Path) -> None:
    """A topic page is found by its own name, not by the text of the products it lists (they have pages)."""
    text_by_page = {}
    for fragment in (real_site / "pagefind/fragment").glob("*.pf_fragment"):
        record = json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd"))
        text_by_page[record["url"]] = record["content"]
    topic = text_by_page["/topics/climate-change/"]
    assert "Climate change" in topic and "Guiding Principles for City Climate Action Planning" not in topic


def test_product_pages_are_out_of_the_navigation(real_site: Path) -> None:
    """The navigation does not list product pages, so their size does not grow with the catalogue; such pages
    (products, browse pages) have the tabs and no drawer or menu button, pages in the navigation have both."""
    html = page(real_site, "products/making-natures-city/")
    chrome = html.split("<body", 1)[1].split('<article class="md-content__inner', 1)[0]
    assert '<div class="lp-tabs"><nav class="md-tabs"' in chrome and 'class="md-nav md-nav--primary' not in chrome
    assert 'class="md-header__button md-icon" for="__drawer"' not in chrome
    assert '<div class="md-sidebar md-sidebar--primary"></div>' in chrome
    # Only the language menu leads to product pages: to this one in the other languages.
    assert set(re.findall(r'href="([^"]*products/[^"]*)"', chrome)) == {
        f"../../{language}/products/making-natures-city/" for language in ("ar", "es", "fr", "ru", "zh")}
    for path in ("topics/climate-change/", "fr/catalogue/all/"):
        assert 'class="lp-tabs"' in page(real_site, path) and "md-nav--primary" not in page(real_site, path)
    for path in ("topics/", "about/", "fr/data/"):
        navigation = page(real_site, path)
        assert 'class="md-nav md-nav--primary' in navigation, path
        assert 'class="md-header__button md-icon" for="__drawer"' in navigation, path
        assert 'class="lp-tabs"' not in navigation


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&#34;").replace("'", "&#39;")


def _unescape(text: str) -> str:
    import html

    return html.unescape(text)


def test_learning_path_page_and_step_navigation(real_site: Path) -> None:
    """A path page lists its steps in order with notes and total time; its products say which step they are."""
    source = yaml.safe_load((ROOT / "catalog/paths/new-urban-agenda-first-steps.yml").read_text(encoding="utf-8"))
    ids = [step["product"] for step in source["steps"]]
    html = page(real_site, "paths/new-urban-agenda-first-steps/")
    listed = re.findall(r'class="lp-item__title" href="[./]*products/([a-z0-9-]+)/"', html)
    assert listed == ids
    for step in source["steps"]:
        assert _escape(step["note"]) in html
    minutes = sum(15 for i in ids if PRODUCTS[i].get("duration") == "PT15M")
    untimed = sum(1 for i in ids if "duration" not in PRODUCTS[i])
    assert f"<strong>Time:</strong> about {minutes} min, plus {untimed} steps" in html
    ld = json.loads(re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)[0])
    assert ld["@type"] == "ItemList" and [e["position"] for e in ld["itemListElement"]] == list(range(1, len(ids) + 1))
    second = page(real_site, f"products/{ids[1]}/")
    assert f"Step 2 of {len(ids)} in" in second
    assert f'href="../{ids[0]}/" rel="prev">Previous step</a>' in second
    assert f'href="../{ids[2]}/" rel="next">Next step</a>' in second
    assert 'href="paths/new-urban-agenda-first-steps/"' in page(real_site, "")


def test_product_page_shows_its_sources_in_the_page_language(tmp_path: Path) -> None:
    """A product page ends with "Sources": each page its facts come from, by title (or address), with the date a
    person checked it, in the page's language; titles are catalogue text in English, marked as such."""
    sources = ("\n  - url: https://example.org/lecture\n    title: Global Urban Lectures s06e04\n    checked: 2026-11-30"
               "\n  - url: https://example.org/news?id=1&lang=en")
    write_catalogue(tmp_path, {"products/place-value.yml": product(duration="PT15M", sources=sources)})
    for language in ("es", "ar"):
        (tmp_path / f"catalog/translations/{language}.yml").parent.mkdir(exist_ok=True)
        (tmp_path / f"catalog/translations/{language}.yml").write_bytes(
            (ROOT / f"catalog/translations/{language}.yml").read_bytes())
    site = built_site(make_project(tmp_path))
    untitled = ('<li><a href="https://example.org/news?id=1&amp;lang=en" rel="noopener"><span dir="ltr">'
                'https://example.org/news?id=1&amp;lang=en</span></a></li>\n</ul>')
    expected = {
        "": ('<h2>Sources</h2>\n<p>The facts on this page come from these pages:</p>\n<ul class="lp-sources">\n'
             '<li><a href="https://example.org/lecture" rel="noopener">Global Urban Lectures s06e04</a> '
             '<span class="lp-muted">(checked <time datetime="2026-11-30">30 November 2026</time>)</span></li>\n'),
        "es/": ('<h2>Fuentes</h2>\n<p>Los datos de esta página proceden de estas páginas:</p>\n<ul class="lp-sources">\n'
                '<li><a href="https://example.org/lecture" rel="noopener"><span lang="en">Global Urban Lectures s06e04'
                '</span></a> <span class="lp-muted">(verificado: <time datetime="2026-11-30">30 de noviembre de 2026'
                '</time>)</span></li>\n'),
        "ar/": ('<h2>المصادر</h2>\n<p>المعلومات الواردة في هذه الصفحة مأخوذة من الصفحات التالية:</p>\n'
                '<ul class="lp-sources">\n<li><a href="https://example.org/lecture" rel="noopener"><span lang="en" '
                'dir="ltr">Global Urban Lectures s06e04</span></a> <span class="lp-muted">(تاريخ التحقق: <time '
                'datetime="2026-11-30">30 نوفمبر 2026</time>)</span></li>\n'),
    }
    for prefix, start in expected.items():
        html = page(site, f"{prefix}products/place-value/")
        assert strip_indentation(start + untitled) in html, prefix  # (line breaks before blocks are dropped)
    # Sources describe the entry, not the product: not in its JSON-LD (on its English page only).
    ld = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page(site, "products/place-value/"), re.S)
    assert len(ld) == 1 and "example.org/lecture" not in ld[0]
    assert "application/ld+json" not in page(site, "es/products/place-value/")
    # Its sources say nothing of cost or certificate: the page says so (no "Free", no "Certificate: No").
    english = page(site, "products/place-value/")
    assert '<dt>Cost</dt><dd><span class="lp-muted">not stated</span></dd>' in english
    assert '<dt>Certificate</dt><dd><span class="lp-muted">not stated</span></dd>' in english
    assert "isAccessibleForFree" not in english


def test_wanted_products_are_a_page_of_the_contribute_section(real_site: Path) -> None:
    """catalog/WANTED.md (products no source describes yet) is shown at contribute/wanted/, linked from the Contribute
    page and its navigation, with "Edit this page" on catalog/WANTED.md; other languages get it in English."""
    html = page(real_site, "contribute/wanted/")
    assert re.search(r'<h1 id="wanted-products">Wanted products(<a class="headerlink"[^>]*>[^<]*</a>)?</h1>', html)
    assert 'href="https://github.com/un-habitat/urban-agenda-learning-page/edit/main/catalog/WANTED.md"' in html
    assert '<a href="wanted/">Wanted products</a>' in page(real_site, "contribute/")
    french = page(real_site, "fr/contribute/wanted/")
    assert "Produits recherchés" in french and "catalog/WANTED.md" in french


def test_path_total_time_is_rounded_and_translated(real_site: Path) -> None:
    """A path's total adds its steps' durations (a 4-week course and a 15-minute lecture make about 4 weeks, not
    28.0104 days) and is written in the page's language."""
    minutes = sum(duration_minutes(PRODUCTS[step["product"]]["duration"]) for step in yaml.safe_load(
        (ROOT / "catalog/paths/city-climate-action-planning.yml").read_text(encoding="utf-8"))["steps"]
        if "duration" in PRODUCTS[step["product"]])
    assert minutes == 4 * 7 * 24 * 60 + 15
    assert "<strong>Time:</strong> about 4 weeks, plus 4 steps" in page(real_site, "paths/city-climate-action-planning/")
    assert "environ 4 semaines, plus 4 étapes" in page(real_site, "fr/paths/city-climate-action-planning/")
