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
from paperdigest.content.load import load_site
from paperdigest.forum.read import ImportError_, import_post, parse_post
from paperdigest.forum.parse import hangul_ratio, paper_id
from paperdigest.forum.themes import theme_title

ROOT = Path(__file__).resolve().parents[1]
POSTS = Path(__file__).resolve().parent / "fixtures" / "posts"
SEED = Path(os.environ.get("PAPERDIGEST_SEED") or Path(__file__).resolve().parents[2] / "shared" / "seed")


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "papers"
    folder.mkdir()
    shutil.copy(ROOT / "tests" / "fixtures" / "sample" / "site.yaml", folder / "site.yaml")
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


# variations real posts have ------------------------------------------------------------
def imported(out: Path, name: str) -> tuple[dict, dict, object]:
    """(issue front matter, {paper id: front matter}, parsed) for one fixture post."""
    result = import_post(POSTS / name, out)
    files = read(result.folder)
    issue = files.pop("issue.md")
    return issue[0], {name[:-3]: meta for name, (meta, _) in files.items()}, result.parsed


def starts(texts: dict, **prefixes: str) -> bool:
    """Exactly these languages, each text starting as given."""
    return set(texts) == set(prefixes) and all(texts[k].startswith(v) for k, v in prefixes.items())


def test_discourse_copy_artefacts_and_footer(out: Path) -> None:
    issue, papers, parsed = imported(out, "2024-12-30-discourse-copy.txt")
    assert issue["week"] == dt.date(2024, 12, 30)  # a range across the new year
    assert issue["papers"] == ["sera", "pixelprobe", "paper-3"]
    assert [t["papers"] for t in issue["themes"]] == [["sera"], ["pixelprobe"], ["paper-3"]]  # '1.' prefixes
    assert [t["title"]["ko"] for t in issue["themes"]][:2] == ["전문가 혼합 모델의 라우팅을 다시 설계하는 연구",
                                                               "시각 인코더를 점검하는 방법"]
    # the intro paragraph stays the issue's intro, not a theme or a paper; NBSP/ZWSP/BOM are gone
    body = (out / "2024-12-30" / "issue.md").read_text(encoding="utf-8")
    assert body.rstrip().endswith("이번 주 선정된 논문들을 살펴보면 세 갈래의 흐름이 보입니다.")
    assert not re.search("[\u00a0\u200b\ufeff]", "".join(p.read_text(encoding="utf-8")
                                                       for p in (out / "2024-12-30").iterdir()))
    sera, probe, legal = papers["sera"], papers["pixelprobe"], papers["paper-3"]
    assert sera["title"] == {"ko": "희소 전문가 라우팅을 다시 보기", "en": "Rethinking Sparse Expert Routing (SERA)"}
    assert sera["summary"]["ko"].endswith("같은 품질에서 계산량을 줄입니다.")  # no caption, no zero-width space
    assert starts(sera["abstract"], ko="전문가 혼합(MoE)", en="Mixture-of-experts models")
    assert "links" not in sera and "arxiv" not in sera  # the link preview had no URL
    assert probe["title"] == {"en": "PixelProbe: Auditing Vision Encoders with Synthetic Probes"}
    assert starts(probe["abstract"], ko="시각 인코더는", en="Vision encoders")  # English first in the post
    assert probe["links"] == {"code": "https://github.com/example/pixelprobe"}  # rebuilt from the preview title
    assert legal["title"] == {"ko": "한국어 법률 문서 요약을 위한 벤치마크"}
    assert starts(legal["abstract"], ko="우리는 판결문과", en="We release a Korean")
    assert "\n" not in legal["abstract"]["ko"] and "감사" not in legal["abstract"]["ko"]
    warnings = "\n".join(parsed.warnings)
    assert re.search(r"pixelprobe.*no ko title", warnings) and re.search(r"paper-3.*no English title", warnings)
    assert re.search(r"pixelprobe.*rebuilt from a copied link preview", warnings)
    # the preview under '논문 링크' and the unknown sign-off are reported; known furniture is skipped
    assert len(parsed.unplaced) == 2
    assert "'sera'" in parsed.unplaced[0] and "Rethinking Sparse Expert Routing" in parsed.unplaced[0]
    assert "paper-3" in parsed.unplaced[1] and "찾아뵙겠습니다" in parsed.unplaced[1]
    assert parsed.skipped >= 10  # captions, [Image], emoji lines, domains, disclaimer, ad, thanks, likes


