"""Building the sample: the page tree of SPEC.md in both languages, and what each page says."""
from __future__ import annotations

import re

import shutil
from pathlib import Path

import pytest
from lxml import html as lxml_html

from paperdigest.build import build
from paperdigest.content.load import load_site

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "tests" / "fixtures" / "sample"
WEEK = "2025-06-23"
PAPER_IDS = ["xolver", "mem1", "gso", "bagel", "visionary-r1", "visual-language-mapping",
             "griffon-r", "flexselect", "video-llm-training", "dolphin"]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("build")
    src = shutil.copytree(SAMPLE, work / "papers")  # preview cards are cached beside the content folder
    out = work / "site"
    result = build(src, out, search=False)
    assert result.built, [str(p) for p in result.problems]
    return out


@pytest.fixture(scope="module")
def sample():
    site, problems = load_site(SAMPLE)
    return site


def parse(path: Path):
    return lxml_html.fromstring(path.read_bytes())


def test_sample_loads_with_zero_problems():
    site, problems = load_site(SAMPLE)
    assert problems == []
    assert [issue.id for issue in site.issues] == [WEEK]
    issue = site.issues[0]
    assert [p.id for p in issue.papers] == PAPER_IDS
    assert len(issue.themes) == 3


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_every_page_of_the_spec_exists(built, prefix):
    expected = ["index.html", f"issues/{WEEK}/index.html", "archive/index.html", "search/index.html",
                "tags/index.html", "404.html", "feed.xml", "atom.xml", "feed.json"]
    expected += [f"issues/{WEEK}/{pid}/index.html" for pid in PAPER_IDS]
    missing = [name for name in expected if not (built / prefix / name).is_file()]
    assert missing == []


def test_site_wide_files(built):
    for name in ("sitemap.xml", "robots.txt"):
        assert (built / name).is_file()
    assert (built / "static" / "style.css").is_file()
    assert "Sitemap: https://papers.example.org/sitemap.xml" in (built / "robots.txt").read_text()


def test_every_tag_has_a_page_in_both_languages(built, sample):
    tags = {tag for issue in sample.issues for paper in issue.papers for tag in paper.tags}
    assert tags
    for tag in tags:
        for prefix in ("", "en/"):
            assert (built / prefix / "tags" / tag / "index.html").is_file(), (prefix, tag)


@pytest.mark.parametrize("prefix,lang", [("", "ko"), ("en/", "en")])
def test_pages_declare_their_language(built, prefix, lang):
    for page in (built / prefix).rglob("*.html") if prefix else built.glob("**/*.html"):
        rel = page.relative_to(built).as_posix()
        if prefix == "" and rel.startswith("en/"):
            continue
        assert parse(page).get("lang") == lang, rel


def test_issue_page_titles(built, sample):
    issue = sample.issues[0]
    ko = parse(built / "issues" / WEEK / "index.html")
    en = parse(built / "en" / "issues" / WEEK / "index.html")
    assert ko.findtext(".//h1").strip().startswith("[2025/06/23 ~ 29]")
    assert "June 23, 2025" in en.findtext(".//h1")
    # themes, then every paper in full, each with its anchor
    assert len(ko.cssselect(".theme")) == 3
    assert [a.get("id") for a in ko.cssselect("article.paper")] == PAPER_IDS
    xolver = issue.paper("xolver")
    ko_titles = [e.text_content().strip() for e in ko.cssselect("article.paper .paper-title")]
    assert ko_titles[0] == xolver.title.get("ko")
    en_titles = [e.text_content().strip() for e in en.cssselect("article.paper .paper-title")]
    assert en_titles[0] == xolver.title.get("en")


def test_korean_paper_page_shows_original_title_and_collapsible_english_abstract(built, sample):
    paper = sample.issues[0].paper("mem1")
    page = parse(built / "issues" / WEEK / "mem1" / "index.html")
    assert page.findtext(".//h1").strip() == paper.title.get("ko")
    original = page.cssselect(".original-title")[0]
    assert original.get("lang") == "en" and original.text_content().strip() == paper.title.get("en")
    details = page.cssselect("details.original")
    assert details, "English abstract should be collapsible on Korean pages"
    assert details[0].cssselect("[lang=en]")


def test_twin_links_point_at_the_other_language(built):
    for page in built.rglob("*.html"):
        rel = page.relative_to(built).as_posix()
        if rel.startswith("pagefind/"):
            continue
        doc = parse(page)
        hreflangs = {link.get("hreflang"): link.get("href") for link in doc.cssselect('link[rel="alternate"][hreflang]')}
        assert {"ko", "en", "x-default"} <= set(hreflangs), rel
        switch = doc.cssselect("a[data-lang-switch]")
        assert len(switch) == 1, rel
        twin_lang = "ko" if rel.startswith("en/") else "en"
        assert switch[0].get("hreflang") == twin_lang
        if rel.endswith("404.html"):
            continue
        # the switch lands on the twin page itself, not the home page
        target = (page.parent / switch[0].get("href")).resolve()
        twin = rel.removeprefix("en/") if rel.startswith("en/") else "en/" + rel
        assert target / "index.html" == (built / twin).resolve() or target == (built / twin).resolve(), rel
        assert hreflangs[twin_lang] == "https://papers.example.org/" + twin.removesuffix("index.html")


