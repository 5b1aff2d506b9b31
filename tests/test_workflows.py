"""The GitHub workflows follow GitHub's hardening guidance."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

WORKFLOWS = sorted((ROOT / ".github/workflows").glob("*.yml"))
NODE_24_MAJORS = {
    "actions/checkout": 5, "actions/setup-python": 6, "actions/configure-pages": 6,
    "actions/upload-pages-artifact": 5, "actions/deploy-pages": 5, "actions/upload-artifact": 6,
    "actions/download-artifact": 7, "actions/cache": 5,
}
"""The first major of each action whose action.yml runs on Node 24 (GitHub removed Node 20 from its runners in
September 2026). An action not listed here fails the test until someone checks its runtime and adds it."""
WRITES = {
    ("deploy.yml", "deploy"): {"pages", "id-token"},
    ("deploy.yml", "offline-edition"): {"contents"},
    ("links.yml", "check-links"): {"issues"},
    ("harvest.yml", "harvest"): {"contents", "pull-requests"},
    ("suggestion.yml", "check"): {"issues"},
    ("suggestion.yml", "propose"): {"contents", "pull-requests", "issues"},
}
"""The only jobs that may write, and what: every other job reads only. The deploy workflow's offline-edition job
publishes the offline edition as a release asset (outside the Pages site)."""


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
        assert_node_24(line)
    for name, job in workflow["jobs"].items():
        assert "timeout-minutes" in job
        permissions = job.get("permissions", {})
        assert set(permissions.values()) <= {"read", "write"}
        writes = {scope for scope, level in permissions.items() if level == "write"}
        assert writes <= WRITES.get((path.name, name), set()), f"{name} may not write to {writes}"
        for step in job["steps"]:
            if "actions/checkout@" in step.get("uses", ""):
                assert step["with"]["persist-credentials"] is False, f"{name}: keep the token out of .git/config"


SCRIPTS = sorted((ROOT / ".github/scripts").glob("*.sh"))


@pytest.mark.parametrize("path", WORKFLOWS + SCRIPTS, ids=[p.name for p in WORKFLOWS + SCRIPTS])
def test_no_event_text_in_commands(path: Path) -> None:
    """No command line is written from the event (an issue's or a pull request's text could run as code):
    what a step needs from it comes through environment variables or the event file."""
    if path.suffix == ".sh":
        commands = [path.read_text(encoding="utf-8")]
    else:
        workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
        commands = [step["run"] for job in workflow["jobs"].values() for step in job["steps"] if "run" in step]
    for command in commands:
        assert not re.search(r"\$\{\{[^}]*github\.(event|head_ref)", command), command


def test_suggestion_workflow() -> None:
    """Suggestions are checked when opened or edited, and proposed when labelled accepted; the comment script
    finds its own comment by the marker the tool writes."""
    from learning_catalog.tools import fromissue

    workflow = yaml.safe_load((ROOT / ".github/workflows/suggestion.yml").read_text(encoding="utf-8"))
    assert workflow.get("on", workflow.get(True)) == {"issues": {"types": ["opened", "edited", "labeled"]}}
    check, propose = workflow["jobs"]["check"], workflow["jobs"]["propose"]
    assert f"'{fromissue.LABEL}'" in check["if"] and "'labeled'" in check["if"]
    assert f"github.event.label.name == '{fromissue.ACCEPTED}'" in propose["if"]
    assert f"'{fromissue.LABEL}'" in propose["if"]
    script = (ROOT / ".github/scripts/comment-on-suggestion.sh").read_text(encoding="utf-8")
    assert f"marker='{fromissue.MARKER}'" in script
    assert all(os.access(path, os.X_OK) for path in SCRIPTS)


def test_pages_deployment() -> None:
    """main is deployed with upload-pages-artifact and deploy-pages; only the deploy job may write to Pages, and
    only the offline-edition job to the repository, to publish the offline edition as a release asset (outside the
    Pages site, which must stay under 1 GB) before the site that links it goes live."""
    workflow = yaml.safe_load((ROOT / ".github/workflows/deploy.yml").read_text(encoding="utf-8"))
    jobs = workflow["jobs"]
    build, offline, deploy = jobs["build"], jobs["offline-edition"], jobs["deploy"]
    assert "permissions" not in build
    assert any("upload-pages-artifact@" in step.get("uses", "") for step in build["steps"])
    assert not any("cp " in step.get("run", "") and "site/" in step.get("run", "") for step in build["steps"])
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert any("deploy-pages@" in step.get("uses", "") for step in deploy["steps"])
    assert offline["permissions"] == {"contents": "write"} and offline["needs"] == "build"
    assert set(deploy["needs"]) == {"build", "offline-edition"}
    publish = offline["steps"][-1]
    assert "gh release upload" in publish["run"] and "--clobber" in publish["run"]
    assert publish["env"]["GH_TOKEN"] == "${{ github.token }}"
    assert workflow["env"]["OFFLINE_TAG"] == "offline-edition"
    # Before a deploy the whole suite runs as in CI, browser and HTML-checker tests included; the runner image's
    # Chromium serves (apt is asked only when it is missing), and the tests run before anything is built or uploaded.
    steps = [step.get("name") or step.get("uses", "") for step in build["steps"]]
    test = next(step for step in build["steps"] if step.get("name") == "Test")
    assert test["run"].splitlines() == [
        "command -v chromium > /dev/null || { sudo apt-get update && sudo apt-get install -y chromium; }",
        "make vnu", "LEARNING_PAGE_REQUIRE_BROWSER=1 make test"]
    assert steps.index("Test") < min(i for i, name in enumerate(steps) if "upload" in name or "Build" in name)


@pytest.mark.parametrize(("name", "upload"), [("deploy.yml", "upload-pages-artifact@"),
                                              ("pull-request.yml", "upload-artifact@")])
def test_the_site_is_measured_before_it_is_uploaded(name: str, upload: str) -> None:
    """Both workflows run the size guard (make size: fails above 950 MB, naming the biggest parts) after the
    build and before the upload of the site."""
    steps = yaml.safe_load((ROOT / ".github/workflows" / name).read_text(encoding="utf-8"))["jobs"]
    steps = next(job["steps"] for job in steps.values() if any(upload in s.get("uses", "") for s in job["steps"]))
    runs = [step.get("run", "") + step.get("uses", "") for step in steps]
    build = next(i for i, run in enumerate(runs) if "make build" in run)
    guard = runs.index("make size")
    site_upload = next(i for i, step in enumerate(steps)
                       if upload in step.get("uses", "") and step.get("with", {}).get("path") == "site/")
    assert build < guard < site_upload


def assert_node_24(line: str) -> None:
    """``owner/action@<40 hex> # vN.x``: an action known to run on Node 24, at or above that major."""
    match = re.fullmatch(r"([\w.-]+/[\w.-]+)(?:/[\w./-]+)?@[0-9a-f]{40} # v(\d+)(?:\.\d+)*", line)
    assert match, f"{line}: pin the action by its full commit SHA, followed by '# v<version>'"
    action, major = match.group(1), int(match.group(2))
    assert action in NODE_24_MAJORS, f"{action}: check that its action.yml runs on node24, then list it"
    assert major >= NODE_24_MAJORS[action], f"{action} v{major} runs on Node 20; use v{NODE_24_MAJORS[action]} or later"


