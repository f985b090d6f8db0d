"""Hostile content in a real browser: every payload of the XSS corpus (tests/test_safety.py) in
every text field of a paper, a theme, the intro, site.yaml and the feed-bound fields, built into a
site under a sub-path and opened in Chromium — pages, feeds as a naive feed reader shows them, the
newsletter, and the forum post as a forum that trusts its Markdown renders it.

Nothing may open a dialog, leave an event handler or script URL in the DOM, run a script that is
not ours, or make a request to another origin.
"""
from __future__ import annotations

import html
import json
from pathlib import Path

import feedparser
import markdown
import pytest
import yaml

from paperdigest.build import build
from paperdigest.content.load import load_site
from paperdigest.forum.export import export_issue
from conftest import report_figures
from test_safety import WEEK, XSS_PAYLOADS, poisoned_sample

from .browser_support import Site, make_site, serve

BASE_URL = "https://example.org/digest/"
SITE_PAYLOAD = "Digest </title><script>alert('site')</script> \"><img src=x onerror=alert(1)>"
AUTHOR_PAYLOAD = "Eve </script><script>alert('author')</script> <svg onload=alert(1)>"
OUR_SCRIPTS = ("static/site.js", "static/search.js", "static/copy.js")
# the theme's own search controls (the header box, the search page's form and "more results"):
# controls are allowed only there
OUR_CONTROLS = "form.find, form#search-form, button#search-more"
FIGURES = {"payloads": len(XSS_PAYLOADS), "documents opened": 0, "findings": 0}
SCAN_DOM = """([ours, forms]) => {
  const bad = [];
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      const name = a.name.toLowerCase(), value = a.value.replace(/[\\s\\u0000-\\u001f]+/g, '').toLowerCase();
      if (name.startsWith('on')) bad.push(`${el.tagName} has ${name}`);
      if (['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'srcdoc', 'poster'].includes(name)
          && /^(javascript|vbscript|data):/.test(value)) bad.push(`${el.tagName} ${name}=${a.value}`);
    }
    const control = ['FORM', 'BUTTON', 'INPUT', 'SELECT'].includes(el.tagName);
    if (control ? !el.closest(forms) : ['IFRAME', 'OBJECT', 'EMBED', 'BASE'].includes(el.tagName)) bad.push(el.tagName);
    if (el.tagName === 'META' && el.getAttribute('http-equiv')) bad.push('meta http-equiv');
  }
  for (const s of document.scripts) {
    if (s.type === 'application/ld+json') continue;
    if (!s.src || !ours.some(o => s.src.endsWith(o))) bad.push(`script ${s.src || s.textContent.slice(0, 60)}`);
  }
  return bad;
}"""


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> tuple[Site, Path]:
    """The poisoned sample, with payloads in site.yaml too, built under a sub-path."""
    root = tmp_path_factory.mktemp("xss")
    src = poisoned_sample(root)
    settings = yaml.safe_load((src / "site.yaml").read_text(encoding="utf-8"))
    settings.update(base_url=BASE_URL, author=AUTHOR_PAYLOAD,
                    title={"ko": SITE_PAYLOAD, "en": SITE_PAYLOAD},
                    description={"ko": SITE_PAYLOAD, "en": " ".join(XSS_PAYLOADS[:10])})
    (src / "site.yaml").write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")
    result = build(src, root / "site", search=False)
    assert result.built, [str(p) for p in result.problems if p.is_error]
    return make_site(root / "site", src), src


@pytest.fixture(scope="module")
def served(hostile):
    site, _ = hostile
    with serve(site):
        yield site


