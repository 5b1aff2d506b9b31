"""Building small sites: a catalogue with errors stops the build; hostile text stays text."""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, built_site, make_project, mkdocs_build, product, write_catalogue

HOSTILE = {
    "products/hostile.yml": """\
        title: "</title><script>alert('title')</script> & Co"
        summary: "<img src=x onerror=alert('summary')> \\"quoted\\" & more"
        url: "https://example.org/a?b=1&c=2"
        format: video-lecture
        provider: un-habitat
        topics: [urban-planning]
        audiences: [local-government]
        languages: [en]
        description: |
          **Bold** and a [safe link](https://example.org/safe "t").

          # A heading in the description
        people:
          - name: "<b onmouseover=alert('person')>Eve</b>"
            role: "{{ config.site_name }} {% raw %}"
        license: "<a href='javascript:alert(1)'>licence</a>"
        sources:
          - url: "https://example.org/source?x=1&y=2"
            title: "<script>alert('source')</script> & sons"
            checked: 2026-11
        """,
}


def test_catalogue_errors_fail_the_build_without_traceback(tmp_path: Path) -> None:
    """mkdocs build stops with every problem as path:line:column, exit code 1, and no traceback."""
    write_catalogue(tmp_path, {
        "products/bad.yml": product(url="javascript:alert(1)"),
        "products/worse.yml": product(title="Other", url="https://example.org/o", sdgs="[0]"),
    })
    result = mkdocs_build(make_project(tmp_path))
    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert "Error reading the catalogue in 'catalog/':" in output
    assert ("catalog/products/bad.yml:3:6: LP302 'url' must start with http:// or https://, "
            "found 'javascript:alert(1)'") in output
    assert "catalog/products/worse.yml:9:8: LP307 'sdgs' must list SDG numbers from 1 to 17; found the number 0" in output
    assert "2 errors in the catalogue." in output
    assert "Traceback" not in output
    assert not (tmp_path / "site" / "products").exists()


def test_catalogue_text_cannot_inject_markup(tmp_path: Path) -> None:
    """Titles, summaries, names and URLs are escaped everywhere; descriptions keep Markdown but lose anything unsafe."""
    write_catalogue(tmp_path, HOSTILE)
    site = built_site(make_project(tmp_path))
    pages = {p: (site / p).read_text(encoding="utf-8") for p in (
        "products/hostile/index.html", "catalogue/index.html", "topics/urban-planning/index.html", "index.html")}
    for name, html in pages.items():
        ld = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
        assert all("<" not in data and ">" not in data for data in ld)  # JSON-LD holds the text, not markup
        html = re.sub(r'<script type="application/ld\+json">.*?</script>', "", html, flags=re.S)
        for payload in ("<script>alert", "<img src=x", "<b onmouseover", "href='javascript:", 'href="javascript:'):
            assert payload not in html, (name, payload)
    html = pages["products/hostile/index.html"]
    assert "<title>&lt;/title&gt;&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt; &amp; Co - Urban Agenda" in html
    assert "<h1>&lt;/title&gt;&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt; &amp; Co</h1>" in html
    assert 'content="&lt;img src=x onerror=alert(&#39;summary&#39;)&gt; &#34;quoted&#34; &amp; more"' in html
    assert 'href="https://example.org/a?b=1&amp;c=2"' in html
    assert "<p><strong>Bold</strong> and a <a href=\"https://example.org/safe\" title=\"t\" rel=\"noopener noreferrer\">safe link</a>.</p>" in html
    assert "<h3>A heading in the description</h3>" in html
    assert "{{ config.site_name }} {% raw %}" in html  # template syntax in data is just text
    assert "&lt;a href=&#39;javascript:alert(1)&#39;&gt;licence&lt;/a&gt;" in html
    assert ('<li><a href="https://example.org/source?x=1&amp;y=2" rel="noopener">&lt;script&gt;alert(&#39;source&#39;)'
            '&lt;/script&gt; &amp; sons</a> <span class="lp-muted">(checked <time datetime="2026-11">November 2026</time>)'
            '</span></li>') in html


