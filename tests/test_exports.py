"""Open data built with the site: catalog.json, catalog.csv (lossless round trip) and JSON-LD on product pages."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import ROOT
from test_site import PRODUCTS, page

from learning_catalog import load_catalogue
from learning_catalog.tools import spreadsheet
from learning_catalog.site.exports import catalog_csv, script_json


def _without_defaults(data: dict) -> dict:
    defaults = {"status": "active"}
    return {k: v for k, v in data.items() if defaults.get(k, object()) != v}


def test_catalog_json_holds_every_product_and_field(real_site: Path) -> None:
    """catalog.json has every product with every field its YAML file has, and the labels of its terms."""
    data = json.loads((real_site / "catalog.json").read_text(encoding="utf-8"))
    assert data["version"] == 1 and data["count"] == len(PRODUCTS)
    by_id = {p["id"]: p for p in data["products"]}
    assert set(by_id) == set(PRODUCTS)
    for product_id, source in PRODUCTS.items():
        exported = {k: v for k, v in by_id[product_id].items() if k not in ("id", "labels", "page")}
        expected = {k: (str(v) if k in ("published", "updated", "reviewed") else v)
                    for k, v in _without_defaults(source).items()}
        expected["sources"] = [{k: str(v) if k == "checked" else v for k, v in entry.items()}
                               for entry in source["sources"]]
        expected = {k: (" ".join(v.split()) if k in ("summary", "title") and isinstance(v, str) else v)
                    for k, v in expected.items()}
        exported = {k: (" ".join(v.split()) if k in ("summary", "title") and isinstance(v, str) else v)
                    for k, v in exported.items()}
        assert exported == expected, product_id
    first = by_id["making-natures-city"]["labels"]
    assert first["format"] == "Video lecture" and first["sdgs"] == ["Sustainable cities and communities", "Life on land"]


def test_csv_round_trip_loses_nothing(tmp_path: Path) -> None:
    """catalog.csv imported into an empty catalogue, then exported again, is the same file (CSV -> YAML -> CSV)."""
    exported = catalog_csv(load_catalogue(ROOT))
    assert exported.split("\n", 1)[0].endswith(",sources")  # the sources travel too: "url | title | checked"
    for folder in ("vocabularies", "series"):
        shutil.copytree(ROOT / "catalog" / folder, tmp_path / "catalog" / folder)
    (tmp_path / "catalog/products").mkdir()
    sheet = tmp_path / "catalog.csv"
    sheet.write_text(exported, encoding="utf-8")
    planned, problems = spreadsheet.check_table(spreadsheet.read_table(sheet), load_catalogue(tmp_path), "catalog.csv")
    assert problems == []
    spreadsheet.write_products(tmp_path, planned, "catalog.csv")
    assert catalog_csv(load_catalogue(tmp_path)) == exported


LD_TYPES = {"Course", "LearningResource", "VideoObject", "Book", "Event"}


@pytest.mark.parametrize("product_id", sorted(PRODUCTS))
def test_every_product_page_has_complete_json_ld(real_site: Path, product_id: str) -> None:
    """Each product page carries well-formed schema.org JSON-LD with the fields the product has."""
    source = PRODUCTS[product_id]
    html = page(real_site, f"products/{product_id}/")
    scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(scripts) == 1
    data = json.loads(scripts[0])
    assert data["@context"] == "https://schema.org" and data["@type"] in LD_TYPES
    assert data["name"] == (source["title"] if isinstance(source["title"], str) else next(iter(source["title"].values())))
    assert data["url"] == source["url"] and data["inLanguage"] == source["languages"]
    assert data["provider"]["name"] and data.get("isAccessibleForFree") == source.get("free")  # only if stated
    assert data["@id"].endswith(f"/products/{product_id}/")
    assert ("timeRequired" in data) == ("duration" in source)
    assert ("datePublished" in data) == ("published" in source)
    assert ("isPartOf" in data) == ("series" in source)
    assert ("dateModified" in data) == ("updated" in source)
    assert ("educationalLevel" in data) == ("level" in source)
    assert ("creator" in data) == ("people" in source) and ("contributor" in data) == ("partners" in source)
    assert [t["@id"] for t in data.get("about", [])] == [f"http://metadata.un.org/sdg/{n}" for n in source.get("sdgs", [])]
    assert len(data["audience"]) == len(source["audiences"])


def test_json_ld_cannot_close_its_script() -> None:
    """Catalogue text inside JSON-LD cannot end the script element or start markup."""
    text = script_json({"name": "</script><script>alert(1)</script> & <b>"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"name": "</script><script>alert(1)</script> & <b>"}


def test_data_page_lists_the_files(real_site: Path) -> None:
    """The Data page links the exports and the schemas."""
    html = page(real_site, "data/")
    for target in ("../catalog.json", "../catalog.csv", "../schema/product.json"):
        assert f'href="{target}"' in html


ATOM = "{http://www.w3.org/2005/Atom}"


def _entries(path: Path) -> list[str]:
    import xml.etree.ElementTree as ET

    feed = ET.parse(path).getroot()
    return [e.find(f"{ATOM}id").text.rstrip("/").rsplit("/", 1)[1] for e in feed.iter(f"{ATOM}entry")]


def _dated(**only: str) -> list[str]:
    def date(d: dict) -> str:
        return max(str(d.get("updated", "")), str(d.get("published", "")))
    chosen = [i for i, d in PRODUCTS.items() if date(d) and d.get("status") != "archived"  # never announced as new
              and all(v in d.get(k, []) for k, v in only.items())]
    return sorted(chosen, key=lambda i: (date(PRODUCTS[i]), i), reverse=True)


def test_atom_feeds_list_new_and_updated_products(real_site: Path) -> None:
    """The site's feed and each topic's feed list the dated products that are not archived, newest first; pages
    link their feed."""
    assert _entries(real_site / "feeds/all.xml") == _dated()
    topics = {t for d in PRODUCTS.values() for t in d["topics"] if _dated(topics=t)}
    assert {p.stem for p in (real_site / "feeds/topics").glob("*.xml")} == topics
    for topic in topics:
        assert _entries(real_site / f"feeds/topics/{topic}.xml") == _dated(topics=topic)
    assert '<link rel="alternate feed" type="application/atom+xml" title="Urban Agenda Learning Page: new and updated" ' \
           'href="feeds/all.xml">' in page(real_site, "")
    assert 'href="../../feeds/topics/climate-change.xml">' in page(real_site, "topics/climate-change/")


def test_feed_escapes_catalogue_text(tmp_path: Path) -> None:
    """A title with markup and ampersands stays text in a well-formed feed."""
    import xml.etree.ElementTree as ET

    from conftest import product, write_catalogue

    from learning_catalog.site.feeds import atom_feed

    write_catalogue(tmp_path, {"products/x.yml": product(title='"<b>A</b> & </title>"', published="2020")})
    catalogue = load_catalogue(tmp_path)
    feed = ET.fromstring(atom_feed(catalogue, catalogue.products.values(), title="T", path="feeds/all.xml",
                                   site_url="https://example.org/"))
    assert feed.find(f"{ATOM}entry/{ATOM}title").text == "<b>A</b> & </title>"
    assert feed.find(f"{ATOM}entry/{ATOM}updated").text == "2020-01-01T00:00:00Z"


def test_statistics_page_charts_match_the_catalogue(real_site: Path) -> None:
    """Each chart is a figure of bars (HTML text, readable on a phone) beside a table, and the tables hold the
    catalogue's real counts."""
    from collections import Counter

    html = page(real_site, "statistics/")
    figures = re.findall(r'<ol class="lp-bars" aria-hidden="true">', html)
    assert len(figures) == 9 and len(re.findall(r"<table>", html)) == 9
    topics = re.search(r'<h2 id="topics">.*?<tbody>(.*?)</tbody>', html, re.S).group(1)
    rows = dict(re.findall(r"<tr><td>(.*?)</td><td>(\d+)</td></tr>", topics))
    counts = Counter(t for d in PRODUCTS.values() for t in d["topics"])
    from test_site import VOCAB

    assert {k.replace("&amp;", "&"): int(v) for k, v in rows.items()} == {
        VOCAB["topics"][t]["label"]: n for t, n in counts.items()}
    share = re.search(r'<h2 id="languages">.*?<tbody>(.*?)</tbody>', html, re.S).group(1)
    english = sum("en" in d["languages"] for d in PRODUCTS.values()) / len(PRODUCTS) * 100
    assert f"<tr><td>English</td><td>{round(english, 1)}</td></tr>" in share
