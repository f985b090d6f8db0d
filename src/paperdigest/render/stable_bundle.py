"""Make a Pagefind bundle byte-identical from run to run.

Pagefind 1.5.2 writes a filter's values, and the list of filters in its metadata, in hash-map
order, and names each file by a hash of its bytes: two builds of the same pages gave different
files. Here the values and the filters are sorted and the files renamed by their new bytes.
A bundle file is gzip of ``pagefind_dcd`` + CBOR (read and written with cbor2).
"""
from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

import cbor2

SIGNATURE = b"pagefind_dcd"
META_FILTERS = 3  # MetaIndex: version, pages, index chunks, filters [[name, hash]], sorts, meta fields


def stabilise(bundle: Path) -> None:
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for lang, info in entry["languages"].items():
        meta_path = bundle / f"pagefind.{info['hash']}.pf_meta"
        meta = _read(meta_path)
        filters = []
        for name, old in meta[META_FILTERS]:
            path = bundle / "filter" / f"{old}.pf_filter"
            index = _read(path)
            index[1].sort(key=lambda value: value[0])
            filters.append([name, _rewrite(path, index, lang, old)])
        meta[META_FILTERS] = sorted(filters)
        info["hash"] = _rewrite(meta_path, meta, lang, info["hash"])
    entry_path.write_text(json.dumps(entry, sort_keys=True, ensure_ascii=False, separators=(",", ":")),
                          encoding="utf-8")


def _read(path: Path):
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(SIGNATURE):
        raise ValueError(f"{path} is not a Pagefind file")
    return cbor2.loads(data[len(SIGNATURE):])


def _rewrite(path: Path, value, lang: str, old: str) -> str:
    """Replace ``path`` (named by hash ``old``) by ``value`` named by its own bytes; return the new hash."""
    data = SIGNATURE + cbor2.dumps(value)
    name = f"{lang}_{hashlib.sha256(data).hexdigest()[:len(old) - len(lang) - 1]}"
    path.unlink()
    path.with_name(path.name.replace(old, name)).write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
    return name
