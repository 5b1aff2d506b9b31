"""The validated catalogue: plain, frozen data that the renderers read.

Nothing here knows about YAML, files or MkDocs. Values are already checked: codes are
valid, references resolve, URLs are http(s).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping


@dataclasses.dataclass(frozen=True, kw_only=True)
class Text:
    """Text with translations: language code -> text; the first entry is the original."""

    values: Mapping[str, str]

    @property
    def language(self) -> str:
        """Language of the original text."""
        return next(iter(self.values))

    @property
    def text(self) -> str:
        """The original text."""
        return self.values[self.language]

    def get(self, language: str) -> tuple[str, str]:
        """Text in ``language`` if the catalogue has it, else the original: ``(language, text)``."""
        if language in self.values:
            return language, self.values[language]
        return self.language, self.text

    def __str__(self) -> str:
        return self.text


@dataclasses.dataclass(frozen=True, kw_only=True)
class Duration:
    """An ISO 8601 duration as written, with its length in minutes (months as 30 days)."""

    iso: str
    minutes: float


@dataclasses.dataclass(frozen=True, kw_only=True)
class Term:
    """A term of a controlled vocabulary (topic, format, audience, organisation)."""

    id: str
    label: Text
    description: Text | None = None
    url: str | None = None
    type: str | None = None
    """For formats: the schema.org type of their products."""
    replaces: tuple[str, ...] = ()
    """Ids of former terms merged into this one (``make fix`` rewrites them)."""
    source: str = ""


@dataclasses.dataclass(frozen=True, kw_only=True)
class Person:
    """Someone who made or presents a product."""

    name: str
    affiliation: str | None = None
    role: str | None = None


@dataclasses.dataclass(frozen=True, kw_only=True)
class Link:
    """Another way into a product: audio, a PDF, a transcript..."""

    url: str
    label: str
    language: str | None = None
    kind: str | None = None


@dataclasses.dataclass(frozen=True, kw_only=True)
class Source:
    """A page the facts of a product's entry come from."""

    url: str
    title: str | None = None
    checked: str | None = None
    """When a person last checked the facts against the page: YYYY, YYYY-MM or YYYY-MM-DD."""


@dataclasses.dataclass(frozen=True, kw_only=True)
class Season:
    """A season of a series."""

    number: int
    published: str | None = None
    summary: Text | None = None
    partners: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True, kw_only=True)
class Series:
    """A series of products, such as the Global Urban Lectures."""

    id: str
    title: Text
    summary: Text
    url: str
    provider: str
    partners: tuple[str, ...] = ()
    description: Text | None = None
    published: str | None = None
    seasons: tuple[Season, ...] = ()
    source: str = ""

    def season(self, number: int | None) -> Season | None:
        """The season with this number, if the series describes it."""
        return next((s for s in self.seasons if s.number == number), None)


@dataclasses.dataclass(frozen=True, kw_only=True)
class Harvest:
    """Where a harvested product came from, and the short hash of each value the harvest wrote."""

    source: str
    upstream: str
    retrieved: str
    fingerprint: str
    fields: Mapping[str, str]
    gone: str | None = None


@dataclasses.dataclass(frozen=True, kw_only=True)
class HarvestSource:
    """A partner's published catalogue that ``make harvest`` lists products from (``catalog/sources/<id>.yml``)."""

    id: str
    title: str
    url: str
    kind: str
    provider: str
    enabled: bool = True
    pages: tuple[str, ...] = ()
    include: tuple[str, ...] = ()
    max_pages: int = 500
    archive_missing: bool | None = None
    defaults: Mapping[str, object] = dataclasses.field(default_factory=dict)
    """Product values for records that do not give them, as the source file writes them."""
    map: Mapping[str, Mapping[str, list[object]]] = dataclasses.field(default_factory=dict)
    """Per field (``topics``...), each source value -> what it maps to (a list; empty: ignored)."""
    source: str = ""


@dataclasses.dataclass(frozen=True, kw_only=True)
class Product:
    """A learning product: a lecture, course, handbook, guide, toolkit, webinar..."""

    id: str
    title: Text
    summary: Text
    url: str
    format: str
    provider: str
    topics: tuple[str, ...]
    audiences: tuple[str, ...]
    languages: tuple[str, ...]
    description: Text | None = None
    partners: tuple[str, ...] = ()
    sdgs: tuple[int, ...] = ()
    published: str | None = None
    updated: str | None = None
    duration: Duration | None = None
    level: str | None = None
    mode: str | None = None
    free: bool | None = None
    """Whether it is free of charge; None when no source says."""
    certificate: bool | None = None
    """Whether learners can earn a certificate; None when no source says."""
    series: str | None = None
    season: int | None = None
    episode: int | None = None
    people: tuple[Person, ...] = ()
    countries: tuple[str, ...] = ()
    links: tuple[Link, ...] = ()
    related: tuple[str, ...] = ()
    license: str | None = None
    status: str = "active"
    reviewed: str | None = None
    sources: tuple[Source, ...] = ()
    """The pages the entry's facts come from (the contract requires at least one)."""
    harvest: Harvest | None = None
    source: str = ""
    """The catalogue file the product was read from (not one of its ``sources``)."""

    @property
    def organisations(self) -> tuple[str, ...]:
        """Provider first, then partners."""
        return (self.provider, *self.partners)

    @property
    def newest_date(self) -> str:
        """The later of ``updated`` and ``published`` ('' when neither is known)."""
        return max(self.updated or "", self.published or "")


@dataclasses.dataclass(frozen=True, kw_only=True)
class Step:
    """A step of a learning path: a product and why to take it."""

    product: str
    note: str | None = None


@dataclasses.dataclass(frozen=True, kw_only=True)
class LearningPath:
    """An ordered sequence of products, such as "The New Urban Agenda: first steps"."""

    id: str
    title: Text
    summary: Text
    steps: tuple[Step, ...]
    description: Text | None = None
    source: str = ""


VOCABULARIES = ("topics", "formats", "audiences", "organisations")


@dataclasses.dataclass(frozen=True, kw_only=True)
class Catalogue:
    """Everything the site is built from."""

    products: Mapping[str, Product]
    series: Mapping[str, Series]
    vocabularies: Mapping[str, Mapping[str, Term]]
    paths: Mapping[str, LearningPath] = dataclasses.field(default_factory=dict)
    translations: Mapping[str, Mapping[str, str | Mapping[str, str]]] = dataclasses.field(default_factory=dict)
    """The interface strings of each language but English (``catalog/translations/<language>.yml``): English
    text -> translation, or -> a mapping from CLDR plural category to translation."""
    sources: Mapping[str, HarvestSource] = dataclasses.field(default_factory=dict)
    """The harvest sources (``catalog/sources/<id>.yml``): partners' catalogues that ``make harvest`` reads."""

    def paths_of(self, product_id: str) -> list[tuple[LearningPath, int]]:
        """The learning paths a product is a step of, with the step's index."""
        return [(path, index) for path in self.paths.values()
                for index, step in enumerate(path.steps) if step.product == product_id]

    def term(self, vocabulary: str, term_id: str) -> Term:
        """A vocabulary term by id."""
        return self.vocabularies[vocabulary][term_id]
