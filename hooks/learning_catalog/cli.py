"""The command line: check the catalogue, or write the generated pages to a folder.

The second use keeps the site buildable without MkDocs hooks (for example with
Zensical, Material for MkDocs' successor, which runs no hooks): generate the pages into
a copy of ``docs/``, then build that.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from .loader import check_catalogue
from .pages import generate_pages
from .problems import format_report


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the process exit code (0 ok, 1 catalogue errors, 2 usage)."""
    parser = argparse.ArgumentParser(prog="python -m learning_catalog", description=__doc__.splitlines()[0])
    parser.add_argument("--root", default=".", help="project folder that holds catalog/ (default: .)")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("check", help="validate the catalogue and report every problem")
    generate = commands.add_parser("generate", help="write the generated Markdown pages into a folder")
    generate.add_argument("--out", required=True, help="folder to write into (e.g. a copy of docs/)")
    generate.add_argument("--no-directory-urls", action="store_true", help="link pages as x.html, not x/")
    args = parser.parse_args(argv)

    catalogue, problems = check_catalogue(args.root)
    github = os.environ.get("GITHUB_ACTIONS") == "true"
    for problem in problems:
        print(problem.github_annotation() if github else problem, file=sys.stderr if not github else sys.stdout)
    if catalogue is None:
        print(format_report(problems).splitlines()[-1], file=sys.stderr)
        return 1
    if args.command == "check":
        print(
            f"The catalogue is valid: {len(catalogue.products)} products, {len(catalogue.series)} series, "
            + ", ".join(f"{len(terms)} {name}" for name, terms in catalogue.vocabularies.items())
            + "."
        )
        return 0
    out = Path(args.out)
    pages = generate_pages(catalogue, directory_urls=not args.no_directory_urls)
    for page in pages:
        target = out / page.src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.content, encoding="utf-8")
    print(f"Wrote {len(pages)} pages to {out}.")
    return 0
