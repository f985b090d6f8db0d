"""A stand-in for the arXiv API on a loopback port, answering from tests/fixtures/arxiv.

``id_list`` queries get the recorded entries of the ids asked for (an id arXiv would call
malformed gets its error entry, an unknown one nothing, like the real API); ``ti:"..."``
queries get the entries whose title contains the phrase. ``server.answer = (status, headers,
body, delay)`` makes the next answers something else (a 503, a slow answer, malformed XML).
Every request is recorded with its time, query and headers.
"""
from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "arxiv"
ID = re.compile(r"^(?:(?P<yymm>[0-9]{4})\.(?P<n>[0-9]{4,5})|[a-z-]+(?:\.[A-Z]{2})?/[0-9]{7})(?:v[0-9]+)?$")


def well_formed(arxiv_id: str) -> bool:
    """As arXiv judges: five-digit numbers from 1501 on, four before."""
    match = ID.match(arxiv_id)
    return bool(match) and (match["n"] is None or len(match["n"]) == (5 if match["yymm"] >= "1501" else 4))
HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <link href="http://arxiv.org/api/query" rel="self" type="application/atom+xml"/>
  <title type="html">ArXiv Query: {query}</title>
  <id>http://arxiv.org/api/loopback</id>
  <updated>2026-12-02T00:00:00-05:00</updated>
  <opensearch:totalResults xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">{count}</opensearch:totalResults>
  <opensearch:startIndex xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">0</opensearch:startIndex>
  <opensearch:itemsPerPage xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">{count}</opensearch:itemsPerPage>
"""


@dataclass
class Request:
    at: float
    query: dict[str, str]
    headers: dict[str, str]


@dataclass
class FakeArxiv:
    url: str = ""
    requests: list[Request] = field(default_factory=list)
    answer: tuple[int, dict, bytes, float] | None = None

    def respond(self, query: dict[str, str]) -> tuple[int, dict, bytes, float]:
        if self.answer is not None:
            return self.answer
        if "id_list" in query:
            ids = [i for i in query["id_list"].split(",") if i]
            bad = [i for i in ids if not well_formed(i)]
            if bad:
                return 200, {}, (FIXTURES / "responses" / "error.xml").read_text(encoding="utf-8").replace(
                    "2506.1423", bad[0]).encode(), 0
            entries = [self.entry(i) for i in ids]
        else:
            phrase = re.sub(r'^ti:"?|"$', "", query.get("search_query", "")).lower().split()
            entries = [text for text in self.all_entries()
                       if " ".join(phrase) in " ".join(re.findall(r"\w+", title_of(text).lower()))]
        entries = [e for e in entries if e]
        body = HEAD.format(query=query, count=len(entries)) + "".join(entries) + "</feed>\n"
        return 200, {"Content-Type": "application/atom+xml; charset=utf-8"}, body.encode(), 0

    @staticmethod
    def entry(arxiv_id: str) -> str:
        path = FIXTURES / "entries" / (arxiv_id.replace("/", "_") + ".xml")
        return path.read_text(encoding="utf-8") if path.is_file() else ""

    @staticmethod
    def all_entries() -> list[str]:
        return [p.read_text(encoding="utf-8") for p in sorted((FIXTURES / "entries").glob("*.xml"))
                if not re.search(r"v[0-9]+\.xml$", p.name)]


def title_of(entry: str) -> str:
    match = re.search(r"<title>(.*?)</title>", entry, re.S)
    return " ".join(match.group(1).split()) if match else ""


def start(server_state: FakeArxiv) -> tuple[ThreadingHTTPServer, threading.Thread]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the http.server API
            parts = urlsplit(self.path)
            query = {k: v[0] for k, v in parse_qs(parts.query).items()}
            server_state.requests.append(Request(time.monotonic(), query, dict(self.headers)))
            status, headers, body, delay = server_state.respond(query)
            if delay:
                time.sleep(delay)
            try:
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout tests)
                pass

        def log_message(self, *args) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    server_state.url = f"http://127.0.0.1:{httpd.server_address[1]}/api/query"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    return httpd, thread
