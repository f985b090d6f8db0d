"""Write a text file whole or not at all: a temporary file beside it, then a rename.

A reader (or a crash) never sees a half-written file, and ``overwrite=False`` refuses
a file that appeared meanwhile instead of replacing it (``os.link`` fails if it exists).
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path


def default_cache_folder(src: Path) -> Path:
    """paperdigest's cache beside the content folder: ``<parent of papers>/.cache/paperdigest/``."""
    return src.resolve().parent / ".cache" / "paperdigest"


def write_text_atomically(path: Path, text: str, overwrite: bool = False) -> None:
    """Write ``text`` (UTF-8, LF) to ``path``; FileExistsError if it exists and not ``overwrite``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, path.stat().st_mode & 0o7777 if path.exists() else 0o666 & ~_umask())
        if overwrite:
            os.replace(tmp, path)
        else:
            try:
                os.link(tmp, path)  # atomic, and fails when path exists
            except FileExistsError:
                raise
            except OSError:  # a file system without hard links
                if path.exists():
                    raise FileExistsError(path) from None
                os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _umask() -> int:
    # mkstemp creates 0600 files; give ours the mode any other new file would get
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
