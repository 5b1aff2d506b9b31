"""The published JSON Schemas agree with the validator, and the committed copies are current."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from conftest import ROOT, PRODUCT, write_catalogue
from test_validation import CASES

from learning_catalog import check_catalogue, json_schemas, load_catalogue
from learning_catalog.contract.problems import Collector
from learning_catalog.contract.yamlsafe import parse

# Rules JSON Schema can say; the others (YAML-level problems, file names, raw HTML and links inside
# descriptions, real calendar dates, references and duplicates across files) only the validator checks.
EXPRESSIBLE = {"LP201", "LP202", "LP203", "LP204", "LP205", "LP206", "LP301", "LP302", "LP303", "LP304",
               "LP305", "LP306", "LP307", "LP308", "LP309"}


def _validator(tmp_path: Path, name: str) -> jsonschema.Draft7Validator:
    schemas = json_schemas(load_catalogue(tmp_path))
    return jsonschema.Draft7Validator(json.loads(schemas[name]))


def _document(text: str) -> object:
    doc = parse(text, Collector("x"))
    assert doc is not None
    return doc.value


def test_committed_schemas_are_current() -> None:
    """docs/schema/*.json equal what the contract and the vocabularies generate (run `make schema` if not)."""
    generated = json_schemas(load_catalogue(ROOT))
    committed = {p.name: p.read_text(encoding="utf-8") for p in (ROOT / "docs/schema").glob("*.json")}
    assert committed == generated


def test_every_real_file_is_valid_under_its_schema() -> None:
    """Each catalogue file validates against the schema its first line names."""
    schemas = {name: jsonschema.Draft7Validator(json.loads(text))
               for name, text in json_schemas(load_catalogue(ROOT)).items()}
    files = sorted((ROOT / "catalog").rglob("*.yml"))
    for path in files:
        text = path.read_text(encoding="utf-8")
        first = text.splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema=../../docs/schema/"), path
        name = first.rsplit("/", 1)[1]
        errors = [e.message for e in schemas[name].iter_errors(_document(text))]
        assert errors == [], path


CORPUS = [(case_id, files["products/bad.yml"], expected[0].split(": ", 1)[1].split(" ", 1)[0])
          for case_id, files, expected in CASES
          if list(files) == ["products/bad.yml"] and isinstance(files["products/bad.yml"], str)]


@pytest.mark.parametrize(("text", "code"), [c[1:] for c in CORPUS], ids=[c[0] for c in CORPUS])
def test_schema_and_validator_agree_on_bad_files(tmp_path: Path, text: str, code: str) -> None:
    """A file the validator rejects for a rule JSON Schema can express is rejected by the schema too."""
    write_catalogue(tmp_path, {"products/place-value.yml": PRODUCT})
    validator = _validator(tmp_path, "product.json")
    document = _document(text) if code not in {"LP102", "LP103", "LP104", "LP105"} else None
    if code in EXPRESSIBLE:
        assert list(validator.iter_errors(document)) != []
    write_catalogue(tmp_path, {"products/bad.yml": text})
    assert check_catalogue(tmp_path)[0] is None  # and the validator rejects it, whatever the schema says


def test_schema_completes_vocabulary_terms(tmp_path: Path) -> None:
    """Editors are offered the vocabulary's term ids with their labels."""
    write_catalogue(tmp_path, {"products/place-value.yml": PRODUCT})
    product = json.loads(json_schemas(load_catalogue(tmp_path))["product.json"])
    topics = product["properties"]["topics"]["items"]
    assert topics["enum"] == ["urban-planning", "climate-change"]
    assert topics["enumDescriptions"] == ["Urban planning", "Climate change"]
    assert product["additionalProperties"] is False
    assert product["required"] == ["title", "summary", "url", "format", "provider", "topics", "audiences", "languages",
                                   "sources"]
