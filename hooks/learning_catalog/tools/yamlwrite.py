"""Writing catalogue files: fields in the contract's order, plain YAML, a schema line and comments on top.

Used by the scaffolder (``new``) and the spreadsheet import, so that every file a tool
writes looks like one a person would write.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import yaml

from ..contract import schema
from ..contract.jsonschema import schema_comment
from ..contract.text import visible


class _Dumper(yaml.SafeDumper):
    """Indents lists under their key, as the hand-written files do."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:  # noqa: ARG002
        super().increase_indent(flow, False)


def _str_representer(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str_representer)


def dump_record(values: Mapping[str, Any], record: schema.Record = schema.PRODUCT) -> str:
    """The YAML lines of ``values``, with fields in the order the contract declares them."""
    order = [f.name for f in record.fields]
    unknown = [key for key in values if key not in order]
    ordered = {key: values[key] for key in [*order, *unknown] if key in values and values[key] not in (None, [], {})}
    if not ordered:
        return ""
    return yaml.dump(ordered, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=110)


def product_file(values: Mapping[str, Any], comments: Iterable[str] = ()) -> str:
    """A complete product file: schema line, comments, then the fields.

    A comment stays a comment whatever it holds: each of its lines (YAML also breaks lines at NEL, LS and PS)
    gets its own ``#``, and control characters are written as escapes.
    """
    lines = [part for comment in comments for part in (comment.splitlines() or [""])]
    header = [schema_comment("product"), *(f"# {visible(line)}".rstrip() for line in lines)]
    return "\n".join(header) + "\n" + dump_record(values)
