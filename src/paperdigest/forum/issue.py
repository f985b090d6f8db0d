"""The issue's front matter from a parsed post: date, title, and themes mapped to the papers they mention."""
from __future__ import annotations

import datetime as dt
import re

from . import parse as P
from . import themes as T


def issue_data(parsed, meta: dict, title: str | None, patterns: tuple[str, ...],
                themes: list[dict]) -> dict:
    data: dict = {"week": parsed.week}
    published = meta.get("published")
    try:
        data["published"] = dt.datetime.fromisoformat(published) if published else None
    except (TypeError, ValueError):
        data["published"] = None
    if data["published"] is None:
        data["published"] = parsed.week + dt.timedelta(days=7)
        parsed.warnings.append(f"published: the post has no date; using {data['published']} (edit issue.md)")
    if isinstance(meta.get("title"), dict):
        data["title"] = {k: str(v) for k, v in meta["title"].items()}
    elif title and title not in _default_titles(parsed.week, patterns):
        data["title"] = {P.language_of(title): title}
    ids = [p.id for p in parsed.papers]
    out_themes = []
    for number, theme in enumerate(themes, 1):
        out_themes.append(_theme(number, theme, parsed))
    if out_themes:
        data["themes"] = out_themes
    data["papers"] = ids
    return data


def _default_titles(week: dt.date, patterns: tuple[str, ...]) -> set[str]:
    titles = set()
    for pattern in patterns:
        try:
            titles.add(pattern.format(start=week, end=week + dt.timedelta(days=6)))
        except (KeyError, IndexError, ValueError):
            continue
    return titles


def _theme(number: int, theme: dict, parsed) -> dict:
    text = "\n\n".join(t for t in theme["text"] if t)
    m = re.match(r"^\*\*(.+?)\*\*\s*[:：—–-]?\s*", text, re.S)
    if m:
        title, summary = m.group(1).strip(), text[m.end():].strip()
    else:
        title, summary = T.theme_title(text), text
    lang = P.language_of(summary or title)
    if "hidden" in theme:
        known = {p.id for p in parsed.papers}
        papers = [pid for pid in theme["hidden"] if pid in known]
    else:
        papers = _theme_papers(summary, parsed.papers)
    if not papers:
        parsed.warnings.append(f"theme {number} (line {theme['line']}): names no paper of this issue; "
                               "list its papers in issue.md")
    # the exporter's hidden comment keeps the titles a ':one: summary' post does not show
    out: dict = {"title": theme.get("title") or {P.language_of(title): title}}
    if summary:
        out["summary"] = {lang: summary}
    out["papers"] = papers
    return out


def _theme_papers(text: str, papers: list) -> list[str]:
    """Papers a theme names (by the name before the title's colon or a model name), then ones it describes."""
    names: dict[str, set[str]] = {}
    for p in papers:
        texts = [t for lst in (*p.summary.values(), *p.abstract.values()) for t in lst]
        names[p.id] = T.name_candidates(texts, list(p.title.values()))
    owners: dict[str, set[str]] = {}
    for pid, found in names.items():
        for name in found:
            owners.setdefault(name, set()).add(pid)
    hits: dict[str, int] = {}
    for name, pids in owners.items():
        if len(pids) == 1 and (pos := T.mentions(text, name)) >= 0:
            pid = next(iter(pids))
            hits[pid] = min(hits.get(pid, pos), pos)
    lang = P.language_of(text)
    titles = {p.id: _bare_title(p.title.get(lang) or p.title.get("en") or p.title.get("ko", "")) for p in papers}
    rest = {pid: title for pid, title in titles.items() if pid not in hits}
    df: dict[str, int] = {}
    for title in titles.values():
        for t in T.tokens(title):
            df[t] = df.get(t, 0) + 1
    unique_names = [name for name, pids in owners.items() if len(pids) == 1]
    offset = 0
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        named = any(T.mentions(sentence, name) >= 0 for name in unique_names)
        if rest and not named and (match := T.describe_match(sentence, rest, df, len(papers))):
            hits[match[0]] = offset + len(sentence) // 2
            rest.pop(match[0])
        offset += len(sentence) + 1
    return [pid for pid, _ in sorted(hits.items(), key=lambda kv: kv[1])]


def _bare_title(title: str) -> str:
    """A title without its 'Name:' prefix (names are matched separately)."""
    head, sep, tail = title.partition(":")
    return tail.strip() if sep and len(head.split()) <= 3 and tail.strip() else title
