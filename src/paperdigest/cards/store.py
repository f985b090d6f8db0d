"""A content-addressed store of drawn cards: bytes kept under the sha256 of their inputs.

Three operations only (``get``/``put`` by key, ``path`` of a kept entry), so it can move into a
general build cache without its callers changing. Concurrent writers (forked workers) are safe:
every file is written under a temporary name and renamed into place. Entries are read-only, as
they are linked into built sites: a tool that rewrote a site's card in place would fail instead
of changing the cache.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path


class CardStore:
    """Drawn cards by key; with no folder (``build --no-cache``) nothing is kept."""

    def __init__(self, folder: Path | None):
        self.folder = folder

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.png"

    def path(self, key: str) -> Path | None:
        """Where the entry for ``key`` is kept, if it is."""
        if self.folder is None:
            return None
        path = self._path(key)
        return path if path.is_file() else None

    def get(self, key: str) -> bytes | None:
        if self.folder is None:
            return None
        try:
            return self._path(key).read_bytes()
        except OSError:
            return None

    def put(self, key: str, data: bytes) -> None:
        """Keep ``data``; a store that cannot be written (read-only disk) only costs redrawing."""
        if self.folder is None:
            return
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        except OSError:
            return
        try:
            with os.fdopen(fd, "wb") as file:
                file.write(data)
            os.chmod(temporary, 0o444)
            os.replace(temporary, path)
        except OSError:
            Path(temporary).unlink(missing_ok=True)
