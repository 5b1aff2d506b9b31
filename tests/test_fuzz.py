"""Fuzzing (Hypothesis): generated text, YAML shapes and translations through the validator, the page
generator and a small MkDocs build.

Whatever comes in, the validator answers with problems (never a traceback, a crash or a stall); whatever it
accepts renders within a time budget into pages whose front matter MkDocs reads, whose HTML carries no script
or event handler from catalogue or translation text, and whose feeds and data files parse. The examples are
derandomised (the same every run, so CI is reproducible) and few, to keep the suite's time.
"""

from __future__ import annotations

import html.parser
import json
import re
import subprocess
import sys
import tempfile
import textwrap
import time
import xml.etree.ElementTree as ET
from pathlib import Path

from conftest import PRODUCT, make_project, write_catalogue
from hypothesis import HealthCheck, Phase, event, given, settings
from hypothesis import strategies as st
from mkdocs.utils.meta import get_data

from learning_catalog import check_catalogue, generate_data_files, generate_pages
from learning_catalog.site import i18n

MARK = "lpFuzz"
"""What the hostile fragments try to run: it must never reach a script or an event handler."""
FRAGMENTS = [
    f"<script>{MARK}()</script>", f"</title><script>{MARK}()</script><title>", f'"><img src=x onerror={MARK}()>',
    f"javascript:{MARK}()", f"[link](javascript:{MARK}())", f"<a href='javascript:{MARK}()'>x</a>", "%", "%(num)s",
    "%(other)s", "%s", "%%", "&amp;", "&#39;", "'", '"', "\\", "`", "``", "*", "**", "_", "[", "]", "(", ")", "- ",
    "> ", "1. ", "\n", "\n\n", "    ", "#", "|", "{", "}", "]]>", "-->", "<!--", "\u202e", "\u200b", "\x85",
    "\u2028", "\x00", "\x1b", "\x7f", "🏙️", "𝒮𝒸𝓇𝒾𝓅𝓉", "\ufeff", ":", ": ", "{{ x }}", "{% if x %}", "${x}", "yes",
    "1:20", "011", "~", "null", "!!python/object:os.system", "&a", "*a", "é", "عربي", "中文", "ß", "İ",
]
TEXT = st.lists(st.one_of(st.text(max_size=8), st.sampled_from(FRAGMENTS)), min_size=1, max_size=8).map("".join)
SAFE_FRAGMENTS = [f for f in FRAGMENTS if not re.search(r"[\x00-\x1f\x7f\x85\u2028\u202e\u200b\ufeff`]", f)
                  and f.strip()]
_WORDS = st.text(st.characters(codec="utf-8", categories=("L", "M", "N", "P", "S", "Zs"), exclude_characters="`<"),
                 min_size=1, max_size=6)
SAFE_TEXT = st.lists(st.sampled_from(SAFE_FRAGMENTS) | _WORDS, min_size=1, max_size=6).map(" ".join)
"""Text the validator accepts in titles and translations: hostile markup, but no invisible characters."""
MARKDOWN = st.lists(st.sampled_from([f for f in SAFE_FRAGMENTS if "<" not in f]) | _WORDS, min_size=1,
                    max_size=6).map(" ".join)
"""What the validator accepts in a description: Markdown without raw HTML."""


def quoted(text: str) -> str:
    """``text`` as a YAML double-quoted scalar that reads back as exactly ``text``."""
    out = []
    for char in text:
        code = ord(char)
        if char in '"\\':
            out.append("\\" + char)
        elif code < 0x20 or 0x7F <= code <= 0x9F or char in "\u2028\u2029\ufeff" or 0xD800 <= code <= 0xDFFF \
                or code in (0xFFFE, 0xFFFF):
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def flow(value: object) -> str:
    """A value as YAML flow text (JSON is YAML; astral characters stay as they are)."""
    return json.dumps(value, ensure_ascii=False)


MOSTLY_SAFE = st.one_of(SAFE_TEXT, SAFE_TEXT, TEXT)
SHAPES = st.recursive(st.one_of(TEXT, st.integers(), st.booleans(), st.none()),
                      lambda children: st.lists(children, max_size=3) | st.dictionaries(TEXT, children, max_size=3),
                      max_leaves=6)
YAML_VALUE = st.one_of(TEXT.map(quoted), TEXT.map(lambda s: s.replace("\n", " ")), SHAPES.map(flow), TEXT)
FIELDS = ("title", "summary", "description", "license", "duration", "season", "sdgs", "published", "people", "url",
          "topics", "languages", "links", "free")


def _product(values: dict[str, str]) -> str:
    lines = [line for line in textwrap.dedent(PRODUCT).splitlines() if line.split(":", 1)[0] not in values]
    return "\n".join(lines + [f"{key}: {value}" for key, value in values.items()]) + "\n"


def _translations(values: dict[str, str]) -> str:
    """A translation file; each text keeps its English text's placeholders (and adds what it adds)."""
    return "".join(f"{quoted(key)}: {quoted(_with_placeholders(value, key))}\n" for key, value in values.items())


def _with_placeholders(text: str, key: str) -> str:
    return " ".join([text, *re.findall(r"%[(]\w+[)]s", key)])


