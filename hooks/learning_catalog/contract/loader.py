"""Reading the catalogue folder into a validated `Catalogue`.

All files are read and every problem is collected before anything is built, so one run
reports everything that is wrong, each problem with its ``path:line:column``.
"""

from __future__ import annotations

import datetime
import errno
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from . import model, schema
from .languages import DEFAULT as DEFAULT_LANGUAGE
from .languages import LANGUAGES, PLURAL_CATEGORIES, Interface, placeholders
from .problems import WARNING, CatalogueError, Collector, Position, Problem
from .text import comparison_key
from .yamlsafe import INVALID, MAX_FILE_BYTES, Document, decode, parse

_IGNORED = {"README.md"}
WANTED = "WANTED.md"
"""Products known to exist that no source lets the catalogue describe yet (``catalog/WANTED.md``): the site's
Contribute section shows it."""


def load_catalogue(root: str | os.PathLike[str], folder: str = "catalog", *,
                   interface: Interface | None = None) -> model.Catalogue:
    """Read and validate the catalogue in ``root/folder``.

    Args:
        root: The project folder; problem paths are written relative to it.
        folder: The catalogue folder inside ``root``.
        interface: The texts the site's interface shows, which translation files may translate
            (``learning_catalog.load_catalogue`` passes the site's); without it, no key is known.

    Returns:
        The validated catalogue.

    Raises:
        CatalogueError: If any file has an error; it lists every problem found.
    """
    catalogue, problems = check_catalogue(root, folder, interface=interface)
    if catalogue is None:
        raise CatalogueError(problems)
    return catalogue


def check_catalogue(
    root: str | os.PathLike[str], folder: str = "catalog", *, today: datetime.date | None = None,
    interface: Interface | None = None,
) -> tuple[model.Catalogue | None, list[Problem]]:
    """Read and validate the catalogue; return it (or None if it has errors) and all problems.

    Args:
        root: The project folder; problem paths are written relative to it.
        folder: The catalogue folder inside ``root``.
        interface: The texts translation files may translate (see ``load_catalogue``).
        today: The date that warnings about old reviews count from (default: today).

    Returns:
        The catalogue, or None if there is any error; and every problem, warnings included.
    """
    reader = _Reader(Path(root), folder, today or datetime.date.today(), interface or Interface())
    catalogue = reader.read()
    problems = sorted(reader.problems, key=lambda p: p.sort_key)
    if any(p.severity == "error" for p in problems):
        return None, problems
    return catalogue, problems


