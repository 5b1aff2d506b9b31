"""The interface in the six UN languages: which languages, their strings, dates, durations and names.

English is the site's own language, at the root; Arabic, Chinese, French, Russian and
Spanish are at ``/ar/``, ``/zh/``, ``/fr/``, ``/ru/`` and ``/es/``. Every string the
project writes is marked in the templates (``_("...")``, ``ngettext(...)``) or listed in
``EXTRA_MESSAGES`` (the navigation's titles and the scripts' strings) and translated in
``catalog/translations/<language>.yml``, one file per language that contributors correct
like any catalogue file: a mapping from the English text to its translation. A string
missing there shows in English. Dates, the names of languages and countries and the
plural rules come from Babel (the Unicode CLDR data), so they need no translation;
durations use translated units ("%(num)s min"). Numbers and lists are written with the
language's separators from the CLDR too ("5 000" in French; "A وB وC" in Arabic, never a
Latin comma), through ``Translation.number`` and ``Translation.join``.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
from collections.abc import Mapping
from pathlib import Path

import jinja2
from babel import Locale
from babel.dates import format_date, format_skeleton
from babel.numbers import format_decimal
from markupsafe import Markup, escape

from ..contract import labels, reference
from ..contract.languages import (DEFAULT, LANGUAGES, PLURAL_CATEGORIES, Interface, direction, fill, iter_languages,
                                  language_of, placeholders, prefix)
from ..contract.model import Catalogue, Duration
from . import formatting

__all__ = ["DEFAULT", "LANGUAGES", "PLURAL_CATEGORIES", "Interface", "Translation", "direction", "fill", "interface",
           "iter_languages", "language_of", "messages", "own_name", "placeholders", "prefix", "translation"]
TEMPLATES = Path(__file__).parent / "templates"

EXTRA_MESSAGES = (
    # The navigation (mkdocs.yml's nav titles).
    "Home", "Catalogue", "Browse", "Topics", "Formats", "Audiences", "Languages", "Organisations", "SDGs",
    "Series", "Learning paths", "Data", "At a glance", "About", "Contribute", "Catalogue fields",
    "Spreadsheet import", "Review checklist", "Python API",
    "Wanted products",  # catalog/WANTED.md, in the Contribute section
    "Partners' catalogues",  # the harvest's contributor page (issue #15)
    # The scripts (docs/javascripts/), given to them by the templates.
    "Search is not available here.", "More results", "Remove filter: %(name)s",
    "Show %(count)s more (%(left)s not shown)",
    # The footer (mkdocs.yml's copyright).
    "Catalogue data from UN-Habitat and its partners; each product belongs to its provider.",
    # Identity and trust (#12): the footer's links, My list in the navigation, the 404 page (docs/overrides/404.html).
    "About this site", "About the site", "Contact", "Privacy", "Licence", "My list", "Page not found",
    "There is no page at this address. It may have moved, or the address may have a typo.", "Search the site",
    "Open the catalogue", "Browse by topic", "Go to the home page",
    # Pages in English only.
    "This page is in English only.",
    # Values, and the explorer's filters (explorer.py).
    "SDG %(number)s: %(name)s", "%(num)s min", "%(num)s h", "Introductory", "Intermediate", "Advanced",
    "Self-paced", "Scheduled", "In-person", "Blended", "Active", "Archived", "Upcoming", "web", "audio", "video", "PDF", "Topic", "Format", "Audience",
    "Language", "Provider or partner", "Sustainable Development Goal", "Level", "Duration", "Mode", "Cost",
    "Certificate", "Free", "Fee charged", "With certificate", "Without certificate", "Under 30 min",
    "30 min to 2 h", "2 h to 10 h", "Over 10 h",
    # The statistics page's charts (statistics.py).
    "Products available in each UN language", "% of products", "products", "Products by topic", "Goal",
    "Products by Sustainable Development Goal", "Products by format", "Products by audience", "Organisation",
    "Products by provider or partner", "Year", "Products by year first published", "Series or season",
    "Series and seasons", "Products by language",
    # Browse facets (pages.py).
    "Topics", "Formats", "Audiences", "Languages", "Organisations", "Sustainable Development Goals",
    "What the products teach.", "Lectures, courses, handbooks, toolkits and more.", "Who the products are for.",
    "Languages the products are available in.",
    "UN-Habitat and the partners whose products are listed, as provider or partner.",
    "The Sustainable Development Goals the products serve.",
    # The explorer's script (docs/javascripts/explorer.js), through the page.
    "Newest first", "Title (A to Z)", "Shortest first", "Active filters",
    "Sort", "Filters", "Remove the text filter %(text)s", "Clear all",
    # Finding and reading (issue 12): the explorer's values and messages, search (explorer.py, explorer.js,
    # search.js, through the pages).
    "Not stated", "Press / on any page to search. Arrow keys move through the results, Enter opens one, Esc closes.",
    # "Propose a product" (propose.py; the fields' labels and documentation come from the contract, see messages()).
    "Propose a product", "Yes", "No", "Web", "Audio", "Video", "Transcript", "Slides", "Self-paced", "Scheduled",
    "In-person", "Blended", "Active", "Upcoming", "Archived",
    "'%(value)s' is not an ISO 639-1 language code (two lowercase letters, e.g. en, fr, ar).",
    "'%(value)s' is not an ISO 3166-1 alpha-2 country code (two capital letters, e.g. KE, BR).",
    "SDG numbers go from 1 to 17; found %(value)s.", "'%(value)s' is not a term of %(file)s.",
    "There is no product '%(value)s' in the catalogue.",
    "The address must start with http:// or https://; found '%(value)s'.", "'%(value)s' is not a valid web address.",
    "'%(value)s' is not a valid file name: use lowercase letters, digits and hyphens.",
    "Write the date as YYYY-MM-DD; found '%(value)s'.",
)
"""Strings the site shows that are not in a template's ``_()``."""

