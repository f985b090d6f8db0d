"""``paperdigest import``: turn a weekly forum post (plain-text copy or raw Markdown) into an issue folder.

``parse_post`` is pure (text in, front matter out); ``write_issue`` writes the files and
never replaces an existing issue unless asked. Everything the post lacks or that could not be
placed is returned as notes for the command line to show, never silently dropped.
"""
from __future__ import annotations

import datetime as dt
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from . import importer_parse as P
from .checks import SLUG
from .importer_issue import issue_data as _issue_data
from .importer_write import render_issue, render_paper


class ImportError_(Exception):
    """The post cannot be imported (no week, no papers, the issue exists...)."""


@dataclass
class Block:
    line: int
    text: str


@dataclass
class ParsedPaper:
    id: str
    line: int
    title: dict = field(default_factory=dict)
    summary: dict = field(default_factory=dict)
    abstract: dict = field(default_factory=dict)
    links: dict = field(default_factory=dict)
    arxiv: str | None = None
    tags: list = field(default_factory=list)
    authors: list = field(default_factory=list)
    note: list = field(default_factory=list)
    link_text: list = field(default_factory=list)

    def data(self, languages: tuple[str, ...]) -> dict:
        out: dict = {"title": _ordered(self.title, languages)}
        if self.arxiv:
            out["arxiv"] = self.arxiv
        links = {k: self.links[k] for k in ("paper", "code", "project", "more") if self.links.get(k)}
        if links:
            out["links"] = links
        if self.authors:
            out["authors"] = list(self.authors)
        if self.tags:
            out["tags"] = list(self.tags)
        if self.summary:
            out["summary"] = _ordered(self.summary, languages)
        out["abstract"] = _ordered(self.abstract, languages)
        return out


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


def _ordered(texts: dict, languages: tuple[str, ...]) -> dict:
    order = [lang for lang in languages if lang in texts] + [lang for lang in texts if lang not in languages]
    return {lang: "\n\n".join(texts[lang]) if isinstance(texts[lang], list) else texts[lang] for lang in order}


