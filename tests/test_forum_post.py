"""Issue 10.8: the forum post as readers know it. The sample's export equals the golden files
(header and footer from site.yaml, ':one: summary' themes, no title line, no hidden comments,
a link to the issue's page), and import reads it back without the comments."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from paperdigest.cli import main
from paperdigest.content.load import load_site
from paperdigest.forum.export import export_issue
from paperdigest.forum.read import import_post

from conftest import FIXTURES, SAMPLE

GOLDEN = FIXTURES / "golden"
WEEK = "2025-06-23"


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_export_of_the_sample_equals_the_golden_post(lang: str) -> None:
    result = CliRunner().invoke(main, ["export", WEEK, "--to", "forum", "--lang", lang, "--src", str(SAMPLE)])
    assert result.exit_code == 0, result.output
    assert result.stdout == (GOLDEN / f"forum-{lang}.md").read_text(encoding="utf-8")
    assert "title (for the forum's title field):" in result.stderr


def test_the_post_has_the_real_posts_shape() -> None:
    text = (GOLDEN / "forum-ko.md").read_text(encoding="utf-8")
    paragraphs = text.split("\n\n")
    assert paragraphs[0].startswith(":wave:")                 # the community's opening line
    assert "[2025/06/23 ~ 29]" not in text                     # the title goes in the title field
    assert "<!--" not in text and not re.search(r"(?m)^---$", text)
    themes = [p for p in paragraphs if re.match(r":(one|two|three):", p)]
    assert len(themes) == 3 and all("\n" not in p and "**" not in p for p in themes)
    assert text.count("\n## ") == 10 and text.count("### 논문 소개") == 10
    assert "웹에서 읽기: https://papers.example.org/issues/2025-06-23/" in text
    assert paragraphs[-1].strip().startswith(":heart:")        # its closing call to action
    english = (GOLDEN / "forum-en.md").read_text(encoding="utf-8")
    assert not re.search("[가-힣]", english)
    assert "Read on the web: https://papers.example.org/en/issues/2025-06-23/" in english


def test_with_ids_adds_the_round_trip_comments() -> None:
    site, _ = load_site(SAMPLE)
    text = export_issue(site, WEEK, "forum", with_ids=True).body
    assert text.count("<!-- paperdigest ") == 1 + 3 + 10
    assert '"id": "bagel"' in text


def test_import_without_ids_reads_ids_from_titles_and_themes_from_numbers(tmp_path: Path) -> None:
    post = tmp_path / "post.md"
    post.write_text((GOLDEN / "forum-ko.md").read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "papers"
    out.mkdir()
    shutil.copy(SAMPLE / "site.yaml", out / "site.yaml")
    result = import_post(post, out)  # no --week: the link to the issue's page names it
    parsed = result.parsed
    assert parsed.week.isoformat() == WEEK
    assert parsed.unplaced == [] and parsed.skipped == 0 and parsed.intro.startswith("이번 주에는")
    ids = [p.id for p in parsed.papers]
    assert ids[:3] == ["xolver", "mem1", "gso"] and "visionary-r1" in ids and "dolphin" in ids
    assert all(len(pid.split("-")) <= 4 for pid in ids)
    sample, _ = load_site(SAMPLE)
    by_position = dict(zip((p.id for p in sample.issues[0].papers), ids))
    expected = [[by_position[pid] for pid in theme.paper_ids] for theme in sample.issues[0].themes]
    assert [t["papers"] for t in parsed.data["themes"]] == expected
    back, problems = load_site(out)
    assert back is not None and not [p for p in problems if p.is_error], problems


def test_titled_theme_layout(sample_papers: Path) -> None:
    site_yaml = sample_papers / "site.yaml"
    site_yaml.write_text(site_yaml.read_text(encoding="utf-8").replace("  themes: summary", "  themes: titled"),
                         encoding="utf-8")
    site, problems = load_site(sample_papers)
    assert not problems
    text = export_issue(site, WEEK, "forum").body
    assert ":one: **경험을 쌓고 함께 푸는 에이전트 추론**\n이번 주에는" in text


def test_an_unknown_theme_layout_is_an_error(sample_papers: Path) -> None:
    site_yaml = sample_papers / "site.yaml"
    site_yaml.write_text(site_yaml.read_text(encoding="utf-8").replace("  themes: summary", "  themes: bold"),
                         encoding="utf-8")
    _, problems = load_site(sample_papers)
    assert [(p.field, p.message) for p in problems] == [("forum.themes", "expected one of summary, titled, found 'bold'")]
