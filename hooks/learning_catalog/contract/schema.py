"""The catalogue contract: every field of every file, declared once.

Validation, the schema reference page and the exported JSON Schema are all derived
from the field lists at the bottom of this module (``PRODUCT``, ``SERIES``,
``VOCABULARY``, ``ORGANISATIONS``). To add a field, add it here.
"""

from __future__ import annotations

import dataclasses
import datetime
import difflib
import re
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit

from . import reference
from .problems import Collector, Position
from .text import markdown_problem, shorten
from .yamlsafe import INVALID, Document, Path, text_problem

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
RESERVED_IDS = frozenset({"index"})
LEVELS = ("introductory", "intermediate", "advanced")
MODES = ("self-paced", "scheduled", "in-person", "blended")
STATUSES = ("active", "upcoming", "archived")
LINK_KINDS = ("audio", "pdf", "video", "transcript", "slides", "web")
SUMMARY_LIMIT = 300
DESCRIPTION_LIMIT = 5_000
MAX_DURATION = "P10Y"

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
DURATION_PATTERN = re.compile(
    r"^P(?!$)(?:(?P<Y>\d+)Y)?(?:(?P<M>\d+)M)?(?:(?P<W>\d+)W)?(?:(?P<D>\d+)D)?"
    r"(?:T(?=\d)(?:(?P<h>\d+)H)?(?:(?P<m>\d+)M)?(?:(?P<s>\d+)S)?)?$"
)
_MINUTES = {"Y": 525_600, "M": 43_200, "W": 10_080, "D": 1_440, "h": 60, "m": 1, "s": 1 / 60}
# Every pattern here runs in time linear in the text: no two repeats can match the same characters.
_RAW_HTML = re.compile(r"<!--|</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?>")
_MD_LINKS = (
    re.compile(r"\]\(\s*<?([^\s>]+)"),  # [text](target) and ![alt](target)
    re.compile(r"^[ ]{0,3}\[[^\[\]]+\]:[ \t]*\n?[ \t]*<?([^\s>]+)", re.MULTILINE),  # [ref]: target
    re.compile(r"<([A-Za-z][A-Za-z0-9+.-]*:[^<>\s]*)>"),  # <scheme:autolink>
)


@dataclasses.dataclass(kw_only=True)
class Context:
    """What a check needs besides the value: where it is, where to report, what exists."""

    doc: Document
    collector: Collector
    vocabularies: Mapping[str, Mapping[str, Any]] = dataclasses.field(default_factory=dict)
    series: Mapping[str, Any] = dataclasses.field(default_factory=dict)
    references: list[tuple[Position, str, str]] = dataclasses.field(default_factory=list)
    """Product ids named by ``related``: (position, field, id), checked once all are read."""

    def error(self, path: Path, code: str, message: str) -> Any:
        """Report a problem at the value at ``path``; returns INVALID for convenience."""
        self.collector.error(self.doc.at(path), code, message)
        return INVALID


def describe(value: Any) -> str:
    """How a wrong value looks to a contributor."""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return f"the number {value}"
    if value is None:
        return "nothing"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping (key: value lines)"
    return f"'{shorten(str(value))}'"


def suggest(word: str, choices: Sequence[str]) -> str:
    """'; did you mean 'x'?' or '; known: a, b, c' for an unknown word."""
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if not close and isinstance(word, str):
        close = [c for c in choices if c.lower() == word.lower() or c.startswith(word) or word.startswith(c)][:1]
    if close:
        return f"; did you mean '{close[0]}'?"
    listed = ", ".join(sorted(choices)[:30]) + (", ..." if len(choices) > 30 else "")
    return f"; known: {listed}" if choices else ""


class Kind:
    """A kind of value: how to check it and how to describe it in the reference."""

    label = "value"

    def check(self, value: Any, path: Path, name: str, ctx: Context) -> Any:
        """Return the value converted for the model, or INVALID after reporting a problem."""
        raise NotImplementedError

    def wrong_type(self, value: Any, path: Path, name: str, ctx: Context) -> Any:
        hint = "; put it in quotes" if isinstance(value, bool | int | float) and self.label != "number" else ""
        return ctx.error(path, "LP203", f"'{name}' must be {self.label}, found {describe(value)}{hint}")


class Str(Kind):
    """Plain text on one line or more."""

    label = "text"

    def check(self, value: Any, path: Path, name: str, ctx: Context) -> Any:
        if not isinstance(value, str):
            return self.wrong_type(value, path, name, ctx)
        if not value.strip():
            return ctx.error(path, "LP204", f"'{name}' is empty")
        return value.strip()


