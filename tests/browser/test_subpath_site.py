"""The site under a sub-path base_url (e.g. a GitHub Pages project site) and served from site/ locally.

Builds a copy of the sample whose base_url has a path, then checks its links and loads every
kind of page in Chromium, served both under that sub-path and at the server root.
"""

from __future__ import annotations

import re
import shutil

import pytest

from .browser_support import KINDS, PageProblems, Site, build, make_site, serve
from .test_link_integrity import _grouped, _urls_of_page, check_url

SUB_BASE = "https://example.org/digest/sub/"


@pytest.fixture(scope="module")
def subpath_site(site: Site, tmp_path_factory: pytest.TempPathFactory) -> Site:
    if site.src is None or not (site.src / "site.yaml").is_file():
        pytest.skip("no content folder to rebuild with a sub-path base_url")
    work = tmp_path_factory.mktemp("subpath")
    src = work / "papers"
    shutil.copytree(site.src, src)
    cfg = src / "site.yaml"
    text = cfg.read_text(encoding="utf-8")
    new, n = re.subn(r"(?m)^base_url:.*$", f'base_url: "{SUB_BASE}"', text)
    assert n == 1, "site.yaml has no top-level base_url line"
    cfg.write_text(new, encoding="utf-8")
    return make_site(build(src, work / "site"), src)


def test_subpath_links_resolve(subpath_site: Site):
    site = subpath_site
    assert site.base_path == "/digest/sub/"
    problems = []
    for file in site.html_files:
        rel = file.relative_to(site.root).as_posix()
        page_url = site.base_url + rel
        for el, attr, value in _urls_of_page(file):
            if el is None:
                continue
            problem = check_url(site, value, page_url, "")
            if problem:
                problems.append((f"{rel}:{getattr(el, 'sourceline', '?')}", f"<{el.tag} {attr}>{problem}"))
    assert not problems, f"with base_url {SUB_BASE}:\n" + _grouped(problems)


def _kind_pages(site: Site) -> list[str]:
    return [site.rel(k, lang) for lang in site.languages for k in KINDS if k in site.kinds]


def _crawl(context_factory, site: Site, rels: list[str], label: str) -> None:
    page = context_factory().new_page()
    problems = PageProblems(page, site)
    bad = []
    for rel in rels:
        resp = page.goto(site.url(rel), wait_until="load")
        found = problems.take()
        if resp is None or not resp.ok:
            found.insert(0, f"HTTP {resp.status if resp else 'no response'}")
        if page.locator("link[rel~=stylesheet]").count() and not page.evaluate("() => document.styleSheets.length"):
            found.append("no stylesheet applied")
        bad += [f"/{rel}: {p}" for p in dict.fromkeys(found)]
    assert not bad, f"{label}:\n" + "\n".join(bad)


@pytest.mark.browser
def test_subpath_served_under_its_path(context_factory, subpath_site: Site):
    with serve(subpath_site):
        _crawl(context_factory, subpath_site, _kind_pages(subpath_site),
               f"base_url {SUB_BASE}, served under {subpath_site.base_path}")


@pytest.mark.browser
def test_subpath_build_works_from_site_folder_at_root(context_factory, subpath_site: Site):
    """`site/` opened with a local server at / (as `paperdigest serve` or `python -m http.server` would)."""
    rels = [r for r in _kind_pages(subpath_site) if not r.endswith("404.html")]
    with serve(subpath_site, base_path="/"):
        _crawl(context_factory, subpath_site, rels, f"base_url {SUB_BASE}, served at /")
