"""sitemap.xml with language alternates, and robots.txt."""
from __future__ import annotations

from xml.sax.saxutils import quoteattr

from ..model import Site, papers_by_tag
from . import urls


def page_parts(site: Site) -> list[tuple[str, ...]]:
    """Every indexable page, as the path parts shared by all its language twins."""
    parts: list[tuple[str, ...]] = [(), ("archive",), ("tags",), ("search",), ("subscribe",), ("topics",)]
    for issue in site.issues:
        parts.append(("issues", issue.id))
        parts += [("issues", issue.id, paper.id) for paper in issue.papers]
    for tag, entries in papers_by_tag(site.issues).items():
        parts += urls.tag_page_parts(tag, len(entries))
    return parts


# the sitemap protocol's limit for one file; a larger site gets an index of several files
MAX_URLS = 50_000
URLSET = ('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
          'xmlns:xhtml="http://www.w3.org/1999/xhtml">')


def render_sitemaps(site: Site, max_urls: int = MAX_URLS) -> list[tuple[str, bytes]]:
    """sitemap.xml, or for a very large site a sitemap index with sitemaps/sitemap-N.xml."""
    config = site.config
    entries = []
    for parts in page_parts(site):
        twins = [(lang, config.base_url + urls.page_path(lang, config.default_language, *parts))
                 for lang in config.languages]
        links = "".join(f'\n    <xhtml:link rel="alternate" hreflang={quoteattr(lang)} href={quoteattr(href)}/>'
                        for lang, href in twins)
        entries += [f"  <url><loc>{_text(loc)}</loc>{links}\n  </url>" for _, loc in twins]
    chunks = [entries[i:i + max_urls] for i in range(0, len(entries), max_urls)] or [[]]
    if len(chunks) == 1:
        return [("sitemap.xml", _xml(URLSET, chunks[0], "</urlset>"))]
    names = [f"sitemaps/sitemap-{n}.xml" for n in range(1, len(chunks) + 1)]
    index = [f"  <sitemap><loc>{_text(config.base_url + name)}</loc></sitemap>" for name in names]
    files = [("sitemap.xml", _xml('<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">', index,
                                  "</sitemapindex>"))]
    return files + [(name, _xml(URLSET, chunk, "</urlset>")) for name, chunk in zip(names, chunks)]


def _xml(opening: str, lines: list[str], closing: str) -> bytes:
    return "\n".join(['<?xml version="1.0" encoding="UTF-8"?>', opening, *lines, closing, ""]).encode("utf-8")


def render_robots(site: Site) -> tuple[str, bytes]:
    return "robots.txt", f"User-agent: *\nAllow: /\nSitemap: {site.config.base_url}sitemap.xml\n".encode("utf-8")


def _text(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
