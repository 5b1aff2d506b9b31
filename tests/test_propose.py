"""Proposing a product without Git: the YAML writer, the form generated from the contract, the issue form and
`make from-issue` (the browser side is in test_propose_browser.py)."""

from __future__ import annotations

import dataclasses
import html
import json
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import ROOT, product, write_catalogue

from learning_catalog import check_catalogue, load_catalogue
from learning_catalog.contract import jsonschema, labels, schema
from learning_catalog.contract.loader import title_keys, url_keys
from learning_catalog.contract.problems import Collector
from learning_catalog.contract.text import forbidden_character
from learning_catalog.contract.yamlsafe import parse
from learning_catalog.site import i18n, propose
from learning_catalog.site.pages import generate_data_files, generate_pages
from learning_catalog.tools import fromissue
from learning_catalog.tools.scaffold import new_product_text
from learning_catalog.tools.yamlwrite import product_file

HOSTILE = [
    "", "no", "No", "yes", "off", "null", "NULL", "~", "2030", "11", "0", "-1", "+1", "1e3", "1_000", "0x1F", "0o17",
    ".5", ".inf", ".NaN", "1:30", "190:20:30", "3D", "3D modelling", "2020-07-07", "2020-07", "2020", "2020-13-45",
    "2001-12-14 21:59:43.10 -5", "- x", "-x", "? x", "?x", ": x", "a: b", "a:b", "a:", "a #b", "a#b", "#x", "&a",
    "*a", "!tag", "!!python/object:os.system", "|", ">", "'q'", '"q"', "%x", "@x", "`x`", "{a: 1}", "[a, b]", "a, b",
    "=", "<<", "<script>alert(1)</script>", "a\tb", "a\nb", "a\n b", "a \nb", "\na", "a\n", "a\n\nb", "a\r\nb",
    "a\rb", "line one\n\n  indented\n# not a comment", "\x00", "\x07", "\x1b[31m", "\x7f", "\x85", "\x9f", "\u2028",
    "\u2029", "\ufeff", "\ufffe", "\uffff", "é", "Ελληνικά", "城市规划", "التخطيط الحضري", "😀 emoji", "a\\b", "\\",
    "quote \" and ' both", "trailing space ", " leading space", "x" * 500, "word " * 60 + "end", "---", "...",
    "--- a", "key: value\nother: x", "*", "Straße", "İstanbul", "ΣΊΣΥΦΟΣ", "ﬁ",
]
"""Texts that a YAML writer easily gets wrong: YAML's other types, indicators, line breaks, control characters."""


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_writer_reads_back_as_written(text: str) -> None:
    """Every text, as a value, a list item, a record's field and a key of translations, reads back the same (or,
    holding a character the catalogue refuses, is refused for that character only: the YAML stays valid)."""
    values = {"title": text, "summary": {"en": text, "no": text}, "topics": [text, "x"], "sdgs": [11],
              "people": [{"name": text, "role": text}], "free": False}
    written = product_file(values, ["Sources:", "- x"])
    collector = Collector("x.yml")
    doc = parse(written, collector)
    if forbidden_character(text):
        assert {problem.code for problem in collector.problems} == {"LP315"}, written
    else:
        assert collector.problems == [] and doc.value == values, written
    assert "\t" not in written.split("\n", 1)[1] and written.endswith("\n")


def test_writer_output_is_plain_where_it_can_be() -> None:
    """The format: plain text and words as written, single quotes where YAML would read something else (a date,
    a number, 'no'), lists and records as indented lines, several lines as a literal block, double quotes for
    what needs escapes."""
    values = {"title": "Urban Planning: for Leaders", "summary": "Line one.\nLine two.", "url": "https://x.org/a?b=c",
              "format": "handbook", "topics": ["urban-planning"], "languages": ["no", "en"], "sdgs": [11, 13],
              "published": "2020-07-07", "duration": "PT1H30M", "free": True, "license": "CC BY 4.0",
              "people": [{"role": "Author", "name": "Ann O'Neil"}], "description": "Tab\there"}
    assert product_file(values) == (
        "# yaml-language-server: $schema=../../docs/schema/product.json\n"
        "title: 'Urban Planning: for Leaders'\n"
        "summary: |-\n  Line one.\n  Line two.\n"
        "url: https://x.org/a?b=c\n"
        "format: handbook\n"
        "topics:\n  - urban-planning\n"
        "languages:\n  - 'no'\n  - en\n"
        "description: \"Tab\\there\"\n"
        "sdgs:\n  - 11\n  - 13\n"
        "published: '2020-07-07'\n"
        "duration: PT1H30M\n"
        "free: true\n"
        "people:\n  - name: Ann O'Neil\n    role: Author\n"
        "license: CC BY 4.0\n")