def test_pages_filled_from_shells_are_the_pages_the_theme_renders(tmp_path: Path) -> None:
    """Every page is byte for byte the same with and without the shared theme renderings (hostile text included)."""
    others = {f"products/other-{n}.yml": product(title=f'"Other {n}: <i>&amp;</i> \'quoted\'"',
                                                 url=f"https://example.org/other-{n}?a=1&b={n}")
              for n in range(4)}
    root = make_project(write_catalogue(tmp_path, {**HOSTILE, **others}))
    assert mkdocs_build(root).returncode == 0
    assert mkdocs_build(root, site="full", environ={"LEARNING_PAGE_NO_SHELL": "1"}).returncode == 0
    pages = sorted(p.relative_to(root / "site") for p in (root / "site").rglob("*.html")
                   if not p.relative_to(root / "site").parts[0].startswith("pagefind"))
    assert len(pages) > 20
    assert [p for p in pages if (root / "site" / p).read_bytes() != (root / "full" / p).read_bytes()] == []


def test_hand_written_page_cannot_shadow_a_generated_one(tmp_path: Path) -> None:
    """A docs/ file at a generated page's address is an error, not a silent overwrite."""
    write_catalogue(tmp_path, {"products/place-value.yml": product()})
    make_project(tmp_path)
    (tmp_path / "docs/products").mkdir()
    (tmp_path / "docs/products/place-value.md").write_text("# Mine\n")
    result = mkdocs_build(tmp_path)
    assert result.returncode == 1
    assert "docs/products/place-value.md is generated from the catalogue" in result.stdout + result.stderr


def test_logo_data_licence_and_repository_come_from_the_configuration(tmp_path: Path) -> None:
    """extra.logo puts an image in the header; extra.data_licence is stated on the Licence page (as text); an
    edit_uri outside GitHub leaves Contact without repository links rather than with invented ones."""
    write_catalogue(tmp_path, {"products/place-value.yml": product(license='"CC BY-NC-SA 3.0 IGO"')})
    make_project(tmp_path)
    config = tmp_path / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert '  logo: ""\n' in text and '  data_licence: ""\n' in text
    config.write_text(text.replace('  logo: ""\n', "  logo: assets/favicon.svg\n").replace(
        '  data_licence: ""\n', '  data_licence: "CC BY 4.0 <b>"\n'), encoding="utf-8")
    result = mkdocs_build(tmp_path, environ={"EDIT_URI": "https://git.example.org/site/-/edit/main/docs/"})
    assert result.returncode == 0, result.stdout + result.stderr
    home = (tmp_path / "site/index.html").read_text(encoding="utf-8")
    assert '<img src="assets/favicon.svg" alt="">' in home and "lp-textmark" not in home
    licence = (tmp_path / "site/licence/index.html").read_text(encoding="utf-8")
    assert "published under this licence: CC BY 4.0 &lt;b&gt;." in licence
    assert "(1 of 1 products state one)" in licence
    contact = (tmp_path / "site/contact/index.html").read_text(encoding="utf-8")
    assert "This copy of the site does not say where its repository is." in contact and "/issues" not in contact


def test_site_pages_state_only_what_the_repository_says(real_site: Path) -> None:
    """By default: a text mark of the site's name, no data licence claimed, and the products that state one counted."""
    import yaml

    home = (real_site / "index.html").read_text(encoding="utf-8")
    assert '<span class="lp-textmark" aria-hidden="true">UALP</span>' in home
    licence = (real_site / "licence/index.html").read_text(encoding="utf-8")
    assert "does not state a licence for the catalogue" in licence
    files = list((ROOT / "catalog/products").glob("*.yml"))
    licensed = sum(1 for f in files if yaml.safe_load(f.read_text(encoding="utf-8")).get("license"))
    assert f"({licensed} of {len(files)} products state one)" in licence


