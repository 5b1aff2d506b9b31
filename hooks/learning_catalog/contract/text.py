"""Which characters catalogue text may hold, how texts are compared, and how they are quoted in messages.

Every string of every catalogue file (values, keys, translations) must be text that a web page, a JSON
file, an XML feed and a CSV cell can all carry, that reads as it looks: no control characters, no
noncharacters, no invisible line separators and no direction overrides, which can make text read in
another order than it is written ("Trojan Source"). Titles also refuse zero-width characters that
would make two titles look the same and compare different; for the duplicate check, titles are compared
by `comparison_key`, which ignores every invisible character, letter case and Unicode compatibility forms.
"""

from __future__ import annotations

import re
import unicodedata

_DIRECTION_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
"""Embeddings, overrides and isolates: they reorder how text displays. (The marks LRM, RLM and ALM, which
right-to-left text needs next to numbers and punctuation, are allowed.)"""
_SEPARATORS = frozenset("\u2028\u2029")
_ZERO_WIDTH = frozenset("\u200b\u2060\u2061\u2062\u2063\u2064\ufeff\u180e\u115f\u1160\u3164\uffa0")
"""Zero-width and blank characters with no place in a title (zero-width joiners, which some scripts and
emoji need, are allowed)."""
_IGNORED_IN_COMPARISONS = frozenset("\u034f\u115f\u1160\u3164\uffa0")


_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}"
                                           for plane in range(17))
_CONTROLS = "\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff" + _NONCHARACTERS
_FORBIDDEN = re.compile(f"[{_CONTROLS}{''.join(_SEPARATORS)}{''.join(_DIRECTION_CONTROLS)}]")
_FORBIDDEN_IN_TITLES = re.compile(f"[{_CONTROLS}{''.join(_SEPARATORS)}{''.join(_DIRECTION_CONTROLS)}"
                                  f"{''.join(_ZERO_WIDTH)}]")


def character_name(char: str) -> str:
    """``U+202E (RIGHT-TO-LEFT OVERRIDE)``, or ``U+0007`` for a character without a name."""
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X}" + (f" ({name})" if name else "")


def forbidden_character(text: str, *, title: bool = False) -> tuple[int, str, str] | None:
    """The first character that ``text`` may not hold: (index, character, why), or None.

    Args:
        text: Any catalogue string.
        title: Also refuse zero-width and blank characters (titles and names of terms).
    """
    found = (_FORBIDDEN_IN_TITLES if title else _FORBIDDEN).search(text)
    if found is None:
        return None
    index, char = found.start(), found.group()
    if char in _SEPARATORS:
        return index, char, "an invisible line separator; write an ordinary line break"
    if char in _DIRECTION_CONTROLS:
        return index, char, ("an invisible direction control, which can make the text read in another order "
                             "than it is written; delete it (the text's own letters set its direction)")
    if char in _ZERO_WIDTH:
        return index, char, "an invisible character that makes the title look like another; delete it"
    return index, char, "an invisible control character that web pages and XML feeds cannot carry"


def comparison_key(text: str) -> str:
    """How two texts are compared for sameness: Unicode compatibility forms folded (NFKC), invisible
    characters (format characters, variation selectors, fillers) ignored, case folded, spaces collapsed."""
    folded = unicodedata.normalize("NFKC", text)
    kept = "".join(char for char in folded if not _ignored(char))
    return " ".join(kept.casefold().split())


def _ignored(char: str) -> bool:
    code = ord(char)
    return (unicodedata.category(char) == "Cf" or char in _IGNORED_IN_COMPARISONS
            or 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF)


QUOTE_LIMIT = 80
"""Longer values are shortened when a message quotes them."""


def shorten(text: str, limit: int = QUOTE_LIMIT) -> str:
    """``text``, or its start and ``…`` if it is longer than ``limit`` characters."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def visible(text: str) -> str:
    """``text`` with control, format and separator characters written as escapes (``\\n``, ``\\u202e``), so
    that a message shows them instead of obeying them (a new line, a reordering, a terminal command)."""
    if text.isprintable():
        return text
    return "".join(_escape(char) if unicodedata.category(char) in _HIDDEN else char for char in text)


_HIDDEN = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})


def _escape(char: str) -> str:
    return char.encode("unicode_escape").decode("ascii")


MARKDOWN_MARKS = "`*_[]"
"""Characters that start or end Markdown's inline markup (code, emphasis, links)."""
MAX_MARKS = 500
MAX_BACKTICKS = 3
MAX_NESTING = 8
MAX_BRACKETS = 16
_LIST_MARKER = re.compile(r"(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$)")


def markdown_problem(text: str) -> str | None:
    """Why ``text`` is Markdown that the site does not render (the renderer's time grows faster than the
    text with these), or None. Every check is one pass over the text.

    The limits: at most ``MAX_MARKS`` marks of inline markup, runs of at most ``MAX_BACKTICKS`` backticks,
    lists and quotes nested at most ``MAX_NESTING`` deep, brackets and parentheses left open at most
    ``MAX_BRACKETS`` deep."""
    marks = sum(text.count(mark) for mark in MARKDOWN_MARKS)
    if marks > MAX_MARKS:
        return f"has {marks:,} marks of Markdown markup (` * _ [ ]); the limit is {MAX_MARKS}: write more of it as plain text"
    run = max((len(found) for found in re.findall(r"`+", text)), default=0)
    if run > MAX_BACKTICKS:
        return f"has {run} backticks in a row; the limit is {MAX_BACKTICKS}"
    for number, line in enumerate(text.split("\n"), start=1):
        if (depth := _nesting(line)) > MAX_NESTING:
            return (f"nests lists, quotes or indented blocks {depth} levels deep (line {number} of the text); "
                    f"the limit is {MAX_NESTING}")
    for opening, closing, name in (("[", "]", "brackets"), ("(", ")", "parentheses")):
        if (depth := _open_depth(text, opening, closing)) > MAX_BRACKETS:
            return f"leaves {depth} {name} open inside one another; the limit is {MAX_BRACKETS}: close them"
    return None


def _nesting(line: str) -> int:
    """How deep a line of Markdown nests: its indentation (four columns a level), then each list marker
    or quote mark that starts it."""
    expanded = line.expandtabs(4)
    rest = expanded.lstrip(" ")
    depth = (len(expanded) - len(rest)) // 4
    while rest:
        if rest.startswith(">"):
            rest = rest[1:].lstrip(" ")
        elif match := _LIST_MARKER.match(rest):
            rest = rest[match.end():]
        else:
            break
        depth += 1
    return depth


def _open_depth(text: str, opening: str, closing: str) -> int:
    """The most ``opening`` characters open at once (a backslash escapes the next character)."""
    depth = deepest = 0
    escaped = False
    for char in text:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == opening:
            depth += 1
            deepest = max(deepest, depth)
        elif char == closing and depth:
            depth -= 1
    return deepest
