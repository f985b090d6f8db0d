"""Issues 10.6 and 10.7: an issue's intro and a paper's note in every language (the Markdown body
stays the default language's text), tag display names per language, and English pages with no
Korean text that an editor had a field to translate."""
from __future__ import annotations

import re
from pathlib import Path

import feedparser
import lxml.html
import pytest
from click.testing import CliRunner

from paperdigest.build import build
from paperdigest.cli import main
from paperdigest.content.load import load_site
from paperdigest.forum.export import export_issue

HANGUL = re.compile("[\uac00-\ud7a3]")
WEEK = "2025-06-23"


@pytest.fixture
def built(sample_papers: Path, tmp_path: Path) -> Path:
    result = build(sample_papers, tmp_path / "site", search=False)
    assert result.built, result.problems
    return tmp_path / "site"


def korean_outside_lang_ko(path: Path) -> list[str]:
    """Korean text on a page that is not inside an element marked lang="ko" (a fallback or a twin)."""
    page = lxml.html.fromstring(path.read_bytes())
    found = []
    for element in page.iter():
        if not isinstance(element.tag, str) or element.tag in ("script", "style"):
            continue
        for text in (element.text, *(child.tail for child in element)):
            if text and HANGUL.search(text):
                marked = next((e.get("lang") for e in (element, *element.iterancestors()) if e.get("lang")), "")
                if not marked.startswith("ko"):
                    found.append(text.strip()[:60])
        for name, value in element.attrib.items():
            if name in ("content", "title", "alt", "aria-label") and HANGUL.search(value):
                found.append(f"{name}={value[:60]}")
    return found


def test_english_pages_show_no_korean_the_sample_translates(built: Path) -> None:
    pages = sorted((built / "en").rglob("*.html"))
    assert len(pages) > 25
    leaks = {str(p.relative_to(built)): found for p in pages if (found := korean_outside_lang_ko(p))}
    assert leaks == {}


def test_a_body_without_its_translation_is_a_warning_and_falls_back_marked(sample_papers: Path, tmp_path: Path) -> None:
    paper = sample_papers / WEEK / "xolver.md"
    text = re.sub(r"\nnote:\n  en: >-\n(?:    .*\n)+", "\n", paper.read_text(encoding="utf-8"))
    paper.write_text(text, encoding="utf-8")
    body = text.splitlines().index("---", 1) + 2  # the note is the Markdown body, after the front matter
    _, problems = load_site(sample_papers)
    [warning] = [p for p in problems if p.field == "note"]
    assert not warning.is_error and "no 'en' translation" in warning.message and warning.line == body
    runner = CliRunner()
    assert runner.invoke(main, ["check", "--src", "papers"]).exit_code == 0
    strict = runner.invoke(main, ["check", "--src", "papers", "--strict"])
    assert strict.exit_code == 1 and f"xolver.md:{body}: note: warning: no 'en' translation" in strict.stdout
    assert build(sample_papers, tmp_path / "site", search=False).built
    note = lxml.html.fromstring((tmp_path / "site/en/issues" / WEEK / "xolver/index.html").read_bytes()) \
        .cssselect(".note")[0]
    assert note.get("lang") == "ko" and HANGUL.search(note.text_content())


def test_intro_and_note_maps_without_a_body(sample_papers: Path) -> None:
    issue = sample_papers / WEEK / "issue.md"
    text = issue.read_text(encoding="utf-8")
    body = text.rsplit("\n---\n", 1)[1].strip()
    korean = "intro:\n  ko: >-\n    " + body.replace("\n", " ") + "\n"
    issue.write_text(text.rsplit("\n---\n", 1)[0].replace("intro:\n", korean, 1).replace(korean + "  en:", korean[:-1] + "\n  en:") + "\n---\n",
                     encoding="utf-8")
    site, problems = load_site(sample_papers)
    assert not [p for p in problems], problems
    assert site.issues[0].intro.get("ko").startswith("이번 주에는") and site.issues[0].intro.get("en")


