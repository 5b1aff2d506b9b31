"""The W3C Nu HTML Checker (vnu.jar, from the npm package vnu-jar), for the tests: installed into build/vnu/.

``python tests/vnu.py --install`` (``make vnu``, run by ``.ci/run``) installs the pinned version with npm, the only
network access it makes; ``check`` runs it once over many files (the JVM takes seconds to start).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

VERSION = "26.9.27"
"""vnu-jar's version (npm), pinned: a newer checker may know new rules."""
FOLDER = Path(__file__).resolve().parents[1] / "build" / "vnu"
JAR = FOLDER / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def missing() -> str | None:
    """Why the checker cannot run here (no Java, or no jar and no npm to install it), or None."""
    if not shutil.which("java"):
        return "the HTML checker needs Java (apt-get install default-jre-headless)"
    if not JAR.is_file() and not shutil.which("npm"):
        return f"the HTML checker is not installed in {JAR.parent} and npm is missing to install it (apt-get install npm)"
    return None


def install() -> Path:
    """Install vnu-jar with npm into build/vnu/ unless that version is there; return the jar's path."""
    package = FOLDER / "node_modules" / "vnu-jar" / "package.json"
    if JAR.is_file() and package.is_file() and json.loads(package.read_text(encoding="utf-8")).get("version") == VERSION:
        return JAR
    FOLDER.mkdir(parents=True, exist_ok=True)
    subprocess.run(["npm", "install", "--prefix", str(FOLDER), "--no-audit", "--no-fund", "--no-save",
                    f"vnu-jar@{VERSION}"], check=True, stdout=subprocess.DEVNULL)
    return JAR


def check(files: list[Path]) -> list[str]:
    """Errors of the checker in ``files``, one line each (``file:line.column: message``); none if they are valid."""
    result = subprocess.run(["java", "-jar", str(install()), "--errors-only", "--format", "json", *map(str, files)],
                            capture_output=True, text=True, check=False)
    try:
        messages = json.loads(result.stderr or result.stdout)["messages"]
    except (ValueError, KeyError):
        raise RuntimeError(f"the HTML checker failed: {result.stdout}{result.stderr}") from None
    return [f"{os.path.basename(m.get('url', ''))}:{m.get('lastLine', '?')}.{m.get('firstColumn', '?')}: {m['message']}"
            for m in messages if m.get("type") == "error" or m.get("subType") == "fatal"]


if __name__ == "__main__":
    if "--install" in sys.argv[1:]:
        print(f"vnu-jar {VERSION}: {install()}")
    else:
        sys.exit(f"usage: {sys.argv[0]} --install")
