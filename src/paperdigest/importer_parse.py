"""Small, pure helpers for reading a forum post: languages, labels, links, ids and themes.

Nothing here reads files or keeps state; ``importer`` puts the pieces together.
"""
from __future__ import annotations

import datetime as dt
import json
import math
import re
import unicodedata

HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
LATIN = re.compile(r"[A-Za-z]")
URL = re.compile(r"https?://[^\s<>()\[\]\"'`]+[^\s<>()\[\]\"'`.,;:!?]")
MD_LINK = re.compile(r"\[([^\]\n]*)\]\(\s*<?(https?://[^\s)>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
ARXIV_URL = re.compile(r"arxiv\.org/(?:abs|pdf|html)/((?:\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?)")
ARXIV_TEXT = re.compile(r"(?i)\barxiv\s*:?\s*((?:\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?)\b")
HIDDEN = re.compile(r"^<!--\s*paperdigest\s+(.*?)\s*-->$", re.S)
SHORTCODE = re.compile(r":[a-z0-9_+\-]+:")
TITLE_DATE = re.compile(
    r"\[\s*(\d{4})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[~\-–]\s*"
    r"(?:(?:\d{4}\s*[/.\-]\s*)?\d{1,2}\s*[/.\-]\s*)?\d{1,2}\s*\]")

NUMBERS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
_KEYCAP = r"(?:[1-9]\ufe0f?\u20e3|\U0001f51f)"
THEME_START = re.compile(
    r"^\s*(?:[-*]\s+)?(?::(?:%s|keycap_(?:[1-9]|ten)):|%s)\s*" % ("|".join(NUMBERS), _KEYCAP))

# section labels, compared after normalising (no spaces, markup or punctuation, lower case)
LABELS = {
    "summary": ("논문소개", "소개", "introduction", "intro", "summary", "paperintroduction"),
    "abstract": ("논문초록abstract", "논문초록", "초록", "abstract", "초록abstract"),
    "link": ("논문링크", "링크", "paperlink", "paperlinks", "link", "links", "paper"),
    "more": ("더읽어보기", "더읽을거리", "readmore", "furtherreading", "morereading"),
    "note": ("편집자메모", "편집자노트", "editorsnote", "editornote"),
}
LABEL_TEXT = {
    "ko": {"summary": "논문 소개", "abstract": "논문 초록(Abstract)", "link": "논문 링크", "more": "더 읽어보기",
           "note": "편집자 메모", "project": "프로젝트 페이지", "code": "코드", "paper": "논문"},
    "en": {"summary": "Introduction", "abstract": "Abstract", "link": "Paper link", "more": "Read more",
           "note": "Editor's note", "project": "Project page", "code": "Code", "paper": "Paper"},
}
BOILERPLATE = re.compile(
    r"파이토치 한국 사용자 모임|이 글이 유용하셨나요|좋아요|회원으로 가입|뉴스 발행에 힘이|^\d+\s*likes?$|"
    r"^\d+개의 (좋아요|댓글)", re.I)
KO_STOP = {"연구", "논문", "모델", "위한", "통한", "활용", "기반", "대한", "에서", "하는", "적인", "으로", "하기"}
STOPWORDS = {"a", "an", "the", "of", "for", "in", "on", "with", "to", "and", "via", "by", "from", "at", "as", "or"}


# languages ------------------------------------------------------------------
def hangul_ratio(text: str) -> float:
    hangul = len(HANGUL.findall(text))
    latin = len(LATIN.findall(text))
    return hangul / (hangul + latin) if hangul + latin else 0.0


def language_of(text: str) -> str:
    """'ko' for text that is mostly Hangul, else 'en' (paragraph-level detection)."""
    return "ko" if hangul_ratio(text) >= 0.2 else "en"


# lines and labels -------------------------------------------------------------
def strip_markup(line: str) -> str:
    """A heading, bold or quoted line without its Markdown decoration."""
    text = line.strip()
    text = re.sub(r"^(?:#{1,6}\s+|>\s*)+", "", text)
    text = re.sub(r"\s+#+\s*$", "", text)
    for mark in ("**", "__"):
        if text.startswith(mark) and text.endswith(mark) and len(text) > 4:
            text = text[2:-2].strip()
    return text


def label_of(line: str) -> tuple[str | None, str]:
    """(section kind, rest of the line) when a line is a section label like '논문 소개' or '[논문 링크](url)'."""
    text = strip_markup(line)
    rest = ""
    link = MD_LINK.fullmatch(text)
    if link:
        text, rest = link.group(1), link.group(2)
    elif (m := re.match(r"^(.{2,30}?)\s*[:：]\s+(\S.*)$", text)) and _normal(m.group(1)) in _ALL_LABELS:
        text, rest = m.group(1), m.group(2)
    key = _normal(text)
    for kind, names in LABELS.items():
        if key in names:
            return kind, rest
    return None, line


def _normal(text: str) -> str:
    text = SHORTCODE.sub("", text)
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] in "LN")
    return text.lower()


