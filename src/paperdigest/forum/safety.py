"""Markdown that is safe to paste into a forum: raw HTML shown as text, links only to http(s) and mail.

The site and the newsletter render Markdown and sanitise the HTML (``render.markup``); a forum
post stays Markdown, so the same rules are applied to the Markdown itself. Code is left alone.
"""
from __future__ import annotations

import re
from html import unescape

SAFE_SCHEMES = ("http", "https", "mailto")
# fenced code blocks, then inline code spans (a run of backticks closed by the same run)
_CODE = re.compile(r"^(`{3,}|~{3,})[^\n]*\n.*?^\1[ \t]*$|(`+)(?!`).+?(?<!`)\2(?!`)", re.S | re.M)
_AUTOLINK = re.compile(r"<(?:https?://|mailto:)[^\s<>]*>", re.I)
_TAG_START = re.compile(r"<(?=[A-Za-z!/?])")
_LINK = re.compile(r"(!?)\[([^\[\]\n]*)\]\(\s*(<[^>\n]*>|[^\s)]*)(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'))?\s*\)")
_DESTINATION = re.compile(r"(\]\(\s*|^[ \t]{0,3}\[[^\]\n]+\]:[ \t]*)(<[^>\n]*>|[^\s)]+)", re.M)


def unsafe_url(destination: str) -> bool:
    """Whether a link destination names a scheme other than http(s) or mailto (javascript:, data:...)."""
    # Markdown decodes entities in a destination: "&#106;avascript:" is "javascript:"
    squeezed = "".join(unescape(destination.strip("<> \t")).split())
    scheme = re.match(r"^([^/?#]*?):", squeezed)
    return scheme is not None and scheme.group(1).lower() not in SAFE_SCHEMES


def safe_markdown(text: str) -> str:
    out, at = [], 0
    for code in _CODE.finditer(text):
        out += [_safe_prose(text[at:code.start()]), code.group(0)]
        at = code.end()
    out.append(_safe_prose(text[at:]))
    return "".join(out)


def _safe_prose(text: str) -> str:
    text = _LINK.sub(lambda m: m.group(2) if unsafe_url(m.group(3)) else m.group(0), text)
    text = _DESTINATION.sub(lambda m: m.group(1) + "#" if unsafe_url(m.group(2)) else m.group(0), text)
    out, at = [], 0
    for link in _AUTOLINK.finditer(text):
        out += [_TAG_START.sub("&lt;", text[at:link.start()]), link.group(0)]
        at = link.end()
    out.append(_TAG_START.sub("&lt;", text[at:]))
    return "".join(out)