def test_site_builds_without_directory_urls(tmp_path: Path) -> None:
    """With use_directory_urls off (as for an offline copy), generated links point at .html files that exist."""
    write_catalogue(tmp_path, {"products/place-value.yml": product()})
    make_project(tmp_path)
    config = tmp_path / "mkdocs.yml"
    config.write_text(config.read_text() + "\nuse_directory_urls: false\n")
    site = built_site(tmp_path)
    html = (site / "products/place-value.html").read_text(encoding="utf-8")
    assert 'href="../topics/urban-planning.html"' in html
    assert (site / "topics/urban-planning.html").is_file()
    assert 'href="../products/place-value.html"' in (site / "catalogue/all.html").read_text(encoding="utf-8")
    shutil.rmtree(site / "pagefind")
    result = _cli("index", "--site", str(site), "--no-directory-urls", root=tmp_path)
    assert result.stdout == f"Indexed {site} for search.\n", result.stderr
    fragments = [json.loads(gzip.decompress(p.read_bytes()).removeprefix(b"pagefind_dcd"))["url"]
                 for p in (site / "pagefind/fragment").glob("*.pf_fragment")]
    assert "/products/place-value.html" in fragments and "/about.html" in fragments
    assert 'data-product-url="../products/{id}.html"' in (site / "catalogue/index.html").read_text(encoding="utf-8")


def _cli(*args: str, root: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "learning_catalog", "--root", str(root), *args],
        capture_output=True, text=True, check=False,
        env={"PYTHONPATH": str(ROOT / "hooks"), "PATH": os.environ["PATH"], **(env or {})},
    )


def test_cli_check_reports_and_exits_non_zero(tmp_path: Path) -> None:
    """`python -m learning_catalog check` prints path:line:column: CODE message and exits 1."""
    write_catalogue(tmp_path, {"products/bad.yml": product(level="beginner")})
    result = _cli("check", root=tmp_path)
    assert result.returncode == 1
    assert result.stderr == (
        "catalog/products/bad.yml:9:8: LP308 'level' must be one of introductory, intermediate, advanced; "
        "found 'beginner'\n1 error in the catalogue.\n"
    )


def test_cli_check_puts_errors_first_and_counts_warnings(tmp_path: Path) -> None:
    """A contributor's error comes first; warnings are counted by kind, and listed in full with --warnings."""
    write_catalogue(tmp_path, {
        "products/a-first.yml": product(title="A first", url="https://example.org/a"),
        "products/b-second.yml": product(title="B second", url="https://example.org/b"),
        "products/z-mine.yml": product(title="Mine", url="https://example.org/z", level="beginner"),
    })
    result = _cli("check", root=tmp_path)
    assert result.returncode == 1
    assert result.stderr == (
        "catalog/products/z-mine.yml:9:8: LP308 'level' must be one of introductory, intermediate, advanced; "
        "found 'beginner'\n"
        "2 warnings LP701 no 'duration' (run with --warnings to list them)\n"
        "1 error and 2 warnings in the catalogue.\n"
    )
    listed = _cli("check", "--warnings", root=tmp_path).stderr.splitlines()
    assert listed[0].startswith("catalog/products/z-mine.yml:9:8: LP308 ")
    assert listed[1:] == [
        "catalog/products/a-first.yml:1:1: LP701 warning: no 'duration': learners plan and filter by time; add it if "
        "the provider states it",
        "catalog/products/b-second.yml:1:1: LP701 warning: no 'duration': learners plan and filter by time; add it if "
        "the provider states it",
        "1 error and 2 warnings in the catalogue."]
    github = _cli("check", root=tmp_path, env={"GITHUB_ACTIONS": "true"}).stdout.splitlines()
    assert [line.split(",", 1)[0] for line in github] == [  # under Actions every problem annotates the diff
        "::warning file=catalog/products/a-first.yml", "::warning file=catalog/products/b-second.yml",
        "::error file=catalog/products/z-mine.yml"]


