"""``paperdigest init DIR``: a new digest with its settings, an example week and its deploy files.

The settings are checked with the same checks as ``paperdigest check`` before anything is
written; then every file is created whole (temp + rename) and none that exists is replaced.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from importlib.resources import files
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

from ..content.config import check_config
from ..content.source import parse_yaml
from ..files import write_text_atomically
from ..problems import Problem

STARTER = files("paperdigest") / "newsite" / "starter"


class InitError(Exception):
    """The folder or the settings given cannot start a digest; one line to show."""


@dataclass(frozen=True)
class SiteAnswers:
    titles: dict[str, str]          # language → site title
    base_url: str
    languages: tuple[str, ...]
    timezone: str
    author: str = ""


@dataclass
class InitResult:
    written: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)


def site_yaml(answers: SiteAnswers) -> str:
    quote = lambda text: json.dumps(text, ensure_ascii=False)  # noqa: E731 - YAML reads JSON strings
    lines = ["# The digest's settings: see paperdigest's README (\"Site settings\").", "title:"]
    lines += [f"  {lang}: {quote(answers.titles.get(lang, ''))}" for lang in answers.languages]
    lines += [f"base_url: {quote(answers.base_url)}",
              f"languages: [{', '.join(answers.languages)}]",
              f"timezone: {quote(answers.timezone)}"]
    if answers.author:
        lines.append(f"author: {quote(answers.author)}")
    return "\n".join(lines) + "\n"


def check_answers(answers: SiteAnswers) -> list[Problem]:
    """The problems ``paperdigest check`` would report in the site.yaml these answers make."""
    problems: list[Problem] = []
    doc = parse_yaml(Path("papers/site.yaml"), site_yaml(answers), problems)
    if doc is not None:
        check_config(doc, problems)
    return [p for p in problems if p.is_error]


def _starter(name: str) -> str:
    return (STARTER / name).read_text(encoding="utf-8")


def _release() -> str:
    try:
        return version("paperdigest")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "0.1.0"


def planned_files(answers: SiteAnswers, empty: bool, today: dt.date | None = None) -> dict[str, str]:
    """Relative path → text of every file ``init`` writes."""
    now = dt.datetime.now(ZoneInfo(answers.timezone)).date() if today is None else today
    monday = (now - dt.timedelta(days=now.weekday())).isoformat()
    title = answers.titles.get(answers.languages[0]) or next(iter(answers.titles.values()), "paperdigest")
    out = {
        "papers/site.yaml": site_yaml(answers),
        ".gitignore": _starter("gitignore"),
        "requirements.txt": f"# what the publish workflow installs\npaperdigest=={_release()}\n",
        "README.md": _starter("README.md").replace("@@TITLE@@", title).replace("@@BASE_URL@@", answers.base_url),
        ".github/workflows/publish.yml": _starter("publish.yml"),
    }
    if not empty:
        example = yaml.safe_load(_starter("example.yaml"))
        keep = lambda data: _in_languages(data, answers.languages)  # noqa: E731
        issue = {"week": dt.date.fromisoformat(monday), "published": dt.date.fromisoformat(monday),
                 "intro": keep(example["intro"]), **keep(example["issue"])}
        out[f"papers/{monday}/issue.md"] = _front_matter(issue)
        out[f"papers/{monday}/attention.md"] = _front_matter(keep(example["paper"]))
    return out


def _in_languages(data, languages: tuple[str, ...]):
    """``data`` with each language map cut to the site's languages (English kept where it is all there is)."""
    if isinstance(data, list):
        return [_in_languages(item, languages) for item in data]
    if not isinstance(data, dict):
        return data
    if data and set(data) <= {"ko", "en"}:
        kept = {lang: text for lang, text in data.items() if lang in languages}
        return kept or {"en": data["en"]}
    return {key: _in_languages(value, languages) for key, value in data.items()}


def _front_matter(data: dict) -> str:
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100, default_flow_style=False)
    return f"---\n{text}---\n"


def create_site(folder: Path, answers: SiteAnswers, empty: bool = False, force: bool = False) -> InitResult:
    if folder.exists() and not folder.is_dir():
        raise InitError(f"{folder} is a file, not a folder")
    if folder.is_dir() and any(folder.iterdir()) and not force:
        raise InitError(f"{folder} is not empty; pass --force to add the missing files (none is overwritten)")
    problems = check_answers(answers)
    if problems:
        raise InitError("; ".join(f"{p.field}: {p.message}" for p in problems))
    result = InitResult()
    for rel, text in planned_files(answers, empty).items():
        path = folder / rel
        try:
            write_text_atomically(path, text)
            result.written.append(path)
        except FileExistsError:
            result.kept.append(path)
    return result
