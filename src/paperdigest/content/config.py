"""Load and check ``site.yaml``."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..model import CardSettings, LangMap, SiteConfig
from ..problems import Problem
from .checks import ABSENT, LANGUAGE, Checker
from .source import Document, load_document

SITE_KEYS = ("title", "description", "base_url", "languages", "timezone", "author", "issue_title", "feed_items",
             "cards")
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
    cards = _cards(check, data.get("cards", ABSENT), doc.path.parent)

    if any(p.is_error for p in problems[before:]):
        return None
    return SiteConfig(
        title=title, description=description, base_url=base_url, languages=languages,
        timezone=timezone, author=author or "", issue_title=issue_title, feed_items=feed_items or 20,
        cards=cards,
    )


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
        try:
            pattern.format(start=sample, end=sample)
        except Exception as exc:  # noqa: BLE001 - format() raises many kinds; report every one
            check.error(("issue_title", lang),
                        f"expected a pattern using {{start}} and {{end}} (e.g. {{start:%Y/%m/%d}}), "
                        f"found {type(exc).__name__}: {exc}")
    return patterns


def format_issue_title(config: SiteConfig, week: dt.date, lang: str) -> str:
    picked = config.issue_title.pick(lang, config.languages)
    pattern = picked[0] if picked else "{start:%Y-%m-%d}"
    return pattern.format(start=week, end=week + dt.timedelta(days=6))
