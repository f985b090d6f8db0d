"""End-to-end tests of the built sample in headless Chromium (issue 5, part 1)."""

from __future__ import annotations

import re
import urllib.parse

import pytest

from .browser_support import KINDS, Site, max_pages, require

pytestmark = pytest.mark.browser

SWITCH = "a[data-lang-switch][hreflang]"


def _norm(rel: str | None) -> str | None:
    if rel is None:
        return None
    rel = rel.split("#", 1)[0].split("?", 1)[0]
    return rel[: -len("index.html")] if rel.endswith("index.html") else rel


def _need(site: Site, kind: str) -> None:
    if kind not in site.kinds:
        pytest.fail(f"the built site has no {kind} page (looked for it per SPEC.md's output tree)", pytrace=False)


def _goto(page, site: Site, rel: str, wait: str = "load"):
    resp = page.goto(site.url(rel), wait_until=wait)
    assert resp is not None and resp.ok, f"/{rel}: HTTP {resp.status if resp else 'no response'}"
    return resp


def _langs(site: Site):
    return site.languages


def _kind_lang_params(kinds=KINDS):
    # Parametrised by language code at collection time; the site's own list is checked in the test.
    return [pytest.param(k, lang, id=f"{k}-{lang}") for lang in ("ko", "en") for k in kinds]


# --------------------------------------------------------------------------- navigation


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_home_issue_paper_and_back(page, served_site: Site, lang):
    site = served_site
    for kind in ("issue", "paper"):
        _need(site, kind)
    home, issue, paper = site.rel("home", lang), site.rel("issue", lang), site.rel("paper", lang)

    _goto(page, site, home)
    assert page.locator("h1").count() >= 1, f"/{home}: no <h1>"
    to_issue = _link_to(page, site, issue)
    assert to_issue is not None, f"/{home}: no visible link to the latest issue /{issue}"
    to_issue.click()
    page.wait_for_url(lambda u: _norm(site.rel_of_url(u)) == issue)
    assert page.locator("h1").count() >= 1, f"/{issue}: no <h1>"

    to_paper = _link_to(page, site, paper)
    assert to_paper is not None, f"/{issue}: no visible link to the paper permalink /{paper}"
    to_paper.click()
    page.wait_for_url(lambda u: _norm(site.rel_of_url(u)) == paper)
    assert page.locator("h1").count() >= 1, f"/{paper}: no <h1>"
    assert page.title().strip(), f"/{paper}: empty <title>"

    page.go_back()
    page.wait_for_url(lambda u: _norm(site.rel_of_url(u)) == issue)
    page.go_back()
    page.wait_for_url(lambda u: _norm(site.rel_of_url(u)) == home)
    assert page.problems.take() == []


def _link_to(page, site: Site, rel: str):
    """First visible <a> whose resolved href is the page at rel (fragment ignored)."""
    links = page.locator("a[href]")
    hrefs = links.evaluate_all("els => els.map(a => a.href)")
    for i, href in enumerate(hrefs):
        if _norm(site.rel_of_url(href)) == rel and links.nth(i).is_visible():
            return links.nth(i)
    return None


# --------------------------------------------------------------------------- language switch


