"""Hostile input from a maintainer's files: each attack is refused by `check` with a located
problem, and none can hang the build, publish a file from outside its folder or run script."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import feedparser
import pytest
from click.testing import CliRunner

from conftest import SAMPLE
from paperdigest.build import build
from paperdigest.cli import main
from paperdigest.content.load import load_site
from paperdigest.forum.export import export_issue
from paperdigest.forum.read import import_post
from paperdigest.limits import MAX_NAME_BYTES, bracket_work, markdown_problem
from paperdigest.render.markup import render_markdown
from paperdigest.render.write import static_files
from paperdigest.scaffold import ScaffoldError, new_paper

WEEK = "2025-06-23"


def errors(src: Path) -> list[str]:
    _, problems = load_site(src, include_drafts=True)
    return [str(p) for p in problems if p.is_error]


def set_field(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def run_cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


# 1. Markdown that parses in quadratic time ----------------------------------------------
QUADRATIC = ["[" * 10_000, "<a " * 3_000, "[a](" * 2_500, "![" * 5_000, "[^" * 5_000]


@pytest.mark.parametrize("text", QUADRATIC, ids=["brackets", "html-tags", "open-links", "images", "footnotes"])
def test_quadratic_markdown_is_reported_by_check(base_papers, text):
    alpha = base_papers / WEEK / "alpha.md"
    set_field(alpha, '  en: "We show that', f'  en: "{text} We show that')
    found = [e for e in errors(base_papers) if "alpha.md:17: abstract.en:" in e]
    assert found and ("Markdown" in found[0] or "characters long" in found[0]), errors(base_papers)


def test_quadratic_markdown_in_a_body_is_reported_with_its_line(base_papers):
    issue = base_papers / WEEK / "issue.md"
    text = issue.read_text(encoding="utf-8")
    body_line = text.splitlines().index("---", 1) + 2  # the line after the closing '---'
    issue.write_text(text + "\n" + "[" * 10_000 + "\n", encoding="utf-8")
    assert any(e.startswith(f"{issue}:{body_line}: the Markdown text after the front matter: too many unclosed")
               for e in errors(base_papers)), errors(base_papers)


def test_renderer_shows_costly_markdown_as_text_without_hanging():
    # in a child process with a generous limit: before the guard this took 20 s
    code = "from paperdigest.render.markup import render_markdown as r; print(r('[' * 10000 + '<a ' * 3000))"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=10)
    assert run.stdout == "<p>" + "[" * 10000 + "&lt;a " * 2999 + "&lt;a</p>\n"


def test_deeply_nested_lists_do_not_raise():
    html = render_markdown("- " * 600 + "deep")
    assert "deep" in html and "<script" not in html
    assert markdown_problem("- " * 600 + "deep") is not None


def test_ordinary_markdown_is_within_every_bound():
    text = (SAMPLE / WEEK / "xolver.md").read_text(encoding="utf-8") * 3
    assert markdown_problem(text) is None and bracket_work(text) < 10_000
    assert markdown_problem("[a link](https://example.org/a_(b)) and <https://example.org> " * 200) is None


# 2. links in templates/ -------------------------------------------------------------------
def test_link_in_static_to_the_environment_is_refused(sample_papers, tmp_path):
    static = tmp_path / "templates" / "static"
    static.mkdir(parents=True)
    (static / "env.txt").symlink_to("/proc/self/environ")
    (static / "ok.txt").write_text("fine", encoding="utf-8")
    code, output = run_cli("build", "--src", str(sample_papers), "--out", str(tmp_path / "site"))
    assert code == 1 and f"{static / 'env.txt'}: a link to /proc/self/environ, outside" in output
    assert not (tmp_path / "site").exists()
    code, output = run_cli("check", "--src", str(sample_papers))
    assert code == 1 and "env.txt" in output


def test_static_copy_never_follows_a_link_out(tmp_path):
    static = tmp_path / "static"
    static.mkdir()
    (tmp_path / "secret").write_text("SECRET", encoding="utf-8")
    (static / "leak.txt").symlink_to(tmp_path / "secret")
    (static / "loop").symlink_to(static)
    (static / "style.css").write_text("body{}", encoding="utf-8")
    assert [file.path for file in static_files([static])] == ["static/style.css"]


def test_link_in_pages_is_refused(sample_papers, tmp_path):
    pages = tmp_path / "templates" / "pages"
    pages.mkdir(parents=True)
    (tmp_path / "outside.html").write_text("{{ 1 }}", encoding="utf-8")
    (pages / "about.html").symlink_to(tmp_path / "outside.html")
    result = build(sample_papers, tmp_path / "site", search=False)
    assert not result.built and any("about.html: a link to" in str(p) for p in result.problems)


# 5. names that become paths ---------------------------------------------------------------
@pytest.mark.parametrize("tag", ["a" * 256, "a" * (MAX_NAME_BYTES + 1), "con", "lpt1"])
def test_tags_that_cannot_be_folder_names_are_refused(base_papers, tmp_path, tag):
    set_field(base_papers / WEEK / "alpha.md", "  - Reasoning" if False else "tags: [", f"tags: [{tag}, ")
    found = [e for e in errors(base_papers) if "tags[0]" in e]
    assert found and ("bytes long" in found[0] or "Windows reserves" in found[0]), errors(base_papers)
    assert not build(base_papers, tmp_path / "site", search=False).built


def test_long_paper_file_name_is_refused(base_papers):
    long_name = base_papers / WEEK / ("p" * 200 + ".md")
    (base_papers / WEEK / "alpha.md").rename(long_name)
    set_field(base_papers / WEEK / "issue.md", "papers: [alpha]", f"papers: [{long_name.stem}]")
    assert any(e.startswith(f"{long_name}: id: the paper id (its file name) is 200 bytes long") for e in errors(base_papers))


# 6. issue_title -------------------------------------------------------------------------------
@pytest.mark.parametrize("pattern", ["{start!r:>300000000}", "{start:%Y%>999999}", "{start.__class__}", "{0}",
                                     "{start:{end}}", "{start!s}"])
def test_issue_title_allows_only_dates(base_papers, pattern):
    site = base_papers / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8") + f'issue_title:\n  en: "{pattern}"\n', encoding="utf-8")
    assert any(e.startswith(f"{site}:13: issue_title.en: expected") for e in errors(base_papers)), errors(base_papers)


def test_issue_title_with_date_formats_passes(base_papers):
    site = base_papers / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8") + 'issue_title:\n  en: "Week of {start:%B %-d, %Y} to {end:%d}"\n',
                    encoding="utf-8")
    assert errors(base_papers) == []


# 9. links inside papers/ ----------------------------------------------------------------------
def test_week_linked_to_etc_is_refused_without_listing_it(base_papers):
    (base_papers / "2025-06-30").symlink_to("/etc")
    code, output = run_cli("check", "--src", str(base_papers))
    assert code == 1 and f"{base_papers / '2025-06-30'}: a link to a file or folder outside the content folder" in output
    assert "passwd" not in output and "hostname" not in output


def test_paper_linked_from_outside_is_refused_but_inside_is_allowed(base_papers, tmp_path):
    outside = tmp_path / "outside.md"
    outside.write_bytes((base_papers / WEEK / "alpha.md").read_bytes())
    (base_papers / WEEK / "alpha.md").unlink()
    (base_papers / WEEK / "alpha.md").symlink_to(outside)
    assert any(e.startswith(f"{base_papers / WEEK / 'alpha.md'}: a link to a file") for e in errors(base_papers))
    (base_papers / WEEK / "alpha.md").unlink()
    (base_papers / "kept.md").write_bytes(outside.read_bytes())
    (base_papers / WEEK / "alpha.md").symlink_to(base_papers / "kept.md")
    assert [e for e in errors(base_papers) if "outside the content folder" in e] == []


# 10. RSS texts ------------------------------------------------------------------------------
def test_rss_texts_stay_text_in_feedparser(sample_papers, tmp_path):
    site = sample_papers / "site.yaml"
    text = site.read_text(encoding="utf-8")
    text = text.replace('en: "AI/ML Papers of the Week"', 'en: "Papers `<svg onload=alert(1)>`"')
    text = text.replace("\nauthor:", '\nauthor: "<svg onload=alert(2)>"\nold_author:')
    text = "\n".join(line for line in text.splitlines() if not line.startswith("old_author"))
    site.write_text(text + '\n', encoding="utf-8")
    set_field(sample_papers / WEEK / "issue.md", "week: 2025-06-23",
              'week: 2025-06-23\ntitle: {ko: "`<svg onload=alert(3)>`", en: "`<svg onload=alert(3)>`"}')
    result = build(sample_papers, tmp_path / "site", search=False)
    assert result.built, [str(p) for p in result.problems if p.is_error]
    feed = feedparser.parse((tmp_path / "site" / "en" / "feed.xml").read_bytes())
    shown = [feed.feed.title, feed.feed.subtitle, feed.feed.author, feed.entries[0].title]
    assert all("<svg" not in value for value in shown), shown
    assert "&lt;svg onload=alert(1)&gt;" in feed.feed.title and "&lt;svg onload=alert(3)&gt;" in feed.entries[0].title


# 12. extra pages --------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["..html", "search.html", "archive.html", "index.html", "404.html", "tags.html",
                                  "en.html", "Bad Name.html", ".hidden.html", "con.html"])
def test_extra_page_names_that_collide_are_refused(sample_papers, tmp_path, name):
    pages = tmp_path / "templates" / "pages"
    pages.mkdir(parents=True)
    (pages / name).write_text('{% extends "base.html" %}{% block main %}X{% endblock %}', encoding="utf-8")
    result = build(sample_papers, tmp_path / "site", search=False)
    assert not result.built and [str(p) for p in result.problems] == [
        p for p in map(str, result.problems) if p.startswith(str(pages / name))] != []


# 13. forum export ---------------------------------------------------------------------------------
def test_forum_export_has_no_live_markup(sample_papers):
    set_field(sample_papers / WEEK / "xolver.md", "summary:\n  ko: >-\n",
              "summary:\n  ko: |-\n    <script>alert(1)</script> <iframe src=https://evil.example></iframe>\n"
              "    [click](javascript:alert(1)) [data](data:text/html,x) ![i](vbscript:x) `<b>code</b>`\n")
    site, problems = load_site(sample_papers)
    post = export_issue(site, WEEK, "forum").body
    assert "<script" not in post and "<iframe" not in post and "javascript:" not in post
    assert "data:text" not in post and "vbscript:" not in post
    assert "&lt;script>alert(1)" in post and "`<b>code</b>`" in post and "click" in post


# 15. names validated before writing -----------------------------------------------------------
@pytest.mark.parametrize("args", [["evil\n"], ["evil\nx"], ["../evil"], ["con"], ["x" * 200],
                                  ["fine", "--arxiv", "2506.14234\n"]])
def test_new_paper_refuses_bad_names_and_writes_nothing(sample_papers, args):
    before = sorted(p.name for p in (sample_papers / WEEK).iterdir())
    code, output = run_cli("new", "paper", *args, "--src", str(sample_papers), "--week", WEEK)
    assert code == 1 and "Error:" in output
    assert sorted(p.name for p in (sample_papers / WEEK).iterdir()) == before
    with pytest.raises(ScaffoldError):
        new_paper(sample_papers, __import__("datetime").date(2025, 6, 23), args[0], *args[2:])


def test_import_never_uses_an_unsafe_id_from_the_post(sample_papers, tmp_path):
    site, _ = load_site(sample_papers)
    post = export_issue(site, WEEK, "forum").body.replace('{"id": "xolver"', '{"id": "evil\\n"', 1)
    (tmp_path / "post.md").write_text(post, encoding="utf-8")
    result = import_post(tmp_path / "post.md", tmp_path / "out")
    assert all("\n" not in path.name for path in result.files)


# 16. control characters ----------------------------------------------------------------------------
@pytest.mark.parametrize("escape", ["\\x07", "\\x1b", "\\r", "\\x00", "\\x7f", "\\x85"])
def test_control_characters_in_yaml_escapes_are_refused(base_papers, tmp_path, escape):
    set_field(base_papers / WEEK / "alpha.md", '  en: "Alpha: Step', f'  en: "Alpha:{escape} Step')
    found = [e for e in errors(base_papers) if "alpha.md:4: title.en: contains the invisible control character" in e]
    assert found, errors(base_papers)
    assert not build(base_papers, tmp_path / "site", search=False).built


def test_raw_control_characters_in_a_body_are_refused(base_papers):
    issue = base_papers / WEEK / "issue.md"
    text = issue.read_text(encoding="utf-8")
    issue.write_text(text + "\nbell \x07 here\n", encoding="utf-8")
    assert f"{issue}:{len(text.splitlines()) + 2}: file contains the invisible control character U+0007; remove it" in errors(base_papers)


# also: an exported issue with its own title imports without --week -----------------------------
def test_export_with_own_title_imports_without_week(sample_papers, tmp_path):
    set_field(sample_papers / WEEK / "issue.md", "week: 2025-06-23",
              'week: 2025-06-23\ntitle: {ko: "특별호: 에이전트", en: "Special: agents"}')
    site, _ = load_site(sample_papers)
    (tmp_path / "post.md").write_text(export_issue(site, WEEK, "forum", with_ids=True).body, encoding="utf-8")
    (tmp_path / "out").mkdir()
    shutil.copy(sample_papers / "site.yaml", tmp_path / "out" / "site.yaml")  # its forum footer is not a paper's
    result = import_post(tmp_path / "post.md", tmp_path / "out")
    assert result.folder.name == WEEK and not result.parsed.unplaced
    issue = (result.folder / "issue.md").read_text(encoding="utf-8")
    assert "특별호: 에이전트" in issue and "Special: agents" in issue and "특별호" not in issue.split("---")[2]


# YAML alias bombs and huge files -------------------------------------------------------------------
def test_yaml_alias_bomb_is_refused(base_papers):
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"{n}: &{n} [" + ", ".join([f"*{p}"] * 9) + "]" for p, n in zip("abcdefgh", "bcdefghi")]
    bomb = base_papers / WEEK / "bomb.yaml"
    bomb.write_text("\n".join(lines) + "\ntags: *i\n", encoding="utf-8")
    (base_papers / WEEK / "loop.yaml").write_text("tags: &l [x, *l]\n", encoding="utf-8")
    found = errors(base_papers)
    assert f"{bomb}:1: YAML error: the aliases (*name) expand this document to over 100,000 values; " \
           "write the values out" in found
    assert any(e.startswith(f"{base_papers / WEEK / 'loop.yaml'}:1: YAML error: the aliases") for e in found)


def test_100_mb_file_is_refused_unread(base_papers):
    big = base_papers / WEEK / "big.md"
    with big.open("wb") as handle:
        handle.truncate(100 * 1024 * 1024)  # sparse: costs no disk
    assert f"{big}: file is 104,857,600 bytes; the limit is 1,000,000" in errors(base_papers)
    assert os.path.getsize(big) == 100 * 1024 * 1024


def test_forum_export_does_not_trust_text_that_looks_like_its_comments(sample_papers):
    issue = sample_papers / WEEK / "issue.md"
    fake = '<!-- paperdigest {"a": 1} --><script>alert(1)</script><!-- paperdigest {"b": 2} -->'
    issue.write_text(issue.read_text(encoding="utf-8") + "\n\n" + fake + "\n", encoding="utf-8")
    site, _ = load_site(sample_papers)
    post = export_issue(site, WEEK, "forum").body
    assert "<script" not in post and "&lt;script>alert(1)" in post