def test_raw_markdown_labels_quotes_and_links(out: Path) -> None:
    issue, papers, parsed = imported(out, "2025-06-30-raw.md")
    assert issue["week"] == dt.date(2025, 6, 30)  # '[2025/06/30 ~ 07/06]'
    assert issue["papers"] == ["read-write-memory", "leakscope", "tempmerge"]
    assert issue["themes"][0]["title"] == {"ko": "에이전트의 기억 구조"}  # the bold theme title
    assert [t["papers"] for t in issue["themes"]] == [["read-write-memory"], ["leakscope"]]
    rw = papers["read-write-memory"]
    assert rw["title"] == {"ko": "에이전트를 위한 읽기 / 쓰기 메모리", "en": "Read / Write Memory for Language Agents"}
    assert rw["arxiv"] == "2506.12345v2"  # from '**:page_facing_up: 논문 링크:** [arXiv](...)', version kept
    assert rw["links"] == {"code": "https://github.com/example/rw-memory", "project": "https://rw-memory.github.io/"}
    assert rw["abstract"]["en"] == (
        "Language agents that run for hours accumulate memories they rarely revise. We split memory access into "
        "explicit read and write actions.\n\nTrained with reinforcement learning, the agent learns when to "
        "overwrite stale entries and completes 18% more long tasks.")  # '> ' quotes joined, paragraphs kept
    assert rw["abstract"]["ko"].startswith("오래 동작하는") and ">" not in rw["abstract"]["ko"]
    leak = papers["leakscope"]
    assert leak["links"] == {"paper": "https://aclanthology.org/2025.acl-long.321/",
                             "code": "https://github.com/example/leakscope",
                             "more": [{"title": "LeakScope 데모", "url": "https://huggingface.co/spaces/example/leakscope"}]}
    assert "arxiv" not in leak
    assert starts(leak["summary"], ko="LeakScope는 공개된")
    # a Korean abstract full of English terms is still Korean
    assert starts(leak["abstract"], ko="LeakScope 는 접미사 배열(suffix array)", en="Benchmark items leak")
    temp = papers["tempmerge"]
    assert temp["arxiv"] == "2507.00321v1"  # from an arxiv.org/html URL under an 'arXiv' label
    assert temp["links"] == {"more": ["https://openreview.net/forum?id=TmpMrg2025"]}  # '참고 링크'
    assert starts(temp["abstract"], ko="영상 트랜스포머는", en="Video transformers")
    assert parsed.unplaced == []
    assert not [w for w in parsed.warnings if "paper link" in w]
    _, problems = load_site(out, include_drafts=True)
    assert not [p for p in problems if p.is_error], problems


def test_five_themes_missing_introduction_and_short_abstracts(out: Path) -> None:
    issue, papers, parsed = imported(out, "2025-03-10-five-themes.txt")
    assert len(issue["themes"]) == 5  # '1)' ... '5)'
    assert [t["papers"] for t in issue["themes"]] == [["stepcheck"], ["lyrics-and-melody-co"], [], [],
                                                      ["foldlite"]]
    assert issue["papers"] == ["stepcheck", "lyrics-and-melody-co", "foldlite"]
    step = papers["stepcheck"]
    assert step["arxiv"] == "2503.04567"  # 'arXiv: 2503.04567' under '논문 링크:'
    assert step["abstract"]["en"].count("\n\n") == 2 and step["abstract"]["en"].endswith("gains 9 points.")
    assert starts(step["summary"], ko="StepCheck은")  # 'Abstract:' / '논문 소개:' labels with colons
    lyrics = papers["lyrics-and-melody-co"]
    assert "summary" not in lyrics and lyrics["arxiv"] == "2503.05678"
    assert lyrics["abstract"] == {"ko": "가사와 멜로디를 하나의 잠재 공간에서 함께 생성합니다.",
                                  "en": "We generate lyrics and melody jointly from one latent space."}
    fold = papers["foldlite"]
    assert list(fold["abstract"]) == ["en"]
    assert fold["links"] == {"code": "https://github.com/example/foldlite", "more": ["https://foldlite.example.org/"]}
    warnings = "\n".join(parsed.warnings)
    assert re.search(r"lyrics-and-melody-co.*no introduction", warnings)
    assert re.search(r"foldlite.*no paper link", warnings)
    assert re.search(r"theme 3 .*names no paper", warnings) and re.search(r"theme 4 .*names no paper", warnings)
    assert parsed.unplaced == []


