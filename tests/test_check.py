"""`paperdigest check`: exact problem lines for every invalid fixture, exit codes, formats.

Each directory in ``tests/fixtures/invalid/`` is one defect: ``case.yaml`` says what
to remove or rename in the valid base tree (``tests/fixtures/base``), ``papers/``
holds the files laid over it, and ``expect`` lists the exact lines check must print.
"""
from __future__ import annotations

import json
import random
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import BASE, ROOT, apply_case, case_names, load_case, make_tree
from paperdigest.cli import main
from paperdigest.content.load import load_site
from paperdigest.content.source import MAX_FILE_BYTES

CASES = case_names()
ALPHA = (BASE / "2025-06-23" / "alpha.md").read_text(encoding="utf-8")


def run_check(cwd: Path, *args: str, monkeypatch) -> tuple[int, list[str], str]:
    """Run check in ``cwd`` (so paths print as papers/...); the problem lines and stdout (the report)."""
    monkeypatch.chdir(cwd)
    result = CliRunner().invoke(main, ["check", "--src", "papers", *args])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    lines = [line for line in result.stdout.splitlines() if line.startswith("papers")]
    return result.exit_code, lines, result.stdout


def test_there_are_enough_invalid_fixtures():
    assert len(CASES) >= 35


@pytest.mark.parametrize("name", CASES)
def test_invalid_fixture(name, tmp_path, monkeypatch):
    case = load_case(name)
    apply_case(name, tmp_path / "papers")
    code, lines, _ = run_check(tmp_path, monkeypatch=monkeypatch)
    assert lines == case["expect"]
    assert code == case["exit"]
    if "strict_exit" in case:
        strict_code, strict_lines, _ = run_check(tmp_path, "--strict", monkeypatch=monkeypatch)
        assert strict_code == case["strict_exit"]
        assert strict_lines == case["expect"]


@pytest.mark.parametrize("name", CASES)
def test_invalid_fixture_is_well_formed(name):
    case = load_case(name)
    assert case["about"].strip()
    assert case["expect"], "a case must expect at least one problem line"
    assert case["exit"] in (0, 1)
    # a warnings-only case must say what --strict does with it
    assert (case["exit"] == 0) == ("strict_exit" in case)


def test_base_tree_is_clean(base_papers, monkeypatch):
    code, lines, _ = run_check(base_papers.parent, monkeypatch=monkeypatch)
    assert (code, lines) == (0, [])


def test_sample_is_clean_even_with_strict(sample_papers, monkeypatch):
    code, lines, _ = run_check(sample_papers.parent, "--strict", monkeypatch=monkeypatch)
    assert (code, lines) == (0, [])


def test_every_problem_is_reported_in_one_run(base_papers, monkeypatch):
    make_tree(base_papers, {
        "2025-06-23/alpha.md": ALPHA.replace('"https://github.com/example/alpha"', '"ftp://x.example.org/a"')
                                    .replace("tags: [reasoning, small-models]", "tags: [Reasoning]"),
        "site.yaml": (BASE / "site.yaml").read_text(encoding="utf-8").replace("Asia/Seoul", "Mars/Olympus"),
    })
    code, lines, _ = run_check(base_papers.parent, monkeypatch=monkeypatch)
    assert code == 1
    assert [line.split(": ")[0:2] for line in lines] == [
        ["papers/2025-06-23/alpha.md:7", "tags[0]"],
        ["papers/2025-06-23/alpha.md:9", "links.code"],
        ["papers/site.yaml:9", "timezone"],
    ]


def test_file_over_the_size_cap_is_refused_unread(base_papers, monkeypatch):
    big = base_papers / "2025-06-23" / "beta.yaml"
    big.write_bytes(big.read_bytes() + b"#" * (MAX_FILE_BYTES + 1 - big.stat().st_size))
    code, lines, _ = run_check(base_papers.parent, monkeypatch=monkeypatch)
    assert code == 1
    assert lines == [f"papers/2025-06-23/beta.yaml: file is {MAX_FILE_BYTES + 1:,} bytes; "
                     f"the limit is {MAX_FILE_BYTES:,}"]


def test_file_exactly_at_the_size_cap_is_read(base_papers, monkeypatch):
    beta = base_papers / "2025-06-23" / "beta.yaml"
    data = beta.read_bytes() + b"\n"
    beta.write_bytes(data + b"#" * (MAX_FILE_BYTES - len(data)))
    assert beta.stat().st_size == MAX_FILE_BYTES
    code, lines, _ = run_check(base_papers.parent, monkeypatch=monkeypatch)
    assert (code, lines) == (0, [])


