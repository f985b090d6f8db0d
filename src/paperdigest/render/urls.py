"""Where each page lives, and links between pages that work under any sub-path."""
from __future__ import annotations

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
    """A link from page directory ``from_path`` to ``to_path`` (both site-root relative).

    Called for every link of every page, so it works on strings, not with posixpath.
    """
    from_dir = from_path[: from_path.rfind("/") + 1]  # a file's links start from its folder
    common = 0
    limit = min(len(from_dir), len(to_path))
    while True:
        slash = from_dir.find("/", common)
        if slash < 0 or slash >= limit or from_dir[common:slash + 1] != to_path[common:slash + 1]:
            break
        common = slash + 1
    up = from_dir.count("/", common)
    rest = to_path[common:]
    return ("../" * up + rest) or "./"


def absolute(base_url: str, path: str) -> str:
    return base_url + path


def base_path(base_url: str) -> str:
    """The path part of base_url ('/' or '/project/'), for pages served at any URL (404)."""
    return urlsplit(base_url).path or "/"


TAG_PAGE_SIZE = 100


def tag_page_parts(tag: str, papers: int) -> list[tuple[str, ...]]:
    """A tag's pages: ``tags/<tag>/``, then ``tags/<tag>/page/2/`` … for every 100 papers."""
    pages = max(1, -(-papers // TAG_PAGE_SIZE))
    return [("tags", tag)] + [("tags", tag, "page", str(n)) for n in range(2, pages + 1)]
