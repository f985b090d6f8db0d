"""Related papers: for a paper, papers of other issues that share its tags."""
from __future__ import annotations

import heapq
import itertools
from collections import Counter

from ..model import Issue, Paper

RELATED_PAPERS = 5


class RelatedPapers:
    """Most shared tags first, then the newest issue, then the issue's own order.

    Papers are numbered ``issue index * stride + position`` (issues newest first), so a smaller
    number is a newer paper. Papers are grouped by their set of tags: an archive has far fewer
    tag sets than papers, and every paper of a set shares as many tags with a given paper. So
    the ranking is made once per tag set, not once per paper, and never walks a whole tag's
    papers (at 50,000 papers a popular tag holds thousands).
    """

    def __init__(self, issues: tuple[Issue, ...], limit: int = RELATED_PAPERS,
                 ranked: dict[frozenset[str], list[int]] | None = None):
        """``ranked``: the rankings of an earlier archive with the same ``tag_layout`` (a warm
        rebuild after an edit that moved no paper and changed no tag), filled in as they are made."""
        self.issues = issues
        self.limit = limit
        self.stride = stride_of(issues)
        self.groups: dict[frozenset[str], list[int]] = {}  # a tag set -> its papers, newest first
        for i, issue in enumerate(issues):
            for k, paper in enumerate(issue.papers):
                if paper.tags:
                    self.groups.setdefault(frozenset(paper.tags), []).append(i * self.stride + k)
        self.groups_with: dict[str, list[frozenset[str]]] = {}
        for tags in self.groups:
            for tag in tags:
                self.groups_with.setdefault(tag, []).append(tags)
        self._ranked: dict[frozenset[str], list[int]] = {} if ranked is None else ranked

    def of(self, issue_index: int, paper: Paper) -> list[tuple[Issue, Paper]]:
        if not paper.tags:
            return []
        own = range(issue_index * self.stride, (issue_index + 1) * self.stride)
        numbers = itertools.islice((n for n in self._ranking(frozenset(paper.tags)) if n not in own), self.limit)
        found = []
        for number in numbers:
            issue = self.issues[number // self.stride]
            found.append((issue, issue.papers[number % self.stride]))
        return found

    def _ranking(self, tags: frozenset[str]) -> list[int]:
        """The first papers in the order above for ``tags``: enough that, with one issue's papers
        left out (fewer than ``stride``), ``limit`` remain."""
        ranked = self._ranked.get(tags)
        if ranked is None:
            shared: Counter[frozenset[str]] = Counter()
            for tag in tags:
                shared.update(self.groups_with.get(tag, ()))
            wanted = self.limit + self.stride
            ranked = []
            for count in sorted(set(shared.values()), reverse=True):
                newest = [self.groups[group][:wanted] for group, n in shared.items() if n == count]
                ranked += itertools.islice(heapq.merge(*newest), wanted - len(ranked))
                if len(ranked) >= wanted:
                    break
            self._ranked[tags] = ranked
        return ranked


    def carry(self, earlier: dict[frozenset[str], list[int]], added: int) -> None:
        """Rankings from ``earlier``, those of this archive without its ``added`` newest issues (and
        of the same stride): every old number moves by ``added`` issues, and the new papers, the
        newest, go first among those sharing as many tags. A week added re-ranks nothing."""
        shift = added * self.stride
        fresh = [(n, tags) for tags, numbers in self.groups.items() for n in numbers if n < shift]
        wanted = self.limit + self.stride
        for tags, ranked in earlier.items():
            scored = [(-len(tags & group), n) for n, group in fresh if tags & group]
            for number in ranked:
                issue = self.issues[(number + shift) // self.stride]
                scored.append((-len(tags & set(issue.papers[number % self.stride].tags)), number + shift))
            self._ranked[tags] = [n for _, n in sorted(scored)[:wanted]]


def stride_of(issues: tuple[Issue, ...]) -> int:
    """How papers are numbered: one more than the largest issue's papers."""
    return max((len(issue.papers) for issue in issues), default=0) + 1


def tag_layout(issues: tuple[Issue, ...]) -> tuple:
    """What the rankings depend on: each issue's papers and their tags, in archive order."""
    return tuple((issue.id, tuple((paper.id, paper.tags) for paper in issue.papers)) for issue in issues)
