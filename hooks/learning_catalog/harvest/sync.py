"""What a harvest changes in ``catalog/products/``: a person's edits are kept, and nothing moves without a change.

Each harvested product file carries ``harvest:`` (its source, its upstream identifier, the date a harvest
last wrote it, a fingerprint of the record as mapped, and a short hash of each value the harvest wrote).

* A record whose fingerprint is unchanged leaves its file untouched: not even a date moves.
* Otherwise each field is compared three ways: the file's value, the hash of what the harvest wrote last
  time, and the new value. A field whose value still matches its hash is the harvest's: it is updated
  (or removed if the source no longer gives it). A field whose value does not match was edited by a
  person: it is kept, and a conflict is reported when the source's value changed too (once: the new
  value's hash is recorded, so the next run reports only a further change).
* A record that disappears from a source that lists all its records gets ``status: archived`` and
  ``harvest.gone`` (never deleted); if it comes back, the archive is undone. When more than half of a
  source's products would be archived at once (a site redesign?), none is, and the report says so.
* A new record that has the URL of a product already in the catalogue (after normalisation), or its
  title and provider, is reported as a duplicate, not added.
"""

from __future__ import annotations

import collections
import dataclasses
import datetime
import hashlib
import io
import json
from pathlib import Path
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import LiteralScalarString, SingleQuotedScalarString

from ..contract import schema
from ..contract.loader import title_keys, url_keys
from ..contract.model import Catalogue, HarvestSource, Product
from ..contract.problems import Collector
from ..contract.yamlsafe import parse
from ..tools.fix import _reorder
from ..tools.scaffold import propose_id
from ..tools.yamlwrite import product_file
from .item import Listing
from .mapping import Mapped, Mapper

PRODUCTS = "catalog/products"
_ABSENT = None


def value_hash(value: Any) -> str | None:
    """The short hash of a field's value as the catalogue reads it (None for an absent field)."""
    if value is _ABSENT:
        return None
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]


