"""Every package the project installs is locked, with hashes, and the environment is the lock."""

from __future__ import annotations

import importlib.metadata
import re

from conftest import ROOT
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name


def _locked() -> dict[str, tuple[str, list[str], str | None]]:
    """requirements.txt: name -> (version, hashes, marker)."""
    text = (ROOT / "requirements.txt").read_text(encoding="utf-8")
    entries = {}
    for block in re.split(r"\n(?=\S)", text):
        lines = [line.strip().rstrip("\\").strip() for line in block.splitlines() if not line.strip().startswith("#")]
        if not lines or not lines[0]:
            continue
        requirement = Requirement(lines[0])
        specifiers = list(requirement.specifier)
        assert len(specifiers) == 1 and specifiers[0].operator == "==", f"{lines[0]}: not pinned with =="
        hashes = [line.removeprefix("--hash=") for line in lines[1:] if line.startswith("--hash=sha256:")]
        entries[canonicalize_name(requirement.name)] = (specifiers[0].version, hashes,
                                                         str(requirement.marker) if requirement.marker else None)
    return entries


def test_every_locked_package_has_hashes() -> None:
    """pip's --require-hashes mode needs a hash for every package; each is pinned to one version."""
    locked = _locked()
    assert len(locked) > 20
    assert [name for name, (_, hashes, _) in locked.items() if not hashes] == []


def test_direct_dependencies_are_locked_at_their_pins() -> None:
    """requirements.in's pins are what requirements.txt locks (run `make lock` after changing requirements.in)."""
    locked = _locked()
    for line in (ROOT / "requirements.in").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            requirement = Requirement(line)
            name = canonicalize_name(requirement.name)
            assert name in locked, f"{requirement.name} is in requirements.in but not locked; run `make lock`"
            assert requirement.specifier.contains(locked[name][0]), f"{line}: locked at {locked[name][0]}"


def test_the_environment_is_the_lock() -> None:
    """Every locked package for this platform is installed at its locked version (the Makefile installs the
    lock with --require-hashes, so an unlocked indirect dependency would have failed the install)."""
    wrong = []
    for name, (version, _, marker) in _locked().items():
        if marker and not Marker(marker).evaluate():
            continue
        try:
            installed = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            installed = None
        if installed != version:
            wrong.append(f"{name}: locked {version}, installed {installed}")
    assert wrong == []