class _Page(html.parser.HTMLParser):
    """Fails on any script, event handler or javascript: address that carries the hostile mark."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.script = False
        self.bad: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.script = tag == "script" and ("type", "application/ld+json") not in attrs
        for name, value in attrs:
            if MARK in (value or "") and (name.startswith("on") or (value or "").strip().lower().startswith("javascript:")):
                self.bad.append(f"<{tag} {name}={value!r}>")
        if MARK in tag:
            self.bad.append(f"<{tag}>")

    def handle_data(self, data: str) -> None:
        if self.script and MARK in data:
            self.bad.append(f"<script>{data}")

    def handle_endtag(self, tag: str) -> None:
        self.script = False


def _check_pages(pages: list, data_files: dict[str, str]) -> None:
    for page in pages:
        body, meta = get_data(page.content)
        if page.content.startswith("---\n"):
            assert meta, f"{page.src_uri}: MkDocs lost the front matter"
            assert "<" not in str(meta.get("title", "")) and "<" not in str(meta.get("description", ""))
        parser = _Page()
        parser.feed(body)
        assert parser.bad == [], page.src_uri
    for uri, text in data_files.items():
        if uri.endswith(".xml"):
            ET.fromstring(text.encode("utf-8"))
        elif uri.endswith(".json"):
            json.loads(text)
        elif uri.endswith(".csv"):
            assert not re.search(r'(^|,|")[=+@-]', text.split("\n", 1)[1]), uri


@settings(max_examples=40, derandomize=True, deadline=None, database=None, phases=(Phase.generate,),
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(text=st.fixed_dictionaries({}, optional={"title": MOSTLY_SAFE.map(quoted), "summary": MOSTLY_SAFE.map(quoted),
                                                "license": MOSTLY_SAFE.map(quoted),
                                                "description": st.one_of(MARKDOWN, MARKDOWN, TEXT).map(quoted)}),
       product=st.one_of(st.just({}), st.just({}), st.dictionaries(st.sampled_from(FIELDS), YAML_VALUE, max_size=3)),
       translation=st.dictionaries(st.sampled_from(["Home", "Sort", "At a glance", "Filters", "SDG %(number)s: %(name)s",
                                                    "%(num)s min"]), MOSTLY_SAFE, max_size=3),
       plural=st.one_of(st.none(), st.fixed_dictionaries({"other": MOSTLY_SAFE}, optional={
           "one": MOSTLY_SAFE, "few": MOSTLY_SAFE, "many": MOSTLY_SAFE})),
       raw=st.one_of(st.none(), st.none(), st.none(), TEXT))
def test_validator_and_pages_survive_anything(text: dict[str, str], product: dict[str, str],
                                              translation: dict[str, str], plural: dict[str, str] | None,
                                              raw: str | None) -> None:
    """Any product text, YAML shape and translation: problems or pages, in bounded time, never a traceback."""
    files = {"products/fuzz.yml": _product({**text, **product}), "translations/fr.yml": _translations(translation)}
    if plural or not translation:
        files["translations/fr.yml"] += '"%(num)s product":\n' + "".join(
            f"  {category}: {quoted(_with_placeholders(text, '%(num)s'))}\n"
            for category, text in (plural or {"other": "produits"}).items())
    if raw is not None:
        files["products/raw.yml"] = raw
    with tempfile.TemporaryDirectory() as folder:
        root = write_catalogue(Path(folder), files)
        started = time.perf_counter()
        catalogue, problems = check_catalogue(root)
        assert time.perf_counter() - started < 10
        for problem in problems:
            assert re.fullmatch(r"catalog/\S+:\d+:\d+: LP\d{3} .+", str(problem)), str(problem)
        event("refused" if catalogue is None else "built")  # pytest --hypothesis-show-statistics shows the share
        if catalogue is None:
            return
        started = time.perf_counter()
        data_files = generate_data_files(catalogue)
        pages = [page for language in ("en", "fr")
                 for page in generate_pages(catalogue, data_files=data_files,
                                            translation=i18n.translation(catalogue, language))]
        assert time.perf_counter() - started < 20
        _check_pages(pages, data_files)


@settings(max_examples=1, derandomize=True, deadline=None, database=None, phases=(Phase.generate,),
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(titles=st.lists(SAFE_TEXT, min_size=3, max_size=3), summaries=st.lists(SAFE_TEXT, min_size=3, max_size=3),
       description=MARKDOWN, home=SAFE_TEXT, glance=SAFE_TEXT)
def test_a_small_build_of_generated_text_is_safe(titles: list[str], summaries: list[str], description: str,
                                                 home: str, glance: str) -> None:
    """Generated catalogue text and translations (navigation titles included) through a real MkDocs build:
    it finishes within its budget, and no page carries a script from that text."""
    files = {f"products/fuzz-{index}.yml": _product({
        "title": quoted(f"{title} {index}"), "summary": quoted(summary), "url": f"https://example.org/{index}",
        "published": "2024-01-0" + str(index + 1), **({"description": quoted(description)} if index == 0 else {})})
        for index, (title, summary) in enumerate(zip(titles, summaries, strict=True))}
    files["translations/fr.yml"] = _translations({"Home": home, "At a glance": glance})
    with tempfile.TemporaryDirectory() as folder:
        root = make_project(write_catalogue(Path(folder), files))
        catalogue, problems = check_catalogue(root)
        assert catalogue is not None, [str(p) for p in problems]
        result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "--strict", "-d", "site"],
                                cwd=root, capture_output=True, text=True, timeout=240, check=False,
                                env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"})
        assert result.returncode == 0, result.stderr
        site = root / "site"
        for page in site.rglob("*.html"):
            text = page.read_text(encoding="utf-8")
            head = text.split("</head>", 1)[0]
            assert (head.count("<title>"), head.count("</title>")) == (1, 1), page
            parser = _Page()
            parser.feed(text)
            assert parser.bad == [], page
        for feed in site.rglob("*.xml"):
            ET.parse(feed)