def test_no_themes_and_english_first_title(out: Path) -> None:
    issue, papers, parsed = imported(out, "2025-01-13-no-themes.txt")
    assert "themes" not in issue and issue["papers"] == ["korean-speech-corpus", "kv-squeeze"]
    assert (out / "2025-01-13" / "issue.md").read_text(encoding="utf-8").rstrip().endswith("두 편의 논문을 소개합니다.")
    assert papers["korean-speech-corpus"]["title"] == {"ko": "한국어 방언 음성 말뭉치", "en": "Korean Speech Corpus"}
    assert papers["korean-speech-corpus"]["arxiv"] == "2501.07654"
    assert list(papers["kv-squeeze"]["abstract"]) == ["ko"]
    assert any("kv-squeeze" in w and "no English abstract" in w for w in parsed.warnings)
    assert parsed.unplaced == []


@pytest.mark.parametrize("title, week", [
    ("[2025/06/23 ~ 29] 이번 주에 살펴볼 만한 AI/ML 논문 모음", dt.date(2025, 6, 23)),
    ("[2025/06/30 ~ 07/06] 이번 주에 살펴볼 만한 AI/ML 논문 모음", dt.date(2025, 6, 30)),
    ("[2024/12/30 ~ 2025/01/05] 이번 주에 살펴볼 만한 AI/ML 논문 모음", dt.date(2024, 12, 30)),
    ("[2025.03.10 ～ 03.16] 이번 주에 살펴볼 만한 AI/ML 논문 모음", dt.date(2025, 3, 10)),
    ("[2025/06/22 ~ 28] 이번 주에 살펴볼 만한 AI/ML 논문 모음", dt.date(2025, 6, 23)),  # Sunday: next Monday
])
def test_week_from_title(title: str, week: dt.date) -> None:
    post = f"{title}\n\n제목 / Some Paper: A Title\n\n논문 소개\n\n소개 문장입니다.\n\nAbstract\n\nOne sentence.\n"
    assert parse_post(post).week == week


SNIPPET = """[2025/08/04 ~ 10] 이번 주에 살펴볼 만한 AI/ML 논문 모음

{themes}

{header}

{summary_label}

요약 모델을 작게 만드는 방법을 소개합니다.

{abstract_label}

작은 요약 모델을 제안합니다.

We propose a small summarization model.

{link_label}

{link}

{more_label}

{more}
"""


def snippet(**kw: str) -> str:
    base = dict(themes=":one: 이번 주에는 요약 연구가 눈에 띕니다.", header="작은 요약 모델 / MiniSum: Small Summarizers",
                summary_label="논문 소개", abstract_label="논문 초록(Abstract)", link_label="논문 링크",
                link="https://arxiv.org/abs/2508.01234", more_label="더 읽어보기", more="")
    return SNIPPET.format(**{**base, **kw})


@pytest.mark.parametrize("labels", [
    dict(summary_label="**논문 소개**", abstract_label="**논문 초록**", link_label="**논문 바로가기**"),
    dict(summary_label="### :memo: 논문 소개", abstract_label="### 초록(Abstract)", link_label="### arXiv"),
    dict(summary_label="논문 소개:", abstract_label="Abstract:", link_label=":page_facing_up: 논문 링크"),
    dict(summary_label="📝 논문 소개", abstract_label="📄 논문 초록(Abstract)", link_label="📎 논문 링크 :"),
])
def test_label_variants(labels: dict) -> None:
    parsed = parse_post(snippet(**labels))
    [paper] = parsed.papers
    data = paper.data(parsed.languages)
    assert data["title"] == {"ko": "작은 요약 모델", "en": "MiniSum: Small Summarizers"} and paper.id == "minisum"
    assert data["summary"] == {"ko": "요약 모델을 작게 만드는 방법을 소개합니다."}
    assert data["abstract"] == {"ko": "작은 요약 모델을 제안합니다.", "en": "We propose a small summarization model."}
    assert data["arxiv"] == "2508.01234" and parsed.unplaced == []


@pytest.mark.parametrize("marker", [":one:", "1️⃣", "1⃣", "1.", "1)", "**1.**", ":keycap_1:"])
def test_theme_markers(marker: str) -> None:
    parsed = parse_post(snippet(themes=f"{marker} 이번 주에는 요약 연구가 눈에 띕니다. MiniSum은 작습니다."))
    [theme] = parsed.data["themes"]
    assert theme["papers"] == ["minisum"] and theme["summary"]["ko"].startswith("이번 주에는 요약")


