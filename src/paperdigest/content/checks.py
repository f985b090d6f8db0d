"""Field checks shared by the site, issue and paper loaders.

A ``Checker`` wraps one parsed document and collects problems instead of raising,
so one run of ``paperdigest check`` reports everything wrong with a file.
Messages follow one pattern: "expected X, found Y".
"""
from __future__ import annotations

import datetime as dt
import difflib
import re
from urllib.parse import urlsplit

from ..limits import name_problem, text_problem
from ..model import LangMap, Link
from ..problems import Problem, Severity
from .source import Document, InvalidDate, dotted, type_name

# These patterns are shared with the JSON Schemas (tests keep them identical), so
# they use only syntax that Python and ECMA-262 read alike; match with fullmatch.
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
#: new style YYMM.NNNN(N) with a real month, or old style archive/YYMMNNN; optional vN
ARXIV = re.compile(
    r"^(?:arXiv:)?(?:[0-9]{2}(?:0[1-9]|1[0-2])\.[0-9]{4,5}|[a-z]+(?:-[a-z]+)?(?:\.[A-Z]{2})?/[0-9]{7})(?:v[0-9]+)?$"
)
URL = re.compile(r"^https?://[^\s/?#@]+(?:[/?#]\S*)?$")
LANGUAGE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")
_YMD = r"[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])"
DATE = re.compile(rf"^{_YMD}$")
DATETIME = re.compile(
    rf"^{_YMD}[T ](?:[01][0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9](?:\.[0-9]+)?)?(?:Z|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])$"
)

#: ``data.get(key, ABSENT)``: tells a missing key from one written with no value (``links:``)
ABSENT = object()


class Checker:
    def __init__(self, doc: Document, problems: list[Problem], languages: tuple[str, ...] = ()):
        self.doc = doc
        self.problems = problems
        self.languages = languages

    # reporting -------------------------------------------------------------
    def error(self, key: tuple, message: str) -> None:
        self.problems.append(Problem(self.doc.path, self.doc.line(*key), dotted(key), message))

    def warn(self, key: tuple, message: str) -> None:
        self.problems.append(
            Problem(self.doc.path, self.doc.line(*key), dotted(key), message, Severity.WARNING)
        )

    def expected(self, key: tuple, what: str, value) -> None:
        self.error(key, f"expected {what}, found {describe(value)}")

    # structure -------------------------------------------------------------
    def keys(self, mapping: dict, key: tuple, allowed: tuple[str, ...], required: tuple[str, ...] = ()) -> None:
        for name in mapping:
            if name not in allowed:
                hint = difflib.get_close_matches(str(name), allowed, n=1, cutoff=0.6)
                suggestion = f"; did you mean '{hint[0]}'?" if hint else f"; allowed keys: {', '.join(allowed)}"
                self.error((*key, str(name)), f"unknown key '{name}'{suggestion}")
        for name in required:
            if name not in mapping:
                self.problems.append(Problem(self.doc.path, self.doc.line(*key), dotted((*key, name)),
                                             "required key is missing"))

    def mapping(self, value, key: tuple) -> dict | None:
        if isinstance(value, dict):
            return value
        self.expected(key, "a mapping", value)
        return None

    def string(self, value, key: tuple, what: str = "a string") -> str | None:
        if isinstance(value, str) and value.strip():
            if problem := text_problem(value):
                self.error(key, problem)
                return None
            return value.strip()
        if isinstance(value, str):
            self.error(key, f"expected {what}, found an empty string")
        else:
            self.expected(key, what, value)
        return None

    def string_list(self, value, key: tuple, what: str = "a list of strings") -> list[str]:
        if not isinstance(value, list):
            self.expected(key, what, value)
            return []
        return [s for i, item in enumerate(value) if (s := self.string(item, (*key, i))) is not None]

    def boolean(self, value, key: tuple) -> bool:
        if isinstance(value, bool):
            return value
        self.expected(key, "true or false", value)
        return False

    def integer(self, value, key: tuple, minimum: int = 1) -> int | None:
        if isinstance(value, int) and not isinstance(value, bool) and value >= minimum:
            return value
        self.expected(key, f"a whole number of at least {minimum}", value)
        return None

    # typed values ----------------------------------------------------------
    def slug(self, value, key: tuple, what: str) -> str | None:
        if not isinstance(value, str) or not value.strip():
            self.string(value, key, f"a {what}")
            return None
        if not SLUG.fullmatch(value):
            self.error(key, f"expected a {what} of lowercase letters, digits and hyphens, found {describe(value)}")
            return None
        if problem := name_problem(value, what):
            self.error(key, problem)
            return None
        return value

    def url(self, value, key: tuple) -> str | None:
        """An absolute http(s) URL, written exactly (no spaces around it)."""
        if not isinstance(value, str) or not value.strip():
            self.string(value, key, "an http(s) URL")
            return None
        if not URL.fullmatch(value):
            self.error(key, f"expected an http(s) URL, found {describe(value)}{_url_hint(value.strip())}")
            return None
        return value

    def arxiv(self, value, key: tuple) -> str | None:
        if isinstance(value, float):
            # an unquoted 2506.14230 is the number 2506.1423 to YAML: the trailing zero is gone
            self.error(key, f"expected the arXiv id as a quoted string (arxiv: \"2506.14234\"), "
                            f"found the number {value!r}")
            return None
        if not isinstance(value, str) or not value.strip():
            self.string(value, key, "an arXiv id")
            return None
        if not ARXIV.fullmatch(value):
            self.error(key, f"expected an arXiv id like 2506.14234, 2506.14234v2 or cs/0112017, found {describe(value)}")
            return None
        return value.removeprefix("arXiv:")

    def date(self, value, key: tuple) -> dt.date | None:
        """A date: unquoted YAML 2025-06-23 or the same text in quotes."""
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        if isinstance(value, InvalidDate):
            self.error(key, f"expected a real date (YYYY-MM-DD), found '{value}'")
            return None
        if isinstance(value, str) and DATE.fullmatch(value):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                self.error(key, f"expected a real date (YYYY-MM-DD), found '{value}'")
                return None
        self.expected(key, "a date (YYYY-MM-DD)", value)
        return None

    def moment(self, value, key: tuple, tz: dt.tzinfo) -> dt.datetime | None:
        """A date (midnight in the site's time zone) or a datetime with an offset."""
        if isinstance(value, InvalidDate):
            self.error(key, f"expected a real date or datetime, found '{value}'")
            return None
        if isinstance(value, str) and DATE.fullmatch(value):
            value = self.date(value, key)
            if value is None:
                return None
        elif isinstance(value, str) and DATETIME.fullmatch(value.replace(" ", "T", 1)):
            try:
                value = dt.datetime.fromisoformat(value)
            except ValueError:
                self.error(key, f"expected a real date or datetime, found '{value}'")
                return None
        elif isinstance(value, str) and DATETIME.fullmatch(value.replace(" ", "T", 1) + "Z"):
            self.error(key, f"expected a datetime with a UTC offset (e.g. {value}+09:00), found one without")
            return None
        if isinstance(value, dt.datetime):
            if value.tzinfo is None:
                self.error(key, f"expected a datetime with a UTC offset (e.g. {value.isoformat()}+09:00), found one without")
                return None
            return value
        if isinstance(value, dt.date):
            return dt.datetime.combine(value, dt.time(), tz)
        self.expected(key, "a date or a datetime with offset", value)
        return None

    def lang_map(self, value, key: tuple, required: tuple[str, ...] = (), warn_missing: tuple[str, ...] = ()) -> LangMap:
        """A map from language code to non-empty Markdown text."""
        if isinstance(value, str):
            self.error(key, "expected a map of languages (e.g. {ko: ..., en: ...}), found a string")
            return LangMap()
        mapping = self.mapping(value, key)
        if mapping is None:
            return LangMap()
        texts: dict[str, str] = {}
        for lang, text in mapping.items():
            lang_key = (*key, str(lang))
            if not isinstance(lang, str) or lang not in self.languages:
                hint = f"; the site's languages are {', '.join(self.languages)}"
                self.error(lang_key, f"unknown language '{lang}'{hint}")
                continue
            checked = self.string(text, lang_key, "text")
            if checked is not None:
                texts[lang] = checked
        for lang in required:
            if lang not in texts and lang in self.languages and lang not in mapping:
                found = f"only {', '.join(str(k) for k in mapping)}" if mapping else "an empty map"
                self.error(key, f"expected the '{lang}' text (required), found {found}")
        present = set(texts)
        for lang in warn_missing:
            if lang not in mapping and lang not in required and present:
                self.warn(key, f"no '{lang}' translation; the {'/'.join(sorted(present))} text will be shown")
        ordered = [lang for lang in self.languages if lang in texts]
        return LangMap(tuple((lang, texts[lang]) for lang in ordered))

    def links_more(self, value, key: tuple) -> tuple[Link, ...]:
        if not isinstance(value, list):
            self.expected(key, "a list of URLs or {title, url} maps", value)
            return ()
        links = []
        for i, item in enumerate(value):
            item_key = (*key, i)
            if isinstance(item, dict):
                self.keys(item, item_key, ("title", "url"), ("url",))
                url = self.url(item["url"], (*item_key, "url")) if "url" in item else None
                title = self.string(item["title"], (*item_key, "title")) if "title" in item else None
                if url:
                    links.append(Link(url, title or ""))
            elif (url := self.url(item, item_key)) is not None:
                links.append(Link(url))
        return tuple(links)


