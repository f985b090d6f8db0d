"""Ask each URL's server once, a bounded number at a time, and remember the answers for a day.

HEAD first (no body to download); GET when a server refuses HEAD. Redirects are followed.
Only real HTTP answers are cached: a timeout or a network error is tried again next time.
"""
from __future__ import annotations

import json
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import httpx

from ..files import write_text_atomically

DAY = 24 * 60 * 60
#: answers to HEAD that mean "ask with GET" rather than "dead"
HEAD_REFUSED = {403, 405, 501}
USER_AGENT = "paperdigest-linkcheck (checks the links of a weekly paper digest)"


@dataclass(frozen=True)
class Answer:
    url: str
    status: int | None      # the final HTTP status, None when there was none
    error: str = ""         # why there was no status (timeout, no such host...)

    @property
    def dead(self) -> bool:
        return self.status is None or self.status >= 400

    def describe(self) -> str:
        return f"HTTP {self.status}" if self.status is not None else self.error


def ask(client: httpx.Client, url: str) -> Answer:
    try:
        response = client.head(url)
        if response.status_code in HEAD_REFUSED or response.status_code >= 500:
            with client.stream("GET", url) as streamed:
                response = streamed
        return Answer(url, response.status_code)
    except httpx.TimeoutException:
        return Answer(url, None, "no answer in time")
    except httpx.HTTPError as exc:
        return Answer(url, None, (str(exc) or type(exc).__name__).splitlines()[0][:120])


class LinkCache:
    """``links.json`` in the cache folder: URL → status and when it was asked."""

    def __init__(self, folder: Path | None, now: float | None = None):
        self.path = folder / "links.json" if folder else None
        self.now = time.time() if now is None else now
        self.entries: dict[str, dict] = {}
        if self.path and self.path.is_file():
            try:
                data = json.loads(self.path.read_text(encoding="utf-8"))
                self.entries = data if isinstance(data, dict) else {}
            except (OSError, ValueError):
                self.entries = {}  # a damaged cache is only a slower check

    def fresh(self, url: str) -> Answer | None:
        entry = self.entries.get(url)
        if isinstance(entry, dict) and isinstance(entry.get("status"), int) \
                and self.now - float(entry.get("checked", 0)) < DAY:
            return Answer(url, entry["status"])
        return None

    def save(self, answers: list[Answer]) -> None:
        if self.path is None:
            return
        for answer in answers:
            if answer.status is not None:
                self.entries[answer.url] = {"status": answer.status, "checked": self.now}
        keep = {u: e for u, e in self.entries.items() if self.now - float(e.get("checked", 0)) < DAY}
        write_text_atomically(self.path, json.dumps(keep, indent=1, sort_keys=True) + "\n", overwrite=True)


def check_urls(urls: list[str], cache: LinkCache, jobs: int = 8, timeout: float = 10.0) -> dict[str, Answer]:
    """Each URL's answer: from the cache when it is less than a day old, else asked (``jobs`` at a time)."""
    answers = {url: cached for url in urls if (cached := cache.fresh(url)) is not None}
    todo = [url for url in urls if url not in answers]
    if todo:
        with httpx.Client(timeout=timeout, follow_redirects=True, headers={"User-Agent": USER_AGENT}) as client, \
                ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
            fetched = list(pool.map(lambda url: ask(client, url), todo))
        cache.save(fetched)
        answers.update((a.url, a) for a in fetched)
    return answers
