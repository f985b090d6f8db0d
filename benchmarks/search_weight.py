"""Search figures: indexing time and memory, bytes a browser fetches for a first query, top results.

    .venv/bin/python benchmarks/search_weight.py                 # the sample
    .venv/bin/python benchmarks/search_weight.py --papers 5000   # a generated archive (build_speed.py's)
    .venv/bin/python benchmarks/search_weight.py --before /work/main/src   # also the code in that src/

Prints, for this code and (with --before) for another checkout's code on the same content:
the time and peak memory of indexing (the largest Pagefind process; this code runs two at once),
the time to re-index after one new week (this code only), the search page's own bytes, the bytes
a browser fetches for a first query, and the top three results of a few queries.
"""
from __future__ import annotations

import argparse
import datetime as dt
import resource
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from build_speed import make_archive  # noqa: E402

from tests.browser.browser_support import CHROMIUM, CHROMIUM_ARGS, make_site, serve  # noqa: E402

QUERIES = ["메모리", "메모리와", "에이전트를", "추론", "agents", "memory", "video", "Xolver", "2506.15841"]
INDEX = """
import resource, sys, time
sys.path.insert(0, sys.argv[1])
from pathlib import Path
from paperdigest.render.search import index_site
started = time.perf_counter()
site, previous = Path(sys.argv[2]), (Path(sys.argv[3]) if len(sys.argv) > 3 else None)
try:
    report = index_site(site, ("ko", "en"), previous=previous)
except TypeError:  # an older index_site(site_dir)
    report = index_site(site)
made = len(report.indexed) if report else 1
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(time.perf_counter() - started, usage.ru_maxrss, made, usage.ru_utime + usage.ru_stime)
"""


def build_pages(code: Path, src: Path, out: Path) -> None:
    subprocess.run([sys.executable, "-c", "import sys; sys.path.insert(0, sys.argv[1]); from paperdigest.cli import main;"
                    " sys.argv = ['paperdigest'] + sys.argv[2:]; main()", str(code), "build", "--no-search",
                    "--src", str(src), "--out", str(out)], check=True, capture_output=True)


def index(code: Path, site: Path, previous: Path | None = None) -> tuple[float, float, int, float]:
    """Wall seconds, the largest Pagefind process's peak memory (MB), bundles made and Pagefind's CPU seconds."""
    args = [sys.executable, "-c", INDEX, str(code), str(site)] + ([str(previous)] if previous else [])
    seconds, kb, made, cpu = subprocess.run(args, check=True, capture_output=True, text=True).stdout.split()
    return float(seconds), int(kb) / 1024, int(made), float(cpu)


def own_bytes(site: Path, lang_prefix: str = "") -> int:
    """The search page's HTML with the CSS and JS it loads from the theme (before Pagefind's bundle)."""
    from lxml import html
    page = site / lang_prefix / "search" / "index.html"
    doc = html.fromstring(page.read_bytes())
    assets = [e.get("href") for e in doc.cssselect("link[rel=stylesheet]")] + [e.get("src") for e in doc.cssselect("script[src]")]
    own = [a for a in assets if "pagefind" not in a]
    return page.stat().st_size + sum((page.parent / a).resolve().stat().st_size for a in own)


def browse(site_root: Path, src: Path, queries: list[str], old_ui: bool) -> tuple[dict, dict]:
    """Bytes fetched for the first query (own files vs the Pagefind bundle), and top results per query."""
    from playwright.sync_api import sync_playwright
    site = make_site(site_root, src)
    box, hits = ("#search input", ".pagefind-ui__result-link") if old_ui else ("#q", "#search-results a.title")
    weights, tops = {}, {}
    with serve(site), sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        for n, query in enumerate(queries):
            page = browser.new_context().new_page()
            sizes: dict[str, int] = {}
            page.on("requestfinished", lambda r: sizes.__setitem__(r.url, r.sizes()["responseBodySize"]))
            page.goto(site.url("search/"), wait_until="networkidle")
            page.locator(box).first.fill(query)
            try:
                page.locator(hits).first.wait_for(timeout=15_000)
                page.wait_for_load_state("networkidle")
            except Exception:  # noqa: BLE001 - no result is a result too
                pass
            tops[query] = [site.rel_of_url(h) for h in page.locator(hits).evaluate_all("e => e.map(a => a.href)")[:3]]
            if n == 0:
                bundle = sum(v for u, v in sizes.items() if "/pagefind/" in u)
                weights = {"query": query, "own": sum(sizes.values()) - bundle, "pagefind": bundle,
                           "requests": len(sizes)}
            page.context.close()
        browser.close()
    return weights, tops


def add_week(src: Path) -> None:
    """One new week after the newest, like the one a maintainer adds (a copy of the newest week's papers)."""
    newest = max(p for p in src.iterdir() if p.is_dir())
    week = dt.date.fromisoformat(newest.name) + dt.timedelta(weeks=1)
    shutil.copytree(newest, src / week.isoformat())
    issue = src / week.isoformat() / "issue.md"
    text = issue.read_text(encoding="utf-8").replace(f"week: {newest.name}", f"week: {week.isoformat()}")
    issue.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--papers", type=int, default=0, help="a generated archive of N papers (0: the sample)")
    parser.add_argument("--before", type=Path, help="another checkout's src/ to compare with")
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        src = make_archive(work, args.papers) if args.papers else shutil.copytree(ROOT / "tests/fixtures/sample", work / "papers")
        queries = QUERIES if not args.papers else ["추론", "memory", "2505.10042"]  # paper-4-2's id
        for label, code in [("after", ROOT / "src")] + ([("before", args.before.resolve())] if args.before else []):
            out = work / label
            build_pages(code, src, out)
            seconds, mb, made, cpu = index(code, out)
            line = f"{label}: index {seconds:.1f} s ({cpu:.1f} s CPU, {made} bundles), largest Pagefind process {mb:.0f} MB"
            if label == "after":
                again = work / "again"
                shutil.copytree(src, work / "src2")
                add_week(work / "src2")
                build_pages(code, work / "src2", again)
                re_seconds, re_mb, re_made, re_cpu = index(code, again, previous=out)
                line += (f"; after one new week {re_seconds:.1f} s ({re_cpu:.1f} s CPU), {re_mb:.0f} MB"
                         f" ({re_made} bundles re-indexed)")
                shutil.rmtree(again)
                shutil.rmtree(work / "src2")
            line += f"; search page's own HTML+CSS+JS {own_bytes(out) / 1024:.1f} KB"
            print(line, flush=True)
            if not args.no_browser:
                weights, tops = browse(out, src, queries, old_ui=label == "before")
                print(f"  first query {weights['query']!r}: {weights['own'] / 1024:.1f} KB own files + "
                      f"{weights['pagefind'] / 1024:.1f} KB Pagefind, {weights['requests']} requests", flush=True)
                for query, top in tops.items():
                    print(f"  {query!r}: {top}", flush=True)
    print(f"peak memory of this script: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
