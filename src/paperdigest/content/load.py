"""Walk ``papers/`` and load every weekly issue into the model.

``load_site`` never raises on bad content: it returns what it could load and
every problem it found, so ``check`` can report them all in one run.
"""
from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import os
import re
from pathlib import Path
from zoneinfo import ZoneInfo

from ..model import Issue, LangMap, Paper, Site, SiteConfig, Theme
from ..problems import Problem, Severity
from .checks import ABSENT, Checker
from .config import format_issue_title, load_config
from .paper import load_paper
from .source import load_document

FOLDER = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
ISSUE_KEYS = ("week", "published", "updated", "title", "themes", "papers", "draft")
THEME_KEYS = ("title", "summary", "papers")
PAPER_SUFFIXES = (".md", ".yaml")


def load_site(src: Path, include_drafts: bool = False,
              memo: dict | None = None) -> tuple[Site | None, list[Problem]]:
    """``memo`` (a dict kept between loads) lets a reload skip every week folder whose files and
    settings are byte for byte those of the last load."""
    problems: list[Problem] = []
    if not src.is_dir():
        problems.append(Problem(src, None, "", "content folder not found"))
        return None, problems
    config = load_config(src, problems)
    languages = config.languages if config else ("ko", "en")
    issues = []
    seen: dict = {}
    for folder in _listing(src, problems):
        if folder.name.startswith(".") or folder.name == "site.yaml":
            continue
        if not folder.is_dir():
            problems.append(Problem(folder, None, "", "unexpected file: papers/ holds site.yaml and one folder per week",
                                    Severity.WARNING))
            continue
        issue = _load_issue_once(folder, config, languages, problems, memo, seen)
        if issue is not None and (include_drafts or not issue.draft):
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
                     problems: list[Problem], memo: dict | None, seen: dict) -> Issue | None:
    if memo is None:
        return load_issue(folder, config, languages, problems)
    try:
        signature = _folder_signature(folder, repr(config))
    except OSError:
        return load_issue(folder, config, languages, problems)
    known = memo.get(folder)
    if known is not None and known[0] == signature:
        issue, found = known[1], known[2]
    else:
        found: list[Problem] = []
        issue = load_issue(folder, config, languages, found)
    seen[folder] = (signature, issue, found)
    problems += found
    return issue


def _folder_signature(folder: Path, config: str) -> str:
    """The settings and every file of a week folder, by content (a fresh checkout, whose files all
    have new mtimes, still finds its weeks loaded)."""
    hasher = hashlib.blake2b(config.encode("utf-8"), digest_size=20)
    for entry in sorted(os.scandir(folder), key=lambda entry: entry.name):
        hasher.update(b"\x00" + os.fsencode(entry.name) + b"\x00")
        if entry.is_file():
            with open(entry.path, "rb") as stream:
                hasher.update(stream.read())
    return hasher.hexdigest()


def load_issue(folder: Path, config: SiteConfig | None, languages: tuple[str, ...],
               problems: list[Problem]) -> Issue | None:
    before = len(problems)
    try:
        folder_week = dt.date.fromisoformat(folder.name) if FOLDER.fullmatch(folder.name) else None
    except ValueError:
        problems.append(Problem(folder, None, "", f"expected a folder named by a real date, found '{folder.name}'"))
        return None
    if folder_week is None:
        problems.append(Problem(folder, None, "", "expected a folder named by the Monday of its week (YYYY-MM-DD), "
                                                  f"found '{folder.name}'"))
        return None
    papers, stems = _load_papers(folder, languages, problems)
    path = folder / "issue.md"
    if not path.is_file():
        problems.append(Problem(path, None, "", "missing: every week folder needs an issue.md"))
        return None
    doc = load_document(path, problems)
    if doc is None:
        return None
    data = doc.data
    check = Checker(doc, problems, languages)
    check.keys(data, (), ISSUE_KEYS, ("week", "published"))
    tz = ZoneInfo(config.timezone) if config else dt.timezone.utc

    week = check.date(data["week"], ("week",)) if "week" in data else None
    if week is not None:
        if week.weekday() != 0:
            check.error(("week",), f"expected a Monday, found {week:%A} {week.isoformat()}")
        if week != folder_week:
            check.error(("week",), f"expected {folder_week.isoformat()} to match the folder name, found {week.isoformat()}")
    published = check.moment(data["published"], ("published",), tz) if "published" in data else None
    if published and week and published.astimezone(tz).date() < week:
        check.error(("published",), f"expected a date on or after the week's Monday {week.isoformat()}, "
                                    f"found {published.astimezone(tz).date().isoformat()}")
    updated = check.moment(data["updated"], ("updated",), tz) if "updated" in data else None
    if updated and published and updated < published:
        check.error(("updated",), "expected a moment on or after 'published'")
    draft = check.boolean(data["draft"], ("draft",)) if "draft" in data else False
    title = check.lang_map(data["title"], ("title",), warn_missing=languages) if "title" in data else None
    order = _order(check, data.get("papers", ABSENT), papers, stems)
    themes = _themes(check, data.get("themes", ABSENT), stems)
    if not stems:
        check.warn((), "this issue has no paper files yet: add <id>.md files beside issue.md")

    if any(p.is_error for p in problems[before:]) or config is None or week is None or published is None:
        return None
    if title is None:
        title = LangMap(tuple((lang, format_issue_title(config, week, lang)) for lang in languages))
    return Issue(
        week=week, published=published, src_path=path, title=title, themes=themes,
        papers=tuple(order), intro=doc.body, draft=draft, updated=updated,
    )


