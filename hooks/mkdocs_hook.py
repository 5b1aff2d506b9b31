"""MkDocs hook: a thin adapter from MkDocs' events to the catalogue core.

MkDocs puts only this file's folder (``hooks/``) on ``sys.path`` while importing it, so
the core package ``learning_catalog`` beside it is imported here, at import time, and
nowhere else. All domain logic lives in the core, which does not know MkDocs.
"""

from __future__ import annotations

import copy
import html
import logging
import os
import posixpath
import threading
from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import urljoin

import learning_catalog
from jinja2 import Environment
from learning_catalog.site import assets, i18n, search, shell, sitemaps
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation, get_navigation
from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.hooks.learning_catalog")
CATALOGUE_FOLDER = "catalog"
WANTED_PAGE = learning_catalog.WANTED_PAGE
NO_SHELL = "LEARNING_PAGE_NO_SHELL"
"""Set this environment variable to render every page with the theme in full (see on_page_context)."""
_built: dict[str, Any] = {}
"""The build in progress: its catalogue, generated pages (by path), copies of hand-written pages, the navigation
of each language, the shared theme renderings and the search indexer."""


def _project_root(config: MkDocsConfig) -> str:
    return os.path.dirname(os.path.abspath(config.config_file_path))


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Watch the catalogue, so that ``mkdocs serve`` rebuilds when a product file changes; keep the API
    reference's stylesheet (which mkdocstrings adds to every page) for the pages that show an API."""
    catalogue_dir = os.path.join(_project_root(config), CATALOGUE_FOLDER)
    if catalogue_dir not in config.watch:
        config.watch.append(catalogue_dir)
    api_css = [css for css in config.extra_css if str(css).endswith("_mkdocstrings.css")]
    for css in api_css:
        config.extra_css.remove(css)
    config.extra["lp_api_css"] = [str(css) for css in api_css]
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Read the catalogue and add its generated pages, in every language; stop the build if it has errors."""
    root = _project_root(config)
    try:
        catalogue = learning_catalog.load_catalogue(root, CATALOGUE_FOLDER)
    except learning_catalog.CatalogueError as exc:
        raise PluginError(f"Error reading the catalogue in '{CATALOGUE_FOLDER}/':\n{exc}") from None
    offline = _offline(config)
    data_files = learning_catalog.generate_data_files(catalogue, site_url=config.site_url or "",
                                                      directory_urls=config.use_directory_urls, offline=offline)
    try:
        pages = [page for language in i18n.LANGUAGES for page in learning_catalog.generate_pages(
            catalogue, directory_urls=config.use_directory_urls, site_url=config.site_url or "", data_files=data_files,
            offline_zip_bytes=_offline_zip_bytes(config), offline_zip_url=_offline_zip_url(config),
            translation=i18n.translation(catalogue, language),
            repository_url=_repository_url(config), data_licence=str(config.extra.get("data_licence") or "").strip(),
            edit_uri=config.edit_uri or "")]
    except learning_catalog.RenderError as exc:
        raise PluginError(f"Error rendering the catalogue's pages:\n{exc}") from None
    _add_wanted(files, config, root)
    handwritten = list(files.documentation_pages())
    _built.clear()
    _built.update(catalogue=catalogue, pages={page.src_uri: page for page in pages}, shells={}, configs={},
                  handwritten={f.src_uri for f in handwritten}, documents=[], copies={}, navs={},
                  # The offline edition is opened from file://, where Pagefind cannot load: no index.
                  indexer=None if offline else _Indexer(
                      config, catalogue, search.page_documents(pages, config.use_directory_urls)))
    for page in pages:
        if files.get_file_from_path(page.src_uri) is not None:
            raise PluginError(
                f"docs/{page.src_uri} is generated from the catalogue; remove the hand-written file of that name"
            )
        inclusion = InclusionLevel.UNDEFINED if page.in_nav and page.language == i18n.DEFAULT else InclusionLevel.NOT_IN_NAV
        file = File.generated(config, page.src_uri, content=page.content, inclusion=inclusion)
        file.edit_uri = _edit_uri(page.edit_path, root, config.docs_dir)
        files.append(file)
    _add_copies(files, handwritten, config)
    for uri, content in data_files.items():
        # The committed copies in docs/schema/ serve editors; the published ones are always current.
        if (stale := files.get_file_from_path(uri)) is not None:
            files.remove(stale)
        files.append(File.generated(config, uri, content=content))
    _add_sitemaps(files, config, offline)
    _drop_unused_theme_files(files, config)
    log.info("Generated %d pages from %d products in %d languages.", len(pages), len(catalogue.products),
             len(i18n.LANGUAGES))
    return files


def _add_wanted(files: Files, config: MkDocsConfig, root: str) -> None:
    """Show ``catalog/WANTED.md`` (products no source describes yet) as a page of the Contribute section, edited
    where it lives."""
    path = os.path.join(root, CATALOGUE_FOLDER, learning_catalog.WANTED)
    if os.path.isfile(path) and not os.path.islink(path) and files.get_file_from_path(WANTED_PAGE) is None:
        file = File.generated(config, WANTED_PAGE, abs_src_path=path)
        file.edit_uri = _edit_uri(f"{CATALOGUE_FOLDER}/{learning_catalog.WANTED}", root, config.docs_dir)
        files.append(file)


UNUSED_THEME_FILES = ("assets/javascripts/lunr/", "assets/javascripts/workers/", "assets/stylesheets/palette.")
"""Files of Material that the site never loads: its search plugin's worker and languages (search is Pagefind's),
the palette's stylesheet (there is no palette option), and the source maps (for debugging Material itself)."""


