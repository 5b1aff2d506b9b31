"""Hostile contributions (issue #11): each class of hole, with the exact message a contributor sees.

Every problem is a ``path:line:column: CODE message``, all at once, without a traceback; whatever the
validator accepts builds in bounded time; nothing is written outside the repository or through a link.
"""

from __future__ import annotations

import csv
import html.parser
import io
import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
from conftest import PRODUCT, ROOT, built_site, make_project, product, write_catalogue

from learning_catalog import check_catalogue, load_catalogue
from learning_catalog.contract.problems import Position, Problem
from learning_catalog.contract.table import neutralise, restore, row_to_record
from learning_catalog.site.exports import catalog_csv
from learning_catalog.site.i18n import fill
from learning_catalog.site.render import front_matter_string, markdown_to_html
from learning_catalog.tools import spreadsheet
from learning_catalog.tools.fix import fix_file
from learning_catalog.tools.yamlwrite import product_file

P = "catalog/products/bad.yml"


def _errors(root: Path) -> list[str]:
    catalogue, problems = check_catalogue(root)
    errors = [str(p) for p in problems if p.severity == "error"]
    assert (catalogue is None) == bool(errors)
    return errors


# -- what the validator refuses ----------------------------------------------------------

CASES = [
    # Parsing: depth and size limits hold before anything recursive runs.
    ("flow-nesting-bomb", {"products/bad.yml": "title: " + "[" * 30_000 + "\n"},
     [f"{P}:1:48: LP105 values are nested more than 40 levels deep"]),
    ("block-nesting-bomb", {"products/bad.yml": "title:\n" + "- " * 1000 + "x\n"},
     [f"{P}:2:81: LP105 values are nested more than 40 levels deep"]),
    ("mapping-nesting-bomb", {"products/bad.yml": "title: " + "{a: " * 5000 + "\n"},
     [f"{P}:1:165: LP105 values are nested more than 40 levels deep"]),
    ("huge-number", {"products/bad.yml": product(season="9" * 5000, series="global-urban-lectures")},
     [f"{P}:9:9: LP105 a number of 5,000 characters is too long to read (the limit is 30); "
      "put it in quotes if it is text"]),
    # YAML syntax errors point at what is left open, and at where the parser noticed.
    ("unclosed-list", {"products/bad.yml": product(topics="[urban-planning, climate-change") + "\n\n"},
     [f"{P}:6:9: LP102 YAML syntax error: the list opened here ('[' at line 6, column 9) is not closed: "
      "expected ',' or ']' at line 7, column 10"]),
    ("unclosed-list-at-end", {"products/bad.yml": product() + "sdgs: [11, 13\n\n\n"},
     [f"{P}:10:7: LP102 YAML syntax error: the list opened here ('[' at line 10, column 7) is not closed: "
      "expected ',' or ']' at line 13, column 1"]),
    ("unclosed-mapping", {"products/bad.yml": product(title="{en: Place Value") + "\n"},
     [f"{P}:1:8: LP102 YAML syntax error: the mapping opened here ('{{' at line 1, column 8) is not closed: "
      "expected ',' or '}' at line 2, column 8"]),
    ("unclosed-quote", {"products/bad.yml": product() + 'license: "CC BY\n\n'},
     [f"{P}:10:10: LP102 YAML syntax error: the quoted text opened here ('\"' at line 10, column 10) is not "
      "closed: the file ends at line 12, column 1"]),
    ("bad-indentation", {"products/bad.yml": product() + "people:\n  - name: A\n name: B\n"},
     [f"{P}:12:2: LP102 YAML syntax error: did not find expected key (in the mapping that starts at "
      "line 1, column 1)"]),
    ("duplicate-anchor", {"products/bad.yml": product(license="&a x") + "reviewed: &a 2026-01-01\n"},
     [f"{P}:11:11: LP102 YAML syntax error: an anchor is defined twice (first at line 9, column 10)"]),
    ("two-documents", {"products/bad.yml": product() + "---\ntitle: Second\n"},
     [f"{P}:10:1: LP102 YAML syntax error: the file holds a second YAML document ('---'); keep one"]),
    # YAML 1.1 readings that do not look like what is written.
    ("sexagesimal", {"products/bad.yml": product(series="global-urban-lectures", season="1:20")},
     [f"{P}:10:9: LP110 '1:20' is read by YAML as the number 80 (base 60); put it in quotes ('1:20') if it is "
      "text, or write 80"]),
    ("octal", {"products/bad.yml": product(sdgs="[011]")},
     [f"{P}:9:8: LP110 '011' is read by YAML as the number 9 (octal); put it in quotes ('011') if it is text, "
      "or write 9"]),
    ("hexadecimal", {"products/bad.yml": product(sdgs="[0xb]")},
     [f"{P}:9:8: LP110 '0xb' is read by YAML as the number 11 (hexadecimal); put it in quotes ('0xb') if it is "
      "text, or write 11"]),
    ("underscores", {"products/bad.yml": product(sdgs="[1_1]")},
     [f"{P}:9:8: LP110 '1_1' is read by YAML as the number 11; put it in quotes ('1_1') if it is text, "
      "or write 11"]),
    ("yes", {"products/bad.yml": product(free="yes")},
     [f"{P}:9:7: LP110 'yes' is read by YAML as true; put it in quotes ('yes') if it is text, or write true"]),
    ("off", {"products/bad.yml": product(certificate="Off")},
     [f"{P}:9:14: LP110 'Off' is read by YAML as false; put it in quotes ('Off') if it is text, or write false"]),
    ("norway-in-a-translation", {"translations/fr.yml": '"Sort": no\n'},
     ["catalog/translations/fr.yml:1:9: LP110 'no' is read by YAML as false; put it in quotes ('no') if it is "
      "text, or write false"]),
    # Characters that no page, feed or cell can carry, or that hide what text says.
    ("control-character", {"products/bad.yml": product(summary='"Rings a bell\\a"')},
     [f"{P}:2:10: LP315 'summary' contains U+0007 at character 13: an invisible control character that web "
      "pages and XML feeds cannot carry"]),
    ("next-line", {"products/bad.yml": product(summary='"One\\Ntwo"')},
     [f"{P}:2:10: LP315 'summary' contains U+0085 at character 4: an invisible control character that web "
      "pages and XML feeds cannot carry"]),
    ("line-separator", {"products/bad.yml": product(summary='"One\\Ltwo"')},
     [f"{P}:2:10: LP315 'summary' contains U+2028 (LINE SEPARATOR) at character 4: an invisible line "
      "separator; write an ordinary line break"]),
    ("noncharacter", {"products/bad.yml": product(license='"CC\\uFFFE"')},
     [f"{P}:9:10: LP315 'license' contains U+FFFE at character 3: an invisible control character that web "
      "pages and XML feeds cannot carry"]),
    ("bidi-override-in-title", {"products/bad.yml": product(title='"Place \\u202eeulaV"')},
     [f"{P}:1:8: LP315 'title' contains U+202E (RIGHT-TO-LEFT OVERRIDE) at character 7: an invisible "
      "direction control, which can make the text read in another order than it is written; delete it "
      "(the text's own letters set its direction)"]),
    ("bidi-isolate-in-a-translated-title", {"products/bad.yml": product(title='{en: Place Value, fr: "\\u2067Valeur"}')},
     [f"{P}:1:30: LP315 'title.fr' contains U+2067 (RIGHT-TO-LEFT ISOLATE) at character 1: an invisible "
      "direction control, which can make the text read in another order than it is written; delete it "
      "(the text's own letters set its direction)"]),
    ("bidi-in-a-person", {"products/bad.yml": product() + 'people:\n  - name: "Ann \\u202dBee"\n'},
     [f"{P}:11:11: LP315 'people.name' contains U+202D (LEFT-TO-RIGHT OVERRIDE) at character 5: an invisible "
      "direction control, which can make the text read in another order than it is written; delete it "
      "(the text's own letters set its direction)"]),
    ("bidi-in-a-key", {"products/bad.yml": product() + '"lic\\u202eense": x\n'},
     [f"{P}:10:1: LP315 a key contains U+202E (RIGHT-TO-LEFT OVERRIDE) at character 4: an invisible direction "
      "control, which can make the text read in another order than it is written; delete it (the text's own "
      "letters set its direction)"]),
    ("control-in-a-translation", {"translations/fr.yml": '"Sort": "Trier\\e[2J"\n'},
     ["catalog/translations/fr.yml:1:9: LP315 'Sort' contains U+001B at character 6: an invisible control "
      "character that web pages and XML feeds cannot carry"]),
    ("zero-width-space-in-title", {"products/bad.yml": product(title='"Place\\u200bValue"')},
     [f"{P}:1:8: LP315 'title' contains U+200B (ZERO WIDTH SPACE) at character 6: an invisible character that "
      "makes the title look like another; delete it"]),
    ("zero-width-in-a-term-label", {"vocabularies/formats.yml": "terms:\n  - id: video-lecture\n    label: Video\n"
                                                                "  - id: handbook\n    label: \"Hand\\ufeffbook\"\n"},
     ["catalog/vocabularies/formats.yml:5:12: LP315 'label' contains U+FEFF (ZERO WIDTH NO-BREAK SPACE) at "
      "character 5: an invisible character that makes the title look like another; delete it"]),
    # Titles that read the same are the same title, whatever invisible or compatibility characters they hold.
    ("duplicate-title-soft-hyphen", {"products/a.yml": product(url="https://example.org/a"),
                                     "products/bad.yml": product(title='"Place Val\\u00adue"')},
     [f"{P}:1:8: LP403 this title is already used by catalog/products/a.yml:1:8"]),
    ("duplicate-title-full-width", {"products/a.yml": product(url="https://example.org/a"),
                                    "products/bad.yml": product(title="Ｐｌａｃｅ Ｖａｌｕｅ")},
     [f"{P}:1:8: LP403 this title is already used by catalog/products/a.yml:1:8"]),
    ("duplicate-title-variation-selector", {"products/a.yml": product(url="https://example.org/a"),
                                            "products/bad.yml": product(title='"Place Value\\ufe0f"')},
     [f"{P}:1:8: LP403 this title is already used by catalog/products/a.yml:1:8"]),
    # Markdown that renders slowly (time grows with the cube of a backtick run) or recurses.
    ("backtick-bomb", {"products/bad.yml": product(description='"' + "`" * 3000 + '"')},
     [f"{P}:9:14: LP316 'description' has 3,000 marks of Markdown markup (` * _ [ ]); the limit is 500: write "
      "more of it as plain text"]),
    ("backtick-run", {"products/bad.yml": product(description='"Use ````code```` here"')},
     [f"{P}:9:14: LP316 'description' has 4 backticks in a row; the limit is 3"]),
    ("nested-lists", {"products/bad.yml": product(description='"' + "- " * 1000 + 'x"')},
     [f"{P}:9:14: LP316 'description' nests lists, quotes or indented blocks 1000 levels deep (line 1 of the "
      "text); the limit is 8"]),
    ("nested-numbered-lists", {"products/bad.yml": product(description='"Intro\\n\\n' + "1. " * 9 + 'x"')},
     [f"{P}:9:14: LP316 'description' nests lists, quotes or indented blocks 9 levels deep (line 3 of the "
      "text); the limit is 8"]),
    ("nested-quotes", {"products/bad.yml": product(description='"' + "> " * 9 + 'x"')},
     [f"{P}:9:14: LP316 'description' nests lists, quotes or indented blocks 9 levels deep (line 1 of the "
      "text); the limit is 8"]),
    ("open-brackets", {"products/bad.yml": product(description='"' + "[" * 17 + 'x"')},
     [f"{P}:9:14: LP316 'description' leaves 17 brackets open inside one another; the limit is 16: close them"]),
    ("open-parentheses", {"products/bad.yml": product(description='"' + "[a](" * 17 + '"')},
     [f"{P}:9:14: LP316 'description' leaves 17 parentheses open inside one another; the limit is 16: close them"]),
    ("long-description", {"products/bad.yml": product(description="x" * 5001)},
     [f"{P}:9:14: LP205 'description' is 5,001 characters long; the limit is 5,000"]),
    # Durations whose numbers would overflow.
    ("duration-overflow", {"products/bad.yml": product(duration="P" + "9" * 400 + "D")},
     [f"{P}:9:11: LP304 'duration' must be at most ten years (P10Y); found 'P{'9' * 78}…'"]),
    ("duration-too-long", {"products/bad.yml": product(duration="P11Y")},
     [f"{P}:9:11: LP304 'duration' must be at most ten years (P10Y); found 'P11Y'"]),
]


