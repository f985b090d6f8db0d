"""The Nu Html Checker (vnu.jar, npm package ``vnu-jar``) on every built page (issue 5, part 2).

One JVM run checks the whole site (the checker is slow to start); zero errors allowed.
"""

from __future__ import annotations

import json
import subprocess
import urllib.parse
from pathlib import Path

import pytest

from .browser_support import REPO, VNU_JAR, Site, java_available, require

pytestmark = pytest.mark.standards


@pytest.fixture(scope="session")
def vnu_messages(site: Site) -> list[dict]:
    java = java_available()
    require(java, "Java not installed; install it with: sudo apt-get install -y default-jre-headless")
    require(VNU_JAR.is_file(), f"Nu Html Checker not installed ({VNU_JAR.relative_to(REPO)}); make test installs it when npm is present")
    require(site.html_files, "the built site has no .html files")
    proc = subprocess.run(
        [java, "-Xss4m", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", "--skip-non-html",
         "--exit-zero-always", str(site.root)],
        capture_output=True,
        text=True,
        timeout=900,
    )
    out = proc.stderr.strip() or proc.stdout.strip()
    try:
        data = json.loads(out)
    except json.JSONDecodeError:
        pytest.fail(f"vnu.jar exited {proc.returncode} without JSON output:\n{out[-3000:]}", pytrace=False)
    return data.get("messages", [])


def _where(site: Site, msg: dict) -> str:
    url = msg.get("url", "")
    path = Path(urllib.parse.unquote(urllib.parse.urlsplit(url).path)) if url.startswith("file:") else None
    try:
        name = path.relative_to(site.root).as_posix() if path else url
    except ValueError:
        name = url
    line = msg.get("lastLine") or msg.get("firstLine") or "?"
    col = msg.get("firstColumn") or msg.get("lastColumn")
    return f"{name}:{line}" + (f":{col}" if col else "")


def test_every_page_passes_nu_html_checker(site: Site, vnu_messages: list[dict]):
    errors = [m for m in vnu_messages if m.get("type") in ("error", "non-document-error")
              or m.get("subType") == "fatal"]
    checked = {m.get("url") for m in errors}
    lines = []
    for m in errors:
        extract = (m.get("extract") or "").replace("\n", " ").strip()
        lines.append(f"{_where(site, m)}: {m.get('message', '').strip()}" + (f"  [{extract[:160]}]" if extract else ""))
    assert not errors, (
        f"Nu Html Checker: {len(errors)} error(s) in {len(checked)} page(s) ({len(site.html_files)} checked):\n"
        + "\n".join(lines)
    )
