"""Feeds (issue 4): RSS 2.0, Atom 1.0 and JSON Feed 1.1 per language, per-tag RSS.

Every feed of the built sample is parsed by feedparser, by lxml (strict XML) with the
RFC 4287 / RSS 2.0 rules a feed can break, and, when Debian's ``sfeed`` is installed, by
a real feed reader's parser. ``PAPERDIGEST_REQUIRE_BROWSER=1`` (CI) turns the sfeed skip
into a failure.
"""
from __future__ import annotations

import calendar
import datetime as dt
import email.utils
import json
import os
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import lxml.html
import pytest
import yaml
from lxml import etree

from paperdigest.render import urls
from paperdigest.build import build
from paperdigest.content.load import load_site
from paperdigest.render.views import Views

REPO = Path(__file__).resolve().parents[1]
PAPERS = REPO / "tests" / "fixtures" / "sample"
ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT_ENCODED = "{http://purl.org/rss/1.0/modules/content/}encoded"
REQUIRE = os.environ.get("PAPERDIGEST_REQUIRE_BROWSER") == "1"
XSS_MARKER = "XSSMARKER"
XSS_PAYLOAD = (f"{XSS_MARKER} <script>alert(1)</script> <img src=x onerror=alert(1)> "
               "[x](javascript:alert(1)) <a href=\"javascript:alert(1)\">y</a>")


# helpers ---------------------------------------------------------------------------------
def build_into(src: Path, out: Path) -> Path:
    result = build(src, out, search=False)
    assert result.built, [str(p) for p in result.problems]
    return out


def copy_papers(tmp: Path) -> Path:
    src = tmp / "papers"
    shutil.copytree(PAPERS, src)
    return src


def set_site_key(src: Path, key: str, value: str) -> None:
    path = src / "site.yaml"
    text, n = re.subn(rf"(?m)^{key}:.*$", f"{key}: {value}", path.read_text(encoding="utf-8"))
    assert n == 1
    path.write_text(text, encoding="utf-8")


def edit_front_matter(path: Path, change) -> None:
    _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
    data = yaml.safe_load(front)
    change(data)
    path.write_text("---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False) + "---\n" + body,
                    encoding="utf-8")


def feed_files(site: Path) -> list[str]:
    names = ("feed.xml", "atom.xml", "feed.json")
    return sorted(str(p.relative_to(site)) for p in site.rglob("*") if p.name in names)


def xml_feeds(site: Path) -> list[str]:
    return [f for f in feed_files(site) if f.endswith(".xml")]


def kind(rel: str) -> str:
    return {"feed.xml": "rss", "atom.xml": "atom", "feed.json": "json"}[Path(rel).name]


def parse_xml(path: Path) -> etree._Element:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=False)
    return etree.parse(str(path), parser).getroot()


def rfc3339(text: str) -> dt.datetime:
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)", text), text
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def rfc822(text: str) -> dt.datetime:
    assert re.fullmatch(r"(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
                        r"\d{4} \d\d:\d\d:\d\d [+-]\d{4}", text), text
    return email.utils.parsedate_to_datetime(text)


def items_of(site: Path, rel: str) -> list[dict]:
    """id, link, title, html, date of every item, whatever the format."""
    path = site / rel
    if kind(rel) == "json":
        data = json.loads(path.read_text(encoding="utf-8"))
        return [{"id": i["id"], "link": i["url"], "title": i["title"], "html": i["content_html"],
                 "updated": rfc3339(i["date_modified"])} for i in data["items"]]
    root = parse_xml(path)
    if kind(rel) == "rss":
        return [{"id": i.findtext("guid"), "link": i.findtext("link"), "title": i.findtext("title"),
                 "html": i.findtext(CONTENT_ENCODED), "updated": rfc822(i.findtext("pubDate"))}
                for i in root.iter("item")]
    return [{"id": e.findtext(f"{ATOM}id"), "link": e.find(f"{ATOM}link").get("href"),
             "title": e.findtext(f"{ATOM}title"), "html": e.findtext(f"{ATOM}content"),
             "updated": rfc3339(e.findtext(f"{ATOM}updated"))} for e in root.iter(f"{ATOM}entry")]