@pytest.mark.parametrize("composer", ["libyaml", "events"])
@pytest.mark.parametrize(("files", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_hostile_input_is_refused_with_its_place(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, composer: str,
                                                 files: dict[str, str], expected: list[str]) -> None:
    """Each hostile input gets exactly its problem, at its place, and no catalogue, whichever composer reads
    it: libyaml's for texts that cannot nest too deep for it, the reader's own (without recursion) otherwise."""
    from learning_catalog.contract import yamlsafe

    monkeypatch.setattr(yamlsafe, "SAFE_FOR_C_COMPOSER", 1_000 if composer == "libyaml" else 0)
    write_catalogue(tmp_path, {"products/place-value.yml": product(title="Place", url="https://example.org/p"),
                               **files})
    assert _errors(tmp_path) == expected


def test_both_composers_read_the_shipped_catalogue_alike() -> None:
    """libyaml's composer and the reader's own give the same values at the same places for every shipped file."""
    from learning_catalog.contract import yamlsafe
    from learning_catalog.contract.problems import Collector

    files = sorted((ROOT / "catalog").rglob("*.yml"))
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert sum(map(text.count, "[{-?:")) < yamlsafe.SAFE_FOR_C_COMPOSER, path
        fast = yamlsafe.parse(text, Collector("x"))
        yamlsafe.SAFE_FOR_C_COMPOSER, saved = 0, yamlsafe.SAFE_FOR_C_COMPOSER
        try:
            slow = yamlsafe.parse(text, Collector("x"))
        finally:
            yamlsafe.SAFE_FOR_C_COMPOSER = saved
        assert fast is not None and slow is not None
        assert (fast.value, fast.positions, fast.key_positions) == (slow.value, slow.positions, slow.key_positions)


@pytest.mark.parametrize("text", ["Spaces  and\ttabs", "Emoji 🏙️ and 𝒮𝒸𝓇𝒾𝓅𝓉", "عربي\u200f 2026", "Zero\u200dwidth joiner",
                                  "e\u0301", "Soft\u00adhyphen"])
def test_ordinary_text_is_accepted(tmp_path: Path, text: str) -> None:
    """Marks that scripts need (joiners, right-to-left marks, combining accents) and astral characters pass."""
    quoted = '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    write_catalogue(tmp_path, {"products/place-value.yml": product(title=quoted, summary=quoted)})
    assert _errors(tmp_path) == []
    assert load_catalogue(tmp_path).products["place-value"].title.text == text


# -- files are files ---------------------------------------------------------------------


def _link(root: Path, rel: str, target: str | Path) -> None:
    path = root / "catalog" / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(target)


FILE_CASES = [
    ("link-to-a-secret", lambda root: _link(root, "products/bad.yml", "/etc/passwd"),
     [f"{P}:1:1: LP108 'bad.yml' is a symbolic link; the catalogue reads no links: commit the file itself"]),
    ("link-to-a-product", lambda root: _link(root, "products/bad.yml", root / "catalog/products/place-value.yml"),
     [f"{P}:1:1: LP108 'bad.yml' is a symbolic link; the catalogue reads no links: commit the file itself"]),
    ("looping-link", lambda root: _link(root, "products/bad.yml", "bad.yml"),
     [f"{P}:1:1: LP108 'bad.yml' is a symbolic link; the catalogue reads no links: commit the file itself"]),
    ("dangling-link", lambda root: _link(root, "products/bad.yml", "/nowhere/at/all.yml"),
     [f"{P}:1:1: LP108 'bad.yml' is a symbolic link; the catalogue reads no links: commit the file itself"]),
    ("linked-vocabulary", lambda root: (root / "catalog/vocabularies/topics.yml").unlink()
     or _link(root, "vocabularies/topics.yml", "/etc/hostname"),
     ["catalog/vocabularies/topics.yml:1:1: LP108 'topics.yml' is a symbolic link; the catalogue reads no links: "
      "commit the file itself"]),
    ("linked-translation", lambda root: _link(root, "translations/fr.yml", "/etc/passwd"),
     ["catalog/translations/fr.yml:1:1: LP108 'fr.yml' is a symbolic link; the catalogue reads no links: "
      "commit the file itself"]),
    ("linked-wanted-list", lambda root: _link(root, "WANTED.md", "/etc/passwd"),
     ["catalog/WANTED.md:1:1: LP108 'WANTED.md' is a symbolic link; the catalogue reads no links: commit the file "
      "itself"]),
    ("linked-folder", lambda root: _link(root, "paths", "/etc"),
     ["catalog/paths:1:1: LP108 'paths' is a symbolic link; the catalogue reads no links: commit the folder itself"]),
    ("folder-named-like-a-file", lambda root: (root / "catalog/products/bad.yml").mkdir(),
     [f"{P}:1:1: LP108 'bad.yml' is a folder; it should be a file"]),
    ("pipe", lambda root: os.mkfifo(root / "catalog/products/bad.yml"),
     [f"{P}:1:1: LP108 'bad.yml' is not a regular file (it is a device, pipe or socket)"]),
    ("file-for-a-folder", lambda root: (root / "catalog/paths").write_text("x", encoding="utf-8"),
     ["catalog/paths:1:1: LP108 'paths' is a file; it should be a folder"]),
    ("too-large", lambda root: (root / "catalog/products/bad.yml").write_bytes(b"# " + b"x" * 2_000_000),
     [f"{P}:1:1: LP105 file is 2,000,002 bytes; the limit is 1,000,000"]),
]


@pytest.mark.parametrize(("make", "expected"), [c[1:] for c in FILE_CASES], ids=[c[0] for c in FILE_CASES])
def test_only_regular_files_are_read(tmp_path: Path, make: object, expected: list[str]) -> None:
    """Links, folders and special files are refused without being followed: no message says what a link
    points at or what it holds, and a pipe does not hang the check."""
    write_catalogue(tmp_path, {"products/place-value.yml": PRODUCT})
    make(tmp_path)  # type: ignore[operator]
    errors = _errors(tmp_path)
    assert errors == expected
    assert not re.search(r"root:|/etc|passwd|hostname|nowhere", " ".join(errors).replace("catalog/", ""))


def test_unreadable_files_are_problems_not_tracebacks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file or folder the check may not read is a problem with a reason (tests run as root, so the
    refusal is simulated)."""
    write_catalogue(tmp_path, {"products/place-value.yml": PRODUCT, "products/secret.yml": PRODUCT,
                               "paths/locked/x": ""})
    real_open, real_listdir = os.open, os.listdir

    def refusing_open(path: object, *args: object) -> int:
        if str(path).endswith("secret.yml"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args)  # type: ignore[arg-type]

    def refusing_listdir(path: object) -> list[str]:
        if str(path).endswith("paths"):
            raise PermissionError(13, "Permission denied")
        return real_listdir(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", refusing_open)
    monkeypatch.setattr(os, "listdir", refusing_listdir)
    assert _errors(tmp_path) == [
        "catalog/paths:1:1: LP109 the folder cannot be read: permission denied",
        "catalog/products/secret.yml:1:1: LP109 the file cannot be read: permission denied",
    ]


def test_fix_never_writes_through_a_link(tmp_path: Path) -> None:
    """`make fix` leaves a linked product file, and the file outside the repository it points at, alone."""
    outside = tmp_path / "outside.yml"
    messy = product(topics="[urban-planning, urban-planning]")
    outside.write_text(messy, encoding="utf-8")
    root = write_catalogue(tmp_path / "repo", {"products/place-value.yml": messy})
    (root / "catalog/products/linked.yml").symlink_to(outside)
    (root / "catalog/products/linked-folder").symlink_to(tmp_path)
    result = subprocess.run([sys.executable, "-m", "learning_catalog", "check", "--fix"], cwd=root, text=True,
                            capture_output=True, env={**os.environ, "PYTHONPATH": str(ROOT / "hooks")}, check=False)
    assert "fixed catalog/products/place-value.yml: duplicate in topics" in result.stdout
    assert "linked" not in result.stdout
    assert outside.read_text(encoding="utf-8") == messy
    assert (root / "catalog/products/linked.yml").is_symlink()
    assert fix_file(root / "catalog/products/linked.yml", root) == []
    assert outside.read_text(encoding="utf-8") == messy
    assert "LP108 'linked.yml' is a symbolic link" in result.stderr


def test_fix_changes_nothing_in_the_shipped_catalogue(tmp_path: Path) -> None:
    """The shipped catalogue is as `make fix` writes it: fixing a copy of it changes no file."""
    shutil.copytree(ROOT / "catalog", tmp_path / "catalog")
    (tmp_path / "docs").mkdir()
    before = {p: p.read_bytes() for p in (tmp_path / "catalog").rglob("*.yml")}
    changed = [p.name for p in sorted((tmp_path / "catalog/products").glob("*.yml")) if fix_file(p, tmp_path)]
    assert changed == []
    assert {p: p.read_bytes() for p in (tmp_path / "catalog").rglob("*.yml")} == before


# -- what tools print and write ----------------------------------------------------------


@pytest.mark.parametrize(("path", "message", "annotation", "plain"), [
    ("catalog/products/a\n::error file=x::forged.yml", "bad",
     "::error file=catalog/products/a\\n%3A%3Aerror file=x%3A%3Aforged.yml,line=1,col=1,title=LP401::bad",
     "catalog/products/a\\n::error file=x::forged.yml:1:1: LP401 bad"),
    ("catalog/products/a,line=9.yml", "100% sure\r\nnext",
     "::error file=catalog/products/a%2Cline=9.yml,line=1,col=1,title=LP401::100%25 sure\\r\\nnext",
     "catalog/products/a,line=9.yml:1:1: LP401 100% sure\\r\\nnext"),
    ("catalog/products/\u202egnp.yml", "\x1b[2Jcleared",
     "::error file=catalog/products/\\u202egnp.yml,line=1,col=1,title=LP401::\\x1b[2Jcleared",
     "catalog/products/\\u202egnp.yml:1:1: LP401 \\x1b[2Jcleared"),
])
def test_problems_print_on_one_line_whatever_they_quote(path: str, message: str, annotation: str, plain: str) -> None:
    """A file name or value with a line break, a comma, a colon or a control character cannot start a second
    annotation, end a property, or command the terminal: workflow-command escaping, and escapes for the rest."""
    problem = Problem(path=path, position=Position(), code="LP401", message=message)
    assert (problem.github_annotation(), str(problem)) == (annotation, plain)


def test_file_name_with_a_line_break_is_one_annotation(tmp_path: Path) -> None:
    """Under GitHub Actions, a product file whose name holds a line break gives exactly one annotation."""
    write_catalogue(tmp_path, {"products/place-value.yml": PRODUCT, "products/x\n::error::forged.yml": PRODUCT})
    result = subprocess.run([sys.executable, "-m", "learning_catalog", "check"], cwd=tmp_path, text=True,
                            capture_output=True, check=False,
                            env={**os.environ, "PYTHONPATH": str(ROOT / "hooks"), "GITHUB_ACTIONS": "true"})
    assert [line for line in result.stdout.splitlines() if line.startswith("::error")] == [
        "::error file=catalog/products/x\\n%3A%3Aerror%3A%3Aforged.yml,line=1,col=1,title=LP401::file name "
        "'x\\n::error::forged' is not a valid id: use lowercase letters, digits and hyphens, e.g. "
        "'x-error-forged'; the file name is the id"]


@pytest.mark.parametrize("source", ["https://example.org/a\ntitle: Injected", "https://example.org/\u2028url: x",
                                    "https://example.org/\x1b[2J"])
def test_new_refuses_a_source_that_is_not_one_line(tmp_path: Path, source: str) -> None:
    """`make new --source` with a line break (or a control character) writes nothing."""
    root = write_catalogue(tmp_path, {"products/place-value.yml": PRODUCT})
    args = ["--title", "New product", "--summary", "S.", "--url", "https://example.org/new", "--format", "handbook",
            "--provider", "un-habitat", "--topics", "urban-planning", "--audiences", "local-government",
            "--languages", "en", "--source", source]
    result = subprocess.run([sys.executable, "-m", "learning_catalog", "new", *args], cwd=root, text=True,
                            capture_output=True, env={**os.environ, "PYTHONPATH": str(ROOT / "hooks")},
                            stdin=subprocess.DEVNULL, check=False)
    assert (result.returncode, result.stderr) == (
        2, f"Not written: each --source is one line of text (a page's address); {source!r} is not\n")
    assert not (root / "catalog/products/new-product.yml").exists()


def test_comments_written_by_the_tools_stay_comments() -> None:
    """Whatever a comment holds (line breaks of any kind), every line of it stays a comment."""
    text = product_file({"title": "T"}, ["imported from a\nsummary: injected.csv", "b\u2028url: x", "c\x85id: y"])
    assert [line for line in text.splitlines() if not line.startswith("#")] == ["title: T"]


def test_new_never_writes_through_a_linked_folder(tmp_path: Path) -> None:
    """A products folder that is a link to elsewhere gets no file from `make new`."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    root = write_catalogue(tmp_path / "repo", {"products/place-value.yml": PRODUCT})
    shutil.move(root / "catalog/products", tmp_path / "products")
    (root / "catalog/products").symlink_to(elsewhere)
    from learning_catalog.tools import files, scaffold

    with pytest.raises(files.UnsafePath, match="^catalog/products is a symbolic link; the tools write no links$"):
        scaffold.write_new_product(root, {"title": "T"}, "t")
    assert list(elsewhere.iterdir()) == []


# -- exports are safe to open ------------------------------------------------------------


@pytest.mark.parametrize(("value", "cell"), [
    ("=HYPERLINK(\"http://evil\")", "'=HYPERLINK(\"http://evil\")"),
    ("+1", "'+1"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("\rx", "'\rx"),
    ("＝1+1", "'＝1+1"), ("'=already", "''=already"), ("''", "'''"), ("'Tis", "'Tis"), ("plain", "plain"), ("", ""),
])
def test_cells_a_spreadsheet_would_evaluate_are_neutralised(value: str, cell: str) -> None:
    """OWASP's advice: an apostrophe before a formula; the import reads the value back without loss."""
    assert neutralise(value) == cell
    assert restore(cell) == value


def test_catalog_csv_has_no_formulas_and_imports_back(tmp_path: Path) -> None:
    """catalog.csv writes formula-like values safely, and importing it gives the catalogue's values back."""
    root = write_catalogue(tmp_path, {"products/place-value.yml": product(
        title='"=HYPERLINK(\\"http://evil.example\\", \\"Click\\")"', summary='"@SUM(1+1)"',
        description='"- first\\n- second"', license='"+CC BY"')})
    exported = catalog_csv(load_catalogue(root))
    rows = list(csv.DictReader(io.StringIO(exported)))
    assert [rows[0][k] for k in ("title", "summary", "description", "license")] == [
        "'=HYPERLINK(\"http://evil.example\", \"Click\")", "'@SUM(1+1)", "'- first\n- second", "'+CC BY"]
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row.values())
    values = row_to_record(rows[0])
    assert (values["title"], values["license"]) == ('=HYPERLINK("http://evil.example", "Click")', "+CC BY")


def _xlsx(path: Path, sheet: str, shared: str | None = None) -> Path:
    """A minimal workbook whose first sheet (and shared strings) are the given XML."""
    content_types = ('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                     '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                     '<Default Extension="xml" ContentType="application/xml"/>'
                     '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
                     'spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType='
                     '"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                     + ('<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
                        'officedocument.spreadsheetml.sharedStrings+xml"/>' if shared else "") + "</Types>")
    relationships = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                     'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
                     '2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
    workbook = ('<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
                '<sheet name="Products" sheetId="1" r:id="rId1"/></sheets></workbook>')
    workbook_rels = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                     'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
                     '2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
                     + ('<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                        'relationships/sharedStrings" Target="sharedStrings.xml"/>' if shared else "")
                     + "</Relationships>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", content_types)
        archive.writestr("_rels/.rels", relationships)
        archive.writestr("xl/workbook.xml", workbook)
        archive.writestr("xl/_rels/workbook.xml.rels", workbook_rels)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
        if shared:
            archive.writestr("xl/sharedStrings.xml", shared)
    return path


SHEET = '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{}</sheetData></worksheet>'
LAUGHS = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
          + "".join(f'<!ENTITY lol{i + 1} "{("&lol" + (str(i) if i else "") + ";") * 10}">' for i in range(9))
          + ']>')


