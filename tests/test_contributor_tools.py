"""Contributor tools: `make fix`, `make new`, `make schema` and the stale-schema warning."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, product, write_catalogue

from learning_catalog import check_catalogue, load_catalogue
from learning_catalog.tools.fix import _reads_the_same, fix_file, fix_product_text
from learning_catalog.tools.scaffold import ask_missing, propose_id

MESSY = """\
# Sources:
# - https://example.org/x ("In this lecture Matthew Carmona
#   introduces place value")
# - Executive Director's report, October 2020, paragraph 14
# - https://example.org/y
# Research notes entry 15.
title: Place Value   
# The provider's own page.
url: https://example.org/place-value
summary: How the governance of urban design shapes the value of places.
languages: [EN, fr, en]
format: video-lecture
countries: [ke, BR]
provider: un-habitat
topics:
  - urban-planning
  - climate-change   # second topic
  - urban-planning
audiences: [local-government]
sdgs: [13, 11]
published: 2020-7-7
"""

FIXED = """\
# yaml-language-server: $schema=../../docs/schema/product.json
# Sources:
# - Executive Director's report, October 2020, paragraph 14
# Research notes entry 15.
title: Place Value
summary: How the governance of urban design shapes the value of places.
# The provider's own page.
url: https://example.org/place-value
format: video-lecture
provider: un-habitat
topics:
  - urban-planning
  - climate-change   # second topic
audiences: [local-government]
languages: [en, fr]
sdgs: [11, 13]
published: '2020-07-07'
countries: [BR, KE]
sources:
  - url: https://example.org/x
    # ("In this lecture Matthew Carmona
    # introduces place value")
  - url: https://example.org/y
