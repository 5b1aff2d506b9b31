"""Which pages the catalogue generates, and their Markdown.

The site has one page per product, per series, per value of each browse facet (topic,
format, audience, language, organisation, SDG) that has products, an index per facet,
the catalogue listing and the home page. Pages for values without products are not
generated, so no browse page is ever empty.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from markupsafe import escape

from ..contract import reference, schema
from . import exports, formatting, i18n, propose
from .explorer import explorer_json, summary_files, word_files
from .feeds import feeds
from .statistics import charts
from .i18n import Translation
from ..contract.model import Catalogue, Duration, Product, Season, Series, Text
from .offline import EXPLORER_SCRIPT, data_script, explorer_script, offline_files
from ..contract.jsonschema import json_schemas
from .render import Renderer

NEWEST_ON_HOME = 6
MY_LIST_KEY = "lp-my-list"
"""Where My list is kept in the browser (localStorage, docs/javascripts/site.js): the only thing the site stores."""


def reading_order(product: Product) -> tuple[bool, str, str]:
    """How lists order products: by title, archived products after the others."""
    return (product.status == "archived", product.title.text.casefold(), product.id)


def newest_first(products: Iterable[Product]) -> list[Product]:
    """The products that are new or recently updated, newest first: dated, and not archived (an archived
    product is never announced as new)."""
    return sorted((p for p in products if p.newest_date and p.status != "archived"),
                  key=lambda p: (p.newest_date, p.id), reverse=True)


@dataclasses.dataclass(frozen=True, kw_only=True)
class GeneratedPage:
    """A page to add to the site: where it goes, its Markdown, and the file to edit for it."""

    src_uri: str
    """Path as if in ``docs/``, e.g. ``products/making-natures-city.md``."""
    content: str
    edit_path: str | None = None
    """The catalogue file behind the page, relative to the project root (for "Edit this page")."""
    in_nav: bool = False
    """Whether the site navigation lists the page; product and browse pages stay out of it,
    so that a page's size does not grow with the catalogue."""
    language: str = i18n.DEFAULT
    """The interface language of the page (its folder: ``fr/products/x.md`` is in French)."""

    @property
    def html(self) -> str:
        """The page's body without its front matter: HTML only, so a builder may skip Markdown."""
        return body_of(self.content)


def body_of(content: str) -> str:
    """A generated page's Markdown without its front matter (what follows the second ``---`` line)."""
    if content.startswith("---\n"):
        end = content.find("\n---\n", 4)
        if end >= 0:
            return content[end + 5:]
    return content


@dataclasses.dataclass(frozen=True, kw_only=True)
class Facet:
    """A way to browse: topics, formats, audiences, languages, organisations, SDGs."""

    key: str
    title: str
    noun: str
    intro: str
    values: Callable[[Product], Iterable[Any]]
    vocabulary: str | None = None


@dataclasses.dataclass(frozen=True, kw_only=True)
class FacetValue:
    """One browse page: a value of a facet and its products."""

    facet: Facet
    key: str
    label: Text | str
    description: Text | None
    products: tuple[Product, ...]
    edit_path: str | None
    url: str | None = None

    @property
    def src_uri(self) -> str:
        """Where the page goes."""
        return f"{self.facet.key}/{self.key}.md"


FACETS: tuple[Facet, ...] = (
    Facet(key="topics", title="Topics", noun="topic", intro="What the products teach.",
          values=lambda p: p.topics, vocabulary="topics"),
    Facet(key="formats", title="Formats", noun="format", intro="Lectures, courses, handbooks, toolkits and more.",
          values=lambda p: (p.format,), vocabulary="formats"),
    Facet(key="audiences", title="Audiences", noun="audience", intro="Who the products are for.",
          values=lambda p: p.audiences, vocabulary="audiences"),
    Facet(key="languages", title="Languages", noun="language", intro="Languages the products are available in.",
          values=lambda p: p.languages),
    Facet(key="organisations", title="Organisations", noun="organisation",
          intro="UN-Habitat and the partners whose products are listed, as provider or partner.",
          values=lambda p: p.organisations, vocabulary="organisations"),
    Facet(key="sdgs", title="Sustainable Development Goals", noun="SDG",
          intro="The Sustainable Development Goals the products serve.", values=lambda p: p.sdgs),
)


