"""``kind: openedx``: an Open edX site's public course list; a provider-specific reader, as an example.

Open edX (the software of edX and of many organisations' learning sites) lists the courses a visitor can
see at ``<site>/api/courses/v1/courses/``: JSON pages of ``results``, linked by ``pagination.next``. Each
course is a record identified by its course id (``course-v1:Org+Number+Run``); its about page
(``<site>/courses/<id>/about``) is its url. ``name`` -> title, ``short_description`` -> summary, ``pacing``
(``self`` or ``instructor``) -> mode (self-paced or scheduled), ``org`` -> provider words. ``effort`` is
left out: Studio asks course teams for hours of effort *per week* (``HH:MM``), not for a course's length.
A hidden or invitation-only course is skipped. The API gives no language, topic or audience: the source's
``defaults`` (and ``map``) do.

How to add a reader for another platform: write one module like this one, with a ``read(source, fetcher,
budget)`` that fetches only through ``fetcher.fetch`` and returns a ``Listing`` of ``Item``\\s; list it in
``readers/__init__.py`` and its kind in ``HARVEST_KINDS`` (``contract/schema.py``); test it against a
fixture served on 127.0.0.1 (``tests/test_harvest.py`` has this reader's test).
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote, urljoin, urlsplit

from ...contract.model import HarvestSource
from ..fetch import Body, Budget, BudgetExhausted, FetchError, Fetcher
from ..item import Item, Listing

VERSION = "openedx/1"
_PACING = {"self": "self-paced", "instructor": "scheduled"}


def read(source: HarvestSource, fetcher: Fetcher, budget: Budget) -> Listing:
    """Read every page of the course list at ``source.url``."""
    listing = Listing()
    site = urlsplit(source.url)
    url: str | None = source.url
    seen: set[str] = set()
    while url and url not in seen:
        seen.add(url)
        try:
            page = fetcher.fetch(url, _page, version=VERSION, budget=budget)
        except BudgetExhausted as error:
            listing.skipped.append((url, str(error)))
            listing.complete = False
            break
        except FetchError as error:
            if url == source.url:
                raise  # the first page: the source cannot be read at all
            listing.skipped.append((url, str(error)))
            listing.complete = False
            break
        for course in page["results"]:
            listing.items.append(_item(course, source.url))
        following = page.get("next")
        url = urljoin(url, following) if isinstance(following, str) else None
        if url and urlsplit(url).netloc != site.netloc:
            listing.skipped.append((url, "the next page of the course list is on another site; not followed"))
            listing.complete = False
            url = None
    return listing


def _page(body: Body) -> dict[str, Any]:
    try:
        document = json.loads(body.data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise FetchError(f"not an Open edX course list: not valid JSON ({error})") from None
    if not isinstance(document, dict) or not isinstance(document.get("results"), list):
        raise FetchError("not an Open edX course list: it has no 'results'")
    pagination = document.get("pagination") if isinstance(document.get("pagination"), dict) else {}
    return {"results": [c for c in document["results"] if isinstance(c, dict)], "next": pagination.get("next")}


def _item(course: dict[str, Any], base: str) -> Item:
    course_id = str(course.get("id") or course.get("course_id") or "")
    about = urljoin(base, f"/courses/{quote(course_id, safe=':+')}/about") if course_id else base
    item = Item(upstream=course_id or about, page=about, where=f"course {course_id or '(no id)'}")
    item.values = {key: value for key, value in {
        "title": course.get("name"),
        "summary": course.get("short_description"),
        "url": about,
    }.items() if isinstance(value, str) and value.strip()}
    item.words = {key: value for key, value in {
        "mode": [_PACING.get(str(course.get("pacing")), str(course.get("pacing")))] if course.get("pacing") else [],
        "provider": [str(course["org"])] if course.get("org") else [],
    }.items() if value}
    if not course_id:
        item.problems.append("the course has no id")
    if course.get("hidden"):
        item.problems.append("the course is hidden from the site's catalogue")
    if course.get("invitation_only"):
        item.problems.append("the course is by invitation only")
    return item
