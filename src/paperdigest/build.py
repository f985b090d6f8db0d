"""One build, top to bottom: load everything, stop on errors, render what changed, then write.

``Builder`` keeps what it loaded (content, templates, cache headers, what the output folder
holds) between calls to ``build()``, so a long-lived process (the live preview) rebuilds after
an edit by reloading only changed files and rendering only the units they feed.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import functools
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from .cache.fragments import Fragments
from .cache.keys import Fingerprints, digest, folder_digest, package_digest
from .cache.memo import Kept
from .cache.store import Store, open_store, remove_store
from .cache.units import run_jobs
from .cards import CardPainter, CardStore, FontProblem, find_fonts
from .content.load import load_site
from .content.theme import check_theme
from .files import default_cache_folder
from .model import Issue, Site
from .problems import Problem, Severity, blocking, has_errors
from .render.markup import new_fragments, use_fragments
from .render.pages import default_theme, make_environment
from .render.plan import plan_units
from .render.previews import Previews
from .render.related import RelatedPapers, stride_of, tag_layout
from .render.search import index_site
from .render.swap import MARKER, remove_folder, stale_folders
from .render.write import check_output_dir, static_files, write_site

Progress = Callable[[str, int, int], None]  # (stage, done, total)


@dataclass
class BuildResult:
    problems: list[Problem] = field(default_factory=list)
    files: int = 0
    issues: int = 0
    papers: int = 0
    seconds: float = 0.0
    built: bool = False
    written: int = 0  # files whose bytes changed
    removed: int = 0  # files of the previous site that no longer exist
    cache_hits: int = 0  # units replayed from the cache
    cache_misses: int = 0  # units rendered
    timings: dict[str, float] = field(default_factory=dict)
    #: issues whose ``published`` moment is still to come, left out without ``future``
    scheduled: list[Issue] = field(default_factory=list)


# below this many papers, starting worker processes costs more than it saves
PARALLEL_FROM_PAPERS = 1000


def default_jobs(papers: int) -> int:
    return min(os.cpu_count() or 1, 8) if papers >= PARALLEL_FROM_PAPERS else 1


def site_templates(src: Path) -> Path:
    """A site's own theme overrides live in ``templates/`` beside the content folder."""
    return src.resolve().parent / "templates"


def default_cache_dir(src: Path) -> Path:
    """``.cache/paperdigest`` beside the content folder (PAPERDIGEST_CACHE_DIR overrides it)."""
    configured = os.environ.get("PAPERDIGEST_CACHE_DIR")
    return Path(configured) if configured else default_cache_folder(src)


def without_scheduled(site: Site, now: dt.datetime) -> tuple[Site, list[Issue]]:
    scheduled = [issue for issue in site.issues if issue.published > now]
    if not scheduled:
        return site, []
    return replace(site, issues=tuple(i for i in site.issues if i.published <= now)), scheduled


def preview_cards(site: Site, src: Path, cards_dir: Path | None, problems: list[Problem]) -> Previews | None:
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
    return Previews(CardPainter(fonts), CardStore(cards_dir))