def blocks_of(text: str) -> list[Block]:
    """Paragraphs (runs of non-blank lines); headings, labels and comments stand alone."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    blocks: list[Block] = []
    current: list[str] = []
    start = 0

    def flush():
        if current:
            blocks.append(Block(start, "\n".join(current).strip()))
            current.clear()

    for number, raw in enumerate(text.split("\n"), 1):
        line = raw.rstrip()
        alone = line.lstrip().startswith(("#", "<!--")) or P.label_of(line)[0] is not None or P.is_rule(line)
        if not line.strip() or alone:
            flush()
        if line.strip() and alone:
            blocks.append(Block(number, line.strip()))
        elif line.strip():
            if not current:
                start = number
            current.append(line)
    flush()
    return blocks


def parse_post(text: str, languages: tuple[str, ...] = ("ko", "en"), week: dt.date | None = None,
               title_patterns: tuple[str, ...] = ()) -> ParsedIssue:
    blocks = [b for b in blocks_of(text) if not P.is_rule(b.text)]
    parsed = ParsedIssue(week=week, data={}, intro="", papers=[], languages=languages)
    title = None
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
        hidden = P.hidden_data(body)
        if hidden is not None:
            if paper is not None and "id" in hidden:
                _rename(paper, hidden, taken)
            elif "papers" in hidden and themes and paper is None:
                themes[-1]["hidden"] = [str(x) for x in hidden["papers"]]
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
                _place(paper, section, Block(block.line, rest.strip()), note_unplaced)
            continue
        if paper is None:
            if P.THEME_START.match(body):
                themes.append({"line": block.line, "text": [P.THEME_START.sub("", body, count=1).strip()]})
            elif P.is_boilerplate(body):
                parsed.skipped += 1
            elif themes:
                themes[-1]["text"].append(body)
            elif kind is not None:
                note_unplaced(block, f"a '{body}' label before the first paper")
            else:
                intro.append(body)
            continue
        if P.BOILERPLATE.search(body) or (section in (None, "link", "more") and P.is_boilerplate(body)
                                           and not P.find_links(body)):
            parsed.skipped += 1
            continue
        _place(paper, section, block, note_unplaced)

    if parsed.week is None:
        raise ImportError_("no week: the title has no [YYYY/MM/DD ~ DD] date range; pass --week YYYY-MM-DD")
    if parsed.week.weekday() != 0:
        monday = parsed.week - dt.timedelta(days=parsed.week.weekday())
        parsed.warnings.append(f"the post's week starts on a {parsed.week:%A} ({parsed.week}); "
                               f"using that week's Monday {monday}")
        parsed.week = monday
    if not parsed.papers:
        raise ImportError_("no papers found: expected 'Korean title / English title' lines followed by '논문 소개'")
    parsed.intro = "\n\n".join(intro)
    parsed.data = _issue_data(parsed, meta, title, title_patterns, themes)
    for p in parsed.papers:
        _finish_paper(p, parsed)
    return parsed


def _rename(paper: ParsedPaper, hidden: dict, taken: set[str]) -> None:
    new = str(hidden["id"])
    if SLUG.match(new) and new not in taken - {paper.id}:
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
    return text.startswith("#") and " / " in text and section not in ("summary", "abstract", "note")


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


def _place(paper: ParsedPaper, section: str | None, block: Block, note_unplaced) -> None:
    text = block.text
    if section in (None, "summary", "abstract"):
        target = paper.abstract if section == "abstract" else paper.summary
        target.setdefault(P.language_of(text), []).append(text)
    elif section == "note":
        paper.note.append(text)
    elif section == "link":
        links = P.find_links(text)
        for title, url in links:
            _add_paper_link(paper, title, url)
        if not links:
            if (found := P.arxiv_id(text)) and not paper.arxiv:
                paper.arxiv = found
            else:
                paper.link_text.append(text)
                note_unplaced(block, f"text without a URL under '논문 링크' of '{paper.id}'")
    elif section == "more":
        placed = False
        for line in text.split("\n"):
            links = P.find_links(line)
            for title, url in links:
                if not title and len(links) == 1:
                    title = re.sub(r"https?://\S+", "", line).strip(" \t-–—*•:·")
                    title = re.sub(r"^\d+[.)]\s*", "", title)
                paper.links.setdefault("more", []).append({"title": title, "url": url} if title and title != url else url)
                placed = True
            if not links and line.strip():
                note_unplaced(Block(block.line, line.strip()), f"'더 읽어보기' item without a URL in '{paper.id}'")
        if not placed and not text.strip():
            note_unplaced(block, "empty link")


def _add_paper_link(paper: ParsedPaper, title: str, url: str) -> None:
    if (found := P.arxiv_id(url)) and "arxiv.org" in url:
        if not paper.arxiv:
            paper.arxiv = found
        return
    kind = P.link_kind(title, url)
    if not paper.links.get(kind):
        paper.links[kind] = url
    else:
        paper.links.setdefault("more", []).append({"title": title, "url": url} if title and title != url else url)


def _finish_paper(p: ParsedPaper, parsed: ParsedIssue) -> None:
    name = f"'{p.id}' ({p.title.get('en') or p.title.get('ko')}, line {p.line})"
    if not p.arxiv and not p.links.get("paper"):
        texts = [t for lst in (*p.summary.values(), *p.abstract.values()) for t in lst] + p.link_text
        found = next((a for t in texts if (a := P.arxiv_id(t))), None) or \
            next((m.group(0) for t in texts if (m := re.search(r"(?<![\d.])\d{4}\.\d{5}(?:v\d+)?(?![\d.])", t))
                  and 1 <= int(m.group(0)[2:4]) <= 12), None)
        if found:
            p.arxiv = found
            parsed.warnings.append(f"paper {name}: arXiv id {found} taken from the text; confirm it")
        else:
            parsed.warnings.append(f"paper {name}: no paper link in the post (copied as text?); "
                                   "add 'arxiv' or 'links.paper' - check fails until you do")
    if "en" not in p.title:
        parsed.warnings.append(f"paper {name}: no English title; add title.en")
    if "en" not in p.abstract:
        parsed.warnings.append(f"paper {name}: no English abstract; add abstract.en (required)")
    for lang, texts in list(p.summary.items()) + list(p.abstract.items()):
        if len(texts) > 1:
            parsed.warnings.append(f"paper {name}: {len(texts)} '{lang}' paragraphs joined into one text; check them")


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


def import_post(post: Path, out: Path, week: dt.date | None = None, force: bool = False) -> ImportResult:
    from .config import DEFAULT_ISSUE_TITLE, load_config

    languages, patterns = ("ko", "en"), tuple(DEFAULT_ISSUE_TITLE.values())
    if (out / "site.yaml").is_file() and (config := load_config(out, [])) is not None:
        languages = config.languages
        patterns = tuple(text for _, text in config.issue_title.items)
    parsed = parse_post(read_post(post), languages, week, patterns)
    if not (out / "site.yaml").is_file():
        parsed.warnings.append(f"{out / 'site.yaml'} not found: 'paperdigest check' needs the site settings")
    return ImportResult(*write_issue(parsed, out, force), parsed)


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
        (tmp / names[-1]).write_text(render_paper(paper.data(parsed.languages), "\n\n".join(paper.note)),
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
