"""The editors' commands: a new digest, new issues and papers, arXiv, the schemas, import and export."""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from ..problems import has_errors
from .common import ARXIV_URL, SRC, WEEK, main, report


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
    from ..newsite.create import InitError, SiteAnswers, create_site

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


@main.group()
def new() -> None:
    """Start a new weekly issue or paper from a template."""


@new.command("issue")
@SRC
@WEEK
def new_issue_command(src: Path, week) -> None:
    """Create <src>/<week>/issue.md (default: this week's Monday)."""
    from ..scaffold import ScaffoldError, monday_of, new_issue

    from ..scaffold import publish_moment

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
    from ..scaffold import ScaffoldError, issue_lists_papers, latest_week, new_paper

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
    from ..arxiv.atom import ArxivError
    from ..arxiv.client import ArxivClient, ArxivSettings
    from ..files import default_cache_folder

    try:
        return ArxivClient(ArxivSettings.from_env(base_url=arxiv_url), default_cache_folder(src) / "arxiv-pace")
    except ArxivError as exc:
        raise click.ClickException(str(exc)) from None


def fetched_paper(src: Path, arxiv: str, arxiv_url: str | None, as_yaml: bool) -> str:
    from ..arxiv.atom import ArxivError
    from ..arxiv.paperfile import paper_text, site_tags
    from ..content.checks import ARXIV
    from ..content.config import DEFAULT_LANGUAGES, load_config

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
    from ..arxiv.atom import ArxivError
    from ..arxiv.week import apply, plan_week
    from ..scaffold import ScaffoldError, latest_week

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
    from ..content.schemas import schema_text

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
    from ..arxiv.atom import ArxivError
    from ..arxiv.titles import complete_import
    from ..forum.read import ImportError_, import_post

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
    from ..content.load import load_site
    from ..forum.export import ExportError, export_issue

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
