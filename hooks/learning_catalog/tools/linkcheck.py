"""Checking the catalogue's external links: does every address still answer?

Collects every URL of the catalogue (products' ``url``, ``links`` and ``sources``, series'
``url``, organisations' ``url``) with the ``path:line:column`` it is written at, asks each
distinct address once (HEAD, then GET if the server refuses HEAD; redirects followed),
and reports broken links as ``LP601`` errors and permanent redirects as ``LP602``
notices. Run it as ``python -m learning_catalog links`` or
``python -m learning_catalog links``; the weekly workflow
``.github/workflows/links.yml`` turns its Markdown report into an issue.

Only the standard library is used, and no network error is ever raised: each one
becomes a broken `LinkResult` with a short explanation. Only public addresses are asked:
a host is resolved, and the check connects to one of its public addresses or to none (a
catalogue URL, or a redirect, that leads to a loopback, private, link-local or reserved
address is reported, not fetched); no proxy is used, so the address checked is the one
connected to.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import dataclasses
import http.client
import ipaddress
import os
import re
import socket
import ssl
import sys
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from http import HTTPStatus
from http.client import HTTPMessage
from pathlib import Path, PurePosixPath
from typing import IO
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

from .. import load_catalogue
from ..contract.model import Catalogue
from ..contract.problems import WARNING, CatalogueError, Position, Problem, format_report

USER_AGENT = "UrbanAgendaLearningPage-linkcheck/1.0 (UN-Habitat Urban Agenda Learning Page; external link check)"
DEFAULT_TIMEOUT = 10.0
DEFAULT_WORKERS = 8
MAX_REDIRECTS = 10
ALLOWLIST = ".github/linkcheck-allowlist.txt"
CATALOGUE_FOLDER = "catalog"

_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_PERMANENT = frozenset({301, 308})
_HEADERS = {"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
_SSL_NOISE = re.compile(r"^\[[A-Z0-9_: ]+\]\s*|\s*\(_ssl\.c:\d+\)$")
_URL_SAFE = "!#$%&'()*+,/:;=?@[]~"


@dataclasses.dataclass(frozen=True, kw_only=True)
class LinkRef:
    """One place in the catalogue where an external URL is written."""

    url: str
    path: str
    """Catalogue file, relative to the project root, e.g. ``catalog/products/place-value.yml``."""
    line: int = 1
    column: int = 1


@dataclasses.dataclass(frozen=True, kw_only=True)
class LinkResult:
    """What happened when an address was asked for."""

    url: str
    ok: bool
    status: int | None
    """The last HTTP status received, or None if no answer came."""
    detail: str
    """Short explanation for people: '' when fine, '404 Not Found', 'redirects to https://...'."""
    final_url: str | None = None
    """Where the redirects ended, if there were any."""
    moved_to: str | None = None
    """Where the link permanently moved (the end of its leading 301/308 redirects), if it did and works."""


# -- collecting ------------------------------------------------------------------------


def collect_links(
    catalogue: Catalogue, root: str | os.PathLike[str], paths: Collection[str] | None = None
) -> list[LinkRef]:
    """Every external URL of the catalogue, with the place it is written at.

    Args:
        catalogue: The validated catalogue.
        root: The project folder; the model's ``source`` paths are relative to it.
        paths: If given, only links from these files (project-relative paths) are kept.

    Returns:
        One reference per place a URL is written, ordered by file and position.
    """
    wanted = None if paths is None else {_normalise(p) for p in paths}
    found = [(source, url) for source, url in _urls(catalogue) if wanted is None or _normalise(source) in wanted]
    texts: dict[str, str] = {}
    seen: Counter[tuple[str, str]] = Counter()
    refs = []
    for source, url in found:
        if source not in texts:
            texts[source] = _read_text(Path(root) / source)
        position = _position(texts[source], url, seen[source, url])
        seen[source, url] += 1
        refs.append(LinkRef(url=url, path=source, line=position.line, column=position.column))
    return sorted(refs, key=lambda r: (r.path, r.line, r.column, r.url))


def _urls(catalogue: Catalogue) -> Iterable[tuple[str, str]]:
    """Yield ``(source file, url)`` for every external URL, in the order the files write them."""
    for product in catalogue.products.values():
        yield product.source, product.url
        for link in product.links:
            yield product.source, link.url
        for source in product.sources:
            yield product.source, source.url
    for series in catalogue.series.values():
        yield series.source, series.url
    for term in catalogue.vocabularies.get("organisations", {}).values():
        if term.url:
            yield term.source, term.url


def _normalise(path: str) -> str:
    """A project-relative path with forward slashes and no leading ``./``."""
    return PurePosixPath(os.path.normpath(path.replace("\\", "/"))).as_posix()


def _read_text(path: Path) -> str:
    """The file's text, or '' if it cannot be read (positions then fall back to 1:1)."""
    try:
        return path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return ""