def all_strings(site: Path, rel: str) -> list[str]:
    """Every decoded string of a feed: XML text and attribute values, or JSON strings."""
    path = site / rel
    if kind(rel) == "json":
        out: list[str] = []

        def walk(value):
            if isinstance(value, str):
                out.append(value)
            elif isinstance(value, dict):
                for v in value.values():
                    walk(v)
            elif isinstance(value, list):
                for v in value:
                    walk(v)
        walk(json.loads(path.read_text(encoding="utf-8")))
        return out
    root = parse_xml(path)
    return [s for el in root.iter() for s in (el.text or "", *el.attrib.values())]


def assert_absolute_urls(html: str, where: str) -> None:
    fragment = lxml.html.fragment_fromstring(html, create_parent="div")
    for el in fragment.iter():
        for attr in ("href", "src"):
            value = el.get(attr)
            if value is not None:
                assert urlsplit(value).scheme in ("http", "https", "mailto"), f"{where}: relative {attr}={value!r}"


def sample_site():
    site, problems = load_site(PAPERS)
    assert site is not None, problems
    return site


# fixtures --------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("feeds")
    return build_into(copy_papers(work), work / "site")


@pytest.fixture(scope="module")
def model():
    return sample_site()


# tests -----------------------------------------------------------------------------------
def test_every_feed_is_written(built, model):
    files = set(feed_files(built))
    tags = {tag for issue in model.issues for paper in issue.papers for tag in paper.tags}
    for lang in model.config.languages:
        prefix = urls.page_path(lang, model.config.default_language)
        assert {prefix + "feed.xml", prefix + "atom.xml", prefix + "feed.json"} <= files
        for tag in tags:
            assert prefix + f"tags/{tag}/feed.xml" in files
    assert "feed.xml" in files and "en/feed.xml" in files


def test_feedparser_accepts_every_feed(built):
    for rel in feed_files(built):
        if kind(rel) == "json":
            continue
        parsed = feedparser.parse((built / rel).read_bytes())
        assert parsed.bozo == 0, (rel, parsed.get("bozo_exception"))
        assert parsed.version in ("rss20", "atom10"), rel
        assert parsed.feed.title and parsed.feed.link and parsed.feed.language in ("ko", "en")
        assert parsed.entries, rel
        for entry in parsed.entries:
            assert entry.title and entry.id, rel
            assert entry.link.startswith("https://papers.example.org/"), (rel, entry.link)
            assert entry.published_parsed, rel
            if parsed.version == "atom10":
                assert entry.updated_parsed, rel
            assert entry.content and entry.content[0].value.strip(), rel
            assert entry.summary.strip(), rel


def test_korean_title_survives_intact(built, model):
    expected = Views(model.config, "ko").issue_summary(model.issues[0])["title_text"]
    assert "이번 주에 살펴볼 만한 AI/ML 논문 모음" in expected
    for rel in ("feed.xml", "atom.xml"):
        raw = (built / rel).read_bytes()
        assert expected.encode("utf-8") in raw, f"{rel}: title not stored as plain UTF-8"
        title = feedparser.parse(raw).entries[0].title
        assert title == expected and unicodedata.is_normalized("NFC", title)
    data = json.loads((built / "feed.json").read_text(encoding="utf-8"))
    assert data["items"][0]["title"] == expected
    assert data["title"] == "이번 주의 AI/ML 논문"


