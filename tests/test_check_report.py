"""Issue 10.12: check's report is on stdout (``check > problems.txt`` works), a flood of warnings is
grouped by kind (``--verbose`` lists each), and an unquoted ': ' in a value says to quote it."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from paperdigest.cli import main

from conftest import BASE

PAPER = """---
title:
  en: "Paper {n}: A Study"
arxiv: "2506.{n:05d}"
summary:
  ko: "소개 {n}"
abstract:
  en: "Abstract {n}."
---
"""


def flood(root: Path, papers: int) -> Path:
    src = root / "papers"
    shutil.copytree(BASE, src)
    for n in range(papers):
        (src / "2025-06-23" / f"paper-{n:02d}.md").write_text(PAPER.format(n=n), encoding="utf-8")
    issue = src / "2025-06-23" / "issue.md"
    issue.write_text(issue.read_text(encoding="utf-8"), encoding="utf-8")
    return src


def test_the_report_goes_to_stdout_so_it_can_be_redirected(tmp_path: Path) -> None:
    flood(tmp_path, 2)
    with open(tmp_path / "problems.txt", "w", encoding="utf-8") as out:
        proc = subprocess.run([sys.executable, "-m", "paperdigest", "check", "--src", "papers"], cwd=tmp_path,
                              stdout=out, stderr=subprocess.PIPE, text=True, timeout=60)
    report = (tmp_path / "problems.txt").read_text(encoding="utf-8")
    assert proc.returncode == 0 and proc.stderr == ""
    assert "papers/2025-06-23/paper-00.md:2: title: warning: no 'ko' translation" in report
    assert report.splitlines()[-1] == "0 error(s), 6 warning(s)"
    usage = subprocess.run([sys.executable, "-m", "paperdigest", "check", "--bogus"], cwd=tmp_path,
                           capture_output=True, text=True, timeout=60)
    assert usage.returncode == 2 and usage.stdout == "" and "--bogus" in usage.stderr


def test_a_flood_of_warnings_is_grouped_unless_verbose(tmp_path: Path, monkeypatch) -> None:
    flood(tmp_path, 20)
    grouped = CliRunner().invoke(main, ["check", "--src", "papers"])
    lines = grouped.stdout.splitlines()
    assert grouped.exit_code == 0
    assert lines == ["60 warnings: 20 missing translation (title.ko), 20 missing translation (summary.en), "
                     "20 missing translation (abstract.ko) (--verbose lists each one)",
                     "0 error(s), 60 warning(s)"]
    verbose = CliRunner().invoke(main, ["check", "--src", "papers", "--verbose"])
    assert len([line for line in verbose.stdout.splitlines() if ": warning: " in line]) == 60


def test_errors_are_listed_in_full_beside_grouped_warnings(tmp_path: Path) -> None:
    src = flood(tmp_path, 20)
    (src / "2025-06-23" / "paper-00.md").write_text(PAPER.format(n=0).replace('arxiv: "2506.00000"', "arxiv: 12"),
                                                    encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--src", "papers"])
    lines = result.stdout.splitlines()
    assert result.exit_code == 1
    assert lines[0].startswith("papers/2025-06-23/paper-00.md:4: arxiv: expected")
    assert lines[-1] == "1 error(s), 60 warning(s)" and lines[-2].startswith("60 warnings: ")


def test_an_unquoted_colon_in_a_value_says_quote_the_value(tmp_path: Path) -> None:
    src = tmp_path / "papers"
    shutil.copytree(BASE, src)
    alpha = src / "2025-06-23" / "alpha.md"
    alpha.write_text(alpha.read_text(encoding="utf-8").replace(
        '  en: "Alpha: Step-by-Step Reasoning in Small Language Models"',
        "  en: Alpha: Step-by-Step Reasoning in Small Language Models"), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--src", "papers"])
    [line] = [line for line in result.stdout.splitlines() if line.startswith("papers/")]
    assert line.startswith("papers/2025-06-23/alpha.md:4: YAML syntax error: mapping values are not allowed")
    assert line.endswith("; a value containing ': ' must be quoted: quote the value on line 4 (en: \"...\")")
