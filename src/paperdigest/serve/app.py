"""The preview's threads: the HTTP server, a watcher that turns file events into a request for a
build, and a builder that hands builds to the worker one at a time (changes made during a build
start one more build when it ends)."""
from __future__ import annotations

import ipaddress
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import watchfiles

from .server import PreviewServer, PreviewState
from .worker import BuildReport, BuildRequest, BuildWorker

# wait this long after a change for the rest of an editor's save (temp file, rename) before building
QUIET_MS = 50


@dataclass(frozen=True)
class PreviewOptions:
    request: BuildRequest
    watched: tuple[Path, ...]
    host: str = "127.0.0.1"
    port: int = 8000
    base_path: str = "/"
    build_timeout: float = 600.0


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def normalise_base_path(path: str) -> str:
    """``digest`` / ``/digest`` / ``/digest/`` → ``/digest/``; empty → ``/``."""
    inner = "/".join(part for part in path.split("/") if part)
    return f"/{inner}/" if inner else "/"


def watch(folders: tuple[Path, ...], wanted: threading.Event, stop: threading.Event) -> None:
    existing = [folder for folder in folders if folder.is_dir()]
    for _changes in watchfiles.watch(*existing, step=QUIET_MS, stop_event=stop, rust_timeout=1000,
                                     raise_interrupt=False):
        wanted.set()


def keep_building(worker: BuildWorker, state: PreviewState, wanted: threading.Event, stop: threading.Event,
                  announce: Callable[[str], None]) -> None:
    while True:
        wanted.wait()
        if stop.is_set():
            return
        wanted.clear()
        early: list[BuildReport] = []

        def pages_ready(report: BuildReport) -> None:  # the open pages reload now, not after the search step
            early.append(report)
            for line in report.lines:
                announce(line)
            state.record(report.built, report.overlay)

        report = worker.build(pages_ready)
        for line in report.lines:
            announce(line)
        state.record(report.built and not early, report.overlay)


def serve_forever(options: PreviewOptions, announce: Callable[[str], None]) -> None:
    """Serve at once (a page while the first build runs), build, and rebuild on every change."""
    state = PreviewState()
    server = PreviewServer((options.host, options.port), options.request.out, options.base_path, state)
    worker = BuildWorker(options.request, options.build_timeout)
    wanted, stop = threading.Event(), threading.Event()
    wanted.set()  # the first build
    threads = [threading.Thread(target=watch, args=(options.watched, wanted, stop), daemon=True),
               threading.Thread(target=keep_building, args=(worker, state, wanted, stop, announce), daemon=True)]
    for thread in threads:
        thread.start()
    host = f"[{options.host}]" if ":" in options.host else options.host
    announce(f"serving {options.request.out} at http://{host}:{server.server_address[1]}{options.base_path} "
             "(Ctrl+C to stop)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        wanted.set()
        state.close()
        server.server_close()
        worker.close()
