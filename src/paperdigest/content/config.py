"""Load and check ``site.yaml``."""
from __future__ import annotations

import datetime as dt
import re
import string
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..model import CardSettings, ForumSettings, LangMap, NewsletterSettings, SiteConfig
from ..problems import Problem
from .checks import ABSENT, LANGUAGE, SLUG, Checker
from .source import Document, load_document

SITE_KEYS = ("title", "description", "base_url", "languages", "timezone", "author", "issue_title", "feed_items",
             "tags", "forum", "newsletter", "cards")
FORUM_KEYS = ("header", "footer", "themes")
FORUM_THEME_LAYOUTS = ("summary", "titled")
NEWSLETTER_KEYS = ("signup_url", "unsubscribe")
CARD_KEYS = ("font",)
FONT_SUFFIXES = (".ttf", ".otf", ".ttc", ".otc")
DEFAULT_LANGUAGES = ("ko", "en")
DEFAULT_ISSUE_TITLE = {
    "ko": "[{start:%Y/%m/%d} ~ {end:%d}] 이번 주에 살펴볼 만한 AI/ML 논문 모음",
    "en": "AI/ML papers worth reading, week of {start:%Y-%m-%d}",
}


def load_config(src: Path, problems: list[Problem]) -> SiteConfig | None:
    path = src / "site.yaml"
    if not path.is_file():
        problems.append(Problem(path, None, "", "site settings not found: create site.yaml (see README)"))
        return None
    doc = load_document(path, problems)
    if doc is None:
        return None
    return check_config(doc, problems)


def check_config(doc: Document, problems: list[Problem]) -> SiteConfig | None:
    data = doc.data
    before = len(problems)
    check = Checker(doc, problems, DEFAULT_LANGUAGES)
    check.keys(data, (), SITE_KEYS, ("title", "base_url", "languages"))

    languages = _languages(check, data.get("languages", ABSENT))
    check.languages = languages
    title = check.lang_map(data["title"], ("title",), required=languages[:1]) if "title" in data else LangMap()
    description = check.lang_map(data["description"], ("description",)) if "description" in data else LangMap()
    base_url = ""
    if "base_url" in data and (url := check.url(data["base_url"], ("base_url",))):
        base_url = url if url.endswith("/") else url + "/"
    timezone = "UTC"
    if "timezone" in data and (name := check.string(data["timezone"], ("timezone",), "a time zone name")):
        try:
            ZoneInfo(name)
            timezone = name
        except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: 'America' is a folder
            check.error(("timezone",), f"unknown time zone '{name}'; expected a name like Asia/Seoul or UTC")
    author = check.string(data["author"], ("author",)) if "author" in data else ""
    issue_title = _issue_title(check, data.get("issue_title", ABSENT), languages)
    feed_items = check.integer(data["feed_items"], ("feed_items",)) if "feed_items" in data else 20
    tag_names = _tag_names(check, data.get("tags", ABSENT))
    forum = _forum(check, data.get("forum", ABSENT))
    newsletter = _newsletter(check, data.get("newsletter", ABSENT))
    cards = _cards(check, data.get("cards", ABSENT), doc.path.parent)

    if any(p.is_error for p in problems[before:]):
        return None
    return SiteConfig(
        title=title, description=description, base_url=base_url, languages=languages,
        timezone=timezone, author=author or "", issue_title=issue_title, feed_items=feed_items or 20,
        tag_names=tag_names, forum=forum, newsletter=newsletter, cards=cards,
    )


def _tag_names(check: Checker, value) -> tuple:
    """``tags: {agents: {ko: 에이전트, en: Agents}}``: display names; the slug stays the URL."""
    if value is ABSENT or check.mapping(value, ("tags",)) is None:
        return ()
    names = []
    for slug, texts in value.items():
        if not isinstance(slug, str) or not SLUG.fullmatch(slug):
            check.error(("tags", str(slug)), f"expected a tag of lowercase letters, digits and hyphens, found '{slug}'")
            continue
        names.append((slug, check.lang_map(texts, ("tags", slug), warn_missing=check.languages)))
    return tuple(sorted(names))


def _forum(check: Checker, value) -> ForumSettings:
    if value is ABSENT or (forum := check.mapping(value, ("forum",))) is None:
        return ForumSettings()
    check.keys(forum, ("forum",), FORUM_KEYS)
    texts = {key: check.lang_map(forum[key], ("forum", key), warn_missing=check.languages)
             for key in ("header", "footer") if key in forum}
    layout = forum.get("themes", "summary")
    if layout not in FORUM_THEME_LAYOUTS:
        check.error(("forum", "themes"), f"expected one of {', '.join(FORUM_THEME_LAYOUTS)}, found '{layout}'")
        layout = "summary"
    return ForumSettings(themes=layout, **texts)


def _newsletter(check: Checker, value) -> NewsletterSettings:
    if value is ABSENT or (newsletter := check.mapping(value, ("newsletter",))) is None:
        return NewsletterSettings()
    check.keys(newsletter, ("newsletter",), NEWSLETTER_KEYS)
    signup = check.url(newsletter["signup_url"], ("newsletter", "signup_url")) if "signup_url" in newsletter else None
    unsubscribe = check.string(newsletter["unsubscribe"], ("newsletter", "unsubscribe")) \
        if "unsubscribe" in newsletter else None
    return NewsletterSettings(signup_url=signup or "", unsubscribe=unsubscribe or "")


def _languages(check: Checker, value) -> tuple[str, ...]:
    if value is ABSENT:
        return DEFAULT_LANGUAGES
    codes = check.string_list(value, ("languages",), "a list of language codes")
    good = []
    for i, code in enumerate(codes):
        if not LANGUAGE.match(code):
            check.error(("languages", i), f"expected a language code like ko or en, found '{code}'")
        elif code in good:
            check.error(("languages", i), f"language '{code}' is listed twice")
        else:
            good.append(code)
    if isinstance(value, list) and not value:
        check.error(("languages",), "expected at least one language")
    return tuple(good) or DEFAULT_LANGUAGES


