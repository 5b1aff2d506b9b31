"""A core that outlives its builder: `make generate` writes every page in the six languages, the copies of the
hand-written pages, the data files and the sitemaps, with links that resolve whether a builder resolves them against
the source file or the output page."""

from __future__ import annotations

import gzip
import posixpath
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from learning_catalog import body_of, load_catalogue
from learning_catalog.site import i18n
from learning_catalog.site.formatting import dest_path
from learning_catalog.tools.cli import generate_tree, read_handwritten

SITE_URL = "https://un-habitat.github.io/urban-agenda-learning-page/"
EDIT_URI = "https://github.com/un-habitat/urban-agenda-learning-page/edit/main/docs/"
HTML_LINK = re.compile(r'\s(?:href|src)="([^"]*)"')
MARKDOWN_LINK = re.compile(r"\]\(([^)\s]+)\)")
COPY = re.compile(r'<div class="lp-untranslated" lang="en" dir="ltr" markdown="1">')
"""How a copy of a hand-written page wraps its Markdown (pages.handwritten_copies); the Propose page's fields say
data-markdown="1", which is not that."""


def handwritten() -> dict[str, str]:
    return read_handwritten(ROOT)


def output_of(source: str, directory_urls: bool) -> str:
    """The output page of a Markdown file, as a path in the site: 'products/x/index.md' -> 'products/x/'."""
    return dest_path(source, directory_urls)


def resolve(base: str, link: str) -> str:
    """``link`` resolved against the folder ``base`` (a path in the site ending in '/', or '')."""
    path = link.split("#", 1)[0].split("?", 1)[0]
    joined = posixpath.normpath(posixpath.join(base or ".", path))
    assert not joined.startswith(".."), f"{link} from {base or '/'} leaves the site"
    return "" if joined == "." else joined + ("/" if path.endswith("/") and joined != "." else "")


@pytest.fixture(scope="module")
def catalogue() -> object:
    return load_catalogue(ROOT)


@pytest.fixture(scope="module")
def trees(catalogue: object) -> dict[bool, dict[str, str | bytes]]:
    """The generated tree with the site's address, with directory URLs (True) and .html URLs (False)."""
    docs = handwritten()
    return {directory_urls: generate_tree(catalogue, docs, site_url=SITE_URL,  # type: ignore[arg-type]
                                          directory_urls=directory_urls, edit_uri=EDIT_URI)
            for directory_urls in (True, False)}


@pytest.mark.parametrize("directory_urls", [True, False], ids=["directory-urls", "html-urls"])
def test_every_link_of_the_generated_tree_resolves(trees: dict[bool, dict[str, str | bytes]],
                                                   directory_urls: bool) -> None:
    """Crawl the generated tree beside docs/: every internal link of a generated page resolves to the same target
    whether it is resolved against the page's source file or its output page (it starts at the site's path), and
    that target is a generated or hand-written page or a file of the site; every Markdown link of a hand-written
    page's copy resolves, against its file, to a page of the site."""
    docs = handwritten()
    tree = trees[directory_urls]
    sources = {**{path: text for path, text in tree.items() if path.endswith(".md")}, **docs}
    pages = {output_of(path, directory_urls) for path in sources}
    files = {path for path in tree if not path.endswith(".md")} | {
        path.relative_to(ROOT / "docs").as_posix() for path in (ROOT / "docs").rglob("*") if path.is_file()}
    root = "/urban-agenda-learning-page/"
    checked, broken = 0, []
    for path, content in tree.items():
        if not path.endswith(".md") or COPY.search(content):
            continue  # copies of hand-written pages: below
        output = output_of(path, directory_urls)
        page_folder = output if output.endswith("/") or not output else posixpath.dirname(output) + "/"
        source_folder = posixpath.dirname(path) + "/" if "/" in path else ""
        for link in HTML_LINK.findall(body_of(content)):
            if "://" in link or link.startswith(("mailto:", "#", "data:")) or "{id}" in link:
                continue
            assert link.startswith(root), f"{path}: {link} does not start at the site's path"
            target = link.split("#", 1)[0].removeprefix(root)
            assert target == resolve(page_folder, link) == resolve(source_folder, link) or link.startswith("/")
            checked += 1
            if target not in pages and target not in files:
                broken.append(f"{path}: {link} -> {target}")
    for path, content in tree.items():
        if path.endswith(".md") and COPY.search(content):
            for link in MARKDOWN_LINK.findall(body_of(content)):
                if "://" in link or link.startswith(("mailto:", "#")):
                    continue
                target = resolve(posixpath.dirname(path) + "/", link).removesuffix("/")
                checked += 1
                if target not in sources and target not in files:
                    broken.append(f"{path}: {link} -> {target}")
    assert broken == []
    assert checked > 5000


