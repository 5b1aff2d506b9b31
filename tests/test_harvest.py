"""`make harvest`: partners' catalogues served on 127.0.0.1 become product files, and the report says what happened.

Every test serves a fixture partner site with pytest-httpserver (or a raw socket for a server that never
answers) and runs the harvest's command line in-process, then asserts what lands in catalog/products/ and
what the report says.
"""

from __future__ import annotations

import difflib
import json
import socket
import textwrap
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import PRODUCT, built_site, make_project, write_catalogue
from harvest_sites import (
    ATOM,
    BILLION_LAUGHS,
    MICRODATA_PAGE,
    RSS,
    Site,
    course_jsonld,
    page,
    sitemap,
    source_file,
    stream_of,
)
from pytest_httpserver import HTTPServer

from learning_catalog import check_catalogue, load_catalogue
from learning_catalog.contract.netaddress import refusal
from learning_catalog.harvest.cli import main
from learning_catalog.harvest.readers.spreadsheet import sheet_url
from learning_catalog.harvest.text import markdown_text, plain_text, shorten
from learning_catalog.site.exports import catalog_json

ARGS = ("--delay", "0", "--allow-loopback", "--timeout", "1", "--no-cache")


@pytest.fixture
def site(httpserver: HTTPServer) -> Site:
    return Site(httpserver)


def harvest(root: Path, *args: str, cached: bool = False) -> tuple[int, str]:
    """Run ``python -m learning_catalog harvest`` on ``root``; return its exit code and report."""
    report = root / "report.md"
    options = [a for a in ARGS if not (cached and a == "--no-cache")]
    code = main(["--root", str(root), *options, "--report", str(report), *args])
    return code, report.read_text(encoding="utf-8")


def products(root: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted((root / "catalog/products").glob("*.yml"))}


def without_harvest(text: str) -> str:
    """A product file up to its harvest block (whose hashes depend on the test server's port)."""
    return text.split("harvest:\n", 1)[0]


def counts(report: str) -> str:
    """The counts row of a source's table: New | Updated | Unchanged | Archived | Restored | Skipped | ..."""
    lines = report.splitlines()
    return lines[lines.index("|---|---|---|---|---|---|---|---|") + 1]


# -- the kinds of source ------------------------------------------------------------------------


def academy(site: Site, root: Path) -> str:
    """A partner academy: JSON-LD (a Yoast-style @graph), microdata and RDFa course pages behind a sitemap,
    with one broken JSON-LD block, records that miss fields, a hostile URL and duplicates."""
    base = site.url("").rstrip("/")
    site["/sitemap.xml"] = (sitemap(*(f"{base}{path}" for path in (
        "/courses/compact/", "/courses/land/", "/courses/finance/", "/courses/broken/", "/courses/empty/",
        "/courses/compact-again/", "/courses/place-value/", "/private/secret/", "/about/"))), "application/xml")
    site["/courses/compact/"] = (page("Compact cities", course_jsonld(base, "compact", "Compact cities")), "text/html")
    site["/courses/land/"] = (MICRODATA_PAGE, "text/html; charset=utf-8")
    site["/courses/finance/"] = ("""<html><head><title>Finance</title></head><body>
        <div vocab="https://schema.org/" typeof="LearningResource">
          <span property="name">Financing urban infrastructure</span>
          <span property="description">Tools for municipal finance.</span>
          <a property="url" href="/courses/finance/">read</a>
          <span property="learningResourceType">Handbook</span>
          <span property="inLanguage">en</span><span property="keywords">Climate change</span>
        </div></body></html>""", "text/html")
    site["/courses/broken/"] = (page("Broken", '{"@context": "https://schema.org", "@type": "Course", "name": "Br',
                                     json.dumps({"@context": "https://schema.org", "@type": "Course",
                                                 "name": "Green streets", "description": "Streets that cool cities.",
                                                 "keywords": ["Climate change"], "inLanguage": "en"})), "text/html")
    site["/courses/empty/"] = (page("Empty", json.dumps({"@type": "Course", "name": "No description", "inLanguage": "en"}),
                                    json.dumps({"@type": "Course", "name": "Hostile", "url": "javascript:alert(1)",
                                                "description": "Steals cookies.", "inLanguage": "en",
                                                "keywords": "Urban planning"})), "text/html")
    site["/courses/compact-again/"] = (page("Compact again", course_jsonld(base, "compact", "Compact cities")),
                                       "text/html")
    site["/courses/place-value/"] = (page("Place value", json.dumps({
        "@context": "http://schema.org", "@type": "VideoObject", "name": "Place Value (partner copy)",
        "description": "A lecture.", "url": "https://www.example.org/place-value/", "inLanguage": "en",
        "keywords": "Urban planning"})), "text/html")
    site["/private/secret/"] = (page("Secret", course_jsonld(base, "secret", "Secret course")), "text/html")
    site["/about/"] = (page("About"), "text/html")
    source_file(root, "academy", f"""\
        title: Partner Academy courses
        url: {base}/sitemap.xml
        kind: schema.org
        provider: uclg
        include: [{base}/courses/, {base}/private/]
        defaults:
          format: handbook
          audiences: [local-government]
        map:
          topics: {{SDG 11: [], Urban planning: urban-planning}}
          audiences: {{Local governments: local-government, National governments: national-government}}
          mode: {{online: self-paced}}
        """)
    return base


