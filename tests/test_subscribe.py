"""Issue 10.13: /subscribe/ in each language explains the feeds with their addresses, lists the
per-tag feeds, links the email sign-up when set; the email carries the unsubscribe placeholder."""
from __future__ import annotations

from pathlib import Path

import lxml.html

from paperdigest.build import build
from paperdigest.content.load import load_site
from paperdigest.forum.export import export_issue


def built(src: Path, out: Path) -> Path:
    result = build(src, out, search=False)
    assert result.built, result.problems
    return out


def test_subscribe_page_per_language(sample_papers: Path, tmp_path: Path) -> None:
    site = built(sample_papers, tmp_path / "site")
    for prefix, lang in (("", "ko"), ("en/", "en")):
        page = lxml.html.fromstring((site / prefix / "subscribe/index.html").read_bytes())
        assert page.get("lang") == lang
        codes = [c.text for c in page.cssselect(".feed-list code")]
        assert codes == [f"https://papers.example.org/{prefix}{name}" for name in ("feed.xml", "atom.xml", "feed.json")]
        assert len(page.cssselect("button[data-copy]")) == 3
        tag_feeds = [a.get("href") for a in page.cssselect(".tag-feeds a") if a.get("href").endswith("feed.xml")]
        assert "../tags/agents/feed.xml" in tag_feeds and len(tag_feeds) == 12
        assert not page.cssselect("a.button")  # no sign-up link without newsletter.signup_url
        home = lxml.html.fromstring((site / prefix / "index.html").read_bytes())
        [link] = [a for a in home.cssselect("nav.nav a") if a.text_content() in ("구독", "Subscribe")]
        assert link.get("href") == "subscribe/"
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "https://papers.example.org/subscribe/" in sitemap and "https://papers.example.org/en/subscribe/" in sitemap


def test_signup_link_when_set(sample_papers: Path, tmp_path: Path) -> None:
    site_yaml = sample_papers / "site.yaml"
    site_yaml.write_text(site_yaml.read_text(encoding="utf-8").replace(
        "newsletter:\n", 'newsletter:\n  signup_url: "https://lists.example.org/join"\n'), encoding="utf-8")
    site = built(sample_papers, tmp_path / "site")
    page = lxml.html.fromstring((site / "en/subscribe/index.html").read_bytes())
    assert [a.get("href") for a in page.cssselect("a.button")] == ["https://lists.example.org/join"]


def test_email_and_its_text_part_carry_the_unsubscribe_placeholder(sample_papers: Path) -> None:
    site, _ = load_site(sample_papers)
    result = export_issue(site, "2025-06-23", "email", "en")
    assert '<a href="{{unsubscribe_url}}"' in result.body and ">Unsubscribe</a>" in result.body
    assert result.text_alternative.rstrip().endswith("Unsubscribe: {{unsubscribe_url}}")
