"""Fixture partner sites for the harvest tests, served on 127.0.0.1 by pytest-httpserver.

A `Site` is a dict of path -> (body, content type) behind one catch-all handler that answers conditional
requests (ETag) as a real server does, so that tests can change a page between two harvests. The markup
is modelled on what partners publish: Yoast-style JSON-LD ``@graph`` blocks, microdata course cards,
WordPress RSS, Atom, the spreadsheet import's CSV and this project's own ``catalog.json``.
"""

from __future__ import annotations

import hashlib
import re
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

ROBOTS = "User-agent: *\nDisallow: /private/\n"


class Site(dict):
    """path (with its query) -> (body, content type); every request is logged."""

    def __init__(self, server: HTTPServer) -> None:
        super().__init__()
        self.server = server
        self.log: list[tuple[str, int]] = []
        self["/robots.txt"] = (ROBOTS, "text/plain")
        server.expect_request(re.compile(".*")).respond_with_handler(self._answer)

    def url(self, path: str) -> str:
        return self.server.url_for(path)

    def _answer(self, request: Request) -> Response:
        key = request.full_path.rstrip("?") if request.query_string else request.path
        found = self.get(key)
        if found is None:
            self.log.append((key, 404))
            return Response("not found", status=404)
        body, content_type = found
        if callable(body):
            response = body(request)
            self.log.append((key, response.status_code))
            return response
        data = body if isinstance(body, bytes) else body.encode("utf-8")
        etag = '"' + hashlib.sha1(data).hexdigest()[:16] + '"'
        if request.headers.get("If-None-Match") == etag:
            self.log.append((key, 304))
            return Response(status=304, headers={"ETag": etag})
        self.log.append((key, 200))
        return Response(data, status=200, headers={"ETag": etag, "Content-Type": content_type})


def page(title: str, *blocks: str, charset: str = "utf-8", head: str = "") -> str:
    """An HTML page with JSON-LD blocks in its head (and anything else)."""
    scripts = "".join(f'<script type="application/ld+json">{block}</script>\n' for block in blocks)
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="{charset}"><title>{title}</title>{head}'
            f"{scripts}</head><body><h1>{title}</h1></body></html>")


def sitemap(*urls: str) -> str:
    entries = "".join(f"<url><loc>{url}</loc><lastmod>2026-10-01</lastmod></url>" for url in urls)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>')


def course_jsonld(base: str, slug: str, name: str, *, keywords: str = "Urban planning, SDG 11",
                  description: str = "A course on planning compact, connected cities.", mode: str = "online") -> str:
    """A Yoast-style @graph: WebSite, WebPage, Organization and the Course with its instance."""
    return textwrap.dedent(f"""\
        {{"@context": "https://schema.org", "@graph": [
          {{"@type": "WebSite", "@id": "{base}/#website", "name": "Partner Academy"}},
          {{"@type": "Organization", "@id": "{base}/#org", "name": "United Cities and Local Governments"}},
          {{"@type": "WebPage", "@id": "{base}/courses/{slug}/", "name": "{name} - Partner Academy",
            "isPartOf": {{"@id": "{base}/#website"}}, "mainEntity": {{"@id": "{base}/courses/{slug}/#course"}}}},
          {{"@type": "Course", "@id": "{base}/courses/{slug}/#course", "name": "{name}",
            "description": "{description}", "url": "{base}/courses/{slug}/",
            "provider": {{"@id": "{base}/#org"}}, "inLanguage": "en-GB", "keywords": "{keywords}",
            "audience": {{"@type": "Audience", "audienceType": "Local governments"}},
            "timeRequired": "PT3H", "isAccessibleForFree": true, "datePublished": "2024-03-01T09:00:00+00:00",
            "hasCourseInstance": {{"@type": "CourseInstance", "courseMode": "{mode}",
              "instructor": {{"@type": "Person", "name": "Ana Falú"}}}}}}
        ]}}""")


MICRODATA_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Land course</title></head><body>
<article itemscope itemtype="https://schema.org/Course">
  <h1 itemprop="name">Land &amp; property rights</h1>
  <div itemprop="description"><p>How cities secure <b>tenure</b> for everyone.</p></div>
  <a itemprop="url" href="/courses/land/">Open</a>
  <meta itemprop="inLanguage" content="fr">
  <span itemprop="keywords">Urban planning</span>
  <div itemprop="provider" itemscope itemtype="https://schema.org/Organization">
    <span itemprop="name">United Cities and Local Governments</span></div>
  <div itemprop="audience" itemscope itemtype="https://schema.org/Audience">
    <span itemprop="audienceType">National governments</span></div>
</article></body></html>"""


RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Partner news</title><link>{base}/</link><language>en-US</language>
<item><title>Urban resilience &amp;amp; climate: a webinar</title><link>/events/resilience/</link>
  <guid isPermaLink="false">{base}/?p=101</guid>
  <description><![CDATA[<p>A <strong>webinar</strong> on <a href="{base}/x">climate</a> action.</p><script>alert(1)</script>]]></description>
  <category>Climate change</category><category>Events</category>
  <pubDate>Tue, 03 Sep 2024 10:00:00 +0000</pubDate><dc:creator>Partner Team</dc:creator></item>
<item><title>Click me</title><link>javascript:alert(document.cookie)</link><guid>{base}/?p=102</guid>
  <description>Hostile link.</description><category>Climate change</category></item>
<item><title>Planning basics</title><link>{base}/events/planning/</link><guid>{base}/?p=103</guid>
  <description>Planning for everyone.</description><category>Urban planning</category>
  <pubDate>Mon, 02 Sep 2024 10:00:00 +0000</pubDate></item>
</channel></rss>"""


ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="es">
  <title>Partner library</title><id>urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af6</id>
  <updated>2024-06-01T12:00:00Z</updated>
  <entry><title>Guía de espacio público</title><id>urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a</id>
    <link rel="alternate" href="{base}/library/public-space"/>
    <published>2024-05-01T12:00:00Z</published><updated>2024-06-01T12:00:00Z</updated>
    <summary type="html">&lt;p&gt;Cómo diseñar espacios públicos &lt;em&gt;seguros&lt;/em&gt;.&lt;/p&gt;</summary>
    <category term="Urban planning"/><author><name>María López</name></author></entry>
</feed>"""


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>&lol9;</title>
<item><title>&lol9;</title><link>http://example.org/a</link></item></channel></rss>"""


def stream_of(total: int) -> Any:
    """A handler streaming ``total`` bytes of HTML lazily (never built in memory)."""
    def handler(request: Request) -> Response:
        def chunks() -> Iterator[bytes]:
            block = b"<p>" + b"x" * 65_530 + b"</p>"
            sent = 0
            while sent < total:
                yield block
                sent += len(block)
        return Response(chunks(), status=200, headers={"Content-Type": "text/html"})
    return handler


def source_file(root: Path, source_id: str, text: str) -> None:
    path = root / "catalog" / "sources" / f"{source_id}.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("# yaml-language-server: $schema=../../docs/schema/harvest-source.json\n" + textwrap.dedent(text),
                    encoding="utf-8")
