"""A digest started with `paperdigest init` for a GitHub Pages project site (https://user.github.io/digest/):
every link of the built site resolves under /digest/, and every kind of page loads there in Chromium."""
from __future__ import annotations

import subprocess
import sys

import pytest

from .browser_support import REPO, Site, build, make_site, serve
from .test_link_integrity import _grouped, _urls_of_page, check_url
from .test_subpath_site import _crawl, _kind_pages

BASE = "https://user.github.io/digest/"


@pytest.fixture(scope="module")
def init_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    work = tmp_path_factory.mktemp("init")
    subprocess.run([sys.executable, "-m", "paperdigest", "init", str(work / "digest"), "--no-input",
                    "--base-url", BASE], cwd=REPO, check=True, capture_output=True, timeout=120)
    src = work / "digest" / "papers"
    return make_site(build(src, work / "digest" / "site"), src)


def test_every_link_resolves_under_the_prefix(init_site: Site):
    assert init_site.base_path == "/digest/"
    problems = []
    for file in init_site.html_files:
        rel = file.relative_to(init_site.root).as_posix()
        for el, attr, value in _urls_of_page(file):
            if el is not None and (problem := check_url(init_site, value, init_site.base_url + rel, "")):
                problems.append((f"{rel}:{getattr(el, 'sourceline', '?')}", f"<{el.tag} {attr}>{problem}"))
    assert not problems, f"with base_url {BASE}:\n" + _grouped(problems)
    assert len(init_site.html_files) > 10


@pytest.mark.browser
def test_every_kind_of_page_loads_under_the_prefix(context_factory, init_site: Site):
    with serve(init_site):
        _crawl(context_factory, init_site, _kind_pages(init_site), f"init site served under {init_site.base_path}")
