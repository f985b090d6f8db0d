"""Cache entries on disk: checked on every read, written atomically.

An entry holds the files one unit of work produced. Its header (paths, digests, sizes)
and its payload (the bytes) each carry their length and a checksum, so a truncated or
damaged entry is detected, deleted and rebuilt, never served. Entries are written to a
temporary file and renamed into place: builds sharing a cache at once can at worst both
write the same entry, and a reader sees either none or a whole one.
"""
from __future__ import annotations

import hashlib
import json
import os
import pickle
import shutil
import struct
import tempfile
import time
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .keys import data_digest, digest

MAGIC = b"paperdigest cache 2\n"
FRAME = struct.Struct(">Q20s")  # length, blake2b-160 of the section
Header = list[tuple[str, str, int]]  # (path in the site, digest of its bytes, size)


def _check(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=20).digest()


@dataclass
class CacheStats:
    hits: int = 0
    misses: int = 0
    damaged: int = 0


class Store:
    """One cache folder. ``units/`` holds entries by key; ``sites/`` what each output folder holds."""

    def __init__(self, root: Path):
        self.root = root
        self.stats = CacheStats()
        # headers already read (or written) by this process: a warm rebuild reads no entry twice
        self._headers: dict[str, Header] = {}

    # entries --------------------------------------------------------------------------
    def _entry(self, key: str) -> Path:
        return self.root / "units" / key[:2] / key

    def header(self, key: str) -> Header | None:
        """What the entry ``key`` holds, without reading its bytes; None when absent or damaged."""
        if key in self._headers:
            return self._headers[key]
        try:
            with open(self._entry(key), "rb") as stream:
                header = self._read_header(stream)
        except FileNotFoundError:
            return None
        except (OSError, ValueError):
            header = None
        if header is None:
            self.discard(key)
            return None
        self._headers[key] = header
        return header

    def outputs(self, key: str) -> dict[str, bytes] | None:
        """The entry's files, after checking both checksums; None (and the entry deleted) if damaged."""
        try:
            with open(self._entry(key), "rb") as stream:
                header = self._read_header(stream)
                payload = self._read_section(stream) if header is not None else None
        except FileNotFoundError:
            return None
        except (OSError, ValueError):
            header = payload = None
        try:
            payload = zlib.decompress(payload) if payload is not None else None
        except zlib.error:
            payload = None
        if header is None or payload is None or sum(size for _, _, size in header) != len(payload):
            self.discard(key)
            return None
        files, at = {}, 0
        for path, _, size in header:
            files[path] = payload[at:at + size]
            at += size
        return files

    def put(self, key: str, outputs: Iterable[tuple[str, bytes]]) -> Header:
        """Store a unit's files (best effort: a cache that cannot be written only costs time)."""
        outputs = list(outputs)
        header = [(path, data_digest(data), len(data)) for path, data in outputs]
        head = json.dumps(header, ensure_ascii=False).encode("utf-8")
        # pages repeat their markup: level 1 shrinks them about sixfold for little CPU, which
        # matters most where the cache travels (a CI cache restored and saved on every deploy)
        payload = zlib.compress(b"".join(data for _, data in outputs), 1)
        blob = b"".join([MAGIC, FRAME.pack(len(head), _check(head)), head,
                         FRAME.pack(len(payload), _check(payload)), payload])
        try:
            write_atomically(self._entry(key), blob)
        except OSError:
            pass
        self._headers[key] = header
        return header

    def remember(self, key: str, header: Header) -> None:
        """A header another process (a rendering worker) stored."""
        self._headers[key] = header

    def discard(self, key: str) -> None:
        self.stats.damaged += 1
        self._headers.pop(key, None)
        try:
            self._entry(key).unlink()
        except OSError:
            pass

    @staticmethod
    def _read_header(stream) -> Header | None:
        if stream.read(len(MAGIC)) != MAGIC:
            return None
        head = Store._read_section(stream)
        return None if head is None else [tuple(row) for row in json.loads(head.decode("utf-8"))]

    @staticmethod
    def _read_section(stream) -> bytes | None:
        frame = stream.read(FRAME.size)
        if len(frame) != FRAME.size:
            return None
        length, checksum = FRAME.unpack(frame)
        data = stream.read(length)
        return data if len(data) == length and _check(data) == checksum else None

    # whole values (the loaded content) ----------------------------------------------------
    def load_value(self, name: str):
        """A value saved by ``save_value``, or None when absent, damaged or from another version."""
        try:
            with open(self.root / "values" / name, "rb") as stream:
                data = self._read_section(stream) if stream.read(len(MAGIC)) == MAGIC else None
            return pickle.loads(zlib.decompress(data)) if data is not None else None
        except (OSError, ValueError, zlib.error, pickle.UnpicklingError, EOFError, AttributeError, ImportError,
                TypeError):
            return None

    def save_value(self, name: str, value) -> None:
        data = zlib.compress(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), 1)
        try:
            write_atomically(self.root / "values" / name, MAGIC + FRAME.pack(len(data), _check(data)) + data)
        except OSError:
            pass

    # folders of finished files (the search index's bundles) ------------------------------
    def _folder(self, name: str) -> Path:
        return self.root / "folders" / name[:2] / name

    def keep_folder(self, name: str, folder: Path) -> None:
        """Keep ``folder``'s files under ``name`` with their digests: hard links where the cache is
        on the same file system (a created file costs several times a link), else copies."""
        target = self._folder(name)
        if (target / FOLDER_DIGESTS).is_file():
            return
        temporary = target.with_name(f".tmp-{name}-{os.getpid()}-{time.monotonic_ns()}")
        try:
            digests = {}
            for path in sorted(folder.rglob("*")):
                if path.is_file():
                    relative = path.relative_to(folder).as_posix()
                    (temporary / relative).parent.mkdir(parents=True, exist_ok=True)
                    link_or_copy(path, temporary / relative)
                    digests[relative] = data_digest(path.read_bytes())
            (temporary / FOLDER_DIGESTS).write_text(json.dumps(digests), encoding="utf-8")
            os.rename(temporary, target)  # refused when another build kept it first
        except OSError:
            shutil.rmtree(temporary, ignore_errors=True)

    def folder_files(self, name: str) -> dict[str, Path] | None:
        """A kept folder's files, each checked against its digest (a link shares its bytes with a
        site, which someone may edit in place); None, and the folder removed, if one changed."""
        target = self._folder(name)
        try:
            digests = json.loads((target / FOLDER_DIGESTS).read_text(encoding="utf-8"))
            for relative, expected in digests.items():
                if data_digest((target / relative).read_bytes()) != expected:
                    raise ValueError(relative)
        except FileNotFoundError:
            if target.is_dir():
                shutil.rmtree(target, ignore_errors=True)
            return None
        except (OSError, ValueError, AttributeError, TypeError):
            self.stats.damaged += 1
            shutil.rmtree(target, ignore_errors=True)
            return None
        return {relative: target / relative for relative in digests}

    # what an output folder holds --------------------------------------------------------
    def _site_record(self, out: Path) -> Path:
        return self.root / "sites" / f"{digest(str(out.resolve()))}.json"

    def load_manifest(self, out: Path) -> dict[str, list] | None:
        try:
            data = json.loads(self._site_record(out).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    def save_manifest(self, out: Path, manifest: dict[str, list] | None) -> None:
        record = self._site_record(out)
        try:
            if manifest is None:
                record.unlink(missing_ok=True)
            else:
                write_atomically(record, json.dumps(manifest, ensure_ascii=False).encode("utf-8"))
        except OSError:
            pass


def write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise


CACHE_TAG = "CACHEDIR.TAG"
FOLDER_DIGESTS = ".paperdigest-digests.json"


def link_or_copy(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def open_store(root: Path) -> Store:
    """The store at ``root``, created with a CACHEDIR.TAG so backup tools skip it."""
    try:
        root.mkdir(parents=True, exist_ok=True)
        tag = root / CACHE_TAG
        if not tag.exists():
            tag.write_text("Signature: 8a477f597d28d172789f06886806bc55\n"
                           "# This folder is a cache made by paperdigest; `paperdigest clean` removes it.\n")
    except OSError:
        pass
    return Store(root)


def remove_store(root: Path) -> bool:
    """Delete a cache folder, but only one that paperdigest made (it carries the tag)."""
    if not (root / CACHE_TAG).is_file():
        return False
    shutil.rmtree(root)
    return True