def _drop_unused_theme_files(files: Files, config: MkDocsConfig) -> None:
    """Publish none of the theme's files that no page loads (2.4 MB: Material's search is not used), nor its
    favicon when the site has its own."""
    unused = UNUSED_THEME_FILES
    if config.theme.get("favicon") != "assets/images/favicon.png":
        unused += ("assets/images/favicon.png",)
    for file in list(files):
        theirs = not file.generated_by and file.abs_src_path and not file.abs_src_path.startswith(config.docs_dir)
        if theirs and (file.src_uri.startswith(unused) or file.src_uri.endswith(".map")):
            files.remove(file)


def _add_sitemaps(files: Files, config: MkDocsConfig, offline: bool) -> None:
    """The sitemaps of every page (an index, one per language) and robots.txt; the theme's sitemap.xml template
    prints the index (docs/overrides/sitemap.xml). None in the offline edition, which no crawler reads."""
    addresses = sorted("" if f.url == "./" else f.url for f in files.documentation_pages())
    written = {} if offline else sitemaps.sitemaps(addresses, config.site_url or "")
    _built["sitemap_index"] = written.pop(sitemaps.INDEX, b"").decode()
    for uri, content in written.items():
        if (stale := files.get_file_from_path(uri)) is not None:
            files.remove(stale)
        files.append(File.generated(config, uri, content=content))


def _add_copies(files: Files, handwritten: list[File], config: MkDocsConfig) -> None:
    """Give each other language a copy of the hand-written pages: its menus around the English text."""
    for original in handwritten:
        if original.src_uri in learning_catalog.UNCOPIED:
            continue
        for language in i18n.iter_languages(include_default=False):
            uri = i18n.prefix(language) + original.src_uri
            copy_file = File.generated(config, uri, content=original.content_string,
                                       inclusion=InclusionLevel.NOT_IN_NAV)
            copy_file.edit_uri = original.edit_uri  # the page's own file (catalog/WANTED.md for the wanted list)
            _built["copies"][uri] = original.src_uri
            files.append(copy_file)


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    """Build the navigation of each other language: translated titles, leading to that language's pages."""
    for language in i18n.iter_languages(include_default=False):
        translation = i18n.translation(_built["catalogue"], language)
        localized = copy.copy(config)
        localized["nav"] = _localized_nav(config["nav"] or [], language, translation, files)
        # The site's name in the language (an interface text): the theme prints it in the header, the menu and
        # the title of every page, from the configuration that _localize gives the page.
        localized["site_name"] = translation.gettext(config["site_name"])
        _built["configs"][language] = localized
        # MkDocs gave every page a Page object already, without a title (it was outside the navigation):
        # let this navigation make those of its pages again, with their translated titles.
        for path in _nav_paths(localized["nav"]):
            if path.startswith(i18n.prefix(language)) and (file := files.get_file_from_path(path)) is not None:
                file.page = None
        _built["navs"][language] = get_navigation(files, localized)
    _built["files"] = files
    _built["site_name"] = config["site_name"]
    return nav


def _nav_paths(items: list[Any]) -> Iterator[str]:
    for item in items:
        values = [item] if isinstance(item, str) else list(item.values())
        for value in values:
            if isinstance(value, list):
                yield from _nav_paths(value)
            else:
                yield value


def _localized_nav(items: list[Any], language: str, translation: i18n.Translation, files: Files) -> list[Any]:
    def target(path: str) -> str:
        localized = i18n.prefix(language) + path
        return localized if files.get_file_from_path(localized) is not None else path

    result: list[Any] = []
    for item in items:
        if isinstance(item, str):
            result.append(target(item))
            continue
        for title, value in item.items():
            # Material prints navigation titles as they are: a translation is text, so it is escaped here.
            title = html.escape(translation.gettext(title), quote=False) if title else title
            if isinstance(value, list):
                result.append({title: _localized_nav(value, language, translation, files)})
            else:
                result.append({title: target(value) if "://" not in value else value})
    return result


