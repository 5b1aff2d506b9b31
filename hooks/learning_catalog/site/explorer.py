"""The data behind the catalogue explorer (``/catalogue/``): every product's facets, compactly.

The explorer page downloads one JSON file, column by column: ids, titles, dates,
durations and, for each facet, the index of each product's values in that facet's value
list. Summaries are not included: the explorer filters titles and organisations, and
site search covers the full text. This keeps the first explorer view light at thousands
of products.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Iterable
from typing import Any

from .i18n import DEFAULT, Translation
from ..contract.model import Catalogue, Product

VERSION = 1

# Duration bands, as (parameter value, label, lower bound in minutes inclusive, upper bound exclusive).
DURATION_BANDS = (
    ("under-30-min", "Under 30 min", 0, 30),
    ("30-min-to-2-h", "30 min to 2 h", 30, 120),
    ("2-to-10-h", "2 h to 10 h", 120, 600),
    ("over-10-h", "Over 10 h", 600, float("inf")),
)


def duration_band(product: Product) -> str | None:
    """The duration band a product falls in, or None when its duration is unknown."""
    if product.duration is None:
        return None
    return next(key for key, _, low, high in DURATION_BANDS if low <= product.duration.minutes < high)


@dataclasses.dataclass(frozen=True, kw_only=True)
class ExplorerFacet:
    """A filter of the explorer: its URL parameter, heading, values and how to read them off a product."""

    param: str
    label: str
    values: Callable[[Product], Iterable[Any]]
    labels: Callable[[Catalogue, Any, Translation], str]
    """A value's label in the translation's language."""
    order: Callable[[Catalogue], list[Any]] | None = None


def _term(vocabulary: str) -> Callable[[Catalogue, Any, Translation], str]:
    return lambda catalogue, value, t: catalogue.term(vocabulary, value).label.get(t.language)[1]


def _vocabulary_order(vocabulary: str) -> Callable[[Catalogue], list[Any]]:
    return lambda catalogue: list(catalogue.vocabularies[vocabulary])


def _stated(value: bool | None) -> tuple[str, ...]:
    """A yes/no value as the explorer's option, or none when no source states it."""
    return () if value is None else ("yes" if value else "no",)


EXPLORER_FACETS: tuple[ExplorerFacet, ...] = (
    ExplorerFacet(param="topic", label="Topic", values=lambda p: p.topics, labels=_term("topics"),
                  order=_vocabulary_order("topics")),
    ExplorerFacet(param="format", label="Format", values=lambda p: (p.format,), labels=_term("formats"),
                  order=_vocabulary_order("formats")),
    ExplorerFacet(param="audience", label="Audience", values=lambda p: p.audiences, labels=_term("audiences"),
                  order=_vocabulary_order("audiences")),
    ExplorerFacet(param="language", label="Language", values=lambda p: p.languages,
                  labels=lambda c, v, t: t.language_name(v)),
    ExplorerFacet(param="organisation", label="Provider or partner", values=lambda p: p.organisations,
                  labels=_term("organisations")),
    ExplorerFacet(param="sdg", label="Sustainable Development Goal", values=lambda p: p.sdgs,
                  labels=lambda c, v, t: t.sdg_label(v), order=lambda c: list(range(1, 18))),
    ExplorerFacet(param="level", label="Level", values=lambda p: (p.level,) if p.level else (),
                  labels=lambda c, v, t: t.gettext(v.capitalize()),
                  order=lambda c: ["introductory", "intermediate", "advanced"]),
    ExplorerFacet(param="duration", label="Duration", values=lambda p: (b,) if (b := duration_band(p)) else (),
                  labels=lambda c, v, t: t.gettext(next(label for key, label, *_ in DURATION_BANDS if key == v)),
                  order=lambda c: [key for key, *_ in DURATION_BANDS]),
    ExplorerFacet(param="mode", label="Mode", values=lambda p: (p.mode,) if p.mode else (),
                  labels=lambda c, v, t: t.gettext(v.capitalize()),
                  order=lambda c: ["self-paced", "scheduled", "in-person", "blended"]),
    # Cost and certificate: a product whose sources say nothing about them has no value (and is in neither option).
    ExplorerFacet(param="free", label="Cost", values=lambda p: _stated(p.free),
                  labels=lambda c, v, t: t.gettext("Free" if v == "yes" else "Fee charged"), order=lambda c: ["yes", "no"]),
    ExplorerFacet(param="certificate", label="Certificate", values=lambda p: _stated(p.certificate),
                  labels=lambda c, v, t: t.gettext("With certificate" if v == "yes" else "Without certificate"),
                  order=lambda c: ["yes", "no"]),
)
"""The explorer's filters. Their labels, and the labels of the values that are not catalogue terms, are in
``i18n.EXTRA_MESSAGES`` for translation."""


def explorer_data(catalogue: Catalogue, translation: Translation | None = None) -> dict[str, Any]:
    """The explorer's data in one interface language: facets with their values, and the products as columns.

    Columns: ``id``, ``title``, ``lang`` (of the title), ``date`` (newest of published and updated),
    ``minutes``, ``time`` (the duration as learners read it), then one column per facet, named by its
    URL parameter, holding for each product the indices of its values in that facet's ``values``.
    """
    t = translation or Translation(language=DEFAULT)
    products = sorted(catalogue.products.values(), key=lambda p: (p.title.text.casefold(), p.id))
    facets, columns = [], {}
    for facet in EXPLORER_FACETS:
        present = {value for p in products for value in facet.values(p)}
        order = (facet.order(catalogue) if facet.order
                 else sorted(present, key=lambda v: facet.labels(catalogue, v, t).casefold()))
        values = [value for value in order if value in present]
        index = {value: i for i, value in enumerate(values)}
        facets.append({"param": facet.param, "label": t.gettext(facet.label),
                       "values": [[str(v), facet.labels(catalogue, v, t)] for v in values]})
        columns[facet.param] = [[index[v] for v in facet.values(p)] for p in products]
    titles = [p.title.get(t.language) for p in products]
    return {
        "version": VERSION,
        "facets": facets,
        "products": {
            "id": [p.id for p in products],
            "title": [title for _, title in titles],
            "lang": [language for language, _ in titles],
            "date": [p.newest_date for p in products],
            "minutes": [round(p.duration.minutes) if p.duration else None for p in products],
            "time": [t.duration(p.duration) if p.duration else "" for p in products],
            **columns,
        },
    }


def explorer_json(catalogue: Catalogue, translation: Translation | None = None) -> str:
    """The explorer's data as compact JSON."""
    return json.dumps(explorer_data(catalogue, translation), ensure_ascii=False, separators=(",", ":"))
