"""Load and check one paper file (``<id>.md`` or ``<id>.yaml``)."""
from __future__ import annotations

import re
from pathlib import Path

from ..limits import name_problem
from ..model import LangMap, Paper
from ..problems import Problem
from .checks import ABSENT, SLUG, Checker, texts_with_body
from .source import load_document

HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?>")
CODE_SPAN = re.compile(r"`[^`]*`")
PAPER_KEYS = ("title", "arxiv", "links", "authors", "tags", "summary", "abstract", "note")
LINK_KEYS = ("paper", "code", "project", "more")


def load_paper(path: Path, languages: tuple[str, ...], problems: list[Problem], draft: bool = False) -> Paper | None:
    """The paper in ``path``, or None when it has errors (all of them reported).

    In a draft issue a blank ``arxiv: ""`` (an imported plain-text post has no links) is a warning."""
    before = len(problems)
    paper_id = path.stem
    if not SLUG.fullmatch(paper_id):
        problems.append(Problem(
            path, None, "id",
            f"expected a file name of lowercase letters, digits and hyphens (the paper id), found '{paper_id}'",
        ))
    elif problem := name_problem(paper_id, "the paper id (its file name)"):
        problems.append(Problem(path, None, "id", problem))
    doc = load_document(path, problems)
    if doc is None:
        return None
    data = doc.data
    check = Checker(doc, problems, languages)
    check.keys(data, (), PAPER_KEYS, ("title", "abstract"))
    default = languages[:1]
    others = languages[1:]

    title = check.lang_map(data["title"], ("title",), required=("en",), warn_missing=languages) \
        if "title" in data else LangMap()
    for lang, text in title.items:
        if tag := HTML_TAG.search(CODE_SPAN.sub("", text)):
            # Markdown passes "<Bench>" through as HTML, which the sanitiser then removes
            check.warn(("title", lang), f"'{tag.group(0)}' reads as an HTML tag and will not be shown; "
                                        f"write it as `{tag.group(0)}` or with &lt; and &gt;")
    abstract = check.lang_map(data["abstract"], ("abstract",), required=("en",), warn_missing=languages) \
        if "abstract" in data else LangMap()
    if "summary" in data:
        summary = check.lang_map(data["summary"], ("summary",), warn_missing=languages)
    else:
        summary = LangMap()
        check.warn(("summary",), f"missing: add the editor's introduction in '{default[0]}'"
                   + (f" (and {', '.join(others)})" if others else ""))
    pending = draft and data.get("arxiv", ABSENT) in ("", None)
    if pending:
        check.warn(("arxiv",), "blank: fill in the arXiv id (or set links.paper) before removing draft: true")
    arxiv = check.arxiv(data["arxiv"], ("arxiv",)) if "arxiv" in data and not pending else None
    authors = tuple(check.string_list(data["authors"], ("authors",), "a list of names")) \
        if "authors" in data else ()
    tags = _tags(check, data.get("tags", ABSENT))
    links = _links(check, data.get("links", ABSENT))
    note = texts_with_body(check, data, "note", doc)

    links_value = data.get("links")
    if "arxiv" not in data and not pending and (links_value is None or isinstance(links_value, dict)) \
            and "paper" not in (links_value or {}):
        check.error(("arxiv",), "a paper needs 'arxiv' or 'links.paper' so readers can find it")
    if doc.path.suffix == ".yaml" and doc.body:
        check.error((), "a .yaml paper has no Markdown body")

    if any(p.is_error for p in problems[before:]):
        return None
    return Paper(
        id=paper_id, src_path=path, title=title, abstract=abstract, summary=summary,
        arxiv=arxiv, authors=authors, tags=tags, note=note, **links,
    )


def _tags(check: Checker, value) -> tuple[str, ...]:
    if value is ABSENT:
        return ()
    if not isinstance(value, list):
        check.expected(("tags",), "a list of tags", value)
        return ()
    tags: list[str] = []
    for i, item in enumerate(value):
        tag = check.slug(item, ("tags", i), "tag")
        if tag and tag in tags:
            check.warn(("tags", i), f"tag '{tag}' is listed twice")
        elif tag:
            tags.append(tag)
    return tuple(tags)


def _links(check: Checker, value) -> dict:
    if value is ABSENT:
        return {}
    links = check.mapping(value, ("links",))
    if links is None:
        return {}
    check.keys(links, ("links",), LINK_KEYS)
    found = {}
    for name in ("paper", "code", "project"):
        if name in links:
            found[f"{name}_url"] = check.url(links[name], ("links", name))
    if "more" in links:
        found["more"] = check.links_more(links["more"], ("links", "more"))
    return found
