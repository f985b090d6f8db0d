"""Themes: a short title from a theme paragraph, and which papers the paragraph names or describes."""
from __future__ import annotations

import math
import re

from .parse import HANGUL, KO_STOP, SHORTCODE, STOPWORDS

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
