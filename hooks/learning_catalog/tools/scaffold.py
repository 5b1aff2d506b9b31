"""`make new`: write a new, valid, commented product file from a few answers.

Asks for (or takes as options) the essentials and the pages the facts come from (``sources``),
proposes the id from the title, checks the entry with the catalogue's own contract, and refuses
an id or a URL the catalogue already has. The file it writes lists the optional fields as
comments, ready to fill in.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..contract import schema
from ..contract.loader import url_keys
from ..contract.model import Catalogue
from ..contract.problems import Collector
from ..contract.yamlsafe import Document
from .yamlwrite import product_file

ESSENTIALS = ("title", "summary", "url", "format", "provider", "topics", "audiences", "languages")
_LISTS = ("topics", "audiences", "languages")


def propose_id(title: str, taken: set[str] | frozenset[str] = frozenset(), limit: int = 60) -> str:
    """A readable id from a title: ASCII, lowercase, hyphens, at most ``limit`` characters, not taken."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-") or "product"
    if len(slug) > limit:
        head = slug[: limit + 1]
        slug = head.rsplit("-", 1)[0] if "-" in head else slug[:limit]
    candidate, number = slug, 2
    while candidate in taken or candidate in schema.RESERVED_IDS:
        candidate, number = f"{slug}-{number}", number + 1
    return candidate


def check_new(values: dict[str, Any], product_id: str, catalogue: Catalogue) -> list[str]:
    """Problems with a new entry, as messages: the contract's checks plus duplicate id and URL."""
    collector = Collector(f"catalog/products/{product_id}.yml")
    doc = Document(value=values, positions={}, key_positions={})
    ctx = schema.Context(doc=doc, collector=collector, vocabularies=catalogue.vocabularies, series=catalogue.series)
    schema.PRODUCT.check(values, (), "file", ctx)
    messages = [p.message for p in collector.problems]
    if problem := schema.id_problem(product_id):
        messages.append(f"id {problem}")
    elif product_id in catalogue.products:
        messages.append(f"id '{product_id}' is taken by {catalogue.products[product_id].source}")
    if isinstance(values.get("title"), str):
        title = " ".join(values["title"].casefold().split())
        for other in catalogue.products.values():
            if title in {" ".join(t.casefold().split()) for t in other.title.values.values()}:
                messages.append(f"this title is already used by {other.source}")
    if isinstance(values.get("url"), str) and values["url"].startswith("http"):
        key = url_keys(values["url"])[0][1]
        for other in catalogue.products.values():
            if url_keys(other.url)[0][1] == key:
                messages.append(f"this url is already used by {other.source}")
    return messages


def template_comments() -> list[str]:
    """Commented-out optional fields with their documentation, appended to a new file (after ``sources``)."""
    lines = ["    Each entry of sources may also say what the page is and when you checked the facts against it:"]
    lines += [f"    {field.name}: {field.example}   # {field.doc}" for field in schema.SOURCE.fields if not field.required]
    lines += ["", "Optional fields: uncomment and fill in those you can source; delete the rest."]
    for field in schema.PRODUCT.fields:
        if field.required or field.name == "id" or isinstance(field.kind, schema.Record):
            continue  # a nested record (the harvest's provenance) is written by tools only
        example = field.example or ("true" if isinstance(field.default, bool) and field.default else "")
        choices = f" One of: {', '.join(field.kind.choices)}." if isinstance(field.kind, schema.Choice) else ""
        lines.append(f"{field.name}: {example}".rstrip() + f"   # {field.doc}{choices}")
    return lines


def sources_from(addresses: list[str]) -> list[dict[str, str]]:
    """``sources`` entries for the pages given on the command line or in answers."""
    return [{"url": address} for address in addresses]


def write_new_product(root: Path, values: dict[str, Any], product_id: str) -> Path:
    """Write ``catalog/products/<id>.yml`` (never over an existing file)."""
    path = root / "catalog" / "products" / f"{product_id}.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    text = product_file(values) + "\n".join(f"# {line}".rstrip() for line in template_comments()) + "\n"
    with path.open("x", encoding="utf-8") as handle:
        handle.write(text)
    return path


def ask_missing(values: dict[str, Any], catalogue: Catalogue, ask: Callable[[str], str]) -> dict[str, Any]:
    """Ask for each missing essential; list the allowed terms for vocabulary fields."""
    hints = {
        "format": catalogue.vocabularies.get("formats", {}),
        "provider": catalogue.vocabularies.get("organisations", {}),
        "topics": catalogue.vocabularies.get("topics", {}),
        "audiences": catalogue.vocabularies.get("audiences", {}),
    }
    for name in ESSENTIALS:
        if values.get(name):
            continue
        field = schema.PRODUCT.field(name)
        prompt = f"{name} ({field.doc})"
        if name in hints:
            prompt += "\n  terms: " + ", ".join(hints[name])
        if name in _LISTS:
            prompt += "\n  (several: separate with commas)"
        answer = ask(prompt + "\n> ").strip()
        if answer:
            values[name] = [part.strip() for part in answer.split(",") if part.strip()] if name in _LISTS else answer
    if not values.get("sources"):
        answer = ask("sources (the page(s) these facts come from, as http(s) addresses; at least one)"
                     "\n  (several: separate with spaces)\n> ")
        if addresses := [part.rstrip(",") for part in answer.split() if part.rstrip(",")]:
            values["sources"] = sources_from(addresses)
    return values


