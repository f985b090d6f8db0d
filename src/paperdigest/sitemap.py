"""sitemap.xml with language alternates, and robots.txt."""
from __future__ import annotations

from collections import Counter
from xml.sax.saxutils import quoteattr

from . import urls
from .model import Site


def page_parts(site: Site) -> list[tuple[str, ...]]:
    """Every indexable page, as the path parts shared by all its language twins."""
    parts: list[tuple[str, ...]] = [(), ("archive",), ("tags",), ("search",)]
    tags: Counter[str] = Counter()
    for issue in site.issues:
        parts.append(("issues", issue.id))
        for paper in issue.papers:
            parts.append(("issues", issue.id, paper.id))
            tags.update(paper.tags)
    for tag in sorted(tags):
        parts += urls.tag_page_parts(tag, tags[tag])
    return parts


def render_sitemap(site: Site) -> tuple[str, bytes]:
    config = site.config
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">']
    for parts in page_parts(site):
        twins = [(lang, config.base_url + urls.page_path(lang, config.default_language, *parts))
                 for lang in config.languages]
        for _, loc in twins:
            lines.append(f"  <url><loc>{_text(loc)}</loc>")
            for lang, href in twins:
                lines.append(f'    <xhtml:link rel="alternate" hreflang={quoteattr(lang)} href={quoteattr(href)}/>')
            lines.append("  </url>")
    lines.append("</urlset>")
    return "sitemap.xml", ("\n".join(lines) + "\n").encode("utf-8")


def render_robots(site: Site) -> tuple[str, bytes]:
    return "robots.txt", f"User-agent: *\nAllow: /\nSitemap: {site.config.base_url}sitemap.xml\n".encode("utf-8")


def _text(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
