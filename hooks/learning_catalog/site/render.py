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
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import jinja2
import markdown
import nh3
from markupsafe import Markup, escape

from . import exports, formatting, i18n
from .i18n import Translation, fill
from ..contract.model import Catalogue, LearningPath, Product, Text

TEMPLATES = Path(__file__).parent / "templates"

_ALLOWED_TAGS = {
    "a", "p", "br", "hr", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li",
    "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td",
}
_ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}


class _Headings(markdown.treeprocessors.Treeprocessor):
    """Headings of a description start at h3 (the page has its h1 and h2): h1 -> h3, h2 -> h4... at most h6."""

    def run(self, root: ET.Element) -> None:
        for element in root.iter():
            if re.fullmatch(r"h[1-6]", element.tag):
                element.tag = f"h{min(int(element.tag[1]) + 2, 6)}"


@functools.cache
def _markdown() -> markdown.Markdown:
    md = markdown.Markdown(extensions=["sane_lists", "tables"])
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    md.treeprocessors.register(_Headings(md), "lp-headings", 5)
    return md


@functools.lru_cache(maxsize=4096)
def markdown_to_html(text: str) -> Markup:
    """Render a description: Markdown without raw HTML, sanitised, headings from h3 down.

    The validator keeps descriptions within what renders fast (``contract.text.markdown_problem``); should
    Python-Markdown still recurse too deep, the description shows as plain paragraphs rather than stop the
    build. Each text is rendered once, however many languages' pages show it.
    """
    md = _markdown()
    md.reset()
    try:
        html = md.convert(text)
    except RecursionError:
        _markdown.cache_clear()  # the parser's state is left half-way: the next text gets a new one
        html = "".join(f"<p>{escape(part)}</p>" for part in re.split(r"\n\s*\n", text) if part.strip())
    return Markup(
        nh3.clean(html, tags=_ALLOWED_TAGS, attributes=_ALLOWED_ATTRIBUTES, url_schemes={"http", "https"})
    )


_NOT_IN_YAML = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")


def front_matter_string(value: str | Text, limit: int | None = None) -> Markup:
    """A YAML string for front matter whose value is HTML-escaped text.

    Material for MkDocs writes ``title`` and ``description`` from the front matter into the page without
    escaping, so the value is escaped here, once: ``value`` is plain text, or Markup (escaped already, as
    the templates' ``_()`` gives) that is read back as text first. Spaces are collapsed and the text is cut
    at a word to at most ``limit`` characters, as text, before it is escaped. It is quoted for YAML as JSON is, with every
    character that YAML reads otherwise (line and paragraph separators, C1 controls) escaped; text outside
    the Basic Multilingual Plane stays as it is, since YAML cannot read JSON's surrogate pairs.
    """
    text = value.text if isinstance(value, Text) else value
    if isinstance(text, Markup):
        text = text.unescape()
    text = " ".join(str(text).split())
    if limit is not None and len(text) > limit:
        text = text[: limit - 3].rsplit(" ", 1)[0] + "..."
    quoted = json.dumps(str(escape(text)), ensure_ascii=False)
    return Markup(_NOT_IN_YAML.sub(lambda match: f"\\u{ord(match.group()):04x}", quoted))


class RenderError(Exception):
    """A page could not be rendered; the message names the catalogue file behind it."""


class Renderer:
    """Renders the generated pages' Markdown from templates."""

    def __init__(self, catalogue: Catalogue, *, directory_urls: bool = True, translation: Translation | None = None,
                 site_url: str = "", link_root: str | None = None) -> None:
        self.catalogue = catalogue
        self.site_url = site_url
        self.link_root = link_root
        """The path of the site's root (``/urban-agenda-learning-page/``) to write links from, which any builder
        resolves alike; None (the MkDocs hook) writes them relative to the page, which works under any address."""
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
        # Translations come from contributors like the catalogue: text, escaped (Jinja would take them as markup),
        # their placeholders filled by `fill` (Jinja's own "new style" gettext would %-format them, and stop at a
        # lone "%"); numbers with the language's separators.
        self.env.globals.update(gettext=self._gettext, ngettext=self._ngettext)
        self.env.filters.update(
            meta=front_matter_string,
            markdown=lambda text: markdown_to_html(text.text if isinstance(text, Text) else text),
            duration=t.duration,
            number=t.number,
            join_list=t.join,
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
        self.env.globals.update(cat=catalogue, page_language=t.language, default_language=i18n.DEFAULT,
                                strings=self._strings, foreign=self.foreign)
        self._items: dict[tuple[str, str, str, bool], Markup] = {}
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

    def _filled(self, message: str, variables: dict[str, Any]) -> Markup:
        """A translation, escaped, its placeholders filled by ``fill``: values escaped unless they are markup,
        numbers with the language's separators."""
        values = {key: escape(self.translation.number(value) if isinstance(value, int) and not isinstance(value, bool)
                              else value) for key, value in variables.items()}
        return Markup(fill(str(escape(message)), values))

    def _gettext(self, message: str, **variables: Any) -> Markup:
        """A template's ``_("...", name=value)``: the translation, filled (see ``_filled``)."""
        return self._filled(self.translation.gettext(message), variables)

    def _ngettext(self, singular: str, plural: str, count: int, **variables: Any) -> Markup:
        """A template's ``ngettext(...)``: the plural form for ``count``, filled (``num``: count)."""
        variables.setdefault("num", count)
        return self._filled(self.translation.ngettext(singular, plural, count), variables)

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
        """Render ``template`` for the page at ``src_uri``; links in it are relative to that page (or start at
        ``link_root``)."""

        def url(target: str) -> str:
            if self.link_root is not None:
                return self.link_root + self.prefix + formatting.dest_path(target, self.directory_urls)
            return formatting.relative_url(src_uri, target, self.directory_urls)

        def asset(path: str) -> str:
            if self.link_root is not None:
                return self.link_root + path
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

        def item(product: Product, summary: bool = True) -> Markup:
            key = (*place, product.id, summary)
            if key not in self._items:
                self._items[key] = Markup(self.env.get_template("_item.j2").render(
                    url=url, asset=asset, local=local, item=item, term_link=term_link, p=product,
                    summary=summary).strip())
            return self._items[key]

        try:
            return self.env.get_template(template).render(
                url=url, asset=asset, local=local, item=item, term_link=term_link, **context)
        except RecursionError as exc:  # what the validator lets through must never end in a bare traceback
            source = next((found for value in context.values()
                           if (found := getattr(value, "source", None) or getattr(value, "edit_path", None))), None)
            raise RenderError(f"{source or 'the catalogue'}: its page {src_uri} cannot be rendered "
                              f"({type(exc).__name__}: {exc})") from exc
