"""Spreadsheet import: every row checked with the contract, exact messages per row and column, nothing half-written."""

from __future__ import annotations

import csv
import dataclasses
import datetime
import io
import textwrap
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml
from conftest import PRODUCT, ROOT, built_site, make_project, write_catalogue

from learning_catalog import check_catalogue
from learning_catalog.contract import schema
from learning_catalog.contract.problems import Collector
from learning_catalog.contract.yamlsafe import parse
from learning_catalog.tools.spreadsheet import (
    COLUMNS,
    PlannedFile,
    column_docs,
    main,
    read_table,
    record_to_row,
    row_to_record,
    template_csv,
    template_rows,
    write_products,
    write_template_xlsx,
)

F = "products.csv"
OTHER_URL = "https://example.org/other"
BASE = {
    "title": "Place Value",
    "summary": "How the governance of urban design shapes the value of places.",
    "url": "https://example.org/place-value",
    "format": "video-lecture",
    "provider": "un-habitat",
    "topics": "urban-planning",
    "audiences": "local-government",
    "languages": "en",
    "duration": "PT15M",
    "sources": "https://example.org/about-place-value",
}
BASE_VALUES = {k: [v] if k in ("topics", "audiences", "languages") else [{"url": v}] if k == "sources" else v
               for k, v in BASE.items()}
EXISTING = {"products/place-value.yml": PRODUCT}


def r(**changes: str | None) -> dict[str, str]:
    """The valid BASE row with some cells changed (None leaves the column out)."""
    row = {**BASE, **changes}
    return {key: value for key, value in row.items() if value is not None}


def csv_text(rows: list[dict[str, str]]) -> str:
    """CSV text with a header made of every key of the rows, in first-seen order."""
    header = list(dict.fromkeys(key for row in rows for key in row))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([[row.get(key, "") for key in header] for row in rows])
    return out.getvalue()


