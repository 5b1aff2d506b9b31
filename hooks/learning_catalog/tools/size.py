"""Where a built site's bytes go, and a guard that keeps it inside its host's limit.

GitHub Pages refuses a published site over 1 GB. ``measure`` sums a built site's files by
kind (product pages, browse pages, search index, ...), the way ``upload-pages-artifact``
packs them (dotfiles are left out); ``check`` fails above a limit with a message naming the
biggest parts, so that a workflow stops before it uploads a site that cannot be deployed.
``python -m learning_catalog size site/ --limit-mb 950`` prints the breakdown.
"""

from __future__ import annotations

import dataclasses
import gzip
import os
from collections.abc import Iterable
from pathlib import Path

from ..site import i18n, sitemaps
from ..site.pages import FACETS

MB = 1_000_000
"""Sizes are in megabytes of 10^6 bytes: 950 MB is below both 1 GB (10^9) and 1 GiB (2^30)."""
LIMIT_MB = 950
"""The guard's line: 50 MB under GitHub Pages' 1 GB, so that a deployment fails here, with reasons, first."""

KINDS = ("product pages", "browse pages", "other pages", "search index", "data files", "sitemaps", "assets",
         "offline edition", "other")
"""The kinds of file, in the order of the breakdown."""
BROWSE = frozenset({facet.key for facet in FACETS} | {"series", "paths", "catalogue"})
"""Folders of browse pages (``catalogue/`` holds the explorer and the list of every product)."""
SEARCH = frozenset({"pagefind", "pagefind-languages"})
DATA = frozenset({"feeds", "schema"})
ASSETS = frozenset({"assets", "javascripts", "stylesheets"})


def kind(path: str) -> str:
    """The kind of a file of the site, by its path in the site (``fr/products/x/index.html``)."""
    parts = path.split("/")
    if len(parts) > 1 and parts[0] in i18n.LANGUAGES and parts[0] != i18n.DEFAULT:
        parts = parts[1:]  # a language's folder holds the same kinds as the root
    top, name = parts[0], parts[-1]
    if name.endswith(".zip"):
        return "offline edition"
    if top in SEARCH or name == "search-offline.js":
        return "search index"
    if top.startswith("sitemap") and name.endswith((".xml", ".xml.gz")) or top == "robots.txt":
        return "sitemaps"
    if name.endswith((".html", ".htm")):
        if top == "products":
            return "product pages"
        return "browse pages" if top in BROWSE and len(parts) > 1 else "other pages"
    if top in DATA or name.endswith((".json", ".csv", ".xlsx")) or name == "explorer.js":
        return "data files"
    if top in ASSETS:
        return "assets"
    return "other"


@dataclasses.dataclass
class Part:
    """Files of one kind: how many, how many bytes."""

    files: int = 0
    bytes: int = 0

    def add(self, size: int) -> None:
        self.files += 1
        self.bytes += size


@dataclasses.dataclass
class SiteSize:
    """A built site measured: in all, by kind, product pages by language, and its largest files."""

    files: int = 0
    bytes: int = 0
    tar_bytes: int = 1024
    """What ``upload-pages-artifact`` packs: a tar, 512 bytes of header per entry and each file padded to 512."""
    kinds: dict[str, Part] = dataclasses.field(default_factory=lambda: {name: Part() for name in KINDS})
    product_pages: dict[str, Part] = dataclasses.field(default_factory=dict)
    """Product pages by interface language."""
    largest: list[tuple[int, str]] = dataclasses.field(default_factory=list)
    sitemaps: dict[str, tuple[int, int]] = dataclasses.field(default_factory=dict)
    """Each sitemap (not the index): its addresses and its bytes uncompressed, which the protocol limits."""

    def largest_sitemap(self) -> tuple[str, int, int] | None:
        """(path, addresses, bytes uncompressed) of the sitemap with the most addresses, if there is one."""
        if not self.sitemaps:
            return None
        path = max(self.sitemaps, key=lambda name: self.sitemaps[name])
        return (path, *self.sitemaps[path])

    @property
    def mb(self) -> float:
        return self.bytes / MB

    def biggest(self, count: int = 3) -> list[tuple[str, Part]]:
        """The kinds that weigh most, heaviest first."""
        return sorted(((name, part) for name, part in self.kinds.items() if part.bytes),
                      key=lambda item: -item[1].bytes)[:count]


def _files(site: Path) -> Iterable[tuple[str, int, bool]]:
    """(path in the site, bytes, is a folder) of what the artifact holds: no dotfiles, as upload-pages-artifact."""
    for folder, dirs, names in os.walk(site):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        relative = Path(folder).relative_to(site).as_posix()
        if relative != ".":
            yield relative, 0, True
        for name in sorted(names):
            if not name.startswith("."):
                path = os.path.join(folder, name)
                yield (name if relative == "." else f"{relative}/{name}"), os.stat(path).st_size, False


