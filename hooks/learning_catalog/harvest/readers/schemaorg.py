"""``kind: schema.org``: pages that describe learning products with schema.org markup.

``url`` is a sitemap (``sitemap.xml``, a sitemap index, ``.xml.gz`` or a ``.txt`` list of addresses) or a page;
``pages`` adds pages. Each page's JSON-LD (every block on its own, with ``@graph`` and ``@id`` references
followed), microdata and RDFa are read with extruct; every ``Course``, ``CourseInstance``,
``LearningResource``, ``VideoObject``, ``Book``, ``Event``, ``EducationEvent`` or ``CreativeWork`` that is not
part of another one is a record (a Course's instances give its mode, workload and instructors). XML goes
through defusedxml, which refuses entity expansion and external entities.

The mapping follows TeSS's (see the README's Design section): ``name`` -> title, ``description`` -> summary,
``url`` (or the node's ``@id``, or the page) -> url, ``learningResourceType`` and ``@type`` -> format words,
``keywords`` and ``about`` -> topic words, ``audience`` -> audience words, ``inLanguage`` and
``availableLanguage`` -> language words, ``educationalLevel`` -> level, ``courseMode`` and
``eventAttendanceMode`` -> mode, ``timeRequired``, ``courseWorkload`` or ``duration`` -> duration,
``provider``, ``publisher`` or ``organizer`` -> provider, ``isAccessibleForFree`` or ``offers`` -> free,
``educationalCredentialAwarded`` -> certificate, ``instructor``, ``author`` or ``creator`` -> people.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urljoin, urlsplit

import defusedxml.ElementTree as SafeXml
from defusedxml import DefusedXmlException

from ...contract.model import HarvestSource
from ..fetch import Body, Budget, BudgetExhausted, FetchError, Fetcher, decode, gunzip
from ..item import Item, Listing

VERSION = "schema.org/1"
WANTED = frozenset({"Course", "CourseInstance", "LearningResource", "VideoObject", "Book", "Event", "EducationEvent",
                    "CreativeWork"})
MAX_SITEMAP_DEPTH = 3
_PREFIX = re.compile(r"^(?:https?://(?:www\.)?schema\.org/|schema:)")
_RDFA = re.compile(rb"\s(?:typeof|property|vocab)\s*=", re.IGNORECASE)
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.IGNORECASE)
_DEPTH = 12


def read(source: HarvestSource, fetcher: Fetcher, budget: Budget) -> Listing:
    """Read the sitemap (or page) at ``source.url`` and every page it lists."""
    listing = Listing()
    limit = fetcher.limits.max_bytes
    start = fetcher.fetch(source.url, lambda body: _start(body, limit), version=VERSION, budget=budget)
    pages: list[str] = []
    if start["kind"] == "page":
        _add_items(listing, source.url, start)
    else:
        pages = _expand(start, fetcher, budget, listing, limit)
    pages += [page for page in source.pages if page not in pages]
    if source.include:
        pages = [page for page in pages if page.startswith(tuple(source.include)) or page in source.pages]
    for index, page in enumerate(pages):
        try:
            found = fetcher.fetch(page, _page, version=VERSION, budget=budget)
        except BudgetExhausted as error:
            listing.skipped.append((f"{len(pages) - index} pages", str(error)))
            listing.complete = False
            break
        except FetchError as error:
            listing.skipped.append((page, str(error)))
            listing.complete = False
            continue
        _add_items(listing, page, found)
    return listing


def _expand(start: dict[str, Any], fetcher: Fetcher, budget: Budget, listing: Listing, limit: int) -> list[str]:
    """The pages of a sitemap, following a sitemap index down to ``MAX_SITEMAP_DEPTH`` levels."""
    pages: list[str] = list(start.get("pages", []))
    queue = [(url, 1) for url in start.get("sitemaps", [])]
    seen = set()
    while queue:
        url, depth = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        if depth > MAX_SITEMAP_DEPTH:
            listing.skipped.append((url, f"not read: sitemap indexes nest more than {MAX_SITEMAP_DEPTH} levels deep"))
            listing.complete = False
            continue
        try:
            found = fetcher.fetch(url, lambda body: _start(body, limit), version=VERSION, budget=budget)
        except FetchError as error:
            listing.skipped.append((url, str(error)))
            listing.complete = False
            continue
        if found["kind"] == "page":
            listing.skipped.append((url, "listed as a sitemap by a sitemap index, but it is a page"))
            listing.complete = False
            continue
        pages += found.get("pages", [])
        queue += [(child, depth + 1) for child in found.get("sitemaps", [])]
    return list(dict.fromkeys(pages))


def _add_items(listing: Listing, page: str, found: dict[str, Any]) -> None:
    for problem in found.get("errors", []):
        listing.skipped.append((page, problem))
        listing.complete = False  # a record may hide in the unreadable part
    for node in found.get("nodes", []):
        listing.items.append(item_from_node(node, page))


# -- documents --------------------------------------------------------------------------


def _start(body: Body, limit: int) -> dict[str, Any]:
    """A sitemap (``{"kind": "sitemap", "pages": [...], "sitemaps": [...]}``) or a page's records."""
    data = body.data
    if data[:2] == b"\x1f\x8b":
        data = gunzip(data, limit)
    head = data[:2048].lstrip().lower()
    if body.content_type == "text/plain" or body.url.lower().endswith(".txt"):
        text = data.decode("utf-8", "replace")
        lines = [line.strip() for line in text.splitlines()]
        return {"kind": "sitemap", "pages": [line for line in lines if re.match(r"^https?://\S+$", line)]}
    if b"<urlset" in head or b"<sitemapindex" in head or "xml" in body.content_type and b"<html" not in head:
        return {"kind": "sitemap", **sitemap(data)}
    return {"kind": "page", **_page(body)}


