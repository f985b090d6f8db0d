"""The command line: the only module that prints or exits."""
from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import click

from .problems import Problem, blocking, has_errors, report_lines, sort_problems

WEEK = click.option("--week", type=click.DateTime(formats=["%Y-%m-%d"]), help="The Monday of the week (YYYY-MM-DD).")
ARXIV_URL = click.option("--arxiv-url", default=None, metavar="URL",
                         help="The arXiv API query URL (default: $PAPERDIGEST_ARXIV_URL or arXiv's own).")
CACHE_DIR = click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
                         envvar="PAPERDIGEST_CACHE_DIR",
                         help="The build cache (default: .cache/paperdigest beside the content folder).")
SRC = click.option("--src", type=click.Path(path_type=Path), default=Path("papers"), show_default=True,
                   help="The content folder (site.yaml and one folder per week).")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="paperdigest")
def main() -> None:
    """paperdigest: build a bilingual weekly digest of AI/ML papers from plain files."""


def report(problems: list[Problem], strict: bool, verbose: bool = False, err: bool = True) -> None:
    for line in report_lines(problems, strict, verbose):
        click.echo(line, err=err)


def report_drafts(problems: list[Problem]) -> None:
    """A build names each draft its errors keep out, without repeating what check lists."""
    weeks: dict[str, int] = {}
    for problem in problems:
        if problem.draft and problem.is_error:
            week = problem.path.parent.name if problem.path.suffix else problem.path.name
            weeks[week] = weeks.get(week, 0) + 1
    for week, count in sorted(weeks.items()):
        click.echo(f"draft {week}: {count} error(s), left out (paperdigest check lists them)", err=True)


DEFAULT_TITLES = {"ko": "이번 주의 AI/ML 논문", "en": "AI/ML Papers of the Week"}


def stdin_is_interactive() -> bool:
    return sys.stdin.isatty()


