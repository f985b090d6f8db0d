"""Issue 10.5: a late ``published`` date is a warning; an issue published in the future is
scheduled, as in Hugo: left out of pages and feeds until its moment, unless ``--future``."""
from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import feedparser
from click.testing import CliRunner

from paperdigest.build import build
from paperdigest.cli import main
from paperdigest.content.load import load_site

from conftest import SAMPLE

KST = dt.timezone(dt.timedelta(hours=9))


def add_week(src: Path, week: str, published: str) -> Path:
    folder = src / week
    shutil.copytree(SAMPLE / "2025-06-23", folder)
    issue = folder / "issue.md"
    issue.write_text(issue.read_text(encoding="utf-8").replace("week: 2025-06-23", f"week: {week}")
                     .replace("published: 2025-06-30T09:00:00+09:00", f"published: {published}"), encoding="utf-8")
    return issue


def late_warnings(src: Path) -> list[str]:
    _, problems = load_site(src)
    return [str(p) for p in problems if "days after the week ends" in p.message]


def test_published_more_than_seven_days_after_the_week_is_a_warning(sample_papers: Path) -> None:
    add_week(sample_papers, "2025-06-30", "2025-07-13T23:00:00+09:00")  # 7 days after Sunday 07-06: fine
    add_week(sample_papers, "2025-07-07", "2025-07-21T09:00:00+09:00")  # 8 days after Sunday 07-13
    add_week(sample_papers, "2025-07-14", "2026-07-21")                  # a year out: a typo
    found = late_warnings(sample_papers)
    assert [line.split(":")[0] for line in found] == [
        str(sample_papers / "2025-07-07" / "issue.md"), str(sample_papers / "2025-07-14" / "issue.md")]
    assert "2025-07-21 is more than 7 days after the week ends (2025-07-13)" in found[0]
    assert all(":3: published: warning:" in line for line in found)


def test_an_issue_published_later_than_now_is_left_out_until_then(sample_papers: Path, tmp_path: Path) -> None:
    add_week(sample_papers, "2025-06-30", "2025-07-07T09:00:00+09:00")
    before = dt.datetime(2025, 7, 7, 8, 59, tzinfo=KST)
    result = build(sample_papers, tmp_path / "site", search=False, now=before)
    assert result.built and [i.id for i in result.scheduled] == ["2025-06-30"]
    site = tmp_path / "site"
    assert not (site / "issues" / "2025-06-30").exists() and not (site / "en" / "issues" / "2025-06-30").exists()
    for feed in ("feed.xml", "atom.xml", "en/feed.xml"):
        assert [e.link.rstrip("/").rsplit("/", 1)[-1] for e in feedparser.parse(site / feed).entries] == ["2025-06-23"]
    assert "issues/2025-06-30/" not in (site / "archive" / "index.html").read_text(encoding="utf-8")

    at = dt.datetime(2025, 7, 7, 9, 0, tzinfo=KST)
    result = build(sample_papers, tmp_path / "site", search=False, now=at)
    assert result.built and result.scheduled == [] and (site / "issues" / "2025-06-30" / "index.html").is_file()

    result = build(sample_papers, tmp_path / "future", search=False, now=before, future=True)
    assert result.scheduled == [] and (tmp_path / "future" / "issues" / "2025-06-30" / "index.html").is_file()


def test_build_says_what_it_left_out_and_future_includes_it(sample_papers: Path) -> None:
    add_week(sample_papers, "2099-06-29", "2099-07-06")
    runner = CliRunner()
    result = runner.invoke(main, ["build", "--src", "papers", "--out", "site", "--no-search"])
    assert result.exit_code == 0, result.output
    assert "scheduled: 2099-06-29 is published 2099-07-06T00:00:00+09:00 and was left out (build --future " \
           "includes it)" in result.stderr
    assert not Path("site/issues/2099-06-29").exists()
    result = runner.invoke(main, ["build", "--src", "papers", "--out", "site", "--no-search", "--future"])
    assert result.exit_code == 0 and "scheduled" not in result.stderr
    assert Path("site/issues/2099-06-29/index.html").is_file()
