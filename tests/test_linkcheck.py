"""The external-link check, against servers on 127.0.0.1 only: no test touches the internet."""

from __future__ import annotations

import http.server
import ipaddress
import os
import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, SERIES, product, write_catalogue
from learning_catalog.tools import linkcheck
from learning_catalog.tools.linkcheck import LinkRef, LinkResult, check_links, check_url, collect_links, load_allowlist, main
from learning_catalog import load_catalogue

TIMEOUT = 0.5
USER_AGENT_PREFIX = "UrbanAgendaLearningPage-linkcheck/"

# path -> (status, Location)
ROUTES: dict[str, tuple[int, str | None]] = {
    "/ok": (200, None),
    "/caf%C3%A9": (200, None),
    "/head-not-allowed": (200, None),
    "/needs-user-agent": (200, None),
    "/slow": (200, None),
    "/error": (500, None),
    "/moved": (301, "/ok"),
    "/temp": (302, "/ok"),
    "/chain": (301, "/temp"),
    "/temp-to-missing": (302, "/missing"),
    "/loop": (308, "/loop"),
    "/to-private": (302, "http://10.255.255.1/admin"),
    "/to-metadata": (301, "http://169.254.169.254/latest/meta-data/"),
}
ASKED: list[str] = []
"""The paths the test servers were asked for."""


