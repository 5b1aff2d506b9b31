"""The Urban Agenda Learning Page's catalogue core: it knows nothing of MkDocs.

Layers, each importing only the ones below it:

* ``contract``: the catalogue's contract and its forms. Safe YAML (``yamlsafe``), the fields
  (``schema``), reading and checking the folder (``loader``), the validated data (``model``),
  problems (``problems``), ISO and SDG tables (``reference``), the interface languages
  (``languages``), and the contract as JSON Schema (``jsonschema``) and as spreadsheet rows (``table``).
* ``site``: what the site shows and publishes. Pages (``pages``) rendered by one ``Renderer``
  (``render``, ``templates/``), the six languages (``i18n``, ``formatting``), the explorer, search,
  open data (``exports``, ``feeds``), statistics, the offline edition, assets and page shells.
* ``tools``: contributor and maintainer tools. The command line (``cli``), the scaffolder,
  the fixer, the spreadsheet import, the link checker and the YAML writer.
* ``harvest``: ``make harvest``, partners' published catalogues read into product files for review
  (the fetcher, one reader per kind of source, the mapping, the sync that keeps people's edits, the report).

This module is the public API. Its ``load_catalogue``, ``check_catalogue`` and ``json_schemas``
give the contract the site's interface texts (which translation files may translate).
"""

from __future__ import annotations

import datetime
import os

from .contract import jsonschema as _jsonschema
from .contract import loader as _loader
from .contract.model import Catalogue, Product, Series, Term, Text
from .contract.loader import WANTED
from .contract.problems import CatalogueError, Problem, format_report
from .site import i18n as _i18n
from .site.formatting import strip_indentation
from .site.pages import (UNCOPIED, WANTED_PAGE, GeneratedPage, body_of, english_only_notice, generate_data_files,
                         generate_pages, handwritten_copies, repository_url)
from .site.render import RenderError


def load_catalogue(root: str | os.PathLike[str], folder: str = "catalog") -> Catalogue:
    """Read and validate the catalogue in ``root/folder``; raise `CatalogueError` listing every problem."""
    return _loader.load_catalogue(root, folder, interface=_i18n.interface())


def check_catalogue(root: str | os.PathLike[str], folder: str = "catalog", *,
                    today: datetime.date | None = None) -> tuple[Catalogue | None, list[Problem]]:
    """Read and validate the catalogue; return it (or None if it has errors) and every problem."""
    return _loader.check_catalogue(root, folder, today=today, interface=_i18n.interface())


def json_schemas(catalogue: Catalogue) -> dict[str, str]:
    """The JSON Schemas of the catalogue's files, by file name (``product.json``, ...)."""
    return _jsonschema.json_schemas(catalogue, _i18n.interface())


__all__ = [
    "Catalogue",
    "CatalogueError",
    "GeneratedPage",
    "Problem",
    "Product",
    "RenderError",
    "Series",
    "Term",
    "Text",
    "UNCOPIED",
    "WANTED",
    "WANTED_PAGE",
    "body_of",
    "check_catalogue",
    "english_only_notice",
    "format_report",
    "generate_data_files",
    "generate_pages",
    "handwritten_copies",
    "json_schemas",
    "load_catalogue",
    "repository_url",
    "strip_indentation",
]
