"""Feeds: RSS 2.0 and Atom 1.0 (with feedgen) and JSON Feed 1.1, per language and per tag.

Pure functions of (site, templates) -> (dest path, bytes), like ``render``.

* One item per issue, newest first, at most ``feed_items``; per-tag feeds hold one
  item per paper with that tag.
* The item HTML is rendered from the same ``Views`` the pages use (so it is the same
  sanitised HTML), through the ``feed_issue.html`` / ``feed_paper.html`` fragments with
  a ``rel`` that gives absolute URLs, then sanitised once more with every remaining
  relative URL resolved against the item's permalink: feed readers show content out of
  the site's context, so relative links would break (and the W3C validator warns).
* Nothing depends on the clock: the feed's ``updated``/``lastBuildDate`` is the newest
  item's, so a rebuild without changes gives byte-identical feeds.
"""
from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, replace
from html import escape as escape_html

import nh3
from feedgen.feed import FeedGenerator

from ..model import Issue, Paper, Site, papers_by_tag
from . import urls
from .markup import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, MATH_TAGS, to_plain_text
from .mathtext import math_to_html
from .views import Views

Output = tuple[str, bytes]

# Entry ids are ``tag:`` URIs (RFC 4151) that never change once an issue is out: not
# when it is rebuilt or edited, and not when the site moves to another ``base_url``.
# That is why the authority is a fixed name and not the site's domain: a domain-based id
# would change with ``base_url`` and every reader would show every item again as new.
# The date part is the issue's week (fixed forever by the folder name). Entries differ
# per language (different text), so the language is part of the id.
ID_AUTHORITY = "paperdigest"
# Feed-level ids need a date too; the year the format was defined, fixed for ever.
FEED_ID_DATE = "2025"
# A feed without items still needs an ``updated``; a fixed moment keeps it reproducible.
EMPTY_FEED_UPDATED = dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc)
SUMMARY_CHARS = 300
GENERATOR = "paperdigest"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"

# The sanitiser allowlist for feed content: the Markdown allowlist plus the structure the
# feed fragments add, minus MathML (see ``math_to_html``). No ``id`` (it would clash with
# the reader's page), no ``style``.
FEED_TAGS = (set(ALLOWED_TAGS) - MATH_TAGS) | {"h2", "div", "section", "details", "summary", "i"}
FEED_ATTRIBUTES = {tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()}
FEED_ATTRIBUTES["*"] = {"lang", "dir"}
FEED_ATTRIBUTES.setdefault("a", set()).add("hreflang")
FEED_ATTRIBUTES["a"].discard("rel")

# Characters XML 1.0 forbids (lxml refuses them); they can only come from odd input.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class Item:
    id: str
    url: str
    title: str
    summary: str
    html: str
    published: dt.datetime
    updated: dt.datetime
    #: the tags' display names in the feed's language
    tags: tuple[str, ...]


@dataclass(frozen=True)
class FeedInfo:
    id: str
    lang: str
    title: str
    description: str
    home_url: str
    author: str


def render_feeds(site: Site, env) -> Iterator[Output]:
    shown, tags = feed_sources(site)
    yield from render_site_feeds(site, env, shown)
    for tag, entries in tags.items():
        yield from render_tag_feed(site, env, tag, entries)


def feed_sources(site: Site) -> tuple[list[Issue], dict[str, list[tuple[Issue, Paper]]]]:
    """The issues of the site's feeds, and each tag's papers, newest first.

    Drafts never reach a feed, even in a --drafts preview build: a reader keeps an item for ever.
    """
    issues = newest_first(issue for issue in site.issues if not issue.draft)
    tags = papers_by_tag(issues)
    limit = site.config.feed_items
    return issues[:limit], {tag: entries[:limit] for tag, entries in tags.items()}


def _site_info(config, views: Views) -> FeedInfo:
    lang, home = views.lang, views.path()
    site_title = plain(views.text(config.title, inline=True)) or "paperdigest"
    site_description = plain(views.text(config.description)) if config.description else ""
    return FeedInfo(
        id=f"tag:{ID_AUTHORITY},{FEED_ID_DATE}:feed/{lang}", lang=lang, title=site_title,
        description=site_description or site_title, home_url=config.base_url + home,
        author=clean_text(config.author) or site_title,
    )


