"""The size guard: a built site measured by kind of file, and refused above 950 MB (GitHub Pages publishes 1 GB)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from learning_catalog.tools.size import LIMIT_MB, MB, breakdown, kind, measure, over_limit


@pytest.mark.parametrize(("path", "expected"), [
    ("products/water/index.html", "product pages"),
    ("fr/products/water/index.html", "product pages"),
    ("products/water.html", "product pages"),
    ("topics/climate-change/index.html", "browse pages"),
    ("zh/sdgs/11/index.html", "browse pages"),
    ("catalogue/all/index.html", "browse pages"),
    ("topics/index.html", "browse pages"),
    ("index.html", "other pages"),
    ("ar/about/index.html", "other pages"),
    ("404.html", "other pages"),
    ("pagefind/fragment/en_1a2b3c.pf_fragment", "search index"),
    ("pagefind-languages/zh/index/zh_1.pf_index", "search index"),
    ("search-offline.js", "search index"),
    ("catalog.json", "data files"),
    ("catalog.csv", "data files"),
    ("es/catalogue/explorer.json", "data files"),
    ("feeds/topics/water.xml", "data files"),
    ("schema/product.json", "data files"),
    ("contribute/products-template.xlsx", "data files"),
    ("sitemap.xml", "sitemaps"),
    ("sitemaps/fr.xml.gz", "sitemaps"),
    ("robots.txt", "sitemaps"),
    ("assets/javascripts/bundle.a5f9d56c.min.js", "assets"),
    ("javascripts/site.js", "assets"),
    ("stylesheets/extra.css", "assets"),
    ("urban-agenda-learning-page-offline.zip", "offline edition"),
    ("objects.inv", "other"),
])
def test_each_file_has_its_kind(path: str, expected: str) -> None:
    """Files are counted by what they are, in any language's folder."""
    assert kind(path) == expected


def oversized_site(root: Path, product_mb: int) -> Path:
    """A site whose product pages weigh ``product_mb`` megabytes, as sparse files (no disk space used)."""
    site = root / "site"
    for number, language in enumerate(("", "fr/")):
        page = site / f"{language}products/p{number}/index.html"
        page.parent.mkdir(parents=True)
        with page.open("wb") as handle:
            handle.truncate(product_mb * MB // 2)
    (site / "topics/water").mkdir(parents=True)
    (site / "topics/water/index.html").write_bytes(b"x" * 3 * MB)
    (site / "catalog.json").write_bytes(b"{}" * MB)
    (site / ".nojekyll").write_bytes(b"x" * MB)  # dotfiles are not uploaded (upload-pages-artifact leaves them out)
    return site


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "learning_catalog", *args], capture_output=True, text=True,
                          cwd=ROOT, env={"PYTHONPATH": str(ROOT / "hooks"), "PATH": "/usr/bin:/bin"}, check=False)


def test_an_oversized_site_fails_and_names_its_biggest_parts(tmp_path: Path) -> None:
    """Above the limit the guard exits 1 with one line naming the total and the three heaviest kinds."""
    site = oversized_site(tmp_path, 960)
    size = measure(site)
    assert size.bytes == 965 * MB and size.files == 4
    assert size.kinds["product pages"].files == 2 and size.product_pages["fr"].bytes == 480 * MB
    result = run("size", str(site))
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == (
        f"{site} is 965.0 MB, over the limit of 950 MB (GitHub Pages publishes at most 1 GB): its biggest parts "
        "are product pages 960.0 MB, browse pages 3.0 MB, data files 2.0 MB.")
    assert result.stdout.splitlines()[0].startswith(f"{site}: 965.0 MB in 4 files (as a tar, as uploaded: 965.0 MB)")
    assert ("  product pages       960.0 MB   99.5 %          2 files\n"
            "  browse pages          3.0 MB    0.3 %          1 file\n") in result.stdout


def test_the_limit_can_be_set_and_a_missing_site_is_a_usage_error(tmp_path: Path) -> None:
    """--limit-mb moves the line (the bench warns at the same one); a site that is not there is exit 2."""
    site = oversized_site(tmp_path, 10)
    assert run("size", str(site), "--limit-mb", "20").returncode == 0
    assert run("size", str(site), "--limit-mb", "12").returncode == 1
    missing = run("size", str(tmp_path / "nothing"))
    assert missing.returncode == 2
    assert missing.stderr.strip() == f"{tmp_path / 'nothing'}: no such folder (build the site first)"
    assert over_limit(measure(site), LIMIT_MB) is None


def test_the_real_site_is_within_the_limit(real_site: Path) -> None:
    """The real catalogue's site passes the guard and the breakdown accounts for every file."""
    result = run("size", str(real_site))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == f"{real_site} is within the limit of 950 MB."
    size = measure(real_site)
    assert sum(part.files for part in size.kinds.values()) == size.files == sum(
        1 for path in real_site.rglob("*") if path.is_file() and not path.name.startswith("."))
    assert size.kinds["other"].files <= 1  # objects.inv (the API reference's inventory): everything else has a kind
    assert set(size.product_pages) == {"en", "ar", "es", "fr", "ru", "zh"}
    assert "largest sitemap: sitemaps/en.xml.gz" in breakdown(size)
