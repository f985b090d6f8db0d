"""Related papers: for a paper, papers of other issues that share its tags."""
from __future__ import annotations

import heapq
from collections import Counter

from ..model import Issue, Paper

RELATED_PAPERS = 5


class RelatedPapers:
    """Most shared tags first, then the newest issue, then the issue's own order.

    Papers are numbered ``issue index * stride + position`` (issues newest first), so one
    integer sorts by (shared tags, newest): counting and ranking stay in C for large archives.
    """

    def __init__(self, issues: tuple[Issue, ...], limit: int = RELATED_PAPERS):
        self.issues = issues
        self.limit = limit
        self.stride = max((len(issue.papers) for issue in issues), default=0) + 1
        self.by_tag: dict[str, list[int]] = {}
        for i, issue in enumerate(issues):
            for k, paper in enumerate(issue.papers):
                for tag in dict.fromkeys(paper.tags):
                    self.by_tag.setdefault(tag, []).append(i * self.stride + k)

    def of(self, issue_index: int, paper: Paper) -> list[tuple[Issue, Paper]]:
        shared: Counter[int] = Counter()
        for tag in dict.fromkeys(paper.tags):
            shared.update(self.by_tag.get(tag, ()))
        span = len(self.issues) * self.stride
        own = range(issue_index * self.stride, (issue_index + 1) * self.stride)
        ranked = heapq.nsmallest(self.limit, (number - count * span for number, count in shared.items()
                                              if number not in own))
        found = []
        for rank in ranked:
            issue_at, position = divmod(rank % span, self.stride)
            issue = self.issues[issue_at]
            found.append((issue, issue.papers[position]))
        return found