"""


def _cli(*args: str, root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "learning_catalog", *args, "--root", str(root)],
                          capture_output=True, text=True, check=False, stdin=subprocess.DEVNULL,
                          env={"PYTHONPATH": str(ROOT / "hooks"), "PATH": os.environ["PATH"]})


def test_fix_repairs_what_is_mechanical_and_keeps_comments() -> None:
    """Order, duplicates, codes, dates and whitespace are fixed; comments stay with their lines."""
    fixed, changes = fix_product_text(MESSY)
    assert fixed == FIXED
    assert changes == ["trailing whitespace", "sources moved from the comment", "language codes", "country codes", "duplicate in topics",
                       "duplicate in languages", "sdgs order", "countries order", "published date", "field order",
                       "schema line"]
    assert fix_product_text(fixed) == (fixed, [])


def test_fixed_file_is_valid(tmp_path: Path) -> None:
    """After `make fix` the messy file passes the checks it failed before."""
    write_catalogue(tmp_path, {"products/place-value.yml": MESSY})
    assert check_catalogue(tmp_path)[0] is None
    result = _cli("check", "--fix", root=tmp_path)
    assert result.stdout.splitlines()[0] == (
        "fixed catalog/products/place-value.yml: trailing whitespace, sources moved from the comment, language codes, "
        "country codes, "
        "duplicate in topics, duplicate in languages, sdgs order, countries order, published date, field order, "
        "schema line")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "catalog/products/place-value.yml").read_text() == FIXED


@pytest.mark.parametrize(("before", "after", "same"), [
    ('title: "on"\nlanguages: [EN]\n', "title: on\nlanguages: [en]\n", False),  # a string became a boolean
    ("title: x\nlanguages: [EN]\n", "title: x\nlanguages: [en]\n", True),
    ("title: x\n", "title: [x\n", False),
    ("# Sources:\n# - https://a.example/\ntitle: x\n", "title: x\nsources:\n  - url: https://a.example/\n", True),
    ("# Sources:\n# - https://a.example/\ntitle: x\n", "title: x\nsources:\n  - url: https://b.example/\n", False),
    ("title: x\n", "title: x\nsources:\n  - url: https://a.example/\n", False),  # a source from nowhere
])
def test_fix_never_changes_meaning(before: str, after: str, same: bool) -> None:
    """A fixed file must read as the original does, except in the values the fix is allowed to change."""
    assert _reads_the_same(before, after) is same


def test_fix_leaves_unfixable_files_alone(tmp_path: Path) -> None:
    """A file the fixer cannot improve safely is not rewritten."""
    path = tmp_path / "x.yml"
    path.write_text("title: [unclosed\n")
    assert fix_file(path) == []
    assert path.read_text() == "title: [unclosed\n"


@pytest.mark.parametrize(("title", "taken", "expected"), [
    ("Urbán Planning: for City Leaders!", set(), "urban-planning-for-city-leaders"),
    ("Place Value", {"place-value"}, "place-value-2"),
    ("Index", set(), "index-2"),
    ("城市规划", set(), "product"),
    ("A very long title " * 6, set(), "a-very-long-title-a-very-long-title-a-very-long-title-a-very"),
])
def test_new_proposes_an_id_from_the_title(title: str, taken: set[str], expected: str) -> None:
    """The proposed id is ASCII, lowercase, hyphenated, short, and not taken."""
    assert propose_id(title, taken) == expected


ESSENTIALS = ["--title", "Urban Planning for City Leaders", "--summary", "A guide for mayors.",
              "--url", "https://example.org/upcl", "--format", "handbook", "--provider", "un-habitat",
              "--topics", "urban-planning", "--audiences", "local-government,national-government", "--languages", "en"]


def test_new_writes_a_valid_commented_file(tmp_path: Path) -> None:
    """`make new` writes a file that passes the checks, with sources and optional fields as comments."""
    write_catalogue(tmp_path)
    result = _cli("new", *ESSENTIALS, "--source", "https://example.org/src", "--source", "https://example.org/news",
                  root=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ("Wrote catalog/products/urban-planning-for-city-leaders.yml. Add the optional fields you "
                             "can source, then run `make check`.\n")
    text = (tmp_path / "catalog/products/urban-planning-for-city-leaders.yml").read_text()
    assert text.startswith("# yaml-language-server: $schema=../../docs/schema/product.json\n"
                           "title: Urban Planning for City Leaders\n")
    assert ("\nsources:\n  - url: https://example.org/src\n  - url: https://example.org/news\n"
            "#     Each entry of sources may also say what the page is and when you checked the facts against it:\n"
            "#     title: Global Urban Lectures s06e03   # What the page is, in plain text.\n"
            "#     checked: 2026-11-30   # When a person last checked the facts against it.\n") in text
    assert "\n# level:   # How much a learner should already know. One of: introductory, intermediate, advanced.\n" in text
    product_ = load_catalogue(tmp_path).products["urban-planning-for-city-leaders"]
    assert product_.audiences == ("local-government", "national-government")
    assert [source.url for source in product_.sources] == ["https://example.org/src", "https://example.org/news"]


@pytest.mark.parametrize(("sources", "problem"), [
    ([], "missing required field 'sources' (give each page the facts come from with --source URL)"),
    (["--source", "the director's report"],
     "'url' must start with http:// or https://, found 'the director's report'"),
])
def test_new_needs_a_web_address_for_each_source(tmp_path: Path, sources: list[str], problem: str) -> None:
    """Without a source, or with one that is not an http(s) address, `make new` writes nothing and says why."""
    write_catalogue(tmp_path)
    result = _cli("new", *ESSENTIALS, *sources, root=tmp_path)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == ("Not written: catalog/products/urban-planning-for-city-leaders.yml would have these "
                             f"problems:\n  - {problem}\n")
    assert not (tmp_path / "catalog/products").exists()


def test_old_sources_placeholder_fails_the_check_even_after_fix(tmp_path: Path) -> None:
    """A file with only the "# Sources:" placeholder that `make new` used to write fails `make check`: `make fix`
    has no address to move, so the product still lacks its required `sources`."""
    old = ("# yaml-language-server: $schema=../../docs/schema/product.json\n# Sources:\n"
           "# - add the page(s) these facts come from\n" + product(sources=None))
    write_catalogue(tmp_path, {"products/place-value.yml": old})
    for command in (("check",), ("check", "--fix")):
        result = _cli(*command, root=tmp_path)
        assert (result.returncode, result.stdout) == (1, "")
        assert result.stderr.splitlines()[0] == "catalog/products/place-value.yml:4:1: LP202 missing required field " \
                                                 "'sources'"
    assert (tmp_path / "catalog/products/place-value.yml").read_text() == old


def test_new_refuses_duplicates_and_bad_terms(tmp_path: Path) -> None:
    """A taken id, title or URL, and unknown terms, are refused with the reasons; nothing is written."""
    write_catalogue(tmp_path, {"products/place-value.yml": product()})
    args = ["--title", "place value", "--summary", "x", "--url", "http://www.example.org/place-value/",
            "--format", "guid", "--provider", "un-habitat", "--topics", "urban-planning",
            "--audiences", "local-government", "--languages", "EN", "--id", "place-value",
            "--source", "https://example.org/about-place-value"]
    result = _cli("new", *args, root=tmp_path)
    assert result.returncode == 1
    assert result.stderr == (
        "Not written: catalog/products/place-value.yml would have these problems:\n"
        "  - 'guid' is not a term of catalog/vocabularies/formats.yml; known: handbook, video-lecture\n"
        "  - 'EN' is not an ISO 639-1 language code (two lowercase letters, e.g. en, fr, ar); did you mean 'en'?\n"
        "  - id 'place-value' is taken by catalog/products/place-value.yml\n"
        "  - this title is already used by catalog/products/place-value.yml\n"
        "  - this url is already used by catalog/products/place-value.yml\n")
    assert sorted(p.name for p in (tmp_path / "catalog/products").iterdir()) == ["place-value.yml"]


def test_new_asks_for_what_is_missing(tmp_path: Path) -> None:
    """Interactively, each missing essential is asked for, with the terms a vocabulary allows."""
    write_catalogue(tmp_path)
    answers = iter(["A summary.", "https://example.org/a", "handbook", "uclg", "climate-change, urban-planning",
                    "national-government", "fr, en", "https://example.org/a,  https://example.org/news/1 "])
    prompts: list[str] = []
    values = ask_missing({"title": "Un titre"}, load_catalogue(tmp_path),
                         lambda prompt: prompts.append(prompt) or next(answers))
    assert values == {"title": "Un titre", "summary": "A summary.", "url": "https://example.org/a",
                      "format": "handbook", "provider": "uclg", "topics": ["climate-change", "urban-planning"],
                      "audiences": ["national-government"], "languages": ["fr", "en"],
                      "sources": [{"url": "https://example.org/a"}, {"url": "https://example.org/news/1"}]}
    assert "  terms: urban-planning, climate-change\n" in prompts[4]
    assert prompts[7] == ("sources (the page(s) these facts come from, as http(s) addresses; at least one)\n"
                          "  (several: separate with spaces)\n> ")


def test_new_checks_each_answer_as_it_is_typed(tmp_path: Path) -> None:
    """An answer with a problem is explained at once and asked again; the answers before it are kept."""
    write_catalogue(tmp_path, {"products/place-value.yml": product()})
    answers = iter(["Place Value", "Urban Value", "", "A summary.", "ftp://example.org/a", "https://example.org/a",
                    "handbok", "handbook", "uclg", "climate-change", "national-government", "EN, fr", "en, fr",
                    "example.org/source", "https://example.org/source"])
    told: list[str] = []
    values = ask_missing({}, load_catalogue(tmp_path), lambda prompt: next(answers), told.append)
    assert values == {"title": "Urban Value", "summary": "A summary.", "url": "https://example.org/a",
                      "format": "handbook", "provider": "uclg", "topics": ["climate-change"],
                      "audiences": ["national-government"], "languages": ["en", "fr"],
                      "sources": [{"url": "https://example.org/source"}]}
    assert told == [
        "  title: this title is already used by catalog/products/place-value.yml",
        "  summary: 'summary' is required",
        "  url: 'url' must start with http:// or https://, found 'ftp://example.org/a'",
        "  format: 'handbok' is not a term of catalog/vocabularies/formats.yml; did you mean 'handbook'?",
        "  languages: 'EN' is not an ISO 639-1 language code (two lowercase letters, e.g. en, fr, ar); did you mean "
        "'en'?",
        "  sources: 'url' must start with http:// or https://, found 'example.org/source'",
    ]


def test_stale_committed_schema_is_a_warning(tmp_path: Path) -> None:
    """`make check` warns when docs/schema/ or the issue form lag behind the vocabularies, and `make schema`
    brings them up to date."""
    write_catalogue(tmp_path, {"products/place-value.yml": product(duration="PT15M")})
    (tmp_path / "docs/schema").mkdir(parents=True)
    result = _cli("check", root=tmp_path)
    assert result.returncode == 0
    assert "warnings LP703 JSON Schema or issue form out of date with the catalogue (run `make schema`) (run with " \
           "--warnings to list them)\n" in result.stderr
    assert "docs/schema/product.json:1:1: LP703 warning: is out of date with the catalogue; run `make schema` " \
           "and commit it" in (warnings := _cli("check", "--warnings", root=tmp_path).stderr)
    assert ".github/ISSUE_TEMPLATE/suggest-a-product.yml:1:1: LP703 warning: is out of date" in warnings
    assert _cli("schema", root=tmp_path).stdout == (
        "Wrote the JSON Schemas to docs/schema/ and the issue form to .github/ISSUE_TEMPLATE/suggest-a-product.yml.\n")
    assert _cli("check", root=tmp_path).stderr == ""
