"""Finding and reading (issue 12), without a browser: facts not stated, merged formats, lists and numbers in each
language, what search indexes, and the explorer's word index. The browser tests are in test_browser.py."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, product, write_catalogue
from test_site import PRODUCTS, page

from learning_catalog import check_catalogue, load_catalogue
from learning_catalog.contract.model import Duration
from learning_catalog.site import explorer, search
from learning_catalog.site.exports import json_ld, product_record
from learning_catalog.site.i18n import Translation
from learning_catalog.site.pages import generate_pages, newest_first

MERGED_FORMATS = """\
    terms:
      - id: video-lecture
        label: Video lecture
      - id: guide
        label: Guide
        replaces: [guidelines]
    """


def _cli(*args: str, root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "learning_catalog", "--root", str(root), *args],
                          capture_output=True, text=True, check=False, stdin=subprocess.DEVNULL,
                          env={"PYTHONPATH": str(ROOT / "hooks"), "PATH": "/usr/bin:/bin"})


def test_a_merged_format_is_a_clear_error_that_make_fix_repairs(tmp_path: Path) -> None:
    """A file still using a format merged into another gets an error naming the new term, and `make fix` rewrites
    it (keeping the comment on its line)."""
    write_catalogue(tmp_path, {"vocabularies/formats.yml": MERGED_FORMATS,
                               "products/place-value.yml": product(format="guidelines  # was a PDF")})
    assert [str(p) for p in check_catalogue(tmp_path)[1] if p.severity == "error"] == [
        "catalog/products/place-value.yml:4:9: LP301 'guidelines' is no longer a term of "
        "catalog/vocabularies/formats.yml: it was merged into 'guide'; write 'guide' instead (make fix does it)"]
    result = _cli("check", "--fix", root=tmp_path)
    assert result.stdout.splitlines()[0] == (
        "fixed catalog/products/place-value.yml: format guidelines -> guide, schema line")
    assert result.returncode == 0, result.stderr
    assert re.search(r"\nformat: guide +# was a PDF\n", (tmp_path / "catalog/products/place-value.yml").read_text())


def test_a_term_cannot_replace_a_term_that_exists(tmp_path: Path) -> None:
    formats = MERGED_FORMATS.replace("[guidelines]", "[video-lecture]")
    write_catalogue(tmp_path, {"vocabularies/formats.yml": formats, "products/place-value.yml": product()})
    assert [str(p) for p in check_catalogue(tmp_path)[1] if p.severity == "error"] == [
        "catalog/vocabularies/formats.yml:6:16: LP409 'video-lecture' is a term of its own, so 'guide' cannot "
        "replace it; remove one of them"]


def test_the_real_formats_do_not_overlap() -> None:
    """Guide and guidelines, tool and toolkit are one format each; no product uses a merged id."""
    formats = load_catalogue(ROOT).vocabularies["formats"]
    assert {"guidelines", "tool"}.isdisjoint(formats)
    assert formats["guide"].replaces == ("guidelines",) and formats["toolkit"].replaces == ("tool",)
    assert not [i for i, d in PRODUCTS.items() if d["format"] in ("guidelines", "tool")]
    form = yaml.safe_load((ROOT / ".github/ISSUE_TEMPLATE/suggest-a-product.yml").read_text(encoding="utf-8"))
    options = next(item["attributes"]["options"] for item in form["body"] if item.get("id") == "format")
    assert options == [term.label.text for term in formats.values()]


def test_facts_not_stated_are_not_given_a_default(tmp_path: Path) -> None:
    """Without `free` and `certificate`, a product's cost and certificate are unknown: the page says "not stated",
    the open data leaves them out, JSON-LD says nothing of cost, the explorer files it under "not stated"."""
    write_catalogue(tmp_path, {"products/place-value.yml": product(),
                               "products/paid.yml": product(title="Paid", url="https://example.org/paid",
                                                            free="false", certificate="true")})
    catalogue = load_catalogue(tmp_path)
    unstated, paid = catalogue.products["place-value"], catalogue.products["paid"]
    assert (unstated.free, unstated.certificate) == (None, None)
    assert "free" not in product_record(unstated) and "certificate" not in product_record(unstated)
    assert (product_record(paid)["free"], product_record(paid)["certificate"]) == (False, True)
    assert "isAccessibleForFree" not in json_ld(unstated, catalogue, "x")
    assert json_ld(paid, catalogue, "x")["isAccessibleForFree"] is False
    html = next(p.html for p in generate_pages(catalogue) if p.src_uri == "products/place-value.md")
    assert '<dt>Cost</dt><dd><span class="lp-muted">not stated</span></dd>' in html
    assert '<dt>Certificate</dt><dd><span class="lp-muted">not stated</span></dd>' in html
    data = explorer.explorer_data(catalogue)
    free = next(f for f in data["facets"] if f["param"] == "free")
    assert free["values"] == [["no", "Fee charged"], ["not-stated", "Not stated"]]
    assert data["products"]["id"] == ["paid", "place-value"] and data["products"]["free"] == [[0], [1]]


def test_facets_without_values_are_left_out(tmp_path: Path) -> None:
    """No product states a level: the explorer has no Level filter (no empty heading)."""
    write_catalogue(tmp_path, {"products/place-value.yml": product()})
    params = [f["param"] for f in explorer.explorer_data(load_catalogue(tmp_path))["facets"]]
    assert "level" not in params and "topic" in params


def test_archived_products_are_never_new_and_come_last(tmp_path: Path) -> None:
    """An archived product is not on the home page's "New and recently updated" nor in the feeds, and lists put
    it after the others."""
    write_catalogue(tmp_path, {
        "products/place-value.yml": product(published="2020-01-01"),
        "products/aaa-old.yml": product(title="AAA Old", url="https://example.org/old", published="2026-01-01",
                                        status="archived")})
    catalogue = load_catalogue(tmp_path)
    assert [p.id for p in newest_first(catalogue.products.values())] == ["place-value"]
    pages = {p.src_uri: p.html for p in generate_pages(catalogue)}
    topic = pages["topics/urban-planning.md"]
    assert topic.index("products/place-value/") < topic.index("products/aaa-old/")
    assert '<span class="lp-badge lp-badge--archived">Archived</span>' in topic
    home = pages["index.md"].split("New and recently updated", 1)[1]
    assert "aaa-old" not in home.split("<h2>", 1)[0]


@pytest.mark.parametrize(("language", "listed", "number", "days"), [
    ("en", "A, B, and C", "5,000", "2.5 days"),
    ("fr", "A, B et C", "5\u202f000", "2,5 jours"),
    ("es", "A, B y C", "5000", "2,5 días"),
    ("ru", "A, B и C", "5\xa0000", "2,5 дня"),
    ("ar", "A وB وC", "5,000", "2.5 يوم"),
    ("zh", "A、B和C", "5,000", "2.5 天"),
])
def test_lists_and_numbers_follow_the_language(real_catalogue: object, language: str, listed: str, number: str,
                                               days: str) -> None:
    """Lists and numbers are written with the language's own separators (CLDR), never a Latin comma in Arabic."""
    from learning_catalog.site.i18n import translation

    t = translation(real_catalogue, language)  # type: ignore[arg-type]
    assert t.join(["A", "B", "C"]) == listed and t.number(5000) == number.replace("5000", t.number(5000))
    assert t.duration(Duration(iso="P2DT12H", minutes=3600)) == days


