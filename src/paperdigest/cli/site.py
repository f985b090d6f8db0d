"""The site's commands: check, build, clean and the live preview."""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import click

from ..cache.stamps import LastBuild, Replay
from ..files import default_cache_folder
from ..problems import blocking, has_errors, report_lines, sort_problems
from .common import CACHE_DIR, SRC, draft_lines, main, report


@main.command()
@SRC
@click.option("--strict", is_flag=True, help="Treat warnings (e.g. missing translations) as errors.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--verbose", "-v", is_flag=True, help="List every warning instead of grouping a long list by kind.")
@click.option("--links", is_flag=True, help="Also try every external URL (answers are kept for a day in .cache/).")
@click.option("--link-jobs", type=click.IntRange(min=1), default=8, show_default=True,
              help="How many links are tried at the same time.")
@click.option("--link-timeout", type=click.FloatRange(min=0.1), default=10.0, show_default=True,
              help="Seconds to wait for each link's server.")
def check(src: Path, strict: bool, fmt: str, verbose: bool, links: bool, link_jobs: int, link_timeout: float) -> None:
    """Check the content (drafts too) and report every problem as path:line: field: message.

    The report goes to stdout (`check > problems.txt`); the exit status is 1 when there are errors."""
    from ..build import site_templates
    from ..content.load import load_site
    from ..content.theme import check_theme

    site, problems = load_site(src, include_drafts=True)
    check_theme(site_templates(src), site.config.languages if site else (), problems)
    if links and src.is_dir():
        from ..linkcheck.report import link_problems

        dead, checked = link_problems(src, default_cache_folder(src), link_jobs, link_timeout)
        problems += dead
        click.echo(f"checked {checked} external link(s): {len({p.message for p in dead})} dead", err=True)
    if fmt == "json":
        click.echo(json.dumps([p.as_dict() for p in sort_problems(problems)], ensure_ascii=False, indent=2))
    else:
        report(problems, strict, verbose, err=False)
        if not problems:
            click.echo("no problems found")
    sys.exit(1 if has_errors(problems, strict) else 0)