def fingerprint(values: dict[str, Any]) -> str:
    """The hash of a whole mapped record."""
    text = json.dumps(values, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


@dataclasses.dataclass
class Change:
    """A product file the harvest writes."""

    path: str
    title: str
    upstream: str
    text: str
    fields: list[str] = dataclasses.field(default_factory=list)
    """What changed (for an update), in field order."""
    url: str = ""
    provider: str = ""


@dataclasses.dataclass
class Conflict:
    """A field a person edited, whose value at the source changed too: the person's value is kept."""

    path: str
    field: str
    kept: Any
    upstream: Any


@dataclasses.dataclass
class Result:
    """What harvesting one source found and changed: the report is made from it."""

    source: HarvestSource
    error: str | None = None
    new: list[Change] = dataclasses.field(default_factory=list)
    updated: list[Change] = dataclasses.field(default_factory=list)
    archived: list[Change] = dataclasses.field(default_factory=list)
    restored: list[Change] = dataclasses.field(default_factory=list)
    unchanged: list[str] = dataclasses.field(default_factory=list)
    skipped: list[tuple[str, list[str]]] = dataclasses.field(default_factory=list)
    conflicts: list[Conflict] = dataclasses.field(default_factory=list)
    duplicates: list[tuple[str, str, str]] = dataclasses.field(default_factory=list)
    """(where at the source, title, why)."""
    unmapped: collections.Counter[tuple[str, str]] = dataclasses.field(default_factory=collections.Counter)
    unmapped_labels: dict[tuple[str, str], str] = dataclasses.field(default_factory=dict)
    outside: int = 0
    notes: list[str] = dataclasses.field(default_factory=list)
    records: int = 0
    requests: int = 0
    not_modified: int = 0
    bytes: int = 0

    @property
    def changes(self) -> list[Change]:
        """Every file to write."""
        return [*self.new, *self.updated, *self.archived, *self.restored]


def _text(value: Any) -> str:
    if isinstance(value, dict):
        return str(next(iter(value.values()), ""))
    return str(value or "")


class Planner:
    """Decides, for one source, what to write; writes nothing itself."""

    def __init__(self, source: HarvestSource, catalogue: Catalogue, root: Path, today: datetime.date,
                 earlier: list[Change] = ()) -> None:  # type: ignore[assignment]
        self.source = source
        self.catalogue = catalogue
        self.root = root
        self.today = today.isoformat()
        self.owned = {p.harvest.upstream: p for p in catalogue.products.values()
                      if p.harvest and p.harvest.source == source.id}
        owned_ids = {p.id for p in self.owned.values()}
        self.by_url: dict[str, str] = {}
        self.by_title: dict[str, tuple[str, str]] = {}
        for product in catalogue.products.values():
            if product.id in owned_ids:
                continue
            self._remember(product.url, dict(product.title.values), product.provider, product.source)
        self.taken = set(catalogue.products)
        for change in earlier:  # new products of the sources harvested before this one, in the same run
            self._remember(change.url, change.title, change.provider, change.path)
            self.taken.add(Path(change.path).stem)

    def _remember(self, url: str, title: Any, provider: str, path: str) -> None:
        for _, key in url_keys(url):
            self.by_url.setdefault(key, path)
        for _, key in title_keys(title if isinstance(title, dict) else {None: title}):
            self.by_title.setdefault(key, (provider, path))

    def plan(self, listing: Listing, mapper: Mapper) -> Result:
        """Compare the source's records with the catalogue."""
        result = Result(source=self.source, notes=list(listing.notes), records=len(listing.items))
        result.skipped += [(where, [why]) for where, why in listing.skipped]
        mapped = [mapper.map(item) for item in listing.items]
        result.outside = sum(1 for m in mapped if m.outside)
        usable: dict[str, Mapped] = {}
        for m in mapped:
            if m.outside:
                continue
            if m.problems:
                result.skipped.append((m.item.where or m.item.upstream, m.problems))
                continue
            earlier = usable.get(m.item.upstream)
            if earlier is None:
                usable[m.item.upstream] = m
                continue
            keep, drop = (m, earlier) if len(m.values) > len(earlier.values) else (earlier, m)
            usable[m.item.upstream] = keep
            result.duplicates.append((drop.item.where or drop.item.upstream, _text(drop.values.get("title")),
                                      "the source lists this record twice; the fuller copy is used"))
        by_url: dict[str, Mapped] = {}
        # Records that have a product come first: a new record with the same URL is the duplicate.
        for upstream in sorted(usable, key=lambda u: (u not in self.owned, u)):
            m = usable[upstream]
            key = url_keys(m.values["url"])[0][1]
            if key in by_url:
                result.duplicates.append((m.item.where or upstream, _text(m.values.get("title")),
                                          f"same URL as another record of this source ({by_url[key].item.upstream})"))
                continue
            by_url[key] = m
            self._one(m, result)
        self._archive(listing, mapped, result)
        result.unmapped = mapper.unmapped
        result.unmapped_labels = mapper.unmapped_labels
        return result

    # -- one record -------------------------------------------------------------------

    def _one(self, m: Mapped, result: Result) -> None:
        product = self.owned.get(m.item.upstream)
        if product is not None:
            self._update(product, m, result)
            return
        values = m.values
        title = values["title"]
        for _, key in url_keys(values["url"]):
            if key in self.by_url:
                result.duplicates.append((m.item.where or m.item.upstream, _text(title),
                                          f"same URL as {self.by_url[key]}"))
                return
        for _, key in title_keys(title if isinstance(title, dict) else {None: title}):
            if key in self.by_title:
                provider, path = self.by_title[key]
                if provider == values["provider"]:
                    result.duplicates.append((m.item.where or m.item.upstream, _text(title),
                                              f"same title and provider as {path}"))
                else:
                    result.skipped.append((m.item.where or m.item.upstream, [
                        f"its title is already used by {path} (provider {provider}); product titles must be "
                        "unique: add it by hand with a distinguishing title if it is another product"]))
                return
        product_id = propose_id(_text(title), self.taken)
        self.taken.add(product_id)
        path = f"{PRODUCTS}/{product_id}.yml"
        harvest = {"source": self.source.id, "upstream": m.item.upstream, "retrieved": self.today,
                   "fingerprint": fingerprint(values),
                   "fields": {field: value_hash(value) for field, value in values.items()}}
        comments = [f"Listed from the harvest source '{self.source.title}' (catalog/sources/{self.source.id}.yml) "
                    "by `make harvest`."]
        text = product_file({**values, "harvest": harvest}, comments)
        self._remember(values["url"], title, values["provider"], path)
        result.new.append(Change(path=path, title=_text(title), upstream=m.item.upstream, text=text,
                                 url=values["url"], provider=values["provider"]))

    def _update(self, product: Product, m: Mapped, result: Result) -> None:
        harvest = product.harvest
        assert harvest is not None
        fresh = m.values
        new_fingerprint = fingerprint(fresh)
        if new_fingerprint == harvest.fingerprint and not harvest.gone:
            result.unchanged.append(product.source)
            return
        considered = {field: fresh.get(field, _ABSENT) for field in schema.HARVESTED_FIELDS
                      if field in fresh or field in harvest.fields}
        change = self._merge(product, considered, new_fingerprint, gone=None, result=result)
        if change is None:
            result.unchanged.append(product.source)
        elif harvest.gone:
            result.restored.append(change)
        else:
            result.updated.append(change)

    def _archive(self, listing: Listing, mapped: list[Mapped], result: Result) -> None:
        archive = self.source.archive_missing
        if archive is None:
            archive = self.source.kind != "feed"
        present = {m.item.upstream for m in mapped}
        missing = [p for upstream, p in sorted(self.owned.items()) if upstream not in present
                   and not (p.harvest and p.harvest.gone)]
        if not missing:
            return
        if not archive:
            result.notes.append(f"{len(missing)} products of this source are no longer in it; they stay as they are "
                                "(archive_missing is false)")
            return
        if not listing.complete:
            result.notes.append(f"{len(missing)} products of this source were not found, but the source could not "
                                "be read in full: none is archived in this run")
            return
        active = [p for p in self.owned.values() if not (p.harvest and p.harvest.gone)]
        if len(missing) > 2 and len(missing) * 2 > len(active):
            result.notes.append(f"{len(missing)} of the source's {len(active)} products are no longer in it: none is "
                                "archived, in case the source changed its markup or addresses; check it, then "
                                "archive them by hand if they are really gone")
            return
        for product in missing:
            assert product.harvest is not None
            change = self._merge(product, {"status": "archived"}, product.harvest.fingerprint, gone=self.today,
                                 result=result)
            if change is not None:
                result.archived.append(change)

    # -- writing one file ------------------------------------------------------------------

    def _merge(self, product: Product, considered: dict[str, Any], new_fingerprint: str, *, gone: str | None,
               result: Result) -> Change | None:
        """Apply the fields in ``considered`` to the product's file, keeping what a person edited."""
        harvest = product.harvest
        assert harvest is not None
        path = self.root / product.source
        text = path.read_text(encoding="utf-8")
        doc = parse(text, Collector(product.source))
        if doc is None or not isinstance(doc.value, dict):  # pragma: no cover - the catalogue was valid
            return None
        current = doc.value
        hashes = dict(harvest.fields)
        updates: dict[str, Any] = {}
        changed: list[str] = []
        for field, new in considered.items():
            now = current.get(field, _ABSENT)
            recorded = harvest.fields.get(field)
            now_hash, new_hash = value_hash(now), value_hash(new)
            if now_hash == new_hash:
                if new is not _ABSENT:
                    hashes[field] = new_hash
                continue
            edited = now_hash != recorded if recorded is not None else now is not _ABSENT
            if not edited:
                updates[field] = new
                changed.append(field)
            elif new_hash != recorded:
                result.conflicts.append(Conflict(path=product.source, field=field, kept=now, upstream=new))
            if new is _ABSENT:
                hashes.pop(field, None)
            else:
                hashes[field] = new_hash
        block: dict[str, Any] = {"source": harvest.source, "upstream": harvest.upstream, "retrieved": self.today,
                                 "fingerprint": new_fingerprint,
                                 "fields": {f: hashes[f] for f in schema.HARVESTED_FIELDS if f in hashes}}
        if gone:
            block["gone"] = gone
        old_block = current.get("harvest")
        if not changed and {**block, "retrieved": None} == {**(old_block or {}), "retrieved": None}:
            return None
        new_text = _rewrite(text, updates, block)
        expected = {key: value for key, value in current.items() if key not in updates and key != "harvest"}
        expected.update({key: value for key, value in updates.items() if value is not _ABSENT})
        _verify(new_text, {**expected, "harvest": block}, product.source, ordered=False)
        return Change(path=product.source, title=product.title.text, upstream=harvest.upstream, text=new_text,
                      fields=changed)


def _yaml() -> YAML:
    writer = YAML()
    writer.preserve_quotes = True
    writer.width = 110
    writer.indent(mapping=2, sequence=4, offset=2)
    return writer


def _for_ruamel(value: Any) -> Any:
    """A value in ruamel's round-trip types, quoted wherever PyYAML (the catalogue's reader) would misread it."""
    if isinstance(value, dict):
        mapping = CommentedMap()
        for key, item in value.items():
            mapping[key] = _for_ruamel(item)
        return mapping
    if isinstance(value, list):
        return CommentedSeq([_for_ruamel(item) for item in value])
    if isinstance(value, str):
        if "\n" in value:
            return LiteralScalarString(value)
        if _resolves_to_other(value):
            return SingleQuotedScalarString(value)
    return value


def _resolves_to_other(value: str) -> bool:
    """True when PyYAML would read the plain scalar ``value`` as something other than text."""
    resolver = yaml.resolver.Resolver()
    return resolver.resolve(yaml.ScalarNode, value, (True, False)) != "tag:yaml.org,2002:str"


def _rewrite(text: str, updates: dict[str, Any], block: dict[str, Any]) -> str:
    """The file with ``updates`` (absent: removed) and the new harvest block; comments and order kept."""
    writer = _yaml()
    data = writer.load(text)
    for field, value in updates.items():
        if value is _ABSENT:
            data.pop(field, None)
        else:
            data[field] = _for_ruamel(value)
    data["harvest"] = _for_ruamel(block)
    _reorder(data)
    out = io.StringIO()
    writer.dump(data, out)
    return out.getvalue()


def _verify(text: str, expected: dict[str, Any], path: str, *, ordered: bool = True) -> None:
    """The catalogue's own reader reads ``text`` as ``expected``: the hashes recorded are those it will see."""
    doc = parse(text, Collector(path))
    read = doc.value if doc is not None else None
    if read != expected or (ordered and list(read) != list(expected)):
        raise AssertionError(f"{path}: the written file would not read back as harvested")  # pragma: no cover