@pytest.mark.parametrize("kind,lang", _kind_lang_params(("home", "issue", "paper", "archive", "tag", "search")))
def test_language_switch_lands_on_twin(page, served_site: Site, kind, lang):
    site = served_site
    if lang not in site.languages:
        pytest.skip(f"site has no language {lang}")
    _need(site, kind)
    rel = site.rel(kind, lang)
    _goto(page, site, rel)
    switches = page.locator(SWITCH)
    assert switches.count() >= 1, f"/{rel}: no language switch ({SWITCH})"
    html_lang = page.locator("html").get_attribute("lang")
    assert html_lang == lang, f"/{rel}: <html lang={html_lang!r}>, expected {lang!r}"

    others = [x for x in site.languages if x != lang]
    for other in others:
        sw = page.locator(f'{SWITCH}[hreflang="{other}"]')
        assert sw.count() >= 1, f"/{rel}: no language switch to {other} ({SWITCH}[hreflang={other}])"
        expected = _norm(site.twin(rel, lang, other))
        href = sw.first.evaluate("a => a.href")
        assert _norm(site.rel_of_url(href)) == expected, (
            f"/{rel}: switch to {other} points at {href}, expected the twin /{expected}"
        )
    # Click the (first visible) switch as a reader would and land on the twin.
    other = others[0]
    sw = page.locator(f'{SWITCH}[hreflang="{other}"]')
    visible = [sw.nth(i) for i in range(sw.count()) if sw.nth(i).is_visible()]
    assert visible, f"/{rel}: the language switch to {other} is not visible"
    visible[0].click()
    expected = _norm(site.twin(rel, lang, other))
    page.wait_for_url(lambda u: _norm(site.rel_of_url(u)) == expected)
    landed_lang = page.locator("html").get_attribute("lang")
    assert landed_lang == other, f"/{expected}: <html lang={landed_lang!r}>, expected {other!r}"
    assert page.locator(f'{SWITCH}[hreflang="{lang}"]').count() >= 1, f"/{expected}: no switch back to {lang}"
    assert page.problems.take() == []


# --------------------------------------------------------------------------- themes and abstracts


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_theme_links_jump_to_paper_anchors(page, served_site: Site, lang):
    site = served_site
    _need(site, "issue")
    rel = site.rel("issue", lang)
    _goto(page, site, rel)
    links = page.locator(".theme a[href*='#']")
    n = links.count()
    assert n >= 1, f"/{rel}: no theme links (.theme a[href*='#'])"
    page_path = urllib.parse.urlsplit(page.url).path
    checked = 0
    for i in range(n):
        href = links.nth(i).evaluate("a => a.href")
        parts = urllib.parse.urlsplit(href)
        if parts.path != page_path or not parts.fragment:
            continue  # a theme may also cite something elsewhere; only same-page anchors here
        frag = urllib.parse.unquote(parts.fragment)
        assert page.evaluate("id => !!document.getElementById(id)", frag), (
            f"/{rel}: theme link #{frag} has no element with that id"
        )
        links.nth(i).click()
        page.wait_for_function("f => decodeURIComponent(location.hash.slice(1)) === f", arg=frag)
        # The target is scrolled into view (allow for smooth scrolling).
        page.wait_for_function(
            """id => { const r = document.getElementById(id).getBoundingClientRect();
                       return r.top >= -2 && r.top < innerHeight - 10; }""",
            arg=frag,
            timeout=5000,
        )
        checked += 1
    assert checked >= 1, f"/{rel}: no theme link points at an anchor on the issue page itself"
    assert page.problems.take() == []


@pytest.mark.parametrize("kind", ["issue", "paper"])
def test_english_abstract_collapsible_on_korean_pages(page, served_site: Site, kind):
    site = served_site
    if "en" not in site.languages or site.default_language == "en":
        pytest.skip("needs a non-English default language and English")
    _need(site, kind)
    rel = site.rel(kind, site.default_language)
    _goto(page, site, rel)
    details = page.locator("details:is([lang|='en'], :has([lang|='en']))")
    assert details.count() >= 1, f"/{rel}: the English abstract is not in a <details> (with lang=en inside)"
    d = details.first
    assert not d.evaluate("d => d.open"), f"/{rel}: the English abstract <details> starts open"
    summary = d.locator("summary")
    assert summary.count() >= 1, f"/{rel}: the English abstract <details> has no <summary>"
    assert summary.first.is_visible(), f"/{rel}: the <summary> of the English abstract is not visible"
    summary.first.click()
    assert d.evaluate("d => d.open"), f"/{rel}: clicking the <summary> did not open the English abstract"
    en = d.locator("[lang|='en']").first if d.locator("[lang|='en']").count() else d
    assert en.is_visible(), f"/{rel}: the English abstract is not visible after opening"
    assert len(en.inner_text().strip()) > 20, f"/{rel}: the English abstract is empty"
    summary.first.click()
    assert not d.evaluate("d => d.open"), f"/{rel}: clicking the <summary> again did not close it"
    assert page.problems.take() == []


