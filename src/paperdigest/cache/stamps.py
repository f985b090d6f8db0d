"""Whether a build has anything to do: its inputs and its output as the last build left them.

A build records a stamp of its inputs, taken before it read any of them (the content folder, the
site's templates and paperdigest's own package: path, size, mtime and inode of every file), a stamp
of the site it left (the same for every output file) and what it printed. The next build with the
same options that finds both stamps unchanged prints the same report and stops, without loading a
file: at 5,000 papers that is 0.2 s instead of a second. Like git's index, a stamp is not trusted
when a file changed less than RACY_SECONDS before it was taken (a second edit in the same instant
could keep size and mtime): such a build records nothing, and the next one does the work.

Only this module's own imports are loaded on that path; it must stay light.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

RACY_SECONDS = 2.0
PACKAGE = Path(__file__).resolve().parents[1]
SKIPPED = {"__pycache__"}


def tree_stamp(roots: list[Path], trust_before: float | None = None) -> str | None:
    """A digest of every file under ``roots`` (path, size, mtime, inode); None when a file changed
    after ``trust_before`` (seconds since the epoch), so the stamp cannot be trusted."""
    hasher = hashlib.blake2b(digest_size=20)
    newest = 0
    for root in roots:
        hasher.update(f"{root}\0".encode("utf-8", "surrogateescape"))
        pending = [("", str(root))] if os.path.isdir(root) else []
        while pending:
            prefix, folder = pending.pop()
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    if entry.name not in SKIPPED:
                        pending.append((f"{prefix}{entry.name}/", entry.path))
                    continue
                try:
                    stat = entry.stat()
                except OSError:  # a dangling link: its name is its stamp
                    hasher.update(f"{prefix}{entry.name}\0-\n".encode("utf-8", "surrogateescape"))
                    continue
                newest = max(newest, stat.st_mtime_ns)
                hasher.update(f"{prefix}{entry.name}\0{stat.st_size}\0{stat.st_mtime_ns}\0{stat.st_ino}\n"
                              .encode("utf-8", "surrogateescape"))
    if trust_before is not None and newest > trust_before * 1e9:
        return None
    return hasher.hexdigest()


@dataclass
class Replay:
    """What the last build printed, to print again."""
    lines: list[str]
    issues: int
    papers: int
    files: int


class LastBuild:
    """The record of the last successful build of ``src`` into ``out`` with these options."""

    def __init__(self, cache_dir: Path, src: Path, out: Path, options: dict):
        self.src, self.out = src.resolve(), out.resolve()
        key = json.dumps({**options, "src": str(self.src), "out": str(self.out), "python": sys.version,
                          "pagefind": os.environ.get("PAGEFIND_BINARY_PATH")}, sort_keys=True)
        self.key = hashlib.blake2b(key.encode("utf-8", "surrogateescape"), digest_size=20).hexdigest()
        name = hashlib.blake2b(str(self.out).encode("utf-8", "surrogateescape"), digest_size=20).hexdigest()
        self.path = cache_dir / "sites" / f"{name}.last-build.json"

    def inputs(self, trust: bool = True) -> str | None:
        """The inputs' stamp now; take it before the build reads them."""
        roots = [self.src, self.src.parent / "templates", PACKAGE]
        return tree_stamp(roots, dt.datetime.now().timestamp() - RACY_SECONDS if trust else None)

    def output(self) -> str:
        return tree_stamp([self.out])

    def replay(self, now: dt.datetime | None = None) -> Replay | None:
        """The last build's report when nothing changed since it, else None."""
        try:
            record = json.loads(self.path.read_text(encoding="utf-8"))
            if record["key"] != self.key or not self.out.is_dir():
                return None
            expires = record["expires"] and dt.datetime.fromisoformat(record["expires"])
            if expires and (now or dt.datetime.now(dt.timezone.utc)) >= expires:
                return None  # a scheduled issue is due
            if record["inputs"] != self.inputs(trust=False) or record["output"] != self.output():
                return None
            return Replay(list(record["lines"]), record["issues"], record["papers"], record["files"])
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def save(self, inputs: str | None, replay: Replay, expires: dt.datetime | None) -> None:
        """Record a successful build whose inputs had the stamp ``inputs`` (None: not trusted)."""
        try:
            if inputs is None:
                self.path.unlink(missing_ok=True)
                return
            record = {"key": self.key, "inputs": inputs, "output": self.output(), "lines": replay.lines,
                      "issues": replay.issues, "papers": replay.papers, "files": replay.files,
                      "expires": expires.isoformat() if expires else None}
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
            temporary.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
            os.replace(temporary, self.path)
        except OSError:
            pass
