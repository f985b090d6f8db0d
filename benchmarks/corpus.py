"""One generated corpus written twice: as paperdigest content and as an equivalent Hugo site.

Field lengths follow the sample issue (tests/fixtures/sample, the seed post's papers): each
generated title, summary and abstract has the mean length of that field there, in Korean and in
English. The words are our own filler; only lengths and structure are the seed's.

Both sides get the same pages: one per paper and language, one per issue (every paper in full),
tag pages, the home page (latest issue, then recent ones) and RSS.
"""
from __future__ import annotations

import datetime as dt
import random
import shutil
import statistics
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "tests" / "fixtures" / "sample"
PER_ISSUE = 10
FIRST_MONDAY = dt.date(2026, 11, 9)  # with a week or two added, still published in the past
TAGS = ["agents", "reasoning", "memory", "multimodal", "vision-language", "video", "benchmark", "efficiency",
        "software-engineering", "reinforcement-learning", "document-ai", "long-context", "interpretability",
        "alignment", "retrieval", "speech", "robotics", "diffusion", "evaluation", "data"]
WORDS = {
    "ko": "모델 언어 추론 학습 데이터 성능 방법 실험 결과 구조 에이전트 메모리 이미지 영상 평가 과제 정확도 효율 "
          "문맥 검색 보상 정책 표현 토큰 계층 주의 확장 압축 정렬 안전 도구 계획 코드 문서 다중 단계 분석 제안".split(),
    "en": "model language reasoning training data performance method experiment result structure agent memory "
          "image video evaluation task accuracy efficiency context retrieval reward policy representation token "
          "layer attention scaling compression alignment safety tool planning code document multi-step analysis".split(),
}
FIELDS = ("title", "summary", "abstract")


def seed_lengths() -> dict[tuple[str, str], int]:
    """Mean length in characters of each (field, language) over the sample's papers."""
    found: dict[tuple[str, str], list[int]] = {}
    for path in SAMPLE.glob("*/*"):
        if path.name == "issue.md" or path.suffix not in (".md", ".yaml"):
            continue
        text = path.read_text(encoding="utf-8")
        data = yaml.safe_load(text.split("---")[1] if path.suffix == ".md" else text)
        for name in FIELDS:
            for lang, value in (data.get(name) or {}).items():
                found.setdefault((name, lang), []).append(len(value))
    return {key: round(statistics.mean(values)) for key, values in found.items()}


def filler(rng: random.Random, lang: str, length: int, markdown: bool) -> str:
    words: list[str] = []
    size = 0
    while size < length:
        word = rng.choice(WORDS[lang])
        if markdown and rng.random() < 0.03:
            word = f"**{word}**"
        words.append(word)
        size += len(word) + 1
    text = " ".join(words)
    return text[:1].upper() + text[1:] + "."


@dataclass(frozen=True)
class Paper:
    id: str
    arxiv: str
    tags: tuple[str, ...]
    text: dict[tuple[str, str], str]  # (field, lang) → text


@dataclass(frozen=True)
class Issue:
    week: dt.date
    papers: tuple[Paper, ...]
    theme: dict[str, tuple[str, str]]  # lang → (title, summary)

    @property
    def published(self) -> dt.datetime:
        return dt.datetime.combine(self.week + dt.timedelta(days=7), dt.time(9), dt.timezone(dt.timedelta(hours=9)))


def make_issue(number: int, lengths: dict[tuple[str, str], int], label: str = "") -> Issue:
    rng = random.Random(number)
    week = FIRST_MONDAY - dt.timedelta(weeks=number)
    papers = []
    for n in range(PER_ISSUE):
        text = {key: filler(rng, key[1], size, key[0] != "title") for key, size in lengths.items()}
        text["title", "en"] = f"{label}Study {number}-{n}: " + text["title", "en"]
        tags = tuple(sorted(rng.sample(TAGS, 3)))
        arxiv = f"{15 + number // 12 % 10}{number % 12 + 1:02d}.{10000 + number // 120 * 10 + n:05d}"  # unique
        papers.append(Paper(f"paper-{n}", arxiv, tags, text))
    theme = {lang: (filler(rng, lang, 30, False), filler(rng, lang, 400, True)) for lang in ("ko", "en")}
    return Issue(week, tuple(papers), theme)


