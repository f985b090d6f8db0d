"""paperdigest beside Hugo on the same generated corpus, in one run: medians and ratios.

    .venv/bin/python benchmarks/compare_hugo.py                 # 50 and 500 issues (10 papers each)
    .venv/bin/python benchmarks/compare_hugo.py --issues 500 --repeat 1
    .venv/bin/python benchmarks/compare_hugo.py --huge          # adds 5,000 issues, one run of each (slow)

Figures: cold build (empty cache), cold with the cache kept, no-change rebuild, one paper edited
(the first edit after the site was built afresh, then a second edit), one template edited, one week added (each a whole `build` command, search included on our side),
a cold build without search, peak memory of the whole process tree (Pagefind and render workers
included; sampled every 20 ms) with and without search, and `serve`'s save-to-reload: from
writing a paper file to the open page's reload event and the fetched page showing the edit
(Hugo: `hugo server`'s in-memory page showing the edit, polled every 10 ms).
Cache options (`--cache-dir`, `--no-cache`) are used when `paperdigest build --help` lists them.
"""
from __future__ import annotations

import argparse
import contextlib
import json
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

import psutil

from corpus import add_week, remove_week, write_corpus

HUGO = shutil.which("hugo")
ROWS = ["cold build, empty cache", "cold build, cache kept", "no-change rebuild", "one paper edited",
        "one paper edited again", "one template edited", "one week added", "cold build, no search", "peak memory, search included",
        "peak memory, no search", "serve: save → reloaded page, no search", "serve: save → reloaded page, search"]
PAPERDIGEST = [sys.executable, "-m", "paperdigest"]


def run_measured(command: list[str]) -> tuple[float, int]:
    """Seconds and peak RSS (bytes) summed over the process and all its descendants."""
    started = time.perf_counter()
    process = psutil.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    while process.poll() is None:
        total = 0
        try:
            for member in [process, *process.children(recursive=True)]:
                total += member.memory_info().rss
        except psutil.Error:
            pass
        peak = max(peak, total)
        time.sleep(0.02)
    seconds = time.perf_counter() - started
    if process.returncode != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{process.stderr.read().decode()[-2000:]}")
    return seconds, peak


def build_options() -> set[str]:
    text = subprocess.run([*PAPERDIGEST, "build", "--help"], capture_output=True, text=True).stdout
    return {option for option in ("--cache-dir", "--no-cache", "--no-search") if option in text}


def edit_paper(paper: Path, mark: str) -> None:
    text = paper.read_text(encoding="utf-8")
    paper.write_text(text.replace("Study", f"Study{mark}", 1), encoding="utf-8")


def edit_template(template: Path, mark: str) -> None:
    text = template.read_text(encoding="utf-8")
    template.write_text(text.replace("</body>", f"<!-- {mark} --></body>", 1), encoding="utf-8")


class Side:
    """One generator: how to build it, and where its files are."""

    def __init__(self, name: str, command: Callable[..., list[str]], paper_files: list[Path], template: Path):
        self.name, self.command, self.paper_files, self.template = name, command, paper_files, template


def measure_builds(side: Side, out: Path, cache: Path | None, src: Path, hugo: Path | None,
                   figures: dict[str, list[float]], notes: list[str], search: bool = True) -> None:
    def clear(path: Path | None) -> None:
        if path is not None:
            shutil.rmtree(path, ignore_errors=True)

    def record(name: str) -> int:
        seconds, peak = run_measured(side.command(out, cache=cache, search=search))
        figures.setdefault(name, []).append(seconds)
        print(f"  {side.name}: {name}: {seconds:.2f} s, peak {peak / 2**20:,.0f} MB", flush=True)
        return peak

    clear(out), clear(cache)
    figures.setdefault("peak memory, search included", []).append(record("cold build, empty cache"))
    clear(out)
    if cache is not None:
        record("cold build, cache kept")
    else:
        run_measured(side.command(out, cache=cache, search=search))
    record("no-change rebuild")
    mark = str(time.monotonic_ns())
    for paper in side.paper_files:
        edit_paper(paper, mark)
    record("one paper edited")
    # the maintainer's loop: the first edit after a site built afresh, then the next one
    for paper in side.paper_files:
        edit_paper(paper, f"{mark}b")
    record("one paper edited again")
    edit_template(side.template, mark)
    record("one template edited")
    add_week(src, hugo, -1)
    record("one week added")


