"""`make check --fix`: repair what is mechanical in catalogue files, without changing meaning.

Fixes: fields in the contract's order (comments travel with the field below them),
duplicate list entries removed, SDG numbers and country codes sorted, language codes
lowercased and country codes uppercased, dates written YYYY-MM-DD with leading zeros,
trailing whitespace removed, the ``# yaml-language-server`` line added, the addresses
of an old ``# Sources:`` comment moved into the ``sources`` field (what the comment said
about each page stays as a comment under its entry), and vocabulary terms that were merged
into another (a term's ``replaces`` list, e.g. format ``guidelines`` into ``guide``)
rewritten to the term that replaced them. Comments and everything else stay as
written. ruamel.yaml does the comment-preserving edits.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ..contract import schema
from ..contract.jsonschema import schema_comment
from ..contract.problems import Collector
from ..contract.yamlsafe import Document, parse
from .files import UnsafePath, inside, write_text

_DEDUPLICATED = ("topics", "audiences", "languages", "partners", "sdgs", "countries", "related")
_SORTED = ("sdgs", "countries")
_DATES = ("published", "updated", "reviewed")
_LOOSE_DATE = re.compile(r"^(\d{4})[-/.](\d{1,2})(?:[-/.](\d{1,2}))?$")
_SOURCES_COMMENT = re.compile(r"^#\s*Sources:\s*$")
_COMMENT_ITEM = re.compile(r"^#\s?- (\S+)\s*(.*)$")
_COMMENT_MORE = re.compile(r"^#\s{2,}(\S.*)$")
Replaced = Mapping[str, Mapping[str, str]]
"""Merged vocabulary terms: vocabulary -> former id -> the id that replaced it."""


def _term_fields() -> dict[str, str]:
    """The product fields that name vocabulary terms, with their vocabulary."""
    found = {}
    for field in schema.PRODUCT.fields:
        kind = field.kind.item if isinstance(field.kind, schema.ListOf) else field.kind
        if isinstance(kind, schema.TermRef):
            found[field.name] = kind.vocabulary
    return found


def replaced_terms(catalog: Path) -> dict[str, dict[str, str]]:
    """The ``replaces`` lists of the vocabularies in ``catalog``, as vocabulary -> former id -> new id.

    Read leniently: a vocabulary that cannot be read (or is a link, or lies behind one) gives no replacements
    (``make check`` explains it).
    """
    found: dict[str, dict[str, str]] = {}
    for path in sorted((catalog / "vocabularies").glob("*.yml")):
        try:
            text = inside(catalog, path).read_text(encoding="utf-8")
        except (UnsafePath, OSError, UnicodeDecodeError):
            continue
        doc = parse(text, Collector(path.name))
        terms = doc.value.get("terms") if doc is not None and isinstance(doc.value, dict) else None
        for term in terms if isinstance(terms, list) else []:
            replaces = term.get("replaces") if isinstance(term, dict) else None
            if isinstance(replaces, list) and isinstance(term.get("id"), str):
                for old in replaces:
                    if isinstance(old, str):
                        found.setdefault(path.stem, {})[old] = term["id"]
    return found


def _yaml() -> YAML:
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def fix_product_text(text: str, replaced: Replaced | None = None) -> tuple[str, list[str]]:
    """Return the fixed text of a product file and what was changed (empty if nothing).

    ``replaced`` gives the merged vocabulary terms to rewrite (see ``replaced_terms``).
    """
    changes: list[str] = []
    stripped = "\n".join(line.rstrip() for line in text.splitlines()) + "\n"
    if stripped != text:
        changes.append("trailing whitespace")
    yaml = _yaml()
    data = yaml.load(stripped)
    if not isinstance(data, CommentedMap):
        return text, []
    kept, moved = comment_sources(stripped, data.get("sources"))
    if moved:
        data = yaml.load(kept)
        _add_sources(data, moved, yaml)
        changes.append("sources moved from the comment")
    changes += _fix_values(data)
    changes += _fix_terms(data, replaced or {})
    if _reorder(data):
        changes.append("field order")
    if not changes:
        return text, []
    out = io.StringIO()
    yaml.dump(data, out)
    result = out.getvalue()
    if not result.startswith("# yaml-language-server:"):
        result = schema_comment("product") + "\n" + result
        changes.append("schema line")
    return result, changes


def comment_sources(text: str, sources: Any = None) -> tuple[str, list[tuple[str, list[str]]]]:
    """The addresses of the ``# Sources:`` comment that can move into ``sources``, and the text without them.

    The comment is a ``# Sources:`` line followed by ``# - <address> (note)`` entries, each note
    possibly continued on ``#   ...`` lines. An entry whose first word is a web address that
    ``sources`` does not list yet moves, with its note; the others (a source without an address, the
    placeholder of an old ``make new``) stay in the comment. ``sources`` that is not a list
    (an error for ``make check`` to explain) moves nothing.

    Returns:
        The text with the moved entries (and the ``# Sources:`` line, once it has no entry left) taken
        out, and ``(address, note lines)`` for each moved entry.
    """
    if sources is not None and not isinstance(sources, list):
        return text, []
    listed = {entry.get("url") for entry in sources or () if isinstance(entry, dict)}
    lines = text.splitlines()
    kept: list[str] = []
    moved: list[tuple[str, list[str]]] = []
    index = 0
    while index < len(lines):
        if not _SOURCES_COMMENT.match(lines[index]):
            kept.append(lines[index])
            index += 1
            continue
        header, index = lines[index], index + 1
        stays: list[str] = []
        while index < len(lines) and (item := _COMMENT_ITEM.match(lines[index])):
            entry = [lines[index]]
            index += 1
            while index < len(lines) and _COMMENT_MORE.match(lines[index]):
                entry.append(lines[index])
                index += 1
            address, rest = item.groups()
            if _is_source(address) and address not in listed and address not in {a for a, _ in moved}:
                note = [rest] if rest else []
                moved.append((address, note + [_COMMENT_MORE.match(line).group(1) for line in entry[1:]]))
            else:
                stays += entry
        kept += [header, *stays] if stays else []
    if not moved:
        return text, []
    return "\n".join(kept) + "\n", moved


def _is_source(address: str) -> bool:
    """Whether a word of the comment is an address the contract accepts as a source's ``url``."""
    ctx = schema.Context(doc=Document(value=None, positions={}, key_positions={}), collector=Collector("comment"))
    return schema.Url().check(address, (), "url", ctx) == address


def _add_sources(data: CommentedMap, moved: list[tuple[str, list[str]]], yaml: YAML) -> None:
    """Append the moved entries to ``sources`` (created if absent), each note as a comment under its entry."""
    block = ["sources:"]
    for address, note in moved:
        block.append(f"  - url: {json.dumps(address) if _needs_quotes(address, yaml) else address}")
        block += [f"    # {line}" for line in note]
    entries = yaml.load("\n".join(block) + "\n")["sources"]
    if isinstance(data.get("sources"), CommentedSeq):
        data["sources"].extend(entries)
    else:
        data["sources"] = entries


def _needs_quotes(address: str, yaml: YAML) -> bool:
    """Whether the address, written plain, would read as something else (a '#' after a space, a ': ')."""
    try:
        return yaml.load(f"url: {address}\n") != {"url": address}
    except Exception:  # noqa: BLE001 - ruamel's errors vary; quoting is always safe
        return True


def _fix_values(data: CommentedMap) -> list[str]:
    changes = []
    for key in ("languages",):
        if isinstance(data.get(key), CommentedSeq):
            if _map_in_place(data[key], lambda v: v.lower() if isinstance(v, str) else v):
                changes.append("language codes")
    if isinstance(data.get("countries"), CommentedSeq):
        if _map_in_place(data["countries"], lambda v: v.upper() if isinstance(v, str) else v):
            changes.append("country codes")
    for key in _DEDUPLICATED:
        seq = data.get(key)
        if isinstance(seq, CommentedSeq):
            seen: list[Any] = []
            for index in reversed(range(len(seq))):
                if seq[index] in seq[:index]:
                    del seq[index]
                    changes.append(f"duplicate in {key}") if f"duplicate in {key}" not in changes else None
            seen.extend(seq)
    for key in _SORTED:
        seq = data.get(key)
        if isinstance(seq, CommentedSeq) and all(isinstance(v, type(seq[0])) for v in seq) and list(seq) != sorted(seq):
            seq[:] = sorted(seq)
            changes.append(f"{key} order")
    for key in _DATES:
        value = data.get(key)
        match = _LOOSE_DATE.match(str(value)) if isinstance(value, str) else None
        if match:
            fixed = "-".join(part.zfill(2) for part in match.groups() if part)
            if fixed != value:
                data[key] = type(value)(fixed) if not isinstance(value, str) else fixed
                changes.append(f"{key} date")
    return changes


def _fix_terms(data: CommentedMap, replaced: Replaced) -> list[str]:
    """Rewrite terms that were merged into another: 'format: guidelines' -> 'format: guide'."""
    changes = []
    for key, vocabulary in _term_fields().items():
        table = replaced.get(vocabulary, {})
        value = data.get(key)
        if isinstance(value, CommentedSeq):
            if _map_in_place(value, lambda v, table=table: type(v)(table[v]) if isinstance(v, str) and v in table else v):
                changes.append(f"merged {key}")
        elif isinstance(value, str) and value in table:
            data[key] = type(value)(table[value])  # keeps the quotes as written
            changes.append(f"{key} {value} -> {table[value]}")
    return changes


def _map_in_place(seq: CommentedSeq, convert: Any) -> bool:
    changed = False
    for index, value in enumerate(seq):
        new = convert(value)
        if new != value:
            seq[index] = new
            changed = True
    return changed


def _reorder(data: CommentedMap) -> bool:
    order = {field.name: index for index, field in enumerate(schema.PRODUCT.fields)}
    keys = list(data.keys())
    wanted = sorted(keys, key=lambda k: (order.get(k, len(order)), keys.index(k)))
    if keys == wanted:
        return False
    # Comments written above a field are stored on the field before it: move them with their field.
    comments = data.ca.items
    above = {}
    for index, key in enumerate(keys):
        following = keys[index + 1] if index + 1 < len(keys) else None
        entry = comments.get(key)
        if following and entry and len(entry) > 2 and entry[2] is not None:
            above[following] = entry[2]
            entry[2] = None
    items = [(key, data[key]) for key in wanted]
    for key in keys:
        del data[key]
    for key, value in items:
        data[key] = value
    for index, key in enumerate(wanted[:-1]):
        nxt = wanted[index + 1]
        if nxt in above:
            entry = comments.setdefault(key, [None, None, None, None])
            entry[2] = above[nxt]
    return True


def fix_file(path: Path, root: Path | None = None, replaced: Replaced | None = None) -> list[str]:
    """Fix a product file in place; return what was changed (``replaced``: see ``replaced_terms``).

    A file that the catalogue's own reader would read differently after the fix (or cannot
    read at all) is left alone: fixes must never change meaning. So is a file that is a symbolic
    link or lies behind one, or outside ``root`` (default: the file's folder): `make check` reports it.
    """
    try:
        path = inside(root or path.parent, path)
        text = path.read_text(encoding="utf-8")
    except (UnsafePath, OSError, UnicodeDecodeError):
        return []
    try:
        fixed, changes = fix_product_text(text, replaced)
    except Exception:  # noqa: BLE001 - ruamel's errors vary; a file it cannot read is for `make check` to explain
        return []
    if not changes or not _reads_the_same(text, fixed):
        return []
    try:
        write_text(root or path.parent, path, fixed)
    except (UnsafePath, OSError):
        return []
    return changes


def _reads_the_same(before: str, after: str) -> bool:
    """The catalogue's own reader reads the fixed text as the original, but for the values fixes may touch
    and the ``sources`` entries moved from the ``# Sources:`` comment."""
    old_doc, new_doc = parse(before, Collector("before")), parse(after, Collector("after"))
    if old_doc is None or new_doc is None or not isinstance(old_doc.value, dict) or not isinstance(new_doc.value, dict):
        return False
    old, touched = dict(old_doc.value), set(_DEDUPLICATED) | set(_DATES) | set(_term_fields())
    if moved := comment_sources("\n".join(line.rstrip() for line in before.splitlines()) + "\n",
                                old.get("sources"))[1]:
        old["sources"] = [*(old.get("sources") or []), *({"url": address} for address, _ in moved)]
    return set(old) == set(new_doc.value) and all(old[key] == new_doc.value[key] for key in old if key not in touched)
