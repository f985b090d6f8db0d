"""Cache keys: hashes of everything an output depends on.

A key mixes the package (its version and its own source, so a change of code can never
replay output of the old code), the templates, the site settings and the unit's inputs.
"""
from __future__ import annotations

import functools
import hashlib
import importlib.metadata
from collections.abc import Iterable
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]


def digest(*parts: object) -> str:
    """A hex digest of ``repr`` of the parts: the model is frozen dataclasses, tuples and
    strings, whose ``repr`` is complete and stable across processes (no sets)."""
    hasher = hashlib.blake2b(digest_size=20)
    for part in parts:
        hasher.update(part.encode("utf-8") if isinstance(part, str) else repr(part).encode("utf-8"))
        hasher.update(b"\x00")
    return hasher.hexdigest()


def data_digest(data: bytes) -> str:
    """The digest of an output file, used to tell unchanged files from changed ones."""
    return hashlib.blake2b(data, digest_size=20).hexdigest()


def package_version() -> str:
    try:
        return importlib.metadata.version("paperdigest")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


@functools.lru_cache(maxsize=1)
def _source_digest() -> str:
    return folder_digest([PACKAGE], suffixes=(".py",))


def package_digest() -> str:
    return digest(package_version(), _source_digest())


def folder_digest(folders: Iterable[Path], suffixes: tuple[str, ...] = (), skip: tuple[str, ...] = ()) -> str:
    """Names and bytes of every file under ``folders`` (templates), but those under a ``skip`` subfolder."""
    hasher = hashlib.blake2b(digest_size=20)
    for n, folder in enumerate(folders):
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            relative = path.relative_to(folder)
            if relative.parts[0] in skip or "__pycache__" in relative.parts:
                continue
            if path.is_file() and (not suffixes or path.suffix in suffixes):
                hasher.update(f"{n}:{relative.as_posix()}\x00".encode("utf-8", "surrogateescape"))
                hasher.update(hashlib.blake2b(path.read_bytes(), digest_size=20).digest())
    return hasher.hexdigest()


class Fingerprints:
    """``digest(obj)`` remembered per object, for a long-lived process that reloads only the
    files that changed: unchanged issues are the same objects, so they are not hashed again."""

    def __init__(self) -> None:
        self._known: dict[tuple[str, int], tuple[object, str]] = {}
        self._seen: set[tuple[str, int]] = set()

    def of(self, kind: str, obj: object, parts) -> str:
        """The digest of ``parts()`` (what ``kind`` reads from ``obj``), computed once per object."""
        slot = (kind, id(obj))
        self._seen.add(slot)
        known = self._known.get(slot)
        if known is not None and known[0] is obj:
            return known[1]
        value = digest(kind, parts())
        self._known[slot] = (obj, value)
        return value

    def seed(self, kind: str, obj: object, value: str) -> None:
        """Give ``obj`` a fingerprint known without hashing it (an issue's: its source files' digest)."""
        known = self._known.get((kind, id(obj)))
        if known is None or known[0] is not obj:
            self._known[(kind, id(obj))] = (obj, digest(kind, value))

    def forget_unused(self) -> None:
        """Drop objects no build asked about since the last call (their files changed)."""
        self._known = {slot: value for slot, value in self._known.items() if slot in self._seen}
        self._seen = set()
