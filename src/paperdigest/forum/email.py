"""The newsletter: one self-contained HTML document for email clients (tables, inline styles, no scripts).

Its look is ``templates/export/newsletter.css``; css-inline copies those rules into style
attributes, because many email clients drop ``<style>`` blocks.
"""
from __future__ import annotations

import re

import css_inline
from markupsafe import Markup

from ..model import Issue, LangMap, SiteConfig
from ..render.i18n import format_date, strings
from ..render.markup import render_inline, render_markdown, to_plain_text
from ..render.pages import make_environment
from .fields import abstracts, issue_title, paper_links, paper_page, pick
from .parse import LABEL_TEXT

# The document has no remote stylesheets; never fetch one while exporting.
INLINER = css_inline.CSSInliner(load_remote_stylesheets=False)
# Classes only select the rules; once inlined they are dead weight in every copy sent.
_CLASS = re.compile(r'(<[a-z][a-z0-9]*\b[^<>]*?) class="[^"<>]*"')


def _text(texts: LangMap, lang: str, config: SiteConfig, render=render_markdown) -> dict | None:
    """One text in ``lang`` (or its fallback, with its real language) as styled newsletter HTML."""
    picked = texts.pick(lang, config.languages)
    if not picked:
        return None
    text, real = picked
    return {"html": Markup(render(text)), "lang": real if real != lang else ""}


def _block(texts: LangMap, lang: str, config: SiteConfig) -> dict | None:
    return _text(texts, lang, config)


def _inline(texts: LangMap, lang: str, config: SiteConfig) -> dict | None:
    return _text(texts, lang, config, render_inline)


def newsletter_html(issue: Issue, config: SiteConfig, lang: str) -> str:
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
            "original": Markup(render_inline(original[0])) if original and paper.title.get(lang) else "",
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
        "lang": lang, "t": t, "labels": labels, "title": title, "site_title": site_title,
        "date": format_date(issue.published.date(), lang),
        "issue_url": paper_page(config, issue, None, lang), "home_url": config.base_url,
        "intro": _block(issue.intro, lang, config),
        "preheader": to_plain_text(render_markdown(pick(issue.intro, lang, config)))[:140] if issue.intro else title,
        "unsubscribe": config.newsletter.unsubscribe,
        "themes": themes, "papers": papers,
    }
    env = make_environment()
    return _CLASS.sub(r"\1", INLINER.inline(env.get_template("export/newsletter.html").render(**context)))
