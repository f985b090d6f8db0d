"""Issue 10.10 and the end-to-end week: ``new issue`` writes a draft, ``new paper`` leaves
translations out (warnings) with placeholders as comments, a draft's problems never stop the
build of the other weeks, and removing ``draft: true`` is the one step that publishes."""
from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import yaml
from click.testing import CliRunner

from paperdigest.cli import main
from paperdigest.scaffold import publish_moment

from conftest import SAMPLE

NEW = "2025-06-30"


def run(*args: str):
    result = CliRunner().invoke(main, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def test_new_files_are_a_draft_with_translations_left_out(tmp_path: Path) -> None:
    shutil.copytree(SAMPLE, "papers")
    assert run("new", "issue", "--week", NEW).exit_code == 0
    assert run("new", "paper", "alpha", "--week", NEW, "--arxiv", "2506.01234").exit_code == 0
    issue = yaml.safe_load(Path(f"papers/{NEW}/issue.md").read_text(encoding="utf-8").split("---")[1])
    assert issue["draft"] is True
    text = Path(f"papers/{NEW}/alpha.md").read_text(encoding="utf-8")
    paper = yaml.safe_load(text.split("---")[1])
    assert paper["title"] == {"en": ""} and paper["abstract"] == {"en": ""} and "summary" not in paper
    assert '  # ko: ""' in text and "# summary:" in text
    check = run("check")
    problems = [line for line in check.stdout.splitlines() if line.startswith("papers/")]
    assert check.exit_code == 1
    assert f"papers/{NEW}/alpha.md:3: title.en: expected text, found an empty string" in problems
    assert not [line for line in problems if line.endswith("found an empty string") and ".ko:" in line]
    assert [line for line in problems if "summary: warning: missing" in line]
    assert check.stdout.splitlines()[-1].endswith("; 2 of the errors are in drafts, which builds leave out")


def test_a_new_week_never_blocks_the_build_and_publishing_is_one_edit(tmp_path: Path) -> None:
    """End to end, in an empty folder: new issue + two new papers, build, fill in, publish."""
    shutil.copytree(SAMPLE, "papers")
    assert run("new", "issue", "--week", NEW).exit_code == 0
    assert run("new", "paper", "alpha", "--arxiv", "2506.01234").exit_code == 0   # the newest week
    assert run("new", "paper", "beta", "--yaml").exit_code == 0

    build = run("build", "--no-search")
    assert build.exit_code == 0, build.output
    assert f"draft {NEW}: " in build.stderr and "left out" in build.stderr
    assert Path("site/issues/2025-06-23/index.html").is_file() and not Path(f"site/issues/{NEW}").exists()

    week = Path(f"papers/{NEW}")
    for name, suffix in (("alpha", "md"), ("beta", "yaml")):
        path = week / f"{name}.{suffix}"
        text = path.read_text(encoding="utf-8")
        text = text.replace('title:\n  en: ""', f'title:\n  en: "{name.title()}: A Paper"', 1)
        text = text.replace('abstract:\n  en: ""', 'abstract:\n  en: "What the paper does."', 1)
        text = text.replace('arxiv: ""', 'arxiv: "2506.05678"', 1)
        path.write_text(text, encoding="utf-8")
    assert run("build", "--no-search").exit_code == 0
    assert not Path(f"site/issues/{NEW}").exists()          # still a draft

    issue = week / "issue.md"
    issue.write_text(issue.read_text(encoding="utf-8").replace("draft: true\n", ""), encoding="utf-8")
    build = run("build", "--no-search", "--future")          # "published" is when new issue ran
    assert build.exit_code == 0, build.output
    assert Path(f"site/issues/{NEW}/alpha/index.html").is_file() and Path(f"site/issues/{NEW}/beta/index.html").is_file()
    assert Path("site/issues/2025-06-23/index.html").is_file()
    assert f"issues/{NEW}/" in Path("site/feed.xml").read_text(encoding="utf-8")


def test_published_defaults_to_now_within_the_weeks_window() -> None:
    tz = dt.timezone(dt.timedelta(hours=9))
    now = dt.datetime(2025, 7, 2, 10, 0, tzinfo=tz)
    assert publish_moment(dt.date(2025, 6, 30), now) == now
    assert publish_moment(dt.date(2025, 7, 7), now) == dt.datetime(2025, 7, 7, tzinfo=tz)    # a week ahead
    assert publish_moment(dt.date(2025, 1, 6), now) == dt.datetime(2025, 1, 19, tzinfo=tz)   # long past: no warning
