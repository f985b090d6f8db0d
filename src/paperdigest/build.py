"""One build, top to bottom: load everything, stop on errors, render, then write."""
from __future__ import annotations

import datetime as dt
import functools
import os
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from .cards import CardPainter, CardStore, FontProblem, find_fonts
from .content.load import load_site
from .content.theme import check_theme
from .model import Issue, Site
from .problems import Problem, Severity, blocking, has_errors
from .render.feeds import render_feeds
from .render.pages import default_theme, guard_templates, make_environment, render_units
from .render.previews import Previews
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
    #: issues whose ``published`` moment is still to come, left out without ``future``
    scheduled: list[Issue] = field(default_factory=list)


# below this many papers, starting worker processes costs more than it saves
PARALLEL_FROM_PAPERS = 1000


def default_jobs(papers: int) -> int:
    return min(os.cpu_count() or 1, 8) if papers >= PARALLEL_FROM_PAPERS else 1


def site_templates(src: Path) -> Path:
    """A site's own theme overrides live in ``templates/`` beside the content folder."""
    return src.resolve().parent / "templates"


def without_scheduled(site: Site, now: dt.datetime) -> tuple[Site, list[Issue]]:
    scheduled = [issue for issue in site.issues if issue.published > now]
    if not scheduled:
        return site, []
    return replace(site, issues=tuple(i for i in site.issues if i.published <= now)), scheduled


def card_cache(src: Path) -> Path:
    """Drawn preview cards are kept beside the content folder, so every build of it reuses them."""
    return src.resolve().parent / ".cache" / "paperdigest" / "cards"


def preview_cards(site: Site, src: Path, problems: list[Problem]) -> Previews | None:
    """The card painter, or None when cards are off or no font can set the site's languages (a warning)."""
    settings = site.config.cards
    if not settings.enabled:
        return None
    try:
        fonts = find_fonts(settings.font, site.config.languages)
    except FontProblem as exc:
        problems.append(Problem(src / "site.yaml", None, "cards", f"{exc}; building without preview cards",
                                Severity.WARNING))
        return None
    return Previews(CardPainter(fonts), CardStore(card_cache(src)))


def build(src: Path, out: Path, *, include_drafts: bool = False, strict: bool = False,
          force: bool = False, search: bool = True, jobs: int | None = None,
          future: bool = False, now: dt.datetime | None = None) -> BuildResult:
    """Build ``src`` into ``out``. An issue published after ``now`` (default: the clock) is
    scheduled, as in Hugo: left out of pages and feeds unless ``future``."""
    started = time.perf_counter()
    site, problems = load_site(src, include_drafts=include_drafts)
    result = BuildResult(problems=problems)
    own_templates = site_templates(src)
    extra_pages = check_theme(own_templates, site.config.languages if site else (), problems)
    if site is None or has_errors(blocking(problems), strict):
        return result
    if not future:
        site, result.scheduled = without_scheduled(site, now or dt.datetime.now(dt.timezone.utc))
    check_output_dir(out, src, force)
    env = make_environment(own_templates)
    previews = preview_cards(site, src, result.problems)
    units = [
        *render_units(site, env, extra_pages, previews),
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
