"""`paperdigest serve` as a maintainer and a browser meet it: a real server in a subprocess on a
loopback port, an event-stream client, raw HTTP probes. No timings here: speed lives in
benchmarks/compare_hugo.py."""
from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import psutil
import pytest

from conftest import SAMPLE, report_figures
from paperdigest.serve.server import MAX_STREAMS

ISSUE = "2025-06-23"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def raw_get(port: int, target: bytes) -> tuple[int, bytes]:
    """Send a request line exactly as given (no client-side normalising) and read the whole answer."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(b"GET " + target + b" HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    status = int(answer.split(b" ", 2)[1]) if answer.startswith(b"HTTP/") else 0
    return status, answer


class EventStream:
    """A client of the reload stream: each message is the site version and the problems shown."""

    def __init__(self, port: int):
        self.response = urllib.request.urlopen(f"http://127.0.0.1:{port}/__paperdigest/events", timeout=90)
        assert self.response.headers["Content-Type"].startswith("text/event-stream")

    def next(self, deadline: float = float("inf")) -> dict:
        data = None
        while True:
            line = self.response.readline().decode("utf-8")
            if not line:
                raise AssertionError("the event stream ended")
            if line.startswith("data: "):
                data = json.loads(line[len("data: "):])
            elif line == "\n" and data is not None:
                return data
            elif time.monotonic() > deadline:  # keepalive comments arrive while nothing happens
                raise AssertionError("no awaited message in time")

    def until(self, predicate, seconds: float = 120) -> dict:
        deadline = time.monotonic() + seconds
        while not predicate(message := self.next(deadline)):
            if time.monotonic() > deadline:
                raise AssertionError(f"no awaited message within {seconds}s; last: {message}")
        return message

    def close(self) -> None:
        self.response.close()


class Preview:
    """`paperdigest serve` in a subprocess; ``output()`` stops it and returns what it printed."""

    def __init__(self, src: Path, out: Path, *args: str, search: bool = False):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "paperdigest", "serve", "--src", str(src), "--out", str(out),
             "--port", str(self.port), *([] if search else ["--no-search"]), *args],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise AssertionError(self.output())
                time.sleep(0.1)

    def events(self) -> EventStream:
        return EventStream(self.port)

    def output(self) -> str:
        if self.process.poll() is None:
            self.process.terminate()
        return self.process.communicate(timeout=30)[0].decode("utf-8")


@pytest.fixture
def src(tmp_path) -> Path:
    shutil.copytree(SAMPLE, tmp_path / "papers")
    return tmp_path / "papers"


@pytest.fixture
def preview(src, tmp_path):
    running = Preview(src, tmp_path / "site")
    yield running
    output = running.output()
    assert "Traceback" not in output, output


def built(message: dict) -> bool:
    return message["version"] >= 1


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_an_open_page_reloads_after_an_edit_and_shows_a_broken_edit_until_it_is_fixed(src, tmp_path):
    preview = Preview(src, tmp_path / "site")
    try:
        stream = preview.events()
        first = stream.until(built)
        page_url = f"{preview.base}/en/issues/{ISSUE}/gso/"
        status, page = fetch(page_url)
        # pages carry the reload script with the version they were built at; the files on disk do not
        assert status == 200 and f"var built={first['version']};" in page and "/__paperdigest/events" in page
        assert "__paperdigest" not in (tmp_path / "site/en/issues" / ISSUE / "gso/index.html").read_text()

        paper = src / ISSUE / "gso.md"
        edit(paper, "GSO: Challenging", "GSO-Renamed: Challenging")
        reload = stream.until(lambda m: m["version"] > first["version"])
        assert reload["problems"] == []
        assert "GSO-Renamed" in fetch(page_url)[1]

        good = paper.read_text(encoding="utf-8")
        paper.write_text("---\ntitle: [\n---\n", encoding="utf-8")
        broken = stream.until(lambda m: m["problems"])
        assert broken["version"] == reload["version"]  # no reload: the last good site stays
        assert any("gso.md" in line and "YAML syntax error" in line for line in broken["problems"])
        assert "GSO-Renamed" in fetch(page_url)[1]

        paper.write_text(good.replace("GSO-Renamed", "GSO-Fixed"), encoding="utf-8")
        fixed = stream.until(lambda m: m["version"] > reload["version"])
        assert fixed["problems"] == []
        assert "GSO-Fixed" in fetch(page_url)[1]
        # a page opened while the build was broken learns of the problems as it connects
        stream.close()
    finally:
        output = preview.output()
    assert "gso.md:2: YAML syntax error" in output or "gso.md:3: YAML syntax error" in output
    assert "Traceback" not in output


def test_with_search_the_page_reloads_before_its_years_index_is_made_again(src, tmp_path):
    out = tmp_path / "site"
    preview = Preview(src, out, search=True)
    try:
        stream = preview.events()
        first = stream.until(built)
        index = (out / "pagefind" / "manifest.json").read_text(encoding="utf-8")
        edit(src / ISSUE / "gso.md", "GSO: Challenging", "GSO-Indexed: Challenging")
        reload = stream.until(lambda m: m["version"] > first["version"])
        assert "GSO-Indexed" in fetch(f"{preview.base}/en/issues/{ISSUE}/gso/")[1]
        # the search step ends the same build: the page hears of it, but does not reload again
        after = stream.next(time.monotonic() + 120)
        assert after["version"] == reload["version"] and after["problems"] == []
        assert (out / "pagefind" / "manifest.json").read_text(encoding="utf-8") != index
        bundles = sorted(path.parent.relative_to(out).as_posix() for path in out.glob("pagefind/*/*/pagefind-entry.json"))
        assert bundles == ["pagefind/en/2025", "pagefind/ko/2025"]
        assert not list(out.glob("pagefind/*/.*"))  # no half-made bundle left beside them
        stream.close()
    finally:
        output = preview.output()
    assert "the search index follows" in output and "Traceback" not in output


def add_week(src: Path, week: str, published: str, draft: bool = False) -> Path:
    folder = shutil.copytree(src / ISSUE, src / week)
    edit(folder / "issue.md", f"week: {ISSUE}\npublished: 2025-06-30T09:00:00+09:00",
         f"week: {week}\npublished: {published}" + ("\ndraft: true" if draft else ""))
    return folder


def test_a_drafts_problems_show_over_the_built_site_and_a_scheduled_week_is_previewed(src, tmp_path):
    draft = add_week(src, "2025-06-30", "2025-07-07T09:00:00+09:00", draft=True)
    edit(draft / "gso.md", 'arxiv: "2505.23671"', 'arxiv: "not-an-id"')
    add_week(src, "2099-01-05", "2099-01-11T09:00:00+09:00")  # scheduled: published in the future
    preview = Preview(src, tmp_path / "site")
    try:
        message = preview.events().until(built)
        # the draft's error is shown over the page, yet the rest of the site was built
        assert any("2025-06-30/gso.md" in line and "arxiv" in line for line in message["problems"]), message
        assert fetch(f"{preview.base}/issues/{ISSUE}/")[0] == 200
        assert fetch(f"{preview.base}/issues/2099-01-05/")[0] == 200  # build leaves it out without --future
    finally:
        output = preview.output()
    assert "Traceback" not in output


def test_a_site_under_a_sub_path_is_served_where_readers_find_it(src, tmp_path):
    edit(src / "site.yaml", 'base_url: "https://papers.example.org/"', 'base_url: "https://example.github.io/digest/"')
    preview = Preview(src, tmp_path / "site")
    try:
        preview.events().until(built)
        status, page = fetch(f"{preview.base}/digest/en/issues/{ISSUE}/gso/")
        assert status == 200 and "GSO" in page
        assert raw_get(preview.port, b"/")[1].split(b"\r\n\r\n")[0].count(b"Location: /digest/") == 1
        assert raw_get(preview.port, b"/digest/en")[1].split(b"\r\n\r\n")[0].count(b"Location: /digest/en/") == 1
        # outside the base path nothing of the site answers, as on the real host
        assert fetch(f"{preview.base}/en/issues/{ISSUE}/gso/")[0] == 404
    finally:
        assert "Traceback" not in preview.output()

    override = Preview(src, tmp_path / "site", "--base-path", "preview")
    try:
        override.events().until(built)
        assert fetch(f"{override.base}/preview/en/")[0] == 200
        assert fetch(f"{override.base}/digest/en/")[0] == 404
    finally:
        override.output()


def test_with_no_site_yet_a_content_error_is_shown_on_a_page_not_a_bare_404(src, tmp_path):
    (src / ISSUE / "gso.md").write_text("---\ntitle: [\n---\n", encoding="utf-8")
    preview = Preview(src, tmp_path / "site")
    try:
        stream = preview.events()
        message = stream.until(lambda m: m["problems"])
        assert message["version"] == 0 and any("gso.md" in line for line in message["problems"])
        for path in ("/", f"/en/issues/{ISSUE}/gso/"):
            status, page = fetch(preview.base + path)
            assert status == 503 and "<html" in page and "No site yet" in page
            assert "/__paperdigest/events" in page and "var built=0;" in page
        assert not (tmp_path / "site").exists()
        (src / ISSUE / "gso.md").write_text((SAMPLE / ISSUE / "gso.md").read_text(encoding="utf-8"), encoding="utf-8")
        assert stream.until(built)["problems"] == []
        assert fetch(preview.base + "/")[0] == 200
    finally:
        assert "Traceback" not in preview.output()


PROBES = [b"/../secret.txt", b"/../../secret.txt", b"/%2e%2e/secret.txt", b"/%2E%2E/%2e%2e/secret.txt",
          b"/..%2fsecret.txt", b"/..%2F..%2Fsecret.txt", b"/static/..%2f..%2fsecret.txt", b"/..\\secret.txt",
          b"/%5c..%5csecret.txt", b"/static\\..\\..\\secret.txt", b"//secret.txt", b"///../secret.txt",
          b"http://127.0.0.1/../secret.txt", b"secret.txt", b"/%2e%2e%2fsecret.txt", b"/.%2e/secret.txt",
          b"/%252e%252e/secret.txt", b"/" + str(Path("/").resolve()).encode() + b"etc/passwd",
          b"/inside-link/secret.txt", b"/leak.txt", b"/static/%00", b"/\x00", b"/%00../secret.txt",
          b"/%ff%fe", b"/" + b"a" * 10_000, b"/?" + b"q" * 10_000]


def test_raw_requests_never_leave_the_output_folder(preview, src, tmp_path):
    preview.events().until(built)
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-OUTSIDE-THE-SITE\n")
    site = tmp_path / "site"
    (site / "leak.txt").symlink_to(secret)
    (site / "inside-link").symlink_to(tmp_path, target_is_directory=True)
    answers = {probe: raw_get(preview.port, probe) for probe in PROBES}
    for probe, (status, answer) in answers.items():
        assert b"SECRET-OUTSIDE" not in answer and b"root:" not in answer, probe
        assert status in (400, 404), (probe, answer[:200])
    for bad in (b"/\x00", b"/static/%00", b"/" + b"a" * 10_000, b"/%ff%fe", b"/..\\secret.txt"):
        assert answers[bad][0] == 400, bad
    report_figures("serve", **{"raw-HTTP probes that served nothing outside": len(answers)})
    # folders are never listed, and the real files are still there
    assert raw_get(preview.port, b"/static/")[0] == 404
    assert (site / ".paperdigest-site").is_file() and raw_get(preview.port, b"/.paperdigest-site")[0] == 404
    assert raw_get(preview.port, b"/robots.txt")[0] == 200


def test_two_hundred_concurrent_requests_are_all_answered(preview):
    preview.events().until(built)
    paths = ["/", "/en/", f"/issues/{ISSUE}/gso/", "/feed.xml", "/no/such/page/"]
    statuses: list[int] = []
    start = threading.Barrier(200)

    def get(n: int) -> None:
        start.wait()
        statuses.append(fetch(preview.base + paths[n % len(paths)])[0])

    threads = [threading.Thread(target=get, args=(n,)) for n in range(200)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert len(statuses) == 200
    assert statuses.count(404) == 40 and statuses.count(200) == 160
    report_figures("serve", **{"concurrent requests answered": len(statuses)})


def test_clients_that_drop_the_stream_do_not_hurt_the_server(preview, src):
    preview.events().until(built)
    for _ in range(30):
        sock = socket.create_connection(("127.0.0.1", preview.port), timeout=10)
        sock.sendall(b"GET /__paperdigest/events HTTP/1.0\r\n\r\n")
        sock.recv(10)
        # close with a reset, as a crashed browser tab does
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        sock.close()
    # more dropped clients than the server keeps streams for: each slot is freed as its client goes
    for _ in range(MAX_STREAMS + 10):
        with socket.create_connection(("127.0.0.1", preview.port), timeout=10) as sock:
            sock.sendall(b"GET /__paperdigest/events HTTP/1.0\r\n\r\n")
            sock.recv(10)
    time.sleep(2)
    stream = preview.events()
    version = stream.until(built)["version"]
    edit(src / ISSUE / "gso.md", "GSO: Challenging", "GSO-After-Drops: Challenging")
    stream.until(lambda m: m["version"] > version)
    assert "GSO-After-Drops" in fetch(f"{preview.base}/en/issues/{ISSUE}/gso/")[1]


def build_worker(preview: Preview) -> psutil.Process:
    return next(child for child in psutil.Process(preview.process.pid).children()
                if "spawn_main" in " ".join(child.cmdline()))


def in_process_group(group: int) -> list[int]:
    found = []
    for process in psutil.process_iter():
        try:
            if os.getpgid(process.pid) == group and process.status() != psutil.STATUS_ZOMBIE:
                found.append(process.pid)
        except (ProcessLookupError, psutil.Error):
            pass
    return found


def test_a_crashed_build_worker_is_replaced_and_the_server_stays_up(preview, src):
    stream = preview.events()
    version = stream.until(built)["version"]
    os.kill(build_worker(preview).pid, signal.SIGKILL)
    assert fetch(preview.base + "/")[0] == 200
    edit(src / ISSUE / "gso.md", "GSO: Challenging", "GSO-New-Worker: Challenging")
    assert stream.until(lambda m: m["version"] > version)["problems"] == []
    assert "GSO-New-Worker" in fetch(f"{preview.base}/en/issues/{ISSUE}/gso/")[1]


def test_a_build_that_overruns_its_time_is_stopped_and_the_next_one_runs(src, tmp_path):
    preview = Preview(src, tmp_path / "site", "--build-timeout", "10")
    try:
        stream = preview.events()
        version = stream.until(built)["version"]
        slow = src.parent / "templates" / "pages" / "slow.html"
        slow.parent.mkdir(parents=True)
        slow.write_text("{% for i in range(10**10) %}{% endfor %}", encoding="utf-8")
        worker = build_worker(preview)
        edit(src / ISSUE / "gso.md", "GSO: Challenging", "GSO-Slow: Challenging")
        stopped = stream.until(lambda m: m["problems"])
        assert any("longer than 10s" in line for line in stopped["problems"])
        assert stopped["version"] == version and fetch(preview.base + "/")[0] == 200
        # the worker's whole process group is gone
        assert not in_process_group(worker.pid)
        slow.unlink()
        edit(src / ISSUE / "gso.md", "GSO-Slow: Challenging", "GSO-Quick: Challenging")
        assert stream.until(lambda m: m["version"] > version)["problems"] == []
        assert "GSO-Quick" in fetch(f"{preview.base}/en/issues/{ISSUE}/gso/")[1]
    finally:
        assert "Traceback" not in preview.output()


def test_listening_beyond_loopback_is_announced_loudly(src, tmp_path):
    # 192.0.2.1 (TEST-NET-1) is assigned to no interface: the warning comes, then a clear error
    result = subprocess.run([sys.executable, "-m", "paperdigest", "serve", "--src", str(src), "--out",
                             str(tmp_path / "site"), "--host", "192.0.2.1", "--port", "0"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "WARNING: listening on 192.0.2.1" in result.stderr and "drafts included" in result.stderr
    assert "cannot listen on 192.0.2.1" in result.stderr and "Traceback" not in result.stderr
