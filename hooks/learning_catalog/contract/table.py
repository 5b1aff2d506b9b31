"""A product as a spreadsheet row, and back: the contract's tabular form.

The spreadsheet import (``tools.spreadsheet``), ``catalog.csv`` (``site.exports``) and the harvest of
partners' spreadsheets share these columns, so a file exported here can be edited and imported again:
for every valid product ``row_to_record(record_to_row(values)) == values``.

* One column per product field of the contract, in its order (:data:`COLUMNS`); translations of
  the text fields in extra columns ``title.fr``, ``summary.es``...
* List cells hold several values separated by ``;``; ``people``, ``links`` and ``sources``
  entries are ``a | b | c``; ``\\;``, ``\\|`` and ``\\\\`` stand for a literal ``;``, ``|`` and ``\\``.
* ``free`` and ``certificate``: ``true``, ``false``, ``yes`` or ``no`` (any case); ``sdgs``,
  ``season``, ``episode``: whole numbers. Anything else stays text, for the contract to report.
* A cell that a spreadsheet would evaluate as a formula (it starts with ``=``, ``+``, ``-``, ``@``, a tab
  or a carriage return) is written with an apostrophe before it, as OWASP advises against CSV injection
  (`neutralise`), and read back without it (`restore`).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from typing import Any

from . import reference, schema
from .yamlsafe import Path as ValuePath

FIELDS: tuple[schema.Field, ...] = tuple(f for f in schema.PRODUCT.fields if not isinstance(f.kind, schema.Record))
"""The product fields that have a column: all but a single nested mapping (``harvest``, which only tools write)."""
COLUMNS: tuple[str, ...] = tuple(field.name for field in FIELDS)
"""The columns of a product row: ``id``, then every other field of the contract, in its order."""
TRANSLATABLE: tuple[str, ...] = tuple(f.name for f in FIELDS if isinstance(f.kind, schema.Text))
"""Fields that take translation columns (``title.fr``)."""
LIST_SEPARATOR = ";"
PART_SEPARATOR = "|"

_ESCAPED = "\\" + LIST_SEPARATOR + PART_SEPARATOR
_WHOLE_NUMBER = re.compile(r"^[+-]?\d+(?:\.0*)?$")
_TRUE, _FALSE = ("true", "yes"), ("false", "no")


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
"""What makes a spreadsheet read a cell as a formula (the last four: their full-width forms)."""


def neutralise(cell: str) -> str:
    """A cell that no spreadsheet evaluates: ``'=HYPERLINK(...)`` for ``=HYPERLINK(...)``. A cell that starts
    with an apostrophe and would lose it to `restore` gets one more."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) or restore(cell) != cell else cell


def restore(cell: str) -> str:
    """A cell as it was before `neutralise`."""
    return cell[1:] if cell.startswith("'") and cell[1:].startswith((*FORMULA_STARTS, "'")) else cell


def _escape(text: str) -> str:
    """Protect separators inside one value of a list cell."""
    return "".join("\\" + char if char in _ESCAPED else char for char in text)


def _split(cell: str, separator: str) -> list[str]:
    """Split at unescaped ``separator``s; escapes stay in the parts (see `_unescape`)."""
    parts, current, index = [], [], 0
    while index < len(cell):
        char = cell[index]
        if char == "\\" and index + 1 < len(cell):
            current.append(cell[index : index + 2])
            index += 2
            continue
        if char == separator:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
        index += 1
    parts.append("".join(current))
    return parts


def _unescape(text: str) -> str:
    """Undo `_escape`; a backslash before any other character stays as written."""
    return re.sub(r"\\([\\;|])", r"\1", text).strip()


def _number(text: str) -> int | str:
    """A whole number as an int; anything else stays text for the contract to report."""
    return int(text.split(".")[0]) if _WHOLE_NUMBER.match(text) else text


def _boolean(text: str) -> bool | str:
    """true/yes and false/no in any case; anything else stays text."""
    lowered = text.lower()
    return True if lowered in _TRUE else False if lowered in _FALSE else text


def _scalar(kind: schema.Kind, text: str) -> Any:
    """The value of one cell (or one list item) for a field of this kind."""
    if isinstance(kind, schema.Bool):
        return _boolean(text)
    if isinstance(kind, schema.PositiveInt | schema.Sdg):
        return _number(text)
    return text


def _record_item(record: schema.Record, text: str, name: str) -> tuple[dict[str, str], str | None]:
    """One ``a | b | c`` entry of a people or links cell, and a problem if it has too many parts."""
    parts = [_unescape(part) for part in _split(text, PART_SEPARATOR)]
    item = {field.name: part for field, part in zip(record.fields, parts, strict=False) if part}
    if len(parts) <= len(record.fields):
        return item, None
    layout = " | ".join(field.name for field in record.fields)
    return item, f"each entry of '{name}' is written {layout}; '{text.strip()}' has {len(parts)} parts"


def _list(kind: schema.ListOf, cell: str, name: str) -> tuple[list[Any], list[str]]:
    """The items of a list cell, and problems with them."""
    items, problems = [], []
    for text in _split(cell, LIST_SEPARATOR):
        if not text.strip():
            continue
        if isinstance(kind.item, schema.Record):
            item, problem = _record_item(kind.item, text, name)
            items.append(item)
            problems += [problem] if problem else []
        else:
            items.append(_scalar(kind.item, _unescape(text)))
    return items, problems


@dataclasses.dataclass
class Converted:
    """A row converted to a product's values, with the column each value came from."""

    values: dict[str, Any] = dataclasses.field(default_factory=dict)
    columns: dict[ValuePath, str] = dataclasses.field(default_factory=dict)
    """Path of a value -> header of its column (fields, and languages of translated text)."""
    problems: list[tuple[str, str]] = dataclasses.field(default_factory=list)
    """(header, message) for what cannot even be given to the contract."""


