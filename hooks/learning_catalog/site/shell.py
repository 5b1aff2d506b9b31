"""Page shells: the theme's HTML around a page, rendered once and filled for many pages.

Thousands of product pages differ, in the theme's HTML around them, only in a few values:
their title, description, addresses, "Edit this page" link and content. A builder renders
the theme once for a *probe*, a page whose values are markers (``PROBE``), and
``Shell.parse`` cuts the output at the markers; ``Shell.fill`` then writes a page by
joining the pieces with the page's own values, in microseconds instead of a template
rendering. The builder checks the shell once against a normal rendering of a real page
before it uses it (see ``hooks/mkdocs_hook.py``), and renders normally any page that has
a value the shell has no place for.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

FIELDS = ("name", "title", "description", "canonical_url", "edit_url", "content")
"""The values a shell is filled with: ``name`` is the last part of the page's address (``x`` in
``products/x/``), the others are the page's own."""

PROBE: Mapping[str, str] = {field: f"lpSHELL{field.replace('_', '')}Q7x" for field in FIELDS}
"""A marker for each value: letters only, so no escaping, URL quoting or tag stripping changes it."""


class ShellError(ValueError):
    """A rendering cannot be cut into a shell."""


@dataclasses.dataclass(frozen=True, kw_only=True)
class Shell:
    """The pieces of a rendered probe: literal text and, between them, the names of values."""

    pieces: tuple[str, ...]
    """Literal text at even positions, field names at odd positions."""

    @classmethod
    def parse(cls, rendered: str, *, probe: Mapping[str, str | None] = PROBE) -> Shell:
        """Cut the rendering of a probe page at its markers (a field whose marker is None has no place).

        Raises:
            ShellError: If the content marker is not there exactly once (the rendering is not of a probe).
        """
        if not probe.get("content") or rendered.count(probe["content"]) != 1:
            raise ShellError("the probe's content is not in the rendering exactly once")
        pieces: list[str] = [rendered]
        for field in FIELDS:
            marker = probe.get(field)
            if not marker:
                continue
            split: list[str] = []
            for index, piece in enumerate(pieces):
                if index % 2:
                    split.append(piece)
                    continue
                parts = piece.split(marker)
                for position, part in enumerate(parts):
                    if position:
                        split.append(field)
                    split.append(part)
            pieces = split
        return cls(pieces=tuple(pieces))

    def fill(self, values: Mapping[str, str]) -> str:
        """The page: the pieces joined with ``values`` (one for each field the shell uses)."""
        return "".join(values[piece] if index % 2 else piece for index, piece in enumerate(self.pieces))

    @property
    def fields(self) -> frozenset[str]:
        """The fields this shell has a place for."""
        return frozenset(self.pieces[1::2])
