"""MkDocs hook: a thin adapter from MkDocs' events to the catalogue core.

MkDocs puts only this file's folder (``hooks/``) on ``sys.path`` while importing it, so
the core package ``learning_catalog`` beside it is imported here, at import time, and
nowhere else. All domain logic lives in the core, which does not know MkDocs.
"""

from __future__ import annotations

import logging
import copy
import os
import posixpath
import threading
from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import urljoin

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from jinja2 import Environment
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

import learning_catalog
from learning_catalog import search, shell

log = logging.getLogger("mkdocs.hooks.learning_catalog")
CATALOGUE_FOLDER = "catalog"
NO_SHELL = "LEARNING_PAGE_NO_SHELL"
"""Set this environment variable to render every page with the theme in full (see on_page_context)."""
_built: dict[str, Any] = {}
"""The build in progress: its catalogue (indexed for search in on_post_build) and generated pages."""


def _project_root(config: MkDocsConfig) -> str:
    return os.path.dirname(os.path.abspath(config.config_file_path))


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Watch the catalogue, so that ``mkdocs serve`` rebuilds when a product file changes."""
    catalogue_dir = os.path.join(_project_root(config), CATALOGUE_FOLDER)
    if catalogue_dir not in config.watch:
        config.watch.append(catalogue_dir)
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Read the catalogue and add its generated pages; stop the build if it has errors."""
    root = _project_root(config)
    try:
        catalogue = learning_catalog.load_catalogue(root, CATALOGUE_FOLDER)
    except learning_catalog.CatalogueError as exc:
        raise PluginError(f"Error reading the catalogue in '{CATALOGUE_FOLDER}/':\n{exc}") from None
    offline = _offline(config)
    data_files = learning_catalog.generate_data_files(catalogue, site_url=config.site_url or "",
                                                      directory_urls=config.use_directory_urls, offline=offline)
    pages = learning_catalog.generate_pages(catalogue, directory_urls=config.use_directory_urls,
                                            site_url=config.site_url or "", data_files=data_files,
                                            offline_zip_bytes=_offline_zip_bytes(config))
    _built.clear()
    _built.update(catalogue=catalogue, pages={page.src_uri: page for page in pages}, shell={}, shells={},
                  handwritten={f.src_uri for f in files.documentation_pages()}, documents=[],
                  # The offline edition is opened from file://, where Pagefind cannot load: no index.
                  indexer=None if offline else _Indexer(
                      config, catalogue, search.page_documents(pages, config.theme["language"],
                                                               config.use_directory_urls)))
    for page in pages:
        if files.get_file_from_path(page.src_uri) is not None:
            raise PluginError(
                f"docs/{page.src_uri} is generated from the catalogue; remove the hand-written file of that name"
            )
        inclusion = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
        file = File.generated(config, page.src_uri, content=page.content, inclusion=inclusion)
        file.edit_uri = _edit_uri(page.edit_path, root, config.docs_dir)
        files.append(file)
    for uri, content in data_files.items():
        # The committed copies in docs/schema/ serve editors; the published ones are always current.
        if (stale := files.get_file_from_path(uri)) is not None:
            files.remove(stale)
        files.append(File.generated(config, uri, content=content))
    log.info("Generated %d pages from %d products.", len(pages), len(catalogue.products))
    return files


def on_pre_page(page: Page, config: MkDocsConfig, files: Files) -> Page:
    """Resolve "Edit this page" of generated pages to the catalogue file (``docs/../catalog/x.yml``)."""
    if page.file.generated_by and page.file.edit_uri and config.edit_uri:
        page.edit_url = urljoin(config.edit_uri, page.file.edit_uri)
    return page


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    """Let the search index start if it has not (all pages are read by now); give the theme's templates
    the shared renderings (see on_page_context)."""
    if _built["indexer"] is not None:
        _built["indexer"].finish(_built["documents"])
    env.globals["lp_shell"] = _built.setdefault("shell", {})
    _built["env"] = env
    return env


def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation) -> dict[str, Any]:
    """Render the theme once for the thousands of generated pages outside the navigation.

    Such pages (products, browse pages) have no table of contents and are in no navigation
    section, so the theme's HTML around them differs only in the page's own values. Pages of
    one folder (links are relative) with the same ``hide`` front matter and the same values
    present share a key: ``main.html`` renders their navigation and tabs once per key, and the
    page as a whole comes from a ``Shell`` (see ``learning_catalog.shell``) checked against a
    normal rendering of the first page of the key.
    """
    context["lp_shell_key"] = context["lp_filled"] = None
    generated = _built.get("pages", {}).get(page.file.src_uri) if page.file.generated_by else None
    if generated is None or generated.in_nav or page.toc or os.environ.get(NO_SHELL):
        return context
    values = _shell_values(page)
    folder = posixpath.dirname(page.url.rstrip("/"))  # links are relative: the same from every page in it
    hidden = ",".join(sorted(page.meta.get("hide") or ()))
    present = ",".join(field for field, value in values.items() if value is not None)
    context["lp_shell_key"] = key = f"{folder}/;hide={hidden};values={present};h1={'<h1' in page.content}"
    shells = _built.setdefault("shells", {})
    if key not in shells:
        shells[key] = _checked_shell(context, page, values)
    if shells[key] is not None:
        context["lp_filled"] = shells[key].fill(values)
    return context


def _shell_values(page: Page) -> dict[str, str | None]:
    values = {"name": posixpath.basename(page.url.rstrip("/")), "title": page.meta.get("title"),
              "description": page.meta.get("description"), "canonical_url": page.canonical_url,
              "edit_url": page.edit_url, "content": page.content}
    return {field: value if value is None else str(value) for field, value in values.items()}