def _cards(check: Checker, value, folder: Path) -> CardSettings:
    """``cards: false`` turns preview cards off; ``cards: {font: path}`` sets them in that font file
    (a path relative to site.yaml's folder)."""
    if value is ABSENT or value is True:
        return CardSettings()
    if value is False:
        return CardSettings(enabled=False)
    if not isinstance(value, dict):
        check.expected(("cards",), "true, false or a mapping with 'font'", value)
        return CardSettings()
    check.keys(value, ("cards",), CARD_KEYS)
    if "font" not in value:
        return CardSettings()
    name = check.string(value["font"], ("cards", "font"), "the path of a font file")
    if name is None:
        return CardSettings()
    font = (folder / Path(name).expanduser()).resolve()
    if not font.is_file():
        check.error(("cards", "font"), f"font file not found: {font}")
    elif font.suffix.lower() not in FONT_SUFFIXES:
        check.error(("cards", "font"), f"expected a font file ({', '.join(FONT_SUFFIXES)}), found '{font.name}'")
    return CardSettings(font=font)


def _issue_title(check: Checker, value, languages: tuple[str, ...]) -> LangMap:
    if value is ABSENT:
        return LangMap.of({k: v for k, v in DEFAULT_ISSUE_TITLE.items() if k in languages})
    patterns = check.lang_map(value, ("issue_title",))
    sample = dt.date(2025, 6, 23)
    for lang, pattern in patterns.items:
        if problem := title_pattern_problem(pattern):
            check.error(("issue_title", lang), problem)
            continue
        try:
            pattern.format(start=sample, end=sample)
        except Exception as exc:  # noqa: BLE001 - format() raises many kinds; report every one
            check.error(("issue_title", lang),
                        f"expected a pattern using {{start}} and {{end}} (e.g. {{start:%Y/%m/%d}}), "
                        f"found {type(exc).__name__}: {exc}")
    return patterns


MAX_TITLE_PATTERN_CHARS = 300
# strftime's directives, with glibc's '-' (no padding); nothing that takes a width
_DATE_DIRECTIVE = re.compile(r"%-?[aAbBcdfGHIjmMpSuUVwWxXyYzZ%]")


def title_pattern_problem(pattern: str) -> str | None:
    """Why ``pattern`` is not a plain title with {start}/{end} dates, or None.

    ``str.format`` would also accept widths (``{start!r:>300000000}`` fills memory),
    attributes and indexes: only a field name and a date format are allowed.
    """
    if len(pattern) > MAX_TITLE_PATTERN_CHARS:
        return f"expected a title pattern of at most {MAX_TITLE_PATTERN_CHARS} characters, found {len(pattern)}"
    try:
        fields = list(string.Formatter().parse(pattern))
    except ValueError as exc:
        return f"expected a pattern using {{start}} and {{end}} (e.g. {{start:%Y/%m/%d}}), found: {exc}"
    for _, name, spec, conversion in fields:
        if name is None:
            continue
        shown = "{" + name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
        if name not in ("start", "end"):
            return f"expected only {{start}} and {{end}} in braces, found '{shown}' (write {{{{ and }}}} for braces)"
        if conversion is not None or "{" in spec or "}" in spec:
            return f"expected a date format such as {{start:%Y/%m/%d}}, found '{shown}'"
        if "%" in _DATE_DIRECTIVE.sub("", spec):
            return f"expected date directives such as %Y, %m, %d, %B or %-d in '{shown}'"
    return None


def format_issue_title(config: SiteConfig, week: dt.date, lang: str) -> str:
    picked = config.issue_title.pick(lang, config.languages)
    return format_week(picked[0] if picked else "{start:%Y-%m-%d}", week)


_MONTH = re.compile(r"%-?[mbB]")
_YEAR = re.compile(r"%-?[Yy]")
_DAY = re.compile(r"%-?d")


def format_week(pattern: str, week: dt.date) -> str:
    """``pattern`` with {start} and {end}; an end written without its month or year ('{end:%d}')
    gains them from the start's format when the week runs into the next month or year:
    [2025/06/23 ~ 29], [2026/11/30 ~ 12/06], [2025/12/29 ~ 2026/01/04]."""
    end = week + dt.timedelta(days=6)
    fields = list(string.Formatter().parse(pattern))
    start_spec = next((spec for _, name, spec, _ in fields if name == "start" and spec), "%Y/%m/%d")
    out = []
    for literal, name, spec, conversion in fields:
        out.append(literal.replace("{", "{{").replace("}", "}}"))
        if name is None:
            continue
        if name == "end" and spec:
            spec = _widen_end(spec, start_spec, week, end)
        out.append("{" + name + ("!" + conversion if conversion else "") + (":" + spec if spec else "") + "}")
    return "".join(out).format(start=week, end=end)


def _widen_end(spec: str, start_spec: str, start: dt.date, end: dt.date) -> str:
    day = _DAY.search(spec)
    start_day = _DAY.search(start_spec)
    if not day or not start_day:
        return spec
    if end.year != start.year and not _YEAR.search(spec) and (year := _YEAR.search(start_spec)) \
            and year.start() < start_day.start():
        return spec[:day.start()] + start_spec[year.start():start_day.end()] + spec[day.end():]
    if end.month != start.month and not _MONTH.search(spec) and (month := _MONTH.search(start_spec)) \
            and month.start() < start_day.start():
        return spec[:day.start()] + start_spec[month.start():start_day.end()] + spec[day.end():]
    return spec
