"""From a source's record to a product's values: text cleaned, words mapped to terms, defaults, the contract.

A source's own values (its keywords, types, levels, language names) become this catalogue's terms in this
order: the source's mapping table for the field (``map.topics`` in ``catalog/sources/<id>.yml``, matched
without regard to case or spacing; ``[]`` ignores a value), then a value that is already a term id (or a
language code, a level, a mode, an ISO 8601 duration), then a term's label in any language. Every value
that none of these knows is counted, for the report, so that a reviewer can extend the mapping.
"""

from __future__ import annotations

import collections
import dataclasses
import re
from typing import Any

import pycountry

from ..contract import reference, schema
from ..contract.model import Catalogue, HarvestSource
from ..contract.problems import Collector
from ..contract.yamlsafe import Document
from .item import MAPPED_FIELDS, Item
from .text import markdown_text, plain_text, shorten

_VOCABULARY = {"format": "formats", "provider": "organisations", "partners": "organisations", "topics": "topics",
               "audiences": "audiences"}
_TABLE = {"partners": "provider"}
_SINGLE = ("format", "provider", "level", "mode", "duration")
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:[T ].*)?$")
_PASSED = ("countries", "sdgs", "links", "status")
"""Fields a product-shaped source (a spreadsheet, another Learning Page) gives as they are."""


def _key(text: str) -> str:
    return " ".join(str(text).casefold().split())


@dataclasses.dataclass
class Mapped:
    """A record mapped: its product values, or why it cannot be used."""

    item: Item
    values: dict[str, Any]
    problems: list[str]
    outside: bool = False
    """Its address is outside the source's ``include``: it is left out, not reported as a problem."""