# --------------------------------------------------------------------------- dark mode


_BG_JS = """() => {
  const cs = el => getComputedStyle(el);
  const transparent = c => c === 'transparent' || /rgba\\(.*,\\s*0\\)$/.test(c);
  const body = cs(document.body).backgroundColor, root = cs(document.documentElement).backgroundColor;
  return {body, root, effective: !transparent(body) ? body : (!transparent(root) ? root : null),
          scheme: cs(document.documentElement).colorScheme, text: cs(document.body).color};
}"""


def _rgb(c: str) -> tuple[float, float, float]:
    nums = [float(x) for x in re.findall(r"[\d.]+", c)[:3]]
    return tuple(nums)  # type: ignore[return-value]


def _luminance(rgb) -> float:
    def ch(v):
        v /= 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (ch(x) for x in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(a, b) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@pytest.mark.parametrize("kind", ["home", "issue", "paper"])
def test_dark_mode_changes_background_and_keeps_contrast(page, served_site: Site, kind):
    site = served_site
    _need(site, kind)
    rel = site.rel(kind, site.default_language)
    page.emulate_media(color_scheme="light")
    _goto(page, site, rel)
    light = page.evaluate(_BG_JS)
    page.emulate_media(color_scheme="dark")
    page.wait_for_timeout(50)
    dark = page.evaluate(_BG_JS)
    if light["effective"] is None and dark["effective"] is None:
        assert "dark" in (dark["scheme"] or ""), (
            f"/{rel}: body/html background is transparent in both modes and color-scheme is {dark['scheme']!r}"
        )
        return
    assert light["effective"] != dark["effective"], (
        f"/{rel}: prefers-color-scheme: dark does not change the page background"
        f" (body {light['body']} / html {light['root']} in both)"
    )
    bg = _rgb(dark["effective"] or "rgb(18,18,18)")
    fg = _rgb(dark["text"])
    ratio = _contrast(bg, fg)
    assert ratio >= 4.5, f"/{rel}: dark mode body text {dark['text']} on {dark['effective']} has contrast {ratio:.2f} < 4.5"
    assert _luminance(bg) < 0.2, f"/{rel}: dark mode background {dark['effective']} is not dark"


# --------------------------------------------------------------------------- every page


_OVERFLOW_JS = """w => {
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.width && r.right > w + 0.5) {
      const cls = (typeof el.className === 'string' && el.className.trim()) ? '.' + el.className.trim().split(/\\s+/).join('.') : '';
      out.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${cls} (right edge ${Math.round(r.right)}px)`);
      if (out.length >= 5) break;
    }
  }
  return {scroll: document.documentElement.scrollWidth, offenders: out};
}"""


def test_no_horizontal_scroll_at_360px(context_factory, served_site: Site):
    site = served_site
    ctx = context_factory(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    page = ctx.new_page()
    bad = []
    for rel in site.pages(max_pages()):
        page.goto(site.url(rel), wait_until="load")
        res = page.evaluate(_OVERFLOW_JS, 360)
        if res["scroll"] > 360:
            bad.append(f"/{rel}: scrollWidth {res['scroll']} > 360; widest: {', '.join(res['offenders'])}")
    assert not bad, "horizontal scrolling at 360 px:\n" + "\n".join(bad)


def test_no_console_errors_or_failed_requests(page, served_site: Site):
    site = served_site
    bad = []
    for rel in site.pages(max_pages()):
        wait = "networkidle" if rel.endswith("search/") else "load"
        resp = page.goto(site.url(rel), wait_until=wait)
        problems = page.problems.take()
        if resp is None or not resp.ok:
            problems.insert(0, f"HTTP {resp.status if resp else 'no response'}")
        bad += [f"/{rel}: {p}" for p in dict.fromkeys(problems)]
    assert not bad, "console errors / failed requests:\n" + "\n".join(bad)


def test_missing_path_gets_working_404_page(page, served_site: Site):
    """A static host serves 404.html at any missing URL, however deep: its links and assets must still work."""
    site = served_site
    _need(site, "404")
    missing = "issues/1999-01-04/no-such-paper/"
    page.problems.allow_404.add(site.url(missing))
    resp = page.goto(site.url(missing), wait_until="load")
    assert resp is not None and resp.status == 404
    problems = page.problems.take()
    assert not problems, f"404.html served at /{missing}:\n" + "\n".join(problems)
    hrefs = page.locator("a[href]").evaluate_all("els => els.map(a => a.href)")
    broken = []
    here = site.url(missing)
    for href in hrefs:
        rel = site.rel_of_url(href)
        if rel is None or href.split("#", 1)[0] == here:
            continue  # external, or a link within the page itself (skip link)
        if site.file_for(rel) is None:
            broken.append(href)
    assert not broken, f"404.html served at /{missing} has links that resolve to missing pages: {broken}"
    sheets = page.evaluate("() => [...document.styleSheets].filter(s => { try { return s.cssRules.length > 0 } catch (e) { return true } }).length")
    own = page.locator("link[rel~=stylesheet], style").count()
    assert own == 0 or sheets >= 1, f"404.html served at /{missing}: its stylesheet did not load"


# --------------------------------------------------------------------------- search


@pytest.fixture(scope="session")
def search_words(site: Site) -> dict[str, str]:
    """A Korean and an English word that occur in the sample's paper titles."""
    from lxml import html as lxml_html

    require(
        (site.root / "search" / "pagefind").is_dir() or (site.root / "pagefind").is_dir(),
        "search index not built (no search/pagefind/ in the site)",
    )
    _need(site, "paper")
    words: dict[str, str] = {}
    ko_rel, en_rel = site.rel("paper", site.default_language), site.rel("paper", "en")
    ko_doc = lxml_html.fromstring((site.root / ko_rel / "index.html").read_bytes())
    ko_title = " ".join(ko_doc.xpath("//h1//text()"))
    hangul = re.findall(r"[\uac00-\ud7a3]{2,}", ko_title)
    if hangul:
        words["ko"] = max(hangul, key=len)
    en_file = site.root / en_rel / "index.html"
    en_doc = lxml_html.fromstring(en_file.read_bytes()) if en_file.is_file() else ko_doc
    en_title = " ".join(en_doc.xpath("//h1//text()"))
    stop = {"about", "which", "their", "these", "those", "there", "where", "while", "with", "from", "that", "this"}
    latin = [w for w in re.findall(r"[A-Za-z]{5,}", en_title) if w.lower() not in stop]
    if latin:
        words["en"] = max(latin, key=len)
    assert set(words) == {"ko", "en"}, f"could not find a Korean and an English word in the <h1> of /{ko_rel} and /{en_rel}: {words}"
    return words


@pytest.mark.search
@pytest.mark.parametrize(
    "lang,word_lang",
    [pytest.param("ko", "ko", id="ko-page-korean-word"), pytest.param("ko", "en", id="ko-page-english-word"),
     pytest.param("en", "en", id="en-page-english-word")],
)
def test_search_finds_words(page, served_site: Site, search_words, lang, word_lang):
    site = served_site
    if lang not in site.languages:
        pytest.skip(f"site has no language {lang}")
    _need(site, "search")
    word = search_words[word_lang]
    rel = site.rel("search", lang)
    _goto(page, site, rel, wait="networkidle")
    box = page.locator("#q")
    box.wait_for(state="visible", timeout=10_000)
    box.fill(word)
    try:
        page.locator("#search-results li").first.wait_for(state="visible", timeout=15_000)
    except Exception:  # noqa: BLE001
        pytest.fail(f"/{rel}: searching {word!r} shows no result", pytrace=False)
    hrefs = page.locator("#search-results li a[href]").evaluate_all("els => els.map(a => a.href)")
    assert hrefs, f"/{rel}: search results for {word!r} have no links"
    for href in hrefs:
        rel_hit = site.rel_of_url(href)
        assert rel_hit is not None and site.file_for(rel_hit) is not None, (
            f"/{rel}: search result for {word!r} links to {href}, which is not a built page"
        )
    assert page.problems.take() == []
