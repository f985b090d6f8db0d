"""``paperdigest export``: forum Markdown that imports back to the same issue, a self-contained newsletter, plain text."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from paperdigest.cli import main
from paperdigest.content.load import load_site
from paperdigest.forum.export import ExportError, export_issue
from paperdigest.forum.read import import_post

ROOT = Path(__file__).resolve().parents[1]
WEEK = "2025-06-23"


@pytest.fixture(scope="module")
def site():
    loaded, problems = load_site(ROOT / "tests" / "fixtures" / "sample", include_drafts=True)
    assert loaded is not None, problems
    return loaded


def ko(langmap) -> str | None:
    return langmap.get("ko")


def test_forum_round_trip(site, tmp_path: Path) -> None:
    post = tmp_path / "post.md"
    post.write_text(export_issue(site, WEEK, "forum", with_ids=True).body, encoding="utf-8")
    out = tmp_path / "papers"
    out.mkdir()
    shutil.copy(ROOT / "tests" / "fixtures" / "sample" / "site.yaml", out / "site.yaml")
    result = import_post(post, out)
    assert result.parsed.unplaced == [] and result.parsed.skipped == 0
    assert not [w for w in result.parsed.warnings if "paper link" in w or "published" in w]
    back, problems = load_site(out, include_drafts=True)
    assert back is not None and not [p for p in problems if p.is_error], problems
    a, b = site.issues[0], back.issues[0]
    assert (b.week, b.published, b.title, ko(b.intro)) == (a.week, a.published, a.title, ko(a.intro))
    assert [p.id for p in b.papers] == [p.id for p in a.papers]
    for x, y in zip(a.papers, b.papers):
        assert y.title == x.title
        assert ko(y.summary) == ko(x.summary)  # the forum post carries the summary in its language
        assert y.abstract.get("ko") == x.abstract.get("ko") and y.abstract.get("en") == x.abstract.get("en")
        assert (y.arxiv, y.paper_url, y.code_url, y.project_url, y.more) == \
               (x.arxiv, x.paper_url, x.code_url, x.project_url, x.more)
        assert (y.tags, y.authors, ko(y.note)) == (x.tags, x.authors, ko(x.note))
    assert len(b.themes) == len(a.themes)
    for x, y in zip(a.themes, b.themes):  # the hidden comment keeps the titles the post does not show
        assert (y.title, ko(y.summary), y.paper_ids) == (x.title, ko(x.summary), x.paper_ids)


def test_forum_has_the_seed_structure(site) -> None:
    result = export_issue(site, WEEK, "forum")
    text = result.body
    assert result.title == "[2025/06/23 ~ 29] 이번 주에 살펴볼 만한 AI/ML 논문 모음"
    assert result.title not in text and "<!--" not in text and "\n---\n" not in text
    assert not re.search(r"^:one: \*\*", text, re.M)  # the summary right after the number, as in the post
    assert text.startswith(":wave: 이번 주에도") and text.rstrip().endswith("큰 힘이 됩니다!")
    assert "웹에서 읽기: https://papers.example.org/issues/2025-06-23/" in text
    assert [m for m in re.findall(r"^:(one|two|three|four): \S", text, re.M)] == ["one", "two", "three"]
    assert len(re.findall(r"^## .+ / .+$", text, re.M)) == 10
    for label in ("### 논문 소개", "### 논문 초록(Abstract)", "### 논문 링크"):
        assert text.count(label) == 10
    assert "\nhttps://arxiv.org/abs/2506.14234\n" in text
    assert "* [Xolver project page (code and data)](https://kagnlp.github.io/xolver.github.io/)" in text


def test_forum_themes_match_without_hidden_comments(site, tmp_path: Path) -> None:
    """Without the exporter's comments (a post edited on the forum) themes still find papers by name."""
    text = re.sub(r"<!-- paperdigest \{\"papers\".*?-->\n", "", export_issue(site, WEEK, "forum", with_ids=True).body)
    post = tmp_path / "post.md"
    post.write_text(text, encoding="utf-8")
    result = import_post(post, tmp_path / "papers")
    themes = result.parsed.data["themes"]
    assert [t["papers"] for t in themes] == [list(t.paper_ids) for t in site.issues[0].themes]


