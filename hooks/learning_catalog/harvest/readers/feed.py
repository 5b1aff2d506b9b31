"""``kind: feed``: an RSS 2.0 or Atom feed, read with feedparser.

Each entry is a record: ``id`` (or ``guid``, else its link) is its identifier, ``link`` (resolved against
the feed's address) its url, ``title``, ``summary`` (else ``content``), ``category`` terms -> topic words,
``author`` names -> people, ``published`` / ``updated`` (RSS ``pubDate``, ``dc:date``) -> dates, and the
entry's or the channel's ``language`` -> language words (TeSS's feed mapping). A feed carries no format:
give it in the source's ``defaults``. Feeds often list only their latest items, so a product whose entry
leaves the feed is archived only if the source says ``archive_missing: true``.

The feed is first parsed with defusedxml, which refuses entity declarations and external entities (a
"billion laughs" feed is refused before feedparser sees it).
"""

from __future__ import annotations

import re
import time
from typing import Any

import defusedxml.ElementTree as SafeXml
from defusedxml import DefusedXmlException

from ...contract.model import HarvestSource
from ..fetch import Body, Budget, FetchError, Fetcher
from ..item import Item, Listing

VERSION = "feed/1"
_ENTITY = re.compile(rb"<!ENTITY", re.IGNORECASE)


def read(source: HarvestSource, fetcher: Fetcher, budget: Budget) -> Listing:
    """Read the feed at ``source.url``."""
    entries = fetcher.fetch(source.url, parse_feed, version=VERSION, budget=budget)
    listing = Listing()
    for entry in entries:
        item = Item(upstream=entry.pop("upstream"), page=entry.get("url") or source.url,
                    words=entry.pop("words"), where=entry.pop("where"))
        item.values = {key: value for key, value in entry.items() if value not in (None, "", [])}
        if not item.values.get("url"):
            item.problems.append("the entry has no link")
        listing.items.append(item)
    return listing


def parse_feed(body: Body) -> list[dict[str, Any]]:
    """The entries of an RSS or Atom feed, as plain data (kept in the cache)."""
    import feedparser

    try:
        SafeXml.fromstring(body.data)
    except DefusedXmlException:
        raise FetchError("the feed declares XML entities; refused (entity expansion is not allowed)") from None
    except SafeXml.ParseError:
        if _ENTITY.search(body.data):
            raise FetchError("the feed declares XML entities; refused (entity expansion is not allowed)") from None
        # Not well-formed: feedparser's lenient parser may still read it.
    headers = {"content-location": body.url}
    if body.charset:
        headers["content-type"] = f"{body.content_type or 'application/xml'}; charset={body.charset}"
    parsed = feedparser.parse(body.data, response_headers=headers, sanitize_html=False,
                              resolve_relative_uris=False)
    if not parsed.entries and (parsed.bozo or not parsed.version):
        reason = getattr(parsed, "bozo_exception", None)
        raise FetchError(f"not an RSS or Atom feed ({reason})" if reason else "not an RSS or Atom feed")
    channel_language = parsed.feed.get("language")
    entries = []
    for number, entry in enumerate(parsed.entries, start=1):
        link = entry.get("link") or ""
        content = entry.get("content") or []
        summary = entry.get("summary") or (content[0].get("value") if content else None)
        authors = [author.get("name") for author in entry.get("authors", []) if author.get("name")]
        language = entry.get("language") or channel_language
        entries.append({
            "upstream": entry.get("id") or link or f"entry {number}",
            "where": f"entry {number} ({link or entry.get('title', '')})",
            "title": entry.get("title"),
            "summary": summary,
            "url": _absolute(link, body.url) if link else None,
            # dict.get: feedparser's own get() answers a missing updated_parsed with published_parsed, and warns.
            "published": _date(dict.get(entry, "published_parsed")) or _date(dict.get(entry, "updated_parsed")),
            "updated": _date(dict.get(entry, "updated_parsed")) if dict.get(entry, "published_parsed") else None,
            "people": authors,
            "words": {key: value for key, value in {
                "topics": [tag.get("term") for tag in entry.get("tags", []) if tag.get("term")],
                "languages": [language] if language else [],
            }.items() if value},
        })
    return entries


def _absolute(link: str, base: str) -> str:
    from urllib.parse import urljoin

    return urljoin(base, link.strip())


def _date(value: time.struct_time | None) -> str | None:
    return time.strftime("%Y-%m-%d", value) if value else None
