"""Write a rendered site: into a staging folder first, swapped into place when complete.

A failed or interrupted build leaves the previous site untouched, and nothing is
ever deleted from a folder that paperdigest did not create (it carries a marker).
"""
from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterable
from pathlib import Path, PurePosixPath

MARKER = ".paperdigest-site"


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


def write_site(out: Path, outputs: Iterable[tuple[str, bytes]], static_dirs: Iterable[Path] = (),
               finish: Callable[[Path], None] | None = None) -> int:
    """Write every output, copy static files, run ``finish`` on the staging folder, then swap."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_staging(out)
    staging = out.parent / f".{out.name}.staging-{os.getpid()}"
    staging.mkdir()
    (staging / MARKER).write_text("Built by paperdigest; this whole folder is replaced on every build.\n")
    count = 0
    try:
        made: set[Path] = set()
        for relative, data in outputs:
            dest = safe_join(staging, relative)
            if dest.parent not in made:
                dest.parent.mkdir(parents=True, exist_ok=True)
                made.add(dest.parent)
            dest.write_bytes(data)
            count += 1
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


def _swap(staging: Path, out: Path) -> None:
    old = out.parent / f".{out.name}.old-{os.getpid()}"
    if out.exists():
        os.rename(out, old)
    os.rename(staging, out)
    if old.exists():
        shutil.rmtree(old)


def _remove_stale_staging(out: Path) -> None:
    """Staging folders left by a killed build; only ours (they carry the marker)."""
    for pattern in (f".{out.name}.staging-*", f".{out.name}.old-*"):
        for stale in out.parent.glob(pattern):
            if (stale / MARKER).is_file():
                shutil.rmtree(stale, ignore_errors=True)
