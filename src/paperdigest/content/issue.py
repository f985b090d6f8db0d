"""Load and check one week's folder: ``issue.md`` and its paper files."""
from __future__ import annotations

import datetime as dt
import difflib
import re
from pathlib import Path
from zoneinfo import ZoneInfo

from ..limits import is_inside
from ..model import Issue, LangMap, Paper, SiteConfig, Theme
from ..problems import Problem, Severity
from .checks import ABSENT, Checker, texts_with_body
from .config import format_issue_title
from .paper import load_paper
from .source import load_document

FOLDER = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
ISSUE_KEYS = ("week", "published", "updated", "title", "themes", "papers", "draft", "intro")
THEME_KEYS = ("title", "summary", "papers")
PAPER_SUFFIXES = (".md", ".yaml")
#: an issue usually goes out within days of its week; later is more likely a typo in the date
LATE_AFTER = dt.timedelta(days=7)


def load_issue(folder: Path, config: SiteConfig | None, languages: tuple[str, ...],
               problems: list[Problem]) -> tuple[Issue | None, bool]:
    """The week's issue (None when it has errors, all of them reported) and whether it is a draft."""
    before = len(problems)
    try:
        folder_week = dt.date.fromisoformat(folder.name) if FOLDER.fullmatch(folder.name) else None
    except ValueError:
        problems.append(Problem(folder, None, "", f"expected a folder named by a real date, found '{folder.name}'"))
        return None, False
    if folder_week is None:
        problems.append(Problem(folder, None, "", "expected a folder named by the Monday of its week (YYYY-MM-DD), "
                                                  f"found '{folder.name}'"))
        return None, False
    path = folder / "issue.md"
    if leaves(path, folder.parent, problems):
        return None, False
    doc = load_document(path, problems) if path.is_file() else None
    # read before the papers: a draft's papers may still have blanks
    marked_draft = doc is not None and doc.data.get("draft") is True
    papers, stems = _load_papers(folder, languages, problems, marked_draft)
    if not path.is_file():
        problems.append(Problem(path, None, "", "missing: every week folder needs an issue.md"))
        return None, False
    if doc is None:
        return None, False
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
    if published and week:
        _check_published(check, published.astimezone(tz).date(), week, week == folder_week)
    updated = check.moment(data["updated"], ("updated",), tz) if "updated" in data else None
    if updated and published and updated < published:
        check.error(("updated",), "expected a moment on or after 'published'")
    draft = check.boolean(data["draft"], ("draft",)) if "draft" in data else False
    intro = texts_with_body(check, data, "intro", doc)
    title = check.lang_map(data["title"], ("title",), warn_missing=languages) if "title" in data else None
    order = _order(check, data.get("papers", ABSENT), papers, stems)
    themes = _themes(check, data.get("themes", ABSENT), stems)
    if not stems:
        check.warn((), "this issue has no paper files yet: add <id>.md files beside issue.md")

    if any(p.is_error for p in problems[before:]) or config is None or week is None or published is None:
        return None, draft
    if title is None:
        title = LangMap(tuple((lang, format_issue_title(config, week, lang)) for lang in languages))
    return Issue(
        week=week, published=published, src_path=path, title=title, themes=themes,
        papers=tuple(order), intro=intro, draft=draft, updated=updated,
    ), draft


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


def _check_published(check: Checker, day: dt.date, week: dt.date, week_is_right: bool) -> None:
    if day < week:
        check.error(("published",), f"expected a date on or after the week's Monday {week.isoformat()}, "
                                    f"found {day.isoformat()}")
    end = week + dt.timedelta(days=6)
    if week_is_right and day > end + LATE_AFTER:
        check.warn(("published",), f"{day.isoformat()} is more than {LATE_AFTER.days} days after the week ends "
                                   f"({end.isoformat()}); is the date right?")


def listing(folder: Path, problems: list[Problem], src: Path) -> list[Path]:
    """The folder's entries, without links that lead out of the content folder ``src`` (each a problem)."""
    try:
        entries = sorted(folder.iterdir())
    except OSError as exc:
        problems.append(Problem(folder, None, "", f"cannot read folder: {exc.strerror or exc}"))
        return []
    return [entry for entry in entries if not leaves(entry, src, problems)]


def leaves(path: Path, src: Path, problems: list[Problem]) -> bool:
    """Whether ``path`` is a link to somewhere outside the content folder ``src`` (a problem: it
    would publish, or list in check's output, files that are not content)."""
    if not path.is_symlink() or is_inside(path, src.resolve()):
        return False
    problems.append(Problem(path, None, "", "a link to a file or folder outside the content folder; "
                                            "copy it into the content folder instead"))
    return True


def _load_papers(folder: Path, languages: tuple[str, ...], problems: list[Problem],
                 draft: bool = False) -> tuple[list[Paper], set[str]]:
    """The papers that loaded cleanly, and the ids of every paper file (clean or not)."""
    papers: list[Paper] = []
    seen: dict[str, Path] = {}
    for path in listing(folder, problems, folder.parent):
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
        paper = load_paper(path, languages, problems, draft)
        if paper is not None:
            papers.append(paper)
    return papers, set(seen)