@pytest.mark.parametrize(("sheet", "shared", "message"), [
    (SHEET.format('<dimension ref="A1:XFD1048576"/><row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t>'
                  "</is></c></row>"), None,
     "hostile.xlsx: the sheet goes on beyond row 10,001; import at most 10,000 products at a time"),
    (SHEET.format('<row r="1"><c r="XFD1" t="inlineStr"><is><t>x</t></is></c></row>'), None,
     "hostile.xlsx: row 1 has values beyond column 500; the import reads at most 500 columns"),
    (SHEET.format('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'),
     LAUGHS + '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&lol9;</t></si></sst>',
     "hostile.xlsx: cannot be read as an .xlsx workbook (it declares XML entities, which the import refuses)"),
    ('<?xml version="1.0"?><!DOCTYPE w [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
     + SHEET.format('<row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row>'), None,
     "hostile.xlsx: cannot be read as an .xlsx workbook (it declares XML entities, which the import refuses)"),
    (SHEET.format('<row r="1"><c r="A1" t="inlineStr"><is><t>unclosed</is></c></row>'), None,
     "hostile.xlsx: cannot be read as an .xlsx workbook (its XML is not well-formed: mismatched tag: line 1, "
     "column 140)"),
], ids=["cell-at-XFD1048576", "cell-at-XFD1", "billion-laughs", "external-entity", "broken-xml"])
def test_hostile_workbooks_are_refused_with_a_message(tmp_path: Path, sheet: str, shared: str | None,
                                                      message: str) -> None:
    """Workbooks that would exhaust memory or attack the XML parser end in one message, quickly."""
    path = _xlsx(tmp_path / "hostile.xlsx", sheet, shared)
    with pytest.raises(spreadsheet.SpreadsheetError) as info:
        spreadsheet.read_table(path, "hostile.xlsx")
    assert str(info.value) == message


