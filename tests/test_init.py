"""`paperdigest init`: a new digest that checks, builds and deploys as written; and a maintainer's first week."""
from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

import paperdigest.cli.authoring as authoring
from paperdigest.cli import main

from conftest import FIXTURES

WORKFLOW_SCHEMA = FIXTURES / "schemastore" / "github-workflow.json"
FLAGS = ("--title", "ko=우리 주간 논문", "--title", "en=Our Weekly Papers", "--base-url",
         "https://user.github.io/digest/", "--languages", "ko,en", "--timezone", "Asia/Seoul")


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_init_writes_a_digest_that_passes_check_strict_and_builds(tmp_path):
    result = run("init", "digest", *FLAGS)
    assert result.exit_code == 0, result.output
    root = tmp_path / "digest"
    files = set(tree(root))
    week = next(name.split("/")[1] for name in files if name.endswith("/issue.md"))
    assert files == {"papers/site.yaml", ".gitignore", "README.md", "requirements.txt",
                     ".github/workflows/publish.yml", f"papers/{week}/issue.md", f"papers/{week}/attention.md"}
    site = yaml.safe_load((root / "papers/site.yaml").read_text(encoding="utf-8"))
    assert site == {"title": {"ko": "우리 주간 논문", "en": "Our Weekly Papers"}, "base_url": "https://user.github.io/digest/",
                    "languages": ["ko", "en"], "timezone": "Asia/Seoul"}
    ignored = (root / ".gitignore").read_text(encoding="utf-8").split()
    assert "/site/" in ignored and "/.cache/" in ignored
    assert "Our Weekly Papers" not in (root / "README.md").read_text(encoding="utf-8")  # the default language's title
    assert "# 우리 주간 논문" in (root / "README.md").read_text(encoding="utf-8")
    check = run("check", "--strict", "--src", str(root / "papers"))
    assert check.exit_code == 0 and "no problems found" in check.output
    build = run("build", "--src", str(root / "papers"), "--out", str(root / "site"), "--no-search")
    assert build.exit_code == 0, build.output
    assert (root / "site" / "issues" / week / "attention" / "index.html").is_file()


def test_empty_and_english_only(tmp_path):
    assert run("init", "a", *FLAGS, "--empty").exit_code == 0
    assert not list((tmp_path / "a" / "papers").glob("*/issue.md"))
    assert run("check", "--src", "a/papers").exit_code == 0
    assert run("init", "b", "--no-input", "--languages", "en", "--title", "en=Papers").exit_code == 0
    paper = next((tmp_path / "b" / "papers").glob("*/attention.md")).read_text(encoding="utf-8")
    assert "ko:" not in paper and not re.search(r"[가-힣]", paper)
    assert run("check", "--strict", "--src", "b/papers").exit_code == 0


def test_refuses_a_folder_that_is_not_empty_and_never_overwrites(tmp_path):
    root = tmp_path / "digest"
    root.mkdir()
    (root / "README.md").write_text("ours\n", encoding="utf-8")
    result = run("init", "digest", *FLAGS)
    assert result.exit_code == 1 and "is not empty; pass --force" in result.output
    assert tree(root) == {"README.md": b"ours\n"}
    result = run("init", "digest", *FLAGS, "--force")
    assert result.exit_code == 0
    assert (root / "README.md").read_text(encoding="utf-8") == "ours\n"
    assert "kept digest/README.md (it exists)" in result.output
    assert (root / "papers" / "site.yaml").is_file()


@pytest.mark.parametrize(("flag", "value", "message"), [
    ("--timezone", "Mars/Olympus", "timezone: unknown time zone 'Mars/Olympus'"),
    ("--languages", "ko,KO!", "languages[1]: expected a language code"),
    ("--base-url", "user.github.io/digest", "base_url: expected"),
])
def test_bad_settings_are_one_line_and_write_nothing(tmp_path, flag, value, message):
    args = list(FLAGS)
    args[args.index(flag) + 1] = value
    result = run("init", "digest", *args)
    assert result.exit_code == 1 and message in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert not (tmp_path / "digest").exists()


