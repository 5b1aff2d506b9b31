"""The "Propose a product" page (``/contribute/propose/``): a form generated from the contract.

Each field of ``schema.PRODUCT`` becomes a control named after it (``name="title"``), with its label
(``contract/labels.py``), its documentation as help text and whether it is required, all in the page's
language; vocabularies become choices with their labels in that language (a filter where the list is
long), durations are hours and minutes, dates are dates, and lists of records (people, links) are
repeatable groups. A field or a term added to the contract appears in the form at the next build.

The page's script (``docs/javascripts/propose.js``) checks the answers with the published JSON Schema
(embedded in the page, the same document as ``/schema/product.json``) and the catalogue's own keys
(``contribute/known-products.json``: ids, titles and addresses as `make check` compares them), and
writes the file exactly as `make new` does (``tools/yamlwrite.py``): the lines around the fields come
from ``contract/newproduct.py``. Nothing typed leaves the browser until the person presses a button.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import re
from typing import Any

from markupsafe import Markup, escape

from ..contract import labels, newproduct, reference, schema, text
from ..contract.jsonschema import schema_comment
from ..contract.loader import title_keys, url_keys
from ..contract.model import Catalogue
from .i18n import Translation

SRC_URI = "contribute/propose.md"
KNOWN_PRODUCTS = "contribute/known-products.json"
"""The catalogue's ids, titles and addresses, for the form's duplicate checks (a script of the same name
ending in ``.js`` in the offline edition, where a page opened from disk can load no data file)."""
MAX_URL = 8000
"""The longest "Propose on GitHub" address the page opens. Browsers take far longer ones, but servers
commonly refuse request lines over 8 KB (nginx's default buffer); above this, the page offers the download."""
FILTER_FROM = 20
"""A list of choices longer than this gets a filter box (languages, countries, organisations)."""

CHOICE_LABELS = {"pdf": "PDF"}
"""Labels of fixed choices (levels, modes, link kinds...) that are not the word capitalised."""


@dataclasses.dataclass(frozen=True)
class Option:
    """One choice: the value the file gets, its label in the page's language, and what a filter matches."""

    value: str
    label: str
    language: str
    search: str = ""


@dataclasses.dataclass(frozen=True)
class Control:
    """One field of the form."""

    name: str
    label: str
    help: Markup
    required: bool
    widget: str
    """text, textarea, url, number, date, duration, select, choices (a list: checkboxes) or group (records)."""
    options: tuple[Option, ...] = ()
    fields: tuple[Control, ...] = ()
    filter: bool = False
    markdown: bool = False
    max_length: int | None = None
    messages: dict[str, str] = dataclasses.field(default_factory=dict)
    """Messages for the rules a value can break (``enum``, ``pattern``), in the page's language, with %(value)s."""
    placeholder: str = ""

    @property
    def messages_json(self) -> str:
        """``messages`` as JSON, for a data attribute (escaped there like any text)."""
        return json.dumps(self.messages, ensure_ascii=False, separators=(",", ":"))


def code_spans(text: str) -> Markup:
    """Documentation text with its `backticked` words as code, everything else escaped."""
    parts = re.split(r"`([^`]+)`", text)
    return Markup("").join(Markup("<code>{}</code>").format(part) if index % 2 else escape(part)
                           for index, part in enumerate(parts))


def new_file_base(edit_uri: str) -> str:
    """GitHub's new-file address for the repository and branch of ``edit_uri`` (the site's "Edit this page"
    address, ``https://github.com/<owner>/<repo>/edit/<branch>/docs/``), or '' if it is not on GitHub."""
    match = re.fullmatch(r"(https://github\.com/[\w.-]+/[\w.-]+)/edit/([^?#\s]+?)/docs/?", edit_uri or "")
    return f"{match.group(1)}/new/{match.group(2)}" if match else ""


class _Builder:
    def __init__(self, catalogue: Catalogue, t: Translation) -> None:
        self.catalogue = catalogue
        self.t = t

    def control(self, field: schema.Field, parent: str = "") -> Control:
        kind = field.kind
        item = kind.item if isinstance(kind, schema.ListOf) else kind
        common = {"name": field.name, "label": self.t.gettext(labels.label(field, parent)),
                  "help": code_spans(self.t.gettext(field.doc)), "required": field.required}
        if isinstance(item, schema.Record):
            return Control(widget="group", fields=tuple(self.control(f, field.name) for f in item.fields), **common)
        options = self.options(item)
        messages = self.messages(item)
        if isinstance(kind, schema.ListOf):
            return Control(widget="choices", options=options, filter=len(options) > FILTER_FROM or not options,
                           messages=messages, **common)
        if options:
            return Control(widget="select", options=options, messages=messages, **common)
        if isinstance(kind, schema.Text):
            long = bool(kind.markdown or kind.max_length)
            return Control(widget="textarea" if long else "text", markdown=kind.markdown, max_length=kind.max_length,
                           messages=messages, **common)
        widget = {schema.Url: "url", schema.Date: "date", schema.Duration: "duration",
                  schema.PositiveInt: "number"}.get(type(kind), "text")
        return Control(widget=widget, messages=messages, placeholder=field.example if widget == "text" else "",
                       **common)

    def options(self, kind: schema.Kind) -> tuple[Option, ...]:
        """The choices a kind allows, labelled in the page's language, in a reading order."""
        t = self.t
        if isinstance(kind, schema.TermRef):
            found = []
            for term_id, term in self.catalogue.vocabularies.get(kind.vocabulary, {}).items():
                language, text = term.label.get(t.language)
                found.append(Option(term_id, text, language, f"{term_id} {term.label.text}"))
            return tuple(found)
        if isinstance(kind, schema.SeriesRef):
            return tuple(Option(s.id, s.title.get(t.language)[1], s.title.get(t.language)[0], s.id)
                         for s in self.catalogue.series.values())
        if isinstance(kind, schema.Choice):
            return tuple(Option(c, t.gettext(CHOICE_LABELS.get(c, c.capitalize())), t.language, c)
                         for c in kind.choices)
        if isinstance(kind, schema.Bool):
            return (Option("true", t.gettext("Yes"), t.language), Option("false", t.gettext("No"), t.language))
        if isinstance(kind, schema.Language):
            return _sorted(Option(code, t.language_name(code), t.language, f"{code} {name}")
                           for code, name in reference.languages().items())
        if isinstance(kind, schema.Country):
            return _sorted(Option(code, t.country_name(code), t.language, f"{code} {name}")
                           for code, name in reference.countries().items())
        if isinstance(kind, schema.Sdg):
            return tuple(Option(str(n), t.sdg_label(n), t.language, str(n)) for n in reference.SDG_NAMES)
        return ()

    def messages(self, kind: schema.Kind) -> dict[str, str]:
        """What the form says when a value breaks the kind's rule, in the contract's words."""
        t = self.t
        if isinstance(kind, schema.Language):
            return {"enum": t.gettext("'%(value)s' is not an ISO 639-1 language code (two lowercase letters, "
                                      "e.g. en, fr, ar).")}
        if isinstance(kind, schema.Country):
            return {"enum": t.gettext("'%(value)s' is not an ISO 3166-1 alpha-2 country code (two capital "
                                      "letters, e.g. KE, BR).")}
        if isinstance(kind, schema.Sdg):
            return {"enum": t.gettext("SDG numbers go from 1 to 17; found %(value)s.")}
        if isinstance(kind, schema.TermRef):
            return {"enum": t.gettext("'%(value)s' is not a term of %(file)s.") % {
                "value": "%(value)s", "file": f"catalog/vocabularies/{kind.vocabulary}.yml"}}
        if isinstance(kind, schema.ProductRef):
            return {"enum": t.gettext("There is no product '%(value)s' in the catalogue.")}
        if isinstance(kind, schema.Url):
            return {"scheme": t.gettext("The address must start with http:// or https://; found '%(value)s'."),
                    "pattern": t.gettext("'%(value)s' is not a valid web address.")}
        if isinstance(kind, schema.Id):
            return {"pattern": t.gettext("'%(value)s' is not a valid file name: use lowercase letters, digits "
                                         "and hyphens.")}
        if isinstance(kind, schema.Date):
            return {"pattern": t.gettext("Write the date as YYYY-MM-DD; found '%(value)s'.")}
        return {}


def _sorted(options: Any) -> tuple[Option, ...]:
    return tuple(sorted(options, key=lambda o: (o.label.casefold(), o.value)))


def form_controls(catalogue: Catalogue, t: Translation) -> tuple[list[Control], list[Control]]:
    """The form's required and optional controls, each in the contract's order (the file name, ``id``, last); the
    fields that tools write (the harvest's provenance) are left out."""
    builder = _Builder(catalogue, t)
    controls = [builder.control(field) for field in filter(labels.by_people, schema.PRODUCT.fields)
                if field.name != "id"]
    controls.append(builder.control(schema.PRODUCT.field("id")))
    return [c for c in controls if c.required], [c for c in controls if not c.required]


def form_data(schemas: dict[str, str], edit_uri: str) -> dict[str, Any]:
    """What the page's script needs besides the controls: the JSON Schema, the lines `make new` writes around
    the fields, the rules that JSON Schema cannot say, and where "Propose on GitHub" leads."""
    return {
        "schema": json.loads(schemas["product.json"]),
        "header": [schema_comment("product")],
        "hints": newproduct.source_hints(),
        "heading": list(newproduct.OPTIONAL_HEADING),
        "optional": newproduct.optional_fields(),
        "reserved": sorted(schema.RESERVED_IDS),
        "markdown": {"html": schema._RAW_HTML.pattern,  # noqa: SLF001 - the contract's own rules, not a copy
                     "links": [[p.pattern, "m" if p.flags & re.MULTILINE else ""] for p in schema._MD_LINKS]},  # noqa: SLF001
        **character_tables(),
        "titles": [f.name for f in schema.PRODUCT.fields if isinstance(f.kind, schema.Text) and f.kind.title],
        "maxDurationMinutes": schema.duration_minutes(schema.MAX_DURATION),
        "resolvers": newproduct.yaml_resolvers(),
        "newFile": new_file_base(edit_uri),
        "maxUrl": MAX_URL,
    }


_CODE_POINTS = (*range(0x20000), *range(0xE0000, 0xE1000),
                *(plane * 0x10000 + low for plane in range(2, 17) for low in (0xFFFE, 0xFFFF)))
"""The characters that can have a case folding, be invisible (format characters, variation selectors) or be
refused: the first two planes and the tags plane; the other planes hold ideographs and private use only, and
their noncharacters."""


@functools.cache
def character_tables() -> dict[str, Any]:
    """What the script needs to compare and check text exactly as the contract does (``contract/text.py``):
    the characters whose case folding is not their lower case, and ranges of code points ignored in comparisons,
    refused in any text, and refused in titles."""
    chars = "".join(map(chr, _CODE_POINTS))
    fold = {c: c.casefold() for c in chars if c.casefold() != c.lower() and not 0xD800 <= ord(c) <= 0xDFFF}
    # The contract's own rules, not a copy of them:
    ignored = [ord(c) for c in chars if text._ignored(c)]  # noqa: SLF001
    forbidden = [ord(m.group()) for m in text._FORBIDDEN.finditer(chars)]  # noqa: SLF001
    in_titles = [ord(m.group()) for m in text._FORBIDDEN_IN_TITLES.finditer(chars)]  # noqa: SLF001
    return {"fold": fold, "ignored": _ranges(ignored), "forbidden": _ranges(forbidden),
            "forbiddenInTitles": _ranges(in_titles)}


def _ranges(codes: list[int]) -> list[list[int]]:
    """Sorted code points as [first, last] ranges."""
    found: list[list[int]] = []
    for code in codes:
        if found and found[-1][1] == code - 1:
            found[-1][1] = code
        else:
            found.append([code, code])
    return found


def known_products(catalogue: Catalogue) -> str:
    """The catalogue's ids, first titles, address keys and title keys (as the loader compares them), as JSON."""
    products = sorted(catalogue.products.values(), key=lambda p: p.id)
    data = {"ids": [p.id for p in products], "titles": [p.title.text for p in products],
            "urls": [url_keys(p.url)[0][1] for p in products],
            "titleKeys": [sorted({key for _, key in title_keys(p.title.values)}) for p in products]}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
