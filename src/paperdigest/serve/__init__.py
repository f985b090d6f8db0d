"""``paperdigest serve``: the live preview.

The server process never builds: a long-lived build worker process does (``worker``), so a
crash or a hang in a build cannot take the server down. ``watch`` turns file events into
rebuilds, ``http`` serves the output folder (and only it) with a reload script that listens to
Server-Sent Events, ``overlay`` is that script and the page shown while there is no site yet.
"""
from __future__ import annotations

from .app import PreviewOptions, serve_forever

__all__ = ["PreviewOptions", "serve_forever"]
