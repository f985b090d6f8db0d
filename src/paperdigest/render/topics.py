"""The year at a glance: papers per tag per month over the last twelve months, drawn as SVG.

The twelve months end with the month of the newest issue (not today), so a build stays a
pure function of the content. A paper counts in the month its issue was published.
"""
from __future__ import annotations

import datetime as dt

from ..model import Issue

MONTHS = 12
# enough tags for a year's picture while the page stays small; the rest are on the tags page
TOPICS_SHOWN = 80
BAR_WIDTH, BAR_GAP, CHART_HEIGHT = 16, 4, 24


def topic_months(issues: tuple[Issue, ...], months: int = MONTHS) -> list[dt.date]:
    """The first day of each of the last ``months`` months, oldest first, ending at the newest issue."""
    if not issues:
        return []
    newest = max(issue.published.date() for issue in issues)
    index = newest.year * 12 + newest.month - 1
    return [dt.date(n // 12, n % 12 + 1, 1) for n in range(index - months + 1, index + 1)]


def tag_month_counts(issues: tuple[Issue, ...], months: list[dt.date]) -> dict[str, list[int]]:
    """Every tag with papers in ``months``: how many in each month."""
    where = {(month.year, month.month): n for n, month in enumerate(months)}
    counts: dict[str, list[int]] = {}
    for issue in issues:
        published = issue.published.date()
        n = where.get((published.year, published.month))
        if n is None:
            continue
        for paper in issue.papers:
            for tag in dict.fromkeys(paper.tags):
                counts.setdefault(tag, [0] * len(months))[n] += 1
    return counts


def topics_view(issues: tuple[Issue, ...], views, limit: int = TOPICS_SHOWN) -> dict:
    """What the topics page shows: the months, then the busiest tags with their bars."""
    months = topic_months(issues)
    counts = tag_month_counts(issues, months)
    ranked = sorted(counts.items(), key=lambda item: (-sum(item[1]), item[0]))
    shown = ranked[:limit]
    top = max((max(row) for _, row in shown), default=0)
    labels = [month_label(month, views.lang) for month in months]
    return {
        "months": [{"short": short, "long": long} for short, long in labels],
        "tags": [{**views.tag(tag), "counts": row, "total": sum(row),
                  "bars": bars(row, top)} for tag, row in shown],
        "more": len(ranked) - len(shown),
        "start": labels[0][1] if labels else "", "end": labels[-1][1] if labels else "",
        "width": len(months) * (BAR_WIDTH + BAR_GAP), "height": CHART_HEIGHT,
    }


def bars(row: list[int], top: int) -> str:
    """One SVG path of a bar per month, heights on the page's common scale (a paper is never invisible)."""
    parts = []
    for n, count in enumerate(row):
        if count:
            height = max(2, round(count / top * CHART_HEIGHT))
            parts.append(f"M{n * (BAR_WIDTH + BAR_GAP) + BAR_GAP // 2} {CHART_HEIGHT}v-{height}h{BAR_WIDTH}v{height}z")
    return "".join(parts)


def month_label(month: dt.date, lang: str) -> tuple[str, str]:
    """(axis label, full name) of a month: ("7월", "2025년 7월"), ("Jul", "July 2025")."""
    if lang == "ko":
        return f"{month.month}월", f"{month.year}년 {month.month}월"
    return f"{month:%b}", f"{month:%B %Y}"
