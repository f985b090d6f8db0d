"""The import contracts in pyproject.toml hold, and they fail when a stage imports upwards."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(source_root: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(source_root)}
    return subprocess.run([str(LINT_IMPORTS), "--config", str(ROOT / "pyproject.toml"), "--no-cache"],
                          cwd=source_root, env=env, capture_output=True, text=True, timeout=120)


def test_contracts_are_kept():
    result = lint_imports(ROOT / "src")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(("module", "line", "contract"), [
    ("render/urls.py", "from ..forum import export", "Stages import downwards"),
    ("content/checks.py", "from ..render import markup", "Stages import downwards"),
    ("model.py", "from .content import load", "Stages import downwards"),
    ("cache/store.py", "from ..render import pages", "Stages import downwards"),
    ("forum/email.py", "from . import export", "share forum.fields, not each other"),
    ("serve/server.py", "from .. import build", "HTTP side never builds"),
])
def test_a_forbidden_import_breaks_a_contract(tmp_path, module, line, contract):
    shutil.copytree(ROOT / "src" / "paperdigest", tmp_path / "paperdigest",
                    ignore=shutil.ignore_patterns("__pycache__", "theme"))
    path = tmp_path / "paperdigest" / module
    path.write_text(path.read_text(encoding="utf-8") + f"\n{line}  # noqa\n", encoding="utf-8")
    result = lint_imports(tmp_path)
    assert result.returncode == 1, result.stdout
    broken = [block for block in result.stdout.split("\n\n") if "BROKEN" in block]
    assert any(contract in block for block in broken), result.stdout