def sitemap(data: bytes) -> dict[str, list[str]]:
    """The page and sitemap addresses of a sitemap or sitemap index (sitemaps.org), read with defusedxml."""
    try:
        root = SafeXml.fromstring(data)
    except DefusedXmlException:
        raise FetchError("the sitemap declares XML entities; refused (entity expansion is not allowed)") from None
    except SafeXml.ParseError as error:
        raise FetchError(f"the sitemap is not well-formed XML ({error})") from None
    local = root.tag.rsplit("}", 1)[-1]
    if local not in ("urlset", "sitemapindex"):
        raise FetchError(f"not a sitemap: its root element is <{local}>, not <urlset> or <sitemapindex>")
    found = []
    for element in root:
        loc = next((child for child in element if child.tag.rsplit("}", 1)[-1] == "loc"), None)
        if loc is not None and loc.text and re.match(r"^https?://", loc.text.strip()):
            found.append(loc.text.strip())
    return {"sitemaps" if local == "sitemapindex" else "pages": found}


def _page(body: Body) -> dict[str, Any]:
    """The records of a page: JSON-LD (block by block), microdata and RDFa, with the problems met."""
    import extruct
    from extruct.jsonld import JsonLdExtractor
    from extruct.rdfa import RDFaExtractor
    from extruct.utils import parse_html, parse_xmldom_html

    declared = _META_CHARSET.search(body.data[:4096])
    text = decode(body, declared.group(1).decode("ascii") if declared else None)
    data = text.encode("utf-8")
    errors: list[str] = []
    nodes: list[Any] = []
    try:
        tree = parse_html(data, encoding="utf-8")
    except Exception as error:  # noqa: BLE001 - lxml raises several kinds on hostile markup
        return {"nodes": [], "errors": [f"the page cannot be read as HTML ({error})"]}
    if tree is None:
        return {"nodes": [], "errors": []}
    blocks = tree.xpath('//script[@type="application/ld+json"]')
    for number, block in enumerate(blocks, start=1):
        try:
            nodes += JsonLdExtractor().extract_items(block)
        except Exception as error:  # noqa: BLE001 - json and jstyleson raise ValueError and others
            errors.append(f"JSON-LD block {number} of {len(blocks)} is not valid JSON ({_short_error(error)}); "
                          "the rest of the page was read")
    try:
        nodes += extruct.extract(data, base_url=body.url, syntaxes=["microdata"], uniform=True,
                                 errors="strict")["microdata"]
    except Exception as error:  # noqa: BLE001
        errors.append(f"the page's microdata cannot be read ({_short_error(error)})")
    if _RDFA.search(data):
        try:
            expanded = RDFaExtractor().extract_items(parse_xmldom_html(data, encoding="utf-8"), base_url=body.url)
            nodes += _from_rdfa(expanded)
        except Exception as error:  # noqa: BLE001
            errors.append(f"the page's RDFa cannot be read ({_short_error(error)})")
    normal = [_normal(node, 0) for node in nodes]
    return {"nodes": _records(normal), "errors": errors}


