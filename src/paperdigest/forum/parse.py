"""Small, pure helpers for reading a forum post: languages, labels, links, ids and themes.

Nothing here reads files or keeps state; ``importer`` puts the pieces together.
"""
from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata

from ..limits import name_problem

HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
LATIN = re.compile(r"[A-Za-z]")
URL = re.compile(r"https?://[^\s<>()\[\]\"'`]+[^\s<>()\[\]\"'`.,;:!?]")
MD_LINK = re.compile(r"\[([^\]\n]*)\]\(\s*<?(https?://[^\s)>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
ARXIV_URL = re.compile(r"(?:arxiv\.org/(?:abs|pdf|html|format)|(?:huggingface\.co|hf\.co)/papers|alphaxiv\.org/abs)/((?:\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?)")
ARXIV_TEXT = re.compile(r"(?i)\barxiv\s*:?\s*((?:\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?)\b")
HIDDEN = re.compile(r"^<!--\s*paperdigest\s+(.*?)\s*-->$", re.S)
SHORTCODE = re.compile(r":[a-z0-9_+\-]+:")
TITLE_DATE = re.compile(
    r"\[\s*(\d{4})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[~\-–—～〜∼]\s*"
    r"(?:(?:\d{4}\s*[/.\-]\s*)?\d{1,2}\s*[/.\-]\s*)?\d{1,2}\s*\]")

NUMBERS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
_KEYCAP = r"(?:[1-9]\ufe0f?\u20e3|\U0001f51f)"
THEME_START = re.compile(
    r"^\s*(?:[-*]\s+)?(?:\*\*)?(?::(?:%s|keycap_(?:[1-9]|ten)|number_(?:[1-9])):|%s|[\u2460-\u2469]"
    r"|\(?(?:[1-9]|10)[.)](?=\s|\*\*)|\[(?:[1-9]|10)\](?=\s))(?:\*\*)?\s*" % ("|".join(NUMBERS), _KEYCAP))

# section labels, compared after normalising (no spaces, markup or punctuation, lower case)
LABELS = {
    "summary": ("논문소개", "소개", "introduction", "intro", "summary", "paperintroduction", "논문요약", "한줄요약",
                "overview", "tldr"),
    "abstract": ("논문초록abstract", "논문초록", "초록", "abstract", "초록abstract", "abstract초록", "논문abstract",
                 "원문초록", "영문초록", "국문초록", "초록원문", "paperabstract"),
    "link": ("논문링크", "링크", "paperlink", "paperlinks", "link", "links", "paper", "논문바로가기", "논문보기",
             "논문주소", "논문", "arxiv", "arxiv링크", "arxivlink", "원문링크", "원문", "논문원문", "논문pdf", "pdf"),
    "more": ("더읽어보기", "더읽을거리", "readmore", "furtherreading", "morereading", "관련링크", "참고링크",
             "참고자료", "관련자료", "참고", "추가자료", "관련글", "함께읽어보기", "references", "relatedlinks",
             "resources", "morelinks"),
    "note": ("편집자메모", "편집자노트", "editorsnote", "editornote"),
}
LABEL_TEXT = {
    "ko": {"summary": "논문 소개", "abstract": "논문 초록(Abstract)", "link": "논문 링크", "more": "더 읽어보기",
           "note": "편집자 메모", "project": "프로젝트 페이지", "code": "코드", "paper": "논문",
           "web": "웹에서 읽기"},
    "en": {"summary": "Introduction", "abstract": "Abstract", "link": "Paper link", "more": "Read more",
           "note": "Editor's note", "project": "Project page", "code": "Code", "paper": "Paper",
           "web": "Read on the web"},
}
KO_STOP = {"연구", "논문", "모델", "위한", "통한", "활용", "기반", "대한", "에서", "하는", "적인", "으로", "하기"}
STOPWORDS = {"a", "an", "the", "of", "for", "in", "on", "with", "to", "and", "via", "by", "from", "at", "as", "or"}


# languages ------------------------------------------------------------------
def hangul_ratio(text: str) -> float:
    hangul = len(HANGUL.findall(text))
    latin = len(LATIN.findall(text))
    return hangul / (hangul + latin) if hangul + latin else 0.0


def language_of(text: str) -> str:
    """'ko' for Korean text, else 'en' (paragraph-level detection).

    A Hangul syllable carries about as much as three Latin letters, so Korean prose full of English
    terms ('LLaVA-Video, InternVL 등 VideoLLM에 ...') still counts as Korean."""
    hangul = len(HANGUL.findall(text))
    latin = len(LATIN.findall(text))
    return "ko" if hangul and (hangul_ratio(text) >= 0.2 or hangul * 3 >= latin * 0.5) else "en"


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
    bold = re.match(r"^(?:\*\*|__)([^*]{2,40}?)\s*[:：]?\s*(?:\*\*|__)\s*[:：]?\s*(\S.*)$", text)
    if link:
        text, rest = link.group(1), link.group(2)
    elif bold and _normal(bold.group(1)) in _ALL_LABELS:
        text, rest = bold.group(1), bold.group(2)
    elif (m := re.match(r"^(.{2,30}?)\s*[:：]\s+(\S.*)$", SHORTCODE.sub("", text).strip())) \
            and _normal(m.group(1)) in _ALL_LABELS:
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


WEB_LINK = re.compile(r"^(?:%s)\s*[:：]\s*(\S*)$")
ISSUE_URL = re.compile(r"/issues/(\d{4}-\d{2}-\d{2})/")


def web_link_week(text: str) -> dt.date | None | bool:
    """For the exporter's 'Read on the web: <issue URL>' line, the week in the URL (None if it has
    none, e.g. a plain-text copy); False for any other paragraph."""
    labels = "|".join(re.escape(labels["web"]) for labels in LABEL_TEXT.values())
    m = re.match(WEB_LINK.pattern % labels, text.strip())
    if not m:
        return False
    found = ISSUE_URL.search(m.group(1))
    try:
        return dt.date.fromisoformat(found.group(1)) if found else None
    except ValueError:
        return None


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
    parts = re.split(r"\s+/\s+|\s*[|｜]\s+", text) if " / " in text or " | " in text else [text]
    seps = re.findall(r"\s+/\s+|\s*[|｜]\s+", text)
    join = lambda chunk, offset: "".join(p + (seps[offset + k] if k < len(chunk) - 1 else "")  # noqa: E731
                                         for k, p in enumerate(chunk)).strip()
    if len(parts) > 1:
        for i in range(1, len(parts)):  # Korean first: the first cut with Hangul on the left only
            left, right = join(parts[:i], 0), join(parts[i:], i)
            if left and right and HANGUL.search(left) and hangul_ratio(right) < 0.1:
                return left, right
        for i in range(1, len(parts)):  # English first, then Korean
            left, right = join(parts[:i], 0), join(parts[i:], i)
            if left and right and hangul_ratio(left) < 0.1 and (HANGUL.search(parts[i]) or hangul_ratio(right) >= 0.3):
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


PAPER_HOSTS = ("openreview.net", "aclanthology.org", "arxiv.org", "proceedings.neurips.cc", "proceedings.mlr.press",
               "openaccess.thecvf.com", "dl.acm.org", "ieeexplore.ieee.org", "link.springer.com", "nature.com",
               "science.org", "biorxiv.org", "medrxiv.org", "ssrn.com", "aaai.org", "ijcai.org", "jmlr.org")
CODE_HOSTS = ("github.com/", "gitlab.com/", "huggingface.co/spaces/", "codeberg.org/", "bitbucket.org/")


def link_kind(title: str, url: str, default: str = "paper") -> str:
    """Which ``links`` key a link belongs to: by its label, else by its host, else ``default``."""
    label = title.lower()
    host = re.sub(r"^https?://(?:www\.)?", "", url.lower())
    if any(w in label for w in ("데모", "demo", "블로그", "blog", "영상", "video", "발표", "talk")):
        return "more"
    if re.search(r"코드|\bcode\b|github|깃허브|\brepo(?:sitory)?\b|저장소", label) and "github.io" not in host:
        return "code"
    if re.fullmatch(r"(?:프로젝트|project)", label.strip()) or any(w in label for w in (
            "프로젝트 페이지", "프로젝트페이지", "project page", "홈페이지", "homepage", "website", "웹사이트")):
        return "project"
    if any(w in label for w in ("논문", "paper", "pdf", "arxiv", "openreview")):
        return "paper"
    if host.startswith(CODE_HOSTS) and host.count("/") >= 2 and "spaces" not in host:
        return "code"
    if re.match(r"[\w-]+\.github\.io\b", host) or "project" in host:
        return "project"
    if host.split("/")[0].endswith(PAPER_HOSTS):
        return "paper"
    return default


# ids --------------------------------------------------------------------------------
def slug_words(text: str) -> list[str]:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.findall(r"[a-z0-9]+", ascii_text.lower().replace("'", ""))


SHORT_NAME = re.compile(r"\((?=[^)]*[A-Z][^)]*\))([A-Za-z][A-Za-z0-9]*(?:[-.][A-Za-z0-9]+)*)\)\s*$")


def paper_id(en_title: str | None, taken: set[str], fallback: str) -> str:
    """A short readable id: the name before the colon ('Xolver: ...' → 'xolver'), else the first words."""
    words: list[str] = []
    if en_title and (m := SHORT_NAME.search(en_title)) and len(m.group(1)) >= 3:
        words = slug_words(m.group(1))
        en_title = None if words else en_title
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
    if name_problem(candidate, "id"):  # 'con', 'aux'...: names Windows cannot create
        candidate = fallback
    base, n = candidate, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate
