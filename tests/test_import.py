"""``paperdigest import``: synthetic posts land in exactly the expected files; the real seed post, when present."""
from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from pathlib import Path

import frontmatter
import pytest
import yaml
from click.testing import CliRunner

from paperdigest.cli import main
from paperdigest.content import load_site
from paperdigest.importer import ImportError_, import_post, parse_post
from paperdigest.importer_parse import hangul_ratio, paper_id, theme_title

ROOT = Path(__file__).resolve().parents[1]
POSTS = Path(__file__).resolve().parent / "fixtures" / "posts"
SEED = Path(os.environ.get("PAPERDIGEST_SEED") or Path(__file__).resolve().parents[2] / "shared" / "seed")


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "papers"
    folder.mkdir()
    shutil.copy(ROOT / "papers" / "site.yaml", folder / "site.yaml")
    return folder


def read(folder: Path) -> dict[str, tuple[dict, str]]:
    """Every written file as (front matter, body), by file name."""
    files = {}
    for path in sorted(folder.iterdir()):
        post = frontmatter.loads(path.read_text(encoding="utf-8"))
        files[path.name] = (dict(post.metadata), post.content)
    return files


def crlf_post(tmp_path: Path) -> Path:
    """The CRLF fixture, made sure to have Windows line endings whatever git did to it."""
    data = (POSTS / "2025-07-21-crlf.txt").read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    path = tmp_path / "crlf.txt"
    path.write_bytes(data)
    return path


# synthetic posts ---------------------------------------------------------------------
PLAIN_FILES = {
    "issue.md": ({
        "week": dt.date(2025, 7, 7), "published": dt.date(2025, 7, 14),
        "themes": [
            {"title": {"ko": "작은 모델로 긴 문서를 요약하는 연구"},
             "summary": {"ko": "이번 주에는 작은 모델로 긴 문서를 요약하는 연구가 눈에 띕니다. TinySumm은 문단별 요약을 이어 붙이는 "
                               "대신 요약 트리를 만들어 긴 보고서도 한 번에 정리합니다."},
             "papers": ["tinysumm"]},
            {"title": {"ko": "데이터 정제 파이프라인"},
             "summary": {"ko": "둘째로, 데이터 정제 파이프라인에 관한 연구가 두드러집니다. 웹 문서에서 중복을 걸러 내는 연구는 "
                               "학습 토큰을 줄이면서도 성능을 지킵니다."},
             "papers": []},
        ],
        "papers": ["tinysumm", "deduplicating-the-web", "budget-aware-reasoning-depth"],
    }, ""),
    "tinysumm.md": ({
        "title": {"ko": "요약 트리로 긴 문서를 정리하는 작은 모델",
                  "en": "TinySumm: Tree-Structured Summaries with Small Language Models"},
        "summary": {"ko": "TinySumm은 10억 개 이하의 매개변수를 가진 모델이 긴 문서를 요약할 수 있도록 문서를 나무 구조로 쪼개어 요약합니다."},
        "abstract": {"ko": "긴 문서 요약은 작은 언어 모델에게 어려운 과제입니다. 본 논문은 문서를 계층적으로 나누고 각 노드를 요약한 뒤 "
                           "위로 합치는 TinySumm을 제안합니다.",
                     "en": "Summarizing long documents is hard for small language models. We propose TinySumm, which splits "
                           "a document hierarchically, summarizes each node and merges the summaries upward."},
    }, ""),
    "deduplicating-the-web.md": ({
        "title": {"ko": "웹 문서 중복 제거가 사전학습에 미치는 영향",
                  "en": "Deduplicating the Web: Near-Duplicate Removal for Pretraining Data"},
        "arxiv": "2507.01234",
        "summary": {"ko": "웹에서 모은 사전학습 데이터의 거의 같은 문서를 찾아 지우면 학습 비용이 줄어든다는 연구입니다. "
                          "논문은 arXiv:2507.01234 에서 볼 수 있습니다."},
        "abstract": {"ko": "사전학습 데이터에는 거의 같은 문서가 많이 섞여 있습니다. 우리는 MinHash 기반의 중복 제거가 학습 토큰을 30% "
                           "줄이면서도 성능을 유지함을 보입니다."},
    }, ""),
    "budget-aware-reasoning-depth.md": ({
        "title": {"ko": "계산 예산에 맞춘 추론 깊이 조절", "en": "Budget-Aware Reasoning Depth for Language Models"},
        "summary": {"ko": "주어진 계산 예산 안에서 모델이 생각의 깊이를 스스로 조절하도록 학습시키는 방법을 소개합니다."},
        "abstract": {"ko": "추론 모델은 쉬운 문제에도 긴 사고 과정을 생성해 계산을 낭비합니다. 본 연구는 예산 토큰을 입력으로 받아 추론 "
                           "길이를 조절하는 학습 방법을 제안합니다.",
                     "en": "Reasoning models waste compute by producing long chains of thought even for easy problems. We "
                           "propose a training method that takes a budget token as input and adapts the length of reasoning to it."},
    }, ""),
}