def facet_values(catalogue: Catalogue, facet: Facet, translation: Translation | None = None) -> list[FacetValue]:
    """The values of ``facet`` that have products, in reading order (names in ``translation``'s language)."""
    t = translation or Translation(language=i18n.DEFAULT)
    found: dict[Any, list[Product]] = {}
    for product in catalogue.products.values():
        for value in facet.values(product):
            found.setdefault(value, []).append(product)
    result = []
    for value, products in found.items():
        products.sort(key=reading_order)
        url = None
        if facet.vocabulary:
            term = catalogue.term(facet.vocabulary, value)
            label, description, edit, url = term.label, term.description, term.source, term.url
        elif facet.key == "sdgs":
            label, description, edit = t.sdg_label(value), None, None
        else:
            label, description, edit = t.language_name(value), None, None
        result.append(FacetValue(facet=facet, key=str(value), label=label, description=description,
                                 products=tuple(products), edit_path=edit, url=url))
    if facet.vocabulary:
        order = list(catalogue.vocabularies[facet.vocabulary])
        result.sort(key=lambda v: order.index(v.key))
    elif facet.key == "sdgs":
        result.sort(key=lambda v: int(v.key))
    else:
        result.sort(key=lambda v: str(v.label).casefold())
    return result


def generate_pages(catalogue: Catalogue, *, directory_urls: bool = True, site_url: str = "",
                   data_files: Mapping[str, str] | None = None, offline_zip_bytes: int = 0,
                   offline_zip_url: str = "", translation: Translation | None = None, repository_url: str = "",
                   data_licence: str = "", edit_uri: str = "", link_root: str | None = None) -> list[GeneratedPage]:
    """Render every generated page of the site.

    Args:
        catalogue: A validated catalogue.
        directory_urls: Whether pages are served as ``x/`` (MkDocs' default) or ``x.html``.
        site_url: The site's address, for the absolute ids of structured data (relative if empty).
        data_files: The result of ``generate_data_files`` for this catalogue, if the caller has it
            (the Data page gives their sizes); computed again otherwise.
        offline_zip_bytes: The size of the offline edition's zip (the Data page links to it), or 0 if
            there is none.
        offline_zip_url: Where the zip is published (a release asset: it does not fit in GitHub Pages
            with the site); if empty, the Data page links the zip beside the site.
        translation: The interface language and its strings; its pages go in its folder (``fr/...``).
            English, at the site's root, if None.
        repository_url: The site's repository on GitHub (``https://github.com/owner/name``), where the
            Contact page sends learners (its issue forms); "" if unknown.
        data_licence: The licence of the catalogue's data as the repository states it; "" if it states none
            (the Licence page says so).
        edit_uri: The site's "Edit this page" address on GitHub; "Propose a product" opens GitHub's new-file
            page in the same repository and branch (none if it is not on GitHub).
        link_root: The path of the site's root (``/urban-agenda-learning-page/``): links between pages start
            there, so that a builder resolving them against the source file or the output page finds the same
            page. If None, links are relative to the output page (MkDocs' way: any address, even ``file://``).

    Returns:
        The pages, home page first.
    """
    t = translation or Translation(language=i18n.DEFAULT)
    renderer = Renderer(catalogue, directory_urls=directory_urls, site_url=site_url, translation=t, link_root=link_root)
    products = sorted(catalogue.products.values(), key=reading_order)
    newest = newest_first(products)
    facets = {facet.key: facet_values(catalogue, facet, t) for facet in FACETS}
    series_products = {
        series_id: sorted(
            (p for p in products if p.series == series_id),
            key=lambda p: (p.season or 0, p.episode or 0, p.title.text.casefold()),
        )
        for series_id in catalogue.series
    }
    pages = [
        GeneratedPage(src_uri="index.md", in_nav=True, content=renderer.render(
            "home.md.j2", "index.md", products=products, newest=newest[:NEWEST_ON_HOME], facets=facets)),
        GeneratedPage(src_uri="catalogue/index.md", in_nav=True, content=renderer.render(
            "catalogue.md.j2", "catalogue/index.md", products=products, facets=FACETS)),
        GeneratedPage(src_uri="catalogue/all.md", content=renderer.render(
            "catalogue_all.md.j2", "catalogue/all.md", products=products)),
    ]
    for product in products:
        src = f"products/{product.id}.md"
        pages.append(GeneratedPage(src_uri=src, edit_path=product.source, content=renderer.render(
            "product.md.j2", src, product=product)))
    for series in catalogue.series.values():
        src = f"series/{series.id}.md"
        pages.append(GeneratedPage(src_uri=src, edit_path=series.source, content=renderer.render(
            "series.md.j2", src, series=series, seasons=_seasons(series, series_products[series.id]))))
    if catalogue.series:
        pages.append(GeneratedPage(src_uri="series/index.md", in_nav=True, content=renderer.render(
            "series_index.md.j2", "series/index.md", series_products=series_products)))
    for path in catalogue.paths.values():
        src = f"paths/{path.id}.md"
        steps = [catalogue.products[step.product] for step in path.steps]
        minutes = sum(p.duration.minutes for p in steps if p.duration)
        pages.append(GeneratedPage(src_uri=src, edit_path=path.source, content=renderer.render(
            "path.md.j2", src, path=path, steps=list(zip(path.steps, steps, strict=True)),
            total=Duration(iso="", minutes=minutes) if minutes else None,
            untimed=sum(1 for p in steps if not p.duration))))
    if catalogue.paths:
        pages.append(GeneratedPage(src_uri="paths/index.md", in_nav=True, content=renderer.render(
            "paths_index.md.j2", "paths/index.md")))
    pages.append(_fields_page(renderer, catalogue))
    pages.append(_propose_page(renderer, catalogue, t, edit_uri, data_files))
    pages.append(GeneratedPage(src_uri="my-list.md", in_nav=True, content=renderer.render(
        "my_list.md.j2", "my-list.md")))
    pages += _site_pages(renderer, catalogue, products, newest[:NEWEST_ON_HOME], facets,
                         repository_url=repository_url, data_licence=data_licence)
    pages.append(GeneratedPage(src_uri="statistics.md", in_nav=True, content=renderer.render(
        "statistics.md.j2", "statistics.md", charts=charts(catalogue, t), products=products)))
    pages.append(GeneratedPage(src_uri="data.md", in_nav=True, content=renderer.render(
        "data.md.j2", "data.md", products=products, offline_zip_bytes=offline_zip_bytes, offline_zip_url=offline_zip_url,
        files=data_files if data_files is not None else generate_data_files(
            catalogue, site_url=site_url, directory_urls=directory_urls))))
    for facet in FACETS:
        src = f"{facet.key}/index.md"
        pages.append(GeneratedPage(src_uri=src, in_nav=True, content=renderer.render(
            "facet_index.md.j2", src, facet=facet, values=facets[facet.key])))
        for value in facets[facet.key]:
            pages.append(GeneratedPage(src_uri=value.src_uri, edit_path=value.edit_path, content=renderer.render(
                "facet_value.md.j2", value.src_uri, value=value)))
    if t.language == i18n.DEFAULT:
        return pages
    return [_in_language(page, t) for page in pages]