@dataclasses.dataclass
class Run:
    """What one import run did."""

    code: int
    out: str
    err: list[str]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A small valid catalogue without products, as the current folder."""
    monkeypatch.chdir(tmp_path)
    return write_catalogue(tmp_path)


def run_import(
    root: Path, capsys: pytest.CaptureFixture[str], sheet: str | list[dict[str, str]], *args: str,
    files: dict[str, str] | None = None, name: str = F,
) -> Run:
    """Write ``sheet`` (rows, or raw CSV text) to ``root/name`` and import it into ``root``."""
    write_catalogue(root, files or {}, base=False)
    (root / name).write_text(sheet if isinstance(sheet, str) else csv_text(sheet), encoding="utf-8")
    capsys.readouterr()
    code = main([name, *args])
    captured = capsys.readouterr()
    return Run(code=code, out=captured.out, err=captured.err.splitlines())


def written(root: Path) -> dict[str, Any]:
    """Every product file under root/catalog/products, read back as the catalogue reads it: id -> values."""
    folder = root / "catalog/products"
    return {p.stem: parse(p.read_text(encoding="utf-8"), Collector(p.name)).value for p in sorted(folder.glob("*.yml"))}


# -- the acceptance scenario --------------------------------------------------------------

BAD_CELLS = {6: {"languages": "english"}, 11: {"url": "javascript:alert(1)"}, 19: {"topics": "urban-planing"}}


def lecture(i: int) -> dict[str, str]:
    """Product ``i`` of a 30-row batch, varied over the optional fields."""
    row = r(
        title=f"Urban lecture {i}",
        summary=f"What lecture {i} teaches about planning cities.",
        url=f"https://example.org/lectures/{i}",
        format="video-lecture" if i % 2 else "handbook",
        topics="urban-planning; climate-change" if i % 2 == 0 else "urban-planning",
        audiences="local-government; national-government",
        languages="en; fr" if i % 4 == 0 else "en",
        sdgs="11; 13",
        published="2020-07",
        free="yes",
        certificate="no",
        people="Shlomo Angel | New York University | Lecturer" if i % 3 == 0 else "",
        links=f"https://example.org/lectures/{i}.mp3 | Audio (MP3) | | audio" if i % 5 == 0 else "",
        related="urban-lecture-1" if i == 2 else "",
        partners="uclg" if i % 3 == 0 else "",
    )
    row["title.fr"] = f"Conférence urbaine {i}" if i % 4 == 0 else ""
    if i <= 10:
        row.update(series="global-urban-lectures", season="6", episode=str(i))
    return row


def test_thirty_rows_three_bad_then_fixed(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """3 bad rows of 30 are named by row and column and nothing is written; fixed, 30 files build a site."""
    rows = [{**lecture(i), **BAD_CELLS.get(i, {})} for i in range(1, 31)]
    result = run_import(project, capsys, rows)
    assert result.code == 1
    assert result.err == [
        f"{F}:row 7:column languages: 'english' is not an ISO 639-1 language code (two lowercase letters, "
        "e.g. en, fr, ar)",
        f"{F}:row 12:column url: 'url' must start with http:// or https://, found 'javascript:alert(1)'",
        f"{F}:row 20:column topics: 'urban-planing' is not a term of catalog/vocabularies/topics.yml; "
        "did you mean 'urban-planning'?",
        f"3 problems in {F}; nothing was written.",
    ]
    assert result.out == ""
    assert not (project / "catalog/products").exists()

    result = run_import(project, capsys, [lecture(i) for i in range(1, 31)])
    assert (result.code, result.out, result.err) == (0, "Wrote 30 product files to catalog/products/.\n", [])
    catalogue, problems = check_catalogue(project)
    assert [str(p) for p in problems] == []
    assert catalogue is not None and len(catalogue.products) == 30
    assert catalogue.products["urban-lecture-2"].related == ("urban-lecture-1",)
    assert dict(catalogue.products["urban-lecture-4"].title.values) == {"en": "Urban lecture 4",
                                                                         "fr": "Conférence urbaine 4"}
    site = built_site(make_project(project))
    pages = sorted(p.parent.name for p in (site / "products").glob("*/index.html"))
    assert pages == sorted(f"urban-lecture-{i}" for i in range(1, 31))


def write_xlsx(path: Path, rows: list[list[Any]]) -> None:
    """A workbook whose first sheet holds ``rows`` as typed cells (a second sheet is ignored)."""
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    workbook.create_sheet("Notes").append(["not read"])
    workbook.save(path)


def test_xlsx_with_date_and_number_cells(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An .xlsx sheet: dates become YYYY-MM-DD, whole numbers ints; a bad row is named; fixed, files are written."""
    header = [*BASE, "published", "series", "season", "episode", "sdgs", "countries"]
    good = [*BASE.values(), datetime.date(2020, 7, 7), "global-urban-lectures", 6, 3.0, 11, "KE"]
    other = [f"{value} 2" for value in list(BASE.values())[:3]] + list(BASE.values())[3:]
    other[2] = OTHER_URL
    bad = [*other, datetime.datetime(2021, 3, 1, 12, 30), None, None, None, "11; 13", "ke"]
    write_xlsx(project / "products.xlsx", [header, good, [None] * len(header), bad])
    capsys.readouterr()
    assert main(["products.xlsx"]) == 1
    assert capsys.readouterr().err.splitlines() == [
        "products.xlsx:row 4:column countries: 'ke' is not an ISO 3166-1 alpha-2 country code (two capital letters, "
        "e.g. KE, BR); did you mean 'KE'?",
        "1 problem in products.xlsx; nothing was written.",
    ]
    assert not (project / "catalog/products").exists()

    bad[-1] = "KE"
    write_xlsx(project / "products.xlsx", [header, good, [None] * len(header), bad])
    assert main(["products.xlsx"]) == 0
    assert capsys.readouterr().out == "Wrote 2 product files to catalog/products/.\n"
    files = written(project)
    assert {k: files["place-value"][k] for k in header[-6:]} == {
        "published": "2020-07-07", "series": "global-urban-lectures", "season": 6, "episode": 3, "sdgs": [11],
        "countries": ["KE"]}
    assert files["place-value-2"]["published"] == "2021-03-01"
    assert files["place-value-2"]["sdgs"] == [11, 13]
    assert "\n# Imported from products.xlsx, row 4.\n" in (
        project / "catalog/products/place-value-2.yml").read_text(encoding="utf-8")
    assert check_catalogue(project)[1] == []


