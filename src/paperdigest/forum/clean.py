"""Cleaning a forum post before it is parsed: copy-as-text artefacts, forum furniture, paragraphs.

A post copied from the forum's web page carries image captions (``image1920×1080 245 KB``),
``[Image]`` placeholders, invisible characters and link previews; its raw Markdown carries image
embeds, quote markers and BBCode. Lines that are only such artefacts become blank lines (keeping
line numbers), and are counted so the report can say how many were skipped.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from . import parse as P

INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e]")
SPACES = re.compile("[\u00a0\u2000-\u200a\u202f\u205f\u3000\t]")
ARTEFACT = re.compile(r"""^(?:
    !\[[^\]]*\]\([^)]*\)(?:\s*\{[^}]*\})?          # a Markdown image
  | \[(?:image|img|이미지|사진|그림)\]               # a placeholder left by copy-as-text
  | image\s*\|\s*\d+\s*[x×]\s*\d+.*               # 'image|690x388'
  | .{0,120}?\d{2,5}\s*[x×]\s*\d{2,5}\s+[\d.,]+\s*(?:[kmg]i?b|bytes)   # lightbox caption
  | <img\b[^>]*>
  | \[/?(?:quote|details|spoiler|center|right|left|size|color)[^\]]*\]  # BBCode wrappers
  | </?(?:div|details|summary|center|aside|p|br)\b[^>]*>
)$""", re.I | re.X)
QUOTE = re.compile(r"^\s*(?:>\s?)+")
DOMAIN = re.compile(r"^(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}$", re.I)
BOILERPLATE = re.compile(
    r"파이토치 한국 사용자 모임|이 글이 유용하셨나요|회원으로 가입|뉴스 발행에 힘이|좋아요\W*(?::\w+:\s*)?\W*를\s*(?:눌러|클릭)|"
    r"^좋아요\s*\d+\s*(?:개)?$|^\d+\s*개의\s*(?:좋아요|댓글|답글)|^\d+\s*(?:likes?|replies|views)$|"
    r"GPT\s*(?:모델|를|로)?\s*(?:로\s*)?(?:정리|요약|번역)한\s*글|⚠️?\s*광고\s*⚠️?|^\W*광고\W*$|"
    r"읽어\s*주셔서\s*감사|thanks? (?:you )?for reading|^(?:관련 주제|related topics|suggested topics)$", re.I)


@dataclass
class Block:
    line: int
    text: str


def clean_text(text: str) -> tuple[list[str], int]:
    """The post's lines, normalised, with artefact-only lines blanked; and how many were blanked."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = INVISIBLE.sub("", text)
    text = SPACES.sub(" ", text)
    lines, removed = [], 0
    for raw in text.split("\n"):
        line = raw.rstrip()
        if line.lstrip().startswith(">"):
            line = QUOTE.sub("", line)
        stripped = line.strip()
        if stripped and (ARTEFACT.match(stripped) or is_decoration(stripped)) and not P.is_rule(stripped):
            line, removed = "", removed + 1
        lines.append(line)
    return lines, removed


def is_decoration(text: str) -> bool:
    """A line of emoji, shortcodes and punctuation only (':scroll:', '🔥🔥', '👉')."""
    rest = P.SHORTCODE.sub("", text)
    return not any(unicodedata.category(ch)[0] in "LN" for ch in rest)


def blocks_of(text: str) -> tuple[list[Block], int]:
    """Paragraphs (runs of non-blank lines); headings, labels and comments stand alone."""
    lines, removed = clean_text(text)
    blocks: list[Block] = []
    current: list[str] = []
    start = 0

    def flush():
        if current:
            blocks.append(Block(start, "\n".join(current).strip()))
            current.clear()

    for number, line in enumerate(lines, 1):
        alone = line.lstrip().startswith(("#", "<!--")) or P.label_of(line)[0] is not None or P.is_rule(line)
        if not line.strip() or alone:
            flush()
        if line.strip() and alone:
            blocks.append(Block(number, line.strip()))
        elif line.strip():
            if not current:
                start = number
            current.append(line)
    flush()
    return blocks, removed


def is_boilerplate(text: str) -> bool:
    """Forum furniture: emoji-only lines, 'likes', the community's sign-off, a link preview's domain."""
    if len(text) < 400 and BOILERPLATE.search(text):
        return True
    words = P.SHORTCODE.sub(" ", text)
    words = "".join(ch if unicodedata.category(ch)[0] in "LN" or ch.isspace() else " " for ch in words).split()
    return len(words) <= 2 and len("".join(words)) <= 16


def is_footer(text: str) -> bool:
    """Known sign-off text, wherever it appears (never an abstract)."""
    return len(text) < 400 and bool(BOILERPLATE.search(text))


def is_sentence(text: str) -> bool:
    """Prose: long, or ending like a sentence. Short label-like lines are not (a preview title, 'See you')."""
    body = P.SHORTCODE.sub("", text).strip()
    return len(body) >= 60 or bool(re.search(r"[.!?。」)\"'”]$|[다요죠]$", body))


_GITHUB_TITLE = [
    re.compile(r"^GitHub\s*[-–—:]\s*([A-Za-z0-9][\w.-]*/[\w.-]+?)(?::|\s|$)"),
    re.compile(r"·\s*([A-Za-z0-9][\w.-]*/[\w.-]+?)\s*·\s*GitHub\b"),
]


def github_from_preview(text: str) -> str | None:
    """'GitHub - owner/repo: ...' (a copied link preview's title) → the repository URL."""
    for line in text.split("\n"):
        for pattern in _GITHUB_TITLE:
            if m := pattern.search(line.strip()):
                return f"https://github.com/{m.group(1).rstrip('.')}"
    return None


def normal_block(text: str) -> str:
    """A paragraph's letters and digits only, to recognise the site's own header and footer lines
    in a raw post (shortcodes) and in a plain-text copy (emoji, no link syntax) alike."""
    text = P.SHORTCODE.sub("", text)
    return "".join(ch for ch in text if unicodedata.category(ch)[0] in "LN").lower()