def test_zip_bomb_workbook_is_refused(tmp_path: Path) -> None:
    """A workbook that unpacks to more than the import reads is refused before it is unpacked."""
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"<a>" + b" " * 60_000_000 + b"</a>")
    with pytest.raises(spreadsheet.SpreadsheetError) as info:
        spreadsheet.read_table(path, "bomb.xlsx")
    assert str(info.value) == "bomb.xlsx: the workbook unpacks to 60,000,007 bytes; the limit is 50,000,000"


# -- rendering and formatting ------------------------------------------------------------


@pytest.mark.parametrize("text", ["Place Value 🏙️", "Math 𝒮𝒸𝓇𝒾𝓅𝓉 and 𠀀", "Quote \" and back\\slash", "Next\x85line",
                                  "Line\u2028separator", "BOM\ufeffinside", "Tab\there", "O'Brien & <b>Co</b>",
                                  "Colon: # hash - dash", "'single' \"double\"", "%(num)s %"])
def test_front_matter_keeps_any_text(text: str) -> None:
    """A title reaches the page's front matter intact (MkDocs' own reader gets it back, escaped once): JSON's
    surrogate pairs for astral characters, which libyaml refuses, are not used."""
    from mkdocs.utils.meta import get_data

    from markupsafe import escape

    document = f"---\ntitle: {front_matter_string(text)}\n---\nbody\n"
    body, meta = get_data(document)
    assert (body, meta) == ("body\n", {"title": str(escape(" ".join(text.split())))})


