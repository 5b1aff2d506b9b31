"""How the tools write the project's files: inside the project, never through a link, whole or not at all.

A catalogue comes from pull requests: a product file, or a folder on the way to it, may be a symbolic
link to anywhere. `inside` refuses any path that leaves the project or passes through a link; `write_text`
writes a new version beside the file and moves it into place, so that a file is never half-written and a
link in its place would be replaced, not followed.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path


class UnsafePath(Exception):
    """A path the tools do not write (or read) to: outside the project, or through a symbolic link."""


def inside(root: Path, path: Path) -> Path:
    """``path``, absolute, if it is inside ``root`` and nothing from ``root`` down to it is a symbolic link.

    Raises:
        UnsafePath: Saying which part is a link (never what it points at), or that the path leaves ``root``.
    """
    base = Path(os.path.abspath(root))
    target = Path(os.path.abspath(path))
    try:
        parts = target.relative_to(base).parts
    except ValueError:
        raise UnsafePath(f"{path} is outside the project folder") from None
    current = base
    for part in parts:
        current = current / part
        if current.is_symlink():
            raise UnsafePath(f"{current.relative_to(base).as_posix()} is a symbolic link; the tools write no links")
    return target


def write_text(root: Path, path: Path, text: str, *, exclusive: bool = False) -> Path:
    """Write ``text`` (UTF-8) to ``path`` inside ``root``, atomically.

    Args:
        root: The project folder.
        path: The file.
        text: Its new content.
        exclusive: Refuse to replace an existing file (``FileExistsError``).

    Returns:
        The file written.

    Raises:
        UnsafePath: If the path leaves the project or passes through a link.
        FileExistsError: If ``exclusive`` and the file exists.
    """
    return write_all(root, [(path, text)], exclusive=exclusive)[0]


def write_all(root: Path, files: Iterable[tuple[Path, str | bytes]], *, exclusive: bool = False) -> list[Path]:
    """Write several files, each as `write_text` does (bytes as they are: e.g. a gzipped sitemap); if one cannot
    be written, none is (those written already are removed again when ``exclusive``, the only case where there
    was nothing before)."""
    staged: list[tuple[Path, str]] = []
    done: list[Path] = []
    try:
        for path, text in files:
            target = inside(root, path)
            target.parent.mkdir(parents=True, exist_ok=True)
            inside(root, target)  # the folders just made are no links either
            binary = isinstance(text, bytes)
            handle = tempfile.NamedTemporaryFile("wb" if binary else "w", encoding=None if binary else "utf-8",
                                                 newline=None if binary else "", dir=target.parent,
                                                 prefix=f".{target.name}.", suffix=".tmp", delete=False)
            with handle:
                handle.write(text)
            staged.append((target, handle.name))
            os.chmod(handle.name, _mode(target))
        for target, temporary in staged:
            if exclusive:
                os.link(temporary, target)  # fails if the file exists, whatever it is
            else:
                os.replace(temporary, target)
            done.append(target)
    except BaseException:
        if exclusive:
            for target in done:
                with contextlib.suppress(OSError):
                    os.unlink(target)
        raise
    finally:
        for _, temporary in staged:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
    return done


def _mode(target: Path) -> int:
    """The permissions of the file being replaced, or those a new file gets (the temporary file has 0600)."""
    try:
        return os.stat(target, follow_symlinks=False).st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
