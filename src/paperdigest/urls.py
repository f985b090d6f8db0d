"""Where each page lives, and links between pages that work under any sub-path."""
from __future__ import annotations

import posixpath
from urllib.parse import urlsplit


def lang_prefix(lang: str, default_lang: str) -> str:
    """The default language lives at the root, every other one under ``<lang>/``."""
    return "" if lang == default_lang else f"{lang}/"


def page_path(lang: str, default_lang: str, *parts: str) -> str:
    """A page's directory path relative to the site root, ending in '/' (home is '')."""
    inner = "".join(f"{part}/" for part in parts if part)
    return lang_prefix(lang, default_lang) + inner


def dest_file(path: str) -> str:
    """The file a page path is written to."""
    return path if not path.endswith("/") and path else path + "index.html"


def relative(from_path: str, to_path: str) -> str:
    """A link from page directory ``from_path`` to ``to_path`` (both site-root relative)."""
    start = from_path.rstrip("/") if from_path.endswith("/") else posixpath.dirname(from_path)
    target_dir = to_path.endswith("/") or to_path == ""
    rel = posixpath.relpath(to_path.rstrip("/") or ".", start or ".")
    if rel == ".":
        return "./"
    return rel + "/" if target_dir else rel


def absolute(base_url: str, path: str) -> str:
    return base_url + path


def base_path(base_url: str) -> str:
    """The path part of base_url ('/' or '/project/'), for pages served at any URL (404)."""
    return urlsplit(base_url).path or "/"
