"""Ask the arXiv API (its Atom query interface) as arXiv asks of clients.

One request at a time, at least ``interval`` seconds apart (3 s for arxiv.org, whatever a
setting says), a descriptive User-Agent, many ids batched into one ``id_list`` request.
Every failure becomes an ``ArxivError`` with one line a person can act on.
"""
from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from typing import Callable, Mapping
from urllib.parse import urlsplit

import httpx

from .atom import ArxivError, ArxivRecord, parse_feed

DEFAULT_URL = "https://export.arxiv.org/api/query"
#: arXiv's terms of use: no more than one request every three seconds
ARXIV_INTERVAL = 3.0
#: ids per request; arXiv answers a few hundred in one feed, this keeps answers small
BATCH = 50
ENV_URL, ENV_INTERVAL, ENV_TIMEOUT = "PAPERDIGEST_ARXIV_URL", "PAPERDIGEST_ARXIV_INTERVAL", "PAPERDIGEST_ARXIV_TIMEOUT"


def _user_agent() -> str:
    try:
        release = version("paperdigest")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        release = "dev"
    return f"paperdigest/{release} (weekly AI/ML paper digest builder; python-httpx/{httpx.__version__})"


@dataclass(frozen=True)
class ArxivSettings:
    """Where and how fast to ask; ``from_env`` reads the PAPERDIGEST_ARXIV_* variables."""

    base_url: str = DEFAULT_URL
    interval: float = ARXIV_INTERVAL
    timeout: float = 30.0
    user_agent: str = field(default_factory=_user_agent)

    def __post_init__(self) -> None:
        # a faster pace is only for servers that are not arXiv (the tests' own)
        if (urlsplit(self.base_url).hostname or "").endswith("arxiv.org") and self.interval < ARXIV_INTERVAL:
            object.__setattr__(self, "interval", ARXIV_INTERVAL)

    @classmethod
    def from_env(cls, env: Mapping[str, str] = os.environ, base_url: str | None = None) -> "ArxivSettings":
        def number(name: str, default: float) -> float:
            try:
                return max(0.0, float(env[name])) if env.get(name) else default
            except ValueError:
                raise ArxivError(f"{name}={env[name]!r} is not a number of seconds") from None

        return cls(base_url=base_url or env.get(ENV_URL) or DEFAULT_URL,
                   interval=number(ENV_INTERVAL, ARXIV_INTERVAL), timeout=number(ENV_TIMEOUT, 30.0))


def plain_id(arxiv_id: str) -> str:
    """``arXiv:2506.14234v2`` → ``2506.14234v2`` (the form the API takes)."""
    return re.sub(r"^arXiv:", "", arxiv_id.strip(), flags=re.I)


def base_id(arxiv_id: str) -> str:
    """The id without its version: ``cs/0601001v3`` → ``cs/0601001``."""
    return re.sub(r"v[0-9]+$", "", plain_id(arxiv_id))


class ArxivClient:
    """One client per command: it remembers when it last asked, so requests keep their spacing."""

    def __init__(self, settings: ArxivSettings, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep):
        self.settings = settings
        self._clock, self._sleep = clock, sleep
        self._last: float | None = None
        self.requests = 0

    def papers(self, ids: list[str]) -> dict[str, ArxivRecord]:
        """Each id's record (keyed by the id as given); ArxivError if any is missing or withdrawn."""
        wanted = list(dict.fromkeys(plain_id(i) for i in ids))
        found: dict[str, ArxivRecord] = {}
        for start in range(0, len(wanted), BATCH):
            chunk = wanted[start:start + BATCH]
            records = parse_feed(self._get({"id_list": ",".join(chunk), "max_results": str(len(chunk))}))
            for arxiv_id in chunk:
                record = _match(arxiv_id, records)
                if record is None:
                    raise ArxivError(f"arXiv has no paper {arxiv_id} (check the id)")
                if record.withdrawn:
                    raise ArxivError(f"arXiv {arxiv_id} was withdrawn: {record.withdrawn}")
                found[arxiv_id] = record
        return {i: found[plain_id(i)] for i in ids}

    def search_title(self, title: str, limit: int = 10) -> list[ArxivRecord]:
        words = re.findall(r"\w+", title)
        if not words:
            return []
        query = f'ti:"{" ".join(words)}"'
        return parse_feed(self._get({"search_query": query, "max_results": str(limit)}))

    def _get(self, params: dict[str, str]) -> bytes:
        settings = self.settings
        if self._last is not None:
            wait = self._last + settings.interval - self._clock()
            if wait > 0:
                self._sleep(wait)
        host = urlsplit(settings.base_url).netloc or settings.base_url
        try:
            response = httpx.get(settings.base_url, params=params, timeout=settings.timeout,
                                 headers={"User-Agent": settings.user_agent}, follow_redirects=True)
        except httpx.TimeoutException:
            raise ArxivError(f"arXiv ({host}) did not answer within {settings.timeout:g} s; try again later") from None
        except httpx.TransportError as exc:
            raise ArxivError(f"cannot reach arXiv at {host}: {_reason(exc)} (is the network up?)") from None
        finally:
            self._last = self._clock()
            self.requests += 1
        if response.status_code in (429, 503) or response.content.strip().startswith(b"Rate exceeded"):
            after = response.headers.get("Retry-After", "").strip()
            when = f"retry after {after} s" if after.isdigit() else "try again in a few minutes"
            raise ArxivError(f"arXiv is busy (HTTP {response.status_code}): {when}")
        if response.status_code != 200:
            raise ArxivError(f"arXiv answered HTTP {response.status_code} {response.reason_phrase} for {host}")
        return response.content


def _match(arxiv_id: str, records: list[ArxivRecord]) -> ArxivRecord | None:
    versioned = arxiv_id != base_id(arxiv_id)
    for record in records:
        if (record.versioned_id == arxiv_id) if versioned else (record.id == arxiv_id):
            return record
    return None


def _reason(exc: Exception) -> str:
    text = str(exc) or type(exc).__name__
    return text.splitlines()[0][:160]
