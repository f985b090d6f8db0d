"""Generate a large, deliberately varied content folder to test the built site against validators.

    .venv/bin/python benchmarks/make_varied_site.py OUT_DIR [--weeks 40] [--seed 1]
    .venv/bin/paperdigest build --src OUT_DIR/papers --out OUT_DIR/site

Writes ``OUT_DIR/papers`` (``site.yaml`` copied from the repository's sample), never into the
repository. Every text is synthetic. The papers vary on purpose in the ways real weeks do and the
sample does not: missing translations (Korean title/summary/abstract, English summary), Markdown
in titles, inline/display/very wide math, Discourse emoji shortcodes, bare and very long URLs,
200 Korean characters without a space, authors with non-ASCII names, many tags (some used once),
old-style arXiv ids, papers with only ``links.paper``, ``more`` as URLs and as {title, url},
editor notes with lists, blockquotes, tables, code and headings, characters that need escaping,
an issue without themes, one with a custom title, a draft, intros, and weeks from 2024 to 2026.
The output is deterministic for a given seed. It passes ``paperdigest check`` (with warnings).
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIRST_MONDAY = dt.date(2024, 1, 1)
LAST_MONDAY = dt.date(2026, 6, 29)
KST = dt.timezone(dt.timedelta(hours=9))

TAGS = ["agents", "reasoning", "memory", "multimodal", "vision-language", "video", "benchmark",
        "software-engineering", "reinforcement-learning", "document-ai", "long-context",
        "interpretability", "diffusion", "speech", "robotics", "retrieval", "alignment", "safety",
        "efficiency", "quantization", "graphs", "math", "code-generation", "evaluation", "data"]
AUTHORS = ["Alice Park", "Bob Lee", "José Álvarez-Núñez", "Zoë Müller", "Łukasz Wróbel", "김민준",
           "이서연", "Nguyễn Văn An", "Søren Kierkegaard-Hansen", "Conor O'Brien", "Åsa Öberg",
           "田中 太郎", "Dmitrij Čech", "Anna-Lena Schäfer", "Mary \"M.J.\" Jones", "Ravi Shankar",
           "Chen Wei", "Fatima Zahra El-Idrissi", "Jean-Luc Picard", "Emily Tan & Co"]
OLD_ARXIV = ["cs/0112017", "hep-th/9901001v2", "math/0501234", "cs.LG/0703001", "physics/0605123v3",
             "q-bio/0401005", "cond-mat/0210012v1"]
TOPICS_EN = ["sparse attention", "retrieval-augmented agents", "tool use", "video tokens", "reward models",
             "chart understanding", "speech translation", "robot grasping", "graph transformers",
             "low-bit quantization", "protein folding", "code repair", "diffusion sampling", "OCR",
             "long-context memory", "preference optimization", "mixture of experts", "world models"]
TOPICS_KO = ["희소 어텐션", "검색 증강 에이전트", "도구 사용", "비디오 토큰", "보상 모델", "차트 이해",
             "음성 번역", "로봇 파지", "그래프 트랜스포머", "저비트 양자화", "단백질 구조 예측", "코드 수정",
             "확산 샘플링", "문자 인식", "장문맥 메모리", "선호 최적화", "전문가 혼합", "월드 모델"]
EMOJI = [":fire:", ":one:", ":two:", ":south_korea:", ":rocket:", ":thinking_face:", ":eyes:", ":tada:",
         ":+1:", ":slightly_smiling_face:", ":star:"]
EN_SENTENCES = [
    "The authors propose a simple recipe that scales {t} to much longer inputs without extra training.",
    "Experiments on six benchmarks show consistent gains over strong baselines, especially at small model sizes.",
    "An ablation finds that most of the improvement comes from the data mixture rather than the architecture.",
    "They release code, checkpoints and a cleaned evaluation set so that others can reproduce the numbers.",
    "The method costs about a third of the compute of previous work while matching its accuracy.",
    "A careful error analysis shows where {t} still fails: rare entities, long chains and noisy inputs.",
    "The paper argues that evaluation protocols for {t} overstate progress and proposes a stricter one.",
]
KO_SENTENCES = [
    "저자들은 추가 학습 없이 {t}을(를) 훨씬 긴 입력으로 확장하는 간단한 방법을 제안합니다.",
    "여섯 개 벤치마크에서 강한 기준 모델보다 꾸준히 좋은 성능을 보였고, 작은 모델에서 특히 효과가 컸습니다.",
    "제거 실험에 따르면 개선의 대부분은 구조보다 데이터 구성에서 나옵니다.",
    "코드와 체크포인트, 정제한 평가 세트를 함께 공개해 누구나 결과를 재현할 수 있습니다.",
    "기존 연구의 3분의 1 정도 연산으로 같은 정확도를 냅니다.",
    "오류 분석을 통해 {t}이(가) 여전히 어려워하는 지점, 즉 드문 개체와 긴 추론 사슬, 잡음 섞인 입력을 짚습니다.",
    "논문은 {t}의 평가 방식이 발전 정도를 과장한다고 보고 더 엄격한 절차를 제안합니다.",
]
KO_NOSPACE = ("한국어문장은띄어쓰기없이길게이어질때도있으며이런문장이화면을넘치지않고줄바꿈되는지확인해야합니다"
              "대형언어모델의추론능력과메모리효율을함께높이는방법을찾기위한연구가계속되고있습니다")
LONG_URL = ("https://research.example.net/research/papers/2025/supplementary-material/appendix-with-a-very-long-path/"
            "and-even-more-segments/that-never-break/" + "x" * 120 + "?utm_source=digest&utm_medium=feed&ref=abc")
WIDE_MATH = ("$$\\mathcal{L}(\\theta) = \\sum_{i=1}^{N} \\log p_\\theta(y_i \\mid x_i) + "
             + " + ".join(f"\\lambda_{{{k}}} \\lVert W_{{{k}}} - W_{{{k}}}^{{(0)}} \\rVert_2^2" for k in range(1, 13))
             + "$$")


def q(text: str) -> str:
    """A YAML scalar: JSON strings are valid YAML and escape everything that needs it."""
    return json.dumps(text, ensure_ascii=False)


def lang_map(key: str, values: dict[str, str], indent: str = "") -> str:
    if not values:
        return ""
    lines = [f"{indent}{key}:"]
    for lang, text in values.items():
        lines.append(f"{indent}  {lang}: {q(text)}")
    return "\n".join(lines) + "\n"


def sentences(rng: random.Random, pool: list[str], topic: str, n: int) -> str:
    return " ".join(rng.choice(pool).format(t=topic) for _ in range(n))


class Generator:
    def __init__(self, seed: int, weeks: int, per_week: int):
        self.rng = random.Random(seed)
        self.weeks = weeks
        self.per_week = per_week
        self.serial = 0
        self.old_arxiv = list(OLD_ARXIV)
        self.unique_tag = 0

    def mondays(self) -> list[dt.date]:
        span = (LAST_MONDAY - FIRST_MONDAY).days // 7
        step = max(1, span // max(1, self.weeks - 1))
        return [FIRST_MONDAY + dt.timedelta(weeks=i * step) for i in range(self.weeks)]

    # one paper ------------------------------------------------------------------------
    def paper(self, week: dt.date, n: int, variant: int) -> tuple[str, str, str]:
        rng = self.rng
        self.serial += 1
        k = rng.randrange(len(TOPICS_EN))
        topic_en, topic_ko = TOPICS_EN[k], TOPICS_KO[k]
        pid = f"{topic_en.split()[0].lower().replace('-', '')}-{self.serial}"
        v = variant % 17

        title_en = f"{topic_en.title()} at Scale: A Study {self.serial}"
        title_ko = f"대규모 {topic_ko} 연구 {self.serial}"
        if v == 1:
            title_en = f"**Bold** Claims About `{topic_en}`: Do They Hold?"
            title_ko = f"**대담한** 주장: `{topic_en}`은(는) 사실일까?"
        elif v == 2:
            title_en = f"Q&A <Bench>: \"Quoted\" & 'Single' {topic_en} <script>alert(1)</script>"
            title_ko = f"Q&A <벤치>: \"인용\" & '작은따옴표' {topic_ko}"
        elif v == 3:
            title_en = f"Learning $x^2$ and $O(n \\log n)$ {topic_en} :fire:"
            title_ko = f"$x^2$와 $O(n \\log n)$을 배우는 {topic_ko} :fire:"
        elif v == 4:
            title_en = f"{topic_en.title()} Without a Korean Title {self.serial}"
            title_ko = ""
        elif v == 5:
            title_en = ("A" * 3 + "VeryLongUnbrokenTitleWordThatKeepsGoingWithoutAnySpaceAtAll" * 2
                        + f" {self.serial} (see [the site](https://research.example.net/{pid}) or https://example.com/{pid})")

        summary_ko = sentences(rng, KO_SENTENCES, topic_ko, 3)
        summary_en = sentences(rng, EN_SENTENCES, topic_en, 3)
        abstract_en = sentences(rng, EN_SENTENCES, topic_en, 6)
        abstract_ko = sentences(rng, KO_SENTENCES, topic_ko, 6)
        if v == 3:
            summary_en += " The loss is $\\mathcal{L} = \\sum_i \\ell(f(x_i), y_i)$ and $$\\sum_i a_i$$ follows."
            summary_ko += " 손실은 $\\mathcal{L} = \\sum_i \\ell(f(x_i), y_i)$이며 $$\\sum_i a_i$$ 형태입니다."
            abstract_en += " We bound the error by $\\frac{1}{\\sqrt{n}}$.\n\n" + WIDE_MATH
        if v == 6:
            summary_ko = ""
        if v == 7:
            summary_en = ""
        if v == 8:
            abstract_ko = ""
        if v == 9:
            summary_ko += " " + KO_NOSPACE + KO_NOSPACE[:40]
            abstract_ko += " " + KO_NOSPACE * 2
        if v == 10:
            summary_en += f" Code: https://github.com/example/{pid} and data at www.example.com/data. See {LONG_URL}"
            summary_ko += f" 코드는 https://github.com/example/{pid} 에 있습니다. {LONG_URL}"
        if v == 11:
            summary_ko += " :fire: :one: :two: :south_korea: 강력 추천합니다 :+1:"
            summary_en += " :rocket: :one: :south_korea: :thinking_face: :slightly_smiling_face:"
        if v == 12:
            summary_ko = summary_en = ""  # no summary at all -> "missing" warning
        if v == 13:
            abstract_en += " Inputs like <b>tags</b> & entities &amp; \"quotes\" stay text; 5 < 6 > 4."
            summary_en += " It's \"fast\" & <cheap>."

        lines = ["---"]
        lines.append(lang_map("title", {"ko": title_ko, "en": title_en} if title_ko else {"en": title_en}).rstrip())
        links = []
        if v == 14:
            links.append(f"  paper: {q(f'https://openreview.net/forum?id={pid.upper()}x{self.serial}')}")
        elif v == 15 and self.old_arxiv:
            lines.append(f"arxiv: {q(self.old_arxiv.pop(0))}")
        else:
            yymm = f"{week.year % 100:02d}{week.month:02d}"
            lines.append(f"arxiv: {q(f'{yymm}.{10000 + self.serial:05d}' + ('v2' if v == 16 else ''))}")
        if v != 0:
            authors = rng.sample(AUTHORS, rng.randrange(1, 7)) if v != 5 else AUTHORS
            lines.append("authors: [" + ", ".join(q(a) for a in authors) + "]")
        tags = rng.sample(TAGS, rng.randrange(0, 5 if v != 5 else 12))
        if v in (2, 9, 13):
            self.unique_tag += 1
            tags.append(f"once-{self.unique_tag}")
        if tags:
            lines.append("tags: [" + ", ".join(tags) + "]")
        if v % 3 == 0:
            links.append(f"  code: {q(f'https://github.com/example/{pid}')}")
        if v % 4 == 1:
            links.append(f"  project: {q(f'https://{pid}.example.io/')}")
        if v % 2 == 0:
            links.append("  more:")
            links.append(f"    - {q(f'https://blog.example.com/posts/{pid}')}")
            links.append(f"    - {{title: {q(f'Thread & notes on <{topic_en}>')}, "
                         f"url: {q(f'https://forum.example.org/t/{pid}/{self.serial}')}}}")
            if v == 10:
                links.append(f"    - {q(LONG_URL)}")
        if links:
            lines.append("links:\n" + "\n".join(links))
        summary = {key: val for key, val in (("ko", summary_ko), ("en", summary_en)) if val}
        if summary:
            lines.append(lang_map("summary", summary).rstrip())
        abstract = {key: val for key, val in (("en", abstract_en), ("ko", abstract_ko)) if val}
        lines.append(lang_map("abstract", abstract).rstrip())
        lines.append("---")
        body = self.note(v, pid)
        return pid, "\n".join(lines) + "\n" + body, ".md"

    def note(self, v: int, pid: str) -> str:
        if v == 1:
            return ("편집자 생각:\n\n- 첫째, **데이터**가 중요합니다\n- 둘째, `batch_size=1024`\n  - 들여쓴 항목\n"
                    "1. 번호 목록\n2. 두 번째\n\n> 인용문입니다. :fire:\n> 두 줄째.\n")
        if v == 4:
            return ("| 모델 | 점수 | 비고 |\n|---|---:|:---:|\n| A & B | 91.2 | <좋음> |\n| C | 88.0 | `x<y` |\n\n"
                    "```python\ndef f(x):\n    return x < 3 and \"&\" != '<'\n```\n")
        if v == 7:
            return ("### 왜 중요한가\n\n수식 $$\\int_0^1 x\\,dx = \\frac{1}{2}$$ 로 정리됩니다. "
                    "자세한 내용은 https://example.com/notes 와 <https://example.com/auto> 참고.\n\n"
                    "[관련 이슈](https://research.example.net/a?b=1&c=2) · [메일](mailto:editors@example.org)\n")
        if v == 10:
            return f"긴 주소: {LONG_URL}\n\n" + KO_NOSPACE * 2 + "\n"
        if v == 13:
            return ("<script>alert('x')</script><img src=x onerror=alert(1)> "
                    "[click](javascript:alert(1)) <iframe src=\"https://evil.example\"></iframe>\n\n"
                    "Raw <div class=\"box\">div</div> & <span style=\"color:red\">span</span>.\n")
        if v == 16:
            return "![a diagram & more](figure.png) (a relative image: nothing to show)\n"
        return ""

    # one issue ------------------------------------------------------------------------
    def issue(self, src: Path, index: int, week: dt.date) -> None:
        rng = self.rng
        folder = src / week.isoformat()
        folder.mkdir()
        count = max(1, self.per_week + rng.randrange(-3, 4))
        ids = []
        for n in range(count):
            pid, text, suffix = self.paper(week, n, index * 7 + n)
            folder.joinpath(pid + suffix).write_text(text, encoding="utf-8")
            ids.append(pid)
        published = dt.datetime.combine(week + dt.timedelta(days=7 if index % 5 else 6),
                                        dt.time(9, 0 if index % 3 else 30), KST)
        lines = ["---", f"week: {week.isoformat()}", f"published: {published.isoformat()}"]
        if index % 9 == 4:
            lines.append(f"updated: {(published + dt.timedelta(days=2, hours=3)).isoformat()}")
        if index % 11 == 2:
            lines.append(lang_map("title", {"ko": f"특집: 에이전트 & <도구> 주간 :fire: #{index} [공지](https://research.example.net/)",
                                             "en": f"Special: Agents & <Tools> week :fire: #{index}"}).rstrip())
        if index % 13 == 6:
            lines.append("draft: true")
        if index % 8 != 1 and len(ids) >= 2:  # some issues have no themes
            lines.append("themes:")
            for t in range(rng.randrange(1, 4)):
                cited = rng.sample(ids, min(len(ids), rng.randrange(1, 4)))
                k = rng.randrange(len(TOPICS_EN))
                title = {"ko": f"{TOPICS_KO[k]}의 흐름 {t + 1}", "en": f"Trends in {TOPICS_EN[k]} {t + 1}"}
                if t == 2:
                    title.pop("ko")  # a theme without a Korean title
                summary = {"ko": sentences(rng, KO_SENTENCES, TOPICS_KO[k], 4),
                           "en": sentences(rng, EN_SENTENCES, TOPICS_EN[k], 4)}
                if index % 4 == 3:
                    summary["ko"] += " :one: 첫째, $\\alpha$가 커질수록 좋아집니다."
                lines.append("  - title:")
                lines += [f"      {lang}: {q(text)}" for lang, text in title.items()]
                lines.append(lang_map("summary", summary, "    ").rstrip())
                lines.append("    papers: [" + ", ".join(cited) + "]")
        if index % 2:
            order = list(ids)
            rng.shuffle(order)
            lines.append("papers: [" + ", ".join(order) + "]")
        lines.append("---")
        intro = ""
        if index % 3 == 0:
            intro = (f"이번 주에는 논문 {len(ids)}편을 골랐습니다 :tada: 특히 **눈여겨볼** 논문은 "
                     f"[첫 번째 논문](#{ids[0]})입니다.\n\nAlso see https://example.com/weekly/{week.isoformat()}.\n")
        elif index % 3 == 1:
            intro = "- 목록으로 된 소개\n- 두 번째 항목 & <escaped>\n\n> 인용으로 시작하는 소개\n"
        folder.joinpath("issue.md").write_text("\n".join(lines) + "\n" + intro, encoding="utf-8")


def make_site(out: Path, weeks: int = 40, per_week: int = 8, seed: int = 1) -> Path:
    src = out / "papers"
    if src.exists():
        shutil.rmtree(src)
    src.mkdir(parents=True)
    shutil.copy(ROOT / "papers" / "site.yaml", src / "site.yaml")
    gen = Generator(seed, weeks, per_week)
    for index, week in enumerate(gen.mondays()):
        gen.issue(src, index, week)
    return src


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="folder to write papers/ into (outside the repository)")
    parser.add_argument("--weeks", type=int, default=40)
    parser.add_argument("--per-week", type=int, default=8)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    out = args.out.resolve()
    if out == ROOT or ROOT in out.parents:
        parser.error("write outside the repository")
    src = make_site(out, args.weeks, args.per_week, args.seed)
    print(src)
    return 0


if __name__ == "__main__":
    sys.exit(main())
