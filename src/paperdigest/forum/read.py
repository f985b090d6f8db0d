"""``paperdigest import``: turn a weekly forum post (plain-text copy or raw Markdown) into an issue folder.

``parse_post`` is pure (text in, front matter out); ``write_issue`` writes the files and
never replaces an existing issue unless asked. Everything the post lacks or that could not be
placed is returned as notes for the command line to show, never silently dropped.
"""
from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..content.checks import SLUG
from ..limits import name_problem
from . import clean as C
from . import parse as P
from .clean import Block
from .issue import issue_data as _issue_data
from .paper import ParsedPaper, finish, place
from .write import render_issue, render_paper, render_site_yaml


class ImportError_(Exception):
    """The post cannot be imported (no week, no papers, the issue exists...)."""


@dataclass
class ParsedIssue:
    week: dt.date | None
    data: dict
    intro: str
    papers: list[ParsedPaper]
    languages: tuple[str, ...]
    warnings: list[str] = field(default_factory=list)
    unplaced: list[str] = field(default_factory=list)
    skipped: int = 0


def parse_post(text: str, languages: tuple[str, ...] = ("ko", "en"), week: dt.date | None = None,
               title_patterns: tuple[str, ...] = (), own_lines: tuple[str, ...] = ()) -> ParsedIssue:
    """``own_lines``: the site's forum header and footer, left out like the web-page link line."""
    blocks, removed = C.blocks_of(text)
    own = {C.normal_block(part) for text in own_lines for part in text.split("\n\n") if part.strip()}
    blocks = [b for b in blocks if not P.is_rule(b.text) and C.normal_block(b.text) not in own]
    parsed = ParsedIssue(week=week, data={}, intro="", papers=[], languages=languages, skipped=removed)
    title = None
    exported = P.hidden_data(blocks[1].text) if len(blocks) > 1 and "\n" not in blocks[0].text else None
    if exported and "week" in exported:
        # our own export: the title line, then the week in a hidden comment (the title may have no dates)
        title = P.strip_markup(blocks[0].text)
        parsed.week = parsed.week or _exported_week(exported["week"])
        blocks = blocks[1:]
    themes: list[dict] = []
    intro: list[str] = []
    meta: dict = {}
    paper: ParsedPaper | None = None
    section: str | None = None
    taken: set[str] = set()

    def note_unplaced(block: Block, why: str) -> None:
        preview = block.text if len(block.text) <= 80 else block.text[:77] + "..."
        parsed.unplaced.append(f"line {block.line}: {why}: {preview}")

    for i, block in enumerate(blocks):
        body = block.text
        if (web := P.web_link_week(body)) is not False:
            parsed.week = parsed.week or web  # the link to the issue's page names its week
            continue
        hidden = P.hidden_data(body)
        if hidden is not None:
            if paper is not None and "id" in hidden:
                _rename(paper, hidden, taken)
            elif "papers" in hidden and themes and paper is None:
                themes[-1]["hidden"] = [str(x) for x in hidden["papers"]]
                if isinstance(hidden.get("title"), dict):
                    themes[-1]["title"] = {str(k): str(v) for k, v in hidden["title"].items()}
            else:
                meta.update(hidden)
            continue
        if paper is None and not themes and (found := P.title_week(body)) and "\n" not in body:
            if title is None:
                title = P.strip_markup(body)
                parsed.week = parsed.week or found
            continue
        if _is_header(blocks, i, section, paper is not None):
            paper = _new_paper(block, taken, parsed)
            section = None
            continue
        kind, rest = P.label_of(body) if "\n" not in body else (None, body)
        if kind is not None and paper is not None:
            section = kind
            if rest.strip():
                place(paper, section, Block(block.line, rest.strip()), note_unplaced)
            paper.labelled.add(kind)
            continue
        if paper is None:
            if P.THEME_START.match(body) and not P.hidden_data(body):
                themes.append({"line": block.line, "text": [_theme_text(body)]})
            elif C.is_boilerplate(body):
                parsed.skipped += 1
            elif kind is not None:
                note_unplaced(block, f"a '{body}' label before the first paper")
            elif not C.is_sentence(body) and not body.startswith("#"):
                note_unplaced(block, "a short line before the first paper")
            elif themes:
                themes[-1]["text"].append(body)
            else:
                intro.append(body)
            continue
        if C.is_footer(body) or (section in (None, "link", "more") and C.is_boilerplate(body)
                                 and not P.find_links(body)):
            parsed.skipped += 1
            continue
        if C.DOMAIN.match(body.strip()) and section in ("link", "more"):
            parsed.skipped += 1  # the site name over a copied link preview
            continue
        place(paper, section, block, note_unplaced)

    if parsed.week is None:
        raise ImportError_("no week: the post has no [YYYY/MM/DD ~ DD] title or link to the issue's page; "
                           "pass --week YYYY-MM-DD")
    if parsed.week.weekday() != 0:
        monday = parsed.week - dt.timedelta(days=parsed.week.weekday())
        if parsed.week.weekday() == 6:  # a Sunday-to-Saturday range belongs to the week of the next Monday
            monday = parsed.week + dt.timedelta(days=1)
        parsed.warnings.append(f"the post's week starts on a {parsed.week:%A} ({parsed.week}); "
                               f"using that week's Monday {monday}")
        parsed.week = monday
    if not parsed.papers:
        raise ImportError_("no papers found: expected 'Korean title / English title' lines followed by '논문 소개'")
    parsed.intro = "\n\n".join(intro)
    parsed.data = _issue_data(parsed, meta, title, title_patterns, themes)
    for p in parsed.papers:
        finish(p, parsed)
    return parsed