def paperdigest_side(root: Path, options: set[str]) -> Side:
    src = root / "paperdigest" / "papers"

    def command(out: Path, cache: Path | None, search: bool) -> list[str]:
        if cache is not None and "--cache-dir" in options:
            extra = ["--cache-dir", str(cache)]
        else:
            extra = ["--no-cache"] if "--no-cache" in options else []
        return [*PAPERDIGEST, "build", "--src", str(src), "--out", str(out), *extra,
                *([] if search else ["--no-search"])]

    paper = sorted(src.glob("*/paper-3.md"))[len(list(src.glob("*/paper-3.md"))) // 2]
    return Side("paperdigest", command, [paper], root / "paperdigest" / "templates" / "base.html")


def hugo_side(root: Path) -> Side:
    site = root / "hugo"

    def command(out: Path, cache: Path | None, search: bool) -> list[str]:
        return [HUGO, "--source", str(site), "--destination", str(out), "--cacheDir", str(cache), "--quiet"]

    week = sorted((site / "content" / "ko" / "issues").iterdir())[len(list((site / "content/ko/issues").iterdir())) // 2]
    papers = [site / "content" / lang / "issues" / week.name / "paper-3.md" for lang in ("ko", "en")]
    return Side("hugo", command, papers, site / "layouts" / "_default" / "baseof.html")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(predicate: Callable[[], bool], seconds: float, step: float = 0.01) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        if time.monotonic() > deadline:
            raise SystemExit("timed out waiting for the server")
        time.sleep(step)


def listening(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        return True
    except OSError:
        return False


def page_has(url: str, text: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return text in response.read().decode("utf-8")
    except OSError:
        return False


@contextlib.contextmanager
def running(command: list[str]):
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        yield server
    finally:
        server.terminate()
        server.wait(30)


def time_edits(paper: Path, repeat: int, reloaded: Callable[[str], None]) -> list[float]:
    """Seconds from writing ``paper`` to ``reloaded(mark)`` returning, once per edit."""
    times = []
    for n in range(repeat):
        mark = f"Served{n}x{time.monotonic_ns()}"
        started = time.perf_counter()
        edit_paper(paper, mark)
        reloaded(mark)
        times.append(time.perf_counter() - started)
        time.sleep(0.5)
    return times


def serve_paperdigest(root: Path, out: Path, repeat: int, search: bool) -> list[float]:
    src = root / "paperdigest" / "papers"
    port = free_port()
    with running([*PAPERDIGEST, "serve", "--src", str(src), "--out", str(out), "--port", str(port),
                  *([] if search else ["--no-search"])]):
        wait_until(lambda: listening(port), 60)
        stream = urllib.request.urlopen(f"http://127.0.0.1:{port}/__paperdigest/events", timeout=900)
        version = 0

        def next_version() -> None:
            nonlocal version
            while True:
                line = stream.readline().decode("utf-8")
                if not line:
                    raise SystemExit("the event stream ended")
                if line.startswith("data: ") and json.loads(line[6:])["version"] > version:
                    version = json.loads(line[6:])["version"]
                    return

        next_version()  # the first build
        paper = sorted(src.glob("*/paper-5.md"))[len(list(src.glob("*/paper-5.md"))) // 2]
        url = f"http://127.0.0.1:{port}/en/issues/{paper.parent.name}/paper-5/"

        def reloaded(mark: str) -> None:  # what the page does: the event, then the page again
            next_version()
            if not page_has(url, mark):
                raise SystemExit("the reloaded page does not show the edit")

        times = time_edits(paper, repeat, reloaded)
        print(f"  paperdigest: serve (search {search}): {', '.join(f'{t:.2f} s' for t in times)}", flush=True)
        return times


def serve_hugo(root: Path, repeat: int) -> list[float]:
    site = root / "hugo"
    port = free_port()
    with running([HUGO, "server", "--source", str(site), "--port", str(port), "--bind", "127.0.0.1",
                  "--cacheDir", str(root / "hugo-serve-cache")]):
        wait_until(lambda: page_has(f"http://127.0.0.1:{port}/", ""), 600, 0.2)
        week = sorted((site / "content" / "en" / "issues").glob("2*"))[-3]
        url = f"http://127.0.0.1:{port}/en/issues/{week.name}/paper-5/"
        return time_edits(week / "paper-5.md", repeat, lambda mark: wait_until(lambda: page_has(url, mark), 120))


def show(value: float, unit: str) -> str:
    return f"{value / 2**20:,.0f} MB" if unit == "bytes" else f"{value:.2f} s" if value >= 1 else f"{value * 1000:.0f} ms"


def print_table(title: str, ours: dict[str, list[float]], theirs: dict[str, list[float]], notes: list[str]) -> None:
    print(f"\n{title}")
    print(f"{'':44}{'paperdigest':>14}{'hugo':>12}{'ratio':>9}")
    for name in sorted(ours, key=lambda name: ROWS.index(name)):
        values = ours[name]
        unit = "bytes" if name.startswith("peak") else "s"
        label = name
        mine = statistics.median(values)
        other = statistics.median(theirs[name]) if theirs.get(name) else None
        ratio = f"{mine / other:.2f}x" if other else ""
        print(f"{label:44}{show(mine, unit):>14}{show(other, unit) if other else '—':>12}{ratio:>9}")
    for note in notes:
        print(f"  note: {note}")
    sys.stdout.flush()


def compare(issues: int, repeat: int, with_hugo: bool, serve_repeat: int) -> None:
    root = Path(tempfile.mkdtemp(prefix=f"paperdigest-vs-hugo-{issues}-"))
    try:
        started = time.perf_counter()
        write_corpus(root, issues)
        print(f"\n{issues} issues x 10 papers: corpus written in {time.perf_counter() - started:.1f} s ({root})")
        options = build_options()
        notes = [] if "--cache-dir" in options else [
            "`paperdigest build` has no --cache-dir here: 'cold build, cache kept' skipped, every build is cold"]
        ours: dict[str, list[float]] = {}
        theirs: dict[str, list[float]] = {}
        src, hugo_src = root / "paperdigest" / "papers", (root / "hugo" if with_hugo else None)
        cache = root / "pd-cache" if "--cache-dir" in options else None
        ours["serve: save → reloaded page, no search"] = serve_paperdigest(root, root / "pd-serve", serve_repeat, False)
        ours["serve: save → reloaded page, search"] = serve_paperdigest(root, root / "pd-serve", serve_repeat, True)
        if with_hugo:
            hugo_serve = serve_hugo(root, serve_repeat)
            print(f"  hugo: serve: {', '.join(f'{t:.2f} s' for t in hugo_serve)}", flush=True)
            theirs["serve: save → reloaded page, no search"] = hugo_serve
            theirs["serve: save → reloaded page, search"] = hugo_serve
        for _ in range(repeat):
            measure_builds(paperdigest_side(root, options), root / "pd-site", cache, src, hugo_src, ours, notes)
            if with_hugo:
                measure_builds(hugo_side(root), root / "hugo-site", root / "hugo-cache", src, hugo_src, theirs, notes)
            remove_week(src, hugo_src, -1)
            seconds, peak = run_measured(paperdigest_side(root, options).command(root / "pd-site-plain", cache=None,
                                                                                 search=False))
            ours.setdefault("cold build, no search", []).append(seconds)
            print(f"  paperdigest: cold build, no search: {seconds:.2f} s, peak {peak / 2**20:,.0f} MB", flush=True)
            ours.setdefault("peak memory, no search", []).append(peak)
            if with_hugo:  # Hugo has no search: its cold build is its figure for both
                theirs.setdefault("cold build, no search", []).extend(theirs["cold build, empty cache"][-1:])
                theirs.setdefault("peak memory, no search", []).extend(theirs["peak memory, search included"][-1:])
        if with_hugo:
            notes.append("Hugo has no search: its cold build stands in both cold rows and both memory rows, "
                         "its server in both serve rows")
        print_table(f"{issues} issues ({issues * 10:,} papers), medians of {repeat} run(s), serve of {serve_repeat}",
                    ours, theirs, notes)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--issues", type=int, nargs="+", default=[50, 500], help="sizes (10 papers per issue)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each build figure (median)")
    parser.add_argument("--serve-repeat", type=int, default=5, help="edits timed under serve (median)")
    parser.add_argument("--huge", action="store_true", help="also 5,000 issues (50,000 papers), one run (slow)")
    args = parser.parse_args()
    with_hugo = HUGO is not None
    if not with_hugo:
        print("hugo not found: our figures only. Install it with `apt-get install hugo` (Debian's 0.111).")
    else:
        print(subprocess.run([HUGO, "version"], capture_output=True, text=True).stdout.strip())
    for issues in args.issues:
        compare(issues, args.repeat, with_hugo, args.serve_repeat)
    if args.huge:
        compare(5000, 1, with_hugo, 3)


if __name__ == "__main__":
    main()
