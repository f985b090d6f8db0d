"""The command line as a maintainer uses it: scaffolding, help, live preview."""
from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from paperdigest.cli import main

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "tests" / "fixtures" / "sample"


@pytest.fixture
def src(tmp_path) -> Path:
    shutil.copytree(SAMPLE, tmp_path / "papers")
    return tmp_path / "papers"


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.mark.parametrize("command", [[], ["build"], ["check"], ["serve"], ["new"], ["new", "issue"],
                                     ["new", "paper"], ["import"], ["export"], ["schema"], ["init"], ["fetch"], ["clean"]])
def test_every_command_has_help(command):
    result = run(*command, "--help")
    assert result.exit_code == 0
    assert "Usage:" in result.output


def test_python_dash_m_works():
    result = subprocess.run([sys.executable, "-m", "paperdigest", "--help"], capture_output=True, text=True)
    assert result.returncode == 0 and "build" in result.stdout


def test_new_issue_then_paper_guides_the_editor(src):
    assert run("new", "issue", "--src", str(src), "--week", "2025-06-30").exit_code == 0
    result = run("new", "paper", "new-model", "--src", str(src), "--arxiv", "2507.01234")
    assert result.exit_code == 0
    paper = src / "2025-06-30" / "new-model.md"
    assert paper.is_file() and '"2507.01234"' in paper.read_text(encoding="utf-8")
    # the required texts are reported where they stand, so the editor knows what to write;
    # translations not written yet are left out (warnings), never empty strings (errors)
    check = run("check", "--src", str(src))
    assert check.exit_code == 1
    lines = [line for line in check.output.splitlines() if "new-model.md" in line]
    assert f"{paper}:3: title.en: expected text, found an empty string" in lines
    assert any(":20: abstract.en: expected text" in line for line in lines)
    assert not [line for line in lines if ".ko:" in line]


def test_new_refuses_what_would_clobber_or_mislead(src):
    assert "Monday" in run("new", "issue", "--src", str(src), "--week", "2025-07-01").output
    assert "already exists" in run("new", "issue", "--src", str(src), "--week", "2025-06-23").output
    assert "already exists" in run("new", "paper", "xolver", "--src", str(src), "--week", "2025-06-23").output
    result = run("new", "paper", "Bad_Id", "--src", str(src))
    assert result.exit_code == 1 and "lowercase" in result.output
    result = run("new", "paper", "fine", "--src", str(src), "--week", "2025-06-30")
    assert result.exit_code == 1 and "new issue" in result.output


def test_usage_errors_exit_2():
    assert run("check", "--no-such-option").exit_code == 2
    assert run("frobnicate").exit_code == 2


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def wait_for(predicate, seconds: float = 60.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError("timed out")


def test_serve_rebuilds_when_a_paper_changes(src, tmp_path):
    port = free_port()
    out = tmp_path / "site"
    server = subprocess.Popen([sys.executable, "-m", "paperdigest", "serve", "--src", str(src), "--out", str(out),
                               "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}/"
    try:
        def up():
            try:
                return fetch(base)[0] == 200
            except OSError:
                return False
        wait_for(up)
        paper = src / "2025-06-23" / "gso.md"
        paper.write_text(paper.read_text(encoding="utf-8").replace("GSO: Challenging", "GSO-Renamed: Challenging"),
                         encoding="utf-8")
        wait_for(lambda: "GSO-Renamed" in fetch(base + "en/issues/2025-06-23/gso/")[1])
        status, body = fetch(base + "no/such/page/")
        assert status == 404 and "<html" in body
        # pages carry the reload script; the built files do not
        status, page = fetch(base + "en/issues/2025-06-23/gso/")
        assert "__paperdigest/status" in page and "__paperdigest" not in (out / "en/issues/2025-06-23/gso/index.html").read_text()
        # a broken file keeps the last good site online and tells the open page why
        paper.write_text("---\ntitle: [\n---\n", encoding="utf-8")
        report = wait_for(lambda: (s := json.loads(fetch(base + "__paperdigest/status")[1]))["problems"] and s)
        assert any("gso.md" in line and "YAML syntax error" in line for line in report["problems"])
        assert "GSO-Renamed" in fetch(base + "en/issues/2025-06-23/gso/")[1]
    finally:
        server.terminate()
        output = server.communicate(timeout=10)[0].decode("utf-8")
    assert "gso.md:3: YAML syntax error" in output or "gso.md:2: YAML syntax error" in output
    assert "Traceback" not in output
