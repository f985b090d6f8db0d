"""What a build keeps for the next one beside the rendered units: the loaded content, what each
page gave the search index, and the related papers' rankings.

In a long-lived process (the live preview) these stay in memory; with a store they are also
saved for the next process, each under a name holding the package's digest, so new code starts
afresh. Without a store they live as long as the process.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from .keys import digest, package_digest
from .store import Store

# the loaded content is saved in shards of week folders, so that an edit saves one of them
SHARDS = "0123456789abcdef"


def _shard(folder: Path) -> str:
    return hashlib.blake2b(str(folder).encode("utf-8", "surrogatepass"), digest_size=1).hexdigest()[0]


class Kept:
    def __init__(self, store: Store | None, src: Path):
        self.store = store
        version = package_digest()
        self._content_name = f"content-{version}-{digest(str(src.resolve()))}"
        self._seen_name = f"search-pages-{version}"  # what a page gives the index depends on our code
        #: week folder -> what loading it gave (see ``content.load``); filled in by each load
        self.content: dict = {}
        for shard in SHARDS if store is not None else ():
            stored = store.load_value(f"{self._content_name}/{shard}")
            self.content.update(stored if isinstance(stored, dict) else {})
        self._content_saved = dict(self.content)
        self._seen: dict[str, str] | None = None
        self._rankings: tuple[str, dict] = ("", {})
        self._earlier: tuple[str, dict] = ("", {})
        self._rankings_saved = 0

    def save_content(self) -> None:
        """Save the shards holding a week folder that was loaded again, or is gone."""
        changed = {folder for folder, value in self.content.items() if self._content_saved.get(folder) is not value}
        changed |= self._content_saved.keys() - self.content.keys()
        for shard in sorted({_shard(folder) for folder in changed}) if self.store is not None else ():
            self.store.save_value(f"{self._content_name}/{shard}", {
                folder: value for folder, value in self.content.items() if _shard(folder) == shard})
        self._content_saved = dict(self.content)

    def search_seen(self) -> dict[str, str]:
        """What each page (by its bytes' digest) gave the search index: a copy to fill in."""
        if self._seen is None:
            self._seen = (self.store.load_value(self._seen_name) if self.store is not None else None) or {}
        return dict(self._seen)

    def keep_search_seen(self, seen: dict[str, str], digests: set[str]) -> None:
        """Keep what ``seen`` knows of the pages the site has now (``digests``)."""
        kept = {whole: indexed for whole, indexed in seen.items() if whole in digests}
        if kept != self._seen:
            self._seen = kept
            if self.store is not None:
                self.store.save_value(self._seen_name, kept)

    def rankings(self, layout: str) -> dict:
        """The related papers' rankings for an archive of this tag layout (a digest), to fill in."""
        if layout != self._rankings[0]:
            self._earlier = self._rankings
            self._rankings = (layout, self.earlier_rankings(layout))
            self._rankings_saved = len(self._rankings[1])
        return self._rankings[1]

    def earlier_rankings(self, layout: str) -> dict:
        """Rankings kept for another tag layout (a build before this one), or an empty dict."""
        if layout == self._earlier[0]:
            return dict(self._earlier[1])
        stored = self.store.load_value(f"related-{layout}") if self.store is not None else None
        return stored if isinstance(stored, dict) else {}

    def save_rankings(self) -> None:
        layout, ranked = self._rankings
        if self.store is not None and len(ranked) != self._rankings_saved:
            self.store.save_value(f"related-{layout}", ranked)
            self._rankings_saved = len(ranked)
