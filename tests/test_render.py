"""Regressions found by validating a large, varied generated site (benchmarks/make_varied_site.py).

Each test builds a tiny tree with just the content that broke: the Nu HTML checker's errors
(``<a>`` with ``rel`` but no ``href``, ``<img>`` without ``alt``, nested links), broken image
requests, math lost from titles and descriptions, and RSS descriptions that readers parse as HTML.
"""
from __future__ import annotations

import html
import json
from pathlib import Path

import feedparser
import lxml.html
from lxml import etree

from paperdigest.build import build
from paperdigest.render.markup import render_inline, render_markdown, to_plain_text

from conftest import BASE, make_tree

SITE_YAML = (BASE / "site.yaml").read_text(encoding="utf-8")
ISSUE = """---
week: 2025-06-23
published: 2025-06-30T09:00:00+09:00
---
{intro}
"""


def paper(title_en: str, title_ko: str = "제목", summary: str = "소개.", body: str = "") -> str:
    return (f"---\ntitle:\n  ko: {json.dumps(title_ko, ensure_ascii=False)}\n  en: {json.dumps(title_en)}\n"
            f'arxiv: "2506.01234"\ntags: [reasoning]\n'
            f"summary:\n  ko: {json.dumps(summary, ensure_ascii=False)}\n  en: {json.dumps(summary)}\n"
            f'abstract:\n  en: "An abstract."\n  ko: "초록."\n---\n{body}')


def build_tree(tmp_path: Path, papers: dict[str, str], intro: str = "") -> Path:
    files = {"papers/site.yaml": SITE_YAML, "papers/2025-06-23/issue.md": ISSUE.format(intro=intro)}
    files.update({f"papers/2025-06-23/{name}.md": text for name, text in papers.items()})
    make_tree(tmp_path, files)
    out = tmp_path / "site"
    result = build(tmp_path / "papers", out, search=False)
    assert result.built, [str(p) for p in result.problems]
    return out


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def doc(path: Path):
    return lxml.html.fromstring(path.read_bytes())


# links and images whose unsafe parts the sanitiser removed ------------------------------
def test_link_whose_unsafe_href_was_removed_becomes_text(tmp_path):
    """Nu: 'Element a is missing required attribute href' (nh3 kept rel="noopener" on it)."""
    note = "[click me](javascript:alert(1)) <a href=\"vbscript:x\" title=\"t\">two</a> <a name=\"n\">three</a>\n"
    site = build_tree(tmp_path, {"alpha": paper("Alpha", body=note)})
    for path in pages(site):
        for a in doc(path).iter("a"):
            assert a.get("href") is not None, (path, lxml.html.tostring(a))
    text = doc(site / "issues/2025-06-23/alpha/index.html").text_content()
    assert "click me" in text and "two" in text and "three" in text


def test_image_without_alt_gets_empty_alt_and_relative_image_is_dropped(tmp_path):
    """Nu: 'An img element must have an alt attribute'; a relative src is a failed request
    (paper and issue pages sit at different depths, and no image is copied from papers/)."""
    note = "<img src=x onerror=alert(1)> <img src=\"https://example.org/a.png\"> ![a chart & more](chart.png)\n"
    site = build_tree(tmp_path, {"alpha": paper("Alpha", body=note)})
    for path in pages(site):
        for img in doc(path).iter("img"):
            assert img.get("alt") is not None, path
            assert img.get("src", "").startswith("https://"), path
    page = doc(site / "issues/2025-06-23/alpha/index.html")
    assert [img.get("src") for img in page.iter("img")] == ["https://example.org/a.png"]
    assert "a chart & more" in page.text_content()
    feed = (site / "feed.xml").read_text(encoding="utf-8")
    assert "onerror" not in feed and 'src="x"' not in feed and "chart.png" not in feed


def test_sanitiser_fixes_keep_quoted_angle_brackets_intact():
    out = render_markdown('<a title="x>y" href="https://ok.example/">ok</a> <img title="a>b" src="https://e.example/i.png">')
    assert 'href="https://ok.example/"' in out and ">ok</a>" in out
    assert out.count("<img") == 1 and 'alt=""' in out


# titles are shown inside links ----------------------------------------------------------
def test_title_with_links_does_not_nest_links(tmp_path):
    """Nu: 'An a start tag seen but an element of the same type was already open' (title in a TOC link)."""
    title = "Alpha (see [the site](https://example.org/a) or https://example.com/a)"
    site = build_tree(tmp_path, {"alpha": paper(title, title_ko=title, summary=title)})
    for path in [site / "index.html", site / "issues/2025-06-23/index.html", site / "tags/reasoning/index.html"]:
        for a in doc(path).iter("a"):
            assert not list(a.iter("a"))[1:], (path, lxml.html.tostring(a))
    assert "the site" in doc(site / "issues/2025-06-23/index.html").text_content()
    assert "<a" not in render_inline(title)


