"""The output folder under attack: killed builds, two builds at once, a full disk, a read-only
file system, a mount point, and removals or swaps cut short."""
from __future__ import annotations

import contextlib
import errno
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from paperdigest.build import build
from paperdigest.render import swap, write
from paperdigest.render.swap import MARKER, output_lock
from paperdigest.render.write import OutputError

from conftest import report_figures
from test_incremental import NEWEST, edit, tree_digest


def cli_build(src: Path, out: Path, *extra: str, **kw) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "paperdigest", "build", "--src", str(src), "--out", str(out),
                             "--no-search", *extra], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)


def test_killed_incremental_builds_leave_a_whole_site(tmp_path, sample_archive):
    """SIGKILL to the whole process group (workers included) at random moments of builds that
    switch between two versions of the content: the site is always one version or the other."""
    src = sample_archive(24)
    out = tmp_path / "site"
    paper = src / NEWEST / "bagel.md"
    versions = [paper.read_text(encoding="utf-8")]
    versions.append(versions[0].replace("open-source foundation model", "openly released foundation model"))
    expected = []
    for n, text in enumerate(versions):
        paper.write_text(text, encoding="utf-8")
        assert build(src, tmp_path / f"cold-{n}", search=False, cache=False).built
        expected.append(tree_digest(tmp_path / f"cold-{n}"))
    assert build(src, out, search=False).built  # version 1, cache warm for it
    chance = random.Random(20261202)
    kills = 0
    for round_ in range(10):
        paper.write_text(versions[round_ % 2], encoding="utf-8")
        # every third round renders everything (--no-cache), so kills land in the workers too
        process = cli_build(src, out, "--jobs", "2", *(["--no-cache"] if round_ % 3 == 0 else []),
                            start_new_session=True)
        time.sleep(chance.uniform(0.0, 1.2))
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            kills += 1
        process.wait()
        assert tree_digest(out) in expected, f"round {round_}: a mixed site"
    assert kills >= 3
    report_figures("crash safety", **{"builds killed (process group)": kills, "whole sites after a kill": kills})
    # the next build finishes the job, and the cache serves nothing damaged
    paper.write_text(versions[1], encoding="utf-8")
    assert build(src, out, search=False).built
    assert tree_digest(out) == expected[1]
    left = [p.name for p in tmp_path.glob(".site.*") if p.is_dir()]
    assert len(left) <= 1 and all(name.startswith(".site.spare-") for name in left)  # the next build's staging


def test_a_second_build_into_the_same_folder_stops_with_a_clear_message(tmp_path, sample_papers):
    out = tmp_path / "site"
    assert build(sample_papers, out, search=False).built
    before = tree_digest(out)
    edit(sample_papers / NEWEST / "bagel.md", "open-source", "openly released")
    with output_lock(out.resolve()):
        run = cli_build(sample_papers, out)
        _, err = run.communicate(timeout=120)
    assert run.returncode == 1
    assert "another paperdigest build is writing to" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert tree_digest(out) == before
    assert build(sample_papers, out, search=False).built  # and the lock is gone with its holder


@pytest.mark.parametrize("code, message", [(errno.ENOSPC, "no space left on the device"),
                                           (errno.EROFS, "read-only file system"),
                                           (errno.EACCES, "permission denied")])
def test_write_errors_are_one_line_and_keep_the_old_site(tmp_path, sample_papers, monkeypatch, code, message):
    out = tmp_path / "site"
    assert build(sample_papers, out, search=False).built
    before = tree_digest(out)
    edit(sample_papers / NEWEST / "bagel.md", "open-source", "openly released")
    real = write._write_file
    calls = []

    def failing(dest, data, replace=False):  # the file system gives out after a few files
        calls.append(dest)
        if len(calls) > 2:
            raise OSError(code, os.strerror(code), str(dest))
        return real(dest, data, replace)

    monkeypatch.setattr(write, "_write_file", failing)
    with pytest.raises(OutputError, match=message) as failure:
        build(sample_papers, out, search=False)
    assert "\n" not in str(failure.value) and "previous site is kept" in str(failure.value)
    assert tree_digest(out) == before
    left = [p.name for p in tmp_path.glob(".site.*") if p.is_dir()]
    assert len(left) <= 1 and all(name.startswith(".site.spare-") for name in left)  # the next build's staging