def _exported_week(value) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def _rename(paper: ParsedPaper, hidden: dict, taken: set[str]) -> None:
    new = str(hidden["id"])
    # the id becomes a file name: the whole of it must be a short slug ("evil\n" matches SLUG.match)
    if SLUG.fullmatch(new) and name_problem(new, "id") is None and new not in taken - {paper.id}:
        taken.discard(paper.id)
        paper.id = new
        taken.add(new)
    paper.tags = [str(t) for t in hidden.get("tags", [])]
    paper.authors = [str(a) for a in hidden.get("authors", [])]


def _is_header(blocks: list[Block], i: int, section: str | None, in_paper: bool) -> bool:
    """A one-line title block followed by the '논문 소개' label (or a '## ko / en' heading)."""
    text = blocks[i].text
    if "\n" in text or P.THEME_START.match(text) or P.hidden_data(text) is not None or not P.looks_like_header(text):
        return False
    for nxt in blocks[i + 1:i + 3]:
        if P.hidden_data(nxt.text) is not None:
            continue
        kind = P.label_of(nxt.text)[0] if "\n" not in nxt.text else None
        if kind == "summary" or (kind == "abstract" and (not in_paper or section not in (None, "summary"))):
            return True
        break
    ko, en = P.split_titles(text)
    if ko and en and len(text) <= 300 and (not in_paper or section in ("link", "more", "note")):
        # 'ko / en' without its '논문 소개' label: the introduction follows, then the abstract label
        for nxt in blocks[i + 1:i + 4]:
            kind = P.label_of(nxt.text)[0] if "\n" not in nxt.text else None
            if kind is not None:
                return kind in ("summary", "abstract")
    return text.startswith("#") and " / " in text and section not in ("summary", "abstract", "note")


def _theme_text(body: str) -> str:
    rest = P.THEME_START.sub("", body, count=1).strip()
    if body.lstrip().startswith("**") and not rest.startswith("**") and rest.count("**") % 2 == 1:
        rest = "**" + rest  # '**1. Title** text' keeps its bold title
    return rest


def _new_paper(block: Block, taken: set[str], parsed: ParsedIssue) -> ParsedPaper:
    ko, en = P.split_titles(block.text)
    pid = P.paper_id(en, taken, f"paper-{len(parsed.papers) + 1}")
    taken.add(pid)
    paper = ParsedPaper(id=pid, line=block.line)
    if ko:
        paper.title["ko"] = ko
    if en:
        paper.title["en"] = en
    parsed.papers.append(paper)
    return paper


@dataclass
class ImportResult:
    folder: Path
    files: list[Path]
    parsed: ParsedIssue


def read_post(path: Path) -> str:
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "cp949"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportError_(f"{path}: not UTF-8 (or CP949) text")


def import_post(post: Path, out: Path, week: dt.date | None = None, force: bool = False, draft: bool = False,
                site: dict | None = None, complete: Callable[[list[ParsedPaper]], None] | None = None) -> ImportResult:
    """Import ``post`` into ``out``. ``draft`` writes the issue as ``draft: true`` (blank arXiv ids
    are then warnings); ``site`` (title, base_url, ...) fills the site.yaml written when ``out`` has none;
    ``complete`` fills in what the post lacks (e.g. arXiv ids) before anything is written."""
    from ..content.config import DEFAULT_ISSUE_TITLE, load_config

    languages, patterns, own = ("ko", "en"), tuple(DEFAULT_ISSUE_TITLE.values()), ()
    if (out / "site.yaml").is_file() and (config := load_config(out, [])) is not None:
        languages = config.languages
        patterns = tuple(text for _, text in config.issue_title.items)
        own = tuple(text for texts in (config.forum.header, config.forum.footer) for _, text in texts.items)
    parsed = parse_post(read_post(post), languages, week, patterns, own)
    if complete is not None:
        complete(parsed.papers)
    if draft:  # right after the dates, where an editor looks for it
        data = parsed.data
        parsed.data = {**{k: data[k] for k in ("week", "published") if k in data}, "draft": True, **data}
    if (out / "site.yaml").is_file() and any((site or {}).values()):
        parsed.warnings.append(f"{out / 'site.yaml'} exists: --site-title and --base-url are for a new one; ignored")
    new_site = not (out / "site.yaml").is_file()
    folder, files = write_issue(parsed, out, force)
    if new_site:  # after the issue: a refused import leaves nothing behind
        (out / "site.yaml").write_text(render_site_yaml(site or {}), encoding="utf-8")
        files.insert(0, out / "site.yaml")
    return ImportResult(folder, files, parsed)


def write_issue(parsed: ParsedIssue, out: Path, force: bool = False) -> tuple[Path, list[Path]]:
    folder = out / parsed.week.isoformat()
    if folder.exists() and not force:
        raise ImportError_(f"{folder} already exists; pass --force to replace it")
    tmp = out / f".{parsed.week.isoformat()}.importing"
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir(parents=True)
    names = ["issue.md"]
    (tmp / "issue.md").write_text(render_issue(parsed.data, parsed.intro), encoding="utf-8")
    for paper in parsed.papers:
        names.append(f"{paper.id}.md")
        (tmp / names[-1]).write_text(render_paper(paper.data(parsed.languages, parsed.data.get("draft", False)), "\n\n".join(paper.note)),
                                     encoding="utf-8")
    if folder.exists():
        old = out / f".{parsed.week.isoformat()}.replaced"
        if old.exists():
            shutil.rmtree(old)
        folder.rename(old)
        tmp.rename(folder)
        shutil.rmtree(old)
    else:
        tmp.rename(folder)
    return folder, [folder / name for name in names]
