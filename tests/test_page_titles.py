"""Issue 10.3: every page has a <title> of its own (the list pages used to carry the home page's)."""
from __future__ import annotations

import collections
from pathlib import Path

import lxml.html

from paperdigest.build import build

from conftest import make_tree

ABOUT = """{% extends "base.html" %}
{% block page_title %}{{ "소개" if page.lang == "ko" else "About" }}{% endblock %}
{% block main %}<h1>{{ self.page_title() }}</h1>{% endblock %}
"""


def titles(site: Path) -> dict[str, str]:
    return {str(p.relative_to(site)): lxml.html.fromstring(p.read_bytes()).findtext(".//title")
            for p in sorted(site.rglob("*.html"))}


def test_titles_are_unique_across_the_whole_site_in_both_languages(sample_papers: Path, tmp_path: Path) -> None:
    make_tree(tmp_path, {"templates/pages/about.html": ABOUT, "templates/pages/colophon.html":
                         '{% extends "base.html" %}{% block main %}<h1>Colophon</h1>{% endblock %}'})
    result = build(sample_papers, tmp_path / "site", search=False)
    assert result.built, result.problems
    found = titles(tmp_path / "site")
    assert len(found) > 60 and all(found.values())
    repeated = {t: [p for p, u in found.items() if u == t]
                for t, n in collections.Counter(found.values()).items() if n > 1}
    assert repeated == {}


def test_list_pages_name_themselves_before_the_site(sample_papers: Path, tmp_path: Path) -> None:
    make_tree(tmp_path, {"templates/pages/about.html": ABOUT})
    assert build(sample_papers, tmp_path / "site", search=False).built
    found = titles(tmp_path / "site")
    assert found["archive/index.html"] == "지난 호 · 이번 주의 AI/ML 논문"
    assert found["en/archive/index.html"] == "Archive · AI/ML Papers of the Week"
    assert found["tags/index.html"] == "태그 · 이번 주의 AI/ML 논문"
    assert found["tags/agents/index.html"] == "태그: 에이전트 · 이번 주의 AI/ML 논문"
    assert found["en/tags/agents/index.html"] == "Tag: Agents · AI/ML Papers of the Week"
    assert found["search/index.html"] == "검색 · 이번 주의 AI/ML 논문"
    assert found["en/subscribe/index.html"] == "Subscribe · AI/ML Papers of the Week"
    assert found["about/index.html"] == "소개 · 이번 주의 AI/ML 논문"
    assert found["en/about/index.html"] == "About · AI/ML Papers of the Week"
    assert found["index.html"] == "이번 주의 AI/ML 논문"
