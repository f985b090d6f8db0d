"""The content model: plain frozen dataclasses, no I/O.

Everything the renderer, the feeds and the exporters need is here; loading and
validation live in ``content`` and produce these objects.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class LangMap:
    """Markdown text in several languages, kept in the order it was written."""

    items: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, mapping: dict[str, str] | None) -> "LangMap":
        return cls(tuple((mapping or {}).items()))

    def get(self, lang: str) -> str | None:
        for code, text in self.items:
            if code == lang:
                return text
        return None

    def pick(self, lang: str, fallbacks: tuple[str, ...] = ()) -> tuple[str, str] | None:
        """The text for ``lang`` or the first fallback that has one, with its real language."""
        for code in (lang, *fallbacks):
            text = self.get(code)
            if text:
                return text, code
        if self.items:
            return self.items[0][1], self.items[0][0]
        return None

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(code for code, _ in self.items)

    def __bool__(self) -> bool:
        return bool(self.items)


@dataclass(frozen=True)
class Link:
    url: str
    title: str = ""


@dataclass(frozen=True)
class CardSettings:
    """Preview cards (site.yaml ``cards``): drawn unless ``cards: false``; ``font`` is a font file,
    else Noto Sans CJK from the system's fontconfig."""

    enabled: bool = True
    font: Path | None = None


@dataclass(frozen=True)
class SiteConfig:
    title: LangMap
    description: LangMap
    base_url: str
    languages: tuple[str, ...]
    timezone: str
    author: str
    issue_title: LangMap
    feed_items: int = 20
    #: display names of tags per language; the slug stays the URL
    tag_names: tuple[tuple[str, LangMap], ...] = ()
    forum: "ForumSettings" = field(default_factory=lambda: ForumSettings())
    newsletter: "NewsletterSettings" = field(default_factory=lambda: NewsletterSettings())
    cards: CardSettings = CardSettings()

    @property
    def default_language(self) -> str:
        return self.languages[0]

    def tag_name(self, slug: str, lang: str) -> str:
        """A tag's display name in ``lang`` (or the site's next language that has one), else its slug."""
        for tag, names in self.tag_names:
            if tag == slug:
                picked = names.pick(lang, self.languages)
                return picked[0] if picked else slug
        return slug


@dataclass(frozen=True)
class ForumSettings:
    """The community's own opening and closing lines around the exported forum post (Markdown)."""

    header: LangMap = LangMap()
    footer: LangMap = LangMap()
    #: "summary": ':one: summary' paragraphs as in the forum post; "titled": a bold theme title above each
    themes: str = "summary"


@dataclass(frozen=True)
class NewsletterSettings:
    signup_url: str = ""
    #: what the newsletter service replaces with the reader's own unsubscribe link
    unsubscribe: str = ""


@dataclass(frozen=True)
class Paper:
    id: str
    src_path: Path
    title: LangMap
    abstract: LangMap
    summary: LangMap = LangMap()
    arxiv: str | None = None
    authors: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    paper_url: str | None = None
    code_url: str | None = None
    project_url: str | None = None
    more: tuple[Link, ...] = ()
    #: the editor's note; a Markdown body is the default language's text
    note: LangMap = LangMap()

    @property
    def url(self) -> str | None:
        """Where to read the paper: the explicit link, else its arXiv page."""
        if self.paper_url:
            return self.paper_url
        if self.arxiv:
            return f"https://arxiv.org/abs/{self.arxiv}"
        return None

    @property
    def pdf_url(self) -> str | None:
        return f"https://arxiv.org/pdf/{self.arxiv}" if self.arxiv else None


@dataclass(frozen=True)
class Theme:
    title: LangMap
    summary: LangMap
    paper_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class Issue:
    week: dt.date
    published: dt.datetime
    src_path: Path
    title: LangMap
    papers: tuple[Paper, ...]
    themes: tuple[Theme, ...] = ()
    #: the introduction; a Markdown body is the default language's text
    intro: LangMap = LangMap()
    draft: bool = False
    updated: dt.datetime | None = None

    @property
    def id(self) -> str:
        return self.week.isoformat()

    @property
    def week_end(self) -> dt.date:
        return self.week + dt.timedelta(days=6)

    def paper(self, paper_id: str) -> Paper | None:
        return next((p for p in self.papers if p.id == paper_id), None)


@dataclass(frozen=True)
class Site:
    """A whole loaded site: settings plus issues, newest first."""

    config: SiteConfig
    issues: tuple[Issue, ...] = field(default_factory=tuple)


def papers_by_tag(issues) -> dict[str, list[tuple[Issue, Paper]]]:
    """Every tag's papers in the order of ``issues``, then of each issue's papers; tags sorted."""
    tags: dict[str, list[tuple[Issue, Paper]]] = {}
    for issue in issues:
        for paper in issue.papers:
            for tag in paper.tags:
                tags.setdefault(tag, []).append((issue, paper))
    return dict(sorted(tags.items()))