def test_bom_and_crlf_are_accepted(base_papers, monkeypatch):
    alpha = base_papers / "2025-06-23" / "alpha.md"
    alpha.write_bytes(b"\xef\xbb\xbf" + ALPHA.replace("\n", "\r\n").encode("utf-8"))
    code, lines, _ = run_check(base_papers.parent, monkeypatch=monkeypatch)
    assert (code, lines) == (0, [])
    site, problems = load_site(base_papers)
    paper = site.issues[0].paper("alpha")
    assert paper.title.get("en") == "Alpha: Step-by-Step Reasoning in Small Language Models"
    assert paper.note.get("ko") == "편집자 메모: 재현 코드가 공개되어 있습니다."


def test_crlf_file_reports_the_right_line(base_papers, monkeypatch):
    alpha = base_papers / "2025-06-23" / "alpha.md"
    bad = ALPHA.replace('"https://github.com/example/alpha"', '"javascript:void(0)"')
    alpha.write_bytes(bad.replace("\n", "\r\n").encode("utf-8"))
    _, lines, _ = run_check(base_papers.parent, monkeypatch=monkeypatch)
    assert lines == ["papers/2025-06-23/alpha.md:9: links.code: expected an http(s) URL, "
                     "found 'javascript:void(0)' ('javascript:' links are not allowed)"]


def test_decomposed_korean_is_normalised_to_nfc(base_papers):
    title = "알파: 작은 언어 모델의 단계별 추론"
    nfd = unicodedata.normalize("NFD", title)
    assert nfd != title
    make_tree(base_papers, {"2025-06-23/alpha.md": ALPHA.replace(title, nfd)})
    site, problems = load_site(base_papers)
    assert problems == []
    loaded = site.issues[0].paper("alpha").title.get("ko")
    assert unicodedata.is_normalized("NFC", loaded)
    assert loaded == title


def test_json_format(tmp_path, monkeypatch):
    apply_case("missing-translations", tmp_path / "papers")
    make_tree(tmp_path / "papers", {"2025-06-23/alpha.md": ALPHA.replace('arxiv: "2506.01234"', 'arxiv: "x"')})
    code, _, stdout = run_check(tmp_path, "--format", "json", monkeypatch=monkeypatch)
    assert code == 1
    items = json.loads(stdout)
    assert {tuple(sorted(item)) for item in items} == {("field", "line", "message", "path", "severity")}
    assert [(i["path"], i["line"], i["field"], i["severity"]) for i in items] == [
        ("papers/2025-06-23/alpha.md", 5, "arxiv", "error"),
        ("papers/2025-06-23/beta.yaml", 1, "title", "warning"),
        ("papers/2025-06-23/beta.yaml", 7, "summary", "warning"),
    ]
    assert items[0]["message"].startswith("expected an arXiv id")


def test_json_format_of_a_clean_tree_is_an_empty_list(base_papers, monkeypatch):
    code, _, stdout = run_check(base_papers.parent, "--format", "json", monkeypatch=monkeypatch)
    assert (code, json.loads(stdout)) == (0, [])


