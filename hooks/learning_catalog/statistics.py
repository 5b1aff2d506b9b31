"""The catalogue at a glance: counts for the statistics page, drawn as static SVG bar charts with tables.

Everything is computed at build time; the browser downloads no chart library.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable, Iterable

from . import formatting, reference
from .model import Catalogue, Product

UN_LANGUAGES = ("ar", "zh", "en", "fr", "ru", "es")


@dataclasses.dataclass(frozen=True, kw_only=True)
class Chart:
    """One chart: a heading, what its numbers count, and its bars (label, value)."""

    id: str
    title: str
    column: str
    unit: str
    bars: tuple[tuple[str, float], ...]
    percent: bool = False

    @property
    def maximum(self) -> float:
        """The longest bar's value (at least 1, so that empty charts still draw)."""
        return max([value for _, value in self.bars] + [1])


def _count(products: Iterable[Product], values: Callable[[Product], Iterable[object]],
           label: Callable[[object], str], order: list[object] | None = None) -> tuple[tuple[str, float], ...]:
    counts = Counter(value for product in products for value in values(product))
    keys = order if order is not None else sorted(counts, key=lambda k: (-counts[k], label(k).casefold()))
    return tuple((label(key), counts[key]) for key in keys if counts[key])


def charts(catalogue: Catalogue) -> list[Chart]:
    """The statistics page's charts, in reading order."""
    products = list(catalogue.products.values())
    term = lambda vocabulary: (lambda key: catalogue.term(vocabulary, key).label.text)  # noqa: E731
    total = len(products) or 1
    languages = tuple(
        (formatting.language_name(code), round(100 * sum(code in p.languages for p in products) / total, 1))
        for code in UN_LANGUAGES
    )
    series = []
    for item in catalogue.series.values():
        members = [p for p in products if p.series == item.id]
        seasons = Counter(p.season for p in members if p.season)
        series.append((item.title.text, len(members)))
        series += [(f"{item.title.text}, season {n}", seasons[n]) for n in sorted(seasons)]
    return [
        Chart(id="languages", column="Language", title="Products available in each UN language", unit="% of products",
              bars=languages, percent=True),
        Chart(id="topics", column="Topic", title="Products by topic", unit="products",
              bars=_count(products, lambda p: p.topics, term("topics"))),
        Chart(id="sdgs", column="Goal", title="Products by Sustainable Development Goal", unit="products",
              bars=_count(products, lambda p: p.sdgs, formatting.sdg_label, order=list(reference.SDG_NAMES))),
        Chart(id="formats", column="Format", title="Products by format", unit="products",
              bars=_count(products, lambda p: (p.format,), term("formats"))),
        Chart(id="audiences", column="Audience", title="Products by audience", unit="products",
              bars=_count(products, lambda p: p.audiences, term("audiences"))),
        Chart(id="organisations", column="Organisation", title="Products by provider or partner", unit="products",
              bars=_count(products, lambda p: p.organisations, term("organisations"))),
        Chart(id="years", column="Year", title="Products by year first published", unit="products",
              bars=_count(products, lambda p: (p.published[:4],) if p.published else (), str,
                          order=sorted({p.published[:4] for p in products if p.published}))),
        Chart(id="series", column="Series or season", title="Series and seasons", unit="products", bars=tuple(series)),
        Chart(id="all-languages", column="Language", title="Products by language", unit="products",
              bars=_count(products, lambda p: p.languages, formatting.language_name)),
    ]
