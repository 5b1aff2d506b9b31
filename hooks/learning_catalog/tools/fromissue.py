"""`make from-issue`: a "Suggest a product" issue turned into a product file, with the code of `make new`.

The issue form (``.github/ISSUE_TEMPLATE/suggest-a-product.yml``) is generated from the contract by
``make schema`` (``issue_form_yaml``): each of its fields has the id of a product field, its label and
documentation, and its choices from the vocabularies. GitHub writes the answers into the issue's text as
``### <label>`` sections (``_No response_`` when empty, ``- [X] <option>`` for each ticked box, ``A, B`` for a
dropdown with several choices). ``parse_body`` reads that text back by the form's own labels,
``answers_to_values`` turns the answers into the product's values, and ``suggest`` checks them as `make new`
does (``scaffold.new_problems``) and writes the file with ``scaffold.write_new_product``, then checks the whole
catalogue with it. Problems name the form's fields, in plain language.

The issue's text is untrusted: it is only ever data here (parsed, checked, written into YAML by the writer
that quotes what needs quoting, and quoted in comments with its Markdown escaped).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from .. import check_catalogue, load_catalogue
from ..contract import labels, reference, schema
from ..contract.model import Catalogue
from ..contract.problems import CatalogueError
from . import scaffold

ISSUE_FORM = ".github/ISSUE_TEMPLATE/suggest-a-product.yml"
LABEL = "product suggestion"
"""The label the issue form gives its issues (the workflow acts on those only)."""
ACCEPTED = "accepted"
"""The label a maintainer gives a suggestion to open its pull request."""
OMITTED = ("id", "updated", "series", "season", "episode", "related", "status", "reviewed")
"""Product fields the issue form leaves to maintainers (bookkeeping); every other field people fill in is in the
form (not those that tools write, such as the harvest's provenance)."""
CHECKBOXES_UP_TO = 20
"""A list of terms with at most this many terms is a list of checkboxes, a longer one a dropdown."""
NO_ANSWER = ("_No response_", "None")
MARKER = "<!-- learning-page: product suggestion -->"
"""The first line of the workflow's comment, by which it finds (and updates) its own comment."""
COMMENT_LIMIT = 60_000


@dataclasses.dataclass(frozen=True)
class FormField:
    """One field of the issue form: the contract field behind it and how GitHub shows it."""

    name: str
    label: str
    type: str
    """input, textarea, dropdown or checkboxes."""
    description: str
    required: bool = False
    options: tuple[tuple[str, str], ...] = ()
    """(label, value) of each choice, for dropdowns and checkboxes."""
    multiple: bool = False
    field: schema.Field | None = None
    """The contract field."""


def form_fields(catalogue: Catalogue) -> list[FormField]:
    """The issue form's fields, from the contract: required fields first, then the others, in its order."""
    found = [_form_field(field, catalogue) for field in filter(labels.by_people, schema.PRODUCT.fields)
             if field.name not in OMITTED]
    essential = [f for f in found if f.field is not None and f.field.required]
    return essential + [f for f in found if f not in essential]


def _form_field(field: schema.Field, catalogue: Catalogue) -> FormField:
    kind = field.kind
    item = kind.item if isinstance(kind, schema.ListOf) else kind
    common = {"name": field.name, "label": labels.label(field), "required": field.required, "field": field}
    options = _options(item, catalogue)
    if isinstance(item, schema.Record):
        parts = " | ".join(labels.label(f, field.name).lower() for f in item.fields)
        required = [labels.label(f, field.name).lower() for f in item.fields if f.required]
        return FormField(type="textarea", description=f"{field.doc} One per line: {parts} (separated by |; "
                         f"{', '.join(required)} needed, leave the others empty).", **common)
    if isinstance(kind, schema.ListOf) and options:
        if len(options) <= CHECKBOXES_UP_TO:
            return FormField(type="checkboxes", description=field.doc, options=options,
                             **{**common, "required": False})
        return FormField(type="dropdown", description=field.doc, options=options, multiple=True, **common)
    if isinstance(kind, schema.ListOf):
        return FormField(type="input", description=f"{field.doc} Separate them with commas"
                         + (" (names or codes)." if isinstance(item, schema.Language | schema.Country) else "."),
                         **common)
    if options:
        return FormField(type="dropdown", description=field.doc, options=options, **common)
    if isinstance(kind, schema.Text) and (kind.markdown or kind.max_length):
        return FormField(type="textarea", description=field.doc, **common)
    hints = {schema.Duration: " For example 1 h 30 min, 45 min, or PT1H30M.", schema.Date: " As YYYY-MM-DD, YYYY-MM or YYYY."}
    return FormField(type="input", description=field.doc + hints.get(type(kind), ""), **common)


def _options(kind: schema.Kind, catalogue: Catalogue) -> tuple[tuple[str, str], ...]:
    if isinstance(kind, schema.TermRef):
        return tuple((term.label.get("en")[1], term_id)
                     for term_id, term in catalogue.vocabularies.get(kind.vocabulary, {}).items())
    if isinstance(kind, schema.Choice):
        return tuple((choice.capitalize() if choice != "pdf" else "PDF", choice) for choice in kind.choices)
    if isinstance(kind, schema.Bool):
        return (("Yes", "true"), ("No", "false"))
    return ()


def issue_form(catalogue: Catalogue) -> dict[str, Any]:
    """The "Suggest a product" issue form (GitHub's issue-form syntax), generated from the contract."""
    body: list[dict[str, Any]] = [{"type": "markdown", "attributes": {"value": (
        "Thank you! Fill in what you can check on the product's own pages; leave out what you cannot. "
        "A check comments on this issue within a minute or two: either what to correct (edit the issue, and the "
        "comment follows) or the product file your answers make. A maintainer then checks the facts, and "
        f"labelling the issue `{ACCEPTED}` opens a pull request with the file.\n\n"
        "The site's \"Propose a product\" page makes the same file in your browser; see also CONTRIBUTING.md.")}}]
    for f in form_fields(catalogue):
        attributes: dict[str, Any] = {"label": f.label, "description": f.description}
        element: dict[str, Any] = {"type": f.type, "id": f.name, "attributes": attributes}
        if f.type == "checkboxes":
            attributes["options"] = [{"label": label} for label, _ in f.options]
        elif f.type == "dropdown":
            attributes["options"] = [label for label, _ in f.options]
            if f.multiple:
                attributes["multiple"] = True
        elif f.name == "url":
            attributes["placeholder"] = "https://"
        if f.type != "checkboxes":
            element["validations"] = {"required": f.required}
        body.append(element)
    return {"name": "Suggest a product", "description": "Tell us about a learning product that should be in the catalogue.",
            "title": "Suggest: ", "labels": [LABEL], "body": body}


def issue_form_yaml(catalogue: Catalogue) -> str:
    """The issue form as the YAML file GitHub reads, with a line saying where it comes from."""
    return ("# Generated from the contract (hooks/learning_catalog/contract/schema.py) and the vocabularies by\n"
            "# `make schema`: edit those, not this file. Each field's id is a product field (make from-issue).\n"
            + yaml.safe_dump(issue_form(catalogue), allow_unicode=True, sort_keys=False, width=110))


# --------------------------------------------------------------------------------------
# Reading the issue.


def parse_body(body: str, fields: Sequence[FormField]) -> dict[str, str]:
    """The answer to each field in an issue's text, as GitHub writes it ('' when there is none).

    GitHub writes the fields in the form's order, each under a ``### <label>`` line. A person may type
    such a line inside an answer, so the headings are matched from the end: each field's heading is the
    last one before the next field's; a heading typed inside an answer then stays part of that answer.
    """
    lines = body.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    starts: list[tuple[int, str]] = []
    limit = len(lines)
    for field in reversed(fields):
        heading = f"### {field.label}"
        found = next((index for index in range(limit - 1, -1, -1) if lines[index].rstrip() == heading), None)
        if found is not None:
            starts.insert(0, (found, field.name))
            limit = found
    answers = {field.name: "" for field in fields}
    for number, (index, name) in enumerate(starts):
        end = starts[number + 1][0] if number + 1 < len(starts) else len(lines)
        text = "\n".join(lines[index + 1:end]).strip()
        answers[name] = "" if text in NO_ANSWER else text
    return answers


@dataclasses.dataclass
class Suggestion:
    """What an issue's answers make: the file's values, its id, and the problems, by form field."""

    values: dict[str, Any]
    problems: list[tuple[FormField | None, str]]
    product_id: str = ""
    text: str = ""


_DURATION_PARTS = re.compile(r"(\d+)\s*(h|hours?|hrs?|m|min|mins|minutes?)\b", re.IGNORECASE)


def _duration(text: str) -> str | None:
    """'1 h 30 min', '45 min', '2 hours', '1:30' or an ISO 8601 duration, as ISO 8601 (None if unreadable)."""
    text = text.strip()
    if schema.duration_minutes(text) is not None:
        return text
    if match := re.fullmatch(r"(\d+):([0-5]\d)", text):
        minutes = int(match.group(1)) * 60 + int(match.group(2))
    else:
        parts = _DURATION_PARTS.findall(text)
        if not parts or _DURATION_PARTS.sub("", text).strip(" ,and") != "":
            return None
        minutes = sum(int(n) * (60 if unit.lower().startswith("h") else 1) for n, unit in parts)
    hours, rest = divmod(minutes, 60)
    return "PT" + (f"{hours}H" if hours else "") + (f"{rest}M" if rest else "") if minutes else "PT0M"


def _codes(text: str, table: dict[str, str], upper: bool) -> tuple[list[str], list[str]]:
    """Codes from 'English, fr' (names or codes, case as the contract writes them); and what was not understood."""
    by_name = {name.casefold(): code for code, name in table.items()}
    found, unknown = [], []
    for part in (p.strip() for p in re.split(r"[,;\n]", text)):
        if not part:
            continue
        code = part.upper() if upper else part.lower()
        if code in table:
            found.append(code)
        elif part.casefold() in by_name:
            found.append(by_name[part.casefold()])
        else:
            unknown.append(part)
    return found, unknown


def _chosen(text: str, options: tuple[tuple[str, str], ...], checkboxes: bool) -> tuple[list[str], list[str]]:
    """The values of the options chosen: ticked boxes, or the labels of a dropdown (labels may hold commas)."""
    by_label = {label.casefold(): value for label, value in options}
    by_label.update({value.casefold(): value for _, value in options})
    if checkboxes:
        picked = [m.group(1).strip() for m in re.finditer(r"^\s*- \[[xX]\] (.*)$", text, re.MULTILINE)]
    else:
        picked, rest = [], text.strip()
        while rest:
            match = next((label for label in sorted(by_label, key=len, reverse=True)
                          if rest.casefold().startswith(label) and rest[len(label):len(label) + 1] in ("", ",")), None)
            if match is None:
                picked.append(rest.split(",", 1)[0].strip())
                rest = rest.split(",", 1)[1].strip() if "," in rest else ""
                continue
            picked.append(rest[:len(match)])
            rest = rest[len(match):].lstrip(", ")
    values, unknown = [], []
    for label in picked:
        if label.casefold() in by_label:
            values.append(by_label[label.casefold()])
        elif label:
            unknown.append(label)
    return values, unknown


def answers_to_values(answers: dict[str, str], fields: Sequence[FormField]) -> Suggestion:
    """The product's values from the form's answers; answers that cannot be read are problems."""
    values: dict[str, Any] = {}
    problems: list[tuple[FormField | None, str]] = []
    for f in fields:
        text = answers.get(f.name, "")
        if not text.strip():
            continue
        value, trouble = _value(f, text)
        if trouble:
            problems.append((f, trouble))
        if value not in (None, []):
            values[f.name] = value
    return Suggestion(values=values, problems=problems)


def _value(f: FormField, text: str) -> tuple[Any, str]:
    """One answer as the field's value, and what could not be understood ('' if everything was)."""
    assert f.field is not None
    kind = f.field.kind
    item = kind.item if isinstance(kind, schema.ListOf) else kind
    if f.options:
        chosen, unknown = _chosen(text, f.options, f.type == "checkboxes")
        if isinstance(item, schema.Bool):
            chosen = [value == "true" for value in chosen]
        value = chosen if isinstance(kind, schema.ListOf) else (chosen[0] if chosen else None)
        return value, (f"{_quote_all(unknown)} {'is' if len(unknown) == 1 else 'are'} not among the choices"
                       if unknown else "")
    if isinstance(item, schema.Record):
        return _records(text, item)
    if isinstance(item, schema.Language | schema.Country):
        table = reference.languages() if isinstance(item, schema.Language) else reference.countries()
        codes, unknown = _codes(text, dict(table), upper=isinstance(item, schema.Country))
        what = "a language name or ISO 639-1 code (e.g. English or en)" if isinstance(item, schema.Language) \
            else "a country name or ISO 3166-1 alpha-2 code (e.g. Kenya or KE)"
        value = codes if isinstance(kind, schema.ListOf) else (codes[0] if codes else None)
        return value, f"{_quote_all(unknown)} {'is' if len(unknown) == 1 else 'are'} not {what}" if unknown else ""
    if isinstance(item, schema.Sdg | schema.PositiveInt):
        parts = [p.strip() for p in re.split(r"[,;\s]+", re.sub(r"(?i)\bsdgs?\b", " ", text)) if p.strip()]
        numbers = [int(p) if p.isdigit() else p for p in parts]
        return (numbers if isinstance(kind, schema.ListOf) else (numbers or [text.strip()])[0]), ""
    if isinstance(kind, schema.ListOf):
        return [p.strip() for p in re.split(r"[,;\n]", text) if p.strip()], ""
    if isinstance(kind, schema.Duration):
        duration = _duration(text)
        return (duration, "") if duration else (text.strip(), "")
    if isinstance(kind, schema.Text):
        return text.strip(), ""
    return " ".join(text.split()), ""


def _records(text: str, record: schema.Record) -> tuple[list[dict[str, Any]], str]:
    """Records written one per line, their fields separated by '|' in the contract's order."""
    found = []
    for line in (line.strip() for line in text.splitlines()):
        line = re.sub(r"^[-*]\s+", "", line)
        if not line:
            continue
        parts = [part.strip() for part in line.split("|")]
        entry: dict[str, Any] = {}
        for field, part in zip(record.fields, parts, strict=False):
            if part:
                entry[field.name] = _duration(part) if isinstance(field.kind, schema.Duration) else part
        extra = parts[len(record.fields):]
        if any(extra):
            entry[record.fields[-1].name] = " | ".join([entry.get(record.fields[-1].name, ""), *extra]).strip(" |")
        found.append(entry)
    return found, ""


def _quote_all(items: list[str]) -> str:
    return ", ".join(f"'{item}'" for item in items)


def suggest(root: Path, body: str, *, write: bool = True) -> Suggestion:
    """Read an issue's text into a product file: check it as `make new` does, then (``write``) write it and
    check the whole catalogue with it; a file with problems is not left behind."""
    catalogue = load_catalogue(root)
    fields = form_fields(catalogue)
    suggestion = answers_to_values(parse_body(body, fields), fields)
    by_name = {f.name: f for f in fields}
    values = suggestion.values
    suggestion.product_id = product_id = scaffold.propose_id(str(values.get("title", "")), set(catalogue.products))
    for problem in scaffold.new_problems(values, product_id, catalogue):
        f = by_name.get(problem.field or "")
        if f is not None and any(p[0] is f for p in suggestion.problems):
            continue  # the answer could not be read: that problem says it already
        where = f" (line {problem.item + 1})" if problem.item is not None and f and f.type == "textarea" else ""
        suggestion.problems.append((f, _plain(problem.message, problem.field) + where))
    order = {f.name: index for index, f in enumerate(fields)}
    suggestion.problems.sort(key=lambda problem: order[problem[0].name] if problem[0] else len(order))
    suggestion.text = scaffold.new_product_text(values)
    if suggestion.problems or not write:
        return suggestion
    path = scaffold.write_new_product(root, values, product_id)
    _, problems = check_catalogue(root)
    mine = [p for p in problems if p.path == f"catalog/products/{product_id}.yml" and p.severity == "error"]
    if mine:
        path.unlink()
        suggestion.problems += [(None, f"{p.code} {p.message} (line {p.position.line} of the file)") for p in mine]
    return suggestion


def _plain(message: str, field: str | None) -> str:
    """A contract message without the field's name in front (the form's label stands before it)."""
    if field and message.startswith(f"'{field}' "):
        message = message[len(field) + 3:]
    if message.startswith(f"missing required field '{field}'"):
        return "this is required"
    return message


# --------------------------------------------------------------------------------------
# Comments on the issue (Markdown: every text from the issue is escaped).


def _escape(text: str) -> str:
    """Text from the issue, safe in a Markdown comment: punctuation escaped, no mention, one line."""
    text = re.sub(r"([\\`*_{}\[\]()#+\-.!|<>~&])", r"\\\1", " ".join(text.split()))
    return text.replace("@", "@\u200b")


def _fence(text: str) -> str:
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    return "`" * max(3, longest + 1)


def comment(suggestion: Suggestion) -> str:
    """The workflow's comment on the issue: the problems, or the file the answers make."""
    lines = [MARKER]
    if suggestion.problems:
        lines += ["Thank you for the suggestion. Before it can become a product file, these answers need a change "
                  "(edit the issue: this comment follows your edits):", ""]
        for f, message in suggestion.problems:
            lines.append(f"- **{f.label}**: {_escape(message)}" if f else f"- {_escape(message)}")
        return "\n".join(lines) + "\n"
    path = f"catalog/products/{suggestion.product_id}.yml"
    lines += [f"Thank you for the suggestion. Its answers make a valid product file, `{path}`:", ""]
    if len(suggestion.text) > COMMENT_LIMIT:
        lines.append(f"(The file is {len(suggestion.text):,} characters long, too long to show here.)")
    else:
        fence = _fence(suggestion.text)
        lines += [fence + "yaml", suggestion.text.rstrip("\n"), fence]
    lines += ["", "A maintainer now checks the facts against the product's pages. Labelling this issue "
              f"`{ACCEPTED}` opens a pull request with this file; to change an answer, edit the issue."]
    return "\n".join(lines) + "\n"


def pull_request_body(suggestion: Suggestion, number: int) -> str:
    """The body of the pull request that adds the file and closes the issue."""
    return (f"Closes #{number}.\n\nThe product file that the answers of #{number} make "
            f"(`make from-issue`, the code of `make new`), checked like `make check`: "
            f"`catalog/products/{suggestion.product_id}.yml`. Check its facts against its sources "
            "before merging.\n")


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m learning_catalog from-issue FILE`` (or ``--event $GITHUB_EVENT_PATH``)."""
    parser = argparse.ArgumentParser(prog="python -m learning_catalog from-issue",
                                     description="Turn a 'Suggest a product' issue into a product file.")
    parser.add_argument("file", nargs="?", help="the issue's text (Markdown, as GitHub writes the form's answers)")
    parser.add_argument("--event", help="a GitHub event file (the workflow's $GITHUB_EVENT_PATH): its issue's text")
    parser.add_argument("--comment", help="also write the comment for the issue to this file")
    parser.add_argument("--pull-request", help="also write the pull request's body to this file")
    parser.add_argument("--dry-run", action="store_true", help="check only; write no product file")
    parser.add_argument("--root", default=".", help="project folder that holds catalog/ (default: .)")
    args = parser.parse_args(argv)
    if bool(args.file) == bool(args.event):
        parser.error("give the issue's text as FILE, or --event")
    number = 0
    if args.event:
        issue = json.loads(Path(args.event).read_text(encoding="utf-8")).get("issue") or {}
        body, number = issue.get("body") or "", int(issue.get("number") or 0)
    else:
        body = Path(args.file).read_text(encoding="utf-8")
    root = Path(args.root)
    try:
        suggestion = suggest(root, body, write=not args.dry_run)
    except CatalogueError as exc:
        print(exc, file=sys.stderr)
        return 1
    except FileExistsError as exc:
        print(f"Not written: {exc.filename} exists already.", file=sys.stderr)
        return 1
    if args.comment:
        Path(args.comment).write_text(comment(suggestion), encoding="utf-8")
    if args.pull_request and not suggestion.problems:
        Path(args.pull_request).write_text(pull_request_body(suggestion, number), encoding="utf-8")
    if suggestion.problems:
        print(f"Not written: catalog/products/{suggestion.product_id}.yml would have these problems:", file=sys.stderr)
        for f, message in suggestion.problems:
            print(f"  - {f.label if f else 'The file'}: {message}", file=sys.stderr)
        return 1
    verb = "Checked" if args.dry_run else "Wrote"
    print(f"{verb} catalog/products/{suggestion.product_id}.yml.")
    return 0