class _Handler(http.server.BaseHTTPRequestHandler):
    """Answers ROUTES; refuses HEAD on /head-not-allowed, and unknown user agents on /needs-user-agent."""

    def do_HEAD(self) -> None:
        """Answer a HEAD request."""
        self._answer()

    def do_GET(self) -> None:
        """Answer a GET request."""
        self._answer()

    def _answer(self) -> None:
        ASKED.append(self.path)
        if self.path == "/slow":
            time.sleep(4 * TIMEOUT)
        status, location = self._route()
        self.send_response(status)
        if location:
            self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _route(self) -> tuple[int, str | None]:
        if self.path == "/head-not-allowed" and self.command == "HEAD":
            return 405, None
        if self.path == "/needs-user-agent" and not self.headers.get("User-Agent", "").startswith(USER_AGENT_PREFIX):
            return 403, None
        return ROUTES.get(self.path, (404, None))

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        """Keep the test output quiet."""


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that gave up (the timeout case) is expected: print nothing."""


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    """``http://127.0.0.1:<port>`` of a server answering ROUTES, on a random port."""
    server = _Server(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def refused_port() -> Iterator[int]:
    """A port bound but not listening: connecting to it is refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        yield sock.getsockname()[1]


@pytest.fixture(autouse=True)
def _plain_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Plain output (CI sets GITHUB_ACTIONS), no proxy between the check and 127.0.0.1, and the test servers'
    address allowed (the check asks only public addresses: see test_only_public_addresses_are_asked)."""
    for name in ("GITHUB_ACTIONS", "http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(linkcheck, "ALLOWED_NETWORKS", (ipaddress.ip_network("127.0.0.1/32"),))


# -- check_url ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "ok", "status", "detail", "final", "moved"),
    [
        ("{base}/ok", True, 200, "", None, None),
        ("{base}/café", True, 200, "", None, None),
        ("{base}/head-not-allowed", True, 200, "", None, None),
        ("{base}/needs-user-agent", True, 200, "", None, None),
        ("{base}/moved", True, 200, "redirects to {base}/ok", "{base}/ok", "{base}/ok"),
        ("{base}/temp", True, 200, "redirects to {base}/ok", "{base}/ok", None),
        ("{base}/chain", True, 200, "redirects to {base}/ok", "{base}/ok", "{base}/temp"),
        ("{base}/missing", False, 404, "404 Not Found", None, None),
        ("{base}/error", False, 500, "500 Internal Server Error", None, None),
        ("{base}/temp-to-missing", False, 404, "404 Not Found at {base}/missing", "{base}/missing", None),
        ("{base}/loop", False, 308, "more than 10 redirects", None, None),
        ("{base}/slow", False, None, "no answer within 0.5 s", None, None),
        ("{tls}/ok", False, None, "TLS error: …", None, None),
        ("http://127.0.0.1:{refused}/ok", False, None, "connection refused", None, None),
    ],
)
def test_check_url(
    base: str, refused_port: int, url: str, ok: bool, status: int | None, detail: str, final: str | None,
    moved: str | None,
) -> None:
    """Each kind of answer (or of silence) gives its result; a detail ending in '…' is checked as a prefix."""
    fill = {"base": base, "tls": base.replace("http://", "https://"), "refused": refused_port}
    url = url.format(**fill)
    result = check_url(url, timeout=TIMEOUT)
    if detail.endswith("…"):
        assert result.detail.startswith(detail[:-1]) and len(result.detail) > len(detail), result.detail
        detail = result.detail
    expected = LinkResult(
        url=url, ok=ok, status=status, detail=detail.format(**fill),
        final_url=final and final.format(**fill), moved_to=moved and moved.format(**fill),
    )
    assert result == expected


def test_check_links_asks_each_url_once(base: str) -> None:
    """A URL used in two places is checked once; both places get its result."""
    refs = [LinkRef(url=f"{base}/ok", path="a.yml"), LinkRef(url=f"{base}/missing", path="b.yml"),
            LinkRef(url=f"{base}/ok", path="c.yml", line=3, column=6)]
    checked = check_links(refs, timeout=TIMEOUT, workers=2)
    assert [(ref.path, result.ok) for ref, result in checked] == [("a.yml", True), ("b.yml", False), ("c.yml", True)]
    assert checked[0][1] is checked[2][1]


# -- collect_links -----------------------------------------------------------------------

ORGANISATIONS = """\
    terms:
      - id: un-habitat
        label: UN-Habitat
        url: https://example.org/un-habitat
      - id: uclg
        label: United Cities and Local Governments (UCLG)
    """

WITH_LINKS = "# Source: https://example.org/place-value (the url is also a link and a source)\n" + product(
    links="\n  - url: https://example.org/place-value\n    label: Again\n"
    "  - url: 'https://example.org/audio'\n    label: Audio (MP3)\n    kind: audio",
    sources="\n  - url: https://example.org/place-value\n    title: The lecture's page\n"
    "  - url: https://example.org/news/place-value\n    checked: 2026-11-30",
)


def _collect_catalogue(root: Path) -> Path:
    """A catalogue with an organisation URL, a series, a product with links and a plain product."""
    return write_catalogue(root, {
        "vocabularies/organisations.yml": ORGANISATIONS,
        "products/place-value.yml": WITH_LINKS,
        "products/other.yml": product(title="Other", url="https://example.org/other"),
    })


@pytest.mark.parametrize(
    ("paths", "expected"),
    [
        (None, [
            ("https://example.org/other", "catalog/products/other.yml", 3, 6),
            ("https://example.org/about-place-value", "catalog/products/other.yml", 9, 17),
            ("https://example.org/place-value", "catalog/products/place-value.yml", 4, 6),
            ("https://example.org/place-value", "catalog/products/place-value.yml", 11, 10),
            ("https://example.org/audio", "catalog/products/place-value.yml", 13, 11),
            ("https://example.org/place-value", "catalog/products/place-value.yml", 17, 10),
            ("https://example.org/news/place-value", "catalog/products/place-value.yml", 19, 10),
            ("https://example.org/lectures", "catalog/series/global-urban-lectures.yml", 3, 6),
            ("https://example.org/un-habitat", "catalog/vocabularies/organisations.yml", 4, 10),
        ]),
        ({"./catalog/products/place-value.yml", "README.md"}, [
            ("https://example.org/place-value", "catalog/products/place-value.yml", 4, 6),
            ("https://example.org/place-value", "catalog/products/place-value.yml", 11, 10),
            ("https://example.org/audio", "catalog/products/place-value.yml", 13, 11),
            ("https://example.org/place-value", "catalog/products/place-value.yml", 17, 10),
            ("https://example.org/news/place-value", "catalog/products/place-value.yml", 19, 10),
        ]),
        (set(), []),
    ],
)
def test_collect_links(tmp_path: Path, paths: set[str] | None, expected: list[tuple[str, str, int, int]]) -> None:
    """Every URL (product, links, sources, series, organisations) is found at its 'url:' key (not in a comment), each
    place once, also when the same address is a product's url, a link and a source; 'paths' keeps only those files."""
    root = _collect_catalogue(tmp_path)
    refs = collect_links(load_catalogue(root), root, paths)
    assert refs == [LinkRef(url=url, path=path, line=line, column=column) for url, path, line, column in expected]


# -- main --------------------------------------------------------------------------------


def _local_catalogue(root: Path, base: str, *, broken: bool = True) -> Path:
    """A catalogue whose every URL is on the local server; one product's URL and source are missing if ``broken``."""
    files = {
        "series/global-urban-lectures.yml": SERIES.replace("https://example.org/lectures", f"{base}/temp"),
        "products/works.yml": product(title="Works", url=f"{base}/ok",
                                      links=f"\n  - url: {base}/moved\n    label: Audio (MP3)",
                                      sources=f"[{{url: {base}/ok}}]"),
    }
    if broken:
        files["products/gone.yml"] = product(title="Gone", url=f"{base}/missing",
                                             sources=f"[{{url: {base}/missing-source, title: The news}}]")
    return write_catalogue(root, files)


def _run(capsys: pytest.CaptureFixture[str], root: Path, *args: str) -> tuple[int, str, str]:
    """Run main() on ``root``; return the exit code, stdout and stderr."""
    code = main(["--root", str(root), "--timeout", str(TIMEOUT), *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    ("broken", "code", "lines", "summary"),
    [
        (True, 1, [
            "catalog/products/gone.yml:3:6: LP601 broken link {base}/missing: 404 Not Found",
            "catalog/products/gone.yml:9:17: LP601 broken link {base}/missing-source: 404 Not Found",
            "catalog/products/works.yml:10:10: LP602 warning: {base}/moved redirects permanently to {base}/ok",
        ], "Checked 6 links: 4 ok, 2 broken, 0 skipped."),
        (False, 0, [
            "catalog/products/works.yml:10:10: LP602 warning: {base}/moved redirects permanently to {base}/ok",
        ], "Checked 4 links: 4 ok, 0 broken, 0 skipped."),
    ],
)
def test_main_reports_each_broken_link_where_it_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], base: str, broken: bool, code: int, lines: list[str],
    summary: str,
) -> None:
    """Broken links fail with path:line:column lines on stderr; a permanent redirect is a warning that does not."""
    root = _local_catalogue(tmp_path, base, broken=broken)
    assert _run(capsys, root) == (code, summary + "\n", "".join(line.format(base=base) + "\n" for line in lines))