def open_and_scan(context_factory, origin: str, url: str | None = None, content: str | None = None) -> list[str]:
    """Load a page (or raw HTML) with other origins cut off; whatever ran or was requested."""
    context = context_factory()
    seen: list[str] = []

    def route(route):
        if route.request.url.startswith((origin, "data:", "about:")) or not origin:
            route.continue_()
        else:
            seen.append(f"request to another origin: {route.request.url}")
            route.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("dialog", lambda dialog: (seen.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    if url:
        page.goto(url, wait_until="load")
    else:
        page.set_content(content or "", wait_until="load")
    page.wait_for_timeout(250)  # onerror, onbegin, autofocus: handlers that fire by themselves
    page.mouse.move(200, 200)
    page.keyboard.press("Tab")
    seen += page.evaluate(SCAN_DOM, [list(OUR_SCRIPTS), OUR_CONTROLS])
    page.close()
    FIGURES["documents opened"] += 1
    FIGURES["findings"] += len(seen)
    return seen


def test_corpus_is_large_enough():
    assert len(XSS_PAYLOADS) >= 40


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_pages_run_nothing(context_factory, served: Site, lang):
    prefix = "" if lang == "ko" else "en/"
    pages = ["", f"issues/{WEEK}/", f"issues/{WEEK}/evil/", "archive/", "tags/", "tags/safety/", "search/",
             "no-such-page/"]
    for rel in pages:
        found = open_and_scan(context_factory, served.server_origin, served.url(prefix + rel))
        assert found == [], (prefix + rel, found)


def naive_reader_view(feed_file: Path) -> str:
    """A feed as a careless reader shows it: every field that may hold HTML inserted as HTML."""
    if feed_file.suffix == ".json":
        data = json.loads(feed_file.read_text(encoding="utf-8"))
        parts = [f"<h1>{html.escape(data['title'])}</h1><p>{html.escape(data.get('description', ''))}</p>"]
        parts += [f"<h2>{html.escape(i['title'])}</h2>{i['content_html']}" for i in data["items"]]
        return "".join(parts)
    feed = feedparser.parse(feed_file.read_bytes(), sanitize_html=False)

    def shown(container, name: str) -> str:
        # as HTML where feedparser says the field is HTML (all of RSS: it has no types), else as text
        value = container.get(name, "")
        detail = container.get(f"{name}_detail") or {}
        as_html = detail.get("type", "text/html" if feed.version.startswith("rss") else "text/plain") != "text/plain"
        return value if as_html else html.escape(value)

    parts = [f"<h1>{shown(feed.feed, 'title')}</h1><p>{shown(feed.feed, 'subtitle')}</p>"
             f"<address>{shown(feed.feed, 'author')}</address>"]
    for entry in feed.entries:
        parts.append(f"<h2>{shown(entry, 'title')}</h2><div>{shown(entry, 'summary')}</div>")
        parts += [content.value for content in entry.get("content", [])]
    return "".join(parts)


def test_feeds_in_a_reader_run_nothing(context_factory, hostile):
    site, _ = hostile
    feeds = sorted(p for p in site.root.rglob("*") if p.name in ("feed.xml", "atom.xml", "feed.json"))
    assert len(feeds) >= 8
    for feed in feeds:
        found = open_and_scan(context_factory, "", content=naive_reader_view(feed))
        assert found == [], (feed.relative_to(site.root), found)


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_newsletter_and_forum_post_run_nothing(context_factory, hostile, lang):
    _, src = hostile
    model, _ = load_site(src)
    newsletter = export_issue(model, WEEK, "email", lang).body
    assert open_and_scan(context_factory, "", content=newsletter) == []
    post = export_issue(model, WEEK, "forum", lang).body
    # a forum that renders its Markdown without any sanitiser of its own
    rendered = markdown.markdown(post, extensions=["tables"])
    assert open_and_scan(context_factory, "", content=rendered) == []
    assert "&lt;script" in rendered or "&amp;lt;script" in rendered  # the payload is shown as text


def test_payloads_in_names_are_refused_by_check(tmp_path):
    src = poisoned_sample(tmp_path)
    paper = src / WEEK / "evil.md"
    paper.write_text(paper.read_text(encoding="utf-8").replace("- safety", "- <script>alert(1)</script>"),
                     encoding="utf-8")
    (src / WEEK / "xolver.md").rename(src / WEEK / "x\"><svg onload=alert(1)>.md")
    _, problems = load_site(src)
    messages = [str(p) for p in problems if p.is_error]
    assert any("tags[0]: expected a tag of lowercase letters" in m for m in messages), messages
    assert any("id: expected a file name of lowercase letters" in m for m in messages), messages


def teardown_module() -> None:
    report_figures("xss in Chromium", **FIGURES)
