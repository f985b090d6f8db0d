"""``paperdigest export``: one issue as a forum post (Markdown), a newsletter (HTML + text) or plain text.

The forum post is ``post.py``, plain text ``text.py``, the newsletter ``email.py``.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..model import Issue, Site
from .email import newsletter_html
from .fields import issue_title
from .post import forum_markdown
from .text import plain_text

FORMATS = ("forum", "email", "text")


class ExportError(Exception):
    pass


@dataclass(frozen=True)
class Export:
    """The exported document; an email also has its plain-text alternative."""

    body: str
    text_alternative: str | None = None
    suffix: str = ".md"
    #: the issue's title: the forum post's title field, the email's subject
    title: str = ""


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


def export_issue(site: Site, week: str, to: str, lang: str | None = None, with_ids: bool = False) -> Export:
    """``with_ids`` leaves hidden ``<!-- paperdigest ... -->`` comments in a forum post (ids, tags,
    theme papers) for a lossless ``import``; without them import reads ids from titles."""
    config = site.config
    lang = lang or config.default_language
    if lang not in config.languages:
        raise ExportError(f"unknown language '{lang}'; the site's languages are {', '.join(config.languages)}")
    issue = find_issue(site, week)
    title = issue_title(issue, config, lang)
    if to == "forum":
        return Export(forum_markdown(issue, config, lang, with_ids), suffix=".md", title=title)
    if to == "text":
        return Export(plain_text(issue, config, lang), suffix=".txt", title=title)
    if to == "email":
        return Export(newsletter_html(issue, config, lang), plain_text(issue, config, lang), suffix=".html",
                      title=title)
    raise ExportError(f"unknown format '{to}'; expected one of {', '.join(FORMATS)}")
