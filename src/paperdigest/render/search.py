"""The client-side search index: one Pagefind bundle per language and year, made by Pagefind's binary.

A bundle holds one language's paper pages of one year (``pagefind/<lang>/<year>/``); the search
page loads its language's newest year and merges the others in the browser (``mergeIndex``).
A new week therefore re-indexes one year per language, Pagefind's memory is bounded by a year's
papers however long the archive grows, and a year whose pages did not change keeps its previous
bundle: ``pagefind/manifest.json`` records a hash of each bundle's input, and the previous site's
bundle is carried forward when the hash matches.
"""
from __future__ import annotations

import functools
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

from ..cache.store import link_or_copy
from .stable_bundle import stabilise
from .swap import exchange, mirror_links, safe_join
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


def paper_pages(site_dir: Path, lang: str, default_lang: str, files=None) -> dict[int, list[str]]:
    """A language's paper pages (``issues/<week>/<paper>/index.html``, relative to the site) by the
    year of their week; taken from ``files`` (the site's paths) when given, else from the disk."""
    issues = lang_prefix(lang, default_lang) + "issues/"
    if files is None:
        folder = site_dir / issues
        files = [f"{issues}{page.parent.parent.name}/{page.parent.name}/index.html"
                 for page in folder.glob("*/*/index.html")] if folder.is_dir() else []
    years: dict[int, list[str]] = {}
    for path in sorted(files):
        parts = path[len(issues):].split("/") if path.startswith(issues) else ()
        if len(parts) == 3 and parts[2] == "index.html" and parts[0][:4].isdigit():
            years.setdefault(int(parts[0][:4]), []).append(path)
    return years


def index_site(site_dir: Path, languages: tuple[str, ...], previous: Path | None = None,
               jobs: int | None = None, files: dict[str, str] | None = None,
               seen: dict[str, str] | None = None, store=None) -> IndexReport:
    """Index the paper pages of a built site in place, reusing ``previous``'s unchanged bundles.

    ``previous`` is the last built site (default: ``site_dir`` itself, for a folder staged from it).
    ``files`` maps the site's paths to their bytes' digests, and ``seen`` maps such a digest to
    what the page gives the index (filled here): with both, unchanged pages are not read again.
    ``store`` (the build cache) keeps every bundle made, by its digest, for a site built afresh.
    """
    previous = previous or site_dir
    root = site_dir / BUNDLES
    known = _read_manifest(previous / BUNDLES / MANIFEST)
    version = _pagefind_version()
    manifest: dict[str, str] = {}
    todo: list[tuple[str, str, int]] = []
    report = IndexReport()
    for lang in languages:
        for year, pages in paper_pages(site_dir, lang, languages[0], files).items():
            name = f"{lang}/{year}"
            manifest[name] = _digest(site_dir, pages, version, files or {}, {} if seen is None else seen)
            if known.get(name) == manifest[name] and _carry(previous / BUNDLES / name, root / name) or \
                    store is not None and _restore(store, manifest[name], root / name):
                report.reused.append(name)
            else:
                todo.append((name, lang_prefix(lang, languages[0]), year))
    _remove_stale(root, set(manifest))
    with ThreadPoolExecutor(max_workers=jobs or min(os.cpu_count() or 1, 4)) as pool:
        list(pool.map(lambda job: _run_pagefind(site_dir, *job), todo))
    report.indexed = [name for name, _, _ in todo]
    for name in report.indexed if store is not None else ():
        store.keep_folder(manifest[name], root / name)
    root.mkdir(exist_ok=True)
    # replaced, never written into: in a reused staging folder the old one is a link to the live site's
    (root / f"{MANIFEST}.tmp").write_text(json.dumps(manifest, sort_keys=True, indent=0) + "\n", encoding="utf-8")
    os.replace(root / f"{MANIFEST}.tmp", root / MANIFEST)
    return report


def _digest(site_dir: Path, pages: list[str], version: str, files: dict[str, str], seen: dict[str, str]) -> str:
    """What a bundle depends on: its pages' paths and bytes, Pagefind's version and our options.

    A section Pagefind ignores (a paper's related papers, which change whenever a later week shares
    its tags) is left out, so a new week does not re-index every year before it. The match ends at
    the first closing tag, so at most part of an ignored section is skipped, never indexed text."""
    digest = hashlib.sha256(f"{version}\0{UNINDEXED}\0{UNUSED}".encode())
    for page in pages:
        digest.update(page.encode() + b"\0")
        whole = files.get(page)
        if whole is None or whole not in seen:
            indexed = hashlib.sha256(IGNORED_SECTION.sub(b"", (site_dir / page).read_bytes())).hexdigest()
            if whole is None:
                digest.update(indexed.encode())
                continue
            seen[whole] = indexed
        digest.update(seen[whole].encode())
    return digest.hexdigest()


def _carry(old: Path, new: Path) -> bool:
    """Bring a previous bundle into the new site as hard links (only the files that differ, when
    the staging folder already holds an older copy of it)."""
    if old == new:
        return (new / "pagefind-entry.json").is_file()
    if not (old / "pagefind-entry.json").is_file():
        return False
    try:
        mirror_links(old, new)
    except OSError:
        shutil.rmtree(new, ignore_errors=True)
        return False
    return True


def _restore(store, digest: str, bundle: Path) -> bool:
    """A bundle made before from the same pages, out of the build cache (its files checked)."""
    files = store.folder_files(digest)
    if not files:
        return False
    shutil.rmtree(bundle, ignore_errors=True)
    for path, source in files.items():
        target = safe_join(bundle, path)
        target.parent.mkdir(parents=True, exist_ok=True)
        link_or_copy(source, target)
    return True


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
    """Index one year into a folder of its own, then put it in the old bundle's place: in a site
    indexed in place (the live preview) that year's search works until the new bundle is whole."""
    bundle = site_dir / BUNDLES / name
    out = bundle.with_name(f".{bundle.name}.new")
    shutil.rmtree(out, ignore_errors=True)
    try:
        _pagefind(site_dir, out, name, prefix, year)
        if not (bundle.exists() and exchange(out, bundle)):  # exchanged, the old bundle goes below
            shutil.rmtree(bundle, ignore_errors=True)
            os.rename(out, bundle)
    finally:
        shutil.rmtree(out, ignore_errors=True)


def _pagefind(site_dir: Path, out: Path, name: str, prefix: str, year: int) -> None:
    command = [*_pagefind_command(), "--site", str(site_dir), "--output-path", str(out),
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


@functools.cache
def _pagefind_command() -> list[str]:
    """Pagefind's binary from the ``pagefind_bin`` wheel, run directly (``python -m pagefind``
    costs a Python start per bundle); ``PAGEFIND_BINARY_PATH`` wins, as for Pagefind's own wrapper."""
    configured = os.environ.get("PAGEFIND_BINARY_PATH")
    if configured:
        return [configured]
    try:
        from pagefind_bin import get_executable
        return [str(get_executable())]
    except Exception:  # noqa: BLE001 - any other install: let Pagefind's wrapper find its binary
        return [sys.executable, "-m", "pagefind"]


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
