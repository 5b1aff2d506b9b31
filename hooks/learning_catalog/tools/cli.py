"""The command line: ``python -m learning_catalog <command>``.

Commands:
    check      validate the catalogue (errors first, warnings counted by kind; ``--warnings`` lists them all);
               ``--fix`` first repairs what is mechanical
    new        write a new product file from a few answers
    from-issue write a product file from a "Suggest a product" issue (see: from-issue --help)
    import     turn a spreadsheet (CSV or XLSX) into product files
    harvest    list partners' published catalogues (catalog/sources/) as product files, with a report
    links      check the catalogue's external links
    schema     write the JSON Schemas to docs/schema/ and the issue form generated from the contract
    generate   write the generated pages in six languages and the data files into a folder, for builders
               that run no MkDocs hooks
    index      index a built site for search (what the MkDocs hook does after a build)
    size       measure a built site by kind of file; fail above a limit (GitHub Pages publishes at most 1 GB)
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urlsplit

from .. import check_catalogue, json_schemas, load_catalogue
from ..contract import jsonschema
from ..contract.loader import WANTED
from ..contract.model import Catalogue
from ..contract.problems import WARNING, CatalogueError, Position, Problem, grouped_report, summary
from ..contract.text import forbidden_character
from ..site import formatting, i18n
from ..site.pages import WANTED_PAGE, generate_data_files, generate_pages, handwritten_copies, repository_url
from ..site.search import index_site
from ..site.sitemaps import sitemaps
from . import fromissue, scaffold
from .files import UnsafePath, write_all, write_text
from .fix import fix_file, replaced_terms

PROG = "python -m learning_catalog"


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit code (0 ok, 1 problems in the catalogue, 2 usage)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in ("links", "import", "from-issue", "size"):
        return _delegate(argv[0], argv[1:])
    parser = argparse.ArgumentParser(prog=PROG, description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog=__doc__.split("\n\n", 1)[1])
    parser.add_argument("--root", default=".", help="project folder that holds catalog/ (default: .)")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--root", default=argparse.SUPPRESS, help="project folder that holds catalog/ (default: .)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="command")
    add = lambda name, **kwargs: commands.add_parser(name, parents=[common], **kwargs)  # noqa: E731
    check = add("check", help="validate the catalogue")
    check.add_argument("--fix", action="store_true", help="first repair what is mechanical (order, codes, dates)")
    check.add_argument("--warnings", action="store_true", help="list every warning (by default each kind is counted)")
    new = add("new", help="write a new product file")
    for name in scaffold.ESSENTIALS:
        new.add_argument(f"--{name}", help="comma-separated" if name in ("topics", "audiences", "languages") else None)
    new.add_argument("--id", help="the file name (default: proposed from the title)")
    new.add_argument("--source", action="append", default=[],
                     help="a page the facts come from, written to 'sources' (repeatable; at least one)")
    commands.add_parser("links", help="check external links (see: links --help)")
    commands.add_parser("import", help="import a spreadsheet (see: import --help)")
    commands.add_parser("harvest", help="harvest partners' catalogues (see: harvest --help)")
    commands.add_parser("from-issue", help="write a product file from a suggestion issue (see: from-issue --help)")
    commands.add_parser("size", help="measure a built site; fail above a limit (see: size --help)")
    add("schema", help="write the JSON Schemas to docs/schema/ and the issue form")
    generate = add("generate", help="write every generated page, in the six languages, and the data files into a folder")
    generate.add_argument("--out", required=True, help="folder to write into (e.g. a copy of docs/)")
    generate.add_argument("--site-url", default="", help="the site's address (structured data, feeds, sitemaps)")
    generate.add_argument("--docs", default="docs", help="the hand-written pages, copied for each language (default: docs)")
    generate.add_argument("--edit-uri", default="", help="the site's 'Edit this page' address on GitHub "
                          "(.../edit/<branch>/docs/): the Contact page's repository, Propose on GitHub")
    generate.add_argument("--data-licence", default="", help="the licence of the catalogue's data, as the repository "
                          "states it (the Licence page)")
    generate.add_argument("--no-directory-urls", action="store_true", help="link pages as x.html, not x/")
    index = add("index", help="index a built site for search with Pagefind")
    index.add_argument("--site", required=True, help="the built site (e.g. site/)")
    index.add_argument("--no-directory-urls", action="store_true", help="pages are x.html, not x/")
    args = parser.parse_args(argv)
    root = Path(args.root)
    if args.command == "new":
        return _new(root, args)
    if args.command == "check" and args.fix:
        _fix(root)
    catalogue, problems = check_catalogue(root)
    if args.command == "check":
        problems += _stale_schemas(root) if catalogue else []
    _report(problems, every_warning=getattr(args, "warnings", False))
    if catalogue is None:
        return 1
    if args.command == "check":
        print(f"The catalogue is valid: {len(catalogue.products)} products, {len(catalogue.series)} series, "
              + ", ".join(f"{len(terms)} {name}" for name, terms in catalogue.vocabularies.items()) + ".")
    elif args.command == "schema":
        try:
            for name, text in json_schemas(catalogue).items():
                write_text(root, root / jsonschema.SCHEMA_FOLDER / name, text)
            write_text(root, root / fromissue.ISSUE_FORM, fromissue.issue_form_yaml(catalogue))
        except UnsafePath as exc:
            print(f"Not written: {exc}", file=sys.stderr)
            return 1
        print(f"Wrote the JSON Schemas to {jsonschema.SCHEMA_FOLDER}/ and the issue form to {fromissue.ISSUE_FORM}.")
    elif args.command == "index":
        pages = generate_pages(catalogue, directory_urls=not args.no_directory_urls)
        index_site(args.site, catalogue, pages=pages, directory_urls=not args.no_directory_urls)
        print(f"Indexed {args.site} for search.")
    elif args.command == "generate":
        return _generate(catalogue, root, args)
    return 0


def read_handwritten(root: Path, docs: str = "docs") -> dict[str, str]:
    """The hand-written pages by path in the site's sources: ``docs/`` (not its theme overrides) and the
    catalogue's list of wanted products, shown as ``contribute/wanted.md`` (as the MkDocs hook does)."""
    folder = root / docs
    pages = {path.relative_to(folder).as_posix(): path.read_text(encoding="utf-8")
             for path in sorted(folder.rglob("*.md")) if path.relative_to(folder).parts[0] != "overrides"}
    wanted = root / "catalog" / WANTED
    if wanted.is_file():
        pages.setdefault(WANTED_PAGE, wanted.read_text(encoding="utf-8"))
    return pages