class _Reader:
    def __init__(self, root: Path, folder: str, today: datetime.date, interface: Interface) -> None:
        self.root = root
        self.interface = interface
        self.folder = folder
        self.today = today
        self.product_ids: set[str] = set()
        self.problems: list[Problem] = []

    # -- files ---------------------------------------------------------------------

    def _rel(self, *parts: str) -> str:
        return "/".join((self.folder, *parts))

    def _problem(self, path: str, code: str, message: str, position: Position | None = None) -> None:
        self.problems.append(Problem(path=path, position=position or Position(), code=code, message=message))

    def _kind(self, rel: str) -> str | None:
        """What is at ``rel`` without following a link: 'file', 'folder', 'link', 'special', None (nothing) or
        'inside a link' (a folder above it is a link, reported as such already)."""
        parent = os.path.dirname(rel)
        if parent and os.path.realpath(self.root / parent) != os.path.join(os.path.realpath(self.root), parent):
            return "inside a link"
        try:
            mode = os.lstat(self.root / rel).st_mode
        except FileNotFoundError:
            return None
        except OSError:
            return "special"
        if stat.S_ISLNK(mode):
            return "link"
        return "file" if stat.S_ISREG(mode) else "folder" if stat.S_ISDIR(mode) else "special"

    def _not_a_file(self, rel: str, kind: str, expected: str = "file") -> None:
        """LP108 for a link, folder or special file where a file (or a folder) belongs; the problem never says
        what a link points at."""
        if kind == "inside a link":
            return
        name = rel.rsplit("/", 1)[-1]
        what = {"link": "a symbolic link", "folder": "a folder", "file": "a file",
                "special": "not a regular file (it is a device, pipe or socket)"}[kind]
        if kind == "link":
            message = f"'{name}' is a symbolic link; the catalogue reads no links: commit the {expected} itself"
        elif kind == "special":
            message = f"'{name}' is {what}"
        else:
            message = f"'{name}' is {what}; it should be a {expected}"
        self._problem(rel, "LP108", message)

    def _folder(self, rel: str) -> list[str]:
        """The names in a catalogue folder, sorted; none (after reporting why) if it is not a readable folder."""
        kind = self._kind(rel)
        if kind in (None, "inside a link"):
            return []
        if kind != "folder":
            self._not_a_file(rel, kind, "folder")
            return []
        try:
            return sorted(os.listdir(self.root / rel))
        except OSError as exc:
            self._problem(rel, "LP109", f"the folder cannot be read: {_reason(exc)}")
            return []

    def _files(self, kind: str) -> Iterator[tuple[str, str]]:
        """Yield (id, relative path) for each ``.yml`` file of a folder; report stray entries."""
        for name in self._folder(self._rel(kind)):
            rel = self._rel(kind, name)
            if name.startswith(".") or name in _IGNORED:
                continue
            stem, ext = os.path.splitext(name)
            if (entry := self._kind(rel)) not in ("file", "folder") or (entry == "folder" and ext == ".yml"):
                self._not_a_file(rel, entry or "special")
                continue
            if entry != "file" or ext != ".yml":
                hint = f"; rename it to {stem}.yml" if ext == ".yaml" else ""
                self._problem(rel, "LP408", f"'{name}' is not a catalogue file: {kind} files end in .yml{hint}")
                continue
            if problem := schema.id_problem(stem):
                self._problem(rel, "LP401", f"file name {problem}; the file name is the id")
                continue
            yield stem, rel

    def _parse(self, rel: str) -> tuple[Document | None, Collector]:
        collector = Collector(rel)
        data = self._read(rel, collector)
        text = decode(data, collector) if data is not None else None
        doc = parse(text, collector) if text is not None else None
        if doc is not None and not isinstance(doc.value, dict):
            found = "nothing (the file is empty)" if doc.value is None else schema.describe(doc.value)
            collector.error(doc.at(()), "LP106", f"the file must be a mapping of fields (key: value lines); found {found}")
            doc = None
        return doc, collector

    def _read(self, rel: str, collector: Collector) -> bytes | None:
        """The bytes of a regular file, never through a link, and no more than the size limit allows."""
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        try:
            descriptor = os.open(self.root / rel, flags)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                self._not_a_file(rel, "link")
            else:
                collector.error(Position(), "LP109", f"the file cannot be read: {_reason(exc)}")
            return None
        try:
            status = os.fstat(descriptor)
            if not stat.S_ISREG(status.st_mode):
                self._not_a_file(rel, "special")
                return None
            if status.st_size > MAX_FILE_BYTES:
                collector.error(Position(), "LP105", f"file is {status.st_size:,} bytes; the limit is {MAX_FILE_BYTES:,}")
                return None
            with os.fdopen(descriptor, "rb", closefd=False) as handle:
                return handle.read(MAX_FILE_BYTES + 1)
        except OSError as exc:
            collector.error(Position(), "LP109", f"the file cannot be read: {_reason(exc)}")
            return None
        finally:
            os.close(descriptor)

    def _check(self, rel: str, record: schema.Record, ctx_args: dict[str, Any]) -> tuple[Any, schema.Context | None]:
        doc, collector = self._parse(rel)
        if doc is None:
            self.problems.extend(collector.problems)
            return None, None
        ctx = schema.Context(doc=doc, collector=collector, **ctx_args)
        values = record.check(doc.value, (), "file", ctx)
        self.problems.extend(collector.problems)
        return values, ctx

    # -- the catalogue -------------------------------------------------------------

    def read(self) -> model.Catalogue | None:
        if (kind := self._kind(self.folder)) != "folder":
            if kind is None:
                self._problem(self.folder, "LP107", "the catalogue folder does not exist")
            else:
                self._not_a_file(self.folder, kind, "folder")
            return None
        self._stray_entries()
        read = {name: self._vocabulary(name) for name in model.VOCABULARIES}
        # Vocabularies that could not be read are None: terms are not checked against them.
        vocabularies = {name: terms for name, terms in read.items() if terms is not None}
        series = self._all_series(vocabularies)
        products = self._all_products(vocabularies, series)
        paths = self._all_paths()
        return model.Catalogue(products=products, series=series, paths=paths,
                               vocabularies={name: terms or {} for name, terms in read.items()},
                               translations=self._all_translations(), sources=self._all_sources(vocabularies))

    def _stray_entries(self) -> None:
        """Report files the catalogue would not read, so that nothing a contributor writes is ignored."""
        folders = {"products", "series", "vocabularies", "paths", "translations", "sources"}
        for entry in self._folder(self.folder):
            if entry == WANTED and (kind := self._kind(self._rel(entry))) != "file":
                self._not_a_file(self._rel(entry), kind or "special")
            if entry not in folders and not entry.startswith(".") and entry not in _IGNORED | {WANTED}:
                self._problem(self._rel(entry), "LP408",
                              f"'{entry}' is not part of the catalogue, which holds " + ", ".join(sorted(folders))
                              + f" (and {WANTED})")
        known = {f"{name}.yml" for name in model.VOCABULARIES}
        for entry in self._folder(self._rel("vocabularies")):
            if entry not in known and not entry.startswith(".") and entry not in _IGNORED:
                self._problem(
                    self._rel("vocabularies", entry),
                    "LP408",
                    f"'{entry}' is not a vocabulary; the vocabularies are " + ", ".join(sorted(known)),
                )

    def _vocabulary(self, name: str) -> dict[str, model.Term] | None:
        rel = self._rel("vocabularies", f"{name}.yml")
        if (kind := self._kind(rel)) != "file":
            if kind is None:
                self._problem(rel, "LP107", f"the vocabulary file is missing; create {rel}")
            elif kind != "inside a link":
                self._not_a_file(rel, kind)
            return None
        values, ctx = self._check(rel, schema.VOCABULARY_SCHEMAS[name], {})
        if ctx is None:
            return None
        # Every term id that is written counts as defined, even in a term with another error:
        # products using it then get no second, misleading "unknown term" error.
        terms: dict[str, model.Term] = {}
        first_seen: dict[str, Position] = {}
        for index, term in enumerate(ctx.doc.value.get("terms") or []):
            term_id = term.get("id") if isinstance(term, dict) else None
            if not isinstance(term_id, str):
                continue
            position = ctx.doc.at(("terms", index, "id"))
            if term_id in first_seen:
                self._problem(rel, "LP409", f"term '{term_id}' is already defined at line {first_seen[term_id].line}",
                              position)
                continue
            first_seen[term_id] = position
            terms[term_id] = model.Term(id=term_id, label=model.Text(values={DEFAULT_LANGUAGE: term_id}), source=rel)
        if schema.is_complete(values):
            for term in values["terms"]:
                terms[term["id"]] = model.Term(
                    id=term["id"],
                    label=_text(term["label"], DEFAULT_LANGUAGE),
                    description=_text(term.get("description"), DEFAULT_LANGUAGE),
                    url=term.get("url"),
                    type=term.get("type"),
                    replaces=tuple(term.get("replaces", ())),
                    source=rel,
                )
            for index, term in enumerate(values["terms"]):
                for position, old_id in enumerate(term.get("replaces", ())):
                    if old_id in terms:
                        self._problem(rel, "LP409", f"'{old_id}' is a term of its own, so '{term['id']}' cannot "
                                      "replace it; remove one of them", ctx.doc.at(("terms", index, "replaces", position)))
        return terms

    def _all_series(self, vocabularies: dict[str, dict[str, model.Term]]) -> dict[str, model.Series]:
        """Read every series file."""
        result: dict[str, model.Series] = {}
        for series_id, rel in self._files("series"):
            values, ctx = self._check(rel, schema.SERIES, {"vocabularies": vocabularies})
            if ctx is None:
                continue
            self._check_id(values, series_id, rel, ctx)
            if schema.is_complete(values):
                result[series_id] = _series(series_id, values, rel)
        return result

    def _all_products(
        self, vocabularies: dict[str, dict[str, model.Term]], series: dict[str, model.Series]
    ) -> dict[str, model.Product]:
        result: dict[str, model.Product] = {}
        seen_titles: dict[str, str] = {}
        seen_urls: dict[str, str] = {}
        references: list[tuple[str, str, Position, str, str]] = []
        all_ids = set()
        for product_id, rel in self._files("products"):
            all_ids.add(product_id)
            values, ctx = self._check(rel, schema.PRODUCT, {"vocabularies": vocabularies, "series": series})
            if ctx is None:
                continue
            self._check_id(values, product_id, rel, ctx)
            for field in ("season", "episode"):
                if field in ctx.doc.value and "series" not in ctx.doc.value:
                    self._problem(rel, "LP407", f"'{field}' needs a 'series'", ctx.doc.at((field,)))
            references += [(product_id, rel, pos, field, ref) for pos, field, ref in ctx.references]
            self._check_unique(values.get("title"), "title", title_keys, seen_titles, rel, ctx)
            self._check_unique(values.get("url"), "url", url_keys, seen_urls, rel, ctx)
            if schema.is_complete(values) and not any(p.path == rel for p in self.problems):
                result[product_id] = _product(product_id, values, rel)
                self._warn(result[product_id], ctx)
        self.product_ids = all_ids
        for product_id, rel, position, field, ref in references:
            if ref == product_id:
                self._problem(rel, "LP410", f"'{field}' names the product itself", position)
            elif ref not in all_ids:
                self._problem(
                    rel,
                    "LP405",
                    f"'{field}' names product '{ref}', which does not exist (no {self._rel('products', ref)}.yml)"
                    f"{schema.suggest(ref, sorted(all_ids))}",
                    position,
                )
        return dict(sorted(result.items()))

    def _warn(self, product: model.Product, ctx: schema.Context) -> None:
        """Warnings: what a valid entry should still improve. They never fail a build."""
        def warn(code: str, message: str, position: Position) -> None:
            self.problems.append(Problem(path=product.source, position=position, code=code, message=message,
                                         severity=WARNING))

        if product.duration is None:
            warn("LP701", "no 'duration': learners plan and filter by time; add it if the provider states it",
                 ctx.doc.at(()))
        if product.reviewed:
            year, month, day = (int(part) for part in (product.reviewed.split("-") + ["12", "28"])[:3])
            if (self.today - datetime.date(year, month, day)).days > 2 * 365:
                warn("LP702", f"last reviewed {product.reviewed}, more than two years ago: check the entry against "
                     "its sources and update 'reviewed'", ctx.doc.at(("reviewed",)))

    def _all_paths(self) -> dict[str, model.LearningPath]:
        """Read every learning path; its steps must name existing products, each once."""
        result: dict[str, model.LearningPath] = {}
        product_ids = self.product_ids
        for path_id, rel in self._files("paths"):
            values, ctx = self._check(rel, schema.PATH, {})
            if ctx is None:
                continue
            self._check_id(values, path_id, rel, ctx)
            seen: set[str] = set()
            for position, _, ref in ctx.references:
                if ref not in product_ids:
                    self._problem(rel, "LP405", f"'product' names product '{ref}', which does not exist "
                                  f"(no {self._rel('products', ref)}.yml){schema.suggest(ref, sorted(product_ids))}",
                                  position)
                elif ref in seen:
                    self._problem(rel, "LP206", f"the path lists product '{ref}' twice", position)
                seen.add(ref)
            if schema.is_complete(values) and not any(p.path == rel for p in self.problems):
                result[path_id] = model.LearningPath(
                    id=path_id, title=_text(values["title"], DEFAULT_LANGUAGE),
                    summary=_text(values["summary"], DEFAULT_LANGUAGE),
                    description=_text(values.get("description"), DEFAULT_LANGUAGE),
                    steps=tuple(model.Step(**step) for step in values["steps"]), source=rel)
        return result

    def _all_sources(self, vocabularies: dict[str, dict[str, model.Term]]) -> dict[str, model.HarvestSource]:
        """Read every harvest source (``sources/<id>.yml``): a partner's catalogue that ``make harvest`` reads."""
        result: dict[str, model.HarvestSource] = {}
        for source_id, rel in self._files("sources"):
            values, ctx = self._check(rel, schema.HARVEST_SOURCE, {"vocabularies": vocabularies})
            if ctx is None:
                continue
            self._check_id(values, source_id, rel, ctx)
            if schema.is_complete(values) and not any(p.path == rel for p in self.problems):
                simple = {key: values[key] for key in ("enabled", "max_pages", "archive_missing") if key in values}
                result[source_id] = model.HarvestSource(
                    id=source_id, title=values["title"], url=values["url"], kind=values["kind"],
                    provider=values["provider"], pages=tuple(values.get("pages", ())),
                    include=tuple(values.get("include", ())), defaults=ctx.doc.value.get("defaults") or {},
                    map=values.get("map", {}), source=rel, **simple)
        return result

    # -- interface translations -----------------------------------------------------

    def _all_translations(self) -> dict[str, dict[str, str | dict[str, str]]]:
        """Read ``translations/<language>.yml``: a mapping from each English interface text to its translation."""
        result: dict[str, dict[str, str | dict[str, str]]] = {}
        files = [f"{language}.yml" for language in LANGUAGES if language != DEFAULT_LANGUAGE]
        for entry in self._folder(self._rel("translations")):
            rel = self._rel("translations", entry)
            if entry.startswith(".") or entry in _IGNORED:
                continue
            if entry not in files:
                self._problem(rel, "LP408", f"'{entry}' is not a translation file; they are " + ", ".join(files))
                continue
            if (kind := self._kind(rel)) != "file":
                self._not_a_file(rel, kind or "special")
                continue
            doc, collector = self._parse(rel)
            self.problems.extend(collector.problems)
            if doc is not None:
                language = entry.removesuffix(".yml")
                result[language] = self._strings(rel, doc)
                missing = sum(1 for message in self.interface.messages if message not in result[language])
                if missing:
                    self.problems.append(Problem(
                        path=rel, position=Position(), code="LP704", severity=WARNING,
                        message=f"{missing} of {len(self.interface.messages)} interface texts are not translated yet; "
                                "they show in English"))
        return result

    def _strings(self, rel: str, doc: Document) -> dict[str, str | dict[str, str]]:
        known = self.interface.messages
        plurals = self.interface.plurals
        strings: dict[str, str | dict[str, str]] = {}
        for key, value in doc.value.items():
            where = doc.key_at((key,))
            if not isinstance(key, str) or key not in known:
                self._problem(rel, "LP411", f"{schema.describe(key) if not isinstance(key, str) else repr(key)} is not "
                              f"a text of the interface{schema.suggest(str(key), known) if isinstance(key, str) else ''}",
                              where)
                continue
            forms = value if isinstance(value, dict) and key in plurals else {"": value}
            if isinstance(value, dict) and key not in plurals:
                self._problem(rel, "LP203", f"the translation of {key!r} must be text, found a mapping",
                              doc.at((key,)))
                continue
            good = True
            for form, text in forms.items():
                path = (key, form) if form else (key,)
                if form and form not in PLURAL_CATEGORIES:
                    self._problem(rel, "LP313", f"'{form}' is not a plural category; use "
                                  + ", ".join(PLURAL_CATEGORIES), doc.key_at(path))
                    good = False
                elif text is INVALID:
                    good = False
                elif not isinstance(text, str) or not text.strip():
                    self._problem(rel, "LP203", f"the translation of {key!r} must be text, found "
                                  f"{schema.describe(text)}", doc.at(path))
                    good = False
                elif placeholders(text) != placeholders(key):
                    expected = ", ".join(f"%({name})s" for name in sorted(placeholders(key))) or "none"
                    self._problem(rel, "LP312", f"the translation of {key!r} must keep its placeholders "
                                  f"({expected}) as they are", doc.at(path))
                    good = False
            if good and isinstance(value, dict) and "other" not in value:
                self._problem(rel, "LP314", f"the translation of {key!r} needs an 'other' form", doc.at((key,)))
                good = False
            if good:
                strings[key] = value if isinstance(value, dict) else value.strip()
        return strings

    def _check_id(self, values: Any, file_id: str, rel: str, ctx: schema.Context) -> None:
        written = values.get("id") if isinstance(values, dict) else None
        if written is not None and written != file_id:
            self._problem(
                rel, "LP402", f"'id' is '{written}' but the file name says '{file_id}'; the file name is the id",
                ctx.doc.at(("id",)),
            )

    def _check_unique(self, value: Any, field: str, keys: Any, seen: dict[str, str], rel: str, ctx: schema.Context) -> None:
        if value is None:
            return
        for language, key in keys(value):
            path = (field, language) if isinstance(ctx.doc.value.get(field), dict) else (field,)
            here = f"{rel}:{ctx.doc.at(path).line}:{ctx.doc.at(path).column}"
            if key in seen:
                self._problem(rel, "LP404" if field == "url" else "LP403",
                              f"this {field} is already used by {seen[key]}", ctx.doc.at(path))
            else:
                seen[key] = here


