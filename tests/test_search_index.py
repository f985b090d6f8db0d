"""The search index: one Pagefind bundle per language and year, reused while its pages are unchanged
(issue 11, item 3). Runs Pagefind's real binary on the sample plus the extra week in 2024."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from lxml import html as lxml_html

from paperdigest.build import build
from paperdigest.render.search import index_site

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "tests" / "fixtures" / "sample"
EXTRA = ROOT / "tests" / "fixtures" / "search-extra" / "2024-12-30"


@pytest.fixture
def two_years(tmp_path) -> Path:
    src = tmp_path / "papers"
    shutil.copytree(SAMPLE, src)
    shutil.copytree(EXTRA, src / EXTRA.name)
    return src


def bundle_files(site: Path, name: str) -> dict[str, int]:
    """A bundle's files and their inodes (a carried-forward file is a hard link to the old one)."""
    root = site / "pagefind" / name
    return {p.relative_to(root).as_posix(): p.stat().st_ino for p in sorted(root.rglob("*")) if p.is_file()}


def manifest(site: Path) -> dict[str, str]:
    return json.loads((site / "pagefind" / "manifest.json").read_text(encoding="utf-8"))


def add_week(src: Path, week: str) -> None:
    shutil.copytree(src / "2025-06-23", src / week)
    issue = src / week / "issue.md"
    issue.write_text(issue.read_text(encoding="utf-8").replace("week: 2025-06-23", f"week: {week}"), encoding="utf-8")


def test_a_new_week_reindexes_its_year_only(two_years, tmp_path):
    out = tmp_path / "site"
    assert build(two_years, out).built
    first = manifest(out)
    assert set(first) == {"ko/2024", "ko/2025", "en/2024", "en/2025"}
    kept = {name: bundle_files(out, name) for name in ("ko/2024", "en/2024")}
    add_week(two_years, "2025-06-30")
    assert build(two_years, out).built
    second = manifest(out)
    for name in ("ko/2024", "en/2024"):
        assert second[name] == first[name] and bundle_files(out, name) == kept[name], f"{name} was re-indexed"
    for lang in ("ko", "en"):
        assert second[f"{lang}/2025"] != first[f"{lang}/2025"]
        entry = json.loads((out / "pagefind" / lang / "2025" / "pagefind-entry.json").read_text(encoding="utf-8"))
        assert [info["page_count"] for info in entry["languages"].values()] == [20]


def test_a_bundle_whose_previous_copy_is_damaged_is_made_again(two_years, tmp_path):
    out = tmp_path / "site"
    assert build(two_years, out, search=False).built
    index_site(out, ("ko", "en"))
    (out / "pagefind" / "ko" / "2024" / "pagefind-entry.json").unlink()
    report = index_site(out, ("ko", "en"))
    assert report.indexed == ["ko/2024"] and sorted(report.reused) == ["en/2024", "en/2025", "ko/2025"]
    assert (out / "pagefind" / "ko" / "2024" / "pagefind-entry.json").is_file()


def test_a_year_without_papers_loses_its_bundle_and_the_search_page_forgets_it(two_years, tmp_path):
    out = tmp_path / "site"
    assert build(two_years, out).built
    shutil.rmtree(two_years / EXTRA.name)
    assert build(two_years, out).built
    assert set(manifest(out)) == {"ko/2025", "en/2025"}
    assert not (out / "pagefind" / "ko" / "2024").exists()
    for page in ("search/index.html", "en/search/index.html"):
        form = lxml_html.fromstring((out / page).read_bytes()).cssselect("#search-form")[0]
        assert form.get("data-years") == "2025"


def test_search_page_weight_budget(two_years, tmp_path):
    """Issue 13: the search page's own HTML, CSS and JS stay under 30 KB before Pagefind's bundle."""
    out = tmp_path / "site"
    assert build(two_years, out, search=False).built
    for page in (out / "search" / "index.html", out / "en" / "search" / "index.html"):
        doc = lxml_html.fromstring(page.read_bytes())
        assets = [e.get("href") for e in doc.cssselect("link[rel=stylesheet]")]
        assets += [e.get("src") for e in doc.cssselect("script[src]")]
        assert not [a for a in assets if "pagefind" in a], "Pagefind loads only when the reader searches"
        total = page.stat().st_size + sum((page.parent / a).resolve().stat().st_size for a in assets)
        assert total < 30_000, f"{page}: {total} bytes"


def test_every_page_links_an_opensearch_description_of_its_language(two_years, tmp_path):
    out = tmp_path / "site"
    assert build(two_years, out, search=False).built
    for prefix in ("", "en/"):
        xml = lxml_html.etree.fromstring((out / prefix / "opensearch.xml").read_bytes())
        ns = {"os": "http://a9.com/-/spec/opensearch/1.1/"}
        assert xml.find("os:Url", ns).get("template") == f"https://papers.example.org/{prefix}search/?q={{searchTerms}}"
        assert len(xml.find("os:ShortName", ns).text) <= 16
    pages = [p for p in out.rglob("*.html") if not p.name == "404.html"]
    assert len(pages) > 40
    for page in pages:
        doc = lxml_html.fromstring(page.read_bytes())
        link = doc.cssselect('link[rel="search"][type="application/opensearchdescription+xml"]')
        assert len(link) == 1, page
        target = (page.parent / link[0].get("href")).resolve()
        lang_root = out / "en" if page.relative_to(out).parts[0] == "en" else out
        assert target == (lang_root / "opensearch.xml").resolve(), page
        form = doc.cssselect("header form[role=search]")
        if page.parent.name != "search":
            assert form and form[0].cssselect("input[name=q][type=search]"), f"{page}: no search box in the header"
