"""The rendering helpers: sanitised descriptions, readable durations and dates, relative links."""

from __future__ import annotations

import pytest

from learning_catalog.site import formatting
from learning_catalog.contract.model import Duration
from learning_catalog.site.render import front_matter_string, markdown_to_html
from learning_catalog.contract.schema import duration_minutes


@pytest.mark.parametrize(("markdown", "html"), [
    ("**Bold** [ok](https://example.org)", '<p><strong>Bold</strong> <a href="https://example.org" rel="noopener noreferrer">ok</a></p>'),
    ("[x](javascript:alert(1))", "<p><a rel=\"noopener noreferrer\">x</a></p>"),
    ("<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"),
    ("![img](https://example.org/a.png)", "<p></p>"),
    ("# Title", "<h3>Title</h3>"),
])
def test_markdown_is_sanitised(markdown: str, html: str) -> None:
    """Descriptions keep simple Markdown; script, images and non-http links never survive."""
    assert markdown_to_html(markdown) == html


def test_front_matter_strings_are_escaped_and_quoted() -> None:
    """Front matter values are HTML-escaped (Material prints them raw) and valid YAML strings."""
    assert front_matter_string('a "b" <c>\n & d') == '"a &#34;b&#34; &lt;c&gt; &amp; d"'


@pytest.mark.parametrize(("iso", "text"), [
    ("PT15M", "15 min"), ("PT1H30M", "1 h 30 min"), ("PT90M", "1 h 30 min"), ("PT2H", "2 h"),
    ("P3D", "3 days"), ("P1D", "1 day"), ("P6W", "6 weeks"), ("P1W", "1 week"), ("PT30S", "0 min"),
])
def test_durations_read_naturally(iso: str, text: str) -> None:
    """ISO 8601 durations become '15 min', '1 h 30 min', '6 weeks'."""
    assert formatting.duration(Duration(iso=iso, minutes=duration_minutes(iso))) == text


@pytest.mark.parametrize("iso", ["P", "PT", "15M", "PT1.5H", "P1H", "PT15m"])
def test_invalid_durations(iso: str) -> None:
    """Malformed durations are rejected."""
    assert duration_minutes(iso) is None


@pytest.mark.parametrize(("value", "text"), [("2020", "2020"), ("2020-07", "July 2020"), ("2020-07-07", "7 July 2020")])
def test_dates_read_naturally(value: str, text: str) -> None:
    """Partial dates are written out in words."""
    assert formatting.date(value) == text


@pytest.mark.parametrize(("here", "there", "directory_urls", "link"), [
    ("products/a.md", "topics/x.md", True, "../../topics/x/"),
    ("products/a.md", "index.md", True, "../../"),
    ("index.md", "topics/x.md", True, "topics/x/"),
    ("topics/index.md", "topics/x.md", True, "x/"),
    ("topics/x.md", "topics/index.md", True, "../"),
    ("index.md", "index.md", True, "./"),
    ("products/a.md", "topics/x.md", False, "../topics/x.html"),
    ("products/a.md", "index.md", False, "../index.html"),
    ("topics/index.md", "topics/x.md", False, "x.html"),
])
def test_relative_links(here: str, there: str, directory_urls: bool, link: str) -> None:
    """Links between generated pages are relative, so the site works under any sub-path."""
    assert formatting.relative_url(here, there, directory_urls) == link


def test_indentation_is_stripped_but_not_inside_pre() -> None:
    """Pages lose their templates' indentation and the line breaks before blocks; preformatted text and scripts keep
    theirs, and a line break between inline elements or text stays (it shows as a space)."""
    html = ("<div>\n    <p>a\n     b</p>\n\n\n  <pre>\n  keep\n    this</pre>\n  <script>\n  var x;\n</script>\n"
            "<p>Made with\n<a>x</a>\n<a>y</a></p>\n<table>\n<tr>\n<td>1</td>\n</tr>\n</table>\n<pre>a\n</pre>\n")
    assert formatting.strip_indentation(html) == (
        "<div><p>a\nb</p>\n<pre>\n  keep\n    this</pre>\n<script>\n  var x;\n</script>\n"
        "<p>Made with\n<a>x</a>\n<a>y</a></p><table><tr><td>1</td></tr></table>\n<pre>a\n</pre>\n")


def test_arabic_records_hold_the_forms_learners_type() -> None:
    """Arabic catalogue text is also indexed without joined prefixes (و, ب, ال), as queries are searched."""
    from learning_catalog.site.search import arabic_variants

    assert arabic_variants("التخطيط الحضري والمناخ في المدن") == "تخطيط حضري المناخ مناخ مدن"
