"""``kind: csv`` and ``kind: xlsx``: a spreadsheet published at a URL, in the spreadsheet import's columns.

The columns and cells are those of ``make import`` (``docs/contribute/products-template.csv``; the same code
reads them). A Google Sheets address is rewritten to its CSV export. Each row is a record identified by its
``url``; vocabulary cells (``format``, ``provider``, ``topics``...) may hold this catalogue's terms or the
partner's own words, which the source's mapping tables translate. A CSV is read as UTF-8 unless the server
declares another charset. An ``.xlsx`` file is refused if it would unpack to more than ``max_bytes``.
"""

from __future__ import annotations

import codecs
import io
import re
import zipfile
from typing import Any

from ...contract.model import HarvestSource
from ...contract.table import convert
from ...tools.spreadsheet import SpreadsheetError, check_header, table_from_bytes
from ..fetch import Body, Budget, FetchError, Fetcher
from ..item import MAPPED_FIELDS, Item, Listing

VERSION = "spreadsheet/1"
_SHEETS = re.compile(r"^https://docs\.google\.com/spreadsheets/d/([A-Za-z0-9_-]+)(?:/[^?#]*)?(?:\?[^#]*)?(?:#gid=(\d+))?$")


def sheet_url(url: str) -> str:
    """A Google Sheets address as its CSV export (``.../export?format=csv&gid=N``); others as they are."""
    match = _SHEETS.match(url)
    if not match or "/export" in url or "/pub" in url:
        return url
    gid = f"&gid={match.group(2)}" if match.group(2) else ""
    return f"https://docs.google.com/spreadsheets/d/{match.group(1)}/export?format=csv{gid}"


def read(source: HarvestSource, fetcher: Fetcher, budget: Budget) -> Listing:
    """Read the spreadsheet at ``source.url``: one record per row."""
    suffix = ".xlsx" if source.kind == "xlsx" else ".csv"
    limit = fetcher.limits.max_bytes
    rows, notes = fetcher.fetch(sheet_url(source.url), lambda body: _rows(body, suffix, limit), version=VERSION,
                                budget=budget)
    listing = Listing(notes=notes)
    for number, values in rows:
        url = values.get("url")
        item = Item(upstream=url or f"row {number}", page=url or source.url, where=f"row {number}")
        item.words = {field: _as_list(values.pop(field)) for field in MAPPED_FIELDS if field in values}
        values.pop("id", None)
        item.values = values
        if not url:
            item.problems.append("the row has no url")
        listing.items.append(item)
    return listing


def _as_list(value: Any) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def _rows(body: Body, suffix: str, limit: int) -> tuple[list[tuple[int, dict[str, Any]]], list[str]]:
    """Each row's values (as ``make import`` reads them), and remarks about the header."""
    if suffix == ".xlsx":
        _check_zip(body.data, limit)
    charset = "utf-8-sig"
    if body.charset and body.charset.lower().replace("_", "-") not in ("utf-8", "utf8"):
        try:
            charset = codecs.lookup(body.charset).name
        except LookupError:
            pass
    try:
        table = table_from_bytes(body.data, suffix, body.url, charset)
    except SpreadsheetError as error:
        raise FetchError(str(error).removeprefix(f"{body.url}: ")) from None
    columns, problems = check_header(table)
    notes = [f"column {_quoted(problem.column)} is not a column of the spreadsheet import: ignored"
             if problem.message.startswith("unknown column") else f"row 1: {_quoted(problem.message)}"
             for problem in problems if problem.row == 1]
    rows = []
    for number, cells in table.rows:
        row = {header: cells[index - 1] if index <= len(cells) else "" for index, header in columns.items()}
        rows.append((number, convert(row).values))
    return rows, notes


def _quoted(text: str | None) -> str:
    """The source's text as a Markdown code span (notes go into the report as they are)."""
    text = " ".join(str(text or "").split()).replace("`", "'")[:80]
    return f"`{text}`"


def _check_zip(data: bytes, limit: int) -> None:
    """Refuse a workbook that is not a zip file or that would unpack to more than ``limit`` bytes."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise FetchError("not an .xlsx workbook (not a zip file)") from None
    if unpacked > limit:
        raise FetchError(f"the workbook would unpack to {unpacked} bytes, more than the limit of {limit}; not read")