PLURAL_MESSAGES = {"%(num)s product": "%(num)s products", "Show %(num)s product": "Show %(num)s products",
                   "%(num)s learning product": "%(num)s learning products",
                   "%(num)s step": "%(num)s steps", "%(num)s week": "%(num)s weeks", "%(num)s day": "%(num)s days",
                   "%(num)s problem to fix before proposing the file":
                       "%(num)s problems to fix before proposing the file"}
"""Messages with a plural: a translation gives each CLDR plural category of its language (one, few, many, other...)."""

@functools.cache
def messages() -> tuple[str, ...]:
    """Every string the interface shows, in English: the keys of a translation file."""
    env = jinja2.Environment(extensions=["jinja2.ext.i18n"])
    found: dict[str, None] = {}
    for template in sorted(TEMPLATES.glob("*.j2")):
        source = template.read_text(encoding="utf-8")
        for _, _, message in env.extract_translations(source, gettext_functions=("_", "gettext", "ngettext", "strings")):
            for text in (message if isinstance(message, tuple) else (message,)):
                if text and text not in PLURAL_MESSAGES.values():
                    found[text] = None
    found.update(dict.fromkeys(EXTRA_MESSAGES))
    found.update(dict.fromkeys(labels.texts()))  # the "Propose a product" form's labels and help, from the contract
    found.update(dict.fromkeys(PLURAL_MESSAGES))
    return tuple(found)


@functools.cache
def interface() -> Interface:
    """What a translation file may translate, for the contract's loader and JSON Schema."""
    return Interface(messages=messages(), plurals=PLURAL_MESSAGES)


def translation(catalogue: Catalogue, language: str) -> Translation:
    """The interface strings of ``language`` (none, so English, if the catalogue has no file for it)."""
    return Translation(language=language, strings=catalogue.translations.get(language, {}))


