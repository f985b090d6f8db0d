"""What every command shares: the command group, common options and the problem report."""
from __future__ import annotations

from pathlib import Path

import click

from ..problems import Problem, report_lines

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


def draft_lines(problems: list[Problem]) -> list[str]:
    """A build names each draft its errors keep out, without repeating what check lists."""
    weeks: dict[str, int] = {}
    for problem in problems:
        if problem.draft and problem.is_error:
            week = problem.path.parent.name if problem.path.suffix else problem.path.name
            weeks[week] = weeks.get(week, 0) + 1
    return [f"draft {week}: {count} error(s), left out (paperdigest check lists them)"
            for week, count in sorted(weeks.items())]