def measure(site_dir: str | os.PathLike[str], *, largest: int = 5) -> SiteSize:
    """Measure a built site (sparse files count at their full size, as they would be uploaded)."""
    site = Path(site_dir)
    if not site.is_dir():
        raise FileNotFoundError(f"{site}: no such folder (build the site first)")
    result = SiteSize()
    for path, size, folder in _files(site):
        result.tar_bytes += 512 + (size + 511) // 512 * 512
        if folder:
            continue
        result.files += 1
        result.bytes += size
        found = kind(path)
        result.kinds[found].add(size)
        if found == "sitemaps" and path.startswith(f"{sitemaps.FOLDER}/"):
            text = _read_sitemap(site / path)
            result.sitemaps[path] = (text.count(b"<url>"), len(text))
        if found == "product pages":
            language = path.split("/")[0] if path.split("/")[0] in i18n.LANGUAGES else i18n.DEFAULT
            result.product_pages.setdefault(language, Part()).add(size)
        result.largest.append((size, path))
        if len(result.largest) > 4 * largest:
            result.largest = sorted(result.largest, reverse=True)[:largest]
    result.largest = sorted(result.largest, reverse=True)[:largest]
    return result


def _read_sitemap(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if path.name.endswith(".gz") else data


def _mb(size: int) -> str:
    return f"{size / MB:,.1f} MB"


def breakdown(size: SiteSize, *, name: str = "site/") -> str:
    """The measurement as lines of text: the total, each kind, product pages by language, the largest files."""
    lines = [f"{name}: {_mb(size.bytes)} in {size.files:,} files (as a tar, as uploaded: {_mb(size.tar_bytes)})"]
    for kind_name in KINDS:
        part = size.kinds[kind_name]
        if part.files:
            share = part.bytes / size.bytes * 100 if size.bytes else 0
            files = f"{part.files:>9,} file{'s' if part.files != 1 else ''}"
            lines.append(f"  {kind_name:<16}{_mb(part.bytes):>12}  {share:5.1f} %  {files}")
    if size.product_pages:
        pages = ", ".join(f"{language} {part.bytes / part.files / 1024:,.1f} KB"
                          for language, part in size.product_pages.items())
        lines.append(f"  a product page on average: {pages}")
    if (sitemap := size.largest_sitemap()) is not None:
        path, urls, bytes_ = sitemap
        lines.append(f"  largest sitemap: {path}, {urls:,} addresses, {bytes_ / MB:,.2f} MB uncompressed "
                     f"(the protocol allows 50,000 and 52.4 MB)")
    lines.append("  largest files: " + ", ".join(f"{path} ({_mb(bytes_)})" for bytes_, path in size.largest))
    return "\n".join(lines)


def over_limit(size: SiteSize, limit_mb: float, *, name: str = "site/") -> str | None:
    """The message of a site over ``limit_mb``, naming its biggest parts; None if it is within."""
    if size.bytes <= limit_mb * MB:
        return None
    parts = ", ".join(f"{kind_name} {_mb(part.bytes)}" for kind_name, part in size.biggest())
    return (f"{name} is {_mb(size.bytes)}, over the limit of {limit_mb:,g} MB (GitHub Pages publishes at most "
            f"1 GB): its biggest parts are {parts}.")


def main(argv: list[str] | None = None) -> int:
    """``python -m learning_catalog size SITE [--limit-mb N]``: print the breakdown; exit 1 above the limit."""
    import argparse
    import sys

    parser = argparse.ArgumentParser(prog="python -m learning_catalog size", description=main.__doc__)
    parser.add_argument("site", help="the built site (e.g. site/)")
    parser.add_argument("--limit-mb", type=float, default=LIMIT_MB,
                        help=f"fail above this many megabytes of 10^6 bytes (default: {LIMIT_MB})")
    args = parser.parse_args(argv)
    try:
        size = measure(args.site)
    except FileNotFoundError as exc:
        print(exc, file=sys.stderr)
        return 2
    print(breakdown(size, name=args.site))
    if message := over_limit(size, args.limit_mb, name=args.site):
        # Under GitHub Actions, also an error annotation on the run's summary.
        prefix = "::error title=Site too large for GitHub Pages::" if os.environ.get("GITHUB_ACTIONS") == "true" else ""
        print(prefix + message, file=sys.stderr)
        return 1
    print(f"{args.site} is within the limit of {args.limit_mb:,g} MB.")
    return 0