def test_the_same_language_twice_is_an_error(sample_papers: Path) -> None:
    issue = sample_papers / WEEK / "issue.md"
    issue.write_text(issue.read_text(encoding="utf-8").replace("intro:\n", "intro:\n  ko: 두 번째 소개\n", 1),
                     encoding="utf-8")
    _, problems = load_site(sample_papers)
    assert [(p.field, p.is_error) for p in problems] == [("intro.ko", True)]
    assert "written twice" in problems[0].message


def test_exports_in_english_use_the_english_intro_and_note(sample_papers: Path) -> None:
    site, _ = load_site(sample_papers)
    for to in ("forum", "text", "email"):
        result = export_issue(site, WEEK, to, "en")
        body = result.body if to != "email" else result.text_alternative
        assert "This week's ten papers follow three threads" in body, to
        assert "collaboration and memory at inference time alone" in body, to
        assert "이번 주에는 경험을 쌓는" not in body and "추론 시점의 협업과" not in body, to
    korean = export_issue(site, WEEK, "forum", "ko").body
    assert "이번 주에는 경험을 쌓는" in korean and "This week's ten papers" not in korean


def test_tag_names_per_language_on_pages_and_in_feeds(built: Path) -> None:
    tag_page = lxml.html.fromstring((built / "tags/agents/index.html").read_bytes())
    assert "에이전트" in tag_page.cssselect("h1")[0].text_content()
    english = lxml.html.fromstring((built / "en/tags/agents/index.html").read_bytes())
    assert "Agents" in english.cssselect("h1")[0].text_content()
    paper = lxml.html.fromstring((built / "en/issues" / WEEK / "xolver/index.html").read_bytes())
    assert [(a.text_content(), a.get("href")) for a in paper.cssselect(".tags a")] == [
        ("#Agents", "../../../tags/agents/"), ("#Reasoning", "../../../tags/reasoning/")]
    index = lxml.html.fromstring((built / "tags/index.html").read_bytes())
    assert "#강화학습" in index.text_content()
    terms = {t.term for e in feedparser.parse(built / "en/feed.xml").entries for t in e.tags}
    assert {"Agents", "Reinforcement learning"} <= terms and "agents" not in terms
    ko_terms = {t.term for e in feedparser.parse(built / "tags/agents/feed.xml").entries for t in e.tags}
    assert "에이전트" in ko_terms


def test_tag_names_are_checked(sample_papers: Path) -> None:
    site_yaml = sample_papers / "site.yaml"
    site_yaml.write_text(site_yaml.read_text(encoding="utf-8").replace(
        '  memory: {ko: "메모리", en: "Memory"}', '  Memory: {ko: "메모리"}\n  video-x: {ko: "비디오"}'), encoding="utf-8")
    _, problems = load_site(sample_papers)
    assert [(p.field, p.is_error) for p in problems] == [("tags.Memory", True), ("tags.video-x", False)]


def test_views_expose_the_display_name_for_templates(sample_papers: Path, tmp_path: Path) -> None:
    from paperdigest.render.views import Views

    (tmp_path / "templates" / "pages").mkdir(parents=True)
    (tmp_path / "templates" / "pages" / "glossary.html").write_text(
        '{% extends "base.html" %}{% block main %}<p id="t">{{ tag_name("long-context") }}</p>{% endblock %}',
        encoding="utf-8")
    assert build(sample_papers, tmp_path / "site", search=False).built
    for prefix, name in (("", "긴 문맥"), ("en/", "Long context")):
        page = lxml.html.fromstring((tmp_path / "site" / prefix / "glossary/index.html").read_bytes())
        assert page.get_element_by_id("t").text == name
    site, _ = load_site(sample_papers)
    assert Views(site.config, "en").tag_name("long-context") == "Long context"
    assert Views(site.config, "ko").tag_name("long-context") == "긴 문맥"
    assert Views(site.config, "ko").tag_name("no-such-tag") == "no-such-tag"
