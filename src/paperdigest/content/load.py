"""Walk ``papers/`` and load every weekly issue into the model.

``load_site`` never raises on bad content: it returns what it could load and
every problem it found, so ``check`` can report them all in one run.
"""
from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from ..model import Issue, Paper, Site
from ..problems import Problem, Severity
from .config import load_config
from .issue import listing, load_issue


def load_site(src: Path, include_drafts: bool = False) -> tuple[Site | None, list[Problem]]:
    problems: list[Problem] = []
    if not src.is_dir():
        problems.append(Problem(src, None, "", "content folder not found"))
        return None, problems
    entries = listing(src, problems, src)
    settings = src / "site.yaml"
    config = load_config(src, problems) if settings in entries or not settings.is_symlink() else None
    languages = config.languages if config else ("ko", "en")
    issues = []
    for folder in entries:
        if folder.name.startswith(".") or folder.name == "site.yaml":
            continue
        if not folder.is_dir():
            problems.append(Problem(folder, None, "", "unexpected file: papers/ holds site.yaml and one folder per week",
                                    Severity.WARNING))
            continue
        before = len(problems)
        issue, draft = load_issue(folder, config, languages, problems)
        if draft:
            # a week in progress: check reports its problems, builds go on without it
            problems[before:] = [replace(p, draft=True) for p in problems[before:]]
        if issue is not None and (include_drafts or not draft):
            issues.append(issue)
    _check_across_issues(issues, problems)
    if config is None:
        return None, problems
    issues.sort(key=lambda issue: issue.week, reverse=True)
    return Site(config=config, issues=tuple(issues)), problems


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