# -- exact messages -----------------------------------------------------------------------

TWO = [r(), r(title="Other", url=OTHER_URL)]
KNOWN = ", ".join(sorted(COLUMNS))

PROBLEMS = [
    # -- the header row
    ("unknown-column", [r(fomat="video-lecture")], {},
     [f"{F}:row 1:column fomat: unknown column 'fomat'; did you mean 'format'?"]),
    ("unknown-column-listed", [r(foo="x")], {},
     [f"{F}:row 1:column foo: unknown column 'foo'; known: {KNOWN}"]),
    ("capitalised-column", [{("Title" if k == "title" else k): v for k, v in r().items()}], {},
     [f"{F}:row 1:column Title: unknown column 'Title'; did you mean 'title'?",
      f"{F}:row 2: missing required field 'title'"]),
    ("translated-list-column", [r(**{"topics.fr": "urbanisme"})], {},
     [f"{F}:row 1:column topics.fr: unknown column 'topics.fr'; only title, summary, description have "
      "translation columns, e.g. 'title.fr'"]),
    ("translation-column-without-language", [r(**{"title.": "Valeur"})], {},
     [f"{F}:row 1:column title.: unknown column 'title.'; write a language code after the dot, e.g. 'title.fr'"]),
    ("misspelt-translation-column", [r(**{"titel.fr": "Valeur"})], {},
     [f"{F}:row 1:column titel.fr: unknown column 'titel.fr'; did you mean 'title.fr'?"]),
    ("semicolon-separated", "title;summary;url\nA;B;https://example.org/a\n", {},
     [f"{F}:row 1:column title;summary;url: unknown column 'title;summary;url'; the columns seem to be separated "
      "by ';': save the file as CSV UTF-8 (comma delimited)",
      f"{F}:row 2: missing required field 'title'"] + [f"{F}:row 2: missing required field '{name}'" for name in (
          "summary", "url", "format", "provider", "topics", "audiences", "languages", "sources")]),
    ("repeated-column", csv_text([r()]).replace("duration", "title", 1), {},
     [f"{F}:row 1:column title: column 'title' is already column 1"]),
    ("nameless-column", csv_text([r()]).replace("\n", ",\n", 1).replace("place-value\n", "place-value,stray\n"), {},
     [f"{F}:row 1:column 11: the column has values but no name in row 1"]),
    ("no-rows", csv_text([r()]).split("\n", 1)[0] + "\n,,,\n", {},
     [f"{F}:row 2: there are no product rows below the header row"]),
    ("empty-file", "", {},
     [f"{F}:row 1: the first row must name the columns: title, summary, url, format, provider, topics, "
      "audiences, languages, sources"]),
    # -- one row
    ("missing-required", [r(summary=None)], {}, [f"{F}:row 2: missing required field 'summary'"]),
    ("empty-required-cell", [r(summary="  ")], {}, [f"{F}:row 2: missing required field 'summary'"]),
    ("invalid-id", [r(id="Place Value")], {},
     [f"{F}:row 2:column id: 'id' 'Place Value' is not a valid id: use lowercase letters, digits and hyphens, "
      "e.g. 'place-value'"]),
    ("duplicate-in-list", [r(topics="urban-planning; climate-change; urban-planning")], {},
     [f"{F}:row 2:column topics: 'topics' lists 'urban-planning' twice"]),
    ("bad-boolean", [r(free="maybe")], {}, [f"{F}:row 2:column free: 'free' must be true or false, found 'maybe'"]),
    ("bad-sdg", [r(sdgs="11; eleven")], {},
     [f"{F}:row 2:column sdgs: 'sdgs' must list SDG numbers from 1 to 17; found 'eleven'"]),
    ("fractional-season", [r(series="global-urban-lectures", season="6.5")], {},
     [f"{F}:row 2:column season: 'season' must be a whole number of 1 or more; found '6.5'"]),
    ("unknown-series", [r(series="global-urban-lecture")], {},
     [f"{F}:row 2:column series: 'series' names series 'global-urban-lecture', which does not exist "
      "(no catalog/series/global-urban-lecture.yml); did you mean 'global-urban-lectures'?"]),
    ("episode-without-series", [r(episode="3")], {}, [f"{F}:row 2:column episode: 'episode' needs a 'series'"]),
    ("person-with-four-parts", [r(people="Ann Lee | NYU | Lecturer | 2020")], {},
     [f"{F}:row 2:column people: each entry of 'people' is written name | affiliation | role; "
      "'Ann Lee | NYU | Lecturer | 2020' has 4 parts"]),
    ("person-without-name", [r(people="Ann Lee; | NYU | Lecturer")], {},
     [f"{F}:row 2:column people: missing required field 'name'"]),
    ("link-without-label", [r(links="https://example.org/a.pdf")], {},
     [f"{F}:row 2:column links: missing required field 'label'"]),
    ("link-bad-url-and-kind", [r(links="ftp://example.org/a.pdf | PDF | | document")], {},
     [f"{F}:row 2:column links: 'url' must start with http:// or https://, found 'ftp://example.org/a.pdf'",
      f"{F}:row 2:column links: 'kind' must be one of audio, pdf, video, transcript, slides, web; found 'document'"]),
    ("no-sources", [r(sources="")], {}, [f"{F}:row 2: missing required field 'sources'"]),
    ("source-not-a-web-address", [r(sources="https://example.org/a; Director's report, October 2020 | Report")], {},
     [f"{F}:row 2:column sources: 'url' must start with http:// or https://, found 'Director's report, October 2020'"]),
    ("source-bad-checked-date", [r(sources="https://example.org/a | Page | 30/11/2026")], {},
     [f"{F}:row 2:column sources: 'checked' must be a date written YYYY, YYYY-MM or YYYY-MM-DD; found '30/11/2026'"]),
    ("translation-bad-language", [r(**{"title.english": "Place Value"})], {},
     [f"{F}:row 2:column title.english: 'english' in 'title' is not an ISO 639-1 language code; "
      "did you mean 'en'?"]),
    ("translation-repeats-first-language", [r(**{"title.en": "Place Value"})], {},
     [f"{F}:row 2:column title.en: 'title.en' repeats column 'title', which holds the en text (the first of "
      "'languages'); keep one of them"]),
    ("translation-too-long", [r(languages="en; fr", **{"summary.fr": "x" * 301})], {},
     [f"{F}:row 2:column summary.fr: 'summary.fr' is 301 characters long; the limit is 300"]),
    ("several-problems-sorted", [r(), r(title="Other", url="javascript:x", level="beginner", topics="nope")], {},
     [f"{F}:row 3:column url: 'url' must start with http:// or https://, found 'javascript:x'",
      f"{F}:row 3:column topics: 'nope' is not a term of catalog/vocabularies/topics.yml; known: climate-change, "
      "urban-planning",
      f"{F}:row 3:column level: 'level' must be one of introductory, intermediate, advanced; found 'beginner'"]),
    # -- across rows and files
    ("duplicate-id-in-sheet", [r(id="place-value"), r(id="place-value", title="Other", url=OTHER_URL)], {},
     [f"{F}:row 3:column id: this id is already used by row 2"]),
    ("existing-id", [r(id="place-value", title="Other", url=OTHER_URL)], EXISTING,
     [f"{F}:row 2:column id: this id is already used by catalog/products/place-value.yml"]),
    ("duplicate-title-in-sheet", [r(), r(title="place  VALUE", url=OTHER_URL)], {},
     [f"{F}:row 3:column title: this title is already used by row 2"]),
    ("duplicate-translated-title", [r(), r(title="Other", url=OTHER_URL, languages="en; fr",
                                           **{"title.fr": "Place value"})], {},
     [f"{F}:row 3:column title.fr: this title is already used by row 2"]),
    ("existing-title", [r(url=OTHER_URL)], EXISTING,
     [f"{F}:row 2:column title: this title is already used by catalog/products/place-value.yml"]),
    ("duplicate-url-in-sheet", [r(), r(title="Other", url="http://www.example.org/place-value/")], {},
     [f"{F}:row 3:column url: this url is already used by row 2"]),
    ("existing-url", [r(title="Other")], EXISTING,
     [f"{F}:row 2:column url: this url is already used by catalog/products/place-value.yml"]),
    ("related-to-nothing", [*TWO[:1], r(title="Other", url=OTHER_URL, related="place-valu; nowhere")], {},
     [f"{F}:row 3:column related: 'related' names product 'place-valu', which does not exist "
      "(no catalog/products/place-valu.yml and no row with this id); did you mean 'place-value'?",
      f"{F}:row 3:column related: 'related' names product 'nowhere', which does not exist "
      "(no catalog/products/nowhere.yml and no row with this id); did you mean 'other'?"]),
    ("related-to-itself", [r(related="place-value")], {},
     [f"{F}:row 2:column related: 'related' names the product itself"]),
]


