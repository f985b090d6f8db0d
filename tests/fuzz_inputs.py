"""Hypothesis strategies for hostile input files: random YAML, wrong types, deep nesting, huge
strings, control characters, invalid UTF-8, mixed line endings, NFD text, duplicate keys, and
byte flips and truncations of the valid files of the small base tree (tests/fixtures/base)."""
from __future__ import annotations

import datetime as dt
import unicodedata

import yaml
from hypothesis import strategies as st

from conftest import BASE

WEEK = "2025-06-23"
#: the files a case can replace, relative to papers/, and their valid bytes
TARGETS = {rel: (BASE / rel).read_bytes() for rel in ("site.yaml", f"{WEEK}/issue.md", f"{WEEK}/alpha.md",
                                                       f"{WEEK}/beta.yaml")}
KEYS = {
    "site.yaml": ["title", "description", "base_url", "languages", "timezone", "author", "issue_title", "feed_items"],
    f"{WEEK}/issue.md": ["week", "published", "updated", "title", "themes", "papers", "draft"],
    f"{WEEK}/alpha.md": ["title", "arxiv", "links", "authors", "tags", "summary", "abstract"],
    f"{WEEK}/beta.yaml": ["title", "arxiv", "links", "authors", "tags", "summary", "abstract"],
}
NAMES = ["ko", "en", "paper", "code", "project", "more", "url", "summary", "papers", "alpha", "beta", "ja"]
# text of every kind: controls (C0, DEL, C1), combining marks, Hangul, RTL, emoji, markup
ALPHABET = st.characters(blacklist_categories=("Cs",))
VISIBLE = st.characters(blacklist_categories=("Cs", "Cc"))
MARKUP = st.sampled_from(["[", "](", "<a ", "![", "*", "_", "`", "$", "$$", "<script>", "&", "\\", "> ", "- ",
                          "1. ", "    ", "\n", "\n\n", ":fire:", "http://x.y/", "<!--", "|", "{", "}", "%"])


def texts(alphabet=ALPHABET) -> st.SearchStrategy[str]:
    return st.one_of(
        st.text(alphabet, max_size=40),
        st.lists(st.one_of(MARKUP, st.text(alphabet, max_size=5)), max_size=60).map("".join),
        st.builds(lambda unit, n: unit * n, st.one_of(MARKUP, st.text(alphabet, min_size=1, max_size=3)),
                  st.integers(0, 30_000)),  # huge strings, and the runs that made Markdown quadratic
        st.sampled_from(["ko", "en", "2506.14234", "https://example.org/", WEEK, "2025-06-30T09:00:00+09:00",
                         "{start:%Y}", "{start!r:>99}", "alpha", "x" * 300, "con", "../x", "a\u0301", "\u202e"]),
    )


SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), texts(),
    st.dates(), st.datetimes(timezones=st.sampled_from([dt.timezone.utc, None])),
)


def values(max_leaves: int = 8) -> st.SearchStrategy:
    return st.recursive(
        SCALARS,
        lambda children: st.one_of(
            st.lists(children, max_size=4),
            st.dictionaries(st.one_of(st.sampled_from(NAMES), texts(), st.integers()), children, max_size=4),
        ),
        max_leaves=max_leaves,
    )


@st.composite
def structured(draw, rel: str) -> bytes:
    """A document of the right kind of keys with values of any type."""
    keys = st.one_of(st.sampled_from(KEYS[rel]), st.sampled_from(NAMES), st.text(ALPHABET, max_size=8))
    data = draw(st.dictionaries(keys, values(), max_size=len(KEYS[rel]) + 2))
    if draw(st.booleans()):  # start from the valid document, then change some of it
        valid = _front(rel)
        valid.update(data)
        data = valid
    try:
        text = yaml.dump(data, Dumper=yaml.CSafeDumper, allow_unicode=draw(st.booleans()),
                         default_flow_style=draw(st.booleans()))
    except yaml.YAMLError:
        text = repr(data)
    body = draw(st.one_of(st.just(""), texts())) if rel.endswith(".md") else ""
    return (f"---\n{text}---\n{body}" if rel.endswith(".md") else text).encode("utf-8", "surrogatepass")


def _front(rel: str) -> dict:
    text = TARGETS[rel].decode("utf-8")
    if rel.endswith(".md"):
        text = text.split("\n---\n", 1)[0].removeprefix("---\n")
    return yaml.safe_load(text)


@st.composite
def mutated(draw, rel: str) -> bytes:
    """The valid file with byte-level damage."""
    data = bytearray(TARGETS[rel])
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["flip", "truncate", "insert", "delete", "duplicate-line", "crlf", "cr",
                                     "nfd", "bom", "invalid-utf8", "nest", "control", "tab"]))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if kind == "flip" and data:
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif kind == "truncate":
            del data[at:]
        elif kind == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=20))
        elif kind == "delete":
            del data[at:at + draw(st.integers(1, 40))]
        elif kind == "duplicate-line":
            lines = bytes(data).split(b"\n")
            n = draw(st.integers(0, len(lines) - 1))
            lines.insert(n, lines[n])
            data = bytearray(b"\n".join(lines))
        elif kind == "crlf":
            data = bytearray(bytes(data).replace(b"\n", b"\r\n", draw(st.integers(1, 20))))
        elif kind == "cr":
            data = bytearray(bytes(data).replace(b"\n", b"\r", draw(st.integers(1, 20))))
        elif kind == "nfd":
            data = bytearray(unicodedata.normalize("NFD", bytes(data).decode("utf-8", "replace")).encode("utf-8"))
        elif kind == "bom":
            data[0:0] = b"\xef\xbb\xbf"
        elif kind == "invalid-utf8":
            data[at:at] = draw(st.sampled_from([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xe2\x82", b"\x80"]))
        elif kind == "nest":
            depth = draw(st.integers(1, 5000))
            data[at:at] = draw(st.sampled_from([b"[", b"{a: ", b"- ", b"  "])) * depth
        elif kind == "control":
            data[at:at] = draw(st.sampled_from([b"\x07", b"\\x07", b"\x1b[31m", b"\\u0000", b"\x0c", b"\\x85"]))
        elif kind == "tab":
            data[at:at] = b"\t"
    return bytes(data)


@st.composite
def damaged_tree(draw) -> dict[str, bytes]:
    """One to three of the base tree's files replaced with hostile versions."""
    chosen = draw(st.lists(st.sampled_from(sorted(TARGETS)), min_size=1, max_size=3, unique=True))
    return {rel: draw(st.one_of(structured(rel), mutated(rel))) for rel in chosen}


@st.composite
def hostile_texts(draw) -> dict[str, bytes]:
    """The valid base tree with some of its text fields (and bodies) replaced: it mostly builds."""
    files = {}
    for rel in sorted(TARGETS):
        data = _front(rel)
        _replace_strings(draw, data)
        text = yaml.dump(data, Dumper=yaml.CSafeDumper, allow_unicode=True)
        body = draw(texts(VISIBLE)) if rel.endswith(".md") and draw(st.booleans()) else ""
        files[rel] = (f"---\n{text}---\n{body}" if rel.endswith(".md") else text).encode("utf-8")
    return files


def _replace_strings(draw, node) -> None:
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, value in list(items):
        if isinstance(value, str) and key in ("ko", "en", "title", "author") and draw(st.integers(0, 2)) == 0:
            node[key] = "x" + draw(texts(VISIBLE))  # never empty: the build should get to render it
        else:
            _replace_strings(draw, value)
