"""Link integrity of the built site (issue 5, part 4). Needs no browser.

Every internal href/src (relative, root-relative, or absolute under base_url) resolves to a
built file (a directory means its index.html) and every #fragment to an id in the target page;
every sitemap URL maps to a built file; no URL is absolute to the wrong host (another host
carrying our own page paths, localhost, or our host outside base_url's path).
"""

from __future__ import annotations

import json
import re
import urllib.parse
from functools import lru_cache
from pathlib import Path

import pytest
from lxml import etree
from lxml import html as lxml_html

from .browser_support import Site

URL_ATTRS = {
    "a": ("href",),
    "area": ("href",),
    "link": ("href",),
    "script": ("src",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "iframe": ("src",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "form": ("action",),
    "blockquote": ("cite",),
    "q": ("cite",),
}
META_URL_KEYS = {"og:url", "og:image", "og:image:url", "og:image:secure_url", "twitter:image",
                 "citation_abstract_html_url", "citation_fulltext_html_url"}
OUR_TOP_DIRS = {"issues", "archive", "tags", "search"}
SAFE_SCHEMES = {"mailto", "tel", "data", "urn", "doi"}
LOCAL_HOSTS = {"localhost", "127.0.0.1", "0.0.0.0", "[::1]", "::1"}


def _page_url(site: Site, file: Path) -> str:
    return site.base_url + file.relative_to(site.root).as_posix()


@lru_cache(maxsize=4096)
def _ids(file: Path) -> frozenset[str]:
    if file.suffix not in (".html", ".htm"):
        return frozenset()
    doc = lxml_html.fromstring(file.read_bytes())
    ids = set(doc.xpath("//@id")) | set(doc.xpath("//a/@name"))
    return frozenset(ids)


def _srcset_urls(value: str) -> list[str]:
    return [part.strip().split()[0] for part in value.split(",") if part.strip()]


def _looks_like_ours(site: Site, path: str) -> bool:
    segs = [s for s in path.split("/") if s]
    for k in range(len(segs)):
        suffix = segs[k:]
        rel = "/".join(suffix) + ("/" if path.endswith("/") else "")
        if site.file_for(rel) is None:
            continue
        if len(suffix) >= 2 or suffix[0] in OUR_TOP_DIRS:
            return True
    return False


def check_url(site: Site, raw: str, page_url: str, where: str, check_fragment: bool = True) -> str | None:
    """None if the URL is fine, else a one-line problem."""
    raw = raw.strip()  # an empty URL is the page itself: fine
    url = urllib.parse.urljoin(page_url, raw)
    parts = urllib.parse.urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "javascript":
        return f"{where}: javascript: URL {raw!r}"
    if scheme in SAFE_SCHEMES:
        return None
    if scheme not in ("http", "https"):
        return f"{where}: unexpected URL scheme in {raw!r}"
    base = urllib.parse.urlsplit(site.base_url)
    host = (parts.hostname or "").lower()
    if host in LOCAL_HOSTS and host != (base.hostname or "").lower():
        return f"{where}: URL points at a local host: {raw!r}"
    if parts.netloc.lower() != base.netloc.lower():
        if _looks_like_ours(site, parts.path):
            return f"{where}: {raw!r} is one of our own pages on another host (expected under {site.base_url})"
        return None  # an external link
    if not parts.path.startswith(site.base_path) and parts.path + "/" != site.base_path:
        return f"{where}: {raw!r} leaves base_url's path {site.base_path} (root-relative link under a sub-path?)"
    rel = urllib.parse.unquote(parts.path[len(site.base_path):]) if parts.path.startswith(site.base_path) else ""
    target = site.file_for(rel)
    if target is None:
        return f"{where}: {raw!r} -> /{rel} is not a built file"
    frag = urllib.parse.unquote(parts.fragment)
    if check_fragment and frag and frag != "top" and target.suffix == ".html" and frag not in _ids(target):
        return f"{where}: {raw!r}: no id={frag!r} in {target.relative_to(site.root).as_posix()}"
    return None


def _urls_of_page(file: Path):
    doc = lxml_html.fromstring(file.read_bytes())
    base = doc.xpath("//base/@href")
    for el in doc.iter():
        if not isinstance(el.tag, str):
            continue
        attrs = URL_ATTRS.get(el.tag.lower())
        if attrs:
            for attr in attrs:
                value = el.get(attr)
                if value is None:
                    continue
                if attr == "srcset":
                    for u in _srcset_urls(value):
                        yield el, attr, u
                else:
                    yield el, attr, value
        if el.tag == "meta":
            key = el.get("property") or el.get("name") or ""
            if key in META_URL_KEYS and el.get("content"):
                yield el, "content", el.get("content")
    if base:
        yield None, "base", base[0]


def _grouped(problems: list[tuple[str, str]], show: int = 4) -> str:
    """One line per distinct problem, with where it occurs (first few places and a count)."""
    by_msg: dict[str, list[str]] = {}
    for where, msg in problems:
        by_msg.setdefault(msg, []).append(where)
    lines = []
    for msg, wheres in by_msg.items():
        more = f" and {len(wheres) - show} more" if len(wheres) > show else ""
        lines.append(f"{msg}\n    in {', '.join(wheres[:show])}{more}")
    return "\n".join(lines)


def test_internal_links_resolve(site: Site):
    problems: list[tuple[str, str]] = []
    count = 0
    for file in site.html_files:
        rel = file.relative_to(site.root).as_posix()
        page_url = _page_url(site, file)
        base_tags = lxml_html.fromstring(file.read_bytes()).xpath("//base/@href")
        if base_tags:
            page_url = urllib.parse.urljoin(page_url, base_tags[0])
        for el, attr, value in _urls_of_page(file):
            if el is None:
                continue
            count += 1
            line = getattr(el, "sourceline", None) or "?"
            problem = check_url(site, value, page_url, "")
            if problem:
                problems.append((f"{rel}:{line}", f"<{el.tag} {attr}>{problem}"))
    assert count > 0, "no links found in the built site"
    assert not problems, (
        f"{len(problems)} broken or misdirected link(s), {len({m for _, m in problems})} distinct:\n" + _grouped(problems)
    )


def _sitemap_urls(site: Site, file: Path, seen: set[Path]) -> list[tuple[str, str]]:
    if file in seen:
        return []
    seen.add(file)
    tree = etree.parse(str(file))
    out = []
    for el in tree.iter():
        if not isinstance(el.tag, str):
            continue
        local = etree.QName(el).localname
        if local == "loc" and el.text:
            out.append((f"{file.name}:{el.sourceline}: <loc>", el.text.strip()))
        elif local == "link" and el.get("href"):
            out.append((f"{file.name}:{el.sourceline}: <{el.tag.split('}')[-1]} href>", el.get("href").strip()))
    # A sitemap index: follow its sitemaps.
    if etree.QName(tree.getroot()).localname == "sitemapindex":
        more = []
        for where, url in out:
            if url.startswith(site.base_url):
                child = site.file_for(url[len(site.base_url):])
                if child is not None:
                    more += _sitemap_urls(site, child, seen)
        out += more
    return out


def test_sitemap_urls_are_built_pages(site: Site):
    sitemap = site.root / "sitemap.xml"
    assert sitemap.is_file(), "sitemap.xml missing"
    urls = _sitemap_urls(site, sitemap, set())
    assert urls, "sitemap.xml lists no URL"
    problems = []
    for where, url in urls:
        if not url.startswith(site.base_url):
            problems.append(f"{where}: {url} is not under base_url {site.base_url}")
            continue
        if site.file_for(url[len(site.base_url):]) is None:
            problems.append(f"{where}: {url} is not a built file")
    assert not problems, "\n".join(problems)


def test_sitemap_lists_every_page(site: Site):
    urls = {u for _, u in _sitemap_urls(site, site.root / "sitemap.xml", set())} if (site.root / "sitemap.xml").is_file() else set()
    listed = set()
    for u in urls:
        if u.startswith(site.base_url):
            f = site.file_for(u[len(site.base_url):])
            if f is not None:
                listed.add(f)
    missing = []
    for f in site.html_files:
        rel = f.relative_to(site.root).as_posix()
        name = f.name
        if name == "404.html" or re.fullmatch(r"(?:[a-z]{2}(?:-[A-Za-z]+)?/)?search/index\.html", rel):
            continue  # not-found and search pages have no business in a sitemap
        if f not in listed:
            missing.append(rel)
    assert not missing, f"{len(missing)} page(s) not in sitemap.xml:\n" + "\n".join(missing)


def test_robots_txt_points_at_sitemap(site: Site):
    robots = site.root / "robots.txt"
    assert robots.is_file(), "robots.txt missing"
    lines = [ln.split(":", 1)[1].strip() for ln in robots.read_text(encoding="utf-8").splitlines()
             if ln.lower().startswith("sitemap:")]
    assert lines, "robots.txt has no Sitemap: line"
    for url in lines:
        assert url.startswith(site.base_url) and site.file_for(url[len(site.base_url):]) is not None, (
            f"robots.txt: Sitemap: {url} is not a built file under {site.base_url}"
        )


def _feed_files(site: Site) -> list[Path]:
    names = ("feed.xml", "atom.xml", "feed.json")
    return sorted(p for p in site.root.rglob("*") if p.name in names and p.is_file())


def test_feed_links_resolve(site: Site):
    feeds = _feed_files(site)
    if not feeds:
        pytest.fail("no feed.xml / atom.xml / feed.json in the built site", pytrace=False)
    problems = []
    for feed in feeds:
        rel = feed.relative_to(site.root).as_posix()
        urls: list[tuple[str, str]] = []
        if feed.suffix == ".json":
            data = json.loads(feed.read_text(encoding="utf-8"))
            for key in ("home_page_url", "feed_url"):
                if data.get(key):
                    urls.append((f"{rel}: {key}", data[key]))
            for i, item in enumerate(data.get("items", [])):
                for key in ("url", "image"):
                    if item.get(key):
                        urls.append((f"{rel}: items[{i}].{key}", item[key]))
        else:
            tree = etree.parse(str(feed))
            for el in tree.iter():
                if not isinstance(el.tag, str):
                    continue
                local = etree.QName(el).localname
                if local == "link":
                    value = el.get("href") or (el.text or "").strip()
                    if value:
                        urls.append((f"{rel}:{el.sourceline}: <link>", value))
                elif local == "guid" and el.get("isPermaLink", "true") == "true" and (el.text or "").startswith("http"):
                    urls.append((f"{rel}:{el.sourceline}: <guid>", el.text.strip()))
        for where, url in urls:
            if not re.match(r"https?://", url):
                problems.append(f"{where}: {url!r} is not absolute (feed readers need absolute URLs)")
                continue
            problem = check_url(site, url, site.base_url, where, check_fragment=False)
            if problem:
                problems.append(problem)
    assert not problems, "\n".join(dict.fromkeys(problems))
