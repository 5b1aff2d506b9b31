"""The GitHub workflows follow GitHub's hardening guidance."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

WORKFLOWS = sorted((ROOT / ".github/workflows").glob("*.yml"))


@pytest.mark.parametrize("path", WORKFLOWS, ids=[p.name for p in WORKFLOWS])
def test_workflow_is_hardened(path: Path) -> None:
    """Read-only default permissions, no pull_request_target, every action pinned by SHA with its version."""
    text = path.read_text(encoding="utf-8")
    workflow = yaml.safe_load(text)
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads the key `on` as true
    assert "pull_request_target" not in triggers
    assert workflow["permissions"] == {"contents": "read"}
    for line in re.findall(r"uses:\s*(\S+.*)", text):
        assert re.fullmatch(r"[\w.-]+/[\w.-]+(/[\w./-]+)?@[0-9a-f]{40} # v\d+(\.\d+)*", line), line
    for job in workflow["jobs"].values():
        assert "timeout-minutes" in job
        for scope, level in job.get("permissions", {}).items():
            assert level in ("read", "write") and (level == "read" or scope in ("pages", "id-token", "issues")), scope


def test_pages_deployment() -> None:
    """main is deployed with upload-pages-artifact and deploy-pages; only the deploy job may write to Pages."""
    workflow = yaml.safe_load((ROOT / ".github/workflows/deploy.yml").read_text(encoding="utf-8"))
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    assert "permissions" not in build
    assert any("upload-pages-artifact@" in step.get("uses", "") for step in build["steps"])
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert any("deploy-pages@" in step.get("uses", "") for step in deploy["steps"])