@dataclasses.dataclass(frozen=True)
class Text(Kind):
    """Text, or a mapping from language code to text (translations)."""

    max_length: int | None = None
    markdown: bool = False
    title: bool = False
    """A name (title, label): zero-width characters are refused, as they make two names look the same."""
    label = "text (or a mapping from language code to text)"

    def check(self, value: Any, path: Path, name: str, ctx: Context) -> Any:
        if isinstance(value, str):
            return self._one(value, path, name, ctx, None)
        if not isinstance(value, dict):
            return self.wrong_type(value, path, name, ctx)
        if not value:
            return ctx.error(path, "LP204", f"'{name}' is empty")
        result: dict[str | None, str] = {}
        for language, text in value.items():
            if language not in reference.languages():
                ctx.collector.error(
                    ctx.doc.key_at((*path, language)),
                    "LP305",
                    f"'{language}' in '{name}' is not an ISO 639-1 language code"
                    f"{suggest(str(language).lower(), list(reference.languages()))}",
                )
                continue
            if text is INVALID:
                continue
            if not isinstance(text, str):
                self.wrong_type(text, (*path, language), f"{name}.{language}", ctx)
                continue
            checked = self._one(text, (*path, language), f"{name}.{language}", ctx, language)
            if checked is not INVALID:
                result.update(checked)
        return result if len(result) == len(value) else INVALID

    def _one(self, text: str, path: Path, name: str, ctx: Context, language: str | None) -> Any:
        text = text.strip()
        if not text:
            return ctx.error(path, "LP204", f"'{name}' is empty")
        if self.max_length and len(text) > self.max_length:
            return ctx.error(
                path, "LP205", f"'{name}' is {len(text):,} characters long; the limit is {self.max_length:,}"
            )
        if self.title and (problem := text_problem(text, name, title=True)):
            return ctx.error(path, "LP315", problem)
        if self.markdown:
            if problem := markdown_problem(text):
                return ctx.error(path, "LP316", f"'{name}' {problem}")
            if match := _RAW_HTML.search(text):
                return ctx.error(
                    path, "LP310", f"'{name}' contains raw HTML ('{shorten(match.group(0))}'); write Markdown only"
                )
            for pattern in _MD_LINKS:
                for target in map(_balanced, pattern.findall(text)):
                    if not _is_web_url(target):
                        return ctx.error(
                            path, "LP311", f"'{name}' links to '{shorten(target)}'; links must be http:// or https:// URLs"
                        )
        return {language: text}


def _balanced(target: str) -> str:
    """Drop the ')' that closes a Markdown link from its target, keeping balanced parentheses."""
    extra = target.count(")") - target.count("(")
    trailing = len(target) - len(target.rstrip(")"))
    return target[: len(target) - min(max(extra, 0), trailing)]


def _is_web_url(value: str) -> bool:
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname) and not re.search(r"[\s<>\"\\^`{|}]", value)


class Url(Kind):
    """An http:// or https:// address."""

    label = "an http(s) URL"

    def check(self, value: Any, path: Path, name: str, ctx: Context) -> Any:
        if not isinstance(value, str):
            return self.wrong_type(value, path, name, ctx)
        value = value.strip()
        scheme = value.split(":", 1)[0].lower() if ":" in value else ""
        if scheme not in ("http", "https"):
            return ctx.error(path, "LP302", f"'{name}' must start with http:// or https://, found '{shorten(value)}'")
        if not _is_web_url(value):
            return ctx.error(path, "LP302", f"'{name}' is not a valid web address: '{shorten(value)}'")
        return value


@dataclasses.dataclass(frozen=True)
class TermRef(Kind):
    """The id of a term of a controlled vocabulary."""

    vocabulary: str

    @property
    def label(self) -> str:  # type: ignore[override]
        return f"a term id from catalog/vocabularies/{self.vocabulary}.yml"

    def check(self, value: Any, path: Path, name: str, ctx: Context) -> Any:
        if not isinstance(value, str):
            return self.wrong_type(value, path, name, ctx)
        terms = ctx.vocabularies.get(self.vocabulary)
        if terms is None:  # the vocabulary file itself could not be read; that error is reported already
            return value
        if value not in terms:
            merged = next((term.id for term in terms.values() if value in getattr(term, "replaces", ())), None)
            if merged is not None:
                return ctx.error(
                    path,
                    "LP301",
                    f"'{value}' is no longer a term of catalog/vocabularies/{self.vocabulary}.yml: it was merged "
                    f"into '{merged}'; write '{merged}' instead (make fix does it)",
                )
            return ctx.error(
                path,
                "LP301",
                f"'{value}' is not a term of catalog/vocabularies/{self.vocabulary}.yml{suggest(value, list(terms))}",
            )
        return value


