"""Markdown → safe HTML, with emoji shortcodes and build-time MathML.

One ``Markdown`` instance serves the whole process (it is reset between texts),
and results are memoised by text, so a paper shown on five pages is converted once.
Every result passes through the nh3 allowlist, so pages, feeds and search all
reuse only sanitised HTML.
"""
from __future__ import annotations

import functools
import re
import xml.etree.ElementTree as etree
from html import escape, unescape

import latex2mathml.converter
import markdown
import nh3
from markdown.inlinepatterns import InlineProcessor
from pymdownx import emoji

from ..limits import markdown_problem
from .mathtext import MATH, math_to_text

# Discourse (the forum the digest grew from) names some emoji differently.
DISCOURSE_ALIASES = {
    ":south_korea:": ":flag_kr:",
    ":thinking_face:": ":thinking:",
    ":slightly_smiling_face:": ":slight_smile:",
}

MATH_TAGS = {
    "math", "semantics", "annotation", "mrow", "mi", "mn", "mo", "ms", "mtext", "mspace",
    "msup", "msub", "msubsup", "mfrac", "msqrt", "mroot", "mover", "munder", "munderover",
    "mtable", "mtr", "mtd", "mstyle", "menclose", "mpadded", "mphantom", "merror",
}
ALLOWED_TAGS = {
    "p", "br", "hr", "a", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li",
    "h3", "h4", "h5", "h6", "sub", "sup", "del", "img", "table", "thead", "tbody", "tr",
    "th", "td", "span", *MATH_TAGS,
}
# what a title keeps: titles are shown inside links (lists, tables of contents), where a link would nest
INLINE_TAGS = {"em", "strong", "code", "sub", "sup", "del", "span", *MATH_TAGS}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "th": {"align"}, "td": {"align"},
    "math": {"display", "xmlns"},
    "mo": {"stretchy", "fence", "separator", "lspace", "rspace", "form"},
    "mi": {"mathvariant"}, "mstyle": {"displaystyle", "scriptlevel", "mathvariant"},
    "mtable": {"columnalign", "rowspacing", "columnspacing"}, "mtd": {"columnalign"},
    "mspace": {"width"}, "menclose": {"notation"}, "mfrac": {"linethickness"},
    "annotation": {"encoding"},
}


def _emoji_index(options, md):
    index = emoji.twemoji(options, md)
    aliases = dict(index["aliases"])
    for name, target in DISCOURSE_ALIASES.items():
        aliases.setdefault(name, aliases.get(target, target))
    return {"name": index["name"], "emoji": index["emoji"], "aliases": aliases}


def _emoji_unicode(index, shortname, alias, uc, alt, title, category, options, md):
    # keycaps (:one:) need U+FE0F before U+20E3 to be drawn as emoji, not as "1"
    if "\u20e3" in alt and "\ufe0f" not in alt:
        alt = alt.replace("\u20e3", "\ufe0f\u20e3")
    return md.htmlStash.store(alt)


class _MathProcessor(InlineProcessor):
    def __init__(self, pattern: str, display: bool, md):
        super().__init__(pattern, md)
        self.display = display

    def handleMatch(self, m, data):
        latex = m.group(1).strip()
        try:
            html = latex2mathml.converter.convert(latex, display="block" if self.display else "inline")
        except Exception:  # latex2mathml raises many kinds; bad math stays visible as code
            element = etree.Element("code")
            element.text = m.group(0)
            return element, m.start(0), m.end(0)
        if self.display:
            # a wide equation scrolls inside its own box, which keyboard users must be able to reach
            html = f'<span class="math-block" tabindex="0">{html}</span>'
        return self.md.htmlStash.store(html), m.start(0), m.end(0)


class _MathExtension(markdown.Extension):
    def extendMarkdown(self, md):
        # after backticks (190) so `$x$` in code stays literal, before emphasis
        md.inlinePatterns.register(_MathProcessor(r"\$\$(.+?)\$\$", True, md), "math-display", 186)
        md.inlinePatterns.register(
            _MathProcessor(r"(?<![\\$\w])\$(?=\S)([^$\n]+?)(?<=\S)\$(?![\d$])", False, md), "math-inline", 185
        )


def _new_markdown() -> markdown.Markdown:
    return markdown.Markdown(
        extensions=["pymdownx.emoji", "pymdownx.magiclink", "tables", "sane_lists", _MathExtension()],
        extension_configs={
            "pymdownx.emoji": {"emoji_index": _emoji_index, "emoji_generator": _emoji_unicode, "alt": "unicode"},
            "pymdownx.magiclink": {"hide_protocol": False},
        },
        output_format="html",
    )


_MD = _new_markdown()
_BLOCK = re.compile(r"^<p>(.*)</p>$", re.S)


