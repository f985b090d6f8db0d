"""``paperdigest fetch``: fill the empty arXiv fields of a week's papers, never what a person wrote.

Everything is asked for and prepared before anything is written: one failed request
leaves every file as it was.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..content.source import read_text
from ..files import write_text_atomically
from .atom import ArxivError, ArxivRecord
from .client import ArxivClient
from .titles import find_by_title, normalised_title
from .yamltext import fill, is_empty, parse


@dataclass
class PaperUpdate:
    path: Path
    text: str = ""
    new_text: str = ""
    filled: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def paper_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix in (".md", ".yaml") and p.name != "issue.md"
                  and not p.name.startswith("."))


def _wants(data: dict) -> list[tuple[str, ...]]:
    title = data.get("title") if isinstance(data.get("title"), dict) else {}
    abstract = data.get("abstract") if isinstance(data.get("abstract"), dict) else {}
    keys = []
    if is_empty(title.get("en")) and isinstance(data.get("title", {}), (dict, type(None))):
        keys.append(("title", "en"))
    if is_empty(data.get("authors")):
        keys.append(("authors",))
    if is_empty(abstract.get("en")) and isinstance(data.get("abstract", {}), (dict, type(None))):
        keys.append(("abstract", "en"))
    return keys


def _value(record: ArxivRecord, key: tuple[str, ...]):
    return {("title", "en"): record.title, ("authors",): list(record.authors),
            ("abstract", "en"): record.abstract}[key]


def plan_week(folder: Path, client: ArxivClient, missing_only: bool = False) -> list[PaperUpdate]:
    """What fetching would change in ``folder``; ArxivError (and nothing planned) when arXiv fails."""
    updates: list[PaperUpdate] = []
    by_id: dict[str, list[tuple[PaperUpdate, dict]]] = {}
    by_title: list[tuple[PaperUpdate, dict, str]] = []
    for path in paper_files(folder):
        update = PaperUpdate(path)
        updates.append(update)
        text = read_text(path, [])
        doc = parse(path, text) if text is not None else None
        if doc is None:
            update.notes.append("skipped: the file does not parse; run 'paperdigest check'")
            continue
        update.text = text
        data = doc.data
        if missing_only and not _wants(data) and data.get("arxiv"):
            continue
        arxiv = data.get("arxiv")
        links = data.get("links") if isinstance(data.get("links"), dict) else {}
        if isinstance(arxiv, str) and arxiv.strip():
            by_id.setdefault(arxiv.strip(), []).append((update, data))
        elif not links.get("paper") and isinstance(title := (data.get("title") or {}).get("en"), str) and title:
            by_title.append((update, data, title))
        elif not links.get("paper"):
            update.notes.append("no arXiv id, paper link or English title to look it up by")
    records = client.papers(list(by_id)) if by_id else {}
    for arxiv, items in by_id.items():
        for update, data in items:
            _plan(update, data, records[arxiv], {})
    for update, data, title in by_title:
        record, note = find_by_title(client, title)
        if record is None:
            update.notes.append(note + "; set 'arxiv' or 'links.paper' by hand")
        else:
            _plan(update, data, record, {("arxiv",): record.id})
    return updates


def _plan(update: PaperUpdate, data: dict, record: ArxivRecord, extra: dict) -> None:
    fills = dict(extra)
    for key in _wants(data):
        if value := _value(record, key):  # arXiv gave something to fill in
            fills[key] = value
    title = (data.get("title") or {}).get("en") if isinstance(data.get("title"), dict) else None
    if isinstance(title, str) and title.strip() and normalised_title(title) != normalised_title(record.title):
        update.notes.append(f"title.en differs from arXiv's '{record.title}' (yours is kept)")
    if not fills:
        return
    try:
        update.new_text = fill(update.path, update.text, fills)
    except ArxivError as exc:
        update.notes.append(str(exc))
        return
    update.filled = [".".join(key) for key in fills]


def apply(updates: list[PaperUpdate]) -> list[PaperUpdate]:
    """Write the planned changes (each file replaced whole, by rename); the changed ones."""
    written = []
    for update in updates:
        if update.new_text and update.new_text != update.text:
            if read_text(update.path, []) != update.text:  # edited while we asked arXiv
                update.notes.append("changed on disk meanwhile; left as it is (run fetch again)")
                continue
            write_text_atomically(update.path, update.new_text, overwrite=True)
            written.append(update)
    return written
