"""Serve the output folder, and nothing outside it, with the reload script and event stream.

Hand-written rather than ``SimpleHTTPRequestHandler``: that one lists folders, follows symlinks
out of its root and lets a NUL byte in the path end in a traceback.
"""
from __future__ import annotations

import http.server
import json
import mimetypes
import os
import select
import socket
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, unquote

from .overlay import EVENTS_PATH, no_site_page, with_reload_script

MAX_PATH_BYTES = 2048
MAX_STREAMS = 64
KEEPALIVE_SECONDS = 15.0
QUIET_ERRORS = (ConnectionError, TimeoutError)


@dataclass
class PreviewState:
    """The site version (one more per finished build) and the problems shown over every page."""

    version: int = 0
    problems: list[str] = field(default_factory=list)
    building: bool = True
    closed: bool = False
    changes: int = 0
    streams: int = 0
    condition: threading.Condition = field(default_factory=threading.Condition)

    def record(self, built: bool, problems: list[str]) -> None:
        with self.condition:
            self.version += built
            self.problems = problems
            self.building = False
            self.changes += 1
            self.condition.notify_all()

    def close(self) -> None:
        with self.condition:
            self.closed = True
            self.condition.notify_all()

    def message(self) -> bytes:
        return json.dumps({"version": self.version, "problems": self.problems}, ensure_ascii=False).encode()

    def next_message(self, seen: int, timeout: float) -> tuple[int, bytes | None]:
        """Wait until something changed after ``seen``: (changes, message), or no message on timeout."""
        with self.condition:
            if self.changes == seen and not self.closed:
                self.condition.wait(timeout)
            return self.changes, (self.message() if self.changes != seen else None)


class BadRequest(Exception):
    pass


def url_to_parts(raw: str, base_path: str) -> list[str] | None:
    """The path segments below ``base_path``, or None when the URL is outside it.

    Raises BadRequest for what no browser sends for a page: NUL and control characters,
    backslashes, ``.``/``..`` segments (encoded or not), invalid UTF-8, very long paths.
    """
    if len(raw.encode("utf-8", "surrogateescape")) > MAX_PATH_BYTES or not raw.startswith("/"):
        raise BadRequest("bad path")
    try:
        path = unquote(raw.split("?", 1)[0].split("#", 1)[0], errors="strict")
    except UnicodeDecodeError:
        raise BadRequest("bad path") from None
    if "\\" in path or any(ord(c) < 32 or ord(c) == 127 for c in path):
        raise BadRequest("bad path")
    if not (path + "/").startswith(base_path):
        return None
    parts = path[len(base_path):].split("/")
    if any(part in (".", "..") for part in parts):
        raise BadRequest("bad path")
    return [part for part in parts if part]


def inside(root: str, path: str) -> bool:
    """Whether ``path``, every link in it followed, stays within ``root`` (itself resolved)."""
    real = os.path.realpath(path)
    return real == root or real.startswith(root + os.sep)


class PreviewServer(http.server.ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256  # the default 5 drops connections when a page loads many assets at once

    def __init__(self, address, out: Path, base_path: str, state: PreviewState):
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        self.out, self.base_path, self.state = out, base_path, state
        super().__init__(address, PreviewHandler)

    def handle_error(self, request, client_address):
        # a client that goes away mid-answer is normal for a preview; anything else is one line
        error = sys.exc_info()[1]
        if not isinstance(error, QUIET_ERRORS):
            print(f"serve: {client_address[0]}: {type(error).__name__}: {error}", file=sys.stderr)


class PreviewHandler(http.server.BaseHTTPRequestHandler):
    server: PreviewServer
    server_version = "paperdigest"
    timeout = 60  # a client that stops reading or sending frees its thread

    def do_GET(self) -> None:
        self._answer(with_body=True)

    def do_HEAD(self) -> None:
        self._answer(with_body=False)

    def log_message(self, format, *args) -> None:  # keep the terminal for build messages
        pass

    def _answer(self, with_body: bool) -> None:
        if self.path.split("?", 1)[0] == EVENTS_PATH:
            return self._stream() if with_body else self._send(200, "text/event-stream", b"", False)
        base = self.server.base_path
        try:
            parts = url_to_parts(self.path, base)
        except BadRequest:
            return self._send(400, "text/plain; charset=utf-8", b"400 bad request\n", with_body)
        if parts is None:
            if self.path.split("?", 1)[0] in ("/", base.rstrip("/")):
                return self._redirect(base)
            return self._not_found(with_body)
        if any(part.startswith(".") for part in parts):  # the build's marker, editors' and VCS files
            return self._not_found(with_body)
        root = os.path.realpath(self.server.out)
        target = os.path.join(root, *parts)
        if os.path.isdir(target) and inside(root, target):
            if not self.path.split("?", 1)[0].endswith("/"):  # so that relative links resolve
                return self._redirect(base + quote("/".join([*parts, ""])))
            target = os.path.join(target, "index.html")
        if not (os.path.isfile(target) and inside(root, target)):
            return self._not_found(with_body)
        self._send_file(200, target, with_body)

    def _not_found(self, with_body: bool) -> None:
        root = os.path.realpath(self.server.out)
        if os.path.isfile(os.path.join(root, "index.html")):
            page = os.path.join(root, "404.html")
            if os.path.isfile(page) and inside(root, page):
                return self._send_file(404, page, with_body)
            return self._send(404, "text/plain; charset=utf-8", b"404 not found\n", with_body)
        state = self.server.state
        self._send(503, "text/html; charset=utf-8", no_site_page(state.building, state.version), with_body)

    def _send_file(self, code: int, path: str, with_body: bool) -> None:
        try:
            with open(path, "rb") as file:
                body = file.read()
        except OSError:  # swapped away by a build between the check and the read
            return self._send(404, "text/plain; charset=utf-8", b"404 not found\n", with_body)
        content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
        if content_type == "text/html":
            body = with_reload_script(body, self.server.state.version)
        if content_type.startswith("text/") or content_type in ("application/javascript", "application/json"):
            content_type += "; charset=utf-8"
        self._send(code, content_type, body, with_body)

    def _redirect(self, location: str) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _send(self, code: int, content_type: str, body: bytes, with_body: bool) -> None:
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if with_body:
            self.wfile.write(body)

    def _client_gone(self) -> bool:
        """A closed stream is readable with nothing to read: noticed within a second, not at the next write."""
        readable, _, _ = select.select([self.connection], [], [], 0)
        return bool(readable) and not self.connection.recv(1, socket.MSG_PEEK)

    def _stream(self) -> None:
        state = self.server.state
        with state.condition:
            if state.streams >= MAX_STREAMS:
                busy = True
            else:
                busy, state.streams = False, state.streams + 1
        if busy:
            return self._send(503, "text/plain; charset=utf-8", b"too many preview pages open\n", True)
        try:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream; charset=utf-8")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            seen, idle = -1, 0.0
            while not state.closed and not self._client_gone():
                seen, message = state.next_message(seen, 1.0)
                idle = 0.0 if message else idle + 1.0
                if message or idle >= KEEPALIVE_SECONDS:  # a comment line keeps proxies from timing out
                    self.wfile.write(b"data: " + message + b"\n\n" if message else b": keepalive\n\n")
                    self.wfile.flush()
                    idle = 0.0
        except QUIET_ERRORS:
            pass
        finally:
            with state.condition:
                state.streams -= 1
