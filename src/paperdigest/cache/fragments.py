"""Markdown → sanitised HTML fragments, by text, kept between builds.

A paper's title is shown by its issue, its neighbours' links, the archive, its tags' lists
and feeds; one edit re-renders those pages, and with them thousands of texts that did not
change. Fragments are sharded by a hash of the text into 256 values of the store, loaded
on first use and written back only when they gained a fragment.
"""
from __future__ import annotations

import hashlib

from .store import Store


class Fragments:
    def __init__(self, store: Store, version: str):
        self.store, self.version = store, version
        self._shards: dict[str, dict[str, str]] = {}
        self._changed: set[str] = set()

    @staticmethod
    def _name(text: str) -> str:
        return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=1).hexdigest()

    def _shard(self, name: str) -> dict[str, str]:
        if name not in self._shards:
            stored = self.store.load_value(f"fragments-{self.version}/{name}")
            self._shards[name] = stored if isinstance(stored, dict) else {}
        return self._shards[name]

    def get(self, text: str) -> str | None:
        return self._shard(self._name(text)).get(text)

    def add(self, made: dict[str, str]) -> None:
        for text, html in made.items():
            name = self._name(text)
            shard = self._shard(name)
            if shard.get(text) != html:
                shard[text] = html
                self._changed.add(name)

    def save(self) -> None:
        for name in sorted(self._changed):
            self.store.save_value(f"fragments-{self.version}/{name}", self._shards[name])
        self._changed.clear()
