"""Nothing in the catalogue is lost between the YAML files and the product pages."""

from __future__ import annotations

import html as htmllib
import re
from pathlib import Path
from typing import Any

import pytest
from test_site import PRODUCTS, VOCAB, page

from learning_catalog.site import formatting
from learning_catalog.contract import reference
from learning_catalog.contract.model import Duration
from learning_catalog.contract.schema import PRODUCT, duration_minutes


def _text(value: Any) -> list[str]:
    return list(value.values()) if isinstance(value, dict) else [value]


def _label(vocabulary: str, term_id: str) -> str:
    return VOCAB[vocabulary][term_id]["label"]


def _duration(iso: str) -> str:
    return formatting.duration(Duration(iso=iso, minutes=duration_minutes(iso)))


# What a learner must be able to read on the page for each field the YAML has.
EXPECTED = {
    "id": lambda v, d: [],
    "title": lambda v, d: _text(v),
    "summary": lambda v, d: [" ".join(t.split()) for t in _text(v)],
    "description": lambda v, d: [],  # checked as rendered Markdown below
    "url": lambda v, d: [f'href="{v}"'],
    "format": lambda v, d: [_label("formats", v)],
    "provider": lambda v, d: [_label("organisations", v)],
    "partners": lambda v, d: [_label("organisations", x) for x in v],
    "topics": lambda v, d: [_label("topics", x) for x in v],
    "audiences": lambda v, d: [_label("audiences", x) for x in v],
    "languages": lambda v, d: [reference.languages()[x] for x in v],
    "sdgs": lambda v, d: [f"SDG {n}: {reference.SDG_NAMES[n]}" for n in v],
    "published": lambda v, d: [formatting.date(str(v))],
    "updated": lambda v, d: [formatting.date(str(v))],
    "duration": lambda v, d: [_duration(v)],
    "level": lambda v, d: [v.capitalize()],
    "mode": lambda v, d: [v.capitalize()],
    "free": lambda v, d: ["<dt>Cost</dt><dd>" + ("Free" if v else "Fee charged")],
    "certificate": lambda v, d: ["<dt>Certificate</dt><dd>" + ("Yes" if v else "No")],
    "series": lambda v, d: [f"series/{v}/"],
    "season": lambda v, d: [f"season {v}"],
    "episode": lambda v, d: [f"episode {v}"],
    "people": lambda v, d: [s for p in v for s in (p["name"], p.get("affiliation"), p.get("role")) if s],
    "countries": lambda v, d: [reference.countries()[c] for c in v],
    "links": lambda v, d: [s for link in v for s in (f'href="{link["url"]}"', link["label"]) if s],
    "related": lambda v, d: [f'href="../{r}/"' for r in v],  # product pages link to each other relatively
    "license": lambda v, d: [v],
    "status": lambda v, d: [v.capitalize()],
    "reviewed": lambda v, d: ["Entry checked", formatting.date(str(v))],
    "sources": lambda v, d: ["<h2>Sources</h2>"] + [
        s for source in v for s in (f'href="{source["url"]}"', source.get("title"),
                                    source.get("checked") and f'(checked <time datetime="{source["checked"]}">'
                                                              f'{formatting.date(str(source["checked"]))}</time>)')
        if s],
    "harvest": lambda v, d: [],  # `make harvest`'s bookkeeping (provenance, hashes) for reviewers, not for learners
}


def test_round_trip_covers_every_field() -> None:
    """Every field of the contract has a round-trip expectation (add one when adding a field)."""
    assert set(EXPECTED) == {field.name for field in PRODUCT.fields}


@pytest.mark.parametrize("product_id", sorted(PRODUCTS))
def test_every_field_reaches_the_page(real_site: Path, product_id: str) -> None:
    """Each value a product's YAML holds is visible on its page."""
    data = PRODUCTS[product_id]
    html = page(real_site, f"products/{product_id}/")
    content = htmllib.unescape(html.split('<article class="lp-product"', 1)[1].split("</article>", 1)[0])
    missing = [
        f"{field}: {expected}"
        for field, value in data.items()
        for expected in EXPECTED[field](value, data)
        if htmllib.unescape(expected) not in content
    ]
    if "description" in data:
        source = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", " ".join(_text(data["description"])))
        words = re.sub(r"[*_`#>]", "", source).split()
        rendered = content.split('<div class="lp-description"', 1)[1].split("</div>", 1)[0]
        text = " ".join(re.sub(r"<[^>]+>", "", rendered).split())
        missing += [f"description: {w}" for w in words if w not in text]
    assert missing == []
