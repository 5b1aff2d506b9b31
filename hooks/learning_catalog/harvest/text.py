"""Upstream text made catalogue text: HTML turned to plain text, entities decoded once, whitespace tidied.

Partners' titles and descriptions arrive as HTML, with entities, sometimes escaped twice, with control
characters and in any Unicode form. One normalisation applies to every source: tags become line breaks
or nothing (``script`` and ``style`` lose their content), entities are decoded once, Unicode is NFC,
control characters go, and runs of spaces become one. Text bound for a Markdown field is escaped so that
it shows as written (no link, no emphasis, no raw HTML).
"""

from __future__ import annotations

import re
import unicodedata
from html.parser import HTMLParser

_BLOCKS = frozenset({"p", "div", "section", "article", "header", "footer", "blockquote", "pre", "table", "tr",
                     "ul", "ol", "dl", "h1", "h2", "h3", "h4", "h5", "h6", "figure", "figcaption", "hr", "main"})
_SKIPPED = frozenset({"script", "style", "template", "noscript", "head", "title", "iframe", "object", "svg"})
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\u2028\u2029\ufeff]")
_TAG_LIKE = re.compile(r"<[A-Za-z!/?]|&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});")
_MARKDOWN = re.compile(r"([\\`*_\[\]{}#|~])")


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self.skipping += 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag == "li":
            self.parts.append("\n- ")
        elif tag in _BLOCKS:
            self.parts.append("\n\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.parts.append("\n")
        elif tag in _BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCKS or tag == "li":
            self.parts.append("\n\n" if tag in _BLOCKS else "")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def plain_text(value: str, *, one_line: bool = False) -> str:
    """``value`` (which may be HTML) as plain text: paragraphs apart by one blank line, or on one line."""
    if _TAG_LIKE.search(value):
        parser = _Text()
        parser.feed(value)
        parser.close()
        value = "".join(parser.parts)
    value = _CONTROL.sub(" ", unicodedata.normalize("NFC", value)).replace("\r\n", "\n").replace("\r", "\n")
    if one_line:
        return " ".join(value.split())
    lines = [" ".join(line.split()) for line in value.split("\n")]
    text = "\n".join(lines)
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    return text.replace("\n- \n", "\n")


def shorten(text: str, limit: int) -> str:
    """``text`` on one line, cut at a word boundary with an ellipsis if it is longer than ``limit`` characters."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2:]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:.-") + "…"


def markdown_text(text: str) -> str:
    """Plain text for a Markdown field: shown as written, never as a link, emphasis or HTML."""
    escaped = _MARKDOWN.sub(r"\\\1", text).replace("<", "&lt;").replace(">", "&gt;").replace("\\](", "\\]\\(")
    # A line that starts like a list item or a heading stays a paragraph line.
    return re.sub(r"^(\s*)(\d+)([.)])", r"\1\2\\\3", escaped, flags=re.MULTILINE)
