"""Render every page of the site: pure functions of (site, templates) → (dest path, bytes).

Nothing here touches the output folder; ``write`` does that.
"""
from __future__ import annotations

import functools
import traceback
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import jinja2
from markupsafe import Markup

from ..model import Issue, Paper, Site
from . import urls
from .i18n import language_name
from .previews import Previews, card_path, image_meta, issue_card, paper_card
from .related import RelatedPapers
from .topics import topics_view
from .views import Views

Output = tuple[str, bytes]
Unit = Callable[[], Iterator[Output]]
RECENT_ISSUES = 10
LOCALES = {"ko": "ko_KR", "en": "en_US", "ja": "ja_JP", "zh": "zh_CN"}
# Search results show about this many characters; CJK characters are about twice as wide.
SNIPPET_CHARS = {"ko": 80, "ja": 80, "zh": 80}


class TemplateProblem(Exception):
    """A theme template failed; the message names the template file and line."""


def describe_template_error(exc: jinja2.TemplateError) -> str:
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return f"{exc.filename or exc.name}:{exc.lineno}: template syntax error: {exc.message}"
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith((".html", ".xml"))]
    where = f"{frames[-1].filename}:{frames[-1].lineno}: " if frames else ""
    return f"{where}template error: {exc}"


def default_theme() -> Path:
    return Path(__file__).resolve().parents[1] / "theme"


class ViewEnvironment(jinja2.Environment):
    """Jinja tries ``getattr`` before ``[]`` for ``a.b``: on the view dicts every lookup raised
    and caught an AttributeError first. Looking keys up first cuts render time by about a quarter."""

    def getattr(self, obj, attribute):
        if type(obj) is dict and attribute in obj:
            return obj[attribute]
        return super().getattr(obj, attribute)


def make_environment(site_templates: Path | None = None, compiled: Path | None = None) -> jinja2.Environment:
    """One environment per build; a site's own templates shadow the default theme's. ``compiled``
    keeps the templates' bytecode between processes (Jinja checks it against each source)."""
    default = jinja2.FileSystemLoader(str(default_theme()))
    loaders = [jinja2.FileSystemLoader(str(site_templates))] if site_templates and site_templates.is_dir() else []
    loader = jinja2.ChoiceLoader([*loaders, default, jinja2.PrefixLoader({"default": default})])
    # auto_reload off: templates do not change during a build, so no stat() per page
    env = ViewEnvironment(
        loader=loader, autoescape=jinja2.select_autoescape(["html", "xml"], default_for_string=True),
        undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
        auto_reload=False, bytecode_cache=jinja2.FileSystemBytecodeCache(str(compiled)) if compiled else None,
    )
    env.filters["anchors_from"] = anchors_from
    return env


def anchors_from(html: str, base: str) -> Markup:
    """Point ``#paper-id`` links in an issue's texts at the issue page when shown on another page."""
    return Markup(str(html).replace('href="#', f'href="{base}#'))


def page_unit(env, site: Site, views: list[Views], pages, *args) -> Unit:
    """One unit of work: ``pages`` (a function below) rendered in every language.

    A unit is an issue with its papers (and their preview cards), a tag's pages, or the list
    pages: the languages of one issue share its Markdown, converted once in the process that
    renders it.
    """
    def produce() -> Iterator[Output]:
        for language_views in views:
            yield from pages(env, site, language_views, *args)
    return guard_templates(produce)


def guard_templates(produce: Callable[[], Iterable[Output]]) -> Unit:
    """A unit whose template errors become a TemplateProblem naming the template and line."""
    def run() -> Iterator[Output]:
        try:
            yield from produce()
        except jinja2.TemplateError as exc:
            raise TemplateProblem(describe_template_error(exc)) from None
    return run


def home_pages(env, site: Site, views: Views, extra_pages: tuple[str, ...], tags: Iterable[str],
                previews: Previews | None) -> Iterator[Output]:
    """The home page and the pages beside it; ``tags``: the archive's tags (the search menus and
    the subscribe page's feeds), counted once by the plan for every unit that needs them."""
    page = functools.partial(render_page, env, site, views)
    latest = views.issue(site.issues[0]) if site.issues else None
    meta = None
    if latest and previews:  # the home page shares the latest issue's card
        card = issue_card(views, site.issues[0], latest)
        meta = {"image": image_meta(site.config, latest["path"], card)}
    yield page("home.html", (), {"latest": latest,
                                 "recent": [views.issue_summary(i) for i in site.issues[1:RECENT_ISSUES + 1]]},
               meta=meta)
    yield page("search.html", ("search",), {"search": search_view(site, views, tags)}, title=views.t["search"])
    yield render_opensearch(env, site, views)
    yield page("subscribe.html", ("subscribe",), subscribe_context(site, views, tags), title=views.t["subscribe"])
    for name in extra_pages:
        yield page(f"pages/{name}.html", (name,), {}, title=extra_page_title(env, name, views))
    yield render_not_found(env, site, views)


