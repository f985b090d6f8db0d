"""Walk ``papers/`` and load every weekly issue into the model.

``load_site`` never raises on bad content: it returns what it could load and
every problem it found, so ``check`` can report them all in one run.
"""
from __future__ import annotations

import hashlib
import os
import re
import time
from dataclasses import replace
from pathlib import Path

from ..model import Issue, Paper, Site, SiteConfig
from ..problems import Problem, Severity
from .config import load_config
from .issue import listing, load_issue


def load_site(src: Path, include_drafts: bool = False,
              memo: dict | None = None) -> tuple[Site | None, list[Problem]]:
    """``memo`` (a dict kept between loads) lets a reload skip every week folder whose files and
    settings are byte for byte those of the last load."""
    problems: list[Problem] = []
    if not src.is_dir():
        problems.append(Problem(src, None, "", "content folder not found"))
        return None, problems
    entries = listing(src, problems, src)
    settings = src / "site.yaml"
    config = load_config(src, problems) if settings in entries or not settings.is_symlink() else None
    languages = config.languages if config else ("ko", "en")
    issues = []
    seen: dict = {}
    settings_digest = hashlib.blake2b(repr(config).encode("utf-8"), digest_size=20).hexdigest()
    for folder in entries:
        if folder.name.startswith(".") or folder.name == "site.yaml":
            continue
        if not folder.is_dir():
            problems.append(Problem(folder, None, "", "unexpected file: papers/ holds site.yaml and one folder per week",
                                    Severity.WARNING))
            continue
        before = len(problems)
        issue, draft = _load_issue_once(folder, config, settings_digest, languages, problems, memo, seen)
        if draft:
            # a week in progress: check reports its problems, builds go on without it
            problems[before:] = [replace(p, draft=True) for p in problems[before:]]
        if issue is not None and (include_drafts or not draft):
            issues.append(issue)
    if memo is not None:
        memo.clear()
        memo.update(seen)
    _check_across_issues(issues, problems)
    if config is None:
        return None, problems
    issues.sort(key=lambda issue: issue.week, reverse=True)
    return Site(config=config, issues=tuple(issues)), problems


def _load_issue_once(folder: Path, config: SiteConfig | None, settings: str, languages: tuple[str, ...],
                     problems: list[Problem], memo: dict | None, seen: dict) -> tuple[Issue | None, bool]:
    """A week folder loaded again only when its files changed. ``memo`` holds, per folder, the
    settings' digest, the files' stamp (names, sizes, mtimes: no file read), their content digest
    (a fresh checkout has new mtimes but the same bytes), and what loading gave."""
    if memo is None:
        return load_issue(folder, config, languages, problems)
    known = memo.get(folder)
    try:
        stamp = _folder_stamp(folder)
        if known is not None and known[:2] == (settings, stamp) and stamp[0]:
            entry = known  # the same object: nothing to save for this folder
        else:
            digest = _folder_digest(folder, settings)
            if known is not None and known[2] == digest:
                entry = (settings, stamp, digest, known[3], known[4])
            else:
                found: list[Problem] = []
                entry = (settings, stamp, digest, load_issue(folder, config, languages, found), found)
    except OSError:
        return load_issue(folder, config, languages, problems)
    seen[folder] = entry
    problems += entry[4]
    return entry[3]


#: a file changed twice within the clock's granularity may keep its size and mtime ("racy git"):
#: a stamp is trusted only when every file in it is older than this when it is taken
SETTLED_NS = 2_000_000_000


def _folder_stamp(folder: Path) -> tuple:
    """(trusted, entries): each entry's name, size, mtime and inode."""
    taken = time.time_ns()
    entries = []
    for entry in os.scandir(folder):
        info = entry.stat(follow_symlinks=False)
        entries.append((entry.name, info.st_size, info.st_mtime_ns, info.st_ino))
    settled = all(mtime < taken - SETTLED_NS for _, _, mtime, _ in entries)
    return settled, tuple(sorted(entries))


def _folder_digest(folder: Path, settings: str) -> str:
    """The settings and every file of a week folder, by content. Files over the size cap are
    refused by the loader, which stops reading at the cap; here they are hashed whole."""
    hasher = hashlib.blake2b(settings.encode("utf-8"), digest_size=20)
    for entry in sorted(os.scandir(folder), key=lambda entry: entry.name):
        hasher.update(b"\x00" + os.fsencode(entry.name) + b"\x00")
        if entry.is_symlink():  # never read through a link here: load_issue judges where it leads
            hasher.update(os.fsencode(os.readlink(entry.path)))
        elif entry.is_file():
            with open(entry.path, "rb") as stream:
                hasher.update(stream.read())
    return hasher.hexdigest()


def _check_across_issues(issues: list[Issue], problems: list[Problem]) -> None:
    """The same arXiv paper twice in the archive is usually a copy-paste slip."""
    first_seen: dict[str, Paper] = {}
    for issue in sorted(issues, key=lambda i: i.week):
        for paper in issue.papers:
            if not paper.arxiv:
                continue
            base = re.sub(r"v\d+$", "", paper.arxiv)
            if base in first_seen:
                other = first_seen[base]
                problems.append(Problem(paper.src_path, None, "arxiv",
                                        f"arXiv {base} is also in {other.src_path.parent.name}/{other.src_path.name}",
                                        Severity.WARNING))
            else:
                first_seen[base] = paper