@main.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--title", "titles", multiple=True, metavar="LANG=TEXT", help="The site's title in a language (repeat).")
@click.option("--base-url", help="Where the site will live, e.g. https://user.github.io/digest/.")
@click.option("--languages", help="Comma-separated language codes, the default first (ko,en).")
@click.option("--timezone", help="The editors' time zone, e.g. Asia/Seoul.")
@click.option("--author", default="", help="Who publishes the digest (feeds and metadata).")
@click.option("--empty", is_flag=True, help="No example week.")
@click.option("--force", is_flag=True, help="Add the missing files to a folder that is not empty (none is replaced).")
@click.option("--no-input", is_flag=True, help="Never ask; use the defaults for what no option gives.")
def init(folder: Path, titles: tuple[str, ...], base_url: str | None, languages: str | None, timezone: str | None,
         author: str, empty: bool, force: bool, no_input: bool) -> None:
    """Start a new digest in FOLDER: papers/site.yaml, an example week, .gitignore, README and a publish workflow.

    What no option gives is asked for when run in a terminal (defaults otherwise).
    """
    from .newsite.create import InitError, SiteAnswers, create_site

    ask = click.prompt if stdin_is_interactive() and not no_input else (lambda text, default: default)
    codes = tuple(c.strip() for c in (languages or ask("Languages, the default first", default="ko,en")).split(",")
                  if c.strip())
    given: dict[str, str] = {}
    for item in titles:
        lang, sep, text = item.partition("=")
        if not sep:
            raise click.BadParameter(f"expected LANG=TEXT, found '{item}'", param_hint="--title")
        given[lang.strip()] = text.strip()
    for lang in codes:
        if lang not in given:
            given[lang] = ask(f"Site title in '{lang}'", default=DEFAULT_TITLES.get(lang, "Papers of the Week"))
    answers = SiteAnswers(
        titles=given, languages=codes, author=author,
        base_url=base_url or ask("Base URL (where the site will live)", default="https://example.github.io/digest/"),
        timezone=timezone or ask("Time zone", default="Asia/Seoul"),
    )
    try:
        result = create_site(folder, answers, empty=empty, force=force)
    except InitError as exc:
        raise click.ClickException(str(exc)) from None
    for path in result.written:
        click.echo(f"created {path}")
    for path in result.kept:
        click.echo(f"kept {path} (it exists)", err=True)
    click.echo(f"next: cd {folder} && paperdigest check && paperdigest serve", err=True)


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
    from .build import site_templates
    from .content.load import load_site
    from .content.theme import check_theme

    site, problems = load_site(src, include_drafts=True)
    check_theme(site_templates(src), site.config.languages if site else (), problems)
    if links and src.is_dir():
        from .files import default_cache_folder
        from .linkcheck.report import link_problems

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
    from .build import build as run_build
    from .cache.units import WorkerError
    from .progress import StageProgress
    from .render.pages import TemplateProblem
    from .render.search import SearchIndexError
    from .render.write import OutputError

    with StageProgress(enabled=not quiet and sys.stderr.isatty()) as progress:
        try:
            result = run_build(src, out, include_drafts=drafts, strict=strict, force=force, search=not no_search,
                               jobs=jobs, future=future, cache=not no_cache, cache_dir=cache_dir,
                               progress=progress.update)
        except (OutputError, SearchIndexError, TemplateProblem, WorkerError) as exc:
            progress.stop()
            raise click.ClickException(str(exc)) from None
    report(blocking(result.problems), strict)
    report_drafts(result.problems)
    for issue in result.scheduled:
        click.echo(f"scheduled: {issue.id} is published {issue.published.isoformat()} and was left out "
                   "(build --future includes it)", err=True)
    if not result.built:
        click.echo("build stopped: nothing was written", err=True)
        sys.exit(1)
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
    from .build import clean as run_clean

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

    from .build import site_templates
    from .render.write import OutputError, check_output_dir
    from .serve import PreviewOptions, serve_forever
    from .serve.app import is_loopback, normalise_base_path
    from .serve.worker import BuildRequest

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

    from .content.config import load_config

    config = load_config(src, [])
    return urlsplit(config.base_url).path if config is not None and config.base_url else "/"


@main.group()
def new() -> None:
    """Start a new weekly issue or paper from a template."""


@new.command("issue")
@SRC
@WEEK
def new_issue_command(src: Path, week) -> None:
    """Create <src>/<week>/issue.md (default: this week's Monday)."""
    from .scaffold import ScaffoldError, monday_of, new_issue

    from .scaffold import publish_moment

    day = week.date() if week else monday_of(dt.date.today())
    try:
        path = new_issue(src, day, publish_moment(day, dt.datetime.now().astimezone().replace(microsecond=0)))
    except ScaffoldError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"created {path}")


@new.command("paper")
@click.argument("paper_id")
@SRC
@WEEK
@click.option("--arxiv", help="The paper's arXiv id, e.g. 2506.14234.")
@click.option("--fetch", is_flag=True, help="Fill the English title, authors and abstract from arXiv.")
@ARXIV_URL
@click.option("--yaml", "as_yaml", is_flag=True, help="Write a pure YAML file instead of Markdown.")
def new_paper_command(paper_id: str, src: Path, week, arxiv: str | None, fetch: bool, arxiv_url: str | None,
                      as_yaml: bool) -> None:
    """Create <src>/<week>/<PAPER_ID>.md (default week: the newest issue)."""
    from .scaffold import ScaffoldError, issue_lists_papers, latest_week, new_paper

    if fetch and not arxiv:
        raise click.UsageError("--fetch needs --arxiv ID")
    try:
        day = week.date() if week else latest_week(src)
        text = fetched_paper(src, arxiv, arxiv_url, as_yaml) if fetch else None
        path = new_paper(src, day, paper_id, arxiv, as_yaml, text=text)
    except ScaffoldError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"created {path}" + (" with the English title, authors and abstract from arXiv" if fetch else ""))
    if issue_lists_papers(path.parent / "issue.md"):
        click.echo(f"add '{paper_id}' to the papers: list in {path.parent / 'issue.md'}", err=True)