def _checked_shell(context: dict[str, Any], page: Page, values: dict[str, str | None]) -> shell.Shell | None:
    """The shell of the page's key, or None if it does not give exactly the page's normal rendering."""
    probe = copy.copy(page)
    probe.file = copy.copy(page.file)
    probe.file.url = page.url[: len(page.url.rstrip("/")) - len(values["name"] or "")] + shell.PROBE["name"] + (
        "/" if page.url.endswith("/") else "")
    marks = {field: None if value is None else shell.PROBE[field] for field, value in values.items()}
    marks["content"] = ("<h1" if "<h1" in page.content else "") + shell.PROBE["content"]
    probe.meta = {**page.meta, "title": marks["title"], "description": marks["description"]}
    probe.canonical_url, probe.edit_url, probe.content = marks["canonical_url"], marks["edit_url"], marks["content"]
    template = _built["env"].get_template(page.meta.get("template", "main.html"))
    try:
        cut = shell.Shell.parse(template.render({**context, "page": probe}), probe={**shell.PROBE, **marks})
    except shell.ShellError as exc:
        log.debug("No shell for %s: %s", page.file.src_uri, exc)
        return None
    if cut.fill(values) != template.render(context):
        log.debug("No shell for %s: the shell does not give the page's own rendering", page.file.src_uri)
        return None
    return cut


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Generated pages are HTML already: give Python-Markdown nothing to parse (on_page_content adds it)."""
    return "" if _generated(page) else markdown


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """The HTML of a generated page, exactly as the core rendered it (escaped and sanitised there).

    MkDocs reads the hand-written pages first: once the last is read, the search index can start.
    """
    if _generated(page):
        return learning_catalog.body_of(page.file.content_string)
    _built["documents"].append((page.file.dest_uri, search.document(html, config.theme["language"],
                                                                    title=page.title)))
    _built["handwritten"].discard(page.file.src_uri)
    if not _built["handwritten"] and _built["indexer"] is not None:
        _built["indexer"].finish(_built["documents"])
    return html


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """Drop the templates' indentation."""
    return learning_catalog.strip_indentation(output)


class _Indexer(threading.Thread):
    """Indexes the site for search beside the build, from the pages' bodies; on_post_build waits for it.

    It starts as soon as the generated pages exist (on_files): it indexes the catalogue's text in
    other scripts and writes the generated pages out for Pagefind while MkDocs reads the hand-written
    pages; once those are read (on_page_content of the last one), Pagefind indexes the site on the
    second core while MkDocs renders the thousands of generated pages.
    """

    def __init__(self, config: MkDocsConfig, catalogue: learning_catalog.Catalogue,
                 generated: Iterable[tuple[str, str]]) -> None:
        super().__init__(name="search-index", daemon=True)
        self.config = config
        self.catalogue = catalogue
        self.generated = generated
        self.handwritten: list[tuple[str, str]] | None = None
        self.ready = threading.Event()
        self.error: Exception | None = None
        self.start()

    def finish(self, handwritten: list[tuple[str, str]] | None) -> None:
        """Give the hand-written pages (None: the build stopped) and let indexing go on; only the first call counts."""
        if not self.ready.is_set():
            self.handwritten = handwritten
            self.ready.set()

    def _documents(self) -> Iterator[tuple[str, str]]:
        yield from self.generated
        self.ready.wait()
        if self.handwritten is None:
            raise _Cancelled
        yield from self.handwritten

    def run(self) -> None:
        try:
            search.index_documents(self.config.site_dir, self._documents(), self.catalogue,
                                   site_language=self.config.theme["language"],
                                   directory_urls=self.config.use_directory_urls)
        except _Cancelled:
            pass
        except Exception as exc:  # noqa: BLE001 - reported by on_post_build, in the main thread
            self.error = exc


class _Cancelled(Exception):
    """The build stopped before the hand-written pages were read."""


def on_build_error(error: Exception) -> None:
    """Let a waiting search indexer end."""
    if (indexer := _built.get("indexer")) is not None:
        indexer.finish(None)


def _generated(page: Page) -> bool:
    return page.file.generated_by is not None and page.file.src_uri in _built.get("pages", ())


def on_post_build(config: MkDocsConfig) -> None:
    """Wait for the search index (started by on_files; none in the offline edition)."""
    indexer = _built["indexer"]
    if indexer is None:
        return
    indexer.join()
    if indexer.error is not None:
        raise PluginError(f"Error indexing the site for search:\n{indexer.error}")


def _offline(config: MkDocsConfig) -> bool:
    """Whether this is the offline edition (``extra.offline``, from LEARNING_PAGE_OFFLINE in mkdocs.yml)."""
    return str(config.extra.get("offline", False)).strip().lower() in ("1", "true", "yes", "on")


def _offline_zip_bytes(config: MkDocsConfig) -> int:
    """The size of the offline edition's zip published with the site (``extra.offline_zip_bytes``), or 0."""
    value = str(config.extra.get("offline_zip_bytes") or 0).strip()
    if not value.isdigit():
        raise PluginError(f"extra.offline_zip_bytes (OFFLINE_ZIP_BYTES) must be a number of bytes, not {value!r}")
    return int(value)


def _edit_uri(edit_path: str | None, root: str, docs_dir: str) -> str | None:
    """Point "Edit this page" at the catalogue file, relative to ``edit_uri`` (which ends in docs/)."""
    if edit_path is None:
        return None
    return os.path.relpath(os.path.join(root, edit_path), docs_dir).replace(os.sep, "/")