_ALL_LABELS = {name for names in LABELS.values() for name in names}


def is_boilerplate(text: str) -> bool:
    """Forum furniture: emoji-only lines, 'likes', the community's sign-off."""
    if BOILERPLATE.search(text):
        return True
    words = SHORTCODE.sub(" ", text)
    words = "".join(ch if unicodedata.category(ch)[0] in "LN" or ch.isspace() else " " for ch in words).split()
    return len(words) <= 2 and len("".join(words)) <= 16


def is_rule(text: str) -> bool:
    return bool(re.fullmatch(r"\s*(?:[-*_]\s*){3,}", text))


def hidden_data(text: str) -> dict | None:
    """The JSON of a ``<!-- paperdigest {...} -->`` comment the exporter leaves for round trips."""
    m = HIDDEN.match(text.strip())
    if not m:
        return None
    try:
        data = json.loads(m.group(1))
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def hidden_comment(data: dict) -> str:
    # "--" may not appear inside an HTML comment; JSON strings can spell it with an escape
    return "<!-- paperdigest " + json.dumps(data, ensure_ascii=False).replace("--", "-\\u002d") + " -->"


# dates -------------------------------------------------------------------------
def title_week(line: str) -> dt.date | None:
    m = TITLE_DATE.search(line)
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


# paper headers ----------------------------------------------------------------
def split_titles(line: str) -> tuple[str | None, str | None]:
    """'Korean title / English title' → (ko, en); either may be missing."""
    text = strip_markup(line)
    text = MD_LINK.sub(lambda m: m.group(1), text)
    parts = text.split(" / ")
    if len(parts) > 1:
        for i in range(1, len(parts)):
            left, right = " / ".join(parts[:i]).strip(), " / ".join(parts[i:]).strip()
            if left and right and not HANGUL.search(right):
                return left, right
        for i in range(1, len(parts)):  # English first, then Korean
            left, right = " / ".join(parts[:i]).strip(), " / ".join(parts[i:]).strip()
            if left and right and not HANGUL.search(left):
                return right, left
    text = text.strip()
    return (text, None) if HANGUL.search(text) else (None, text)


def looks_like_header(line: str) -> bool:
    text = strip_markup(line)
    return 0 < len(text) <= 400 and "\n" not in text and not text.endswith(("다.", "요.")) \
        and label_of(line)[0] is None


# links --------------------------------------------------------------------------
def find_links(text: str) -> list[tuple[str, str]]:
    """(title, url) for every Markdown link, then every bare URL, in order of appearance."""
    found: list[tuple[int, str, str]] = []
    spans = []
    for m in MD_LINK.finditer(text):
        found.append((m.start(), m.group(1).strip(), m.group(2)))
        spans.append(m.span())
    for m in URL.finditer(text):
        if not any(a <= m.start() < b for a, b in spans):
            found.append((m.start(), "", m.group(0)))
    return [(title, url) for _, title, url in sorted(found)]


def arxiv_id(url_or_text: str) -> str | None:
    m = ARXIV_URL.search(url_or_text) or ARXIV_TEXT.search(url_or_text)
    return m.group(1) if m else None


def link_kind(title: str, url: str) -> str:
    """Which ``links`` key a labelled link in the paper-link section belongs to."""
    label = title.lower()
    if any(w in label for w in ("코드", "code", "github", "깃허브", "repo")):
        return "code"
    if any(w in label for w in ("프로젝트", "project", "홈페이지", "homepage", "website", "웹사이트")):
        return "project"
    if any(w in label for w in ("논문", "paper", "pdf", "arxiv", "openreview")):
        return "paper"
    if "github.com" in url:
        return "code"
    return "paper"


# ids --------------------------------------------------------------------------------
def slug_words(text: str) -> list[str]:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.findall(r"[a-z0-9]+", ascii_text.lower().replace("'", ""))


def paper_id(en_title: str | None, taken: set[str], fallback: str) -> str:
    """A short readable id: the name before the colon ('Xolver: ...' → 'xolver'), else the first words."""
    words: list[str] = []
    if en_title:
        head = en_title.split(":", 1)[0] if ":" in en_title else en_title
        words = slug_words(head)
        rest = slug_words(en_title)
        if ":" not in en_title or len(words) > 4:
            words = rest[:4]
            while len(words) > 2 and words[-1] in STOPWORDS:
                words.pop()
        for extra in rest[len(words):]:
            candidate = "-".join(words)
            if candidate and candidate not in taken and len(candidate) <= 48:
                break
            words.append(extra)
    candidate = "-".join(words)[:48].strip("-") or fallback
    base, n = candidate, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


# themes -------------------------------------------------------------------------------
_LEAD = re.compile(
    r"^(?:.{0,40}?(?:살펴보면|보면|보면은)\s*,?\s*)?(?:이번\s*주(?:에는|에|는)?\s+)?"
    r"(?:(?:첫째|둘째|셋째|넷째|다섯째|첫 번째로|두 번째로|세 번째로|마지막으로|끝으로|먼저|다음으로|또한|한편|이어서)(?:로|는)?\s*,?\s*)*")
