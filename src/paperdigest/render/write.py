"""Write a rendered site: into a staging folder first, swapped into place when complete.

A failed or interrupted build leaves the previous site untouched, and nothing is
ever deleted from a folder that paperdigest did not create (it carries a marker).
"""
from __future__ import annotations

import multiprocessing
import os
import pickle
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path, PurePosixPath

MARKER = ".paperdigest-site"
Output = tuple[str, bytes]


class OutputError(Exception):
    """The output folder cannot be written safely; the message says why."""


def check_output_dir(out: Path, src: Path, force: bool = False) -> None:
    out_r, src_r = out.resolve(), src.resolve()
    if out_r == src_r or src_r in out_r.parents:
        raise OutputError(f"output folder {out} is inside the content folder {src}; choose another --out")
    if out_r in src_r.parents:
        raise OutputError(f"output folder {out} contains the content folder {src}; choose another --out")
    if out_r == Path(out_r.anchor) or out_r == Path.home().resolve():
        raise OutputError(f"refusing to use {out} as the output folder")
    if out_r.exists() and not out_r.is_dir():
        raise OutputError(f"output path {out} exists and is not a folder")
    if out_r.is_dir() and any(out_r.iterdir()) and not (out_r / MARKER).exists() and not force:
        raise OutputError(
            f"output folder {out} exists and was not made by paperdigest; "
            "remove it, choose another --out, or pass --force to replace it"
        )


def safe_join(root: Path, relative: str) -> Path:
    """``root / relative``, refusing anything that would land outside ``root``."""
    parts = PurePosixPath(relative).parts
    if not parts or PurePosixPath(relative).is_absolute() or ".." in parts or "" in parts:
        raise OutputError(f"refusing to write outside the output folder: {relative!r}")
    return root.joinpath(*parts)


def write_site(out: Path, units: Sequence[Callable[[], Iterable[Output]]], static_dirs: Iterable[Path] = (),
               finish: Callable[[Path], None] | None = None, jobs: int = 1) -> int:
    """Write every unit's outputs, copy static files, run ``finish`` on the staging folder, then swap.

    With ``jobs`` > 1 the units are shared out among forked worker processes; every unit
    writes its own files, so the result is the same byte for byte.
    """
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_staging(out)
    staging = out.parent / f".{out.name}.staging-{os.getpid()}"
    staging.mkdir()
    (staging / MARKER).write_text("Built by paperdigest; this whole folder is replaced on every build.\n")
    try:
        if jobs > 1 and len(units) > 1:
            count = _write_in_processes(staging, units, jobs)
        else:
            count = _write_units(staging, units)
        for folder in static_dirs:
            if folder.is_dir():
                shutil.copytree(folder, staging / "static", dirs_exist_ok=True)
        if finish is not None:
            finish(staging)
        _swap(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return count


def _write_units(staging: Path, units: Iterable[Callable[[], Iterable[Output]]]) -> int:
    count = 0
    made: set[Path] = set()
    for unit in units:
        for relative, data in unit():
            dest = safe_join(staging, relative)
            if dest.parent not in made:
                dest.parent.mkdir(parents=True, exist_ok=True)
                made.add(dest.parent)
            dest.write_bytes(data)
            count += 1
    return count


def _write_in_processes(staging: Path, units: Sequence[Callable[[], Iterable[Output]]], jobs: int) -> int:
    # fork, not spawn: the children inherit the loaded site instead of unpickling it
    context = multiprocessing.get_context("fork")
    workers = []
    for k in range(min(jobs, len(units))):
        receive, send = context.Pipe(duplex=False)
        process = context.Process(target=_worker, args=(staging, units[k::jobs], send), daemon=True)
        process.start()
        send.close()
        workers.append((process, receive))
    count, failure = 0, None
    for process, receive in workers:
        try:
            status, value = receive.recv()
        except EOFError:
            status, value = "error", OutputError(f"a build worker died (exit code {process.exitcode})")
        process.join()
        if status == "ok":
            count += value
        elif failure is None:
            failure = value
    if failure is not None:
        raise failure
    return count


def _worker(staging: Path, units, send) -> None:
    try:
        result = ("ok", _write_units(staging, units))
    except BaseException as exc:  # reported to the parent, which raises it
        try:
            pickle.dumps(exc)
        except Exception:
            exc = OutputError(f"{type(exc).__name__}: {exc}")
        result = ("error", exc)
    send.send(result)
    send.close()


def _swap(staging: Path, out: Path) -> None:
    # unique per build, not per process: serve's worker builds many times, and the previous old
    # site may still be being removed in the background
    old = out.parent / f".{out.name}.old-{os.getpid()}-{time.monotonic_ns()}"
    if out.exists():
        os.rename(out, old)
    os.rename(staging, out)
    if old.exists():
        _remove_in_background(old)


def _remove_in_background(folder: Path) -> None:
    """Deleting the previous site takes as long as writing it: leave that to a detached process.

    If it is killed, the next build removes the folder (it carries the marker).
    """
    try:
        subprocess.Popen([sys.executable, "-c", "import shutil, sys; shutil.rmtree(sys.argv[1], ignore_errors=True)",
                          str(folder)], start_new_session=True, stdin=subprocess.DEVNULL,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)


def _remove_stale_staging(out: Path) -> None:
    """Staging folders left by a killed build; only ours (they carry the marker)."""
    for pattern in (f".{out.name}.staging-*", f".{out.name}.old-*"):
        for stale in out.parent.glob(pattern):
            if (stale / MARKER).is_file():
                shutil.rmtree(stale, ignore_errors=True)