@main.command()
@SRC
@click.option("--out", type=click.Path(path_type=Path), default=Path("site"), show_default=True,
              help="Where to write the site; replaced as a whole when the build succeeds.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("--drafts", is_flag=True, help="Include issues marked draft: true.")
@click.option("--future", is_flag=True, help="Include scheduled issues (published later than now).")
@click.option("--force", is_flag=True, help="Replace an output folder that paperdigest did not create.")
@click.option("--no-search", is_flag=True, help="Skip the Pagefind search index.")
@click.option("--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes for rendering (default: one per core for large archives).")
@CACHE_DIR
@click.option("--no-cache", is_flag=True, help="Neither read nor write the build cache (everything is rendered).")
@click.option("--quiet", "-q", is_flag=True, help="Print only problems.")
@click.option("--timings", is_flag=True, help="Print each stage's time and the cache hits.")
def build(src: Path, out: Path, strict: bool, drafts: bool, future: bool, force: bool, no_search: bool,
          jobs: int | None, cache_dir: Path | None, no_cache: bool, quiet: bool, timings: bool) -> None:
    """Build the static site from the content folder; only files whose bytes changed are written."""
    started = time.perf_counter()
    last = None if no_cache else LastBuild(cache_dir or default_cache_folder(src), src, out,
                                           {"strict": strict, "drafts": drafts, "future": future,
                                            "search": not no_search})
    replay = last.replay() if last is not None and not force else None
    if replay is not None:
        for line in replay.lines:
            click.echo(line, err=True)
        if timings:
            click.echo(f"{'check':>8}: {time.perf_counter() - started:6.2f}s (no input or output file changed "
                       "since the last build)", err=True)
        if not quiet:
            click.echo(f"built {replay.issues} issue(s), {replay.papers} paper(s), {replay.files} files "
                       f"into {out} in {time.perf_counter() - started:.2f}s (nothing changed)")
        return
    inputs = last.inputs() if last is not None else None  # before the build reads them

    from ..build import build as run_build
    from ..cache.units import WorkerError
    from ..progress import StageProgress
    from ..render.pages import TemplateProblem
    from ..render.search import SearchIndexError
    from ..render.write import OutputError

    with StageProgress(enabled=not quiet and sys.stderr.isatty()) as progress:
        try:
            result = run_build(src, out, include_drafts=drafts, strict=strict, force=force, search=not no_search,
                               jobs=jobs, future=future, cache=not no_cache, cache_dir=cache_dir,
                               progress=progress.update)
        except (OutputError, SearchIndexError, TemplateProblem, WorkerError) as exc:
            progress.stop()
            raise click.ClickException(str(exc)) from None
    lines = report_lines(blocking(result.problems), strict) + draft_lines(result.problems)
    lines += [f"scheduled: {issue.id} is published {issue.published.isoformat()} and was left out "
              "(build --future includes it)" for issue in result.scheduled]
    for line in lines:
        click.echo(line, err=True)
    if not result.built:
        click.echo("build stopped: nothing was written", err=True)
        sys.exit(1)
    if last is not None:
        last.save(inputs, Replay(lines, result.issues, result.papers, result.files),
                  min((issue.published for issue in result.scheduled), default=None))
    if timings:
        for stage, seconds in result.timings.items():
            click.echo(f"{stage:>8}: {seconds:6.2f}s", err=True)
        click.echo(f"   cache: {result.cache_hits} unit(s) reused, {result.cache_misses} rendered"
                   f"{' (--no-cache)' if no_cache else ''}", err=True)
    if not quiet:
        change = f"{result.written} written, {result.removed} removed" if result.written or result.removed \
            else "nothing changed"
        click.echo(f"built {result.issues} issue(s), {result.papers} paper(s), {result.files} files "
                   f"into {out} in {result.seconds:.2f}s ({change})")


@main.command()
@SRC
@click.option("--out", type=click.Path(path_type=Path), default=Path("site"), show_default=True)
@CACHE_DIR
def clean(src: Path, out: Path, cache_dir: Path | None) -> None:
    """Remove the build cache, and the output folder if paperdigest made it."""
    from ..build import clean as run_clean

    removed = run_clean(src, out, cache_dir)
    for path in removed:
        click.echo(f"removed {path}")
    if not removed:
        click.echo("nothing to remove", err=True)


@main.command()
@SRC
@click.option("--out", type=click.Path(path_type=Path), default=Path("site"), show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True,
              help="The address to listen on; anything but loopback shows the preview (drafts included) to others.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="0: any free port.")
@click.option("--base-path", default=None,
              help="Serve the site under this path, e.g. /digest/ (default: the path of base_url in site.yaml).")
@click.option("--drafts/--no-drafts", default=True, show_default=True, help="Preview draft issues.")
@click.option("--search/--no-search", default=True, show_default=True, help="Rebuild the search index too.")
@click.option("--build-timeout", type=click.FloatRange(min=1), default=600, show_default=True,
              help="Seconds a build may take before it is stopped (the last good site stays online).")
def serve(src: Path, out: Path, host: str, port: int, base_path: str | None, drafts: bool, search: bool,
          build_timeout: float) -> None:
    """Build, serve the site locally, and rebuild whenever a source file changes."""
    import signal

    from ..build import site_templates
    from ..render.write import OutputError, check_output_dir
    from ..serve import PreviewOptions, serve_forever
    from ..serve.app import is_loopback, normalise_base_path
    from ..serve.worker import BuildRequest

    try:
        check_output_dir(out, src)
    except OutputError as exc:
        raise click.ClickException(str(exc)) from None
    if not is_loopback(host):
        click.secho(f"WARNING: listening on {host}: anyone who can reach this machine on port {port} can read "
                    "the preview, drafts included. Use --host 127.0.0.1 to keep it to yourself.",
                    fg="red", bold=True, err=True)
    options = PreviewOptions(
        request=BuildRequest(src=src, out=out, drafts=drafts, search=search),
        watched=(src, site_templates(src)), host=host, port=port,
        base_path=normalise_base_path(base_path if base_path is not None else site_base_path(src)),
        build_timeout=build_timeout)
    signal.signal(signal.SIGTERM, signal.default_int_handler)  # stop as on Ctrl+C: the build worker too
    try:
        serve_forever(options, lambda message: click.echo(message, err=True))
    except OSError as exc:
        raise click.ClickException(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None


def site_base_path(src: Path) -> str:
    """The path of ``base_url`` (``/digest/`` for https://example.github.io/digest/), or ``/``."""
    from urllib.parse import urlsplit

    from ..content.config import load_config

    config = load_config(src, [])
    return urlsplit(config.base_url).path if config is not None and config.base_url else "/"


