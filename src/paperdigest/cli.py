"""The command line: the only module that prints or exits."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from .problems import Problem, has_errors, sort_problems

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
@click.option("--drafts", is_flag=True, help="Check draft issues too (they are always checked; kept for symmetry).")
def check(src: Path, strict: bool, fmt: str, drafts: bool) -> None:
    """Check the content and report every problem as path:line: field: message."""
    from .content import load_site

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
def build(src: Path, out: Path, strict: bool, drafts: bool, force: bool, no_search: bool) -> None:
    """Build the static site from the content folder."""
    from .build import build as run_build
    from .search import SearchIndexError
    from .write import OutputError

    try:
        result = run_build(src, out, include_drafts=drafts, strict=strict, force=force, search=not no_search)
    except (OutputError, SearchIndexError) as exc:
        raise click.ClickException(str(exc)) from None
    report(result.problems, strict)
    if not result.built:
        click.echo("build stopped: nothing was written", err=True)
        sys.exit(1)
    click.echo(f"built {result.issues} issue(s), {result.papers} paper(s), {result.files} files "
               f"into {out} in {result.seconds:.2f}s")


@main.command()
@click.argument("kind", type=click.Choice(["issue", "paper"]))
def schema(kind: str) -> None:
    """Print the JSON Schema of issue or paper front matter (for editors)."""
    from .schemas import schema_text

    click.echo(schema_text(kind), nl=False)


def run() -> None:  # pragma: no cover - console entry point alias
    main()