@pytest.mark.parametrize(("sheet", "files", "expected"), [c[1:] for c in PROBLEMS], ids=[c[0] for c in PROBLEMS])
def test_problem(project: Path, capsys: pytest.CaptureFixture[str], sheet: str | list[dict[str, str]],
                 files: dict[str, str], expected: list[str]) -> None:
    """A bad sheet yields exactly the expected lines, exit code 1, and no new file."""
    result = run_import(project, capsys, sheet, files=files)
    noun = "problem" if len(expected) == 1 else "problems"
    assert result.err == [*expected, f"{len(expected)} {noun} in {F}; nothing was written."]
    assert (result.code, result.out) == (1, "")
    assert sorted(written(project)) == (["place-value"] if files else [])
    if files:
        assert (project / "catalog/products/place-value.yml").read_text() == textwrap.dedent(PRODUCT)


# -- what valid cells become ----------------------------------------------------------------

ACCEPTED = [
    ("people", [r(people="Shlomo Angel | New York University | Lecturer; Jane Doe | | Moderator;Ann Lee;")],
     {"people": [{"name": "Shlomo Angel", "affiliation": "New York University", "role": "Lecturer"},
                 {"name": "Jane Doe", "role": "Moderator"}, {"name": "Ann Lee"}]}),
    ("escaped-separators", [r(people=r"Smith\; Jones | Lab A\|B | Co\\chair")],
     {"people": [{"name": "Smith; Jones", "affiliation": "Lab A|B", "role": "Co\\chair"}]}),
    ("links", [r(links="https://example.org/a.mp3 | Audio (MP3) | | audio; "
                       "https://example.org/fr.pdf | Guide (PDF) | fr | pdf; https://example.org/x | Page")],
     {"links": [{"url": "https://example.org/a.mp3", "label": "Audio (MP3)", "kind": "audio"},
                {"url": "https://example.org/fr.pdf", "label": "Guide (PDF)", "language": "fr", "kind": "pdf"},
                {"url": "https://example.org/x", "label": "Page"}]}),
    ("sources", [r(sources="https://example.org/lecture | Global Urban Lectures s06e03 | 2026-11-30; "
                           r"https://example.org/news | News: lectures \| season 6; https://example.org/p | | 2026-11")],
     {"sources": [{"url": "https://example.org/lecture", "title": "Global Urban Lectures s06e03", "checked": "2026-11-30"},
                  {"url": "https://example.org/news", "title": "News: lectures | season 6"},
                  {"url": "https://example.org/p", "checked": "2026-11"}]}),
    ("translations", [r(languages="en; fr", **{"title.fr": "La valeur des lieux", "summary.fr": "Résumé."})],
     {"title": {"en": "Place Value", "fr": "La valeur des lieux"},
      "summary": {"en": BASE["summary"], "fr": "Résumé."}, "languages": ["en", "fr"]}),
    ("translations-only", [r(title=None, languages="fr; en", **{"title.en": "Place Value", "title.fr": "Valeur"})],
     {"title": {"en": "Place Value", "fr": "Valeur"}, "languages": ["fr", "en"]}),
    ("booleans", [r(free="No", certificate="YES")], {"free": False, "certificate": True}),
    ("numbers-and-lists", [r(sdgs="11; 13.0;", series="global-urban-lectures", season=" 6 ", episode="3",
                             topics="urban-planning ;climate-change", countries="KE; TZ")],
     {"sdgs": [11, 13], "series": "global-urban-lectures", "season": 6, "episode": 3,
      "topics": ["urban-planning", "climate-change"], "countries": ["KE", "TZ"]}),
    ("empty-cells-are-absent", [r(description="", level="", free="", license="  ")], {}),
    ("multi-line-description", [r(description="First paragraph.\r\n\r\nSecond, with [a link](https://example.org).")],
     {"description": "First paragraph.\n\nSecond, with [a link](https://example.org)."}),
]


