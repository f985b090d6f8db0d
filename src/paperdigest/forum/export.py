"""``paperdigest export``: one issue as a forum post (Markdown), a newsletter (HTML + text) or plain text.

The forum post follows the community's weekly format (title line, :one: themes, then per paper
'Korean / English' title, 논문 소개, 논문 초록(Abstract), 논문 링크, 더 읽어보기) and carries hidden
``<!-- paperdigest {...} -->`` comments (ids, tags, theme papers) so ``import`` gets the same issue back.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from html import unescape

from ..content.config import format_issue_title
from ..model import Issue, Site, SiteConfig
from ..render.markup import render_markdown
from .email import newsletter_html
from .fields import abstracts, issue_title, paper_links, paper_page, pick, title_pair
from .parse import HIDDEN, LABEL_TEXT, NUMBERS, hidden_comment
from .safety import safe_markdown

FORMATS = ("forum", "email", "text")


class ExportError(Exception):
    pass


@dataclass(frozen=True)
class Export:
    """The exported document; an email also has its plain-text alternative."""

    body: str
    text_alternative: str | None = None
    suffix: str = ".md"


def find_issue(site: Site, week: str) -> Issue:
    try:
        day = dt.date.fromisoformat(week)
    except ValueError:
        raise ExportError(f"expected a week like 2025-06-23, found '{week}'") from None
    monday = day - dt.timedelta(days=day.weekday())
    for issue in site.issues:
        if issue.week == monday:
            return issue
    known = ", ".join(i.id for i in site.issues[:5]) or "none"
    raise ExportError(f"no issue for the week of {monday.isoformat()} (latest: {known})")


def export_issue(site: Site, week: str, to: str, lang: str | None = None) -> Export:
    config = site.config
    lang = lang or config.default_language
    if lang not in config.languages:
        raise ExportError(f"unknown language '{lang}'; the site's languages are {', '.join(config.languages)}")
    issue = find_issue(site, week)
    if to == "forum":
        return Export(forum_markdown(issue, config, lang), suffix=".md")
    if to == "text":
        return Export(plain_text(issue, config, lang), suffix=".txt")
    if to == "email":
        return Export(newsletter_html(issue, config, lang), plain_text(issue, config, lang), suffix=".html")
    raise ExportError(f"unknown format '{to}'; expected one of {', '.join(FORMATS)}")


def _number(i: int) -> str:
    return f":{NUMBERS[i]}:" if i < len(NUMBERS) else f"{i + 1}."


# forum -------------------------------------------------------------------------------
def forum_markdown(issue: Issue, config: SiteConfig, lang: str) -> str:
    labels = LABEL_TEXT.get(lang, LABEL_TEXT["en"])
    meta = {"week": issue.id, "published": issue.published.isoformat()}
    if any(text != format_issue_title(config, issue.week, code) for code, text in issue.title.items):
        meta["title"] = dict(issue.title.items)
    out = [issue_title(issue, config, lang), hidden_comment(meta)]
    if issue.intro:
        out.append(issue.intro.strip())
    for i, theme in enumerate(issue.themes):
        title = pick(theme.title, lang, config)
        summary = pick(theme.summary, lang, config)
        out.append(f"{_number(i)} **{title}**\n{summary}".rstrip() if title else f"{_number(i)} {summary}")
        out.append(hidden_comment({"papers": list(theme.paper_ids)}))
    for paper in issue.papers:
        out.append("---")
        out.append(f"## {title_pair(paper, lang)}")
        meta = {"id": paper.id}
        if paper.tags:
            meta["tags"] = list(paper.tags)
        if paper.authors:
            meta["authors"] = list(paper.authors)
        out.append(hidden_comment(meta))
        if paper.summary:
            out += [f"### {labels['summary']}", pick(paper.summary, lang, config)]
        out += [f"### {labels['abstract']}", *abstracts(paper, lang)]
        links = paper_links(paper, labels)
        if links:
            bare = [url for label, url in links if not label]  # on a line of its own: the forum shows a preview
            listed = "\n".join(f"* [{label}]({url})" for label, url in links if label)
            out += [f"### {labels['link']}", *bare, listed]
        if paper.more:
            items = [f"* [{link.title}]({link.url})" if link.title else f"* <{link.url}>" for link in paper.more]
            out += [f"### {labels['more']}", "\n".join(items)]
        if paper.note:
            out += [f"### {labels['note']}", paper.note.strip()]
    # the forum renders this Markdown itself: raw HTML and script links are made inert here (our own
    # hidden comments excepted), as the site's and the newsletter's sanitiser does for their HTML
    return "\n\n".join(part if is_our_comment(part) else safe_markdown(part) for part in out if part) + "\n"


def is_our_comment(part: str) -> bool:
    # hidden_comment() never writes "--" inside; an editor's text that only looks like one may
    # close it early ("-->", "--!>") and carry markup after it
    return HIDDEN.match(part) is not None and "--" not in part[4:-3]


# plain text -------------------------------------------------------------------------
def markdown_to_text(text: str) -> str:
    """Markdown → readable plain text: paragraphs kept, links as 'text (url)', lists as '- '."""
    html = render_markdown(text)
    html = re.sub(r'<a href="([^"]*)"[^>]*>(.*?)</a>',
                  lambda m: m.group(2) if unescape(m.group(2)) == unescape(m.group(1)) else f"{m.group(2)} ({m.group(1)})",
                  html, flags=re.S)
    html = re.sub(r"<li[^>]*>", "- ", html)
    html = re.sub(r"<br\s*/?>", "\n", html)
    html = re.sub(r"</(p|li|h\d|blockquote|pre|tr)>", "\n", html)
    html = re.sub(r"</(ul|ol)>", "\n", html)
    plain = unescape(re.sub(r"<[^>]+>", "", html))
    plain = "\n".join(line.strip() for line in plain.splitlines())
    return re.sub(r"\n{3,}", "\n\n", plain).strip()


def plain_text(issue: Issue, config: SiteConfig, lang: str) -> str:
    labels = LABEL_TEXT.get(lang, LABEL_TEXT["en"])
    title = issue_title(issue, config, lang)
    out = [f"{title}\n{'=' * min(len(title) * 2, 72)}", paper_page(config, issue, None, lang)]
    if issue.intro:
        out.append(markdown_to_text(issue.intro))
    for i, theme in enumerate(issue.themes, 1):
        names = [pick(p.title, lang, config) for pid in theme.paper_ids if (p := issue.paper(pid))]
        block = f"{i}. {markdown_to_text(pick(theme.title, lang, config))}\n\n{markdown_to_text(pick(theme.summary, lang, config))}"
        if names:
            block += "\n\n" + "\n".join(f"  - {markdown_to_text(n)}" for n in names)
        out.append(block)
    for n, paper in enumerate(issue.papers, 1):
        out.append("-" * 72)
        out.append(f"[{n}] {markdown_to_text(title_pair(paper, lang))}\n{paper_page(config, issue, paper, lang)}")
        if paper.summary:
            out.append(f"{labels['summary']}\n\n{markdown_to_text(pick(paper.summary, lang, config))}")
        out.append(f"{labels['abstract']}\n\n" + "\n\n".join(markdown_to_text(a) for a in abstracts(paper, lang)))
        links = [(label or "arXiv", url) for label, url in paper_links(paper, labels)]
        if links:
            out.append(f"{labels['link']}\n" + "\n".join(f"- {label}: {url}" for label, url in links))
        if paper.more:
            out.append(f"{labels['more']}\n" + "\n".join(
                f"- {link.title}: {link.url}" if link.title else f"- {link.url}" for link in paper.more))
        if paper.note:
            out.append(f"{labels['note']}\n\n{markdown_to_text(paper.note)}")
    return "\n\n".join(out) + "\n"
