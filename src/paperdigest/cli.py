"""The command line: the only module that prints or exits."""
from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import click

from .problems import Problem, has_errors, sort_problems

WEEK = click.option("--week", type=click.DateTime(formats=["%Y-%m-%d"]), help="The Monday of the week (YYYY-MM-DD).")
SRC = click.option("--src", type=click.Path(path_type=Path), default=Path("papers"), show_default=True,
                   help="The content folder (site.yaml and one folder per week).")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="paperdigest")
def main() -> None:
    """paperdigest: build a bilingual weekly digest of AI/ML papers from plain files."""


def report(problems: list[Problem], strict: bool) -> None:
    for problem in sort_problems(problems):
        click.echo(str(problem), err=True)
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    if problems:
        note = " (--strict: warnings count as errors)" if strict and warnings else ""
        click.echo(f"{errors} error(s), {warnings} warning(s){note}", err=True)


@main.command()
@SRC
@click.option("--strict", is_flag=True, help="Treat warnings (e.g. missing translations) as errors.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def check(src: Path, strict: bool, fmt: str) -> None:
    """Check the content (drafts too) and report every problem as path:line: field: message."""
    from .content.load import load_site

    _, problems = load_site(src, include_drafts=True)
    if fmt == "json":
        click.echo(json.dumps([p.as_dict() for p in sort_problems(problems)], ensure_ascii=False, indent=2))
    else:
        report(problems, strict)
        if not problems:
            click.echo("no problems found", err=True)
    sys.exit(1 if has_errors(problems, strict) else 0)


@main.command()
@SRC
@click.option("--out", type=click.Path(path_type=Path), default=Path("site"), show_default=True,
              help="Where to write the site; replaced as a whole when the build succeeds.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("--drafts", is_flag=True, help="Include issues marked draft: true.")
@click.option("--force", is_flag=True, help="Replace an output folder that paperdigest did not create.")
@click.option("--no-search", is_flag=True, help="Skip the Pagefind search index.")
@click.option("--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes for rendering (default: one per core for large archives).")
def build(src: Path, out: Path, strict: bool, drafts: bool, force: bool, no_search: bool, jobs: int | None) -> None:
    """Build the static site from the content folder."""
    from .build import build as run_build
    from .render.pages import TemplateProblem
    from .render.search import SearchIndexError
    from .render.write import OutputError

    try:
        result = run_build(src, out, include_drafts=drafts, strict=strict, force=force, search=not no_search,
                           jobs=jobs)
    except (OutputError, SearchIndexError, TemplateProblem) as exc:
        raise click.ClickException(str(exc)) from None
    report(result.problems, strict)
    if not result.built:
        click.echo("build stopped: nothing was written", err=True)
        sys.exit(1)
    click.echo(f"built {result.issues} issue(s), {result.papers} paper(s), {result.files} files "
               f"into {out} in {result.seconds:.2f}s")


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

    day = week.date() if week else monday_of(dt.date.today())
    published = dt.datetime.now().astimezone().replace(microsecond=0)
    try:
        path = new_issue(src, day, max(published, dt.datetime.combine(day, dt.time(), published.tzinfo)))
    except ScaffoldError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"created {path}")


@new.command("paper")
@click.argument("paper_id")
@SRC
@WEEK
@click.option("--arxiv", help="The paper's arXiv id, e.g. 2506.14234.")
@click.option("--yaml", "as_yaml", is_flag=True, help="Write a pure YAML file instead of Markdown.")
def new_paper_command(paper_id: str, src: Path, week, arxiv: str | None, as_yaml: bool) -> None:
    """Create <src>/<week>/<PAPER_ID>.md (default week: the newest issue)."""
    from .scaffold import ScaffoldError, issue_lists_papers, latest_week, new_paper

    try:
        path = new_paper(src, week.date() if week else latest_week(src), paper_id, arxiv, as_yaml)
    except ScaffoldError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"created {path}")
    if issue_lists_papers(path.parent / "issue.md"):
        click.echo(f"add '{paper_id}' to the papers: list in {path.parent / 'issue.md'}", err=True)


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
def import_command(post: Path, week, out: Path, force: bool) -> None:
    """Import a weekly forum post (plain-text copy or raw Markdown) as an issue folder."""
    from .forum.read import ImportError_, import_post

    try:
        result = import_post(post, out, week.date() if week else None, force)
    except (ImportError_, OSError) as exc:
        raise click.ClickException(str(exc)) from None
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
def export_command(week: str, to: str, lang: str | None, src: Path, output: Path | None) -> None:
    """Export one issue (WEEK: its Monday, YYYY-MM-DD) as a forum post, a newsletter or plain text."""
    from .content.load import load_site
    from .forum.export import ExportError, export_issue

    site, problems = load_site(src, include_drafts=True)
    if site is None or has_errors(problems):
        report([p for p in problems if p.is_error], False)
        raise click.ClickException(f"cannot export: fix the errors in {src} first (paperdigest check)")
    try:
        result = export_issue(site, week, to, lang)
    except ExportError as exc:
        raise click.ClickException(str(exc)) from None
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
