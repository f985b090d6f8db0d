"""Build a generated archive of N papers and print how long each stage takes and peak memory.

    .venv/bin/python benchmarks/build_speed.py --papers 5000 [--search] [--keep DIR]

Cases: a cold build with an empty cache, a rebuild with nothing changed, a cold build with the
cache kept (a CI deploy restoring .cache/), one paper edited, the same edit in a warm ``Builder``
(the live preview), and a build without the cache.

The archive is made of synthetic weekly issues (10 papers a week, Korean and English text of
realistic length, tags, themes), written to a temporary folder, so nothing is committed.
"""
from __future__ import annotations

import argparse
import datetime as dt
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from paperdigest.build import Builder, build  # noqa: E402
from paperdigest.content.load import load_site  # noqa: E402

TAGS = ["agents", "reasoning", "memory", "multimodal", "vision-language", "video", "benchmark",
        "software-engineering", "reinforcement-learning", "document-ai", "long-context", "interpretability"]
KO = "이 논문은 대형 언어 모델이 긴 문맥에서 추론하는 방식을 살펴보고, 메모리를 줄이면서 정확도를 높이는 방법을 제안합니다. "
EN = "This paper studies how large language models reason over long contexts and proposes a way to cut memory while improving accuracy. "


def make_archive(root: Path, papers: int, per_week: int = 10) -> Path:
    src = root / "papers"
    src.mkdir(parents=True)
    shutil.copy(ROOT / "papers" / "site.yaml", src / "site.yaml")
    weeks = (papers + per_week - 1) // per_week
    monday = dt.date(2025, 6, 23)
    made = 0
    for w in range(weeks):
        week = monday - dt.timedelta(weeks=w)
        folder = src / week.isoformat()
        folder.mkdir()
        ids = []
        for n in range(min(per_week, papers - made)):
            pid = f"paper-{w}-{n}"
            ids.append(pid)
            tags = ", ".join(TAGS[(w + n + k) % len(TAGS)] for k in range(2))
            folder.joinpath(f"{pid}.md").write_text(
                f'---\ntitle:\n  ko: "긴 문맥 추론 연구 {w}-{n}"\n  en: "Long-Context Reasoning Study {w}-{n}"\n'
                f'arxiv: "25{(w % 12) + 1:02d}.{10000 + made:05d}"\ntags: [{tags}]\n'
                f"summary:\n  ko: |\n    {KO * 3}\n  en: |\n    {EN * 3}\n"
                f"abstract:\n  ko: |\n    {KO * 8}\n  en: |\n    {EN * 8}\n---\n",
                encoding="utf-8")
            made += 1
        published = dt.datetime.combine(week + dt.timedelta(days=7), dt.time(9), dt.timezone(dt.timedelta(hours=9)))
        folder.joinpath("issue.md").write_text(
            f"---\nweek: {week.isoformat()}\npublished: {published.isoformat()}\n"
            f"themes:\n  - title: {{ko: 주제, en: Theme}}\n    summary: {{ko: \"{KO}\", en: \"{EN}\"}}\n"
            f"    papers: [{', '.join(ids[:3])}]\n---\n", encoding="utf-8")
    return src


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--papers", type=int, default=5000)
    parser.add_argument("--search", action="store_true", help="include the Pagefind index")
    parser.add_argument("--keep", type=Path, help="keep the generated archive and site here")
    parser.add_argument("--jobs", type=int, default=None, help="worker processes (default: automatic)")
    parser.add_argument("--no-cards", action="store_true", help="cards: false (no preview cards)")
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="paperdigest-bench-"))
    try:
        started = time.perf_counter()
        src = make_archive(root, args.papers)
        if args.no_cards:
            with open(src / "site.yaml", "a", encoding="utf-8") as settings:
                settings.write("cards: false\n")
        print(f"generated {args.papers} papers in {time.perf_counter() - started:.1f}s")
        started = time.perf_counter()
        site, problems = load_site(src)
        load_s = time.perf_counter() - started
        print(f"load + check: {load_s:.2f}s ({args.papers / load_s:,.0f} papers/s, {len(problems)} problems)")
        out, cache = root / "site", root / "cache"
        kw = dict(search=args.search, jobs=args.jobs, cache_dir=cache)

        def timed(label: str, **extra) -> None:
            started = time.perf_counter()
            result = build(src, out, **{**kw, **extra})
            total = time.perf_counter() - started
            assert result.built, [str(p) for p in result.problems[:5]]
            stages = ", ".join(f"{stage} {seconds:.2f}" for stage, seconds in result.timings.items())
            print(f"{label}: {total:.2f}s ({result.files:,} files, {result.written:,} written, "
                  f"{result.removed} removed; units reused {result.cache_hits}, rendered {result.cache_misses}; "
                  f"{stages})")

        shutil.rmtree(cache, ignore_errors=True)
        timed("cold build, empty cache")
        timed("no-change rebuild")
        shutil.rmtree(out)
        timed("cold build, cache kept (CI deploy)")
        paper = next(src.glob("*/paper-3-4.md"))
        paper.write_text(paper.read_text(encoding="utf-8").replace("Long-Context", "Longer-Context"), encoding="utf-8")
        timed("one paper edited")
        for atomic in (True, False):
            builder = Builder(src, out, **kw, atomic=atomic)
            builder.build()
            paper.write_text(paper.read_text(encoding="utf-8").replace("Longer-Context", f"Longer-Context{int(atomic)}"), encoding="utf-8")
            started = time.perf_counter()
            result = builder.build()
            how = "staged and swapped" if atomic else "written in place (live preview)"
            print(f"warm Builder, one paper edited, {how}: {(time.perf_counter() - started) * 1000:.0f} ms "
                  f"({result.written} written; " + ", ".join(f"{k} {v * 1000:.0f}" for k, v in result.timings.items())
                  + " ms)")
        timed("cold build, --no-cache, over the previous site", cache=False)
        size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
        print(f"site: {size / 1e6:.1f} MB; cache: {sum(p.stat().st_size for p in cache.rglob('*') if p.is_file()) / 1e6:.1f} MB")
        card_files = list(out.rglob("card.png"))
        if card_files:
            card_bytes = sum(p.stat().st_size for p in card_files)
            print(f"preview cards: {len(card_files):,} ({card_bytes / len(card_files) / 1024:.1f} KB each)")
        print(f"topics page: {(out / 'topics' / 'index.html').stat().st_size / 1024:.1f} KB")
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"peak memory (RSS): {peak:.0f} MB in the main process, {workers:.0f} MB in the largest worker")
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
