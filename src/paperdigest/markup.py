"""Markdown → safe HTML, with emoji shortcodes and build-time MathML.

One ``Markdown`` instance serves the whole process (it is reset between texts),
and results are memoised by text, so a paper shown on five pages is converted once.
Every result passes through the nh3 allowlist, so pages, feeds and search all
reuse only sanitised HTML.
"""
from __future__ import annotations

import functools
import re
from html import unescape
import xml.etree.ElementTree as etree

import latex2mathml.converter
import markdown
import nh3
from markdown.inlinepatterns import InlineProcessor
from pymdownx import emoji

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
    return value


def sanitize(html: str) -> str:
    return nh3.clean(
        html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, attribute_filter=_drop_disguised_urls,
        tag_attribute_values={"span": {"class": {"math-block"}, "tabindex": {"0"}}},
        url_schemes={"http", "https", "mailto"}, link_rel="noopener",
    )


@functools.lru_cache(maxsize=65536)
def render_markdown(text: str) -> str:
    """Block Markdown → sanitised HTML."""
    _MD.reset()
    return sanitize(_MD.convert(text))


@functools.lru_cache(maxsize=65536)
def render_inline(text: str) -> str:
    """One line of Markdown (a title) → sanitised inline HTML without the paragraph."""
    html = render_markdown(text.replace("\n", " "))
    match = _BLOCK.match(html)
    if match and "<p>" not in match.group(1):
        return match.group(1)
    return nh3.clean(html, tags=INLINE_TAGS, attributes=ALLOWED_ATTRIBUTES)


@functools.lru_cache(maxsize=65536)
def to_plain_text(html: str) -> str:
    """Visible text of sanitised HTML, whitespace folded (for descriptions and summaries)."""
    return " ".join(unescape(nh3.clean(html, tags=set())).split())
