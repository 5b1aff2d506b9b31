"""Reading YAML from untrusted pull requests, keeping the place of every value.

PyYAML is used only to parse text into a node tree (``compose``); values are built
here, from that tree, so that

* no tag can construct an object (only strings, numbers, booleans, null, lists and
  mappings are accepted; ``!!python/...`` and custom tags are errors);
* a key written twice in one mapping is an error (PyYAML silently keeps the last one);
* aliases are followed under a budget, so an entity-expansion ("billion laughs")
  document or a recursive alias fails fast instead of eating memory;
* the node tree is composed here too, from the parser's events, without recursion: values nested
  deeper than the budget are refused before anything recursive runs (PyYAML's own composer recurses
  once per level, and libyaml's crashes the process on 30,000 nested ``[``);
* dates stay as the text the contributor wrote (``2020-07`` and ``2020-07-07`` alike);
* what YAML 1.1 reads differently from how it looks (``1:20`` as 80, ``011`` as 9, ``no`` as false) is
  an error that says how to write it; every string is checked for characters text may not hold
  (``text.forbidden_character``);
* every value and every key keeps its line and column for error messages.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

import yaml
from yaml.events import (AliasEvent, CollectionStartEvent, DocumentEndEvent, MappingEndEvent, MappingStartEvent,
                         ScalarEvent, SequenceEndEvent, SequenceStartEvent, StreamEndEvent)
from yaml.nodes import CollectionNode, MappingNode, Node, ScalarNode, SequenceNode

from .problems import Collector, Position
from .text import character_name, forbidden_character, shorten

MAX_FILE_BYTES = 1_000_000
MAX_NODES = 10_000
MAX_DEPTH = 40
SAFE_FOR_C_COMPOSER = 1_000
"""libyaml's composer recurses once per level of nesting (and crashed at 30,000 levels): below this many
indicator characters a text cannot nest that deep (the builder then applies MAX_DEPTH)."""
MAX_NUMBER_DIGITS = 30
"""No field takes a longer number (and Python reads at most 4,300 digits)."""

Path = tuple[str | int, ...]

# libyaml's parser (C) when PyYAML has it: about ten times faster than the pure Python one on large catalogues.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_TAG + name for name in ("str", "int", "float", "bool", "null", "timestamp")}


class Invalid:
    """Marks a value that could not be read; validators skip it without a second error."""

    def __repr__(self) -> str:
        return "INVALID"


INVALID = Invalid()


@dataclasses.dataclass(kw_only=True)
class Document:
    """A parsed YAML file: its value and where each part of it was written."""

    value: Any
    positions: dict[Path, Position]
    key_positions: dict[Path, Position]

    def at(self, path: Path) -> Position:
        """Where the value at ``path`` starts (or its closest written ancestor)."""
        while path not in self.positions and path:
            path = path[:-1]
        return self.positions.get(path, Position())

    def key_at(self, path: Path) -> Position:
        """Where the key of the value at ``path`` is written."""
        return self.key_positions.get(path) or self.at(path)


def position_of(mark: yaml.Mark | None) -> Position:
    """Convert a 0-based PyYAML mark to a 1-based position."""
    if mark is None:
        return Position()
    return Position(line=mark.line + 1, column=mark.column + 1)


def decode(data: bytes, collector: Collector) -> str | None:
    """Decode UTF-8 (with or without a byte-order mark); report the first bad byte."""
    if len(data) > MAX_FILE_BYTES:
        collector.error(
            Position(),
            "LP105",
            f"file is {len(data):,} bytes; the limit is {MAX_FILE_BYTES:,}",
        )
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        collector.error(
            Position(line=line, column=column),
            "LP101",
            f"file is not UTF-8 text (byte 0x{data[exc.start]:02x}); save it as UTF-8",
        )
        return None


def parse(text: str, collector: Collector) -> Document | None:
    """Parse ``text`` safely; report problems to ``collector`` and return None if unusable."""
    loader = _Loader(text)
    try:
        # Every collection opens with one of these characters: with fewer of them than the C composer can
        # recurse through safely, it does the work (faster); otherwise `_compose`, which refuses depth early.
        shallow = sum(map(text.count, "[{-?:")) < SAFE_FOR_C_COMPOSER
        root = loader.get_single_node() if shallow and _Loader is not yaml.SafeLoader else _compose(loader)
    except yaml.MarkedYAMLError as exc:
        position, message = syntax_error(exc, text)
        collector.error(position, "LP102", f"YAML syntax error: {message}")
        return None
    except yaml.reader.ReaderError as exc:
        before = text[: exc.position]
        position = Position(line=before.count("\n") + 1, column=len(before) - (before.rfind("\n") + 1) + 1)
        collector.error(position, "LP102", f"YAML syntax error: character #x{exc.character:04x} is not allowed")
        return None
    except _Overflow as exc:
        collector.error(exc.position, "LP105", exc.message)
        return None
    except yaml.YAMLError as exc:  # pragma: no cover - every PyYAML error above carries a mark
        collector.error(Position(), "LP102", f"YAML syntax error: {exc}")
        return None
    finally:
        loader.dispose()
    builder = _Builder(collector)
    if root is None:
        return Document(value=None, positions={(): Position()}, key_positions={})
    try:
        value = builder.build(root, (), 0, frozenset())
    except _Overflow as exc:
        collector.error(exc.position, "LP105", exc.message)
        return None
    return Document(value=value, positions=builder.positions, key_positions=builder.key_positions)


def _compose(loader: Any) -> Node | None:
    """The document's node tree, composed from the parser's events without recursion.

    It does what PyYAML's composer does (tags resolved, anchors remembered, one document only), but
    refuses a collection nested more than MAX_DEPTH levels deep as soon as it opens.
    """
    loader.get_event()  # the stream starts
    if loader.check_event(StreamEndEvent):
        return None
    document = loader.get_event()
    anchors: dict[str, Node] = {}
    open_nodes: list[CollectionNode] = []
    keys: list[Node | None] = []
    root: Node | None = None
    while not loader.check_event(DocumentEndEvent):
        event = loader.get_event()
        if isinstance(event, SequenceEndEvent | MappingEndEvent):
            node = open_nodes.pop()
            keys.pop()
            node.end_mark = event.end_mark
            if not open_nodes:
                root = node
            continue
        if isinstance(event, AliasEvent):
            if event.anchor not in anchors:
                raise yaml.composer.ComposerError(None, None, f"found undefined alias '{event.anchor}'",
                                                  event.start_mark)
            node = anchors[event.anchor]
        else:
            node = _node(loader, event, len(open_nodes))
            if event.anchor is not None:
                if event.anchor in anchors:
                    raise yaml.composer.ComposerError(
                        "found duplicate anchor; first occurrence", anchors[event.anchor].start_mark,
                        "second occurrence", event.start_mark)
                anchors[event.anchor] = node
        _attach(node, open_nodes, keys)
        if isinstance(event, CollectionStartEvent):
            open_nodes.append(node)
            keys.append(None)
        elif not open_nodes:
            root = node
    loader.get_event()  # the document ends
    if not loader.check_event(StreamEndEvent):
        event = loader.get_event()
        raise yaml.composer.ComposerError("expected a single document in the stream", document.start_mark,
                                          "but found another document", event.start_mark)
    return root


def _node(loader: Any, event: Any, depth: int) -> Node:
    """The node an event opens or is."""
    tag = event.tag
    if depth > MAX_DEPTH:
        raise _Overflow(position_of(event.start_mark), f"values are nested more than {MAX_DEPTH} levels deep")
    if isinstance(event, ScalarEvent):
        if tag is None or tag == "!":
            tag = loader.resolve(ScalarNode, event.value, event.implicit)
        return ScalarNode(tag, event.value, event.start_mark, event.end_mark, style=event.style)
    kind = SequenceNode if isinstance(event, SequenceStartEvent) else MappingNode
    assert isinstance(event, SequenceStartEvent | MappingStartEvent)
    if tag is None or tag == "!":
        tag = loader.resolve(kind, None, event.implicit)
    return kind(tag, [], event.start_mark, None, flow_style=event.flow_style)


def _attach(node: Node, open_nodes: list[CollectionNode], keys: list[Node | None]) -> None:
    """Put ``node`` in the collection being composed: an item of a list, or a key or value of a mapping."""
    if not open_nodes:
        return
    parent = open_nodes[-1]
    if isinstance(parent, SequenceNode):
        parent.value.append(node)
    elif keys[-1] is None:
        keys[-1] = node
    else:
        parent.value.append((keys[-1], node))
        keys[-1] = None


_OPENED = {
    "while parsing a flow sequence": "the list opened here ('[' at {where}) is not closed: expected ',' or ']' at {noticed}",
    "while parsing a flow mapping": "the mapping opened here ('{{' at {where}) is not closed: expected ',' or '}}' at {noticed}",
    "while scanning a quoted scalar": "the quoted text opened here ({char} at {where}) is not closed: the file ends at {noticed}",
}
_NOUNS = {"while parsing a block mapping": "the mapping", "while parsing a block collection": "the list",
          "while parsing a flow node": "the value", "while parsing a block node": "the value",
          "while scanning a tag": "the tag", "while scanning an anchor": "the anchor",
          "while scanning an alias": "the alias", "while scanning a simple key": "the key",
          "while scanning a block scalar": "the block of text", "while parsing a quoted scalar": "the quoted text",
          "while scanning a quoted scalar": "the quoted text", "while parsing a flow sequence": "the list",
          "while parsing a flow mapping": "the mapping"}


def _place(mark: yaml.Mark) -> str:
    return f"line {mark.line + 1}, column {mark.column + 1}"


def syntax_error(exc: yaml.MarkedYAMLError, text: str) -> tuple[Position, str]:
    """Where a YAML syntax error is and what it is: a construct left open is reported where it opens, with
    where the parser noticed; other errors where they are, with the construct they are in."""
    context, problem = exc.context or "", exc.problem or "cannot be read"
    opened, noticed = exc.context_mark, exc.problem_mark
    if opened is None or noticed is None:
        return position_of(noticed or opened), problem
    if context == "found duplicate anchor; first occurrence":
        return position_of(noticed), f"an anchor is defined twice (first at {_place(opened)})"
    if context == "expected a single document in the stream":
        return position_of(noticed), "the file holds a second YAML document ('---'); keep one"
    template = _OPENED.get(context)
    if template and (context != "while scanning a quoted scalar" or problem == "found unexpected end of stream"):
        lines = text.splitlines() or [""]
        line = lines[opened.line] if opened.line < len(lines) else ""
        char = repr(line[opened.column]) if opened.column < len(line) else "'\"'"
        return position_of(opened), template.format(where=_place(opened), noticed=_place(noticed), char=char)
    if (opened.line, opened.column) == (noticed.line, noticed.column) or context not in _NOUNS:
        return position_of(noticed), problem
    return position_of(noticed), f"{problem} (in {_NOUNS[context]} that starts at {_place(opened)})"


class _Overflow(Exception):
    def __init__(self, position: Position, message: str) -> None:
        super().__init__(message)
        self.position = position
        self.message = message


class _Builder:
    """Builds Python values from a node tree under a node and depth budget."""

    def __init__(self, collector: Collector) -> None:
        self.collector = collector
        self.constructor = yaml.constructor.SafeConstructor()
        self.nodes = 0
        self.positions: dict[Path, Position] = {}
        self.key_positions: dict[Path, Position] = {}
        self.reported: set[int] = set()

    def build(self, node: Node, path: Path, depth: int, stack: frozenset[int]) -> Any:
        position = position_of(node.start_mark)
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _Overflow(
                position,
                f"the file expands to more than {MAX_NODES:,} values (are aliases repeating data?)",
            )
        if id(node) in stack:
            raise _Overflow(position, "an alias refers to a value that holds it; a value cannot hold itself")
        if depth > MAX_DEPTH:
            raise _Overflow(position, f"values are nested more than {MAX_DEPTH} levels deep")
        self.positions[path] = position
        if isinstance(node, ScalarNode):
            return self._scalar(node, position, path)
        if node.tag not in (_TAG + "seq", _TAG + "map"):
            return self._bad_tag(node, position)
        stack = stack | {id(node)}
        if isinstance(node, SequenceNode):
            return [self.build(item, (*path, index), depth + 1, stack) for index, item in enumerate(node.value)]
        assert isinstance(node, MappingNode)
        return self._mapping(node, path, depth, stack)

    def _bad_tag(self, node: Node, position: Position) -> Invalid:
        tag = node.tag.replace(_TAG, "!!")
        self.collector.error(position, "LP104", f"YAML tag '{tag}' is not allowed; write plain values")
        return INVALID

    def _scalar(self, node: ScalarNode, position: Position, path: Path) -> Any:
        if node.tag not in _SCALAR_TAGS:
            return self._bad_tag(node, position)
        if not node.style and (found := misread(node.tag, node.value)):
            return self._error_once(node, position, *found)
        if node.tag == _TAG + "str" and forbidden_character(node.value):
            return self._error_once(node, position, "LP315", text_problem(node.value, name_of(path)) or "")
        if node.tag == _TAG + "timestamp":
            return node.value
        try:
            return self.constructor.construct_object(node, deep=True)
        except (yaml.constructor.ConstructorError, ValueError) as exc:
            return self._error_once(node, position, "LP102", f"YAML value cannot be read: {exc}")

    def _error_once(self, node: Node, position: Position, code: str, message: str) -> Invalid:
        """Report a problem of a node once, however many aliases repeat it."""
        if id(node) not in self.reported:
            self.reported.add(id(node))
            self.collector.error(position, code, message)
        return INVALID

    def _mapping(self, node: MappingNode, path: Path, depth: int, stack: frozenset[int]) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        first_seen: dict[Any, Position] = {}
        for key_node, value_node in node.value:
            key_position = position_of(key_node.start_mark)
            if key_node.tag == _TAG + "merge":
                self.collector.error(key_position, "LP104", "YAML merge keys ('<<') are not allowed; write each field out")
                continue
            if not isinstance(key_node, ScalarNode) or key_node.tag not in _SCALAR_TAGS:
                self.collector.error(key_position, "LP104", "a key must be a plain word")
                continue
            key = key_node.value
            if forbidden_character(key) and (problem := text_problem(key, "a key", quoted=False)):
                self._error_once(key_node, key_position, "LP315", problem)
                continue
            if key in first_seen:
                self.collector.error(
                    key_position,
                    "LP103",
                    f"duplicate key '{key}' (first written at line {first_seen[key].line}); "
                    "keep one and delete the other",
                )
                continue
            first_seen[key] = key_position
            self.key_positions[(*path, key)] = key_position
            result[key] = self.build(value_node, (*path, key), depth + 1, stack)
        return result


def name_of(path: Path) -> str:
    """How a message names the value at ``path``: ``title.fr``, ``people.name``."""
    return ".".join(shorten(part, 40) for part in path if isinstance(part, str)) or "the value"


def text_problem(text: str, name: str, *, title: bool = False, quoted: bool = True) -> str | None:
    """Why ``text`` may not be catalogue text (see ``text.forbidden_character``), or None."""
    found = forbidden_character(text, title=title)
    if found is None:
        return None
    index, char, why = found
    subject = f"'{name}'" if quoted else name
    return f"{subject} contains {character_name(char)} at character {index + 1}: {why}"


_BOOLEANS = {"true", "True", "TRUE", "false", "False", "FALSE"}
_DECIMAL = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_NUMBER_KINDS = ((re.compile(r"[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?"), " (base 60)"),
                 (re.compile(r"[-+]?0b[01_]+"), " (binary)"), (re.compile(r"[-+]?0x[0-9a-fA-F_]+"), " (hexadecimal)"),
                 (re.compile(r"[-+]?0[0-7_]+"), " (octal)"))


def misread(tag: str, text: str) -> tuple[str, str] | None:
    """A plain scalar that YAML 1.1 (PyYAML) reads otherwise than it looks, or than YAML 1.2 and most other
    tools read it: ``(code, message)``, or None."""
    if tag == _TAG + "bool" and text not in _BOOLEANS:
        value = "true" if text.lower() in ("yes", "on") else "false"
        return "LP110", f"'{text}' is read by YAML as {value}; put it in quotes ('{text}') if it is text, or write {value}"
    if tag not in (_TAG + "int", _TAG + "float"):
        return None
    if len(text) > MAX_NUMBER_DIGITS:
        return "LP105", (f"a number of {len(text):,} characters is too long to read (the limit is {MAX_NUMBER_DIGITS}); "
                         "put it in quotes if it is text")
    if (tag == _TAG + "int" and _DECIMAL.fullmatch(text)) or (tag == _TAG + "float" and not re.search("[_:]", text)):
        return None
    number = yaml.safe_load(text)
    kind = next((name for pattern, name in _NUMBER_KINDS if pattern.fullmatch(text)), "")
    return "LP110", (f"'{text}' is read by YAML as the number {number}{kind}; put it in quotes ('{text}') if it "
                     f"is text, or write {number}")