_SUBJECT = re.compile(
    r"\s*(?:(?:에|에서)\s*(?:대한|관한|관련된|관련한)\s*|(?:을|를)\s*(?:다룬|다루는)\s*)?"
    r"((?:연구|논문|흐름|시도|작업|논의))들?\s*(?:이|가|도|은|는)\s.*$")
_TAIL = re.compile(r"(?:이|가|은|는|도)\s+(?:(?:눈에|많이|크게|특히|가장)\s+)?\S+(?:니다|어요|다)\.?$")


def theme_title(summary: str) -> str:
    """A short title from a theme paragraph's first sentence ('... 연구가 두드러집니다.' → its subject)."""
    text = re.sub(r"\s+", " ", SHORTCODE.sub("", summary)).strip()
    sentence = re.split(r"(?<=[.!?。])\s", text, maxsplit=1)[0]
    if HANGUL.search(sentence):
        core = _LEAD.sub("", sentence)
        if m := _SUBJECT.search(core):  # '...요약하는 연구가 눈에 띕니다' keeps '연구' after a modifier
            core = core[:m.start()] + (" " + m.group(1) if re.search(r"(?:는|한|된|할)$", core[:m.start()]) else "")
        else:
            core = _TAIL.sub("", core)
        core = core.strip(" ,.")
        core = re.sub(r"(?:의|이|가|은|는)$", "", core).strip()
    else:
        core = re.sub(r"^(?:First|Second|Third|Finally|Also|Next|Lastly)[,:]?\s+", "", sentence).rstrip(".")
        core = core[:1].upper() + core[1:]
    core = core or sentence
    if len(core) > 50:
        cut = core[:50]
        core = cut[:cut.rfind(" ")] if " " in cut else cut
        core = core.rstrip(" ,") + "…"
    return core


def name_candidates(texts: list[str], titles: list[str]) -> set[str]:
    """Names a theme may use for a paper: the part before the title's colon, and model names in its texts."""
    names = set()
    for title in titles:
        if ":" in title and len((head := title.split(":", 1)[0].strip()).split()) <= 3:
            names.add(head)
    joined = " ".join(texts)
    counts: dict[str, int] = {}
    for token in re.findall(r"(?<![A-Za-z0-9\-])[A-Za-z][A-Za-z0-9]*(?:[-.][A-Za-z0-9]+)*(?![A-Za-z0-9\-])", joined):
        if re.search(r"[A-Z0-9]", token[1:]) and not re.fullmatch(r"[A-Z]?[a-z]+s?", token.rstrip("s")):
            counts[token] = counts.get(token, 0) + 1
    names.update(t for t, n in counts.items() if n >= 2 and len(t) >= 3)
    return names


def mentions(text: str, name: str) -> int:
    """Position of ``name`` as a whole word in ``text`` (Korean particles may follow), or -1."""
    m = re.search(r"(?<![A-Za-z0-9\-])" + re.escape(name) + r"(?![A-Za-z0-9\-])", text)
    return m.start() if m else -1


_ENDINGS = sorted("에서는 으로는 에서 으로 에게 까지 부터 보다 처럼 하는 되는 하고 하며 하여 적인 적으로 이라는 라는 "
                  "들의 들은 들이 들을 들 은 는 이 가 을 를 의 에 와 과 도 로 만 적".split(), key=len, reverse=True)


def _stem(word: str) -> str:
    for _ in range(2):
        for ending in _ENDINGS:
            if word.endswith(ending) and len(word) - len(ending) >= 2:
                word = word[:-len(ending)]
                break
    return word


def tokens(text: str) -> set[str]:
    """Korean word stems (particles and common endings cut) and longer Latin words: for fuzzy title matching."""
    out = set()
    for word in re.findall(r"[\uac00-\ud7a3]+|[A-Za-z][A-Za-z0-9]+", text):
        if HANGUL.match(word):
            stem = _stem(word)
            if len(stem) >= 2 and stem not in KO_STOP:
                out.add(stem)
        elif len(word) >= 3 and word.lower() not in STOPWORDS:
            out.add(word.lower())
    return out


def describe_match(sentence: str, titles: dict[str, str], df: dict[str, int], count: int) -> tuple[str, float] | None:
    """The paper whose title a sentence describes without naming it, by weighted token overlap."""
    have = tokens(sentence)
    scores = []
    for pid, title in titles.items():
        want = tokens(title)
        if not want:
            continue
        weight = {t: math.log(1 + count / df.get(t, 1)) for t in want}
        score = sum(weight[t] for t in want & have) / sum(weight.values())
        scores.append((score, pid))
    scores.sort(reverse=True)
    if scores and scores[0][0] >= 0.3 and (len(scores) == 1 or scores[0][0] - scores[1][0] >= 0.12):
        return scores[0][1], scores[0][0]
    return None
