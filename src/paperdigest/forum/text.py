"""Plain text of an issue: the email's text part and ``export --to text``."""
from __future__ import annotations

import re
from html import unescape

from ..model import Issue, SiteConfig
from ..render.i18n import strings
from ..render.markup import render_markdown
from .fields import abstracts, issue_title, paper_links, paper_page, pick, title_pair
from .parse import LABEL_TEXT


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
        out.append(markdown_to_text(pick(issue.intro, lang, config)))
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
            out.append(f"{labels['note']}\n\n{markdown_to_text(pick(paper.note, lang, config))}")
    if config.newsletter.unsubscribe:
        out.append(f"{'-' * 72}\n{strings(lang)['unsubscribe']}: {config.newsletter.unsubscribe}")
    return "\n\n".join(out) + "\n"
