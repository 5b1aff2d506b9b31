"""JSON Schemas for the catalogue files, derived from the contract in `learning_catalog.contract.schema`.

Editors that speak the YAML language server (VS Code's YAML extension, and others) read
them through the ``# yaml-language-server: $schema=...`` line at the top of each file:
they complete field names and vocabulary terms and flag mistakes while typing. The
validator stays the authority: some rules (duplicate keys, ids equal to file names,
unique titles and URLs across files, real calendar dates, links inside descriptions)
cannot be said in JSON Schema.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from . import reference, schema
from .languages import PLURAL_CATEGORIES, Interface
from .model import Catalogue

SCHEMA_FOLDER = "docs/schema"
"""Where the generated schemas are kept in the repository (and so published at /schema/)."""

_DIALECT = "http://json-schema.org/draft-07/schema#"


def _portable(pattern: str) -> str:
    """A regular expression both ECMAScript (editors) and Python read: no named groups."""
    return re.sub(r"\(\?P<\w+>", "(", pattern)


class _Builder:
    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue

    def kind(self, kind: schema.Kind) -> dict[str, Any]:
        if isinstance(kind, schema.ListOf):
            result: dict[str, Any] = {"type": "array", "items": self.kind(kind.item)}
            if kind.min_items:
                result["minItems"] = kind.min_items
            if not isinstance(kind.item, schema.Record):
                result["uniqueItems"] = True
            return result
        if isinstance(kind, schema.Record):
            return self.record(kind)
        if isinstance(kind, schema.MapOf):
            result = {"type": "object", "additionalProperties": self.kind(kind.value)}
            if kind.key is not None:
                result["propertyNames"] = self.kind(kind.key)
            return result
        if isinstance(kind, schema.Mapped):
            many = {"type": "array", "items": self.kind(kind.item), "uniqueItems": True}
            return {"anyOf": [self.kind(kind.item), many if kind.many else {**many, "maxItems": 0}]}
        if isinstance(kind, schema.Text):
            text: dict[str, Any] = {"type": "string", "minLength": 1}
            if kind.max_length:
                text["maxLength"] = kind.max_length
            return {"anyOf": [
                text,
                {"type": "object", "minProperties": 1, "additionalProperties": False,
                 "patternProperties": {"^[a-z]{2}$": text}},
            ]}
        if isinstance(kind, schema.TermRef):
            terms = self.catalogue.vocabularies.get(kind.vocabulary, {})
            return _enum(list(terms), [t.label.text for t in terms.values()])
        if isinstance(kind, schema.SeriesRef):
            return _enum(list(self.catalogue.series), [s.title.text for s in self.catalogue.series.values()])
        if isinstance(kind, schema.Id):
            return {"type": "string", "pattern": schema.ID_PATTERN.pattern}
        if isinstance(kind, schema.Choice):
            return {"type": "string", "enum": list(kind.choices)}
        if isinstance(kind, schema.Language):
            return _enum(list(reference.languages()), list(reference.languages().values()))
        if isinstance(kind, schema.Country):
            return _enum(list(reference.countries()), list(reference.countries().values()))
        if isinstance(kind, schema.Sdg):
            return {"type": "integer", "enum": list(reference.SDG_NAMES),
                    "enumDescriptions": list(reference.SDG_NAMES.values())}
        if isinstance(kind, schema.Date):
            return {"anyOf": [{"type": "string", "pattern": r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"},
                              {"type": "integer", "minimum": 1000, "maximum": 9999}]}
        if isinstance(kind, schema.Duration):
            return {"type": "string", "pattern": _portable(schema.DURATION_PATTERN.pattern)}
        if isinstance(kind, schema.Url):
            return {"type": "string", "pattern": r"^https?://[^/?#\s<>\"\\^`{|}]+([/?#][^\s<>\"\\^`{|}]*)?$"}
        if isinstance(kind, schema.Bool):
            return {"type": "boolean"}
        if isinstance(kind, schema.PositiveInt):
            return {"type": "integer", "minimum": 1}
        if isinstance(kind, schema.Str):
            return {"type": "string", "minLength": 1, "pattern": r"\S"}
        raise TypeError(f"no JSON Schema for {kind!r}")  # pragma: no cover - every kind is listed above

    def record(self, record: schema.Record) -> dict[str, Any]:
        properties = {}
        for field in record.fields:
            prop = self.kind(field.kind)
            prop["description"] = field.doc
            if field.default is not None:
                prop["default"] = field.default
            properties[field.name] = prop
        result: dict[str, Any] = {"type": "object", "properties": properties, "additionalProperties": False}
        required = [f.name for f in record.fields if f.required]
        if required:
            result["required"] = required
        return result


def _enum(values: list[Any], descriptions: list[str]) -> dict[str, Any]:
    return {"type": "string", "enum": values, "enumDescriptions": descriptions}


SCHEMAS: Mapping[str, tuple[str, schema.Record]] = {
    "product": ("A learning product of the Urban Agenda Learning Page (catalog/products/<id>.yml).", schema.PRODUCT),
    "series": ("A series of learning products (catalog/series/<id>.yml).", schema.SERIES),
    "vocabulary": ("A controlled vocabulary (catalog/vocabularies/topics.yml, audiences.yml).", schema.VOCABULARY),
    "path": ("A learning path (catalog/paths/<id>.yml).", schema.PATH),
    "formats": ("The formats vocabulary (catalog/vocabularies/formats.yml).", schema.FORMATS),
    "organisations": ("The organisations vocabulary (catalog/vocabularies/organisations.yml).", schema.ORGANISATIONS),
    "harvest-source": ("A harvest source: a partner's published catalogue that `make harvest` lists products "
                       "from (catalog/sources/<id>.yml).", schema.HARVEST_SOURCE),
}


def json_schemas(catalogue: Catalogue, interface: Interface) -> dict[str, str]:
    """Every schema as JSON text, by file name (``product.json``, ...); ``interface`` lists the texts that
    translation files translate."""
    builder = _Builder(catalogue)
    result = {}
    for name, (title, record) in SCHEMAS.items():
        document = {"$schema": _DIALECT, "$id": f"{name}.json", "title": title, **builder.record(record)}
        result[f"{name}.json"] = json.dumps(document, ensure_ascii=False, indent=1) + "\n"
    result["translations.json"] = json.dumps(translations_schema(interface), ensure_ascii=False, indent=1) + "\n"
    return result


def translations_schema(interface: Interface) -> dict[str, Any]:
    """The schema of ``catalog/translations/<language>.yml``: each interface text, in English, to its translation."""
    text = {"type": "string", "minLength": 1}
    plural = {"type": "object", "propertyNames": {"enum": list(PLURAL_CATEGORIES)},
              "additionalProperties": text, "required": ["other"]}
    return {
        "$schema": _DIALECT, "$id": "translations.json",
        "title": "Interface translations: the English text of each interface string, and its translation",
        "type": "object",
        "propertyNames": {"enum": list(interface.messages)},
        "additionalProperties": {"anyOf": [text, plural]},
    }


def schema_comment(kind: str, depth: int = 2) -> str:
    """The first line of a catalogue file, pointing editors at its schema."""
    return f"# yaml-language-server: $schema={'../' * depth}{SCHEMA_FOLDER}/{kind}.json"