@pytest.mark.parametrize(("rows", "expected"), [c[1:] for c in ACCEPTED], ids=[c[0] for c in ACCEPTED])
def test_cells_become_values(project: Path, capsys: pytest.CaptureFixture[str], rows: list[dict[str, str]],
                             expected: dict[str, Any]) -> None:
    """Valid cells become the expected YAML values, in a file the catalogue accepts."""
    result = run_import(project, capsys, rows)
    assert (result.code, result.err) == (0, [])
    assert written(project) == {"place-value": {**BASE_VALUES, **expected}}
    assert check_catalogue(project)[1] == []


@pytest.mark.parametrize(("rows", "files", "ids"), [
    ([r(title="Place Value!", url=OTHER_URL)], EXISTING, ["place-value", "place-value-2"]),
    ([r(title="Lecture"), r(title="Lecture.", url=OTHER_URL)], {}, ["lecture", "lecture-2"]),
    ([r(title="Écoles urbaines: ¿qué?"), r(id="index-2", title="Index", url=OTHER_URL),
      r(title="Index!", url="https://example.org/i")], {}, ["ecoles-urbaines-que", "index-2", "index-3"]),
    ([r(), r(title="Other", url=OTHER_URL, related="place-value")], {}, ["other", "place-value"]),
], ids=["existing-file", "within-sheet", "ascii-reserved-and-explicit", "related-to-another-row"])
def test_ids(project: Path, capsys: pytest.CaptureFixture[str], rows: list[dict[str, str]], files: dict[str, str],
             ids: list[str]) -> None:
    """Ids are proposed from titles as new, unique ASCII slugs; rows may relate to each other."""
    assert run_import(project, capsys, rows, files=files).code == 0
    assert sorted(written(project)) == ids
    assert [p for p in check_catalogue(project)[1] if p.severity == "error"] == []  # PRODUCT has no duration


