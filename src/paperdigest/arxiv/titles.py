"""Find a paper on arXiv by its English title (``search_query=ti:``), for posts that lost their links.

A title is taken only when exactly one result has the same normalised title; otherwise the
candidates are listed and the field is left to the maintainer.
"""
from __future__ import annotations

import re
import unicodedata

from .atom import ArxivRecord
from .client import ArxivClient


def normalised_title(title: str) -> str:
    """Case, accents of width, punctuation and spacing do not matter: 'GSO:  Challenging…' = 'gso challenging'."""
    return " ".join(re.findall(r"\w+", unicodedata.normalize("NFKC", title).casefold()))


def find_by_title(client: ArxivClient, title: str) -> tuple[ArxivRecord | None, str]:
    """The one paper with this title, or None and a note listing the candidates."""
    results = client.search_title(title)
    wanted = normalised_title(title)
    same = list({r.id: r for r in results if normalised_title(r.title) == wanted}.values())
    if len(same) == 1:
        return same[0], ""
    shown = same or results[:3]
    if not shown:
        return None, f"no arXiv paper is titled '{title}'"
    listing = "; ".join(f"{r.id} '{r.title}'" for r in shown)
    what = f"{len(same)} arXiv papers share" if same else "no arXiv paper has exactly"
    return None, f"{what} the title '{title}'; candidates: {listing}"


def complete_import(papers: list, client: ArxivClient) -> list[str]:
    """Give each imported paper without an id or paper link its arXiv id (and authors, English abstract).

    ``papers`` are the importer's parsed papers (``title``, ``arxiv``, ``links``, ``authors``,
    ``abstract`` attributes); returns notes about the papers left as they were.
    """
    notes = []
    for paper in papers:
        title = paper.title.get("en", "")
        if paper.arxiv or paper.links.get("paper") or not title:
            continue
        record, note = find_by_title(client, title)
        if record is None:
            notes.append(f"{paper.id}: {note}; set 'arxiv' or 'links.paper' by hand")
            continue
        paper.arxiv = record.id
        if not paper.authors:
            paper.authors = list(record.authors)
        if not paper.abstract.get("en"):
            paper.abstract["en"] = record.abstract
        notes.append(f"{paper.id}: found on arXiv as {record.id}")
    return notes
