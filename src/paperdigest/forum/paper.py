"""One paper of a post: where each paragraph and link of its sections goes, and what is reported."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import clean as C
from . import parse as P
from .clean import Block


@dataclass
class ParsedPaper:
    id: str
    line: int
    title: dict = field(default_factory=dict)
    summary: dict = field(default_factory=dict)
    abstract: dict = field(default_factory=dict)
    links: dict = field(default_factory=dict)
    arxiv: str | None = None
    tags: list = field(default_factory=list)
    authors: list = field(default_factory=list)
    note: list = field(default_factory=list)
    link_text: list = field(default_factory=list)
    last_lang: dict = field(default_factory=dict)  # section → language of its last paragraph
    labelled: set = field(default_factory=set)  # sections the post labelled
    guessed: list = field(default_factory=list)  # links rebuilt from link previews

    def data(self, languages: tuple[str, ...], draft: bool = False) -> dict:
        out: dict = {"title": ordered(self.title, languages)}
        if self.arxiv or (draft and not self.links.get("paper")):
            out["arxiv"] = self.arxiv or ""  # blank in a draft: marked in the file for the editor to fill in
        links = {k: self.links[k] for k in ("paper", "code", "project", "more") if self.links.get(k)}
        if links:
            out["links"] = links
        if self.authors:
            out["authors"] = list(self.authors)
        if self.tags:
            out["tags"] = list(self.tags)
        if self.summary:
            out["summary"] = ordered(self.summary, languages)
        out["abstract"] = ordered(self.abstract, languages)
        return out


def ordered(texts: dict, languages: tuple[str, ...]) -> dict:
    order = [lang for lang in languages if lang in texts] + [lang for lang in texts if lang not in languages]
    return {lang: "\n\n".join(texts[lang]) if isinstance(texts[lang], list) else texts[lang] for lang in order}


def place(paper: ParsedPaper, section: str | None, block: Block, note_unplaced) -> None:
    text = block.text
    if section in (None, "summary", "abstract"):
        _place_text(paper, section, block, note_unplaced)
    elif section == "note":
        paper.note.append(text)
    elif section == "link":
        links = P.find_links(text)
        for title, url in links:
            add_link(paper, title, url, "paper")
        if not links:
            found = P.arxiv_id(text) or (m.group(0) if (m := NEW_ID.fullmatch(text.strip(" .:"))) else None)
            if found and not paper.arxiv:
                paper.arxiv = found
            elif not _preview(paper, block, note_unplaced, "논문 링크"):
                paper.link_text.append(text)
                note_unplaced(block, f"text without a URL under '논문 링크' of '{paper.id}'")
    elif section == "more":
        placed = False
        for line in text.split("\n"):
            links = P.find_links(line)
            for title, url in links:
                if not title and len(links) == 1:
                    title = re.sub(r"<?https?://\S+", "", line).strip(" \t-–—*•:·")
                    title = re.sub(r"^\d+[.)]\s*", "", title)
                add_link(paper, title, url, "more")
                placed = True
        if not placed and not _preview(paper, block, note_unplaced, "더 읽어보기"):
            for line in text.split("\n"):
                if line.strip():
                    note_unplaced(Block(block.line, line.strip()), f"'더 읽어보기' item without a URL in '{paper.id}'")


NEW_ID = re.compile(r"\d{4}\.\d{4,5}(?:v\d+)?")


def _place_text(paper: ParsedPaper, section: str | None, block: Block, note_unplaced) -> None:
    """Introduction and abstract paragraphs, by detected language.

    Each language's paragraphs come as one run ('ko ko en' or 'en ko'); a paragraph in a language whose
    run has already ended, or a short line that is no sentence, is not part of the text (a sign-off,
    a link preview's title) and is reported instead."""
    text = block.text
    if not re.search(r"^\s*(?:[-*+]|\d+[.)])\s", text, re.M):  # soft line breaks inside a paragraph
        text = re.sub(r"[ \t]*\n[ \t]*", " ", text)
    name = "논문 초록" if section == "abstract" else "논문 소개"
    target = paper.abstract if section == "abstract" else paper.summary
    lang = P.language_of(text)
    key = section or "summary"
    if C.github_from_preview(text) and len(text) < 200:
        _preview(paper, block, note_unplaced, name)
        return
    if lang in target and paper.last_lang.get(key) != lang:
        note_unplaced(block, f"a '{lang}' paragraph after the '{name}' text of '{paper.id}' ended")
        return
    if not C.is_sentence(text) and (target or section is None):
        note_unplaced(block, f"a short line under '{name}' of '{paper.id}'")
        return
    target.setdefault(lang, []).append(text)
    paper.last_lang[key] = lang


def _preview(paper: ParsedPaper, block: Block, note_unplaced, name: str) -> bool:
    """A copied link preview naming a GitHub repository: the URL is rebuilt (and reported)."""
    url = C.github_from_preview(block.text)
    if not url:
        return False
    if not paper.links.get("code"):
        paper.links["code"] = url
        paper.guessed.append(url)
    elif url != paper.links["code"]:
        paper.links.setdefault("more", []).append(url)
        paper.guessed.append(url)
    return True


def add_link(paper: ParsedPaper, title: str, url: str, default: str) -> None:
    """A link under '논문 링크' (default 'paper') or '더 읽어보기' (default 'more')."""
    url = url.rstrip(">")
    found = P.arxiv_id(url)
    if found and (default == "paper" or not paper.arxiv):
        paper.arxiv = paper.arxiv or found
        return
    kind = P.link_kind(title, url, default)
    if default == "more" and kind == "paper":
        kind = "more"  # a paper page under '더 읽어보기' is further reading, not this paper
    if kind != "more" and not paper.links.get(kind):
        paper.links[kind] = url
    else:
        paper.links.setdefault("more", []).append({"title": title, "url": url} if title and title != url else url)


def finish(p: ParsedPaper, parsed) -> None:
    name = f"'{p.id}' ({p.title.get('en') or p.title.get('ko')}, line {p.line})"
    if not p.arxiv and not p.links.get("paper"):
        texts = [t for lst in (*p.summary.values(), *p.abstract.values()) for t in lst] + p.link_text
        found = next((a for t in texts if (a := P.arxiv_id(t))), None) or \
            next((m.group(0) for t in texts if (m := re.search(r"(?<![\d.])\d{4}\.\d{5}(?:v\d+)?(?![\d.])", t))
                  and 1 <= int(m.group(0)[2:4]) <= 12), None)
        if found:
            p.arxiv = found
            parsed.warnings.append(f"paper {name}: arXiv id {found} taken from the text; confirm it")
        else:
            parsed.warnings.append(f"paper {name}: no paper link in the post (copied as text?); add 'arxiv' or "
                                   "'links.paper' (with --draft: left blank, a warning until the draft is published)")
    if not p.links.get("code"):
        texts = [t for lst in p.abstract.values() for t in lst]
        code = next((u for t in texts for _, u in P.find_links(t) if P.link_kind("", u, "") == "code"), None)
        if code:
            p.links["code"] = code.rstrip(".")
            parsed.warnings.append(f"paper {name}: code link {p.links['code']} taken from the abstract; confirm it")
    for url in p.guessed:
        parsed.warnings.append(f"paper {name}: {url} rebuilt from a copied link preview; confirm it")
    for lang in parsed.languages:
        if lang not in p.title:
            parsed.warnings.append(f"paper {name}: no {'English' if lang == 'en' else lang} title; add title.{lang}")
    if not p.summary:
        parsed.warnings.append(f"paper {name}: no introduction ('논문 소개') in the post; add summary")
    if "en" not in p.abstract:
        parsed.warnings.append(f"paper {name}: no English abstract; add abstract.en (required)")
    for lang, texts in list(p.summary.items()) + list(p.abstract.items()):
        if len(texts) > 1:
            parsed.warnings.append(f"paper {name}: {len(texts)} '{lang}' paragraphs joined into one text; check them")
