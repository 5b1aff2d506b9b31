"""The one place that owns the Jinja environment and turns catalogue data into page text.

Templates live in ``templates/``; each starts with a comment listing its context.
Autoescaping is on for every template: catalogue text can never become markup.
Descriptions (Markdown) are rendered with Python-Markdown with raw HTML disabled, then
cleaned by ``nh3`` (the Rust ``ammonia`` sanitiser) with an allow-list of tags and
http(s)-only links, so a description cannot carry script or markup either.
"""

from __future__ import annotations

import functools
import json
import posixpath
from pathlib import Path
from typing import Any

import jinja2
import markdown
import nh3
from markupsafe import Markup, escape

from . import exports, formatting, i18n
from .i18n import Translation
from ..contract.model import Catalogue, LearningPath, Product, Text

TEMPLATES = Path(__file__).parent / "templates"

_ALLOWED_TAGS = {
    "a", "p", "br", "hr", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li",
    "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td",
}
_ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}


@functools.cache
def _markdown() -> markdown.Markdown:
    md = markdown.Markdown(
        extensions=["toc", "sane_lists", "tables"],
        extension_configs={"toc": {"baselevel": 3}},
    )
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    return md


def markdown_to_html(text: str) -> Markup:
    """Render a description: Markdown without raw HTML, sanitised, headings from h3 down."""
    md = _markdown()
    md.reset()
    html = md.convert(text)
    return Markup(
        nh3.clean(html, tags=_ALLOWED_TAGS, attributes=_ALLOWED_ATTRIBUTES, url_schemes={"http", "https"})
    )


def front_matter_string(value: str | Text) -> Markup:
    """A YAML string for front matter whose value is HTML-escaped.

    Material for MkDocs writes ``title`` and ``description`` from the front matter into
    the page without escaping, so the value is escaped here, then quoted for YAML.
    """
    text = value.text if isinstance(value, Text) else value
    return Markup(json.dumps(str(escape(" ".join(text.split())))))


class Renderer:
    """Renders the generated pages' Markdown from templates."""

    def __init__(self, catalogue: Catalogue, *, directory_urls: bool = True, translation: Translation | None = None,
                 site_url: str = "") -> None:
        self.catalogue = catalogue
        self.site_url = site_url
        self.directory_urls = directory_urls
        self.translation = t = translation or Translation(language=i18n.DEFAULT)
        self.language = t.language
        self.prefix = i18n.prefix(t.language)
        """Where this language's pages are: links between them are relative, so only links to files at the
        site's root (``asset``) and addresses (structured data, saved lists) need it."""
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(TEMPLATES),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            extensions=["jinja2.ext.i18n"],
        )
        # Translations come from contributors like the catalogue: text, escaped (Jinja would take them as markup).
        self.env.install_gettext_callables(  # type: ignore[attr-defined]
            lambda message: escape(t.gettext(message)),
            lambda singular, plural, count: escape(t.ngettext(singular, plural, count)), newstyle=True)
        self.env.filters.update(
            meta=front_matter_string,
            markdown=lambda text: markdown_to_html(text.text if isinstance(text, Text) else text),
            duration=t.duration,
            date=t.date,
            language_name=t.language_name,
            country_name=t.country_name,
            sdg_label=t.sdg_label,
            host=formatting.host,
            products=lambda ids: [catalogue.products[i] for i in ids],
            jsonld=self._jsonld,
            path_jsonld=self._path_jsonld,
            site_path=lambda src: self.prefix + formatting.dest_path(src, directory_urls),
        )
        self.env.globals.update(cat=catalogue, page_language=t.language, strings=self._strings, foreign=self.foreign)
        self._items: dict[tuple[str, str, str], Markup] = {}
        self._links: dict[tuple[str, str, str, str, str | None], Markup] = {}

    def foreign(self, language: str) -> Markup:
        """The attributes of an element holding text in ``language`` on this language's pages: ``lang``, and
        ``dir`` where its direction differs (English in an Arabic page); nothing for text in the page's language."""
        if language == self.language:
            return Markup("")
        direction = i18n.direction(language)
        if direction == self.translation.direction:
            return Markup(' lang="{}"').format(language)
        return Markup(' lang="{}" dir="{}"').format(language, direction)

    def _strings(self, *messages: str) -> str:
        """The translations of ``messages`` as JSON, for a script to read from a ``data-strings`` attribute.

        A message with a plural gives each form (CLDR categories), for the script's ``Intl.PluralRules``.
        """
        table: dict[str, Any] = {}
        for message in messages:
            found = self.translation.strings.get(message)
            if found is None and message in i18n.PLURAL_MESSAGES:
                found = {"one": message, "other": i18n.PLURAL_MESSAGES[message]}
            table[message] = found if found is not None else message
        return json.dumps(table, ensure_ascii=False, separators=(",", ":"))

    def _jsonld(self, product: Product) -> Markup:
        page = self.site_url + self.prefix + formatting.dest_path(f"products/{product.id}.md", self.directory_urls)
        return Markup(exports.script_json(exports.json_ld(product, self.catalogue, page)))

    def _path_jsonld(self, path: LearningPath, products: list[Product]) -> Markup:
        page = self.site_url + self.prefix + formatting.dest_path(f"paths/{path.id}.md", self.directory_urls)
        pages = [self.site_url + self.prefix + formatting.dest_path(f"products/{p.id}.md", self.directory_urls)
                 for p in products]
        return Markup(exports.script_json(exports.path_json_ld(path, products, page, pages)))

    def render(self, template: str, src_uri: str, **context: Any) -> str:
        """Render ``template`` for the page at ``src_uri``; links in it are relative to that page."""

        def url(target: str) -> str:
            return formatting.relative_url(src_uri, target, self.directory_urls)

        def asset(path: str) -> str:
            return formatting.relative_asset(self.prefix + src_uri, path, self.directory_urls)

        def local(text: Text) -> tuple[str, str]:
            return text.get(self.language)

        # Relative links are the same on every page of one folder at one depth (products/a/ and products/b/ link
        # to products/c/ as ../c/, series/x/ as ../../products/c/): build them once per folder and depth.
        place = (posixpath.dirname(src_uri), url("index.md"))

        def term_link(vocabulary: str, term_id: str, folder: str | None = None) -> Markup:
            key = (*place, vocabulary, term_id, folder)
            if key not in self._links:
                language, label = self.catalogue.term(vocabulary, term_id).label.get(self.language)
                text = Markup("<span{}>{}</span>").format(self.foreign(language), label) if language != self.language else label
                target = f"{folder or vocabulary}/{term_id}.md"
                self._links[key] = Markup('<a href="{}">{}</a>').format(url(target), text)
            return self._links[key]

        def item(product: Product) -> Markup:
            key = (*place, product.id)
            if key not in self._items:
                self._items[key] = Markup(self.env.get_template("_item.j2").render(
                    url=url, asset=asset, local=local, item=item, term_link=term_link, p=product).strip())
            return self._items[key]

        return self.env.get_template(template).render(
            url=url, asset=asset, local=local, item=item, term_link=term_link, **context)