def test_front_matter_escapes_once() -> None:
    """Text the templates escaped already (Markup) is not escaped a second time (no '&amp;#39;')."""
    from markupsafe import Markup, escape

    assert str(front_matter_string(escape("Nature's & City"))) == '"Nature&#39;s &amp; City"'
    assert str(front_matter_string(Markup("d&#39;ONU-Habitat"))) == '"d&#39;ONU-Habitat"'
    assert str(front_matter_string("Cut here please", limit=10)) == '"Cut..."'


@pytest.mark.parametrize("text", ["1. " * 1000 + "x", "> " * 1000 + "x", "- " * 1000 + "x"])
def test_rendering_never_recurses_out(text: str) -> None:
    """Markdown deeper than Python's recursion allows still renders (as plain text) instead of stopping a build."""
    html_text = str(markdown_to_html(text))
    assert html_text.startswith("<") and "x" in html_text
    assert str(markdown_to_html("**Then** this")) == "<p><strong>Then</strong> this</p>"  # the renderer recovered


@pytest.mark.parametrize(("message", "values", "expected"), [
    ("100 % gratuit", {}, "100 % gratuit"),
    ("%(num)s % des produits", {"num": 3}, "3 % des produits"),
    ("%d %s %(other)s", {"other": "x"}, "%d %s x"),
    ("%%(num)s", {"num": 1}, "%1"),
])
def test_placeholders_are_filled_and_nothing_else(message: str, values: dict[str, object], expected: str) -> None:
    """The site fills `%(name)s` and leaves every other '%' as written, like the scripts do."""
    assert fill(message, values) == expected


