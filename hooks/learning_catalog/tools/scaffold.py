"""`make new`: write a new, valid, commented product file from a few answers.

Asks for (or takes as options) the essentials and the pages the facts come from (``sources``),
checking each answer with the catalogue's own contract as it is typed (and asking again), proposes
the id from the title, and refuses an id or a URL the catalogue already has. The file it writes lists
the optional fields as comments, ready to fill in.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Callable, Collection, Mapping
from pathlib import Path
from typing import Any

from ..contract import schema
from ..contract.loader import title_keys, url_keys
from ..contract.model import Catalogue
from ..contract.newproduct import optional_field_comments
from ..contract.problems import Collector, Position
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
    """Problems with a new entry, as messages: the contract's checks plus duplicate id, title and URL."""
    return [problem.message for problem in new_problems(values, product_id, catalogue)]


@dataclasses.dataclass(frozen=True)
class NewProblem:
    """A problem with a new entry: its message, and the field (and list item, from 0) it is about."""

    message: str
    field: str | None = None
    item: int | None = None


def new_problems(values: dict[str, Any], product_id: str, catalogue: Catalogue) -> list[NewProblem]:
    """Problems with a new entry, each with the field it is about: the contract's checks plus duplicate
    id, title and URL (the catalogue's own keys, as `make check` compares them)."""
    collector = Collector(f"catalog/products/{product_id}.yml")
    # Positions stand for fields here: line = the field's place in ``values``, column = 2 + the list item.
    names = list(values)
    positions = {(): Position(line=0, column=0)}
    for line, name in enumerate(names, start=1):
        positions[(name,)] = Position(line=line, column=1)
        if isinstance(values[name], list):
            positions.update({(name, i): Position(line=line, column=i + 2) for i in range(len(values[name]))})
    doc = Document(value=values, positions=positions, key_positions={})
    ctx = schema.Context(doc=doc, collector=collector, vocabularies=catalogue.vocabularies, series=catalogue.series)
    schema.PRODUCT.check(values, (), "file", ctx)
    problems = []
    for problem in collector.problems:
        line, column = problem.position.line, problem.position.column
        field = names[line - 1] if line else _missing_field(problem.message)
        problems.append(NewProblem(problem.message, field, column - 2 if column > 1 else None))
    if problem := schema.id_problem(product_id):
        problems.append(NewProblem(f"id {problem}", "id"))
    elif product_id in catalogue.products:
        problems.append(NewProblem(f"id '{product_id}' is taken by {catalogue.products[product_id].source}", "id"))
    for name in ("title", "url"):
        problems += [NewProblem(message, name) for message in _duplicates(name, values.get(name), catalogue)]
    return problems


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
        (_, title), = title_keys({None: value})
        return [f"this title is already used by {other.source}" for other in catalogue.products.values()
                if title in {key for _, key in title_keys(other.title.values)}]
    if name == "url" and isinstance(value, str) and value.startswith("http"):
        key = url_keys(value)[0][1]
        return [f"this url is already used by {other.source}" for other in catalogue.products.values()
                if url_keys(other.url)[0][1] == key]
    return []


def _missing_field(message: str) -> str | None:
    """The field a "missing required field 'x'" message names."""
    match = re.fullmatch(r"missing required field '([a-z_]+)'", message)
    return match.group(1) if match else None


def template_comments(filled: Collection[str] = ()) -> list[str]:
    """Commented-out optional fields (those not in ``filled``) with their documentation, appended to a new file."""
    return optional_field_comments(filled)


def new_product_text(values: Mapping[str, Any]) -> str:
    """The text of a new product file: schema line, the fields given, the other optional fields as comments.
    The "Propose a product" page writes the same text in the browser (docs/javascripts/propose.js)."""
    filled = [name for name, value in values.items() if value not in (None, [], {})]
    return product_file(values) + "".join(f"# {line}".rstrip() + "\n" for line in template_comments(filled))


def sources_from(addresses: list[str]) -> list[dict[str, str]]:
    """``sources`` entries for the pages given on the command line or in answers."""
    return [{"url": address} for address in addresses]


def write_new_product(root: Path, values: dict[str, Any], product_id: str) -> Path:
    """Write ``catalog/products/<id>.yml`` (never over an existing file, nor through a link)."""
    path = root / "catalog" / "products" / f"{product_id}.yml"
    return write_text(root, path, new_product_text(values), exclusive=True)


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
