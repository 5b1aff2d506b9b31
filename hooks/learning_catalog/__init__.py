"""The Urban Agenda Learning Page's catalogue core.

Reads the YAML catalogue, validates it and renders the site's generated pages as
Markdown. It imports nothing from MkDocs: ``hooks/mkdocs_hook.py`` adapts it to MkDocs,
and ``python -m learning_catalog`` runs it from a command line.
"""

from .formatting import strip_indentation
from .jsonschema import json_schemas
from .loader import check_catalogue, load_catalogue
from .model import Catalogue, Product, Series, Term, Text
from .pages import GeneratedPage, body_of, generate_data_files, generate_pages
from .problems import CatalogueError, Problem, format_report

__all__ = [
    "Catalogue",
    "CatalogueError",
    "GeneratedPage",
    "Problem",
    "Product",
    "Series",
    "Term",
    "Text",
    "body_of",
    "check_catalogue",
    "format_report",
    "generate_data_files",
    "generate_pages",
    "json_schemas",
    "strip_indentation",
    "load_catalogue",
]