class Builder:
    """``build()`` as often as needed, with the same arguments as the function ``build``.

    An issue published after ``now`` (default: the clock at each build) is scheduled, as in
    Hugo: left out of pages and feeds unless ``future``.
    """

    def __init__(self, src: Path, out: Path, *, include_drafts: bool = False, strict: bool = False,
                 force: bool = False, search: bool = True, jobs: int | None = None,
                 cache: bool = True, cache_dir: Path | None = None, atomic: bool = True,
                 progress: Progress | None = None, future: bool = False, now: dt.datetime | None = None,
                 pages_ready: Callable[[list[Problem]], None] | None = None):
        self.src, self.out = Path(src), Path(out)
        self.include_drafts, self.strict, self.force, self.search, self.jobs = include_drafts, strict, force, search, jobs
        self.atomic, self.progress, self.future, self.now = atomic, progress, future, now
        self.pages_ready = pages_ready  # written in place, the pages are live before the search step
        cache_dir = cache_dir or default_cache_dir(self.src)
        self.cards_dir = cache_dir / "cards" if cache else None
        self.store: Store | None = open_store(cache_dir) if cache else None
        self.kept = Kept(self.store, self.src)
        self.fragments = Fragments(self.store, package_digest()) if self.store is not None else None
        self._prints = Fingerprints()
        self._templates: tuple[str, object] | None = None
        self._manifest = self.store.load_manifest(self.out) if self.store is not None else None

    def build(self) -> BuildResult:
        started = time.perf_counter()
        timings: dict[str, float] = {}
        with _timed(timings, "load"):
            site, problems = load_site(self.src, include_drafts=self.include_drafts, memo=self.kept.content)
        result = BuildResult(problems=problems, timings=timings)
        self.kept.save_content()
        own = site_templates(self.src)
        extra_pages = check_theme(own, site.config.languages if site else (), problems)
        if site is None or has_errors(blocking(problems), self.strict):
            return result
        if not self.future:
            site, result.scheduled = without_scheduled(site, self.now or dt.datetime.now(dt.timezone.utc))
        check_output_dir(self.out, self.src, self.force)
        papers = sum(len(issue.papers) for issue in site.issues)
        with _timed(timings, "plan"):
            env, templates = self._environment(own)
            previews = preview_cards(site, self.src, self.cards_dir, result.problems)
            fonts = previews.painter.fonts.digest if previews else None
            base = digest(package_digest(), templates, site.config, extra_pages, fonts)
            for _settings, _stamp, files, issue, _problems in self.kept.content.values():
                if issue is not None:  # an issue is what its folder's files (and the settings) make it
                    self._prints.seed("issue", issue, files)
            related = self._related(site)
            jobs = plan_units(site, env, extra_pages, base, self._prints, previews, related)
            self._prints.forget_unused()
            self.kept.save_rankings()
        hits_before = (self.store.stats.hits, self.store.stats.misses) if self.store else (0, 0)
        with _timed(timings, "render"):
            processes = self.jobs if self.jobs is not None else default_jobs(papers)
            planned, fragments = run_jobs(jobs, self.store, processes, self._report("render"),
                                          prepare=self._use_fragments, gather=new_fragments)
            self._save_fragments(fragments)
            planned += static_files([default_theme() / "static", own / "static"])
        if self.store is None:
            result.cache_misses = len(jobs)
        else:
            result.cache_hits = self.store.stats.hits - hits_before[0]
            result.cache_misses = self.store.stats.misses - hits_before[1]
        # indexing is a step of its own over the staged site; it reuses the last site's unchanged years
        finish, files, seen = None, {}, {}
        if self.search:
            files, seen = {file.path: file.digest for file in planned}, self.kept.search_seen()
            finish = _timed_step(timings, "search", functools.partial(
                index_site, languages=site.config.languages, previous=self.out.resolve(), files=files, seen=seen,
                store=self.store))
        with _timed(timings, "write"):
            ready = functools.partial(self.pages_ready, result.problems) if self.pages_ready else None
            written = write_site(self.out, planned, finish=finish, previous=self._manifest, atomic=self.atomic,
                                 progress=self._report("write"), pages_ready=ready)
        if self.store is not None and written.changed:
            self.store.save_manifest(self.out, written.manifest)
            if self.search:
                self.kept.keep_search_seen(seen, set(files.values()))
        self._manifest = written.manifest if self.store is not None else None
        if "search" in timings:
            timings["write"] -= timings["search"]
        result.files, result.written, result.removed = written.files, written.written, written.removed
        result.issues, result.papers = len(site.issues), papers
        result.seconds = time.perf_counter() - started
        result.built = True
        return result

    def _related(self, site: Site) -> RelatedPapers:
        """Related papers, with the rankings of the last build (of this process, else the cache's)
        while no paper moved and no tag changed, or carried forward when a week was added."""
        layout, stride = tag_layout(site.issues), stride_of(site.issues)
        ranked = self.kept.rankings(digest(package_digest(), stride, layout))
        related = RelatedPapers(site.issues, ranked=ranked)
        if not ranked and len(layout) > 1:
            earlier = self.kept.earlier_rankings(digest(package_digest(), stride, layout[1:]))
            if earlier:
                related.carry(earlier, added=1)
        return related

    def _use_fragments(self) -> None:
        if self.fragments is not None:
            use_fragments(self.fragments.get)

    def _save_fragments(self, made: dict[str, str]) -> None:
        if self.fragments is not None and made:
            self.fragments.add(made)
            self.fragments.save()

    def _environment(self, own: Path):
        """The Jinja environment, made again only when a template file changed."""
        # static files are copied, not rendered: a changed stylesheet re-renders no page
        templates = folder_digest([default_theme(), own], skip=("static",))
        if self._templates is None or self._templates[0] != templates:
            compiled = self.store.root / "templates" if self.store is not None else None
            if compiled is not None:
                compiled.mkdir(parents=True, exist_ok=True)
            self._templates = (templates, make_environment(own, compiled))
        return self._templates[1], templates

    def _report(self, stage: str):
        if self.progress is None:
            return None
        return lambda done, total: self.progress(stage, done, total)


@contextlib.contextmanager
def _timed(timings: dict[str, float], stage: str):
    started = time.perf_counter()
    try:
        yield
    finally:
        timings[stage] = timings.get(stage, 0.0) + time.perf_counter() - started


def _timed_step(timings: dict[str, float], stage: str, step):
    def run(*args):
        with _timed(timings, stage):
            step(*args)
    return run


def build(src: Path, out: Path, **options) -> BuildResult:
    """Build once; the keywords are those of ``Builder``."""
    return Builder(src, out, **options).build()


def clean(src: Path, out: Path, cache_dir: Path | None = None) -> list[Path]:
    """Remove the build cache, and the output folder if paperdigest made it; returns what went."""
    removed = []
    cache = cache_dir or default_cache_dir(src)
    if cache.is_dir() and remove_store(cache):
        removed.append(cache)
    if out.is_dir() and (out / MARKER).is_file():
        remove_folder(out)
        removed.append(out)
    if out.resolve().parent.is_dir():  # the spare staging folder beside it, and any left by a killed build
        for folder in stale_folders(out.resolve(), ("spare", "staging", "old")):
            remove_folder(folder)
            removed.append(folder)
    return removed
