"""Fetching from partners' sites: polite, bounded, and safe with a hostile server.

Every request goes through `Fetcher.fetch`, which

* accepts only ``http`` and ``https`` addresses, and connects only to public addresses (each address a host
  name resolves to is checked when the connection is made, so a redirect or a DNS answer cannot lead it to
  this machine or its private network; tests allow 127.0.0.1 with ``allow_loopback``);
* honours ``robots.txt`` (RFC 9309, with Python's ``urllib.robotparser``) and its ``Crawl-delay``, names
  the project in its User-Agent and waits ``delay`` seconds between two requests to the same host;
* stops waiting after ``timeout`` seconds without news, and reading after ``max_seconds``; stops reading a
  response larger than ``max_bytes`` (also after gzip decompression: a compressed bomb is cut short),
  follows at most ``max_redirects`` redirects, and counts requests against the source's page budget;
* asks conditionally (``If-None-Match``, ``If-Modified-Since``) for what it has in its cache (a file per source
  in a folder that persists between weekly runs): a ``304 Not Modified`` answer costs a few hundred bytes, and
  the cache gives back what was parsed from the document last time, so an unchanged page is neither downloaded
  nor parsed;
* keeps the connection to a host open for its next request (HTTP keep-alive).

Failures are `FetchError`\\s whose message is written for the harvest report.
"""

from __future__ import annotations

import dataclasses
import datetime
import http.client
import json
import os
import socket
import ssl
import time
import urllib.robotparser
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from ..contract.netaddress import refusal

USER_AGENT = "UrbanAgendaLearningPage-harvest/1.0 (UN-Habitat Urban Agenda Learning Page; partner catalogue harvest)"
"""Sent with every request; ``robots.txt`` rules for ``UrbanAgendaLearningPage`` (or ``*``) apply to it."""
MB = 1024 * 1024
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_CHUNK = 64 * 1024


class FetchError(Exception):
    """A request failed; the message says why, for the harvest report."""


class BudgetExhausted(FetchError):
    """The source's page budget (``max_pages``) is used up."""


class AddressRefused(FetchError):
    """The host resolves to an address the harvest does not connect to."""


@dataclasses.dataclass(frozen=True, kw_only=True)
class Limits:
    """How long, how much and how often the harvest may ask a server."""

    timeout: float = 20.0
    """Seconds to wait for a connection, and for each part of an answer."""
    max_seconds: float = 120.0
    """Seconds one whole answer may take to arrive."""
    max_bytes: int = 10 * MB
    """The largest answer read (after decompression); a larger one is cut short and refused."""
    max_redirects: int = 5
    delay: float = 1.0
    """Seconds between two requests to the same host (more if its robots.txt asks for it)."""
    allow_loopback: bool = False
    """Connect to 127.0.0.1 and ::1: for tests that serve fixture sites locally, never in production."""


@dataclasses.dataclass
class Budget:
    """The requests a source may still make in this run (its ``max_pages``)."""

    remaining: int
    limit: int

    def take(self) -> None:
        """Count one request, or raise `BudgetExhausted`."""
        if self.remaining <= 0:
            raise BudgetExhausted(f"not read: the source's page budget (max_pages: {self.limit}) is used up")
        self.remaining -= 1


@dataclasses.dataclass
class Stats:
    """What a run asked for and received."""

    requests: int = 0
    not_modified: int = 0
    bytes: int = 0
    """Bytes received: status lines, headers and bodies as they came over the wire."""


@dataclasses.dataclass(frozen=True)
class Body:
    """A complete answer to a GET request."""

    url: str
    """Where the answer came from, after redirects."""
    status: int
    content_type: str
    """The media type, lowercase, without parameters (``text/html``)."""
    charset: str | None
    data: bytes


