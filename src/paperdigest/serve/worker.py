"""The build worker: one long-lived process that builds on request, so imports, templates and
(with a ``Builder``) the model and cache stay warm between builds, while a crash, a hang or a
runaway build stays out of the server. The server kills the worker's whole process group
(render workers and Pagefind included) when a build overruns, and starts a new one.
"""
from __future__ import annotations

import multiprocessing
import os
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

STARTUP_SECONDS = 120  # a new worker's imports, on a slow or busy machine


@dataclass(frozen=True)
class BuildRequest:
    src: Path
    out: Path
    drafts: bool = True
    search: bool = True


@dataclass
class BuildReport:
    built: bool
    overlay: list[str] = field(default_factory=list)  # shown over the open page: errors, or why it stopped
    lines: list[str] = field(default_factory=list)  # for the terminal, as `paperdigest build` prints them
    seconds: float = 0.0
    pages_only: bool = False  # the pages are written; the search index follows in the same build


def make_builder(request: BuildRequest, pages_ready: Callable[[BuildReport], None] | None = None
                 ) -> Callable[[], object]:
    """The one place that knows how to build; called once per worker, its result once per change."""
    from ..build import Builder

    # warm between builds: only changed week folders are reloaded and only their units rendered.
    # The site is written in place (each file replaced whole), the quickest way to a reloaded page,
    # and ``pages_ready`` hears of the pages before the search index of their year is made again.
    # Scheduled issues are shown, as drafts are: the editor previews what is to come.
    started = time.perf_counter()

    def ready(problems) -> None:
        if pages_ready is not None:
            pages_ready(BuildReport(True, [str(p) for p in problems if p.is_error],
                                    [f"pages written in {time.perf_counter() - started:.2f}s; the search index follows"],
                                    pages_only=True))

    builder = Builder(request.src, request.out, include_drafts=request.drafts, search=request.search,
                      atomic=False, future=True, pages_ready=ready)

    def build():
        nonlocal started
        started = time.perf_counter()
        return builder.build()
    return build


def run_build(builder: Callable[[], object]) -> BuildReport:
    from ..problems import sort_problems
    from ..render.pages import TemplateProblem
    from ..render.search import SearchIndexError
    from ..cache.units import WorkerError
    from ..render.write import OutputError

    started = time.perf_counter()
    try:
        result = builder()
    except (OutputError, SearchIndexError, TemplateProblem, WorkerError) as exc:
        return BuildReport(False, [str(exc)], [str(exc)], time.perf_counter() - started)
    except Exception as exc:  # a bug in a build must not end the preview; one line, not a traceback
        message = f"the build failed: {type(exc).__name__}: {exc}"
        return BuildReport(False, [message], [message], time.perf_counter() - started)
    problems = sort_problems(result.problems)
    lines = [str(p) for p in problems]
    overlay = [str(p) for p in problems if p.is_error]
    if result.built:
        lines.append(f"built {result.issues} issue(s), {result.papers} paper(s), {result.files} files "
                     f"in {result.seconds:.2f}s ({result.written} written, {result.removed} removed)")
    else:
        lines.append("build stopped: still serving the last good site")
    return BuildReport(result.built, overlay, lines, time.perf_counter() - started)


def worker_main(connection, request: BuildRequest) -> None:
    os.setpgrp()  # its own process group, so that a kill reaches the render workers and Pagefind too
    builder = make_builder(request, connection.send)
    connection.send("ready")  # imports done: from here on, a build's time is its own
    while True:
        try:
            connection.recv()
            report = run_build(builder)
            connection.send(report)
        except (EOFError, OSError):  # the server is gone
            return


class BuildWorker:
    """The server's handle on the worker process: ``build()`` never raises, whatever the worker does."""

    def __init__(self, request: BuildRequest, timeout: float):
        # spawn: the server has threads, and a fork of a threaded process may deadlock
        self._context = multiprocessing.get_context("spawn")
        self.request, self.timeout = request, timeout
        self._process = None
        self._connection = None

    def _start(self) -> None:
        self._connection, child = self._context.Pipe()
        self._process = self._context.Process(target=worker_main, args=(child, self.request), name="paperdigest-build")
        self._process.start()
        child.close()
        if not self._connection.poll(STARTUP_SECONDS) or self._connection.recv() != "ready":
            raise EOFError("the build worker did not start")

    def build(self, pages_ready: Callable[[BuildReport], None] | None = None) -> BuildReport:
        """One build; ``pages_ready`` hears when its pages are written, before the search step."""
        started = time.perf_counter()
        try:
            if self._process is None or not self._process.is_alive():
                self._start()
            connection = self._connection  # close() may clear it meanwhile
            connection.send("build")
            while True:
                if not connection.poll(max(0.0, self.timeout - (time.perf_counter() - started))):
                    self.stop()
                    message = (f"the build took longer than {self.timeout:g}s and was stopped "
                               "(--build-timeout); still serving the last good site")
                    return BuildReport(False, [message], [message], time.perf_counter() - started)
                report = connection.recv()
                if not report.pages_only:
                    return report
                if pages_ready is not None:
                    pages_ready(report)
        except (EOFError, OSError):
            process = self._process
            if process is not None:
                process.join(1)
            code = process.exitcode if process is not None else None
            self.stop()
            message = f"the build worker stopped (exit code {code}); a new one takes the next build"
            return BuildReport(False, [message], [message], time.perf_counter() - started)

    def close(self) -> None:
        """Let an idle worker end by itself (it sees the pipe close); stop a busy one."""
        if self._process is not None:
            self._connection.close()
            self._process.join(2)
            self.stop()

    def stop(self) -> None:
        if self._process is None:
            return
        if self._process.is_alive():
            try:
                os.killpg(self._process.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                self._process.kill()
        self._process.join(5)
        self._connection.close()  # closing twice is harmless
        self._process = self._connection = None