def _generate(catalogue: Catalogue, root: Path, args: argparse.Namespace) -> int:
    """Write what the MkDocs hook adds to a build, for any builder: see ``generate_tree``."""
    handwritten = read_handwritten(root, args.docs)
    site_url = args.site_url if not args.site_url or args.site_url.endswith("/") else args.site_url + "/"
    files = generate_tree(catalogue, handwritten, site_url=site_url, directory_urls=not args.no_directory_urls,
                          edit_uri=args.edit_uri, data_licence=args.data_licence)
    out = Path(args.out)
    try:
        write_all(out, ((out / uri, content) for uri, content in files.items()))
    except UnsafePath as exc:
        print(f"Not written: {exc}", file=sys.stderr)
        return 1
    pages = sum(1 for uri in files if uri.endswith(".md"))
    print(f"Wrote {pages} pages in {len(i18n.LANGUAGES)} languages and {len(files) - pages} other files to {args.out}"
          + ("." if site_url else " (no sitemaps: give --site-url)."))
    return 0


def generate_tree(catalogue: Catalogue, handwritten: dict[str, str], *, site_url: str = "",
                  directory_urls: bool = True, edit_uri: str = "", data_licence: str = "") -> dict[str, str | bytes]:
    """Every file the site adds to its hand-written pages, by path: the generated pages in the six languages, the
    copies of the hand-written pages for the other languages, the data files and, with a site address, the sitemaps.
    ``edit_uri`` and ``data_licence`` are what the MkDocs hook reads from ``mkdocs.yml`` (``edit_uri``,
    ``extra.data_licence``) for the Contact, Licence and Propose pages.

    Pages go where the MkDocs hook puts them (``products/x.md``), so that the hand-written pages' Markdown links
    to them resolve. With a site address, the links in their HTML start at its path
    (``/urban-agenda-learning-page/products/x/``): any builder resolves them alike, against the source file or
    the output page. Without one they are relative to the output page, as MkDocs resolves raw HTML. The copies of
    hand-written pages keep their originals' Markdown links, which builders resolve against the source file.
    """
    link_root = (urlsplit(site_url).path or "/") if site_url else None
    data = generate_data_files(catalogue, site_url=site_url, directory_urls=directory_urls)
    files: dict[str, str | bytes] = {}
    addresses = [formatting.dest_path(src, directory_urls) for src in handwritten]
    for language in i18n.LANGUAGES:
        translation = i18n.translation(catalogue, language)
        for page in generate_pages(catalogue, directory_urls=directory_urls, site_url=site_url, data_files=data,
                                   translation=translation, link_root=link_root, edit_uri=edit_uri,
                                   repository_url=repository_url(edit_uri), data_licence=data_licence):
            files[page.src_uri] = page.content
            addresses.append(formatting.dest_path(page.src_uri, directory_urls))
        if language != i18n.DEFAULT:
            for page in handwritten_copies(handwritten, translation):
                files[page.src_uri] = page.content
                addresses.append(formatting.dest_path(page.src_uri, directory_urls))
    files.update(data)
    files.update(sitemaps(addresses, site_url))
    return files


