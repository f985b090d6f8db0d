"""Paths: no id, tag, file name or template name can make anything be read or written outside
the content, template and output folders; each is refused with a message naming the file."""
from __future__ import annotations

import pytest

from test_hardening import WEEK, errors, run_cli, set_field


@pytest.mark.parametrize("name", ["..", "../../etc/passwd", "/etc/passwd", "a\\b", "..\\..\\x", "con", "x" * 300,
                                  "a/b", "A"])
def test_paper_references_outside_the_issue_are_refused(base_papers, name):
    set_field(base_papers / WEEK / "issue.md", "papers: [alpha]", f"papers: [{json_quote(name)}]")
    found = [e for e in errors(base_papers) if "themes[0].papers[0]" in e or "expected" in e or "no paper" in e]
    assert found, errors(base_papers)


def json_quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


@pytest.mark.parametrize("stem", ["..\\evil", "a\\b", "evil..", ".evil", "CON", "aux", "x" * 120])
def test_paper_file_names_that_could_escape_are_refused(base_papers, stem):
    (base_papers / WEEK / f"{stem}.md").write_bytes((base_papers / WEEK / "alpha.md").read_bytes())
    found = [e for e in errors(base_papers) if f"{stem}.md" in e and ": id: " in e]
    assert found or stem.startswith("."), errors(base_papers)  # a dot file is ignored, never read


@pytest.mark.parametrize("target", ["../../../../etc/passwd", "/etc/passwd", "default/../../../../etc/passwd"])
def test_templates_cannot_include_files_outside_the_theme(sample_papers, tmp_path, target):
    pages = tmp_path / "templates" / "pages"
    pages.mkdir(parents=True)
    (pages / "leak.html").write_text(f'{{% include "{target}" %}}', encoding="utf-8")
    code, output = run_cli("build", "--src", str(sample_papers), "--out", str(tmp_path / "site"), "--no-search")
    assert code == 1 and "root:" not in output and "Traceback" not in output
    assert "leak.html" in output or "template" in output.lower(), output
    assert not (tmp_path / "site").exists()