def repository_url(edit_uri: str) -> str:
    """The site's repository on GitHub, from its "Edit this page" address (``https://github.com/owner/name/edit/...``),
    or "" (the Contact page then says that it does not know it)."""
    found = re.match(r"(https://github\.com/[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+)/", edit_uri or "")
    return found.group(1) if found else ""


ENGLISH_ONLY = ("contribute/fields.md",)
"""Generated pages whose text is not translated yet: in other languages they say so and mark it as English."""
UNCOPIED = ("contribute/api.md",)
"""Hand-written pages that other languages link to in English instead of having a copy."""
WANTED_PAGE = "contribute/wanted.md"
"""Where the site shows the catalogue's list of wanted products (``catalog/WANTED.md``)."""


def english_only_notice(t: Translation) -> str:
    """The note that starts a page of another language whose text is in English (escaped HTML)."""
    return f'<p class="lp-status" role="note">{escape(t.gettext("This page is in English only."))}</p>'


def _in_language(page: GeneratedPage, t: Translation) -> GeneratedPage:
    """A page of another language: in its folder, and marked as English where its text is not translated."""
    content = page.content
    if page.src_uri in ENGLISH_ONLY:
        body = body_of(content)
        front = content[: len(content) - len(body)]
        content = (f'{front}{english_only_notice(t)}\n<div class="lp-untranslated" lang="en" dir="ltr" markdown="0">\n'
                   f"{body}\n</div>\n")
    return dataclasses.replace(page, src_uri=i18n.prefix(t.language) + page.src_uri, content=content,
                               language=t.language)


