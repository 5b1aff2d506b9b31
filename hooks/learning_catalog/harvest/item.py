"""What a reader gives the harvest: the records of one source, as `Item`\\s, and what it could not read."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from ..contract.model import HarvestSource
from .fetch import Budget, Fetcher

MAPPED_FIELDS = ("format", "provider", "partners", "topics", "audiences", "languages", "level", "mode", "duration")
"""Fields whose values come from the source's own words through its mapping tables (``map.<field>``;
``partners`` use ``map.provider``)."""


@dataclasses.dataclass
class Item:
    """One record of a source, before mapping."""

    upstream: str
    """Its identifier at the source: the record's page address, a feed entry's id, a row's url, a product id."""
    page: str
    """Where a person sees it at the source (the citation in the product file)."""
    values: dict[str, Any] = dataclasses.field(default_factory=dict)
    """Product fields as the source gives them: ``title``, ``summary``, ``description`` (which may hold HTML),
    ``url``, ``published``, ``updated``, ``free``, ``certificate``, ``people``, ``license``..."""
    words: dict[str, list[str]] = dataclasses.field(default_factory=dict)
    """The source's own values for the `MAPPED_FIELDS` (``{"topics": ["Urban planning", "SDG 11"]}``)."""
    labels: dict[tuple[str, str], str] = dataclasses.field(default_factory=dict)
    """(field, word) -> a label to try when the word itself is unknown (another Learning Page's term names)."""
    problems: list[str] = dataclasses.field(default_factory=list)
    """Why the record cannot be used, found while reading it."""
    where: str = ""
    """Where it was read, for messages: the page, or ``row 7``."""


@dataclasses.dataclass
class Listing:
    """What a reader found."""

    items: list[Item] = dataclasses.field(default_factory=list)
    skipped: list[tuple[str, str]] = dataclasses.field(default_factory=list)
    """(where, why) for pages or entries that could not be read at all."""
    complete: bool = True
    """True when every record of the source was read: a product whose record is missing is then gone upstream."""
    notes: list[str] = dataclasses.field(default_factory=list)
    """Remarks about the source as a whole (unknown spreadsheet columns...), in Markdown: the reader puts
    anything taken from the source in code spans."""


Reader = Callable[[HarvestSource, Fetcher, Budget], Listing]
"""A reader: it fetches only through the `Fetcher`, raises `FetchError` if the source cannot be read at all
(its products are then left untouched), and otherwise returns a `Listing`."""
