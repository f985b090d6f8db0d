"""Related papers on paper pages: up to five from other issues sharing its tags, most shared tags
first, then newest; previous and next issue links on issue pages (issue 15)."""
from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pytest
from lxml import html as lxml_html

from archive_tree import build_archive
from paperdigest.content.load import load_site
from paperdigest.model import Issue, LangMap, Paper
from paperdigest.render.related import RelatedPapers

ISSUES = {
    "2025-06-02": [("a", ["x", "y"]), ("b", ["x"]), ("c", ["z"])],
    "2025-06-09": [("d", ["x", "y"]), ("e", ["y"]), ("f", ["q"])],
    "2025-06-16": [("g", ["x", "y", "z"]), ("h", ["x"])],
}
EXPECTED = {
    "g": ["d", "a", "e", "b", "c"],  # two shared tags (newest first), then one (newest, then issue order)
    "h": ["d", "a", "b"],  # never a paper of its own issue
    "a": ["g", "d", "h", "e"],
    "b": ["g", "h", "d"],
    "c": ["g"],
    "f": [],  # nothing relates
}


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> tuple[Path, Path]:
    return build_archive(tmp_path_factory.mktemp("related"), ISSUES)


def test_related_papers_are_exactly_the_expected_list(archive):
    site, _ = load_site(archive[0])
    related = RelatedPapers(site.issues)
    found = {}
    for index, issue in enumerate(site.issues):
        for paper in issue.papers:
            found[paper.id] = [other.id for _, other in related.of(index, paper)]
    assert {paper_id: found[paper_id] for paper_id in EXPECTED} == EXPECTED


def test_at_most_five(archive):
    site, _ = load_site(archive[0])
    assert len(RelatedPapers(site.issues, limit=5).of(0, site.issues[0].papers[0])) == 5
    assert [p.id for _, p in RelatedPapers(site.issues, limit=2).of(0, site.issues[0].papers[0])] == ["d", "a"]


def related_links(page: Path) -> list[str]:
    doc = lxml_html.fromstring(page.read_bytes())
    return [a.get("href") for a in doc.cssselect("section.related a")]


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_paper_pages_link_their_related_papers(archive, prefix):
    out = archive[1]
    assert related_links(out / prefix / "issues/2025-06-16/g/index.html") == [
        "../../2025-06-09/d/", "../../2025-06-02/a/", "../../2025-06-09/e/", "../../2025-06-02/b/",
        "../../2025-06-02/c/"]
    for href in related_links(out / prefix / "issues/2025-06-16/g/index.html"):
        assert (out / prefix / "issues/2025-06-16/g" / href / "index.html").resolve().is_file()
    page = (out / prefix / "issues/2025-06-09/f/index.html").read_text("utf-8")
    assert 'class="related"' not in page


def test_issue_pages_link_previous_and_next_issues(archive):
    out = archive[1]

    def pager(path: str) -> dict[str, str]:
        doc = lxml_html.fromstring((out / path).read_bytes())
        return {a.get("rel"): a.get("href") for a in doc.cssselect("nav.pager a")}

    assert pager("issues/2025-06-09/index.html") == {"prev": "../2025-06-02/", "next": "../2025-06-16/"}
    assert pager("issues/2025-06-02/index.html") == {"next": "../2025-06-09/"}
    assert pager("en/issues/2025-06-16/index.html") == {"prev": "../2025-06-09/"}


def plainly_related(issues, index: int, paper) -> list[tuple[str, str]]:
    """The rule as written: every paper of another issue sharing a tag, by (shared tags, newest
    issue, issue order), the first five."""
    others = [(-len(set(paper.tags) & set(other.tags)), i, k, issue.id, other.id)
              for i, issue in enumerate(issues) if i != index
              for k, other in enumerate(issue.papers) if set(paper.tags) & set(other.tags)]
    return [(week, pid) for *_, week, pid in sorted(others)[:5]]


def random_archive(rng: random.Random, weeks: tuple[int, int], papers) -> tuple[Issue, ...]:
    """Newest first: a random number of weeks, ``papers(i)`` papers in week ``i``, random tags."""
    tags = [f"t{n}" for n in range(rng.randint(2, 9))]
    return tuple(
        Issue(week=dt.date(2025, 1, 6) - dt.timedelta(weeks=i), published=dt.datetime(2025, 1, 6, tzinfo=dt.timezone.utc),
              src_path=Path(f"{i}/issue.md"), title=LangMap(),
              papers=tuple(Paper(id=f"p{i}-{k}", src_path=Path(f"{i}/p{k}.md"), title=LangMap(), abstract=LangMap(),
                                 tags=tuple(rng.sample(tags, rng.randint(0, min(4, len(tags))))))
                           for k in range(papers(i))))
        for i in range(rng.randint(*weeks)))


@pytest.mark.parametrize("seed", range(5))
def test_ranking_by_tag_sets_matches_the_rule_on_random_archives(seed):
    rng = random.Random(seed)
    issues = random_archive(rng, (1, 40), lambda i: rng.randint(0, 12))
    related = RelatedPapers(issues)
    for index, issue in enumerate(issues):
        for paper in issue.papers:
            found = [(other_issue.id, other.id) for other_issue, other in related.of(index, paper)]
            assert found == plainly_related(issues, index, paper), (seed, paper.id)


@pytest.mark.parametrize("seed", range(6))
def test_rankings_carried_forward_when_a_week_is_added_equal_rankings_made_afresh(seed):
    rng = random.Random(100 + seed)
    # the same stride before and after the new week: the older issues hold 8 papers, the new one up to 8
    issues = random_archive(rng, (2, 40), lambda i: rng.randint(0, 8) if i == 0 else 8)
    before = RelatedPapers(issues[1:])
    for index, issue in enumerate(issues[1:]):
        for paper in issue.papers:
            before.of(index, paper)  # ranks every tag set of the archive before the new week
    carried = RelatedPapers(issues, ranked={})
    assert carried.stride == before.stride
    carried.carry(before._ranked, added=1)
    assert carried._ranked, "nothing was carried"
    afresh = RelatedPapers(issues)
    for index, issue in enumerate(issues):
        for paper in issue.papers:
            assert carried.of(index, paper) == afresh.of(index, paper), (seed, paper.id)