def _position(text: str, url: str, index: int) -> Position:
    """Where ``url`` is the value of a ``url:`` key: its ``index``-th such place, else the first, else 1:1."""
    pattern = re.compile(
        r"^[^#\n]*?\burl[ \t]*:[ \t]*[\"']?(" + re.escape(url) + r")(?=[\"'\s,}\]]|$)", re.MULTILINE
    )
    starts = [match.start(1) for match in pattern.finditer(text)]
    if not starts:
        return Position()
    start = starts[index] if index < len(starts) else starts[0]
    line_start = text.rfind("\n", 0, start) + 1
    return Position(line=text.count("\n", 0, start) + 1, column=start - line_start + 1)


# -- checking --------------------------------------------------------------------------


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """Hand every redirect back to the caller, which follows it itself and remembers its kind."""

    def redirect_request(
        self, req: urllib.request.Request, fp: IO[bytes], code: int, msg: str, headers: HTTPMessage, newurl: str
    ) -> None:
        """Follow nothing: the 3xx answer reaches `_ask` as an ``HTTPError``."""
        return None


ALLOWED_NETWORKS: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] = ()
"""Non-public networks the check may connect to all the same (none; the tests allow their own server's)."""


class NotPublic(OSError):
    """A host whose addresses are not public (loopback, private, link-local, reserved...): it is not asked."""

    def __init__(self, host: str, address: str) -> None:
        super().__init__(f"not checked: {host} is not a public address"
                         if host == address else f"not checked: {host} has no public address ({address})")


def _public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    if any(ip in network for network in ALLOWED_NETWORKS):
        return True
    return ip.is_global and not ip.is_multicast


def _connect_public(address: tuple[str, int], timeout: float | None = None, source_address: object = None,
                    **_: object) -> socket.socket:
    """``socket.create_connection`` to a public address of the host only (the address it resolves to now)."""
    host, port = address
    found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    public = [info for info in found if _public(str(info[4][0]))]
    if not public:
        raise NotPublic(host, str(found[0][4][0]) if found else host)
    error: OSError | None = None
    for family, kind, protocol, _, sockaddr in public:
        sock = socket.socket(family, kind, protocol)
        try:
            if timeout is not None:
                sock.settimeout(timeout)
            sock.connect(sockaddr)
            return sock
        except OSError as exc:
            sock.close()
            error = exc
    assert error is not None
    raise error


class _PublicHTTPConnection(http.client.HTTPConnection):
    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._create_connection = _connect_public


class _PublicHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._create_connection = _connect_public


class _PublicHTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_PublicHTTPConnection, req)


class _PublicHTTPSHandler(urllib.request.HTTPSHandler):
    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_PublicHTTPSConnection, req, context=self._context)


_OPENER = urllib.request.build_opener(_NoRedirects, urllib.request.ProxyHandler({}), _PublicHTTPHandler(),
                                      _PublicHTTPSHandler(context=ssl.create_default_context()))


@dataclasses.dataclass(frozen=True)
class _Answer:
    """The part of an HTTP answer the check needs."""

    status: int
    location: str | None


def check_url(url: str, timeout: float = DEFAULT_TIMEOUT) -> LinkResult:
    """Ask for ``url`` and tell whether it works; never raises for network errors.

    HEAD is tried first; if the server answers it with an error, GET is tried, since many
    servers refuse or mishandle HEAD. Up to ten redirects are followed.

    Args:
        url: An http(s) address.
        timeout: Seconds to wait for the connection and for each answer.

    Returns:
        The result; ``ok`` is True for a 2xx answer, possibly after redirects.
    """
    try:
        return _follow(url, timeout)
    except urllib.error.URLError as error:
        return _failed(url, error.reason, timeout)
    except (OSError, http.client.HTTPException, ValueError) as error:
        return _failed(url, error, timeout)


