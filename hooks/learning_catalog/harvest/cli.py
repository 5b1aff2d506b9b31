"""``python -m learning_catalog harvest`` (``make harvest [SOURCE=id] [ARGS=--dry-run]``)."""

from __future__ import annotations

import argparse
import datetime
import sys
from collections.abc import Sequence
from pathlib import Path

from .. import check_catalogue
from ..contract.model import Catalogue, HarvestSource
from .fetch import MB, Budget, Cache, Fetcher, FetchError, Limits
from .mapping import Mapper
from .readers import READERS
from .report import report
from .sync import Change, Planner, Result

PROG = "python -m learning_catalog harvest"
CACHE = "build/harvest-cache"


def harvest_source(source: HarvestSource, catalogue: Catalogue, root: Path, fetcher: Fetcher,
                   today: datetime.date, earlier: list[Change] = ()) -> Result:  # type: ignore[assignment]
    """Read one source and plan its changes; a source that cannot be read gives a `Result` with an error."""
    budget = Budget(remaining=source.max_pages, limit=source.max_pages)
    try:
        listing = READERS[source.kind](source, fetcher, budget)
    except FetchError as error:
        result = Result(source=source, error=str(error))
    except Exception as error:  # noqa: BLE001 - one broken source never stops the others
        result = Result(source=source, error=f"the source could not be read ({error.__class__.__name__}: {error})")
    else:
        planner = Planner(source, catalogue, root, today, earlier)
        if not listing.items and planner.owned:
            reasons = "; ".join(why for _, why in listing.skipped[:3])
            result = Result(source=source, error="found no records, though the catalogue has "
                            f"{len(planner.owned)} products from it (a new site design?)"
                            + (f": {reasons}" if reasons else ""))
        else:
            result = planner.plan(listing, Mapper(source, catalogue))
    result.requests = fetcher.stats.requests
    result.bytes = fetcher.stats.bytes
    result.not_modified = fetcher.stats.not_modified
    return result


def main(argv: Sequence[str] | None = None) -> int:
    """Harvest the sources; returns the exit code (0 every source read, 1 a source failed or the catalogue has
    errors, 2 usage)."""
    parser = argparse.ArgumentParser(
        prog=PROG, description="List the records of partners' published catalogues (catalog/sources/<id>.yml) as "
        "product files in catalog/products/, keeping what people edited, and report what changed (Markdown).")
    parser.add_argument("--root", default=".", help="project folder that holds catalog/ (default: .)")
    parser.add_argument("--source", action="append", default=[], metavar="ID",
                        help="harvest this source only (repeatable; default: every enabled source)")
    parser.add_argument("--dry-run", action="store_true", help="report what would change; write nothing")
    parser.add_argument("--report", metavar="FILE", help="also write the report to FILE (a pull request's body)")
    parser.add_argument("--list", action="store_true", help="print the ids of the enabled sources and stop")
    parser.add_argument("--cache", default=CACHE, metavar="DIR",
                        help=f"folder of the conditional-request cache (a file per source), kept between runs "
                        f"(default: {CACHE})")
    parser.add_argument("--no-cache", action="store_true", help="ask for everything afresh; keep no cache")
    parser.add_argument("--delay", type=float, default=1.0, metavar="SECONDS",
                        help="pause between two requests to one host (default: 1; robots.txt may ask for more)")
    parser.add_argument("--timeout", type=float, default=20.0, metavar="SECONDS",
                        help="give up on a server silent for this long (default: 20)")
    parser.add_argument("--max-mb", type=float, default=10.0, metavar="MB",
                        help="refuse an answer larger than this (default: 10)")
    parser.add_argument("--allow-loopback", action="store_true",
                        help="connect to 127.0.0.1 (tests and benchmarks only; a harvest refuses it otherwise)")
    parser.add_argument("--today", type=datetime.date.fromisoformat, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    root = Path(args.root)
    catalogue, problems = check_catalogue(root)
    if catalogue is None:
        for problem in problems:
            print(problem, file=sys.stderr)
        print("The catalogue has errors; fix them before harvesting. Nothing was written.", file=sys.stderr)
        return 1
    if args.list:
        print("\n".join(sid for sid, source in catalogue.sources.items() if source.enabled))
        return 0
    unknown = [sid for sid in args.source if sid not in catalogue.sources]
    if unknown:
        known = ", ".join(catalogue.sources) or "none"
        print(f"{PROG}: no harvest source '{unknown[0]}' (catalog/sources/{unknown[0]}.yml); known: {known}",
              file=sys.stderr)
        return 2
    sources = [catalogue.sources[sid] for sid in args.source] or [s for s in catalogue.sources.values() if s.enabled]
    today = args.today or datetime.date.today()
    limits = Limits(timeout=args.timeout, max_seconds=max(args.timeout * 6, 60.0), max_bytes=int(args.max_mb * MB),
                    delay=args.delay, allow_loopback=args.allow_loopback)
    results: list[Result] = []
    earlier: list[Change] = []
    for source in sources:
        cache = Cache(None if args.no_cache else root / args.cache / f"{source.id}.json", today)
        fetcher = Fetcher(limits, cache)
        try:
            result = harvest_source(source, catalogue, root, fetcher, today, earlier)
        finally:
            fetcher.close()
        if not args.dry_run:
            cache.save()
        earlier += result.new
        if not args.dry_run:
            _write(root, result)
        results.append(result)
    text = report(results, dry_run=args.dry_run)
    print(text)
    if args.report:
        Path(args.report).parent.mkdir(parents=True, exist_ok=True)
        Path(args.report).write_text(text, encoding="utf-8")
    return 1 if any(result.error for result in results) else 0


def _write(root: Path, result: Result) -> None:
    for change in result.new:
        path = root / change.path
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8") as handle:
            handle.write(change.text)
    for change in [*result.updated, *result.archived, *result.restored]:
        (root / change.path).write_text(change.text, encoding="utf-8")