def test_asks_for_what_no_option_gives(tmp_path, monkeypatch):
    monkeypatch.setattr(authoring, "stdin_is_interactive", lambda: True)
    result = run("init", "digest", "--timezone", "UTC", input="en,ko\nThe Digest\n\nhttps://example.org/d/\n")
    assert result.exit_code == 0, result.output
    site = yaml.safe_load((tmp_path / "digest/papers/site.yaml").read_text(encoding="utf-8"))
    assert site["languages"] == ["en", "ko"] and site["title"] == {"en": "The Digest", "ko": "이번 주의 AI/ML 논문"}
    assert site["base_url"] == "https://example.org/d/" and site["timezone"] == "UTC"


# the publish workflow ----------------------------------------------------------------------
@pytest.fixture
def workflow(tmp_path) -> dict:
    assert run("init", "digest", *FLAGS, "--empty").exit_code == 0
    data = yaml.safe_load((tmp_path / "digest/.github/workflows/publish.yml").read_text(encoding="utf-8"))
    data["on"] = data.pop(True)  # YAML 1.1 reads the key 'on' as true; GitHub reads it as 'on'
    return data


def test_workflow_is_valid_against_schemastore(workflow):
    schema = json.loads(WORKFLOW_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft7Validator(schema).validate(workflow)
    broken = {**workflow, "jobs": {"build": {**workflow["jobs"]["build"], "step": []}}}
    with pytest.raises(jsonschema.ValidationError):  # the schema does catch a wrong key
        jsonschema.Draft7Validator(schema).validate(broken)


def test_workflow_checks_then_builds_with_the_cache_then_publishes_with_the_pages_actions(workflow):
    steps = workflow["jobs"]["build"]["steps"]
    runs = [s.get("run", "") for s in steps]
    uses = [s.get("uses", "").split("@")[0] for s in steps]
    check = runs.index("paperdigest check --strict --src papers")
    build = runs.index("paperdigest build --src papers --out site")
    assert runs.index("pip install -r requirements.txt") < check < uses.index("actions/cache/restore") < build
    assert build < uses.index("actions/cache/save") < uses.index("actions/upload-pages-artifact")
    assert {s["with"]["path"] for s in steps if "cache" in s.get("uses", "")} == {".cache"}
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build" and deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}


# a maintainer's first week, end to end --------------------------------------------------------
def test_a_full_week_from_init_to_the_forum_post(tmp_path, fake_arxiv):
    assert run("init", "digest", *FLAGS, "--empty").exit_code == 0
    src = tmp_path / "digest" / "papers"
    assert run("new", "issue", "--src", str(src), "--week", "2025-06-23").exit_code == 0
    result = run("new", "paper", "mem1", "--src", str(src), "--arxiv", "2506.15841", "--fetch")
    assert result.exit_code == 0, result.output
    paper = src / "2025-06-23" / "mem1.md"
    assert run("check", "--src", str(src)).exit_code == 1  # the Korean fields are still empty
    text = paper.read_text(encoding="utf-8")
    for key, korean in (("title", "MEM1: 기억과 추론을 함께 배우는 장기 에이전트"),
                        ("summary", "매 턴 짧은 내부 상태만 고쳐 쓰는 에이전트입니다."),
                        ("abstract", "모든 이전 턴을 붙이는 대신 압축된 상태를 유지합니다.")):
        block = text.index(f"\n{key}:")
        text = text[:block] + text[block:].replace('  ko: ""', f'  ko: "{korean}"', 1)
    text = text.replace('  en: ""', '  en: "An agent that rewrites a short state every turn."', 1)
    paper.write_text(text, encoding="utf-8")
    check = run("check", "--src", str(src))
    assert check.exit_code == 0, check.output
    issue = src / "2025-06-23" / "issue.md"  # the one step that publishes the week
    issue.write_text(issue.read_text(encoding="utf-8").replace("draft: true\n", ""), encoding="utf-8")
    build = run("build", "--src", str(src), "--out", str(tmp_path / "digest" / "site"), "--no-search")
    assert build.exit_code == 0, build.output
    page = (tmp_path / "digest/site/en/issues/2025-06-23/mem1/index.html").read_text(encoding="utf-8")
    assert "MEM1: Learning to Synergize Memory and Reasoning for Efficient Long-Horizon Agents" in page
    post = run("export", "2025-06-23", "--to", "forum", "--src", str(src), "--with-ids")  # authors ride in its hidden comments
    assert post.exit_code == 0
    assert "MEM1: Learning to Synergize Memory and Reasoning for Efficient Long-Horizon Agents" in post.output
    assert all(name in post.output for name in ("Lena Fischer", "Omar Haddad", "Jisoo Kang"))