# -- The form, generated from the contract ------------------------------------------------------------------


class Controls(HTMLParser):
    """The form's controls (name, tag, type) and option labels, and the ids that aria-describedby names."""

    def __init__(self) -> None:
        super().__init__()
        self.controls: list[tuple[str, str, str | None]] = []
        self.ids: set[str] = set()
        self.described: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(found["id"] or "")
        if found.get("aria-describedby"):
            self.described += (found["aria-describedby"] or "").split()
        if tag in ("input", "select", "textarea") and found.get("name"):
            self.controls.append((found["name"] or "", tag, found.get("type")))


def propose_page(catalogue: Any, language: str = "en", edit_uri: str = "") -> str:
    pages = generate_pages(catalogue, translation=i18n.translation(catalogue, language), edit_uri=edit_uri)
    return next(p for p in pages if p.src_uri.endswith(propose.SRC_URI)).html


@pytest.fixture(scope="module")
def catalogue() -> Any:
    return load_catalogue(ROOT)


def test_every_control_is_named_after_a_contract_field(catalogue: Any) -> None:
    """Each field of the contract has its place in the form, and each control is named after the product field it
    fills (a group's after the record's field; the choices of related products come with the catalogue's list)."""
    page = propose_page(catalogue)
    parser = Controls()
    parser.feed(page)
    names = {re.sub(r"\[__I__\]", "", name).split(".")[0] for name, _, _ in parser.controls}
    people = {field.name for field in schema.PRODUCT.fields if labels.by_people(field)}
    assert names == people - {"related"} and "harvest" not in people
    assert set(re.findall(r'<(?:div|fieldset) class="lp-field[^"]*" data-field="([a-z_]+)"', page)) == {
        field.name for _, record in labels.records() for field in filter(labels.by_people, record.fields)}
    group_fields = {name for name, _, _ in parser.controls if "[__I__]." in name}
    assert group_fields == {f"{field.name}[__I__].{sub.name}" for field in filter(labels.by_people, schema.PRODUCT.fields)
                            if isinstance(field.kind, schema.ListOf) and isinstance(field.kind.item, schema.Record)
                            for sub in field.kind.item.fields}
    kinds = {name: (tag, kind) for name, tag, kind in parser.controls}
    assert kinds["title"] == ("input", "text") and kinds["summary"][0] == "textarea"
    assert kinds["url"] == ("input", "url") and kinds["published"] == ("input", "date")
    assert kinds["duration.hours"] == ("input", "number") and kinds["duration.minutes"] == ("input", "number")
    assert kinds["format"] == ("select", None) and kinds["languages"] == ("input", "checkbox")
    assert set(parser.described) - {"lp-propose-status"} <= parser.ids