@dataclasses.dataclass(frozen=True)
class Choice(Kind):
    """One word from a fixed list."""

    choices: tuple[str, ...]

    @property
    def label(self) -> str:  # type: ignore[override]
        return "one of " + ", ".join(self.choices)

    def check(self, value: Any, path: Path, name: str, ctx: Context) -> Any:
        if value not in self.choices or not isinstance(value, str):
            return ctx.error(path, "LP308", f"'{name}' must be one of {', '.join(self.choices)}; found {describe(value)}")
        return value


class Language(Kind):
    """An ISO 639-1 language code."""

    label = "an ISO 639-1 language code (two lowercase letters)"

    def check(self, value: Any, path: Path, name: str, ctx: Context) -> Any:
        if not isinstance(value, str):
            return self.wrong_type(value, path, name, ctx)
        if value not in reference.languages():
            hint = suggest(value.lower(), list(reference.languages())) if value.lower() in reference.languages() else ""
            return ctx.error(
                path, "LP305", f"'{value}' is not an ISO 639-1 language code (two lowercase letters, e.g. en, fr, ar){hint}"
            )
        return value


class Country(Kind):
    """An ISO 3166-1 alpha-2 country code."""

    label = "an ISO 3166-1 alpha-2 country code (two capital letters)"

    def check(self, value: Any, path: Path, name: str, ctx: Context) -> Any:
        if not isinstance(value, str):
            return self.wrong_type(value, path, name, ctx)
        if value not in reference.countries():
            hint = f"; did you mean '{value.upper()}'?" if value.upper() in reference.countries() else ""
            return ctx.error(
                path,
                "LP306",
                f"'{value}' is not an ISO 3166-1 alpha-2 country code (two capital letters, e.g. KE, BR){hint}",
            )
        return value


class Sdg(Kind):
    """A Sustainable Development Goal number."""

    label = "a whole number from 1 to 17"

    def check(self, value: Any, path: Path, name: str, ctx: Context) -> Any:
        if isinstance(value, bool) or not isinstance(value, int) or value not in reference.SDG_NAMES:
            return ctx.error(path, "LP307", f"'{name}' must list SDG numbers from 1 to 17; found {describe(value)}")
        return value


class Date(Kind):
    """A date: YYYY, YYYY-MM or YYYY-MM-DD."""

    label = "a date: YYYY, YYYY-MM or YYYY-MM-DD"

    def check(self, value: Any, path: Path, name: str, ctx: Context) -> Any:
        text = str(value) if isinstance(value, int) and not isinstance(value, bool) else value
        match = _DATE.match(text) if isinstance(text, str) else None
        try:
            if match:
                year, month, day = (int(g) if g else 1 for g in match.groups())
                datetime.date(year, month, day)
                return text
        except ValueError:
            pass
        return ctx.error(
            path, "LP303", f"'{name}' must be a date written YYYY, YYYY-MM or YYYY-MM-DD; found {describe(value)}"
        )


def duration_minutes(value: str) -> float | None:
    """Length of an ISO 8601 duration in minutes (months as 30 days), or None if it is not one (infinite if
    a number has more than nine digits)."""
    match = DURATION_PATTERN.match(value)
    if not match:
        return None
    if any(len(n) > 9 for n in match.groupdict().values() if n):
        return float("inf")
    return sum(int(n) * _MINUTES[unit] for unit, n in match.groupdict().items() if n)


class Duration(Kind):
    """An ISO 8601 duration."""

    label = "an ISO 8601 duration such as PT15M, PT1H30M or P6W"

    def check(self, value: Any, path: Path, name: str, ctx: Context) -> Any:
        minutes = duration_minutes(value) if isinstance(value, str) else None
        if minutes is None:
            return ctx.error(
                path,
                "LP304",
                f"'{name}' must be an ISO 8601 duration such as PT15M, PT1H30M or P6W; found {describe(value)}",
            )
        if minutes <= 0:
            return ctx.error(path, "LP304", f"'{name}' must be longer than zero; found '{value}'")
        if minutes > duration_minutes(MAX_DURATION):  # type: ignore[operator]
            return ctx.error(path, "LP304", f"'{name}' must be at most ten years ({MAX_DURATION}); found {describe(value)}")
        return {"iso": value, "minutes": minutes}


