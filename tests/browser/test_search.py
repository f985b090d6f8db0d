"""Search as readers use it (issue 13; issue 10's sub-path defect; issue 11's per-year bundles).

The site is the sample plus the extra week in tests/fixtures/search-extra (another year, an old-style
and a versioned arXiv id, an English-only paper), built with a sub-path base_url and served under it,
so every search here also runs under a sub-path, in both languages, across two year bundles.
"""

from __future__ import annotations

import re
import shutil
import urllib.parse

import pytest
import yaml

from .browser_support import REPO, Site, build, make_site, serve

pytestmark = [pytest.mark.browser, pytest.mark.search]

SUB_BASE = "https://example.org/digest/"
EXTRA = REPO / "tests" / "fixtures" / "search-extra"
LANGS = ("ko", "en")


@pytest.fixture(scope="module")
def search_site(site: Site, tmp_path_factory: pytest.TempPathFactory):
    if site.src is None or not (site.src / "site.yaml").is_file():
        pytest.skip("no content folder to rebuild")
    work = tmp_path_factory.mktemp("search")
    src = work / "papers"
    shutil.copytree(site.src, src)
    for week in EXTRA.iterdir():
        if week.is_dir():
            shutil.copytree(week, src / week.name)
    config = src / "site.yaml"
    config.write_text(re.sub(r"(?m)^base_url:.*$", f'base_url: "{SUB_BASE}"', config.read_text(encoding="utf-8")),
                      encoding="utf-8")
    built = make_site(build(src, work / "site"), src)
    with serve(built):
        yield built


def papers(site: Site) -> list[dict]:
    """Every paper of the content folder with its week, year and path (the facts results must match)."""
    found = []
    for file in sorted(site.src.glob("*/*.*")):
        if file.name.startswith("issue."):
            continue
        text = file.read_text(encoding="utf-8")
        data = yaml.safe_load(text.split("\n---", 1)[0].removeprefix("---\n") if file.suffix == ".md" else text)
        week = file.parent.name
        found.append({**data, "id": file.stem, "week": week, "year": week[:4],
                      "path": f"issues/{week}/{file.stem}/"})
    return found


def search_page(site: Site, lang: str, query: str = "") -> str:
    return site.url(site.prefix(lang) + "search/") + (f"?{query}" if query else "")


def wait_for_results(page) -> list[str]:
    """The result links once the live region has announced a count (or that there is none)."""
    page.wait_for_function(
        "() => { const s = document.getElementById('search-status').textContent;"
        " return s && !s.endsWith('…'); }", timeout=20_000)
    return page.locator("#search-results li a.title").evaluate_all("els => els.map(a => a.href)")


def rel_path(site: Site, href: str) -> str:
    rel = site.rel_of_url(href)
    assert rel is not None, f"{href} is not on the site"
    return rel


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("query,paper", [
    ("2506.15841", "mem1"), ("arXiv:2506.15841", "mem1"), ("2506.15841v2", "mem1"),
    ("https://arxiv.org/abs/2506.15841", "mem1"), ("1706.03762", "transformer"),
    ("arXiv:1706.03762v7", "transformer"), ("cs/9605103", "rl-survey"), ("arXiv:cs/9605103v1", "rl-survey"),
])
def test_arxiv_id_in_every_form_finds_its_paper_first(page, search_site: Site, lang, query, paper):
    page.goto(search_page(search_site, lang, urllib.parse.urlencode({"q": query})))
    hrefs = wait_for_results(page)
    assert hrefs, f"{query!r} on the {lang} search page found nothing"
    assert rel_path(search_site, hrefs[0]).endswith(f"/{paper}/"), f"{query!r}: first result {hrefs[0]}"
    assert rel_path(search_site, hrefs[0]).startswith(search_site.prefix(lang)), "a result in the page's language"
    assert page.problems.take() == []


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("query,paper", [("Daniela Rus", "mem1"), ("Kaelbling", "rl-survey"),
                                         ("Neel Nanda", "visual-language-mapping")])
def test_an_author_finds_their_papers(page, search_site: Site, lang, query, paper):
    page.goto(search_page(search_site, lang, urllib.parse.urlencode({"q": query})))
    hrefs = wait_for_results(page)
    assert hrefs and rel_path(search_site, hrefs[0]).endswith(f"/{paper}/"), f"{query!r}: {hrefs}"


def chosen_count(page, name: str, value: str) -> int:
    """Choose ``value`` in a filter menu; return the count the menu offered for it."""
    menu = page.locator(f"select[name={name}]")
    page.wait_for_function(f"() => [...document.querySelector('select[name={name}]').options]"
                           f".some(o => o.value === {value!r})", timeout=20_000)
    label = menu.locator(f"option[value='{value}']").inner_text()
    count = int(re.search(r"\((\d+)\)$", label).group(1))
    menu.select_option(value)
    return count


def announced(page) -> int:
    page.wait_for_function("() => /\\d/.test(document.getElementById('search-status').textContent)", timeout=20_000)
    return int(re.search(r"\d+", page.locator("#search-status").inner_text()).group())


