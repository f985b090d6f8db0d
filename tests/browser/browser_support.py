"""Helpers of the real-browser and standards suite (imported by its conftest and tests).

Kept out of conftest.py so that test modules can import it by a unique name.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
BROWSER_DIR = Path(__file__).resolve().parent
REQUIRE = os.environ.get("PAPERDIGEST_REQUIRE_BROWSER", "") not in ("", "0")
CHROMIUM = os.environ.get("PAPERDIGEST_CHROMIUM", "/usr/bin/chromium")
NODE_MODULES = REPO / "node_modules"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
]

CRITICAL_RESOURCES = {"document", "stylesheet", "script", "fetch", "xhr"}

# The kinds of page the spec's output tree has; every one exists in every language.
KINDS = ("home", "issue", "paper", "archive", "tags", "tag", "topics", "search", "subscribe", "404")


def require(cond: object, reason: str) -> None:
    """Skip with a one-line reason, or fail in CI (PAPERDIGEST_REQUIRE_BROWSER=1)."""
    if cond:
        return
    if REQUIRE:
        pytest.fail(f"{reason} (PAPERDIGEST_REQUIRE_BROWSER=1 forbids skipping)", pytrace=False)
    pytest.skip(reason)


# --------------------------------------------------------------------------- the site


@dataclass
class Site:
    """A built site on disk plus what the tests need to know about its shape."""

    root: Path
    base_url: str  # always ends with "/"
    languages: list[str]
    kinds: dict[str, str] = field(default_factory=dict)  # kind -> site-relative URL path (default language)
    html_files: list[Path] = field(default_factory=list)
    server_origin: str = ""  # http://127.0.0.1:PORT, set once served
    src: Path | None = None  # the content folder it was built from, when known
    mount: str = ""  # the URL path the test server serves it under (default: base_url's path)

    @property
    def default_language(self) -> str:
        return self.languages[0]

    @property
    def base_path(self) -> str:
        """The path part of base_url, e.g. "/" or "/paperdigest/"."""
        path = urllib.parse.urlsplit(self.base_url).path or "/"
        return path if path.endswith("/") else path + "/"

    def prefix(self, lang: str) -> str:
        return "" if lang == self.default_language else f"{lang}/"

    def rel(self, kind: str, lang: str) -> str:
        """Site-relative URL path ("" is the home page) of a kind of page in a language."""
        return self.prefix(lang) + self.kinds[kind]

    def url(self, rel: str) -> str:
        """Absolute URL on the local test server of a site-relative path."""
        assert self.server_origin, "site is not served (use the served_site fixture)"
        return self.server_origin + (self.mount or self.base_path) + rel.lstrip("/")

    def rel_of_url(self, url: str) -> str | None:
        """Site-relative path of a URL on the test server (None if outside the site)."""
        parts = urllib.parse.urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        mount = self.mount or self.base_path
        if origin != self.server_origin or not parts.path.startswith(mount):
            return None
        return urllib.parse.unquote(parts.path[len(mount):])

    def twin(self, rel: str, lang: str, to: str) -> str:
        """The same page in another language."""
        p = self.prefix(lang)
        assert rel.startswith(p), (rel, lang)
        return self.prefix(to) + rel[len(p):]

    def file_for(self, rel: str) -> Path | None:
        """The built file a site-relative URL path maps to (dir -> index.html)."""
        rel = urllib.parse.unquote(rel.split("#", 1)[0].split("?", 1)[0])
        target = (self.root / rel).resolve()
        try:
            target.relative_to(self.root.resolve())
        except ValueError:
            return None
        if rel == "" or rel.endswith("/") or target.is_dir():
            target = target / "index.html"
        return target if target.is_file() else None

    def pages(self, limit: int | None = None) -> list[str]:
        """Site-relative URL paths of the built HTML pages, every kind first."""
        first = [self.rel(k, lang) for lang in self.languages for k in KINDS if k in self.kinds]
        rest = []
        for f in self.html_files:
            rel = f.relative_to(self.root).as_posix()
            rel = rel[: -len("index.html")] if rel.endswith("index.html") else rel
            if rel not in first:
                rest.append(rel)
        out = first + rest
        return out if limit is None else out[:limit]


def _read_site_yaml(src: Path) -> dict:
    path = src / "site.yaml"
    if not path.is_file():
        return {}
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return data if isinstance(data, dict) else {}


def _guess_base_url(root: Path) -> str:
    index = root / "index.html"
    if index.is_file():
        m = re.search(
            r'<link[^>]+rel="?canonical"?[^>]+href="([^"]+)"|<link[^>]+href="([^"]+)"[^>]+rel="?canonical"?',
            index.read_text(encoding="utf-8", errors="replace"),
        )
        if m:
            return m.group(1) or m.group(2)
    return "http://localhost/"


def _first_dir(path: Path, pattern: str = "*") -> str | None:
    dirs = sorted(p.name for p in path.glob(pattern) if (p / "index.html").is_file())
    return dirs[0] if dirs else None


def _find_kinds(root: Path) -> dict[str, str]:
    """Pick one page of every kind from the built tree (default language)."""
    kinds: dict[str, str] = {"home": ""}
    issues = root / "issues"
    weeks = sorted(
        (p.name for p in issues.glob("*") if (p / "index.html").is_file()), reverse=True
    ) if issues.is_dir() else []
    if weeks:
        kinds["issue"] = f"issues/{weeks[0]}/"
        paper = _first_dir(issues / weeks[0])
        if paper:
            kinds["paper"] = f"issues/{weeks[0]}/{paper}/"
    if (root / "archive" / "index.html").is_file():
        kinds["archive"] = "archive/"
    if (root / "tags" / "index.html").is_file():
        kinds["tags"] = "tags/"
    tag = _first_dir(root / "tags") if (root / "tags").is_dir() else None
    if tag:
        kinds["tag"] = f"tags/{tag}/"
    if (root / "topics" / "index.html").is_file():
        kinds["topics"] = "topics/"
    if (root / "search" / "index.html").is_file():
        kinds["search"] = "search/"
    if (root / "subscribe" / "index.html").is_file():
        kinds["subscribe"] = "subscribe/"
    if (root / "404.html").is_file():
        kinds["404"] = "404.html"
    return kinds


def make_site(root: Path, src: Path | None) -> Site:
    cfg = _read_site_yaml(src) if src else {}
    base_url = os.environ.get("PAPERDIGEST_TEST_BASE_URL") or cfg.get("base_url") or _guess_base_url(root)
    base_url = str(base_url)
    if not base_url.endswith("/"):
        base_url += "/"
    languages = cfg.get("languages") or ["ko", "en"]
    return Site(
        root=root,
        base_url=base_url,
        languages=[str(x) for x in languages],
        kinds=_find_kinds(root),
        html_files=sorted(root.rglob("*.html")),
        src=src,
    )


def build(src: Path, out: Path) -> Path:
    """Run `python -m paperdigest build --src SRC --out OUT` from the repo root; fail with its output."""
    proc = subprocess.run(
        [sys.executable, "-m", "paperdigest", "build", "--src", str(src), "--out", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if proc.returncode != 0 or not (out / "index.html").is_file():
        pytest.fail(
            f"`paperdigest build --src {src} --out {out}` exited {proc.returncode}"
            f" without a site:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}",
            pytrace=False,
        )
    return out.resolve()


def max_pages() -> int:
    try:
        return int(os.environ.get("PAPERDIGEST_BROWSER_MAX_PAGES", "400"))
    except ValueError:
        return 400


def java_available() -> str | None:
    return shutil.which("java")


class PageProblems:
    """Console errors, uncaught exceptions and failed requests seen by a page."""

    def __init__(self, page, site: Site):
        self.site = site
        self.items: list[str] = []
        self.allow_404: set[str] = set()
        page.on("console", self._console)
        page.on("pageerror", lambda err: self.items.append(f"uncaught exception: {err}"))
        page.on("requestfailed", self._failed)
        page.on("response", self._response)

    def _auto_favicon(self, url: str) -> bool:
        # Chromium asks for /favicon.ico by itself when a page declares no icon; not the page's request.
        return url == self.site.server_origin + "/favicon.ico"

    def _console(self, msg) -> None:
        if msg.type == "error":
            loc = msg.location or {}
            if self._auto_favicon(loc.get("url", "")) or loc.get("url") in self.allow_404:
                return
            where = f" ({loc.get('url', '')}:{loc.get('lineNumber', '')})" if loc.get("url") else ""
            self.items.append(f"console error: {msg.text}{where}")

    def _failed(self, request) -> None:
        if self._auto_favicon(request.url):
            return
        # leaving a page aborts its low-priority requests (the icon); a missing file is a 404 above
        if request.failure == "net::ERR_ABORTED" and request.resource_type not in CRITICAL_RESOURCES:
            return
        self.items.append(f"request failed: {request.method} {request.url}: {request.failure}")

    def _response(self, response) -> None:
        if response.status >= 400 and response.url not in self.allow_404 and not self._auto_favicon(response.url):
            self.items.append(f"HTTP {response.status}: {response.url}")

    def take(self) -> list[str]:
        out, self.items = self.items, []
        return out


# --------------------------------------------------------------------------- the server


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the built site under base_url's path, like a static host would.

    A missing page gets the site's 404.html with status 404 (GitHub Pages does
    the same), so the 404 page is tested where readers meet it.
    """

    base_path = "/"
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".js": "text/javascript",
        ".mjs": "text/javascript",
        ".json": "application/json",
        ".xml": "application/xml",
        ".css": "text/css",
        ".svg": "image/svg+xml",
        ".webmanifest": "application/manifest+json",
        "": "application/octet-stream",
    }

    def translate_path(self, path: str) -> str:
        clean = urllib.parse.urlsplit(path).path
        if not clean.startswith(self.base_path) and clean + "/" != self.base_path:
            return str(Path(self.directory) / ".outside-base-url-not-found")
        rel = clean[len(self.base_path):] if clean.startswith(self.base_path) else ""
        return super().translate_path("/" + rel)

    def send_error(self, code, message=None, explain=None):  # noqa: D401 - stdlib signature
        page = Path(self.directory) / "404.html"
        if code == 404 and page.is_file():
            body = page.read_bytes()
            self.send_response(404, message)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
            return
        super().send_error(code, message, explain)

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format, *args):  # quiet
        pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request, client_address):  # browsers drop connections; stay quiet
        pass


@contextlib.contextmanager
def serve(site: Site, base_path: str | None = None):
    """Serve site.root on 127.0.0.1 (random port) under base_path (default: base_url's path)."""
    mount = base_path or site.base_path
    handler = type("Handler", (_Handler,), {"base_path": mount})
    httpd = _Server(("127.0.0.1", 0), functools.partial(handler, directory=str(site.root)))
    thread = threading.Thread(target=httpd.serve_forever, name="site-server", daemon=True)
    thread.start()
    host, port = httpd.server_address[:2]
    site.server_origin = f"http://{host}:{port}"
    site.mount = mount
    try:
        yield site
    finally:
        site.mount = ""
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=10)
        site.server_origin = ""