class Bool(Kind):
    """true or false."""

    label = "true or false"

    def check(self, value: Any, path: Path, name: str, ctx: Context) -> Any:
        if not isinstance(value, bool):
            return self.wrong_type(value, path, name, ctx)
        return value


class PositiveInt(Kind):
    """A whole number, 1 or more."""

    label = "a whole number of 1 or more"

    def check(self, value: Any, path: Path, name: str, ctx: Context) -> Any:
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            return ctx.error(path, "LP309", f"'{name}' must be a whole number of 1 or more; found {describe(value)}")
        return value


class Id(Kind):
    """An id: lowercase letters, digits and hyphens."""

    label = "an id: lowercase letters, digits and hyphens"

    def check(self, value: Any, path: Path, name: str, ctx: Context) -> Any:
        if not isinstance(value, str):
            return self.wrong_type(value, path, name, ctx)
        if problem := id_problem(value):
            return ctx.error(path, "LP401", f"'{name}' {problem}")
        return value


class ProductRef(Id):
    """The id of another product (its file name without .yml)."""

    label = "a product id (a file name in catalog/products/ without .yml)"

    def check(self, value: Any, path: Path, name: str, ctx: Context) -> Any:
        value = super().check(value, path, name, ctx)
        if value is not INVALID:
            ctx.references.append((ctx.doc.at(path), name, value))
        return value


class SeriesRef(Id):
    """The id of a series (a file name in catalog/series/ without .yml)."""

    label = "a series id (a file name in catalog/series/ without .yml)"

    def check(self, value: Any, path: Path, name: str, ctx: Context) -> Any:
        value = super().check(value, path, name, ctx)
        if value is not INVALID and value not in ctx.series:
            return ctx.error(
                path,
                "LP406",
                f"'{name}' names series '{value}', which does not exist (no catalog/series/{value}.yml)"
                f"{suggest(value, list(ctx.series)) if ctx.series else ''}",
            )
        return value