def _follow(url: str, timeout: float) -> LinkResult:
    """Follow redirects from ``url`` until an answer that is not one."""
    current, moved_to, permanent = url, None, True
    for _ in range(MAX_REDIRECTS + 1):
        answer = _ask_head_then_get(current, timeout)
        if answer.status not in _REDIRECTS:
            return _result(url, answer.status, current if current != url else None, moved_to)
        if not answer.location:
            return _broken(url, answer.status, f"{_status(answer.status)} without a Location")
        target = urljoin(current, answer.location)
        if urlsplit(target).scheme not in ("http", "https"):
            return _broken(url, answer.status, f"redirects to a non-web address {target}")
        permanent = permanent and answer.status in _PERMANENT
        moved_to = target if permanent else moved_to
        current = target
    return _broken(url, answer.status, f"more than {MAX_REDIRECTS} redirects")


def _broken(url: str, status: int | None, detail: str, final_url: str | None = None) -> LinkResult:
    """A result for a link that does not work."""
    return LinkResult(url=url, ok=False, status=status, detail=detail, final_url=final_url)


def _result(url: str, status: int, final_url: str | None, moved_to: str | None) -> LinkResult:
    """The result for a final, non-redirect answer."""
    if 200 <= status < 300:
        detail = f"redirects to {final_url}" if final_url else ""
        return LinkResult(url=url, ok=True, status=status, detail=detail, final_url=final_url, moved_to=moved_to)
    return _broken(url, status, f"{_status(status)} at {final_url}" if final_url else _status(status), final_url)


def _ask_head_then_get(url: str, timeout: float) -> _Answer:
    """HEAD, and GET if HEAD got an error: servers that refuse HEAD answer 400, 403, 404, 405, 501..."""
    answer = _ask(url, "HEAD", timeout)
    return _ask(url, "GET", timeout) if answer.status >= 400 else answer


def _ask(url: str, method: str, timeout: float) -> _Answer:
    """Send one request and read only the status line and headers."""
    request = urllib.request.Request(_ascii_url(url), method=method, headers=_HEADERS)
    try:
        response = _OPENER.open(request, timeout=timeout)
    except urllib.error.HTTPError as error:
        response = error
    with response:
        return _Answer(status=response.status, location=response.headers.get("Location"))


def _ascii_url(url: str) -> str:
    """The URL as sent on the wire: an IDNA host, and non-ASCII or spaces percent-encoded (fragment dropped)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    netloc = parts.netloc
    if not host.isascii():
        netloc = netloc.replace(host, host.encode("idna").decode("ascii"))
    return urlunsplit(
        (parts.scheme, netloc, quote(parts.path, safe=_URL_SAFE), quote(parts.query, safe=_URL_SAFE), "")
    )


def _status(status: int) -> str:
    """``404 Not Found``: the standard phrase, never the server's own (which ends up in issues)."""
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return str(status)


def _failed(url: str, error: BaseException | str, timeout: float) -> LinkResult:
    """A broken result for a request that got no HTTP answer."""
    return _broken(url, None, _explain(error, timeout))


def _explain(error: BaseException | str, timeout: float) -> str:
    """A short explanation of a network error."""
    if isinstance(error, NotPublic):
        return str(error)
    if isinstance(error, TimeoutError):
        return f"no answer within {timeout:g} s"
    if isinstance(error, ssl.SSLError):
        return f"TLS error: {_SSL_NOISE.sub('', str(error)) or type(error).__name__}"
    if isinstance(error, ConnectionRefusedError):
        return "connection refused"
    if isinstance(error, socket.gaierror):
        return "host not found"
    if isinstance(error, http.client.RemoteDisconnected):  # before ConnectionResetError, its base class
        return "connection closed without an answer"
    if isinstance(error, ConnectionResetError):
        return "connection reset"
    if isinstance(error, http.client.InvalidURL):
        return "invalid address"
    if isinstance(error, http.client.HTTPException):
        return f"invalid answer ({type(error).__name__})"
    if isinstance(error, UnicodeError):
        return "invalid address"
    return str(error) or type(error).__name__


