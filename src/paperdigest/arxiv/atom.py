"""The arXiv API's Atom answer → records (feedparser reads the XML).

arXiv reports a bad query as HTTP 200 with one entry titled ``Error`` whose id is under
``/api/errors``; that becomes an ``ArxivError`` here, like XML that does not parse.
"""
from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass

import feedparser

ABS = re.compile(r"^https?://(?:export\.)?arxiv\.org/abs/(?P<id>.+?)(?P<version>v[0-9]+)?$")
WITHDRAWN = re.compile(r"\b(?:withdrawn|retracted)\b", re.I)


class ArxivError(Exception):
    """arXiv could not give us the paper; the message is one line for the person at the keyboard."""


@dataclass(frozen=True)
class ArxivRecord:
    id: str                 # without version: 2506.14234, cs/0601001
    version: str            # v2 (the version this record describes)
    title: str
    authors: tuple[str, ...]
    abstract: str
    published: str          # the first version's date, YYYY-MM-DD
    primary_category: str   # cs.CL
    abs_url: str
    pdf_url: str
    withdrawn: str = ""     # arXiv's comment when the paper was withdrawn

    @property
    def versioned_id(self) -> str:
        return self.id + self.version


def normalise_space(text: str) -> str:
    """One space between words, NFC: arXiv hard-wraps titles and abstracts. ``$...$`` stays as written."""
    return unicodedata.normalize("NFC", " ".join(text.split()))


def parse_feed(data: bytes) -> list[ArxivRecord]:
    feed = feedparser.parse(io.BytesIO(data))
    if feed.bozo and not isinstance(feed.bozo_exception, feedparser.CharacterEncodingOverride):
        raise ArxivError(f"arXiv's answer is not valid Atom XML ({_first_line(feed.bozo_exception)})")
    if not feed.get("feed") and not feed.entries:
        raise ArxivError("arXiv's answer is not an Atom feed")
    records = []
    for entry in feed.entries:
        if "/api/errors" in entry.get("id", "") or entry.get("title", "").strip() == "Error":
            raise ArxivError(f"arXiv refused the query: {normalise_space(entry.get('summary', 'unknown error'))}")
        match = ABS.match(entry.get("id", "").strip())
        if match is None:
            raise ArxivError(f"arXiv's answer has an entry without an arXiv id ({entry.get('id', '')!r})")
        links = entry.get("links", [])
        comment = normalise_space(entry.get("arxiv_comment", ""))
        abstract = normalise_space(entry.get("summary", ""))
        withdrawn = comment if WITHDRAWN.search(comment) else ""
        if not withdrawn and re.match(r"(?:this|the) (?:paper|article|submission|manuscript) (?:has been|is) withdrawn",
                                      abstract, re.I):
            withdrawn = abstract
        records.append(ArxivRecord(
            id=match["id"], version=match["version"] or "",
            title=normalise_space(entry.get("title", "")),
            authors=tuple(normalise_space(a.get("name", "")) for a in entry.get("authors", []) if a.get("name")),
            abstract=abstract,
            published=entry.get("published", "")[:10],
            primary_category=(entry.get("arxiv_primary_category") or {}).get("term", ""),
            abs_url=_https(next((l["href"] for l in links if l.get("rel") == "alternate"), entry["id"])),
            pdf_url=_https(next((l["href"] for l in links if l.get("title") == "pdf"), "")),
            withdrawn=withdrawn,
        ))
    return records


def _https(url: str) -> str:
    return re.sub(r"^http://(?:export\.)?arxiv\.org/", "https://arxiv.org/", url)


def _first_line(exc: object) -> str:
    return (str(exc) or type(exc).__name__).splitlines()[0][:160]
