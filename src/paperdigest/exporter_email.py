"""The newsletter: one self-contained HTML document for email clients (tables, inline styles, no scripts)."""
from __future__ import annotations

import re

from markupsafe import Markup

from .exporter import abstracts, issue_title, paper_links, paper_page, pick
from .i18n import format_date, strings
from .importer_parse import LABEL_TEXT
from .markup import render_inline, render_markdown, to_plain_text
from .model import Issue, LangMap, SiteConfig

FONT = "font-family:-apple-system,'Segoe UI','Apple SD Gothic Neo','Malgun Gothic',Helvetica,Arial,sans-serif;"
STYLES = {
    "p": "margin:0 0 12px 0;font-size:15px;line-height:1.65;color:#27272a;",
    "a": "color:#b45309;text-decoration:underline;",
    "ul": "margin:0 0 12px 0;padding:0 0 0 20px;", "ol": "margin:0 0 12px 0;padding:0 0 0 20px;",
    "li": "margin:0 0 4px 0;font-size:15px;line-height:1.6;color:#27272a;",
    "code": "font-family:Menlo,Consolas,monospace;font-size:13px;background:#f4f4f5;padding:1px 3px;",
    "pre": "margin:0 0 12px 0;padding:8px;background:#f4f4f5;white-space:pre-wrap;",
    "blockquote": "margin:0 0 12px 0;padding:0 0 0 12px;border-left:3px solid #e4e4e7;color:#52525b;",
    "h3": "margin:16px 0 8px 0;font-size:16px;", "h4": "margin:16px 0 8px 0;font-size:15px;",
    "h5": "margin:12px 0 6px 0;font-size:14px;", "h6": "margin:12px 0 6px 0;font-size:13px;",
    "img": "max-width:100%;height:auto;border:0;",
    "table": "border-collapse:collapse;margin:0 0 12px 0;",
    "td": "border:1px solid #e4e4e7;padding:4px 6px;font-size:14px;",
    "th": "border:1px solid #e4e4e7;padding:4px 6px;font-size:14px;",
}
_TAG = re.compile(r"<(%s)(?=[\s>/])" % "|".join(STYLES))


def inline_styles(html: str) -> str:
    """Give every element of sanitised Markdown HTML its inline style (nh3 left no style attributes)."""
    return _TAG.sub(lambda m: f'<{m.group(1)} style="{STYLES[m.group(1)]}"', html)


def _text(texts: LangMap, lang: str, config: SiteConfig, render=render_markdown) -> dict | None:
    """One text in ``lang`` (or its fallback, with its real language) as styled newsletter HTML."""
    picked = texts.pick(lang, config.languages)
    if not picked:
        return None
    text, real = picked
    return {"html": Markup(inline_styles(render(text))), "lang": real if real != lang else ""}


def _block(texts: LangMap, lang: str, config: SiteConfig) -> dict | None:
    return _text(texts, lang, config)


def _inline(texts: LangMap, lang: str, config: SiteConfig) -> dict | None:
    return _text(texts, lang, config, render_inline)


def newsletter_html(issue: Issue, config: SiteConfig, lang: str) -> str:
    from .render import make_environment

    t = strings(lang)
    labels = LABEL_TEXT.get(lang, LABEL_TEXT["en"])
    papers = []
    for paper in issue.papers:
        original = [text for code, text in paper.title.items if code != lang]
        first_abstract = abstracts(paper, lang)[:1]
        links = [(label or "arXiv", url) for label, url in paper_links(paper, labels)]
        papers.append({
            "id": paper.id, "url": paper_page(config, issue, paper, lang),
            "title": _inline(paper.title, lang, config),
            "original": Markup(inline_styles(render_inline(original[0]))) if original and paper.title.get(lang) else "",
            "summary": _block(paper.summary, lang, config),
            "abstract": _block(LangMap.of({paper.abstract.pick(lang, config.languages)[1]: first_abstract[0]}),
                               lang, config) if first_abstract else None,
            "links": links,
            "more": [(link.title or link.url, link.url) for link in paper.more],
        })
    themes = []
    for theme in issue.themes:
        names = [{"title": _inline(p.title, lang, config), "url": paper_page(config, issue, p, lang)}
                 for pid in theme.paper_ids if (p := issue.paper(pid))]
        themes.append({"title": _inline(theme.title, lang, config),
                       "summary": _block(theme.summary, lang, config), "papers": names})
    title = issue_title(issue, config, lang)
    site_title = pick(config.title, lang, config)
    context = {
        "lang": lang, "t": t, "labels": labels, "font": FONT, "title": title, "site_title": site_title,
        "date": format_date(issue.published.date(), lang),
        "issue_url": paper_page(config, issue, None, lang), "home_url": config.base_url,
        "intro": {"html": Markup(inline_styles(render_markdown(issue.intro))), "lang": ""} if issue.intro else None,
        "preheader": to_plain_text(render_markdown(issue.intro))[:140] if issue.intro else title,
        "themes": themes, "papers": papers, "a_style": STYLES["a"],
    }
    env = make_environment()
    return env.get_template("export/newsletter.html").render(**context)
