"""A progress bar by build stage, drawn with rich on a terminal, only once a build has taken
more than a second (a quick rebuild stays a single line)."""
from __future__ import annotations

import time

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

SHOW_AFTER = 1.0  # seconds


class StageProgress:
    def __init__(self, enabled: bool):
        self.enabled = enabled
        self.started = time.monotonic()
        self._progress: Progress | None = None
        self._tasks: dict[str, int] = {}

    def __enter__(self) -> "StageProgress":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def update(self, stage: str, done: int, total: int) -> None:
        if not self.enabled or time.monotonic() - self.started < SHOW_AFTER:
            return
        if self._progress is None:
            self._progress = Progress(TextColumn("{task.description:>8}"), BarColumn(), MofNCompleteColumn(),
                                      TimeElapsedColumn(), console=Console(stderr=True), transient=True)
            self._progress.start()
        if stage not in self._tasks:
            self._tasks[stage] = self._progress.add_task(stage, total=total)
        self._progress.update(self._tasks[stage], completed=done, total=total)

    def stop(self) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None
