"""The lines around the fields of a new product file: what `make new`, `make from-issue` and the
"Propose a product" page write besides the answers (the page gets them from here at build time)."""

from __future__ import annotations

from collections.abc import Collection

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
