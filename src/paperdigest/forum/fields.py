"""What every channel takes from an issue: titles, abstracts and links in a reader's language.

Shared by the forum post and plain text (``export``) and the newsletter (``email``), so that
neither of those imports the other.
"""
from __future__ import annotations

from ..content.config import format_issue_title
from ..model import Issue, LangMap, Paper, SiteConfig
from ..render import urls


def pick(texts: LangMap, lang: str, config: SiteConfig) -> str:
    picked = texts.pick(lang, config.languages)
    return picked[0] if picked else ""


def issue_title(issue: Issue, config: SiteConfig, lang: str) -> str:
    return pick(issue.title, lang, config) or format_issue_title(config, issue.week, lang)


def title_pair(paper: Paper, lang: str) -> str:
    """'Korean title / English title' as in the forum post: the reader's language, then the original
    English title; an English reader gets the English title alone."""
    parts = [t for t in (paper.title.get(lang), paper.title.get("en")) if t]
    return " / ".join(dict.fromkeys(parts)) or (paper.title.pick(lang)[0] if paper.title else "")


def abstracts(paper: Paper, lang: str) -> list[str]:
    """The abstract in the reader's language, then the English original (the forum shows Korean, then
    English); the original alone for an English reader or when there is no translation."""
    found = [t for t in (paper.abstract.get(lang), paper.abstract.get("en")) if t]
    return list(dict.fromkeys(found)) or [text for _, text in paper.abstract.items[:1]]


def paper_links(paper: Paper, labels: dict) -> list[tuple[str, str]]:
    """(label, url) for the paper link section: arXiv first, then the explicit paper, project and code links."""
    links = []
    if paper.arxiv:
        links.append(("", f"https://arxiv.org/abs/{paper.arxiv}"))
    for key, url in (("paper", paper.paper_url), ("project", paper.project_url), ("code", paper.code_url)):
        if url:
            links.append((labels[key], url))
    return links


def paper_page(config: SiteConfig, issue: Issue, paper: Paper | None, lang: str) -> str:
    parts = ("issues", issue.id, paper.id) if paper else ("issues", issue.id)
    return urls.absolute(config.base_url, urls.page_path(lang, config.default_language, *parts))