def on_pre_page(page: Page, config: MkDocsConfig, files: Files) -> Page:
    """Resolve "Edit this page" of generated pages to the catalogue file (``docs/../catalog/x.yml``)."""
    if page.file.generated_by and page.file.edit_uri and config.edit_uri:
        page.edit_url = urljoin(config.edit_uri, page.file.edit_uri)
    return page


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    """Let the search index start if it has not (all pages are read by now); give the theme's templates
    the hook's functions and values (interface strings, the sitemap index)."""
    if _built["indexer"] is not None:
        _built["indexer"].finish(_built["documents"])
    env.globals["lp_gettext"] = html.escape  # pages without a language (404) speak English; see _localize
    env.globals["lp_site_links"] = _site_links
    env.globals["lp_site_versions"] = _site_versions
    env.globals["lp_sitemap_index"] = _built["sitemap_index"]
    _built["env"] = env
    return env


def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation) -> dict[str, Any]:
    """Give the page its language (see _localize); render the theme once for the thousands of generated
    pages outside the navigation.

    Such pages (products, browse pages) have no table of contents and are in no navigation
    section, so the theme's HTML around them differs only in the page's own values. Pages of
    one folder (links are relative) with the same ``hide`` front matter and the same values
    present share a key, and come from a ``Shell`` (see ``learning_catalog.site.shell``) checked
    against a normal rendering of the first page of the key.
    """
    _localize(context, page)
    context["lp_filled"] = None
    generated = _built.get("pages", {}).get(page.file.src_uri) if page.file.generated_by else None
    # Thousands of product and browse pages, outside the navigation: their chrome is lean (main.html).
    context["lp_lean"] = generated is not None and not generated.in_nav
    if generated is None or generated.in_nav or page.toc or os.environ.get(NO_SHELL):
        return context
    values = _shell_values(page)
    folder = posixpath.dirname(page.url.rstrip("/"))  # links are relative: the same from every page in it
    hidden = ",".join(sorted(page.meta.get("hide") or ()))
    present = ",".join(field for field, value in values.items() if value is not None)
    key = f"{folder}/;hide={hidden};values={present};h1={'<h1' in page.content}"
    shells = _built.setdefault("shells", {})
    if key not in shells:
        shells[key] = _checked_shell(context, page, values)
    if shells[key] is not None:
        context["lp_filled"] = shells[key].fill(values)
    return context


def _localize(context: dict[str, Any], page: Page) -> None:
    """The page's language for the theme (lp_language: Material's own strings, ``lang``, ``dir``), that
    language's navigation and site name (the configuration of its language), and the same page in the other
    languages (lp_alternates, for the language menu)."""
    language = i18n.language_of(page.file.src_uri)
    prefix = i18n.prefix(language)
    context["lp_language"], context["lp_prefix"] = language, prefix
    translation = i18n.translation(_built["catalogue"], language)
    context["lp_gettext"] = lambda message: html.escape(translation.gettext(message))
    if language != i18n.DEFAULT:
        context["nav"] = _built["navs"][language]
        context["config"] = _built["configs"][language]
    # The language of the site's name: the page's, or English where it has no translation; its English form too.
    context["lp_site_name_lang"] = language if context["config"].site_name != _built["site_name"] else i18n.DEFAULT
    context["lp_site_name_en"] = _built["site_name"]
    base = page.file.src_uri[len(prefix):]
    files = _built["files"]
    context["lp_alternates"] = [
        {"lang": other, "name": i18n.own_name(other), "prefix": i18n.prefix(other), "current": other == language,
         "same_page": files.get_file_from_path(i18n.prefix(other) + base) is not None}
        for other in i18n.LANGUAGES
    ]


SITE_LINKS = (("About the site", "about.md"), ("Contact", "contact.md"), ("Privacy", "privacy.md"), ("Licence", "licence.md"),
              ("Propose a product", "contribute/propose.md"))
"""The footer's links: the pages about the site, and the form that proposes a product (generated in every language)."""


def _site_links(language: str | None = None) -> list[tuple[str, str]]:
    """The footer's links in ``language`` (English for the 404 page): titles, and addresses from the site's root."""
    prefix = i18n.prefix(language or i18n.DEFAULT)
    files = _built["files"]
    found = [(title, files.get_file_from_path(prefix + src) or files.get_file_from_path(src)) for title, src in SITE_LINKS]
    return [(title, file.url) for title, file in found if file is not None]


def _site_versions() -> list[dict[str, Any]]:
    """The site's languages, English first, for the 404 page, which holds its text in each of them."""
    versions = []
    for language in i18n.LANGUAGES:
        translation = i18n.translation(_built["catalogue"], language)
        versions.append({"lang": language, "dir": translation.direction, "prefix": i18n.prefix(language),
                         "gettext": lambda message, t=translation: html.escape(t.gettext(message))})
    return versions


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


