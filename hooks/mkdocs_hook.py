"""MkDocs hook: a thin adapter from MkDocs' events to the catalogue core.

MkDocs puts only this file's folder (``hooks/``) on ``sys.path`` while importing it, so
the core package ``learning_catalog`` beside it is imported here, at import time, and
nowhere else. All domain logic lives in the core, which does not know MkDocs.
"""

from __future__ import annotations

import logging
import os
import threading
from typing import Any
from urllib.parse import urljoin

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

import learning_catalog
from learning_catalog import search

log = logging.getLogger("mkdocs.hooks.learning_catalog")
CATALOGUE_FOLDER = "catalog"
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
    pages = learning_catalog.generate_pages(catalogue, directory_urls=config.use_directory_urls,
                                            site_url=config.site_url or "")
    _built.clear()
    _built.update(catalogue=catalogue, pages={page.src_uri for page in pages}, indexer=None,
                  documents=dict(search.page_documents(pages, config.theme["language"], config.use_directory_urls)),
                  waiting={f.src_uri for f in files.documentation_pages()})
    for page in pages:
        if files.get_file_from_path(page.src_uri) is not None:
            raise PluginError(
                f"docs/{page.src_uri} is generated from the catalogue; remove the hand-written file of that name"
            )
        inclusion = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
        file = File.generated(config, page.src_uri, content=page.content, inclusion=inclusion)
        file.edit_uri = _edit_uri(page.edit_path, root, config.docs_dir)
        files.append(file)
    data_files = learning_catalog.generate_data_files(catalogue, site_url=config.site_url or "",
                                                      directory_urls=config.use_directory_urls)
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


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Generated pages are HTML already: give Python-Markdown nothing to parse (on_page_content adds it)."""
    return "" if _generated(page) else markdown


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """The HTML of a generated page, exactly as the core rendered it (escaped and sanitised there)."""
    return learning_catalog.body_of(page.file.content_string) if _generated(page) else html


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """Drop the templates' indentation; once the hand-written pages are built, start indexing for search.

    MkDocs builds the hand-written pages first, then the generated ones, whose HTML the core already
    has: Pagefind indexes on the second core while MkDocs renders the thousands of generated pages.
    """
    output = learning_catalog.strip_indentation(output)
    if not _generated(page):
        _built["documents"][page.file.dest_uri] = output
        _built["waiting"].discard(page.file.src_uri)
        if not _built["waiting"] and _built["indexer"] is None:
            _built["indexer"] = _Indexer(config)
    return output


class _Indexer(threading.Thread):
    """Runs the search indexing beside the build; on_post_build waits for it."""

    def __init__(self, config: MkDocsConfig) -> None:
        super().__init__(name="search-index", daemon=True)
        self.config = config
        self.error: Exception | None = None
        self.start()

    def run(self) -> None:
        try:
            search.index_documents(self.config.site_dir, list(_built["documents"].items()), _built["catalogue"],
                                   site_language=self.config.theme["language"],
                                   directory_urls=self.config.use_directory_urls)
        except Exception as exc:  # noqa: BLE001 - reported by on_post_build, in the main thread
            self.error = exc


def _generated(page: Page) -> bool:
    return page.file.generated_by is not None and page.file.src_uri in _built.get("pages", ())


def on_post_build(config: MkDocsConfig) -> None:
    """Wait for the search index (started early by on_post_page, or now if it could not start)."""
    indexer = _built.get("indexer") or _Indexer(config)
    indexer.join()
    if indexer.error is not None:
        raise PluginError(f"Error indexing the site for search:\n{indexer.error}")


def _edit_uri(edit_path: str | None, root: str, docs_dir: str) -> str | None:
    """Point "Edit this page" at the catalogue file, relative to ``edit_uri`` (which ends in docs/)."""
    if edit_path is None:
        return None
    return os.path.relpath(os.path.join(root, edit_path), docs_dir).replace(os.sep, "/")