def issue_pages(env, site: Site, views: Views, index: int, related: RelatedPapers,
                 previews: Previews | None) -> Iterator[Output]:
    issue = site.issues[index]
    issue_view = views.issue(issue)
    image = None
    if previews:
        card = issue_card(views, issue, issue_view)
        yield card_path(issue_view["path"]), previews.card_file(card)
        image = image_meta(site.config, issue_view["path"], card)
    yield render_issue_page(env, site, views, issue, index, issue_view, image)
    for paper, paper_view in zip(issue.papers, issue_view["papers"]):
        if previews:
            card = paper_card(views, issue, paper, paper_view)
            yield card_path(paper_view["path"]), previews.card_file(card)
            image = image_meta(site.config, paper_view["path"], card)
        others = [views.related_entry(other, other_issue) for other_issue, other in related.of(index, paper)]
        yield render_paper_page(env, site, views, issue, paper, paper_view, others, image)


def tag_pages(env, site: Site, views: Views, tag: str, entries: list[tuple[Issue, Paper]],
              only: int | None = None) -> Iterator[Output]:
    """A tag's papers, newest first, 100 to a page so that a popular tag stays light; ``only``:
    just that page (from 0), so that an edit re-renders one page of a popular tag, not all."""
    pages = urls.tag_page_parts(tag, len(entries))
    paths = [views.path(*parts) for parts in pages]
    for n, parts in enumerate(pages):
        if only is not None and n != only:
            continue
        chunk = entries[n * urls.TAG_PAGE_SIZE:(n + 1) * urls.TAG_PAGE_SIZE]
        pager = {"number": n + 1, "count": len(pages),
                 "newer": paths[n - 1] if n > 0 else None, "older": paths[n + 1] if n + 1 < len(pages) else None}
        name = views.tag_name(tag)
        context = {"tag": name, "tag_slug": tag, "feed": views.path("tags", tag) + "feed.xml", "pager": pager,
                   "papers": [views.paper_entry(paper, issue) for issue, paper in chunk]}
        title = views.t["tag_title"].format(tag=name)
        if pager["count"] > 1:
            title += f" ({pager['number']}/{pager['count']})"
        yield render_page(env, site, views, "tag.html", parts, context, title=title)


def list_pages(env, site: Site, views: Views, tags: dict) -> Iterator[Output]:
    page = functools.partial(render_page, env, site, views)
    yield page("archive.html", ("archive",), {"years": archive_years(site, views)}, title=views.t["archive"])
    yield page("tags.html", ("tags",), {"tags": [{**views.tag(t), "count": len(e)} for t, e in tags.items()]},
               title=views.t["tags"])
    yield page("topics.html", ("topics",), {"topics": topics_view(site.issues, views)}, title=views.t["topics"])


def subscribe_context(site: Site, views: Views, tags: Iterable[str]) -> dict:
    """Every feed of the page's language with its full address, per-tag feeds, the email sign-up."""
    base = site.config.base_url
    names = {"rss": "RSS 2.0", "atom": "Atom 1.0", "json": "JSON Feed 1.1"}
    feeds = [{"key": key, "name": names[key], "path": path, "url": base + path}
             for key, path in views.site["feeds"].items()]
    tag_feeds = [{**views.tag(tag), "feed_path": views.path("tags", tag) + "feed.xml",
                  "feed_url": base + views.path("tags", tag) + "feed.xml"}
                 for tag in tags]
    return {"feeds": feeds, "tag_feeds": tag_feeds, "signup_url": site.config.newsletter.signup_url}


def extra_page_title(env, name: str, views: Views) -> str:
    """An extra page's title: its template's ``{% block page_title %}`` (which sees ``page.lang`` and
    ``t``), else its name ('about' → 'About')."""
    template = env.get_template(f"pages/{name}.html")
    block = template.blocks.get("page_title")
    if block is None:
        return name.replace("-", " ").capitalize()
    return "".join(block(template.new_context({"page": {"lang": views.lang}, "t": views.t}))).strip()


def render_page(env, site: Site, views: Views, template: str, parts: tuple[str, ...], context: dict,
                title: str = "", description: str = "", meta: dict | None = None) -> Output:
    path = views.path(*parts)
    page = page_context(site, views, parts, title, description, meta)
    html = env.get_template(template).render(page=page, t=views.t, site=page["site"], tag_name=views.tag_name,
                                             rel=functools.partial(urls.relative, path), **context)
    return urls.dest_file(path), html.encode("utf-8")


