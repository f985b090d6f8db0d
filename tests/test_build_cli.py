"""`build` and `clean` on the command line: quiet, timings, no progress bar in logs, the cache."""
from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from paperdigest.cache.stamps import LastBuild, Replay
from paperdigest.progress import StageProgress
from paperdigest.render.swap import MARKER

SAMPLE = Path(__file__).resolve().parent / "fixtures" / "sample"


@pytest.fixture
def project(tmp_path) -> Path:
    """A maintainer's repository: papers/ and, after a build, site/ and .cache/ beside it."""
    shutil.copytree(SAMPLE, tmp_path / "papers")
    return tmp_path


def paperdigest(project: Path, *args: str, cache_env: bool = False) -> subprocess.CompletedProcess:
    # the default cache location beside the content, as a maintainer has it
    env = None if cache_env else {k: v for k, v in os.environ.items() if k != "PAPERDIGEST_CACHE_DIR"}
    return subprocess.run([sys.executable, "-m", "paperdigest", *args], cwd=project, capture_output=True,
                          text=True, env=env, timeout=300)


def test_build_uses_a_cache_beside_the_content_and_clean_removes_it(project):
    first = paperdigest(project, "build", "--no-search")
    assert first.returncode == 0, first.stderr
    assert (project / ".cache" / "paperdigest" / "CACHEDIR.TAG").is_file()
    files = sum(1 for path in (project / "site").rglob("*") if path.is_file() and path.name != ".paperdigest-site")
    assert f" {files} files" in first.stdout and f"({files} written, 0 removed)" in first.stdout
    again = paperdigest(project, "build", "--no-search", "--timings")
    assert again.returncode == 0 and "nothing changed" in again.stdout
    assert "no input or output file changed" in again.stderr  # the stamps alone said so
    touch_in_the_past(project / "papers" / "site.yaml")  # same bytes, so every unit comes from the cache
    again = paperdigest(project, "build", "--no-search", "--timings")
    assert again.returncode == 0 and "nothing changed" in again.stdout
    for stage in ("load", "plan", "render", "write"):
        assert f"{stage}:" in again.stderr
    assert "rendered" in again.stderr and " 0 rendered" in again.stderr
    assert "\x1b[" not in again.stderr + again.stdout  # not a terminal: no bar, no colours
    spare = project / ".site.spare-1-1"  # what a build that changed files keeps for the next one
    spare.mkdir()
    (spare / MARKER).write_text("")
    cleaned = paperdigest(project, "clean")
    assert cleaned.returncode == 0
    assert not (project / ".cache" / "paperdigest").exists() and not (project / "site").exists()
    assert not spare.exists()
    assert "nothing to remove" in paperdigest(project, "clean").stderr


def touch_in_the_past(path: Path, seconds: float = 60) -> None:
    """A new mtime old enough for the build's stamp to trust it (a fresh one is not, as in git)."""
    os.utime(path, (time.time() - seconds, time.time() - seconds))


def test_a_build_with_nothing_changed_checks_the_stamps_and_repeats_the_report(project):
    stray = project / "papers" / "2025-06-23" / "notes.txt"
    stray.write_text("stray file")
    touch_in_the_past(stray)
    first = paperdigest(project, "build", "--no-search")
    assert first.returncode == 0 and "notes.txt" in first.stderr
    page = project / "site" / "issues" / "2025-06-23" / "index.html"
    good = page.read_bytes()
    replayed = paperdigest(project, "build", "--no-search", "--timings")
    assert "check:" in replayed.stderr and "render:" not in replayed.stderr
    assert "notes.txt" in replayed.stderr and "nothing changed" in replayed.stdout
    # a page deleted or altered in the output is not "nothing changed": it is put back
    page.unlink()
    restored = paperdigest(project, "build", "--no-search")
    assert "(1 written, 0 removed)" in restored.stdout and page.read_bytes() == good
    page.write_bytes(good.replace(b"<html", b"<HTML", 1))
    assert "(1 written, 0 removed)" in paperdigest(project, "build", "--no-search").stdout
    assert page.read_bytes() == good
    # an input edited just now is not trusted: that build does the work, and so does the next one
    paper = project / "papers" / "2025-06-23" / "bagel.md"
    paper.write_text(paper.read_text(encoding="utf-8").replace("open-source", "openly released"), encoding="utf-8")
    assert "render:" in paperdigest(project, "build", "--no-search", "--timings").stderr
    assert "render:" in paperdigest(project, "build", "--no-search", "--timings").stderr
    touch_in_the_past(paper)
    paperdigest(project, "build", "--no-search")
    assert "check:" in paperdigest(project, "build", "--no-search", "--timings").stderr
    # other options are another build
    strict = paperdigest(project, "build", "--no-search", "--strict", "--timings")
    assert "check:" not in strict.stderr and "build stopped" in strict.stderr  # the warning now stops it


def test_the_record_of_the_last_build_expires_when_a_scheduled_issue_is_due(tmp_path):
    src, out = tmp_path / "papers", tmp_path / "site"
    shutil.copytree(SAMPLE, src)
    out.mkdir()
    (out / "index.html").write_text("built")
    last = LastBuild(tmp_path / "cache", src, out, {"future": False})
    due = dt.datetime(2030, 1, 7, 9, tzinfo=dt.timezone.utc)
    last.save(last.inputs(trust=False), Replay(["a warning"], 1, 2, 3), due)
    assert last.replay(now=due - dt.timedelta(seconds=1)).lines == ["a warning"]
    assert last.replay(now=due) is None
    assert LastBuild(tmp_path / "cache", src, out, {"future": True}).replay(now=due - dt.timedelta(days=1)) is None
    last.save(None, Replay([], 1, 2, 3), None)  # a build whose inputs were too fresh to trust
    assert last.replay() is None


def test_quiet_prints_only_problems(project):
    ok = paperdigest(project, "build", "--no-search", "--quiet")
    assert ok.returncode == 0 and ok.stdout == "" and ok.stderr == ""
    (project / "papers" / "2025-06-23" / "notes.txt").write_text("stray file")
    warned = paperdigest(project, "build", "--no-search", "--quiet")
    assert warned.returncode == 0 and warned.stdout == ""
    assert "notes.txt" in warned.stderr


def test_no_cache_and_cache_dir(project, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    run = paperdigest(project, "build", "--no-search", "--cache-dir", str(elsewhere), "--timings")
    assert run.returncode == 0 and (elsewhere / "CACHEDIR.TAG").is_file()
    assert not (project / ".cache").exists()
    run = paperdigest(project, "build", "--no-search", "--no-cache", "--timings")
    assert run.returncode == 0 and "0 unit(s) reused" in run.stderr and "(--no-cache)" in run.stderr
    assert not (project / ".cache").exists()


def test_clean_leaves_a_folder_that_is_not_ours(project):
    (project / "site").mkdir()
    (project / "site" / "notes.txt").write_text("mine")
    paperdigest(project, "clean")
    assert (project / "site" / "notes.txt").read_text() == "mine" and not (project / "site" / MARKER).exists()


def test_the_progress_bar_waits_a_second_and_only_on_a_terminal():
    shown = StageProgress(enabled=True)
    shown.update("render", 1, 10)
    assert shown._progress is None  # a build under a second shows no bar
    shown.started = time.monotonic() - 2
    shown.update("render", 2, 10)
    assert shown._progress is not None
    shown.stop()
    hidden = StageProgress(enabled=False)
    hidden.started = time.monotonic() - 2
    hidden.update("render", 2, 10)
    assert hidden._progress is None
