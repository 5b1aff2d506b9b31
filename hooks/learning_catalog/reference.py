"""Reference data built into the catalogue: SDGs, ISO 639-1 languages, ISO 3166-1 countries.

Language and country codes come from ``pycountry`` (the ISO tables, kept up to date by
its maintainers) rather than from a hand-copied list.
"""

from __future__ import annotations

import functools

import pycountry

# Official short names of the 17 Sustainable Development Goals (UN DGC icon names, sentence case).
SDG_NAMES: dict[int, str] = {
    1: "No poverty",
    2: "Zero hunger",
    3: "Good health and well-being",
    4: "Quality education",
    5: "Gender equality",
    6: "Clean water and sanitation",
    7: "Affordable and clean energy",
    8: "Decent work and economic growth",
    9: "Industry, innovation and infrastructure",
    10: "Reduced inequalities",
    11: "Sustainable cities and communities",
    12: "Responsible consumption and production",
    13: "Climate action",
    14: "Life below water",
    15: "Life on land",
    16: "Peace, justice and strong institutions",
    17: "Partnerships for the goals",
}


def sdg_uri(number: int) -> str:
    """The UN SDG knowledge organisation system's URI for a goal."""
    return f"http://metadata.un.org/sdg/{number}"


@functools.cache
def languages() -> dict[str, str]:
    """ISO 639-1 code -> English name."""
    return {lang.alpha_2: _short_name(lang.name) for lang in pycountry.languages if hasattr(lang, "alpha_2")}


@functools.cache
def countries() -> dict[str, str]:
    """ISO 3166-1 alpha-2 code -> English common name."""
    return {c.alpha_2: getattr(c, "common_name", c.name) for c in pycountry.countries}


def _short_name(name: str) -> str:
    # pycountry writes e.g. "Spanish; Castilian" and "Modern Greek (1453-)": keep the first name.
    return name.split(";")[0].split(" (")[0].strip()