def title_keys(value: dict[str | None, str]) -> list[tuple[str | None, str]]:
    """Titles are the same if they read the same: case, spaces and invisible characters aside."""
    return [(language, comparison_key(text)) for language, text in value.items()]


def url_keys(value: str) -> list[tuple[None, str]]:
    """http/https, 'www.', a trailing dot or slash do not make two addresses different."""
    parts = urlsplit(value)
    host = (parts.hostname or "").rstrip(".").removeprefix("www.")
    query = f"?{parts.query}" if parts.query else ""
    return [(None, f"{host}{parts.path.rstrip('/')}{query}")]


def _text(value: dict[str | None, str] | None, default_language: str) -> model.Text | None:
    if value is None:
        return None
    return model.Text(values={(language or default_language): text for language, text in value.items()})


def _series(series_id: str, v: dict[str, Any], rel: str) -> model.Series:
    seasons = tuple(
        model.Season(
            number=s["number"],
            published=s.get("published"),
            summary=_text(s.get("summary"), DEFAULT_LANGUAGE),
            partners=tuple(s.get("partners", ())),
        )
        for s in v.get("seasons", ())
    )
    return model.Series(
        id=series_id,
        title=_text(v["title"], DEFAULT_LANGUAGE),
        summary=_text(v["summary"], DEFAULT_LANGUAGE),
        url=v["url"],
        provider=v["provider"],
        partners=tuple(v.get("partners", ())),
        description=_text(v.get("description"), DEFAULT_LANGUAGE),
        published=v.get("published"),
        seasons=tuple(sorted(seasons, key=lambda s: s.number)),
        source=rel,
    )


def _product(product_id: str, v: dict[str, Any], rel: str) -> model.Product:
    original = v["languages"][0]
    simple = {
        key: v[key]
        for key in ("url", "format", "provider", "published", "updated", "level", "mode", "free", "certificate",
                    "series", "season", "episode", "license", "status", "reviewed")
        if key in v
    }
    lists = {key: tuple(v.get(key, ())) for key in ("topics", "audiences", "languages", "partners", "sdgs", "countries", "related")}
    harvest = v.get("harvest")
    return model.Product(
        harvest=model.Harvest(**harvest) if harvest else None,
        id=product_id,
        title=_text(v["title"], original),
        summary=_text(v["summary"], original),
        description=_text(v.get("description"), original),
        duration=model.Duration(**v["duration"]) if "duration" in v else None,
        people=tuple(model.Person(**p) for p in v.get("people", ())),
        links=tuple(model.Link(**link) for link in v.get("links", ())),
        sources=tuple(model.Source(**source) for source in v.get("sources", ())),
        source=rel,
        **simple,
        **lists,
    )


def _reason(exc: OSError) -> str:
    """Why a file cannot be read, in words (never the path, which the problem names already)."""
    return (exc.strerror or type(exc).__name__).lower()