def write_paperdigest_issue(src: Path, issue: Issue) -> None:
    folder = src / issue.week.isoformat()
    folder.mkdir(parents=True, exist_ok=True)
    for paper in issue.papers:
        data = {"arxiv": paper.arxiv, "tags": list(paper.tags)}
        for name in FIELDS:
            data[name] = {lang: paper.text[name, lang] for lang in ("ko", "en") if (name, lang) in paper.text}
        body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
        (folder / f"{paper.id}.md").write_text(f"---\n{body}---\n", encoding="utf-8")
    meta = {"week": issue.week, "published": issue.published.isoformat(),
            "themes": [{"title": {lang: t for lang, (t, _) in issue.theme.items()},
                        "summary": {lang: s for lang, (_, s) in issue.theme.items()},
                        "papers": [p.id for p in issue.papers[:3]]}]}
    (folder / "issue.md").write_text(f"---\n{yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)}---\n",
                                     encoding="utf-8")


def write_hugo_issue(site: Path, issue: Issue) -> None:
    for lang in ("ko", "en"):
        folder = site / "content" / lang / "issues" / issue.week.isoformat()
        folder.mkdir(parents=True, exist_ok=True)
        title, summary = issue.theme[lang]
        meta = {"title": f"{issue.week.isoformat()} ({lang})", "date": issue.published.isoformat(),
                "week": issue.week.isoformat(), "themes": [{"title": title, "summary": summary}]}
        (folder / "_index.md").write_text(f"---\n{yaml.safe_dump(meta, allow_unicode=True)}---\n", encoding="utf-8")
        for paper in issue.papers:
            meta = {"title": paper.text.get(("title", lang), paper.text["title", "en"]),
                    "date": issue.published.isoformat(), "tags": list(paper.tags), "arxiv": paper.arxiv}
            # the same texts our paper page shows: the introduction, the abstract and the original one
            parts = [paper.text.get(("summary", lang), ""), "## Abstract", paper.text.get(("abstract", lang), "")]
            if lang != "en":
                parts += ["## Original abstract", paper.text["abstract", "en"]]
            body = "\n\n".join(parts)
            (folder / f"{paper.id}.md").write_text(f"---\n{yaml.safe_dump(meta, allow_unicode=True)}---\n{body}\n",
                                                   encoding="utf-8")


HUGO_CONFIG = """baseURL = "https://papers.example.org/"
title = "AI/ML Papers of the Week"
defaultContentLanguage = "ko"
defaultContentLanguageInSubdir = false
disableKinds = []
[languages.ko]
weight = 1
contentDir = "content/ko"
languageName = "한국어"
[languages.en]
weight = 2
contentDir = "content/en"
languageName = "English"
[taxonomies]
tag = "tags"
[outputs]
home = ["HTML", "RSS"]
section = ["HTML", "RSS"]
taxonomy = ["HTML"]
term = ["HTML", "RSS"]
"""