def test_the_validators_patterns_are_linear() -> None:
    """The validator's own regular expressions take time linear in the text: pathological inputs of
    200,000 characters (the raw-HTML pattern took 44 s for 50,000 of '<' and spaces) finish within a budget."""
    script = textwrap.dedent("""
        import re, sys, time
        sys.path.insert(0, "hooks")
        from learning_catalog.contract import schema, table, text, yamlsafe
        patterns = [v for m in (schema, table, text, yamlsafe) for v in vars(m).values() if isinstance(v, re.Pattern)]
        patterns += [p for v in vars(schema).values() if isinstance(v, tuple) for p in v if isinstance(p, re.Pattern)]
        n = 200_000
        inputs = ["<" + " " * n + "!", "<a" + " " * n, "<!" + "-" * n, "[" * n, "[\\n" * (n // 2), "](" + " " * n,
                  "(" * n + ")", ")" * n, "P" + "9" * n, "9" * n + "-", "`" * n, "\\\\" * n, "<x:" + "a" * n,
                  "a" * n + "!", "_" * n, "1:" * n, "0" * n + "x"]
        started = time.perf_counter()
        for pattern in patterns:
            for sample in inputs:
                pattern.search(sample)
        text.markdown_problem("[" * n)
        schema._balanced(")" * n)
        print(len(patterns), round(time.perf_counter() - started, 1))
    """)
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60,
                            check=True)
    count, seconds = result.stdout.split()
    assert int(count) >= 8 and float(seconds) < 30