_ROOT_LINK = re.compile(r"\]\(/(?!/)")


def handwritten_copies(handwritten: Mapping[str, str], t: Translation) -> list[GeneratedPage]:
    """The hand-written pages (path in docs/ -> Markdown) for another language: in its folder, so that its menus
    and links stay in that language, saying that the text is in English and marking it so.

    For builders that run no hooks (``python -m learning_catalog generate``; the MkDocs hook makes the same copies
    from the rendered pages). The text is wrapped in a ``<div markdown="1">`` (Python-Markdown's ``md_in_html``);
    its links are relative to its file, so a builder resolves them as the original's, and a link from the site's
    root (``/contribute/x.csv``) is made relative to the copy.
    """
    copies = []
    for src, markdown_text in handwritten.items():
        if src in UNCOPIED:
            continue
        body = body_of(markdown_text)
        front = markdown_text[: len(markdown_text) - len(body)]
        up = "../" * (src.count("/") + 1)  # from the copy's folder (fr/contribute/) to the site's root
        body = _ROOT_LINK.sub(f"]({up}", body)
        content = (f'{front}{english_only_notice(t)}\n\n<div class="lp-untranslated" lang="en" dir="ltr" markdown="1">'
                   f"\n\n{body.strip()}\n\n</div>\n")
        copies.append(GeneratedPage(src_uri=i18n.prefix(t.language) + src, content=content, language=t.language,
                                    edit_path=f"docs/{src}"))
    return copies



def _site_pages(renderer: Renderer, catalogue: Catalogue, products: list[Product], newest: list[Product],
                facets: Mapping[str, list[FacetValue]], *, repository_url: str, data_licence: str) -> list[GeneratedPage]:
    """The pages about the site itself (About, Contact, Privacy, Licence) and the products' index, /products/."""
    organisations = len({key for product in products for key in product.organisations})
    return [
        GeneratedPage(src_uri="about.md", in_nav=True, content=renderer.render(
            "about.md.j2", "about.md", products=products, organisations=organisations)),
        GeneratedPage(src_uri="contact.md", content=renderer.render(
            "contact.md.j2", "contact.md", repository=repository_url.rstrip("/"))),
        GeneratedPage(src_uri="privacy.md", content=renderer.render(
            "privacy.md.j2", "privacy.md", storage_key=MY_LIST_KEY)),
        GeneratedPage(src_uri="licence.md", content=renderer.render(
            "licence.md.j2", "licence.md", products=products, data_licence=data_licence,
            licensed=sum(1 for product in products if product.license))),
        GeneratedPage(src_uri="products/index.md", content=renderer.render(
            "products_index.md.j2", "products/index.md", products=products, newest=newest, facets=facets)),
    ]


def _seasons(series: Series, products: list[Product]) -> list[tuple[int | None, Season | None, list[Product]]]:
    """Group a series' products by season: described seasons and seasons with products, in order."""
    numbers = sorted({s.number for s in series.seasons} | {p.season for p in products if p.season})
    groups = [(n, series.season(n), [p for p in products if p.season == n]) for n in numbers]
    unseasoned = [p for p in products if not p.season]
    return groups + ([(None, None, unseasoned)] if unseasoned else [])


