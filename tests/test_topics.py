"""The topics page (issue 15): papers per tag per month over the twelve months that end with the newest
issue, as bars for the eye and a table for screen readers; its numbers are the archive's."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from lxml import html as lxml_html

from archive_tree import build_archive, write_archive
from paperdigest.build import build
from paperdigest.content.load import load_site

ISSUES = {
    "2024-06-03": [("old", ["x", "y"])],  # published 2024-06-10: thirteen months before the newest, left out
    "2024-07-01": [("p1", ["x"]), ("p2", ["x", "y"])],
    "2024-12-23": [("p3", ["y"])],  # published 2024-12-30
    "2024-12-30": [("p4", ["y", "z"])],  # published 2025-01-06: counts in January
    "2025-06-23": [("p5", ["x"]), ("p6", ["x", "z"]), ("p7", ["w"])],
}


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> tuple[Path, Path]:
    return build_archive(tmp_path_factory.mktemp("topics"), ISSUES)


def expected_counts(src: Path) -> dict[str, list[int]]:
    """Counted again from the model, independently of the renderer: month index → papers per tag."""
    site, _ = load_site(src)
    newest = max(issue.published.date() for issue in site.issues)
    months = [(newest.year * 12 + newest.month - 1) - 11 + n for n in range(12)]
    counts: dict[str, Counter] = {}
    for issue in site.issues:
        month = issue.published.year * 12 + issue.published.month - 1
        if month in months:
            for paper in issue.papers:
                for tag in paper.tags:
                    counts.setdefault(tag, Counter())[months.index(month)] += 1
    return {tag: [c[n] for n in range(12)] for tag, c in counts.items()}


def table(page: Path) -> tuple[list[str], dict[str, list[int]]]:
    doc = lxml_html.fromstring(page.read_bytes())
    head = [th.text_content() for th in doc.cssselect("table thead th")]
    rows = {}
    for tr in doc.cssselect("table tbody tr"):
        numbers = [int(td.text_content()) for td in tr.cssselect("td")]
        assert numbers[-1] == sum(numbers[:-1])  # the total column
        rows[tr.cssselect("th")[0].text_content()] = numbers[:-1]
    return head, rows


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_topics_numbers_match_the_model(archive, prefix):
    src, out = archive
    head, rows = table(out / prefix / "topics" / "index.html")
    assert rows == expected_counts(src)
    assert rows["x"] == [2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2]  # July 2024 … June 2025
    assert rows["y"] == [1, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0]
    assert list(rows) == ["x", "y", "z", "w"]  # busiest first
    months = {"": ("2024년 7월", "2025년 6월"), "en/": ("July 2024", "June 2025")}[prefix]
    assert (head[1], head[12]) == months and len(head) == 14


def test_each_tag_has_its_bars_and_links_to_its_tag_page(archive):
    out = archive[1]
    page = out / "topics" / "index.html"
    doc = lxml_html.fromstring(page.read_bytes())
    _, rows = table(page)
    items = doc.cssselect(".topics li")
    assert [li.cssselect("a")[0].text_content() for li in items] == [f"#{tag}" for tag in rows]
    for li, (tag, counts) in zip(items, rows.items()):
        href = li.cssselect("a")[0].get("href")
        assert href == f"../tags/{tag}/" and (out / "topics" / href / "index.html").resolve().is_file()
        svg = li.cssselect("svg")[0]
        assert svg.get("aria-hidden") == "true"
        bars = svg.cssselect("path")[0].get("d").count("M")
        assert bars == sum(1 for n in counts if n)


def test_topics_page_is_linked_and_in_the_sitemap(archive):
    out = archive[1]
    assert 'href="../topics/"' in (out / "tags" / "index.html").read_text("utf-8")
    sitemap = (out / "sitemap.xml").read_text("utf-8")
    assert "https://digest.example.org/topics/" in sitemap and "https://digest.example.org/en/topics/" in sitemap


def test_topics_page_without_tags(tmp_path):
    src = write_archive(tmp_path / "papers", {"2025-06-23": [("lonely", [])]})
    assert build(src, tmp_path / "site", search=False).built
    text = (tmp_path / "site" / "en" / "topics" / "index.html").read_text("utf-8")
    assert "No tagged papers yet." in text and "<svg" not in text