def on_page_content(html_text: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """The HTML of a generated page, exactly as the core rendered it (escaped and sanitised there).

    MkDocs reads the hand-written pages first: once the last is read, the search index can start.
    """
    if _generated(page):
        return learning_catalog.body_of(page.file.content_string)
    if page.file.src_uri in _built["copies"]:
        language = i18n.language_of(page.file.src_uri)
        notice = learning_catalog.english_only_notice(i18n.translation(_built["catalogue"], language))
        return f'{notice}\n<div class="lp-untranslated" lang="en" dir="ltr">\n{html_text}\n</div>'
    _built["documents"].append((page.file.dest_uri, search.document(
        html_text, config.theme["language"], title=page.title, section=search.section(page.file.src_uri))))
    _built["handwritten"].discard(page.file.src_uri)
    if not _built["handwritten"] and _built["indexer"] is not None:
        _built["indexer"].finish(_built["documents"])
    return html_text


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
    """Minify the site's own scripts and stylesheets; wait for the search index (started by on_files; none in
    the offline edition)."""
    _add_icon_stylesheet(config)
    assets.minify_assets(config.site_dir, assets.own_assets(config.docs_dir))
    # MkDocs gzips the theme's sitemap.xml, here the index: the sitemaps it lists are gzipped already.
    if os.path.exists(stale := os.path.join(config.site_dir, "sitemap.xml.gz")):
        os.remove(stale)
    indexer = _built["indexer"]
    if indexer is None:
        return
    indexer.join()
    if indexer.error is not None:
        raise PluginError(f"Error indexing the site for search:\n{indexer.error}")


ICON_STYLESHEET = "stylesheets/extra.css"
"""The site's stylesheet, which also draws the icons that the overrides' ``.icons/`` replace (assets.icon_stylesheet)."""


def _add_icon_stylesheet(config: MkDocsConfig) -> None:
    """Add to the site's stylesheet the rules that draw the theme's icons replaced by placeholders in the overrides."""
    custom = config.theme.custom_dir
    if not custom or not os.path.isdir(os.path.join(custom, ".icons")):
        return
    theirs = next(folder for folder in config.theme.dirs
                  if folder != custom and os.path.isdir(os.path.join(folder, ".icons")))
    try:
        rules = assets.icon_stylesheet(os.path.join(custom, ".icons"), os.path.join(theirs, ".icons"))
    except ValueError as exc:
        raise PluginError(f"Error in the icons of {custom}: {exc}") from None
    path = os.path.join(config.site_dir, ICON_STYLESHEET)
    with open(path, encoding="utf-8") as stylesheet:
        if "--lpi:" in stylesheet.read():
            return  # a --dirty build kept the stylesheet of the build before
    with open(path, "a", encoding="utf-8") as stylesheet:
        stylesheet.write("\n" + rules)


def _offline(config: MkDocsConfig) -> bool:
    """Whether this is the offline edition (``extra.offline``, from LEARNING_PAGE_OFFLINE in mkdocs.yml)."""
    return str(config.extra.get("offline", False)).strip().lower() in ("1", "true", "yes", "on")


def _offline_zip_bytes(config: MkDocsConfig) -> int:
    """The size of the offline edition's zip published with the site (``extra.offline_zip_bytes``), or 0."""
    value = str(config.extra.get("offline_zip_bytes") or 0).strip()
    if not value.isdigit():
        raise PluginError(f"extra.offline_zip_bytes (OFFLINE_ZIP_BYTES) must be a number of bytes, not {value!r}")
    return int(value)


def _repository_url(config: MkDocsConfig) -> str:
    """The site's repository on GitHub, from ``edit_uri`` (``https://github.com/owner/name/edit/...``), or ""."""
    return learning_catalog.repository_url(str(config.edit_uri or ""))


def _offline_zip_url(config: MkDocsConfig) -> str:
    """Where the offline edition's zip is published (``extra.offline_zip_url``: a release asset), or "" (the zip is
    beside the site)."""
    value = str(config.extra.get("offline_zip_url") or "").strip()
    if value and not value.startswith(("https://", "http://")):
        raise PluginError(f"extra.offline_zip_url (OFFLINE_ZIP_URL) must be an http(s) address, not {value!r}")
    return value


def _edit_uri(edit_path: str | None, root: str, docs_dir: str) -> str | None:
    """Point "Edit this page" at the catalogue file, relative to ``edit_uri`` (which ends in docs/)."""
    if edit_path is None:
        return None
    return os.path.relpath(os.path.join(root, edit_path), docs_dir).replace(os.sep, "/")
