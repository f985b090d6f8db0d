"""Run the hardening suites and print their figures (``make harden``; ``make fuzz`` for the long run).

    .venv/bin/python benchmarks/harden.py [--long] [--no-browser]

Runs the fuzzers, the hostile-input tests and the XSS corpus in Chromium with
``PAPERDIGEST_HARDEN_REPORT`` set: any test may append one JSON object per line to that file
(``{"suite": ..., <figure>: <number>, ...}``), and this script adds up what each suite reports,
with pytest's own pass/fail counts per test file. It then measures the attacks that must be
refused fast and small: a YAML alias bomb, a 100 MB file, and 10 kB of '[' in one abstract.
Exits non-zero when a suite fails.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BASE = ROOT / "tests" / "fixtures" / "base"
SUITES = ["tests/test_fuzz.py", "tests/test_hardening.py", "tests/test_paths.py", "tests/test_safety.py",
          "tests/browser/test_browser_xss.py"]


def reporting_suites() -> list[str]:
    """Every test file that reports figures (crash safety, serve...) through conftest.report_figures."""
    return sorted(str(path.relative_to(ROOT)) for path in (ROOT / "tests").rglob("test_*.py")
                  if "report_figures(" in path.read_text(encoding="utf-8"))


def run_suites(files: list[str], long: bool, report: Path, junit: Path) -> int:
    env = {**os.environ, "PAPERDIGEST_HARDEN_REPORT": str(report), "PAPERDIGEST_REQUIRE_BROWSER": "1"}
    if long:
        env["PAPERDIGEST_FUZZ"] = "long"
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"--junitxml={junit}", *files]
    return subprocess.run(command, cwd=ROOT, env=env).returncode


def test_counts(junit: Path) -> dict[str, dict[str, int]]:
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for case in ET.parse(junit).getroot().iter("testcase"):
        module = case.get("classname", "").split(".")[-1] or "?"
        outcome = "failed" if case.find("failure") is not None or case.find("error") is not None \
            else "skipped" if case.find("skipped") is not None else "passed"
        counts[module][outcome] += 1
    return counts


def figures(report: Path) -> dict[str, dict[str, float]]:
    totals: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    if report.is_file():
        for line in report.read_text(encoding="utf-8").splitlines():
            entry = json.loads(line)
            suite = entry.pop("suite", "?")
            for name, value in entry.items():
                totals[suite][name] += value
    return totals


def timed_check(files: dict[str, bytes]) -> tuple[float, float, str]:
    """Seconds, peak MB and the first problem line of `paperdigest check` on the base tree plus ``files``."""
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "papers"
        shutil.copytree(BASE, src)
        for rel, data in files.items():
            path = src / rel
            if data is None:
                with path.open("wb") as handle:
                    handle.truncate(100 * 1024 * 1024)  # sparse
            else:
                path.write_bytes(data)
        script = ("import resource, sys; from paperdigest.cli import main\n"
                  "try:\n    main(['check', '--src', sys.argv[1]])\n"
                  "finally:\n    print('PEAK', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)")
        start = time.perf_counter()
        run = subprocess.run([sys.executable, "-c", script, str(src)], capture_output=True, text=True, timeout=120)
        seconds = time.perf_counter() - start
    peak = next(int(line.split()[1]) for line in run.stderr.splitlines() if line.startswith("PEAK")) / 1024
    # check's report is on stdout (`check > problems.txt`); the first error line is the one to show
    lines = [line for line in run.stdout.splitlines() if line.startswith("/")]
    first = next((line for line in lines if ": warning:" not in line), lines[0] if lines else "")
    return seconds, peak, first.split("/papers/", 1)[-1]


def attacks() -> list[tuple[str, float, float, str]]:
    week = "2025-06-23"
    bomb = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    bomb += [f"{n}: &{n} [" + ", ".join([f"*{p}"] * 9) + "]" for p, n in zip("abcdefgh", "bcdefghi")]
    alpha = (BASE / week / "alpha.md").read_text(encoding="utf-8")
    brackets = alpha.replace('  en: "We show that', '  en: "' + "[" * 10_000 + " We show that", 1)
    cases = {
        "YAML alias bomb (9^9 values)": {f"{week}/bomb.yaml": ("\n".join(bomb) + "\ntags: *i\n").encode()},
        "100 MB paper file": {f"{week}/big.md": None},
        "10 kB of '[' in an abstract": {f"{week}/alpha.md": brackets.encode()},
        "valid base tree (for comparison)": {},
    }
    return [(name, *timed_check(files)) for name, files in cases.items()]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--long", action="store_true", help="the long fuzzing profile (ten times the examples)")
    parser.add_argument("--no-browser", action="store_true", help="leave out the Chromium XSS suite")
    args = parser.parse_args()
    files = list(dict.fromkeys(SUITES + reporting_suites()))
    if args.no_browser:
        files = [f for f in files if "browser" not in f]
    with tempfile.TemporaryDirectory() as tmp:
        report, junit = Path(tmp) / "figures.jsonl", Path(tmp) / "junit.xml"
        started = time.perf_counter()
        status = run_suites(files, args.long, report, junit)
        seconds = time.perf_counter() - started
        counts = test_counts(junit) if junit.is_file() else {}
        totals = figures(report)

    print(f"\n== hardening figures ({'long' if args.long else 'CI'} profile, {seconds:.0f} s) ==")
    for suite, values in sorted(totals.items()):
        shown = ", ".join(f"{name} {value:,.0f}" for name, value in values.items())
        print(f"  {suite:28} {shown}")
    print("  tests per file:")
    for module, outcome in sorted(counts.items()):
        print(f"    {module:30} " + ", ".join(f"{n} {k}" for k, n in sorted(outcome.items())))
    print("  attacks that must be refused fast and small (`paperdigest check`, whole process):")
    unrefused = 0
    for name, secs, peak, first in attacks():
        refused = bool(first) or name.startswith("valid")
        unrefused += not refused
        print(f"    {name:34} {secs:5.2f} s  {peak:6.1f} MB peak  {first[:110] or '(no problem reported)'}")
    failed = sum(outcome.get("failed", 0) for outcome in counts.values())
    print(f"  crashes / failing tests: {failed}; attacks not refused: {unrefused}")
    return status or int(unrefused > 0)


if __name__ == "__main__":
    sys.exit(main())