def arxiv_client(arxiv_url: str | None, src: Path):
    """A client whose pace is shared, through the cache folder beside ``src``, with other paperdigest runs."""
    from .arxiv.atom import ArxivError
    from .arxiv.client import ArxivClient, ArxivSettings
    from .files import default_cache_folder

    try:
        return ArxivClient(ArxivSettings.from_env(base_url=arxiv_url), default_cache_folder(src) / "arxiv-pace")
    except ArxivError as exc:
        raise click.ClickException(str(exc)) from None


def fetched_paper(src: Path, arxiv: str, arxiv_url: str | None, as_yaml: bool) -> str:
    from .arxiv.atom import ArxivError
    from .arxiv.paperfile import paper_text, site_tags
    from .content.checks import ARXIV
    from .content.config import DEFAULT_LANGUAGES, load_config

    if not ARXIV.match(arxiv):
        raise click.ClickException(f"'{arxiv}' is not an arXiv id like 2506.14234 or cs/0601001")
    config = load_config(src, []) if (src / "site.yaml").is_file() else None
    try:
        record = arxiv_client(arxiv_url, src).papers([arxiv])[arxiv]
    except ArxivError as exc:
        raise click.ClickException(str(exc)) from None
    return paper_text(record, arxiv, config.languages if config else DEFAULT_LANGUAGES, site_tags(src), as_yaml)


@main.command()
@click.argument("week", required=False)
@SRC
@click.option("--missing", is_flag=True, help="Only papers that lack authors, an English title or abstract.")
@click.option("--dry-run", is_flag=True, help="Show what would be filled; write nothing.")
@ARXIV_URL
def fetch(week: str | None, src: Path, missing: bool, dry_run: bool, arxiv_url: str | None) -> None:
    """Fill empty English titles, authors and abstracts of a week's papers (WEEK: default the newest) from arXiv.

    What a person wrote is never replaced; papers without an arXiv id are looked up by their English title.
    """
    from .arxiv.atom import ArxivError
    from .arxiv.week import apply, plan_week
    from .scaffold import ScaffoldError, latest_week

    try:
        folder = src / (week or latest_week(src).isoformat())
    except ScaffoldError as exc:
        raise click.ClickException(str(exc)) from None
    if not (folder / "issue.md").is_file():
        raise click.ClickException(f"no issue in {folder}")
    try:
        updates = plan_week(folder, arxiv_client(arxiv_url, src), missing)
    except ArxivError as exc:
        raise click.ClickException(f"{exc}; nothing was written") from None
    written = {u.path for u in updates} if dry_run else {u.path for u in apply(updates)}
    for update in updates:
        if update.filled:
            verb = "would fill" if dry_run else ("filled" if update.path in written else "not filled")
            click.echo(f"{update.path}: {verb} {', '.join(update.filled)}")
        for note in update.notes:
            click.echo(f"{update.path}: {note}", err=True)
    if not any(u.filled for u in updates):
        click.echo(f"nothing to fill in {folder}", err=True)


@main.command()
@click.argument("kind", type=click.Choice(["issue", "paper"]))
def schema(kind: str) -> None:
    """Print the JSON Schema of issue or paper front matter (for editors)."""
    from .content.schemas import schema_text

    click.echo(schema_text(kind), nl=False)


@main.command("import")
@click.argument("post", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--week", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="The issue's week (its Monday), when the post's title has no [YYYY/MM/DD ~ DD] range.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("papers"), show_default=True,
              help="The content folder to write the issue folder into.")
@click.option("--force", is_flag=True, help="Replace an existing issue folder for that week.")
@click.option("--draft", is_flag=True,
              help="Write the issue as draft: true; papers without a link get a blank arxiv (a warning, not an error).")