@pytest.mark.parametrize("lang", LANGS)
def test_tag_and_year_filters_narrow_and_their_counts_agree(page, search_site: Site, lang):
    site, facts = search_site, papers(search_site)
    page.goto(search_page(site, lang))
    page.locator("#q").focus()  # the menus fill from the index once the reader reaches the form
    count = chosen_count(page, "tag", "reinforcement-learning")
    tagged = [p for p in facts if "reinforcement-learning" in p.get("tags", [])]
    assert count == len(tagged) == 3
    # the menu and the results name the tag in the page's language (site.yaml's tags:); the link keeps the slug
    name = {"ko": "강화학습", "en": "Reinforcement learning"}[lang]
    assert page.locator("select[name=tag] option[value='reinforcement-learning']").inner_text() == f"{name} ({count})"
    assert announced(page) == count == len(wait_for_results(page))
    assert "tag=reinforcement-learning" in page.url
    assert all(f"#{name}" in tags for tags in page.locator("#search-results li .meta").all_inner_texts())
    count = chosen_count(page, "year", "2024")
    both = [p for p in tagged if p["year"] == "2024"]
    assert count == len(both) == 1
    hrefs = wait_for_results(page)
    assert announced(page) == len(hrefs) == 1 and rel_path(site, hrefs[0]).endswith("/rl-survey/")
    assert "year=2024" in page.url


@pytest.mark.parametrize("lang", LANGS)
def test_sort_newest_first_and_deep_link_with_filters(page, search_site: Site, lang):
    site = search_site
    query = "q=" + urllib.parse.quote("learning") + "&sort=newest"
    page.goto(search_page(site, lang, query))
    hrefs = wait_for_results(page)
    weeks = [rel_path(site, h).split("/")[-3] for h in hrefs]
    assert len(weeks) > 2 and weeks == sorted(weeks, reverse=True) and weeks[-1] != weeks[0], weeks
    assert page.locator("#q").input_value() == "learning" and page.locator("select[name=sort]").input_value() == "newest"
    # each result: title in the page's language, the issue week, its tags, a highlighted excerpt
    first = page.locator("#search-results li").first
    assert first.locator(".meta").inner_text().count("2025-06-23") == 1
    assert first.locator(".meta .tag").count() >= 1 and first.locator(".excerpt mark").count() >= 1


@pytest.mark.parametrize("lang", LANGS)
def test_typing_updates_the_address_without_new_history(page, search_site: Site, lang):
    page.goto(search_page(search_site, lang))
    before = page.evaluate("history.length")
    page.locator("#q").press_sequentially("memory", delay=30)
    wait_for_results(page)
    page.wait_for_function("() => location.search === '?q=memory'")
    assert page.evaluate("history.length") == before
    page.reload()
    assert wait_for_results(page), "the address typed into must reopen with results"


@pytest.mark.parametrize("lang", LANGS)
def test_header_form_reaches_search_without_javascript(context_factory, search_site: Site, lang):
    page = context_factory(java_script_enabled=False).new_page()
    page.goto(search_site.url(search_site.prefix(lang) + "issues/2025-06-23/"))
    page.locator("header form[role=search] input[name=q]").fill("메모리")
    page.locator("header form[role=search] input[name=q]").press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q="))
    parts = urllib.parse.urlsplit(page.url)
    assert parts.path == search_site.base_path + search_site.prefix(lang) + "search/"
    assert urllib.parse.parse_qs(parts.query) == {"q": ["메모리"]}


def test_slash_focuses_the_search_box_on_every_kind_of_page(page, search_site: Site):
    for rel in ("", "issues/2025-06-23/", "en/tags/", "search/"):
        page.goto(search_site.url(rel))
        page.locator("body").press("/")
        assert page.evaluate("document.activeElement.type") == "search", f"/{rel}"


def test_switch_brings_the_other_language_into_korean_results(page, search_site: Site):
    site = search_site
    page.goto(search_page(site, "ko", "q=replaying"))
    assert wait_for_results(page) == [], "the word is only in an English summary"
    page.locator("input[name=all]").check()
    page.wait_for_function("() => document.querySelectorAll('#search-results li').length > 0", timeout=20_000)
    hrefs = wait_for_results(page)
    assert rel_path(site, hrefs[0]) == "en/issues/2025-06-23/mem1/"
    assert page.locator("#search-results li").first.get_attribute("lang") == "en"
    assert "all=1" in page.url
    # the English-only paper: found in Korean results (its Korean page falls back to English text)
    page.goto(search_page(site, "ko", "q=exploitation"))
    assert rel_path(site, wait_for_results(page)[0]) == "issues/2024-12-30/rl-survey/"


@pytest.mark.standards
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("lang", LANGS)
def test_axe_on_search_page_with_results(context_factory, search_site: Site, axe_source: str, lang, scheme):
    page = context_factory(viewport={"width": 360, "height": 800}).new_page()
    page.emulate_media(color_scheme=scheme)
    page.goto(search_page(search_site, lang, "q=reasoning&tag=reasoning"))
    assert len(wait_for_results(page)) >= 3
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, "horizontal scroll at 360 px"
    page.add_script_tag(content=axe_source)
    violations = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']}))"
                               ".violations.map(v => v.id + ': ' + v.nodes.map(n => n.target).join(' '))")
    assert violations == []


def test_first_query_fetches_one_year_bundle_per_year(page, search_site: Site):
    """The search page loads nothing until asked, then only its language's bundles (one per year)."""
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url))
    page.goto(search_page(search_site, "ko"))
    assert not [u for u in fetched if "/pagefind/" in u], "no index before the reader searches"
    page.locator("#q").fill("agents")
    wait_for_results(page)
    entries = sorted(urllib.parse.urlsplit(u).path for u in fetched if u.split("?")[0].endswith("pagefind-entry.json"))
    base = search_site.base_path + "pagefind/"
    assert entries == [base + "ko/2024/pagefind-entry.json", base + "ko/2025/pagefind-entry.json"]