class Cache:
    """Validators (ETag, Last-Modified) and parsed results of earlier requests: one JSON file per source.

    Without a file it lives in memory for one run. `save` writes it once, at the end of the source's run, without
    the entries unused for ``MAX_AGE_DAYS``.
    """

    MAX_AGE_DAYS = 90

    def __init__(self, path: Path | None, today: datetime.date | None = None) -> None:
        self.path = path
        self.today = (today or datetime.date.today()).isoformat()
        self.entries: dict[str, dict[str, Any]] = {}
        self.dirty = False
        if path is not None:
            try:
                loaded = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                loaded = {}
            if isinstance(loaded, dict):
                self.entries = {url: entry for url, entry in loaded.items() if isinstance(entry, dict)}

    def get(self, url: str) -> dict[str, Any] | None:
        """The entry of ``url``, or None."""
        return self.entries.get(url)

    def put(self, url: str, entry: dict[str, Any]) -> None:
        """Store the entry of ``url``."""
        self.entries[url] = {**entry, "used": self.today}
        self.dirty = True

    def touch(self, url: str, entry: dict[str, Any]) -> None:
        """Mark an entry as used today."""
        if entry.get("used") != self.today:
            entry["used"] = self.today
            self.dirty = True

    def save(self) -> None:
        """Write the cache (to a temporary file, then renamed), if anything changed."""
        if self.path is None or not self.dirty:
            return
        oldest = (datetime.date.fromisoformat(self.today) - datetime.timedelta(days=self.MAX_AGE_DAYS)).isoformat()
        kept = {url: entry for url, entry in self.entries.items() if entry.get("used", "") >= oldest}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps(kept, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        temporary.replace(self.path)
        self.dirty = False


Parse = Callable[[Body], Any]
"""Turns an answer into JSON-compatible data (kept in the cache for the next conditional request)."""


class Fetcher:
    """The harvest's only way to the network (see the module's documentation)."""

    def __init__(self, limits: Limits | None = None, cache: Cache | None = None, *,
                 clock: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep) -> None:
        self.limits = limits or Limits()
        self.cache = cache or Cache(None)
        self.stats = Stats()
        self._clock = clock
        self._sleep = sleep
        self._last: dict[str, float] = {}
        self._robots: dict[str, urllib.robotparser.RobotFileParser] = {}
        self._ssl = ssl.create_default_context()
        self._pool: dict[tuple[str, str | None, int | None], http.client.HTTPConnection] = {}

    def close(self) -> None:
        """Close the connections kept open for further requests."""
        for connection in self._pool.values():
            connection.close()
        self._pool.clear()

    # -- the public operation ----------------------------------------------------------

    def fetch(self, url: str, parse: Parse, *, version: str, budget: Budget) -> Any:
        """Get ``url`` and return ``parse(answer)``, or what it returned last time if the server says nothing changed.

        Args:
            url: An http(s) address.
            parse: Turns the answer into JSON-compatible data; its exceptions propagate (nothing is cached).
            version: Names ``parse``'s output format: a cached result of another version is not reused.
            budget: The source's remaining requests.

        Raises:
            FetchError: The address is refused, the server fails or says no, or an answer breaks a limit.
        """
        self._check_address(url)
        self._allowed_by_robots(url, budget)
        entry = self.cache.get(url)
        usable = entry if entry and entry.get("version") == version and "data" in entry else None
        conditional = {}
        if usable and usable.get("etag"):
            conditional["If-None-Match"] = usable["etag"]
        if usable and usable.get("modified"):
            conditional["If-Modified-Since"] = usable["modified"]
        budget.take()
        body, validators = self._get(url, conditional)
        if body.status == 304 and usable:
            self.stats.not_modified += 1
            self.cache.touch(url, usable)
            return usable["data"]
        if body.status == 304:  # an answer to a question that was not asked
            raise FetchError("answered 304 Not Modified to an unconditional request")
        if not 200 <= body.status < 300:
            reason = http.client.responses.get(body.status, "")
            raise FetchError(f"answered {body.status} {reason}".rstrip())
        data = parse(body)
        if validators:
            self.cache.put(url, {"version": version, "data": data, **validators})
        return data

    # -- checks ------------------------------------------------------------------------

    @staticmethod
    def _check_address(url: str) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchError(f"'{url}' is not an http(s) address")

    def _allowed_by_robots(self, url: str, budget: Budget) -> None:
        parts = urlsplit(url)
        site = f"{parts.scheme}://{parts.netloc}"
        if site not in self._robots:
            self._robots[site] = self._read_robots(site, budget)
        if not self._robots[site].can_fetch(USER_AGENT, url):
            raise FetchError(f"robots.txt of {parts.netloc} does not allow the harvest to read {url}")

    def _read_robots(self, site: str, budget: Budget) -> urllib.robotparser.RobotFileParser:
        """The site's robots.txt rules (RFC 9309): none if it has none, everything refused if it fails."""
        robots = urllib.robotparser.RobotFileParser(f"{site}/robots.txt")
        url = f"{site}/robots.txt"
        entry = self.cache.get(url)
        try:
            budget.take()
            body, validators = self._get(url, {"If-None-Match": entry["etag"]} if entry and entry.get("etag") else {})
        except FetchError as error:
            if isinstance(error, BudgetExhausted | AddressRefused):
                raise
            raise FetchError(f"robots.txt of {urlsplit(site).netloc} could not be read ({error}); a site whose "
                             "robots.txt fails is not harvested") from None
        if body.status == 304 and entry:
            self.stats.not_modified += 1
            lines = entry["data"]
        elif body.status in (401, 403):
            robots.disallow_all = True
            return robots
        elif 400 <= body.status < 500:
            robots.allow_all = True
            return robots
        elif 200 <= body.status < 300:
            lines = body.data.decode("utf-8", "replace").splitlines()
            if validators:
                self.cache.put(url, {"version": "robots", "data": lines, **validators})
        else:
            raise FetchError(f"robots.txt of {urlsplit(site).netloc} answered {body.status}; a site whose robots.txt "
                             "fails is not harvested")
        robots.parse(lines)
        return robots

    # -- HTTP --------------------------------------------------------------------------

    def _get(self, url: str, conditional: dict[str, str]) -> tuple[Body, dict[str, str]]:
        """GET ``url``, following redirects; returns the last answer and its validators."""
        current = url
        for _ in range(self.limits.max_redirects + 1):
            parts = urlsplit(current)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise FetchError(f"redirected to '{current}', which is not an http(s) address")
            self._wait(parts.netloc)
            try:
                status, headers, data = self._request(parts, conditional)
            finally:
                self._last[parts.netloc] = self._clock()
            location = headers.get("location")
            if status in _REDIRECTS and location:
                current = urljoin(current, location.strip())
                continue
            media, _, params = headers.get("content-type", "").partition(";")
            charset = next((p.split("=", 1)[1].strip().strip('"\'') for p in params.split(";")
                            if p.strip().lower().startswith("charset=")), None)
            validators = {name: headers[header] for name, header in (("etag", "etag"), ("modified", "last-modified"))
                          if headers.get(header)}
            return Body(url=current, status=status, content_type=media.strip().lower(), charset=charset,
                        data=data), validators
        raise FetchError(f"more than {self.limits.max_redirects} redirects (a redirect loop?)")

    def _wait(self, host: str) -> None:
        robots = next((r for site, r in self._robots.items() if urlsplit(site).netloc == host), None)
        delay = max(self.limits.delay, float((robots.crawl_delay(USER_AGENT) if robots else None) or 0))
        if host in self._last:
            remaining = self._last[host] + delay - self._clock()
            if remaining > 0:
                self._sleep(remaining)

    def _connect(self, address: tuple[str, int], timeout: float, source_address: Any = None) -> socket.socket:
        """Open a connection to a public address of the host (every address it resolves to is checked)."""
        host, port = address
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except socket.gaierror as error:
            raise FetchError(f"{host} is not a known host ({error.strerror})") from None
        refused = []
        for family, kind, proto, _, sockaddr in infos:
            reason = refusal(sockaddr[0], allow_loopback=self.limits.allow_loopback)
            if reason:
                refused.append(f"{sockaddr[0]}, {reason}")
                continue
            sock = socket.socket(family, kind, proto)
            sock.settimeout(timeout)
            try:
                sock.connect(sockaddr)
            except OSError:
                sock.close()
                raise
            return sock
        raise AddressRefused(f"{host} resolves to {refused[0]}: the harvest connects to public addresses only")

    def _request(self, parts: Any, conditional: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        """One GET request: (status, headers with lowercase names, body read within the limits).

        The connection to a host is kept open for its next request (HTTP keep-alive: fewer connections for
        the partner, and much faster runs); a kept connection that the server has closed is replaced once.
        """
        key = (parts.scheme, parts.hostname, parts.port)
        for attempt in (1, 2):
            reused = key in self._pool
            connection = self._pool.pop(key, None) or self._open(parts)
            keep = False
            try:
                status, headers, data, keep = self._exchange(connection, parts, conditional)
                return status, headers, data
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                if reused and attempt == 1:
                    continue
                raise FetchError("the server closed the connection without answering") from None
            except FetchError:
                raise
            except TimeoutError:
                raise FetchError(f"no answer within {self.limits.timeout:g} s") from None
            except ssl.SSLError as error:
                raise FetchError(f"secure connection failed ({error.reason or error})") from None
            except ConnectionRefusedError:
                raise FetchError("the connection was refused") from None
            except (http.client.HTTPException, OSError) as error:
                raise FetchError(f"the connection failed ({error.__class__.__name__}: {error})".replace(": )", ")")) \
                    from None
            finally:
                if keep:
                    self._pool[key] = connection
                else:
                    connection.close()
        raise FetchError("the server closed the connection without answering")  # pragma: no cover

    def _open(self, parts: Any) -> http.client.HTTPConnection:
        if parts.scheme == "https":
            connection: http.client.HTTPConnection = http.client.HTTPSConnection(
                parts.hostname, parts.port, timeout=self.limits.timeout, context=self._ssl)
        else:
            connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=self.limits.timeout)
        connection._create_connection = self._connect  # type: ignore[attr-defined]
        return connection

    def _exchange(self, connection: http.client.HTTPConnection, parts: Any,
                  conditional: dict[str, str]) -> tuple[int, dict[str, str], bytes, bool]:
        """Send the request and read the answer; the last value says whether the connection can be kept."""
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        headers = {"User-Agent": USER_AGENT, "Accept-Encoding": "gzip",
                   "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", **conditional}
        started = self._clock()
        self.stats.requests += 1
        connection.request("GET", target, headers=headers)
        response = connection.getresponse()
        received = {name.lower(): value for name, value in response.getheaders()}
        self.stats.bytes += 16 + sum(len(name) + len(value) + 4 for name, value in response.getheaders())
        if response.status in _REDIRECTS or response.status == 304 or response.status >= 400:
            drained = response.read(_CHUNK)  # a short body is read to its end, so the connection can serve again
            self.stats.bytes += len(drained)
            return response.status, received, b"", response.isclosed() and not response.will_close
        data = self._read(response, received, started)
        return response.status, received, data, not response.will_close

    def _read(self, response: http.client.HTTPResponse, headers: dict[str, str], started: float) -> bytes:
        """The body, read in chunks: refused as soon as it breaks the size or time limit."""
        limits = self.limits
        too_large = FetchError(f"the answer is larger than {limits.max_bytes / MB:g} MB; stopped reading it")
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > limits.max_bytes and "gzip" not in headers.get("content-encoding", ""):
            raise too_large
        gzip = "gzip" in headers.get("content-encoding", "").lower()
        inflate = zlib.decompressobj(16 + zlib.MAX_WBITS) if gzip else None
        parts: list[bytes] = []
        size = wire = 0
        while chunk := response.read(_CHUNK):
            wire += len(chunk)
            self.stats.bytes += len(chunk)
            if inflate is not None:
                try:
                    chunk = inflate.decompress(chunk, limits.max_bytes - size + 1)
                except zlib.error:
                    raise FetchError("the answer says it is gzip-compressed but is not") from None
            size += len(chunk)
            if size > limits.max_bytes or wire > limits.max_bytes:
                raise too_large
            if self._clock() - started > limits.max_seconds:
                raise FetchError(f"the answer took more than {limits.max_seconds:g} s; stopped reading it")
            parts.append(chunk)
        return b"".join(parts)


def gunzip(data: bytes, limit: int) -> bytes:
    """Decompress a gzip file (a ``sitemap.xml.gz``), refusing more than ``limit`` bytes of output."""
    inflate = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = inflate.decompress(data, limit + 1)
    except zlib.error as error:
        raise FetchError(f"not a readable gzip file ({error})") from None
    if len(out) > limit:
        raise FetchError(f"the file is larger than {limit / MB:g} MB once decompressed; not read")
    return out


def decode(body: Body, declared: str | None = None) -> str:
    """The text of an answer: its declared charset, else UTF-8, else Windows-1252 (what browsers assume)."""
    for charset in (body.charset, declared, "utf-8"):
        if not charset:
            continue
        try:
            return body.data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            continue
    return body.data.decode("cp1252", "replace")