def render_issue_page(env, site: Site, views: Views, issue: Issue, index: int, view: dict,
                      image: dict | None = None) -> Output:
    newer = site.issues[index - 1] if index > 0 else None
    older = site.issues[index + 1] if index + 1 < len(site.issues) else None
    nav = {"newer": views.issue_summary(newer) if newer else None,
           "older": views.issue_summary(older) if older else None}
    description = "; ".join(view["paper_titles"])
    return render_page(env, site, views, "issue.html", ("issues", issue.id), {"issue": view, "nav": nav},
                       title=view["title_text"], description=description, meta={"og_type": "article", "image": image})


def render_paper_page(env, site: Site, views: Views, issue: Issue, paper: Paper, view: dict,
                      related: list[dict] = (), image: dict | None = None) -> Output:
    parts = ("issues", issue.id, paper.id)
    url = urls.absolute(site.config.base_url, views.path(*parts))
    meta = {"og_type": "article", "image": image, **views.paper_metadata(paper, issue, url)}
    return render_page(env, site, views, "paper.html", parts, {"paper": view, "related": list(related)},
                       title=view["title_text"], description=view["summary_text"], meta=meta)


def render_not_found(env, site: Site, views: Views) -> Output:
    # 404.html is served at any address, so its links are absolute paths from base_url
    root = urls.base_path(site.config.base_url)
    path = views.path()
    page = page_context(site, views, (), views.t["not_found"], "", {"noindex": True})
    page["alternates"] = [{**alt, "href": root + alt["path"]} for alt in page["alternates"]]
    html = env.get_template("404.html").render(page=page, t=views.t, site=page["site"],
                                               rel=lambda target: root + target)
    return path + "404.html", html.encode("utf-8")


def render_opensearch(env, site: Site, views: Views) -> Output:
    """An OpenSearch description, so browsers can add the site's search (linked from every page)."""
    search_url = urls.absolute(site.config.base_url, views.path("search"))
    xml = env.get_template("opensearch.xml").render(site=views.site, t=views.t, search_url=search_url,
                                                    icon=urls.absolute(site.config.base_url, "static/favicon.svg"))
    return views.site["opensearch"], xml.encode("utf-8")


def page_context(site: Site, views: Views, parts: tuple[str, ...], title: str, description: str,
                 meta: dict | None) -> dict:
    config = site.config
    path = views.path(*parts)
    alternates = []
    for lang in config.languages:
        alt_path = urls.page_path(lang, config.default_language, *parts)
        alternates.append({"lang": lang, "name": language_name(lang), "path": alt_path,
                           "href": urls.relative(path, alt_path), "url": config.base_url + alt_path,
                           "current": lang == views.lang})
    site_view = views.site
    return {
        "lang": views.lang, "path": path, "parts": parts, "kind": parts[0] if parts else "home",
        "url": config.base_url + path,
        "title": title, "description": snippet(description or site_view["description_text"], views.lang),
        "locale": LOCALES.get(views.lang, views.lang),
        "alternates": alternates,
        "meta": {"og_type": "website", "noindex": False, "citation": [], "json_ld": "", "image": None,
                 **(meta or {})},
        "site": site_view,
    }


def search_view(site: Site, views: Views, tags: Iterable[str]) -> dict:
    """What the search page needs to find its bundles: one per language and year (render/search.py)."""
    years = sorted({issue.week.year for issue in site.issues if issue.papers}, reverse=True)
    others = [lang for lang in site.config.languages if lang != views.lang]
    names = ", ".join(language_name(lang, views.lang) for lang in others)
    return {"years": years, "lang": views.lang, "others": others, "bundles": "pagefind/",
            "others_label": views.t["search_others"].format(langs=names),
            # filters hold tag slugs; the page shows each tag's name in its language
            "tag_names": {tag: views.tag_name(tag) for tag in tags}}


def archive_years(site: Site, views: Views) -> list[dict]:
    years: dict[int, list[dict]] = defaultdict(list)
    for issue in site.issues:
        years[issue.week.year].append(views.issue_summary(issue))
    return [{"year": year, "issues": issues} for year, issues in sorted(years.items(), reverse=True)]


def snippet(text: str, lang: str) -> str:
    """A description cut at a word boundary to what search results and link previews show."""
    limit = SNIPPET_CHARS.get(lang, 155)
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0] if " " in text[:limit] else text[:limit]
    return cut.rstrip(" ,.;:·") + "…"