def _delegate(command: str, argv: list[str]) -> int:
    if command == "links":
        from .linkcheck import main as run
    elif command == "size":
        from .size import main as run
    elif command == "import":
        from .spreadsheet import main as run
    else:
        run = fromissue.main
    return run(argv)


def _report(problems: list[Problem], *, every_warning: bool = False) -> None:
    """Print problems. Under GitHub Actions: every one as a workflow annotation (on the pull request's diff).
    Otherwise: ``path:line:column: CODE message``, errors first, each kind of warning summed up in one line
    unless ``every_warning``."""
    github = os.environ.get("GITHUB_ACTIONS") == "true"
    if github:
        for problem in problems:
            print(problem.github_annotation())
    else:
        errors = sorted((p for p in problems if p.severity != WARNING), key=lambda p: p.sort_key)
        warnings = sorted((p for p in problems if p.severity == WARNING), key=lambda p: p.sort_key)
        lines = [str(p) for p in errors + warnings] if every_warning else grouped_report(problems)
        for line in lines:
            print(line, file=sys.stderr)
    if problems:
        print(summary(problems), file=sys.stderr)


def _fix(root: Path) -> None:
    """Fix every product file; links (and files behind them) are left alone, for `check` to report."""
    replaced = replaced_terms(root / "catalog")
    for path in sorted((root / "catalog" / "products").glob("*.yml")):
        if changes := fix_file(path, root, replaced):
            print(f"fixed {path.relative_to(root).as_posix()}: {', '.join(changes)}")


def _stale_schemas(root: Path) -> list[Problem]:
    """A warning for each committed JSON Schema (editors would miss terms) and for the issue form (it would miss
    fields or terms) that the catalogue has outgrown."""
    try:
        catalogue = load_catalogue(root)
    except CatalogueError:
        return []
    stale = []
    generated = {f"{jsonschema.SCHEMA_FOLDER}/{name}": text for name, text in json_schemas(catalogue).items()}
    generated[fromissue.ISSUE_FORM] = fromissue.issue_form_yaml(catalogue)
    for rel, text in generated.items():
        path = root / rel
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            stale.append(Problem(path=rel, position=Position(), code="LP703",
                                 message="is out of date with the catalogue; run `make schema` and commit it",
                                 severity=WARNING))
    return stale


def _new(root: Path, args: argparse.Namespace) -> int:
    try:
        catalogue = load_catalogue(root)
    except CatalogueError as exc:
        print(exc, file=sys.stderr)
        return 1
    for source in args.source:
        if "\n" in source or forbidden_character(source):
            print(f"Not written: each --source is one line of text (a page's address); {source!r} is not",
                  file=sys.stderr)
            return 2
    values = {name: getattr(args, name) for name in scaffold.ESSENTIALS if getattr(args, name)}
    for name in ("topics", "audiences", "languages"):
        if isinstance(values.get(name), str):
            values[name] = [part.strip() for part in values[name].split(",") if part.strip()]
    if args.source:
        values["sources"] = scaffold.sources_from(args.source)
    if sys.stdin.isatty():
        try:
            values = scaffold.ask_missing(values, catalogue, input, lambda line: print(line, file=sys.stderr))
        except (EOFError, KeyboardInterrupt):
            print("\nNot written: stopped before every essential was given.", file=sys.stderr)
            return 1
    product_id = args.id or scaffold.propose_id(str(values.get("title", "")), set(catalogue.products))
    if messages := scaffold.check_new(values, product_id, catalogue):
        print(f"Not written: catalog/products/{product_id}.yml would have these problems:", file=sys.stderr)
        print("\n".join(f"  - {message}" + (" (give each page the facts come from with --source URL)"
                                            if message == "missing required field 'sources'" else "")
                        for message in messages), file=sys.stderr)
        return 1
    try:
        path = scaffold.write_new_product(root, values, product_id)
    except (UnsafePath, FileExistsError) as exc:
        print(f"Not written: {exc}", file=sys.stderr)
        return 1
    print(f"Wrote {path.relative_to(root).as_posix()}. Add the optional fields you can source, then run `make check`.")
    return 0