def test_schema_org_pages_behind_a_sitemap(site: Site, tmp_path: Path) -> None:
    """JSON-LD, microdata and RDFa records become products; every other record is reported with its reason."""
    root = write_catalogue(tmp_path, {"products/place-value.yml": PRODUCT})
    base = academy(site, root)
    code, report = harvest(root)
    assert code == 0
    files = products(root)
    assert sorted(files) == ["compact-cities.yml", "financing-urban-infrastructure.yml", "green-streets.yml",
                             "land-property-rights.yml", "place-value.yml"]
    assert without_harvest(files["compact-cities.yml"]) == textwrap.dedent(f"""\
        # yaml-language-server: $schema=../../docs/schema/product.json
        # Listed from the harvest source 'Partner Academy courses' (catalog/sources/academy.yml) by `make harvest`.
        title: Compact cities
        summary: A course on planning compact, connected cities.
        url: {base}/courses/compact/
        format: handbook
        provider: uclg
        topics:
          - urban-planning
        audiences:
          - local-government
        languages:
          - en
        published: '2024-03-01'
        duration: PT3H
        mode: self-paced
        free: true
        people:
          - name: Ana Falú
        sources:
          - url: {base}/courses/compact/
        """)
    harvest_block = load_catalogue(root).products["compact-cities"].harvest
    assert (harvest_block.source, harvest_block.upstream) == ("academy", f"{base}/courses/compact/")
    assert set(harvest_block.fields) == {"title", "summary", "url", "format", "provider", "topics", "audiences",
                                         "languages", "published", "duration", "mode", "free", "people", "sources"}
    land = load_catalogue(root).products["land-property-rights"]
    assert (land.title.text, land.summary.text, land.languages, land.audiences, land.url) == (
        "Land & property rights", "How cities secure tenure for everyone.", ("fr",), ("national-government",),
        f"{base}/courses/land/")
    finance = load_catalogue(root).products["financing-urban-infrastructure"]
    assert (finance.format, finance.topics) == ("handbook", ("climate-change",))
    assert counts(report) == "| 4 | 0 | 0 | 0 | 0 | 4 | 0 | 2 |"
    assert f"- `{base}/courses/broken/`: `JSON-LD block 1 of 2 is not valid JSON (Unterminated string starting " \
           "at: line 1 column 63 (char 62)); the rest of the page was read`" in report
    assert f"- `{base}/courses/empty/`: `missing required field 'summary'`; `missing required field 'topics': the " \
           "source gives none; set defaults.topics in the source file`" in report
    assert f"- `{base}/courses/empty/`: `'url' must start with http:// or https://, found 'javascript:alert(1)'`" \
        in report
    assert (f"- `{base}/private/secret/`: `robots.txt of {base.removeprefix('http://')} does not allow the harvest to "
            f"read {base}/private/secret/`") in report
    assert f"- `{base}/courses/compact-again/` `Compact cities`: `the source lists this record twice; the fuller " \
           "copy is used`" in report
    assert f"- `{base}/courses/place-value/` `Place Value (partner copy)`: `same URL as " \
           "catalog/products/place-value.yml`" in report
    assert "| `format` | `Course` | 6 |" in report and "| `format` | `VideoObject` | 1 |" in report
    assert "`LearningResource`" not in report  # its learningResourceType, Handbook, gave the format
    assert "| `provider` | `United Cities and Local Governments` | 3 |" in report
    assert "| `topics` | `SDG 11` |" not in report  # mapped to [] on purpose
    assert "1 record outside the source's `include` left out" not in report  # /about/ is not even fetched
    assert ("/about/", 200) not in site.log and ("/private/secret/", 200) not in site.log
    assert check_catalogue(root)[0] is not None


