"""The catalogue at a glance: counts for the statistics page, drawn as static SVG bar charts with tables.

Everything is computed at build time; the browser downloads no chart library.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable, Iterable

from ..contract import reference
from .i18n import DEFAULT, Translation, fill
from ..contract.model import Catalogue, Product

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


def charts(catalogue: Catalogue, translation: Translation | None = None) -> list[Chart]:
    """The statistics page's charts, in reading order, with their words in ``translation``'s language.

    The titles, columns and units are in ``i18n.EXTRA_MESSAGES`` for translation.
    """
    t = translation or Translation(language=DEFAULT)
    _ = t.gettext
    products = list(catalogue.products.values())
    term = lambda vocabulary: (lambda key: catalogue.term(vocabulary, key).label.get(t.language)[1])  # noqa: E731
    total = len(products) or 1
    languages = tuple(
        (t.language_name(code), round(100 * sum(code in p.languages for p in products) / total, 1))
        for code in UN_LANGUAGES
    )
    series = []
    for item in catalogue.series.values():
        members = [p for p in products if p.series == item.id]
        seasons = Counter(p.season for p in members if p.season)
        title = item.title.get(t.language)[1]
        series.append((title, len(members)))
        series += [(fill(_("%(series)s, season %(season)s"), {"series": title, "season": t.number(n)}), seasons[n])
                   for n in sorted(seasons)]
    return [
        Chart(id="languages", column=_("Language"), title=_("Products available in each UN language"),
              unit=_("% of products"), bars=languages, percent=True),
        Chart(id="topics", column=_("Topic"), title=_("Products by topic"), unit=_("products"),
              bars=_count(products, lambda p: p.topics, term("topics"))),
        Chart(id="sdgs", column=_("Goal"), title=_("Products by Sustainable Development Goal"), unit=_("products"),
              bars=_count(products, lambda p: p.sdgs, t.sdg_label, order=list(reference.SDG_NAMES))),
        Chart(id="formats", column=_("Format"), title=_("Products by format"), unit=_("products"),
              bars=_count(products, lambda p: (p.format,), term("formats"))),
        Chart(id="audiences", column=_("Audience"), title=_("Products by audience"), unit=_("products"),
              bars=_count(products, lambda p: p.audiences, term("audiences"))),
        Chart(id="organisations", column=_("Organisation"), title=_("Products by provider or partner"),
              unit=_("products"), bars=_count(products, lambda p: p.organisations, term("organisations"))),
        Chart(id="years", column=_("Year"), title=_("Products by year first published"), unit=_("products"),
              bars=_count(products, lambda p: (p.published[:4],) if p.published else (), str,
                          order=sorted({p.published[:4] for p in products if p.published}))),
        Chart(id="series", column=_("Series or season"), title=_("Series and seasons"), unit=_("products"),
              bars=tuple(series)),
        Chart(id="all-languages", column=_("Language"), title=_("Products by language"), unit=_("products"),
              bars=_count(products, lambda p: p.languages, t.language_name)),
    ]
