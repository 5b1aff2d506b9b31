"""`make import FILE=products.csv`: turn a spreadsheet (CSV or XLSX) into product files.

UN-Habitat maps its learning products through surveys and spreadsheets. A batch arrives
as a table with one product per row; this module checks every row with the catalogue's
own contract and, only if every row is valid, writes one ``catalog/products/<id>.yml``
per row. It never overwrites a file.

Columns (the header row names them; any order, only the required ones must be present):

* ``id``: the file name; if empty it is proposed from the title (lowercase ASCII,
  hyphens, made unique).
* one column per product field of the contract, in its order (:data:`COLUMNS`):
  ``title``, ``summary``, ``url``, ``format``, ``provider``, ``topics``,
  ``audiences``, ``languages``, ``description``, ``partners``, ``sdgs``,
  ``published``, ``updated``, ``duration``, ``level``, ``mode``, ``free``,
  ``certificate``, ``series``, ``season``, ``episode``, ``people``, ``countries``,
  ``links``, ``related``, ``license``, ``status``, ... (every field the contract has).
* translations of the text fields (``title``, ``summary``, ``description``): extra
  columns ``title.fr``, ``summary.es``, ``description.ar``. With a translation, the
  ``title`` cell is the text in the first of ``languages``; the file gets a mapping
  ``{en: ..., fr: ...}``. Only translation cells (no ``title`` cell) give a mapping in
  column order.

Cells:

* An empty cell means the field is absent; whitespace around a cell is ignored.
* List fields (``topics``, ``audiences``, ``languages``, ``partners``, ``sdgs``,
  ``countries``, ``related``) hold several values separated by ``;``.
* ``people``: people separated by ``;``, each ``Name | Affiliation | Role``
  (affiliation and role optional). ``links``: links separated by ``;``, each
  ``url | label | language | kind`` (language and kind optional; leave a part empty to
  skip it: ``url | label | | pdf``). ``sources`` (required): the pages the facts come
  from, separated by ``;``, each ``url | title | checked`` (title and checked optional).
* In list cells, ``\\;``, ``\\|`` and ``\\\\`` stand for a literal ``;``, ``|`` and ``\\``.
* ``free`` and ``certificate``: ``true``, ``false``, ``yes`` or ``no`` (any case).
* ``sdgs``, ``season``, ``episode``: whole numbers. Anything else stays text, so that
  the contract reports it with its usual message.
* In an XLSX workbook a date cell counts as ``YYYY-MM-DD`` and a whole number as that
  number.

Problems are reported as ``products.csv:row 7:column languages: <the contract's
message>``: rows are numbered as the spreadsheet shows them (the header is row 1).

`row_to_record` and `record_to_row` convert between a row and a product's
values; for every valid product ``row_to_record(record_to_row(values)) == values``.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import datetime
import difflib
import io
import os
import sys
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import yaml

from .. import check_catalogue
from ..contract import schema
from ..contract.loader import title_keys, url_keys
from ..contract.model import Catalogue
from ..contract.problems import Collector, Position, Problem
from ..contract.table import (
    COLUMNS,
    FIELDS,
    LIST_SEPARATOR,
    TRANSLATABLE,
    Converted,
    cell_text,
    clean_cell,
    convert,
    record_to_row,
    row_to_record,
)
from ..contract.yamlsafe import Document
from ..contract.yamlsafe import Path as ValuePath
from .files import UnsafePath, inside, write_all
from .scaffold import propose_id
from .yamlwrite import product_file

__all__ = ["COLUMNS", "PlannedFile", "SheetProblem", "Table", "check_table", "column_docs", "main", "read_table",
           "record_to_row", "row_to_record", "template_csv", "template_rows", "write_products", "write_templates"]

PROG = "python -m learning_catalog import"
SUPPORTED = (".csv", ".xlsx")
PRODUCTS_FOLDER = "catalog/products"
TEMPLATE_EXAMPLE = "making-natures-city"
"""The real product whose values fill the example row of the templates."""
TEMPLATE_FOLDER = "docs/contribute"

_PROJECT = Path(__file__).resolve().parents[3]


class SpreadsheetError(Exception):
    """The file cannot be read as a spreadsheet at all (a usage error: exit code 2)."""


@dataclasses.dataclass(frozen=True, kw_only=True)
class Table:
    """The cells of a spreadsheet, as text: the header row and the product rows."""

    header: list[str]
    rows: list[tuple[int, list[str]]]
    """(row number as the spreadsheet shows it, cells); fully empty rows are left out."""


@dataclasses.dataclass(frozen=True, kw_only=True, order=True)
class SheetProblem:
    """One problem of one cell (or row) of the spreadsheet."""

    row: int
    index: int = 0
    """1-based column index, for sorting; 0 when the problem is about the whole row."""
    column: str | None = dataclasses.field(default=None, compare=False)
    """The column's header, as the sheet writes it."""
    message: str = dataclasses.field(default="", compare=False)

    def format(self, file_name: str) -> str:
        """Render as ``products.csv:row 7:column languages: message``."""
        where = f"row {self.row}" + (f":column {self.column}" if self.column is not None else "")
        return f"{file_name}:{where}: {self.message}"