@pytest.fixture(scope="module")
def real_catalogue() -> object:
    return load_catalogue(ROOT)


def test_lists_escape_text_and_keep_markup() -> None:
    from markupsafe import Markup

    assert Translation(language="en").join(["<b>", Markup("<i>x</i>")]) == "&lt;b&gt; and <i>x</i>"


def test_arabic_product_page_has_no_latin_comma_between_arabic_words(real_site: Path) -> None:
    """Lists on an Arabic page follow the Arabic pattern; "series, season, episode" is a translated text."""
    episode = next(i for i, d in sorted(PRODUCTS.items()) if "season" in d and "episode" in d and len(d["topics"]) > 1)
    html = page(real_site, f"ar/products/{episode}/")
    text = re.sub(r"<[^>]+>", "", html.split('<article class="lp-product"', 1)[1].split("</article>", 1)[0])
    assert not re.search(r"[\u0600-\u06ff]\s*,\s*[\u0600-\u06ff]", text)
    data = PRODUCTS[episode]
    assert f"Global Urban Lectures</span></a>، الموسم {data['season']}، الحلقة {data['episode']}</dd>" in html
    assert re.search(r"</a> و<a href=", html)  # the topics: "A وB"


def test_search_sections_and_what_each_language_indexes() -> None:
    """Contributor and data pages are in the search's "contribute" section (a filter only they carry), in every
    language; a page's index
    leaves out descriptions in other languages and the English-only copies."""
    assert [search.section(uri) for uri in ("products/x.md", "fr/topics/land.md", "contribute/fields.md",
                                            "ar/contribute/index.md", "statistics.md", "zh/data.md", "about.md",
                                            "fr/statistics/index.html", "data/index.html", "index.html")] == [
        "learn", "learn", "contribute", "contribute", "contribute", "contribute", "learn", "contribute",
        "contribute", "learn"]
    assert '<span data-pagefind-filter="section:contribute"></span>' in search.document("<p>x</p>", "fr",
                                                                                          section="contribute")
    assert "data-pagefind-filter" not in search.document("<p>x</p>", "fr")  # learners' pages: no filter to load
    assert ".lp-description[lang]" in search.IGNORED and ".lp-untranslated" in search.IGNORED