def check_links(
    refs: Iterable[LinkRef], timeout: float = DEFAULT_TIMEOUT, workers: int = DEFAULT_WORKERS
) -> list[tuple[LinkRef, LinkResult]]:
    """Check every distinct URL once, ``workers`` at a time, and pair each place with its URL's result.

    Args:
        refs: The places to check.
        timeout: Seconds to wait for each connection and answer.
        workers: How many requests run at the same time.

    Returns:
        ``(ref, result)`` for every ref, in the order given.
    """
    refs = list(refs)
    urls = list(dict.fromkeys(ref.url for ref in refs))
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        results = dict(zip(urls, pool.map(lambda url: check_url(url, timeout), urls)))
    return [(ref, results[ref.url]) for ref in refs]


# -- the allow-list --------------------------------------------------------------------


class AllowlistError(Exception):
    """The allow-list file cannot be used; the message says where and why."""


def load_allowlist(path: Path) -> list[str]:
    """Read the allow-list: one URL prefix per line, each followed by ``# why``.

    Args:
        path: The allow-list file.

    Returns:
        The prefixes, in file order.

    Raises:
        AllowlistError: If the file cannot be read, or an entry is not an http(s) prefix or has no comment.
    """
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise AllowlistError(f"{path}: cannot read the allow-list: {error}") from None
    prefixes = []
    for number, line in enumerate(lines, start=1):
        line = line.strip()
        if line and not line.startswith("#"):
            prefixes.append(_allowlist_entry(line, f"{path}:{number}"))
    return prefixes


def _allowlist_entry(line: str, place: str) -> str:
    """The prefix of one allow-list line, ``PREFIX  # why``; raise AllowlistError if it is not one."""
    match = re.fullmatch(r"(?P<prefix>\S+)(?:\s+#(?P<why>.*))?", line)
    if match is None:
        raise AllowlistError(f"{place}: write one URL prefix, then its reason after '#': PREFIX  # why")
    prefix, why = match["prefix"], (match["why"] or "").strip()
    if not prefix.startswith(("http://", "https://")):
        raise AllowlistError(f"{place}: '{prefix}' is not a URL prefix; entries start with http:// or https://")
    if not why:
        raise AllowlistError(f"{place}: '{prefix}' needs a comment saying why it is not checked: {prefix}  # why")
    return prefix


def _allowed(url: str, prefixes: Sequence[str]) -> bool:
    """Whether an allow-list prefix covers ``url``."""
    return any(url.startswith(prefix) for prefix in prefixes)


# -- reporting -------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True, kw_only=True)
class Summary:
    """Counts of places (not distinct URLs): every place a broken URL is used needs fixing."""

    ok: int
    broken: int
    skipped: int

    def __str__(self) -> str:
        total = self.ok + self.broken + self.skipped
        noun = "link" if total == 1 else "links"
        return f"Checked {total} {noun}: {self.ok} ok, {self.broken} broken, {self.skipped} skipped."


def link_problems(checked: Iterable[tuple[LinkRef, LinkResult]]) -> list[Problem]:
    """LP601 errors for broken links and LP602 warnings for permanent redirects, sorted by place."""
    found = []
    for ref, result in checked:
        position = Position(line=ref.line, column=ref.column)
        if not result.ok:
            found.append(Problem(path=ref.path, position=position, code="LP601",
                                 message=f"broken link {ref.url}: {result.detail}"))
        elif result.moved_to:
            found.append(Problem(path=ref.path, position=position, code="LP602", severity=WARNING,
                                 message=f"{ref.url} redirects permanently to {result.moved_to}"))
    return sorted(found, key=lambda p: p.sort_key)


def markdown_report(checked: Sequence[tuple[LinkRef, LinkResult]], summary: Summary) -> str:
    """The report for the weekly issue: a table of broken links, then one of moved links."""
    broken = [(ref, result) for ref, result in checked if not result.ok]
    moved = [(ref, result) for ref, result in checked if result.ok and result.moved_to]
    lines = [f"{summary}", ""]
    if broken:
        lines += ["## Broken links", "", "| File | URL | Problem |", "| --- | --- | --- |"]
        lines += [f"| {_code(_place(ref))} | {_link(ref.url)} | {_cell(result.detail)} |" for ref, result in broken]
        lines.append("")
    if moved:
        lines += ["## Moved permanently", "", "Update these addresses in the catalogue.", "",
                  "| File | URL | Now at |", "| --- | --- | --- |"]
        lines += [f"| {_code(_place(ref))} | {_link(ref.url)} | {_link(str(r.moved_to))} |" for ref, r in moved]
        lines.append("")
    if not broken and not moved:
        lines += ["Every checked link works.", ""]
    return "\n".join(lines)


