"""The site's own scripts and stylesheets, minified when they are published.

The sources in ``docs/javascripts/`` and ``docs/stylesheets/`` stay readable, with their
comments; the built site gets them minified by ``rjsmin`` and ``rcssmin`` (small, well-kept
minifiers that parse the syntax, so strings and regular expressions are left alone). Every
first visit downloads ``site.js`` and ``extra.css``: a learner paying per megabyte should not
pay for our comments.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import quote

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


ICON_PREFIX = "lpi-"
"""Class of an icon drawn by the stylesheet: ``<svg viewBox="0 0 24 24" class="lpi-magnify"></svg>``."""
_ICON_CLASS = re.compile(r'^<svg viewBox="([^"]+)" class="lpi-([a-z0-9-]+)"></svg>$')
_VIEWBOX = re.compile(r'viewBox="([^"]+)"')


def icon_stylesheet(placeholders: str | os.PathLike[str], originals: str | os.PathLike[str]) -> str:
    """The rules that draw each icon of ``placeholders`` with the shape of the theme's file of the same name.

    The theme writes its icons into every page (a magnifier, a pencil, the logo: 1.1 KB a page, 66 MB over
    60,000 product pages). An icon file in the site's overrides (``.icons/material/magnify.svg``) replaces one
    with an empty ``<svg>`` of the same view box, ``class="lpi-magnify"``; the stylesheet paints it in the
    text's colour through a mask of the theme's own file, so it looks the same, and is downloaded once.

    Raises:
        ValueError: If a placeholder is not an empty svg with its class, or its theme file is missing or has
            another view box.
    """
    rules = []
    for path in sorted(Path(placeholders).rglob("*.svg")):
        relative = path.relative_to(placeholders)
        match = _ICON_CLASS.match(path.read_text(encoding="utf-8").strip())
        original = Path(originals) / relative
        if not match or match.group(2) != path.stem:
            raise ValueError(f"{path}: an icon placeholder is '<svg viewBox=\"...\" class=\"lpi-{path.stem}\"></svg>'")
        if not original.is_file():
            raise ValueError(f"{path}: the theme has no icon {relative.as_posix()}")
        svg = original.read_text(encoding="utf-8").strip()
        if (found := _VIEWBOX.search(svg)) is None or found.group(1) != match.group(1):
            raise ValueError(f"{path}: its view box is not the one of the theme's {relative.as_posix()}")
        uri = "data:image/svg+xml," + quote(svg.replace('"', "'"), safe=" /:=',.-")
        rules.append(f'.{ICON_PREFIX}{path.stem}{{--lpi:url("{uri}")}}')
    if not rules:
        return ""
    common = (f'svg[class^="{ICON_PREFIX}"]{{background-color:currentcolor;-webkit-mask:var(--lpi) center/contain '
              "no-repeat;mask:var(--lpi) center/contain no-repeat}"
              # In forced colours the background would become the page's: keep the text's (forced) colour.
              f'@media (forced-colors:active){{svg[class^="{ICON_PREFIX}"]{{forced-color-adjust:none}}}}')
    return "\n".join([f"/* Icons drawn from the theme's files (assets.icon_stylesheet). */", common, *rules]) + "\n"
