"""The client-side search index: one Pagefind bundle per language and year, made by Pagefind's binary.

A bundle holds one language's paper pages of one year (``pagefind/<lang>/<year>/``); the search
page loads its language's newest year and merges the others in the browser (``mergeIndex``).
A new week therefore re-indexes one year per language, Pagefind's memory is bounded by a year's
papers however long the archive grows, and a year whose pages did not change keeps its previous
bundle: ``pagefind/manifest.json`` records a hash of each bundle's input, and the previous site's
bundle is carried forward when the hash matches.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from .stable_bundle import stabilise
from .urls import lang_prefix

# Each language's index already holds that language's abstract; the other language's copy
# (details.original) and the BibTeX block only add weight: at 5,000 papers leaving them out
# cuts Pagefind's memory from 1.17 GB to 0.71 GB and its time by a sixth. The issue line above
# the title and the link back to it are the same on every paper of a week: they only blurred
# excerpts ("· June 30, 2025. ...") and made the issue's title match all its papers.
UNINDEXED = "details.original, .cite, .paper-page > .kicker, .paper-page > .back"
IGNORED_SECTION = re.compile(rb'<(section|aside)\b[^>]*\bdata-pagefind-ignore="all"[^>]*>.*?</\1>', re.S)
BUNDLES = "pagefind"
MANIFEST = "manifest.json"
# Pagefind writes its ready-made UIs into every bundle; our search page uses only the JS API.
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
          "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")


class SearchIndexError(Exception):
    pass


@dataclass
class IndexReport:
    indexed: list[str] = field(default_factory=list)  # bundles made now, as "<lang>/<year>"
    reused: list[str] = field(default_factory=list)  # bundles carried forward unchanged


def paper_pages(site_dir: Path, lang: str, default_lang: str) -> dict[int, list[Path]]:
    """A language's paper pages (``issues/<week>/<paper>/index.html``) by the year of their week."""
    years: dict[int, list[Path]] = {}
    issues = site_dir / lang_prefix(lang, default_lang) / "issues"
    for page in sorted(issues.glob("*/*/index.html")) if issues.is_dir() else ():
        years.setdefault(int(page.parent.parent.name[:4]), []).append(page)
    return years


def index_site(site_dir: Path, languages: tuple[str, ...], previous: Path | None = None,
               jobs: int | None = None) -> IndexReport:
    """Index the paper pages of a built site in place, reusing ``previous``'s unchanged bundles.

    ``previous`` is the last built site (default: ``site_dir`` itself, for a folder staged from it).
    """
    previous = previous or site_dir
    root = site_dir / BUNDLES
    known = _read_manifest(previous / BUNDLES / MANIFEST)
    version = _pagefind_version()
    manifest: dict[str, str] = {}
    todo: list[tuple[str, str, int]] = []
    report = IndexReport()
    for lang in languages:
        for year, pages in paper_pages(site_dir, lang, languages[0]).items():
            name = f"{lang}/{year}"
            manifest[name] = _digest(site_dir, pages, version)
            if known.get(name) == manifest[name] and _carry(previous / BUNDLES / name, root / name):
                report.reused.append(name)
            else:
                todo.append((name, lang_prefix(lang, languages[0]), year))
    _remove_stale(root, set(manifest))
    with ThreadPoolExecutor(max_workers=jobs or min(os.cpu_count() or 1, 4)) as pool:
        list(pool.map(lambda job: _run_pagefind(site_dir, *job), todo))
    report.indexed = [name for name, _, _ in todo]
    root.mkdir(exist_ok=True)
    (root / MANIFEST).write_text(json.dumps(manifest, sort_keys=True, indent=0) + "\n", encoding="utf-8")
    return report


def _digest(site_dir: Path, pages: list[Path], version: str) -> str:
    """What a bundle depends on: its pages' paths and bytes, Pagefind's version and our options.

    A section Pagefind ignores (a paper's related papers, which change whenever a later week shares
    its tags) is left out, so a new week does not re-index every year before it. The match ends at
    the first closing tag, so at most part of an ignored section is skipped, never indexed text."""
    digest = hashlib.sha256(f"{version}\0{UNINDEXED}\0{UNUSED}".encode())
    for page in pages:
        digest.update(page.relative_to(site_dir).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(IGNORED_SECTION.sub(b"", page.read_bytes())).digest())
    return digest.hexdigest()


def _carry(old: Path, new: Path) -> bool:
    """Bring a previous bundle into the new site (hard links where the filesystem allows)."""
    if old == new:
        return (new / "pagefind-entry.json").is_file()
    if not (old / "pagefind-entry.json").is_file():
        return False
    shutil.rmtree(new, ignore_errors=True)
    try:
        shutil.copytree(old, new, copy_function=_link_or_copy)
    except OSError:
        shutil.rmtree(new, ignore_errors=True)
        return False
    return True


def _link_or_copy(src: str, dst: str) -> None:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def _remove_stale(root: Path, wanted: set[str]) -> None:
    """Bundles of years or languages the site no longer has (only inside our own pagefind/)."""
    if not root.is_dir():
        return
    for lang_dir in [p for p in root.iterdir() if p.is_dir()]:
        for bundle in [p for p in lang_dir.iterdir() if p.is_dir()]:
            if f"{lang_dir.name}/{bundle.name}" not in wanted:
                shutil.rmtree(bundle)
        if not any(lang_dir.iterdir()):
            lang_dir.rmdir()


def _run_pagefind(site_dir: Path, name: str, prefix: str, year: int) -> None:
    out = site_dir / BUNDLES / name
    shutil.rmtree(out, ignore_errors=True)
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--output-path", str(out),
               "--glob", f"{prefix}issues/{year}-*/*/index.html", "--silent", "--exclude-selectors", UNINDEXED]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SearchIndexError(f"could not run Pagefind: {exc}") from exc
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()
        raise SearchIndexError(f"Pagefind failed on {name}: " + (detail[-1] if detail else f"exit {result.returncode}"))
    for unused in UNUSED:
        (out / unused).unlink(missing_ok=True)
    stabilise(out)


def _read_manifest(path: Path) -> dict[str, str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _pagefind_version() -> str:
    try:
        from importlib.metadata import version
        return version("pagefind")
    except Exception:  # noqa: BLE001 - a missing distribution only means no reuse across versions
        return "unknown"