def _drop_disguised_urls(tag: str, attribute: str, value: str) -> str | None:
    # "java script:" is harmless today, but browsers strip some whitespace from URLs: drop it
    if attribute in ("href", "src") and "".join(value.split()).lower().startswith(("javascript:", "vbscript:", "data:")):
        return None
    # the same text is shown on pages at different depths and in feeds, and a build copies no
    # images from papers/: a relative image address can only be a broken image
    if tag == "img" and attribute == "src" and not value.strip().lower().startswith(("https://", "http://")):
        return None
    return value


# start tags of sanitised HTML: nh3 double-quotes every attribute value, which may hold ">";
# links never nest in it, so a link runs to the next </a>
_IMG = re.compile(r'<img\b((?:[^>"]|"[^"]*")*)>')
_LINK = re.compile(r'<a\b((?:[^>"]|"[^"]*")*)>(.*?)</a>', re.S)
_QUOTED = re.compile(r'"[^"]*"')


def _has_attribute(attributes: str, name: str) -> bool:
    return re.search(rf"\s{name}=", _QUOTED.sub('""', attributes)) is not None


def _fix_img(match: re.Match) -> str:
    attributes = match.group(1)
    if not _has_attribute(attributes, "src"):
        alt = re.search(r'\salt="([^"]*)"', attributes)
        return alt.group(1) if alt else ""  # an image with nothing to show: its text, if any
    if not _has_attribute(attributes, "alt"):
        # HTML requires alt; the author gave none, so the image is marked as decorative
        return f'<img alt=""{attributes}>'
    return match.group(0)


def _fix_link(match: re.Match) -> str:
    # a link whose unsafe address was removed is only its text (rel without href is invalid HTML)
    return match.group(0) if _has_attribute(match.group(1), "href") else match.group(2)


def sanitize(html: str) -> str:
    cleaned = nh3.clean(
        html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, attribute_filter=_drop_disguised_urls,
        tag_attribute_values={"span": {"class": {"math-block"}, "tabindex": {"0"}}},
        url_schemes={"http", "https", "mailto"}, link_rel="noopener",
    )
    if "<img" in cleaned:
        cleaned = _IMG.sub(_fix_img, cleaned)
    return _LINK.sub(_fix_link, cleaned) if "<a" in cleaned else cleaned


# A text's HTML is also looked up in the build cache (``use_fragments``): one edit re-renders
# pages that show thousands of unchanged texts (archive, tag lists, feeds). ``new_fragments``
# hands what was converted to the cache. A memo of a pure function, like the lru_caches here.
_LOOKUP: list = [None]
_NEW: dict[str, str] = {}


def use_fragments(lookup) -> None:
    """``lookup(text)`` gives the HTML ``render_markdown`` made of ``text`` before, or None."""
    _LOOKUP[0] = lookup


def new_fragments() -> dict[str, str]:
    """Texts converted since the last call, and forget them."""
    made = dict(_NEW)
    _NEW.clear()
    return made


@functools.lru_cache(maxsize=65536)
def render_markdown(text: str) -> str:
    """Block Markdown → sanitised HTML.

    A text that would take the parser too long or too deep (``check`` refuses it) is shown
    as escaped plain text instead: no build, preview or export can hang on it.
    """
    known = _LOOKUP[0](text) if _LOOKUP[0] is not None else None
    if known is not None:
        return known
    html = _convert(text)
    if _LOOKUP[0] is not None:
        _NEW[text] = html
    return html


def _convert(text: str) -> str:
    if markdown_problem(text) is None:
        _MD.reset()
        try:
            return sanitize(_MD.convert(text))
        except RecursionError:
            pass
    _MD.reset()
    return "\n".join(f"<p>{escape(part.strip())}</p>" for part in re.split(r"\n\s*\n", text) if part.strip())


@functools.lru_cache(maxsize=65536)
def render_inline(text: str) -> str:
    """One line of Markdown (a title) → sanitised inline HTML without the paragraph."""
    html = render_markdown(text.replace("\n", " "))
    match = _BLOCK.match(html)
    if match and "<p>" not in match.group(1) and "<a" not in html and "math-block" not in html:
        return match.group(1)
    return nh3.clean(html, tags=INLINE_TAGS, attributes=ALLOWED_ATTRIBUTES, link_rel=None)


@functools.lru_cache(maxsize=65536)
def to_plain_text(html: str) -> str:
    """Visible text of sanitised HTML, whitespace folded (for descriptions and summaries).

    Math becomes linear text (x^2, a/b): the sanitiser alone would drop MathML with its content.
    """
    if "<math" in html:
        html = MATH.sub(lambda m: escape(math_to_text(m.group(0))), html)
    return " ".join(unescape(nh3.clean(html, tags=set())).split())
