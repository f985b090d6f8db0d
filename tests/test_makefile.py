"""Issue 10.14: `make test` installs the npm validators itself when npm and java are there (as CI
does: npm ci --ignore-scripts into ./node_modules) and otherwise names the one command to run.

npm and java are stand-ins here that only record how they were called: the real install is
what .ci/run and `make test` do; this checks the Makefile's wiring without the network."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make not installed (apt-get install make)")


def project(tmp_path: Path) -> Path:
    """A folder with the repository's Makefile and npm lock file, and nothing installed."""
    folder = tmp_path / "repo"
    folder.mkdir()
    for name in ("Makefile", "package.json", "package-lock.json"):
        shutil.copy(ROOT / name, folder / name)
    return folder


def tool(bin_dir: Path, name: str) -> None:
    """A stand-in that records its arguments (npm ci also leaves the two packages, as npm does)."""
    script = bin_dir / name
    make_folder = "".join(f"mkdir -p node_modules/{pkg} && touch node_modules/{pkg}/package.json\n"
                          for pkg in ("vnu-jar", "axe-core")) if name == "npm" else ""
    script.write_text(f'#!/bin/sh\necho "{name} $*" >> "{bin_dir}/calls"\n{make_folder}', encoding="utf-8")
    script.chmod(0o755)


def run_make(folder: Path, path: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PATH": path}
    return subprocess.run(["make", "--no-print-directory", "validators"], cwd=folder, env=env,
                          capture_output=True, text=True, timeout=60)


def test_make_installs_the_validators_with_npm_ci_when_npm_and_java_are_present(tmp_path: Path) -> None:
    folder = project(tmp_path)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    tool(bin_dir, "npm")
    tool(bin_dir, "java")
    path = f"{bin_dir}:/usr/bin:/bin"
    result = run_make(folder, path)
    assert result.returncode == 0, result.stderr
    assert (bin_dir / "calls").read_text(encoding="utf-8") == \
        "npm ci --ignore-scripts --no-audit --no-fund --loglevel=error\n"
    again = run_make(folder, path)
    assert again.returncode == 0 and again.stdout == ""     # installed once, not on every run
    assert (bin_dir / "calls").read_text(encoding="utf-8").count("npm ci") == 1


def test_without_npm_or_java_make_names_the_command_that_installs_them(tmp_path: Path) -> None:
    folder = project(tmp_path)
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    for name in ("sh", "make", "test", "[", "echo"):
        if (found := shutil.which(name)):
            os.symlink(found, empty / name)
    result = run_make(folder, str(empty))
    assert result.returncode == 0
    assert "sudo apt-get install -y npm default-jre-headless chromium" in result.stdout
