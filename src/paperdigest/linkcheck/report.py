"""Dead links as warnings at the file and line where each is written."""
from __future__ import annotations

from pathlib import Path

from ..problems import Problem, Severity
from .find import find_urls
from .probe import LinkCache, check_urls


def link_problems(src: Path, cache_folder: Path | None, jobs: int = 8,
                  timeout: float = 10.0) -> tuple[list[Problem], int]:
    """A warning for each use of a dead external URL, and how many URLs were checked."""
    found = find_urls(src)
    answers = check_urls(list(found), LinkCache(cache_folder), jobs, timeout)
    problems = [Problem(use.path, use.line, "link", f"dead link {url} ({answer.describe()})", Severity.WARNING)
                for url, answer in answers.items() if answer.dead for use in found[url]]
    return problems, len(found)
