"""The site as units of work, each with a cache key naming exactly what it reads.

A key is the digest of the unit's own inputs plus ``base`` (package, templates, settings).
Each input list below must cover everything the unit's views read from the model: an
input left out would let the cache replay a stale page, which the incremental-build tests
(one per kind of change) are there to catch.
"""
from __future__ import annotations

import functools

from ..cache.keys import Fingerprints, digest
from ..cache.units import Job
from ..model import Issue, Paper, Site, papers_by_tag
from . import urls
from .feeds import feed_sources, render_site_feeds, render_tag_feed
from .pages import guard_templates, home_pages, issue_pages, list_pages, page_unit, tag_pages
from .previews import Previews
from .related import RelatedPapers
from .sitemap import render_robots, render_sitemaps
from .views import Views

RECENT = 11  # the home page shows the newest issue in full and the next ten as summaries


def plan_units(site: Site, env, extra_pages: tuple[str, ...], base: str, prints: Fingerprints,
               previews: Previews | None = None, related: RelatedPapers | None = None) -> list[Job]:
    """``base`` covers the package, templates and settings (and the card fonts when ``previews``);
    ``related`` may carry rankings kept from the last build (see ``RelatedPapers``)."""
    issues = site.issues
    tags = papers_by_tag(issues)
    related = related or RelatedPapers(issues)
    views = [Views(site.config, lang) for lang in site.config.languages]
    unit = functools.partial(page_unit, env, site, views)

    def full(issue: Issue | None) -> str:
        return prints.of("issue", issue, lambda: issue) if issue is not None else ""

    def summary(issue: Issue | None) -> str:
        # what views.issue_summary reads (a neighbour's link, the archive, the home page's list)
        return prints.of("summary", issue, lambda: (issue.week, issue.published, issue.title,
                                                    tuple(paper.title for paper in issue.papers))) \
            if issue is not None else ""

    def entry(issue: Issue, paper: Paper) -> str:
        # what views.paper_entry reads (a line of a tag page)
        return prints.of("entry", paper, lambda: (issue.week, issue.title, paper.id, paper.title))

    def key(*inputs) -> str:
        return digest(base, *inputs)

    def related_entry(issue: Issue, paper: Paper) -> str:
        # what views.related_entry reads (a line under "related papers")
        return prints.of("related", paper, lambda: (issue.week, issue.published, paper.id, paper.title))

    # the search page's years, the subscribe page's tag feeds
    home_inputs = (sorted({i.week.year for i in issues if i.papers}), list(tags))
    jobs = [Job(key("home", extra_pages, full(issues[0]) if issues else "", [summary(i) for i in issues[1:RECENT]],
                    home_inputs), unit(home_pages, extra_pages, tuple(tags), previews))]
    for n, issue in enumerate(issues):
        newer = issues[n - 1] if n > 0 else None
        older = issues[n + 1] if n + 1 < len(issues) else None
        # a paper page lists related papers of other weeks: the key holds them, as found now
        others = [[related_entry(i, p) for i, p in related.of(n, paper)] for paper in issue.papers]
        jobs.append(Job(key("issue", full(issue), summary(newer), summary(older), others),
                        unit(issue_pages, n, related, previews)))
    for tag, entries in tags.items():
        # a page of a tag reads its own hundred entries and how many pages the tag has (the pager)
        pages = len(urls.tag_page_parts(tag, len(entries)))
        for n in range(pages):
            chunk = entries[n * urls.TAG_PAGE_SIZE:(n + 1) * urls.TAG_PAGE_SIZE]
            jobs.append(Job(key("tag", tag, n, pages, [entry(i, p) for i, p in chunk]),
                            unit(tag_pages, tag, entries, n)))
    # the topics page counts each tag's papers by the month of their issue
    topics = [prints.of("topics", i, lambda i=i: (i.published, tuple(p.tags for p in i.papers))) for i in issues]
    jobs.append(Job(key("lists", [summary(i) for i in issues], [(t, len(e)) for t, e in tags.items()], topics),
                    unit(list_pages, tags)))
    jobs += _feed_jobs(site, env, key, full, prints)
    ids = [prints.of("ids", i, lambda i=i: (i.week, tuple(p.id for p in i.papers))) for i in issues]
    jobs.append(Job(key("sitemap", ids, [(t, len(e)) for t, e in tags.items()]),
                    lambda: [*render_sitemaps(site), render_robots(site)]))
    return jobs


def _feed_jobs(site: Site, env, key, full, prints: Fingerprints) -> list[Job]:
    shown, tags = feed_sources(site)
    jobs = [Job(key("feeds", [full(issue) for issue in shown]),
                guard_templates(lambda: render_site_feeds(site, env, shown)))]
    for tag, entries in tags.items():
        # what views.paper and the feed item read: the whole paper and its issue's dates and title
        inputs = [prints.of("feed-entry", paper, lambda i=issue, p=paper: (p, i.week, i.title, i.published, i.updated))
                  for issue, paper in entries]
        jobs.append(Job(key("tag-feed", tag, inputs),
                        guard_templates(functools.partial(render_tag_feed, site, env, tag, entries))))
    return jobs