def test_newsletter_is_self_contained(site) -> None:
    result = export_issue(site, WEEK, "email")
    html = result.body
    assert len(html.encode("utf-8")) < 100_000
    assert "<script" not in html.lower() and "<style" not in html.lower()
    assert not re.search(r"<link\b", html, re.I) and "class=" not in html
    assert re.search(r'<html lang="ko">', html) and "<table" in html
    for match in re.finditer(r"<(p|h1|h2|h3|ul|li)\b([^>]*)>", html):
        assert "style=" in match.group(2), match.group(0)
    for match in re.finditer(r'<a\b([^>]*)>', html):
        href = re.search(r'href="(https?://[^"]+|\{\{unsubscribe_url\}\})"', match.group(1))
        assert "style=" in match.group(1) and href, match.group(0)
    assert html.count('href="{{unsubscribe_url}}"') == 1  # the service fills in each reader's own link
    assert 'href="https://papers.example.org/issues/2025-06-23/xolver/"' in html
    assert result.text_alternative and "https://papers.example.org/issues/2025-06-23/xolver/" in result.text_alternative


def test_newsletter_in_english_marks_fallbacks(site) -> None:
    html = export_issue(site, WEEK, "email", "en").body
    assert '<html lang="en">' in html
    assert 'href="https://papers.example.org/en/issues/2025-06-23/xolver/"' in html
    assert "Agents that reason together" in html


def test_plain_text(site) -> None:
    text = export_issue(site, WEEK, "text").body
    assert "</" not in text and "<p" not in text
    assert text.startswith("[2025/06/23 ~ 29]")
    assert "https://arxiv.org/abs/2506.14234" in text and "**" not in text
    assert text.count("[10] ") == 1


def test_unknown_week_and_language(site) -> None:
    with pytest.raises(ExportError, match="no issue"):
        export_issue(site, "2024-01-01", "forum")
    with pytest.raises(ExportError, match="language"):
        export_issue(site, WEEK, "forum", "fr")


def test_cli_export(tmp_path: Path) -> None:
    runner = CliRunner()
    src = str(ROOT / "tests" / "fixtures" / "sample")
    result = runner.invoke(main, ["export", WEEK, "--to", "forum", "--src", src])
    assert result.exit_code == 0 and result.stdout.startswith(":wave:")
    assert "[2025/06/23 ~ 29]" in result.stderr and "[2025/06/23 ~ 29]" not in result.stdout
    out = tmp_path / "mail" / "issue.html"
    result = runner.invoke(main, ["export", WEEK, "--to", "email", "--src", src, "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert (tmp_path / "mail" / "issue.txt").read_text(encoding="utf-8").startswith("[2025/06/23 ~ 29]")
    bad = runner.invoke(main, ["export", "2020-01-06", "--to", "text", "--src", src])
    assert bad.exit_code != 0 and "no issue" in bad.output


def test_newsletter_styles_every_markdown_element(sample_papers) -> None:
    """The look lives in newsletter.css; css-inline puts it on each element and leaves no <style> behind."""
    issue = sample_papers / WEEK / "issue.md"
    rich = ("#### 요점\n\n> 인용\n\n- 하나\n- 둘\n\n1. 첫째\n\n`code` and [a link](https://example.org/)\n\n"
            "    block\n\n| a | b |\n|---|---|\n| 1 | 2 |\n")
    issue.write_text(issue.read_text(encoding="utf-8") + "\n" + rich, encoding="utf-8")
    loaded, problems = load_site(sample_papers, include_drafts=True)
    assert loaded is not None, problems
    html = export_issue(loaded, WEEK, "email").body
    assert "<style" not in html.lower() and "<script" not in html.lower()
    assert html.count("<table") >= 3 and "<blockquote" in html and "<pre" in html and "<h4" in html
    tags = r"p|a|h[1-6]|ul|ol|li|blockquote|pre|code|td|th|table"
    for match in re.finditer(rf"<({tags})\b([^>]*)>", html):
        assert 'style="' in match.group(2), match.group(0)