def test_main_prints_github_annotations(tmp_path: Path, capsys: pytest.CaptureFixture[str], base: str,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """In GitHub Actions, broken links are ::error and permanent redirects ::warning annotations."""
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    code, out, err = _run(capsys, _local_catalogue(tmp_path, base))
    assert (code, err) == (1, "")
    assert out.splitlines() == [
        f"::error file=catalog/products/gone.yml,line=3,col=6,title=LP601::broken link {base}/missing: 404 Not Found",
        f"::error file=catalog/products/gone.yml,line=9,col=17,title=LP601::broken link {base}/missing-source: "
        "404 Not Found",
        f"::warning file=catalog/products/works.yml,line=10,col=10,title=LP602::{base}/moved redirects permanently "
        f"to {base}/ok",
        "Checked 6 links: 4 ok, 2 broken, 0 skipped.",
    ]


@pytest.mark.parametrize("where", ["--allowlist", "default"])
def test_allowlisted_links_are_skipped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], base: str, where: str
) -> None:
    """A URL under an allow-list prefix is not checked and counts as skipped (given file or .github/ default)."""
    root = _local_catalogue(tmp_path / "project", base)
    allowlist = tmp_path / "allow.txt" if where == "--allowlist" else root / ".github/linkcheck-allowlist.txt"
    allowlist.parent.mkdir(exist_ok=True)
    allowlist.write_text(f"# header\n\n{base}/missing  # refuses robots; checked by hand\n", encoding="utf-8")
    code, out, _ = _run(capsys, root, *(["--allowlist", str(allowlist)] if where == "--allowlist" else []))
    assert (code, out) == (0, "Checked 6 links: 4 ok, 0 broken, 2 skipped.\n")


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("https://example.org/", "'https://example.org/' needs a comment saying why it is not checked: "
                                 "https://example.org/  # why"),
        ("https://example.org/ #", "'https://example.org/' needs a comment saying why it is not checked: "
                                   "https://example.org/  # why"),
        ("example.org/  # no scheme", "'example.org/' is not a URL prefix; entries start with http:// or https://"),
        ("https://a.example/ https://b.example/  # two", "write one URL prefix, then its reason after '#': "
                                                           "PREFIX  # why"),
    ],
)
def test_allowlist_entries_need_a_reason(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], line: str, message: str
) -> None:
    """An allow-list entry without a reason, or that is not one http(s) prefix, stops the check with exit code 2."""
    allowlist = tmp_path / "allow.txt"
    allowlist.write_text(f"# header\n{line}\n", encoding="utf-8")
    code, out, err = _run(capsys, write_catalogue(tmp_path), "--allowlist", str(allowlist))
    assert (code, out, err) == (2, "", f"{allowlist}:2: {message}\n")


