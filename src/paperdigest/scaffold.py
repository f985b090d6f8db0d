"""``paperdigest new``: start a weekly issue or a paper file with every key in place."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from .content.checks import ARXIV, SLUG
from .files import write_text_atomically
from .limits import name_problem


class ScaffoldError(Exception):
    pass


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def publish_moment(week: dt.date, now: dt.datetime) -> dt.datetime:
    """``now``, kept within the week's Monday and the last day check accepts without a warning."""
    first = dt.datetime.combine(week, dt.time(), now.tzinfo)
    last = dt.datetime.combine(week + dt.timedelta(days=13), dt.time(), now.tzinfo)
    return min(max(now, first), last)


def new_issue(src: Path, week: dt.date, published: dt.datetime) -> Path:
    if week.weekday() != 0:
        raise ScaffoldError(f"{week.isoformat()} is a {week:%A}; an issue's week starts on a Monday "
                            f"(that week's Monday is {monday_of(week).isoformat()})")
    folder = src / week.isoformat()
    path = folder / "issue.md"
    if path.exists():
        raise ScaffoldError(f"{path} already exists")
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(ISSUE_TEMPLATE.format(week=week.isoformat(), published=published.isoformat()), encoding="utf-8")
    return path


def new_paper(src: Path, week: dt.date, paper_id: str, arxiv: str | None = None, yaml: bool = False,
              text: str | None = None) -> Path:
    """Write the paper file: the template, or ``text`` (a file filled from arXiv) when given."""
    # fullmatch: SLUG.match would accept 'evil\n' ('$' matches before a final newline)
    if not SLUG.fullmatch(paper_id):
        raise ScaffoldError(f"paper id {paper_id!r} must be lowercase letters, digits and hyphens")
    if problem := name_problem(paper_id, "the paper id"):
        raise ScaffoldError(problem)
    if arxiv is not None and not ARXIV.fullmatch(arxiv):
        raise ScaffoldError(f"{arxiv!r} is not an arXiv id like 2506.14234")
    folder = src / week.isoformat()
    if not (folder / "issue.md").is_file():
        raise ScaffoldError(f"no issue for the week of {week.isoformat()}: run 'paperdigest new issue --week {week.isoformat()}' first")
    existing = [p for p in (folder / f"{paper_id}.md", folder / f"{paper_id}.yaml") if p.exists()]
    if existing:
        raise ScaffoldError(f"{existing[0]} already exists")
    path = folder / f"{paper_id}.{'yaml' if yaml else 'md'}"
    body = PAPER_TEMPLATE.format(arxiv=f'"{arxiv}"' if arxiv else '""  # or remove and set links.paper')
    try:
        write_text_atomically(path, text if text is not None else body if yaml else f"---\n{body}---\n")
    except FileExistsError:
        raise ScaffoldError(f"{path} already exists") from None
    return path


def latest_week(src: Path) -> dt.date:
    weeks = sorted(p.name for p in src.glob("????-??-??") if (p / "issue.md").is_file())
    if not weeks:
        raise ScaffoldError(f"no issue in {src}: run 'paperdigest new issue' first")
    return dt.date.fromisoformat(weeks[-1])


def issue_lists_papers(issue_path: Path) -> bool:
    return bool(re.search(r"^papers:", issue_path.read_text(encoding="utf-8"), re.M))


# A new week starts as a draft: check reports what is left to write, builds go on without it,
# and removing "draft: true" is the one step that publishes it.
ISSUE_TEMPLATE = """\
---
week: {week}
published: {published}
draft: true
# title: {{ko: "...", en: "..."}}   # optional; site.yaml's issue_title pattern is used without it
themes: []
#  - title: {{ko: "", en: ""}}
#    summary:
#      ko: |
#        ...
#      en: |
#        ...
#    papers: [paper-id]
# papers: [first-paper, second-paper]   # optional order; file-name order without it
# intro:
#   en: |
#     The introduction in English (the Markdown below is the Korean one).
---
"""

# Required texts are empty (check points at each until it is written); translations stay
# commented out: a missing one is only a warning, an empty one would be an error.
PAPER_TEMPLATE = """\
title:
  en: ""                  # required: the paper's original title
  # ko: ""                # its translation
arxiv: {arxiv}
tags: []
# authors: [First Author, Second Author]
# links:
#   paper: https://...          # needed when there is no arxiv id
#   code: https://github.com/...
#   project: https://...
#   more:
#     - {{title: "...", url: "https://..."}}
# summary:                # the editor's introduction (a warning until written)
#   ko: |
#     ...
#   en: |
#     ...
abstract:
  en: ""                  # required: the original abstract
  # ko: ""                # its translation
"""