@click.option("--site-title", default=None, help="The site's title, for the site.yaml written when OUT has none.")
@click.option("--base-url", default=None, help="The site's address, for the site.yaml written when OUT has none.")
@click.option("--fetch", is_flag=True, help="Find papers without a link on arXiv by their English title.")
@ARXIV_URL
def import_command(post: Path, week, out: Path, force: bool, draft: bool, site_title: str | None,
                   base_url: str | None, fetch: bool, arxiv_url: str | None) -> None:
    """Import a weekly forum post (plain-text copy or raw Markdown) as an issue folder."""
    from .arxiv.atom import ArxivError
    from .arxiv.titles import complete_import
    from .forum.read import ImportError_, import_post

    notes: list[str] = []
    complete = (lambda papers: notes.extend(complete_import(papers, arxiv_client(arxiv_url, out)))) if fetch else None
    try:
        result = import_post(post, out, week.date() if week else None, force, draft,
                             {"title": site_title, "base_url": base_url}, complete=complete)
    except ArxivError as exc:
        raise click.ClickException(f"{exc}; nothing was written") from None
    except (ImportError_, OSError) as exc:
        raise click.ClickException(str(exc)) from None
    for note in notes:
        click.echo(f"arXiv: {note}", err=True)
    parsed = result.parsed
    themes = len(parsed.data.get("themes", []))
    click.echo(f"imported {len(parsed.papers)} paper(s) and {themes} theme(s) into {result.folder}")
    for path in result.files:
        click.echo(f"  wrote {path}")
    for warning in parsed.warnings:
        click.echo(f"warning: {warning}", err=True)
    for item in parsed.unplaced:
        click.echo(f"not placed: {item}", err=True)
    if parsed.skipped:
        click.echo(f"skipped {parsed.skipped} forum boilerplate paragraph(s) (sign-off, likes, emoji lines)", err=True)
    if parsed.unplaced:
        click.echo(f"{len(parsed.unplaced)} paragraph(s) could not be placed: add them by hand if they matter",
                   err=True)
    click.echo(f"next: paperdigest check --src {out}", err=True)


@main.command("export")
@click.argument("week")
@click.option("--to", "to", type=click.Choice(["forum", "email", "text"]), required=True,
              help="forum: Markdown in the forum post's format; email: newsletter HTML (+ .txt); text: plain text.")
@click.option("--lang", default=None, help="The language to write in (default: the site's first language).")
@SRC
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write to this file instead of stdout (email: FILE and FILE with .txt for the text part).")
@click.option("--with-ids", is_flag=True,
              help="forum: keep hidden <!-- paperdigest ... --> comments (ids, tags) for a lossless import.")
def export_command(week: str, to: str, lang: str | None, src: Path, output: Path | None, with_ids: bool) -> None:
    """Export one issue (WEEK: its Monday, YYYY-MM-DD) as a forum post, a newsletter or plain text."""
    from .content.load import load_site
    from .forum.export import ExportError, export_issue

    site, problems = load_site(src, include_drafts=True)
    if site is None or has_errors(problems):
        report([p for p in problems if p.is_error], False)
        raise click.ClickException(f"cannot export: fix the errors in {src} first (paperdigest check)")
    try:
        result = export_issue(site, week, to, lang, with_ids)
    except ExportError as exc:
        raise click.ClickException(str(exc)) from None
    if to == "forum":
        click.echo(f"title (for the forum's title field): {result.title}", err=True)
    if output is None:
        click.echo(result.body, nl=False)
        if result.text_alternative is not None:
            click.echo("(the plain-text alternative is written with --output FILE as FILE.txt)", err=True)
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(result.body, encoding="utf-8")
    click.echo(f"wrote {output}", err=True)
    if result.text_alternative is not None:
        text_path = output.with_suffix(".txt") if output.suffix != ".txt" else output.with_name(output.name + ".txt")
        text_path.write_text(result.text_alternative, encoding="utf-8")
        click.echo(f"wrote {text_path}", err=True)