@pytest.mark.parametrize(("line", "message"), [
    ("actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1",
     "actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1: pin the action by its full commit SHA, "
     "followed by '# v<version>'"),
    ("actions/checkout@v7 # v7", "actions/checkout@v7 # v7: pin the action by its full commit SHA, followed by "
     "'# v<version>'"),
    ("actions/deploy-pages@d6db90164ac5ed86f2b6aed7e0febac5b3c0c03e # v4.0.5",
     "actions/deploy-pages v4 runs on Node 20; use v5 or later"),
    ("someone/action@d6db90164ac5ed86f2b6aed7e0febac5b3c0c03e # v1",
     "someone/action: check that its action.yml runs on node24, then list it"),
])
def test_action_pins_are_checked(line: str, message: str) -> None:
    """A pin without its version comment, an old major or an unknown action each fail with a message."""
    with pytest.raises(AssertionError) as caught:
        assert_node_24(line)
    assert str(caught.value).splitlines()[0] == message


def test_dependabot_keeps_actions_and_packages_current() -> None:
    """Dependabot updates the actions and the pip packages weekly, each ecosystem in one grouped pull request."""
    config = yaml.safe_load((ROOT / ".github/dependabot.yml").read_text(encoding="utf-8"))
    updates = {update["package-ecosystem"]: update for update in config["updates"]}
    assert set(updates) == {"github-actions", "pip"}
    for update in updates.values():
        assert update["schedule"]["interval"] == "weekly"
        assert [group["patterns"] for group in update["groups"].values()] == [["*"]]


def test_harvest_workflow() -> None:
    """Weekly and on demand; only its one job writes contents and pull requests, and only the step that pushes and
    edits pull requests receives the token; the cache persists between runs; it checks and builds itself."""
    workflow = yaml.safe_load((ROOT / ".github/workflows/harvest.yml").read_text(encoding="utf-8"))
    triggers = workflow.get("on", workflow.get(True))
    assert set(triggers) == {"schedule", "workflow_dispatch"} and len(triggers["schedule"]) == 1
    (job,) = workflow["jobs"].values()
    assert job["permissions"] == {"contents": "write", "pull-requests": "write"}
    steps = job["steps"]
    assert steps[0]["with"]["persist-credentials"] is False
    with_token = [step.get("name") for step in steps if "github.token" in str(step)]
    assert with_token == ["Open, update or close one pull request per source"] == [steps[-1]["name"]]
    cache = [step for step in steps if "actions/cache/" in step.get("uses", "")]
    assert [step["with"]["path"] for step in cache] == ["build/harvest-cache"] * 2
    assert cache[1]["if"] == "always()"
    harvest = next(step["run"] for step in steps if "make harvest" in step.get("run", ""))
    assert 'make "$check"' in harvest and "for check in check build" in harvest
    for name, other in ((p.name, yaml.safe_load(p.read_text(encoding="utf-8"))) for p in WORKFLOWS):
        if name != "harvest.yml":  # nor any other job, but those WRITES names (the suggestion's pull request,
            # the deploy workflow's offline-edition job, which publishes its release asset)
            assert not any(level == "write" and scope in ("contents", "pull-requests")
                           and scope not in WRITES.get((name, job_name), set())
                           for job_name, job in other["jobs"].items()
                           for scope, level in job.get("permissions", {}).items())
