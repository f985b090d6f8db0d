"""Every external URL written in the content folder, with the file and line of each use."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..content.source import read_text

URL = re.compile(r"https?://[^\s<>\"'`\[\]{}|\\^]+")
TRAILING = ".,;:!?*_~"


@dataclass(frozen=True)
class Use:
    path: Path
    line: int


def _clean(url: str) -> str:
    url = url.rstrip(TRAILING)
    while url.endswith(")") and url.count("(") < url.count(")"):  # [text](url) and (see url)
        url = url[:-1].rstrip(TRAILING)
    return url


def find_urls(src: Path) -> dict[str, list[Use]]:
    """URL → where it is written, in file then line order; files that cannot be read are skipped."""
    found: dict[str, list[Use]] = {}
    files = [src / "site.yaml", *sorted(p for p in src.glob("*/*") if p.suffix in (".md", ".yaml"))]
    for path in files:
        text = read_text(path, []) if path.is_file() else None
        if text is None:
            continue
        for number, line in enumerate(text.split("\n"), start=1):
            if path.name == "site.yaml" and line.startswith("base_url:"):
                continue  # the site's own address: often not live before the first deploy
            for match in URL.finditer(line):
                found.setdefault(_clean(match.group(0)), []).append(Use(path, number))
    return found
