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
    """'Korean title / English title' as in the forum post (the English one alone if untranslated)."""
    ko, en = paper.title.get("ko"), paper.title.get("en")
    others = [text for code, text in paper.title.items if code not in ("ko", "en")]
    parts = [t for t in (ko, *others, en) if t]
    if lang == "en" and len(parts) > 1:
        parts = [parts[-1], *parts[:-1]]
    return " / ".join(dict.fromkeys(parts))


def abstracts(paper: Paper, lang: str) -> list[str]:
    """Every abstract, the reader's language first (the forum shows Korean, then the English original)."""
    return [text for code, text in sorted(paper.abstract.items, key=lambda item: item[0] != lang)]


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