def test_product_pages_give_search_their_summary(real_site: Path) -> None:
    html = page(real_site, "fr/products/making-natures-city/")
    assert '<p class="lp-summary" lang="en" data-pagefind-meta="summary">Robin Grossinger' in html


@pytest.mark.parametrize(("text", "expected"), [
    ("L'Aménagement urbain", ["l", "amenagement", "urbain"]),
    ("والمناخ", ["والمناخ", "مناخ"]),
    ("城市规划", ["城", "市", "规", "划"]),
    ("Вода и ЖИЛЬЁ", ["вода", "и", "жилье"]),
])
def test_explorer_words_are_folded_like_the_script(text: str, expected: list[str]) -> None:
    """The build folds words as explorer.js does (accents and marks off, lowercase, characters of Chinese one by one,
    Arabic also without a joined prefix)."""
    assert explorer.words(text) == expected
    script = (ROOT / "docs/javascripts/explorer.js").read_text(encoding="utf-8")
    assert 'normalize("NFKD").replace(/\\p{M}/gu, "").toLowerCase()' in script


def test_explorer_word_index_finds_summaries_and_people(real_site: Path) -> None:
    """The word files point at the products whose summaries or people have a word; summaries are in every language."""
    data = json.loads((real_site / "catalogue/explorer.json").read_text(encoding="utf-8"))
    ids = data["products"]["id"]
    entries = json.loads((real_site / f"catalogue/words/{explorer.word_key('grossinger')}.json").read_text())
    positions, at = [], 0
    for gap in entries["grossinger"]:
        at += gap
        positions.append(at)
    assert [ids[p] for p in positions] == ["making-natures-city"]
    summary = json.loads((real_site / "catalogue/summaries/making-natures-city.json").read_text(encoding="utf-8"))
    assert summary == {"en": " ".join(PRODUCTS["making-natures-city"]["summary"].split())}
    assert len(list((real_site / "catalogue/summaries").glob("*.json"))) == len(PRODUCTS)
    assert not (real_site / "fr/catalogue/words").exists()  # the same files serve every language
