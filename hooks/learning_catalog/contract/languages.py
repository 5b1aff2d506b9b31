"""The languages of the interface, and what a translation file may hold.

The contract knows which languages the site speaks and how a translation file is shaped
(plural categories, placeholders). Which texts the interface shows is the site's business:
the site describes them as an `Interface` and hands it to the loader, so that this layer
imports nothing above it.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator, Mapping

LANGUAGES = ("en", "ar", "es", "fr", "ru", "zh")
"""The six official languages of the United Nations; the first is the site's own, at its root."""
DEFAULT = LANGUAGES[0]

PLURAL_CATEGORIES = ("zero", "one", "two", "few", "many", "other")
"""The plural categories of the Unicode CLDR; each language uses some of them (Arabic all six)."""

RIGHT_TO_LEFT_SCRIPTS = frozenset({"ar", "fa", "he", "ur", "yi", "ps", "sd", "ug", "dv", "ku"})
"""Languages written right to left (catalogue text may be in any of them)."""

_PLACEHOLDER = re.compile(r"%\((\w+)\)s")


@dataclasses.dataclass(frozen=True, kw_only=True)
class Interface:
    """The texts the interface shows, in English: what a translation file may translate."""

    messages: tuple[str, ...] = ()
    plurals: Mapping[str, str] = dataclasses.field(default_factory=dict)
    """Messages with a plural: singular -> English plural. Their translations give each CLDR category."""


def placeholders(message: str) -> set[str]:
    """The named placeholders of a message: 'Step %(n)s of %(total)s' -> {'n', 'total'}."""
    return set(_PLACEHOLDER.findall(message))


def fill(message: str, values: Mapping[str, object]) -> str:
    """A message with its placeholders replaced: ``fill('Step %(n)s', {'n': 2})`` -> 'Step 2'.

    This is the only way the site fills a message, in its pages as in its scripts (which replace the same
    ``%(name)s`` pattern): every other character, a lone ``%`` included ("100 % gratuit"), stays as it is
    written. So a translation that has its English text's placeholders (what the loader checks) always works.
    """
    return _PLACEHOLDER.sub(lambda match: str(values[match.group(1)]), message)


def direction(language: str) -> str:
    """'rtl' for a language written right to left, else 'ltr'."""
    return "rtl" if language in RIGHT_TO_LEFT_SCRIPTS else "ltr"


def prefix(language: str) -> str:
    """Where a language's pages are in the site: '' for English, 'fr/' for French."""
    return "" if language == DEFAULT else f"{language}/"


def language_of(src_uri: str) -> str:
    """The language of a page from its path: 'fr/products/x.md' -> 'fr'."""
    first = src_uri.split("/", 1)[0]
    return first if first in LANGUAGES and first != DEFAULT and "/" in src_uri else DEFAULT


def iter_languages(include_default: bool = True) -> Iterator[str]:
    """The interface languages, English first."""
    yield from (language for language in LANGUAGES if include_default or language != DEFAULT)