def test_feeds_rss_and_atom(site: Site, tmp_path: Path) -> None:
    """RSS 2.0 and Atom entries become products: HTML turned to text, relative links resolved, a
    javascript: link refused, categories mapped, dates and authors kept; one run harvests both sources."""
    base = site.url("").rstrip("/")
    site["/feed/"] = (RSS.format(base=base), "application/rss+xml; charset=UTF-8")
    site["/library.atom"] = (ATOM.format(base=base), "application/atom+xml")
    root = write_catalogue(tmp_path)
    for source_id, path, extra in (("partner-news", "/feed/", "map: {topics: {Events: []}}"),
                                   ("partner-library", "/library.atom", "")):
        source_file(root, source_id, f"""\
            title: Partner {source_id}
            url: {base}{path}
            kind: feed
            provider: uclg
            defaults:
              format: video-lecture
              audiences: [local-government]
            {extra}
            """)
    code, report = harvest(root)
    assert code == 0
    files = products(root)
    assert sorted(files) == ["guia-de-espacio-publico.yml", "planning-basics.yml",
                             "urban-resilience-climate-a-webinar.yml"]
    webinar = load_catalogue(root).products["urban-resilience-climate-a-webinar"]
    assert (webinar.title.text, webinar.summary.text, webinar.url, webinar.topics, webinar.languages,
            webinar.published, [p.name for p in webinar.people]) == (
        "Urban resilience & climate: a webinar", "A webinar on climate action.", f"{base}/events/resilience/",
        ("climate-change",), ("en",), "2024-09-03", ["Partner Team"])
    assert webinar.harvest.upstream == f"{base}/?p=101"
    guide = load_catalogue(root).products["guia-de-espacio-publico"]
    assert (guide.title.text, guide.summary.text, guide.languages, guide.published, guide.updated) == (
        "Guía de espacio público", "Cómo diseñar espacios públicos seguros.", ("es",), "2024-05-01", "2024-06-01")
    assert "- `entry 2 (javascript:alert(document.cookie))`: `'url' must start with http:// or https://, found " \
           "'javascript:alert(document.cookie)'`" in report
    assert report.count("| New |") == 2


def test_a_spreadsheet_at_a_url(site: Site, tmp_path: Path) -> None:
    """A CSV in the import's columns: terms or the partner's own words (matched by label or the mapping)."""
    base = site.url("").rstrip("/")
    site["/products.csv"] = (textwrap.dedent(f"""\
        title,summary,url,format,provider,topics,audiences,languages,published,people,colour
        Streets for people,How to redesign streets.,{base}/streets,Video lecture,uclg,Urban Planning;Transport,local-government,en,2023-05,Jane Doe | UCLG,blue
        No address,A row without its url.,,handbook,uclg,climate-change,local-government,en,,,
        """).encode("utf-8-sig"), "text/csv")
    root = write_catalogue(tmp_path)
    source_file(root, "sheet", f"""\
        title: Partner spreadsheet
        url: {base}/products.csv
        kind: csv
        provider: uclg
        """)
    code, report = harvest(root)
    assert code == 0
    streets = load_catalogue(root).products["streets-for-people"]
    assert (streets.format, streets.topics, streets.published, streets.people[0].affiliation) == (
        "video-lecture", ("urban-planning",), "2023-05", "UCLG")
    assert "- `row 3`: `the row has no url`" in report
    assert "| `topics` | `Transport` | 1 |" in report
    assert "- column `colour` is not a column of the spreadsheet import: ignored" in report


