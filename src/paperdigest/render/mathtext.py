"""MathML for places that cannot show it: linear text (titles, descriptions) and plain HTML (feeds).

Pages keep MathML. Descriptions need text ("x^2"), and feed readers mostly strip MathML,
which would leave "x2" for x squared, so feeds get <sup>/<sub> instead.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from html import escape, unescape

MATH = re.compile(r"<math\b.*?</math>", re.S)
_TOKENS = {"mi", "mn", "mo", "mtext", "ms"}
_BIG_OPERATORS = {"∑", "∏", "∫", "∮", "⋃", "⋂", "lim", "max", "min"}


def math_to_text(mathml: str) -> str:
    """One MathML element as one would type it: x^2, x_i, (a+b)/2, √(n)."""
    return " ".join(_walk_source(mathml, html=False).split())


def math_to_html(html: str) -> str:
    """Every MathML element in ``html`` as plain HTML: <i>x</i><sup>2</sup>."""
    return MATH.sub(lambda m: f"<span>{' '.join(_walk_source(m.group(0), html=True).split())}</span>", html)


def _walk_source(mathml: str, html: bool) -> str:
    try:
        root = etree.fromstring(mathml)
    except etree.ParseError:
        text = unescape(re.sub(r"<[^>]*>", "", mathml))
        return escape(text, quote=False) if html else text
    return _walk(root, html)


def _walk(el, html: bool) -> str:
    tag = el.tag.rsplit("}", 1)[-1]
    kids = [_walk(child, html) for child in el]
    if tag in _TOKENS:
        text = (el.text or "").strip()
        shown = escape(text, quote=False) if html else text
        if tag == "mi" and len(text) > 1:
            return f" {shown} "  # function names: O(n log n), not O(nlogn)
        if html and tag == "mi" and el.get("mathvariant") != "normal":
            return f"<i>{shown}</i>"
        return shown
    if tag == "annotation":
        return ""
    if tag == "mspace":
        return " "
    if tag in ("msup", "mover") and len(kids) == 2:
        return kids[0] + _script(kids[1], "sup", html)
    if tag in ("msub", "munder") and len(kids) == 2:
        return kids[0] + _script(kids[1], "sub", html) + _after(kids[0])
    if tag in ("msubsup", "munderover") and len(kids) == 3:
        return kids[0] + _script(kids[1], "sub", html) + _script(kids[2], "sup", html) + _after(kids[0])
    if tag == "mfrac" and len(kids) == 2:
        return f"{_group(kids[0])}/{_group(kids[1])}"
    if tag == "msqrt":
        return f"√({''.join(kids).strip()})"
    if tag == "mroot" and len(kids) == 2:
        return _script(kids[1], "sup", html) + f"√({kids[0].strip()})"
    if tag == "mtr":
        return ", ".join(kids)
    if tag == "mtable":
        return "; ".join(kids)
    return "".join(kids)


def _script(text: str, kind: str, html: bool) -> str:
    if html:
        return f"<{kind}>{text.strip()}</{kind}>"
    return ("^" if kind == "sup" else "_") + _group(text)


def _after(base: str) -> str:
    """A space after a big operator's limits: ∑_i a_i, not ∑_ia_i."""
    return " " if base.strip() in _BIG_OPERATORS else ""


def _group(text: str) -> str:
    """Parenthesise a part unless it is one character, a number or already grouped."""
    text = text.strip()
    plain = re.sub(r"<[^>]*>", "", text)
    grouped = len(plain) == 1 or plain.isdigit() or (plain.startswith("√(") and plain.endswith(")"))
    return text if grouped else f"({text})"