# -- a hostile catalogue and hostile translations, built -----------------------------------

HOSTILE_TRANSLATIONS = """\
    "Home": "Accueil</title><script>alert('nav')</script><title>"
    "At a glance": "En bref\\"><img src=x onerror=alert(1)>"
    "Sort": "100 % trier"
    "Filters": "Filtres %d %s %"
    "%(num)s product":
      one: "%(num)s produit (100 %)"
      other: "%(num)s produits à 100 %"
    "This page is in English only.": "<script>alert('notice')</script>"
    "Catalogue data from UN-Habitat and its partners; each product belongs to its provider.": "</div><script>alert('footer')</script>"
    """


class _Tags(html.parser.HTMLParser):
    """Every start tag of a page, with its attributes, and the text of its <title> and scripts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.titles: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in = tag if tag in ("script", "title") else None

    def handle_data(self, data: str) -> None:
        if self._in == "script":
            self.scripts.append((self.tags[-1][1], data))
        elif self._in == "title":
            self.titles.append(data)

    def handle_endtag(self, tag: str) -> None:
        self._in = None


def test_hostile_catalogue_and_translations_build_safely(tmp_path: Path) -> None:
    """Hostile translations (navigation titles included, which Material prints through `striptags`) and
    hostile catalogue text build into pages where every script is the site's own, every <title> is text,
    a '%' is a '%', an emoji keeps the page's front matter, and the feeds are well-formed XML."""
    root = make_project(write_catalogue(tmp_path, {
        "products/place-value.yml": product(title='"Place Value 🏙️ & Nature\'s </title><script>alert(1)</script>"',
                                            published="2020-07-07", duration="PT15M"),
        "products/emoji.yml": product(title="Cities 🌆 of 𝒮𝒸𝓇𝒾𝓅𝓉", url="https://example.org/emoji",
                                      published="2021-01-01"),
        "translations/fr.yml": HOSTILE_TRANSLATIONS}))
    site = built_site(root)
    own_scripts = 0
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        head = text.split("</head>", 1)[0]
        assert (head.count("<title>"), head.count("</title>")) == (1, 1), page
        parser = _Tags()
        parser.feed(text)
        for tag, attributes in parser.tags:
            assert not [name for name, value in attributes.items() if name.startswith("on") and "alert" in str(value)
                        or str(value).lower().startswith("javascript:")], (page, tag, attributes)
        for attributes, script in parser.scripts:
            if attributes.get("type") == "application/ld+json":
                assert "<" not in script and json.loads(script)  # data, which cannot close its element
            else:
                assert "alert" not in script, page
        own_scripts += 1
    assert own_scripts > 100
    french_home = (site / "fr/index.html").read_text(encoding="utf-8")
    french_statistics = (site / "fr/statistics/index.html").read_text(encoding="utf-8")
    assert ("<title>Accueil&lt;/title&gt;&lt;script&gt;alert(&#39;nav&#39;)&lt;/script&gt;&lt;title&gt; - "
            "Urban Agenda Learning Page</title>") in french_home  # Material's `striptags` un-escaped it
    about = (site / "fr/about/index.html").read_text(encoding="utf-8")
    assert "Accueil&lt;/title&gt;&lt;script&gt;alert('nav')&lt;/script&gt;&lt;title&gt;" in about  # the navigation
    assert 'En bref"&gt;&lt;img src=x onerror=alert(1)&gt;' in french_statistics  # the navigation
    catalogue = (site / "fr/catalogue/index.html").read_text(encoding="utf-8")
    assert "100 % trier" in catalogue and "à 100 %" in catalogue
    hostile = (site / "products/place-value/index.html").read_text(encoding="utf-8")
    assert ("<title>Place Value 🏙️ &amp; Nature&#39;s &lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; - Urban "
            "Agenda Learning Page</title>") in hostile
    emoji = (site / "products/emoji/index.html").read_text(encoding="utf-8")
    assert "<title>Cities 🌆 of 𝒮𝒸𝓇𝒾𝓅𝓉 - Urban Agenda Learning Page</title>" in emoji
    # Its front matter was read: its description (the summary), and no "hide:" left as text. (Product pages, lean
    # since #10, have no table of contents at all, so "hide: toc" shows nowhere.)
    assert ('<meta name="description" content="How the governance of urban design shapes the value of places.">'
            in emoji) and "hide:" not in emoji
    for feed in (site / "feeds").rglob("*.xml"):
        ET.parse(feed)
    assert not [p for p in site.rglob("*.html") if "&amp;#39;" in p.read_text(encoding="utf-8")]


def test_no_page_of_the_real_site_is_escaped_twice(real_site: Path) -> None:
    """No page shows '&amp;#39;' (an apostrophe escaped twice): 105 pages did."""
    assert [p.relative_to(real_site).as_posix() for p in real_site.rglob("*.html")
            if "&amp;#39;" in p.read_text(encoding="utf-8")] == []


def test_a_page_that_cannot_render_names_its_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Should a page ever recurse too deep while rendering, the error names the catalogue file, not a traceback."""
    from learning_catalog import RenderError, generate_pages
    from learning_catalog.site import render

    write_catalogue(tmp_path, {"products/place-value.yml": product(description='"Deep"')})
    catalogue = load_catalogue(tmp_path)

    def too_deep(text: object) -> str:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(render, "markdown_to_html", too_deep)
    with pytest.raises(RenderError) as info:
        generate_pages(catalogue)
    assert str(info.value) == ("catalog/products/place-value.yml: its page products/place-value.md cannot be "
                               "rendered (RecursionError: maximum recursion depth exceeded)")
