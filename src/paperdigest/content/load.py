"""Walk ``papers/`` and load every weekly issue into the model.

``load_site`` never raises on bad content: it returns what it could load and
every problem it found, so ``check`` can report them all in one run.
"""
from __future__ import annotations

import hashlib
import os
import re
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
    for folder in entries:
        if folder.name.startswith(".") or folder.name == "site.yaml":
            continue
        if not folder.is_dir():
            problems.append(Problem(folder, None, "", "unexpected file: papers/ holds site.yaml and one folder per week",
                                    Severity.WARNING))
            continue
        before = len(problems)
        issue, draft = _load_issue_once(folder, config, languages, problems, memo, seen)
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


def _load_issue_once(folder: Path, config: SiteConfig | None, languages: tuple[str, ...],
                     problems: list[Problem], memo: dict | None, seen: dict) -> tuple[Issue | None, bool]:
    if memo is None:
        return load_issue(folder, config, languages, problems)
    try:
        signature = _folder_signature(folder, repr(config))
    except OSError:
        return load_issue(folder, config, languages, problems)
    known = memo.get(folder)
    if known is not None and known[0] == signature:
        loaded, found = known[1], known[2]
    else:
        found: list[Problem] = []
        loaded = load_issue(folder, config, languages, found)
    seen[folder] = (signature, loaded, found)
    problems += found
    return loaded


def _folder_signature(folder: Path, config: str) -> str:
    """The settings and every file of a week folder, by content (a fresh checkout, whose files all
    have new mtimes, still finds its weeks loaded). Files over the size cap are refused by the
    loader, which stops reading at the cap; here they are hashed whole once per build."""
    hasher = hashlib.blake2b(config.encode("utf-8"), digest_size=20)
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
