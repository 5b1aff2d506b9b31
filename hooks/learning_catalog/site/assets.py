"""The site's own scripts and stylesheets, minified when they are published.

The sources in ``docs/javascripts/`` and ``docs/stylesheets/`` stay readable, with their
comments; the built site gets them minified by ``rjsmin`` and ``rcssmin`` (small, well-kept
minifiers that parse the syntax, so strings and regular expressions are left alone). Every
first visit downloads ``site.js`` and ``extra.css``: a learner paying per megabyte should not
pay for our comments.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

import rcssmin
import rjsmin

FOLDERS = {"javascripts": ".js", "stylesheets": ".css"}


def own_assets(docs_dir: str | os.PathLike[str]) -> list[str]:
    """The site's own scripts and stylesheets, as paths in the site (``javascripts/site.js``, ...)."""
    docs = Path(docs_dir)
    return sorted(path.relative_to(docs).as_posix() for folder, suffix in FOLDERS.items()
                  for path in (docs / folder).glob(f"*{suffix}"))


def minify_assets(site_dir: str | os.PathLike[str], paths: Iterable[str]) -> None:
    """Rewrite each of ``paths`` in the built site minified (those the site does not have are skipped)."""
    for relative in paths:
        path = Path(site_dir) / relative
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8")
        minified = rjsmin.jsmin(text) if path.suffix == ".js" else rcssmin.cssmin(text)
        path.write_text(minified + "\n", encoding="utf-8")
