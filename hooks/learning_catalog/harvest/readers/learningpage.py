"""``kind: learning-page``: another Learning Page's ``catalog.json``, so that two catalogues can federate.

``catalog.json`` (written by ``site/exports.py``, documented on the site's Data page) holds every product
with all its fields, the labels of its terms and its page. Each product is a record identified by its id;
its page at the other site is its citation. Terms the two catalogues share pass as they are; another
term is matched by its label, or through the source's mapping tables (``map.topics: {their-id: our-id}``).
``series``, ``season``, ``episode`` and ``related`` name the other catalogue's files and are left out.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urljoin

from ...contract.model import HarvestSource
from ..fetch import Body, Budget, FetchError, Fetcher
from ..item import MAPPED_FIELDS, Item, Listing

VERSION = "learning-page/1"
SUPPORTED_VERSIONS = (1,)
_LEFT_OUT = ("id", "labels", "page", "series", "season", "episode", "related")
_LABELLED = {"format": "format", "provider": "provider", "partners": "partners", "topics": "topics",
             "audiences": "audiences", "languages": "languages"}


def read(source: HarvestSource, fetcher: Fetcher, budget: Budget) -> Listing:
    """Read the ``catalog.json`` at ``source.url``."""
    products = fetcher.fetch(source.url, _products, version=VERSION, budget=budget)
    listing = Listing()
    for number, product in enumerate(products, start=1):
        if not isinstance(product, dict) or not isinstance(product.get("id"), str):
            listing.skipped.append((f"product {number}", "not a product with an id"))
            listing.complete = False
            continue
        page = urljoin(source.url, product["page"]) if isinstance(product.get("page"), str) else source.url
        item = Item(upstream=product["id"], page=page, where=f"product '{product['id']}'")
        labels = product.get("labels") if isinstance(product.get("labels"), dict) else {}
        for field in MAPPED_FIELDS:
            if field not in product:
                continue
            words = product[field] if isinstance(product[field], list) else [product[field]]
            item.words[field] = [str(word) for word in words]
            names = labels.get(_LABELLED.get(field, ""), [])
            names = names if isinstance(names, list) else [names]
            for word, name in zip(words, names, strict=False):
                if isinstance(name, str):
                    item.labels[(field, str(word))] = name
        item.values = {key: value for key, value in product.items() if key not in _LEFT_OUT
                       and key not in MAPPED_FIELDS}
        listing.items.append(item)
    return listing


def _products(body: Body) -> list[Any]:
    try:
        document = json.loads(body.data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as error:
        raise FetchError(f"not a catalog.json: not valid JSON ({error})") from None
    if not isinstance(document, dict) or not isinstance(document.get("products"), list):
        raise FetchError("not a catalog.json: it has no list of products")
    if document.get("version") not in SUPPORTED_VERSIONS:
        raise FetchError(f"catalog.json version {document.get('version')!r} is not supported (this harvest reads "
                         f"version {', '.join(map(str, SUPPORTED_VERSIONS))})")
    return document["products"]