# math in plain-text places --------------------------------------------------------------
def test_math_survives_in_plain_text():
    html_title = render_inline(r"Learning $x^2$ in $O(n \log n)$ with $\frac{a+b}{2}$ and $x_i$")
    assert to_plain_text(html_title) == "Learning x^2 in O(n log n) with (a+b)/2 and x_i"


def test_title_math_reaches_title_tag_description_and_feeds(tmp_path):
    site = build_tree(tmp_path, {"alpha": paper(r"Learning $x^2$ Fast", title_ko=r"$x^2$ 빠르게 배우기")})
    page = doc(site / "issues/2025-06-23/alpha/index.html")
    assert "x^2 빠르게 배우기" in page.findtext(".//title")
    issue = doc(site / "issues/2025-06-23/index.html")
    assert "x^2 빠르게 배우기" in issue.xpath("string(//meta[@name='description']/@content)")
    rss = feedparser.parse(str(site / "feed.xml"))
    assert "x^2 빠르게 배우기" in rss.entries[0].summary
    tag_feed = feedparser.parse(str(site / "tags/reasoning/feed.xml"))
    assert tag_feed.entries[0].title == "x^2 빠르게 배우기"


def test_feed_math_keeps_spaces_around_function_names(tmp_path):
    site = build_tree(tmp_path, {"alpha": paper("Alpha", summary=r"It runs in $O(n \log n)$ time.")})
    content = feedparser.parse(str(site / "en/feed.xml")).entries[0].content[0].value
    assert "<i>n</i> log <i>n</i>" in content


# RSS description is HTML to readers -----------------------------------------------------
def test_rss_description_escapes_markup_like_text(tmp_path):
    """W3C feed validator: 'Non-html tag: bench' when a plain-text summary holds "<Bench>"."""
    title = 'Q&A &lt;Bench&gt;: "Quoted" 5 < 6'  # Markdown: the entities are the text "<Bench>"
    site = build_tree(tmp_path, {"alpha": paper(title, title_ko=title, summary=title)})
    for feed in (site / "feed.xml", site / "en/feed.xml", site / "tags/reasoning/feed.xml"):
        for item in etree.parse(str(feed)).iter("item"):
            description = item.findtext("description")
            assert "<Bench>" not in description and "&lt;Bench&gt;" in description, feed
            assert "<Bench>" in html.unescape(description)
    atom = etree.parse(str(site / "atom.xml"))
    summary = atom.find(".//{http://www.w3.org/2005/Atom}summary")
    assert summary.get("type") in (None, "text") and "<Bench>" in summary.text
    content = atom.find(".//{http://www.w3.org/2005/Atom}content")
    assert content.get("type") == "html" and "<h2>" in content.text  # still the full issue, not the summary
    rss_content = etree.parse(str(site / "feed.xml")).findtext(".//{http://purl.org/rss/1.0/modules/content/}encoded")
    assert "<h2>" in rss_content


# fragment links in the issue intro ------------------------------------------------------
def test_intro_fragment_links_work_on_the_home_page(tmp_path):
    site = build_tree(tmp_path, {"alpha": paper("Alpha")}, intro="See [the first paper](#alpha).")
    home = doc(site / "index.html")
    hrefs = [a.get("href") for a in home.iter("a") if a.text_content() == "the first paper"]
    assert hrefs == ["issues/2025-06-23/#alpha"]
    issue = doc(site / "issues/2025-06-23/index.html")
    assert [a.get("href") for a in issue.iter("a") if a.text_content() == "the first paper"] == ["#alpha"]


# links to another paper's anchor (#id) written in an issue's texts --------------------------
def test_anchor_links_in_notes_and_intro_reach_the_issue_page_from_every_page(tmp_path):
    site = build_tree(tmp_path, {"alpha": paper("Alpha", body="Compare [Beta](#beta).\n"), "beta": paper("Beta")},
                      intro="This week starts with [Alpha](#alpha).")
    week = site / "issues" / "2025-06-23"
    on_issue = doc(week / "index.html").cssselect('.note a[href$="#beta"]')[0].get("href")
    on_paper = doc(week / "alpha" / "index.html").cssselect('.note a[href$="#beta"]')[0].get("href")
    on_home = doc(site / "index.html").cssselect('.intro a[href$="#alpha"]')[0].get("href")
    assert (on_issue, on_paper, on_home) == ("./#beta", "../#beta", "issues/2025-06-23/#alpha")
    assert doc(week / "index.html").cssselect("#beta")