def test_paper_page_metadata(built):
    page = parse(built / "en" / "issues" / WEEK / "xolver" / "index.html")
    meta = {m.get("name") or m.get("property"): m.get("content") for m in page.cssselect("meta")}
    assert meta["citation_arxiv_id"] == "2506.14234"
    assert meta["citation_pdf_url"] == "https://arxiv.org/pdf/2506.14234"
    assert meta["citation_title"].startswith("Xolver")
    assert meta["og:type"] == "article"
    assert page.cssselect('link[rel="canonical"]')[0].get("href") == \
        f"https://papers.example.org/en/issues/{WEEK}/xolver/"
    assert page.cssselect('script[type="application/ld+json"]')


def test_build_refuses_content_with_errors_and_writes_nothing(tmp_path):
    src = tmp_path / "papers"
    shutil.copytree(SAMPLE, src)
    (src / WEEK / "gso.md").write_text("---\ntitle: {en: x}\n---\n", encoding="utf-8")
    result = build(src, tmp_path / "site", search=False)
    assert not result.built
    assert any(p.path.name == "gso.md" and p.is_error for p in result.problems)
    assert not (tmp_path / "site").exists()


def test_issue_page_weight_budget(built):
    """Issue 3's budget: the sample week's issue page with its CSS and JS under 50 KB uncompressed,
    plus 1 KB for the search box every page carries since issue 13 (form, OpenSearch link, site.js, CSS)
    and 300 bytes for the preview card's five meta tags since issue 15 (og:image, its size and alt)."""
    page = built / "issues" / WEEK / "index.html"
    doc = parse(page)
    assets = [href for href in (link.get("href") for link in doc.cssselect('link[rel="stylesheet"]'))]
    assets += [script.get("src") for script in doc.cssselect("script[src]")]
    total = page.stat().st_size + sum((page.parent / asset).resolve().stat().st_size for asset in assets)
    assert assets, "the page should load the theme's stylesheet"
    assert total < 51_300, f"{total} bytes"


def test_popular_tags_are_split_into_pages_of_100(tmp_path, sample_archive):
    src = sample_archive(45)
    site, _ = load_site(src)
    agents = sum("agents" in paper.tags for issue in site.issues for paper in issue.papers)
    assert agents > 100, agents
    out = tmp_path / "site"
    assert build(src, out, search=False).built
    pages = [out / "en" / "tags" / "agents" / "index.html"]
    pages += [out / "en" / "tags" / "agents" / "page" / str(n) / "index.html" for n in range(2, -(-agents // 100) + 1)]
    assert all(page.is_file() for page in pages)
    assert not (out / "en" / "tags" / "agents" / "page" / str(len(pages) + 1)).exists()
    counts = [len(parse(page).cssselect("ol.paper-list > li")) for page in pages]
    assert counts[:-1] == [100] * (len(pages) - 1) and sum(counts) == agents
    second = parse(pages[1])
    assert second.cssselect('a[rel="prev"]')[0].get("href") == "../../"
    assert second.cssselect('link[type="application/rss+xml"][title^="#"]')[0].get("href") == "../../feed.xml"
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert "https://papers.example.org/en/tags/agents/page/2/" in sitemap


def test_intro_and_note_are_shown_in_each_pages_language(built):
    """The sample writes the Korean intro and notes as Markdown bodies, the English ones in the maps."""
    for path, selector in ((f"issues/{WEEK}/index.html", ".intro"), (f"issues/{WEEK}/xolver/index.html", ".note")):
        english = parse(built / "en" / path).cssselect(selector)[0]
        assert english.get("lang") is None and not re.search("[가-힣]", english.text_content()), path
        korean = parse(built / path).cssselect(selector)[0]
        assert korean.get("lang") is None and re.search("[가-힣]", korean.text_content()), path


def test_a_sitemap_over_the_protocol_limit_becomes_an_index(sample):
    from lxml import etree

    from paperdigest.render.sitemap import render_sitemaps

    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    [(name, single)] = render_sitemaps(sample)
    all_locs = etree.fromstring(single).xpath("//s:url/s:loc/text()", namespaces=ns)
    files = dict(render_sitemaps(sample, max_urls=10))
    index = etree.fromstring(files["sitemap.xml"])
    assert etree.QName(index).localname == "sitemapindex"
    children = index.xpath("//s:sitemap/s:loc/text()", namespaces=ns)
    assert len(children) == -(-len(all_locs) // 10) == len(files) - 1
    split_locs = []
    for url in children:
        locs = etree.fromstring(files[url.removeprefix("https://papers.example.org/")]).xpath(
            "//s:url/s:loc/text()", namespaces=ns)
        assert 0 < len(locs) <= 10
        split_locs += locs
    assert split_locs == all_locs
