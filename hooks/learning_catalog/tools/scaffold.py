"""`make new`: write a new, valid, commented product file from a few answers.

Asks for (or takes as options) the essentials and the pages the facts come from (``sources``),
checking each answer with the catalogue's own contract as it is typed (and asking again), proposes
the id from the title, and refuses an id or a URL the catalogue already has. The file it writes lists
the optional fields as comments, ready to fill in.
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
from .files import write_text
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
    for name in ("title", "url"):
        messages += _duplicates(name, values.get(name), catalogue)
    return messages


def check_answer(name: str, value: Any, catalogue: Catalogue) -> list[str]:
    """Problems with one essential as it is entered: the contract's check of that field, and a title or URL that
    the catalogue already has."""
    field = schema.PRODUCT.field(name)
    if value in (None, "", []):
        return [f"'{name}' is required"]
    collector = Collector("answer")
    doc = Document(value={name: value}, positions={}, key_positions={})
    ctx = schema.Context(doc=doc, collector=collector, vocabularies=catalogue.vocabularies, series=catalogue.series)
    field.kind.check(value, (name,), name, ctx)
    return [p.message for p in collector.problems] + _duplicates(name, value, catalogue)


def _duplicates(name: str, value: Any, catalogue: Catalogue) -> list[str]:
    """'this title (url) is already used by ...' for each product that has it."""
    if name == "title" and isinstance(value, str):
        title = " ".join(value.casefold().split())
        return [f"this title is already used by {other.source}" for other in catalogue.products.values()
                if title in {" ".join(t.casefold().split()) for t in other.title.values.values()}]
    if name == "url" and isinstance(value, str) and value.startswith("http"):
        key = url_keys(value)[0][1]
        return [f"this url is already used by {other.source}" for other in catalogue.products.values()
                if url_keys(other.url)[0][1] == key]
    return []


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
    """Write ``catalog/products/<id>.yml`` (never over an existing file, nor through a link)."""
    path = root / "catalog" / "products" / f"{product_id}.yml"
    text = product_file(values) + "\n".join(f"# {line}".rstrip() for line in template_comments()) + "\n"
    return write_text(root, path, text, exclusive=True)


def ask_missing(values: dict[str, Any], catalogue: Catalogue, ask: Callable[[str], str],
                tell: Callable[[str], None] = print) -> dict[str, Any]:
    """Ask for each essential that is missing or has a problem, checking each answer as soon as it is given:
    an answer with a problem is explained (``tell``) and asked again, so that no other answer is lost."""
    hints = {
        "format": catalogue.vocabularies.get("formats", {}),
        "provider": catalogue.vocabularies.get("organisations", {}),
        "topics": catalogue.vocabularies.get("topics", {}),
        "audiences": catalogue.vocabularies.get("audiences", {}),
    }
    for name in ESSENTIALS:
        problems = check_answer(name, values[name], catalogue) if values.get(name) else []
        for problem in problems:
            tell(f"  {name}: {problem}")
        if values.get(name) and not problems:
            continue
        field = schema.PRODUCT.field(name)
        prompt = f"{name} ({field.doc})"
        if name in hints:
            prompt += "\n  terms: " + ", ".join(hints[name])
        if name in _LISTS:
            prompt += "\n  (several: separate with commas)"
        while True:
            answer = ask(prompt + "\n> ").strip()
            value: Any = [part.strip() for part in answer.split(",") if part.strip()] if name in _LISTS else answer
            problems = check_answer(name, value, catalogue)
            if not problems:
                values[name] = value
                break
            for problem in problems:
                tell(f"  {name}: {problem}")
    problems = check_answer("sources", values["sources"], catalogue) if values.get("sources") else []
    for problem in problems:
        tell(f"  sources: {problem}")
    while not values.get("sources") or problems:
        answer = ask("sources (the page(s) these facts come from, as http(s) addresses; at least one)"
                     "\n  (several: separate with spaces)\n> ")
        value = sources_from([part.rstrip(",") for part in answer.split() if part.rstrip(",")])
        problems = check_answer("sources", value, catalogue)
        if not problems:
            values["sources"] = value
        for problem in problems:
            tell(f"  sources: {problem}")
    return values