def texts_with_body(check: Checker, data: dict, key: str, doc: Document) -> LangMap:
    """A language map that may also be written as the Markdown body (the default language's text,
    as files written before the map existed have it): ``intro`` of an issue, ``note`` of a paper."""
    default = check.languages[0]
    texts = check.lang_map(data[key], (key,)) if key in data else LangMap()
    if doc.body:
        if texts.get(default):
            check.error((key, default), f"the '{default}' {key} is written twice: here and as the Markdown body; "
                                        "keep one")
        texts = LangMap(((default, doc.body), *((c, t) for c, t in texts.items if c != default)))
    for lang in check.languages:
        if texts and not texts.get(lang):
            line = doc.line(key) if key in data else doc.body_line
            check.problems.append(Problem(doc.path, line, key, f"no '{lang}' translation; the "
                                          f"{'/'.join(texts.languages)} text will be shown (add {key}: {{{lang}: ...}})",
                                          Severity.WARNING))
    return LangMap(tuple((lang, texts.get(lang)) for lang in check.languages if texts.get(lang)))


def _url_hint(text: str) -> str:
    try:
        scheme = urlsplit(text).scheme.lower()
    except ValueError:
        return ""
    if scheme and scheme not in ("http", "https"):
        return f" ('{scheme}:' links are not allowed)"
    if scheme or text.startswith("//"):
        return " (no spaces in a URL)" if any(c.isspace() for c in text) else ""
    if "." in text.split("/")[0]:
        return " (add https:// in front)"
    return " (a relative link; write the full address)"


def describe(value) -> str:
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"'{shown}'"
    if isinstance(value, (bool, int, float)) or value is None:
        return f"{type_name(value)} ({'null' if value is None else str(value).lower() if isinstance(value, bool) else value})"
    return type_name(value)