def id_problem(value: str) -> str | None:
    """Why ``value`` is not a valid id, or None."""
    if value in RESERVED_IDS:
        return f"'{value}' is reserved; choose another id"
    if not ID_PATTERN.match(value):
        slug = shorten(re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-") or "my-product", 60)
        return f"'{shorten(value)}' is not a valid id: use lowercase letters, digits and hyphens, e.g. '{slug}'"
    return None


@dataclasses.dataclass(frozen=True)
class ListOf(Kind):
    """A list of values of one kind."""

    item: Kind
    min_items: int = 0

    @property
    def label(self) -> str:  # type: ignore[override]
        return f"a list of {self.item.label}"

    def check(self, value: Any, path: Path, name: str, ctx: Context) -> Any:
        if not isinstance(value, list):
            if isinstance(self.item, Record) or isinstance(value, dict | list):
                return self.wrong_type(value, path, name, ctx)
            # A single value where a list is expected: say how to write the list.
            return ctx.error(
                path, "LP203", f"'{name}' must be a list; write it as [{value if value is not None else ''}] or as '- ' lines"
            )
        if len(value) < self.min_items:
            return ctx.error(path, "LP204", f"'{name}' must list at least {self.min_items} entry")
        result, seen, ok = [], set(), True
        for index, item in enumerate(value):
            if item is INVALID:
                ok = False
                continue
            checked = self.item.check(item, (*path, index), name, ctx)
            if not is_complete(checked):
                ok = False
                continue
            key = repr(checked)
            if not isinstance(self.item, Record) and key in seen:
                ctx.error((*path, index), "LP206", f"'{name}' lists {describe(checked)} twice")
                ok = False
                continue
            seen.add(key)
            result.append(checked)
        return result if ok else INVALID


@dataclasses.dataclass(frozen=True)
class Field:
    """One field of a record: its name, kind, whether it is required, and its documentation."""

    name: str
    kind: Kind
    doc: str
    required: bool = False
    default: Any = None
    example: str = ""


@dataclasses.dataclass(frozen=True)
class Record(Kind):
    """A mapping with known fields."""

    fields: tuple[Field, ...]
    what: str = "entry"

    @property
    def label(self) -> str:  # type: ignore[override]
        return f"a mapping ({self.what})"

    def field(self, name: str) -> Field:
        """The field called ``name``."""
        return next(f for f in self.fields if f.name == name)

    def check(self, value: Any, path: Path, name: str, ctx: Context) -> Any:
        if not isinstance(value, dict):
            first = next((f for f in self.fields if f.required), None)
            if isinstance(value, str) and first is not None and path and isinstance(path[-1], int):
                # A plain value where a list entry needs its fields: show the entry written out.
                return ctx.error(path, "LP203", f"each entry of '{name}' must be {self.label}; write it as "
                                                f"'- {first.name}: {value}'")
            return self.wrong_type(value, path, name, ctx)
        known = {f.name: f for f in self.fields}
        result: dict[str, Any] = {}
        ok = True
        for key in value:
            if key not in known:
                ctx.collector.error(
                    ctx.doc.key_at((*path, key)), "LP201", f"unknown field '{key}'{suggest(str(key), list(known))}"
                )
                ok = False
        for field in self.fields:
            if field.name not in value:
                if field.required:
                    ctx.error(path, "LP202", f"missing required field '{field.name}'")
                    ok = False
                continue
            raw = value[field.name]
            if raw is INVALID:
                ok = False
                continue
            if raw is None:
                ctx.error((*path, field.name), "LP204", f"'{field.name}' has no value; fill it in or delete the line")
                ok = False
                continue
            checked = field.kind.check(raw, (*path, field.name), field.name, ctx)
            if is_complete(checked):
                result[field.name] = checked
            else:
                ok = False
        return result if ok else _Partial(result)


class _Partial(dict):
    """What could be read of a record with errors (for cross-file checks only)."""


def is_complete(value: Any) -> bool:
    """True when a record was read without errors."""
    return value is not INVALID and not isinstance(value, _Partial)


@dataclasses.dataclass(frozen=True)
class MapOf(Kind):
    """A mapping from keys of one kind (any text by default) to values of another."""

    value: Kind
    key: Kind | None = None
    key_label: str = "text"

    @property
    def label(self) -> str:  # type: ignore[override]
        return f"a mapping from {self.key.label if self.key else self.key_label} to {self.value.label}"

    def check(self, value: Any, path: Path, name: str, ctx: Context) -> Any:
        if not isinstance(value, dict):
            return self.wrong_type(value, path, name, ctx)
        result, ok = {}, True
        for key, item in value.items():
            if not isinstance(key, str) or not key.strip():
                ctx.collector.error(ctx.doc.key_at((*path, key)), "LP203",
                                    f"the keys of '{name}' must be text, found {describe(key)}")
                ok = False
                continue
            if self.key is not None and self.key.check(key, (*path, key), f"a key of {name}", ctx) is INVALID:
                ok = False
                continue
            if item is None:
                ctx.error((*path, key), "LP204", f"'{name}.{key}' has no value; fill it in or delete the line")
                ok = False
                continue
            checked = self.value.check(item, (*path, key), f"{name}.{key}", ctx)
            if is_complete(checked):
                result[key] = checked
            else:
                ok = False
        return result if ok else INVALID


@dataclasses.dataclass(frozen=True)
class Mapped(Kind):
    """What a source's value maps to: one value (or, for list fields, a list of them); ``[]`` ignores it."""

    item: Kind
    many: bool = False

    @property
    def label(self) -> str:  # type: ignore[override]
        several = " or a list of them" if self.many else ""
        return f"{self.item.label}{several}; [] ignores the value"

    def check(self, value: Any, path: Path, name: str, ctx: Context) -> Any:
        if isinstance(value, list):
            if value and not self.many:
                return ctx.error(path, "LP203", f"'{name}' must be one value (or [] to ignore it), found a list")
            return ListOf(self.item).check(value, path, name, ctx)
        checked = self.item.check(value, path, name, ctx)
        return checked if checked is INVALID else [checked]


# --------------------------------------------------------------------------------------
# The contract.

PERSON = Record(
    (
        Field("name", Str(), "Full name, as the person writes it.", required=True, example="Shlomo Angel"),
        Field("affiliation", Str(), "Organisation the person belonged to for this product.", example="New York University"),
        Field("role", Str(), "What the person did, in a few words.", example="Lecturer"),
    ),
    what="a person",
)

LINK = Record(
    (
        Field("url", Url(), "Address of this way in.", required=True),
        Field("label", Str(), "What a learner sees on the link.", required=True, example="Audio (MP3)"),
        Field("language", Language(), "Language of what the link opens, if it differs from the product's."),
        Field("kind", Choice(LINK_KINDS), "What the link opens."),
    ),
    what="a link",
)

SEASON = Record(
    (
        Field("number", PositiveInt(), "Season number.", required=True, example="6"),
        Field("published", Date(), "When the season started."),
        Field("summary", Text(max_length=SUMMARY_LIMIT), "What the season is about, plain text."),
        Field("partners", ListOf(TermRef("organisations")), "Organisations that produced this season with the provider."),
    ),
    what="a season",
)

SOURCE = Record(
    (
        Field("url", Url(), "Address of a page the facts come from (http or https only).", required=True,
              example="https://unhabitat.org/knowledge/city-prosperity-initiative"),
        Field("title", Str(), "What the page is, in plain text.", example="Global Urban Lectures s06e03"),
        Field("checked", Date(), "When a person last checked the facts against it.", example="2026-11-30"),
    ),
    what="a source",
)

_PRODUCT_FIELDS = (
    Field("id", Id(), "Optional; if written, it must equal the file name (the file name is the id)."),
    Field("title", Text(title=True), "The product's name as its provider writes it.", required=True),
    Field(
        "summary",
        Text(max_length=SUMMARY_LIMIT),
        f"What a learner gets from it, in plain text of at most {SUMMARY_LIMIT} characters. Shown in lists and search results.",
        required=True,
    ),
    Field("url", Url(), "Where a learner opens the product (http or https only).", required=True),
    Field("format", TermRef("formats"), "What kind of product it is.", required=True, example="video-lecture"),
    Field("provider", TermRef("organisations"), "The organisation that offers it.", required=True, example="un-habitat"),
    Field("topics", ListOf(TermRef("topics"), 1), "What it teaches (at least one).", required=True),
    Field("audiences", ListOf(TermRef("audiences"), 1), "Who it is for (at least one).", required=True),
    Field(
        "languages",
        ListOf(Language(), 1),
        "Languages it is available in, as ISO 639-1 codes; the first is the language of the title and summary.",
        required=True,
        example="[en, fr]",
    ),
    Field("description", Text(markdown=True, max_length=DESCRIPTION_LIMIT),
          "Longer description in Markdown (no raw HTML; links must be http(s))."),
    Field("partners", ListOf(TermRef("organisations")), "Other organisations that made it with the provider."),
    Field("sdgs", ListOf(Sdg()), "Sustainable Development Goals it serves, as numbers 1-17.", example="[11, 13]"),
    Field("published", Date(), "When it was first published.", example="2020-07-07"),
    Field("updated", Date(), "When it was last revised."),
    Field("duration", Duration(), "How long it takes, as an ISO 8601 duration.", example="PT15M"),
    Field("level", Choice(LEVELS), "How much a learner should already know."),
    Field("mode", Choice(MODES), "How it is delivered."),
    Field("free", Bool(), "Whether it is free of charge, as a source states it; left out, learners read that "
          "its cost is not stated.", example="true"),
    Field("certificate", Bool(), "Whether learners can earn a certificate, as a source states it; left out, "
          "learners read that it is not stated."),
    Field("series", SeriesRef(), "The series it belongs to.", example="global-urban-lectures"),
    Field("season", PositiveInt(), "Season number within the series (needs `series`)."),
    Field("episode", PositiveInt(), "Episode number within the season (needs `series`)."),
    Field("people", ListOf(PERSON), "Lecturers, authors, facilitators: `name`, `affiliation`, `role`."),
    Field("countries", ListOf(Country()), "Countries it focuses on, as ISO 3166-1 alpha-2 codes.", example="[KE, TZ]"),
    Field("links", ListOf(LINK), "Other ways in: `url`, `label`, `language`, `kind` (" + ", ".join(LINK_KINDS) + ")."),
    Field("related", ListOf(ProductRef()), "Ids of related products."),
    Field("license", Str(), "Licence of the material, as its provider states it.", example="CC BY-NC-SA 3.0 IGO"),
    Field("status", Choice(STATUSES), "Whether learners can use it now.", default="active"),
    Field(
        "reviewed",
        Date(),
        "When a contributor last checked this entry against its sources; `make check` flags entries "
        "not reviewed for two years.",
        example="2026-11-25",
    ),
    Field(
        "sources",
        ListOf(SOURCE, 1),
        "The pages this entry's facts come from (at least one): `url`, `title`, `checked`. Learners see them "
        "on the product's page.",
        required=True,
    ),
)

# A harvested product's provenance (the `harvest` field), and the harvest sources (catalog/sources/<id>.yml):
# partners' published catalogues that `make harvest` lists products from.

HARVEST_KINDS = ("schema.org", "feed", "csv", "xlsx", "learning-page", "openedx")
"""The kinds of harvest source; each has a reader in ``learning_catalog.harvest.readers``."""
HARVEST_MAX_PAGES = 500
HARVESTED_FIELDS = tuple(f.name for f in _PRODUCT_FIELDS if f.name != "id")
"""Product fields that a harvest may write, and so record a hash of."""

HARVEST = Record(
    (
        Field("source", Id(), "The harvest source the product is listed from: catalog/sources/<source>.yml.",
              required=True),
        Field("upstream", Str(), "The record's identifier at the source: its page, feed entry or row address.",
              required=True),
        Field("retrieved", Date(), "When a harvest last wrote a change from the source (a run that finds no change "
              "writes nothing, not even this date).", required=True),
        Field("fingerprint", Str(), "A short hash of the record as last mapped from the source; while it stays the "
              "same the harvest leaves the file alone.", required=True),
        Field("fields", MapOf(Str(), Choice(HARVESTED_FIELDS)), "The short hash of each value the harvest wrote. A "
              "field whose value no longer matches its hash was edited by a person: later harvests keep it and report "
              "any conflict with the source.", required=True),
        Field("gone", Date(), "When the record disappeared from the source; the harvest then archived the product."),
    ),
    what="harvest provenance",
)
PRODUCT = Record(
    (
        *_PRODUCT_FIELDS,
        Field("harvest", HARVEST, "Written by `make harvest` for a product listed from a partner's catalogue (a "
              "harvest source): where it came from and what the harvest wrote. Leave it as it is; edit the "
              "product's other fields freely."),
    ),
    what="a product",
)

_MAPPED = {
    "format": Mapped(TermRef("formats")),
    "provider": Mapped(TermRef("organisations")),
    "topics": Mapped(TermRef("topics"), many=True),
    "audiences": Mapped(TermRef("audiences"), many=True),
    "languages": Mapped(Language(), many=True),
    "level": Mapped(Choice(LEVELS)),
    "mode": Mapped(Choice(MODES)),
    "duration": Mapped(Duration()),
}
_MAP_DOCS = {
    "format": ("The source's types (schema.org @type, learningResourceType...) -> a format term.",
               "{Course: online-course}"),
    "provider": ("The source's organisation names -> organisation terms (the provider; partners too).",
                 "{UN-Habitat: un-habitat}"),
    "topics": ("The source's keywords and categories -> topic terms.", "{Urban planning: urban-planning}"),
    "audiences": ("The source's audience names -> audience terms.", "{Local governments: local-government}"),
    "languages": ("The source's language names -> ISO 639-1 codes (tags such as en-GB, and English names, need "
                  "no table).", "{Français: fr}"),
    "level": ("The source's levels -> introductory, intermediate or advanced.", "{Beginner: introductory}"),
    "mode": ("The source's delivery modes -> self-paced, scheduled, in-person or blended.", "{online: self-paced}"),
    "duration": ("The source's durations in words -> ISO 8601 durations.", '{"3-4 hours": PT4H}'),
}
HARVEST_MAP = Record(
    tuple(Field(name, MapOf(kind, key_label="a value the source writes"), _MAP_DOCS[name][0],
                example=_MAP_DOCS[name][1]) for name, kind in _MAPPED.items()),
    what="mapping tables",
)
_NO_DEFAULT = ("id", "title", "summary", "url", "related", "series", "season", "episode", "status", "reviewed",
               "sources", "harvest")
HARVEST_DEFAULTS = Record(
    tuple(dataclasses.replace(f, required=False, default=None) for f in PRODUCT.fields if f.name not in _NO_DEFAULT),
    what="product fields",
)

HARVEST_SOURCE = Record(
    (
        Field("id", Id(), "Optional; if written, it must equal the file name."),
        Field("title", Str(), "What the source is, for the harvest report and its pull request.", required=True,
              example="UN-Habitat courses"),
        Field("url", Url(), "Where the harvest starts: a sitemap or page (schema.org), a feed, a spreadsheet, a "
              "catalog.json, or an Open edX course list.", required=True),
        Field("kind", Choice(HARVEST_KINDS), "How the source publishes its records.", required=True),
        Field("provider", TermRef("organisations"), "The organisation that publishes the source; the provider of its "
              "products unless a record names another one that `map.provider` knows.", required=True),
        Field("enabled", Bool(), "false: the source is documented but not harvested.", default=True),
        Field("pages", ListOf(Url()), "schema.org sources: more pages to read besides `url`."),
        Field("include", ListOf(Url()), "Only the pages (schema.org) or records (other kinds) whose address starts "
              "with one of these are harvested."),
        Field("max_pages", PositiveInt(), "At most this many requests to the source per run.",
              default=HARVEST_MAX_PAGES),
        Field("archive_missing", Bool(), "Whether a record that disappears from the source archives its product "
              "(default: true, but false for feeds, which often list recent items only)."),
        Field("defaults", HARVEST_DEFAULTS, "Product fields for every record that does not give them (format, "
              "audiences, languages, mode...)."),
        Field("map", HARVEST_MAP, "Mapping tables from the source's own values (keywords, types, levels, language "
              "names) to this catalogue's terms: `format`, `provider`, `topics`, `audiences`, `languages`, `level`, "
              "`mode`, `duration`."),
    ),
    what="a harvest source",
)


SERIES = Record(
    (
        Field("id", Id(), "Optional; if written, it must equal the file name."),
        Field("title", Text(title=True), "The series' name.", required=True),
        Field("summary", Text(max_length=SUMMARY_LIMIT), "What the series offers, plain text.", required=True),
        Field("url", Url(), "The series' home page.", required=True),
        Field("provider", TermRef("organisations"), "The organisation that runs it.", required=True),
        Field("partners", ListOf(TermRef("organisations")), "Organisations that run it with the provider."),
        Field("description", Text(markdown=True, max_length=DESCRIPTION_LIMIT), "Longer description in Markdown."),
        Field("published", Date(), "When the series started."),
        Field("seasons", ListOf(SEASON), "Seasons: `number`, `published`, `summary`, `partners`."),
    ),
    what="a series",
)


SCHEMA_ORG_TYPES = ("Course", "LearningResource", "VideoObject", "Book", "Event")


STEP = Record(
    (
        Field("product", ProductRef(), "The product of this step (its id).", required=True),
        Field("note", Str(), "Why this step, in a sentence or two, for the learner."),
    ),
    what="a step",
)

PATH = Record(
    (
        Field("id", Id(), "Optional; if written, it must equal the file name."),
        Field("title", Text(title=True), "The path's name.", required=True),
        Field("summary", Text(max_length=SUMMARY_LIMIT), "Who the path is for and what it leads to, plain text.",
              required=True),
        Field("description", Text(markdown=True, max_length=DESCRIPTION_LIMIT), "Longer description in Markdown."),
        Field("steps", ListOf(STEP, 1), "The products to take, in order: `product`, `note`.", required=True),
    ),
    what="a learning path",
)


def _term(*extra: Field) -> Record:
    fields = [
        Field("id", Id(), "The term's id, used in product files.", required=True),
        Field("label", Text(title=True), "Name shown to learners (or a mapping from language code to name).",
              required=True),
        Field("description", Text(), "One plain sentence explaining the term."),
        *extra,
        Field("replaces", ListOf(Id()), "Ids of former terms merged into this one: product files that still use "
              "them get an error, and `make fix` rewrites them to this term.", example="[guidelines]"),
    ]
    return Record(tuple(fields), what="a term")


TERM = _term()
ORGANISATION = _term(Field("url", Url(), "The organisation's home page."))
FORMAT = _term(Field("type", Choice(SCHEMA_ORG_TYPES), "The schema.org type of products in this format, for "
                     "search engines and other catalogues.", default="LearningResource"))

VOCABULARY = Record(
    (Field("terms", ListOf(TERM, 1), "The terms: `id`, `label`, `description`.", required=True),), what="a vocabulary"
)
ORGANISATIONS = Record(
    (Field("terms", ListOf(ORGANISATION, 1), "The organisations: `id`, `label`, `description`, `url`.", required=True),),
    what="a vocabulary",
)
FORMATS = Record(
    (Field("terms", ListOf(FORMAT, 1), "The formats: `id`, `label`, `description`, `type`.", required=True),),
    what="a vocabulary",
)

VOCABULARY_SCHEMAS: dict[str, Record] = {
    "topics": VOCABULARY,
    "formats": FORMATS,
    "audiences": VOCABULARY,
    "organisations": ORGANISATIONS,
}