class Mapper:
    """Maps the items of one source; collects the values that no table or term knows."""

    def __init__(self, source: HarvestSource, catalogue: Catalogue) -> None:
        self.source = source
        self.catalogue = catalogue
        self.tables = {field: {_key(word): [_written(v) for v in mapped] for word, mapped in table.items()}
                       for field, table in source.map.items()}
        self.labels = {
            name: {_key(text): term_id for term_id, term in terms.items() for text in term.label.values.values()}
            for name, terms in catalogue.vocabularies.items()
        }
        self.unmapped: collections.Counter[tuple[str, str]] = collections.Counter()
        self.unmapped_labels: dict[tuple[str, str], str] = {}

    # -- words ---------------------------------------------------------------------------

    def lookup(self, field: str, word: str, label: str | None = None) -> list[Any] | None:
        """What ``word`` (a value the source gives for ``field``) maps to, or None if nothing knows it."""
        table = self.tables.get(_TABLE.get(field, field), {})
        for candidate in (word, label):
            if candidate is not None and _key(candidate) in table:
                return list(table[_key(candidate)])
        for candidate in (word, label):
            if candidate is not None and (found := self._known(field, candidate)) is not None:
                return [found]
        return None

    def _known(self, field: str, word: str) -> Any:
        word = word.strip()
        if field in _VOCABULARY:
            vocabulary = _VOCABULARY[field]
            if word in self.catalogue.vocabularies.get(vocabulary, {}):
                return word
            return self.labels.get(vocabulary, {}).get(_key(word))
        if field == "languages":
            return language_code(word)
        if field == "level" and word.lower() in schema.LEVELS:
            return word.lower()
        if field == "mode" and word.lower() in schema.MODES:
            return word.lower()
        if field == "duration" and (minutes := schema.duration_minutes(word)) is not None and minutes > 0:
            return word
        return None

    # -- records -------------------------------------------------------------------------

    def map(self, item: Item) -> Mapped:
        """The product values of ``item``, checked with the contract (problems say why it cannot be used)."""
        source_values = item.values
        values: dict[str, Any] = {}
        url = source_values.get("url")
        if isinstance(url, str):
            values["url"] = url.strip()
            # A schema.org source's include chooses the pages to read; its records may point elsewhere.
            if (self.source.include and self.source.kind != "schema.org" and values["url"].startswith("http")
                    and not values["url"].startswith(tuple(self.source.include))):
                return Mapped(item=item, values={}, problems=[], outside=True)
        self._texts(source_values, values)
        self._others(source_values, values)
        words_seen = self._words(item, values)
        for field, value in self.source.defaults.items():
            values.setdefault(field, value)
        values["sources"] = [{"url": item.page}]  # where its facts come from: its page at the source
        order = {field.name: index for index, field in enumerate(schema.PRODUCT.fields)}
        values = dict(sorted(values.items(), key=lambda pair: order.get(pair[0], len(order))))
        problems = list(item.problems) + self._check(values, words_seen)
        return Mapped(item=item, values=values, problems=problems)

    def _texts(self, source_values: dict[str, Any], values: dict[str, Any]) -> None:
        title = _each(source_values.get("title"), lambda text: plain_text(text, one_line=True))
        if title:
            values["title"] = title
        summary, description = source_values.get("summary"), source_values.get("description")
        if summary is None and isinstance(description, str):
            summary, description = description, None
        if isinstance(summary, str):
            text = plain_text(summary)
            if text:
                values["summary"] = shorten(text, schema.SUMMARY_LIMIT)
                if description is None and len(" ".join(text.split())) > schema.SUMMARY_LIMIT:
                    values["description"] = markdown_text(text)
        elif isinstance(summary, dict):
            values["summary"] = _each(summary, lambda text: shorten(plain_text(text), schema.SUMMARY_LIMIT))
        if description is not None:
            # Given apart from the summary, by a product-shaped source: Markdown already, checked by the contract.
            values["description"] = _each(description, lambda text: plain_text(text) if "<" in text and
                                          re.search(r"<[A-Za-z/!]", text) else text.strip())

    def _others(self, source_values: dict[str, Any], values: dict[str, Any]) -> None:
        for field in ("published", "updated"):
            raw = source_values.get(field)
            if raw is None:
                continue
            match = _DATE.match(str(raw).strip())
            if match:
                values[field] = "-".join(part for part in match.groups() if part)
            else:
                self.unmapped[(field, str(raw))] += 1
        if values.get("updated") and values.get("updated") == values.get("published"):
            del values["updated"]
        for field in ("free", "certificate"):
            raw = source_values.get(field)
            if isinstance(raw, bool):
                values[field] = raw
            elif raw is not None:
                self.unmapped[(field, str(raw))] += 1
        people = []
        for person in source_values.get("people") or []:
            if isinstance(person, str) and plain_text(person, one_line=True):
                people.append({"name": plain_text(person, one_line=True)})
            elif isinstance(person, dict) and person.get("name"):
                people.append({key: plain_text(str(value), one_line=True) for key, value in person.items() if value})
        if people:
            values["people"] = [dict(p) for p in {repr(p): p for p in people}.values()]
        if isinstance(source_values.get("license"), str) and plain_text(source_values["license"], one_line=True):
            values["license"] = plain_text(source_values["license"], one_line=True)
        for field in _PASSED:
            if source_values.get(field) not in (None, [], ""):
                values[field] = source_values[field]

    def _words(self, item: Item, values: dict[str, Any]) -> dict[str, list[str]]:
        """Map the item's words onto terms; return the words of each field that mapped to nothing."""
        unknown: dict[str, list[str]] = {}
        found: dict[str, list[Any]] = {}
        for field in MAPPED_FIELDS:
            terms: list[Any] = []
            missed = []
            for word in item.words.get(field, []):
                label = item.labels.get((field, word))
                mapped = self.lookup(field, word, label)
                if mapped is None:
                    missed.append((word, label))
                else:
                    terms += [term for term in mapped if term not in terms]
            found[field] = terms
            if field in _SINGLE and terms:
                continue  # one value is all the field takes: the other words do not matter
            for word, label in missed:
                self.unmapped[(field, word)] += 1
                if label:
                    self.unmapped_labels[(field, word)] = label
                unknown.setdefault(field, []).append(word)
        for field, terms in found.items():
            if field == "partners" or not terms:
                continue
            values[field] = terms[0] if field in _SINGLE else terms
        provider = values.get("provider") or self.source.defaults.get("provider") or self.source.provider
        values["provider"] = provider
        partners = [term for term in found.get("partners", []) if term != provider]
        if partners:
            values["partners"] = partners
        return unknown

    def _check(self, values: dict[str, Any], unknown: dict[str, list[str]]) -> list[str]:
        collector = Collector("record")
        doc = Document(value=values, positions={}, key_positions={})
        ctx = schema.Context(doc=doc, collector=collector, vocabularies=self.catalogue.vocabularies,
                             series=self.catalogue.series)
        schema.PRODUCT.check(values, (), "record", ctx)
        messages = []
        for problem in collector.problems:
            message = problem.message
            match = re.fullmatch(r"missing required field '(\w+)'", message)
            if match and match.group(1) in MAPPED_FIELDS:
                field = match.group(1)
                table = _TABLE.get(field, field)
                if unknown.get(field):
                    message += (f": map.{table} in the source file knows none of its values ("
                                + ", ".join(f"'{word}'" for word in unknown[field]) + ")")
                else:
                    message += f": the source gives none; set defaults.{field} in the source file"
            messages.append(message)
        return messages


def _written(value: Any) -> Any:
    """A mapping table's value as a product file writes it (a duration as its ISO text)."""
    return value["iso"] if isinstance(value, dict) and "iso" in value else value


def _each(value: Any, convert: Any) -> Any:
    """Apply ``convert`` to a text, or to each translation of a mapping; drop what comes out empty."""
    if isinstance(value, str):
        return convert(value) or None
    if isinstance(value, dict):
        converted = {language: convert(text) for language, text in value.items() if isinstance(text, str)}
        return {language: text for language, text in converted.items() if text} or None
    return None


def language_code(word: str) -> str | None:
    """The ISO 639-1 code of a language tag (``en-GB``), an ISO 639-2 code (``fra``) or an English name."""
    word = word.strip()
    primary = re.split(r"[-_]", word, maxsplit=1)[0].lower()
    codes = reference.languages()
    if primary in codes:
        return primary
    if len(primary) == 3:
        language = pycountry.languages.get(alpha_3=primary) or pycountry.languages.get(bibliographic=primary)
        if language is not None and getattr(language, "alpha_2", None) in codes:
            return language.alpha_2
    names = _language_names()
    return names.get(word.casefold())


_NAMES: dict[str, str] = {}


def _language_names() -> dict[str, str]:
    if not _NAMES:
        _NAMES.update({name.casefold(): code for code, name in reference.languages().items()})
    return _NAMES
