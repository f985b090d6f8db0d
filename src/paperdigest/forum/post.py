"""The forum post as the community's readers know it (see the seed post).

The site's opening lines (``forum.header``), the issue's introduction, the themes as ':one: ...'
paragraphs, then per paper its 'Korean / English' title, 논문 소개, 논문 초록(Abstract), 논문 링크
and 더 읽어보기, a link to the issue on the web, and the site's closing lines (``forum.footer``).
The title goes in the forum's title field, not the body. Round-trip data (ids, tags, theme
papers) is left out unless asked for: the editor and quote-replies show HTML comments.
"""
from __future__ import annotations

from ..content.config import format_issue_title
from ..model import Issue, SiteConfig, Theme
from .fields import abstracts, paper_links, paper_page, pick, title_pair
from .parse import HIDDEN, LABEL_TEXT, NUMBERS, hidden_comment
from .safety import safe_markdown


def theme_number(i: int) -> str:
    return f":{NUMBERS[i]}:" if i < len(NUMBERS) else f"{i + 1}."


def forum_markdown(issue: Issue, config: SiteConfig, lang: str, with_ids: bool = False) -> str:
    labels = LABEL_TEXT.get(lang, LABEL_TEXT["en"])
    ids = hidden_comment if with_ids else (lambda data: "")
    meta = {"week": issue.id, "published": issue.published.isoformat()}
    if any(text != format_issue_title(config, issue.week, code) for code, text in issue.title.items):
        meta["title"] = dict(issue.title.items)
    out = [pick(config.forum.header, lang, config).strip(), ids(meta), pick(issue.intro, lang, config).strip()]
    for i, theme in enumerate(issue.themes):
        out.append(_theme(i, theme, config, lang))
        out.append(ids({"papers": list(theme.paper_ids), "title": dict(theme.title.items)}))
    for paper in issue.papers:
        out.append(f"## {title_pair(paper, lang)}")
        meta = {"id": paper.id}
        if paper.tags:
            meta["tags"] = list(paper.tags)
        if paper.authors:
            meta["authors"] = list(paper.authors)
        out.append(ids(meta))
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
            out += [f"### {labels['note']}", pick(paper.note, lang, config).strip()]
    out.append(f"{labels['web']}: {paper_page(config, issue, None, lang)}")
    out.append(pick(config.forum.footer, lang, config).strip())
    # the forum renders this Markdown itself: raw HTML and script links are made inert here (our own
    # hidden comments excepted), as the site's and the newsletter's sanitiser does for their HTML
    return "\n\n".join(part if is_our_comment(part) else safe_markdown(part) for part in out if part) + "\n"


def is_our_comment(part: str) -> bool:
    # hidden_comment() never writes "--" inside; an editor's text that only looks like one may
    # close it early ("-->", "--!>") and carry markup after it
    return HIDDEN.match(part) is not None and "--" not in part[4:-3]


def _theme(i: int, theme: Theme, config: SiteConfig, lang: str) -> str:
    """':one: summary' in one paragraph as in the post; ``forum.themes: titled`` puts a bold title first."""
    title = pick(theme.title, lang, config)
    summary = pick(theme.summary, lang, config).strip()
    if "\n\n" not in summary:  # one paragraph: a line break would split it in a plain-text copy
        summary = " ".join(summary.split("\n"))
    if config.forum.themes == "titled" and title:
        return f"{theme_number(i)} **{title}**\n{summary}".rstrip()
    return f"{theme_number(i)} {summary or title}"