@dataclasses.dataclass(frozen=True, kw_only=True)
class PlannedFile:
    """A product file the import will write."""

    row: int
    id: str
    values: dict[str, Any]
    """The product's fields as they go into the YAML file (without ``id``: the file name is the id)."""

    @property
    def path(self) -> str:
        """Where the file goes, relative to the project folder."""
        return f"{PRODUCTS_FOLDER}/{self.id}.yml"


# --------------------------------------------------------------------------------------
# Reading files.


def read_table(path: Path, name: str | None = None) -> Table:
    """Read the first sheet of a ``.csv`` (UTF-8, with or without BOM) or ``.xlsx`` file.

    Args:
        path: The file.
        name: How to call the file in messages (default: ``path`` as given).

    Returns:
        The header row and the non-empty rows, every cell as trimmed text.

    Raises:
        SpreadsheetError: If the file is missing, of another type, or unreadable.
    """
    name = name or str(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise SpreadsheetError(
            f"{name}: cannot read '{path.suffix or path.name}' files; save the sheet as .csv (CSV UTF-8) or .xlsx"
        )
    if not path.is_file():
        raise SpreadsheetError(f"{name}: no such file")
    if path.stat().st_size > MAX_BYTES:
        raise SpreadsheetError(f"{name}: the file is larger than {MAX_BYTES // 1_000_000} MB; split it")
    return table_from_bytes(path.read_bytes(), suffix, name)


def table_from_bytes(data: bytes, suffix: str, name: str, charset: str = "utf-8-sig") -> Table:
    """Read the first sheet of a ``.csv`` or ``.xlsx`` file's bytes (a spreadsheet published at a URL, too).

    Raises:
        SpreadsheetError: If the bytes cannot be read as such a file.
    """
    rows = _csv_rows(data, name, charset) if suffix == ".csv" else _xlsx_rows(data, name)
    cleaned = [[clean_cell(cell) for cell in row] for row in rows]
    header = cleaned[0] if cleaned else []
    body = [(number, cells) for number, cells in enumerate(cleaned[1:], start=2) if any(cells)]
    return Table(header=header, rows=body)


MAX_ROWS = 10_000
"""Product rows an import takes at a time (the header row aside)."""
MAX_COLUMNS = 500
MAX_BYTES = 50_000_000
"""The largest spreadsheet, as a CSV file or as a workbook's unpacked content."""


def _bounded(rows: Iterable[Sequence[Any]], name: str) -> list[list[Any]]:
    """The rows, as long as the sheet stays within MAX_ROWS and MAX_COLUMNS (else SpreadsheetError)."""
    result = []
    for number, row in enumerate(rows, start=1):
        if number > MAX_ROWS + 1:
            raise SpreadsheetError(f"{name}: the sheet goes on beyond row {MAX_ROWS + 1:,}; import at most "
                                   f"{MAX_ROWS:,} products at a time")
        if len(row) > MAX_COLUMNS and any(cell not in (None, "") for cell in row[MAX_COLUMNS:]):
            raise SpreadsheetError(f"{name}: row {number} has values beyond column {MAX_COLUMNS}; the import reads "
                                   f"at most {MAX_COLUMNS} columns")
        result.append(list(row[:MAX_COLUMNS]))
    return result


def _csv_rows(data: bytes, name: str, charset: str = "utf-8-sig") -> list[list[str]]:
    if len(data) > MAX_BYTES:
        raise SpreadsheetError(f"{name}: the file is larger than {MAX_BYTES // 1_000_000} MB; split it")
    try:
        text = data.decode(charset)
    except UnicodeDecodeError as exc:
        row = data[: exc.start].count(b"\n") + 1
        raise SpreadsheetError(
            f"{name}: the file is not UTF-8 text (byte 0x{data[exc.start]:02x} on line {row}); "
            "save it as 'CSV UTF-8 (comma delimited)'"
        ) from None
    try:
        return _bounded(csv.reader(io.StringIO(text, newline="")), name)
    except csv.Error as exc:
        raise SpreadsheetError(f"{name}: cannot be read as CSV: {exc}") from None


def _xlsx_rows(data: bytes, name: str) -> list[list[str]]:
    """The first sheet's rows, read as they are stored: sparse, and within the import's bounds, whatever the
    workbook says its dimensions are (a single cell at XFD1048576 would otherwise fill a grid of 17 billion
    cells); its XML read by defusedxml, which refuses entity declarations."""
    import xml.etree.ElementTree as ET

    import openpyxl  # imported here: only `import` of an .xlsx file needs it
    from defusedxml import DefusedXmlException
    from openpyxl.utils.exceptions import InvalidFileException

    def unreadable(reason: object) -> SpreadsheetError:
        return SpreadsheetError(f"{name}: cannot be read as an .xlsx workbook ({reason})")

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
        if unpacked > MAX_BYTES:
            raise SpreadsheetError(f"{name}: the workbook unpacks to {unpacked:,} bytes; the limit is {MAX_BYTES:,}")
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheet = workbook.worksheets[0]
            sheet.reset_dimensions()  # the stored dimensions may lie: read the cells that are there
            return [[_xlsx_cell(value) for value in row]
                    for row in _bounded(sheet.iter_rows(min_row=1, values_only=True), name)]
        finally:
            workbook.close()
    except (ET.ParseError, OSError, zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, IndexError,
            TypeError) as exc:
        cause: BaseException | None = exc  # openpyxl wraps what its XML parser raised in a ValueError
        while cause is not None and not isinstance(cause, DefusedXmlException | ET.ParseError):
            cause = cause.__cause__ or cause.__context__
        if isinstance(cause, DefusedXmlException):
            raise unreadable("it declares XML entities, which the import refuses") from None
        if isinstance(cause, ET.ParseError):
            raise unreadable(f"its XML is not well-formed: {cause}") from None
        raise unreadable(exc) from None


def _xlsx_cell(value: Any) -> str:
    """A workbook cell as text: dates as YYYY-MM-DD, whole numbers without '.0'."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# --------------------------------------------------------------------------------------
# Checking.


def _header_problem(header: str) -> str | None:
    """Why a header cell does not name a column, or None."""
    if header in COLUMNS:
        return None
    base, dot, language = header.partition(".")
    if dot and base in TRANSLATABLE:
        # The language code is checked by the contract, cell by cell.
        return None if language else f"unknown column '{header}'; write a language code after the dot, e.g. '{base}.fr'"
    if LIST_SEPARATOR in header and any(part.strip() in COLUMNS for part in header.split(LIST_SEPARATOR)):
        return (f"unknown column '{header}'; the columns seem to be separated by '{LIST_SEPARATOR}': "
                "save the file as CSV UTF-8 (comma delimited)")
    if dot and base in COLUMNS:
        return (f"unknown column '{header}'; only {', '.join(TRANSLATABLE)} have translation columns, "
                f"e.g. '{TRANSLATABLE[0]}.fr'")
    if dot and (close := difflib.get_close_matches(base, TRANSLATABLE, n=1, cutoff=0.6)):
        return f"unknown column '{header}'; did you mean '{close[0]}.{language}'?"
    return f"unknown column '{header}'{schema.suggest(header, list(COLUMNS))}"


def check_header(table: Table) -> tuple[dict[int, str], list[SheetProblem]]:
    """The usable columns (index -> header) and the problems of the header row.

    Args:
        table: The spreadsheet.

    Returns:
        The columns whose cells are read, by 1-based index, and the header's problems.
    """
    columns: dict[int, str] = {}
    problems: list[SheetProblem] = []
    first_seen: dict[str, int] = {}
    width = max([len(table.header), *(len(cells) for _, cells in table.rows)])
    for index in range(1, width + 1):
        header = table.header[index - 1] if index <= len(table.header) else ""
        if not header:
            if any(index <= len(cells) and cells[index - 1] for _, cells in table.rows):
                problems.append(SheetProblem(row=1, index=index, column=str(index),
                                             message="the column has values but no name in row 1"))
            continue
        if header in first_seen:
            problems.append(SheetProblem(row=1, index=index, column=header,
                                         message=f"column '{header}' is already column {first_seen[header]}"))
            continue
        first_seen[header] = index
        if message := _header_problem(header):
            problems.append(SheetProblem(row=1, index=index, column=header, message=message))
        else:
            columns[index] = header
    if not first_seen:
        problems.append(SheetProblem(row=1, message="the first row must name the columns: "
                                     + ", ".join(f.name for f in schema.PRODUCT.fields if f.required)))
    elif not table.rows:
        problems.append(SheetProblem(row=2, message="there are no product rows below the header row"))
    return columns, problems


@dataclasses.dataclass
class _Row:
    """One product row while it is checked."""

    number: int
    converted: Converted
    ctx: schema.Context
    checked: Any = None
    id: str | None = None

    def position(self, path: ValuePath) -> Position:
        return self.ctx.doc.at(path)


def _document(number: int, converted: Converted, index: dict[str, int]) -> Document:
    """A Document whose positions are (row, column index) of each value."""
    def at(header: str) -> Position:
        return Position(line=number, column=index[header])

    positions = {(): Position(line=number, column=0)}
    positions.update({path: at(header) for path, header in converted.columns.items()})
    keys = {path: at(header) for path, header in converted.columns.items() if len(path) == 2}
    return Document(value=converted.values, positions=positions, key_positions=keys)


def _check_rows(table: Table, columns: dict[int, str], catalogue: Catalogue, collector: Collector) -> list[_Row]:
    """Convert each row and check it with the contract; problems go to ``collector``."""
    index = {header: number for number, header in columns.items()}
    rows = []
    for number, cells in table.rows:
        cell_of = {header: cells[i - 1] if i <= len(cells) else "" for i, header in columns.items()}
        converted = convert(cell_of)
        ctx = schema.Context(doc=_document(number, converted, index), collector=collector,
                             vocabularies=catalogue.vocabularies, series=catalogue.series)
        row = _Row(number=number, converted=converted, ctx=ctx)
        row.checked = schema.PRODUCT.check(converted.values, (), "row", ctx)
        for header, message in converted.problems:
            collector.error(Position(line=number, column=index[header]), "LP501", message)
        for name in ("season", "episode"):
            if name in converted.values and "series" not in converted.values:
                collector.error(row.position((name,)), "LP407", f"'{name}' needs a 'series'")
        rows.append(row)
    return rows


def _assign_ids(rows: list[_Row], catalogue: Catalogue, collector: Collector) -> None:
    """Explicit ids must be new and unique; missing ones are proposed from the title."""
    seen: dict[str, int] = {}
    for row in rows:
        written = row.converted.values.get("id")
        if not isinstance(written, str) or schema.id_problem(written):
            continue  # a missing id is proposed below; a bad one is reported by the contract
        row.id = written
        if written in catalogue.products:
            collector.error(row.position(("id",)), "LP402",
                            f"this id is already used by {catalogue.products[written].source}")
        elif written in seen:
            collector.error(row.position(("id",)), "LP402", f"this id is already used by row {seen[written]}")
        else:
            seen[written] = row.number
    taken = set(catalogue.products) | set(seen)
    for row in rows:
        if "id" not in row.converted.values and (title := _title_text(row.converted.values.get("title"))):
            row.id = propose_id(title, taken)
            taken.add(row.id)


def _title_text(value: Any) -> str | None:
    """The text a proposed id is made from: the title, or its first translation."""
    if isinstance(value, dict):
        value = next(iter(value.values()), None)
    return value if isinstance(value, str) and value else None


def _check_unique(rows: list[_Row], catalogue: Catalogue, collector: Collector) -> None:
    """No two rows, and no row and existing product, share a title or a url."""
    for field, keys, code in (("title", title_keys, "LP403"), ("url", url_keys, "LP404")):
        seen: dict[str, str] = {}
        for product in catalogue.products.values():
            value = dict(product.title.values) if field == "title" else product.url
            seen.update({key: product.source for _, key in keys(value)})
        for row in rows:
            value = row.checked.get(field) if isinstance(row.checked, dict) else None
            if value is None:
                continue
            for language, key in keys(value):
                path = (field,) if language is None else (field, language)
                if key in seen:
                    collector.error(row.position(path), code, f"this {field} is already used by {seen[key]}")
                else:
                    seen[key] = f"row {row.number}"


def _check_references(rows: list[_Row], catalogue: Catalogue, collector: Collector) -> None:
    """``related`` names an existing product or another row's id, never its own row."""
    ids = set(catalogue.products) | {row.id for row in rows if row.id}
    for row in rows:
        for position, field, ref in row.ctx.references:
            if ref == row.id:
                collector.error(position, "LP410", f"'{field}' names the product itself")
            elif ref not in ids:
                collector.error(position, "LP405",
                                f"'{field}' names product '{ref}', which does not exist "
                                f"(no {PRODUCTS_FOLDER}/{ref}.yml and no row with this id)"
                                f"{schema.suggest(ref, sorted(ids))}")


def _sheet_problem(problem: Problem, headers: dict[int, str]) -> SheetProblem:
    column = problem.position.column
    return SheetProblem(row=problem.position.line, index=column, column=headers.get(column), message=problem.message)


def check_table(table: Table, catalogue: Catalogue, file_name: str) -> tuple[list[PlannedFile], list[SheetProblem]]:
    """Check every row as the catalogue checks a product file, plus the checks across rows and files.

    Args:
        table: The spreadsheet.
        catalogue: The existing, valid catalogue (its vocabularies, series and products).
        file_name: How to call the spreadsheet in messages.

    Returns:
        The files to write (only meaningful when there is no problem) and every problem, sorted by
        row and column.
    """
    columns, problems = check_header(table)
    collector = Collector(file_name)
    rows = _check_rows(table, columns, catalogue, collector)
    _assign_ids(rows, catalogue, collector)
    _check_unique(rows, catalogue, collector)
    _check_references(rows, catalogue, collector)
    problems += [_sheet_problem(problem, columns) for problem in collector.problems]
    planned = [
        PlannedFile(row=row.number, id=row.id,
                    values={k: v for k, v in row.converted.values.items() if k != "id"})
        for row in rows if row.id
    ]
    return planned, sorted(problems)


# --------------------------------------------------------------------------------------
# Writing.


def file_text(planned: PlannedFile, file_name: str) -> str:
    """The YAML text of a planned product file, with where it came from on top."""
    return product_file(planned.values, [f"Imported from {file_name}, row {planned.row}."])


def write_products(root: Path, planned: Sequence[PlannedFile], file_name: str) -> list[Path]:
    """Write the product files; nothing is written if any of them exists already.

    Args:
        root: The project folder.
        planned: The files to write.
        file_name: The spreadsheet's name, for the comment on top of each file.

    Returns:
        The files written.

    Raises:
        FileExistsError: If a file exists already (then no file is written).
    """
    paths = [root / item.path for item in planned]
    if existing := [item.path for item, path in zip(planned, paths, strict=True) if os.path.lexists(path)]:
        raise FileExistsError(f"{existing[0]} already exists; nothing was written")
    return write_all(root, [(path, file_text(item, file_name)) for item, path in zip(planned, paths, strict=True)],
                     exclusive=True)


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m learning_catalog import FILE``; returns the exit code (0 ok, 1 problems, 2 usage)."""
    parser = argparse.ArgumentParser(
        prog=PROG,
        usage="%(prog)s FILE [--root ROOT] [--dry-run]",
        description="Check a spreadsheet of products (.csv or .xlsx, one product per row) and write one "
                    f"{PRODUCTS_FOLDER}/<id>.yml per row; nothing is written if any row has a problem.",
    )
    parser.add_argument("file", metavar="FILE", help="the spreadsheet: .csv (UTF-8) or .xlsx (first sheet)")
    parser.add_argument("--root", default=".", help="project folder that holds catalog/ (default: .)")
    parser.add_argument("--dry-run", action="store_true", help="print the files instead of writing them")
    args = parser.parse_args(argv)
    root, name = Path(args.root), args.file
    try:
        table = read_table(Path(args.file), name)
    except SpreadsheetError as exc:
        print(exc, file=sys.stderr)
        return 2
    catalogue, existing_problems = check_catalogue(root)
    if catalogue is None:
        _print_lines((str(p) for p in existing_problems), sys.stderr)
        print("The catalogue has errors; fix them before importing. Nothing was written.", file=sys.stderr)
        return 1
    planned, problems = check_table(table, catalogue, name)
    if problems:
        _print_lines((p.format(name) for p in problems), sys.stderr)
        print(f"{_plural(len(problems), 'problem')} in {name}; nothing was written.", file=sys.stderr)
        return 1
    if args.dry_run:
        for item in planned:
            print(f"--- {item.path}\n{file_text(item, name)}")
        print(f"Would write {_plural(len(planned), 'product file')} to {PRODUCTS_FOLDER}/ (dry run: nothing written).")
        return 0
    try:
        write_products(root, planned, name)
    except (FileExistsError, UnsafePath) as exc:
        print(f"{exc}; nothing was written" if isinstance(exc, UnsafePath) else exc, file=sys.stderr)
        return 1
    print(f"Wrote {_plural(len(planned), 'product file')} to {PRODUCTS_FOLDER}/.")
    return 0


def _print_lines(lines: Iterable[str], stream: Any) -> None:
    for line in lines:
        print(line, file=stream)


# --------------------------------------------------------------------------------------
# Templates.


def template_rows(root: Path = _PROJECT) -> list[list[str]]:
    """The template's rows: the header (:data:`COLUMNS`) and the example product's row."""
    path = root / PRODUCTS_FOLDER / f"{TEMPLATE_EXAMPLE}.yml"
    values = yaml.safe_load(path.read_text(encoding="utf-8"))
    row = record_to_row(values, product_id=TEMPLATE_EXAMPLE)
    return [list(COLUMNS), [row[column] for column in COLUMNS]]


def template_csv(root: Path = _PROJECT) -> str:
    """The CSV template's text (header and example row)."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(template_rows(root))
    return out.getvalue()


def write_template_csv(path: Path, root: Path = _PROJECT) -> None:
    """Write the CSV template, with a byte-order mark so that Excel opens it as UTF-8.

    Args:
        path: Where to write it.
        root: The project whose example product fills the example row.
    """
    path.write_text(template_csv(root), encoding="utf-8-sig")


def column_docs(root: Path = _PROJECT) -> list[list[str]]:
    """One row per column: name, required, what it holds, example (the template's second sheet)."""
    header, example = template_rows(root)
    examples = dict(zip(header, example, strict=True))
    rows = [["column", "required", "what it holds", "example"]]
    for field in FIELDS:
        rows.append([field.name, _required(field), _what(field), examples[field.name] or _example(field)])
    rows.append([", ".join(f"{name}.<language>" for name in TRANSLATABLE), "no",
                 f"A translation of {', '.join(TRANSLATABLE)} into the language whose ISO 639-1 code follows "
                 "the dot; the plain column then holds the text in the first of 'languages'.",
                 "title.fr: La ville de la nature"])
    return rows


def _required(field: schema.Field) -> str:
    if field.required:
        return "yes"
    if field.default is not None:
        return f"no (empty: {cell_text(field.kind, field.default)})"
    return "no"


def _what(field: schema.Field) -> str:
    """A field's documentation and how its cell is written."""
    if field.name == "id":
        doc = f"The file name: {PRODUCTS_FOLDER}/<id>.yml. Empty: proposed from the title."
    else:
        doc = field.doc.replace("`", "")
    kind = field.kind
    if isinstance(kind, schema.ListOf) and isinstance(kind.item, schema.Record):
        layout = " | ".join(f.name for f in kind.item.fields)
        required = " and ".join(f.name for f in kind.item.fields if f.required)
        hint = f"Entries separated by ;, each written {layout} ({required} required; leave a part empty to skip it)."
    elif isinstance(kind, schema.ListOf):
        hint = "Several values separated by ;."
    elif isinstance(kind, schema.Bool):
        hint = "true or false (or yes, no)."
    elif isinstance(kind, schema.Choice):
        hint = f"One of: {', '.join(kind.choices)}."
    elif isinstance(kind, schema.Date):
        hint = "Format the column as text, so that the spreadsheet keeps YYYY-MM as written."
    elif isinstance(kind, schema.Text):
        hint = f"Translations go in extra columns such as {field.name}.fr."
    else:
        hint = ""
    return f"{doc} {hint}".strip()


def _example(field: schema.Field) -> str:
    """An example cell from the contract's example (written as YAML), or the first choice."""
    if field.example:
        return cell_text(field.kind, yaml.safe_load(field.example))
    if isinstance(field.kind, schema.Choice):
        return field.kind.choices[0]
    if isinstance(field.kind, schema.Bool):
        return cell_text(field.kind, not field.default)
    return ""


def write_template_xlsx(path: Path, root: Path = _PROJECT) -> None:
    """Write the XLSX template: a "Products" sheet (header and example row) and a "Columns" sheet.

    Args:
        path: Where to write it.
        root: The project whose example product fills the example row.
    """
    import openpyxl
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = openpyxl.Workbook()
    products = workbook.active
    products.title = "Products"
    columns = workbook.create_sheet("Columns")
    for sheet, rows in ((products, template_rows(root)), (columns, column_docs(root))):
        for row in rows:
            sheet.append(row)
        for cells in sheet.iter_rows():
            for cell in cells:
                cell.data_type = "s"  # text, never a formula, whatever it starts with
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        longest = max(len(line) for cell in products[letter] for line in str(cell.value or "").splitlines() or [""])
        products.column_dimensions[letter].width = min(max(longest, len(column), 6) + 2, 60)
        products.column_dimensions[letter].number_format = "@"  # text: a typed 2020-07 stays as written
        for cell in products[letter]:
            cell.number_format = "@"
    for letter, width in zip("ABCD", (28, 18, 80, 50), strict=True):
        columns.column_dimensions[letter].width = width
        for cell in columns[letter][1:]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    workbook.save(path)
    _reproducible(path)


def _reproducible(path: Path) -> None:
    """Rewrite a saved workbook without the moment it was written (the zip's entry times, the optional
    ``dcterms:created``/``modified`` of ``docProps/core.xml``), so that the same contract writes the same bytes."""
    import re
    import zipfile

    with zipfile.ZipFile(path) as archive:
        entries = [(info.filename, archive.read(info)) for info in archive.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            if name == "docProps/core.xml":
                data = re.sub(rb"<dcterms:(created|modified)[^>]*>[^<]*</dcterms:\1>", b"", data)
            archive.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), data,
                             compress_type=zipfile.ZIP_DEFLATED)


def write_templates(root: Path = _PROJECT) -> list[Path]:
    """Write ``docs/contribute/products-template.csv`` and ``.xlsx`` (run after changing the contract)."""
    folder = root / TEMPLATE_FOLDER
    paths = [inside(root, folder / "products-template.csv"), inside(root, folder / "products-template.xlsx")]
    write_template_csv(paths[0], root)
    write_template_xlsx(paths[1], root)
    return paths
