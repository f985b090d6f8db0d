"""``paperdigest serve``: build, serve on loopback, rebuild when a source file changes.

Pages are served as built, plus a small script (added on the way out, never written to the
site) that reloads the page after each rebuild and shows the problems that stopped one.
"""
from __future__ import annotations

import functools
import http.server
import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

STATUS_PATH = "/__paperdigest/status"
RELOAD_SCRIPT = """<script>(function(){var seen=null;
function show(lines){var box=document.getElementById("paperdigest-problems");
if(!lines.length){if(box)box.remove();return}
if(!box){box=document.createElement("pre");box.id="paperdigest-problems";
box.style.cssText="position:fixed;inset:auto 0 0 0;max-height:40vh;overflow:auto;margin:0;padding:1em;"+
"background:#3b0d0d;color:#ffe3e3;font:13px/1.5 monospace;white-space:pre-wrap;z-index:99999";
document.body.appendChild(box)}box.textContent=lines.join("\\n")}
function poll(){fetch("%s",{cache:"no-store"}).then(function(r){return r.json()}).then(function(s){
if(seen!==null&&s.version!==seen){location.reload();return}seen=s.version;show(s.problems)})
.catch(function(){}).then(function(){setTimeout(poll,1000)})}poll()})();</script>""" % STATUS_PATH


@dataclass
class PreviewState:
    """What the preview page asks the server each second: the build count and its problems."""

    version: int = 0
    problems: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, problems: list[str]) -> None:
        with self.lock:
            self.version += 1
            self.problems = problems

    def as_json(self) -> bytes:
        with self.lock:
            return json.dumps({"version": self.version, "problems": self.problems}, ensure_ascii=False).encode()


def snapshot(folders: list[Path]) -> dict[Path, tuple[int, int]]:
    """Size and mtime of every file under ``folders``: cheap enough to poll each second."""
    state = {}
    for folder in folders:
        if folder.is_dir():
            for path in folder.rglob("*"):
                if path.is_file():
                    stat = path.stat()
                    state[path] = (stat.st_size, stat.st_mtime_ns)
    return state


def make_server(out: Path, host: str, port: int, state: PreviewState) -> http.server.ThreadingHTTPServer:
    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            # out is resolved per request: every rebuild swaps in a new folder
            super().__init__(*args, directory=str(out.resolve()), **kwargs)

        def do_GET(self):
            if self.path == STATUS_PATH:
                return self._send(200, "application/json", state.as_json())
            page = Path(self.translate_path(self.path))
            if page.is_dir() and self.path.endswith("/"):
                page = page / "index.html"
            if page.suffix == ".html" and page.is_file():
                return self._send(200, "text/html; charset=utf-8", with_reload_script(page.read_bytes()))
            return super().do_GET()

        def send_error(self, code, message=None, explain=None):
            page = out.resolve() / "404.html"
            if code == 404 and page.is_file():
                return self._send(404, "text/html; charset=utf-8", with_reload_script(page.read_bytes()))
            return super().send_error(code, message, explain)

        def _send(self, code: int, content_type: str, body: bytes) -> None:
            self.send_response(code)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format, *args):  # keep the terminal for build messages
            pass

    return http.server.ThreadingHTTPServer((host, port), Handler)


def with_reload_script(html: bytes) -> bytes:
    head, tag, tail = html.rpartition(b"</body>")
    return head + RELOAD_SCRIPT.encode() + tag + tail if tag else html + RELOAD_SCRIPT.encode()


def watch(folders: list[Path], rebuild: Callable[[], None], stop: threading.Event, interval: float = 1.0) -> None:
    last = snapshot(folders)
    while not stop.wait(interval):
        current = snapshot(folders)
        if current != last:
            last = current
            rebuild()


def serve_forever(out: Path, host: str, port: int, folders: list[Path], rebuild: Callable[[], list[str]],
                  announce: Callable[[str], None]) -> None:
    """Serve ``out``; ``rebuild`` builds and returns the problems that stopped it (none: built)."""
    state = PreviewState()
    state.record(rebuild())
    server = make_server(out, host, port, state)
    stop = threading.Event()
    watcher = threading.Thread(target=functools.partial(watch, folders, lambda: state.record(rebuild()), stop),
                               daemon=True)
    watcher.start()
    announce(f"serving {out} at http://{host}:{server.server_address[1]}/ (Ctrl+C to stop)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        server.server_close()
