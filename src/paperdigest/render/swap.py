"""The output folder's safety: which folder and paths may be written, a lock per output folder,
an atomic exchange, and removing old folders so that a killed removal is finished by the next build.
"""
from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path, PurePosixPath

MARKER = ".paperdigest-site"
RENAME_EXCHANGE = 2
AT_FDCWD = -100


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


def describe_os_error(exc: OSError, out: Path) -> str:
    where = exc.filename or out
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        why = f"no space left on the device holding {out}"
    elif exc.errno == errno.EROFS:
        why = f"{out} is on a read-only file system"
    elif exc.errno in (errno.EACCES, errno.EPERM):
        why = f"permission denied: cannot write {where}"
    else:
        why = f"cannot write {where}: {exc.strerror or exc}"
    return f"{why}; nothing was changed, the previous site is kept"


def safe_join(root: Path, relative: str) -> Path:
    """``root / relative``, refusing anything that would land outside ``root``."""
    check_relative(relative)
    return root.joinpath(*PurePosixPath(relative).parts)


def check_relative(relative: str) -> None:
    """Refuse a site path that is empty, absolute or climbs out (plain string work: it runs for
    every file of every build)."""
    parts = relative.split("/")
    if not relative or relative.startswith("/") or "\x00" in relative or \
            any(part in ("", ".", "..") for part in parts):
        raise OutputError(f"refusing to write outside the output folder: {relative!r}")


def work_folder(out: Path) -> Path:
    """Where staging folders go: beside ``out``, or inside it when ``out`` is a mount point
    (a folder cannot be renamed off its mount, so its contents are swapped instead)."""
    return out if out.is_dir() and os.path.ismount(out) else out.parent


@contextlib.contextmanager
def output_lock(out: Path):
    """One build at a time per output folder: the lock is on the folder that holds the staging
    folders, so it outlives the swap (which replaces ``out`` itself) and leaves no file behind."""
    folder = work_folder(out)
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise OutputError(f"another paperdigest build is writing to {out} right now; "
                              "run this one when it has finished") from None
        yield
    finally:
        os.close(fd)


def _renameat2():
    try:
        return ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return None


_RENAMEAT2 = _renameat2()


def exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux renameat2 RENAME_EXCHANGE); False where unsupported."""
    if _RENAMEAT2 is None:
        return False
    if _RENAMEAT2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def staging_name(out: Path, kind: str) -> Path:
    folder = work_folder(out)
    prefix = ".paperdigest" if folder == out else f".{out.name}"
    # unique per build, not per process: a live preview builds many times, and the previous old
    # site may still be being removed in the background
    return folder / f"{prefix}.{kind}-{os.getpid()}-{time.monotonic_ns()}"


def stale_folders(out: Path, kinds: tuple[str, ...] = ("staging", "old")) -> list[Path]:
    folder = work_folder(out)
    prefix = ".paperdigest" if folder == out else f".{out.name}"
    found = [path for kind in kinds for path in folder.glob(f"{prefix}.{kind}-*")]
    return [path for path in found if path.is_dir() and not path.is_symlink() and (path / MARKER).is_file()]


def keep_spare(old: Path, out: Path) -> None:
    """Keep the site a swap replaced as the next build's staging folder: it differs from the new
    site only by what this build changed, so the next build re-links only that, not every file
    (on a 22,000-file site, linking every file took 1.1 s). Never inside a mount point's ``out``,
    where it would be published."""
    if work_folder(out) == out:
        remove_folder(old, background=True)
    else:
        os.rename(old, staging_name(out, "spare"))


def take_spare(out: Path) -> Path | None:
    """The spare kept by the last swap, renamed as this build's staging folder (None if there is none)."""
    spares = sorted(stale_folders(out, ("spare",)), key=lambda path: path.name.rsplit("-", 1)[-1])
    for extra in spares[:-1]:
        remove_folder(extra)
    if not spares:
        return None
    staging = staging_name(out, "staging")
    os.rename(spares[-1], staging)
    return staging


