"""The data behind the catalogue explorer (``/catalogue/``): every product's facets, compactly.

The explorer page downloads one JSON file per language, column by column: ids, titles,
dates, durations, statuses and, for each facet, the index of each product's values in that
facet's value list. That is all the first view needs, so it stays light at thousands of
products. Two kinds of small files, the same for every language, are fetched only when
needed:

* ``catalogue/summaries/<id>.json``: a product's summary in each language the catalogue has,
  fetched for the cards a learner scrolls to;
* ``catalogue/words/<key>.json``: an index of the words of summaries, people and titles in
  every language (word -> the products that have it), split by the word's first letter
  (``word_key``), fetched for the words a learner types in the explorer's text box. The
  script matches what is typed against the start of words, so "hous" finds "housing".

Words are folded the same way here and in ``docs/javascripts/explorer.js``: compatibility
decomposition, marks removed, lowercase; Chinese and Japanese characters are words of their
own; Arabic words also count without a joined "and", "by", "as", "for" or "al-".
"""

from __future__ import annotations

import dataclasses
import json
import re
import unicodedata
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


NOT_STATED = "not-stated"
"""The value of an optional yes/no fact that the product's file does not state."""


def _stated(value: bool | None) -> str:
    return NOT_STATED if value is None else "yes" if value else "no"


def _term(vocabulary: str) -> Callable[[Catalogue, Any, Translation], str]:
    return lambda catalogue, value, t: catalogue.term(vocabulary, value).label.get(t.language)[1]


def _vocabulary_order(vocabulary: str) -> Callable[[Catalogue], list[Any]]:
    return lambda catalogue: list(catalogue.vocabularies[vocabulary])


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
    # Cost and certificate are optional facts: a product whose file does not state them is "not stated", never
    # counted as free or without certificate.
    ExplorerFacet(param="free", label="Cost", values=lambda p: (_stated(p.free),),
                  labels=lambda c, v, t: t.gettext({"yes": "Free", "no": "Fee charged"}.get(v, "Not stated")),
                  order=lambda c: ["yes", "no", NOT_STATED]),
    ExplorerFacet(param="certificate", label="Certificate", values=lambda p: (_stated(p.certificate),),
                  labels=lambda c, v, t: t.gettext(
                      {"yes": "With certificate", "no": "Without certificate"}.get(v, "Not stated")),
                  order=lambda c: ["yes", "no", NOT_STATED]),
)
"""The explorer's filters. Their labels, and the labels of the values that are not catalogue terms, are in
``i18n.EXTRA_MESSAGES`` for translation."""


STATUSES = ("active", "upcoming", "archived")


def explorer_products(catalogue: Catalogue) -> list[Product]:
    """The products in the explorer's order (by title), the same in every language: the word index points into it."""
    return sorted(catalogue.products.values(), key=lambda p: (p.title.text.casefold(), p.id))


def explorer_data(catalogue: Catalogue, translation: Translation | None = None) -> dict[str, Any]:
    """The explorer's data in one interface language: facets with their values, and the products as columns.

    Columns: ``id``, ``title``, ``lang`` (of the title), ``date`` (newest of published and updated),
    ``minutes``, ``time`` (the duration as learners read it), ``status`` (index in ``statuses``: active,
    upcoming, archived), then one column per facet, named by its URL parameter, holding for each product the
    indices of its values in that facet's ``values``. Facets without values (no product states a level) are
    left out.
    """
    t = translation or Translation(language=DEFAULT)
    products = explorer_products(catalogue)
    facets, columns = [], {}
    for facet in EXPLORER_FACETS:
        present = {value for p in products for value in facet.values(p)}
        order = (facet.order(catalogue) if facet.order
                 else sorted(present, key=lambda v: facet.labels(catalogue, v, t).casefold()))
        values = [value for value in order if value in present]
        if not values:
            continue
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
            "status": [STATUSES.index(p.status) for p in products],
            **columns,
        },
        "statuses": [t.gettext(status.capitalize()) for status in STATUSES],
    }


def explorer_json(catalogue: Catalogue, translation: Translation | None = None) -> str:
    """The explorer's data as compact JSON."""
    return json.dumps(explorer_data(catalogue, translation), ensure_ascii=False, separators=(",", ":"))


# -- Text the explorer fetches when it needs it: summaries, and the index of words ------------------------

SUMMARIES = "catalogue/summaries"
WORDS = "catalogue/words"
_WORD = re.compile(r"[^\W_]+")
_IDEOGRAPHIC = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")
_ARABIC_PREFIXES = ("وال", "بال", "كال", "فال", "لل", "ال", "و", "ف", "ب")


def fold(text: str) -> str:
    """Text as the explorer compares it: compatibility forms, without marks (accents, Arabic vowels), lowercase."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.category(c).startswith("M")).lower()


def words(text: str) -> list[str]:
    """The words of ``text`` as the explorer's text box matches them (see the module's docstring)."""
    found: list[str] = []
    for word in _WORD.findall(fold(text)):
        if _IDEOGRAPHIC.search(word):
            found += [part for part in re.split(f"({_IDEOGRAPHIC.pattern})", word) if part]
            continue
        found.append(word)
        if "\u0621" <= word[0] <= "\u064a":
            for prefix in _ARABIC_PREFIXES:
                if word.startswith(prefix) and len(word) - len(prefix) >= 3:
                    found.append(word[len(prefix):])
                    break
    return found


def word_key(word: str) -> str:
    """The file a word's entries are in: its first letter's code point in hex; Chinese and Japanese characters
    (thousands of them) share a file per block of 64 code points."""
    point = ord(word[0])
    return f"{point:x}" if point < 0x3000 else f"{point >> 6:x}x"


def summary_files(catalogue: Catalogue) -> dict[str, str]:
    """``catalogue/summaries/<id>.json`` for each product: its summary in every language the catalogue has, the
    original first."""
    return {f"{SUMMARIES}/{p.id}.json": json.dumps(dict(p.summary.values), ensure_ascii=False, separators=(",", ":"))
            for p in catalogue.products.values()}


def word_index(catalogue: Catalogue) -> dict[str, dict[str, list[int]]]:
    """key -> word -> the products (positions in the explorer's order) whose summaries, people or titles in any
    language have the word, as gaps from the previous position (smaller numbers)."""
    index: dict[str, dict[str, list[int]]] = {}
    for position, product in enumerate(explorer_products(catalogue)):
        texts = [*product.title.values.values(), *product.summary.values.values()]
        texts += [" ".join(filter(None, (person.name, person.affiliation))) for person in product.people]
        for word in set(words(" ".join(texts))):
            index.setdefault(word_key(word), {}).setdefault(word, []).append(position)
    for entries in index.values():
        for word, positions in entries.items():
            entries[word] = [b - a for a, b in zip([0, *positions], positions)]
    return {key: dict(sorted(entries.items())) for key, entries in sorted(index.items())}


def word_files(catalogue: Catalogue) -> dict[str, str]:
    """``catalogue/words/<key>.json`` for each key of the word index."""
    return {f"{WORDS}/{key}.json": json.dumps(entries, ensure_ascii=False, separators=(",", ":"))
            for key, entries in word_index(catalogue).items()}
