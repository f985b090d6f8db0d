"""Fuzzing the loader and the build with Hypothesis: whatever the files hold, `check` and `build`
return located problems (file, line, message) and never raise.

``PAPERDIGEST_FUZZ=long`` (``make fuzz``) runs ten times as many examples as CI does.
``PAPERDIGEST_HARDEN_REPORT=FILE`` appends the figures (examples, problems, builds) as JSON lines
(``make harden`` prints them).
"""
from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings

from conftest import BASE, report_figures
from fuzz_inputs import damaged_tree, hostile_texts
from paperdigest.build import build
from paperdigest.content.load import load_site
from paperdigest.problems import Problem

CHECK_EXAMPLES, BUILD_EXAMPLES = {"ci": (2000, 100), "long": (20000, 1000)}[os.environ.get("PAPERDIGEST_FUZZ", "ci")]
FUZZ = dict(deadline=None, database=None, derandomize=os.environ.get("PAPERDIGEST_FUZZ") != "long",
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example])
FIGURES = {"check": {"examples": 0, "problems": 0, "clean": 0}, "build": {"examples": 0, "built": 0, "refused": 0}}


@contextlib.contextmanager
def damaged(files: dict[str, bytes]):
    """The base tree with ``files`` laid over it, in one folder reused by every example (faster
    than a fresh copy each time); the originals are put back afterwards."""
    src = TREE / "papers"
    if not src.is_dir():
        shutil.copytree(BASE, src)
    for rel, data in files.items():
        (src / rel).write_bytes(data)
    try:
        yield src
    finally:
        for rel in files:
            shutil.copyfile(BASE / rel, src / rel)


TREE = Path(tempfile.mkdtemp(prefix="paperdigest-fuzz-"))


def assert_located(problems: list[Problem], src: Path) -> None:
    for problem in problems:
        assert isinstance(problem.path, Path) and (problem.path == src or src in problem.path.parents), problem
        assert isinstance(problem.message, str) and problem.message.strip() and "Traceback" not in problem.message
        assert problem.line is None or (type(problem.line) is int and problem.line >= 1), problem
        if problem.line is not None and problem.path.is_file():
            lines = problem.path.read_bytes().replace(b"\r\n", b"\n").replace(b"\r", b"\n").count(b"\n") + 1
            assert problem.line <= lines + 1, (problem, lines)
        str(problem), problem.as_dict()


@settings(max_examples=CHECK_EXAMPLES, **FUZZ)
@given(damaged_tree())
def test_check_returns_only_located_problems(files):
    with damaged(files) as src:
        site, problems = load_site(src, include_drafts=True)
        assert_located(problems, src)
        assert site is not None or any(p.is_error for p in problems)
        FIGURES["check"]["examples"] += 1
        FIGURES["check"]["problems"] += len(problems)
        FIGURES["check"]["clean"] += not any(p.is_error for p in problems)


@settings(max_examples=BUILD_EXAMPLES, **FUZZ)
@given(hostile_texts())
def test_build_writes_a_site_or_reports_problems(files):
    with damaged(files) as src, tempfile.TemporaryDirectory() as tmp:
        result = build(src, Path(tmp) / "site", search=False)
        assert_located(result.problems, src)
        FIGURES["build"]["examples"] += 1
        if result.built:
            FIGURES["build"]["built"] += 1
            assert (Path(tmp) / "site" / "index.html").is_file() and (Path(tmp) / "site" / "en" / "feed.xml").is_file()
        else:
            FIGURES["build"]["refused"] += 1
            assert any(p.is_error for p in result.problems) and not (Path(tmp) / "site").exists()


def teardown_module() -> None:
    shutil.rmtree(TREE, ignore_errors=True)
    for name, values in FIGURES.items():
        report_figures(f"fuzz: {name}", **values)