def worth_reusing(held: dict[str, int], unchanged: dict[str, int], ignored: str) -> bool:
    """Whether a spare holding ``held`` (path: inode) is worth bringing up to date for a site whose
    ``unchanged`` files (path: live inode) stay: each that differs costs an unlink and a link, each
    file gone an unlink (those under ``ignored`` are the search step's), a new folder one link each."""
    differ = sum(1 for path, inode in unchanged.items() if held.get(path) != inode)
    gone = sum(1 for path in held if path not in unchanged and not path.startswith(ignored))
    return 2 * differ + gone < len(unchanged)


def mirror_links(source: Path, target: Path) -> None:
    """Make ``target`` hold exactly ``source``'s files as hard links, touching only those that differ."""
    have = file_inodes(target) if target.is_dir() else {}
    want = file_inodes(source)
    remove_files(target, have.keys() - want.keys())
    for path, inode in want.items():
        if have.get(path) == inode:
            continue
        dest = os.path.join(target, path)
        if path in have:
            os.unlink(dest)
        else:
            os.makedirs(os.path.dirname(dest), exist_ok=True)
        os.link(os.path.join(source, path), dest)


def remove_files(root: Path, paths) -> None:
    """Delete these files under ``root`` and the folders they leave empty (never ``root``)."""
    for path in sorted(paths, reverse=True):
        target = Path(root, path)
        target.unlink(missing_ok=True)
        folder = target.parent
        while folder != root and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent


def file_inodes(folder: Path) -> dict[str, int]:
    """Every file under ``folder`` (but the marker) by its path, with its inode."""
    found: dict[str, int] = {}
    pending = [("", str(folder))]
    while pending:
        prefix, path = pending.pop()
        with os.scandir(path) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    pending.append((f"{prefix}{entry.name}/", entry.path))
                elif entry.name != MARKER or prefix:
                    found[prefix + entry.name] = entry.inode()  # from the directory listing: no stat call
    return found


def recover(out: Path) -> None:
    """A build killed between the two renames of the fallback swap left no ``out``: put the old
    site back (the exchange of renameat2 has no such moment)."""
    if out.exists() or work_folder(out) == out:
        return
    olds = [path for path in stale_folders(out) if ".old-" in path.name]
    if olds:
        os.rename(max(olds, key=lambda path: path.stat().st_mtime_ns), out)


def swap_in(staging: Path, out: Path) -> Path | None:
    """Put ``staging`` in the place of ``out``; returns the folder now holding the old site."""
    if work_folder(out) == out:
        return _swap_contents(staging, out)
    if not out.exists():
        os.rename(staging, out)
        return None
    old = staging_name(out, "old")
    if exchange(staging, out):
        os.rename(staging, old)  # named for what it now holds
        return old
    os.rename(out, old)
    os.rename(staging, out)
    return old


def _swap_contents(staging: Path, out: Path) -> Path:
    """For a mount point: exchange entry by entry (each step atomic, the whole not)."""
    wanted = {entry.name for entry in os.scandir(staging)}
    for name in sorted(wanted, key=lambda name: name == MARKER):  # the marker last
        if (out / name).exists() and exchange(staging / name, out / name):
            continue
        if (out / name).exists():
            os.rename(out / name, staging / f"{name}.old")
        os.rename(staging / name, out / name)
    for entry in os.scandir(out):
        if entry.name not in wanted and not entry.name.startswith(".paperdigest."):
            os.rename(entry.path, staging / entry.name)
    (staging / MARKER).touch()
    return staging


def remove_folder(folder: Path, background: bool = False) -> None:
    """Delete a staging or old-site folder, its marker last: a removal killed half-way leaves a
    folder the next build still recognises as its own and finishes."""
    if background:
        # deleting a large old site takes as long as writing it: a detached process does it
        command = [sys.executable, "-c", "import sys; from paperdigest.render.swap import remove_folder; "
                   "remove_folder(sys.argv[1])", str(folder)]
        try:
            subprocess.Popen(command, start_new_session=True, stdin=subprocess.DEVNULL,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            return
        except OSError:
            pass
    folder = Path(folder)
    try:
        for entry in os.scandir(folder):
            if entry.name != MARKER:
                if entry.is_dir(follow_symlinks=False):
                    shutil.rmtree(entry.path, ignore_errors=True)
                else:
                    os.unlink(entry.path)
        (folder / MARKER).unlink(missing_ok=True)
        os.rmdir(folder)
    except OSError:
        pass