def _first_language(values: Mapping[str, Any]) -> str | None:
    """The first of ``languages`` if it is a valid code: the language of untranslated text."""
    languages = values.get("languages")
    first = languages[0] if isinstance(languages, list) and languages else None
    return first if isinstance(first, str) and first in reference.languages() else None


def _translations(row: Mapping[str, str], name: str) -> list[tuple[str, str, str]]:
    """(language, header, text) of each filled translation column of field ``name``, in column order."""
    prefix = f"{name}."
    return [(header[len(prefix):], header, text) for header, text in row.items() if header.startswith(prefix) and text]


def _text(row: Mapping[str, str], name: str, result: Converted) -> None:
    """A text field: a plain cell, or a mapping of language -> text when it has translations."""
    plain, translations = row.get(name, ""), _translations(row, name)
    first = _first_language(result.values)
    if plain and (not translations or first is None):
        # Without a valid first language the plain text has no place in a mapping: 'languages' is
        # reported, and the translations are read once it is fixed.
        result.values[name] = plain
        result.columns[(name,)] = name
        return
    if not translations:
        return
    mapping: dict[str, str] = {}
    if plain and first is not None:
        mapping[first] = plain
        result.columns[(name, first)] = name
    for language, header, text in translations:
        if language in mapping:
            result.problems.append((header, f"'{header}' repeats column '{name}', which holds the {language} text "
                                            f"(the first of 'languages'); keep one of them"))
            continue
        mapping[language] = text
        result.columns[(name, language)] = header
    result.values[name] = mapping
    result.columns[(name,)] = name if plain else translations[0][1]


def convert(row: Mapping[str, str]) -> Converted:
    """Convert a row (header -> cell) into a product's values; empty cells are absent fields."""
    row = {header.strip(): restore(clean_cell(cell)) for header, cell in row.items()}
    result = Converted()
    fields = sorted(FIELDS, key=lambda f: f.name in TRANSLATABLE)  # text needs 'languages' first
    for field in fields:
        if field.name in TRANSLATABLE:
            _text(row, field.name, result)
            continue
        cell = row.get(field.name, "")
        if not cell:
            continue
        if isinstance(field.kind, schema.ListOf):
            value, problems = _list(field.kind, cell, field.name)
            result.problems += [(field.name, problem) for problem in problems]
        else:
            value = _scalar(field.kind, cell)
        result.values[field.name] = value
        result.columns[(field.name,)] = field.name
    order = {name: index for index, name in enumerate(COLUMNS)}
    result.values = dict(sorted(result.values.items(), key=lambda item: order[item[0]]))
    return result


def clean_cell(cell: Any) -> str:
    """A cell as trimmed text with ``\\n`` line breaks."""
    return "" if cell is None else str(cell).replace("\r\n", "\n").replace("\r", "\n").strip()


def row_to_record(row: Mapping[str, str]) -> dict[str, Any]:
    """A product's values from a row (header -> cell), as they would be written to its YAML file.

    Args:
        row: Cells by column header (``title``, ``title.fr``, ``people``...); empty cells are absent
            fields and unknown headers are ignored (`check_table` reports them).

    Returns:
        The product's values; an ``id`` cell gives an ``id`` value. Cells that cannot be converted
        stay text, so that validation reports them.
    """
    return convert(row).values


def cell_text(kind: schema.Kind, value: Any) -> str:
    """The cell text of one value."""
    if isinstance(kind, schema.ListOf):
        if isinstance(kind.item, schema.Record):
            return f"{LIST_SEPARATOR} ".join(_record_cell(kind.item, item) for item in value)
        return f"{LIST_SEPARATOR} ".join(_escape(cell_text(kind.item, item)) for item in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _record_cell(record: schema.Record, item: Mapping[str, Any]) -> str:
    """``Name | Affiliation | Role``: the parts in the record's field order, trailing empty parts left out."""
    parts = [_escape(str(item.get(field.name, ""))) for field in record.fields]
    while parts and not parts[-1]:
        parts.pop()
    if not parts:
        return ""
    return parts[0] + "".join(f" {PART_SEPARATOR}" + (f" {part}" if part else "") for part in parts[1:])


def _text_cells(name: str, value: Any, first_language: str | None) -> dict[str, str]:
    """Cells of a text field: ``title``, and ``title.<language>`` for translations."""
    if not isinstance(value, dict):
        return {name: str(value)}
    languages = list(value)
    if len(languages) > 1 and languages[0] == first_language:
        return {name: value[languages[0]], **{f"{name}.{lang}": value[lang] for lang in languages[1:]}}
    return {name: "", **{f"{name}.{lang}": text for lang, text in value.items()}}


def record_to_row(values: Mapping[str, Any], *, product_id: str | None = None) -> dict[str, str]:
    """The row of a product: every column of :data:`COLUMNS`, translation columns after their field.

    Args:
        values: A product's values as read from its YAML file.
        product_id: The file name, for the ``id`` column when ``values`` has no ``id``.

    Returns:
        Cells by column header, in column order; absent fields give empty cells; cells that a spreadsheet
        would evaluate are neutralised (see `neutralise`).
    """
    languages = values.get("languages")
    first = languages[0] if isinstance(languages, list) and languages else None
    row: dict[str, str] = {}
    for field in FIELDS:
        value = values.get(field.name)
        if field.name == "id" and value is None:
            value = product_id
        if field.name in TRANSLATABLE and value is not None:
            row.update(_text_cells(field.name, value, first))
        else:
            row[field.name] = "" if value is None else cell_text(field.kind, value)
    return {header: neutralise(cell) for header, cell in row.items()}
