"""One build, top to bottom: load everything, stop on errors, render, then write."""
from __future__ import annotations

import functools
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from .content.load import load_site
from .problems import Problem, has_errors
from .render.feeds import render_feeds
from .render.pages import default_theme, guard_templates, make_environment, render_units
from .render.search import index_site
from .render.sitemap import render_robots, render_sitemaps
from .render.write import check_output_dir, write_site


@dataclass
class BuildResult:
    problems: list[Problem] = field(default_factory=list)
    files: int = 0
    issues: int = 0
    papers: int = 0
    seconds: float = 0.0
    built: bool = False


# below this many papers, starting worker processes costs more than it saves
PARALLEL_FROM_PAPERS = 1000


def default_jobs(papers: int) -> int:
    return min(os.cpu_count() or 1, 8) if papers >= PARALLEL_FROM_PAPERS else 1


def site_templates(src: Path) -> Path:
    """A site's own theme overrides live in ``templates/`` beside the content folder."""
    return src.resolve().parent / "templates"


def build(src: Path, out: Path, *, include_drafts: bool = False, strict: bool = False,
          force: bool = False, search: bool = True, jobs: int | None = None) -> BuildResult:
    started = time.perf_counter()
    site, problems = load_site(src, include_drafts=include_drafts)
    result = BuildResult(problems=problems)
    if site is None or has_errors(problems, strict):
        return result
    check_output_dir(out, src, force)
    own_templates = site_templates(src)
    env = make_environment(own_templates)
    extra_pages = tuple(sorted(p.stem for p in (own_templates / "pages").glob("*.html"))) \
        if (own_templates / "pages").is_dir() else ()
    units = [
        *render_units(site, env, extra_pages),
        guard_templates(lambda: render_feeds(site, env)),
        lambda: [*render_sitemaps(site), render_robots(site)],
    ]
    if jobs is None:
        jobs = default_jobs(sum(len(issue.papers) for issue in site.issues))
    static = [default_theme() / "static", own_templates / "static"]
    # indexing stays a step of its own after the pages are written; it reuses the last site's unchanged years
    index = functools.partial(index_site, languages=site.config.languages, previous=out.resolve())
    result.files = write_site(out, units, static, finish=index if search else None, jobs=jobs)
    result.issues = len(site.issues)
    result.papers = sum(len(issue.papers) for issue in site.issues)
    result.seconds = time.perf_counter() - started
    result.built = True
    return result