def _listing(folder: Path, problems: list[Problem]) -> list[Path]:
    try:
        return sorted(folder.iterdir())
    except OSError as exc:
        problems.append(Problem(folder, None, "", f"cannot read folder: {exc.strerror or exc}"))
        return []


def _load_papers(folder: Path, languages: tuple[str, ...], problems: list[Problem]) -> tuple[list[Paper], set[str]]:
    """The papers that loaded cleanly, and the ids of every paper file (clean or not)."""
    papers: list[Paper] = []
    seen: dict[str, Path] = {}
    for path in _listing(folder, problems):
        if path.name.startswith(".") or path.name == "issue.md":
            continue
        if path.suffix not in PAPER_SUFFIXES or not path.is_file():
            hint = "; rename it to .yaml" if path.suffix == ".yml" else ""
            problems.append(Problem(path, None, "", f"not a paper file (.md or .yaml), ignored{hint}", Severity.WARNING))
            continue
        if path.stem in seen:
            problems.append(Problem(path, None, "id", f"duplicate paper id '{path.stem}': {seen[path.stem].name} has it too"))
            continue
        seen[path.stem] = path
        paper = load_paper(path, languages, problems)
        if paper is not None:
            papers.append(paper)
    return papers, set(seen)


def _order(check: Checker, value, papers: list[Paper], stems: set[str]) -> list[Paper]:
    """The papers in the issue's ``papers:`` order, or file-name order without one."""
    if value is ABSENT:
        return papers
    if not isinstance(value, list):
        check.expected(("papers",), "a list of paper ids", value)
        return papers
    by_id = {p.id: p for p in papers}
    ordered: list[Paper] = []
    listed: set[str] = set()
    for i, item in enumerate(value):
        paper_id = check.string(item, ("papers", i), "a paper id")
        if paper_id is None:
            continue
        if paper_id in listed:
            check.error(("papers", i), f"paper '{paper_id}' is listed twice")
        elif paper_id not in stems:
            check.error(("papers", i), f"no paper '{paper_id}' in this issue{_suggest(paper_id, stems)}")
        elif paper_id in by_id:
            ordered.append(by_id[paper_id])
        listed.add(paper_id)
    for paper_id in sorted(stems - listed):
        check.error(("papers",), f"paper '{paper_id}' is not listed; "
                                 "list every paper once, or remove 'papers' to use file-name order")
    return ordered


def _themes(check: Checker, value, ids: set[str]) -> tuple[Theme, ...]:
    if value is ABSENT:
        return ()
    if not isinstance(value, list):
        check.expected(("themes",), "a list of themes", value)
        return ()
    themes = []
    for i, item in enumerate(value):
        key = ("themes", i)
        item = check.mapping(item, key)
        if item is None:
            continue
        check.keys(item, key, THEME_KEYS, ("title", "summary"))
        title = check.lang_map(item["title"], (*key, "title"), warn_missing=check.languages) if "title" in item else LangMap()
        summary = check.lang_map(item["summary"], (*key, "summary"), warn_missing=check.languages) \
            if "summary" in item else LangMap()
        paper_ids = _theme_papers(check, item.get("papers", []), (*key, "papers"), ids)
        themes.append(Theme(title=title, summary=summary, paper_ids=tuple(paper_ids)))
    return tuple(themes)


def _theme_papers(check: Checker, value, key: tuple, ids: set[str]) -> list[str]:
    if not isinstance(value, list):
        check.expected(key, "a list of paper ids", value)
        return []
    found: list[str] = []
    for j, item in enumerate(value):
        paper_id = check.string(item, (*key, j), "a paper id")
        if paper_id is None:
            continue
        if paper_id not in ids:
            check.error((*key, j), f"no paper '{paper_id}' in this issue{_suggest(paper_id, ids)}")
        elif paper_id in found:
            check.error((*key, j), f"paper '{paper_id}' is listed twice in this theme")
        else:
            found.append(paper_id)
    return found


def _suggest(name: str, ids) -> str:
    hint = difflib.get_close_matches(name, sorted(ids), n=1, cutoff=0.6)
    return f"; did you mean '{hint[0]}'?" if hint else ""


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