@dataclasses.dataclass(frozen=True, kw_only=True)
class Translation:
    """The interface strings of one language: English text -> translation (a mapping for plurals)."""

    language: str
    strings: Mapping[str, str | Mapping[str, str]] = dataclasses.field(default_factory=dict)

    @property
    def direction(self) -> str:
        """'rtl' or 'ltr'."""
        return direction(self.language)

    def gettext(self, message: str) -> str:
        """The translation of ``message``, or ``message`` itself."""
        found = self.strings.get(message)
        return found if isinstance(found, str) else message

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        """The form of ``singular`` / ``plural`` for ``count``, by the language's plural rules."""
        found = self.strings.get(singular)
        if isinstance(found, str):
            return found
        if isinstance(found, Mapping):
            category = _locale(self.language).plural_form(count)
            if category in found:
                return found[category]
            if "other" in found:
                return found["other"]
        return singular if count == 1 else plural

    def untranslated(self) -> list[str]:
        """The interface strings that show in English in this language."""
        return [message for message in messages() if message not in self.strings]

    # Values a learner reads, in this language.

    def duration(self, value: Duration) -> str:
        """'15 min', '1 h 30 min', '3 weeks', '2.5 days', with the units of the translation; days to a tenth (a
        path's total of 4 weeks and 15 minutes is '28 days')."""
        minutes = round(value.minutes)

        def unit(message: str, amount: float) -> str:
            return fill(self.gettext(message), {"num": self.number(amount)})

        if minutes < 60:
            return unit("%(num)s min", minutes)
        if minutes < 24 * 60:
            hours, rest = divmod(minutes, 60)
            return unit("%(num)s h", hours) + (" " + unit("%(num)s min", rest) if rest else "")
        days = round(minutes / (24 * 60), 1)
        if days % 7 == 0:
            weeks = int(days // 7)
            return fill(self.ngettext("%(num)s week", "%(num)s weeks", weeks), {"num": self.number(weeks)})
        return fill(self.ngettext("%(num)s day", "%(num)s days", days), {"num": self.number(days)})

    def number(self, value: float) -> str:
        """A number with this language's separators: '5,000' in English, '5 000' in French, '2,5' in Spanish."""
        return format_decimal(value, locale=_locale(self.language), decimal_quantization=False)

    def join(self, items: list[str]) -> Markup:
        """Items as a list in this language (the CLDR's standard pattern): 'A, B, and C', 'A, B et C', 'A وB وC',
        'A、B和C'. Items are escaped unless they are markup already."""
        items = list(items)
        if not items:
            return Markup("")
        if len(items) == 1:
            return escape(items[0])
        patterns = _list_patterns(self.language)
        if len(items) == 2:
            return patterns["2"].format(*items)
        result = patterns["end"].format(items[-2], items[-1])
        for item in reversed(items[1:-2]):
            result = patterns["middle"].format(item, result)
        return patterns["start"].format(items[0], result)

    def date(self, value: str) -> str:
        """'2020', 'July 2020', '7 July 2020' in English; the CLDR's forms in other languages."""
        if self.language == DEFAULT:
            return formatting.date(value)
        parts = [int(part) for part in value.split("-")]
        if len(parts) == 1:
            return str(parts[0])
        if len(parts) == 2:
            return format_skeleton("yMMMM", datetime.date(parts[0], parts[1], 1), locale=_locale(self.language))
        return format_date(datetime.date(*parts), "long", locale=_locale(self.language))

    def language_name(self, code: str) -> str:
        """The name of a language in this language ('espagnol' in French)."""
        if self.language == DEFAULT:
            return formatting.language_name(code)
        return _locale(self.language).languages.get(code) or formatting.language_name(code)

    def country_name(self, code: str) -> str:
        """The name of a country in this language."""
        if self.language == DEFAULT:
            return formatting.country_name(code)
        return _locale(self.language).territories.get(code) or formatting.country_name(code)

    def sdg_label(self, number: int) -> str:
        """'SDG 11: Sustainable cities and communities', with the UN's name of the goal in this language."""
        name = reference.SDG_NAMES_BY_LANGUAGE.get(self.language, {}).get(number, reference.SDG_NAMES[number])
        return fill(self.gettext("SDG %(number)s: %(name)s"), {"number": number, "name": name})


@functools.cache
def _locale(language: str) -> Locale:
    return Locale.parse(language)


@functools.cache
def _list_patterns(language: str) -> dict[str, Markup]:
    """The CLDR's standard list patterns of a language as markup ('{0}, {1}'), so that formatting escapes text."""
    found = _locale(language).list_patterns["standard"]
    return {key: Markup(escape(found[key])) for key in ("2", "start", "middle", "end")}


@functools.cache
def own_name(language: str) -> str:
    """A language's name in itself: 'Français', 'العربية', '中文'."""
    name = _locale(language).get_display_name(language) or language
    return name[:1].upper() + name[1:]
