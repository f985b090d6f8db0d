"""Incremental builds: after any kind of change, the site is byte for byte a cold build's,
unchanged files keep their inode and mtime, and a damaged cache entry is never served."""
from __future__ import annotations

import hashlib
import os
import shutil
import time
from pathlib import Path

import pytest

from paperdigest.build import Builder, build
from paperdigest.cache import keys

NEWEST, OLDER = "2025-06-23", "2025-06-16"


def tree_digest(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def drop_paper(week: Path, paper: str) -> None:
    next(week.glob(f"{paper}.*")).unlink()
    edit(week / "issue.md", f", {paper}]", "]")


@pytest.fixture
def archive(tmp_path, sample_archive) -> Path:
    """Three weeks; the older one without dolphin (so it can move there); a theme of our own."""
    src = sample_archive(3)
    drop_paper(src / OLDER, "dolphin")
    templates = tmp_path / "templates"
    (templates / "static").mkdir(parents=True)
    (templates / "static" / "extra.css").write_text("body { margin: 0 }\n", encoding="utf-8")
    (templates / "base.html").write_text('{% extends "default/base.html" %}\n', encoding="utf-8")
    return src


def paper_edited(src, monkeypatch):
    edit(src / NEWEST / "bagel.md", "open-source foundation model", "openly released foundation model")


def paper_added(src, monkeypatch):
    shutil.copy(src / NEWEST / "bagel.md", src / NEWEST / "bagel-notes.md")
    edit(src / NEWEST / "bagel-notes.md", "Emerging Properties", "Notes on Emerging Properties")
    edit(src / NEWEST / "issue.md", ", dolphin]", ", dolphin, bagel-notes]")


def paper_deleted(src, monkeypatch):
    drop_paper(src / NEWEST, "dolphin")


def added_paper_deleted(src, monkeypatch):
    drop_paper(src / NEWEST, "bagel-notes")


def paper_moved(src, monkeypatch):
    (src / NEWEST / "dolphin.yaml").rename(src / OLDER / "dolphin.yaml")
    edit(src / NEWEST / "issue.md", ", dolphin]", "]")
    edit(src / OLDER / "issue.md", ", video-llm-training]", ", video-llm-training, dolphin]")


def issue_renamed(src, monkeypatch):
    edit(src / NEWEST / "issue.md", f"week: {NEWEST}\n",
         f'week: {NEWEST}\ntitle:\n  ko: "에이전트와 멀티모달의 한 주"\n  en: "A week of agents and multimodal models"\n')


def theme_text_changed(src, monkeypatch):
    edit(src / NEWEST / "issue.md", "Two papers this week", "Two studies this week")


def template_edited(src, monkeypatch):
    (src.parent / "templates" / "base.html").write_text(
        '{% extends "default/base.html" %}\n{% block head %}<meta name="x-edited" content="yes">{% endblock %}\n',
        encoding="utf-8")


def static_file_changed(src, monkeypatch):
    (src.parent / "templates" / "static" / "extra.css").write_text("body { margin: 1rem }\n", encoding="utf-8")


def site_settings_changed(src, monkeypatch):
    edit(src / "site.yaml", "AI/ML Papers of the Week", "AI/ML Papers, Weekly")


def tag_removed_everywhere(src, monkeypatch):
    for week in (NEWEST, OLDER, "2025-06-09"):
        edit(src / week / "visual-language-mapping.md", "[vision-language, interpretability]", "[vision-language]")


def week_added(src, monkeypatch):
    """A new newest week: related papers' rankings are carried forward, not made again."""
    folder = shutil.copytree(src / NEWEST, src / "2025-06-30")
    edit(folder / "issue.md", f"week: {NEWEST}\npublished: 2025-06-30", "week: 2025-06-30\npublished: 2025-07-07")
    edit(folder / "bagel.md", "[", "[interpretability, ")  # a tag set no older paper has


def package_version_changed(src, monkeypatch):
    monkeypatch.setattr(keys, "package_version", lambda: "999.0.0")


CHANGES = [paper_edited, paper_added, paper_deleted, paper_moved, issue_renamed, theme_text_changed,
           template_edited, static_file_changed, site_settings_changed, tag_removed_everywhere,
           week_added, package_version_changed]


@pytest.mark.parametrize("change", CHANGES, ids=[change.__name__ for change in CHANGES])
def test_incremental_build_equals_cold_build(tmp_path, archive, monkeypatch, change):
    out, cache = tmp_path / "site", tmp_path / "cache"
    first = build(archive, out, search=False, cache_dir=cache)
    assert first.built and first.written == first.files
    before = tree_digest(out)
    change(archive, monkeypatch)
    again = build(archive, out, search=False, cache_dir=cache)
    assert again.built, [str(p) for p in again.problems]
    cold = build(archive, tmp_path / "cold", search=False, cache=False)
    after = tree_digest(out)
    assert after == tree_digest(tmp_path / "cold")
    if change is package_version_changed:
        assert again.cache_hits == 0 and again.written == 0  # all rendered again, same bytes
    else:
        assert after != before
        changed = {path for path in after if before.get(path) != after[path]}
        assert again.written == len(changed) and again.removed == len(before.keys() - after.keys())
        if change is static_file_changed:
            assert again.cache_misses == 0 and again.written == 1  # no page depends on a stylesheet's bytes
        elif change not in (template_edited, site_settings_changed, week_added):  # these touch every page
            assert 0 < again.cache_misses < cold.cache_misses
    if change is tag_removed_everywhere:
        assert not any("interpretability" in path for path in after)
        assert any("interpretability" in path for path in before)
    if change is paper_deleted:
        assert not any("dolphin" in path for path in after if path.startswith(f"issues/{NEWEST}/"))
        assert "dolphin" not in (out / "sitemap.xml").read_text(encoding="utf-8").split(f"{NEWEST}/", 1)[1][:200]


def test_unchanged_files_keep_their_inode_and_mtime(tmp_path, archive):
    out, cache = tmp_path / "site", tmp_path / "cache"
    assert build(archive, out, search=False, cache_dir=cache).built
    before = {p: os.stat(p) for p in out.rglob("*") if p.is_file()}
    nothing = build(archive, out, search=False, cache_dir=cache)
    assert nothing.written == 0 and nothing.removed == 0
    paper_edited(archive, None)
    edited = build(archive, out, search=False, cache_dir=cache)
    assert 0 < edited.written < len(before) / 4
    untouched = out / "issues" / "2025-06-09" / "xolver" / "index.html"
    changed = out / "issues" / NEWEST / "bagel" / "index.html"
    assert (os.stat(untouched).st_ino, os.stat(untouched).st_mtime_ns) == \
        (before[untouched].st_ino, before[untouched].st_mtime_ns)
    assert os.stat(changed).st_ino != before[changed].st_ino
    kept = sum(1 for p, st in before.items() if p.is_file() and os.stat(p).st_ino == st.st_ino)
    assert kept == len(before) - edited.written


@pytest.mark.parametrize("damage", ["truncate", "flip"])
def test_a_damaged_cache_entry_is_rebuilt_not_served(tmp_path, archive, damage):
    out, cache = tmp_path / "site", tmp_path / "cache"
    assert build(archive, out, search=False, cache_dir=cache).built
    good = tree_digest(out)
    entries = sorted((cache / "units").rglob("*"), key=lambda p: p.stat().st_size if p.is_file() else 0)
    largest = entries[-1]
    data = largest.read_bytes()
    if damage == "truncate":
        largest.write_bytes(data[: len(data) * 2 // 3])
    else:
        middle = len(data) // 2
        largest.write_bytes(data[:middle] + bytes([data[middle] ^ 0x20]) + data[middle + 1:])
    shutil.rmtree(out)  # every file must now come from the cache
    assert build(archive, out, search=False, cache_dir=cache).built
    assert tree_digest(out) == good
    assert largest.read_bytes() == data  # stored again, whole


def test_damaged_headers_count_as_misses(tmp_path, archive):
    cache = tmp_path / "cache"
    first = build(archive, tmp_path / "site", search=False, cache_dir=cache)
    for entry in (cache / "units").rglob("*"):
        if entry.is_file():
            entry.write_bytes(entry.read_bytes()[:30])
    again = build(archive, tmp_path / "other", search=False, cache_dir=cache)
    assert again.cache_hits == 0 and again.cache_misses == first.cache_misses
    assert tree_digest(tmp_path / "other") == tree_digest(tmp_path / "site")


def test_warm_builder_reloads_only_what_changed(tmp_path, archive):
    out = tmp_path / "site"
    builder = Builder(archive, out, search=False, cache_dir=tmp_path / "cache")
    assert builder.build().built
    site_before = dict(builder.kept.content)
    paper_edited(archive, None)
    second = builder.build()
    assert second.built and 0 < second.cache_misses <= 12
    # each value: (settings, stamp, digest, issue, problems)
    reloaded = [folder for folder, value in builder.kept.content.items() if site_before[folder][3] is not value[3]]
    assert [folder.name for folder in reloaded] == [NEWEST]
    assert builder.build().written == 0
    build(archive, tmp_path / "cold", search=False, cache=False)
    assert tree_digest(out) == tree_digest(tmp_path / "cold")


def test_a_new_process_reuses_the_loaded_content(tmp_path, archive):
    cache = tmp_path / "cache"
    assert build(archive, tmp_path / "site", search=False, cache_dir=cache).built
    builder = Builder(archive, tmp_path / "site", search=False, cache_dir=cache)
    assert len(builder.kept.content) == 3  # read back from the cache: no week is parsed again
    assert builder.build().written == 0


@pytest.mark.parametrize("change", [paper_edited, paper_deleted, tag_removed_everywhere],
                         ids=["edited", "deleted", "tag-removed"])
def test_in_place_writing_for_the_live_preview_equals_a_cold_build(tmp_path, archive, monkeypatch, change):
    """``atomic=False`` (the live preview) writes changed files over the served site and deletes
    the ones gone, instead of staging a whole new tree."""
    out = tmp_path / "site"
    builder = Builder(archive, out, search=False, cache_dir=tmp_path / "cache", atomic=False)
    assert builder.build().built
    kept = out / "issues" / "2025-06-09" / "xolver" / "index.html"
    inode = os.stat(kept).st_ino
    change(archive, monkeypatch)
    assert builder.build().built
    assert build(archive, tmp_path / "cold", search=False, cache=False).built
    assert tree_digest(out) == tree_digest(tmp_path / "cold")
    assert os.stat(kept).st_ino == inode
    assert not [p for p in out.rglob("*") if p.is_dir() and not any(p.iterdir())]  # no empty folders left


def test_search_index_is_kept_when_no_page_changed_and_made_again_when_one_did(tmp_path, sample_papers):
    out, cache = tmp_path / "site", tmp_path / "cache"
    first = build(sample_papers, out, cache_dir=cache)
    index = sorted(p for p in (out / "pagefind").rglob("*") if p.is_file())
    inodes = {p: os.stat(p).st_ino for p in index}
    again = build(sample_papers, out, cache_dir=cache)
    assert again.written == 0 and "search" not in again.timings
    assert {p: os.stat(p).st_ino for p in index} == inodes
    paper_edited(sample_papers, None)
    edited = build(sample_papers, out, cache_dir=cache)
    assert 0 < edited.written < first.written and "search" in edited.timings
    assert build(sample_papers, tmp_path / "cold", cache=False).built
    assert tree_digest(out) == tree_digest(tmp_path / "cold")
    kept = sum(1 for p in index if p.exists() and os.stat(p).st_ino == inodes[p])
    assert kept > 0  # index files whose bytes did not change are the old files


def test_successive_builds_reuse_the_previous_site_as_staging_and_still_equal_a_cold_build(tmp_path, archive,
                                                                                         monkeypatch):
    """The site a swap replaced is kept as the next build's staging folder (only what changed is
    linked again); whatever it holds, even a stray or altered file, the result is a cold build's."""
    out, cache = tmp_path / "site", tmp_path / "cache"
    assert build(archive, out, cache_dir=cache).built
    for step, change in enumerate([paper_edited, paper_added, tag_removed_everywhere, added_paper_deleted]):
        change(archive, monkeypatch)
        if step == 1:  # a file where the new paper's folder goes
            (next(tmp_path.glob(".site.spare-*")) / "issues" / NEWEST / "bagel-notes").write_text("in the way")
        if step == 2:
            spare = next(tmp_path.glob(".site.spare-*"))
            (spare / "stray.html").write_text("not ours to publish")
            altered = next(spare.glob("issues/*/*/index.html"))
            altered.unlink()
            altered.write_text("altered")
            live = out / altered.relative_to(spare)
            live_bytes = live.read_bytes() if live.is_file() else None
        result = build(archive, out, cache_dir=cache)
        assert result.built and 0 < result.written < result.files
        assert build(archive, tmp_path / f"cold{step}", cache=False).built
        assert tree_digest(out) == tree_digest(tmp_path / f"cold{step}"), change.__name__
        if step == 2 and live_bytes is not None:
            assert live.read_bytes() != b"altered"
        spares = list(tmp_path.glob(".site.spare-*"))
        assert len(spares) == 1 and not list(tmp_path.glob(".site.staging-*"))
    # the spare shares the files that did not change with the live site: no second copy on disk
    shared = [p for p in spares[0].rglob("*.html") if (out / p.relative_to(spares[0])).is_file()
              and os.path.samefile(p, out / p.relative_to(spares[0]))]
    assert len(shared) > 10


def test_no_spare_is_kept_after_a_build_that_changed_most_files(tmp_path, archive, monkeypatch):
    out, cache = tmp_path / "site", tmp_path / "cache"
    assert build(archive, out, search=False, cache_dir=cache).built
    # the site moves: every page and feed names its address, and relinking a spare would cost double
    edit(archive / "site.yaml", "https://papers.example.org/", "https://digest.example.org/")
    assert build(archive, out, search=False, cache_dir=cache).built
    time.sleep(0.5)  # the old site is removed in the background
    assert not list(tmp_path.glob(".site.spare-*"))
    paper_edited(archive, monkeypatch)
    assert build(archive, out, search=False, cache_dir=cache).built
    assert len(list(tmp_path.glob(".site.spare-*"))) == 1


def test_a_site_built_afresh_takes_its_search_bundles_from_the_cache(tmp_path, sample_papers, monkeypatch):
    from paperdigest.render import search
    out, cache = tmp_path / "site", tmp_path / "cache"
    assert build(sample_papers, out, cache_dir=cache).built
    first = tree_digest(out)
    shutil.rmtree(out)  # a CI deploy: the cache restored, the site not

    def no_pagefind(*args):
        raise AssertionError("Pagefind ran although the cache held the bundle")

    with monkeypatch.context() as patch:
        patch.setattr(search, "_run_pagefind", no_pagefind)
        assert build(sample_papers, out, cache_dir=cache).built
    assert tree_digest(out) == first
    # a damaged bundle entry is made again by Pagefind, not served
    kept = [path for path in (cache / "folders").rglob("*") if path.is_file() and path.suffix != ".json"]
    assert kept
    for path in kept:
        os.unlink(path)  # replaced, as an editor saves; an edit in place would reach the site's link too
        path.write_bytes(b"damaged")
    shutil.rmtree(out)
    assert build(sample_papers, out, cache_dir=cache).built
    assert tree_digest(out) == first


def test_a_site_built_afresh_drops_the_spare_of_the_deleted_one(tmp_path, archive, monkeypatch):
    out, cache = tmp_path / "site", tmp_path / "cache"
    assert build(archive, out, search=False, cache_dir=cache).built
    paper_edited(archive, monkeypatch)
    assert build(archive, out, search=False, cache_dir=cache).built
    assert list(tmp_path.glob(".site.spare-*"))
    shutil.rmtree(out)  # what `rm -rf site` leaves: a hidden folder holding the old site's bytes
    assert build(archive, out, search=False, cache_dir=cache).built
    deadline = time.monotonic() + 10  # removed in the background
    while list(tmp_path.glob(".site.spare-*")) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not list(tmp_path.glob(".site.spare-*"))


def test_a_spare_older_than_the_live_site_is_not_reused(tmp_path, archive, monkeypatch):
    """A site deleted and built afresh leaves the spare of the old one: it shares no file with the
    new site, so bringing it up to date would cost twice a new staging folder."""
    from paperdigest.render import write
    decisions = []
    real = write.worth_reusing
    monkeypatch.setattr(write, "worth_reusing", lambda *args: decisions.append(real(*args)) or decisions[-1])
    out, cache = tmp_path / "site", tmp_path / "cache"
    assert build(archive, out, search=False, cache_dir=cache).built
    paper_edited(archive, monkeypatch)
    assert build(archive, out, search=False, cache_dir=cache).built
    edit(archive / NEWEST / "bagel.md", "openly released", "openly published")
    assert build(archive, out, search=False, cache_dir=cache).built
    assert decisions == [True]  # the previous site, one edit behind
    spare = next(tmp_path.glob(".site.spare-*"))
    shutil.rmtree(out)
    aside = spare.rename(tmp_path / "aside")  # a site built afresh drops the old spare at once
    assert build(archive, out, search=False, cache_dir=cache).built
    aside.rename(spare)  # say it survived: it shares no file with the new site
    edit(archive / NEWEST / "bagel.md", "openly published", "openly shared")
    assert build(archive, out, search=False, cache_dir=cache).built
    assert decisions == [True, False]
    assert build(archive, tmp_path / "cold", search=False, cache=False).built
    assert tree_digest(out) == tree_digest(tmp_path / "cold")
