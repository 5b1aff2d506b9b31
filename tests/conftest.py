"""Shared helpers: small catalogues written into tmp_path, and real site builds."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

VOCABULARIES = {
    "topics": """\
        terms:
          - id: urban-planning
            label: Urban planning
            description: Planning cities and territories.
          - id: climate-change
            label: Climate change
        """,
    "formats": """\
        terms:
          - id: video-lecture
            label: Video lecture
          - id: handbook
            label: Handbook
        """,
    "audiences": """\
        terms:
          - id: local-government
            label: Local government
          - id: national-government
            label: National government
        """,
    "organisations": """\
        terms:
          - id: un-habitat
            label: UN-Habitat
          - id: uclg
            label: United Cities and Local Governments (UCLG)
        """,
}

SERIES = """\
    title: Global Urban Lectures
    summary: Short video lectures by experts.
    url: https://example.org/lectures
    provider: un-habitat
    """

# Line numbers matter: tests point at them (title is line 1, url line 3, languages line 8; fields that `product`
# adds start at line 9, before `sources`, which stays last).
PRODUCT = """\
    title: Place Value
    summary: How the governance of urban design shapes the value of places.
    url: https://example.org/place-value
    format: video-lecture
    provider: un-habitat
    topics: [urban-planning]
    audiences: [local-government]
    languages: [en]
    sources: [{url: https://example.org/about-place-value}]
    """


def product(**changes: str | None) -> str:
    """The valid PRODUCT text with some lines replaced (value None deletes the line)."""
    lines = textwrap.dedent(PRODUCT).splitlines()
    out = []
    for line in lines:
        key = line.split(":", 1)[0]
        if key in changes:
            if changes[key] is not None:
                out.append(f"{key}: {changes.pop(key)}")
            else:
                changes.pop(key)
            continue
        out.append(line)
    added = [f"{key}: {value}" for key, value in changes.items() if value is not None]
    last = len(out) - 1 if out and out[-1].startswith("sources:") else len(out)
    out[last:last] = added
    return "\n".join(out) + "\n"


def write_catalogue(root: Path, files: dict[str, str | bytes] | None = None, *, base: bool = True) -> Path:
    """Write a small valid catalogue into ``root/catalog`` plus ``files`` (paths inside catalog/)."""
    catalog = root / "catalog"
    everything: dict[str, str | bytes] = {}
    if base:
        everything.update({f"vocabularies/{name}.yml": text for name, text in VOCABULARIES.items()})
        everything["series/global-urban-lectures.yml"] = SERIES
    everything.update(files or {})
    for rel, content in everything.items():
        path = catalog / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content), encoding="utf-8")
    return root


def make_project(root: Path, catalogue: Path | None = None) -> Path:
    """Copy the site (mkdocs.yml, docs/, hooks/) into ``root``; copy the real catalogue unless one is there."""
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", root / "docs", dirs_exist_ok=True)
    shutil.copytree(ROOT / "hooks", root / "hooks", ignore=shutil.ignore_patterns("__pycache__"), dirs_exist_ok=True)
    if not (root / "catalog").exists():
        shutil.copytree(catalogue or ROOT / "catalog", root / "catalog")
    return root


SUB_PATH = "/learning-page/"
"""Sites built by the tests are configured for this sub-path, as on GitHub Pages (/<repository>/)."""


def mkdocs_build(root: Path, *, strict: bool = True, site: str = "site", environ: dict[str, str] | None = None,
                 args: tuple[str, ...] = ()) -> subprocess.CompletedProcess[str]:
    """Run ``mkdocs build`` in ``root`` as a user would; the site goes to ``root/<site>``."""
    command = [sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", str(root / "mkdocs.yml"), "-d", str(root / site),
               *args]
    if strict:
        command.append("--strict")
    env = {"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin", "SITE_URL": f"http://127.0.0.1:8000{SUB_PATH}",
           **(environ or {})}
    return subprocess.run(command, capture_output=True, text=True, cwd=root, env=env, check=False)


def built_site(root: Path) -> Path:
    """Build ``root`` strictly and return the site folder; fail with MkDocs' output if it does not build."""
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site"


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real catalogue built into a site, once per test session."""
    return built_site(make_project(tmp_path_factory.mktemp("real")))