@pytest.mark.parametrize("more, links", [
    ("* [GitHub](https://github.com/example/minisum)", {"code": "https://github.com/example/minisum"}),
    ("<https://minisum.github.io/>", {"project": "https://minisum.github.io/"}),
    ("* [프로젝트 페이지](https://example.org/minisum)\n* https://example.org/blog",
     {"project": "https://example.org/minisum", "more": ["https://example.org/blog"]}),
    ("github.com\n\nGitHub - example/minisum: Small summarizers", {"code": "https://github.com/example/minisum"}),
])
def test_read_more_links(more: str, links: dict) -> None:
    parsed = parse_post(snippet(more=more))
    assert parsed.papers[0].data(parsed.languages)["links"] == links
    assert parsed.unplaced == []


@pytest.mark.parametrize("link, arxiv, paper", [
    ("[논문 링크](https://arxiv.org/pdf/2508.01234v3)", "2508.01234v3", None),
    ("<https://arxiv.org/html/2508.01234v1>", "2508.01234v1", None),
    ("https://huggingface.co/papers/2508.01234", "2508.01234", None),
    ("https://openreview.net/forum?id=MiniSum01", None, "https://openreview.net/forum?id=MiniSum01"),
    ("arXiv: 2508.01234", "2508.01234", None),
])
def test_paper_links(link: str, arxiv: str | None, paper: str | None) -> None:
    parsed = parse_post(snippet(link=link, link_label="논문 링크"))
    data = parsed.papers[0].data(parsed.languages)
    assert data.get("arxiv") == arxiv and data.get("links", {}).get("paper") == paper


@pytest.mark.parametrize("header, title, pid", [
    ("작은 요약 모델 / MiniSum: Small Summarizers", {"ko": "작은 요약 모델", "en": "MiniSum: Small Summarizers"}, "minisum"),
    ("MiniSum: Small Summarizers", {"en": "MiniSum: Small Summarizers"}, "minisum"),
    ("작은 요약 모델", {"ko": "작은 요약 모델"}, "paper-1"),
    ("입력 / 출력 요약 / Input / Output Summaries for Agents",
     {"ko": "입력 / 출력 요약", "en": "Input / Output Summaries for Agents"}, "input-output-summaries"),
    ("통합 요약 모델 / Unified Small Summarizers (UNISUM)",
     {"ko": "통합 요약 모델", "en": "Unified Small Summarizers (UNISUM)"}, "unisum"),
    ("## 작은 요약 모델 / MiniSum: Small Summarizers", {"ko": "작은 요약 모델", "en": "MiniSum: Small Summarizers"},
     "minisum"),
])
def test_title_lines(header: str, title: dict, pid: str) -> None:
    parsed = parse_post(snippet(header=header))
    [paper] = parsed.papers
    assert paper.title == title and paper.id == pid


def test_missing_introduction_label_still_finds_the_next_paper() -> None:
    post = snippet(more="https://example.org/a") + (
        "\n둘째 모델 / Second: Another Model\n\n두 번째 모델을 짧게 소개합니다.\n\n논문 초록(Abstract)\n\n"
        "Second is another model.\n")
    parsed = parse_post(post)
    assert [p.id for p in parsed.papers] == ["minisum", "second"]
    second = parsed.papers[1].data(parsed.languages)
    assert second["summary"] == {"ko": "두 번째 모델을 짧게 소개합니다."}
    assert second["abstract"] == {"en": "Second is another model."}


@pytest.mark.parametrize("footer", [
    "이 글은 GPT 모델로 정리한 글로, 잘못된 내용이 있을 수 있으니 원문을 확인해 주세요.",
    "⚠️광고⚠️: 새 강의를 소개합니다.", "좋아요 12", "읽어주셔서 감사합니다!", ":wave:", "image1280×720 88.5 KB",
])
def test_footer_after_abstract_is_never_abstract(footer: str) -> None:
    post = snippet(link_label="", link="", more_label="", more="") + f"\n{footer}\n"
    parsed = parse_post(post)
    data = parsed.papers[0].data(parsed.languages)
    assert data["abstract"] == {"ko": "작은 요약 모델을 제안합니다.", "en": "We propose a small summarization model."}
    assert parsed.skipped >= 1 and parsed.unplaced == []


def test_unknown_trailing_lines_are_reported() -> None:
    post = snippet(link_label="", link="", more_label="", more="") + "\n다음 주에 또 만나요\n\nSee you next week\n"
    parsed = parse_post(post)
    data = parsed.papers[0].data(parsed.languages)
    assert data["abstract"] == {"ko": "작은 요약 모델을 제안합니다.", "en": "We propose a small summarization model."}
    assert len(parsed.unplaced) == 2 and "만나요" in parsed.unplaced[0] and "See you" in parsed.unplaced[1]