def _short_error(error: Exception) -> str:
    text = " ".join(str(error).split()) or error.__class__.__name__
    return text if len(text) <= 60 else text[:59] + "…"


# -- from markup to records --------------------------------------------------------------


def _normal(value: Any, depth: int) -> Any:
    """schema.org names without their prefix (``http://schema.org/name``, ``schema:name`` -> ``name``)."""
    if depth > _DEPTH:
        return None
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            key = _PREFIX.sub("", key) if isinstance(key, str) else key
            if key == "@type":
                item = [_PREFIX.sub("", t) for t in (item if isinstance(item, list) else [item]) if isinstance(t, str)]
            out[key] = _normal(item, depth + 1)
        return out
    if isinstance(value, list):
        return [_normal(item, depth + 1) for item in value]
    return value


def _from_rdfa(nodes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Expanded JSON-LD from the RDFa reader, made compact: values unwrapped, references followed."""
    by_id = {node.get("@id"): node for node in nodes if isinstance(node, dict)}

    def compact(node: dict[str, Any], depth: int) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, values in node.items():
            if key == "@id":
                out[key] = values
                continue
            if key == "@type":
                out[key] = values
                continue
            items = []
            for value in values if isinstance(values, list) else [values]:
                if isinstance(value, dict) and "@value" in value:
                    items.append(value["@value"])
                elif isinstance(value, dict) and "@id" in value:
                    target = by_id.get(value["@id"])
                    items.append(compact(target, depth + 1) if target and depth < _DEPTH else value["@id"])
                else:
                    items.append(value)
            out[key] = items[0] if len(items) == 1 else items
        return out

    return [compact(node, 0) for node in nodes if isinstance(node, dict) and node.get("@type")]


def _types(node: dict[str, Any]) -> list[str]:
    types = node.get("@type", [])
    return [t for t in (types if isinstance(types, list) else [types]) if isinstance(t, str)]


def _records(nodes: list[Any]) -> list[dict[str, Any]]:
    """Every wanted node that is not inside another one, with ``@graph`` flattened and ``@id``s followed."""
    index: dict[str, dict[str, Any]] = {}

    def collect(value: Any, depth: int) -> None:
        if depth > _DEPTH:
            return
        if isinstance(value, dict):
            if isinstance(value.get("@id"), str) and len(value) > 1:
                index.setdefault(value["@id"], value)
            for item in value.values():
                collect(item, depth + 1)
        elif isinstance(value, list):
            for item in value:
                collect(item, depth + 1)

    def resolve(value: Any, depth: int) -> Any:
        if depth > _DEPTH:
            return None
        if isinstance(value, dict):
            if set(value) == {"@id"} and value["@id"] in index:
                value = index[value["@id"]]
            return {key: resolve(item, depth + 1) for key, item in value.items()}
        if isinstance(value, list):
            return [resolve(item, depth + 1) for item in value]
        return value

    found: list[dict[str, Any]] = []

    def walk(value: Any, depth: int) -> None:
        if depth > _DEPTH:
            return
        if isinstance(value, dict):
            if WANTED & set(_types(value)):
                found.append(resolve(value, 0))
                return
            for item in value.values():
                walk(item, depth + 1)
        elif isinstance(value, list):
            for item in value:
                walk(item, depth + 1)

    collect(nodes, 0)
    walk(nodes, 0)
    return found


def _texts(value: Any, *names: str) -> list[str]:
    """The text of a value: strings as they are, nodes by their first property in ``names`` (or ``name``)."""
    names = names or ("name",)
    if value is None:
        return []
    if isinstance(value, list):
        return [text for item in value for text in _texts(item, *names)]
    if isinstance(value, dict):
        if "@value" in value:
            return _texts(value["@value"])
        for name in names:
            if value.get(name) not in (None, "", []):
                return _texts(value[name])
        return []
    if isinstance(value, bool):
        return []
    text = str(value).strip()
    return [text] if text else []


def _first(node: dict[str, Any], *keys: str) -> str | None:
    for key in keys:
        texts = _texts(node.get(key))
        if texts:
            return texts[0]
    return None


def _instances(node: dict[str, Any]) -> list[dict[str, Any]]:
    value = node.get("hasCourseInstance")
    values = value if isinstance(value, list) else [value]
    instances = [item for item in values if isinstance(item, dict)]
    return instances + ([node] if "CourseInstance" in _types(node) or "Event" in _types(node) else [])


def _free(node: dict[str, Any]) -> bool | None:
    value = node.get("isAccessibleForFree")
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    offers = [o for o in (node.get("offers") if isinstance(node.get("offers"), list) else [node.get("offers")])
              if isinstance(o, dict)]
    for instance in _instances(node):
        extra = instance.get("offers")
        offers += [o for o in (extra if isinstance(extra, list) else [extra]) if isinstance(o, dict)]
    prices = []
    for offer in offers:
        if str(offer.get("category", "")).strip().lower() == "free":
            return True
        try:
            prices.append(float(str(offer.get("price", "")).replace(",", ".")))
        except ValueError:
            continue
    if prices:
        return min(prices) == 0
    return None


def _web(value: str | None, base: str) -> str | None:
    if value is None:
        return None
    value = value.strip()
    if value.startswith("_:"):
        return None  # a blank node's label, not an address
    resolved = urljoin(base, value)
    return resolved if urlsplit(resolved).scheme in ("http", "https") else value


def item_from_node(node: dict[str, Any], page: str) -> Item:
    """An item from one schema.org node found on ``page``."""
    types = _types(node)
    instances = _instances(node)
    url = _web(_first(node, "url"), page) or _web(node.get("@id") if isinstance(node.get("@id"), str) else None,
                                                   page) or page
    values: dict[str, Any] = {
        "title": _first(node, "name", "headline"),
        "summary": _first(node, "description", "abstract", "disambiguatingDescription"),
        "url": url,
        "published": _first(node, "datePublished", "dateCreated", "uploadDate"),
        "updated": _first(node, "dateModified"),
        "free": _free(node),
        "certificate": True if node.get("educationalCredentialAwarded") not in (None, "", []) else None,
        "people": list(dict.fromkeys(
            name for key in ("instructor", "author", "creator") for holder in (node, *instances)
            for person in (holder.get(key) if isinstance(holder.get(key), list) else [holder.get(key)])
            if isinstance(person, dict) and "Person" in _types(person) or isinstance(person, str)
            for name in _texts(person))),
        "license": _first(node, "license"),
    }
    keywords = []
    for keyword in _texts(node.get("keywords")):
        keywords += [part.strip() for part in keyword.split(",") if part.strip()]
    modes = [re.sub(r"^https?://schema\.org/", "", mode) for instance in instances
             for mode in _texts(instance.get("courseMode")) + _texts(instance.get("eventAttendanceMode"))]
    words = {
        "format": _texts(node.get("learningResourceType")) + types,
        "topics": keywords + _texts(node.get("about")),
        "audiences": _texts(node.get("audience"), "audienceType", "educationalRole", "name"),
        "languages": _texts(node.get("inLanguage"), "alternateName", "name")
        + _texts(node.get("availableLanguage"), "alternateName", "name")
        + [text for instance in instances if instance is not node for text in
           _texts(instance.get("inLanguage"), "alternateName", "name")],
        "level": _texts(node.get("educationalLevel")),
        "mode": modes,
        "duration": _texts(node.get("timeRequired")) + [text for instance in instances for key in
                                                        ("courseWorkload", "duration")
                                                        for text in _texts(instance.get(key))],
        "provider": _texts(node.get("provider")) or _texts(node.get("publisher")) or _texts(node.get("organizer")),
    }
    words = {field: list(dict.fromkeys(values)) for field, values in words.items() if values}
    return Item(upstream=url, page=page, values={k: v for k, v in values.items() if v not in (None, [], "")},
                words=words, where=page)