def test_shipped_allowlist_is_valid() -> None:
    """The repository's allow-list parses (it starts with no entries)."""
    assert load_allowlist(ROOT / ".github/linkcheck-allowlist.txt") == []


@pytest.mark.parametrize(
    ("changed", "code", "out"),
    [
        (["catalog/products/works.yml"], 0, "Checked 3 links: 3 ok, 0 broken, 0 skipped.\n"),
        (["./catalog/products/gone.yml", "README.md"], 1, "Checked 2 links: 0 ok, 2 broken, 0 skipped.\n"),
        (["README.md", "catalog/README.md"], 0, "No catalogue files changed; no links to check.\n"),
        ([], 0, "No catalogue files changed; no links to check.\n"),
    ],
)
def test_changed_checks_only_those_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], base: str, changed: list[str], code: int, out: str
) -> None:
    """--changed keeps the links of the given catalogue files; without any, nothing is checked."""
    assert _run(capsys, _local_catalogue(tmp_path, base), "--changed", *changed)[:2] == (code, out)


def test_report_is_markdown_for_the_issue(tmp_path: Path, capsys: pytest.CaptureFixture[str], base: str) -> None:
    """--report writes the summary, a table of broken links and one of permanently moved links."""
    report = tmp_path / "report.md"
    assert _run(capsys, _local_catalogue(tmp_path, base), "--report", str(report))[0] == 1
    assert report.read_text(encoding="utf-8") == "\n".join([
        "Checked 6 links: 4 ok, 2 broken, 0 skipped.",
        "",
        "## Broken links",
        "",
        "| File | URL | Problem |",
        "| --- | --- | --- |",
        f"| `catalog/products/gone.yml:3:6` | <{base}/missing> | 404 Not Found |",
        f"| `catalog/products/gone.yml:9:17` | <{base}/missing-source> | 404 Not Found |",
        "",
        "## Moved permanently",
        "",
        "Update these addresses in the catalogue.",
        "",
        "| File | URL | Now at |",
        "| --- | --- | --- |",
        f"| `catalog/products/works.yml:10:10` | <{base}/moved> | <{base}/ok> |",
        "",
    ])