def test_python_dash_m_prints_the_same_lines(tmp_path):
    apply_case("url-javascript", tmp_path / "papers")
    proc = subprocess.run([sys.executable, "-m", "paperdigest", "check", "--src", "papers"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1
    assert [l for l in proc.stdout.splitlines() if l.startswith("papers")] == load_case("url-javascript")["expect"]
    assert "Traceback" not in proc.stderr


def test_usage_error_exits_2(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "paperdigest", "check", "--no-such-option"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert "--no-such-option" in proc.stderr


def test_missing_content_folder(tmp_path, monkeypatch):
    code, lines, _ = run_check(tmp_path, monkeypatch=monkeypatch)
    assert (code, lines) == (1, ["papers: content folder not found"])


def test_issue_without_papers_is_a_warning(base_papers, monkeypatch):
    week = base_papers / "2025-06-30"
    week.mkdir()
    (week / "issue.md").write_text("---\nweek: 2025-06-30\npublished: 2025-07-07\n---\n", encoding="utf-8")
    code, lines, _ = run_check(base_papers.parent, monkeypatch=monkeypatch)
    assert (code, lines) == (0, ["papers/2025-06-30/issue.md:2: warning: this issue has no paper files yet: "
                                 "add <id>.md files beside issue.md"])


def test_html_like_text_in_a_title_is_a_warning_unless_it_is_code(base_papers, monkeypatch):
    alpha = base_papers / "2025-06-23" / "alpha.md"
    text = alpha.read_text(encoding="utf-8")
    lines = text.splitlines()
    en = next(i for i, line in enumerate(lines) if line.strip().startswith("en:"))
    lines[en] = '  en: "The <Bench> Suite and `<Tool>`"'
    alpha.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, problems, _ = run_check(base_papers.parent, monkeypatch=monkeypatch)
    assert code == 0
    assert problems == [f"papers/2025-06-23/alpha.md:{en + 1}: title.en: warning: '<Bench>' reads as an HTML tag "
                        "and will not be shown; write it as `<Bench>` or with &lt; and &gt;"]


# fuzzing: whatever the content, check reports problems and never raises ----------------

JUNK_VALUES = ["5", "[1, \"x\"]", "{ko: 3}", "[a]", "null", "\"\"", "{}", "[[]]", "true", "2025-02-30",
               "2025-06-23T09:00:00", "{en: {ko: x}}", "[{url: 5}]", "-1.5e9", "!!binary aGk=", "&a [*a]"]
#: (key, junk) pairs that are in fact valid
JUNK_BUT_VALID = {("tags", "[a]"), ("authors", "[a]"), ("summary", "{}"), ("links", "{}")}
PAPER_KEYS = ["title", "arxiv", "links", "authors", "tags", "summary", "abstract", "links.more", "links.code"]


def minimal_paper(key: str, value: str) -> str:
    """A valid one-line-per-key paper with ``key`` (maybe ``links.x``) set to ``value``."""
    fields = {"title": '{ko: "제목", en: "Title"}', "arxiv": '"2506.01234"',
              "summary": '{ko: "소개", en: "Intro"}', "abstract": '{ko: "초록", en: "Abstract"}'}
    top, _, sub = key.partition(".")
    fields[top] = f"\n  {sub}: {value}" if sub else value
    return "---\n" + "".join(f"{k}: {v}\n" for k, v in fields.items()) + "---\n"


def test_minimal_paper_is_valid(base_papers):
    make_tree(base_papers, {"2025-06-23/alpha.md": minimal_paper("tags", "[x]")})
    assert load_site(base_papers)[1] == []


@pytest.mark.parametrize("key", PAPER_KEYS)
def test_junk_in_any_paper_key_is_reported_not_raised(base_papers, key):
    for junk in JUNK_VALUES:
        make_tree(base_papers, {"2025-06-23/alpha.md": minimal_paper(key, junk)})
        site, problems = load_site(base_papers)
        errors = [p for p in problems if p.is_error]
        assert all(p.path.name == "alpha.md" and p.line for p in errors), (key, junk)
        if (key, junk) in JUNK_BUT_VALID:
            assert errors == [] and len(site.issues) == 1, (key, junk)
        else:
            assert errors, (key, junk)
            assert site is not None and site.issues == ()


@pytest.mark.parametrize("junk", ["papers: 5", "themes: [1, \"x\"]", "themes: {a: b}", "week: [2025]",
                                  "published: yes", "title: {ko: 3}", "themes: [{papers: 5}]",
                                  "papers: [[alpha], {beta: 1}]", "draft: 2025-06-23"])
def test_junk_in_issue_is_reported_not_raised(base_papers, junk):
    issue = base_papers / "2025-06-23" / "issue.md"
    fields = {"week": "2025-06-23", "published": "2025-06-30T09:00:00+09:00"}
    key, _, value = junk.partition(": ")
    fields[key] = value
    issue.write_text("---\n" + "".join(f"{k}: {v}\n" for k, v in fields.items()) + "---\n", encoding="utf-8")
    site, problems = load_site(base_papers)
    errors = [p for p in problems if p.is_error]
    assert errors and all(p.path == issue for p in errors), junk
    assert site is not None and site.issues == ()


def test_random_byte_damage_never_raises(base_papers):
    rnd = random.Random(20250623)
    files = [base_papers / "2025-06-23" / name for name in ("alpha.md", "beta.yaml", "issue.md")] + \
        [base_papers / "site.yaml"]
    originals = {f: f.read_bytes() for f in files}
    for _ in range(150):
        target = rnd.choice(files)
        data = bytearray(originals[target])
        for _ in range(rnd.randint(1, 6)):
            pos = rnd.randrange(len(data))
            action = rnd.choice(["flip", "cut", "insert", "truncate"])
            if action == "flip":
                data[pos] = rnd.randrange(256)
            elif action == "cut":
                del data[pos:pos + rnd.randint(1, 20)]
            elif action == "insert":
                data[pos:pos] = rnd.choice([b":", b"- ", b"\t", b"{", b"[", b"\"", b"&x ", b"*x", b"\n---\n", b"\xff"])
            else:
                del data[pos:]
            if not data:
                break
        target.write_bytes(bytes(data))
        site, problems = load_site(base_papers)  # must not raise
        for p in problems:
            assert str(p).startswith(str(p.path))
        target.write_bytes(originals[target])


def test_sample_folder_in_the_repository_is_clean():
    site, problems = load_site(ROOT / "tests" / "fixtures" / "sample")
    assert [str(p) for p in problems] == []
    assert site is not None and len(site.issues) >= 1
