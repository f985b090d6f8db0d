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
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator, Mapping
from urllib.parse import urlsplit

import httpx

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: each process paces itself
    fcntl = None

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


class Pacer:
    """Whose turn it is to ask, and when: in this process, and across processes through a locked file.

    Ten ``new paper --fetch`` commands run one after another still ask ``interval`` seconds
    apart, and two at once take turns (the lock is held for the whole request).
    """

    def __init__(self, interval: float, path: Path | None = None, clock: Callable[[], float] = time.time,
                 sleep: Callable[[float], None] = time.sleep):
        self.interval, self.path = interval, path
        self._clock, self._sleep = clock, sleep
        self._last = 0.0

    @contextmanager
    def turn(self) -> Iterator[None]:
        handle = self._open()
        try:
            if handle is not None:
                fcntl.flock(handle, fcntl.LOCK_EX)
                handle.seek(0)
                try:
                    self._last = max(self._last, float(handle.read().strip() or 0))
                except ValueError:
                    pass  # a damaged stamp only costs one wait less
            wait = self._last + self.interval - self._clock()
            if wait > 0:
                self._sleep(min(wait, self.interval))
            try:
                yield
            finally:
                self._last = self._clock()
                if handle is not None:
                    handle.seek(0)
                    handle.truncate()
                    handle.write(repr(self._last))
                    handle.flush()
        finally:
            if handle is not None:
                handle.close()  # closing releases the lock

    def _open(self):
        if self.path is None or fcntl is None:
            return None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            return open(self.path, "a+", encoding="utf-8")
        except OSError:
            return None  # a read-only cache folder: pace this process only


class ArxivClient:
    """One client per command; its pacer keeps requests apart, here and in other paperdigest processes."""

    def __init__(self, settings: ArxivSettings, pace_file: Path | None = None):
        self.settings = settings
        self.pacer = Pacer(settings.interval, pace_file)
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
        host = urlsplit(settings.base_url).netloc or settings.base_url
        try:
            with self.pacer.turn():
                self.requests += 1
                response = httpx.get(settings.base_url, params=params, timeout=settings.timeout,
                                     headers={"User-Agent": settings.user_agent}, follow_redirects=True)
        except httpx.TimeoutException:
            raise ArxivError(f"arXiv ({host}) did not answer within {settings.timeout:g} s; try again later") from None
        except httpx.TransportError as exc:
            raise ArxivError(f"cannot reach arXiv at {host}: {_reason(exc)} (is the network up?)") from None
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