@contextlib.contextmanager
def tmpfs(where: Path, size: str):
    where.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
                             capture_output=True)
    if mounted.returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root)")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True)


def test_full_disk_and_read_only_file_system_for_real(tmp_path, sample_papers):
    with tmpfs(tmp_path / "disk", "4m") as disk:
        out = disk / "site"
        assert build(sample_papers, out, search=False).built
        before = tree_digest(out)
        filler = disk / "filler"
        with open(filler, "wb") as stream:  # fill the disk to the last block
            with contextlib.suppress(OSError):
                while True:
                    stream.write(b"\0" * 65536)
                    stream.flush()
        edit(sample_papers / NEWEST / "bagel.md", "open-source", "openly released")
        run = cli_build(sample_papers, out, "--no-cache")
        _, err = run.communicate(timeout=120)
        assert run.returncode == 1 and "no space left on the device" in err and "Traceback" not in err
        assert tree_digest(out) == before
        filler.unlink()
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        run = cli_build(sample_papers, out)
        _, err = run.communicate(timeout=120)
        assert run.returncode == 1 and "read-only file system" in err and "Traceback" not in err
        assert tree_digest(out) == before


def test_an_output_folder_that_is_a_mount_point_is_built_by_swapping_its_contents(tmp_path, sample_papers):
    with tmpfs(tmp_path / "site", "16m") as out:
        assert build(sample_papers, out, search=False).built
        first = tree_digest(out)
        edit(sample_papers / NEWEST / "bagel.md", "open-source", "openly released")
        assert build(sample_papers, out, search=False).built
        assert build(sample_papers, tmp_path / "cold", search=False, cache=False).built
        assert tree_digest(out) == tree_digest(tmp_path / "cold") != first
        time.sleep(0.5)  # the old contents are removed in the background
        assert not [p for p in out.iterdir() if p.name.startswith(".paperdigest.")] or \
            all((p / MARKER).is_file() for p in out.iterdir() if p.name.startswith(".paperdigest."))


def test_a_removal_cut_short_is_finished_by_the_next_build(tmp_path, sample_papers, monkeypatch):
    out = tmp_path / "site"
    assert build(sample_papers, out, search=False).built
    # what a build killed while deleting an old site leaves: some files gone, the marker still there
    old = tmp_path / ".site.old-999999"
    (old / "issues" / "x").mkdir(parents=True)
    (old / "issues" / "x" / "index.html").write_text("old")
    (old / MARKER).write_text("")
    assert build(sample_papers, out, search=False).built
    assert not old.exists()

    # removal deletes the marker last: killed half-way, the folder is still recognisably ours
    stuck = tmp_path / ".site.old-999998"
    (stuck / "issues").mkdir(parents=True)
    (stuck / MARKER).write_text("")

    def killed(*args, **kwargs):
        raise SystemExit("killed")

    monkeypatch.setattr(swap.shutil, "rmtree", killed)
    with pytest.raises(SystemExit):
        swap.remove_folder(stuck)
    assert (stuck / MARKER).is_file()
    monkeypatch.undo()
    assert build(sample_papers, out, search=False).built
    assert not stuck.exists()


def test_a_swap_cut_between_its_renames_is_recovered(tmp_path, sample_papers):
    """Where renameat2 is missing the swap is two renames; killed between them, ``out`` is
    gone and the old site waits beside it: the next build puts it back first."""
    out = tmp_path / "site"
    assert build(sample_papers, out, search=False).built
    before = tree_digest(out)
    out.rename(tmp_path / ".site.old-4242")
    swap.recover(out.resolve())
    assert tree_digest(out) == before


def test_without_renameat2_the_swap_still_works(tmp_path, sample_papers, monkeypatch):
    monkeypatch.setattr(swap, "_RENAMEAT2", None)
    out = tmp_path / "site"
    assert build(sample_papers, out, search=False).built
    edit(sample_papers / NEWEST / "bagel.md", "open-source", "openly released")
    assert build(sample_papers, out, search=False).built
    assert build(sample_papers, tmp_path / "cold", search=False, cache=False).built
    assert tree_digest(out) == tree_digest(tmp_path / "cold")