def test_dry_run_prints_and_writes_nothing(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--dry-run prints each file's path and content and writes nothing."""
    result = run_import(project, capsys, [r(people="Ann Lee | | Lecturer")], "--dry-run")
    assert (result.code, result.err) == (0, [])
    assert result.out == textwrap.dedent("""\
        --- catalog/products/place-value.yml
        # yaml-language-server: $schema=../../docs/schema/product.json
        # Imported from products.csv, row 2.
        title: Place Value
        summary: How the governance of urban design shapes the value of places.
        url: https://example.org/place-value
        format: video-lecture
        provider: un-habitat
        topics:
          - urban-planning
        audiences:
          - local-government
        languages:
          - en
        duration: PT15M
        people:
          - name: Ann Lee
            role: Lecturer
        sources:
          - url: https://example.org/about-place-value

        Would write 1 product file to catalog/products/ (dry run: nothing written).
        """)
    assert not (project / "catalog/products").exists()


def test_never_overwrites(tmp_path: Path) -> None:
    """If one file exists already, no file is written and the existing one is unchanged."""
    (tmp_path / "catalog/products").mkdir(parents=True)
    (tmp_path / "catalog/products/b.yml").write_text("mine\n")
    planned = [PlannedFile(row=2, id="a", values={"title": "A"}), PlannedFile(row=3, id="b", values={"title": "B"})]
    with pytest.raises(FileExistsError, match=r"^catalog/products/b.yml already exists; nothing was written$"):
        write_products(tmp_path, planned, F)
    assert sorted(p.name for p in (tmp_path / "catalog/products").iterdir()) == ["b.yml"]
    assert (tmp_path / "catalog/products/b.yml").read_text() == "mine\n"


def test_existing_catalogue_with_errors_stops(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Problems of the catalogue itself are reported first, and nothing is imported."""
    result = run_import(project, capsys, [r(title="Other", url=OTHER_URL)],
                        files={"products/place-value.yml": PRODUCT.replace("urban-planning", "nope")})
    assert result.code == 1
    assert result.err == [
        "catalog/products/place-value.yml:6:10: LP301 'nope' is not a term of catalog/vocabularies/topics.yml; "
        "known: climate-change, urban-planning",
        "The catalogue has errors; fix them before importing. Nothing was written.",
    ]
    assert sorted(written(project)) == ["place-value"]


@pytest.mark.parametrize(("name", "content", "expected"), [
    ("missing.csv", None, "missing.csv: no such file"),
    ("products.ods", b"x", "products.ods: cannot read '.ods' files; save the sheet as .csv (CSV UTF-8) or .xlsx"),
    ("products", b"x", "products: cannot read 'products' files; save the sheet as .csv (CSV UTF-8) or .xlsx"),
    ("latin1.csv", "title\nCaf\xe9\n".encode("latin-1"),
     "latin1.csv: the file is not UTF-8 text (byte 0xe9 on line 2); save it as 'CSV UTF-8 (comma delimited)'"),
    ("broken.xlsx", b"not a zip",
     "broken.xlsx: cannot be read as an .xlsx workbook (File is not a zip file)"),
])
def test_unreadable_file_is_a_usage_error(project: Path, capsys: pytest.CaptureFixture[str], name: str,
                                          content: bytes | None, expected: str) -> None:
    """A file that is missing, of another type, or not UTF-8 gives exit code 2 and one line."""
    if content is not None:
        (project / name).write_bytes(content)
    assert main([name]) == 2
    assert capsys.readouterr().err.splitlines() == [expected]


def test_usage(capsys: pytest.CaptureFixture[str]) -> None:
    """Without a file, argparse prints the usage and exits with 2."""
    with pytest.raises(SystemExit) as info:
        main([])
    assert info.value.code == 2
    assert capsys.readouterr().err.splitlines()[0] == (
        "usage: python -m learning_catalog import FILE [--root ROOT] [--dry-run]")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig"])
def test_csv_with_or_without_bom(tmp_path: Path, encoding: str) -> None:
    """A byte-order mark (as Excel writes) does not become part of the first header."""
    (tmp_path / "p.csv").write_text("id,title\r\nx,\"Two\r\nlines\"\r\n\r\n", encoding=encoding)
    table = read_table(tmp_path / "p.csv")
    assert (table.header, table.rows) == (["id", "title"], [(2, ["x", "Two\nlines"])])


# -- round trip ----------------------------------------------------------------------------

REAL = sorted((ROOT / "catalog/products").glob("*.yml"))


def as_yaml_reads_it(values: dict[str, Any]) -> dict[str, Any]:
    """Undo what YAML itself does to a value that the sheet cannot (and need not) say.

    An unquoted year (``published: 2020``) is read by YAML as a number, which the contract
    accepts as the same date; a block scalar (``|``) keeps a final line break, which the
    contract strips. The sheet gives the text '2020' and no final line break.
    """
    dates = [f.name for f in schema.PRODUCT.fields if isinstance(f.kind, schema.Date)]
    result = {k: str(v) if k in dates and isinstance(v, int) else v for k, v in values.items()}
    return {k: v.strip() if isinstance(v, str) else v for k, v in result.items()}


@pytest.mark.parametrize("path", REAL, ids=[p.stem for p in REAL])
def test_round_trip_real_products(path: Path) -> None:
    """Every real product survives YAML values -> row -> YAML values unchanged."""
    values = as_yaml_reads_it(yaml.safe_load(path.read_text(encoding="utf-8")))
    assert row_to_record(record_to_row(values)) == values


SYNTHETIC = {
    "translations-after-first-language": {
        **BASE_VALUES, "languages": ["fr", "en"],
        "title": {"fr": "La valeur", "en": "Place Value", "ar": "قيمة المكان"},
    },
    "translations-not-starting-with-first-language": {**BASE_VALUES, "languages": ["fr", "en"],
                                                      "summary": {"en": "Value.", "fr": "Valeur."}},
    "one-entry-mapping": {**BASE_VALUES, "languages": ["en"], "description": {"en": "Only *one* language."}},
    "separators-in-values": {**BASE_VALUES, "people": [{"name": "A; B", "role": "x | y \\ z"}, {"name": "C"}],
                             "links": [{"url": "https://example.org/a;b", "label": "L", "kind": "pdf"}],
                             "sources": [{"url": "https://example.org/s;1", "title": "A | B; C", "checked": "2026"}]},
    "every-scalar-kind": {**BASE_VALUES, "id": "place-value", "free": False, "certificate": True, "sdgs": [1, 17],
                          "season": 2, "episode": 10, "related": ["a", "b"], "status": "archived",
                          "published": "2020-07", "license": "CC BY 4.0", "duration": "P6W"},
}


@pytest.mark.parametrize("values", SYNTHETIC.values(), ids=SYNTHETIC.keys())
def test_round_trip_edge_cases(values: dict[str, Any]) -> None:
    """Translations, separators inside values and every kind of scalar survive the round trip, in order."""
    back = row_to_record(record_to_row(values))
    assert back == values
    assert [list(v) for v in back.values() if isinstance(v, dict)] == [
        list(v) for v in values.values() if isinstance(v, dict)]


def test_columns_follow_the_contract() -> None:
    """The columns are the contract's product fields in its order, id first; the harvest's provenance (a nested
    mapping that only `make harvest` writes) has no column."""
    assert COLUMNS == tuple(f.name for f in schema.PRODUCT.fields if f.name != "harvest")
    assert COLUMNS[0] == "id"
    assert list(record_to_row({})) == list(COLUMNS)


# -- templates -----------------------------------------------------------------------------

TEMPLATES = ROOT / "docs/contribute"


def test_csv_template_is_up_to_date() -> None:
    """docs/contribute/products-template.csv is what the code writes (regenerate with write_templates())."""
    assert (TEMPLATES / "products-template.csv").read_text(encoding="utf-8-sig") == template_csv()
    header, example = template_rows()
    values = yaml.safe_load((ROOT / "catalog/products/making-natures-city.yml").read_text(encoding="utf-8"))
    assert row_to_record(dict(zip(header, example, strict=True))) == {"id": "making-natures-city", **values}


def test_xlsx_template(tmp_path: Path) -> None:
    """The XLSX template: same rows as the CSV, bold frozen header, and a sheet documenting every column."""
    write_template_xlsx(tmp_path / "t.xlsx")
    for path in (tmp_path / "t.xlsx", TEMPLATES / "products-template.xlsx"):
        workbook = openpyxl.load_workbook(path)
        assert workbook.sheetnames == ["Products", "Columns"]
        products, columns = workbook["Products"], workbook["Columns"]
        assert [[c or "" for c in row] for row in products.iter_rows(values_only=True)] == template_rows()
        assert [[c or "" for c in row] for row in columns.iter_rows(values_only=True)] == column_docs()
        assert products.freeze_panes == "A2" and products["A1"].font.b and not products["A2"].font.b
        assert [row[0] for row in column_docs()[1:len(COLUMNS) + 1]] == list(COLUMNS)
        assert products.column_dimensions["C"].width == 60
    # The same contract writes the same bytes (no time inside), so the committed template changes only with it.
    assert (tmp_path / "t.xlsx").read_bytes() == (TEMPLATES / "products-template.xlsx").read_bytes()