def test_form_follows_the_contract(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A field added to the contract and a term added to a vocabulary appear in the form and in its JSON Schema,
    with their labels and help, without touching the page."""
    write_catalogue(tmp_path, {"vocabularies/topics.yml": """\
        terms:
          - id: urban-planning
            label: Urban planning
          - id: night-economy
            label: {en: Night-time economy, fr: Économie nocturne}
        """})
    added = schema.Field("audio_described", schema.Bool(), "Whether its videos have audio description.")
    extended = dataclasses.replace(schema.PRODUCT, fields=(*schema.PRODUCT.fields, added))
    monkeypatch.setattr(schema, "PRODUCT", extended)
    monkeypatch.setitem(jsonschema.SCHEMAS, "product", (jsonschema.SCHEMAS["product"][0], extended))
    catalogue = load_catalogue(tmp_path)
    french = propose_page(catalogue, "fr")
    assert '<input type="checkbox" name="topics" value="night-economy"> <span>Économie nocturne</span>' in french
    english = propose_page(catalogue)
    field = english.split('data-field="audio_described"', 1)[1].split("</div>", 1)[0]
    assert '<label class="lp-field__label" for="lp-f-audio_described">Audio described</label>' in field
    assert "Whether its videos have audio description." in field
    assert '<select id="lp-f-audio_described" name="audio_described"' in field
    data = json.loads(html.unescape(re.search(r'data-form="([^"]*)"', english).group(1)))
    assert data["schema"]["properties"]["audio_described"]["type"] == "boolean"
    assert "night-economy" in data["schema"]["properties"]["topics"]["items"]["enum"]
    assert [line for line in data["optional"] if line[0] == "audio_described"] == [
        ["audio_described", "audio_described:   # Whether its videos have audio description."]]


def test_form_data_is_the_published_schema_and_the_lines_of_make_new(catalogue: Any) -> None:
    """The page embeds the published /schema/product.json and the lines `make new` writes around the fields."""
    files = generate_data_files(catalogue)
    page = propose_page(catalogue, edit_uri="https://github.com/un-habitat/learning/edit/main/docs/")
    data = json.loads(html.unescape(re.search(r'data-form="([^"]*)"', page).group(1)))
    assert data["schema"] == json.loads(files["schema/product.json"])
    comments = data["hints"] + data["heading"] + [line for _, line in data["optional"]]
    assert new_product_text({}) == "\n".join(data["header"]) + "\n" + "".join(
        f"# {line}".rstrip() + "\n" for line in comments)
    assert data["newFile"] == "https://github.com/un-habitat/learning/new/main"
    assert data["maxUrl"] == 8000
    assert data["fold"]["ß"] == "ss" and "a" not in data["fold"]


def test_known_products_are_the_loaders_keys(catalogue: Any) -> None:
    """The duplicate check's data holds every product's id, title, and keys as `make check` compares them."""
    known = json.loads(generate_data_files(catalogue)[propose.KNOWN_PRODUCTS])
    assert known["ids"] == sorted(catalogue.products)
    for index, product_id in enumerate(known["ids"]):
        found = catalogue.products[product_id]
        assert known["urls"][index] == url_keys(found.url)[0][1]
        assert known["titleKeys"][index] == sorted({key for _, key in title_keys(found.title.values)})


@pytest.mark.parametrize(("edit_uri", "expected"), [
    ("https://github.com/un-habitat/urban-agenda-learning-page/edit/main/docs/",
     "https://github.com/un-habitat/urban-agenda-learning-page/new/main"),
    ("https://github.com/org/repo/edit/release/2027/docs/", "https://github.com/org/repo/new/release/2027"),
    ("https://gitlab.com/org/repo/-/edit/main/docs/", ""),
    ("https://github.com/org/repo/edit/main/docs/?x=<script>", ""),
    ("", ""),
])
def test_propose_on_github_follows_the_edit_address(edit_uri: str, expected: str) -> None:
    """"Propose on GitHub" opens the new-file page of the repository and branch that "Edit this page" edits."""
    assert propose.new_file_base(edit_uri) == expected


def test_form_text_is_escaped(tmp_path: Path) -> None:
    """Vocabulary labels and translations are text in the form: no markup from the catalogue gets through."""
    write_catalogue(tmp_path, {"vocabularies/formats.yml": """\
        terms:
          - id: video-lecture
            label: "<img src=x onerror=alert(1)>"
        """, "translations/fr.yml": '"Propose a product": "<script>alert(1)</script>"\n'})
    catalogue = load_catalogue(tmp_path)
    page = propose_page(catalogue, "fr")
    assert "<img" not in page and "<script>alert" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


# -- The issue form and `make from-issue` ---------------------------------------------------------------------


def test_issue_form_is_current_and_maps_onto_the_contract(catalogue: Any) -> None:
    """The committed issue form is what `make schema` writes; each of its fields is a product field, with the
    field's label and documentation, and choices from the vocabularies."""
    committed = (ROOT / fromissue.ISSUE_FORM).read_text(encoding="utf-8")
    assert committed == fromissue.issue_form_yaml(catalogue), "run `make schema` and commit the issue form"
    form = yaml.safe_load(committed)
    fields = {field.name: field for field in schema.PRODUCT.fields}
    elements = [element for element in form["body"] if element["type"] != "markdown"]
    assert len({element["attributes"]["label"] for element in elements}) == len(elements)
    for element in elements:
        field = fields[element["id"]]
        assert element["attributes"]["label"] == labels.label(field)
        assert element["attributes"]["description"].startswith(field.doc)
        assert element.get("validations", {}).get("required", False) == (field.required and element["type"] != "checkboxes")
    assert {element["id"] for element in elements} | set(fromissue.OMITTED) == {
        name for name, field in fields.items() if labels.by_people(field)}
    topics = next(element for element in elements if element["id"] == "topics")
    assert [option["label"] for option in topics["attributes"]["options"]] == [
        term.label.get("en")[1] for term in catalogue.vocabularies["topics"].values()]
    assert form["labels"] == [fromissue.LABEL]


ANSWERS = {
    "title": "Urban Resilience: a \"guide\" for <script>alert(1)</script> @mayors",
    "summary": "How cities plan for shocks.\n\n### Address (URL)\n\nA heading typed in an answer stays in it.",
    "url": "https://example.org/resilience",
    "format": "Guide",
    "provider": "Technical Centre for Disaster Risk Management, Sustainability and Urban Resilience (DiMSUR)",
    "topics": ["Urban and territorial planning", "Climate change"],
    "audiences": ["Local government"],
    "languages": "English, fr",
    "partners": "UN-Habitat, Technical Centre for Disaster Risk Management, Sustainability and Urban Resilience (DiMSUR)",
    "sdgs": "SDG 11, 13",
    "duration": "1 h 30 min",
    "free": "Yes",
    "people": "Jane Doe | City of Nairobi | Lecturer\n\nAnn Lee | | Author",
    "countries": "Kenya, tz",
    "description": "Line one ```\n\n- [X] not a checkbox answer",
    "sources": "https://example.org/about | About the guide | 2026-11-30\nhttps://example.org/more",
}


def render_body(answers: dict[str, Any], fields: list[fromissue.FormField]) -> str:
    """An issue's text as GitHub writes a filled issue form: a ### heading per field, then the answer."""
    parts = []
    for f in fields:
        answer = answers.get(f.name)
        if f.type == "checkboxes":
            text = "\n".join(f"- [{'X' if label in (answer or []) else ' '}] {label}" for label, _ in f.options)
        elif f.type == "dropdown" and not answer:
            text = "_No response_"
        else:
            text = answer or "_No response_"
        parts.append(f"### {f.label}\n\n{text}")
    return "\r\n".join("\n\n".join(parts).split("\n")) + "\r\n"


def test_issue_body_is_read_by_the_forms_own_headings(catalogue: Any) -> None:
    """Answers as GitHub renders them: headings, _No response_, ticked boxes, several lines, a dropdown choice with
    commas, a heading typed inside an answer, hostile text; all become the product's values."""
    fields = fromissue.form_fields(catalogue)
    answers = fromissue.parse_body(render_body(ANSWERS, fields), fields)
    assert answers["summary"] == ANSWERS["summary"]
    assert answers["level"] == "" and answers["license"] == ""
    suggestion = fromissue.answers_to_values(answers, fields)
    assert suggestion.problems == []
    assert suggestion.values == {
        "title": ANSWERS["title"], "summary": ANSWERS["summary"], "url": "https://example.org/resilience",
        "format": "guide", "provider": "dimsur", "topics": ["urban-planning", "climate-change"],
        "audiences": ["local-government"], "languages": ["en", "fr"], "description": ANSWERS["description"],
        "partners": ["un-habitat", "dimsur"], "sdgs": [11, 13], "duration": "PT1H30M", "free": True,
        "people": [{"name": "Jane Doe", "affiliation": "City of Nairobi", "role": "Lecturer"},
                   {"name": "Ann Lee", "role": "Author"}],
        "countries": ["KE", "TZ"],
        "sources": [{"url": "https://example.org/about", "title": "About the guide", "checked": "2026-11-30"},
                    {"url": "https://example.org/more"}]}


@pytest.mark.parametrize(("text", "expected"), [
    ("1 h 30 min", "PT1H30M"), ("45 min", "PT45M"), ("2 hours", "PT2H"), ("90 minutes", "PT1H30M"), ("1:30", "PT1H30M"),
    ("PT15M", "PT15M"), ("P6W", "P6W"), ("1h30", None), ("a while", None), ("0 min", "PT0M"),
])
def test_issue_durations(text: str, expected: str | None) -> None:
    """Durations are written as people write them, and become ISO 8601."""
    assert fromissue._duration(text) == expected  # noqa: SLF001


def _from_issue(root: Path, body: str, *args: str) -> subprocess.CompletedProcess[str]:
    (root / "body.md").write_text(body, encoding="utf-8")
    return subprocess.run([sys.executable, "-m", "learning_catalog", "from-issue", "body.md", "--root", str(root), *args],
                          capture_output=True, text=True, cwd=root, check=False,
                          env={"PYTHONPATH": str(ROOT / "hooks"), "PATH": os.environ["PATH"]})


def test_from_issue_writes_the_file_make_new_writes(tmp_path: Path) -> None:
    """`make from-issue` writes the product file (the same text `make new` writes for the values), which the
    catalogue reads; its comment shows the file in a fence that no answer can close."""
    write_catalogue(tmp_path)
    catalogue = load_catalogue(tmp_path)
    fields = fromissue.form_fields(catalogue)
    answers = {"title": "Nights in the city: `a` ```` guide", "summary": "About <b>night</b> @mayors.",
               "url": "https://example.org/nights", "format": "Handbook", "provider": "UCLG",
               "topics": ["Climate change"], "audiences": ["National government"], "languages": "fr, English",
               "sources": "https://example.org/nights/about"}
    result = _from_issue(tmp_path, render_body(answers, fields), "--comment", "comment.md")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "Wrote catalog/products/nights-in-the-city-a-guide.yml.\n"
    values = {"title": answers["title"], "summary": answers["summary"], "url": answers["url"], "format": "handbook",
              "provider": "uclg", "topics": ["climate-change"], "audiences": ["national-government"],
              "languages": ["fr", "en"], "sources": [{"url": "https://example.org/nights/about"}]}
    written = (tmp_path / "catalog/products/nights-in-the-city-a-guide.yml").read_text(encoding="utf-8")
    assert written == new_product_text(values)
    assert check_catalogue(tmp_path)[0].products["nights-in-the-city-a-guide"].languages == ("fr", "en")
    comment = (tmp_path / "comment.md").read_text(encoding="utf-8")
    assert comment.startswith(fromissue.MARKER + "\nThank you for the suggestion. Its answers make a valid product file, "
                              "`catalog/products/nights-in-the-city-a-guide.yml`:\n\n`````yaml\n" + written)


def test_from_issue_reports_problems_by_the_forms_labels(tmp_path: Path) -> None:
    """Problems name the form's fields, in plain language; nothing is written and the exit code is 1; the comment
    escapes the answers' Markdown and mentions nobody."""
    write_catalogue(tmp_path, {"products/place-value.yml": product()})
    fields = fromissue.form_fields(load_catalogue(tmp_path))
    answers = {"title": "Place Value", "summary": "x" * 301, "url": "javascript:alert(1)", "format": "Handbook",
               "provider": "UCLG", "topics": [], "audiences": ["Local government"], "languages": "Klingon @someone, en",
               "sdgs": "11, 42", "people": "| Nowhere | Lecturer", "duration": "a while"}
    result = _from_issue(tmp_path, render_body(answers, fields), "--comment", "comment.md")
    assert result.returncode == 1
    problems = [
        ("Title", "this title is already used by catalog/products/place-value.yml"),
        ("Summary", "is 301 characters long; the limit is 300"),
        ("Address (URL)", "must start with http:// or https://, found 'javascript:alert(1)'"),
        ("Topics", "this is required"),
        ("Languages", "'Klingon @someone' is not a language name or ISO 639-1 code (e.g. English or en)"),
        ("Sources", "this is required"),
        ("Sustainable Development Goals", "must list SDG numbers from 1 to 17; found the number 42"),
        ("Duration", "must be an ISO 8601 duration such as PT15M, PT1H30M or P6W; found 'a while'"),
        ("People", "missing required field 'name' (line 1)"),
    ]
    assert result.stderr.splitlines() == [
        "Not written: catalog/products/place-value-2.yml would have these problems:",
        *(f"  - {label}: {message}" for label, message in problems)]
    assert sorted(p.name for p in (tmp_path / "catalog/products").iterdir()) == ["place-value.yml"]
    assert (tmp_path / "comment.md").read_text(encoding="utf-8").splitlines()[3:] == [
        "- **Title**: this title is already used by catalog/products/place\\-value\\.yml",
        "- **Summary**: is 301 characters long; the limit is 300",
        "- **Address (URL)**: must start with http://, found 'javascript:alert\\(1\\)'".replace("http://,", "http:// or https://,"),
        "- **Topics**: this is required",
        "- **Languages**: 'Klingon @\u200bsomeone' is not a language name or ISO 639\\-1 code \\(e\\.g\\. English or en\\)",
        "- **Sources**: this is required",
        "- **Sustainable Development Goals**: must list SDG numbers from 1 to 17; found the number 42",
        "- **Duration**: must be an ISO 8601 duration such as PT15M, PT1H30M or P6W; found 'a while'",
        "- **People**: missing required field 'name' \\(line 1\\)",
    ]
