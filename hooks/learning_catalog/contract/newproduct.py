"""The lines around the fields of a new product file: what `make new`, `make from-issue` and the
"Propose a product" page write besides the answers (the page gets them from here at build time)."""

from __future__ import annotations

import re
from collections.abc import Collection

import yaml

from . import schema

OPTIONAL_HEADING = ("", "Optional fields: uncomment and fill in those you can source; delete the rest.")


def source_hints() -> list[str]:
    """Comments under the sources: the optional fields each entry may have."""
    lines = ["    Each entry of sources may also say what the page is and when you checked the facts against it:"]
    return lines + [f"    {field.name}: {field.example}   # {field.doc}" for field in schema.SOURCE.fields
                    if not field.required]


def optional_fields(filled: Collection[str] = ()) -> list[tuple[str, str]]:
    """The optional fields not in ``filled``, commented out with their documentation: (field name, comment text
    without ``# ``)."""
    lines = []
    for field in schema.PRODUCT.fields:
        if field.required or field.name == "id" or field.name in filled or isinstance(field.kind, schema.Record):
            continue  # a nested record (the harvest's provenance) is written by tools only
        example = field.example or ("true" if isinstance(field.default, bool) and field.default else "")
        choices = f" One of: {', '.join(field.kind.choices)}." if isinstance(field.kind, schema.Choice) else ""
        lines.append((field.name, f"{field.name}: {example}".rstrip() + f"   # {field.doc}{choices}"))
    return lines


def optional_field_comments(filled: Collection[str] = ()) -> list[str]:
    """The comments at the end of a new file (without ``# ``): the sources' optional fields, then the optional
    fields not in ``filled``, under a heading if there is any."""
    fields = [line for _, line in optional_fields(filled)]
    return source_hints() + ([*OPTIONAL_HEADING, *fields] if fields else [])


def yaml_resolvers() -> dict[str, str]:
    """PyYAML's patterns for plain words it reads as another type than text (numbers, booleans, null, dates),
    as JavaScript can read them, each with the first characters it applies to: the writer (tools/yamlwrite.py)
    quotes such words, and the page's twin of it needs the same patterns."""
    found: dict[str, str] = {}
    for first, resolvers in yaml.resolver.Resolver.yaml_implicit_resolvers.items():
        for _, regexp in resolvers:
            if first:
                pattern = _unverbose(regexp) if regexp.flags & re.VERBOSE else regexp.pattern
                found[pattern] = found.get(pattern, "") + first
    return found


def _unverbose(regexp: re.Pattern[str]) -> str:
    """A verbose pattern without its layout: whitespace outside character classes dropped."""
    out, in_class, escaped = [], False, False
    for char in regexp.pattern:
        if escaped:
            out.append(char)
            escaped = False
        elif char == "\\":
            out.append(char)
            escaped = True
        elif char.isspace() and not in_class:
            continue
        else:
            in_class = (in_class and char != "]") or (not in_class and char == "[")
            out.append(char)
    return "".join(out)
