"""The live preview in Chromium: the open page reloads itself after an edit, shows the problems of a
broken edit over the last good page, and clears them when the file is fixed; a sub-path site is
previewed under its path."""
from __future__ import annotations

import shutil

import pytest

from test_serve import ISSUE, SAMPLE, Preview, edit

pytestmark = pytest.mark.browser
PANEL = "#paperdigest-problems"


def test_the_open_page_follows_edits_and_shows_problems_until_fixed(context_factory, tmp_path):
    src = tmp_path / "papers"
    shutil.copytree(SAMPLE, src)
    edit(src / "site.yaml", 'base_url: "https://papers.example.org/"', 'base_url: "https://example.github.io/digest/"')
    preview = Preview(src, tmp_path / "site")
    try:
        page = context_factory(locale="en-US").new_page()
        page.goto(f"{preview.base}/digest/en/issues/{ISSUE}/gso/")
        # the page may first be the one shown while the first build runs: it reloads itself
        page.wait_for_function("() => document.querySelector('h1').textContent.includes('GSO')", timeout=60_000)
        # no wait for the event stream to connect: a page that connects late learns the newer version

        paper = src / ISSUE / "gso.md"
        edit(paper, "GSO: Challenging", "GSO-Renamed: Challenging")
        page.wait_for_function("() => document.querySelector('h1').textContent.includes('GSO-Renamed')",
                               timeout=30_000)

        good = paper.read_text(encoding="utf-8")
        paper.write_text("---\ntitle: [\n---\n", encoding="utf-8")
        panel = page.wait_for_selector(PANEL, timeout=30_000)
        assert "gso.md" in panel.inner_text() and "YAML syntax error" in panel.inner_text()
        assert "GSO-Renamed" in page.inner_text("h1")  # the last good page stays underneath

        paper.write_text(good.replace("GSO-Renamed", "GSO-Fixed"), encoding="utf-8")
        page.wait_for_function("() => document.querySelector('h1').textContent.includes('GSO-Fixed')",
                               timeout=30_000)
        assert page.query_selector(PANEL) is None
    finally:
        assert "Traceback" not in preview.output()
