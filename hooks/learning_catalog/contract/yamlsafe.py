"""Reading YAML from untrusted pull requests, keeping the place of every value.

PyYAML is used only to parse text into a node tree (``compose``); values are built
here, from that tree, so that

* no tag can construct an object (only strings, numbers, booleans, null, lists and
  mappings are accepted; ``!!python/...`` and custom tags are errors);
* a key written twice in one mapping is an error (PyYAML silently keeps the last one);
* aliases are followed under a budget, so an entity-expansion ("billion laughs")
  document or a recursive alias fails fast instead of eating memory;
* dates stay as the text the contributor wrote (``2020-07`` and ``2020-07-07`` alike);
* every value and every key keeps its line and column for error messages.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .problems import Collector, Position

MAX_FILE_BYTES = 1_000_000
MAX_NODES = 10_000
MAX_DEPTH = 40

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
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "cannot be read"
        collector.error(position_of(mark), "LP102", f"YAML syntax error: {problem}")
        return None
    except yaml.reader.ReaderError as exc:
        before = text[: exc.position]
        position = Position(line=before.count("\n") + 1, column=len(before) - (before.rfind("\n") + 1) + 1)
        collector.error(position, "LP102", f"YAML syntax error: character #x{exc.character:04x} is not allowed")
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

    def build(self, node: Node, path: Path, depth: int, stack: frozenset[int]) -> Any:
        position = position_of(node.start_mark)
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _Overflow(
                position,
                f"the file expands to more than {MAX_NODES:,} values (are aliases repeating data?)",
            )
        if depth > MAX_DEPTH or id(node) in stack:
            raise _Overflow(position, f"values are nested more than {MAX_DEPTH} levels deep (or an alias refers to itself)")
        self.positions[path] = position
        if isinstance(node, ScalarNode):
            return self._scalar(node, position)
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

    def _scalar(self, node: ScalarNode, position: Position) -> Any:
        if node.tag not in _SCALAR_TAGS:
            return self._bad_tag(node, position)
        if node.tag == _TAG + "timestamp":
            return node.value
        try:
            return self.constructor.construct_object(node, deep=True)
        except (yaml.constructor.ConstructorError, ValueError) as exc:
            self.collector.error(position, "LP102", f"YAML value cannot be read: {exc}")
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
