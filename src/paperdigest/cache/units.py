"""Units of work through the cache: replay the ones whose key is stored, run the others.

A unit is a key and a function producing (path, bytes) pairs. The result is one ``Planned``
file per output, carrying its digest; the bytes are read from the cache only when the file
must actually be written (a file whose digest the site already has is never read at all).
"""
from __future__ import annotations

import gc
import multiprocessing
import pickle
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .keys import data_digest
from .store import Header, Store

Produce = Callable[[], Iterable[tuple[str, "bytes | Path"]]]
# forking a process that holds a large archive costs more than rendering a few units (one edit)
PARALLEL_FROM_UNITS = 32


@dataclass(frozen=True)
class Job:
    key: str
    produce: Produce


class WorkerError(Exception):
    """A rendering worker process died without reporting why."""


class _Entry:
    """A stored unit's files, read from the cache at most once, handed out file by file."""

    __slots__ = ("job", "store", "files", "lock")

    def __init__(self, job: Job, store: Store | None, files: dict[str, bytes] | None = None):
        self.job, self.store, self.files = job, store, files
        self.lock = threading.Lock()  # files are written by several threads

    def take(self, path: str) -> bytes:
        with self.lock:
            return self._take(path)

    def _take(self, path: str) -> bytes:
        if self.files is None or path not in self.files:
            files = self.store.outputs(self.job.key) if self.store is not None else None
            if files is None:
                # damaged since its header was read: run the unit again, and store it again
                files = dict(produced(self.job))
                if self.store is not None:
                    self.store.put(self.job.key, files.items())
            self.files = files
        # written once: keep no copy of a large site in memory
        return self.files.pop(path)


class Planned:
    """One output file: where it goes, its digest and size, and how to get its bytes."""

    __slots__ = ("path", "digest", "size", "_entry")

    def __init__(self, path: str, digest: str, size: int, entry: _Entry):
        self.path, self.digest, self.size, self._entry = path, digest, size, entry

    def data(self) -> bytes:
        return self._entry.take(self.path)


def run_jobs(jobs: Sequence[Job], store: Store | None, processes: int = 1,
             progress: Callable[[int, int], None] | None = None,
             prepare: Callable[[], None] | None = None,
             gather: Callable[[], dict] | None = None) -> tuple[list[Planned], dict]:
    """Every job's files, from the cache where the key is stored, else by running it.

    ``prepare`` runs before the first job is run (not at all when every job is stored);
    ``gather`` is called in each process that ran jobs, and what it returns is merged and
    returned with the files (the Markdown fragments made on the way).
    """
    headers: dict[int, Header] = {}
    outputs: dict[int, list[tuple[str, bytes]]] = {}
    missing = []
    for n, job in enumerate(jobs):
        header = store.header(job.key) if store is not None else None
        if header is None:
            missing.append(n)
        else:
            headers[n] = header
    if store is not None:
        store.stats.hits += len(headers)
        store.stats.misses += len(missing)
    done = len(headers)
    if progress:
        progress(done, len(jobs))
    gathered: dict = {}
    if missing and prepare is not None:
        prepare()
    if processes > 1 and len(missing) >= PARALLEL_FROM_UNITS:
        results = _run_in_processes([jobs[n] for n in missing], store, processes, gather, gathered)
    else:
        results = ((k, _run_one(jobs[n], store)) for k, n in enumerate(missing))
    for k, (kind, value) in results:
        n = missing[k]
        if kind == "header":
            headers[n] = value
            store.remember(jobs[n].key, value)
        else:
            outputs[n] = value
        done += 1
        if progress:
            progress(done, len(jobs))
    planned: list[Planned] = []
    for n, job in enumerate(jobs):
        if n in headers:
            entry = _Entry(job, store)
            planned += [Planned(path, digest, size, entry) for path, digest, size in headers[n]]
        else:
            entry = _Entry(job, None, dict(outputs[n]))
            planned += [Planned(path, data_digest(data), len(data), entry) for path, data in outputs[n]]
    if gather is not None:
        gathered.update(gather())
    return planned, gathered


def produced(job: Job) -> list[tuple[str, bytes]]:
    """The job's files as bytes; a unit may name a finished file instead (a drawn preview card)."""
    return [(path, data if isinstance(data, bytes) else Path(data).read_bytes()) for path, data in job.produce()]


def _run_one(job: Job, store: Store | None):
    files = produced(job)
    if store is None:
        return "files", files
    header = store.put(job.key, files)
    return "header", header


def _run_in_processes(jobs: Sequence[Job], store: Store | None, processes: int, gather, gathered: dict):
    """Share the jobs out among this process and forked workers (they inherit the loaded site
    instead of unpickling it); with a cache each worker stores its own results and sends back
    headers. This process takes the first share itself: a worker fewer holding a copy of the site."""
    context = multiprocessing.get_context("fork")
    workers = []
    # the loaded site stays shared with the workers only while nothing writes to its pages: frozen,
    # its objects are left alone by the workers' garbage collector (each pass would copy them all)
    gc.freeze()
    try:
        for k in range(1, min(processes, len(jobs))):
            receive, send = context.Pipe(duplex=False)
            process = context.Process(target=_worker, args=(jobs, range(k, len(jobs), processes), store, gather,
                                                            send), daemon=True)
            process.start()
            send.close()
            workers.append((process, receive))
    finally:
        gc.unfreeze()
    try:
        for k in range(0, len(jobs), processes):
            yield k, _run_one(jobs[k], store)
    except BaseException:
        for process, _ in workers:
            process.kill()
        raise
    failure = None
    for process, receive in workers:
        try:
            status, value = receive.recv()
        except EOFError:
            status, value = "error", WorkerError(f"a build worker died (exit code {process.exitcode})")
        process.join()
        if status == "ok":
            gathered.update(value[1])
            yield from value[0]
        elif failure is None:
            failure = value
    if failure is not None:
        raise failure


def _worker(jobs, indexes, store, gather, send) -> None:
    try:
        done = [(k, _run_one(jobs[k], store)) for k in indexes]
        result = ("ok", (done, gather() if gather is not None else {}))
    except BaseException as exc:  # reported to the parent, which raises it
        try:
            pickle.dumps(exc)
        except Exception:
            exc = WorkerError(f"{type(exc).__name__}: {exc}")
        result = ("error", exc)
    send.send(result)
    send.close()
