"""Problems found in the catalogue, and how they are reported.

Every problem names the file, line and column it was found at, a stable code and a
message for people. Problems are collected, never raised one by one, so that a single
run reports everything that is wrong.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from .text import visible

ERROR = "error"
WARNING = "warning"


@dataclasses.dataclass(frozen=True, kw_only=True, order=True)
class Position:
    """A place in a file: 1-based line and column."""

    line: int = 1
    column: int = 1


@dataclasses.dataclass(frozen=True, kw_only=True)
class Problem:
    """One thing wrong with one place of one catalogue file."""

    path: str
    """File path, relative to the project root, with forward slashes."""
    position: Position
    code: str
    """Stable code such as ``LP201``; tests and tools may rely on it."""
    message: str
    severity: str = ERROR

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        """Order problems by file, then place, then code."""
        return (self.path, self.position.line, self.position.column, self.code)

    def __str__(self) -> str:
        """Render as ``path:line:column: CODE message`` (``warning: `` before the message of a warning), on one
        line: control and format characters of the path or the message show as escapes (``\\n``)."""
        kind = "warning: " if self.severity == WARNING else ""
        return (f"{visible(self.path)}:{self.position.line}:{self.position.column}: {self.code} "
                f"{kind}{visible(self.message)}")

    def github_annotation(self) -> str:
        """Render as a GitHub Actions workflow command, shown on the pull request's diff.

        Its properties and message are escaped as the workflow-command rules say (``%``, CR and LF in the
        message; also ``:`` and ``,`` in properties), so that no value can end the command or start another.
        """
        properties = ",".join(f"{name}={_escape_property(str(value))}" for name, value in (
            ("file", self.path), ("line", self.position.line), ("col", self.position.column), ("title", self.code)))
        return f"::{self.severity} {properties}::{_escape_data(visible(self.message))}"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(visible(text)).replace(":", "%3A").replace(",", "%2C")


class CatalogueError(Exception):
    """The catalogue has errors; it must not be built into a site."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: p.sort_key)
        super().__init__(format_report(self.problems))


def format_report(problems: Iterable[Problem]) -> str:
    """Render problems one per line, followed by a count."""
    problems = sorted(problems, key=lambda p: p.sort_key)
    lines = [str(p) for p in problems]
    lines.append(summary(problems))
    return "\n".join(lines)


def summary(problems: Iterable[Problem]) -> str:
    """'2 errors in the catalogue.' or '1 error and 3 warnings in the catalogue.'"""
    problems = list(problems)
    errors = sum(1 for p in problems if p.severity == ERROR)
    warnings = len(problems) - errors
    text = f"{errors} {'error' if errors == 1 else 'errors'}"
    if warnings:
        text += f" and {warnings} {'warning' if warnings == 1 else 'warnings'}"
    return f"{text} in the catalogue."


WARNING_KINDS = {
    "LP701": "no 'duration'",
    "LP702": "last reviewed more than two years ago",
    "LP703": "JSON Schema or issue form out of date with the catalogue (run `make schema`)",
    "LP704": "interface texts not translated yet",
}
"""A short name for each kind of warning, for the lines that sum them up (see ``grouped_report``)."""


def grouped_report(problems: Iterable[Problem]) -> list[str]:
    """The lines of a report for people: every error first, then the warnings, each kind summed up in one line
    (``20 warnings LP701 no 'duration' (run with --warnings to list them)``) unless it has a single warning."""
    problems = sorted(problems, key=lambda p: p.sort_key)
    lines = [str(p) for p in problems if p.severity == ERROR]
    kinds: dict[str, list[Problem]] = {}
    for problem in problems:
        if problem.severity == WARNING:
            kinds.setdefault(problem.code, []).append(problem)
    for code, found in sorted(kinds.items()):
        if len(found) == 1:
            lines.append(str(found[0]))
        else:
            name = WARNING_KINDS.get(code, found[0].message)
            lines.append(f"{len(found)} warnings {code} {name} (run with --warnings to list them)")
    return lines


class Collector:
    """Collects problems for one file while it is read and validated."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []

    def error(self, position: Position, code: str, message: str) -> None:
        """Record an error at ``position``."""
        self.problems.append(Problem(path=self.path, position=position, code=code, message=message))