MARKDOWN_FILES = {
    "issue.md": ({
        "week": dt.date(2025, 7, 14), "published": dt.date(2025, 7, 21),
        "themes": [
            {"title": {"ko": "로봇 조작을 위한 세계 모델"},
             "summary": {"ko": "이번 주에는 로봇 팔의 움직임을 예측하는 세계 모델 연구가 많았습니다. GraspWorld는 영상으로 학습한 "
                               "세계 모델로 물체 집기를 계획합니다."},
             "papers": ["graspworld"]},
            {"title": {"ko": "코드 생성 모델의 평가 방법"},
             "summary": {"ko": "다음으로, 코드 생성 모델의 평가 방법에 관한 논의가 두드러집니다. RepoEval-X는 저장소 단위의 과제로 "
                               "코드 모델을 평가합니다."},
             "papers": ["repoeval-x"]},
        ],
        "papers": ["graspworld", "repoeval-x"],
    }, ""),
    "graspworld.md": ({
        "title": {"ko": "영상 세계 모델로 배우는 물체 집기", "en": "GraspWorld: Learning to Grasp with Video World Models"},
        "arxiv": "2507.05678",
        "links": {"code": "https://github.com/example/graspworld",
                  "more": [{"title": "GraspWorld 프로젝트 블로그 글", "url": "https://example.org/blog/graspworld"},
                           "https://example.org/talks/graspworld-video"]},
        "summary": {"ko": "GraspWorld는 사람이 물건을 집는 영상으로 세계 모델을 학습한 뒤, 그 모델 안에서 로봇의 집기 동작을 미리 "
                          "시험해 봅니다."},
        "abstract": {"ko": "로봇은 자신의 행동 결과를 예측해야 합니다. 우리는 사람의 물체 집기 영상으로 영상 세계 모델을 학습하고 이를 "
                           "로봇 집기 계획에 사용합니다.",
                     "en": "Robots need to predict the outcome of their actions. We train a video world model on human "
                           "grasping videos and use it to plan robot grasps."},
    }, ""),
    "repoeval-x.md": ({
        "title": {"ko": "저장소 단위 코드 생성 평가", "en": "RepoEval-X: Repository-Level Evaluation of Code Generation"},
        "links": {"paper": "https://openreview.net/forum?id=abc123XYZ",
                  "more": [{"title": "RepoEval-X 리더보드", "url": "https://example.org/repoeval-x"}]},
        "summary": {"ko": "RepoEval-X는 함수 하나가 아니라 저장소 전체의 맥락이 필요한 과제로 코드 생성 모델을 평가하는 벤치마크입니다."},
        "abstract": {"ko": "기존 코드 벤치마크는 독립된 함수만 다룹니다. RepoEval-X는 실제 저장소에서 뽑은 500개 과제로 모델을 평가합니다.",
                     "en": "Existing code benchmarks only cover standalone functions. RepoEval-X evaluates models on 500 "
                           "tasks drawn from real repositories."},
    }, ""),
}

CRLF_FILES = {
    "issue.md": ({
        "week": dt.date(2025, 7, 21), "published": dt.date(2025, 7, 28),
        "title": {"ko": "[2025/07/23 ~ 27] 이번 주에 살펴볼 만한 AI/ML 논문 모음"},
        "themes": [
            {"title": {"ko": "음성 인식 모델의 효율화"},
             "summary": {"ko": "먼저, 음성 인식 모델의 효율화에 대한 연구가 두드러집니다. EchoLite는 작은 기기에서도 실시간으로 "
                               "음성을 받아 적습니다."},
             "papers": ["echolite"]},
        ],
        "papers": ["echolite", "tabletalk"],
    }, ""),
    "echolite.md": ({
        "title": {"ko": "EchoLite: 기기 안에서 도는 실시간 음성 인식", "en": "EchoLite: Real-Time On-Device Speech Recognition"},
        "arxiv": "2507.09999v2",
        "links": {"more": [{"title": "EchoLite 데모", "url": "https://example.org/echolite"}]},
        "summary": {"ko": "EchoLite는 스마트폰에서 실시간으로 돌아가는 작은 음성 인식 모델입니다."},
        "abstract": {"ko": "EchoLite는 스마트폰에서 실시간으로 동작하는 4천만 매개변수 음성 인식기입니다.",
                     "en": "We present EchoLite, a 40M-parameter speech recognizer that runs in real time on phones."},
    }, ""),
    "tabletalk.md": ({
        "title": {"ko": "표로 배우는 언어 모델", "en": "TableTalk: Language Models that Learn from Tables"},
        "summary": {"ko": "TableTalk은 표 데이터를 문장처럼 읽도록 언어 모델을 학습시킵니다."},
        "abstract": {"ko": "표는 흔하지만 언어 모델이 다루기 어렵습니다. 우리는 표를 행 단위 문장으로 바꿔 학습하는 TableTalk을 제안합니다.",
                     "en": "Tables are common but hard for language models. We propose TableTalk, which learns from tables "
                           "rewritten as row sentences."},
    }, ""),
}