def test_atom_follows_rfc4287(built):
    for rel in xml_feeds(built):
        if kind(rel) != "atom":
            continue
        root = parse_xml(built / rel)
        assert root.tag == f"{ATOM}feed"
        assert root.get("{http://www.w3.org/XML/1998/namespace}lang") in ("ko", "en")
        for name in ("id", "title", "updated"):
            assert len(root.findall(f"{ATOM}{name}")) == 1, (rel, name)
        assert urlsplit(root.findtext(f"{ATOM}id")).scheme, rel
        feed_updated = rfc3339(root.findtext(f"{ATOM}updated"))
        authors = root.findall(f"{ATOM}author")
        self_links = [l for l in root.findall(f"{ATOM}link") if l.get("rel") == "self"]
        assert len(self_links) == 1 and self_links[0].get("href") == "https://papers.example.org/" + rel
        alternates = [l for l in root.findall(f"{ATOM}link") if l.get("rel", "alternate") == "alternate"]
        assert len(alternates) == 1 and alternates[0].get("type") == "text/html"
        entries = root.findall(f"{ATOM}entry")
        assert entries
        ids = []
        for entry in entries:
            for name in ("id", "title", "updated"):
                assert len(entry.findall(f"{ATOM}{name}")) == 1, (rel, name)
            assert authors and authors[0].findtext(f"{ATOM}name") or entry.find(f"{ATOM}author") is not None
            updated = rfc3339(entry.findtext(f"{ATOM}updated"))
            published = rfc3339(entry.findtext(f"{ATOM}published"))
            assert published <= updated <= feed_updated
            content = entry.find(f"{ATOM}content")
            assert content.get("type") == "html" and content.text.strip()
            assert_absolute_urls(content.text, rel)
            assert entry.findtext(f"{ATOM}summary").strip()
            links = [l for l in entry.findall(f"{ATOM}link") if l.get("rel", "alternate") == "alternate"]
            assert len(links) == 1 and links[0].get("href").startswith("https://")
            ids.append(entry.findtext(f"{ATOM}id"))
        assert len(set(ids)) == len(ids)
        assert feed_updated == max(rfc3339(e.findtext(f"{ATOM}updated")) for e in entries)


def test_rss_is_valid_rss2(built):
    for rel in xml_feeds(built):
        if kind(rel) != "rss":
            continue
        root = parse_xml(built / rel)
        assert root.tag == "rss" and root.get("version") == "2.0"
        channel = root.find("channel")
        for name in ("title", "link", "description", "language", "lastBuildDate"):
            assert (channel.findtext(name) or "").strip(), (rel, name)
        assert channel.findtext("generator") == "paperdigest"
        self_links = channel.findall(f"{ATOM}link")
        assert len(self_links) == 1 and self_links[0].get("rel") == "self"
        assert self_links[0].get("href") == "https://papers.example.org/" + rel
        assert self_links[0].get("type") == "application/rss+xml"
        items = channel.findall("item")
        assert items
        for item in items:
            assert item.findtext("title").strip() and item.findtext("description").strip()
            assert item.findtext("link").startswith("https://papers.example.org/")
            guid = item.find("guid")
            assert guid.get("isPermaLink") == "false" and guid.text.startswith("tag:")
            rfc822(item.findtext("pubDate"))
            assert "<" not in item.findtext("description"), "description is plain text"
            assert_absolute_urls(item.findtext(CONTENT_ENCODED), rel)
            assert item.findall("category")
        assert rfc822(channel.findtext("lastBuildDate")) == max(rfc822(i.findtext("pubDate")) for i in items)


def test_json_feed_1_1(built):
    for rel in feed_files(built):
        if kind(rel) != "json":
            continue
        data = json.loads((built / rel).read_text(encoding="utf-8"))
        assert data["version"] == "https://jsonfeed.org/version/1.1"
        assert data["title"] and data["language"] in ("ko", "en")
        assert data["feed_url"] == "https://papers.example.org/" + rel
        assert data["home_page_url"].startswith("https://papers.example.org/")
        assert data["authors"] and data["authors"][0]["name"]
        assert data["items"]
        for item in data["items"]:
            assert isinstance(item["id"], str) and item["id"]
            assert item["url"].startswith("https://papers.example.org/")
            assert item["title"] and item["content_html"].strip() and item["summary"]
            rfc3339(item["date_published"])
            assert rfc3339(item["date_modified"]) >= rfc3339(item["date_published"])
            assert all(isinstance(tag, str) for tag in item.get("tags", []))
            assert_absolute_urls(item["content_html"], rel)


