"""The rendering helpers: sanitised descriptions, readable durations and dates, relative links."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT

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


def test_the_theme_icons_are_drawn_from_the_theme_files(tmp_path: Path) -> None:
    """An empty placeholder icon of the overrides gets a rule that paints it through a mask of the theme's own file;
    a placeholder that is not one, names no theme icon or has another view box is an error that says so."""
    from learning_catalog.site.assets import icon_stylesheet

    theirs, ours = tmp_path / "theme/.icons/material", tmp_path / "overrides/.icons/material"
    theirs.mkdir(parents=True)
    ours.mkdir(parents=True)
    (theirs / "menu.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M3 6h18"/></svg>')
    (ours / "menu.svg").write_text('<svg viewBox="0 0 24 24" class="lpi-menu"></svg>')
    css = icon_stylesheet(ours.parent, theirs.parent)
    assert ".lpi-menu{--lpi:url(\"data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 24 24'%3E" in css
    assert 'svg[class^="lpi-"]{background-color:currentcolor;' in css and "forced-color-adjust:none" in css
    for name, placeholder, message in [
        ("menu", '<svg viewBox="0 0 12 12" class="lpi-menu"></svg>', "its view box is not the one of the theme's"),
        ("close", '<svg viewBox="0 0 24 24" class="lpi-close"></svg>', "the theme has no icon material/close.svg"),
        ("menu", '<svg viewBox="0 0 24 24" class="lpi-menu"><path/></svg>', "an icon placeholder is"),
    ]:
        (ours / f"{name}.svg").write_text(placeholder)
        with pytest.raises(ValueError, match=message):
            icon_stylesheet(ours.parent, theirs.parent)
        (ours / f"{name}.svg").write_text('<svg viewBox="0 0 24 24" class="lpi-menu"></svg>')
        if name != "menu":
            (ours / f"{name}.svg").unlink()


def test_the_site_icons_match_the_theme() -> None:
    """Every placeholder in docs/overrides/.icons/ names an icon of the installed Material, with its view box."""
    import material

    from learning_catalog.site.assets import icon_stylesheet

    css = icon_stylesheet(ROOT / "docs/overrides/.icons", Path(material.__file__).parent / "templates/.icons")
    assert css.count("--lpi:url(") == len(list((ROOT / "docs/overrides/.icons").rglob("*.svg"))) == 6