def test_plain_text_post_imports_exactly(out: Path) -> None:
    result = import_post(POSTS / "2025-07-07-plain.txt", out)
    assert read(out / "2025-07-07") == PLAIN_FILES
    warnings = "\n".join(result.parsed.warnings)
    # the post lost its links: the paper without any arXiv id is named, the one with an id in the text is flagged
    assert re.search(r"budget-aware-reasoning-depth.*no paper link", warnings)
    assert re.search(r"tinysumm.*no paper link", warnings)
    assert re.search(r"deduplicating-the-web.*2507\.01234 taken from the text", warnings)
    assert re.search(r"deduplicating-the-web.*no English abstract", warnings)
    assert re.search(r"theme 2 .*names no paper", warnings)
    assert result.parsed.skipped == 3  # the emoji line, the sign-off and the likes
    assert result.parsed.unplaced == []


def test_markdown_post_fills_links(out: Path) -> None:
    result = import_post(POSTS / "2025-07-14-markdown.md", out)
    assert read(out / "2025-07-14") == MARKDOWN_FILES
    assert not [w for w in result.parsed.warnings if "paper link" in w]
    _, problems = load_site(out, include_drafts=True)
    assert not [p for p in problems if p.is_error], problems


def test_crlf_post_with_keycaps_and_english_first(tmp_path: Path, out: Path) -> None:
    result = import_post(crlf_post(tmp_path), out)
    assert read(out / "2025-07-21") == CRLF_FILES
    assert any("Wednesday" in w for w in result.parsed.warnings)
    assert len(result.parsed.unplaced) == 1 and "학회 페이지" in result.parsed.unplaced[0]
    assert "tabletalk" in result.parsed.unplaced[0]


def test_written_files_pass_check_except_what_the_post_lacks(out: Path) -> None:
    import_post(POSTS / "2025-07-07-plain.txt", out)
    _, problems = load_site(out, include_drafts=True)
    errors = sorted((p.path.name, p.message) for p in problems if p.is_error)
    assert [name for name, _ in errors] == ["budget-aware-reasoning-depth.md", "deduplicating-the-web.md", "tinysumm.md"]
    assert "arxiv" in errors[0][1] and "'en'" in errors[1][1]


def test_never_overwrites_without_force(out: Path) -> None:
    import_post(POSTS / "2025-07-14-markdown.md", out)
    (out / "2025-07-14" / "graspworld.md").write_text("edited", encoding="utf-8")
    with pytest.raises(ImportError_, match="already exists"):
        import_post(POSTS / "2025-07-14-markdown.md", out)
    assert (out / "2025-07-14" / "graspworld.md").read_text(encoding="utf-8") == "edited"
    import_post(POSTS / "2025-07-14-markdown.md", out, force=True)
    assert read(out / "2025-07-14") == MARKDOWN_FILES
    assert sorted(p.name for p in out.iterdir()) == ["2025-07-14", "site.yaml"]


def test_week_option_and_missing_week(out: Path) -> None:
    text = (POSTS / "2025-07-14-markdown.md").read_text(encoding="utf-8").split("\n", 1)[1]
    with pytest.raises(ImportError_, match="--week"):
        parse_post(text)
    parsed = parse_post(text, week=dt.date(2025, 8, 4))
    assert parsed.week == dt.date(2025, 8, 4) and parsed.data["week"] == dt.date(2025, 8, 4)


def test_yaml_is_block_scalars_and_unicode(out: Path) -> None:
    import_post(POSTS / "2025-07-14-markdown.md", out)
    text = (out / "2025-07-14" / "graspworld.md").read_text(encoding="utf-8")
    assert "\\u" not in text and "영상 세계 모델" in text
    assert "abstract:\n  ko: >-\n" in text
    keys = list(yaml.safe_load(text.split("---")[1]))
    assert keys == ["title", "arxiv", "links", "summary", "abstract"]


