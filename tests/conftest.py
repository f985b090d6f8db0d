"""Shared helpers for the loader, check and schema tests.

``make_tree(tmp_path, {"papers/site.yaml": "...", ...})`` writes files (str or bytes);
``sample_papers`` is a private copy of the repository's sample ``papers/``;
``base_papers`` is a private copy of the small valid tree in ``tests/fixtures/base``;
``apply_case`` turns the base tree into one invalid fixture case;
``sample_archive(weeks)`` copies the sample week to earlier Mondays for a longer archive
(without preview cards unless ``cards=True``: drawing hundreds of them is not what those tests test).
"""
from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
# The sample issue as the tests know it: a frozen copy of papers/, so a maintainer's week in
# progress in papers/ can never fail the suite.
SAMPLE = Path(__file__).resolve().parent / "fixtures" / "sample"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
BASE = FIXTURES / "base"
INVALID = FIXTURES / "invalid"


def report_figures(suite: str, **figures: float) -> None:
    """Hand a hardening suite's figures to ``make harden`` (benchmarks/harden.py), which sets
    PAPERDIGEST_HARDEN_REPORT and adds up what each suite appends there."""
    if report := os.environ.get("PAPERDIGEST_HARDEN_REPORT"):
        with open(report, "a", encoding="utf-8") as handle:
            handle.write(json.dumps({"suite": suite, **figures}) + "\n")


def make_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write ``files`` (relative path → text or bytes) under ``root``; return ``root``."""
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", newline="")
    return root


def copy_tree(src: Path, dest: Path) -> Path:
    shutil.copytree(src, dest)
    return dest


def case_names() -> list[str]:
    return sorted(p.name for p in INVALID.iterdir() if (p / "case.yaml").is_file())


def load_case(name: str) -> dict:
    case = yaml.safe_load((INVALID / name / "case.yaml").read_text(encoding="utf-8"))
    case.setdefault("exit", 1)
    case["expect"] = [line for line in case.get("expect", "").splitlines() if line.strip()]
    return case


def overlay_files(name: str) -> list[Path]:
    """The case's own files, relative to the papers root (``<case>/papers/...``)."""
    top = INVALID / name / "papers"
    return sorted(p.relative_to(top) for p in top.rglob("*") if p.is_file()) if top.is_dir() else []


def apply_case(name: str, dest: Path) -> Path:
    """Copy the base tree to ``dest``, then remove, rename and overlay as the case says."""
    case = load_case(name)
    copy_tree(BASE, dest)
    for rel in case.get("remove", []):
        target = dest / rel
        shutil.rmtree(target) if target.is_dir() else target.unlink()
    for old, new in (case.get("rename") or {}).items():
        (dest / old).rename(dest / new)
    for rel in overlay_files(name):
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(INVALID / name / "papers" / rel, dest / rel)
    return dest


@pytest.fixture(scope="session", autouse=True)
def build_cache_outside_the_repository(tmp_path_factory: pytest.TempPathFactory):
    """Module- and session-scoped site fixtures build before any per-test fixture runs."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PAPERDIGEST_CACHE_DIR", str(tmp_path_factory.mktemp("build-cache")))
        yield


@pytest.fixture(autouse=True)
def away_from_the_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run every test in its own folder: a relative default (``--src papers``, ``--out site``)
    can then never read the maintainer's papers/ or overwrite the repository's site/."""
    monkeypatch.chdir(tmp_path)
    # the build cache defaults to a folder beside the content: for tests/fixtures/sample that
    # would be inside the repository
    monkeypatch.setenv("PAPERDIGEST_CACHE_DIR", str(tmp_path / ".build-cache"))


@pytest.fixture(autouse=True)
def no_real_arxiv(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reaches arxiv.org: unless a test starts its own server, arXiv is a closed local port."""
    monkeypatch.setenv("PAPERDIGEST_ARXIV_URL", "http://127.0.0.1:9/api/query")
    monkeypatch.setenv("PAPERDIGEST_ARXIV_INTERVAL", "0")


@pytest.fixture
def fake_arxiv(monkeypatch: pytest.MonkeyPatch):
    """The recorded arXiv API (tests/arxiv_server.py) on a loopback port, and the settings pointing at it."""
    from arxiv_server import FakeArxiv, start

    state = FakeArxiv()
    httpd, thread = start(state)
    monkeypatch.setenv("PAPERDIGEST_ARXIV_URL", state.url)
    monkeypatch.setenv("PAPERDIGEST_ARXIV_TIMEOUT", "5")
    yield state
    httpd.shutdown()
    httpd.server_close()
    thread.join(timeout=5)


@pytest.fixture
def sample_papers(tmp_path: Path) -> Path:
    return copy_tree(SAMPLE, tmp_path / "papers")


@pytest.fixture
def base_papers(tmp_path: Path) -> Path:
    return copy_tree(BASE, tmp_path / "papers")


@pytest.fixture
def sample_archive(tmp_path: Path):
    """Make papers/ with the sample week copied to N-1 earlier Mondays: a longer archive."""
    def make(weeks: int, cards: bool = False) -> Path:
        src = tmp_path / "papers"
        shutil.copytree(SAMPLE, src)
        if not cards:
            with open(src / "site.yaml", "a", encoding="utf-8") as settings:
                settings.write("cards: false\n")
        sample_week = "2025-06-23"
        monday = dt.date.fromisoformat(sample_week)
        for n in range(1, weeks):
            week = monday - dt.timedelta(weeks=n)
            folder = src / week.isoformat()
            shutil.copytree(src / sample_week, folder)
            issue = folder / "issue.md"
            issue.write_text(issue.read_text(encoding="utf-8")
                             .replace(f"week: {sample_week}", f"week: {week.isoformat()}")
                             .replace("published: 2025-06-30", f"published: {(week + dt.timedelta(days=7)).isoformat()}"),
                             encoding="utf-8")
        return src
    return make
