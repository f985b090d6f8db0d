"""``paperdigest serve``: build, serve on loopback, rebuild when a source file changes."""
from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Callable
from pathlib import Path


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


def make_server(out: Path, host: str, port: int) -> http.server.ThreadingHTTPServer:
    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            # out is resolved per request: every rebuild swaps in a new folder
            super().__init__(*args, directory=str(out.resolve()), **kwargs)

        def send_error(self, code, message=None, explain=None):
            page = out.resolve() / "404.html"
            if code == 404 and page.is_file():
                body = page.read_bytes()
                self.send_response(404)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
            super().send_error(code, message, explain)

        def log_message(self, format, *args):  # keep the terminal for build messages
            pass

    return http.server.ThreadingHTTPServer((host, port), Handler)


def watch(folders: list[Path], rebuild: Callable[[], None], stop: threading.Event, interval: float = 1.0) -> None:
    last = snapshot(folders)
    while not stop.wait(interval):
        current = snapshot(folders)
        if current != last:
            last = current
            rebuild()


def serve_forever(out: Path, host: str, port: int, folders: list[Path], rebuild: Callable[[], None],
                  announce: Callable[[str], None]) -> None:
    server = make_server(out, host, port)
    stop = threading.Event()
    watcher = threading.Thread(target=functools.partial(watch, folders, rebuild, stop), daemon=True)
    watcher.start()
    announce(f"serving {out} at http://{host}:{server.server_address[1]}/ (Ctrl+C to stop)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        server.server_close()
