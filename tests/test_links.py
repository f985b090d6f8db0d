"""`paperdigest check --links` against servers on loopback ports: 200, 301, 404, 405-on-HEAD, a timeout."""
from __future__ import annotations

import json
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from click.testing import CliRunner

from paperdigest.cli import main

from conftest import make_tree


class Links:
    def __init__(self):
        self.asked: Counter = Counter()
        self.in_flight = 0
        self.most_in_flight = 0
        self.lock = threading.Lock()


@pytest.fixture
def links_server():
    state = Links()

    class Handler(BaseHTTPRequestHandler):
        def answer(self, method: str) -> None:
            path = self.path
            with state.lock:
                state.asked[(method, path)] += 1
                state.in_flight += 1
                state.most_in_flight = max(state.most_in_flight, state.in_flight)
            try:
                if path.startswith("/busy"):
                    time.sleep(0.3)
                if path == "/slow":
                    time.sleep(2)
                status, headers = {"/moved": (301, {"Location": "/ok"}), "/gone": (404, {}),
                                   "/nohead": (405 if method == "HEAD" else 200, {})}.get(path, (200, {}))
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", "0")
                self.end_headers()
            except (BrokenPipeError, ConnectionResetError):
                pass
            finally:
                with state.lock:
                    state.in_flight -= 1

        def do_HEAD(self):  # noqa: N802
            self.answer("HEAD")

        def do_GET(self):  # noqa: N802
            self.answer("GET")

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    state.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    yield state
    httpd.shutdown()
    httpd.server_close()


SITE = 'title: {ko: "링크", en: "Links"}\nbase_url: "https://digest.example.org/"\nlanguages: [ko, en]\n'
ISSUE = "---\nweek: 2025-06-23\npublished: 2025-06-30\n---\n"


def paper(base: str) -> str:
    return f"""---
title: {{ko: "링크 논문", en: "A Paper of Links"}}
links:
  paper: "{base}/ok"
  code: "{base}/moved"
  project: "{base}/gone"
  more:
    - "{base}/nohead"
    - {{title: "느림", url: "{base}/slow"}}
summary: {{ko: "소개", en: "Intro"}}
abstract:
  ko: "초록"
  en: "See [the code]({base}/gone), or {base}/ok."
---
"""


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def papers(tmp_path, links_server):
    make_tree(tmp_path, {"papers/site.yaml": SITE, "papers/2025-06-23/issue.md": ISSUE,
                         "papers/2025-06-23/links.md": paper(links_server.base)})
    return tmp_path / "papers"


def test_dead_links_are_warnings_with_file_and_line(papers, links_server):
    result = run("check", "--src", str(papers), "--links", "--link-timeout", "0.5")
    assert result.exit_code == 0, result.output  # warnings only
    base, path = links_server.base, papers / "2025-06-23" / "links.md"
    lines = [line for line in result.output.splitlines() if "dead link" in line]
    assert lines == [f"{path}:6: link: warning: dead link {base}/gone (HTTP 404)",
                     f"{path}:9: link: warning: dead link {base}/slow (no answer in time)",
                     f"{path}:13: link: warning: dead link {base}/gone (HTTP 404)"]
    assert "checked 5 external link(s): 2 dead" in result.output
    asked = links_server.asked
    assert asked[("HEAD", "/gone")] == 1 and asked[("HEAD", "/ok")] == 2  # once itself, once after the redirect
    assert asked[("GET", "/nohead")] == 1 and asked[("GET", "/ok")] == 0  # GET only where HEAD is refused
    assert run("check", "--src", str(papers), "--links", "--link-timeout", "0.5", "--strict").exit_code == 1
    before = sum(asked.values())
    assert run("check", "--src", str(papers)).exit_code == 0 and sum(asked.values()) == before  # off by default


def test_answers_are_kept_for_a_day(papers, links_server, tmp_path):
    run("check", "--src", str(papers), "--links", "--link-timeout", "0.5")
    cache = tmp_path / ".cache" / "paperdigest" / "links.json"
    kept = json.loads(cache.read_text(encoding="utf-8"))
    assert {url.rsplit("/", 1)[1]: entry["status"] for url, entry in kept.items()} == \
        {"ok": 200, "moved": 200, "gone": 404, "nohead": 200}  # a timeout is not an answer
    links_server.asked.clear()
    again = run("check", "--src", str(papers), "--links", "--link-timeout", "0.5")
    assert "dead link" in again.output and set(links_server.asked) == {("HEAD", "/slow")}
    for entry in kept.values():
        entry["checked"] -= 25 * 60 * 60
    cache.write_text(json.dumps(kept), encoding="utf-8")
    links_server.asked.clear()
    run("check", "--src", str(papers), "--links", "--link-timeout", "0.5")
    assert links_server.asked[("HEAD", "/gone")] == 1  # a day old: asked again


def test_concurrency_is_bounded(tmp_path, links_server):
    # only answers that come (a timed-out request would stay "in flight" on the server after the client left)
    more = "\n".join(f'  - "{links_server.base}/busy{i}"' for i in range(6))
    busy = f'---\ntitle: {{en: "Busy"}}\narxiv: "2506.01234"\nlinks:\n more:\n{more}\nabstract: {{en: "x"}}\n---\n'
    make_tree(tmp_path, {"papers/site.yaml": SITE, "papers/2025-06-23/issue.md": ISSUE,
                         "papers/2025-06-23/busy.md": busy})
    result = run("check", "--src", str(tmp_path / "papers"), "--links", "--link-jobs", "2", "--link-timeout", "5")
    assert "checked 6 external link(s): 0 dead" in result.output
    assert links_server.most_in_flight == 2