def test_cli_import_reports(tmp_path: Path, out: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["import", str(crlf_post(tmp_path)), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "imported 2 paper(s) and 1 theme(s)" in result.output
    assert "not placed: line" in result.output and "tabletalk" in result.output
    again = runner.invoke(main, ["import", str(POSTS / "2025-07-21-crlf.txt"), "--out", str(out)])
    assert again.exit_code != 0 and "--force" in again.output


@pytest.mark.parametrize("title, expected", [
    ("Xolver: Multi-Agent Reasoning with Holistic Experience Learning Just Like an Olympiad Team", "xolver"),
    ("How Important are Videos for Training Video LLMs?", "how-important-are-videos"),
    ("Visionary-R1: Mitigating Shortcuts in Visual Reasoning", "visionary-r1"),
    ("Emerging Properties in Unified Multimodal Pretraining", "emerging-properties-in-unified"),
    ("𝕏olver: a stylised name", "xolver"),
])
def test_paper_ids(title: str, expected: str) -> None:
    assert paper_id(title, set(), "paper-1") == expected


def test_paper_ids_are_unique() -> None:
    taken = {"xolver"}
    assert paper_id("Xolver: Another Paper", taken, "paper-2") == "xolver-another"
    assert paper_id(None, set(), "paper-3") == "paper-3"


def test_theme_titles() -> None:
    assert theme_title("둘째로, 데이터 정제 파이프라인에 관한 연구가 두드러집니다. 나머지.") == "데이터 정제 파이프라인"
    assert theme_title("First, retrieval keeps getting better. More.") == "Retrieval keeps getting better"


# the real post ---------------------------------------------------------------------------
def seed_post() -> Path:
    posts = sorted(SEED.glob("*.txt")) if SEED.is_dir() else []
    if not posts or not (SEED / "papers.md").is_file():
        pytest.skip("the seed post is not available (set PAPERDIGEST_SEED)")
    return posts[0]


def seed_titles() -> list[str]:
    """The English titles from papers.md's table, without the '(NAME)' the table adds."""
    titles = []
    for line in (SEED / "papers.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) > 2 and cells[0].isdigit():
            titles.append(re.sub(r"\s*\([A-Za-z0-9-]+\)$", "", cells[1]))
    return titles


def is_korean(text: str) -> bool:
    return hangul_ratio(text) > 0.5


def is_english(text: str) -> bool:
    return hangul_ratio(text) == 0 and len(text) > 0


def test_seed_post(out: Path) -> None:
    result = import_post(seed_post(), out)
    parsed = result.parsed
    assert parsed.week == dt.date(2025, 6, 23)
    data = read(result.folder)
    issue = data["issue.md"][0]
    assert len(issue["themes"]) == 3 and len(issue["papers"]) == 10
    titles = seed_titles()
    assert len(titles) == 10
    papers = [data[f"{pid}.md"][0] for pid in issue["papers"]]
    assert [p["title"]["en"] for p in papers] == titles
    for paper in papers:
        assert is_korean(paper["title"]["ko"]) and is_english(paper["title"]["en"])
        assert list(paper["summary"]) == ["ko"] and is_korean(paper["summary"]["ko"])
        assert set(paper["abstract"]) == {"ko", "en"}
        assert is_korean(paper["abstract"]["ko"]) and hangul_ratio(paper["abstract"]["en"]) == 0
        assert len(paper["abstract"]["en"]) > 400 and "\n" not in paper["abstract"]["en"]
    for theme in issue["themes"]:
        assert list(theme["title"]) == ["ko"] and is_korean(theme["title"]["ko"]) and len(theme["title"]["ko"]) <= 51
        assert list(theme["summary"]) == ["ko"] and is_korean(theme["summary"]["ko"])
    ids = {title: pid for title, pid in zip(titles, issue["papers"])}

    def by_name(prefix: str) -> str:
        return next(pid for title, pid in ids.items() if title.startswith(prefix))

    assert issue["themes"][0]["papers"] == [by_name("Xolver"), by_name("MEM1")]
    assert set(issue["themes"][1]["papers"]) == {by_name("Visionary-R1"), by_name("Understand, Think"),
                                                 by_name("How Visual Representations")}
    assert set(issue["themes"][2]["papers"]) == {by_name("MEM1"), by_name("FlexSelect"),
                                                 by_name("How Important are Videos")}
    assert by_name("Xolver") == "xolver" and by_name("How Important") == "how-important-are-videos"
    # the copy lost every URL: each paper is named in a warning, nothing is silently dropped
    missing = [w for w in parsed.warnings if "no paper link" in w]
    assert len(missing) == 10
    assert parsed.unplaced == []
    assert parsed.skipped >= 3