def test_without_a_site_address_links_are_relative_to_the_output_page(catalogue: object) -> None:
    """Without --site-url the links are relative to the output page (as MkDocs resolves raw HTML), and no sitemap
    is written (it needs absolute addresses)."""
    tree = generate_tree(catalogue, handwritten())  # type: ignore[arg-type]
    assert 'href="../../formats/video-lecture/"' in str(tree["products/making-natures-city.md"])
    assert "sitemap.xml" not in tree and "robots.txt" not in tree


def test_every_page_in_six_languages_with_the_site_address(trees: dict[bool, dict[str, str | bytes]]) -> None:
    """Each generated page is there in the six languages; structured data, feeds and sitemaps use the site URL."""
    tree = trees[True]
    english = [path for path in tree if path.endswith(".md") and i18n.language_of(path) == "en"
               and path not in handwritten()]
    for language in i18n.LANGUAGES:
        assert [path for path in english if i18n.prefix(language) + path not in tree] == []
    assert "products/making-natures-city.md" in tree and "fr/products/making-natures-city.md" in tree
    assert f'"@id":"{SITE_URL}products/making-natures-city/"' in str(tree["products/making-natures-city.md"])
    assert 'href="/urban-agenda-learning-page/fr/formats/video-lecture/"' in str(tree["fr/products/making-natures-city.md"])
    assert f"<id>{SITE_URL}feeds/all.xml</id>" in str(tree["feeds/all.xml"])
    assert "fr/contribute/index.md" in tree and "fr/contribute/api.md" not in tree  # the API reference stays in English
    copy = str(tree["fr/contribute/index.md"])  # a hand-written page's copy: its English text, marked and said so
    assert 'lang="en"' in copy and "Cette page n" in copy
    assert str(tree["fr/about.md"]).startswith('---\ntitle: "À propos de la Page')  # generated, so translated
    # The pages the hook gives what mkdocs.yml says (edit_uri): Contact's repository, Propose on GitHub.
    repository = "https://github.com/un-habitat/urban-agenda-learning-page"
    assert f'href="{repository}/issues/new?template=suggest-a-product.yml"' in str(tree["fr/contact.md"])
    assert f"newFile&#34;:&#34;{repository}/new/main&#34;" in str(tree["contribute/propose.md"])  # (in an attribute)
    assert str(tree["sitemap.xml"] if isinstance(tree["sitemap.xml"], str) else tree["sitemap.xml"].decode()).count(
        f"<loc>{SITE_URL}sitemaps/") == 6
    french = gzip.decompress(tree["sitemaps/fr.xml.gz"]).decode()  # type: ignore[arg-type]
    assert f"<loc>{SITE_URL}fr/products/making-natures-city/</loc>" in french
    assert f"<loc>{SITE_URL}fr/about/</loc>" in french


def test_make_generate_writes_the_tree(tmp_path: Path) -> None:
    """The command line writes the tree into a folder (a copy of docs/, for another builder) and says what it wrote."""
    out = tmp_path / "docs"
    shutil.copytree(ROOT / "docs", out)
    result = subprocess.run([sys.executable, "-m", "learning_catalog", "generate", "--out", str(out), "--site-url",
                             SITE_URL.rstrip("/")], capture_output=True, text=True, cwd=ROOT,
                            env={"PYTHONPATH": str(ROOT / "hooks"), "PATH": "/usr/bin:/bin"}, check=False)
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(rf"Wrote \d+ pages in 6 languages and \d+ other files to {out}\.\n", result.stdout)
    assert (out / "zh/topics/climate-change.md").is_file() and (out / "robots.txt").is_file()
    assert (out / "sitemap.xml").read_text(encoding="utf-8").count(SITE_URL) == 6