HUGO_LAYOUTS = {
    "_default/baseof.html": """<!doctype html>
<html lang="{{ .Lang }}"><head><meta charset="utf-8"><title>{{ .Title }} · {{ .Site.Title }}</title>
{{ range .AllTranslations }}<link rel="alternate" hreflang="{{ .Lang }}" href="{{ .Permalink }}">{{ end }}
{{ with .OutputFormats.Get "rss" }}<link rel="alternate" type="application/rss+xml" href="{{ .Permalink }}">{{ end }}
<link rel="stylesheet" href="{{ "style.css" | relURL }}"></head>
<body><header><a href="{{ .Site.Home.RelPermalink }}">{{ .Site.Title }}</a>
<nav><a href="{{ "issues/" | relLangURL }}">Archive</a> <a href="{{ "tags/" | relLangURL }}">Tags</a></nav></header>
<main>{{ block "main" . }}{{ end }}</main>
</body></html>
""",
    "_default/single.html": """{{ define "main" }}<article><h1>{{ .Title }}</h1>
<p><a href="https://arxiv.org/abs/{{ .Params.arxiv }}">arXiv {{ .Params.arxiv }}</a></p>
<ul>{{ range .GetTerms "tags" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>
{{ .Content }}</article>{{ end }}
""",
    "_default/list.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
{{ if .Params.week }}{{ range .Params.themes }}<section><h2>{{ .title }}</h2>{{ .summary | markdownify }}</section>{{ end }}
{{ range .Pages }}<article><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>{{ .Content }}</article>{{ end }}
{{ else }}<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
{{ end }}
""",
    "_default/terms.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>{{ range .Data.Terms.ByCount }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>{{ end }}
""",
    "_default/term.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
""",
    "index.html": """{{ define "main" }}{{ with .Site.GetPage "/issues" }}{{ $weeks := .Sections.ByDate.Reverse }}
{{ with index $weeks 0 }}<h1>{{ .Title }}</h1>{{ range .Pages }}<article><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>{{ .Content }}</article>{{ end }}{{ end }}
<h2>Recent issues</h2><ul>{{ range first 20 $weeks }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
{{ end }}{{ end }}
""",
}


def write_corpus(root: Path, issues: int) -> tuple[Path, Path]:
    """``root/paperdigest/papers`` (+ a site template to edit) and ``root/hugo``; returns both sources."""
    lengths = seed_lengths()
    src = root / "paperdigest" / "papers"
    hugo = root / "hugo"
    src.mkdir(parents=True)
    shutil.copy(SAMPLE / "site.yaml", src / "site.yaml")
    with open(src / "site.yaml", "a", encoding="utf-8") as settings:
        settings.write("cards: false\n")  # the Hugo site draws no images: like for like (cards_speed.py times them)
    templates = root / "paperdigest" / "templates"
    templates.mkdir()
    shutil.copy(ROOT / "templates" / "base.html", templates / "base.html")  # the same as the default, to edit
    (hugo / "layouts" / "_default").mkdir(parents=True)
    (hugo / "config.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    for name, text in HUGO_LAYOUTS.items():
        (hugo / "layouts" / name).write_text(text, encoding="utf-8")
    (hugo / "static").mkdir()
    shutil.copy(ROOT / "templates" / "static" / "style.css", hugo / "static" / "style.css")
    for lang in ("ko", "en"):
        (hugo / "content" / lang / "issues").mkdir(parents=True)
        (hugo / "content" / lang / "issues" / "_index.md").write_text("---\ntitle: Archive\n---\n", encoding="utf-8")
    for number in range(issues):
        issue = make_issue(number, lengths)
        write_paperdigest_issue(src, issue)
        write_hugo_issue(hugo, issue)
    return src, hugo


def add_week(src: Path, hugo: Path | None, number: int) -> None:
    """A week newer than every other (negative numbers count forward from FIRST_MONDAY)."""
    issue = make_issue(number, seed_lengths(), label="New ")
    write_paperdigest_issue(src, issue)
    if hugo is not None:
        write_hugo_issue(hugo, issue)


def remove_week(src: Path, hugo: Path | None, number: int) -> None:
    week = (FIRST_MONDAY - dt.timedelta(weeks=number)).isoformat()
    shutil.rmtree(src / week, ignore_errors=True)
    for lang in ("ko", "en"):
        if hugo is not None:
            shutil.rmtree(hugo / "content" / lang / "issues" / week, ignore_errors=True)
