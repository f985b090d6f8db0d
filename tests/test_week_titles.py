"""Issue 10.2: a week that runs into the next month or year names both ends in full
([2026/11/30 ~ 12/06], [2025/12/29 ~ 2026/01/04]) on pages, in feeds and in exports."""
from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import feedparser
import lxml.html
import pytest

from paperdigest.build import build
from paperdigest.content.config import format_week
from paperdigest.content.load import load_site
from paperdigest.forum.export import export_issue

from conftest import BASE

KO = "[{start:%Y/%m/%d} ~ {end:%d}] 이번 주에 살펴볼 만한 AI/ML 논문 모음"


@pytest.mark.parametrize(("week", "expected"), [
    ("2025-06-23", "[2025/06/23 ~ 29]"),           # inside one month: the short form stays
    ("2025-06-30", "[2025/06/30 ~ 07/06]"),        # the first day of the next month
    ("2026-11-30", "[2026/11/30 ~ 12/06]"),
    ("2025-12-29", "[2025/12/29 ~ 2026/01/04]"),   # across a year end
    ("2024-02-26", "[2024/02/26 ~ 03/03]"),        # a leap February
])
def test_week_range_in_the_title_pattern(week: str, expected: str) -> None:
    assert format_week(KO, dt.date.fromisoformat(week)).startswith(expected + " ")


def test_an_end_that_names_its_month_is_left_alone() -> None:
    pattern = "{start:%Y-%m-%d} to {end:%Y-%m-%d}"
    assert format_week(pattern, dt.date(2025, 12, 29)) == "2025-12-29 to 2026-01-04"
    assert format_week("week of {start:%B %-d} – {end:%-d, %Y}", dt.date(2026, 11, 30)) \
        == "week of November 30 – December 6, 2026"


def _weeks_tree(tmp_path: Path, weeks: list[str]) -> Path:
    src = tmp_path / "papers"
    src.mkdir()
    shutil.copy(BASE / "site.yaml", src / "site.yaml")
    for week in weeks:
        shutil.copytree(BASE / "2025-06-23", src / week)
        issue = src / week / "issue.md"
        published = dt.date.fromisoformat(week) + dt.timedelta(days=7)
        issue.write_text(issue.read_text(encoding="utf-8")
                         .replace("week: 2025-06-23", f"week: {week}")
                         .replace("published: 2025-06-30T09:00:00+09:00", f"published: {published}"),
                         encoding="utf-8")
    return src


def test_pages_feeds_and_exports_name_both_ends(tmp_path: Path) -> None:
    src = _weeks_tree(tmp_path, ["2025-12-29", "2026-11-30"])
    # the same papers in both weeks: only a warning
    result = build(src, tmp_path / "site", search=False, now=dt.datetime(2027, 1, 1, tzinfo=dt.timezone.utc))
    assert result.built, [str(p) for p in result.problems]
    expected = {"2025-12-29": "[2025/12/29 ~ 2026/01/04]", "2026-11-30": "[2026/11/30 ~ 12/06]"}
    site = tmp_path / "site"
    for week, title in expected.items():
        page = lxml.html.fromstring((site / "issues" / week / "index.html").read_bytes())
        assert page.findtext(".//title").startswith(title)
        assert page.cssselect("h1")[0].text_content().startswith(title)
    archive = (site / "archive" / "index.html").read_text(encoding="utf-8")
    assert all(title in archive for title in expected.values())
    items = {e.link.rstrip("/").rsplit("/", 1)[-1]: e.title for e in feedparser.parse(site / "feed.xml").entries}
    assert {week: items[week][:len(title)] for week, title in expected.items()} == expected

    loaded, _ = load_site(src)
    for week, title in expected.items():
        assert title in export_issue(loaded, week, "text").body.splitlines()[0]
        assert f"<title>{title}" in export_issue(loaded, week, "email").body