def _fields_page(renderer: Renderer, catalogue: Catalogue) -> GeneratedPage:
    """The field reference for contributors, generated from the contract in ``schema``."""
    records = [
        ("Products", "catalog/products/<id>.yml", schema.PRODUCT),
        ("People", "inside a product's people list", schema.PERSON),
        ("Links", "inside a product's links list", schema.LINK),
        ("Sources", "inside a product's sources list", schema.SOURCE),
        ("Series", "catalog/series/<id>.yml", schema.SERIES),
        ("Seasons", "inside a series' seasons list", schema.SEASON),
        ("Learning paths", "catalog/paths/<id>.yml", schema.PATH),
        ("Steps", "inside a learning path's steps list", schema.STEP),
        ("Harvest provenance", "inside a harvested product's harvest field, written by make harvest", schema.HARVEST),
        ("Harvest sources", "catalog/sources/<id>.yml (a partner's published catalogue)", schema.HARVEST_SOURCE),
        ("Mapping tables", "inside a harvest source's map", schema.HARVEST_MAP),
        ("Vocabulary terms", "catalog/vocabularies/<name>.yml, under terms (url: organisations only; type: formats only)",
         schema.Record((*schema.ORGANISATION.fields, schema.FORMAT.field("type")))),
    ]
    vocabularies = [
        (name, f"catalog/vocabularies/{name}.yml", list(terms.values()))
        for name, terms in catalogue.vocabularies.items()
    ]
    src = "contribute/fields.md"
    return GeneratedPage(src_uri=src, in_nav=True, content=renderer.render(
        "fields.md.j2", src, records=records, vocabularies=vocabularies, sdgs=reference.SDG_NAMES))


def _propose_page(renderer: Renderer, catalogue: Catalogue, t: Translation, edit_uri: str,
                  data_files: Mapping[str, str] | None) -> GeneratedPage:
    """The "Propose a product" form, generated from the contract (see ``propose.py``)."""
    schemas = {name.removeprefix("schema/"): text for name, text in (data_files or {}).items()
               if name.startswith("schema/")} or json_schemas(catalogue, i18n.interface())
    required, optional = propose.form_controls(catalogue, t)
    data = json.dumps(propose.form_data(schemas, edit_uri), ensure_ascii=False, separators=(",", ":"))
    src = propose.SRC_URI
    return GeneratedPage(src_uri=src, in_nav=True, content=renderer.render(
        "propose.md.j2", src, required=required, optional=optional, data=data,
        known=formatting.relative_asset(i18n.prefix(t.language) + src, propose.KNOWN_PRODUCTS,
                                        renderer.directory_urls)))


def generate_data_files(catalogue: Catalogue, *, site_url: str = "", directory_urls: bool = True,
                        offline: bool = False) -> dict[str, str]:
    """Files other than pages that the site publishes, by path: the explorer's data, the open data
    exports, the Atom feeds and the JSON Schemas.

    The offline edition (``offline``), opened from ``file://`` where a browser fetches nothing, also
    gets the explorer's data and a small search index as scripts (see ``offline.py``).
    """
    explorer = explorer_json(catalogue)
    files = {"catalogue/explorer.json": explorer, "catalog.json": exports.catalog_json(catalogue),
             "catalog.csv": exports.catalog_csv(catalogue), propose.KNOWN_PRODUCTS: propose.known_products(catalogue)}
    # What the explorer fetches when it needs it, the same for every language: summaries and the word index.
    texts = {**summary_files(catalogue), **word_files(catalogue)}
    files.update(texts)
    files.update(feeds(catalogue, site_url=site_url, directory_urls=directory_urls))
    files.update({f"schema/{name}": text for name, text in json_schemas(catalogue, i18n.interface()).items()})
    for language in i18n.iter_languages(include_default=False):
        # The explorer of each language reads the names of filters and values in its language.
        localized = explorer_json(catalogue, i18n.translation(catalogue, language))
        files[f"{language}/catalogue/explorer.json"] = localized
        if offline:
            files[f"{language}/{EXPLORER_SCRIPT}"] = explorer_script(localized)
    if offline:
        files.update(offline_files(catalogue, explorer, texts, directory_urls=directory_urls))
        files[propose.KNOWN_PRODUCTS.removesuffix(".json") + ".js"] = data_script(
            "LP_KNOWN_PRODUCTS", files[propose.KNOWN_PRODUCTS])
    return files
