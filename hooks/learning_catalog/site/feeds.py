"""Atom feeds of new and updated products: one for the catalogue, one per topic.

An entry's date is the later of the product's ``updated`` and ``published`` fields;
products with neither are not in the feeds (Atom needs a date for every entry), nor are
archived products (a feed announces what is new, and an archived product never is).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable

from . import formatting
from ..contract.model import Catalogue, Product

ATOM = "http://www.w3.org/2005/Atom"
ENTRIES = 50


def _timestamp(date: str) -> str:
    parts = (date.split("-") + ["01", "01"])[:3]
    return f"{parts[0]}-{parts[1]}-{parts[2]}T00:00:00Z"


def _address(site_url: str, path: str) -> str:
    return f"{site_url}{path}" if site_url else f"tag:urban-agenda-learning-page,2026:{path}"


def atom_feed(catalogue: Catalogue, products: Iterable[Product], *, title: str, path: str, site_url: str = "",
              directory_urls: bool = True) -> str:
    """An Atom feed of the newest ``products`` (by date), at ``path`` in the site."""
    dated = sorted((p for p in products if p.newest_date and p.status != "archived"),
                   key=lambda p: (p.newest_date, p.id), reverse=True)[:ENTRIES]
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    ET.SubElement(feed, f"{{{ATOM}}}title").text = title
    ET.SubElement(feed, f"{{{ATOM}}}id").text = _address(site_url, path)
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=_address(site_url, path) if site_url else path)
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", href=site_url or "./")
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = _timestamp(dated[0].newest_date) if dated else "2014-04-01T00:00:00Z"
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = "Urban Agenda Learning Page"
    for product in dated:
        page = formatting.dest_path(f"products/{product.id}.md", directory_urls)
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        language, text = product.title.language, product.title.text
        ET.SubElement(entry, f"{{{ATOM}}}title", {"{http://www.w3.org/XML/1998/namespace}lang": language}).text = text
        ET.SubElement(entry, f"{{{ATOM}}}id").text = _address(site_url, page)
        ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", href=_address(site_url, page) if site_url else page)
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = _timestamp(product.newest_date)
        if product.published:
            ET.SubElement(entry, f"{{{ATOM}}}published").text = _timestamp(product.published)
        ET.SubElement(entry, f"{{{ATOM}}}summary").text = product.summary.text
        for topic in product.topics:
            ET.SubElement(entry, f"{{{ATOM}}}category", term=topic, label=catalogue.term("topics", topic).label.text)
    return ET.tostring(feed, encoding="unicode", xml_declaration=True) + "\n"


def feeds(catalogue: Catalogue, *, site_url: str = "", directory_urls: bool = True) -> dict[str, str]:
    """Every feed by path: ``feeds/all.xml`` and ``feeds/topics/<id>.xml`` for topics with dated products."""
    products = list(catalogue.products.values())
    result = {"feeds/all.xml": atom_feed(catalogue, products, title="Urban Agenda Learning Page: new and updated",
                                         path="feeds/all.xml", site_url=site_url, directory_urls=directory_urls)}
    for topic_id, term in catalogue.vocabularies["topics"].items():
        members = [p for p in products if topic_id in p.topics and p.newest_date and p.status != "archived"]
        if members:
            path = f"feeds/topics/{topic_id}.xml"
            result[path] = atom_feed(catalogue, members, title=f"Urban Agenda Learning Page: {term.label.text}",
                                     path=path, site_url=site_url, directory_urls=directory_urls)
    return result