def test_catalogue_errors_are_reported_not_checked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A catalogue with errors prints them and exits 1 without asking for any link."""
    write_catalogue(tmp_path, {"products/bad.yml": product(url="ftp://example.org/x")})
    assert _run(capsys, tmp_path) == (1, "", (
        "catalog/products/bad.yml:3:6: LP302 'url' must start with http:// or https://, found 'ftp://example.org/x'\n"
        "1 error in the catalogue.\n"
    ))


def test_runs_as_a_module(tmp_path: Path) -> None:
    """``python -m learning_catalog.tools.linkcheck`` runs main() with the command line's arguments."""
    result = subprocess.run(
        [sys.executable, "-m", "learning_catalog.tools.linkcheck", "--root", str(tmp_path), "--changed", "README.md"],
        capture_output=True, text=True, check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT / "hooks")},
    )
    assert (result.returncode, result.stdout, result.stderr) == (
        0, "No catalogue files changed; no links to check.\n", ""
    )


def test_help_names_the_subcommand(capsys: pytest.CaptureFixture[str]) -> None:
    """The usage line is that of ``python -m learning_catalog links``."""
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.startswith("usage: python -m learning_catalog links [-h] [--root ROOT]")


# -- the weekly workflow -----------------------------------------------------------------


def test_weekly_workflow_is_hardened() -> None:
    """links.yml reads contents only, may write issues in its job only, and pins every action by commit SHA."""
    text = (ROOT / ".github/workflows/links.yml").read_text(encoding="utf-8")
    workflow = yaml.safe_load(text)
    assert set(workflow[True]) == {"schedule", "workflow_dispatch"}
    assert workflow["permissions"] == {"contents": "read"}
    (job,) = workflow["jobs"].values()
    assert job["permissions"] == {"contents": "read", "issues": "write"}
    uses = [step["uses"] for step in job["steps"] if "uses" in step]
    assert uses and all(re.fullmatch(r"actions/[\w-]+@[0-9a-f]{40}", use) for use in uses), uses
    assert "${{" not in "".join(step.get("run", "") for step in job["steps"])


@pytest.mark.parametrize(("url", "detail"), [
    ("http://127.0.0.1:{port}/ok", "not checked: 127.0.0.1 is not a public address"),
    ("http://localhost:{port}/ok", "not checked: localhost has no public address (127.0.0.1)"),
    ("http://[::ffff:127.0.0.1]:{port}/ok", "not checked: ::ffff:127.0.0.1 is not a public address"),
    ("http://10.0.0.1/", "not checked: 10.0.0.1 is not a public address"),
    ("http://192.168.1.1/", "not checked: 192.168.1.1 is not a public address"),
    ("http://169.254.169.254/latest/meta-data/", "not checked: 169.254.169.254 is not a public address"),
    ("http://0.0.0.0:{port}/ok", "not checked: 0.0.0.0 is not a public address"),
    ("http://[::1]/", "not checked: ::1 is not a public address"),
    ("http://100.64.0.1/", "not checked: 100.64.0.1 is not a public address"),
    ("http://224.0.0.1/", "not checked: 224.0.0.1 is not a public address"),
], ids=["loopback", "localhost", "mapped-loopback", "private-10", "private-192", "cloud-metadata", "unspecified",
        "ipv6-loopback", "shared", "multicast"])
def test_only_public_addresses_are_asked(base: str, monkeypatch: pytest.MonkeyPatch, url: str, detail: str) -> None:
    """A link to a loopback, private, link-local or reserved address is reported, and no request leaves."""
    monkeypatch.setattr(linkcheck, "ALLOWED_NETWORKS", ())
    ASKED.clear()
    result = check_url(url.format(port=base.rsplit(":", 1)[1]), timeout=TIMEOUT)
    assert (result.ok, result.status, result.detail) == (False, None, detail)
    assert ASKED == []


@pytest.mark.parametrize(("path", "detail"), [
    ("/to-private", "not checked: 10.255.255.1 is not a public address"),
    ("/to-metadata", "not checked: 169.254.169.254 is not a public address"),
])
def test_redirects_to_private_addresses_are_not_followed(base: str, path: str, detail: str) -> None:
    """A public link (here the test server, allowed) that redirects to a private address stops there."""
    result = check_url(base + path, timeout=TIMEOUT)
    assert (result.ok, result.detail) == (False, detail)