def test_items_hold_the_whole_issue(built, model):
    issue = model.issues[0]
    for lang in model.config.languages:
        views = Views(model.config, lang)
        view = views.issue(issue)
        prefix = urls.page_path(lang, model.config.default_language)
        for rel in (prefix + "feed.xml", prefix + "atom.xml", prefix + "feed.json"):
            (item,) = items_of(built, rel)
            assert item["id"] == f"tag:paperdigest,{issue.id}:issue/{issue.id}/{lang}"
            assert item["link"] == "https://papers.example.org/" + view["path"]
            assert item["title"] == view["title_text"]
            text = lxml.html.fragment_fromstring(item["html"], create_parent="div").text_content()
            for theme in view["themes"]:
                assert lxml.html.fragment_fromstring(theme["title"]["html"], create_parent="div").text_content() in text
            for paper in view["papers"]:
                assert paper["title_text"] in text, (rel, paper["id"])
                assert "https://papers.example.org/" + paper["path"] in item["html"]
            assert item["updated"] == issue.published


# what the W3C feed validator accepts in content without a "non-html tag" or security warning
HTML_ELEMENTS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "details", "div", "dl", "dt", "em", "h2", "h3",
    "h4", "h5", "h6", "hr", "i", "img", "li", "ol", "p", "pre", "section", "span", "strong", "sub", "summary",
    "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
}
HTML_ATTRIBUTES = {"href", "hreflang", "lang", "dir", "src", "alt", "title", "align"}


def test_item_html_is_plain_safe_html(built):
    for rel in feed_files(built):
        for item in items_of(built, rel):
            fragment = lxml.html.fragment_fromstring(item["html"], create_parent="div")
            for el in fragment.iter():
                if el is fragment or not isinstance(el.tag, str):
                    continue
                assert el.tag in HTML_ELEMENTS, (rel, el.tag)
                assert set(el.attrib) <= HTML_ATTRIBUTES, (rel, el.tag, dict(el.attrib))


def test_math_becomes_plain_html_in_feeds(built):
    # MEM1's summary has $O(1)$: pages keep MathML, feeds get text every reader shows
    (item,) = items_of(built, "en/feed.xml")
    assert "<math" not in item["html"] and "<i>O</i>(1)" in item["html"]


def test_per_tag_feeds_hold_exactly_the_tagged_papers(built, model):
    config = model.config
    tags = sorted({tag for issue in model.issues for paper in issue.papers for tag in paper.tags})
    for lang in config.languages:
        prefix = urls.page_path(lang, config.default_language)
        for tag in tags:
            expected = [config.base_url + urls.page_path(lang, config.default_language, "issues", issue.id, paper.id)
                        for issue in model.issues for paper in issue.papers if tag in paper.tags]
            rel = prefix + f"tags/{tag}/feed.xml"
            items = items_of(built, rel)
            assert [i["link"] for i in items] == expected, rel
            assert len({i["id"] for i in items}) == len(items)
            root = parse_xml(built / rel)
            for item in root.iter("item"):  # categories carry the tag's display name in the feed's language
                assert config.tag_name(tag, lang) in [c.text for c in item.findall("category")]


def test_feeds_are_byte_identical_across_builds(built, tmp_path):
    again = build_into(copy_papers(tmp_path), tmp_path / "again")
    assert feed_files(again) == feed_files(built)
    for rel in feed_files(built):
        assert (again / rel).read_bytes() == (built / rel).read_bytes(), rel


def test_ids_do_not_depend_on_base_url(built, tmp_path):
    src = copy_papers(tmp_path)
    set_site_key(src, "base_url", '"https://mirror.example.net/digest/"')
    moved = build_into(src, tmp_path / "site")
    assert feed_files(moved) == feed_files(built)
    for rel in feed_files(built):
        before, after = items_of(built, rel), items_of(moved, rel)
        assert [i["id"] for i in before] == [i["id"] for i in after], rel
        assert all(i["link"].startswith("https://mirror.example.net/digest/") for i in after)
        assert "papers.example.org" not in (moved / rel).read_text(encoding="utf-8"), rel
    assert parse_xml(built / "atom.xml").findtext(f"{ATOM}id") == parse_xml(moved / "atom.xml").findtext(f"{ATOM}id")


