"""Writing catalogue files: fields in the contract's order, plain YAML, a schema line and comments on top.

Used by the scaffolder (``new``), the issue-form tool (``from-issue``) and the spreadsheet import, so
that every file a tool writes looks like one a person would write. The rules are few, so that the
"Propose a product" page (``docs/javascripts/propose.js``) writes the very same bytes in the browser
(a test compares the two on hostile text):

* a mapping is written as ``key: value`` lines, a list as ``- item`` lines indented under its key,
  a record in a list as ``- key: value`` with its other keys under the first;
* a string is written as it is (plain) when YAML reads it back as the same string: no indicator
  at its start, no ``": "`` or ``" #"`` inside, no space or colon at its end, only printable
  characters, and nothing that PyYAML's resolver reads as another type (``2030``, ``no``,
  ``2020-07-07``: the page gets the resolver's own patterns, ``newproduct.yaml_resolvers``);
* other text on one line of printable characters is single-quoted (``'2020-07-07'``, as PyYAML
  and the harvest's ruamel writer quote it);
* a string of several lines is a literal block (``|-``) when its lines can be written as they are
  (no space at a line's end, none at its start, printable characters only);
* any other string is double-quoted, escaping only ``"``, ``\\``, tabs, line breaks and characters
  that YAML does not allow in a file;
* lines are never folded.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import yaml

from ..contract import schema
from ..contract.jsonschema import schema_comment
from ..contract.text import visible

_FIRST = frozenset("-?:,[]{}#&*!|>'\"%@` ")
"""Characters a plain string may not start with: YAML's indicators, and a space."""
_RESOLVER = yaml.resolver.Resolver()


def _printable(code: int) -> bool:
    """Whether a character can stand as it is in a YAML file (and is not a line break)."""
    return (0x20 <= code <= 0x7E or (0xA0 <= code <= 0xFFFD and code not in (0x2028, 0x2029, 0xFEFF)
            and not 0xD800 <= code <= 0xDFFF) or code >= 0x10000)


def _plain(text: str) -> bool:
    return (text != "" and text[0] not in _FIRST and text[-1] not in " :" and ": " not in text
            and " #" not in text and all(_printable(ord(c)) for c in text)
            and _RESOLVER.resolve(yaml.ScalarNode, text, (True, False)) == "tag:yaml.org,2002:str")


def _literal(text: str) -> bool:
    lines = text.split("\n")
    return (len(lines) > 1 and lines[0] != "" and lines[0][0] != " " and lines[-1] != ""
            and all(line == "" or line[-1] != " " for line in lines)
            and all(c == "\n" or _printable(ord(c)) for c in text))


_ESCAPES = {'"': '\\"', "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}


def quoted(text: str) -> str:
    """``text`` as a double-quoted YAML string."""
    out = []
    for char in text:
        code = ord(char)
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif _printable(code):
            out.append(char)
        else:
            out.append(f"\\x{code:02X}" if code <= 0xFF else f"\\u{code:04X}")
    return '"' + "".join(out) + '"'


def scalar(value: Any) -> str:
    """A single-line value: a number, true/false, or a string as plain or double-quoted text."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if not isinstance(value, str):
        raise TypeError(f"cannot write {value!r} as a YAML value")
    if _plain(value):
        return value
    if all(_printable(ord(c)) for c in value):
        return "'" + value.replace("'", "''") + "'"
    return quoted(value)


def _entry(key: Any, value: Any, indent: int, record: schema.Record | None = None) -> list[str]:
    """The lines of ``key: value`` at ``indent`` spaces."""
    head = " " * indent + scalar(str(key)) + ":"
    if isinstance(value, Mapping):
        return [head, *(_lines(value, indent + 2, record))] if value else [head + " {}"]
    if isinstance(value, list):
        if not value:
            return [head + " []"]
        return [head, *(line for item in value for line in _item(item, indent + 2, record))]
    if isinstance(value, str) and _literal(value):
        return [head + " |-", *((" " * (indent + 2) + line) if line else "" for line in value.split("\n"))]
    return [head + " " + scalar(value)]


def _item(value: Any, indent: int, record: schema.Record | None) -> list[str]:
    """The lines of one list item at ``indent``: ``- value``, or a mapping whose first key follows the dash."""
    if isinstance(value, Mapping) and value:
        lines = _lines(value, indent + 2, record)
    elif isinstance(value, str) and _literal(value):
        lines = [" " * (indent + 2) + "|-", *((" " * (indent + 4) + line) if line else ""
                                              for line in value.split("\n"))]
    elif isinstance(value, Mapping | list):
        lines = [" " * (indent + 2) + ("{}" if isinstance(value, Mapping) else "[]")]
    else:
        lines = [" " * (indent + 2) + scalar(value)]
    return [" " * indent + "- " + lines[0][indent + 2:], *lines[1:]]


def _lines(values: Mapping[Any, Any], indent: int, record: schema.Record | None) -> list[str]:
    """A mapping's lines, with the fields of ``record`` (if known) in the contract's order and first."""
    fields = {f.name: f for f in record.fields} if record else {}
    keys = [name for name in fields if name in values] + [key for key in values if key not in fields]
    lines = []
    for key in keys:
        kind = fields[key].kind if key in fields else None
        inner = kind.item if isinstance(kind, schema.ListOf) else kind
        lines += _entry(key, values[key], indent, inner if isinstance(inner, schema.Record) else None)
    return lines


def dump_record(values: Mapping[str, Any], record: schema.Record = schema.PRODUCT) -> str:
    """The YAML lines of ``values``, with fields in the order the contract declares them; empty values
    (None, empty lists and mappings) are left out."""
    kept = {key: value for key, value in values.items() if value not in (None, [], {})}
    return "".join(line + "\n" for line in _lines(kept, 0, record))


def product_file(values: Mapping[str, Any], comments: Iterable[str] = ()) -> str:
    """A complete product file: schema line, comments, then the fields.

    A comment stays a comment whatever it holds: each of its lines (YAML also breaks lines at NEL, LS and PS)
    gets its own ``#``, and control characters are written as escapes.
    """
    lines = [part for comment in comments for part in (comment.splitlines() or [""])]
    header = [schema_comment("product"), *(f"# {visible(line)}".rstrip() for line in lines)]
    return "\n".join(header) + "\n" + dump_record(values)
