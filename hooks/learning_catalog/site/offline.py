"""The offline edition: the site as files to open from ``file://``, for workshops without a connection.

A browser opening pages from ``file://`` runs their scripts but fetches no data file, so
Pagefind and the explorer's ``fetch`` cannot work there. The offline edition carries the
same data as scripts, which a ``<script>`` element can load from disk: the explorer's data
(``catalogue/explorer.js``), its summaries and word index (``catalogue/summaries.js``,
``catalogue/words.js``: all of them in one script each) and a small search index of the products
(``search-offline.js``: title, summary, provider, people and topics), which
``docs/javascripts/search.js`` searches word by word when the page is opened from disk.
"""

from __future__ import annotations

import json
from typing import Any

from collections.abc import Mapping

from . import formatting
from .explorer import SUMMARIES, WORDS
from ..contract.model import Catalogue

EXPLORER_SCRIPT = "catalogue/explorer.js"
SEARCH_SCRIPT = "search-offline.js"


def offline_files(catalogue: Catalogue, explorer_json: str, texts: Mapping[str, str], *,
                  directory_urls: bool = False) -> dict[str, str]:
    """The data scripts of the offline edition, by path in the site (``texts``: the explorer's summary and word
    files, by path)."""
    def gathered(folder: str) -> str:
        parts = [f"{json.dumps(path[len(folder) + 1:-5])}:{content}" for path, content in sorted(texts.items())
                 if path.startswith(folder + "/")]
        return _script_safe("{" + ",".join(parts) + "}")

    return {
        EXPLORER_SCRIPT: explorer_script(explorer_json),
        f"{SUMMARIES}.js": f"window.LP_EXPLORER_SUMMARIES={gathered(SUMMARIES)};\n",
        f"{WORDS}.js": f"window.LP_EXPLORER_WORDS={gathered(WORDS)};\n",
        SEARCH_SCRIPT: "window.LP_SEARCH_DATA="
        + _script_safe(json.dumps(search_records(catalogue, directory_urls=directory_urls), ensure_ascii=False,
                                  separators=(",", ":")))
        + ";\n",
    }


def explorer_script(explorer_json: str) -> str:
    """The explorer's data as a script that a page opened from disk can load."""
    return data_script("LP_EXPLORER_DATA", explorer_json)


def data_script(name: str, json_text: str) -> str:
    """JSON data as a script that a page opened from disk can load: ``window.<name>=<data>;``."""
    return f"window.{name}={_script_safe(json_text)};\n"


def search_records(catalogue: Catalogue, *, directory_urls: bool = False) -> list[dict[str, Any]]:
    """One record per product: its page (site-relative), title and the text a learner may search for."""
    records = []
    for product in sorted(catalogue.products.values(), key=lambda p: (p.title.text.casefold(), p.id)):
        terms = [catalogue.term("organisations", product.provider)]
        terms += [catalogue.term("topics", topic) for topic in product.topics]
        text = [product.summary.text, *(term.label.text for term in terms)]
        text += [person.name for person in product.people]
        records.append({"u": formatting.dest_path(f"products/{product.id}.md", directory_urls),
                        "t": product.title.text, "s": product.summary.text, "x": " ".join(text)})
    return records


def _script_safe(json_text: str) -> str:
    """JSON that cannot end the script element it is in, nor break a JavaScript string."""
    return json_text.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
