"""The command line as a maintainer uses it: scaffolding, help, live preview."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from paperdigest.cli import main

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "tests" / "fixtures" / "sample"


@pytest.fixture
def src(tmp_path) -> Path:
    shutil.copytree(SAMPLE, tmp_path / "papers")
    return tmp_path / "papers"


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.mark.parametrize("command", [[], ["build"], ["check"], ["serve"], ["new"], ["new", "issue"],
                                     ["new", "paper"], ["import"], ["export"], ["schema"], ["init"], ["fetch"], ["clean"]])
def test_every_command_has_help(command):
    result = run(*command, "--help")
    assert result.exit_code == 0
    assert "Usage:" in result.output


def test_python_dash_m_works():
    result = subprocess.run([sys.executable, "-m", "paperdigest", "--help"], capture_output=True, text=True)
    assert result.returncode == 0 and "build" in result.stdout


def test_new_issue_then_paper_guides_the_editor(src):
    assert run("new", "issue", "--src", str(src), "--week", "2025-06-30").exit_code == 0
    result = run("new", "paper", "new-model", "--src", str(src), "--arxiv", "2507.01234")
    assert result.exit_code == 0
    paper = src / "2025-06-30" / "new-model.md"
    assert paper.is_file() and '"2507.01234"' in paper.read_text(encoding="utf-8")
    # the required texts are reported where they stand, so the editor knows what to write;
    # translations not written yet are left out (warnings), never empty strings (errors)
    check = run("check", "--src", str(src))
    assert check.exit_code == 1
    lines = [line for line in check.output.splitlines() if "new-model.md" in line]
    assert f"{paper}:3: title.en: expected text, found an empty string" in lines
    assert any(":20: abstract.en: expected text" in line for line in lines)
    assert not [line for line in lines if ".ko:" in line]


def test_new_refuses_what_would_clobber_or_mislead(src):
    assert "Monday" in run("new", "issue", "--src", str(src), "--week", "2025-07-01").output
    assert "already exists" in run("new", "issue", "--src", str(src), "--week", "2025-06-23").output
    assert "already exists" in run("new", "paper", "xolver", "--src", str(src), "--week", "2025-06-23").output
    result = run("new", "paper", "Bad_Id", "--src", str(src))
    assert result.exit_code == 1 and "lowercase" in result.output
    result = run("new", "paper", "fine", "--src", str(src), "--week", "2025-06-30")
    assert result.exit_code == 1 and "new issue" in result.output


def test_usage_errors_exit_2():
    assert run("check", "--no-such-option").exit_code == 2
    assert run("frobnicate").exit_code == 2