def test_a_workbook_at_a_url_and_a_zip_bomb(site: Site, tmp_path: Path) -> None:
    """An .xlsx workbook is read like `make import` reads it; one that would unpack beyond the limit is refused."""
    import io
    import zipfile

    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active.append(["title", "summary", "url", "format", "provider", "topics", "audiences", "languages"])
    workbook.active.append(["Land governance", "Secure tenure for all.", "https://partner.example/land", "handbook",
                            "uclg", "climate-change", "local-government", "en"])
    data = io.BytesIO()
    workbook.save(data)
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (3 * 1024 * 1024))
    site["/list.xlsx"] = (data.getvalue(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    site["/bomb.xlsx"] = (bomb.getvalue(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    root = write_catalogue(tmp_path)
    for source_id in ("list", "bomb"):
        source_file(root, source_id, f"""\
            title: Partner workbook {source_id}
            url: {site.url(f'/{source_id}.xlsx')}
            kind: xlsx
            provider: uclg
            """)
    code, report = harvest(root, "--max-mb", "1")
    assert code == 1
    assert load_catalogue(root).products["land-governance"].topics == ("climate-change",)
    assert "**Not harvested:** `the workbook would unpack to 3145728 bytes, more than the limit of 1048576; not " \
           "read`." in report


def test_a_compressed_bomb_is_cut_short(site: Site, tmp_path: Path) -> None:
    """A gzip-encoded answer is measured as it is decompressed: 5 MB of zeros in 5 KB is refused after 1 MB."""
    import gzip

    from werkzeug import Response

    packed = gzip.compress(b"<p>" + b"0" * (5 * 1024 * 1024))
    site["/page/"] = (lambda request: Response(packed, headers={"Content-Encoding": "gzip",
                                                                "Content-Type": "text/html"}), "")
    root = write_catalogue(tmp_path)
    one_source(root, site.url("/page/"))
    code, report = harvest(root, "--max-mb", "1")
    assert (code, products(root)) == (1, {})
    assert "**Not harvested:** `the answer is larger than 1 MB; stopped reading it`." in report


def test_crawl_delay_and_the_pause_between_requests(site: Site) -> None:
    """Requests to one host are spaced by the harvest's delay, or by robots.txt's Crawl-delay if longer."""
    from learning_catalog.harvest.fetch import Budget, Fetcher, Limits

    site["/robots.txt"] = ("User-agent: UrbanAgendaLearningPage\nCrawl-delay: 7\n", "text/plain")
    site["/a"] = ("a", "text/plain")
    site["/b"] = ("b", "text/plain")
    pauses: list[float] = []
    fetcher = Fetcher(Limits(delay=1.0, allow_loopback=True), sleep=pauses.append)
    budget = Budget(remaining=10, limit=10)
    for path in ("/a", "/b"):
        fetcher.fetch(site.url(path), lambda body: body.data.decode(), version="test", budget=budget)
    fetcher.close()
    assert len(pauses) == 2 and all(6.5 < pause <= 7 for pause in pauses)  # before /a (after robots.txt), before /b


def test_google_sheets_addresses_become_their_csv_export() -> None:
    assert sheet_url("https://docs.google.com/spreadsheets/d/1AbC_d-9/edit#gid=42") == \
        "https://docs.google.com/spreadsheets/d/1AbC_d-9/export?format=csv&gid=42"
    assert sheet_url("https://docs.google.com/spreadsheets/d/1AbC/edit?usp=sharing") == \
        "https://docs.google.com/spreadsheets/d/1AbC/export?format=csv"
    assert sheet_url("https://partner.example/list.csv") == "https://partner.example/list.csv"


def test_another_learning_page_catalog_json(site: Site, tmp_path: Path) -> None:
    """Two Learning Pages federate: the other's catalog.json (written by its own exports) is harvested, its
    terms matched by id or label, and a term neither knows is reported with its label."""
    other = write_catalogue(tmp_path / "other", {
        "vocabularies/topics.yml": """\
            terms:
              - id: planning
                label: Urban planning
              - id: water
                label: Water and sanitation
            """,
        "products/street-design.yml": """\
            title: {en: Street design, fr: Conception des rues}
            summary: Designing streets for people.
            url: https://national.example/street-design
            format: handbook
            provider: uclg
            topics: [planning, water]
            audiences: [local-government]
            languages: [en, fr]
            description: Streets as **public space**.
            duration: PT2H
            sources:
              - url: https://national.example/street-design
            """})
    site["/catalog.json"] = (catalog_json(load_catalogue(other)), "application/json")
    root = write_catalogue(tmp_path / "here")
    source_file(root, "national", f"""\
        title: National Learning Page
        url: {site.url('/catalog.json')}
        kind: learning-page
        provider: un-habitat
        """)
    code, report = harvest(root)
    assert code == 0
    product = load_catalogue(root).products["street-design"]
    assert (dict(product.title.values), product.topics, product.provider, product.description.text,
            product.duration.iso) == ({"en": "Street design", "fr": "Conception des rues"}, ("urban-planning",),
                                      "uclg", "Streets as **public space**.", "PT2H")
    assert "| `topics` | `water` (`Water and sanitation`) | 1 |" in report
    assert [source.url for source in product.sources] == [site.url("/products/street-design/")]


def test_a_provider_specific_reader_open_edx(site: Site, tmp_path: Path) -> None:
    """The worked example of a provider-specific reader: an Open edX course list, two pages long."""
    courses = [{"id": "course-v1:UNH+CITY101+2024", "name": "Cities &amp; climate", "org": "UNH",
                "short_description": "Why cities matter for the climate.", "pacing": "self", "effort": "02:00",
                "hidden": False, "invitation_only": False},
               {"id": "course-v1:UNH+SECRET+2024", "name": "Staff only", "org": "UNH", "short_description": "x",
                "pacing": "instructor", "hidden": True}]
    site["/api/courses/v1/courses/"] = (json.dumps({"results": courses[:1], "pagination": {
        "next": site.url("/api/courses/v1/courses/?page=2"), "count": 2, "num_pages": 2}}), "application/json")
    site["/api/courses/v1/courses/?page=2"] = (json.dumps({"results": courses[1:], "pagination": {"next": None}}),
                                                "application/json")
    root = write_catalogue(tmp_path)
    source_file(root, "edx", f"""\
        title: Partner Open edX courses
        url: {site.url('/api/courses/v1/courses/')}
        kind: openedx
        provider: un-habitat
        defaults: {{format: handbook, topics: [climate-change], audiences: [local-government], languages: [en]}}
        map: {{provider: {{UNH: un-habitat}}}}
        """)
    code, report = harvest(root)
    assert code == 0
    product = load_catalogue(root).products["cities-climate"]
    assert (product.title.text, product.mode, product.url, product.duration) == (
        "Cities & climate", "self-paced", site.url("/courses/course-v1:UNH+CITY101+2024/about"), None)
    assert "- `course course-v1:UNH+SECRET+2024`: `the course is hidden from the site's catalogue`" in report


# -- hostile and broken sources ----------------------------------------------------------------


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A server that accepts connections and never answers; yields its port."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield listener.getsockname()[1]
    stop.set()
    thread.join()
    for connection in held:
        connection.close()
    listener.close()


def one_source(root: Path, url: str, kind: str = "schema.org") -> None:
    source_file(root, "partner", f"""\
        title: Partner
        url: {url}
        kind: {kind}
        provider: uclg
        defaults: {{format: handbook, topics: [urban-planning], audiences: [local-government], languages: [en]}}
        """)


def test_a_billion_laughs_feed_is_refused(site: Site, tmp_path: Path) -> None:
    site["/feed.xml"] = (BILLION_LAUGHS, "application/rss+xml")
    root = write_catalogue(tmp_path)
    one_source(root, site.url("/feed.xml"), "feed")
    code, report = harvest(root)
    assert code == 1
    assert "**Not harvested:** `the feed declares XML entities; refused (entity expansion is not allowed)`. Its " \
           "products are left as they are." in report
    assert products(root) == {}


def test_a_huge_answer_is_cut_short(site: Site, tmp_path: Path) -> None:
    """A 100 MB page (streamed by the server, never built in memory) is refused after 1 MB."""
    site["/big/"] = (stream_of(100 * 1024 * 1024), "text/html")
    root = write_catalogue(tmp_path)
    one_source(root, site.url("/big/"))
    code, report = harvest(root, "--max-mb", "1")
    assert code == 1
    assert "**Not harvested:** `the answer is larger than 1 MB; stopped reading it`." in report
    assert products(root) == {}
    received = int(report.split(" bytes received")[0].rsplit(" ", 1)[1].replace(",", ""))
    assert received < 2 * 1024 * 1024


def test_a_redirect_loop_is_left(site: Site, tmp_path: Path) -> None:
    from werkzeug import Response

    site["/a"] = (lambda request: Response(status=302, headers={"Location": "/b"}), "")
    site["/b"] = (lambda request: Response(status=301, headers={"Location": "/a"}), "")
    root = write_catalogue(tmp_path)
    one_source(root, site.url("/a"))
    code, report = harvest(root)
    assert code == 1
    assert "**Not harvested:** `more than 5 redirects (a redirect loop?)`." in report
    assert products(root) == {} and len(site.log) == 1 + 6  # robots.txt, then the first request and 5 redirects


def test_a_server_that_never_answers(silent_server: int, tmp_path: Path) -> None:
    root = write_catalogue(tmp_path)
    one_source(root, f"http://127.0.0.1:{silent_server}/sitemap.xml")
    code, report = harvest(root, "--timeout", "0.3")
    assert code == 1
    assert (f"**Not harvested:** `robots.txt of 127.0.0.1:{silent_server} could not be read (no answer within 0.3 s); "
            "a site whose robots.txt fails is not harvested`.") in report
    assert products(root) == {}


def test_this_machine_is_refused_without_the_test_option(site: Site, tmp_path: Path) -> None:
    root = write_catalogue(tmp_path)
    one_source(root, site.url("/sitemap.xml").replace("localhost", "127.0.0.1"))
    report = root / "report.md"
    assert main(["--root", str(root), "--delay", "0", "--no-cache", "--report", str(report)]) == 1
    assert "`127.0.0.1 resolves to 127.0.0.1, a loopback address (this machine): the harvest connects to public " \
           "addresses only`" in report.read_text(encoding="utf-8")
    assert site.log == []


@pytest.mark.parametrize(("address", "reason"), [
    ("127.0.0.1", "a loopback address (this machine)"), ("::1", "a loopback address (this machine)"),
    ("10.1.2.3", "a private address"), ("192.168.0.10", "a private address"), ("169.254.169.254", "a link-local address"),
    ("::ffff:10.0.0.1", "a private address"), ("0.0.0.0", "an unspecified address"), ("224.0.0.1", "a multicast address"),
    ("100.64.0.1", "not a public address"), ("8.8.8.8", None), ("2001:4860:4860::8888", None)])
def test_public_addresses_only(address: str, reason: str | None) -> None:
    assert refusal(address) == reason


def test_one_broken_source_never_stops_the_others(site: Site, tmp_path: Path) -> None:
    """A source that cannot be reached is reported; the next one is harvested; the run fails."""
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()
    base = site.url("").rstrip("/")
    site["/feed/"] = (RSS.format(base=base), "application/rss+xml")
    root = write_catalogue(tmp_path)
    one_source(root, f"http://127.0.0.1:{port}/sitemap.xml")
    source_file(root, "news", f"""\
        title: News
        url: {base}/feed/
        kind: feed
        provider: uclg
        defaults: {{format: handbook, audiences: [local-government], topics: [urban-planning]}}
        """)
    code, report = harvest(root)
    assert code == 1
    assert f"**Not harvested:** `robots.txt of 127.0.0.1:{port} could not be read (the connection was refused)" \
        in report
    assert len(products(root)) == 2


def test_text_from_another_charset(site: Site, tmp_path: Path) -> None:
    """A Windows-1252 page (declared in a meta element only) and an ISO-8859-1 feed read as their authors wrote."""
    title = "Développement urbain – guide"
    site["/guide/"] = (page(title, json.dumps({"@type": "Book", "name": title, "description": "Un guide « pratique ».",
                                               "inLanguage": "fr"}, ensure_ascii=False),
                            charset="windows-1252").encode("cp1252"), "text/html")
    site["/feed.xml"] = (('<?xml version="1.0" encoding="ISO-8859-1"?><rss version="2.0"><channel><title>x</title>'
                          '<item><title>Aménagement à Genève</title><link>https://partner.example/geneve</link>'
                          '<description>Étude.</description></item></channel></rss>').encode("latin-1"),
                         "application/xml")
    root = write_catalogue(tmp_path)
    one_source(root, site.url("/guide/"))
    source_file(root, "feed", f"""\
        title: Feed
        url: {site.url('/feed.xml')}
        kind: feed
        provider: uclg
        defaults: {{format: handbook, topics: [urban-planning], audiences: [local-government], languages: [fr]}}
        """)
    assert harvest(root)[0] == 0
    catalogue = load_catalogue(root)
    assert catalogue.products["developpement-urbain-guide"].title.text == title
    assert catalogue.products["developpement-urbain-guide"].summary.text == "Un guide « pratique »."
    assert catalogue.products["amenagement-a-geneve"].title.text == "Aménagement à Genève"


def test_text_and_markdown_from_html() -> None:
    assert plain_text("<p>One &amp; <b>two</b></p><script>alert(1)</script><ul><li>a</li><li>b</li></ul>") == \
        "One & two\n\n- a\n- b"
    assert plain_text("Urban &amp;amp; planning", one_line=True) == "Urban &amp; planning"  # decoded once
    assert markdown_text("[click](javascript:alert(1)) <img src=x> *bold*") == \
        "\\[click\\]\\(javascript:alert(1)) &lt;img src=x&gt; \\*bold\\*"
    assert shorten("word " * 100, 30) == "word word word word word…"


# -- the round trip ------------------------------------------------------------------------------


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted((root / "catalog").rglob("*")) if p.is_file()}


def test_round_trip(site: Site, tmp_path: Path) -> None:
    """Harvest into an empty catalogue and build; harvest again unchanged (nothing written, a few hundred bytes
    fetched); change one record (one file changes); edit a file by hand and change its record (the edit stays,
    the conflict is reported); remove a record (its product is archived)."""
    base = site.url("").rstrip("/")
    slugs = ["compact", "resilient", "inclusive"]
    names = {"compact": "Compact cities", "resilient": "Resilient cities", "inclusive": "Inclusive cities"}

    def publish(*, descriptions: dict[str, str] | None = None, listed: list[str] = slugs) -> None:
        site["/sitemap.xml"] = (sitemap(*(f"{base}/courses/{slug}/" for slug in listed)), "application/xml")
        for slug in slugs:
            text = (descriptions or {}).get(slug, f"All about {names[slug].lower()}.")
            site[f"/courses/{slug}/"] = (page(names[slug], course_jsonld(base, slug, names[slug], description=text)),
                                         "text/html")

    publish()
    root = write_catalogue(tmp_path)
    source_file(root, "academy", f"""\
        title: Partner Academy courses
        url: {base}/sitemap.xml
        kind: schema.org
        provider: uclg
        defaults: {{format: handbook}}
        map: {{topics: {{SDG 11: [], Urban planning: urban-planning}}, audiences: {{Local governments: local-government}},
              mode: {{online: self-paced}}}}
        """)
    code, report = harvest(root, "--dry-run")
    assert (code, products(root)) == (0, {})
    assert counts(report) == "| 3 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |" and "Dry run: nothing was written." in report

    assert harvest(root, cached=True)[0] == 0
    ids = ["compact-cities", "inclusive-cities", "resilient-cities"]
    assert sorted(products(root)) == [f"{i}.yml" for i in ids]
    built = built_site(make_project(root))
    for product_id in ids:
        html = (built / "products" / product_id / "index.html").read_text(encoding="utf-8")
        assert names[product_id.split("-")[0]] in html

    before = snapshot(root)
    code, report = harvest(root, cached=True)
    assert code == 0 and snapshot(root) == before
    assert counts(report) == "| 0 | 0 | 3 | 0 | 0 | 0 | 0 | 0 |"
    received = int(report.split(" bytes received")[0].rsplit(" ", 1)[1].replace(",", ""))
    assert received < 1000 and "5 answered \"not modified\"" in report

    publish(descriptions={"resilient": "Cities that recover from shocks."})
    code, report = harvest(root, "--today", "2026-12-01", cached=True)
    after = snapshot(root)
    assert [path for path in after if after[path] != before[path]] == ["catalog/products/resilient-cities.yml"]
    changed = [line for line in difflib.ndiff(before["catalog/products/resilient-cities.yml"].decode().splitlines(),
                                              after["catalog/products/resilient-cities.yml"].decode().splitlines())
               if line[:1] in "+-"]
    assert [line.split(":")[0] for line in changed] == [
        "- summary", "+ summary", "-   retrieved", "+   retrieved", "-   fingerprint", "+   fingerprint",
        "-     summary", "+     summary"]
    assert "+   retrieved: '2026-12-01'" in changed
    assert load_catalogue(root).products["resilient-cities"].summary.text == "Cities that recover from shocks."
    assert "- `catalog/products/resilient-cities.yml`: `summary` changed" in report

    path = root / "catalog/products/compact-cities.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("All about compact cities.",
                                                             "Compact, connected and inclusive cities."),
                    encoding="utf-8")
    publish(descriptions={"resilient": "Cities that recover from shocks.", "compact": "Dense cities."})
    code, report = harvest(root, cached=True)
    compact = load_catalogue(root).products["compact-cities"]
    assert compact.summary.text == "Compact, connected and inclusive cities."
    assert "| `catalog/products/compact-cities.yml` | `summary` | `Compact, connected and inclusive cities.` | " \
           "`Dense cities.` |" in report
    assert "- `catalog/products/compact-cities.yml`: only the harvest's record changed (see Conflicts)" in report
    before = snapshot(root)
    assert counts(harvest(root, cached=True)[1]) == "| 0 | 0 | 3 | 0 | 0 | 0 | 0 | 0 |"  # reported once
    assert snapshot(root) == before

    publish(descriptions={"resilient": "Cities that recover from shocks.", "compact": "Dense cities."},
            listed=["compact", "resilient"])
    code, report = harvest(root, "--today", "2026-12-07", cached=True)
    inclusive = load_catalogue(root).products["inclusive-cities"]
    assert (inclusive.status, inclusive.harvest.gone) == ("archived", "2026-12-07")
    assert "### Archived: no longer at the source" in report and counts(report).startswith("| 0 | 0 | 2 | 1 |")

    site["/sitemap.xml"] = (lambda request: __import__("werkzeug").Response("down", status=500), "")
    before = snapshot(root)
    code, report = harvest(root, cached=True)
    assert code == 1 and snapshot(root) == before
    assert "**Not harvested:** `answered 500 Internal Server Error`. Its products are left as they are." in report


# -- the contract of source files ------------------------------------------------------------------

S = "catalog/sources/bad.yml"
SOURCE = """\
    title: Partner courses
    url: https://partner.example/sitemap.xml
    kind: schema.org
    provider: uclg
    """


@pytest.mark.parametrize(("extra", "expected"), [
    ("kind: rss\n", [f"{S}:3:7: LP308 'kind' must be one of schema.org, feed, csv, xlsx, learning-page, openedx; "
                     "found 'rss'"]),
    ("map:\n  topics:\n    Planning: urban-planing\n",
     [f"{S}:7:15: LP301 'urban-planing' is not a term of catalog/vocabularies/topics.yml; did you mean "
      "'urban-planning'?"]),
    ("map:\n  format: {Course: [handbook, video-lecture]}\n",
     [f"{S}:6:20: LP203 'format.Course' must be one value (or [] to ignore it), found a list"]),
    ("defaults:\n  languages: [english]\n",
     [f"{S}:6:15: LP305 'english' is not an ISO 639-1 language code (two lowercase letters, e.g. en, fr, ar)"]),
    ("map:\n  colours: {}\n", [f"{S}:6:3: LP201 unknown field 'colours'; known: audiences, duration, format, "
                               "languages, level, mode, provider, topics"]),
    ("pages: [javascript:alert(1)]\n",
     [f"{S}:5:9: LP302 'pages' must start with http:// or https://, found 'javascript:alert(1)'"]),
])
def test_source_files_are_checked(tmp_path: Path, extra: str, expected: list[str]) -> None:
    """A harvest source is checked like every catalogue file: the problem at its file:line:column."""
    text = textwrap.dedent(SOURCE)
    if extra.startswith("kind:"):
        text = text.replace("kind: schema.org\n", extra)
    else:
        text += extra
    write_catalogue(tmp_path, {"sources/bad.yml": text})
    catalogue, problems = check_catalogue(tmp_path)
    assert catalogue is None
    assert [str(p) for p in problems if p.severity == "error"] == expected


def test_the_example_source_is_valid_and_disabled() -> None:
    """The repository's example source documents the file and is never harvested."""
    from conftest import ROOT

    sources = load_catalogue(ROOT).sources
    assert sources and all(not source.enabled for source in sources.values())


def test_the_command_line_lists_the_enabled_sources(tmp_path: Path) -> None:
    """`python -m learning_catalog harvest --list` (what the workflow loops over): enabled sources only."""
    import subprocess
    import sys

    from conftest import ROOT

    root = write_catalogue(tmp_path)
    one_source(root, "https://partner.example/sitemap.xml")
    source_file(root, "later", "title: Later\nurl: https://partner.example/feed\nkind: feed\nprovider: uclg\n"
                "enabled: false\n")
    result = subprocess.run([sys.executable, "-m", "learning_catalog", "harvest", "--list", "--root", str(root)],
                            capture_output=True, text=True, env={"PYTHONPATH": str(ROOT / "hooks")}, check=False)
    assert (result.returncode, result.stdout) == (0, "partner\n")


def test_reading_markup_fetches_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Extraction (JSON-LD contexts, RDFa vocabularies and profiles) never goes to the network on its own."""
    from learning_catalog.harvest.fetch import Body
    from learning_catalog.harvest.readers.schemaorg import _page

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"a network connection was attempted: {args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    html = page("x", '{"@context": "https://schema.org/docs/jsonldcontext.json", "@type": "Course", "name": "A"}',
                head='<link rel="profile" href="http://www.w3.org/1999/xhtml/vocab">').replace(
        "<body>", '<body prefix="dc: http://purl.org/dc/terms/"><div vocab="https://unknown.example/vocab#" '
        'typeof="Thing"><span property="label">x</span></div><div vocab="https://schema.org/" typeof="Book">'
        '<span property="name">B</span></div>')
    found = _page(Body(url="https://partner.example/p", status=200, content_type="text/html", charset=None,
                       data=html.encode()))
    assert (sorted(node["name"] for node in found["nodes"]), found["errors"]) == (["A", "B"], [])
