"""What the catalogue publishes as data: ``catalog.json``, ``catalog.csv`` and JSON-LD on product pages.

``catalog.csv`` has the columns of the spreadsheet import (``table.COLUMNS``), so a
file exported here can be edited and imported again: CSV -> YAML -> CSV loses nothing.
``catalog.json`` holds every product with all its fields and the labels of its terms.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from . import formatting
from ..contract import reference
from ..contract import table
from ..contract.model import Catalogue, LearningPath, Product, Text

VERSION = 1


def _text(value: Text | None, language: str) -> Any:
    if value is None:
        return None
    return value.text if list(value.values) == [language] else dict(value.values)


def product_record(product: Product) -> dict[str, Any]:
    """A product's fields as its YAML file would hold them: what the file does not state is left out (and
    ``status`` when it is the contract's default, active)."""
    first = product.languages[0]
    values: dict[str, Any] = {
        "title": _text(product.title, first),
        "summary": _text(product.summary, first),
        "url": product.url,
        "format": product.format,
        "provider": product.provider,
        "topics": list(product.topics),
        "audiences": list(product.audiences),
        "languages": list(product.languages),
        "description": _text(product.description, first),
        "partners": list(product.partners),
        "sdgs": list(product.sdgs),
        "published": product.published,
        "updated": product.updated,
        "duration": product.duration.iso if product.duration else None,
        "level": product.level,
        "mode": product.mode,
        "free": product.free,
        "certificate": product.certificate,
        "series": product.series,
        "season": product.season,
        "episode": product.episode,
        "people": [{k: v for k, v in vars(p).items() if v is not None} for p in product.people],
        "countries": list(product.countries),
        "links": [{k: v for k, v in vars(link).items() if v is not None} for link in product.links],
        "related": list(product.related),
        "license": product.license,
        "status": None if product.status == "active" else product.status,
        "reviewed": product.reviewed,
        "sources": [{k: v for k, v in vars(source).items() if v is not None} for source in product.sources],
    }
    return {key: value for key, value in values.items() if value not in (None, [], {})}


def catalog_json(catalogue: Catalogue) -> str:
    """Every product with all its fields and the labels of its terms (see the Data page for the format)."""
    def label(vocabulary: str, term_id: str) -> str:
        return catalogue.term(vocabulary, term_id).label.text

    products = []
    for product in catalogue.products.values():
        record = {"id": product.id, **product_record(product)}
        record["labels"] = {
            "format": label("formats", product.format),
            "provider": label("organisations", product.provider),
            "partners": [label("organisations", i) for i in product.partners],
            "topics": [label("topics", i) for i in product.topics],
            "audiences": [label("audiences", i) for i in product.audiences],
            "languages": [formatting.language_name(code) for code in product.languages],
            "countries": [formatting.country_name(code) for code in product.countries],
            "sdgs": [reference.SDG_NAMES[n] for n in product.sdgs],
        }
        record["page"] = formatting.dest_path(f"products/{product.id}.md", True)
        products.append(record)
    document = {"version": VERSION, "count": len(products), "products": products}
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def catalog_csv(catalogue: Catalogue) -> str:
    """One row per product, in the spreadsheet import's columns (translation columns after their field)."""
    rows = [table.record_to_row(product_record(p), product_id=p.id) for p in catalogue.products.values()]
    header: list[str] = []
    for column in table.COLUMNS:
        header.append(column)
        extra = sorted({key for row in rows for key in row if key.startswith(f"{column}.")})
        header.extend(extra)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, restval="", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def json_ld(product: Product, catalogue: Catalogue, page_url: str) -> dict[str, Any]:
    """schema.org / LRMI description of a product, for search engines and other catalogues."""
    fmt = catalogue.term("formats", product.format)
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": fmt.type or "LearningResource",
        "@id": page_url,
        "name": product.title.text,
        "description": product.summary.text,
        "url": product.url,
        "mainEntityOfPage": page_url,
        "learningResourceType": fmt.label.text,
        "provider": {"@type": "Organization", "name": catalogue.term("organisations", product.provider).label.text},
        "inLanguage": list(product.languages),
        "audience": [{"@type": "Audience", "audienceType": catalogue.term("audiences", a).label.text}
                     for a in product.audiences],
        "keywords": [catalogue.term("topics", t).label.text for t in product.topics],
    }
    if product.free is not None:  # only a fact the catalogue states
        data["isAccessibleForFree"] = product.free
    if product.duration:
        data["timeRequired"] = product.duration.iso
    if product.level:
        data["educationalLevel"] = product.level
    if product.published:
        data["datePublished"] = product.published
    if product.updated:
        data["dateModified"] = product.updated
    if product.partners:
        data["contributor"] = [{"@type": "Organization", "name": catalogue.term("organisations", o).label.text}
                               for o in product.partners]
    if product.people:
        data["creator"] = [{"@type": "Person", "name": p.name} for p in product.people]
    if product.series:
        series = catalogue.series[product.series]
        data["isPartOf"] = {"@type": "CreativeWorkSeries", "name": series.title.text, "url": series.url}
    if product.sdgs:
        data["about"] = [{"@type": "DefinedTerm", "@id": reference.sdg_uri(n), "termCode": str(n),
                          "name": f"SDG {n}: {reference.SDG_NAMES[n]}",
                          "inDefinedTermSet": "http://metadata.un.org/sdg/"} for n in product.sdgs]
    if product.countries:
        data["spatialCoverage"] = [{"@type": "Country", "name": formatting.country_name(c)} for c in product.countries]
    if product.license:
        data["license"] = product.license
    return data


def path_json_ld(path: LearningPath, products: list[Product], page_url: str, product_pages: list[str]) -> dict[str, Any]:
    """A learning path as a schema.org ``ItemList`` of its products, in order."""
    return {
        "@context": "https://schema.org",
        "@type": "ItemList",
        "@id": page_url,
        "name": path.title.text,
        "description": path.summary.text,
        "itemListOrder": "https://schema.org/ItemListOrderAscending",
        "numberOfItems": len(products),
        "itemListElement": [
            {"@type": "ListItem", "position": index, "url": page, "name": product.title.text}
            for index, (product, page) in enumerate(zip(products, product_pages, strict=True), start=1)
        ],
    }


def script_json(data: Any) -> str:
    """JSON that is safe inside an HTML ``<script>`` element: no ``<``, ``>`` or ``&`` characters."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
