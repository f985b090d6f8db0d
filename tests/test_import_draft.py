"""Issue 10.9: importing a plain-text copy of a post (the forum drops its links) leaves a useful
draft: site.yaml is created when missing, blank arXiv ids are marked warnings, ids are short."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from paperdigest.cli import main
from paperdigest.content.load import load_site
from paperdigest.forum.parse import paper_id

from conftest import FIXTURES

PLAIN = FIXTURES / "posts" / "2025-07-07-plain.txt"


def front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("\n---\n")[0].removeprefix("---\n"))


def test_plain_text_import_with_draft_passes_check_with_marked_warnings(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["import", str(PLAIN), "--out", "digest", "--draft",
                                  "--site-title", "주간 논문", "--base-url", "https://example.github.io/digest/"])
    assert result.exit_code == 0, result.output
    site_yaml = yaml.safe_load(Path("digest/site.yaml").read_text(encoding="utf-8"))
    assert site_yaml["title"] == {"ko": "주간 논문", "en": "주간 논문"}
    assert site_yaml["base_url"] == "https://example.github.io/digest/" and site_yaml["languages"] == ["ko", "en"]
    assert "wrote digest/site.yaml" in result.output
    assert front_matter(Path("digest/2025-07-07/issue.md"))["draft"] is True
    paper = Path("digest/2025-07-07/budget-aware-reasoning-depth.md").read_text(encoding="utf-8")
    assert 'arxiv: ""  # TODO: the post had no link' in paper

    check = runner.invoke(main, ["check", "--src", "digest", "--verbose"])
    blank = [line for line in check.stdout.splitlines() if "arxiv: warning: blank" in line]
    assert len(blank) == 2 and all(line.startswith("digest/2025-07-07/") for line in blank)
    # what is left is what the post itself lacks: one paper has no English abstract
    errors = [line for line in check.stdout.splitlines() if line.startswith("digest/") and ": warning: " not in line]
    assert errors == ["digest/2025-07-07/deduplicating-the-web.md:9: abstract: expected the 'en' text (required), "
                      "found only ko"]
    # the draft never stops a build; removing draft: true is what publishes it (and check then fails)
    assert runner.invoke(main, ["build", "--src", "digest", "--out", "site", "--no-search"]).exit_code == 0
    issue = Path("digest/2025-07-07/issue.md")
    issue.write_text(issue.read_text(encoding="utf-8").replace("draft: true\n", ""), encoding="utf-8")
    _, problems = load_site(Path("digest"))
    assert sorted(p.field for p in problems if p.is_error) == ["abstract", "arxiv", "arxiv"]


def test_without_draft_the_folder_still_gets_a_site_yaml(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["import", str(PLAIN), "--out", "digest"])
    assert result.exit_code == 0, result.output
    _, problems = load_site(Path("digest"))
    assert not [p for p in problems if "site.yaml" in str(p.path)]
    assert sorted(p.message for p in problems if p.is_error) == [
        "a paper needs 'arxiv' or 'links.paper' so readers can find it"] * 2 + [
        "expected the 'en' text (required), found only ko"]


def test_short_ids_from_the_name_part_of_a_title() -> None:
    assert paper_id("BAGEL: Emerging Properties in Unified Multimodal Pretraining", set(), "p") == "bagel"
    assert paper_id("Emerging Properties in Unified Multimodal Pretraining (BAGEL)", set(), "p") == "bagel"
    long_name = paper_id("Understand, Think, and Answer: Advancing Visual Reasoning with Large Multimodal Models",
                         set(), "p")
    assert long_name == "understand-think-and-answer"
    no_name = paper_id("How Important are Videos for Training Video LLMs?", set(), "p")
    assert no_name == "how-important-are-videos"
    for title in ("A Very Long Title Without Any Colon That Goes On and On About Many Things",
                  "Seven Words Before The Colon Are Too Many: A Subtitle"):
        assert 1 <= len(paper_id(title, set(), "p").split("-")) <= 4, title
    taken = paper_id("BAGEL: Another Take", {"bagel"}, "p")
    assert taken != "bagel" and len(taken.split("-")) <= 4


def test_the_real_post_as_a_draft_has_no_errors(tmp_path: Path) -> None:
    """The seed (the community's real post, copied as plain text) failed check with 11 errors."""
    import os

    seed = Path(os.environ.get("PAPERDIGEST_SEED") or Path(__file__).resolve().parents[2] / "shared" / "seed")
    posts = sorted(seed.glob("*.txt")) if seed.is_dir() else []
    if not posts:
        pytest.skip("the seed post is not available (set PAPERDIGEST_SEED)")
    runner = CliRunner()
    assert runner.invoke(main, ["import", str(posts[0]), "--out", "papers", "--draft"]).exit_code == 0
    _, problems = load_site(Path("papers"))
    assert [str(p) for p in problems if p.is_error] == []
    assert len([p for p in problems if p.field == "arxiv"]) == 10
    assert {p.path.stem for p in problems if p.field == "arxiv"} >= {"xolver", "mem1", "gso", "dolphin"}


def test_a_refused_import_writes_no_site_yaml(tmp_path: Path) -> None:
    Path("digest/2025-07-07").mkdir(parents=True)
    result = CliRunner().invoke(main, ["import", str(PLAIN), "--out", "digest", "--draft"])
    assert result.exit_code == 1 and "already exists" in result.output
    assert not Path("digest/site.yaml").exists()
    issue = CliRunner().invoke(main, ["import", str(PLAIN), "--out", "digest", "--draft", "--force"])
    assert issue.exit_code == 0
    lines = Path("digest/2025-07-07/issue.md").read_text(encoding="utf-8").splitlines()
    assert lines[1:4] == ["week: 2025-07-07", "published: 2025-07-14", "draft: true"]
