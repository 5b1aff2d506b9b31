"""One reader per kind of harvest source (``kind`` in ``catalog/sources/<id>.yml``).

A reader is a function ``read(source, fetcher, budget) -> Listing`` (see `learning_catalog.harvest.item`):
it fetches only through the fetcher and turns what the source publishes into items. Adding a kind of
source is one module here, one entry in `READERS` and in ``HARVEST_KINDS`` (``contract/schema.py``);
``readers/openedx.py`` is a worked example.
"""

from __future__ import annotations

from ..item import Reader
from . import feed, learningpage, openedx, schemaorg, spreadsheet

READERS: dict[str, Reader] = {
    "schema.org": schemaorg.read,
    "feed": feed.read,
    "csv": spreadsheet.read,
    "xlsx": spreadsheet.read,
    "learning-page": learningpage.read,
    "openedx": openedx.read,
}