def test_xss_payload_is_inert_in_every_feed(tmp_path):
    src = copy_papers(tmp_path)

    def poison(data):
        for key in ("summary", "abstract"):
            data[key] = {lang: f"{XSS_PAYLOAD}\n\n{text}" for lang, text in data[key].items()}
    edit_front_matter(src / "2025-06-23" / "xolver.md", poison)
    path = src / "2025-06-23" / "xolver.md"
    path.write_text(path.read_text(encoding="utf-8") + f"\n{XSS_PAYLOAD}\n", encoding="utf-8")
    site = build_into(src, tmp_path / "site")
    seen = 0
    for rel in feed_files(site):
        strings = all_strings(site, rel)
        joined = "\n".join(strings).lower()
        seen += XSS_MARKER.lower() in joined
        for bad in ("<script", "onerror", "javascript:"):
            assert bad not in joined, (rel, bad)
        for item in items_of(site, rel):
            fragment = lxml.html.fragment_fromstring(item["html"], create_parent="div")
            for el in fragment.iter():
                assert el.tag not in ("script", "iframe", "object", "embed", "style"), rel
                assert not any(name.lower().startswith("on") for name in el.attrib), rel
    assert seen >= 6  # the poisoned paper is in both languages' feeds and its tag feeds


def make_three_issues(tmp: Path) -> Path:
    src = copy_papers(tmp)
    set_site_key(src, "feed_items", "2")
    weeks = [dt.date(2025, 6, 23), dt.date(2025, 6, 30), dt.date(2025, 7, 7)]
    for week in weeks[1:]:
        folder = src / week.isoformat()
        shutil.copytree(src / weeks[0].isoformat(), folder)
        issue = folder / "issue.md"
        published = week + dt.timedelta(days=7)
        text = issue.read_text(encoding="utf-8")
        text = re.sub(r"(?m)^week:.*$", f"week: {week.isoformat()}", text)
        extra = "\nupdated: 2025-07-20T10:00:00+09:00" if week == weeks[1] else ""
        text = re.sub(r"(?m)^published:.*$", f"published: {published.isoformat()}T09:00:00+09:00{extra}", text)
        issue.write_text(text, encoding="utf-8")
    return src


def test_feed_items_limit_and_order(tmp_path):
    site = build_into(make_three_issues(tmp_path), tmp_path / "site")
    for prefix, lang in (("", "ko"), ("en/", "en")):
        for name in ("feed.xml", "atom.xml", "feed.json"):
            items = items_of(site, prefix + name)
            assert [i["id"] for i in items] == [f"tag:paperdigest,2025-07-07:issue/2025-07-07/{lang}",
                                               f"tag:paperdigest,2025-06-30:issue/2025-06-30/{lang}"], name
        root = parse_xml(site / (prefix + "atom.xml"))
        # updated comes from the content (the issue's ``updated``), never from the clock
        assert rfc3339(root.findtext(f"{ATOM}updated")) == dt.datetime.fromisoformat("2025-07-20T10:00:00+09:00")
        entries = root.findall(f"{ATOM}entry")
        assert rfc3339(entries[1].findtext(f"{ATOM}published")) == dt.datetime.fromisoformat("2025-07-07T09:00:00+09:00")
        channel = parse_xml(site / (prefix + "feed.xml")).find("channel")
        assert rfc822(channel.findtext("lastBuildDate")) == dt.datetime.fromisoformat("2025-07-20T10:00:00+09:00")
        for rel in feed_files(site):
            if "/tags/" in "/" + rel:
                assert 1 <= len(items_of(site, rel)) <= 2, rel


def test_sfeed_reads_rss_and_atom(built):
    sfeed = shutil.which("sfeed")
    if sfeed is None:
        if REQUIRE:
            pytest.fail("sfeed is not installed (apt-get install sfeed) and PAPERDIGEST_REQUIRE_BROWSER=1")
        pytest.skip("sfeed not installed (Debian package sfeed)")
    for rel in xml_feeds(built):
        data = (built / rel).read_bytes()
        run = subprocess.run([sfeed], input=data, capture_output=True, check=True, timeout=30)
        rows = [line.split("\t") for line in run.stdout.decode("utf-8").splitlines() if line]
        items = items_of(built, rel)
        assert len(rows) == len(items), rel
        assert [row[1] for row in rows] == [" ".join(i["title"].split()) for i in items], rel
        assert [row[2] for row in rows] == [i["link"] for i in items], rel
        assert [row[5] for row in rows] == [i["id"] for i in items], rel
        published = [calendar.timegm(e.published_parsed) for e in feedparser.parse(data).entries]
        assert [int(row[0]) for row in rows] == published, rel
