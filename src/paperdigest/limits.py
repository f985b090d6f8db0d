"""Bounds on input that the checks and the renderer share.

Pure functions of text: ``content`` reports what they find as problems, and ``render``
refuses to do more work than they allow, so a text that slipped past ``check`` still
cannot hang a build, the live preview or an export.
"""
from __future__ import annotations

import re
from pathlib import Path

#: A name that becomes a folder or file name (paper id, tag, extra page). File systems allow
#: 255 bytes per component; a Korean tag reaches that at 85 characters. Far shorter is plenty.
MAX_NAME_BYTES = 100
#: Names Windows cannot create, whatever the extension: a site must stay copyable there.
WINDOWS_RESERVED = frozenset({"con", "prn", "aux", "nul", *(f"com{n}" for n in range(10)),
                              *(f"lpt{n}" for n in range(10))})
#: One text field; an arXiv abstract is at most 1,920 characters. Dense markup reads at about
#: 20 µs a character, so this also bounds one field to well under a second.
MAX_TEXT_CHARS = 20_000
#: Python-Markdown scans from every '[', '](' and '<tag' to its closing bracket, and to the end
#: of the paragraph when there is none: 10 kB of '[' took 20 s. This bounds the characters all
#: those scans read in one text (about 0.2 s at most); ordinary text with links needs a few thousand.
MAX_BRACKET_WORK = 1_000_000
#: Lists and quotes nested this deep exhaust Python-Markdown's recursion long before 100.
MAX_NESTING = 32

# C0 controls except tab and newline, DEL and C1: invisible, and some end up in HTML attributes
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_PARAGRAPHS = re.compile(r"\n[ \t]*\n")
_BRACKETS = re.compile(r"(?<!\\)(?:\]\(|[\[\]()])")
_ANGLES = re.compile(r"(?<!\\)(?:>|<(?=[A-Za-z/!?]))")
_NESTED = re.compile(r"^(?:[ \t]*(?:[-*+]|[0-9]{1,9}[.)]|>)(?=[ \t]|$))+", re.M)
_MARKER = re.compile(r"[-*+>]|[0-9]{1,9}[.)]")


def control_character(text: str) -> str | None:
    """A message naming the first control character in ``text``, or None."""
    found = CONTROL.search(text)
    if found is None:
        return None
    return (f"contains the invisible control character U+{ord(found.group(0)):04X} "
            f"(character {found.start() + 1}); remove it")


def name_problem(name: str, what: str) -> str | None:
    """Why ``name`` cannot become a file or folder name, or None."""
    size = len(name.encode("utf-8"))
    if size > MAX_NAME_BYTES:
        return f"{what} is {size} bytes long; the limit is {MAX_NAME_BYTES} (it becomes a folder or file name)"
    if name.lower() in WINDOWS_RESERVED:
        return f"{what} '{name}' is a name Windows reserves for a device; choose another"
    return None


def bracket_work(text: str) -> int:
    """Characters Python-Markdown's link and HTML scans read in ``text`` (an upper bound).

    A '[' or '](' is looked for within its paragraph; a '<tag' is looked for (by the raw-HTML
    reader) up to the next '>' anywhere in the text.
    """
    work = 0
    angle: list[int] = []
    for match in _ANGLES.finditer(text):
        if match.group(0) == ">":
            work += sum(match.start() - start for start in angle)
            angle.clear()
        else:
            angle.append(match.start())
    work += sum(len(text) - start for start in angle)
    for paragraph in _PARAGRAPHS.split(text):
        squares: list[int] = []
        parens: list[int] = []
        for match in _BRACKETS.finditer(paragraph):
            token, at = match.group(0), match.start()
            if token == "[":
                squares.append(at)
            elif token == "]" and squares:
                work += at - squares.pop()
            elif token == "](":
                if squares:
                    work += at - squares.pop()
                parens.append(at)
            elif token == "(" and parens:
                parens.append(at)  # nested parentheses inside a link address
            elif token == ")" and parens:
                work += at - parens.pop()
        work += sum(len(paragraph) - start for start in (*squares, *parens))
    return work


def nesting_depth(text: str) -> int:
    """How deep list items and quotes are nested on the deepest line."""
    return max((len(_MARKER.findall(m.group(0))) for m in _NESTED.finditer(text)), default=0)


def markdown_problem(text: str) -> str | None:
    """Why ``text`` would take Python-Markdown too long (or too deep) to read, or None."""
    if len(text) > MAX_TEXT_CHARS:
        return f"text is {len(text):,} characters long; the limit is {MAX_TEXT_CHARS:,}"
    if nesting_depth(text) > MAX_NESTING:
        return f"lists or quotes are nested more than {MAX_NESTING} levels deep"
    if bracket_work(text) > MAX_BRACKET_WORK:
        return ("too many unclosed '[', '(' or '<' for Markdown to read in reasonable time; "
                "close them, or write them as \\[ and &lt;")
    return None


def text_problem(text: str) -> str | None:
    """The first reason a text field is refused: a control character, or Markdown too costly to read."""
    return control_character(text) or markdown_problem(text)


def is_inside(path: Path, root: Path) -> bool:
    """Whether ``path``, links resolved, is ``root`` or below it (``root`` already resolved)."""
    try:
        target = path.resolve()
    except (OSError, RuntimeError):  # a loop of links
        return False
    return target == root or root in target.parents