def render_site_feeds(site: Site, env, shown: list[Issue]) -> Iterator[Output]:
    """RSS, Atom and JSON Feed of the newest issues, in every language."""
    config = site.config
    for lang in config.languages:
        views = Views(config, lang)
        home = views.path()
        info = _site_info(config, views)
        items = [issue_item(env, views, issue) for issue in shown]
        yield home + "feed.xml", rss_feed(info, items, config.base_url + home + "feed.xml")
        yield home + "atom.xml", atom_feed(info, items, config.base_url + home + "atom.xml")
        yield home + "feed.json", json_feed(info, items, config.base_url + home + "feed.json")


def render_tag_feed(site: Site, env, tag: str, entries: list[tuple[Issue, Paper]]) -> Iterator[Output]:
    """One tag's RSS feed of its newest papers, in every language."""
    config = site.config
    for lang in config.languages:
        views = Views(config, lang)
        info = _site_info(config, views)
        tag_path = views.path("tags", tag)
        title = clean_text(f"{views.t['papers_tagged'].format(tag=views.tag_name(tag))} · {info.title}")
        tag_info = FeedInfo(
            id=f"tag:{ID_AUTHORITY},{FEED_ID_DATE}:feed/{lang}/tags/{tag}", lang=lang, title=title,
            description=title, home_url=config.base_url + tag_path, author=info.author,
        )
        tag_items = [paper_item(env, views, issue, paper) for issue, paper in entries]
        yield tag_path + "feed.xml", rss_feed(tag_info, tag_items, config.base_url + tag_path + "feed.xml")


# the model -> items -----------------------------------------------------------------
def newest_first(issues) -> list[Issue]:
    return sorted(issues, key=lambda issue: (issue.published, issue.id), reverse=True)


def issue_item(env, views: Views, issue: Issue) -> Item:
    config = views.config
    view = views.issue(issue)
    url = config.base_url + view["path"]
    html = env.get_template("feed_issue.html").render(
        issue=view, t=views.t, lang=views.lang,
        rel=absolute_rel(config.base_url),
    )
    summary = f"{view['count']}: " + "; ".join(view["paper_titles"])
    tags = tuple(dict.fromkeys(views.tag_name(tag) for paper in issue.papers for tag in paper.tags))
    return Item(
        id=f"tag:{ID_AUTHORITY},{issue.id}:issue/{issue.id}/{views.lang}", url=url,
        title=clean_text(view["title_text"]), summary=shorten(summary), html=feed_html(html, url),
        published=issue.published, updated=issue.updated or issue.published, tags=tags,
    )


def paper_item(env, views: Views, issue: Issue, paper: Paper) -> Item:
    config = views.config
    view = views.paper(paper, issue)
    url = config.base_url + view["path"]
    html = env.get_template("feed_paper.html").render(
        paper=view, t=views.t, lang=views.lang, rel=absolute_rel(config.base_url),
    )
    return Item(
        id=f"tag:{ID_AUTHORITY},{issue.id}:issue/{issue.id}/paper/{paper.id}/{views.lang}", url=url,
        title=clean_text(view["title_text"]), summary=shorten(view["summary_text"]),
        html=feed_html(html, url), published=issue.published, updated=issue.updated or issue.published,
        tags=tuple(dict.fromkeys(views.tag_name(tag) for tag in paper.tags)),
    )


def absolute_rel(base_url: str):
    """The templates' ``rel(path)``, giving absolute URLs: feed content is read out of context."""
    return lambda path: urls.absolute(base_url, path)


def feed_html(html: str, page_url: str) -> str:
    """Sanitise the rendered fragment again and make every URL in it absolute."""
    cleaned = nh3.clean(
        math_to_html(html), tags=FEED_TAGS, attributes=FEED_ATTRIBUTES, url_schemes={"http", "https", "mailto"},
        link_rel=None, url_relative=("rewrite_with_base", page_url),
    )
    return clean_text(re.sub(r"\n\s*\n+", "\n", cleaned).strip())


def plain(value: dict | None) -> str:
    return clean_text(to_plain_text(value["html"])) if value else ""


