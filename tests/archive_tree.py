"""Small archives written from a table of issues and tagged papers, for related-paper and topics tests."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from conftest import make_tree
from paperdigest.build import build

SITE = """title: {ko: "작은 주간 논문", en: "Small Weekly Papers"}
base_url: "https://digest.example.org/"
languages: [ko, en]
timezone: "Asia/Seoul"
cards: false
"""


def paper_file(paper_id: str, tags: list[str], n: int) -> str:
    return (f'---\ntitle: {{ko: "논문 {paper_id}", en: "Paper {paper_id}"}}\narxiv: "2506.{10000 + n:05d}"\n'
            f"tags: [{', '.join(tags)}]\nsummary: {{ko: \"{paper_id} 소개\", en: \"About {paper_id}\"}}\n"
            f'abstract: {{en: "Abstract of {paper_id}.", ko: "{paper_id}의 초록."}}\n---\n')


def write_archive(root: Path, issues: dict[str, list[tuple[str, list[str]]]]) -> Path:
    """``{"2025-06-02": [("a", ["x", "y"]), ...], ...}`` → papers/ with one issue per Monday, published a week later."""
    files = {"site.yaml": SITE}
    n = 0
    for week, papers in issues.items():
        published = dt.date.fromisoformat(week) + dt.timedelta(days=7)
        order = ", ".join(paper_id for paper_id, _ in papers)
        files[f"{week}/issue.md"] = f"---\nweek: {week}\npublished: {published.isoformat()}\npapers: [{order}]\n---\n"
        for paper_id, tags in papers:
            n += 1
            files[f"{week}/{paper_id}.md"] = paper_file(paper_id, tags, n)
    return make_tree(root, files)


def build_archive(work: Path, issues: dict[str, list[tuple[str, list[str]]]]) -> tuple[Path, Path]:
    """Write the archive into ``work/papers`` and build it into ``work/site``: (content, site)."""
    src = write_archive(work / "papers", issues)
    result = build(src, work / "site", search=False)
    assert result.built, [str(p) for p in result.problems]
    return src, work / "site"
