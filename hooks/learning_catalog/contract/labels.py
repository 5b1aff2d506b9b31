"""The names people read for the fields of a product file, in forms (the "Propose a product" page, the
"Suggest a product" issue form): the file's keys are short words, a form's labels are not.

A field without a label here shows its name, capitalised, so that a field added to the contract
appears in the forms at once; its documentation (``Field.doc``) is its help text.
"""

from __future__ import annotations

from collections.abc import Iterator

from . import schema

LABELS = {
    # Products
    "id": "File name (id)", "title": "Title", "summary": "Summary", "url": "Address (URL)", "format": "Format",
    "provider": "Provider", "topics": "Topics", "audiences": "Audiences", "languages": "Languages",
    "description": "Description", "partners": "Partners", "sdgs": "Sustainable Development Goals",
    "published": "Published", "updated": "Updated", "duration": "Duration", "level": "Level", "mode": "Mode",
    "free": "Free of charge", "certificate": "Certificate", "series": "Series", "season": "Season",
    "episode": "Episode", "people": "People", "countries": "Countries", "links": "Other links",
    "related": "Related products", "license": "Licence", "status": "Status", "reviewed": "Reviewed",
    "sources": "Sources",
    # Records inside a product (people, links, sources): "<list>.<field>" where the field's name alone would
    # read like a product field's.
    "name": "Name", "affiliation": "Affiliation", "role": "Role", "label": "Label", "language": "Language",
    "kind": "Kind", "checked": "Checked on", "links.url": "Address of the link", "sources.url": "Address of the page",
    "sources.title": "What the page is",
}


def label(field: schema.Field, parent: str = "") -> str:
    """The English label of ``field`` (of a record in the list ``parent``, if given)."""
    found = LABELS.get(f"{parent}.{field.name}") if parent else None
    return found or LABELS.get(field.name) or field.name.replace("_", " ").capitalize()


def by_people(field: schema.Field) -> bool:
    """Whether people fill ``field`` in: a single nested record (the harvest's provenance) is written by tools."""
    return not isinstance(field.kind, schema.Record)


def records(record: schema.Record = schema.PRODUCT, parent: str = "") -> Iterator[tuple[str, schema.Record]]:
    """``record`` and the records people fill in inside it (a product's people, links, sources), each with the
    name of its list."""
    yield parent, record
    for field in filter(by_people, record.fields):
        if isinstance(field.kind, schema.ListOf) and isinstance(field.kind.item, schema.Record):
            yield from records(field.kind.item, field.name)


def texts() -> Iterator[str]:
    """Every label and every documentation text of the fields people fill in (the forms' texts to translate)."""
    for parent, record in records():
        for field in filter(by_people, record.fields):
            yield label(field, parent)
            yield field.doc