def clean_text(text: str) -> str:
    """NFC (so Korean survives every reader intact) and nothing XML 1.0 forbids."""
    return _NOT_XML.sub("", unicodedata.normalize("NFC", text or ""))


def shorten(text: str, limit: int = SUMMARY_CHARS) -> str:
    text = clean_text(" ".join(text.split()))
    if len(text) <= limit:
        return text
    cut = text[:limit - 1]
    if " " in cut[limit // 2:]:
        cut = cut[:cut.rindex(" ")]
    return cut.rstrip(" ;,.:") + "…"


def feed_updated(items: list[Item]) -> dt.datetime:
    return max((item.updated for item in items), default=EMPTY_FEED_UPDATED)


# writers ----------------------------------------------------------------------------
def _generator(info: FeedInfo, items: list[Item], self_url: str, self_type: str) -> FeedGenerator:
    fg = FeedGenerator()
    fg.id(info.id)
    fg.title(info.title)
    fg.subtitle(info.description)
    fg.language(info.lang)
    fg.author({"name": info.author})
    # feedgen uses the *last* link added as the RSS channel <link>: self first, alternate last
    fg.link(href=self_url, rel="self", type=self_type)
    fg.link(href=info.home_url, rel="alternate", type="text/html")
    fg.generator(GENERATOR)  # no version or URI: nothing that changes between installs
    fg.updated(feed_updated(items))  # also lastBuildDate; feedgen would default to now()
    for item in items:
        entry = fg.add_entry(order="append")
        entry.id(item.id)
        entry.guid(item.id, permalink=False)
        entry.title(item.title)
        entry.link(href=item.url, rel="alternate", type="text/html")
        entry.published(item.published)
        entry.updated(item.updated)  # feedgen would default to now()
        entry.content(item.html, type="html")
        entry.summary(item.summary)
        if item.tags:
            entry.category([{"term": tag} for tag in item.tags])
    return fg


def rss_feed(info: FeedInfo, items: list[Item], self_url: str) -> bytes:
    # RSS readers (feedparser among them) read every text element as HTML, so the texts are escaped
    # once more: a title with "<svg onload=...>" must stay text. (Atom's are type="text".)
    info = replace(info, title=escape_html(info.title, quote=False), author=escape_html(info.author, quote=False),
                   description=escape_html(info.description, quote=False))
    items = [replace(item, title=escape_html(item.title, quote=False)) for item in items]
    fg = _generator(info, items, self_url, "application/rss+xml")
    for entry, item in zip(fg.entry(), items):
        # RSS readers (and the W3C validator) read <description> as HTML, so a plain-text summary
        # is escaped: a title with "<Bench>" must stay text. (Atom's summary is type="text".)
        # Only here: feedgen's description() also replaces the Atom content.
        entry.description(escape_html(item.summary, quote=False))
    fg.load_extension("dc", atom=False, rss=True)
    fg.dc.dc_creator(info.author)  # RSS <managingEditor> must be an e-mail address; we have a name
    return fg.rss_str(pretty=True, encoding="UTF-8", xml_declaration=True)


def atom_feed(info: FeedInfo, items: list[Item], self_url: str) -> bytes:
    fg = _generator(info, items, self_url, "application/atom+xml")
    return fg.atom_str(pretty=True, encoding="UTF-8", xml_declaration=True)


def json_feed(info: FeedInfo, items: list[Item], self_url: str) -> bytes:
    feed = {
        "version": JSON_FEED_VERSION,
        "title": info.title,
        "home_page_url": info.home_url,
        "feed_url": self_url,
        "description": info.description,
        "language": info.lang,
        "authors": [{"name": info.author}],
        "items": [
            {
                "id": item.id,
                "url": item.url,
                "title": item.title,
                "content_html": item.html,
                "summary": item.summary,
                "date_published": rfc3339(item.published),
                "date_modified": rfc3339(item.updated),
                "language": info.lang,
                **({"tags": list(item.tags)} if item.tags else {}),
            }
            for item in items
        ],
    }
    return (json.dumps(feed, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def rfc3339(moment: dt.datetime) -> str:
    return moment.isoformat(timespec="seconds") if moment.microsecond == 0 else moment.isoformat()