def _place(ref: LinkRef) -> str:
    """``path:line:column`` of a reference."""
    return f"{ref.path}:{ref.line}:{ref.column}"


def _cell(text: str) -> str:
    """Text safe in a table cell: no line breaks, pipes escaped, no @mentions or markup."""
    text = " ".join(text.split())
    return re.sub(r"([\\|`*_\[\]<>@#])", r"\\\1", text)


def _code(text: str) -> str:
    """Text as a Markdown code span that stays inside its table cell."""
    return "`" + text.replace("`", "'").replace("|", "\\|") + "`"


def _link(url: str) -> str:
    """An autolink; characters that would end it or the cell are percent-encoded."""
    return "<" + re.sub(r"[\s<>|`]", lambda m: f"%{ord(m.group()):02X}", url) + ">"


# -- the command line ------------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    """The command line's arguments."""
    parser = argparse.ArgumentParser(
        prog="python -m learning_catalog links",
        description="Check that the catalogue's external links still work.",
    )
    parser.add_argument("--root", default=".", help="project folder that holds catalog/ (default: .)")
    parser.add_argument("--changed", nargs="*", metavar="PATH",
                        help="check only links written in these files (project-relative, e.g. from git diff)")
    parser.add_argument("--allowlist", metavar="FILE", type=Path,
                        help=f"URL prefixes not to check (default: ROOT/{ALLOWLIST} if it exists)")
    parser.add_argument("--timeout", type=_positive, default=DEFAULT_TIMEOUT, metavar="SECONDS",
                        help=f"seconds to wait for each connection and answer (default: {DEFAULT_TIMEOUT:g})")
    parser.add_argument("--workers", type=int, default=DEFAULT_WORKERS, metavar="N",
                        help=f"requests at the same time (default: {DEFAULT_WORKERS})")
    parser.add_argument("--report", metavar="FILE", type=Path, help="also write a Markdown report to FILE")
    return parser


def _positive(text: str) -> float:
    """An argparse type: a number of seconds above 0."""
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be a number of seconds above 0, not '{text}'")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``python -m learning_catalog links``.

    Args:
        argv: The arguments after ``links``; ``sys.argv[1:]`` if None.

    Returns:
        0 if no link is broken, 1 if one is (or the catalogue has errors), 2 for a usage or allow-list error.
    """
    args = _parser().parse_args(argv)
    changed = None if args.changed is None else {_normalise(p) for p in args.changed}
    if changed is not None and not any(_is_catalogue_file(p) for p in changed):
        print("No catalogue files changed; no links to check.")
        return 0
    try:
        prefixes = _allowlist(args.allowlist, Path(args.root))
        catalogue = load_catalogue(args.root, CATALOGUE_FOLDER)
    except AllowlistError as error:
        print(error, file=sys.stderr)
        return 2
    except CatalogueError as error:
        print(format_report(error.problems), file=sys.stderr)
        return 1
    refs = collect_links(catalogue, args.root, changed)
    skipped = [ref for ref in refs if _allowed(ref.url, prefixes)]
    checked = check_links([ref for ref in refs if not _allowed(ref.url, prefixes)], args.timeout, args.workers)
    summary = Summary(ok=sum(r.ok for _, r in checked), broken=sum(not r.ok for _, r in checked), skipped=len(skipped))
    _print(link_problems(checked), github=os.environ.get("GITHUB_ACTIONS") == "true")
    print(summary)
    if args.report:
        args.report.write_text(markdown_report(checked, summary), encoding="utf-8")
    return 1 if summary.broken else 0


def _is_catalogue_file(path: str) -> bool:
    """Whether a project-relative path names a catalogue file (``catalog/**.yml``)."""
    return path.startswith(f"{CATALOGUE_FOLDER}/") and path.endswith(".yml")


def _allowlist(path: Path | None, root: Path) -> list[str]:
    """The allow-list's prefixes: from ``path``, else the default file if it exists, else none."""
    if path is None:
        path = root / ALLOWLIST
        if not path.is_file():
            return []
    return load_allowlist(path)


def _print(found: Iterable[Problem], *, github: bool) -> None:
    """One line per problem: plain on stderr, or as GitHub annotations on stdout."""
    for problem in found:
        if github:
            print(problem.github_annotation())
        else:
            print(problem, file=sys.stderr)


if __name__ == "__main__":
    raise SystemExit(main())