def test_cli_check_annotates_pull_requests_on_github(tmp_path: Path) -> None:
    """Under GitHub Actions each problem is a workflow annotation on the file's line."""
    write_catalogue(tmp_path, {"products/bad.yml": product(level="beginner")})
    result = _cli("check", root=tmp_path, env={"GITHUB_ACTIONS": "true"})
    assert result.returncode == 1
    assert result.stdout == (
        "::error file=catalog/products/bad.yml,line=9,col=8,title=LP308::'level' must be one of introductory, "
        "intermediate, advanced; found 'beginner'\n"
    )


def test_cli_check_passes_on_the_real_catalogue() -> None:
    """The shipped catalogue is valid."""
    result = _cli("check", root=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("The catalogue is valid: ")


def test_cli_generate_writes_the_pages_without_mkdocs(tmp_path: Path) -> None:
    """`generate` writes the same Markdown pages the hook adds, for builders that run no hooks."""
    write_catalogue(tmp_path, {"products/place-value.yml": product()})
    result = _cli("generate", "--out", str(tmp_path / "out"), root=tmp_path)
    assert result.returncode == 0, result.stderr
    written = sorted(p.relative_to(tmp_path / "out").as_posix() for p in (tmp_path / "out").rglob("*.md"))
    assert "products/place-value.md" in written and "index.md" in written and "topics/urban-planning.md" in written
    text = (tmp_path / "out/products/place-value.md").read_text(encoding="utf-8")
    assert text.startswith('---\ntitle: "Place Value"\n')
    assert 'href="../../topics/urban-planning/"' in text


def test_core_does_not_import_mkdocs() -> None:
    """The domain core runs without MkDocs: importing it loads no mkdocs module."""
    code = "import sys, learning_catalog; print(sorted(m for m in sys.modules if m.split('.')[0] == 'mkdocs'))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            env={"PYTHONPATH": str(ROOT / "hooks"), "PATH": os.environ["PATH"]})
    assert result.stdout.strip() == "[]"


def test_data_page_links_the_offline_edition_with_its_size(tmp_path: Path) -> None:
    """With OFFLINE_ZIP_BYTES set (by the deploy workflow), the Data page links the zip and gives its size: the
    release asset at OFFLINE_ZIP_URL, or the zip beside the site without one (a URL must be http(s))."""
    root = make_project(write_catalogue(tmp_path, HOSTILE))
    assert mkdocs_build(root, environ={"OFFLINE_ZIP_BYTES": "1363149"}).returncode == 0
    html = (root / "site/data/index.html").read_text(encoding="utf-8")
    assert 'href="../urban-agenda-learning-page-offline.zip" download' in html and "<td>1.3 MB</td>" in html
    assert mkdocs_build(root, site="plain").returncode == 0
    assert "offline.zip" not in (root / "plain/data/index.html").read_text(encoding="utf-8")
    release = "https://github.com/un-habitat/x/releases/download/offline-edition/urban-agenda-learning-page-offline.zip"
    environ = {"OFFLINE_ZIP_BYTES": "1363149", "OFFLINE_ZIP_URL": release}
    assert mkdocs_build(root, site="released", environ=environ).returncode == 0
    assert f'href="{release}" download' in (root / "released/data/index.html").read_text(encoding="utf-8")
    result = mkdocs_build(root, site="wrong", environ={**environ, "OFFLINE_ZIP_URL": "javascript:alert(1)"})
    assert result.returncode == 1
    assert "extra.offline_zip_url (OFFLINE_ZIP_URL) must be an http(s) address, not 'javascript:alert(1)'" in result.stderr


def test_a_wrong_offline_zip_size_stops_the_build(tmp_path: Path) -> None:
    """OFFLINE_ZIP_BYTES that is not a number of bytes is an error naming the setting."""
    root = make_project(write_catalogue(tmp_path, HOSTILE))
    result = mkdocs_build(root, environ={"OFFLINE_ZIP_BYTES": "12 MB"})
    assert result.returncode == 1
    assert "extra.offline_zip_bytes (OFFLINE_ZIP_BYTES) must be a number of bytes, not '12 MB'" in result.stderr
