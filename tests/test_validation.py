"""Each validation rule: the exact message a contributor sees, at the exact file:line:column."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from conftest import PRODUCT, product, write_catalogue

from learning_catalog import CatalogueError, check_catalogue, load_catalogue
from learning_catalog.contract import schema

P = "catalog/products/bad.yml"
ALIAS_BOMB = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
    f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
    for i in range(8)
)

OLD_PLACEHOLDER = """\
# yaml-language-server: $schema=../../docs/schema/product.json
# Sources:
# - add the page(s) these facts come from
"""
"""What `make new` wrote on top of a file before `sources` was a field: it no longer passes the check."""

CASES = [
    # -- reading files ------------------------------------------------------------
    ("not-utf8", {"products/bad.yml": product().encode() + b"license: caf\xe9\n"},
     [f"{P}:10:13: LP101 file is not UTF-8 text (byte 0xe9); save it as UTF-8"]),
    ("yaml-syntax", {"products/bad.yml": product(topics="[urban-planning")},
     [f"{P}:6:9: LP102 YAML syntax error: the list opened here ('[' at line 6, column 9) is not closed: "
      "expected ',' or ']' at line 7, column 10"]),
    ("duplicate-key", {"products/bad.yml": product() + "title: Another title\n"},
     [f"{P}:10:1: LP103 duplicate key 'title' (first written at line 1); keep one and delete the other"]),
    ("python-tag", {"products/bad.yml": product(license='!!python/object/apply:os.system ["echo pwned"]')},
     [f"{P}:9:10: LP104 YAML tag '!!python/object/apply:os.system' is not allowed; write plain values"]),
    ("custom-tag", {"products/bad.yml": product(license="!secret abc")},
     [f"{P}:9:10: LP104 YAML tag '!secret' is not allowed; write plain values"]),
    ("merge-key", {"products/bad.yml": "base: &b {free: true}\n<<: *b\n" + product()},
     [f"{P}:1:1: LP201 unknown field 'base'; known: audiences, certificate, countries, description, duration, "
      "episode, format, free, harvest, id, languages, level, license, links, mode, partners, people, provider, "
      "published, related, reviewed, sdgs, season, series, sources, status, summary, title, topics, updated, ...",
      f"{P}:2:1: LP104 YAML merge keys ('<<') are not allowed; write each field out"]),
    ("alias-bomb", {"products/bad.yml": ALIAS_BOMB},
     [f"{P}:1:35: LP105 the file expands to more than 10,000 values (are aliases repeating data?)"]),
    ("recursive-alias", {"products/bad.yml": "a: &a [*a]\n"},
     [f"{P}:1:4: LP105 an alias refers to a value that holds it; a value cannot hold itself"]),
    ("empty-file", {"products/bad.yml": ""},
     [f"{P}:1:1: LP106 the file must be a mapping of fields (key: value lines); found nothing (the file is empty)"]),
    ("list-file", {"products/bad.yml": "- title: x\n"},
     [f"{P}:1:1: LP106 the file must be a mapping of fields (key: value lines); found a list"]),
    ("stray-file", {"products/bad.yaml": product()},
     ["catalog/products/bad.yaml:1:1: LP408 'bad.yaml' is not a catalogue file: products files end in .yml; "
      "rename it to bad.yml"]),
    ("bad-file-name", {"products/Place_Value.yml": product()},
     ["catalog/products/Place_Value.yml:1:1: LP401 file name 'Place_Value' is not a valid id: use lowercase "
      "letters, digits and hyphens, e.g. 'place-value'; the file name is the id"]),
    ("reserved-id", {"products/index.yml": product()},
     ["catalog/products/index.yml:1:1: LP401 file name 'index' is reserved; choose another id; the file name is the id"]),
    # -- fields -------------------------------------------------------------------
    ("unknown-field", {"products/bad.yml": product(titel="Place value")},
     [f"{P}:9:1: LP201 unknown field 'titel'; did you mean 'title'?"]),
    ("missing-field", {"products/bad.yml": product(summary=None)},
     [f"{P}:1:1: LP202 missing required field 'summary'"]),
    ("empty-value", {"products/bad.yml": product(summary="")},
     [f"{P}:2:9: LP204 'summary' has no value; fill it in or delete the line"]),
    ("wrong-type", {"products/bad.yml": product(title="[Place, Value]")},
     [f"{P}:1:8: LP203 'title' must be text (or a mapping from language code to text), found a list"]),
    ("scalar-for-list", {"products/bad.yml": product(topics="urban-planning")},
     [f"{P}:6:9: LP203 'topics' must be a list; write it as [urban-planning] or as '- ' lines"]),
    ("unquoted-no", {"products/bad.yml": product(languages="[en, no]")},
     [f"{P}:8:17: LP110 'no' is read by YAML as false; put it in quotes ('no') if it is text, or write false"]),
    ("empty-list", {"products/bad.yml": product(audiences="[]")},
     [f"{P}:7:12: LP204 'audiences' must list at least 1 entry"]),
    ("summary-too-long", {"products/bad.yml": product(summary="x" * 301)},
     [f"{P}:2:10: LP205 'summary' is 301 characters long; the limit is 300"]),
    ("duplicate-in-list", {"products/bad.yml": product(topics="[urban-planning, climate-change, urban-planning]")},
     [f"{P}:6:42: LP206 'topics' lists 'urban-planning' twice"]),
    ("id-mismatch", {"products/bad.yml": product(id="place-value")},
     [f"{P}:9:5: LP402 'id' is 'place-value' but the file name says 'bad'; the file name is the id"]),
    # -- values -------------------------------------------------------------------
    ("unknown-term", {"products/bad.yml": product(topics="[urban-planing]")},
     [f"{P}:6:10: LP301 'urban-planing' is not a term of catalog/vocabularies/topics.yml; "
      "did you mean 'urban-planning'?"]),
    ("unknown-term-listed", {"products/bad.yml": product(provider="world-bank")},
     [f"{P}:5:11: LP301 'world-bank' is not a term of catalog/vocabularies/organisations.yml; known: uclg, un-habitat"]),
    ("javascript-url", {"products/bad.yml": product(url="javascript:alert(1)")},
     [f"{P}:3:6: LP302 'url' must start with http:// or https://, found 'javascript:alert(1)'"]),
    ("url-without-host", {"products/bad.yml": product(url="https:///path")},
     [f"{P}:3:6: LP302 'url' is not a valid web address: 'https:///path'"]),
    ("link-url", {"products/bad.yml": product() + "links:\n  - url: ftp://example.org/a.pdf\n    label: PDF\n"},
     [f"{P}:11:10: LP302 'url' must start with http:// or https://, found 'ftp://example.org/a.pdf'"]),
    ("bad-date", {"products/bad.yml": product(published="2020-13-01")},
     [f"{P}:9:12: LP303 'published' must be a date written YYYY, YYYY-MM or YYYY-MM-DD; found '2020-13-01'"]),
    ("bad-duration", {"products/bad.yml": product(duration="15 minutes")},
     [f"{P}:9:11: LP304 'duration' must be an ISO 8601 duration such as PT15M, PT1H30M or P6W; found '15 minutes'"]),
    ("bad-language", {"products/bad.yml": product(languages="[EN]")},
     [f"{P}:8:13: LP305 'EN' is not an ISO 639-1 language code (two lowercase letters, e.g. en, fr, ar); "
      "did you mean 'en'?"]),
    ("bad-translation-language", {"products/bad.yml": product(title="{english: Place Value}")},
     [f"{P}:1:9: LP305 'english' in 'title' is not an ISO 639-1 language code; did you mean 'en'?"]),
    ("bad-country", {"products/bad.yml": product(countries="[ke]")},
     [f"{P}:9:13: LP306 'ke' is not an ISO 3166-1 alpha-2 country code (two capital letters, e.g. KE, BR); "
      "did you mean 'KE'?"]),
    ("bad-sdg", {"products/bad.yml": product(sdgs="[11, 18]")},
     [f"{P}:9:12: LP307 'sdgs' must list SDG numbers from 1 to 17; found the number 18"]),
    ("bad-choice", {"products/bad.yml": product(level="beginner")},
     [f"{P}:9:8: LP308 'level' must be one of introductory, intermediate, advanced; found 'beginner'"]),
    ("bad-episode", {"products/bad.yml": product(series="global-urban-lectures", episode="0")},
     [f"{P}:10:10: LP309 'episode' must be a whole number of 1 or more; found the number 0"]),
    ("raw-html", {"products/bad.yml": product(description='"Watch <script>alert(1)</script> now"')},
     [f"{P}:9:14: LP310 'description' contains raw HTML ('<script>'); write Markdown only"]),
    ("unsafe-markdown-link", {"products/bad.yml": product(description='"[Watch](javascript:alert(1))"')},
     [f"{P}:9:14: LP311 'description' links to 'javascript:alert(1)'; links must be http:// or https:// URLs"]),
    ("unknown-person-field", {"products/bad.yml": product() + "people:\n  - name: Shlomo Angel\n    affiliaton: NYU\n"},
     [f"{P}:12:5: LP201 unknown field 'affiliaton'; did you mean 'affiliation'?"]),
    # -- across files -------------------------------------------------------------
    ("duplicate-title", {"products/a.yml": product(url="https://example.org/a"),
                         "products/bad.yml": product(title="place  VALUE")},
     [f"{P}:1:8: LP403 this title is already used by catalog/products/a.yml:1:8"]),
    ("duplicate-url", {"products/a.yml": product(title="Another"),
                       "products/bad.yml": product(url="http://www.example.org/place-value/")},
     [f"{P}:3:6: LP404 this url is already used by catalog/products/a.yml:3:6"]),
    ("unknown-related", {"products/bad.yml": product(related="[place-valu]")},
     [f"{P}:9:11: LP405 'related' names product 'place-valu', which does not exist "
      "(no catalog/products/place-valu.yml); known: bad"]),
    ("related-to-itself", {"products/bad.yml": product(related="[bad]")},
     [f"{P}:9:11: LP410 'related' names the product itself"]),
    ("unknown-series", {"products/bad.yml": product(series="global-urban-lecture")},
     [f"{P}:9:9: LP406 'series' names series 'global-urban-lecture', which does not exist "
      "(no catalog/series/global-urban-lecture.yml); did you mean 'global-urban-lectures'?"]),
    ("episode-without-series", {"products/bad.yml": product(episode="3")},
     [f"{P}:9:10: LP407 'episode' needs a 'series'"]),
    ("duplicate-term", {"vocabularies/formats.yml": "terms:\n  - id: handbook\n    label: A\n  - id: handbook\n    label: B\n"},
     ["catalog/vocabularies/formats.yml:4:9: LP409 term 'handbook' is already defined at line 2"]),
    ("stray-catalogue-file", {"template.yml": product()},
     ["catalog/template.yml:1:1: LP408 'template.yml' is not part of the catalogue, which holds paths, products, "
      "series, sources, translations, vocabularies (and WANTED.md)"]),
    ("wanted-elsewhere", {"products/WANTED.md": "# Wanted\n"},
     ["catalog/products/WANTED.md:1:1: LP408 'WANTED.md' is not a catalogue file: products files end in .yml"]),
    ("translation-unknown-text", {"translations/fr.yml": '"At a glanse": "En bref"\n'},
     ["catalog/translations/fr.yml:1:1: LP411 'At a glanse' is not a text of the interface; did you mean 'At a glance'?"]),
    ("translation-placeholder", {"translations/fr.yml": '"Open on %(host)s": "Ouvrir sur %(site)s"\n'},
     ["catalog/translations/fr.yml:1:21: LP312 the translation of 'Open on %(host)s' must keep its placeholders "
      "(%(host)s) as they are"]),
    ("translation-not-text", {"translations/es.yml": '"Sort": [Ordenar]\n'},
     ["catalog/translations/es.yml:1:9: LP203 the translation of 'Sort' must be text, found a list"]),
    ("translation-plural-category", {"translations/ru.yml": '"%(num)s product":\n  one: "%(num)s материал"\n'
                                                           '  several: "%(num)s материала"\n  other: "%(num)s материала"\n'},
     ["catalog/translations/ru.yml:3:3: LP313 'several' is not a plural category; use zero, one, two, few, many, other"]),
    ("translation-plural-other", {"translations/ar.yml": '"%(num)s step":\n  one: "%(num)s خطوة"\n'},
     ["catalog/translations/ar.yml:2:3: LP314 the translation of '%(num)s step' needs an 'other' form"]),
    ("translation-mapping-for-text", {"translations/zh.yml": '"Sort":\n  other: "排序"\n'},
     ["catalog/translations/zh.yml:2:3: LP203 the translation of 'Sort' must be text, found a mapping"]),
    ("translation-unknown-language", {"translations/de.yml": '"Sort": "Sortieren"\n'},
     ["catalog/translations/de.yml:1:1: LP408 'de.yml' is not a translation file; they are ar.yml, es.yml, fr.yml, "
      "ru.yml, zh.yml"]),
    # -- sources ------------------------------------------------------------------
    ("missing-sources", {"products/bad.yml": product(sources=None)},
     [f"{P}:1:1: LP202 missing required field 'sources'"]),
    ("sources-only-in-a-comment", {"products/bad.yml": OLD_PLACEHOLDER + product(sources=None)},
     [f"{P}:4:1: LP202 missing required field 'sources'"]),
    ("source-not-a-web-address", {"products/bad.yml": product(
        sources="\n  - url: https://example.org/a\n  - url: Third-party copy of the title page\n")},
     [f"{P}:11:10: LP302 'url' must start with http:// or https://, found 'Third-party copy of the title page'"]),
    ("source-ftp-address", {"products/bad.yml": product(sources="[{url: 'ftp://example.org/report.pdf'}]")},
     [f"{P}:9:17: LP302 'url' must start with http:// or https://, found 'ftp://example.org/report.pdf'"]),
    ("source-as-plain-address", {"products/bad.yml": product(sources="\n  - https://example.org/a\n")},
     [f"{P}:10:5: LP203 each entry of 'sources' must be a mapping (a source); write it as "
      "'- url: https://example.org/a'"]),
    ("no-sources", {"products/bad.yml": product(sources="[]")},
     [f"{P}:9:10: LP204 'sources' must list at least 1 entry"]),
    ("source-without-url", {"products/bad.yml": product(sources="\n  - title: UN-Habitat news\n")},
     [f"{P}:10:5: LP202 missing required field 'url'"]),
    ("source-checked-date", {"products/bad.yml": product(
        sources="\n  - url: https://example.org/a\n    checked: 30/11/2026\n")},
     [f"{P}:11:14: LP303 'checked' must be a date written YYYY, YYYY-MM or YYYY-MM-DD; found '30/11/2026'"]),
    ("source-unknown-field", {"products/bad.yml": product(
        sources="\n  - url: https://example.org/a\n    titel: News\n")},
     [f"{P}:11:5: LP201 unknown field 'titel'; did you mean 'title'?"]),
    ("unknown-vocabulary", {"vocabularies/extra.yml": "terms: []\n"},
     ["catalog/vocabularies/extra.yml:1:1: LP408 'extra.yml' is not a vocabulary; the vocabularies are "
      "audiences.yml, formats.yml, organisations.yml, topics.yml"]),
]


@pytest.mark.parametrize(("files", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_rule(tmp_path: Path, files: dict[str, str | bytes], expected: list[str]) -> None:
    """Bad input yields exactly the expected problems, and no catalogue."""
    write_catalogue(tmp_path, files)
    catalogue, problems = check_catalogue(tmp_path)
    assert [str(p) for p in problems if p.severity == "error"] == expected
    assert catalogue is None


def test_valid_catalogue_has_no_problems(tmp_path: Path) -> None:
    """The minimal catalogue of the tests is valid."""
    write_catalogue(tmp_path, {"products/place-value.yml": product(duration="PT15M")})
    catalogue, problems = check_catalogue(tmp_path)
    assert problems == []
    assert catalogue is not None and list(catalogue.products) == ["place-value"]


@pytest.mark.parametrize(("changes", "expected"), [
    ({}, ["catalog/products/place-value.yml:1:1: LP701 warning: no 'duration': learners plan and filter by time; "
          "add it if the provider states it"]),
    ({"duration": "PT15M", "reviewed": "2024-11-24"},
     ["catalog/products/place-value.yml:10:11: LP702 warning: last reviewed 2024-11-24, more than two years ago: "
      "check the entry against its sources and update 'reviewed'"]),
    ({"duration": "PT15M", "reviewed": "2024-11-26"}, []),
])
def test_warnings_never_fail(tmp_path: Path, changes: dict[str, str], expected: list[str]) -> None:
    """Warnings (missing duration, a review over two years old) are reported, but the catalogue is still built."""
    write_catalogue(tmp_path, {"products/place-value.yml": product(**changes)})
    catalogue, problems = check_catalogue(tmp_path, today=datetime.date(2026, 11, 25))
    assert [str(p) for p in problems] == expected
    assert catalogue is not None


def test_all_problems_in_one_run(tmp_path: Path) -> None:
    """Problems in several files and fields are all reported at once, in file order."""
    write_catalogue(tmp_path, {
        "products/a.yml": product(url="javascript:x", level="beginner"),
        "products/b.yml": product(title="B", url="https://example.org/b", topics="[nope]"),
    })
    with pytest.raises(CatalogueError) as info:
        load_catalogue(tmp_path)
    assert [f"{p.path}:{p.position.line}:{p.code}" for p in info.value.problems] == [
        "catalog/products/a.yml:3:LP302",
        "catalog/products/a.yml:9:LP308",
        "catalog/products/b.yml:6:LP301",
    ]
    assert str(info.value).endswith("\n3 errors in the catalogue.")


def test_missing_vocabulary_file(tmp_path: Path) -> None:
    """A missing vocabulary file is named; products using its terms are not blamed a second time."""
    write_catalogue(tmp_path, {"products/place-value.yml": PRODUCT})
    (tmp_path / "catalog/vocabularies/audiences.yml").unlink()
    assert [str(p) for p in check_catalogue(tmp_path)[1] if p.severity == "error"] == [
        "catalog/vocabularies/audiences.yml:1:1: LP107 the vocabulary file is missing; create "
        "catalog/vocabularies/audiences.yml",
    ]


def test_missing_catalogue_folder(tmp_path: Path) -> None:
    """A project without catalog/ gets one clear problem."""
    assert [str(p) for p in check_catalogue(tmp_path)[1]] == ["catalog:1:1: LP107 the catalogue folder does not exist"]


def test_defaults_and_translations(tmp_path: Path) -> None:
    """Omitted optional fields take their documented defaults (only status has one: cost and certificate are
    unknown when not stated); translated text keeps every language."""
    write_catalogue(tmp_path, {"products/place-value.yml": product(
        title="{en: Place Value, fr: La valeur des lieux}", languages="[fr, en]")})
    item = load_catalogue(tmp_path).products["place-value"]
    assert (item.free, item.certificate, item.status) == (None, None, "active")  # cost and certificate: not stated
    assert [f.name for f in schema.PRODUCT.fields if f.default is not None] == ["status"]
    assert dict(item.title.values) == {"en": "Place Value", "fr": "La valeur des lieux"}
    assert item.summary.language == "fr"  # plain text is in the first listed language


PATH_FILE = "catalog/paths/first-steps.yml"


@pytest.mark.parametrize(("steps", "expected"), [
    ("steps:\n  - product: place-valu\n",
     [f"{PATH_FILE}:4:14: LP405 'product' names product 'place-valu', which does not exist "
      "(no catalog/products/place-valu.yml); did you mean 'place-value'?"]),
    ("steps: []\n", [f"{PATH_FILE}:3:8: LP204 'steps' must list at least 1 entry"]),
    ("steps:\n  - product: place-value\n  - product: place-value\n",
     [f"{PATH_FILE}:5:14: LP206 the path lists product 'place-value' twice"]),
    ("steps:\n  - product: place-value\n    notes: x\n", [f"{PATH_FILE}:5:5: LP201 unknown field 'notes'; did you mean 'note'?"]),
], ids=["unknown-product", "empty", "duplicate-step", "unknown-field"])
def test_learning_path_rules(tmp_path: Path, steps: str, expected: list[str]) -> None:
    """A learning path names existing products, at least one, each once."""
    write_catalogue(tmp_path, {"products/place-value.yml": product(duration="PT15M"),
                               "paths/first-steps.yml": "title: First steps\nsummary: A start.\n" + steps})
    catalogue, problems = check_catalogue(tmp_path)
    assert [str(p) for p in problems] == expected
    assert catalogue is None


def test_untranslated_interface_texts_are_one_warning(tmp_path: Path) -> None:
    """A translation file that lacks texts is valid, with one warning that counts what shows in English."""
    from learning_catalog.site import i18n

    write_catalogue(tmp_path, {"products/place-value.yml": product(duration="PT15M"),
                               "translations/fr.yml": '"Sort": "Trier"\n"%(num)s step":\n  one: "%(num)s étape"\n'
                                                      '  other: "%(num)s étapes"\n'})
    catalogue, problems = check_catalogue(tmp_path)
    total = len(i18n.messages())
    assert [str(p) for p in problems] == [
        f"catalog/translations/fr.yml:1:1: LP704 warning: {total - 2} of {total} interface texts are not translated "
        "yet; they show in English"]
    assert catalogue is not None
    french = i18n.translation(catalogue, "fr")
    assert (french.gettext("Sort"), french.ngettext("%(num)s step", "%(num)s steps", 2)) == ("Trier", "%(num)s étapes")
    assert french.gettext("Filters") == "Filters"
