"""The harvest report: Markdown for the terminal and for the body of the source's pull request.

Everything that comes from the source (titles, addresses, values) is shown in code spans, on one line and
cut short: in a pull request it cannot become a link, an image, HTML or a mention of someone.
"""

from __future__ import annotations

from typing import Any

from .sync import Result

_LIMIT = 200


def code(value: Any, *, cell: bool = False) -> str:
    """``value`` as a one-line code span, safe in Markdown (and in a table cell when ``cell``)."""
    text = " ".join(str(value).split()).replace("`", "'")
    if len(text) > _LIMIT:
        text = text[: _LIMIT - 1] + "…"
    if cell:
        text = text.replace("|", "\\|")
    return f"`{text}`" if text else "(empty)"


def _plural(count: int, noun: str, plural: str | None = None) -> str:
    return f"{count} {noun if count == 1 else plural or noun + 's'}"


def source_report(result: Result, *, dry_run: bool = False) -> str:
    """The Markdown report of one source."""
    source = result.source
    lines = [f"## {code(source.title)} (`catalog/sources/{source.id}.yml`)", ""]
    fetched = (f"{_plural(result.requests, 'request')}, {result.bytes:,} bytes received, "
               f"{result.not_modified} answered \"not modified\"")
    if result.error:
        lines += [f"**Not harvested:** {code(result.error)}. Its products are left as they are.", "",
                  f"Source of kind {code(source.kind)} at {code(source.url)}; {fetched}.", ""]
        return "\n".join(lines)
    lines += [f"Source of kind {code(source.kind)} at {code(source.url)}: {_plural(result.records, 'record')} read; "
              f"{fetched}." + (" Dry run: nothing was written." if dry_run else ""), ""]
    counts = [("New", len(result.new)), ("Updated", len(result.updated)), ("Unchanged", len(result.unchanged)),
              ("Archived", len(result.archived)), ("Restored", len(result.restored)),
              ("Skipped", len(result.skipped)), ("Conflicts", len(result.conflicts)),
              ("Duplicates", len(result.duplicates))]
    lines += ["| " + " | ".join(name for name, _ in counts) + " |",
              "|" + "---|" * len(counts),
              "| " + " | ".join(str(count) for _, count in counts) + " |", ""]
    if result.new:
        lines += ["### New", ""] + [f"- `{c.path}`: {code(c.title)} from {code(c.upstream)}" for c in result.new] + [""]
    if result.updated:
        lines += ["### Updated", ""] + [
            f"- `{c.path}`: " + (", ".join(f"`{f}`" for f in c.fields) + " changed" if c.fields else
                                 "only the harvest's record changed (see Conflicts)")
            for c in result.updated] + [""]
    if result.archived:
        lines += ["### Archived: no longer at the source", "",
                  "Each gets `status: archived` and `harvest.gone`; nothing is deleted.", ""]
        lines += [f"- `{c.path}`: {code(c.title)} ({code(c.upstream)})" for c in result.archived] + [""]
    if result.restored:
        lines += ["### Restored: back at the source", ""]
        lines += [f"- `{c.path}`: {code(c.title)}" for c in result.restored] + [""]
    if result.conflicts:
        lines += ["### Conflicts: edited by a person, changed at the source", "",
                  "The person's value is kept. To take the source's value, write it in the file.", "",
                  "| File | Field | Kept | At the source now |", "|---|---|---|---|"]
        lines += [f"| `{c.path}` | `{c.field}` | {code(_shown(c.kept), cell=True)} | "
                  f"{code(_shown(c.upstream), cell=True)} |" for c in result.conflicts] + [""]
    if result.skipped:
        lines += ["### Skipped", ""]
        lines += [f"- {code(where)}: " + "; ".join(code(reason) for reason in reasons)
                  for where, reasons in result.skipped] + [""]
    if result.duplicates:
        lines += ["### Duplicates: not added", ""]
        lines += [f"- {code(where)} {code(title)}: {code(why)}" for where, title, why in result.duplicates] + [""]
    if result.unmapped:
        lines += ["### Values no mapping knows", "",
                  f"Add them to `map` in `catalog/sources/{source.id}.yml` (a value mapped to `[]` is ignored):", "",
                  "| Field | Source value | Records |", "|---|---|---|"]
        for (field, word), count in sorted(result.unmapped.items(), key=lambda item: (item[0][0], -item[1],
                                                                                     item[0][1])):
            label = result.unmapped_labels.get((field, word))
            shown = code(word, cell=True) + (f" ({code(label, cell=True)})" if label else "")
            lines.append(f"| `{field}` | {shown} | {count} |")
        lines.append("")
    notes = list(result.notes)
    if result.outside:
        notes.append(f"{_plural(result.outside, 'record')} outside the source's `include` left out")
    if notes:
        lines += ["### Notes", ""] + [f"- {note}" for note in notes] + [""]
    return "\n".join(lines)


def _shown(value: Any) -> str:
    if value is None:
        return "(absent)"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {v}" for k, v in value.items())
    return str(value)


def report(results: list[Result], *, dry_run: bool = False) -> str:
    """The report of a run: one section per source."""
    header = ["# Harvest of partners' catalogues", ""]
    if not results:
        return "\n".join(header + ["No source to harvest.", ""])
    return "\n".join(header) + "\n" + "\n".join(source_report(result, dry_run=dry_run) for result in results)
